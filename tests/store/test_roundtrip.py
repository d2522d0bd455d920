"""Property tests: every record survives ``to_dict``/JSON/``from_dict`` and a trip through the store.

``to_dict()`` is compared rather than the records themselves, because
``Interval`` equality ignores ``anchor`` and the round trip must keep it too.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factiongraph.model import (
    ENTITY_TYPES,
    EVENT_TYPES,
    PRECISIONS,
    RELATION_TYPES,
    STATUSES,
    Article,
    Claim,
    Entity,
    Event,
    Fact,
    Interval,
    Mention,
    MergeReason,
    Record,
)
from factiongraph.store import Store

from .conftest import BACKENDS, fresh_database

# PostgreSQL cannot hold NUL in text; the readers refuse files that contain it.
TEXT = st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=40)
SHORT = st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), min_size=1, max_size=12)
MAYBE = st.none() | TEXT
DATES = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))
NUMBERS = st.floats(allow_nan=False, allow_infinity=False, width=64)
OFFSETS = st.integers(min_value=0, max_value=10**7)


@st.composite
def intervals(draw: st.DrawFn) -> Interval:
    a, b = draw(st.none() | DATES), draw(st.none() | DATES)
    if a is not None and b is not None and a > b:
        a, b = b, a
    return Interval(a, b, draw(st.sampled_from(PRECISIONS)), draw(st.none() | DATES))


ARTICLES = st.builds(
    Article, id=SHORT, source=TEXT, text=TEXT, title=MAYBE, url=MAYBE, published=intervals(),
    basis=st.sampled_from(["header", "metadata", "text", "corpus", "unknown"]), basis_evidence=MAYBE,
    body_start=OFFSETS, dateline=MAYBE, language=st.sampled_from(["en", "ur"]),
)
MENTIONS = st.builds(
    Mention, article_id=SHORT, start=OFFSETS, end=OFFSETS, text=TEXT, type=st.sampled_from(ENTITY_TYPES),
    role=MAYBE, role_of=MAYBE, sentence=st.integers(0, 500), source=TEXT,
    kind=st.sampled_from(["name", "acronym", "nominal"]),
)
ENTITIES = st.builds(
    Entity, id=SHORT, type=st.sampled_from(ENTITY_TYPES), name=TEXT,
    aliases=st.dictionaries(SHORT, st.integers(1, 1000), max_size=4), mentions=st.lists(SHORT, max_size=4),
    reasons=st.lists(st.builds(MergeReason, alias=TEXT, rule=SHORT, score=NUMBERS, other=MAYBE), max_size=3),
    roles=st.dictionaries(SHORT, st.integers(1, 1000), max_size=3),
)
CLAIMS = st.builds(
    Claim, id=SHORT, article_id=SHORT, kind=st.sampled_from(["relation", "event"]),
    type=st.sampled_from(RELATION_TYPES + EVENT_TYPES), status=st.sampled_from(STATUSES), subject=MAYBE,
    object=MAYBE, role=MAYBE, participants=st.lists(SHORT, max_size=4).map(tuple), place=MAYBE, source=MAYBE,
    reported=st.booleans(), evidence=st.tuples(OFFSETS, OFFSETS), trigger=MAYBE,
    trigger_span=st.none() | st.tuples(OFFSETS, OFFSETS), date=st.none() | intervals(), date_text=MAYBE,
    aspect=st.sampled_from(["holds", "begins", "ends", "formerly"]), confidence=NUMBERS, rule=TEXT,
    same_as=MAYBE,
)
FACTS = st.builds(
    Fact, id=SHORT, type=st.sampled_from(RELATION_TYPES), subject=SHORT, object=st.none() | SHORT, role=MAYBE,
    start=st.none() | intervals(), end=st.none() | intervals(), ended=st.booleans(),
    first_seen=st.none() | DATES, last_confirmed=st.none() | DATES, evidence=st.lists(SHORT, max_size=4),
    against=st.lists(SHORT, max_size=3), confidence=NUMBERS,
)
EVENTS = st.builds(
    Event, id=SHORT, type=st.sampled_from(EVENT_TYPES), status=st.sampled_from(STATUSES),
    participants=st.lists(SHORT, max_size=4), place=MAYBE, date=st.none() | intervals(),
    evidence=st.lists(SHORT, max_size=4), confidence=NUMBERS,
)


def through_json(record: Record) -> dict[str, Any]:
    return json.loads(json.dumps(record.to_dict(), ensure_ascii=False))


@pytest.mark.parametrize("records", [ARTICLES, MENTIONS, ENTITIES, CLAIMS, FACTS, EVENTS],
                         ids=["article", "mention", "entity", "claim", "fact", "event"])
@given(data=st.data())
def test_every_record_survives_json_and_back(records: st.SearchStrategy[Record], data: st.DataObject) -> None:
    record = data.draw(records)
    back = type(record).from_dict(through_json(record))
    assert back.to_dict() == record.to_dict()
    assert back == record


# ---------------------------------------------------------------------- the store, on each backend
@pytest.fixture(scope="module", params=BACKENDS)
def shared_store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """One database per backend for all examples: each example writes records under fresh ids."""
    with fresh_database(str(request.param), tmp_path_factory.mktemp("roundtrip")) as url, Store.open(url) as s:
        yield s


def fresh(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex}"


STORE_SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@STORE_SETTINGS
@given(article=ARTICLES, mentions=st.lists(MENTIONS, max_size=4), claims=st.lists(CLAIMS, max_size=3))
def test_article_mentions_and_claims_come_back_as_stored(
    shared_store: Store, article: Article, mentions: list[Mention], claims: list[Claim]
) -> None:
    a = Article.from_dict({**article.to_dict(), "id": fresh("a")})
    ms = list({(m.start, m.end): Mention.from_dict({**m.to_dict(), "article_id": a.id})
               for m in mentions}.values())
    cs = [Claim.from_dict({**c.to_dict(), "id": fresh("c"), "article_id": a.id}) for c in claims]
    with shared_store.transaction():
        assert shared_store.add_article(a)
        shared_store.add_mentions(ms)
        shared_store.add_claims(cs)
    got = shared_store.article(a.id)
    assert got is not None and got.to_dict() == a.to_dict()
    assert [m.to_dict() for m in shared_store.mentions(a.id)] == [
        m.to_dict() for m in sorted(ms, key=lambda m: (m.start, m.end))]
    assert {k: c.to_dict() for k, c in shared_store.claims_by_id(c.id for c in cs).items()} == {
        c.id: c.to_dict() for c in cs}


@STORE_SETTINGS
@given(entity=ENTITIES, facts=st.lists(FACTS, max_size=3), events=st.lists(EVENTS, max_size=3))
def test_entities_facts_and_events_come_back_as_stored(
    shared_store: Store, entity: Entity, facts: list[Fact], events: list[Event]
) -> None:
    e = Entity.from_dict({**entity.to_dict(), "id": fresh("e")})
    fs = [Fact.from_dict({**f.to_dict(), "id": fresh("f")}) for f in facts]
    vs = [Event.from_dict({**v.to_dict(), "id": fresh("v")}) for v in events]
    with shared_store.transaction():
        shared_store.put_entities([e])
        shared_store.replace_facts(fs)
        shared_store.replace_events(vs)
    got = shared_store.entity(e.id)
    # an entity's mentions are the mentions linked to it (none here), not a list its record carries
    assert got is not None and got.to_dict() == {**e.to_dict(), "mentions": []}
    stored_facts = {f.id: f.to_dict() for f in shared_store.facts()}
    assert all(stored_facts[f.id] == f.to_dict() for f in fs)
    stored_events = {v.id: v.to_dict() for v in shared_store.events()}
    assert all(stored_events[v.id] == v.to_dict() for v in vs)
