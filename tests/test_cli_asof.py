"""``factiongraph asof`` on the command line: the JSON answer assembled from the stored views is the
Python API's answer, and the filters are additions to it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import factiongraph as fg
from factiongraph.cli import main


def _cli_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, object]:
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def _busiest_entity(g: fg.Graph, day: str) -> str:
    rels = g.asof(day)["relations"]
    counts: dict[str, int] = {}
    for r in rels:
        counts[r["subject"]] = counts.get(r["subject"], 0) + 1
    return max(counts, key=lambda e: (counts[e], e))


@pytest.mark.parametrize("day", ["2015-01-01", "2023-01-15", "2024-06-01"])
def test_asof_json_on_the_command_line_is_the_python_answer(seeds_db: Path, capsys: pytest.CaptureFixture[str],
                                                            day: str) -> None:
    with fg.open(seeds_db) as g:
        want = g.asof(day)
    assert _cli_json(capsys, "asof", day, "--db", str(seeds_db), "--format", "json") == want


@pytest.mark.parametrize("types", [["member_of"], ["allied_with,opposed_to"], ["holds_office", "leader_of"]])
def test_asof_filters_on_the_command_line(seeds_db: Path, capsys: pytest.CaptureFixture[str],
                                          types: list[str]) -> None:
    with fg.open(seeds_db) as g:
        eid = _busiest_entity(g, "2024-06-01")
        flat = [t for v in types for t in v.split(",")]
        want = g.asof("2024-06-01", types=flat, entity=eid)
    base = ["asof", "2024-06-01", "--db", str(seeds_db), "--entity", eid]
    for t in types:
        base += ["--type", t]
    assert _cli_json(capsys, *base, "--format", "json") == want
    assert main([*base, "--format", "table"]) == 0  # the table takes the filters too
    assert len(capsys.readouterr().out.strip().splitlines()) == 2 + len(want["relations"]) or not want["relations"]


def test_an_unknown_type_is_a_one_line_error(seeds_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["asof", "2024-06-01", "--db", str(seeds_db), "--type", "friend_of"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "member_of" in err
