"""The resolver's speed-ups keep its results: memos follow the alias table, the index grown in place
equals one rebuilt from scratch."""

from __future__ import annotations

from typing import Any

import pytest
from _resolve_helpers import build_article
from hypothesis import given, settings
from hypothesis import strategies as st

from factiongraph.resolve import AliasTable, Resolver
from factiongraph.resolve.names import NameForm, name_form

CORPUS: list[tuple[str, Any]] = [
    ("m1", ["Kamran Tessori", {"text": "Pak Sarzameen Party", "type": "party"}, "Tessori"]),
    ("m2", ["Kamran Tesori", {"text": "PSP", "type": "party"}, "Mustafa Kamal", "Kamal"]),
    ("m3", ["Syed Mustafa Kamal", {"text": "Pak Sarzamin Party", "type": "party"}, "Tesori"]),
    ("m4", [{"text": "Jamiat", "type": "party"}]),
]


def _resolver(table: AliasTable | None = None) -> Resolver:
    r = Resolver(aliases=table)
    for label, specs in CORPUS:
        r.add_article(*build_article(label, specs, "person"))
    return r


def _index_state(r: Resolver) -> tuple[Any, ...]:
    forms = {e: list(f.items()) for e, f in r._forms.items() if f}
    keys = {e: set(k) for e, k in r._keys.items() if k}
    index = {k: set(v) for k, v in r._index.items() if v}
    by_alias = {a: set(v) for a, v in r._by_alias.items() if v}
    return forms, keys, index, by_alias


def test_index_grown_in_place_equals_a_full_reindex() -> None:
    r = _resolver()
    grown = _index_state(r)
    for eid in r.ids():
        r._reindex(eid)
    assert _index_state(r) == grown


def test_alias_lookup_sees_an_entry_added_after_a_lookup() -> None:
    table = AliasTable()
    assert table.lookup("Jamiat", "party") is None
    version = table.version
    table.add("Jamiat Ulema-e-Islam", ["Jamiat"], "party")
    assert table.version != version
    entry = table.lookup("Jamiat", "party")
    assert entry is not None and entry.canonical == "Jamiat Ulema-e-Islam"


def test_resolver_uses_alias_entries_added_after_it_compared_the_names() -> None:
    """'Jamiat' is looked up and compared before the entry exists, and again after: the second time
    it must reach the long name through the table (as a resolver started with the entry would)."""
    table = AliasTable()
    r = _resolver(table)
    table.add("Jamiat Ulema-e-Islam", ["Jamiat"], "party")
    for label, text in (("m5", "Jamiat Ulema-e-Islam"), ("m6", "Jamiat")):
        r.add_article(*build_article(label, [{"text": text, "type": "party"}], "person"))
    assert r.entity("Jamiat").id == r.entity("Jamiat Ulema-e-Islam").id


@pytest.mark.parametrize("text", ["Shehbaz Sharif", "Pak Sarzameen Party", "Kaim Khani"])
def test_cached_keys_equal_the_folded_words(text: str) -> None:
    form = name_form(text, "person")
    assert (form.key, form.joined) == (" ".join(form.keys), "".join(form.keys))
    assert form == name_form(text, "person") and hash(form) == hash(name_form(text, "person"))



@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text(alphabet=list("abAB -'.,()\u2019\u201c\u00a0"), max_size=8), min_size=2, max_size=30),
    st.sampled_from(["person", "party", "place"]),
)
def test_forms_with_the_same_display_and_type_are_equal(texts: list[str], type_: str) -> None:
    """The resolver remembers name comparisons by display and type: those must decide the whole form
    (texts that clean to the same display, "A.'s" and "A.", give one form)."""
    by_display: dict[str, NameForm] = {}
    for t in texts:
        f = name_form(t, type_)
        assert by_display.setdefault(f.display, f) == f
