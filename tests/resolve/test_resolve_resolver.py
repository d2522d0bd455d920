"""Resolver behaviour: incremental = batch, stable ids, decisions, canonical names, alias tables."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml
from _resolve_helpers import build_article

from factiongraph.model import Article, Entity, Mention, stable_id
from factiongraph.resolve import AliasTable, Decision, Resolver, canonical_name

HERE = Path(__file__).parent
SHARED = Path("/work/shared")

# A small corpus in the style of the seeds: (label, mentions) per article.
CORPUS: list[tuple[str, Any]] = [
    (
        "a1",
        [
            {"text": "Kamran Tessori", "role": "Governor"},
            {"text": "PSP", "type": "party"},
            {"text": "Pak Sarzameen Party", "type": "party"},
            "Mustafa Kamal",
            "Anis Kaimkhani",
            "Tessori",
            {"text": "the governor", "kind": "nominal", "role": "Governor"},
            "Kaimkhani",
        ],
    ),
    (
        "a2",
        [
            "Kamran Tesori",
            {"text": "Pak Sarzamin Party", "type": "party"},
            "Tessor",
            "Anis KaimKhan",
            "Aminul Haque",
            "Aamir Khan",
            {"text": "MQM-P", "type": "party"},
        ],
    ),
    (
        "a3",
        [
            "Mustafa Kamaml",
            "Anees Qaimkhani",
            "Qaimkhani",
            "Ameenul Haq",
            "Khalid Maqbool Siddiqui",
            "Khalid Maqbool",
            {"text": "Bahadurabad", "type": "place"},
            {"text": "Bahadurabad group", "type": "faction"},
            {"text": "MQM Pakistan", "type": "party"},
        ],
    ),
    (
        "a4",
        [
            "Imran Khan",
            "Amir Khan",
            "Siddiqui",
            "Maqbool Siddiqui",
            {"text": "PTI", "type": "party"},
            {"text": "Muttahida Qaumi Movement - Pakistan", "type": "party"},
            {"text": "MQM-P", "type": "party"},
        ],
    ),
    (
        "a5",
        [
            {"text": "Kamran Tessori", "role": "Governor", "role_of": "Sindh"},
            "Anees Kaimkhani",
            "Syed Mustafa Kamal",
            {"text": "ANP", "type": "party"},
            {"text": "Awami National Party", "type": "party"},
        ],
    ),
]


def _articles(
    corpus: list[tuple[str, list[Any]]] = CORPUS,
) -> list[tuple[Article, list[Mention], list[tuple[str, str]]]]:
    return [build_article(label, specs, "person") for label, specs in corpus]


def _dump(r: Resolver) -> list[dict[str, Any]]:
    return [e.to_dict() for e in r.entities()]


def _resolve_all(decisions: Sequence[Decision] = ()) -> Resolver:
    r = Resolver(decisions=decisions)
    for art, mentions, acr in _articles():
        r.add_article(art, mentions, acr)
    return r


def _entity_of(r: Resolver, text: str) -> Entity:
    return r.entity(text)


@pytest.mark.parametrize("cut", [1, 2, 3, 4])
def test_incremental_resolution_equals_one_pass(cut: int) -> None:
    arts = _articles()
    first = Resolver()
    for a, m, acr in arts[:cut]:
        first.add_article(a, m, acr)
    restored = Resolver(first.entities())
    for a, m, acr in arts[cut:]:
        restored.add_article(a, m, acr)
    assert _dump(restored) == _dump(_resolve_all())


class DictMentions:
    """A stand-in for the store: the mention links of a resolver's entities, and what it was asked."""

    def __init__(self, mapping: dict[str, str]) -> None:
        self.mapping = mapping
        self.asked: list[str] = []

    def mention_entities_of(self, ids: Iterable[str]) -> dict[str, str]:
        return {m: self.mapping[m] for m in ids if m in self.mapping}

    def share_an_article(self, a: Iterable[str], b: Iterable[str]) -> bool:
        xs, ys = set(a), set(b)
        self.asked += sorted(xs | ys)
        arts = [{m.rsplit(":", 2)[0] for m, e in self.mapping.items() if e in ids} for ids in (xs, ys)]
        return not arts[0].isdisjoint(arts[1])


def _without_mentions(r: Resolver) -> list[dict[str, Any]]:
    return [{**d, "mentions": []} for d in _dump(r)]


@pytest.mark.parametrize("cut", [1, 2, 3, 4])
def test_a_resolver_restored_without_mentions_asks_the_store_and_resolves_alike(cut: int) -> None:
    arts = _articles()
    first = Resolver()
    for a, m, acr in arts[:cut]:
        first.add_article(a, m, acr)
    stored = DictMentions(first.mapping())
    restored = Resolver([Entity.from_dict(d) for d in _without_mentions(first)], stored=stored)
    whole = _resolve_all()
    got = [restored.add_article(a, m, acr) for a, m, acr in arts[cut:]]
    again = Resolver()
    expected = [again.add_article(a, m, acr) for a, m, acr in arts][cut:]
    assert got == expected
    assert _without_mentions(restored) == _without_mentions(whole)


def test_the_party_context_of_a_restored_entity_comes_from_the_store() -> None:
    """A bare surname joins a restored person only with a shared role and a party both were named with: the
    articles of the restored entities are asked of the store, and without them the surname stands alone."""
    first = Resolver()
    art, ms, acr = build_article("b1", [{"text": "Farhan Qureshi", "role": "Senator"},
                                        {"text": "PLF", "type": "party"}], "person")
    first.add_article(art, ms, acr)
    later = build_article("b2", [{"text": "Qureshi", "role": "Senator"}, {"text": "PLF", "type": "party"}],
                          "person")
    stored = DictMentions(first.mapping())
    restored = Resolver([Entity.from_dict(d) for d in _without_mentions(first)], stored=stored)
    blind = Resolver([Entity.from_dict(d) for d in _without_mentions(first)], stored=DictMentions({}))
    person = first.entity("Farhan Qureshi").id
    assert restored.add_article(*later)[later[1][0].id] == person
    assert blind.add_article(*later)[later[1][0].id] != person
    assert person in stored.asked


def test_an_article_resolved_before_keeps_its_stored_entities() -> None:
    first = _resolve_all()
    stored = DictMentions(first.mapping())
    restored = Resolver([Entity.from_dict(d) for d in _without_mentions(first)], stored=stored)
    art, ms, acr = _articles()[2]
    assert restored.add_article(art, ms, acr) == {m.id: first.mapping()[m.id] for m in ms}
    assert restored.changed() == set()


def test_entities_round_trip_through_dicts() -> None:
    r = _resolve_all()
    restored = Resolver([Entity.from_dict(d) for d in _dump(r)])
    assert _dump(restored) == _dump(r)


def test_ids_are_deterministic_across_runs() -> None:
    assert [e.id for e in _resolve_all().entities()] == [e.id for e in _resolve_all().entities()]


def test_id_comes_from_the_first_mention() -> None:
    art, mentions, _ = _articles()[0]
    r = Resolver()
    mapping = r.add_article(art, mentions)
    first = mentions[0]
    assert mapping[first.id] == stable_id("e", art.id, first.start, first.end)


def test_place_and_faction_starting_at_the_same_character_get_two_ids() -> None:
    art = Article.make("t", "Bahadurabad group met.")
    place = Mention(art.id, 0, 11, "Bahadurabad", "place")
    faction = Mention(art.id, 0, 17, "Bahadurabad group", "faction")
    mapping = Resolver().add_article(art, [place, faction])
    assert mapping[place.id] != mapping[faction.id]


def test_merged_entities_keep_the_older_id() -> None:
    r = Resolver()
    corpus: list[tuple[str, Any]] = [
        ("o1", [{"text": "KQM-P", "type": "party"}]),
        ("o2", [{"text": "Kavari Qaumi Movement-Pakistan", "type": "party"}]),
        (
            "o3",
            {
                "mentions": [
                    {"text": "Kavari Qaumi Movement-Pakistan", "type": "party"},
                    {"text": "KQM-P", "type": "party"},
                ],
                "acronyms": [["KQM-P", "Kavari Qaumi Movement-Pakistan"]],
            },
        ),
    ]
    arts = _articles(corpus)
    ids = [r.add_article(a, m, acr)[m[0].id] for a, m, acr in arts[:2]]
    assert ids[0] != ids[1]
    a, m, acr = arts[2]
    r.add_article(a, m, acr)
    assert [e.id for e in r.entities()] == [ids[0]]
    assert any(reason.rule == "acronym-defined" for reason in r.entities()[0].reasons)


def test_every_alias_of_a_merged_entity_has_a_reason() -> None:
    for e in _resolve_all().entities():
        explained = {x.alias for x in e.reasons} | {x.other for x in e.reasons}
        assert set(e.aliases) <= explained | {e.name} or len(e.aliases) == 1, e


def test_transliteration_variants_across_articles_record_rule_and_score() -> None:
    e = _entity_of(_resolve_all(), "Anis KaimKhan")
    assert set(e.aliases) >= {"Anis Kaimkhani", "Anis KaimKhan", "Anees Qaimkhani", "Anees Kaimkhani"}
    reason = next(x for x in e.reasons if x.alias == "Anis KaimKhan" and x.other == "Anis Kaimkhani")
    assert reason.rule == "token-variants"
    assert reason.score >= 0.9


def test_nominal_and_role_count_toward_the_entity() -> None:
    e = _entity_of(_resolve_all(), "Kamran Tessori")
    assert e.roles["Governor"] == 3
    assert "the governor" not in e.aliases


def test_nominal_with_two_role_holders_is_left_unresolved() -> None:
    art, mentions, _ = build_article(
        "n",
        [
            {"text": "Asad Umar", "role": "Minister"},
            {"text": "Farogh Naseem", "role": "Minister"},
            {"text": "the minister", "kind": "nominal", "role": "Minister"},
        ],
        "person",
    )
    mapping = Resolver().add_article(art, mentions)
    assert mentions[2].id not in mapping
    assert len(set(mapping.values())) == 2


def test_adding_an_article_twice_changes_nothing() -> None:
    r = _resolve_all()
    before = _dump(r)
    art, mentions, acr = _articles()[0]
    r.add_article(art, mentions, acr)
    assert _dump(r) == before


def test_changed_lists_the_entities_an_article_touched() -> None:
    r = _resolve_all()
    assert len(r.changed()) >= len(r.entities())
    r.clear_changed()
    assert r.changed() == set()
    art, mentions, _ = build_article("later", ["Farooq Sattar", "Anees Qaimkhani"], "person")
    mapping = r.add_article(art, mentions)
    kaimkhani = _entity_of(r, "Anis Kaimkhani").id
    assert mapping[mentions[1].id] == kaimkhani
    assert r.changed() == {kaimkhani, mapping[mentions[0].id]}


# ---------------------------------------------------------------- decisions


def test_split_moves_the_alias_out_and_it_never_rejoins() -> None:
    r = _resolve_all()
    assert _entity_of(r, "Amir Khan").id == _entity_of(r, "Aamir Khan").id
    d = r.split("Aamir Khan", "Amir Khan")
    assert d.kind == "split"
    assert _entity_of(r, "Amir Khan").id != _entity_of(r, "Aamir Khan").id
    art, mentions, _ = build_article("after split", ["Amir Khan", "Aamir Khan"], "person")
    mapping = r.add_article(art, mentions)
    assert mapping[mentions[0].id] == _entity_of(r, "Amir Khan").id
    assert mapping[mentions[1].id] == _entity_of(r, "Aamir Khan").id
    assert mapping[mentions[0].id] != mapping[mentions[1].id]


def test_split_survives_a_rebuild_from_stored_decisions() -> None:
    d = _resolve_all().split("Aamir Khan", "Amir Khan")
    stored = [Decision.from_dict(yaml.safe_load(yaml.safe_dump(d.to_dict())))]
    r = _resolve_all(stored)
    assert _entity_of(r, "Amir Khan").id != _entity_of(r, "Aamir Khan").id


def test_merge_joins_now_and_after_a_rebuild() -> None:
    r = _resolve_all()
    d = r.merge("Imran Khan", "Aamir Khan")
    assert _entity_of(r, "Imran Khan").id == _entity_of(r, "Aamir Khan").id
    assert any(x.rule == "user-merge" for x in _entity_of(r, "Imran Khan").reasons)
    rebuilt = _resolve_all([d])
    assert _entity_of(rebuilt, "Imran Khan").id == _entity_of(rebuilt, "Aamir Khan").id


def test_merge_holds_when_the_names_appear_apart_later() -> None:
    d = Decision("merge", "Nawaz Sharif", "Shehbaz Sharif", "2024-01-01T00:00:00+00:00")
    r = Resolver(decisions=[d])
    for label, name in (("m1", "Nawaz Sharif"), ("m2", "Shehbaz Sharif")):
        art, mentions, _ = build_article(label, [name], "person")
        r.add_article(art, mentions)
    assert len(r.entities()) == 1
    restored = Resolver(r.entities(), decisions=[d])
    art, mentions, _ = build_article("m3", ["Shehbaz Sharif"], "person")
    restored.add_article(art, mentions)
    assert len(restored.entities()) == 1


def test_decisions_round_trip_and_validate() -> None:
    d = Decision.make("merge", "a", "b")
    assert Decision.from_dict(d.to_dict()) == d
    with pytest.raises(ValueError, match="kind"):
        Decision("join", "a", "b")


# ---------------------------------------------------------------- canonical name


@pytest.mark.parametrize(
    ("aliases", "type_", "name"),
    [
        (
            {"Siddiqui": 13, "Khalid Maqbool Siddiqui": 10, "Khalid Maqbool": 4},
            "person",
            "Khalid Maqbool Siddiqui",
        ),
        ({"Mustafa Kamal": 8, "Syed Mustafa Kamal": 3, "Kamal": 5}, "person", "Mustafa Kamal"),
        ({"Tessori": 9, "Kamran Tessori": 1}, "person", "Tessori"),
        ({"MQM-P": 46, "Muttahida Qaumi Movement-Pakistan": 2}, "party", "MQM-P"),
        ({"PSP": 2, "Pak Sarzameen Party": 2}, "party", "Pak Sarzameen Party"),
        ({"MQM-RC": 4, "MQM-Restoration Committee": 0}, "faction", "MQM-RC"),
        ({"MQM-Restoration Committee": 0}, "faction", "MQM-Restoration Committee"),
    ],
)
def test_canonical_name_is_the_most_complete_of_the_most_frequent(
    aliases: dict[str, int], type_: str, name: str
) -> None:
    assert canonical_name(aliases, type_) == name


# ---------------------------------------------------------------- alias tables


def test_user_alias_table_joins_names_the_rules_cannot(tmp_path: Path) -> None:
    p = tmp_path / "aliases.yaml"
    p.write_text("Jamiat Ulema-e-Islam: {type: party, aliases: [Jamiat]}\n", encoding="utf-8")
    corpus = [
        ("u1", [{"text": "Jamiat", "type": "party"}]),
        ("u2", [{"text": "Jamiat Ulema-e-Islam", "type": "party"}]),
    ]
    for table, count in ((AliasTable.load(p), 1), (AliasTable(), 2)):
        r = Resolver(aliases=table)
        for a, m, acr in _articles(corpus):
            r.add_article(a, m, acr)
        assert len(r.entities()) == count


def test_alias_table_rejects_an_unknown_type(tmp_path: Path) -> None:
    p = tmp_path / "bad.yaml"
    p.write_text("Something: {type: club, aliases: [X]}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown type"):
        AliasTable.load(p)


def test_package_alias_table_holds_no_seed_person_variants() -> None:
    table = AliasTable.load()
    for name in ("Anees Qaimkhani", "Kamran Tesori", "Ameenul Haq", "Mustafa Kamaml"):
        assert table.lookup(name, "person") is None


# ---------------------------------------------------------------- seed corpus quality floor


def _bench() -> Any:
    path = HERE.parents[1] / "bench" / "resolve_splink.py"
    spec = importlib.util.spec_from_file_location("resolve_splink_bench", path)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.skipif(
    not (SHARED / "eval" / "seeds.gold.yaml").exists(), reason="needs /work/shared seeds and gold"
)
def test_seed_gold_mentions_resolve_above_the_floor() -> None:
    bench = _bench()
    articles, gold = bench.load_seeds()
    scores = bench.b_cubed(gold, bench.resolve_factiongraph(articles, gold))
    assert scores["b3_p"] >= 0.95
    assert scores["b3_r"] >= 0.95
