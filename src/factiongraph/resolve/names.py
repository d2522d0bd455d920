"""Names as the resolver compares them: cleaned, tokenised, folded into keys.

A mention's text ("Dr Asad Umar", "Imran Khan's group",
"PML-Nawaz") becomes a :class:`NameForm`:

    display   the cleaned surface form, kept as the entity's alias
    tokens    lowercase words without punctuation, honorifics and possessives
    keys      the tokens folded by the transliteration rules of
              ``data/resolve/normalize.yaml`` (Anees ~ Anis, Haque ~ Haq)
    acronym   for a name that starts with an acronym ("PML-N"), its letters
    suffix    and the initials of what follows it ("n"), so that "PML-N" and
              "PML-Nawaz" share the key ``pml|n`` while "PML" and
              "PML-Quaid" do not

The rules (fold substitutions, honorifics, group head words) are data, loaded
once from ``src/factiongraph/data/resolve/``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from importlib import resources
from typing import Any

import yaml

GROUP_TYPES = frozenset({"party", "faction", "organization"})
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})
_ACRONYM = re.compile(r"^[A-Z][A-Z&]{1,6}$")
_ABBREVIATION = re.compile(r"^[A-Z]{1,4}$")
_WORD_SPLIT = re.compile(r"[\s\-\u2013\u2014/]+")
_NON_WORD = re.compile(r"[^\w&]+")


@dataclass(frozen=True)
class Rules:
    """The normalisation knowledge loaded from the data files."""

    fold: tuple[tuple[re.Pattern[str], str], ...]
    strip_suffixes: tuple[re.Pattern[str], ...]
    group_heads: dict[str, str]
    initials_skip: frozenset[str]
    leading_honorifics: frozenset[str]
    trailing_honorifics: frozenset[str]


def _load_yaml(name: str) -> Any:
    text = resources.files("factiongraph").joinpath("data", "resolve", name).read_text(encoding="utf-8")
    return yaml.safe_load(text) or {}


@cache
def rules() -> Rules:
    """The package's normalisation rules (read once)."""
    norm = _load_yaml("normalize.yaml")
    hon = _load_yaml("honorifics.yaml")
    return Rules(
        fold=tuple((re.compile(p), r) for p, r in norm.get("fold", [])),
        strip_suffixes=tuple(re.compile(p, re.IGNORECASE) for p in norm.get("strip_suffixes", [])),
        group_heads={str(k).lower(): str(v).lower() for k, v in (norm.get("group_heads") or {}).items()},
        initials_skip=frozenset(str(w).lower() for w in norm.get("initials_skip", [])),
        leading_honorifics=frozenset(str(w).lower() for w in hon.get("leading", [])),
        trailing_honorifics=frozenset(str(w).lower() for w in hon.get("trailing", [])),
    )


def clean(text: str) -> str:
    """The display form of a name: plain quotes and spaces, no possessive or "-led" tail."""
    s = " ".join(unicodedata.normalize("NFKC", text).translate(_QUOTES).split())
    s = s.strip(" \"'.,;:()[]")
    changed = True
    while changed:
        changed = False
        for pat in rules().strip_suffixes:
            t = pat.sub("", s)
            if t != s:
                s, changed = t.strip(), True
    return s


@lru_cache(maxsize=1 << 16)
def alias_norm(text: str) -> str:
    """Case- and space-insensitive form of an alias, used by user decisions."""
    return clean(text).casefold()


def _ascii(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def fold_token(token: str) -> str:
    """Apply the transliteration substitutions to one lowercase token."""
    for pat, rep in rules().fold:
        token = pat.sub(rep, token)
    return token


def _words(display: str) -> list[str]:
    """The words of a cleaned name, split on spaces and hyphens, punctuation and possessives dropped."""
    out = []
    for w in _WORD_SPLIT.split(display):
        w = re.sub(r"'s$", "", w)
        w = _NON_WORD.sub("", w)
        if w:
            out.append(w)
    return out


def _strip_honorifics(tokens: list[str]) -> list[str]:
    r = rules()
    while len(tokens) > 1 and tokens[0] in r.leading_honorifics:
        tokens = tokens[1:]
    while len(tokens) > 1 and tokens[-1] in r.trailing_honorifics:
        tokens = tokens[:-1]
    return tokens


def _acronym_parts(words: list[str]) -> tuple[str | None, str | None, bool]:
    """(acronym, suffix initials, suffix is abbreviated) for a name starting with an acronym."""
    if not words or not _ACRONYM.match(words[0]):
        return None, None, False
    rest = [w for w in words[1:] if w.lower() not in rules().initials_skip]
    abbreviated = len(rest) == 1 and bool(_ABBREVIATION.match(rest[0]))
    suffix = rest[0].lower() if abbreviated else "".join(w[0].lower() for w in rest)
    return words[0].lower(), suffix, abbreviated


@dataclass(frozen=True)
class NameForm:
    """One name, ready for comparison (see the module docstring)."""

    display: str
    type: str
    tokens: tuple[str, ...]
    keys: tuple[str, ...]
    acronym: str | None = None
    suffix: str | None = None
    suffix_abbreviated: bool = False

    # key, joined and the hash are read in every comparison, memo and index lookup: computed once per
    # form (a cached_property stores into the instance dict, which a frozen dataclass allows; eq
    # still sees only the fields). String hashes differ between processes: the cache is not pickled.
    def __hash__(self) -> int:
        h: int | None = self.__dict__.get("_hash")
        if h is None:
            h = self.__dict__["_hash"] = hash((self.display, self.type, self.tokens, self.keys, self.acronym,
                                               self.suffix, self.suffix_abbreviated))
        return h

    def __getstate__(self) -> dict[str, object]:
        return {k: v for k, v in self.__dict__.items() if k != "_hash"}

    @cached_property
    def key(self) -> str:
        return " ".join(self.keys)

    @cached_property
    def joined(self) -> str:
        """The key without spaces: "Kaim Khani" and "KaimKhani" agree."""
        return "".join(self.keys)

    @property
    def compound(self) -> str | None:
        """``acronym|suffix`` for names like "PML-N" or "PML-Nawaz"; None otherwise."""
        if self.acronym is None or not self.suffix:
            return None
        return f"{self.acronym}|{self.suffix}"

    @property
    def is_acronym(self) -> bool:
        return self.acronym is not None and len(self.tokens) <= 2

    def initials(self) -> set[str]:
        """Acronyms this name could be abbreviated to (with and without small words)."""
        if len(self.tokens) < 2:
            return set()
        skip = rules().initials_skip
        return {
            "".join(t[0] for t in self.tokens),
            "".join(t[0] for t in self.tokens if t not in skip),
        }

    def letters(self) -> str:
        """The letters of an acronym-like name ("PML-N" -> "pmln")."""
        return "".join(self.tokens)


@lru_cache(maxsize=1 << 16)
def name_form(text: str, type_: str) -> NameForm:
    """Clean, tokenise and fold a name of the given entity type (cached: names repeat a lot)."""
    display = clean(text)
    words = _words(_ascii(display))
    tokens = [w.lower() for w in words]
    if type_ == "person":
        tokens = _strip_honorifics(tokens)
    elif type_ in GROUP_TYPES:
        heads = rules().group_heads
        tokens = [heads.get(t, t) for t in tokens]
    keys = tuple(fold_token(t) for t in tokens)
    acronym, suffix, abbreviated = (None, None, False)
    if type_ in GROUP_TYPES:
        acronym, suffix, abbreviated = _acronym_parts(words)
    return NameForm(display, type_, tuple(tokens), keys, acronym, suffix, abbreviated)
