"""The parts of a plain-text article around its body: date header, title, dateline.

    " date 2022-12-20 Sindh Governor ..."   a header: publication date, then the body
    "A short headline\n\nKARACHI: The ..."  a title line, a blank line, a dateline

All functions read the exact text and return offsets into it; nothing here
modifies the text.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from factiongraph.ingest.resources import load_yaml

#: A title is shorter than this many words.
TITLE_MAX_WORDS = 15
TITLE_MAX_CHARS = 200

_HEADER = re.compile(
    r"\ufeff?\s*(?P<header>date:?[ \t]+(?P<date>\d{4}-\d{2}-\d{2}))(?=\s|$)\s*", re.IGNORECASE
)

_WORD = r"[A-Z][\w'’.&-]*"
_DATELINE = re.compile(
    rf"""[ \t\u00a0]*
    (?P<place>{_WORD}(?:[ \u00a0]{_WORD}){{0,3}})      # up to four capitalised words
    (?:,[ \u00a0]*[A-Z][a-z]*\.?(?:[ \u00a0]+\d{{1,2}})?(?:,?[ \u00a0]+\d{{4}})?)?  # ", Jan 12" or ", Pakistan"
    (?:[ \u00a0]*\([^()\n]{{1,40}}\))?                 # "(Reuters)"
    (?:[ \t\u00a0]*:|[ \t\u00a0]+[-–—](?=\s|$)|[ \t\u00a0]*[–—](?=\s))
    """,
    re.VERBOSE,
)
_LINE = re.compile(r"[^\n]*(?:\n|$)")


@dataclass(frozen=True)
class Header:
    """A ``date YYYY-MM-DD`` header at the very start of a text."""

    date: dt.date
    evidence: str  # the header as written ("date 2022-12-20")
    body_start: int  # the offset where the body starts, after the header and its spaces


def parse_header(text: str) -> Header | None:
    """The date header at the start of ``text``, or None (also for an impossible date)."""
    m = _HEADER.match(text)
    if m is None:
        return None
    try:
        date = dt.date.fromisoformat(m["date"])
    except ValueError:
        return None
    return Header(date, m["header"], m.end())


def _lines(text: str, start: int) -> list[tuple[int, int]]:
    """(start, end) of each line from ``start`` on, without its newline (first 50 lines)."""
    out: list[tuple[int, int]] = []
    pos = start
    while pos < len(text) and len(out) < 50:
        m = _LINE.match(text, pos)
        if m is None or m.end() == pos:
            break
        end = m.end() - 1 if m.group().endswith("\n") else m.end()
        out.append((pos, end))
        pos = m.end()
    return out


def _first_nonblank(text: str, lines: list[tuple[int, int]], from_line: int = 0) -> int | None:
    for i in range(from_line, len(lines)):
        if text[lines[i][0] : lines[i][1]].strip():
            return i
    return None


def find_title(text: str, start: int = 0) -> str | None:
    """A short first line (no final full stop) followed by a blank line and more text.

    Leading blank lines are skipped. Lines ending with ':' or a dash are
    datelines or labels, not titles.
    """
    lines = _lines(text, start)
    first = _first_nonblank(text, lines)
    if first is None or first + 2 >= len(lines):
        return None
    line = text[lines[first][0] : lines[first][1]].strip()
    after = text[lines[first + 1][0] : lines[first + 1][1]]
    if after.strip() or _first_nonblank(text, lines, first + 2) is None:
        return None
    words = line.split()
    if not words or len(words) >= TITLE_MAX_WORDS or len(line) > TITLE_MAX_CHARS:
        return None
    if line[-1] in ".:;,-–—" or not any(ch.isalpha() for ch in line):
        return None
    return line


@lru_cache(maxsize=1)
def _not_places() -> frozenset[str]:
    return frozenset(w.casefold() for w in load_yaml("datelines.yaml").get("not_places", []))


def find_dateline(text: str, start: int = 0, title: str | None = None) -> str | None:
    """The place of a dateline at the start of the body ("KARACHI:" -> "KARACHI"), or None.

    The body's first non-blank line is examined, after the title line when
    the text starts with ``title``.
    """
    lines = _lines(text, start)
    i = _first_nonblank(text, lines)
    if i is not None and title is not None and text[lines[i][0] : lines[i][1]].strip() == title.strip():
        i = _first_nonblank(text, lines, i + 1)
    if i is None:
        return None
    m = _DATELINE.match(text, lines[i][0], lines[i][1])
    if m is None:
        return None
    place = m["place"].rstrip(".")
    if place.casefold() in _not_places():
        return None
    return place
