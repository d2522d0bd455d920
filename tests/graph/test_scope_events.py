"""Events re-consolidated in scope: the stored events, their reports and derived keys are those a full
re-consolidation gives, and only what differs from the store is written again."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

import factiongraph as fg
from factiongraph.api import ArticleResult, Graph
from factiongraph.graph import scope
from factiongraph.model import Article, Claim, Interval, Mention

PEOPLE = ["Zarvan Qadeerzai", "Tavish Oxley", "Merel Dunsany", "Ilka Varro", "Osric Pellam"]


def meeting(n: int, who: list[int], day: int, until: int | None = None) -> ArticleResult:
    """A hand-made analysed article: the people ``who`` (indexes into PEOPLE) met on that day of May 2031 (or
    some day from then ``until``)."""
    names = [PEOPLE[i] for i in who]
    text = " and ".join(names) + f" met in the capital. ({n})"
    art = Article.make(f"m{n}.txt", text, published=Interval.day(dt.date(2031, 5, day + 1)), basis="header")
    ments = [Mention(art.id, text.index(x), text.index(x) + len(x), x, "person") for x in names]
    claim = Claim(id=f"c-meet-{n}", article_id=art.id, kind="event", type="meeting",
                  participants=tuple(m.id for m in ments), date=Interval(dt.date(2031, 5, day), dt.date(2031, 5, until or day), "unknown"),
                  evidence=(0, len(text)))
    return ArticleResult(art, ments, [], [claim])


def stored(g: Graph) -> dict[str, Any]:
    """What consolidation keeps of events, row by row."""
    return {t: sorted(g.store._rows(f"SELECT * FROM {t}"))
            for t in ("events", "event_participants", "event_reports", "derived_keys")}


# two groups in one month that share a person: (0, 1) and (2, 3, 4) meet on the 10th
FIRST = [meeting(1, [0, 1], 10), meeting(2, [0, 1], 10), meeting(3, [2, 3, 4], 10), meeting(4, [2, 3, 4], 10),
         meeting(5, [1, 2], 20)]


@pytest.mark.parametrize("batches", [
    [[meeting(6, [0, 1, 2, 3], 10)]],  # joins the two groups
    [[meeting(6, [0, 1], 10)], [meeting(7, [2, 3], 10)]],  # one to each group
    [[meeting(6, [4], 25)], [meeting(7, [1, 2], 20), meeting(8, [0, 1, 2, 3, 4], 10)]],
])
def test_events_in_scope_are_stored_as_a_full_pass_stores_them(tmp_path: Path, batches: list[list[ArticleResult]],
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scope, "SCOPE_SHARE", 10.0)  # never a full pass for a small graph
    with fg.open(tmp_path / "g.db") as g:
        g.add_results(FIRST)
        for batch in batches:
            g.add_results(batch)
            incremental = stored(g)
            g.reconsolidate()
            assert stored(g) == incremental


def test_an_event_whose_reports_did_not_change_is_not_written_again(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A chain of reports (1-10, 8-20, 18-30 May) is one linked group of two happenings; a new report of the
    25th-30th joins the group, so both happenings are grouped again, but only the events that differ are
    written (the other keeps its reports and gets the group's new id)."""
    monkeypatch.setattr(scope, "SCOPE_SHARE", 10.0)
    written: list[str] = []
    with fg.open(tmp_path / "g.db") as g:
        g.add_results([meeting(1, [0, 1], 1, 10), meeting(2, [0, 1], 8, 20), meeting(3, [0, 1], 18, 30)])
        before = {e.id for e in g.store.events()}
        put = g.store.put_event_reports

        def spy(reports: dict[str, list[tuple[str, int, str]]], **kw: Any) -> None:
            written.extend(reports)
            put(reports, **kw)

        monkeypatch.setattr(g.store, "put_event_reports", spy)
        g.add_results([meeting(4, [0, 1], 25, 30)])
        after = {e.id for e in g.store.events()}
        assert len(before) == len(after) == 2 and len(before & after) == 1
        assert written == sorted(after - before)
        groups = {k for gs in g.store.derived_keys_of(after, "group").values() for k in gs}
        incremental = stored(g)
        g.reconsolidate()
        assert stored(g) == incremental and len(groups) == 1


def test_a_stored_event_sharing_too_few_participants_is_not_read(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A new report of four people is offered under the keys of an event of two of them and of an event of
    one of them with another: only the first can tell the same happening (half the participants shared),
    so only its reports are read."""
    monkeypatch.setattr(scope, "SCOPE_SHARE", 10.0)
    asked: list[str] = []
    with fg.open(tmp_path / "g.db") as g:
        g.add_results([meeting(1, [3, 4], 10), meeting(2, [0, 1], 10)])
        ids = {e.evidence[0]: e.id for e in g.store.events()}
        read = g.store.event_report_records

        def spy(event_ids: Any) -> Any:
            event_ids = list(event_ids)
            asked.extend(event_ids)
            return read(event_ids)

        monkeypatch.setattr(g.store, "event_report_records", spy)
        g.add_results([meeting(3, [0, 1, 2, 3], 10)])
        assert ids["c-meet-2"] in asked and ids["c-meet-1"] not in asked
        [joined] = [e for e in g.store.events() if "c-meet-3" in e.evidence]
        assert sorted(joined.evidence) == ["c-meet-2", "c-meet-3"]
        incremental = stored(g)
        g.reconsolidate()
        assert stored(g) == incremental
