"""The Python API and the command line over a graph of the seed articles."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import factiongraph as fg
from factiongraph.cli import main
from factiongraph.errors import BadQuery, NotFound


@pytest.fixture()
def graph(seeds_db: Path, tmp_path: Path):
    db = tmp_path / "g.db"
    shutil.copy(seeds_db, db)
    with fg.open(db) as g:
        yield g


def _entity_of(g: fg.Graph, alias: str) -> str:
    return g.find_entity(alias).id


def test_asof_answers_in_the_export_shape(graph: fg.Graph) -> None:
    data = graph.asof("2023-06-01")
    assert data["date"] == "2023-06-01"
    assert data["relations"] and all(r["evidence"] for r in data["relations"])


def test_timeline_lists_an_actors_events_oldest_first(graph: fg.Graph) -> None:
    data = graph.timeline("Farooq Sattar")
    assert data["entity"]["name"] == "Farooq Sattar"
    starts = [e["date"]["earliest"] or e["date"]["latest"] or "" for e in data["events"] if e["date"]]
    dated = [s for s in starts if s]
    assert dated == sorted(dated)


def test_entity_profile_shows_aliases_and_why_they_were_merged(graph: fg.Graph) -> None:
    p = graph.entity("Anees Qaimkhani")
    assert {"Anis Kaimkhani", "Anees Qaimkhani"} <= set(p["alias_counts"])
    assert p["merge_reasons"], "every merge records its rule"


def test_changes_between_two_dates_report_what_began(graph: fg.Graph) -> None:
    data = graph.changes("2023-01-01", "2023-12-31")
    began = {(r["type"], r["subject"], r["object"]) for r in data["began"]}
    kamal, mqmp = _entity_of(graph, "Mustafa Kamal"), _entity_of(graph, "MQM-P")
    assert ("member_of", kamal, mqmp) in began


def test_path_connects_two_actors_on_a_date(graph: fg.Graph) -> None:
    data = graph.path("Mustafa Kamal", "ANP", on="2024-02-14")
    assert data["nodes"][0]["name"] == "Mustafa Kamal" and data["relations"]


def test_a_split_is_recorded_and_survives_a_new_ingest(graph: fg.Graph, tmp_path: Path) -> None:
    graph.split("Khalid Maqbool Siddiqui", "Khalid Bhai")
    assert _entity_of(graph, "Khalid Bhai") != _entity_of(graph, "Khalid Maqbool Siddiqui")
    new = tmp_path / "new.txt"
    new.write_text(" date 2024-03-01 KARACHI: MQM-P Convener Khalid Maqbool Siddiqui, whom workers call Khalid Bhai,"
                   " addressed a rally.\n", encoding="utf-8")
    graph.ingest([new])
    siddiqui = graph.store.entity(_entity_of(graph, "Khalid Maqbool Siddiqui"))
    assert siddiqui is not None and "Khalid Bhai" not in siddiqui.aliases
    assert [d["kind"] for d in graph.store.decisions()] == ["split"]


def test_a_merge_is_recorded_and_survives_a_new_ingest(graph: fg.Graph, tmp_path: Path) -> None:
    graph.merge("Aamir Khan", "Imran Khan")
    assert _entity_of(graph, "Imran Khan") == _entity_of(graph, "Aamir Khan")
    new = tmp_path / "new.txt"
    new.write_text(" date 2024-03-01 ISLAMABAD: Imran Khan met party workers.\n", encoding="utf-8")
    graph.ingest([new])
    assert _entity_of(graph, "Imran Khan") == _entity_of(graph, "Aamir Khan")
    profile = graph.entity("Aamir Khan")
    assert any(r["rule"] == "user-merge" for r in profile["merge_reasons"])


def test_unknown_names_and_bad_dates_are_clear_errors(graph: fg.Graph) -> None:
    with pytest.raises(NotFound):
        graph.timeline("Nobody At All")
    with pytest.raises(BadQuery):
        graph.asof("1st of June")


@pytest.mark.parametrize("argv", [["asof", "2023-06-01"], ["timeline", "Sattar"], ["entity", "PSP"],
                                  ["changes", "2022-01-01", "2025-12-31"], ["documents"], ["conflicts"],
                                  ["entities"]])
def test_query_commands_print_json_and_tables(seeds_db: Path, argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*argv, "--db", str(seeds_db), "--format", "json"]) == 0
    json.loads(capsys.readouterr().out)
    assert main([*argv, "--db", str(seeds_db), "--format", "table"]) == 0
    assert capsys.readouterr().out.strip()


def test_cli_errors_are_one_line_and_a_non_zero_exit(seeds_db: Path) -> None:
    r = subprocess.run([sys.executable, "-m", "factiongraph.cli", "asof", "not-a-date", "--db", str(seeds_db)],
                       capture_output=True, text=True)
    assert r.returncode == 1
    assert r.stderr.count("\n") == 1 and "YYYY-MM-DD" in r.stderr and "Traceback" not in r.stderr


def test_the_database_comes_from_the_environment_when_not_given(seeds_db: Path, monkeypatch: pytest.MonkeyPatch,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("FACTIONGRAPH_DB", str(seeds_db))
    assert main(["asof", "2024-02-14", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["relations"]


def test_the_public_surface_is_small() -> None:
    assert sorted(fg.__all__) == ["FactionGraphError", "Graph", "IngestReport", "open"]
