"""Each consolidation rule pinned with small hand-written claims (no NLP involved)."""

from __future__ import annotations

import datetime as dt
import random

from factiongraph.graph.consolidate import Context, consolidate
from factiongraph.model import Article, Claim, Interval

D = dt.date


def article(aid: str, day: dt.date | None) -> Article:
    pub = Interval.day(day) if day else Interval.unknown()
    return Article(id=aid, source=f"{aid}.txt", text="x" * 200, published=pub, basis="header" if day else "unknown")


def rel(cid: str, aid: str, type_: str, s: str, o: str | None, *, status: str = "occurred", aspect: str = "holds",
        date: Interval | None = None, role: str | None = None) -> Claim:
    return Claim(id=cid, article_id=aid, kind="relation", type=type_, status=status, subject=f"{aid}:{s}",
                 object=f"{aid}:{o}" if o else None, aspect=aspect, date=date, role=role, evidence=(0, 10))


def event(cid: str, aid: str, type_: str, parts: list[str], *, status: str = "occurred",
          date: Interval | None = None, same_as: str | None = None) -> Claim:
    return Claim(id=cid, article_id=aid, kind="event", type=type_, status=status,
                 participants=tuple(f"{aid}:{p}" for p in parts), date=date, evidence=(0, 10), same_as=same_as)


TYPES = {"ali": "person", "bina": "person", "chand": "person", "red": "party", "blue": "party",
         "green": "party", "north": "place"}


def run(claims: list[Claim], articles: list[Article]):
    ent = {}
    for c in claims:
        for m in (c.subject, c.object, *c.participants):
            if m:
                ent[m] = m.split(":", 1)[1]
    ctx = Context(ent, TYPES, {a.id: a for a in articles})
    facts, events = consolidate(claims, ctx)
    return {(f.type, f.subject, f.object): f for f in facts}, events


def test_a_fact_stated_in_an_article_holds_from_its_publication_not_before() -> None:
    facts, _ = run([rel("c1", "a", "member_of", "ali", "red")], [article("a", D(2024, 2, 14))])
    f = facts[("member_of", "ali", "red")]
    assert f.start is None and f.first_seen == D(2024, 2, 14) and not f.ended


def test_joining_dates_the_start_and_leaving_ends_the_fact() -> None:
    jan = Interval(D(2023, 1, 1), D(2023, 1, 31), "month")
    mar = Interval(D(2025, 3, 1), D(2025, 3, 31), "month")
    facts, _ = run(
        [rel("c1", "a", "member_of", "ali", "red", aspect="begins", date=jan),
         rel("c2", "b", "member_of", "ali", "red", aspect="ends", date=mar)],
        [article("a", D(2023, 2, 1)), article("b", D(2025, 4, 1))],
    )
    f = facts[("member_of", "ali", "red")]
    assert f.start == jan and f.end == mar and f.ended and f.ended_by == ["c2"]


def test_an_open_fact_is_not_confirmed_since_its_last_report_but_not_ended() -> None:
    facts, _ = run(
        [rel("c1", "a", "member_of", "ali", "red"), rel("c2", "b", "member_of", "ali", "red")],
        [article("a", D(2020, 1, 1)), article("b", D(2022, 6, 1))],
    )
    f = facts[("member_of", "ali", "red")]
    assert (f.first_seen, f.last_confirmed, f.ended, f.end) == (D(2020, 1, 1), D(2022, 6, 1), False, None)


def test_planned_denied_and_hedged_claims_never_become_facts() -> None:
    facts, _ = run(
        [rel("c1", "a", "allied_with", "red", "blue", status="planned"),
         rel("c2", "a", "merged_into", "red", "blue", status="negated"),
         rel("c3", "a", "split_from", "green", "red", status="uncertain")],
        [article("a", D(2022, 12, 20))],
    )
    assert facts == {}


def test_a_denial_is_kept_as_evidence_against_a_fact_others_state() -> None:
    facts, _ = run(
        [rel("c1", "a", "member_of", "ali", "red"), rel("c2", "b", "member_of", "ali", "red", status="negated")],
        [article("a", D(2021, 1, 1)), article("b", D(2021, 2, 1))],
    )
    f = facts[("member_of", "ali", "red")]
    assert f.evidence == ["c1"] and f.against == ["c2"]


def test_symmetric_relations_are_one_fact_whatever_the_order() -> None:
    facts, _ = run(
        [rel("c1", "a", "allied_with", "red", "blue"), rel("c2", "b", "allied_with", "blue", "red")],
        [article("a", D(2021, 1, 1)), article("b", D(2021, 2, 1))],
    )
    assert len(facts) == 1 and next(iter(facts.values())).evidence == ["c1", "c2"]


def test_an_agreement_between_two_parties_starts_their_alliance() -> None:
    aug = Interval(D(2018, 8, 1), D(2018, 8, 31), "month")
    facts, _ = run(
        [event("c1", "a", "agreement", ["red", "blue"], date=aug), rel("c2", "b", "allied_with", "red", "blue")],
        [article("a", D(2020, 1, 14)), article("b", D(2020, 1, 14))],
    )
    key = ("allied_with", "blue", "red")
    assert facts[key].start is not None and facts[key].start.latest == D(2018, 8, 31)


def test_a_merger_ends_memberships_of_the_merged_party_and_starts_them_in_the_new_one() -> None:
    jan = Interval(D(2023, 1, 1), D(2023, 1, 31), "month")
    facts, _ = run(
        [rel("c1", "a", "member_of", "ali", "green"), rel("c2", "a", "member_of", "bina", "green"),
         rel("c3", "b", "member_of", "chand", "red"),
         event("c4", "b", "merger", ["ali", "red"], date=jan)],
        [article("a", D(2022, 12, 20)), article("b", D(2026, 2, 1))],
    )
    for person in ("ali", "bina"):
        old = facts[("member_of", person, "green")]
        new = facts[("member_of", person, "red")]
        assert old.ended and old.end == jan
        assert new.start == jan and not new.ended
    assert ("merged_into", "green", "red") in facts


def test_a_new_governor_ends_the_previous_governors_term() -> None:
    facts, _ = run(
        [rel("c1", "a", "holds_office", "ali", "north", role="Governor of North"),
         rel("c2", "b", "holds_office", "bina", "north", role="Governor of North")],
        [article("a", D(2019, 5, 1)), article("b", D(2022, 10, 11))],
    )
    old = facts[("holds_office", "ali", "north")]
    assert old.ended and old.end == Interval(D(2019, 5, 1), D(2022, 10, 11), "unknown")
    assert not facts[("holds_office", "bina", "north")].ended


def test_offices_that_many_hold_at_once_do_not_replace_each_other() -> None:
    facts, _ = run(
        [rel("c1", "a", "holds_office", "ali", "north", role="Senator"),
         rel("c2", "b", "holds_office", "bina", "north", role="Senator")],
        [article("a", D(2019, 5, 1)), article("b", D(2022, 10, 11))],
    )
    assert not any(f.ended for f in facts.values())


def test_the_same_meeting_reported_twice_in_an_article_is_one_event_with_two_pieces_of_evidence() -> None:
    _, events = run(
        [event("c1", "a", "meeting", ["ali", "bina"]), event("c2", "a", "meeting", ["ali", "bina", "red"])],
        [article("a", D(2022, 12, 20))],
    )
    assert len(events) == 1 and events[0].evidence == ["c1", "c2"]


def test_a_definite_reference_joins_the_event_it_refers_to() -> None:
    _, events = run(
        [event("c1", "a", "meeting", ["ali", "bina"]), event("c2", "a", "meeting", ["chand"], same_as="c1")],
        [article("a", D(2022, 12, 20))],
    )
    assert len(events) == 1 and set(events[0].participants) == {"ali", "bina", "chand"}


def test_a_planned_protest_the_article_says_was_called_off_is_one_cancelled_event() -> None:
    day = Interval.day(D(2026, 1, 31))
    _, events = run(
        [event("c1", "a", "protest", ["ali", "red"], status="planned", date=day),
         event("c2", "a", "protest", ["red", "blue"], status="cancelled")],
        [article("a", D(2026, 2, 10))],
    )
    assert [(e.status, e.date) for e in events] == [("cancelled", day)]


def test_undated_reports_in_two_articles_are_not_taken_for_one_happening() -> None:
    _, events = run(
        [event("c1", "a", "meeting", ["ali", "bina"]), event("c2", "b", "meeting", ["ali", "bina"])],
        [article("a", None), article("b", None)],
    )
    assert len(events) == 2


def test_consolidation_is_deterministic_whatever_the_order_of_claims() -> None:
    jan = Interval(D(2023, 1, 1), D(2023, 1, 31), "month")
    claims = [rel("c1", "a", "member_of", "ali", "green"), rel("c2", "b", "member_of", "chand", "red"),
              event("c3", "b", "merger", ["ali", "red"], date=jan), event("c4", "a", "meeting", ["ali", "bina"]),
              rel("c5", "b", "allied_with", "red", "blue")]
    arts = [article("a", D(2022, 12, 20)), article("b", D(2026, 2, 1))]
    first = run(claims, arts)
    shuffled = claims[:]
    random.Random(7).shuffle(shuffled)
    second = run(shuffled, arts)
    assert [f.to_dict() for f in first[0].values()] == [f.to_dict() for f in second[0].values()]
    assert [e.to_dict() for e in first[1]] == [e.to_dict() for e in second[1]]


def test_a_national_office_needs_no_place_for_its_holders_to_succeed_each_other() -> None:
    facts, _ = run(
        [rel("c1", "a", "holds_office", "ali", None, role="Prime Minister"),
         rel("c2", "b", "holds_office", "bina", None, role="Prime Minister"),
         rel("c3", "a", "holds_office", "chand", None, role="Governor")],
        [article("a", D(2020, 1, 14)), article("b", D(2022, 4, 20))],
    )
    assert facts[("holds_office", "ali", None)].ended
    assert not facts[("holds_office", "chand", None)].ended


def undated_article(aid: str, earliest: dt.date) -> Article:
    """An article the text dates only from below ("after the vote in March 2024")."""
    return Article(id=aid, source=f"{aid}.txt", text="x" * 200, published=Interval(earliest, None, "month"),
                   basis="text")


def test_an_undated_happening_is_assumed_to_lie_in_the_month_before_its_report() -> None:
    _, events = run([event("c1", "a", "meeting", ["ali", "bina"])], [undated_article("a", D(2024, 3, 1))])
    (ev,) = events
    assert (ev.date.earliest, ev.date.latest, ev.date.precision) == (D(2024, 1, 30), None, "assumed")


def test_a_happening_in_a_dated_report_keeps_its_publication_as_latest_and_gains_an_assumed_start() -> None:
    _, events = run([event("c1", "a", "meeting", ["ali", "bina"])], [article("a", D(2022, 12, 20))])
    (ev,) = events
    assert (ev.date.earliest, ev.date.latest, ev.date.precision) == (D(2022, 11, 19), D(2022, 12, 20), "assumed")


def test_a_date_the_text_states_is_never_replaced_by_the_assumption() -> None:
    day = Interval.day(D(2016, 8, 22))
    _, events = run([event("c1", "a", "meeting", ["ali", "bina"], date=day)], [article("a", D(2022, 12, 20))])
    assert events[0].date == day


def test_plans_and_reports_with_no_known_publication_date_get_no_assumed_date() -> None:
    _, events = run(
        [event("c1", "a", "rally", ["ali"], status="planned"), event("c2", "b", "meeting", ["ali", "bina"])],
        [article("a", D(2022, 12, 20)), article("b", None)],
    )
    assert sorted(e.date.precision for e in events) == ["unknown", "unknown"]


def test_assumed_dates_do_not_make_undated_reports_in_two_articles_one_happening() -> None:
    _, events = run(
        [event("c1", "a", "meeting", ["ali", "bina"]), event("c2", "b", "meeting", ["ali", "bina"])],
        [article("a", D(2022, 12, 20)), article("b", D(2022, 12, 21))],
    )
    assert len(events) == 2 and {e.date.precision for e in events} == {"assumed"}
