"""``/api/asof``: the JSON assembled from the stored views is the Python API's answer; filters are additions."""

from __future__ import annotations

from pathlib import Path

import factiongraph as fg
from factiongraph.web import create_app

from .conftest import TestClient


def _busiest_entity(g: fg.Graph, day: str) -> str:
    counts: dict[str, int] = {}
    for r in g.asof(day)["relations"]:
        counts[r["subject"]] = counts.get(r["subject"], 0) + 1
    return max(counts, key=lambda e: (counts[e], e))


def test_web_asof_answers_with_the_python_answer_and_filters(seeds_db: Path) -> None:
    with fg.open(seeds_db) as g:
        eid = _busiest_entity(g, "2024-06-01")
        full, some = g.asof("2024-06-01"), g.asof("2024-06-01", types=["member_of"], entity=eid)
    with TestClient(create_app(seeds_db)) as client:
        resp = client.get("/api/asof", params={"date": "2024-06-01"})
        assert resp.headers["content-type"].startswith("application/json")
        assert resp.json() == full
        assert client.get("/api/asof", params={"date": "2024-06-01", "type": "member_of", "entity": eid}).json() == some
        bad = client.get("/api/asof", params={"date": "2024-06-01", "type": "friend_of"})
        assert bad.status_code == 400 and "member_of" in bad.json()["error"]["message"]
