"""``factiongraph demo``: ingests the example corpus, prints tables and writes a self-contained report."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from factiongraph.cli import main


def test_demo_prints_a_timeline_and_three_dates_and_writes_an_offline_report(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "report"
    assert main(["demo", "--db", str(tmp_path / "demo.db"), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Timeline of " in printed
    assert len(re.findall(r"Who stood with whom on \d{4}-\d{2}-\d{2}", printed)) == 3
    index = out / "index.html"
    assert str(index.resolve()) in printed
    html = index.read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert "window.FG_EMBEDDED" in html and "cytoscape" in html and 'id="cy"' in html and 'id="tl-svg"' in html


def test_demo_again_on_the_same_database_changes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["demo", "--db", str(tmp_path / "demo.db"), "--out", str(tmp_path / "r")]
    assert main(args) == 0
    first = (tmp_path / "r" / "index.html").read_text(encoding="utf-8")
    assert main(args) == 0
    assert "(0 new)" in capsys.readouterr().out
    assert (tmp_path / "r" / "index.html").read_text(encoding="utf-8") == first
