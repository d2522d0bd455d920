"""Trigger words and status cues for extraction, loaded from ``data/extract/triggers.yaml``."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources

import yaml


@dataclass(frozen=True)
class Cues:
    words: frozenset[str]
    phrases: tuple[str, ...]

    @functools.cached_property
    def table(self) -> PhraseTable:
        """The phrases ready to search (:class:`PhraseTable`)."""
        return phrase_table(self.phrases)

    @functools.cached_property
    def padded(self) -> tuple[str, ...]:
        """The phrases between spaces, as they are searched for in words joined by spaces."""
        return tuple(padded for padded, _ in self.table.items)

    def stated_in(self, words: list[str], text: str) -> bool:
        """Whether one of the cue words is among ``words`` or one of the phrases is in ``text`` (words
        joined by spaces, with a space before and after)."""
        return not self.words.isdisjoint(words) or any(p in text for p in self.padded)


@dataclass(frozen=True)
class PhraseTable:
    """Cue phrases ready to search: each as (" phrase ", its words), and the set of their first words."""

    items: tuple[tuple[str, list[str]], ...]
    firsts: frozenset[str]


def phrase_table(phrases: Iterable[str]) -> PhraseTable:
    """The :class:`PhraseTable` of non-empty cue phrases, in their order."""
    items = tuple((f" {p} ", p.split()) for p in phrases)
    return PhraseTable(items, frozenset(words[0] for _, words in items))


@dataclass
class Lexicon:
    events: dict[str, Cues] = field(default_factory=dict)
    relations: dict[str, Cues] = field(default_factory=dict)
    status: dict[str, Cues] = field(default_factory=dict)
    relation_planned: Cues = Cues(frozenset(), ())
    needs_object: dict[str, int] = field(default_factory=dict)
    events_only_when: dict[str, tuple[str, ...]] = field(default_factory=dict)
    cue_window: int = 6
    speech_verbs: frozenset[str] = frozenset()
    source_nouns: frozenset[str] = frozenset()
    person_of_group: frozenset[str] = frozenset()
    clause_cues: dict[str, Cues] = field(default_factory=dict)
    apposition_roles: dict[str, str] = field(default_factory=dict)  # role noun -> relation
    apposition_links: frozenset[str] = frozenset({","})
    office_cues: tuple[str, ...] = ()
    office_as_cues: tuple[str, ...] = ()
    office_state_cues: tuple[str, ...] = ()
    office_nouns: frozenset[str] = frozenset()
    office_end_cues: tuple[str, ...] = ()
    noun_only: frozenset[str] = frozenset()
    name_part_words: frozenset[str] = frozenset()
    group_person_links: dict[str, str] = field(default_factory=dict)
    representation_cues: tuple[str, ...] = ()
    leave_retype: frozenset[str] = frozenset()
    party_offices: frozenset[str] = frozenset()
    held_offices: frozenset[str] = frozenset()
    clause_verbs: frozenset[str] = frozenset()
    founding_verbs: frozenset[str] = frozenset()
    not_founding: frozenset[str] = frozenset()
    expel_verbs: frozenset[str] = frozenset()
    own_leader_nouns: frozenset[str] = frozenset()
    group_member_nouns: frozenset[str] = frozenset()

    # ------------------------------------------------------------------ derived once (the lexicon is read-only)
    @functools.cached_property
    def event_phrases(self) -> list[tuple[str, PhraseTable]]:
        """Each event type with its cue phrases ready to search, in the lexicon's order."""
        return [(etype, cues.table) for etype, cues in self.events.items()]

    @functools.cached_property
    def event_types_of(self) -> dict[str, list[str]]:
        """Each event trigger word and the event types it is a word of."""
        out: dict[str, list[str]] = {}
        for etype, cues in self.events.items():
            for w in cues.words:
                out.setdefault(w, []).append(etype)
        return out

    @functools.cached_property
    def office_cue_words(self) -> list[tuple[list[str], str]]:
        """The words of the cues that someone takes ("begins") or leaves ("ends") an office."""
        return [(c.split(), "begins") for c in self.office_cues] + [(c.split(), "ends") for c in self.office_end_cues]

    @classmethod
    def load(cls, text: str | None = None) -> Lexicon:
        if text is None:
            text = (resources.files("factiongraph") / "data" / "extract" / "triggers.yaml").read_text("utf-8")
        d = yaml.safe_load(text)

        def cues(x: dict[str, list[str]]) -> Cues:
            return Cues(frozenset(w.lower() for w in x.get("words", []) or []),
                        tuple(p.lower() for p in x.get("phrases", []) or []))

        return cls(
            events={k: cues(v) for k, v in d["events"].items()},
            relations={k: cues(v) for k, v in d["relations"].items()},
            status={k: cues(v) for k, v in d["status"].items()},
            relation_planned=cues(d.get("relation_planned", {})),
            needs_object={str(k): int(v) for k, v in (d.get("needs_object") or {}).items()},
            events_only_when={str(k): tuple(v) for k, v in (d.get("events_only_when") or {}).items()},
            cue_window=int(d.get("cue_window", 6)),
            speech_verbs=frozenset(d.get("speech_verbs", [])),
            source_nouns=frozenset(d.get("source_nouns", [])),
            person_of_group=frozenset(d.get("person_of_group", [])),
            clause_cues={k: cues(v) for k, v in (d.get("clause_cues") or {}).items()},
            office_cues=tuple(str(p).lower() for p in d.get("office_cues", [])),
            office_as_cues=tuple(str(p).lower() for p in d.get("office_as_cues", [])),
            office_state_cues=tuple(str(p).lower() for p in d.get("office_state_cues", [])),
            office_nouns=frozenset(str(w).lower() for w in d.get("office_nouns", [])),
            office_end_cues=tuple(str(p).lower() for p in d.get("office_end_cues", [])),
            noun_only=frozenset(str(w).lower() for w in d.get("noun_only", [])),
            name_part_words=frozenset(str(w).lower() for w in d.get("name_part_words", [])),
            group_person_links={str(k).lower(): str(v) for k, v in (d.get("group_person_links") or {}).items()},
            representation_cues=tuple(str(p).lower() for p in d.get("representation_cues", [])),
            leave_retype=frozenset(str(w).lower() for w in d.get("leave_retype", [])),
            party_offices=frozenset(str(w).lower() for w in d.get("party_offices", [])),
            held_offices=frozenset(str(w).lower() for w in d.get("held_offices", [])),
            clause_verbs=frozenset(str(w).lower() for w in d.get("clause_verbs", [])),
            founding_verbs=frozenset(str(w).lower() for w in d.get("founding_verbs", [])),
            not_founding=frozenset(str(w).lower() for w in d.get("not_founding", [])),
            expel_verbs=frozenset(str(w).lower() for w in d.get("expel_verbs", [])),
            own_leader_nouns=frozenset(str(w).lower() for w in d.get("own_leader_nouns", [])),
            group_member_nouns=frozenset(str(w).lower() for w in d.get("group_member_nouns", [])),
            apposition_links=frozenset(d.get("apposition_links", [","])),
            apposition_roles={str(w).lower(): rel for rel, ws in (d.get("apposition_roles") or {}).items() for w in ws},
        )


@functools.lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    return Lexicon.load()
