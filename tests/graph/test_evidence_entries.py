"""Evidence entries: one per distinct span, in document and text order, the same whatever order the claims
come in, so that a stored fact's entries are brought up to date by merging in those of its new claims."""

from __future__ import annotations

import dataclasses

from hypothesis import given, settings
from hypothesis import strategies as st

from factiongraph.graph import queries
from factiongraph.model import Fact
from factiongraph.store import Citation

SPANS = [("d1", 10, 40), ("d1", 50, 90), ("d2", 0, 30), ("d10", 5, 25)]
citations = st.builds(
    lambda span, trigger, source: Citation(span[0], (span[1], span[2]), trigger, source),
    st.sampled_from(SPANS), st.sampled_from([None, "met", "joined"]), st.sampled_from([None, "sources", "he said"]),
)
claim_sets = st.dictionaries(st.text("abcdef", min_size=1, max_size=4), citations, max_size=12)


@settings(max_examples=200, deadline=None)
@given(claim_sets, st.randoms())
def test_entries_depend_on_the_set_of_claims_not_their_order(claims: dict[str, Citation], rng: object) -> None:
    ids = list(claims)
    shuffled = ids[:]
    rng.shuffle(shuffled)  # type: ignore[attr-defined]
    assert queries._evidence(shuffled, claims) == queries._evidence(ids, claims)


@settings(max_examples=200, deadline=None)
@given(claim_sets, st.data())
def test_merged_entries_of_two_parts_are_the_entries_of_the_whole(claims: dict[str, Citation],
                                                                   data: st.DataObject) -> None:
    part = data.draw(st.sets(st.sampled_from(sorted(claims)))) if claims else set()
    rest = set(claims) - part
    merged = queries.merge_evidence(queries._evidence(part, claims), queries._evidence(rest, claims))
    assert merged == queries.merge_evidence(queries._evidence(rest, claims), queries._evidence(part, claims))
    assert merged == queries._evidence(claims, claims)


def test_one_entry_per_span_in_document_then_text_order_showing_a_trigger_when_a_claim_has_one() -> None:
    claims = {
        "c": Citation("d2", (0, 30), None, None),
        "a": Citation("d1", (50, 90), None, "sources"),
        "b": Citation("d1", (50, 90), "met", None),
        "z": Citation("d1", (10, 40), "joined", None),
    }
    assert queries._evidence(claims, claims) == [
        {"document": "d1", "start": 10, "end": 40, "trigger": "joined"},
        {"document": "d1", "start": 50, "end": 90, "trigger": "met"},
        {"document": "d2", "start": 0, "end": 30},
    ]


def _fact(evidence: list[str], against: list[str] = ()) -> Fact:  # type: ignore[assignment]
    return Fact(id="f1", type="member_of", subject="p", object="q", evidence=evidence, against=list(against))


CLAIMS = {
    "a": Citation("d1", (10, 40), "joined", None),
    "b": Citation("d2", (0, 30), None, None),
    "c": Citation("d3", (5, 9), "met", "sources"),
}


def test_a_fact_that_gains_claims_has_their_entries_merged_into_its_view() -> None:
    old = _fact(["a", "b"], ["c"])
    view = queries.fact_dict(old, CLAIMS)
    new = dataclasses.replace(old, evidence=["a", "b", "c"], confidence=0.9)
    only_new = {"c": CLAIMS["c"]}  # the old claims need not be read again
    assert queries.updated_fact_dict(new, old, view, only_new) == queries.fact_dict(new, CLAIMS)


def test_a_fact_that_loses_a_claim_is_rendered_again_from_all_of_them() -> None:
    old = _fact(["a", "b"])
    view = queries.fact_dict(old, CLAIMS)
    assert queries.updated_fact_dict(dataclasses.replace(old, evidence=["a"]), old, view, CLAIMS) is None
    assert queries.updated_fact_dict(_fact(["a", "b"], ["c"]), _fact(["a", "b"], ["c", "x"]),
                                     view, CLAIMS) is None
