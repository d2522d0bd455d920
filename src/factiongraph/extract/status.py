"""The status of a claim: occurred, planned, cancelled, negated or uncertain.

Cues come from the lexicon. A cue counts when it stands in the same clause
as the trigger, at most ``cue_window`` tokens before it (or, for
cancellation, up to four tokens after it: "the protest was called off"). A
verb trigger right after "to" ("efforts to unite") is an intention: planned. The strongest cue wins: cancelled > negated > planned > uncertain.
"""

from __future__ import annotations

import functools

from spacy.tokens import Doc, Span

from ..nlp.actors import tokens_of
from .lexicon import Cues, Lexicon

ORDER = ("cancelled", "negated", "planned", "uncertain")
CLAUSE_BREAKS = {";", "but", "however", "while", "although", "whereas"}
PLAN_AFTER = ("will", "would", "is expected", "are expected", "to be")  # plan phrases that may follow the trigger


@functools.cache
def _plans_after(cues: Cues) -> tuple[str, ...]:
    """The plan phrases of ``cues`` that state a plan after the trigger, padded (see ``Cues.padded``)."""
    return tuple(f" {p} " for p in cues.phrases if p.startswith(PLAN_AFTER))


def lowered(doc: Doc) -> list[str]:
    """The lower-cased tokens of a document, computed once (token objects are costly to make)."""
    return tokens_of(doc).lower


def clause_bounds(sent: Span, i: int) -> tuple[int, int]:
    """The token range of the clause around token i: up to the nearest clause break on each side."""
    low = lowered(sent.doc)
    lo = i
    while lo > sent.start and low[lo - 1] not in CLAUSE_BREAKS:
        lo -= 1
    hi = i + 1
    while hi < sent.end and low[hi] not in CLAUSE_BREAKS:
        hi += 1
    return lo, hi


def status_of(sent: Span, trigger_i: int, lex: Lexicon, *, relation: bool = False) -> str:
    """The status a sentence gives the happening or relation whose trigger is token ``trigger_i``."""
    doc = sent.doc
    low = lowered(doc)
    lo = trigger_i
    while lo > sent.start and trigger_i - lo < lex.cue_window and low[lo - 1] not in CLAUSE_BREAKS:
        lo -= 1
    # "his resignation", "their merger": the noun names something that exists; cues before it are about
    # another verb ("had not taken back his resignation")
    if trigger_i > sent.start and low[trigger_i - 1] in ("his", "her", "their", "its", "our"):
        lo = trigger_i
    before = low[lo:trigger_i]
    c_lo, c_hi = clause_bounds(sent, trigger_i)
    # "the protest by the X party was called off": a cancellation may follow the trigger's own phrase
    stop = trigger_i + 1
    while stop < min(c_hi, trigger_i + 11) and low[stop] != ",":
        stop += 1
    after = low[trigger_i + 1 : stop]
    window_text = " " + " ".join(low[lo : trigger_i + 1]) + " "
    after_text = " " + " ".join(after) + " "
    found = set()
    for status in ORDER:
        cues = lex.relation_planned if relation and status == "planned" else lex.status[status]
        if status == "cancelled":
            hay = window_text + after_text
            toks = before + after
        else:
            hay = window_text
            toks = before
        if cues.stated_in(toks, hay):
            found.add(status)
    # "Neither side announced talks on a merger": strong cues reach the whole clause before the trigger
    clause_before = low[c_lo:trigger_i]
    clause_text = " " + " ".join(clause_before) + " "
    for status, cues in lex.clause_cues.items():
        if cues.stated_in(clause_before, clause_text):
            found.add(status)
    # "A joint press conference will be held": a plan stated after the trigger, in its clause
    clause_after = " " + " ".join(low[trigger_i + 1 : c_hi]) + " "
    plan = lex.relation_planned if relation else lex.status["planned"]
    if any(p in clause_after for p in _plans_after(plan)):
        found.add("planned")
    # "to merge", "to join": an intention, not a happening
    if (
        trigger_i > sent.start
        and low[trigger_i - 1] == "to"
        and doc[trigger_i].pos_ in ("VERB", "")
        and (trigger_i - 2 < sent.start or low[trigger_i - 2] not in ("used", "due", "according"))
    ):
        found.add("planned")
    # "had planned ... was called off": cancellation beats the plan
    for status in ORDER:
        if status in found:
            return status
    return "occurred"
