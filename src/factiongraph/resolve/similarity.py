"""Pairwise name comparison: does name A name the same actor as name B?

Each function returns a :class:`Match` (the rule that fired and a score in
0..1) or ``None``. Scores are calibrated against :data:`MERGE_THRESHOLD`:
a rule scoring at or above it may merge on its own; a weaker rule (a bare
surname, a partial name) needs context (a shared role, a shared party) to
reach it. Types are checked by the caller.

Person names (given name + surname):

    same-key        folded keys equal ("Shahbaz Shareef" ~ "Shehbaz Sharif")   1.00
    same-spelling   keys equal once spaces are removed ("Kaim Khani")           0.97
    token-variants  same number of words, each pair compatible:                 min of
                      truncation of the surname ("Zardar" ~ "Zardari")      0.93
                      phonetic (Metaphone equal, Jaro-Winkler >= 0.88)          0.92
                      a typo (Damerau-Levenshtein 1 on a long non-first word)   0.90
    partial-name    the shorter (2+ words) is an ordered part of the longer,    0.85
                    with the same first word ("Khalid Maqbool")
    surname-only    one word, the other's surname ("Zardari")                   0.80
    given-name-only one word, the other's given name ("Imran")                  0.75

The given names must always agree: "Imran Khan" and "Aamir Khan" never match.

Group names (party, faction, organization, place):

    same-key        folded keys equal ("Pak Sarzameen Party" ~ "Pak Sarzamin Party")
    acronym-suffix  same acronym and one suffix abbreviates the other ("PML-N" ~ "PML-Nawaz");
                    "PML" vs "PML-N" or "PML-Quaid" vs "PML-N" never match
    token-stems     same number of words, each pair equal or sharing a long prefix
                    ("coordinating committee" ~ "coordination committee") or a typo
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import jellyfish
from rapidfuzz.distance import DamerauLevenshtein

from factiongraph.resolve.names import NameForm

MERGE_THRESHOLD = 0.9
STRONG = 0.97
MIN_TRUNCATED = 4  # the shorter word of a truncation has at least this many letters
MAX_TRUNCATION = 2  # letters that may be missing at the end
MIN_TYPO = 5  # words shorter than this get no typo tolerance
MIN_STEM = 6  # a shared prefix of at least this many letters...
STEM_SHARE = 0.8  # ...covering this share of the shorter word
PHONETIC_JW = 0.88


@dataclass(frozen=True)
class Match:
    """The rule that says two names agree, and how sure it is."""

    rule: str
    score: float


def truncated(a: str, b: str) -> bool:
    """One word is the other with at most two final letters cut off ("tesor" ~ "tesori")."""
    short, long_ = sorted((a, b), key=len)
    return (
        short != long_
        and len(short) >= MIN_TRUNCATED
        and len(long_) - len(short) <= MAX_TRUNCATION
        and long_.startswith(short)
    )


def typo(a: str, b: str) -> bool:
    """One edit (insert, delete, substitute, swap) apart on words long enough to carry it."""
    return min(len(a), len(b)) >= MIN_TYPO and DamerauLevenshtein.distance(a, b) == 1


def phonetic(a: str, b: str) -> bool:
    """Same Metaphone code and close spelling."""
    return (
        jellyfish.metaphone(a) == jellyfish.metaphone(b)
        and jellyfish.jaro_winkler_similarity(a, b) >= PHONETIC_JW
    )


def _word_score(a: str, b: str, position: int, last: bool) -> float | None:
    """How well word ``a`` matches word ``b`` at a position in a person's name."""
    if a == b:
        return 1.0
    if last and truncated(a, b):
        return 0.93
    if phonetic(a, b):
        return 0.92
    if position > 0 and typo(a, b):
        return 0.9
    return None


def _ordered_part(short: tuple[str, ...], long_: tuple[str, ...]) -> bool:
    """``short`` is an ordered subsequence of ``long_``; its final word may be truncated."""
    i = 0
    for j, w in enumerate(long_):
        if i < len(short) and (short[i] == w or (j == len(long_) - 1 and truncated(short[i], w))):
            i += 1
    return i == len(short)


def person_match(a: NameForm, b: NameForm) -> Match | None:
    """Compare two person names (see the module docstring for the rules)."""
    if not a.keys or not b.keys:
        return None
    if a.key == b.key:
        return Match("same-key", 1.0)
    if a.joined == b.joined:
        return Match("same-spelling", 0.97)
    if len(a.keys) == len(b.keys) and len(a.keys) >= 2:
        n = len(a.keys)
        scores = [
            _word_score(x, y, i, i == n - 1) for i, (x, y) in enumerate(zip(a.keys, b.keys, strict=True))
        ]
        if all(s is not None for s in scores):
            return Match("token-variants", min(s for s in scores if s is not None))
        return None
    short, long_ = sorted((a.keys, b.keys), key=len)
    if len(short) >= 2 and short[0] == long_[0] and _ordered_part(short, long_):
        return Match("partial-name", 0.85)
    if len(short) == 1:
        w = short[0]
        if w == long_[-1] or truncated(w, long_[-1]):
            return Match("surname-only", 0.8)
        if w == long_[0]:
            return Match("given-name-only", 0.75)
    return None


def stem_like(a: str, b: str) -> bool:
    """Two words that share a long prefix ("coordinating" ~ "coordination")."""
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n >= MIN_STEM and n >= STEM_SHARE * min(len(a), len(b))


def group_match(a: NameForm, b: NameForm) -> Match | None:
    """Compare two names of parties, factions, organisations or places."""
    if not a.keys or not b.keys:
        return None
    if a.key == b.key or a.joined == b.joined:
        return Match("same-key", 1.0)
    ca, cb = a.compound, b.compound
    if ca is not None and ca == cb and (a.suffix_abbreviated or b.suffix_abbreviated):
        return Match("acronym-suffix", STRONG)
    if a.acronym is not None or b.acronym is not None:
        return None
    if len(a.keys) == len(b.keys) and len(a.keys) >= 2:
        differing = [(x, y) for x, y in zip(a.keys, b.keys, strict=True) if x != y]
        if len(differing) == 1 and typo(*differing[0]):
            return Match("token-typo", 0.9)
        if all(stem_like(x, y) for x, y in differing):
            return Match("token-stems", 0.92)
    return None


@functools.lru_cache(maxsize=200_000)
def names_match(a: NameForm, b: NameForm) -> Match | None:
    """The comparison suited to the type of ``a`` (both names have the same type).

    Pure, and asked about the same pairs again and again as names recur across articles: cached.
    """
    return person_match(a, b) if a.type == "person" else group_match(a, b)
