"""Entity resolution on the seed gold mentions: factiongraph's Resolver against Splink.

Both systems get the same mentions: every occurrence of a gold form in the
seed texts, found with the scorer's own ``find_forms`` rule
(``shared/eval/score.py``, imported by path), with the gold type and the
article id. Spans nested in a longer span of the same type class are dropped
("Kamal" inside "Mustafa Kamal", "MQM" inside "MQM Pakistan"), as an NLP layer
reports the longest name; a place inside a faction name ("Bahadurabad" in
"Bahadurabad group") stays, it is a mention of its own. Acronym definitions
("Pak Sarzameen Party (PSP)") are read from the text with a small pattern
and given to the Resolver, which takes them as input; Splink gets them as a
column (the expansion an acronym stands for in its article).

Both results are scored with B-cubed precision, recall and F1 against the gold
entity of each mention. Usage::

    .venv/bin/python bench/resolve_splink.py   # prints a table

``run()`` returns ``{"factiongraph": {"b3_p", "b3_r", "b3_f1", "seconds"}, "splink": {...}}``.
The shared folder defaults to /work/shared (``FACTIONGRAPH_SHARED`` overrides it).
"""

from __future__ import annotations

import importlib.util
import logging
import os
import re
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import jellyfish
import yaml

from factiongraph.model import Article, Mention
from factiongraph.resolve import Resolver

SHARED = Path(os.environ.get("FACTIONGRAPH_SHARED", "/work/shared"))
_DEFINITION = re.compile(r"\(([A-Z][A-Za-z]*(?:-[A-Z][A-Za-z]*)?)\)")
_RUN_WORD = re.compile(r"(?:[A-Z][\w'’]*|of|the|and|e|i)$")


@dataclass(frozen=True)
class GoldMention:
    """One occurrence of a gold form: where, what it says, its type and gold entity."""

    doc: str
    article_id: str
    start: int
    end: int
    text: str
    type: str
    gold: str

    @property
    def key(self) -> tuple[str, int, int]:
        return (self.doc, self.start, self.end)


def _scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fg_seed_score", SHARED / "eval" / "score.py")
    if spec is None or spec.loader is None:
        raise FileNotFoundError(f"cannot import {SHARED / 'eval' / 'score.py'}")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def load_seeds() -> tuple[dict[str, Article], list[GoldMention]]:
    """The seed articles and their gold mentions (see the module docstring)."""
    score = _scorer()
    gold = yaml.safe_load((SHARED / "eval" / "seeds.gold.yaml").read_text(encoding="utf-8"))
    ents = gold["entities"]
    articles: dict[str, Article] = {}
    out: list[GoldMention] = []
    for doc, g in gold["documents"].items():
        with open(SHARED / "seeds" / doc, encoding="utf-8", newline="") as fh:
            text = fh.read()
        art = Article.make(doc, text)
        articles[doc] = art
        ntext = score.norm_text(text)
        spans: dict[tuple[int, int], tuple[str, str]] = {}
        for name in [*g.get("entities", []), *g.get("optional", [])]:
            for a, b in score.find_forms(ntext, ents[name]["forms"]):
                spans.setdefault((a, b), (name, ents[name]["type"]))
        for (a, b), (name, type_) in sorted(spans.items()):
            cls = score.TYPE_CLASS[type_]
            nested = any(
                (x <= a and b <= y and (x, y) != (a, b) and score.TYPE_CLASS[t] == cls)
                for (x, y), (_, t) in spans.items()
            )
            if not nested:
                out.append(GoldMention(doc, art.id, a, b, text[a:b], type_, name))
    return articles, out


def acronym_definitions(text: str) -> list[tuple[str, str]]:
    """("PSP", "Pak Sarzameen Party") pairs for every "Long Name (ACRONYM)" in the text.

    The expansion is the longest run of capitalised words (small joining words
    allowed inside) before the parenthesis that starts with the acronym's
    first letter and has at most one word more than the acronym has letters.
    """
    out = []
    for m in _DEFINITION.finditer(text):
        acr = m.group(1)
        words = re.split(r"\s+", text[max(0, m.start() - 120) : m.start()].strip())
        run: list[str] = []
        for w in reversed(words):
            if not _RUN_WORD.match(w.split("-")[0]) or w.endswith((":", ",", ".")):
                break
            run.insert(0, w)
        letters = sum(1 for c in acr if c.isupper())
        best = None
        for i in range(len(run)):
            cand = run[i:]
            n = sum(len(w.split("-")) for w in cand)
            if cand[0][:1] == acr[:1] and n <= letters + 1 and n >= 2:
                best = " ".join(cand)
                break
        if best is not None:
            out.append((acr, best))
    return out


def _kind(text: str) -> str:
    return "acronym" if text.replace("-", "").isupper() and len(text) <= 8 else "name"


def resolve_factiongraph(
    articles: dict[str, Article], gold: Sequence[GoldMention]
) -> dict[tuple[str, int, int], str]:
    """Each gold mention -> the entity id factiongraph's Resolver gives it."""
    resolver = Resolver()
    by_doc: dict[str, list[GoldMention]] = defaultdict(list)
    for g in gold:
        by_doc[g.doc].append(g)
    out: dict[tuple[str, int, int], str] = {}
    for doc in sorted(by_doc):
        art = articles[doc]
        mentions = [Mention(art.id, g.start, g.end, g.text, g.type, kind=_kind(g.text)) for g in by_doc[doc]]
        mapping = resolver.add_article(art, mentions, acronym_definitions(art.text))
        for g, m in zip(by_doc[doc], mentions, strict=True):
            out[g.key] = mapping.get(m.id, f"unresolved:{m.id}")
    final = {m: e.id for e in resolver.entities() for m in e.mentions}
    return {k: final.get(f"{articles[k[0]].id}:{k[1]}:{k[2]}", v) for k, v in out.items()}


def resolve_splink(
    articles: dict[str, Article], gold: Sequence[GoldMention]
) -> dict[tuple[str, int, int], str]:
    """Each gold mention -> a Splink cluster id (DuckDB backend)."""
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    expansions = {doc: dict(acronym_definitions(a.text)) for doc, a in articles.items()}
    rows = []
    for i, g in enumerate(gold):
        name = g.text.replace("’", "'").lower()
        long_form = expansions[g.doc].get(g.text, g.text).replace("’", "'").lower()
        rows.append(
            {
                "unique_id": i,
                "name": name,
                "long_name": long_form,
                "type": g.type,
                "article_id": g.article_id,
                "phonetic": jellyfish.metaphone(name),
            }
        )
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.JaroWinklerAtThresholds("name", [0.92, 0.8]),
            cl.ExactMatch("long_name"),
            cl.ExactMatch("type"),
            cl.ExactMatch("phonetic"),
            cl.ExactMatch("article_id"),
        ],
        blocking_rules_to_generate_predictions=[block_on("type")],
        retain_intermediate_calculation_columns=False,
    )
    db_api = DuckDBAPI()
    linker = Linker(db_api.register(rows), settings, log_level=logging.ERROR)
    linker.training.estimate_probability_two_random_records_match([block_on("name", "type")], recall=0.6)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e5, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("type"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("phonetic"))
    pred = linker.inference.predict(threshold_match_probability=0.1)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        pred, threshold_match_probability=0.9
    )
    by_id = {int(r["unique_id"]): str(r["cluster_id"]) for r in clusters.as_record_list()}
    return {g.key: by_id.get(i, f"single:{i}") for i, g in enumerate(gold)}


def b_cubed(gold: Sequence[GoldMention], pred: dict[tuple[str, int, int], str]) -> dict[str, float]:
    """B-cubed precision, recall and F1 of predicted clusters against gold entities."""
    by_gold: dict[str, set[tuple[str, int, int]]] = defaultdict(set)
    by_pred: dict[str, set[tuple[str, int, int]]] = defaultdict(set)
    for g in gold:
        by_gold[g.gold].add(g.key)
        by_pred[pred[g.key]].add(g.key)
    p = r = 0.0
    for g in gold:
        pc, gc = by_pred[pred[g.key]], by_gold[g.gold]
        inter = len(pc & gc)
        p += inter / len(pc)
        r += inter / len(gc)
    n = len(gold) or 1
    p, r = p / n, r / n
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"b3_p": round(p, 3), "b3_r": round(r, 3), "b3_f1": round(f, 3)}


def run() -> dict[str, dict[str, Any]]:
    """Resolve the seed gold mentions with both systems and score them."""
    articles, gold = load_seeds()
    out: dict[str, dict[str, Any]] = {}
    for name, fn in (("factiongraph", resolve_factiongraph), ("splink", resolve_splink)):
        t0 = time.perf_counter()
        pred = fn(articles, gold)
        seconds = time.perf_counter() - t0
        out[name] = {**b_cubed(gold, pred), "seconds": round(seconds, 3), "mentions": len(gold)}
    return out


def main() -> None:
    res = run()
    print(f"{'system':<14}{'B3 P':>7}{'B3 R':>7}{'B3 F1':>7}{'seconds':>9}")
    for name, r in res.items():
        print(f"{name:<14}{r['b3_p']:>7.3f}{r['b3_r']:>7.3f}{r['b3_f1']:>7.3f}{r['seconds']:>9.2f}")
    print(f"({next(iter(res.values()))['mentions']} gold mentions)")


if __name__ == "__main__":
    main()
