"""Find and type every actor in a Doc: the political layer's recogniser.

It reads a sentence as a run of *segments*: maximal stretches of capitalised
words, titles, honorifics and gazetteer names ("Sindh Governor Kamran
Zardari", "PML-N Convener Dr Asif Ali Zardari"). Each segment is cut
into items (gazetteer name, title, honorific, unknown name) and the unknown
names are typed by what ends them ("... Party", "... House"), what stands
before them (a title makes a person), acronym definitions in the text
("Pak Sarzameen Party (PSP)"), faction patterns ("the X group", "X's camp"),
the statistical model's label when there is one, and label consistency
within the article (a surname inherits the type of its full name).

Titles are not part of names: they are kept as the mention's ``role``, with
the group or place they belong to (``role_of``), for the extraction stage.
Everything it knows comes from :mod:`factiongraph.nlp.knowledge`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from spacy.attrs import IDX, IS_ALPHA, IS_LOWER, IS_PUNCT, IS_SPACE, IS_TITLE, LOWER, ORTH, SPACY
from spacy.tokens import Doc, Token

from .knowledge import Knowledge, Title

GROUP_TYPES = ("party", "faction", "organization")
#: A sum of money written as a capitalised word: "Rs25,000", "Tk500", "Rs.5".
_AMOUNT = re.compile(r"^[A-Z][a-z]{0,2}\.?\d[\d,.]*$")


@dataclass
class Actor:
    """An actor span in the analysed (cleaned) text, with what the layer learnt about it."""

    start: int  # token index
    end: int
    type: str
    source: str
    role: Title | None = None
    role_of: Actor | None = None
    kind: str = "name"
    canonical: str | None = None
    sentence: int = 0
    shares_role_with: Actor | None = None
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class TokenTable:
    """The token attributes the rules read, as plain lists indexed by token, built once per Doc.

    A spaCy Token object is built on every ``doc[i]`` and every attribute read goes through it;
    the rules read the same few attributes of the same tokens many times, so they read these lists.
    """

    text: list[str]
    lower: list[str]
    is_title: list[bool]
    is_alpha: list[bool]
    is_lower: list[bool]
    cap: list[bool]  # :func:`_is_cap`: a capitalised word, or a number-hyphen code with letters
    is_space: list[bool]
    is_punct: list[bool]
    idx: list[int]  # character offset of each token in ``source``
    source: str  # the text of the Doc

    def span_text(self, start: int, end: int) -> str:
        """The text of tokens ``[start, end)`` as ``doc[start:end].text`` gives it (inner spaces kept)."""
        if end <= start:
            return ""
        return self.source[self.idx[start] : self.idx[end - 1] + len(self.text[end - 1])]

    def char_span(self, start: int, end: int) -> tuple[int, int]:
        """The character offsets of the non-empty token range ``[start, end)``: ``(span.start_char, span.end_char)``."""
        if end <= start:
            raise ValueError(f"empty token range {start}..{end}")
        return self.idx[start], self.idx[end - 1] + len(self.text[end - 1])


def tokens_of(doc: Doc) -> TokenTable:
    """The :class:`TokenTable` of ``doc``, cached in its ``user_data`` (rebuilt if the tokens changed)."""
    table = doc.user_data.get("fg_tokens")
    if not isinstance(table, TokenTable) or len(table.text) != len(doc):
        table = _read_tokens(doc)
        doc.user_data["fg_tokens"] = table
    return table


_TABLE_ATTRS = [ORTH, LOWER, IS_TITLE, IS_ALPHA, IS_LOWER, IS_SPACE, IS_PUNCT, IDX, SPACY]


def _read_tokens(doc: Doc) -> TokenTable:
    """The token table of ``doc``, read in one call to ``Doc.to_array`` (no Token object is built)."""
    if len(doc) == 0:
        return TokenTable([], [], [], [], [], [], [], [], [], "")
    orth, lower, is_title, is_alpha, is_lower, is_space, is_punct, idx, spaced = doc.to_array(_TABLE_ATTRS).T.tolist()
    strings = doc.vocab.strings
    text = [strings[h] for h in orth]
    return TokenTable(
        text=text,
        lower=[strings[h] for h in lower],
        is_title=[x == 1 for x in is_title],
        is_alpha=[x == 1 for x in is_alpha],
        is_lower=[x == 1 for x in is_lower],
        cap=[_is_cap_text(x) for x in text],
        is_space=[x == 1 for x in is_space],
        is_punct=[x == 1 for x in is_punct],
        idx=idx,
        source="".join([w + " " if sp else w for w, sp in zip(text, spaced, strict=True)]),
    )


class _Item(NamedTuple):
    """A piece of a sentence. A tuple, not an object with a ``__dict__``: a Doc's items are kept from one
    pass of :meth:`ActorFinder.find` to the next, and tuples of plain values cost the garbage collector
    nothing once it has seen them (it stops tracking them), where as many objects would make it run often."""

    start: int
    end: int
    kind: str  # gaz | title | hon | name | conn
    type: str | None = None
    canonical: str | None = None
    title: Title | None = None


class Gazetteer:
    """Longest-match lookup of known names and titles over token sequences."""

    def __init__(self, nlp_tokenizer: object, k: Knowledge):
        self.k = k
        self.names: dict[tuple[str, ...], list[tuple[str, str, str]]] = {}
        self._table_doc: Doc | None = None  # the document whose token table is in ``_table``
        self._table: TokenTable | None = None
        self.max_len = 1
        tok = nlp_tokenizer
        for surface, (etype, canonical) in k.names.items():
            words = tuple(t.text for t in tok(surface))  # type: ignore[operator]
            if not words:
                continue
            key = tuple(w.lower() for w in words)
            self.names.setdefault(key, []).append((surface, etype, canonical))
            self.max_len = max(self.max_len, len(key))
        self.titles: dict[tuple[str, ...], Title] = {}
        self.title_len = 1
        for phrase, title in k.titles.items():
            tkey = tuple(t.text.lower() for t in tok(phrase))  # type: ignore[operator]
            self.titles[tkey] = title
            self.title_len = max(self.title_len, len(tkey))
        self._name_lengths = self._lengths(self.names)
        self._title_lengths = self._lengths(self.titles)
        #: The lower-case words a known name can start with: no name starts at any other word.
        self.name_starts = frozenset(self._name_lengths)
        #: The lower-case words a title (with its modifiers) can start with: no title starts at any other word.
        self.title_starts = frozenset(self._title_lengths) | frozenset(k.modifiers)

    @staticmethod
    def _lengths(table: Mapping[tuple[str, ...], object]) -> dict[str, list[int]]:
        """For each first word, the lengths of the entries that start with it, longest first."""
        out: dict[str, set[int]] = {}
        for key in table:
            out.setdefault(key[0], set()).add(len(key))
        return {w: sorted(ns, reverse=True) for w, ns in out.items()}

    def _tokens(self, doc: Doc) -> TokenTable:
        """The token table of ``doc``, remembered for the document asked about last (asked per token)."""
        if self._table_doc is not doc or self._table is None:
            self._table_doc, self._table = doc, tokens_of(doc)
        return self._table

    def name_at(self, doc: Doc, i: int, limit: int) -> tuple[int, str, str] | None:
        """The longest known name starting at token i: (end, type, canonical)."""
        tb = self._tokens(doc)
        low = tb.lower
        for n in self._name_lengths.get(low[i], ()):
            if i + n > limit:
                continue
            key = tuple(low[i : i + n])
            for surface, etype, canonical in self.names.get(key, ()):
                if _case_ok(tb.span_text(i, i + n), surface):
                    return i + n, etype, canonical
        return None

    def title_at(self, doc: Doc, i: int, limit: int) -> tuple[int, Title] | None:
        """A title starting at token i, with any modifiers before it ("Federal Health Minister")."""
        low = self._tokens(doc).lower
        j = i
        while j < limit and low[j] in self.k.modifiers:
            j += 1
        for start in (i, j) if j > i else (i,):
            if start >= limit:
                continue
            for n in self._title_lengths.get(low[start], ()):
                if start + n > limit:
                    continue
                t = self.titles.get(tuple(low[start : start + n]))
                if t is not None:
                    return start + n, t
        return None


def _spelt_by_acronym(tb: TokenTable, it: _Item) -> bool:
    """Whether the name is followed by an acronym in brackets made of its initials: "Social Freedom Fighters (SFF)"."""
    j = it.end
    return (
        j + 2 < len(tb.text)
        and tb.text[j] == "("
        and tb.text[j + 2] == ")"
        and _initials(tb, it.start, it.end) == _letters(tb.text[j + 1])
    )


def _past_acronym(tb: TokenTable, j: int, end: int) -> int:
    """The token after an acronym in brackets at ``j`` ("Doru Varta (DV), a group"), or ``j``."""
    if j + 2 < end and tb.text[j] == "(" and tb.text[j + 2] == ")":
        return j + 3
    return j


def _initials(tb: TokenTable, start: int, end: int) -> str:
    """The first letters of the capitalised words of tokens ``[start, end)``, lower-case: "slpp"."""
    return "".join(w[0] for w in tb.text[start:end] if w[:1].isupper()).lower()


def _letters(acronym: str) -> str:
    """The letters of an acronym, lower-case: "JD(U)" -> "jdu"."""
    return "".join(c for c in acronym if c.isalpha()).lower()


def _case_ok(text: str, surface: str) -> bool:
    """A name written in capitals must be matched as such; a lower-case entry only in lower case."""
    if surface.isupper() or any(c.isdigit() for c in surface):
        return text == surface or text.replace(" ", "") == surface.replace(" ", "")
    if surface[:1].islower():
        return text[:1].islower()
    return text[:1].isupper()


def _is_cap(t: Token) -> bool:
    return _is_cap_text(t.text)


@functools.lru_cache(maxsize=1 << 16)
def _is_cap_text(s: str) -> bool:
    """A capitalised word, or a number-hyphen code with letters ("9-A"); remembered (asked for every token)."""
    return bool(s) and (s[0].isupper() or (s[0].isdigit() and "-" in s and s[-1].isdigit() is False)) and any(
        c.isalpha() for c in s
    )


@dataclass(frozen=True)
class _Cut:
    """A Doc's sentences as one finder cut them into items, kept in the Doc's ``user_data`` for the next pass
    of :meth:`ActorFinder.find`. The items of all sentences are kept as one tuple per field of :class:`_Item`
    (``columns``) and each sentence as (start token, end token, first item, end item): a few objects for
    the garbage collector to follow, where a list of items would be one per word (many long-lived objects
    make it run often, and it then costs more than cutting the sentences again)."""

    finder: ActorFinder
    n_tokens: int
    sentences: list[tuple[int, int, int, int]]
    columns: tuple[list[Any], ...]

    def items(self, first: int, end: int) -> list[_Item]:
        """The items ``first`` to ``end`` (exclusive)."""
        return list(map(_Item._make, zip(*(c[first:end] for c in self.columns), strict=True)))


class ActorFinder:
    def __init__(self, k: Knowledge, gaz: Gazetteer):
        self.k = k
        self.gaz = gaz
        self.constituency = re.compile(k.constituency_regex)
        self._portfolio_words = frozenset(w for p in k.portfolio for w in p.split())
        self._name_heads = frozenset(k.place_heads | k.organization_heads)

    def _sentences(self, doc: Doc) -> Iterator[tuple[int, int, list[_Item]]]:
        """The sentences of ``doc`` (start token, end token) cut into items, once per Doc: the items do not
        depend on the model's labels, so the second pass of :meth:`find` over a Doc reuses them. The pipeline
        changes no Doc after making it (a Doc whose length changed is cut again)."""
        cut = doc.user_data.get("fg_sentences")
        if isinstance(cut, _Cut) and cut.finder is self and cut.n_tokens == len(doc):
            for start, end, first_item, end_item in cut.sentences:
                yield start, end, cut.items(first_item, end_item)
            return
        tb = tokens_of(doc)
        bounds: list[tuple[int, int, int, int]] = []
        columns: tuple[list[Any], ...] = tuple([] for _ in _Item._fields)
        for sent in doc.sents:
            first = sent.start
            while first < sent.end and (tb.is_space[first] or tb.is_punct[first]):
                first += 1
            items = self._items(doc, sent.start, sent.end, first)
            n = len(columns[0])
            bounds.append((sent.start, sent.end, n, n + len(items)))
            if items:
                for column, values in zip(columns, zip(*items, strict=True), strict=True):
                    column.extend(values)
            yield sent.start, sent.end, items
        doc.user_data["fg_sentences"] = _Cut(self, len(doc), bounds, columns)

    # ------------------------------------------------------------------ items
    def _items(self, doc: Doc, s: int, e: int, first: int) -> list[_Item]:
        k = self.k
        items: list[_Item] = []
        tb = tokens_of(doc)
        text, low, cap = tb.text, tb.lower, tb.cap
        name_starts, title_starts = self.gaz.name_starts, self.gaz.title_starts
        # the sets every word is checked against, read once per sentence
        honorifics, connectors, name_connectors = k.honorifics, k.connectors, k.name_connectors
        is_constituency = self.constituency.match
        i = s
        while i < e:
            tt, tl = text[i], low[i]
            hit = self.gaz.name_at(doc, i, e) if tl in name_starts else None
            if (
                hit is not None
                and hit[0] == i + 1
                and hit[1] == "place"
                and items
                and items[-1].kind == "name"
                and items[-1].end == i
                and not tt.isupper()
            ):
                hit = None
            if hit is not None and hit[0] == i + 1 and tt in k.weak_places:
                if i == first and tl in k.english_words and i + 1 < e and text[i + 1].islower():
                    i += 1  # "Reading out the resolution, ...": a word, not the town
                    continue
                if self._name_follows(doc, tb, i + 1, e):
                    hit = None  # "Vladimir Cerrón": a first name, not the city
            if (hit is not None and cap[i]) or (hit is not None and tt[:1].islower() and hit[0] - i > 1):
                end, etype, canonical = hit  # type: ignore[misc]
                # A title word followed by a head word is a name: "Governor House".
                grown = self._head_after_gaz(doc, tb, end, e, etype)
                if grown is not None:
                    items.append(_Item(i, grown[0], "name", grown[1]))
                    i = grown[0]
                    continue
                items.append(_Item(i, end, "gaz", etype, canonical))
                i = end
                continue
            if is_constituency(tt):
                items.append(_Item(i, i + 1, "gaz", "place", tt))
                i += 1
                continue
            th = self.gaz.title_at(doc, i, e) if tl in title_starts else None
            if th is not None:
                end, title = th
                nxt = text[end] if end < e else None
                if nxt is not None and nxt in self._name_heads and cap[end]:
                    items.append(_Item(i, end + 1, "name", k.head_type(nxt)))
                    i = end + 1
                    continue
                # "Minister for Planning, Development and Special Initiatives"
                if nxt is not None and low[end] in ("for", "of") and title.relation == "holds_office":
                    j = end + 1
                    while j < e and (text[j] in self._portfolio_words or text[j] in {",", "and"}):
                        j += 1
                    if j > end + 1:
                        end = j
                items.append(_Item(i, end, "title", title=title))
                i = end
                continue
            if tt in honorifics and i + 1 < e and cap[i + 1]:
                items.append(_Item(i, i + 1, "hon"))
                i += 1
                continue
            if cap[i] and tt not in k.not_names and tl not in k.calendar_words:
                if i == first and not tt.isupper() and (
                    k.is_common(tt)
                    or (tl.endswith("s") and k.is_common(tt[:-1]))
                    or (i + 1 < e and text[i + 1] == "," and not cap[i + 1])
                    or tt.endswith("ing")
                ):
                    i += 1
                    continue
                if items and items[-1].kind == "name" and items[-1].end == i and items[-1].type is None:
                    # a name typed by its head ("Chairman Senate") is complete: "Sadiq Sanjrani" is another
                    items[-1] = items[-1]._replace(end=i + 1)
                else:
                    items.append(_Item(i, i + 1, "name"))
                i += 1
                continue
            if tt == "-" and self._izafat_at(tb, i, e, items):
                # "Bagh-e-Jinnah", "Shahrah-e-Faisal": one name across "-e-" / "-i-" / "-ul-"
                items[-1] = items[-1]._replace(kind="name", type=None, end=i + 4)
                i += 4
                continue
            if (
                tl in name_connectors
                and tt.islower()
                and items
                and items[-1].kind == "name"
                and items[-1].end == i
                and i + 1 < e
                and cap[i + 1]
                and text[i + 1] not in honorifics
                and self.gaz.title_at(doc, i + 1, e) is None
                and self.gaz.name_at(doc, i + 1, e) is None
            ):
                # "Naeem ur Rehman", "Zia ul Haq": a lower-case connector inside one name
                items[-1] = items[-1]._replace(end=i + 1)
                i += 1
                continue
            if (
                tt == "("
                and items
                and items[-1].kind in ("name", "gaz")
                and items[-1].end == i
                and i + 3 < e
                and text[i + 2] == ")"
                and text[i + 1].istitle()
                and cap[i + 3]
            ):
                items[-1] = items[-1]._replace(kind="name", type=None, end=i + 3)
                i += 3
                continue
            if tt in ("-", "–") and items and items[-1].kind == "name" and items[-1].end == i and i + 1 < e and cap[i + 1]:
                items[-1] = items[-1]._replace(end=i + 2)
                i += 2
                continue
            if tl in connectors and items and items[-1].end == i and i + 1 < e and cap[i + 1]:
                if tt == "'s" and not k.is_common(text[i - 1]):
                    i += 1
                    continue
                if (
                    tl in ("of", "for", "'s", "e", "i", "ul", "al")
                    and items[-1].kind in ("name", "gaz")
                    and text[i + 1] not in honorifics
                    and self.gaz.title_at(doc, i + 1, e) is None
                ):
                    # keep "Press Trust of India", "People's Party" together when a head word ends it
                    j = i + 1
                    while j < e and cap[j]:
                        j += 1
                    if self._joins_across(items, tl, text[j - 1]) and (
                        k.head_type(text[j - 1]) in (*GROUP_TYPES, "place") or items[-1].kind == "name"
                    ):
                        if items[-1].kind == "gaz":
                            items[-1] = items[-1]._replace(kind="name", type=None)
                        items[-1] = items[-1]._replace(end=j)
                        i = j
                        continue
            items.append(_Item(i, i + 1, "conn"))
            i += 1
        return self._honorific_names(items, tb)

    def _name_follows(self, doc: Doc, tb: TokenTable, j: int, limit: int) -> bool:
        """Whether token j starts an unknown capitalised name (no known name, title, honorific or head word)."""
        if j >= limit or not tb.cap[j] or tb.text[j].isupper():
            return False
        w = tb.text[j]
        if w in self.k.honorifics or w in self.k.not_names or self.k.head_type(w) is not None:
            return False
        if tb.lower[j] in self.k.lone_words or tb.lower[j] in self.k.calendar_words:
            return False
        return self.gaz.name_at(doc, j, limit) is None and self.gaz.title_at(doc, j, limit) is None

    def _joins_across(self, items: list[_Item], connector: str, last: str) -> bool:
        """Whether "of" may join the name before it to the words after it. A name after an honorific or a
        title is a person's ("Sardar Ayaz Sadiq of Muslim League-N"), and a party is no part of a name that
        is not itself a group's ("X of the Y Party" names a person of that party)."""
        if connector != "of" or items[-1].kind != "name":
            return True
        name = items[-1]
        if len(items) >= 2 and items[-2].kind in ("hon", "title") and items[-2].end == name.start:
            return False
        return not (self.k.head_type(last) == "party" and name.type is None)

    def _honorific_names(self, items: list[_Item], tb: TokenTable) -> list[_Item]:
        """An honorific a person is known by, before a one-word name ("Sheikh Zarina", "Maulana Qadeer", "General
        Oxley"), is kept in the person's name: a lone given name or surname is a weak name. Forms of address
        ("Mr Oxley", "Dr Qadeer") are not kept. An honorific before a group's head word is part of that name
        ("General Assembly", "Justice Party")."""
        out: list[_Item] = []
        for it in items:
            prev = out[-1] if out else None
            if prev is not None and prev.kind == "hon" and it.kind == "name" and it.type is None and prev.end == it.start:
                hon = tb.text[prev.start]
                if self.k.head_type(tb.text[it.end - 1]) is not None:
                    out[-1] = _Item(prev.start, it.end, "name")
                    continue
                if it.end - it.start == 1 and (hon in self.k.name_like_honorifics or hon in self.k.known_by_honorifics):
                    out[-1] = _Item(prev.start, it.end, "name", "person")
                    continue
            out.append(it)
        return out

    def _head_after_gaz(self, doc: Doc, tb: TokenTable, end: int, limit: int, etype: str) -> tuple[int, str] | None:
        """A known place or body followed by capitalised words ending in a head word makes a new
        name with them ("Parliament Lodges", "Sindh Traders Front"): its (end, type), or None."""
        if etype not in ("place", "organization"):
            return None
        text, low, cap = tb.text, tb.lower, tb.cap
        j = end
        while (
            j < limit
            and cap[j]
            and self.gaz.name_at(doc, j, limit) is None
            and self.gaz.title_at(doc, j, limit) is None
            and text[j] not in self.k.honorifics
        ):
            j += 1
        if j == end or (j < limit and (low[j] in ("of", "-") or cap[j])):
            return None  # no head, or a longer name follows: leave it to the general rules
        head = self.k.head_type(text[j - 1])
        return (j, head) if head in (*GROUP_TYPES, "place") else None

    def _izafat_at(self, tb: TokenTable, i: int, limit: int, items: list[_Item]) -> bool:
        """A name, "-", a connector, "-", a capitalised word: "Bagh-e-Jinnah"."""
        text = tb.text
        return (
            text[i] == "-"
            and bool(items)
            and items[-1].kind in ("name", "gaz")
            and items[-1].end == i
            and i + 3 < limit
            and tb.lower[i + 1] in self.k.name_connectors
            and text[i + 2] == "-"
            and tb.cap[i + 3]
        )

    def _head_before_of(self, words: list[str]) -> str | None:
        """The type given by the head word before "of"/"for" in "Ministry of X", "Bank of Y"."""
        for n, w in enumerate(words[1:], 1):
            if w in ("of", "for"):
                return self.k.head_type(words[n - 1])
        return None

    # ------------------------------------------------------------------ typing
    def _type_name(self, tb: TokenTable, it: _Item, titled: bool, acronyms: dict[str, str]) -> str | None:
        k = self.k
        if it.type:
            return it.type
        words = tb.text[it.start : it.end]
        text = tb.span_text(it.start, it.end)
        if text in acronyms:
            return acronyms[text]
        if len(words) == 1 and (words[0].lower() in k.lone_words or _AMOUNT.match(text)):
            return None  # "Eleven", "Christmas", "Mexican", "Rs25,000": no actor alone
        if len(words) == 1 and k.head_type(words[0]) is not None:
            return None
        head = k.head_type(words[-1]) if len(words) > 1 else None
        if head is None and "-" in words[-1]:
            head = k.head_type(words[-1].split("-", 1)[0])  # "Muslim League-N", "Awami League-B"
        # A named unit of a known party: "PARTY-Something", "PARTY-Something Committee".
        first = words[0]
        if "-" in first:
            prefix = first.split("-", 1)[0]
            if self.gaz.names.get((prefix.lower(),)) and k.names.get(prefix, ("", ""))[0] == "party":
                return "faction"
        if head is None and "-" in words and words[0] in k.leading_place_heads:
            head = "place"  # "Bagh-e-Jinnah"
        if head is None:
            head = self._head_before_of(words)  # "Ministry of National Health Services"
        if head is not None:
            return head
        if titled:
            return "person"
        if all(k.is_common(w) for w in words if w[:1].isalpha()):
            return None
        if len(words) > 1 and k.is_common(words[0]) and words[0] not in k.names and not _spelt_by_acronym(tb, it):
            return None  # "Economic Freedom Fighters (EFF)" is a name, "Several Ministers" is not
        if len(words) == 1 and text.isupper() and len(text) <= 6:
            return "organization"
        return "person"

    # ------------------------------------------------------------------ main
    def find(self, doc: Doc, model_label: Callable[[int], str | None] | None = None,
             ) -> tuple[list[Actor], dict[str, str]]:
        """All actors of the doc, and the acronym definitions it contains (acronym -> long name).

        ``model_label`` gives the statistical name recogniser's label (PER, LOC, ORG) of a token; it is
        asked only about single unknown words the rules would call a person."""
        k = self.k
        tb = tokens_of(doc)
        text, low = tb.text, tb.lower
        actors: list[Actor] = []
        acronyms: dict[str, str] = {}
        acro_types: dict[str, str] = {}
        bounds: list[tuple[int, int]] = []
        for si, (sent_start, sent_end, items) in enumerate(self._sentences(doc)):
            bounds.append((sent_start, sent_end))
            last_title: _Item | None = None
            last_title_n = -1  # the index of ``last_title`` in ``items``
            sent_actors: list[Actor] = []
            for n, it in enumerate(items):
                if it.kind == "title":
                    last_title, last_title_n = it, n
                    continue
                if it.kind in ("hon", "conn"):
                    continue
                titled = (
                    last_title is not None
                    and self._title_reaches(tb, items, last_title_n, n)
                    # a title does not reach one word after "the": "the leaders of the Sangathan"
                    and not (it.end - it.start == 1 and it.start > 0 and low[it.start - 1] == "the")
                )
                honoured = n > 0 and items[n - 1].kind == "hon" and items[n - 1].end == it.start
                etype = self._type_name(tb, it, titled or honoured, acro_types)
                if etype is None:
                    place = self._demonym_place(tb, it, sent_end, si)
                    if place is not None:
                        sent_actors.append(place)
                        actors.append(place)
                    continue
                # model label for unknown single words
                if it.kind == "name" and not titled and it.end - it.start == 1 and etype == "person":
                    lab = model_label(it.start) if model_label else None
                    if lab == "LOC":
                        etype = "place"
                    elif lab == "ORG":
                        etype = "organization"
                if it.kind == "name" and etype == "person" and not (titled or honoured):
                    etype = self._untitled_type(tb, it)
                a = Actor(it.start, it.end, etype, it.kind, canonical=it.canonical, sentence=si)
                if it.kind == "gaz" and tb.span_text(it.start, it.end) in k.acronym_of:
                    a.kind = "acronym"
                # acronym definition: NAME ( ACR )
                nxt = it.end
                if nxt + 2 < sent_end and text[nxt] == "(" and text[nxt + 2] == ")":
                    acr = text[nxt + 1]
                    if (
                        etype == "person"
                        and it.kind == "name"
                        and it.end - it.start >= 2
                        and acr[:1].lower() == low[it.start][:1]
                        and (not (titled or honoured) or _initials(tb, it.start, it.end) == _letters(acr))
                    ):
                        # "Economic Freedom Fighters (EFF)": a person's name has no acronym
                        etype = a.type = "organization"
                        self._widen_by_initials(tb, a, acr, sent_actors, actors)
                    if acr.replace("-", "").isalnum() and sum(c.isupper() for c in acr) >= 2 and etype != "person":
                        long_name = tb.span_text(a.start, a.end)
                        acronyms[acr] = long_name
                        acro_types[acr] = etype
                        actors.append(Actor(nxt + 1, nxt + 2, etype, "acronym", kind="acronym", sentence=si,
                                            canonical=long_name))
                if etype == "person" and last_title is not None and titled:
                    a.role = last_title.title
                    a.role_of = self._role_of(items, n, last_title, sent_actors)
                    last_title = None
                elif (etype == "person" and sent_actors and n >= 2 and items[n - 1].kind == "conn"
                      and low[items[n - 1].start] == "and"):
                    prev = sent_actors[-1]
                    if prev.type == "person" and prev.role is not None and prev.role_of is not None:
                        a.shares_role_with = prev
                if etype == "person" and a.role is None:
                    self._apposition(doc, tb, a, sent_end)
                self._lowercase_head(tb, a, sent_end)
                sent_actors.append(a)
                actors.append(a)
                self._faction_after(tb, a, sent_end, actors, si)
        self._consistency(tb, actors)
        self._context_types(tb, actors, acronyms, bounds)
        actors.sort(key=lambda a: (a.start, -a.end))
        return actors, acronyms

    def _apposition(self, doc: Doc, tb: TokenTable, a: Actor, limit: int) -> None:
        """A title after the name: "X, the party's convener", "X, governor of Y"."""
        low = tb.lower
        j = a.end
        if j >= limit or tb.text[j] != ",":
            return
        j += 1
        while j < limit and low[j] in ("the", "a", "an", "party", "party's"):
            j += 1
        th = self.gaz.title_at(doc, j, limit)
        if th is None or th[1].relation == "member_of":
            return
        end, title = th
        a.role = title
        if end < limit and low[end] in ("of", "in"):
            k = end + 1
            if k < limit and low[k] == "the":
                k += 1
            hit = self.gaz.name_at(doc, k, limit)
            if hit is not None:
                a.role_of = Actor(k, hit[0], hit[1], "gaz", canonical=hit[2], sentence=a.sentence)

    def _title_reaches(self, tb: TokenTable, items: list[_Item], ti: int, n: int) -> bool:
        """A title applies to the name at item n when only honorifics, names of places or groups,
        and "of"/"in"/"the" stand between them ("Opposition Leader in Sindh Assembly X")."""
        pos = items[ti].end
        for x in items[ti + 1 : n]:
            if x.start != pos:
                return False
            if x.kind == "conn" and tb.lower[x.start] not in ("of", "in", "the", "for"):
                return False
            if x.kind not in ("hon", "gaz", "conn"):
                return False
            pos = x.end
        return pos == items[n].start

    def _role_of(self, items: list[_Item], n: int, title: _Item, sent_actors: list[Actor]) -> Actor | None:
        """The group or place a title belongs to: the name just before it, or one after "of"/"in"."""
        before: list[Actor] = []
        pos = title.start
        for a in reversed(sent_actors):
            if a.end == pos and a.type != "person":
                before.insert(0, a)
                pos = a.start
        after = [a for a in sent_actors if a.start >= title.end and a.type != "person"]
        if after and title.title is not None and title.title.relation == "holds_office":
            return after[-1]
        if before:
            groups = [a for a in before if a.type in GROUP_TYPES]
            return (groups or before)[-1]
        if after:
            return after[-1]
        return None

    def _lowercase_head(self, tb: TokenTable, a: Actor, limit: int) -> None:
        """A group or place name followed by a lower-case head word names a new thing with it:
        "the KMC ground" (place), "the London secretariat" (organization)."""
        if a.type == "person" or a.end >= limit:
            return
        etype = self.k.lowercase_heads.get(tb.text[a.end])
        if etype is None:
            return
        a.end += 1
        a.type, a.source, a.kind, a.canonical = etype, "pattern", "name", None

    def _faction_after(self, tb: TokenTable, a: Actor, limit: int, actors: list[Actor], si: int) -> None:
        """ "the X group", "X's camp", "X-led faction" make a faction named with X."""
        k = self.k
        text, low = tb.text, tb.lower
        j = a.end
        if j < limit and text[j] in ("'s", "’s", "'"):
            j += 1
        elif j + 2 < limit and text[j] == "-" and low[j + 1] in k.faction_participles:
            if low[j + 2] in k.faction_heads:  # "the Umar-led faction": the leader stays a mention
                actors.append(Actor(a.start, j + 3, "faction", "pattern", sentence=si))
            return
        unknown_acronym = a.source == "name" and a.type == "organization" and tb.span_text(a.start, a.end).isupper()
        if j < limit and low[j] in k.faction_heads and (a.type in ("person", "place") or unknown_acronym):
            fac = Actor(a.start, j + 1, "faction", "pattern", sentence=si)
            if (a.type == "place" and a.source == "gaz") or unknown_acronym:
                # "the PIB faction" names a faction only
                # the place itself is not mentioned: "the Gulberg group" names a faction only
                actors.remove(a)
            actors.append(fac)

    def _consistency(self, tb: TokenTable, actors: list[Actor]) -> None:
        """A word of a person's full name, seen alone elsewhere in the article, is that person."""
        text = tb.text
        person_words: set[str] = set()
        for a in actors:
            if a.type == "person" and a.end - a.start >= 2:
                person_words.update(text[a.start : a.end])
        for a in actors:
            word = text[a.start]
            if (
                a.end - a.start == 1
                and a.type in ("place", "organization")
                and a.source == "name"
                and (word in person_words or (word.endswith("s") and word[:-1] in person_words))  # "the Rajapaksas"
            ):
                a.type = "person"

    # ------------------------------------------------------------------ words around a name
    def _demonym_place(self, tb: TokenTable, it: _Item, limit: int, si: int) -> Actor | None:
        """A word for a people and a lower-case place word make a place: "the Mexican embassy"."""
        if it.kind != "name" or it.end - it.start != 1 or tb.lower[it.start] not in self.k.lone_words:
            return None
        for n in (2, 1):
            end = it.end + n
            if end <= limit and " ".join(tb.lower[it.end : end]) in self.k.demonym_places:
                return Actor(it.start, end, "place", "pattern", sentence=si)
        return None

    def _untitled_type(self, tb: TokenTable, it: _Item) -> str:
        """The type of an unknown name with no title, which the rules took for a person's, by the words around
        it: "the Galle Face site" and "the ANC in KwaZulu-Natal" are places, "the Mahagathbandhan said" a group
        (no person's name follows "the")."""
        ctx = self.k.context
        low = tb.lower
        after = low[it.end] if it.end < len(low) else ""
        if it.start > 0 and low[it.start - 1] == "the" and after in ctx.place_nouns:
            return "place"
        if (
            it.start > 1
            and low[it.start - 1] in ctx.place_prepositions
            and low[it.start - 2] not in ctx.not_place_before
            and after not in ("'s", "’s", "'")
            and not tb.cap[it.start - 2]
        ):
            return "place"
        return "organization" if self._after_the(tb, it) else "person"

    def _after_the(self, tb: TokenTable, it: _Item) -> bool:
        """Whether an unknown name stands after "the" and before a word no person's name is followed by there
        (punctuation, a verb, a conjunction): "the Mahagathbandhan said", "the Janatha Vimukthi Peramuna (JVP)"."""
        if it.start == 0 or tb.lower[it.start - 1] != "the" or it.end >= len(tb.text):
            return False
        nxt = tb.lower[it.end]
        return tb.is_punct[it.end] or nxt in ("'s", "’s", "'") or nxt in self.k.context.after_the_name

    def _widen_by_initials(self, tb: TokenTable, a: Actor, acr: str, sent_actors: list[Actor],
                           actors: list[Actor]) -> None:
        """A place just before a name whose acronym spells both is part of the name: "Sri Lanka Podujana
        Peramuna (SLPP)" is one party, not Sri Lanka and "Podujana Peramuna"."""
        if not sent_actors or sent_actors[-1].end != a.start or sent_actors[-1].type != "place":
            return
        before = sent_actors[-1]
        if _initials(tb, before.start, a.end) == _letters(acr):
            a.start = before.start
            sent_actors.remove(before)
            actors.remove(before)

    def _context_types(self, tb: TokenTable, actors: list[Actor], acronyms: dict[str, str],
                       bounds: list[tuple[int, int]]) -> None:
        """Type the group names the gazetteers do not know by the words around them, one type per name in the
        article ("RJD leader X", "walked out of the NDA", "Perú Libre, the Marxist party"): a party, or a
        faction ("JPSM, a group formed by ..."). An acronym and its long form share what either learns; a name
        that is a party's name without its head word ("MK" beside "MK Party") is that party; a group joined by
        "and" to a party is one ("the SPD and the Greens")."""
        found: dict[str, str] = {}
        for a in actors:
            if a.type == "person" and a.source == "name" and a.role is None and a.end - a.start >= 2:
                t = self._apposition_type(tb, a.end, bounds[a.sentence][1])
                if t is not None:  # "Perú Libre, the Marxist party led by ..."
                    a.type = "organization"
                    found[tb.span_text(a.start, a.end)] = t
        soft = [a for a in actors if self._soft(tb, a)]
        if not soft:
            return
        shorts: dict[str, str] = {}  # "MK" -> "MK Party"
        for a in actors:
            if a.type in ("party", "faction") and a.end - a.start >= 2 and self.k.head_type(tb.text[a.end - 1]) == "party":
                shorts.setdefault(tb.span_text(a.start, a.end - 1), tb.span_text(a.start, a.end))
        for a in soft:
            t = self._context_type(tb, a, *bounds[a.sentence])
            if t is not None:
                found[tb.span_text(a.start, a.end)] = t
        for a in soft:
            long_name = shorts.get(tb.span_text(a.start, a.end), "")
            if long_name:  # a party's name without its head word names it: "MK" beside "MK Party"
                found[tb.span_text(a.start, a.end)] = "party"
                acronyms.setdefault(tb.span_text(a.start, a.end), long_name)
        for acr, long_name in acronyms.items():
            t = found.get(acr) or found.get(long_name)
            if t is not None:
                found[acr] = found[long_name] = t
        for a in soft:
            t = found.get(tb.span_text(a.start, a.end))
            if t is not None:
                a.type = t
        for a in soft:
            if a.type == "organization" and self._joined_to_party(tb, a, actors):
                found[tb.span_text(a.start, a.end)] = "party"
        soft_ids = {id(a) for a in soft}
        for a in actors:
            if id(a) in soft_ids or (a.type == "person" and a.source == "name" and a.role is None and a.end - a.start >= 2):
                a.type = found.get(tb.span_text(a.start, a.end), a.type)  # "resigned from Perú Libre" too

    def _soft(self, tb: TokenTable, a: Actor) -> bool:
        """Whether an actor's type is only a default the words around it may change: an unknown name or
        acronym typed organization, or a known name that is also a party's short name ("Congress")."""
        if a.type != "organization" or a.role is not None:
            return False
        if a.source in ("name", "acronym"):
            return True
        return a.source == "gaz" and tb.span_text(a.start, a.end) in self.k.context.ambiguous_groups

    def _context_type(self, tb: TokenTable, a: Actor, start: int, end: int) -> str | None:
        """The type the words around one mention give a group name, or None."""
        ctx = self.k.context
        low = tb.lower
        j = _past_acronym(tb, a.end, end)
        if j < end and low[j] in ("'s", "’s", "'"):
            j += 1
        if any(tuple(low[j : j + n]) in ctx.party_after for n in (1, 2, 3) if j + n <= end):
            return "party"
        if j + 2 < end and low[j] == "-" and low[j + 1] in ctx.led_participles and low[j + 2] in ctx.led_heads:
            return "party"  # "the X-led alliance"
        i = a.start
        if i > start and low[i - 1] == "the":
            i -= 1
        if any(tuple(low[i - n : i]) in ctx.party_before for n in (1, 2, 3) if i - n >= start):
            return "party"
        return self._apposition_type(tb, j, end) or self._list_type(tb, a.end, end)

    def _apposition_type(self, tb: TokenTable, j: int, end: int) -> str | None:
        """ "X, the Marxist party led by ...", "X, a group formed ...": the type the head word gives X."""
        low = tb.lower
        if j + 2 >= end or low[j] != "," or low[j + 1] not in ("the", "a", "an"):
            return None
        for k in range(j + 2, min(j + 6, end)):
            if not (tb.is_lower[k] or low[k] in self.k.lone_words):  # "the Marxist party" too
                return None
            head = self.k.context.apposition_heads.get(low[k])
            if head is not None:
                return head if k + 1 >= end or low[k + 1] != "of" else None
        return None

    def _list_type(self, tb: TokenTable, j: int, end: int) -> str | None:
        """A name in a list ending in "parties": "the RJD, the Congress and the Left parties"."""
        ctx = self.k.context
        low = tb.lower
        for k in range(j, min(j + 14, end)):
            if low[k] in ctx.list_heads:
                return "party" if k > j else None
            if not (tb.cap[k] or low[k] in ctx.list_fillers):
                return None
        return None

    def _joined_to_party(self, tb: TokenTable, a: Actor, actors: list[Actor]) -> bool:
        """Whether "and" joins a group name to a party's: "the SPD and the Greens", "the Greens and the SPD"."""
        fillers = {"and", "the", ",", "(", ")"}
        for b in actors:
            if b is a or b.sentence != a.sentence or b.type not in ("party", "faction"):
                continue
            lo, hi = (b.end, a.start) if b.end <= a.start else (a.end, b.start)
            between = tb.lower[lo:hi]
            if 0 < hi - lo <= 4 and "and" in between and all(w in fillers for w in between):
                return True
        return False


__all__ = ["Actor", "ActorFinder", "Gazetteer"]
