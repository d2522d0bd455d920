"""The tense of the clause around a temporal expression, read from nearby cue words.

Cheap and local on purpose (it runs on every expression of every article): the verb cue
nearest to the expression, in the same sentence and not across a clause break such as
``;`` or "but", decides between ``past``, ``perfect`` (present perfect: "have been"),
``future`` and ``None`` (no cue).
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field

from factiongraph.temporal.lexicon import Lexicon, alternation

_SENTENCE_END = re.compile(r"[.!?]['\"”’)]?\s+(?=[\"“‘'(]?[A-Z0-9])|\n\s*\n|\n(?=\s*[A-Z])")
_CLAUSE_BREAK = re.compile(r";|:|\bbut\b|\bwhile\b|\bwhereas\b|\bhowever\b", re.IGNORECASE)
_BREAK_PENALTY = 200
_NON_FINITE = re.compile(r"(?i:\b(?:be|been|being|to|get|got)\s+)$")
_PERFECT_AUX = re.compile(
    r"(?i:\b(?:has|have|'ve|’ve|hasn't|haven't|hasn’t|haven’t)\s+(?:[a-z]+ly\s+|not\s+)?)$"
)
_FINITE_PAST = frozenset(
    {"was", "were", "had", "did", "didn't", "didn’t", "wasn't", "weren't", "wasn’t", "weren’t"}
)


@functools.cache
def cue_pattern(lex: Lexicon) -> re.Pattern[str]:
    """One regex for every tense cue: named groups ``future``, ``perfect``, ``past`` and ``ed`` (built once per
    lexicon: its alternations are long)."""
    return re.compile(
        rf"(?<![\w'’])(?:(?P<future>{alternation(list(lex.future_cues))})"
        rf"|(?P<perfect>{alternation(list(lex.perfect_cues))})"
        rf"|(?P<past>{alternation(list(lex.past_cues))})"
        rf"|(?P<ed>[a-z]{{2,}}ed))(?![\w'’])",
        re.IGNORECASE,
    )


@dataclass
class TenseReader:
    """Sentence bounds and tense cues of one text, computed once and queried per expression."""

    text: str
    lex: Lexicon
    pattern: re.Pattern[str]
    _ends: list[int] = field(default_factory=list)
    _cues: dict[int, list[tuple[int, int, str]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._ends = [m.end() for m in _SENTENCE_END.finditer(self.text)]

    def sentence(self, pos: int) -> tuple[int, int]:
        """The bounds of the sentence containing ``pos``."""
        i = bisect.bisect_right(self._ends, pos)
        start = self._ends[i - 1] if i > 0 else 0
        end = self._ends[i] if i < len(self._ends) else len(self.text)
        return start, end

    def _sentence_cues(self, start: int, end: int) -> list[tuple[int, int, str]]:
        if start not in self._cues:
            cues: list[tuple[int, int, str]] = []
            for m in self.pattern.finditer(self.text, start, end):
                kind = m.lastgroup or ""
                if kind == "ed":
                    word = m.group(0)
                    if word[0].isupper() or word.lower() in self.lex.not_past_ed:
                        continue
                    kind = "ed"
                if kind == "ed" or (kind == "past" and m.group(0).lower() not in _FINITE_PAST):
                    # a participle after "be", "been", "to" is no tense of its own ("will be held")
                    if _NON_FINITE.search(self.text, max(start, m.start() - 12), m.start()):
                        continue
                    perfect = _PERFECT_AUX.search(self.text, max(start, m.start() - 30), m.start())
                    kind = "perfect" if perfect else "past"
                cues.append((m.start(), m.end(), kind))
            self._cues[start] = cues
        return self._cues[start]

    def tense(self, start: int, end: int) -> str | None:
        """``past``, ``perfect``, ``future`` or ``None`` for the expression at ``[start, end)``."""
        s, e = self.sentence(start)
        best: tuple[int, str] | None = None
        for cs, ce, kind in self._sentence_cues(s, e):
            if cs < end and ce > start:
                continue  # a cue inside the expression itself ("last week")
            lo, hi = (ce, start) if ce <= start else (end, cs)
            dist = hi - lo
            if best is not None and dist >= best[0]:
                continue  # no nearer than the best, even without a clause break between
            if _CLAUSE_BREAK.search(self.text, lo, hi):
                dist += _BREAK_PENALTY
            if best is None or dist < best[0]:
                best = (dist, kind)
        return best[1] if best else None
