"""A synthetic corpus for the benchmark: the example articles' sentences, recombined.

Each generated article has a ` date YYYY-MM-DD` header (random, 2010-2025) unless
it is one of the share ``undated`` written without one (as most news is found), a
dateline and title taken from the examples, and about ``words`` words of
sentences drawn from all the example articles (src/factiongraph/data/examples/corpus),
paragraph by paragraph. The people of the examples (the person entries of
``examples/gold.yaml``) are renamed in every article with names drawn from
bench/names.yaml, so the corpus has many distinct people with consistent short
forms (a surname alone), as years of news would. The same seed gives the same
corpus byte for byte, and the same articles whatever the undated share (only
their headers differ: which articles lose theirs is drawn from a stream of its own).

    .venv/bin/python bench/make_corpus.py OUT_DIR --articles 5000 --seed 7 --undated 0.5
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
SENTENCE_END = re.compile(r'(?:(?<=[.!?])|(?<=[.!?]["”]))\s+(?=["“A-Z])')
HEADER = re.compile(r"^ date \d{4}-\d{2}-\d{2}\s*\n")
DATELINE = re.compile(r"^([A-Z][A-Z .]+?)\s*(?::|-|—)\s+")


@dataclass(frozen=True)
class Person:
    """A person of the examples: the full forms (given + family name) and the short forms (family name)."""

    full: tuple[str, ...]
    short: tuple[str, ...]


@dataclass
class Sources:
    paragraphs: list[list[str]]  # sentences per paragraph
    titles: list[str]
    datelines: list[str]
    people: list[Person]


def examples_dir() -> Path:
    return Path(str(resources.files("factiongraph") / "data" / "examples"))


def load_sources() -> Sources:
    """Paragraphs, titles and datelines of the example corpus, and its people (from its gold file)."""
    paragraphs: list[list[str]] = []
    titles: list[str] = []
    datelines: list[str] = []
    for path in sorted((examples_dir() / "corpus").glob("*.txt")):
        text = HEADER.sub("", path.read_text(encoding="utf-8"))
        blocks = [b.strip() for b in text.split("\n\n") if b.strip()]
        if blocks and len(blocks[0]) < 120 and not blocks[0].endswith("."):
            titles.append(blocks.pop(0))
        if blocks and (m := DATELINE.match(blocks[0])):
            datelines.append(m.group(1).strip())
            blocks[0] = blocks[0][m.end():]
        paragraphs.extend([s.strip() for s in SENTENCE_END.split(b) if s.strip()] for b in blocks)
    gold = yaml.safe_load((examples_dir() / "gold.yaml").read_text(encoding="utf-8"))
    people = []
    for name, entry in gold["entities"].items():
        if entry.get("type") != "person":
            continue
        forms = sorted(set(entry.get("forms", [])) | {name}, key=len, reverse=True)
        people.append(Person(tuple(f for f in forms if " " in f), tuple(f for f in forms if " " not in f)))
    return Sources(paragraphs, titles, datelines or ["KARACHI"], people)


def load_names() -> tuple[list[str], list[str]]:
    names = yaml.safe_load((HERE / "names.yaml").read_text(encoding="utf-8"))
    return list(names["given"]), list(names["family"])


def rename(text: str, people: list[Person], rng: random.Random, given: list[str], family: list[str]) -> str:
    """Every example person in ``text`` under a new name (the same new name within the article)."""
    for p in people:
        if not any(f in text for f in p.full + p.short):
            continue
        first, last = rng.choice(given), rng.choice(family)
        for f in p.full:
            text = re.sub(rf"\b{re.escape(f)}\b", f"{first} {last}", text)
        for f in p.short:
            text = re.sub(rf"\b{re.escape(f)}\b", last, text)
    return text


def make_article(src: Sources, rng: random.Random, given: list[str], family: list[str], words: int,
                 dated: bool = True) -> str:
    """One article: header (if ``dated``), title, dateline and ~``words`` words of recombined paragraphs."""
    day = dt.date(2010, 1, 1) + dt.timedelta(days=rng.randrange(16 * 365))
    paras: list[str] = []
    count = 0
    target = int(words * rng.uniform(0.8, 1.2))
    while count < target:
        para = rng.choice(src.paragraphs)
        keep = para if len(para) < 3 else para[: rng.randint(2, len(para))]
        text = " ".join(keep)
        paras.append(text)
        count += len(text.split())
    title = rng.choice(src.titles) if src.titles else "Political report"
    text = rename(f"{title}\n\n{rng.choice(src.datelines)}: " + "\n\n".join(paras), src.people, rng, given, family)
    return f" date {day.isoformat()}\n{text}\n" if dated else f"{text}\n"


def make_corpus(out: Path, articles: int, *, seed: int = 7, words: int = 600, undated: float = 0.0) -> list[Path]:
    """Write ``articles`` files into ``out`` (created), a share ``undated`` of them without a date header;
    returns their paths, in order."""
    out.mkdir(parents=True, exist_ok=True)
    src = load_sources()
    given, family = load_names()
    rng = random.Random(seed)
    headers = random.Random(f"{seed}-undated")
    paths = []
    for i in range(articles):
        p = out / f"{i:06d}.txt"
        dated = headers.random() >= undated
        p.write_text(make_article(src, rng, given, family, words, dated), encoding="utf-8")
        paths.append(p)
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--articles", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--words", type=int, default=600)
    ap.add_argument("--undated", type=float, default=0.0, help="the share of articles without a date header")
    args = ap.parse_args()
    paths = make_corpus(args.out, args.articles, seed=args.seed, words=args.words, undated=args.undated)
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in paths)
    print(f"wrote {len(paths)} articles, {words / max(1, len(paths)):.0f} words each on average, to {args.out}")


if __name__ == "__main__":
    main()
