"""Evaluate factiongraph's English pipeline on held-out data.

Scores reported (and returned by :func:`run` as a flat dict):

* PUD (UD/UNER English PUD, test only): UPOS accuracy, UAS, LAS, NER precision/recall/F1 overall and per label.
  ``pud_*``: raw-text evaluation, the model tokenizes and splits sentences itself (per PUD document) and
  spaCy's scorer aligns to gold.  ``pud_goldtok_*``: gold tokens and gold sentences (the usual UD setting).
* In-domain dev NER F1 (src/factiongraph/data/training/political_news.dev.jsonl).
* Speed: words per second on one core (``n_process=1``) over the PUD texts.

Usage:  python training/evaluate.py [MODEL_DIR]      (default: src/factiongraph/nlp/model)
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin
from spacy.training import Example

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MODEL = ROOT / "src" / "factiongraph" / "nlp" / "model"
CORPUS = ROOT / "training" / "corpus"


def _ensure_corpus(corpus: Path) -> None:
    """(Re)build the DocBin files if they are missing or older than the in-domain JSONL files."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import convert  # local script module, imported only when needed

    if not convert.is_current(corpus):
        convert.convert(out=corpus)


def _examples(nlp: Language, path: Path) -> list[Example]:
    """Examples whose predicted side is the model's own tokenization of the gold text."""
    docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
    return [Example(nlp.make_doc(doc.text), doc) for doc in docs]


def _gold_token_examples(nlp: Language, examples: list[Example]) -> list[Example]:
    """One example per gold sentence with gold tokens: the usual UD setting (no tokenizer/splitter errors)."""
    out = []
    for eg in examples:
        for sent in eg.reference.sents:
            ref = sent.as_doc()
            words = [t.text for t in ref]
            spaces = [bool(t.whitespace_) for t in ref]
            out.append(Example(Doc(nlp.vocab, words=words, spaces=spaces), ref))
    return out


def _round(value: Any) -> Any:
    """Round floats for display; leave other values alone."""
    return round(float(value), 4) if isinstance(value, float) else value


def words_per_second(nlp: Language, texts: list[str], batch_size: int = 256) -> float:
    """Throughput of the full pipeline on one process over the given texts (after a short warm-up)."""
    list(nlp.pipe(texts[:20], n_process=1))
    start = time.perf_counter()
    n_words = sum(len(doc) for doc in nlp.pipe(texts, batch_size=batch_size, n_process=1))
    return n_words / (time.perf_counter() - start)


def run(
    model: str | Path = DEFAULT_MODEL, corpus: str | Path = CORPUS, verbose: bool = True
) -> dict[str, Any]:
    """Evaluate the model at `model` and return the scores as a flat dict (F1 etc. as fractions 0-1)."""
    corpus = Path(corpus)
    _ensure_corpus(corpus)
    nlp = spacy.load(model)
    pud = _examples(nlp, corpus / "pud.spacy")
    scores = nlp.evaluate(pud, batch_size=256)
    result: dict[str, Any] = {
        "model": str(model),
        "pud_upos": scores.get("pos_acc"),
        "pud_xpos": scores.get("tag_acc"),
        "pud_lemma": scores.get("lemma_acc"),
        "pud_uas": scores.get("dep_uas"),
        "pud_las": scores.get("dep_las"),
        "pud_sents_f": scores.get("sents_f"),
        "pud_ner_p": scores.get("ents_p"),
        "pud_ner_r": scores.get("ents_r"),
        "pud_ner_f": scores.get("ents_f"),
    }
    for label, prf in sorted((scores.get("ents_per_type") or {}).items()):
        for key in ("p", "r", "f"):
            result[f"pud_ner_{label}_{key}"] = prf[key]
    gold = nlp.evaluate(_gold_token_examples(nlp, pud), batch_size=256)
    result["pud_goldtok_upos"] = gold.get("pos_acc")
    result["pud_goldtok_uas"] = gold.get("dep_uas")
    result["pud_goldtok_las"] = gold.get("dep_las")
    result["pud_goldtok_ner_f"] = gold.get("ents_f")
    indomain_path = corpus / "indomain_dev.spacy"
    indomain = _examples(nlp, indomain_path) if indomain_path.exists() else []
    if indomain:
        ind_scores = nlp.evaluate(indomain, batch_size=256)
        result["indomain_dev_docs"] = len(indomain)
        result["indomain_ner_p"] = ind_scores.get("ents_p")
        result["indomain_ner_r"] = ind_scores.get("ents_r")
        result["indomain_ner_f"] = ind_scores.get("ents_f")
        for label, prf in sorted((ind_scores.get("ents_per_type") or {}).items()):
            result[f"indomain_ner_{label}_f"] = prf["f"]
    else:
        result["indomain_ner_f"] = None
    result["words_per_second"] = words_per_second(nlp, [eg.reference.text for eg in pud])
    result = {key: _round(value) for key, value in result.items()}
    if verbose:
        print(json.dumps(result, indent=1))
    return result


if __name__ == "__main__":
    run(sys.argv[1] if len(sys.argv) > 1 else DEFAULT_MODEL)
