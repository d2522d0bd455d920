"""Local clusters computed elsewhere (a worker): the same clusters, the same entities, used only in context."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml
from _resolve_helpers import build_article

import factiongraph as fg
from factiongraph.model import Article, Mention
from factiongraph.resolve import AliasTable, Decision, Resolver
from factiongraph.resolve.local import (
    ClusterContext,
    Precomputed,
    cluster_article,
    decode_clusters,
    encode_clusters,
    precompute,
)

HERE = Path(__file__).parent
Case = tuple[Article, list[Mention], list[tuple[str, str]]]


def _table_corpora() -> Iterator[tuple[str, list[Case]]]:
    for name in ("same.yaml", "different.yaml"):
        for case in yaml.safe_load((HERE / name).read_text(encoding="utf-8")):
            yield case["case"], [
                build_article(f"{case['case']} #{n}", specs, case["type"])
                for n, specs in enumerate(case["articles"], start=1)
            ]


TABLE_CORPORA = list(_table_corpora())


@pytest.fixture(scope="module")
def seed_corpus(seeds_db: Path) -> list[Case]:
    """The seed articles as the ingest stored them: mentions and acronym definitions."""
    with fg.open(seeds_db) as g:
        notes = g.store.notes()
        return [
            (a, g.store.mentions(a.id), [(x, y) for x, y in notes.get(a.id, {}).get("acronyms", [])])
            for a in g.store.articles()
        ]


def _wire(p: Precomputed) -> Precomputed:
    """Through JSON, as the clusters cross a process boundary."""
    return Precomputed.from_dict(json.loads(json.dumps(p.to_dict())))


def _resolve_both(corpus: list[Case], decisions: Sequence[Decision] = ()) -> tuple[Resolver, Resolver, int]:
    """One resolver clusters each article itself, the other gets the clusters a worker would send."""
    table = AliasTable.load()
    plain = Resolver(aliases=table, decisions=decisions)
    given = Resolver(aliases=table, decisions=decisions)
    context = ClusterContext.from_dict(json.loads(json.dumps(given.cluster_context().to_dict())))
    clusters = 0
    for art, mentions, acronyms in corpus:
        plain.add_article(art, mentions, acronyms)
        pre = _wire(precompute(art.id, mentions, acronyms, context))
        clusters += len(pre.clusters)
        given.add_article(art, mentions, acronyms, pre)
    return plain, given, clusters


def _same_resolution(a: Resolver, b: Resolver) -> None:
    assert a.mapping() == b.mapping()
    assert [e.to_dict() for e in a.entities()] == [e.to_dict() for e in b.entities()]


# ---------------------------------------------------------------------- encode / decode
def test_clusters_of_the_seeds_survive_the_wire_unchanged(seed_corpus: list[Case]) -> None:
    table = AliasTable.load()
    for _, mentions, acronyms in seed_corpus:
        computed = cluster_article(mentions, acronyms, table)
        wire = json.loads(json.dumps(encode_clusters(computed, mentions)))
        assert decode_clusters(wire, mentions) == computed
    assert sum(len(m) for _, m, _ in seed_corpus) > 50  # the seeds were analysed: there is something to check


@pytest.mark.parametrize("label,corpus", TABLE_CORPORA, ids=[c for c, _ in TABLE_CORPORA])
def test_clusters_of_the_table_cases_survive_the_wire_unchanged(label: str, corpus: list[Case]) -> None:
    table = AliasTable.load()
    for _, mentions, acronyms in corpus:
        computed = cluster_article(mentions, acronyms, table)
        wire = json.loads(json.dumps(encode_clusters(computed, mentions)))
        assert decode_clusters(wire, mentions) == computed


def test_a_defined_expansion_without_a_mention_survives_the_wire() -> None:
    _, mentions, acronyms = build_article(
        "x", {"mentions": [{"text": "PSP", "type": "party"}], "acronyms": [["PSP", "Pak Sarzameen Party"]]}, "party"
    )
    computed = cluster_article(mentions, acronyms, AliasTable())
    assert computed[0].extra  # the case this test is about
    wire = json.loads(json.dumps(encode_clusters(computed, mentions)))
    assert decode_clusters(wire, mentions) == computed


def test_context_round_trip_keeps_its_key_and_its_lookups() -> None:
    table = AliasTable.load()
    table.add("Some Canonical Party", ["SCP"], "party")
    ctx = ClusterContext(table, {"a b": {"c d"}, "c d": {"a b"}})
    back = ClusterContext.from_dict(json.loads(json.dumps(ctx.to_dict())))
    assert back.key() == ctx.key()
    assert back.forbidden == ctx.forbidden
    assert back.table.entries == table.entries
    assert back.table.lookup("SCP", "party") == table.lookup("SCP", "party") is not None


@pytest.mark.parametrize(
    "change",
    [
        lambda r: r.table.add("Another Party", ["AP"], "party"),
        lambda r: r.split("Kamran Tessori", "Tessori"),
    ],
    ids=["alias table grows", "user split"],
)
def test_the_context_key_changes_with_what_clustering_reads(change: Any) -> None:
    r = Resolver(aliases=AliasTable.load())
    r.add_article(*build_article("k", ["Kamran Tessori", "Tessori"], "person"))
    before = r.context_key()
    change(r)
    assert r.context_key() != before
    assert r.context_key() == r.cluster_context().key()


# ---------------------------------------------------------------------- the same entities
def test_precomputed_clusters_resolve_the_seeds_as_computed_ones(seed_corpus: list[Case]) -> None:
    plain, given, clusters = _resolve_both(seed_corpus)
    assert clusters > 0
    _same_resolution(plain, given)


@pytest.mark.parametrize("label,corpus", TABLE_CORPORA, ids=[c for c, _ in TABLE_CORPORA])
def test_precomputed_clusters_resolve_the_table_cases_as_computed_ones(label: str, corpus: list[Case]) -> None:
    plain, given, _ = _resolve_both(corpus)
    _same_resolution(plain, given)


def test_precomputed_clusters_with_a_split_in_force_resolve_as_computed_ones(seed_corpus: list[Case]) -> None:
    first = Resolver(aliases=AliasTable.load())
    for art, mentions, acronyms in seed_corpus:
        first.add_article(art, mentions, acronyms)
    ent = max(first.entities(), key=lambda e: len(e.aliases))
    other = next(a for a in ent.aliases if a != ent.name)
    plain, given, _ = _resolve_both(seed_corpus, [Decision.make("split", ent.name, other)])
    assert plain.cluster_context().forbidden  # the split is part of the context the clusters were made in
    _same_resolution(plain, given)


# ---------------------------------------------------------------------- used only when they fit
def _apart(mentions: list[Mention]) -> list[dict[str, Any]]:
    """Clusters of one mention each (not what clustering gives: used to see which clusters were used)."""
    return [{"mentions": [i], "type": m.type, "links": [], "extra": []} for i, m in enumerate(mentions)]


def test_clusters_stamped_with_the_resolvers_key_are_used() -> None:
    art, mentions, _ = build_article("u", ["Kamran Tessori", "Tessori"], "person")
    r = Resolver(aliases=AliasTable.load())
    mapping = r.add_article(art, mentions, (), Precomputed(r.context_key(), _apart(mentions)))
    assert len(set(mapping.values())) == 2


@pytest.mark.parametrize("stale", ["another key", "split since"])
def test_clusters_from_another_context_are_computed_again(stale: str) -> None:
    art, mentions, _ = build_article("u", ["Kamran Tessori", "Tessori"], "person")
    r = Resolver(aliases=AliasTable.load())
    r.add_article(*build_article("z", ["Asad Umar", "Umar"], "person"))
    key = "0" * 64
    if stale == "split since":
        key = r.context_key()
        r.split("Asad Umar", "Umar")  # a decision taken after the clusters were made
    mapping = r.add_article(art, mentions, (), Precomputed(key, _apart(mentions)))
    assert len(set(mapping.values())) == 1


def test_clusters_are_computed_again_when_some_mentions_are_already_resolved() -> None:
    art, mentions, _ = build_article("u", ["Kamran Tessori", "PTI", "Imran Khan"], "person")
    plain, given = Resolver(aliases=AliasTable.load()), Resolver(aliases=AliasTable.load())
    plain.add_article(art, mentions[:1])
    given.add_article(art, mentions[:1])
    # together, the two fresh mentions make one cluster: used as given, they would stay two
    pre = Precomputed(given.context_key(), [*_apart(mentions[:1]), {"mentions": [1, 2], "type": "person",
                                                                      "links": [], "extra": []}])
    assert given.add_article(art, mentions, (), pre) == plain.add_article(art, mentions)
