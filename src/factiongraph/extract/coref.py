"""Rule-based coreference inside extraction: "he", "the two men", "the party", "its", "the prime minister".

A sentence often names its actors only by reference to an earlier one. The
rules here resolve such references, conservatively, to actors already seen:

- "he"/"she": the person an earlier clause of the same sentence quotes ("X
  said he ..."), else the first person of the latest earlier sentence that
  names one;
- "the two men", "both leaders": the latest distinct persons;
- "the party", "the committee", "the two camps": the latest groups of the
  types the noun may stand for (a "committee" only a group whose name ends
  in that word);
- "its", "their": the latest party or faction;
- "the prime minister": the latest person who bore that title.

Only the last ``window`` sentences that name actors are searched. The words
are in ``data/extract/reference.yaml``; nothing here names an actor.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources

import yaml
from spacy.tokens import Doc, Span

from ..nlp.actors import Actor, tokens_of


@dataclass(frozen=True)
class ReferenceWords:
    """The words of ``reference.yaml``."""

    window: int
    group_window: int
    person_pronouns: frozenset[str]
    person_nouns: frozenset[str]
    group_nouns: dict[str, tuple[str, ...]]
    counts: dict[str, int]
    standalone_counts: frozenset[str]
    determiners: frozenset[str]
    group_possessives: frozenset[str]
    object_nouns: frozenset[str]

    @classmethod
    def load(cls, text: str | None = None) -> ReferenceWords:
        if text is None:
            text = (resources.files("factiongraph") / "data" / "extract" / "reference.yaml").read_text("utf-8")
        d = yaml.safe_load(text)

        def words(key: str) -> frozenset[str]:
            return frozenset(str(w).lower() for w in d.get(key, []) or [])

        return cls(
            window=int(d.get("window", 3)),
            group_window=int(d.get("group_window", 1)),
            person_pronouns=words("person_pronouns"),
            person_nouns=words("person_nouns"),
            group_nouns={str(k).lower(): tuple(v) for k, v in (d.get("group_nouns") or {}).items()},
            counts={str(k).lower(): int(v) for k, v in (d.get("counts") or {}).items()},
            standalone_counts=words("standalone_counts"),
            determiners=words("determiners"),
            group_possessives=words("group_possessives"),
            object_nouns=words("object_nouns"),
        )


@functools.lru_cache(maxsize=1)
def default_reference_words() -> ReferenceWords:
    return ReferenceWords.load()


@dataclass(frozen=True)
class Reference:
    """A phrase of the sentence (tokens ``start``..``end``) that stands for earlier ``actors``."""

    start: int
    end: int
    kind: str  # person | group
    actors: tuple[Actor, ...]


def person_key(doc: Doc, a: Actor) -> str:
    """Who a person mention names, for telling people apart: the surname ("Rahman" = "Aisha Rahman")."""
    return doc[a.end - 1].lower_


def group_key(doc: Doc, a: Actor) -> str:
    return (a.canonical or doc[a.start : a.end].text).lower()


def _mention_counts(doc: Doc, actors: list[Actor],
                    key: Callable[[Doc, Actor], str] = group_key) -> dict[str, int]:
    """How often each group is named: one count per place in the text (an acronym defined in brackets
    right after the name is the same mention). ``key``: :func:`group_key` or one that gives the same."""
    spans: dict[tuple[int, int], str] = {}
    for a in actors:
        if a.source != "acronym":
            spans[(a.start, a.end)] = key(doc, a)
    out: dict[str, int] = {}
    for k in spans.values():
        out[k] = out.get(k, 0) + 1
    return out


class Resolver:
    """Finds the references of one sentence, given the actors seen before it."""

    def __init__(self, words: ReferenceWords | None = None, speech_verbs: frozenset[str] = frozenset()):
        self.w = words or default_reference_words()
        self.speech_verbs = speech_verbs
        # the words a reference can start with: any other token is skipped without a look
        self._openers = self.w.person_pronouns | self.w.group_possessives | self.w.determiners | self.w.standalone_counts
        self._texts_of: Doc | None = None  # the document whose span texts ``_texts`` holds
        self._texts: dict[tuple[int, int], str] = {}  # (start, end) -> the span's lower-cased text
        # during :meth:`resolve`, the history it was given and ``_recent``'s answers on it, by window
        self._windows_of: list[Actor] | None = None
        self._windows: dict[int, list[Actor]] = {}

    def group_key(self, doc: Doc, a: Actor) -> str:
        """:func:`group_key`, with the span texts of the current document remembered: the same groups are
        compared again for every reference, and a Span builds its text from its tokens each time."""
        if a.canonical:
            return a.canonical.lower()
        if doc is not self._texts_of:
            self._texts_of, self._texts = doc, {}
        key = (a.start, a.end)
        text = self._texts.get(key)
        if text is None:
            text = self._texts[key] = doc[a.start : a.end].text.lower()
        return text

    # ------------------------------------------------------------------ context
    def _recent(self, history: list[Actor], window: int | None = None) -> list[Actor]:
        """The actors of the last ``window`` earlier sentences that name any, in text order (the list is
        shared: do not change it)."""
        window = self.w.window if window is None else window
        remembered = history is self._windows_of
        if remembered and window in self._windows:
            return self._windows[window]
        sents: list[int] = []
        for a in reversed(history):
            if a.sentence not in sents:
                if len(sents) == window:
                    break
                sents.append(a.sentence)
        out = [a for a in history if a.sentence in sents]
        if remembered:
            self._windows[window] = out
        return out

    def _candidates(self, sent_actors: list[Actor], history: list[Actor], before: int,
                    window: int | None = None) -> list[Actor]:
        return self._recent(history, window) + [a for a in sent_actors if a.end <= before]

    def latest_group(self, doc: Doc, sent_actors: list[Actor], history: list[Actor], before: int,
                     types: tuple[str, ...]) -> Actor | None:
        """The latest group of one of ``types`` named before token ``before`` (within the window)."""
        everything = history + [a for a in sent_actors if a.end <= before]
        found = self._latest_groups(doc, self._candidates(sent_actors, history, before, self.w.group_window), types, 1,
                                    seen_before=everything)
        return found[0] if found else None

    # ------------------------------------------------------------------ main
    def resolve(self, doc: Doc, span: Span, sent_actors: list[Actor], history: list[Actor]) -> list[Reference]:
        """Every reference of sentence ``span`` that resolves, in text order."""
        named = {k for a in sent_actors for k in range(a.start, a.end)}
        out: list[Reference] = []
        low = tokens_of(doc).lower
        i = span.start
        # ``history`` does not change during the call: the recent actors are looked up once per window
        self._windows_of, self._windows = history, {}
        try:
            for k in [k for k in range(span.start, span.end) if low[k] in self._openers]:
                if k < i or k in named:
                    continue  # inside the reference found last, or inside a name
                ref = self._at(doc, span, k, sent_actors, history)
                if ref is not None:
                    out.append(ref)
                    i = ref.end
        finally:
            self._windows_of, self._windows = None, {}
        return out

    def _at(self, doc: Doc, span: Span, i: int, sent_actors: list[Actor], history: list[Actor]) -> Reference | None:
        tb = tokens_of(doc)
        low = tb.lower
        w = low[i]
        if w in self.w.person_pronouns:
            p = self._pronoun(doc, span, i, sent_actors, history)
            return Reference(i, i + 1, "person", (p,)) if p is not None else None
        if w not in self.w.group_possessives and w not in self.w.determiners and w not in self.w.standalone_counts:
            return None  # most words: nothing to build
        if w in self.w.group_possessives:
            near = self._candidates(sent_actors, history, i, self.w.group_window)
            g = self._latest_groups(doc, near, ("party", "faction"), 1,
                                    seen_before=history + [a for a in sent_actors if a.end <= i])
            return Reference(i, i + 1, "group", tuple(g)) if g else None
        if w not in self.w.determiners and w not in self.w.standalone_counts:
            return None
        j = i + 1
        n = 1
        if w in self.w.standalone_counts:
            n, j = self.w.counts[w], i + 1
        elif j < span.end and low[j] in self.w.counts:
            n, j = self.w.counts[low[j]], j + 1
        if j >= span.end or (j + 1 < span.end and tb.is_title[j + 1] and not doc[j + 1].is_sent_start
                             and low[j + 1] not in ("'s", "’s")):
            return None  # "the Party Congress", "the Committee of X": part of a name
        head = low[j]
        cands = self._candidates(sent_actors, history, i)
        if n > 1 and head in self.w.person_nouns:
            people = self._latest_people(doc, cands, n)
            return Reference(i, j + 1, "person", tuple(people)) if len(people) == n else None
        if head in self.w.group_nouns and not tb.is_title[j]:
            types = self.w.group_nouns[head]
            if n == 1:
                cands = self._candidates(sent_actors, history, i, self.w.group_window)
            singular = head.rstrip("s") if n > 1 else head
            groups = self._latest_groups(doc, cands, types, n, head=singular,
                                         seen_before=history + [a for a in sent_actors if a.end <= i])
            return Reference(i, j + 1, "group", tuple(groups)) if len(groups) == n else None
        if n == 1 and w == "the":
            return self._title(doc, span, i, cands)
        return None

    # ------------------------------------------------------------------ kinds
    def _pronoun(self, doc: Doc, span: Span, i: int, sent_actors: list[Actor], history: list[Actor]) -> Actor | None:
        """ "X said he ...": the quoted person; a pronoun as main subject: the previous sentence's first person."""
        inside = [a for a in sent_actors if a.type == "person" and a.end <= i]
        if inside and any(doc[k].lower_ in self.speech_verbs or doc[k].lower_ == "that" for k in range(inside[-1].end, i)):
            return inside[-1]
        if inside:
            return None  # "Standing next to X, he ...": too uncertain
        recent = [a for a in self._recent(history) if a.type == "person"]
        if not recent:
            return None
        last = recent[-1].sentence
        return next(a for a in recent if a.sentence == last)

    def _latest_people(self, doc: Doc, cands: list[Actor], n: int) -> list[Actor]:
        seen: dict[str, Actor] = {}
        for a in reversed(cands):
            if a.type == "person":
                seen.setdefault(person_key(doc, a), a)
            if len(seen) == n:
                break
        return list(seen.values())

    def _latest_groups(self, doc: Doc, cands: list[Actor], types: tuple[str, ...], n: int,
                       head: str | None = None, seen_before: list[Actor] | None = None) -> list[Actor]:
        """The ``n`` most salient distinct groups of the best type that has any among ``cands`` ("the
        committee": a "... Committee"): the most often named in the text so far (``seen_before``), the
        latest on a tie. With none in ``cands``, the whole text so far is searched."""
        counts: dict[str, int] = {}
        counted = False
        for pool in (cands, seen_before or []):
            for t in types:
                last: dict[str, tuple[int, Actor]] = {}
                for pos, a in enumerate(pool):
                    if a.type != t or (t == "organization" and head is not None and doc[a.end - 1].lower_ != head):
                        continue
                    last[self.group_key(doc, a)] = (pos, a)
                if len(last) < n:
                    continue
                if len(last) > 1 and not counted:  # a single group needs no ranking
                    counts = _mention_counts(doc, seen_before if seen_before is not None else cands, self.group_key)
                    counted = True
                ranked = sorted(last.items(), key=lambda kv: (counts.get(kv[0], 0), kv[1][0]), reverse=True)
                return [a for _, (_, a) in ranked[:n]]
        return []

    def _title(self, doc: Doc, span: Span, i: int, cands: list[Actor]) -> Reference | None:
        """ "the prime minister": the latest person who bore that title in the text."""
        for a in reversed(cands):
            role = a.role or (a.shares_role_with.role if a.shares_role_with else None)
            if a.type != "person" or role is None:
                continue
            words = role.office.lower().split()
            end = i + 1 + len(words)
            if end <= span.end and tokens_of(doc).lower[i + 1 : end] == words and role.relation == "holds_office":
                return Reference(i, end, "person", (a,))
        return None
