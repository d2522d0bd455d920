"""A cleaned copy of an article's text for analysis, with an exact map back to the original.

The original text is never changed (``Article.text`` is what was read); the
NLP stages read the cleaned copy and report offsets in the original through
the map. Only the text from ``start`` on (the body, after a date header) is
cleaned.

Repairs, in order:

1. per character: curly quotes and apostrophes become straight ones, every
   kind of horizontal space (tab, no-break space...) a plain space, every
   line break a newline; zero-width characters, soft hyphens and control
   characters are dropped (``normalize_char``);
2. per line: runs of spaces become one space, lines are stripped, lines of
   page furniture are dropped ("Leave a Comment", "Share this"..., patterns in
   ``data/ingest/junk_lines.yaml``), runs of blank lines become one blank line
   (a paragraph break) and blank lines at both ends go;
3. a space is inserted after a sentence end glued to the next sentence
   ("Party.The" -> "Party. The") or a colon glued to a capitalised word
   ("Karachi:The" -> "Karachi: The"), but not after abbreviations
   (``data/ingest/abbreviations.txt``: "Dr.", "No."...), inside acronyms
   ("U.S.", "PML-N."), numbers ("3.5") or URLs and e-mail addresses.

Every cleaned character comes from one original character except the spaces
of step 3, which are *inserted*: they map to the offset where they were put.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from factiongraph.ingest.resources import load_word_list, load_yaml

_QUOTES = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2033": '"',
}
_OPENING_QUOTES = frozenset("\u2018\u201a\u201b\u201c\u201e\u201f")
_SPACES = frozenset(
    "\t \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
)
_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
_DROPPED = frozenset("\u200b\u2060\ufeff\u00ad")

_LINE_BREAK = re.compile(r"\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_SPECIAL = re.escape("".join(sorted(set(_QUOTES) | _SPACES | _DROPPED)))
_KEPT_RUN = "[^" + _SPECIAL + r"\x00-\x1f\x7f-\x9f]+"  # characters that stay as they are
# runs of kept characters with single plain spaces inside (they stay as they are too: the space between two
# words is the one a run of spaces becomes), or one character that normalize_char must look at
_LINE_PIECE = re.compile(_KEPT_RUN + "(?: " + _KEPT_RUN + ")*|.", re.DOTALL)
_GLUED = re.compile(r"(?:[.!?]+|(:))([\"']?)(?=[^\W\d_])")
_CLOSERS = frozenset(")]\"'%")
_OFFSET_TYPE = "i" if array("i").itemsize >= 4 else "l"  # 4 bytes per offset: texts up to 2 GB


def normalize_char(ch: str) -> str:
    """What one original character becomes: itself, a straight quote, " ", "\\n" or "" (dropped)."""
    if ch in _QUOTES:
        return _QUOTES[ch]
    if ch in _SPACES:
        return " "
    if ch in _BREAKS:
        return "\n"
    if ch in _DROPPED or unicodedata.category(ch) == "Cc":
        return ""
    return ch


# --- rules -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CleanRules:
    """The data cleaning uses: junk-line patterns and abbreviations."""

    junk: tuple[re.Pattern[str], ...]
    junk_max_words: int
    abbreviations: frozenset[str]

    @classmethod
    def load(cls, extra_junk: Iterable[Path] = (), extra_abbreviations: Iterable[Path] = ()) -> CleanRules:
        """The packaged rules plus the user's files (same formats as the packaged ones)."""
        base = load_yaml("junk_lines.yaml")
        patterns = list(base.get("patterns", []))
        for path in extra_junk:
            patterns += load_yaml(path).get("patterns", [])
        abbreviations = load_word_list("abbreviations.txt")
        for path in extra_abbreviations:
            abbreviations += load_word_list(path)
        return cls(
            junk=tuple(re.compile(p, re.IGNORECASE) for p in patterns),
            junk_max_words=int(base.get("max_words", 30)),
            abbreviations=frozenset(a.casefold() for a in abbreviations),
        )

    def is_junk(self, line: str) -> bool:
        """A short line that matches a page-furniture pattern at its start."""
        return len(line.split()) <= self.junk_max_words and any(p.match(line) for p in self.junk)


@lru_cache(maxsize=1)
def default_rules() -> CleanRules:
    return CleanRules.load()


# --- the offset map ----------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class OffsetMap:
    """Cleaned offsets -> original offsets.

    ``sources[i]`` is the original offset of cleaned character ``i``; for an
    inserted character (``inserted[i] == 1``) it is the original offset it was
    inserted before. ``sources`` never decreases. ``end`` is what the end of
    the cleaned text maps to.
    """

    sources: array[int]
    inserted: bytes
    end: int

    def __len__(self) -> int:
        return len(self.sources)

    def _check(self, i: int) -> None:
        if not 0 <= i <= len(self.sources):
            raise IndexError(f"cleaned offset {i} is outside 0..{len(self.sources)}")

    def to_original(self, i: int) -> int:
        """The original offset of cleaned offset ``i`` (``len`` maps to the end of the cleaned part)."""
        self._check(i)
        return self.end if i == len(self.sources) else self.sources[i]

    def span_to_original(self, a: int, b: int) -> tuple[int, int]:
        """The original span ``[start, end)`` covering cleaned characters ``[a, b)``."""
        self._check(a)
        self._check(b)
        if b < a:
            raise IndexError(f"span end {b} is before its start {a}")
        if a == b:
            p = self.to_original(a)
            return p, p
        last = b - 1
        return self.sources[a], self.sources[last] + (0 if self.inserted[last] else 1)

    def is_inserted(self, i: int) -> bool:
        """True when cleaned character ``i`` was added by cleaning (a space after a sentence end)."""
        return bool(self.inserted[i])

    def to_cleaned(self, j: int) -> int:
        """The first cleaned offset whose character comes from original offset ``j`` or later."""
        return bisect_left(self.sources, j)


@dataclass(frozen=True, eq=False)
class Cleaned:
    """The cleaned copy of ``original[start:]`` and its map back to the original."""

    text: str
    offsets: OffsetMap
    start: int

    def to_original(self, i: int) -> int:
        return self.offsets.to_original(i)

    def span_to_original(self, a: int, b: int) -> tuple[int, int]:
        return self.offsets.span_to_original(a, b)


# --- cleaning ----------------------------------------------------------------------------------


def _clean_line(text: str, a: int, b: int, pieces: list[str], sources: array[int]) -> None:
    """Append the normalised text of ``text[a:b]`` to ``pieces`` (non-empty strings) and the original offset
    of each of its characters to ``sources``: spaces collapsed, ends stripped."""
    space_at = -1
    for m in _LINE_PIECE.finditer(text, a, b):
        piece = m.group()
        if len(piece) == 1:
            piece = normalize_char(piece)
            if not piece:
                continue
            if piece == " ":
                if space_at < 0:
                    space_at = m.start()
                continue
        if space_at >= 0:
            if pieces:
                pieces.append(" ")
                sources.append(space_at)
            space_at = -1
        pieces.append(piece)
        sources.extend(range(m.start(), m.start() + len(piece)))


def _clean_lines(text: str, start: int, rules: CleanRules) -> tuple[str, array[int]]:
    """Step 1 and 2: normalised lines, junk dropped, blank lines collapsed."""
    out: list[str] = []
    sources = array(_OFFSET_TYPE)
    breaks: list[int] = []  # line breaks seen since the last line kept
    pos = start
    while True:
        m = _LINE_BREAK.search(text, pos)
        line_end = m.start() if m else len(text)
        pieces: list[str] = []
        line_sources = array(_OFFSET_TYPE)
        _clean_line(text, pos, line_end, pieces, line_sources)
        if pieces:
            if rules.is_junk("".join(pieces)):
                if m is None:
                    break
                pos = m.end()
                continue
            if out:
                out.append("\n")
                sources.append(breaks[0])
                if len(breaks) > 1:
                    out.append("\n")
                    sources.append(breaks[1])
            out.extend(pieces)
            sources.extend(line_sources)
            breaks = []
        if m is None:
            break
        breaks.append(m.start())
        pos = m.end()
    return "".join(out), sources


def _glue_points(text: str, original: str, sources: array[int], rules: CleanRules) -> list[int]:
    """Step 3: where a space goes after a sentence end glued to the next sentence."""
    points: list[int] = []
    for m in _GLUED.finditer(text):
        s, after = m.start(), m.end()
        if s == 0 or not text[after].isupper():
            continue
        prev = text[s - 1]
        if m.group(1):  # a colon: "Karachi:The", "said:\"We" (not "10:30", not "http:")
            if not (prev.isalpha() or prev in _CLOSERS):
                continue
        elif not (prev.islower() or prev.isdigit() or prev in _CLOSERS):
            continue
        if after + 1 < len(text) and text[after + 1] == ".":  # initials: "Mr.A.B."
            continue
        k = s
        while k > 0 and (text[k - 1].isalnum() or text[k - 1] == "."):
            k -= 1
        if text[s] == "." and text[k:s].strip(".").casefold() in rules.abbreviations:
            continue
        if _in_address(text, s):
            continue
        if m.group(2) and _opens(text, original, sources, m.start(2)):
            points.append(m.start(2))
        else:
            points.append(after)
    return points


def _in_address(text: str, i: int) -> bool:
    """True when offset ``i`` lies in a URL, a path or an e-mail address."""
    a = max(text.rfind(" ", 0, i), text.rfind("\n", 0, i)) + 1
    b = len(text)
    for sep in (" ", "\n"):
        j = text.find(sep, i)
        if j >= 0:
            b = min(b, j)
    token = text[a:b].casefold()
    return "://" in token or "www." in token or "@" in token or "/" in token


def _opens(text: str, original: str, sources: array[int], q: int) -> bool:
    """True when the quote at cleaned offset ``q`` opens a quotation (else it closes one)."""
    source_char = original[sources[q]]
    if source_char in _QUOTES:
        return source_char in _OPENING_QUOTES
    line_start = text.rfind("\n", 0, q) + 1
    return text.count(text[q], line_start, q) % 2 == 0


def clean(text: str, start: int = 0, rules: CleanRules | None = None) -> Cleaned:
    """The cleaned copy of ``text[start:]`` for analysis, and its exact offset map."""
    if not 0 <= start <= len(text):
        raise ValueError(f"start {start} is outside the text (0..{len(text)})")
    rules = rules or default_rules()
    lines, sources = _clean_lines(text, start, rules)
    points = _glue_points(lines, text, sources, rules)
    out: list[str] = []
    final = array(_OFFSET_TYPE)
    inserted = bytearray()
    prev = 0
    for p in points:
        out.append(lines[prev:p])
        final.extend(sources[prev:p])
        inserted.extend(bytes(p - prev))
        out.append(" ")
        final.append(sources[p])
        inserted.append(1)
        prev = p
    out.append(lines[prev:])
    final.extend(sources[prev:])
    inserted.extend(bytes(len(lines) - prev))
    end = final[-1] + 1 if final else start
    return Cleaned("".join(out), OffsetMap(final, bytes(inserted), end), start)
