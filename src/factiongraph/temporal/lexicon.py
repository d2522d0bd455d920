"""The temporal word lists (months, weekdays, numbers, units, cues), loaded from data.

Everything language-specific lives in ``data/temporal/lexicon.yaml``; this module turns it
into lookup tables and regular-expression alternations once per process.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "temporal" / "lexicon.yaml"


def alternation(words: list[str]) -> str:
    """A regex alternation of ``words``, longest first so that the longest word wins."""
    parts = sorted({w for w in words if w}, key=lambda w: (-len(w), w))
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in parts)


@dataclass(frozen=True, eq=False)
class Lexicon:
    """Lookup tables built from the lexicon file (all keys lower-case)."""

    months: dict[str, int]  # full names and abbreviations -> 1..12
    month_full: tuple[str, ...]
    month_abbr: tuple[str, ...]
    ambiguous_months: frozenset[str]
    weekdays: dict[str, int]  # full names and abbreviations -> 0..6
    weekday_full: tuple[str, ...]
    weekday_abbr: tuple[str, ...]
    numbers: dict[str, float]
    vague_numbers: dict[str, tuple[int, int | None]]
    units: dict[str, tuple[str, int]]
    unit_days: dict[str, int]
    vague_plural_days: dict[str, tuple[int, int | None]]
    ordinals: dict[str, int]
    seasons: dict[str, tuple[int, int]]
    parts: dict[str, tuple[float, float, str]]
    day_parts: tuple[str, ...]
    mod_cues: dict[str, str]
    duration_comparators: dict[str, tuple[str, str]]
    future_cues: tuple[str, ...]
    perfect_cues: tuple[str, ...]
    past_cues: tuple[str, ...]
    not_past_ed: frozenset[str]
    year_blockers_before: frozenset[str]
    year_blockers_after: frozenset[str]
    weekday_report_lag_days: int
    future_preference: float
    recent_days: int
    fiscal_year_start_month: int

    def number(self, word: str) -> tuple[int, int | None] | None:
        """The value of a number written in digits or words ("17", "seventeen", "twenty-five", "a few")."""
        w = " ".join(word.lower().replace("-", " ").split())
        if w.isdigit():
            return int(w), int(w)
        if re.fullmatch(r"\d+\.\d+", w):
            return int(float(w)), math.ceil(float(w))
        if w in self.vague_numbers:
            return self.vague_numbers[w]
        if w in self.numbers:
            v = self.numbers[w]
            return (int(v), int(v)) if v >= 1 else None
        total = 0
        for tok in w.split():
            if tok not in self.numbers or tok in ("a", "an"):
                return None
            v = int(self.numbers[tok])
            total = total * v if v == 100 else total + v
        return total, total


def _names(table: dict[str, Any]) -> tuple[dict[str, int], list[str], list[str]]:
    lookup: dict[str, int] = {}
    full: list[str] = []
    abbr: list[str] = []
    for name, (num, abbrevs) in table.items():
        lookup[name] = int(num)
        full.append(name)
        for a in abbrevs:
            lookup[a] = int(num)
            abbr.append(a)
    return lookup, full, abbr


def _range(v: Any) -> tuple[int, int | None]:
    return int(v[0]), (int(v[1]) if v[1] is not None else None)


def load_lexicon(path: Path | str | None = None) -> Lexicon:
    """Read a lexicon file (the packaged one by default)."""
    raw: dict[str, Any] = yaml.safe_load(Path(path or DATA_FILE).read_text(encoding="utf-8"))
    months, month_full, month_abbr = _names(raw["months"])
    weekdays, wd_full, wd_abbr = _names(raw["weekdays"])
    tense = raw["tense"]
    pub = raw["publication"]
    return Lexicon(
        months=months,
        month_full=tuple(month_full),
        month_abbr=tuple(month_abbr),
        ambiguous_months=frozenset(raw["ambiguous_months"]),
        weekdays=weekdays,
        weekday_full=tuple(wd_full),
        weekday_abbr=tuple(wd_abbr),
        numbers={str(k): float(v) for k, v in raw["numbers"].items()},
        vague_numbers={str(k): _range(v) for k, v in raw["vague_numbers"].items()},
        units={str(k): (str(v[0]), int(v[1])) for k, v in raw["units"].items()},
        unit_days={str(k): int(v) for k, v in raw["unit_days"].items()},
        vague_plural_days={str(k): _range(v) for k, v in raw["vague_plural_days"].items()},
        ordinals={str(k): int(v) for k, v in raw["ordinals"].items()},
        seasons={str(k): (int(v[0]), int(v[1])) for k, v in raw["seasons"].items()},
        parts={str(k): (float(v[0]), float(v[1]), str(v[2])) for k, v in raw["parts"].items()},
        day_parts=tuple(raw["day_parts"]),
        mod_cues={str(k): str(v) for k, v in raw["mod_cues"].items()},
        duration_comparators={str(k): (str(v[0]), str(v[1])) for k, v in raw["duration_comparators"].items()},
        future_cues=tuple(tense["future"]),
        perfect_cues=tuple(tense["perfect"]),
        past_cues=tuple(tense["past"]),
        not_past_ed=frozenset(tense["not_past_ed"]),
        year_blockers_before=frozenset(str(w) for w in raw["year_blockers"]["before"]),
        year_blockers_after=frozenset(str(w) for w in raw["year_blockers"]["after"]),
        weekday_report_lag_days=int(pub["weekday_report_lag_days"]),
        future_preference=float(pub["future_preference"]),
        recent_days=int(raw["recent_days"]),
        fiscal_year_start_month=int(raw.get("fiscal_year_start_month", 1)),
    )


@functools.cache
def default_lexicon() -> Lexicon:
    """The packaged lexicon, read once per process."""
    return load_lexicon()
