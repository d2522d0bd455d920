"""Who asserts a claim: a named person, "party sources", an outlet; and whether it is reported speech."""

from __future__ import annotations

from spacy.tokens import Span

from ..nlp.actors import tokens_of
from .lexicon import Lexicon


def source_of(sent: Span, speakers: list[tuple[int, int, str]], lex: Lexicon) -> tuple[str | None, bool]:
    """The source phrase of a sentence and whether it is reported speech.

    ``speakers`` are (token start, token end, text) of the actors in the sentence.
    The source is the actor or "X sources" phrase nearest a speech verb
    ("Zardari said", "sources told The News", "according to sources").
    """
    doc = sent.doc
    low = tokens_of(doc).lower
    if lex.speech_verbs.isdisjoint(low[sent.start : sent.end]):
        return None, False
    words = range(sent.start, sent.end)
    verbs = [i for i in words if low[i] in lex.speech_verbs]
    if not verbs:
        return None, False
    v = verbs[0]
    # "X sources", "sources privy to ..."
    for i in words:
        if low[i] in lex.source_nouns and abs(i - v) <= 8:
            start = i
            while start > sent.start and (doc[start - 1].is_title or doc[start - 1].is_upper) and not doc[start - 1].is_punct:
                start -= 1
            return doc[start : i + 1].text, True
    best = None
    for s, e, text in speakers:
        d = min(abs(v - e), abs(s - v))
        if d <= 3 and (best is None or d < best[0]):
            best = (d, text)
    if best is not None:
        return best[1], True
    return None, True
