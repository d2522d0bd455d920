"""Claims: what one article says about who belongs to, leads, allies with or opposes whom, and what happened.

Each rule reads one sentence of an :class:`~factiongraph.nlp.pipeline.Analysis`
(tokens, actors with their titles) and emits :class:`~factiongraph.model.Claim`
records whose arguments are Mention ids. Every claim keeps its evidence (the
sentence, in original offsets), its trigger, its status and its source.
Nothing here names a particular actor: the words that trigger a rule are in
``data/extract/triggers.yaml`` and the titles in ``data/gazetteer/titles.yaml``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span

from ..model import Claim, Interval, Mention, stable_id
from ..nlp.actors import GROUP_TYPES, Actor, tokens_of
from ..nlp.knowledge import Title, default_knowledge
from ..nlp.pipeline import Analysis
from .attribution import source_of
from .coref import Reference, Resolver
from .lexicon import Lexicon, PhraseTable, default_lexicon
from .status import clause_bounds, status_of

ACTOR_TYPES = ("person", *GROUP_TYPES)
FORMER_WORDS = frozenset(("former", "ex", "then"))
DEFINITE_DETERMINERS = frozenset(("the", "this", "that", "his", "her", "their", "its"))
LED_WORDS = frozenset(("led", "headed"))
HEAD_VERBS = frozenset(("heads", "leads", "headed", "chairs"))
JOIN_VERBS = frozenset(("joined", "joins", "rejoined", "join", "rejoin"))
LEAVE_VERBS = frozenset(("left", "quit", "quits", "leaves", "deserted", "defected"))
LIST_GLUE = ("and", "former", "senior", "deputy", "as", "well", "also", "the", "of", "in")
LIST_BREAKS = frozenset(("who", "whom", "whose", "which", "that", "not", "no", "nobody", "none", "but", "except",
                         "without", "against", "besides", "while", "when", "if", "than", "to"))
TITLE_GLUE = ("in", "of", "the", "for", "and")  # lower-case words that may sit inside a title
NOMINAL_HEADS = ("committee", "party", "group", "faction", "cabinet", "assembly", "alliance")
PHRASE_GLUE = ("the", "of", "with", "from", "to", "a", "an", "in", "on")  # a phrase ending so names no object
OPENING_PREPOSITIONS = ("with", "after", "before", "to", "from", "by", "for", "at", "on", "in", "about")
VERB_GROUP = frozenset(("was", "were", "is", "are", "has", "have", "had", "been", "be", "also", "then", "later"))
CLAUSE_OPENERS = frozenset(("after", "when", "before", "since", "because", "until", "once", "whereas"))
VERB_MARKERS = ("to", "will", "would", "can", "could", "must", "should", "may", "might", "shall")

DateFinder = Callable[[Span, int], tuple[Interval | None, str | None]]


@dataclass
class _Sentence:
    index: int
    span: Span
    actors: list[Actor]
    evidence: tuple[int, int]
    source: str | None
    reported: bool
    refs: list[Reference] = field(default_factory=list)  # what its pronouns and "the party"s stand for
    low: str = ""  # the sentence's text, lower-cased (``span.text`` rebuilds the text from every token)
    tokens: list[str] = field(default_factory=list)  # its lower-cased tokens
    words: frozenset[str] = frozenset()  # the same, as a set: a phrase whose first word is not here is absent

    def phrase_at(self, words: list[str]) -> Iterator[int]:
        """Every position (in the sentence) where its tokens spell ``words``; none at once when the phrase's
        first word is not in the sentence."""
        if words and words[0] not in self.words:
            return iter(())
        return _phrase_at(self.tokens, words)


_Rule = Callable[[Analysis, _Sentence, list[Actor]], Iterable[Claim]]  # a rule reads one sentence


class ClaimExtractor:
    """Turns an Analysis into claims. ``date_of(sent, token_i)`` dates a trigger (see temporal)."""

    def __init__(self, lexicon: Lexicon | None = None, date_of: DateFinder | None = None):
        self.lex = lexicon or default_lexicon()
        self.date_of = date_of or (lambda sent, i: (None, None))
        self.resolver = Resolver(speech_verbs=self.lex.speech_verbs)
        self._rules: tuple[_Rule, ...] = (
            self._titles, self._possessive, self._led_by, self._heads, self._includes, self._factions,
            self._of_party, self._appositive_role, self._group_person, self._represents, self._takes_office,
            self._merge_split, self._join_leave, self._alliance, self._against, self._founds, self._expels,
            self._owned_by, self._group_apposition, self._events)  # events last

    # ------------------------------------------------------------------ helpers
    def _m(self, an: Analysis, a: Actor | None) -> Mention | None:
        return an.mention_of.get(id(a)) if a is not None else None

    def _claim(self, an: Analysis, s: _Sentence, kind: str, type_: str, *, subject: Mention | None = None,
               obj: Mention | None = None, participants: Iterable[Mention] = (), place: Mention | None = None,
               role: str | None = None, status: str = "occurred", trigger_i: int | None = None,
               aspect: str = "holds", rule: str = "", confidence: float = 0.6) -> Claim:
        trig = tokens_of(an.doc).text[trigger_i] if trigger_i is not None else None
        tspan = an.char_span(trigger_i, trigger_i + 1) if trigger_i is not None else None
        date, date_text = self.date_of(s.span, trigger_i if trigger_i is not None else s.span.start)
        parts = tuple(sorted({m.id for m in participants}))
        cid = stable_id("c", an.article.id, kind, type_, subject.id if subject else "", obj.id if obj else "",
                        ",".join(parts), s.evidence, rule, role or "")
        return Claim(
            id=cid, article_id=an.article.id, kind=kind, type=type_, status=status,
            subject=subject.id if subject else None, object=obj.id if obj else None, role=role,
            participants=parts, place=place.id if place else None, source=s.source, reported=s.reported,
            evidence=s.evidence, trigger=trig, trigger_span=tspan,
            date=date, date_text=date_text, aspect=aspect, confidence=confidence, rule=rule,
        )

    # ------------------------------------------------------------------ main
    def extract(self, an: Analysis) -> list[Claim]:
        by_sent: dict[int, list[Actor]] = {}
        for a in an.actors:
            if id(a) in an.mention_of:
                by_sent.setdefault(a.sentence, []).append(a)
        claims: dict[str, Claim] = {}
        history: list[Actor] = []
        self._events_so_far: list[Claim] = []
        self._forward: set[str] = set()  # definite references with nothing before them: "Hours after the meeting"
        self._party_of_factions: tuple[Mention | None] | None = None  # the article's, once asked (_factions)
        # the doc's text is the cleaned text, verbatim (``Doc.text`` would rebuild it from every token)
        doc_text = an.cleaned.text
        lw = tokens_of(an.doc).lower
        for si, sent in enumerate(an.doc.sents):
            actors = sorted(by_sent.get(si, []), key=lambda a: (a.start, -a.end))
            text_start, text_end = sent.start_char, sent.end_char
            raw = doc_text[text_start:text_end]
            text_start += len(raw) - len(raw.lstrip())
            text_end -= len(raw) - len(raw.rstrip())
            if text_end <= text_start:
                continue
            evidence = an.cleaned.span_to_original(text_start, text_end)
            speakers = [(a.start, a.end, self._m(an, a).text) for a in actors if self._m(an, a)]  # type: ignore[union-attr]
            src, reported = source_of(sent, speakers, self.lex)
            refs = self.resolver.resolve(an.doc, sent, actors, history)
            tokens = lw[sent.start : sent.end]
            s = _Sentence(si, sent, actors, evidence, src, reported, refs, raw.lower(), tokens, frozenset(tokens))
            # every relation rule relates an actor the sentence names; an event may have only referred ones
            for rule in self._rules if actors else self._rules[-1:]:
                for c in rule(an, s, history):
                    claims.setdefault(c.id, c)
            history.extend(actors)
        for later in _told_after(self._events_so_far, self._forward):
            claims[later.id] = later
        return sorted(claims.values(), key=lambda c: (c.evidence, c.kind, c.type, c.id))

    # ------------------------------------------------------------------ relations
    def _titles(self, an: Analysis, s: _Sentence, history: list[Actor]) -> Iterable[Claim]:
        doc = an.doc
        for a in s.actors:
            title = a.role or (a.shares_role_with.role if a.shares_role_with else None)
            role_of = a.role_of or (a.shares_role_with.role_of if a.shares_role_with else None)
            if a.type != "person" or title is None:
                continue
            subj = self._m(an, a)
            obj = self._m(an, role_of) if role_of is not None else None
            if obj is None and role_of is not None:
                obj = _find_mention(an, role_of)
            former = not FORMER_WORDS.isdisjoint(tokens_of(doc).lower[max(s.span.start, a.start - 6) : a.start])
            aspect = "formerly" if former else "holds"
            party_before = _group_before(doc, s.actors, a, role_of, title)
            if title.relation == "member_of" and role_of is None and party_before is not None:
                role_of, obj = party_before, self._m(an, party_before)
            if title.relation in ("member_of", "leader_of") and role_of is None:
                # "the party's founder X", "its working president X": the group the sentence refers back to
                back = _party_referred_back(doc, a, s, history, self.lex)
                if back is None and title.office.lower() in self.lex.party_offices and not any(
                    b.type in GROUP_TYPES for b in s.actors
                ):
                    # "Deputy leader X said ...": a party office with no party in the sentence is in the party
                    # the text is about
                    back = self.resolver.latest_group(an.doc, s.actors, history, a.start, ("party",))
                if back is not None:
                    role_of, obj = back, self._m(an, back)
            if title.relation != "holds_office" and title.office.lower() in self.lex.held_offices:
                # "ANC Secretary General X": a party post that is an office in its own right
                held = obj if role_of is not None and role_of.type in GROUP_TYPES else None
                yield self._claim(an, s, "relation", "holds_office", subject=subj, obj=held, role=title.office,
                                  trigger_i=a.start - 1 if a.start > s.span.start else a.start, aspect=aspect,
                                  rule="title_held_office", confidence=0.6)
            if title.relation == "holds_office":
                role = title.office
                if party_before is not None and party_before is not role_of and party_before.type in ("party", "faction"):
                    yield self._claim(an, s, "relation", "member_of", subject=subj, obj=self._m(an, party_before),
                                      role=title.office, trigger_i=a.start - 1 if a.start > s.span.start else a.start,
                                      aspect=aspect, rule="title_party", confidence=0.6)
                if role_of is not None and role_of.type == "place":
                    role = f"{title.office} of {doc[role_of.start : role_of.end].text}"
                yield self._claim(an, s, "relation", "holds_office", subject=subj, obj=obj, role=role,
                                  trigger_i=a.start - 1 if a.start > s.span.start else a.start, aspect=aspect,
                                  rule="title", confidence=0.8)
                if role_of is not None and role_of.type in ("party", "faction") and obj is not None:
                    yield self._claim(an, s, "relation", "member_of", subject=subj, obj=obj, role=title.office,
                                      trigger_i=a.start - 1 if a.start > s.span.start else a.start,
                                      aspect=aspect, rule="title", confidence=0.6)
            elif obj is not None and role_of is not None and role_of.type in GROUP_TYPES:
                yield self._claim(an, s, "relation", title.relation, subject=subj, obj=obj, role=title.office,
                                  trigger_i=a.start - 1 if a.start > s.span.start else a.start, aspect=aspect,
                                  rule="title", confidence=0.8)
                if title.relation == "leader_of" and role_of.type == "organization":
                    # "Senate Chairman X": heading an institution is also a public office
                    yield self._claim(an, s, "relation", "holds_office", subject=subj, obj=obj, role=title.office,
                                      trigger_i=a.start - 1 if a.start > s.span.start else a.start, aspect=aspect,
                                      rule="title_institution", confidence=0.6)
            elif title.relation == "leader_of" and role_of is None and not any(
                b.type in ("party", "faction") for b in s.actors
            ) and a.start > s.span.start and doc[a.start - 1].is_title:
                # "President X" with no party in sight: a state office, not a party post
                yield self._claim(an, s, "relation", "holds_office", subject=subj, role=title.office,
                                  trigger_i=a.start - 1, aspect=aspect, rule="title_office", confidence=0.5)

            if (title.relation != "holds_office" and role_of is not None and role_of.type == "place"
                    and party_before is not None and party_before.type in ("party", "faction")):
                # "the P's Sindh president X": a post of the party in a province; a member, not its leader
                yield self._claim(an, s, "relation", "member_of", subject=subj, obj=self._m(an, party_before),
                                  role=title.office, trigger_i=a.start - 1 if a.start > s.span.start else a.start,
                                  aspect=aspect, rule="title_party_place", confidence=0.6)

    def _possessive(self, an: Analysis, s: _Sentence, history: list[Actor]) -> Iterable[Claim]:
        """ "X's Party" (a person's party) and "X's group" (a faction named after its leader)."""
        doc = an.doc
        tb = tokens_of(doc)
        for a in s.actors:
            if a.type != "person":
                continue
            for b in s.actors:
                if b.type not in ("party", "faction") or b is a:
                    continue
                poss = a.end < len(doc) and tb.text[a.end] in ("'s", "’s", "'")
                inside = b.type == "faction" and b.start == a.start and b.end > a.end
                adjacent = poss and b.start == a.end + 1
                if inside or adjacent:
                    yield self._claim(an, s, "relation", "leader_of", subject=self._m(an, a), obj=self._m(an, b),
                                      role="Leader", trigger_i=a.end if poss else a.start, rule="possessive",
                                      status=status_of(s.span, a.start, self.lex, relation=True))

    def _led_by(self, an: Analysis, s: _Sentence, history: list[Actor]) -> Iterable[Claim]:
        """ "G, led by X", "X-led G"."""
        if LED_WORDS.isdisjoint(s.words):
            return
        doc = an.doc
        lw = tokens_of(doc).lower
        for i in range(s.span.start, s.span.end - 1):
            if lw[i] in LED_WORDS and lw[i + 1] == "by":
                k = _before_aside(doc, i, s.span.start)
                groups = [a for a in s.actors if a.type in GROUP_TYPES and (a.end == i or a.end == k)]
                persons = [a for a in s.actors if a.type == "person" and a.start > i]
                delegation = [a for a in s.actors if a.type in GROUP_TYPES and a.end == i - 1
                              and lw[a.end] in ("delegation", "team", "leaders", "members")]
                if delegation and persons and persons[0].start - i <= 14:
                    yield self._claim(an, s, "relation", "member_of", subject=self._m(an, persons[0]),
                                      obj=self._m(an, delegation[-1]), trigger_i=i, rule="delegation_led_by")
                if groups and doc[max(s.span.start, groups[-1].start - 3) : groups[-1].start].text.lower().replace("the", "").strip() in ("faction of", "factions of", "group of", "wing of"):
                    groups = []
                if groups and persons:
                    g, p = groups[-1], persons[0]
                    if p.start - i <= 12:
                        yield self._claim(an, s, "relation", "leader_of", subject=self._m(an, p), obj=self._m(an, g),
                                          role="Leader", trigger_i=i, rule="led_by",
                                          status=status_of(s.span, i, self.lex, relation=True))
            if lw[i] == "-" and lw[i + 1] in LED_WORDS:
                persons = [a for a in s.actors if a.end == i and a.type in ("person", "party")]
                groups = [a for a in s.actors if a.start >= i + 2 and a.type in GROUP_TYPES]
                if persons and groups and groups[0].start - i <= 4 and persons[0].type == "person":
                    yield self._claim(an, s, "relation", "leader_of", subject=self._m(an, persons[0]),
                                      obj=self._m(an, groups[0]), role="Leader", trigger_i=i + 1, rule="x_led")

    def _heads(self, an: Analysis, s: _Sentence, history: list[Actor]) -> Iterable[Claim]:
        """ "X, who heads a faction ... named G", "X leads G"."""
        if HEAD_VERBS.isdisjoint(s.words):
            return
        doc = an.doc
        lw = tokens_of(doc).lower
        for i in range(s.span.start, s.span.end):
            if lw[i] not in HEAD_VERBS:
                continue
            if i + 1 < s.span.end and lw[i + 1] == "by":
                continue
            persons = [a for a in s.actors if a.type == "person" and a.end <= i and i - a.end <= 3]
            after = [a for a in s.actors if a.start > i and a.type in GROUP_TYPES]
            if not persons or not after:
                continue
            factions = [a for a in after if a.type == "faction"]
            g = (factions or after)[0]
            yield self._claim(an, s, "relation", "leader_of", subject=self._m(an, persons[-1]), obj=self._m(an, g),
                              role="Leader", trigger_i=i, rule="heads",
                              status=status_of(s.span, i, self.lex, relation=True))

    def _includes(self, an: Analysis, s: _Sentence, history: list[Actor]) -> Iterable[Claim]:
        """ "G includes X and Y", "the delegation comprised X, Y", "members of G including X"."""
        doc = an.doc
        lw = tokens_of(doc).lower
        words = self.lex.relations["member_of"].words
        if words.isdisjoint(s.words):
            return
        for i in range(s.span.start, s.span.end):
            if lw[i] not in words or lw[i] in ("members", "member"):
                continue
            before = [a for a in s.actors if a.end <= i and a.type in GROUP_TYPES and not _inside_faction(a, s.actors)]
            relative = i > s.span.start and lw[i - 1] in ("which", "that", "who")
            if before and not relative and lw[i] not in ("including", "comprising"):
                before = before[:1]
            g_mention = self._m(an, before[-1]) if before else None
            if g_mention is None:
                g_mention = self._nominal(an, s, i, history)
            if g_mention is None:
                continue
            persons = [p for p in s.actors if p.type == "person" and p.start > i and not _inside_faction(p, s.actors)]
            for p in _listed(doc, i + 1, persons):
                yield self._claim(an, s, "relation", "member_of", subject=self._m(an, p), obj=g_mention,
                                  trigger_i=i, rule="includes", confidence=0.6,
                                  status=status_of(s.span, i, self.lex, relation=True))
            break

    def _nominal(self, an: Analysis, s: _Sentence, i: int, history: list[Actor]) -> Mention | None:
        """ "the committee", "the party" before token i: the latest actor of the article ending with that word."""
        doc = an.doc
        for j in range(i - 1, max(s.span.start, i - 6) - 1, -1):
            if doc[j].lower_ in ("delegation", "team") and j > s.span.start and doc[j - 1].lower_ == "the":
                for a in reversed(history):
                    if a.type in GROUP_TYPES and a.end < len(doc) and doc[a.end].lower_ == doc[j].lower_:
                        return self._m(an, a)
            if doc[j].lower_ in NOMINAL_HEADS and j > s.span.start and doc[j - 1].lower_ in ("the", "its", "their"):
                head = doc[j].lower_
                for a in reversed(history + [a for a in s.actors if a.end <= j]):
                    if a.type in GROUP_TYPES and (
                        doc[a.end - 1].lower_ == head or (head == "party" and a.type == "party")
                    ):
                        return self._m(an, a)
        return None

    def _factions(self, an: Analysis, s: _Sentence, history: list[Actor]) -> Iterable[Claim]:
        """A faction is part of its party: "PARTY-X" names, and "a faction of P named F"."""
        doc = an.doc
        text = s.low
        for a in s.actors:
            if a.type != "faction":
                continue
            name = doc[a.start].text
            if "-" in name:
                prefix = name.split("-", 1)[0]
                party = _mention_with_text(an, prefix)
                if party is not None:
                    yield self._claim(an, s, "relation", "part_of", subject=self._m(an, a), obj=party,
                                      trigger_i=a.start, rule="party_prefix", confidence=0.7)
        for phrase in self.lex.relations["part_of"].phrases:
            k = text.find(phrase)
            if k < 0:
                continue
            at = s.span.start_char + k + len(phrase)
            parties = [a for a in s.actors if a.type == "party" and doc[a.start].idx >= at]
            if not parties:
                continue
            p = parties[0]
            for f in s.actors:
                if f.type == "faction" and f.start > p.end:
                    yield self._claim(an, s, "relation", "part_of", subject=self._m(an, f), obj=self._m(an, p),
                                      trigger_i=p.start, rule="faction_of", confidence=0.7)
        for a in s.actors:
            if a.type != "organization" or a.start < 2 or doc[a.start - 1].text not in ("'s", "’s"):
                continue
            owner = [b for b in s.actors if b.end == a.start - 1 and b.type in ("party", "faction")]
            pm = self._m(an, owner[0]) if owner else None
            if pm is None and doc[a.start - 2].lower_ == "party":
                pm = next((self._m(an, b) for b in reversed(history + s.actors) if b.type == "party" and b.end <= a.start), None)
            if pm is not None:
                yield self._claim(an, s, "relation", "part_of", subject=self._m(an, a), obj=pm,
                                  trigger_i=a.start - 1, rule="party_organ", confidence=0.6)
        # "the two factions of the P" anywhere in the article makes its pattern-named factions part of P
        for a in s.actors:
            if a.type == "faction" and a.source == "pattern":
                if self._party_of_factions is None:
                    self._party_of_factions = (_article_party_of_factions(an, self.lex),)
                party = self._party_of_factions[0]
                if party is not None:
                    yield self._claim(an, s, "relation", "part_of", subject=self._m(an, a), obj=party,
                                      trigger_i=a.start, rule="factions_of_party", confidence=0.5)

    def _of_party(self, an: Analysis, s: _Sentence, history: list[Actor]) -> Iterable[Claim]:
        """ "X of the P" and "the P's X": a person named with their party is a member of it."""
        doc = an.doc
        tb = tokens_of(doc)
        lw = tb.lower
        link = self.lex.person_of_group
        for a in s.actors:
            if a.type != "person":
                continue
            j = a.end
            if j < s.span.end and tb.text[j] == ",":
                j += 1
            if j < s.span.end and lw[j] in link:
                j += 1
                if j < s.span.end and lw[j] == "the":
                    j += 1
                g = next((b for b in s.actors if b.start == j and b.type in ("party", "faction")), None)
                if g is not None:
                    yield self._claim(an, s, "relation", "member_of", subject=self._m(an, a), obj=self._m(an, g),
                                      trigger_i=a.end, rule="of_party", confidence=0.6)
            for appo in (self._apposition(an, s, a), self._apposition_before(an, s, a)):
                if appo is not None:
                    yield appo
            yield from self._owned_title(an, s, a)
            if a.start >= s.span.start + 2 and tb.text[a.start - 1] in ("'s", "’s"):
                g = next((b for b in s.actors if b.end == a.start - 1 and b.type in ("party", "faction")), None)
                if g is not None:
                    yield self._claim(an, s, "relation", "member_of", subject=self._m(an, a), obj=self._m(an, g),
                                      trigger_i=a.start - 1, rule="party_possessive", confidence=0.6)

        for g in s.actors:
            # "the Pak Party of X", "the Restoration Committee of X": a group named with its leader
            if g.type not in GROUP_TYPES or g.end + 1 >= s.span.end or lw[g.end] != "of":
                continue
            p = next((b for b in s.actors if b.type == "person" and (b.start == g.end + 1 or (
                b.start == g.end + 2 and tb.is_title[g.end + 1]))), None)  # "of Dr X" too
            if p is not None and not (p.end < s.span.end and tb.text[p.end] in ("'s", "’s")):
                yield self._claim(an, s, "relation", "leader_of", subject=self._m(an, p), obj=self._m(an, g),
                                  role="Leader", trigger_i=g.end, rule="group_of_person", confidence=0.5)

    def _apposition(self, an: Analysis, s: _Sentence, a: Actor) -> Claim | None:
        """ "X, a senior leader of the P", "X is a member of the P": the role noun before "of" says which."""
        doc = an.doc
        tb = tokens_of(doc)
        lw = tb.lower
        j = a.end
        if j >= s.span.end or lw[j] not in self.lex.apposition_links:
            return None
        j += 1
        if j < s.span.end and lw[j] in ("a", "an", "the", "one"):
            j += 1
        k = j
        while k < min(s.span.end, j + 4) and lw[k] != "of" and tb.is_alpha[k]:
            k += 1
        if k >= s.span.end or lw[k] != "of" or k == j:
            return None
        words = lw[j:k]
        rel = next((self.lex.apposition_roles[" ".join(words[n:])] for n in range(len(words))
                    if " ".join(words[n:]) in self.lex.apposition_roles), None)
        if rel is None:
            return None
        g_start = k + 2 if k + 1 < s.span.end and lw[k + 1] == "the" else k + 1
        g = next((b for b in s.actors if g_start <= b.start <= g_start + 2 and b.type in ("party", "faction")
                  and all(tb.is_alpha[e] and tb.is_lower[e] for e in range(g_start, b.start))), None)
        if g is None:  # "of the ruling P", "of the liberal P": a word or two may describe the group
            return None
        role = doc[j:k].text if rel == "leader_of" else None
        return self._claim(an, s, "relation", rel, subject=self._m(an, a), obj=self._m(an, g), role=role,
                           trigger_i=k - 1, rule="apposition", confidence=0.7)

    def _owned_title(self, an: Analysis, s: _Sentence, a: Actor) -> Iterator[Claim]:
        """ "X, the P's vice chancellor": a title the group owns, after the person and a comma; "X, whose (own)
        P ...": the person's party."""
        doc = an.doc
        tb = tokens_of(doc)
        lw = tb.lower
        j = a.end
        if j + 2 >= s.span.end or tb.text[j] != ",":
            return
        j += 1
        if lw[j] == "whose":
            k = j + 2 if lw[j + 1] == "own" else j + 1
            g = next((b for b in s.actors if b.start == k and b.type in ("party", "faction")), None)
            if g is not None:
                yield self._claim(an, s, "relation", "member_of", subject=self._m(an, a), obj=self._m(an, g),
                                  trigger_i=j, rule="whose_party", confidence=0.6)
            return
        if lw[j] == "the":
            j += 1
        g = next((b for b in s.actors if b.start == j and b.type in ("party", "faction")), None)
        if g is None or g.end + 1 >= s.span.end or tb.text[g.end] not in ("'s", "’s", "'"):
            return
        found = self._title_from(doc, g.end + 1, s.span.end)
        if found is None:
            return
        end, title = found
        if end < s.span.end and tb.is_alpha[end] and not tb.is_lower[end]:
            return  # "the P's leader X": the title of the name that follows, read by the title rule
        role = doc[g.end + 1 : end].text.lower()
        rel = "member_of" if title.relation == "holds_office" else title.relation
        if title.relation == "holds_office":
            yield self._claim(an, s, "relation", "holds_office", subject=self._m(an, a), obj=None, role=role,
                              trigger_i=g.end, rule="owned_title", confidence=0.6)
        yield self._claim(an, s, "relation", rel, subject=self._m(an, a), obj=self._m(an, g), role=role,
                          trigger_i=g.end, rule="owned_title", confidence=0.6)

    def _apposition_before(self, an: Analysis, s: _Sentence, a: Actor) -> Claim | None:
        """ "the leader of the G, X": the role noun and group come first, the person after a comma."""
        doc = an.doc
        if a.start - 2 < s.span.start or doc[a.start - 1].text != ",":
            return None
        g = next((b for b in s.actors if b.end == a.start - 1 and b.type in ("party", "faction")), None)
        if g is None:
            return None
        k = g.start - 1
        if k > s.span.start and doc[k].lower_ == "the":
            k -= 1
        if k <= s.span.start or doc[k].lower_ != "of":
            return None
        j = k
        while j > max(s.span.start, k - 4) and doc[j - 1].is_alpha and doc[j - 1].lower_ not in ("the", "a", "an"):
            j -= 1
        words = [t.lower_ for t in doc[j:k]]
        rel = next((self.lex.apposition_roles[" ".join(words[n:])] for n in range(len(words))
                    if " ".join(words[n:]) in self.lex.apposition_roles), None)
        if rel is None:
            return None
        role = doc[j:k].text if rel == "leader_of" else None
        return self._claim(an, s, "relation", rel, subject=self._m(an, a), obj=self._m(an, g), role=role,
                           trigger_i=k - 1, rule="apposition_before", confidence=0.7)

    def _ref_at(self, s: _Sentence, i: int) -> Reference | None:
        return next((r for r in s.refs if r.start <= i < r.end), None)

    def _owner_before(self, an: Analysis, s: _Sentence, k: int) -> tuple[int, Actor | None] | None:
        """The owner phrase that ends just before token ``k``, as (its first token, the group it names):
        "the P's", "the party's", "its", "their" name a group; "the", "a", "the state's" name none.
        None when no determiner or owner opens the phrase there."""
        doc = an.doc
        j = k - 1
        if j < s.span.start:
            return None
        if doc[j].lower_ in ("a", "an", "the"):
            return j, None
        ref = self._ref_at(s, j)
        if ref is not None and ref.kind == "group" and ref.end == k and len(ref.actors) == 1:
            return ref.start, ref.actors[0]
        if doc[j].text in ("'s", "’s") and j - 1 >= s.span.start:
            g = next((b for b in s.actors if b.end == j and b.type in ("party", "faction")), None)
            if g is not None:
                return g.start, g
            ref = self._ref_at(s, j - 1)
            if ref is not None and ref.kind == "group" and len(ref.actors) == 1:
                return ref.start, ref.actors[0]
            if doc[j - 1].is_alpha and doc[j - 1].is_lower and j - 2 >= s.span.start and doc[j - 2].lower_ == "the":
                return j - 2, None  # "the state's other deputy chief minister"
        return None

    def _role_head(self, words: list[str]) -> tuple[str, str] | None:
        """(relation, role noun) for a role phrase's last word: an office noun gives holds_office, an
        apposition role its relation; plurals ("ministers") count as their singular."""
        if not words:
            return None
        titles = default_knowledge().titles
        for n in range(len(words) - 1):  # "the army chief, General X": an office of several words the titles know
            t = titles.get(" ".join(words[n:]))
            if t is not None and t.relation == "holds_office":
                return "holds_office", t.words
        last = words[-1]
        for w in (last, last[:-1] if last.endswith("s") else last):
            if w in self.lex.office_nouns:
                return "holds_office", w
            if w in self.lex.apposition_roles:
                return self.lex.apposition_roles[w], w
        two = " ".join(words[-2:])
        if two in self.lex.apposition_roles:
            return self.lex.apposition_roles[two], two
        return None

    def _appositive_role(self, an: Analysis, s: _Sentence, history: list[Actor]) -> Iterable[Claim]:
        """ "its founder, X", "the party's two federal ministers, X and Y", "the state's other deputy chief
        minister, X": a role phrase owned by a group (or by nobody), then a comma and the person(s)."""
        doc = an.doc
        for a in s.actors:
            if a.type != "person" or a.role is not None:
                continue
            k = a.start - 1
            while k > a.start - 3 and k > s.span.start and doc[k].is_title:
                k -= 1  # an honorific between the comma and the name: "its city chief, Hafiz X"
            if k - 1 <= s.span.start or doc[k].text != ",":
                continue
            j = k
            while j > max(s.span.start, k - 5) and (
                (doc[j - 1].is_alpha and doc[j - 1].is_lower and doc[j - 1].lower_ not in ("a", "an", "the", "its", "their"))
                or doc[j - 1].like_num
            ):
                j -= 1
            words = [t.lower_ for t in doc[j:k] if t.is_alpha]
            head = self._role_head(words)
            owner = self._owner_before(an, s, j)
            if head is None or owner is None or j == k:
                continue
            rel, noun = head
            group = owner[1]
            persons_after = [p for p in s.actors if p.type == "person" and p.start >= a.start]
            last = _listed(doc, a.start, persons_after)[-1] if words[-1] != noun else a
            if last.end < s.span.end and doc[last.end].text not in (",", ".", ";") and doc[last.end].lower_ != "of":
                continue  # "After his meeting with the governor, X issued ...": the comma closed a phrase
            if group is None and owner[0] > s.span.start and doc[owner[0] - 1].lower_ in OPENING_PREPOSITIONS:
                continue
            persons = [p for p in s.actors if p.type == "person" and p.start >= a.start]
            people = _listed(doc, a.start, persons) if words[-1] != noun else [a]
            role = " ".join(t.text for t in doc[j:k] if not t.like_num).lower()
            for p in people:
                if rel == "holds_office":
                    yield self._claim(an, s, "relation", "holds_office", subject=self._m(an, p), role=role,
                                      trigger_i=k - 1, rule="appositive_office", confidence=0.6)
                    if group is not None:
                        yield self._claim(an, s, "relation", "member_of", subject=self._m(an, p),
                                          obj=self._m(an, group), role=role, trigger_i=k - 1,
                                          rule="appositive_office", confidence=0.6)
                elif group is not None:
                    yield self._claim(an, s, "relation", rel, subject=self._m(an, p), obj=self._m(an, group),
                                      role=role if rel == "leader_of" else None, trigger_i=k - 1,
                                      rule="appositive_role", confidence=0.6)

    def _group_person(self, an: Analysis, s: _Sentence, history: list[Actor]) -> Iterable[Claim]:
        """ "the G around A and B" (members), "the P under A" (its leader): a group, a link word, person(s)."""
        doc = an.doc
        tb = tokens_of(doc)
        lw = tb.lower
        for g in s.actors:
            if g.type not in GROUP_TYPES or g.end + 1 >= s.span.end:
                continue
            rel = self.lex.group_person_links.get(lw[g.end])
            if rel is None:
                continue
            persons = [p for p in s.actors if p.type == "person" and p.start > g.end]
            if not persons or persons[0].start != g.end + 1:
                continue
            people = _listed(doc, g.end + 1, persons) if rel == "member_of" else persons[:1]
            status = status_of(s.span, g.end, self.lex, relation=True)
            for p in people:
                yield self._claim(an, s, "relation", rel, subject=self._m(an, p), obj=self._m(an, g),
                                  role="Leader" if rel == "leader_of" else None, trigger_i=g.end,
                                  rule="group_person_link", status=status, confidence=0.6)

    def _represents(self, an: Analysis, s: _Sentence, history: list[Actor]) -> Iterable[Claim]:
        """ "A signed on behalf of the P and B for the Q": who acts for a group belongs to it."""
        doc = an.doc
        for cue in self.lex.representation_cues:
            words = cue.split()
            for k in s.phrase_at(words):
                i = s.span.start + k
                end = i + len(words)
                g = next((b for b in s.actors if b.type in ("party", "faction") and end <= b.start <= end + 1), None)
                lo, _hi = clause_bounds(s.span, i)
                persons = [p for p in s.actors if p.type == "person" and lo <= p.start and p.end <= i and i - p.end <= 6]
                if g is None or not persons:
                    continue
                yield self._claim(an, s, "relation", "member_of", subject=self._m(an, persons[-1]),
                                  obj=self._m(an, g), trigger_i=i, rule="represents", confidence=0.6)
                # "... and B for the Q": the same act, told once more with the verb left out
                nxt = [p for p in s.actors if p.type == "person" and p.start == g.end + 1]
                if nxt and g.end < s.span.end and doc[g.end].lower_ == "and":
                    p = nxt[0]
                    j = p.end + (2 if p.end + 1 < s.span.end and doc[p.end + 1].lower_ == "the" else 1)
                    q = next((b for b in s.actors if b.type in ("party", "faction") and b.start == j), None)
                    if p.end < s.span.end and doc[p.end].lower_ == "for" and q is not None:
                        yield self._claim(an, s, "relation", "member_of", subject=self._m(an, p), obj=self._m(an, q),
                                          trigger_i=p.end, rule="represents", confidence=0.6)

    def _takes_office(self, an: Analysis, s: _Sentence, history: list[Actor]) -> Iterable[Claim]:
        """ "X was sworn in as deputy chief minister", "Parliament elected X as the country's president", "X,
        who is also the state's chief minister": the office phrase after the cue is the role."""
        doc = an.doc
        lw = tokens_of(doc).lower
        cues = [(w, aspect, False) for w, aspect in self.lex.office_cue_words] + [
            (c.split(), "begins", True) for c in self.lex.office_as_cues] + [
            (c.split(), "holds", False) for c in self.lex.office_state_cues]
        for words, aspect, gap in cues:
            for k in s.phrase_at(words):
                i = s.span.start + k
                j = i + len(words)
                named = None  # "elected X as ...": the person between the verb and "as"
                if gap:
                    at = next((e for e in range(j, min(s.span.end, j + 12)) if lw[e] == "as"), None)
                    if at is None or any(lw[e] in (";", "and", "but", "while") for e in range(j, at)):
                        continue
                    named = next((a for a in s.actors if a.type == "person" and j <= a.start and a.end <= at), None)
                    j = at + 1
                phrase = self._office_phrase(an, s, j)
                if phrase is None:
                    continue
                role, plural, owner, title = phrase
                named_owner = owner if owner is not None and any(
                    b is owner and j <= b.start < j + 3 for b in s.actors) else None
                people = self._office_holders(an, s, i, words, named, plural)
                if not people:
                    continue
                status = status_of(s.span, i, self.lex, relation=True)
                for p in people:
                    if title is not None and title.relation == "leader_of" and owner is not None:
                        if named_owner is None:
                            continue  # "took over as the party's president": which party, a reference cannot tell
                        # "took over as the P's national president": the head of the group
                        yield self._claim(an, s, "relation", "leader_of", subject=self._m(an, p),
                                          obj=self._m(an, owner), role=role, trigger_i=i, rule="takes_office",
                                          aspect=aspect, confidence=0.6, status=status)
                        continue
                    yield self._claim(an, s, "relation", "holds_office", subject=self._m(an, p),
                                      role=role, trigger_i=i, rule="takes_office",
                                      aspect=aspect, confidence=0.6, status=status)
                    if owner is not None:
                        # "X becomes the party's second federal minister": the office is the party's share
                        yield self._claim(an, s, "relation", "member_of", subject=self._m(an, p),
                                          obj=self._m(an, owner), trigger_i=i, rule="takes_office", status=status,
                                          confidence=0.6)

    def _office_phrase(self, an: Analysis, s: _Sentence, j: int) -> tuple[str, bool, Actor | None, Title | None] | None:
        """The office phrase from token ``j`` ("the party's national president", "Punjab's chief minister", "the
        23rd Prime Minister", "deputy chief ministers", "Leader of the Opposition"), as (role, whether plural,
        the group that owns it, the title its head word is); None when no office noun ends it within a few
        words."""
        doc = an.doc
        tb = tokens_of(doc)
        lw = tb.lower
        owner, j = self._owner_after(an, s, j)
        place = None
        if owner is None:
            k = j + 1 if j < s.span.end and lw[j] == "the" else j
            place = next((b for b in s.actors if b.start == k and b.type == "place"), None)
            if place is not None and place.end < s.span.end and tb.text[place.end] in ("'s", "’s"):
                j = place.end + 1  # "Punjab's chief minister": the office of a place
            elif k + 1 < s.span.end and k > j and tb.is_lower[k] and tb.text[k + 1] in ("'s", "’s"):
                j = k + 2  # "the country's eighth executive president"
            else:
                place = None
        if j < s.span.end and lw[j] in ("a", "an", "the"):
            j += 1
        while j < s.span.end and doc[j].like_num:
            j += 1  # "the 23rd Prime Minister", "its eighth president"
        if j >= s.span.end:
            return None
        known = self._title_from(doc, j, s.span.end)
        if known is not None and known[1].relation == "holds_office" and lw[j] not in self.lex.office_nouns:
            end, title = known  # "became Leader of the Opposition in the Senate"
            return doc[j:end].text.lower(), False, owner, title
        for e in range(j, min(s.span.end, j + 4)):
            if not (tb.is_alpha[e] or (tb.text[e] == "-" and e > j)):
                return None
            w = lw[e]
            plural = w.endswith("s") and w[:-1] in self.lex.office_nouns
            if w in self.lex.office_nouns or plural:
                words = [t.lower_ for t in doc[j : e + 1]]
                if plural:
                    words[-1] = words[-1][:-1]
                role = " ".join(words).replace(" - ", "-")
                if place is not None:
                    role = f"{role} of {doc[place.start : place.end].text}"
                return role, plural, owner, default_knowledge().titles.get(words[-1])
        return None

    def _title_from(self, doc: Doc, j: int, limit: int) -> tuple[int, Title] | None:
        """The longest known title that starts at token ``j``: (its end, the title)."""
        titles = default_knowledge().titles
        lw = tokens_of(doc).lower
        for n in range(min(6, limit - j), 0, -1):
            t = titles.get(" ".join(lw[j : j + n]))
            if t is not None:
                return j + n, t
        return None

    def _office_holders(self, an: Analysis, s: _Sentence, i: int, words: list[str], named: Actor | None,
                        plural: bool) -> list[Actor]:
        """Who takes the office a cue at token ``i`` names: the person named after the verb ("elected X as"),
        else the subject before it: the first person of its clause after the last "and" that joins clauses
        ("the P's A was elected Speaker, and the Q's B became Deputy Speaker": B), every one of a list when
        the office is plural ("A and B took oath as deputy chief ministers"); for "who is" the person just
        before it."""
        doc = an.doc
        lw = tokens_of(doc).lower
        if named is not None:
            return [named]
        lo, _hi = clause_bounds(s.span, i)
        if words[0] in ("who", "is"):
            near = [a for a in s.actors if a.type == "person" and lo <= a.start and i - 2 <= a.end <= i]
            return near[-1:]
        # "Nobel laureate X was sworn in": the person right before the verb, with only auxiliaries between
        adjacent = [a for a in s.actors if a.type == "person" and lo <= a.start and a.end <= i
                    and all(lw[e] in VERB_GROUP or lw[e].endswith("ly") for e in range(a.end, i))]
        verb = i
        while verb > lo and lw[verb - 1] in VERB_GROUP:
            verb -= 1
        interrupted = verb > lo and doc[verb - 1].text == ","  # "X, whom Y had appointed ..., had been sworn in"
        for e in range(i - 1, lo, -1):
            if (lw[e] == "and" and doc[e - 1].text == ",") or (lw[e] in CLAUSE_OPENERS and not interrupted):
                lo = e + 1  # "..., and B became", "... after B became": B's clause
                break
        persons = [a for a in s.actors if a.type == "person" and lo <= a.start and a.end <= i and i - a.end <= 30]
        if not persons:
            return adjacent[-1:]
        first = adjacent[-1] if adjacent and not plural else persons[0]
        return _listed(doc, first.start, persons) if plural else [first]

    def _owner_after(self, an: Analysis, s: _Sentence, j: int) -> tuple[Actor | None, int]:
        """A group owner opening an office phrase at token ``j`` ("the party's", "its", "the P's"): the
        group and the token after the owner; (None, j) when there is none."""
        doc = an.doc
        ref = self._ref_at(s, j)
        if ref is not None and ref.start == j and ref.kind == "group" and len(ref.actors) == 1:
            if doc[ref.end - 1].lower_ in ("its", "their"):
                return ref.actors[0], ref.end
            if ref.end < s.span.end and doc[ref.end].text in ("'s", "’s"):
                return ref.actors[0], ref.end + 1
        k = j + 1 if j < s.span.end and doc[j].lower_ == "the" else j
        g = next((b for b in s.actors if b.start == k and b.type in ("party", "faction")), None)
        if g is not None and g.end < s.span.end and doc[g.end].text in ("'s", "’s"):
            return g, g.end + 1
        return None, j

    def _merge_split(self, an: Analysis, s: _Sentence, history: list[Actor]) -> Iterable[Claim]:
        """ "F split from P", "P merged into Q", "merged its P into Q": group-to-group change of structure."""
        doc = an.doc
        groups = [a for a in s.actors if a.type in ("party", "faction") and not _inside_faction(a, s.actors)]
        if len(groups) < 2:
            return  # a change of structure is between two groups, one before its words and one after
        for rel in ("merged_into", "split_from"):
            phrases = self.lex.relations[rel].phrases + (("into",) if rel == "merged_into" else ())
            for phrase in phrases:
                words = phrase.split()
                for k in s.phrase_at(words):
                    i = s.span.start + k
                    end = i + len(words)
                    after = [g for g in groups if end <= g.start <= end + 2]
                    before = [g for g in groups if g.end <= i and i - g.end <= 6]
                    # "merged his P into Q": the first group sits between the verb and "into"
                    if words == ["into"]:
                        verbs = self.lex.relations["merged_into"].words
                        verb = next((j for j in range(i - 1, max(s.span.start, i - 8) - 1, -1)
                                     if doc[j].lower_ in verbs), None)
                        before = [g for g in groups if verb is not None and verb < g.start and g.end <= i] or [
                            g for g in groups if verb is not None and g.end <= verb and verb - g.end <= 6]
                    # "G, a group formed by lawmakers who deserted the P, merged into Q": not the P, which sits
                    # inside a relative clause closed by a comma before the verb
                    before = [g for g in before if not _inside_relative(doc, s.span.start, g, i)]
                    if before and after:
                        yield self._claim(an, s, "relation", rel, subject=self._m(an, before[-1]),
                                          obj=self._m(an, after[0]), trigger_i=i, rule=rel, confidence=0.7,
                                          status=status_of(s.span, i, self.lex, relation=True))

    def _join_leave(self, an: Analysis, s: _Sentence, history: list[Actor]) -> Iterable[Claim]:
        if JOIN_VERBS.isdisjoint(s.words) and LEAVE_VERBS.isdisjoint(s.words):
            return
        doc = an.doc
        lw = tokens_of(doc).lower
        for i in range(s.span.start, s.span.end):
            w = lw[i]
            kind = "join" if w in JOIN_VERBS else ("leave" if w in LEAVE_VERBS else None)
            if kind is None or (i + 1 < s.span.end and lw[i + 1] == "hands"):
                continue
            objs_all = [a for a in s.actors if a.start > i and a.type in ("party", "faction") and i + 8 >= a.start]
            led = [o for o in objs_all if o.end + 2 < len(doc) and doc[o.end].text == "-" and lw[o.end + 1] == "led"
                   and lw[o.end + 2] in ("coalition", "government", "alliance")]
            groups_before = [a for a in s.actors if a.end <= i and a.type in ("party", "faction")]
            if kind == "join" and led and groups_before:
                yield self._claim(an, s, "relation", "allied_with", subject=self._m(an, groups_before[-1]),
                                  obj=self._m(an, led[0]), trigger_i=i, rule="joined_led_coalition",
                                  status=status_of(s.span, i, self.lex, relation=True))
                continue
            subj = [a for a in s.actors if a.end <= i and a.type == "person"]
            objs = objs_all
            objs = [o for o in objs if not (o.end < len(doc) and doc[o.end].text in ("'s", "’s"))]
            if not subj or not objs:
                continue
            status = status_of(s.span, i, self.lex, relation=True)
            obj = self._m(an, objs[0])
            people = [a for a in subj if i - a.end <= 8]
            for p in people or subj[-1:]:
                yield self._claim(an, s, "relation", "member_of", subject=self._m(an, p), obj=obj,
                                  aspect="begins" if kind == "join" else "ends", trigger_i=i, rule=kind,
                                  status=status)

    def _pair_groups(self, s: _Sentence) -> list[Actor]:
        seen: dict[str, Actor] = {}
        for a in s.actors:
            if a.type in ("party", "faction"):
                key = a.canonical or s.span.doc[a.start : a.end].text
                seen.setdefault(key, a)
        return list(seen.values())

    def _alliance(self, an: Analysis, s: _Sentence, history: list[Actor]) -> Iterable[Claim]:
        doc = an.doc
        cues = self.lex.relations["allied_with"]
        lw = tokens_of(doc).lower
        named = {k for a in s.actors for k in range(a.start, a.end)}  # "the Grand Alliance" names, not says
        trig = [k for k in range(s.span.start, s.span.end) if lw[k] in cues.words and k not in named] if not (
            cues.words.isdisjoint(s.words)) else []
        low = s.low
        if not trig and not any(p in low for p in cues.phrases):
            return
        i = trig[0] if trig else s.span.start
        for j in trig:
            if doc[j].lower_ in ("allies", "ally") and j > s.span.start and doc[j - 1].lower_ in ("his", "her", "strong", "close", "key"):
                owner = [a for a in s.actors if a.type == "person" and a.end <= j]
                mates = [a for a in s.actors if a.type == "person" and a.start > j and a.start - j <= 12]
                if owner:
                    for m in mates:
                        yield self._claim(an, s, "relation", "allied_with", subject=self._m(an, owner[-1]),
                                          obj=self._m(an, m), trigger_i=j, rule="his_allies")
                return
        groups = self._pair_groups(s)
        if len(groups) == 2 and {g.type for g in groups} == {"party", "faction"}:
            return
        status = status_of(s.span, i, self.lex, relation=True)
        if len(groups) == 2:
            yield self._claim(an, s, "relation", "allied_with", subject=self._m(an, groups[0]),
                              obj=self._m(an, groups[1]), trigger_i=i, rule="alliance", status=status)
        elif len(groups) == 1 and any(doc[j].lower_ in ("ally", "partner") for j in trig):
            j = next(j for j in trig if doc[j].lower_ in ("ally", "partner"))
            other = self._nominal_other(an, s, j, groups[0], history)
            if other is not None:
                yield self._claim(an, s, "relation", "allied_with", subject=self._m(an, groups[0]), obj=other,
                                  trigger_i=j, rule="ally_of", status=status)

    def _nominal_other(self, an: Analysis, s: _Sentence, j: int, group: Actor, history: list[Actor]) -> Mention | None:
        """ "an ally of the ruling party": the latest other party of the article."""
        doc = an.doc
        if not any(doc[k].lower_ == "party" for k in range(j, min(j + 6, s.span.end))):
            return None
        name = doc[group.start : group.end].text
        for a in reversed(history):
            if a.type == "party" and doc[a.start : a.end].text != name and (a.canonical or "") != (group.canonical or name):
                return self._m(an, a)
        return None

    def _against(self, an: Analysis, s: _Sentence, history: list[Actor]) -> Iterable[Claim]:
        doc = an.doc
        lw = tokens_of(doc).lower
        for i in range(s.span.start, s.span.end) if "against" in s.words else ():
            if lw[i] != "against":
                continue
            objs = [a for a in s.actors if a.start > i and a.start - i <= 5 and a.type in ACTOR_TYPES]
            subs = [a for a in s.actors if a.end <= i and a.type in ACTOR_TYPES and not _inside_faction(a, s.actors)]
            if not objs or not subs:
                continue
            status = status_of(s.span, i, self.lex, relation=True)
            yield self._claim(an, s, "relation", "opposed_to", subject=self._m(an, subs[-1]),
                              obj=self._m(an, objs[0]), trigger_i=i, rule="against", status=status)
        low = s.low
        k = low.find("differences between")
        if k >= 0:
            at = s.span.start_char + k
            after = [a for a in s.actors if doc[a.start].idx > at and a.type in ACTOR_TYPES and not _inside_faction(a, s.actors)]
            if len(after) >= 2:
                x, y = after[0], after[1]
                if {x.type, y.type} == {"person", "faction"}:
                    x, y = (_faction_led_by(an, x) or x), (_faction_led_by(an, y) or y)
                yield self._claim(an, s, "relation", "opposed_to", subject=self._m(an, x),
                                  obj=self._m(an, y), trigger_i=after[0].start - 1, rule="differences_between")

    def _founds(self, an: Analysis, s: _Sentence, history: list[Actor]) -> Iterable[Claim]:
        """ "X launched a new party, the P", "X founded the P": who founds a party leads it."""
        tb = tokens_of(an.doc)
        lw = tb.lower
        for i, lo, hi in _cues(s, lw, self.lex.founding_verbs):
            persons = [a for a in s.actors if a.type == "person" and lo <= a.start and a.end <= i and i - a.end <= 5
                       and not any(b.start >= a.end and b.end <= i for b in s.actors if b is not a)]
            after = [g for g in s.actors if g.type in ("party", "faction") and i < g.start <= i + 8 and g.start < hi]
            if not persons or not after:
                continue
            g = after[0]
            between = range(i + 1, g.start)
            # only words that say what the group is: "a new political party, the P"; not "a campaign against P"
            if any(tb.is_alpha[e] and (not tb.is_lower[e] or lw[e] in self.lex.not_founding) for e in between) or any(
                    tb.text[e] not in (",", "-") and not tb.is_alpha[e] for e in between):
                continue
            yield self._claim(an, s, "relation", "leader_of", subject=self._m(an, persons[-1]), obj=self._m(an, g),
                              role="Founder", trigger_i=i, rule="founds", confidence=0.6,
                              status=status_of(s.span, i, self.lex, relation=True))

    def _expels(self, an: Analysis, s: _Sentence, history: list[Actor]) -> Iterable[Claim]:
        """ "The P has expelled (former president) X", "X was expelled from the P": X was a member, until then."""
        tb = tokens_of(an.doc)
        lw = tb.lower
        for i, lo, hi in _cues(s, lw, self.lex.expel_verbs):
            if i + 1 < hi and lw[i + 1] == "from":  # passive: "X was expelled from the P"
                at = i + 3 if i + 2 < hi and lw[i + 2] == "the" else i + 2
                g = next((b for b in s.actors if b.type in ("party", "faction") and b.start == at), None)
                ref = self._ref_at(s, i + 2)
                if g is None and ref is not None and ref.kind == "group" and len(ref.actors) == 1 and (
                        ref.actors[0].type in ("party", "faction")):
                    g = ref.actors[0]
                p = next((a for a in reversed(s.actors) if a.type == "person" and lo <= a.start and a.end <= i
                          and all(lw[e] in VERB_GROUP for e in range(a.end, i))), None)
            else:  # active: "the P (has) expelled X"
                g = next((b for b in reversed(s.actors) if b.type in ("party", "faction") and lo <= b.start
                          and b.end <= i and all(lw[e] in VERB_GROUP for e in range(b.end, i))), None)
                p = next((a for a in s.actors if a.type == "person" and i < a.start <= i + 4 and all(
                    tb.is_alpha[e] and (tb.is_lower[e] or tb.is_title[e]) for e in range(i + 1, a.start))), None)
            if g is None or p is None:
                continue
            yield self._claim(an, s, "relation", "member_of", subject=self._m(an, p), obj=self._m(an, g),
                              aspect="ends", trigger_i=i, rule="expels", confidence=0.6,
                              status=status_of(s.span, i, self.lex, relation=True))

    def _owned_by(self, an: Analysis, s: _Sentence, history: list[Actor]) -> Iterable[Claim]:
        """ "G, with X as its leader": the role the group gives the person; "X ... his P": the person's party."""
        doc = an.doc
        tb = tokens_of(doc)
        lw = tb.lower
        for p in s.actors:
            if p.type != "person" or p.start < s.span.start + 1 or p.end + 2 >= s.span.end:
                continue
            if lw[p.start - 1] == "with" and lw[p.end] == "as" and lw[p.end + 1] in ("its", "their"):
                k = _before_aside(doc, p.start - 1, s.span.start)
                g = next((b for b in s.actors if b.type in GROUP_TYPES and b.end in (k, p.start - 1)), None)
                noun = lw[p.end + 2] if p.end + 2 < s.span.end else ""
                if g is None:
                    continue
                if noun in self.lex.own_leader_nouns:
                    yield self._claim(an, s, "relation", "leader_of", subject=self._m(an, p), obj=self._m(an, g),
                                      role=noun, trigger_i=p.end + 2, rule="with_as_its", confidence=0.6)
                elif noun in self.lex.apposition_roles:
                    yield self._claim(an, s, "relation", "member_of", subject=self._m(an, p), obj=self._m(an, g),
                                      trigger_i=p.end + 2, rule="with_as_its", confidence=0.6)
        # "X broke his P's alliance": a possessive pronoun before a party, the clause's person before it
        for g in s.actors:
            if g.type not in ("party", "faction") or g.start - 1 <= s.span.start or lw[g.start - 1] not in ("his", "her"):
                continue
            lo, _hi = clause_bounds(s.span, g.start)
            persons = [a for a in s.actors if a.type == "person" and lo <= a.start and a.end < g.start]
            if len(persons) != 1 or any(lw[e] in ("who", "whom", "that", "which") for e in range(persons[0].end, g.start)):
                continue
            yield self._claim(an, s, "relation", "member_of", subject=self._m(an, persons[0]), obj=self._m(an, g),
                              trigger_i=g.start - 1, rule="his_party", confidence=0.5)

    def _group_apposition(self, an: Analysis, s: _Sentence, history: list[Actor]) -> Iterable[Claim]:
        """ "G had been a founding member of H", "G, a member of the H alliance": one group is part of another."""
        doc = an.doc
        tb = tokens_of(doc)
        lw = tb.lower
        nouns = self.lex.group_member_nouns
        for g in s.actors:
            if g.type not in GROUP_TYPES or g.end + 3 >= s.span.end:
                continue
            j = g.end
            if lw[j] == "had" and lw[j + 1] == "been":
                j += 1
            if lw[j] not in self.lex.apposition_links:
                continue
            j += 1
            if j < s.span.end and lw[j] in ("a", "an", "the", "one"):
                j += 1
            k = next((e for e in range(j, min(s.span.end, j + 3)) if lw[e] == "of"), None)
            if k is None or k == j or " ".join(lw[j:k]) not in nouns:
                continue
            at = k + 2 if k + 1 < s.span.end and lw[k + 1] == "the" else k + 1
            h = next((b for b in s.actors if b.start == at and b.type in GROUP_TYPES and b is not g), None)
            if h is None or (g.type == "organization" and h.type != "organization"):
                continue
            yield self._claim(an, s, "relation", "part_of", subject=self._m(an, g), obj=self._m(an, h),
                              trigger_i=k, rule="group_member", confidence=0.6,
                              status=status_of(s.span, k, self.lex, relation=True))

    # ------------------------------------------------------------------ events
    def _events(self, an: Analysis, s: _Sentence, history: list[Actor]) -> Iterable[Claim]:
        doc = an.doc
        low = " " + " ".join(s.tokens) + " "
        present = frozenset(low.split())  # a phrase found in ``low`` has its first word here
        types_of = self.lex.event_types_of
        words_at: dict[str, list[int]] = {}  # each event type's words in the sentence (from 0), in text order
        for k in [k for k, w in enumerate(s.tokens) if w in types_of]:
            for etype in types_of[s.tokens[k]]:
                words_at.setdefault(etype, []).append(k)
        # a trigger word inside a name ("the Election Commission") is not a happening
        named = {k for a in s.actors for k in range(a.start - s.span.start, a.end - s.span.start)} if words_at else set()
        for etype, phrases in self.lex.event_phrases:
            at = words_at.get(etype, [])
            if not at and phrases.firsts.isdisjoint(present):
                continue
            found = next((c for c in self._trigger_candidates(an, s, phrases, named, at, low, present)
                          if self._trigger_holds(an, s, etype, *c)), None)
            if found is None:
                continue
            idx = found[0]
            etype = self._retyped(an, s, etype, idx)
            lo, hi = clause_bounds(s.span, idx)
            actors = [a for a in s.actors if a.type in ACTOR_TYPES and not _descriptor(doc, a, s.actors)]
            in_clause = [a for a in actors if lo <= a.start < hi]
            # "the two men broke with the party": the actors a reference of the clause stands for take part
            referred = [a for r in s.refs if lo <= r.start < hi and r.kind in ("person", "group") for a in r.actors]
            chosen = (in_clause + referred) or actors
            participants_ = [m for m in (self._m(an, a) for a in chosen) if m is not None
                             and not (s.source and m.type == "organization" and m.text in s.source)]
            if not participants_:
                continue
            places = [a for a in s.actors if a.type == "place" and a.start > idx and doc[a.start - 1].lower_ in ("at", "in")]
            status = status_of(s.span, idx, self.lex)
            antecedent = self._antecedent(doc, idx, etype, s)
            if antecedent is not None and status == "planned" and antecedent.status == "occurred":
                antecedent = None  # "it would hold its first rally": a plan is not the happening told before
            if antecedent is not None and status != "cancelled":
                status = antecedent.status  # "not present in the meeting" says nothing of the meeting itself
            allowed = self.lex.events_only_when.get(etype)
            if allowed is not None and status not in allowed:
                continue
            c = self._claim(an, s, "event", etype, participants=participants_,
                            place=self._m(an, places[0]) if places else None, trigger_i=idx,
                            status=status, rule="definite" if antecedent else "trigger")
            if antecedent is not None:
                c = replace(c, same_as=antecedent.id)
            elif c.date is None and self._definite(doc, idx, s.span.start):
                self._forward.add(c.id)
            self._events_so_far.append(c)
            yield c

    def _trigger_candidates(self, an: Analysis, s: _Sentence, phrases: PhraseTable, named: set[int],
                            words_at: list[int], low: str, present: frozenset[str]) -> Iterator[tuple[int, bool]]:
        """Where an event type's cues stand in the sentence, as (token, matched by a phrase naming its object):
        single words first, in text order, then phrases. ``words_at``: the sentence's tokens (from 0) that
        are the type's words; ``low``: its tokens joined by spaces, between spaces; ``present``: the words
        of ``low``."""
        doc = an.doc
        start = s.span.start
        for k in words_at:
            if k not in named and self._word_counts(doc, s, start + k):
                yield start + k, False
        if phrases.firsts.isdisjoint(present):
            return
        for padded, words in phrases.items:
            if words[0] in present and low.find(padded) >= 0:
                k = next((k for k in _phrase_at(s.tokens, words)), 0)
                yield start + k, words[-1] not in PHRASE_GLUE and len(words) > 2

    def _word_counts(self, doc: Doc, s: _Sentence, i: int) -> bool:
        """A trigger word is not an event when capitalised inside a name or date ("on March 3", but "the Long
        March" is one), nor a noun-only word used as a verb ("failed to deal with")."""
        lw = tokens_of(doc).lower
        w = lw[i]
        if w in self.lex.name_part_words and doc[i].is_title and i > s.span.start and not doc[i - 1].is_title:
            return False
        as_verb = doc[i].pos_ == "VERB" or (i > s.span.start and lw[i - 1] in VERB_MARKERS)
        return not (w in self.lex.noun_only and as_verb)

    def _trigger_holds(self, an: Analysis, s: _Sentence, etype: str, idx: int, names_object: bool) -> bool:
        """A verb that needs an object ("met", "joined") has one: an actor, a reference to one ("joined them",
        "joining the group") or a group noun ("leaving the ruling coalition"); a group may also meet alone
        ("the committee is likely to meet")."""
        doc = an.doc
        tb = tokens_of(doc)
        lw = tb.lower
        need = self.lex.needs_object.get(lw[idx])
        if etype in ("join", "leave") and any(
            a.type in ("party", "faction") and idx < a.start <= idx + 6 and a.end + 1 < len(doc)
            and tb.text[a.end] == "-" and lw[a.end + 1] == "led" for a in s.actors
        ):
            return False  # "joined the X-led coalition": an alliance, read by the relation rules
        if need is None or names_object:
            return True
        kinds = ("party", "faction") if etype in ("join", "leave") else ACTOR_TYPES
        if any(a.type in kinds and idx < a.start <= idx + need for a in s.actors):
            return True
        if any(idx < r.start <= idx + need and any(a.type in kinds for a in r.actors)
               and (len(r.actors) == 1 or etype not in ("join", "leave")) for r in s.refs):
            # "joined them"; but "left the two parties sharing ...": nobody leaves two parties at once
            return True
        nouns = self.resolver.w.object_nouns
        end = min(s.span.end, idx + need + 1)
        if etype in ("join", "leave", "split") and any(
            lw[k] in nouns and not self.resolver.w.determiners.isdisjoint(lw[idx + 1 : k]) for k in range(idx + 1, end)
        ):
            return True
        if etype == "meeting":
            lo, _hi = clause_bounds(s.span, idx)
            return any(a.type in GROUP_TYPES and lo <= a.start and a.end <= idx for a in s.actors) or any(
                r.kind == "group" and lo <= r.start < idx for r in s.refs)
        return False

    def _retyped(self, an: Analysis, s: _Sentence, etype: str, idx: int) -> str:
        """ "resigned from the party": leaving a party, not an office."""
        doc = an.doc
        if etype != "resignation" or doc[idx].lower_ not in self.lex.leave_retype or idx + 2 >= s.span.end:
            return etype
        if doc[idx + 1].lower_ != "from":
            return etype
        at = idx + 3 if doc[idx + 2].lower_ == "the" else idx + 2
        party = any(a.type in ("party", "faction") and a.start == at for a in s.actors) or any(
            r.kind == "group" and r.start == idx + 2 for r in s.refs)
        return "leave" if party else etype

    def _definite(self, doc: Doc, idx: int, sent_start: int) -> bool:
        """ "the meeting", "their rally": a definite noun, which refers to a happening told elsewhere.
        ``sent_start``: the first token of the sentence of token ``idx``."""
        lw = tokens_of(doc).lower
        start = max(sent_start, idx - 3)
        if DEFINITE_DETERMINERS.isdisjoint(lw[start:idx]) or doc[idx].pos_ == "VERB":
            return False
        return not (idx + 1 < len(doc) and lw[idx + 1] == "of")  # "the possibility of a meeting"

    def _antecedent(self, doc: Doc, idx: int, etype: str, s: _Sentence) -> Claim | None:
        """A definite noun refers back to the article's latest such event."""
        if not self._definite(doc, idx, s.span.start):
            return None
        for c in reversed(self._events_so_far):
            if c.type == etype:
                return c
        return None


def _cues(s: _Sentence, lower: Sequence[str], words: AbstractSet[str]) -> Iterator[tuple[int, int, int]]:
    """The positions in the sentence of the tokens that are one of ``words`` (lower case), each with the bounds
    of its clause."""
    if words.isdisjoint(s.words):
        return
    for i in range(s.span.start, s.span.end):
        if lower[i] in words:
            lo, hi = clause_bounds(s.span, i)
            yield i, lo, hi


def _told_after(events: list[Claim], forward: set[str]) -> Iterator[Claim]:
    """A definite reference with nothing before it points ahead ("Hours after the meeting, ..." opening a
    report whose next paragraph tells the meeting): the next undated-or-dated report of the same type and
    status that refers to nothing else is the same happening, and says so."""
    taken: set[str] = set()
    for k, c in enumerate(events):
        if c.id not in forward:
            continue
        for d in events[k + 1 :]:
            if d.type == c.type and d.status == c.status and d.same_as is None and d.id not in taken:
                taken.add(d.id)
                yield replace(d, same_as=c.id)
                break


def _phrase_at(tokens: list[str], words: list[str]) -> Iterator[int]:
    """Every position where the lower-cased ``tokens`` spell the phrase ``words``."""
    n = len(words)
    if n == 0:
        yield from range(len(tokens) + 1)
        return
    first, last = words[0], len(tokens) - n
    k = -1
    while True:
        try:  # list.index finds the next first word in C; only there is the whole phrase compared
            k = tokens.index(first, k + 1, last + 1)
        except ValueError:
            return
        if tokens[k : k + n] == words:
            yield k


def _inside_faction(a: Actor, actors: list[Actor]) -> bool:
    return any(f.type == "faction" and f is not a and f.start <= a.start and a.end <= f.end for f in actors)


def _descriptor(doc: Doc, a: Actor, actors: list[Actor]) -> bool:
    """A group that only describes a person: "the leader of the X group, Asad Umar, ..."."""
    if a.type not in GROUP_TYPES or a.start < 2:
        return False
    if not (a.end + 1 < len(doc) and tokens_of(doc).text[a.end] == ","):
        return False
    before = doc[max(0, a.start - 3) : a.start].text.lower()
    if " of" not in f" {before}":
        return False
    return any(p.type == "person" and p.start == a.end + 1 for p in actors)


def _listed(doc: Doc, start: int, persons: list[Actor]) -> list[Actor]:
    """The persons that form one list from token ``start`` on ("including Governor X, Dr Y and Z"): the list
    ends at the first gap with a lower-case word that is not list glue ("... Z travelled to meet W")."""
    out: list[Actor] = []
    at = start
    for p in persons:
        gap = doc[at : p.start]
        if not out and _describes_list(gap):
            pass  # "includes his strong allies X and Y": a few words that say what the listed are
        elif any(t.is_alpha and t.is_lower and t.lower_ not in LIST_GLUE for t in gap):
            break
        out.append(p)
        at = p.end
    return out


def _describes_list(gap: Span) -> bool:
    """A short run of plain words before a list's first name ("his strong allies", "two senior leaders"),
    not a clause ("many who oppose", "nobody but")."""
    words = gap[:-1] if len(gap) > 1 and gap[-1].text in (",", ":") else gap
    return 0 < len(words) <= 4 and all(t.is_alpha and t.lower_ not in LIST_BREAKS for t in words)


def _group_before(doc: Doc, actors: list[Actor], person: Actor, role_of: Actor | None,
                  title: Title | None = None) -> Actor | None:
    """The party or faction named just before a person's title ("PML-N Parliamentary Leader in ... X",
    "the P's Sindh president X": the title's own words may be lower-case)."""
    cands = [a for a in actors if a.end <= person.start and a.type in ("party", "faction") and person.start - a.end <= 8
             and a is not role_of]
    if not cands:
        return None
    # only names and title words between: "P Parliamentary Leader in the Assembly X", not "P walked out of ... X"
    tb = tokens_of(doc)
    own = set(title.office.lower().split()) if title is not None else set()
    if any(tb.is_alpha[k] and tb.is_lower[k] and tb.lower[k] not in TITLE_GLUE and tb.lower[k] not in own
           for k in range(cands[-1].end, person.start)):
        return None
    return cands[-1]


def _party_referred_back(doc: Doc, person: Actor, s: _Sentence, history: list[Actor], lex: Lexicon) -> Actor | None:
    """The group a title refers back to: a group earlier in the sentence, or the article's latest party
    when the title says "the party's ...", "its ..." or "senior party leader X". None when nothing points back."""
    tb = tokens_of(doc)
    # "the party's chairman X", "its general secretary X": the group the owner phrase stands for
    owner = next((r for r in s.refs if r.kind == "group" and len(r.actors) == 1 and r.end <= person.start
                  and person.start - r.end <= 4 and (tb.lower[r.end - 1] in ("its", "their") or (
                      r.end < len(doc) and tb.text[r.end] in ("'s", "’s")))), None)
    if owner is not None and owner.actors[0].type in ("party", "faction"):
        return owner.actors[0]
    before = [b for b in s.actors if b.end <= person.start and b.type in ("party", "faction")
              and not (b.end < len(doc) and doc[b.end].text in ("'s", "’s") and b.end + 1 < person.start
                       and doc[b.end + 1].lower_ == "camp")]
    window = tb.lower[max(s.span.start, person.start - 6) : person.start]
    refers = "its" in window or "party" in window[-3:] or ("party" in window and ("'s" in window or "’s" in window))
    if before and person.start - before[-1].end <= 12 and not _acts_on(doc, before[-1].end, person.start, lex):
        return before[-1]
    if refers:
        return next((b for b in reversed(history + before) if b.type == "party"), None)
    return None


def _inside_relative(doc: Doc, start: int, g: Actor, i: int) -> bool:
    """Whether group ``g`` stands in a relative clause ("who deserted the P") that a comma closes before
    token ``i``."""
    lw = tokens_of(doc).lower
    return any(lw[e] in ("who", "which", "whom") for e in range(start, g.start)) and any(
        doc[e].text == "," for e in range(g.end, i))


def _before_aside(doc: Doc, i: int, start: int) -> int:
    """Where a name ends that stands before token ``i`` with an aside between: "the P (ACR), led by": the
    comma and a bracketed acronym are skipped; ``i`` itself when there is nothing to skip."""
    k = i
    if k - 1 >= start and doc[k - 1].text == ",":
        k -= 1
    if k - 1 >= start and doc[k - 1].text == ")":
        opening = next((e for e in range(k - 2, max(start, k - 8) - 1, -1) if doc[e].text == "("), None)
        if opening is not None:
            k = opening
    return k


def _acts_on(doc: Doc, start: int, end: int, lex: Lexicon) -> bool:
    """Whether a verb stands between tokens ``start`` and ``end`` ("The P has expelled former president X"):
    the group before it is the verb's subject, not the owner of the title after it. A verb is one of the
    lexicon's clause verbs or a lower-case word in -ed that is no title modifier ("newly elected")."""
    tb = tokens_of(doc)
    modifiers = default_knowledge().modifiers
    return any(tb.is_alpha[k] and tb.is_lower[k] and (tb.lower[k] in lex.clause_verbs or (
        tb.lower[k].endswith("ed") and tb.lower[k] not in modifiers)) for k in range(start, end))


def _faction_led_by(an: Analysis, person: Actor) -> Actor | None:
    """A faction of the article named after this person ("X's group", "the X group")."""
    text = an.doc[person.start : person.end].text
    for a in an.actors:
        if a.type == "faction" and a.source == "pattern" and an.doc[a.start : a.end].text.startswith(text):
            return a
    return None


def _find_mention(an: Analysis, a: Actor) -> Mention | None:
    span = an.doc[a.start : a.end]
    s, e = an.cleaned.span_to_original(span.start_char, span.end_char)
    for m in an.mentions:
        if m.start == s and m.end == e:
            return m
    return None


def _mention_with_text(an: Analysis, text: str) -> Mention | None:
    for m in an.mentions:
        if m.text == text and m.type == "party":
            return m
    return None


def _article_party_of_factions(an: Analysis, lex: Lexicon) -> Mention | None:
    """The party an article says its factions belong to ("the two factions of the P", "P groups")."""
    doc = an.doc
    for a in an.actors:
        if a.type != "party":
            continue
        before = doc[max(0, a.start - 3) : a.start].text.lower()
        after = doc[a.end : a.end + 1].text.lower()
        if ("factions of" in before or "faction of" in before or "within the" in before) or after in ("groups", "factions"):
            return an.mention_of.get(id(a))
    return None
