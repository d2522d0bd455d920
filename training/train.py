"""Build factiongraph's English spaCy pipeline end to end: convert, train, evaluate, install.

Steps:
1. Convert the corpora to DocBin files (training/convert.py) unless they exist and the in-domain JSONL
   files have not changed since the last conversion.
2. ``spacy train training/config.cfg`` in a single process under ``nice`` (the machine is shared),
   optionally stopped after ``--max-minutes``; spaCy keeps ``model-best`` up to date after every evaluation,
   so a stopped run still yields the best model so far.
3. Evaluate model-best on PUD and the in-domain dev set (training/evaluate.py).
4. Copy model-best to src/factiongraph/nlp/model/ with its meta (name, licence, sources, scores).

Usage:  python training/train.py [--max-minutes M] [--max-steps N] [--skip-train] [--output DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import convert  # noqa: E402
import evaluate  # noqa: E402
import spacy  # noqa: E402

CONFIG = HERE / "config.cfg"
CORPUS = HERE / "corpus"
OUTPUT = HERE / "output"
MODEL_DIR = ROOT / "src" / "factiongraph" / "nlp" / "model"

META = {
    "name": "factiongraph_core",
    "version": "0.1.0",
    "description": (
        "English CNN pipeline (tok2vec, tagger, morphologizer, trainable_lemmatizer, parser, ner; no vectors) "
        "trained for factiongraph from openly licensed corpora. NER labels: PER, LOC, ORG."
    ),
    "author": "factiongraph",
    "license": "CC BY-SA 4.0",
    "sources": [
        {
            "name": "UD English EWT",
            "url": "https://github.com/UniversalDependencies/UD_English-EWT",
            "license": "CC BY-SA 4.0",
        },
        {
            "name": "Universal NER English-EWT",
            "url": "https://github.com/UniversalNER/UNER_English-EWT",
            "license": "CC BY-SA 4.0",
        },
        {
            "name": "GUM (academic, bio, court, interview, news, voyage genres)",
            "url": "https://github.com/amir-zeldes/gum",
            "license": "CC BY 4.0 / CC BY-SA 3.0 / CC BY 2.5 (per genre), annotations CC BY 4.0",
        },
        {"name": "factiongraph in-domain political news sentences", "license": "project's own"},
    ],
    "notes": "UD/UNER English PUD (CC BY-SA 3.0) used only for evaluation. See factiongraph NOTICE.",
}


def train(output: Path, max_minutes: float | None, overrides: list[str]) -> float:
    """Run spaCy training in one niced process; stop it after `max_minutes`. Returns minutes spent."""
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    cmd = [
        "nice",
        "-n",
        "10",
        sys.executable,
        "-m",
        "spacy",
        "train",
        str(CONFIG),
        "--output",
        str(output),
        "--paths.train",
        str(CORPUS / "train.spacy"),
        "--paths.dev",
        str(CORPUS / "dev.spacy"),
        *overrides,
    ]
    print("+", " ".join(cmd), flush=True)
    start = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env)
    try:
        proc.wait(timeout=max_minutes * 60 if max_minutes else None)
    except subprocess.TimeoutExpired:
        print(f"time limit of {max_minutes} min reached: stopping training, keeping model-best", flush=True)
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    minutes = (time.monotonic() - start) / 60
    if not loadable(output / "model-best"):
        # Stopped while model-best was being replaced: fall back to model-last (saved on exit).
        if not loadable(output / "model-last"):
            raise SystemExit(f"training produced no loadable model (exit code {proc.returncode})")
        shutil.rmtree(output / "model-best", ignore_errors=True)
        shutil.copytree(output / "model-last", output / "model-best")
    return minutes


def loadable(path: Path) -> bool:
    """True when spaCy can load a pipeline from `path`."""
    if not (path / "meta.json").exists():
        return False
    try:
        spacy.load(path)
    except Exception as err:  # any failure means the directory is unusable
        print(f"cannot load {path}: {err!r}", flush=True)
        return False
    return True


def install(best: Path, scores: dict[str, Any], minutes: float | None, target: Path = MODEL_DIR) -> None:
    """Copy the trained model into the package and write its meta (licence, sources, scores)."""
    if minutes is None and (target / "meta.json").exists():  # re-install: keep the recorded training time
        old_meta = json.loads((target / "meta.json").read_text(encoding="utf-8"))
        minutes = old_meta.get("factiongraph_training_minutes")
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(best, target)
    meta_path = target / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta.update(META)
    meta["factiongraph_eval"] = scores
    if minutes is not None:
        meta["factiongraph_training_minutes"] = round(minutes, 1)
    meta_path.write_text(json.dumps(meta, indent=2), encoding="utf-8")
    size = sum(p.stat().st_size for p in target.rglob("*") if p.is_file())
    print(f"installed {target} ({size / 1e6:.1f} MB)", flush=True)


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point (called by `make model`)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-minutes", type=float, default=None, help="stop training after this long")
    parser.add_argument("--max-steps", type=int, default=None, help="override training.max_steps")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument(
        "--skip-train", action="store_true", help="evaluate and install an existing model-best"
    )
    parser.add_argument(
        "--no-install", action="store_true", help="do not copy into src/factiongraph/nlp/model"
    )
    args = parser.parse_args(argv)
    if not convert.is_current(CORPUS):
        convert.convert(out=CORPUS)
    minutes = None
    if not args.skip_train:
        overrides = ["--training.max_steps", str(args.max_steps)] if args.max_steps else []
        minutes = train(args.output, args.max_minutes, overrides)
        print(f"training took {minutes:.1f} min", flush=True)
    best = args.output / "model-best"
    scores = evaluate.run(best)
    if not args.no_install:
        install(best, scores, minutes)


if __name__ == "__main__":
    main()
