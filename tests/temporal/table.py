"""Read tests/temporal/table.tsv: news sentences, one expression each, the interval it denotes.

Columns: sentence, expression, anchor (ISO; empty = unknown publication date), expected
earliest, expected latest (empty = open or unknown), precision (``none`` = the words are no
temporal expression). Lines starting with ``#`` name a section.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

TABLE = Path(__file__).with_name("table.tsv")


@dataclass(frozen=True)
class Row:
    line: int
    section: str
    sentence: str
    expression: str
    anchor: dt.date | None
    earliest: dt.date | None
    latest: dt.date | None
    precision: str

    @property
    def span(self) -> tuple[int, int]:
        start = self.sentence.index(self.expression)
        return start, start + len(self.expression)

    @property
    def negative(self) -> bool:
        return self.precision == "none"

    def __str__(self) -> str:
        return f"{self.line}:{self.expression}"


def _date(s: str) -> dt.date | None:
    return dt.date.fromisoformat(s) if s else None


def read_table(path: Path = TABLE) -> list[Row]:
    rows: list[Row] = []
    section = ""
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or i == 1:
            continue
        if line.startswith("#"):
            section = line.lstrip("# ").strip()
            continue
        sentence, expression, anchor, earliest, latest, precision = line.split("\t")
        rows.append(
            Row(i, section, sentence, expression, _date(anchor), _date(earliest), _date(latest), precision)
        )
    return rows
