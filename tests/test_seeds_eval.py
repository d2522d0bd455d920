"""The seed articles scored against the gold: quality floors that fail when a stage gets worse.

Floors start at what the system reached and only ever go up.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import factiongraph as fg

FLOORS = {
    "entities": 0.99,
    "typed": 0.99,
    "b3": 0.99,
    "relations": 0.95,
    "events": 0.80,
    "published": 5,
    "asof": 17,
}


@pytest.fixture(scope="module")
def report(seeds_db: Path, shared: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    out = tmp_path_factory.mktemp("eval")
    with fg.open(seeds_db) as g:
        (out / "seeds.json").write_text(json.dumps(g.export()), encoding="utf-8")
    asof = f"{sys.executable} -m factiongraph.cli asof {{date}} --format json --db {seeds_db}"
    subprocess.run(
        [sys.executable, str(shared / "eval" / "score.py"), "--gold", str(shared / "eval" / "seeds.gold.yaml"),
         "--export", str(out / "seeds.json"), "--texts", str(shared / "seeds"), "--asof-cmd", asof,
         "--json", str(out / "report.json")],
        check=True, capture_output=True, text=True,
    )
    return json.loads((out / "report.json").read_text(encoding="utf-8"))


def test_export_follows_the_contract(seeds_db: Path, shared: Path, tmp_path: Path) -> None:
    with fg.open(seeds_db) as g:
        (tmp_path / "x.json").write_text(json.dumps(g.export()), encoding="utf-8")
    r = subprocess.run([sys.executable, str(shared / "eval" / "check_contract.py"), str(tmp_path / "x.json"),
                        str(shared / "seeds")], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout


def test_entity_figures_hold_their_floors(report: dict) -> None:
    e = report["entities"]
    assert e["detect"]["f1"] >= FLOORS["entities"], e["per_doc"]
    assert e["typed"]["f1"] >= FLOORS["typed"], e["per_doc"]
    assert e["b3"]["f1"] >= FLOORS["b3"], (e["split"], e["merged"])


def test_relation_and_event_figures_hold_their_floors(report: dict) -> None:
    assert report["relations"]["f1"] >= FLOORS["relations"], report["relations"]["missed"]
    assert report["events"]["f1"] >= FLOORS["events"], report["events"]["missed"]


def test_every_publication_date_is_right(report: dict) -> None:
    assert report["published"]["ok"] >= FLOORS["published"], report["published"]["docs"]


def test_every_matched_event_is_dated_right(report: dict) -> None:
    ok, n = (int(x) for x in report["events"]["dates"].split("/"))
    assert n >= 14 and ok == n, report["events"]


def test_asof_checks_hold_their_floor(report: dict) -> None:
    assert report["asof"]["ok"] >= FLOORS["asof"], report["asof"]["failed"]


def test_ingesting_again_changes_nothing(seeds_db: Path, shared: Path) -> None:
    with fg.open(seeds_db) as g:
        before = json.dumps(g.export(), sort_keys=True)
        rep = g.ingest([shared / "seeds"])
        after = json.dumps(g.export(), sort_keys=True)
    assert rep.added == 0 and rep.unchanged == 5
    assert before == after
