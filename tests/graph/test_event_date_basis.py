"""Answers say where an event's date comes from."""

from __future__ import annotations

import datetime as dt

import pytest

from factiongraph.graph.queries import event_dict
from factiongraph.model import Event, Interval

D = dt.date


@pytest.mark.parametrize(
    ("date", "basis"),
    [
        (Interval.day(D(2020, 1, 13)), "text"),
        (Interval(D(2023, 1, 1), D(2023, 1, 31), "month"), "text"),
        (Interval(None, D(2022, 12, 20), "unknown"), "publication"),
        (Interval(D(2022, 11, 19), D(2022, 12, 20), "assumed"), "assumed"),
    ],
)
def test_an_event_date_names_its_basis(date: Interval, basis: str) -> None:
    ev = Event(id="v1", type="meeting", status="occurred", participants=["e1"], date=date, evidence=[])
    assert event_dict(ev, {})["date"]["basis"] == basis


def test_an_event_without_a_date_has_none() -> None:
    ev = Event(id="v1", type="meeting", status="occurred", participants=["e1"], date=None, evidence=[])
    assert event_dict(ev, {})["date"] is None
