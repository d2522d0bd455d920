"""The user's merge and split decisions, stored by the caller and replayed on every run.

    merge(a, b)  a and b (names, aliases or entity ids) are one actor: they are
                 joined now and whenever they show up apart later
    split(e, x)  alias x is NOT the actor e: x's mentions leave e now, and x
                 never joins an entity that carries e's name again

Decisions are small records with ``to_dict``/``from_dict``; the resolver
takes them back in its constructor (``Resolver(decisions=...)``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

DECISION_KINDS = ("merge", "split")


@dataclass(frozen=True)
class Decision:
    """One user decision: ``kind`` is ``merge`` or ``split``; ``created`` an ISO timestamp."""

    kind: str
    a: str
    b: str
    created: str = ""

    def __post_init__(self) -> None:
        if self.kind not in DECISION_KINDS:
            raise ValueError(f"decision kind must be one of {DECISION_KINDS}, not {self.kind!r}")

    @classmethod
    def make(cls, kind: str, a: str, b: str, created: dt.datetime | None = None) -> Decision:
        """A decision stamped with ``created`` (the current UTC time when not given)."""
        when = created or dt.datetime.now(dt.UTC)
        return cls(kind, a, b, when.isoformat(timespec="seconds"))

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "a": self.a, "b": self.b, "created": self.created}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Decision:
        return cls(str(d["kind"]), str(d["a"]), str(d["b"]), str(d.get("created") or ""))
