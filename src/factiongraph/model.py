"""The typed records every stage passes on.

Articles and claims are immutable: they say what one text says. Entities,
facts and events are derived from them and can be rebuilt at any time.

    Article  one ingested text, exactly as read, with its publication interval
    Mention  a span of an article that names an actor (original offsets)
    Entity   one real actor: every alias, every mention, why they were merged
    Claim    one article's statement of a relation or an event
    Fact     the graph's conclusion about a relation, with a validity interval
    Event    a happening, possibly reported many times

Every record has ``to_dict`` and ``from_dict`` so that it can cross process
boundaries (parallel ingest) and be stored as JSON.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Self

ENTITY_TYPES = ("person", "party", "faction", "organization", "place")
RELATION_TYPES = (
    "member_of",
    "leader_of",
    "holds_office",
    "part_of",
    "allied_with",
    "opposed_to",
    "merged_into",
    "split_from",
)
SYMMETRIC_RELATIONS = frozenset({"allied_with", "opposed_to"})
EVENT_TYPES = (
    "meeting",
    "merger",
    "split",
    "join",
    "leave",
    "resignation",
    "appointment",
    "agreement",
    "rally",
    "protest",
    "press_conference",
    "election",
    "dispute",
)
STATUSES = ("occurred", "planned", "cancelled", "negated", "uncertain")
PRECISIONS = ("day", "week", "month", "season", "quarter", "year", "decade", "unknown")
DATE_BASES = ("header", "metadata", "text", "corpus", "unknown")


def stable_id(prefix: str, *parts: object, length: int = 12) -> str:
    """A deterministic short id from the parts (the same input gives the same id)."""
    h = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return f"{prefix}{h[:length]}"


def content_id(text: str) -> str:
    """The id of an article: a hash of its exact text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d is not None else None


def _date(s: Any) -> dt.date | None:
    if s in (None, ""):
        return None
    if isinstance(s, dt.date):
        return s
    return dt.date.fromisoformat(str(s))


@dataclass(frozen=True, order=True)
class Interval:
    """A date known to lie somewhere in ``[earliest, latest]``.

    Either end is ``None`` when unbounded. ``precision`` says how the date was
    stated (a day, a month, a year...) and ``anchor`` the date a relative
    expression was resolved against (``None`` for absolute dates).
    """

    earliest: dt.date | None = None
    latest: dt.date | None = None
    precision: str = "unknown"
    anchor: dt.date | None = field(default=None, compare=False)

    @classmethod
    def day(cls, d: dt.date, anchor: dt.date | None = None) -> Interval:
        return cls(d, d, "day", anchor)

    @classmethod
    def unknown(cls) -> Interval:
        return cls(None, None, "unknown")

    @property
    def is_unknown(self) -> bool:
        return self.earliest is None and self.latest is None

    @property
    def is_exact(self) -> bool:
        return self.earliest is not None and self.earliest == self.latest

    def width_days(self) -> int | None:
        if self.earliest is None or self.latest is None:
            return None
        return (self.latest - self.earliest).days

    def contains(self, d: dt.date) -> bool:
        return (self.earliest is None or self.earliest <= d) and (
            self.latest is None or d <= self.latest
        )

    def overlaps(self, other: Interval) -> bool:
        if self.latest is not None and other.earliest is not None and self.latest < other.earliest:
            return False
        return not (other.latest is not None and self.earliest is not None and other.latest < self.earliest)

    def intersect(self, other: Interval) -> Interval | None:
        """The common part, or ``None`` when the two cannot both be true."""
        lo = max((d for d in (self.earliest, other.earliest) if d is not None), default=None)
        hi = min((d for d in (self.latest, other.latest) if d is not None), default=None)
        if lo is not None and hi is not None and lo > hi:
            return None
        prec = self.precision if (self.width_days() or 10**9) <= (other.width_days() or 10**9) else other.precision
        return Interval(lo, hi, prec, self.anchor or other.anchor)

    def to_dict(self) -> dict[str, Any]:
        return {
            "earliest": _iso(self.earliest),
            "latest": _iso(self.latest),
            "precision": self.precision,
            "anchor": _iso(self.anchor),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> Interval:
        if not d:
            return cls.unknown()
        return cls(
            _date(d.get("earliest")),
            _date(d.get("latest")),
            d.get("precision") or "unknown",
            _date(d.get("anchor")),
        )

    def __str__(self) -> str:
        if self.is_unknown:
            return "?"
        if self.is_exact:
            return _iso(self.earliest) or "?"
        return f"{_iso(self.earliest) or '…'}..{_iso(self.latest) or '…'}"


_FIELDS: dict[type, tuple[str, ...]] = {}
_FIELD_SETS: dict[type, frozenset[str]] = {}
_PLAIN = frozenset({str, int, float, bool, type(None)})  # values a dict keeps as they are


def _field_names(cls: type) -> tuple[str, ...]:
    """A record class's field names, in order (``dataclasses.fields`` is slow on every call)."""
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = tuple(f.name for f in dataclasses.fields(cls))
        _FIELD_SETS[cls] = frozenset(names)
    return names


def _field_set(cls: type) -> frozenset[str]:
    """A record class's field names, as a set."""
    names = _FIELD_SETS.get(cls)
    if names is None:
        _field_names(cls)
        names = _FIELD_SETS[cls]
    return names


def _plain(v: Any) -> Any:
    """A field value as JSON-ready data."""
    if isinstance(v, Interval):
        return v.to_dict()
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, tuple):
        return [list(x) if isinstance(x, tuple) else x for x in v]
    if isinstance(v, dict):
        return dict(v)
    if isinstance(v, list):  # a list holds ids (str) or records, never both: test the first item only
        return [x.to_dict() for x in v] if v and isinstance(v[0], Record) else list(v)
    return v


_PLAIN_INIT: set[type] = set()  # record classes whose __init__ only stores the fields (filled in below)


class Record:
    """``to_dict``/``from_dict`` for the dataclasses below (intervals and tuples included).

    Both run for every mention and claim an ingest stores and a query reads, so they work on the
    instance dict (which holds exactly the fields) and convert only the values that need it.
    """

    _intervals: ClassVar[tuple[str, ...]] = ()
    _tuples: ClassVar[tuple[str, ...]] = ()

    def to_dict(self) -> dict[str, Any]:
        names = _field_names(type(self))
        out = self.__dict__.copy()
        if len(out) != len(names):  # something beside the fields was stored on the instance
            out = {n: getattr(self, n) for n in names}
        for name, v in out.items():
            if type(v) not in _PLAIN:
                out[name] = _plain(v)
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Self:
        names = _field_set(cls)
        # a stored record has exactly its fields: comparing the key views is one C call, filtering a loop
        kw = dict(d) if d.keys() == names else {k: v for k, v in d.items() if k in names}
        for k in cls._intervals:
            v = kw.get(k)
            if v is not None:
                kw[k] = Interval.from_dict(v)
        for k in cls._tuples:
            v = kw.get(k)
            if v is not None:
                kw[k] = tuple(tuple(x) if isinstance(x, list) else x for x in v)
        if len(kw) == len(names) and cls in _PLAIN_INIT:  # every field given: no default to fill in
            obj = object.__new__(cls)
            obj.__dict__.update(kw)
            return obj
        return cls(**kw)


class RowRecord(Record):
    """A record whose fields are all plain values, also written as a tuple of them in field order: the
    most compact form to send many across a process boundary (an ingest's mentions)."""

    def to_row(self) -> tuple[Any, ...]:
        return tuple(getattr(self, n) for n in _field_names(type(self)))

    @classmethod
    def from_row(cls, row: Sequence[Any]) -> Self:
        names = _field_names(cls)
        if len(row) != len(names):
            raise ValueError(f"a {cls.__name__} row has {len(names)} values, not {len(row)}")
        obj = object.__new__(cls)
        obj.__dict__.update(zip(names, row, strict=True))
        return obj


@dataclass(frozen=True)
class Article(Record):
    """One ingested text, never modified. ``text`` is exactly what was read."""

    _intervals = ("published",)

    id: str
    source: str
    text: str
    title: str | None = None
    url: str | None = None
    published: Interval = field(default_factory=Interval.unknown)
    basis: str = "unknown"  # one of DATE_BASES
    basis_evidence: str | None = None  # the words the date was read or inferred from
    body_start: int = 0  # where the article body starts (after a header line)
    dateline: str | None = None  # a place named in a dateline ("KARACHI:")
    language: str = "en"

    @classmethod
    def make(cls, source: str, text: str, **kw: Any) -> Article:
        return cls(id=content_id(text), source=source, text=text, **kw)


@dataclass(frozen=True)
class Mention(RowRecord):
    """A span naming an actor, in original offsets. Titles are kept apart in ``role``."""

    article_id: str
    start: int
    end: int
    text: str
    type: str  # one of ENTITY_TYPES
    role: str | None = None  # a title or office stripped from the name ("Governor")
    role_of: str | None = None  # the place or body the role belongs to ("Sindh")
    sentence: int = 0
    source: str = ""  # the component that found it (ruler, pattern, model...)
    kind: str = "name"  # name | acronym | nominal ("the governor")

    @property
    def id(self) -> str:
        return f"{self.article_id}:{self.start}:{self.end}"


@dataclass(frozen=True)
class MergeReason(Record):
    """Why an alias joined an entity: the rule or score that decided it."""

    alias: str
    rule: str
    score: float = 1.0
    other: str | None = None  # the alias it was matched against


@dataclass
class Entity(Record):
    """One real actor, with every alias and mention."""

    _tuples = ()

    id: str
    type: str
    name: str
    aliases: dict[str, int] = field(default_factory=dict)
    mentions: list[str] = field(default_factory=list)  # Mention ids
    reasons: list[MergeReason] = field(default_factory=list)
    roles: dict[str, int] = field(default_factory=dict)  # titles seen with the name

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Self:
        e = super().from_dict(d)
        e.reasons = [MergeReason.from_dict(r) if isinstance(r, dict) else r for r in e.reasons]
        return e


@dataclass(frozen=True)
class Claim(Record):
    """What one article says: a relation or an event, with its evidence and status.

    Arguments are Mention ids (``article:start:end``); after resolution they
    map to entities. ``aspect`` says what the statement tells of the relation
    in time: it ``holds`` (at ``date``), ``begins`` or ``ends`` at ``date``, or
    held ``formerly`` (before ``date``).
    """

    _intervals = ("date",)
    _tuples = ("participants", "evidence", "trigger_span")

    id: str
    article_id: str
    kind: str  # relation | event
    type: str
    status: str = "occurred"
    subject: str | None = None
    object: str | None = None
    role: str | None = None
    participants: tuple[str, ...] = ()
    place: str | None = None
    source: str | None = None  # who asserts it ("party sources", "the minister")
    reported: bool = False  # reported speech
    evidence: tuple[int, int] = (0, 0)
    trigger: str | None = None
    trigger_span: tuple[int, int] | None = None
    date: Interval | None = None
    date_text: str | None = None
    aspect: str = "holds"  # holds | begins | ends | formerly
    confidence: float = 0.5
    rule: str = ""  # the pattern that produced it
    same_as: str | None = None  # an earlier claim of the same article this one refers back to ("the meeting")


@dataclass
class Fact(Record):
    """A relation the graph concludes from claims, with when it held."""

    _intervals = ("start", "end")

    id: str
    type: str
    subject: str  # Entity id
    object: str | None
    role: str | None = None
    start: Interval | None = None
    end: Interval | None = None
    ended: bool = False  # True: evidence ends it; False with end None: still open
    first_seen: dt.date | None = None
    last_confirmed: dt.date | None = None
    evidence: list[str] = field(default_factory=list)  # Claim ids
    against: list[str] = field(default_factory=list)  # Claim ids that contradict it
    ended_by: list[str] = field(default_factory=list)  # Claim ids whose statements end it
    confidence: float = 0.5

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Self:
        f = super().from_dict(d)
        f.first_seen = _date(f.first_seen)
        f.last_confirmed = _date(f.last_confirmed)
        return f


@dataclass
class Event(Record):
    """A happening, with every report of it."""

    _intervals = ("date",)

    id: str
    type: str
    status: str
    participants: list[str] = field(default_factory=list)  # Entity ids
    place: str | None = None
    date: Interval | None = None
    evidence: list[str] = field(default_factory=list)  # Claim ids
    confidence: float = 0.5


# Their generated __init__ only stores the fields: a record read back with every field is built without it.
_PLAIN_INIT.update({Article, Mention, MergeReason, Entity, Claim, Fact, Event})
