"""Alias tables: names the user (or general knowledge) says belong together.

A table is a YAML mapping from a canonical name to its aliases::

    Pakistan Tehreek-e-Insaf: [PTI, Tehreek-e-Insaf]
    Press Trust of India: {type: organization, aliases: [PTI]}

A typed entry only applies to mentions of that type, so one acronym can stand
for a party in one table entry and a news agency in another. The package's
own table (``data/resolve/aliases.yaml``) holds general knowledge such as
party acronyms; the user's file is read after it and wins on conflicts.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from factiongraph.model import ENTITY_TYPES
from factiongraph.resolve.names import name_form

MEMO_SIZE = 200_000  # remembered lookups; the memo starts afresh when full


@dataclass(frozen=True)
class AliasEntry:
    """One canonical name and its type (None: any type)."""

    canonical: str
    type: str | None = None


@dataclass
class AliasTable:
    """Look up the canonical name an alias stands for, by folded key and type."""

    entries: dict[tuple[str, str | None], AliasEntry] = field(default_factory=dict)
    # lookups repeat the same few names over and over during resolution: remembered until the next add()
    _memo: dict[tuple[str, str], AliasEntry | None] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _version: int = field(default=0, init=False, repr=False, compare=False)

    @property
    def version(self) -> int:
        """A number that changes whenever an entry is added (callers may cache lookups per version)."""
        return self._version

    def add(self, canonical: str, aliases: Iterable[str], type_: str | None = None) -> None:
        """Register ``canonical`` (and each alias) as names of one entity."""
        if type_ is not None and type_ not in ENTITY_TYPES:
            raise ValueError(
                f"alias table: unknown type {type_!r} for {canonical!r}; use one of {ENTITY_TYPES}"
            )
        self._memo.clear()
        self._version += 1
        entry = AliasEntry(canonical, type_)
        for name in (canonical, *aliases):
            self.entries[(self._key(name, type_), type_)] = entry

    @staticmethod
    def _key(name: str, type_: str | None) -> str:
        return name_form(name, type_ or "organization").key

    def lookup(self, name: str, type_: str) -> AliasEntry | None:
        """The entry for ``name`` as a name of type ``type_`` (a typed entry first, then an untyped one)."""
        try:
            return self._memo[(name, type_)]
        except KeyError:
            pass
        found = self.entries.get((self._key(name, type_), type_))
        if found is None:
            found = self.entries.get((self._key(name, None), None))
        if len(self._memo) >= MEMO_SIZE:
            self._memo.clear()
        self._memo[(name, type_)] = found
        return found

    def update(self, data: Mapping[str, Any]) -> None:
        """Add the entries of a parsed YAML mapping."""
        for canonical, spec in (data or {}).items():
            if isinstance(spec, Mapping):
                self.add(str(canonical), [str(a) for a in spec.get("aliases") or []], spec.get("type"))
            elif isinstance(spec, list):
                self.add(str(canonical), [str(a) for a in spec])
            elif spec is None:
                self.add(str(canonical), [])
            else:
                raise ValueError(f"alias table: {canonical!r} must map to a list of aliases or a mapping")

    def to_rows(self) -> list[list[str | None]]:
        """The entries as plain rows ``[key, type, canonical, entry type]``, sorted (for other processes)."""
        rows = [[key, type_, e.canonical, e.type] for (key, type_), e in self.entries.items()]
        return sorted(rows, key=lambda r: [x or "" for x in r])

    @classmethod
    def from_rows(cls, rows: Iterable[Sequence[str | None]]) -> AliasTable:
        """The table :meth:`to_rows` describes (the same lookups)."""
        table = cls()
        for key, type_, canonical, entry_type in rows:
            table.entries[(str(key), type_)] = AliasEntry(str(canonical), entry_type)
        return table

    @classmethod
    def load(cls, *paths: str | Path, include_package: bool = True) -> AliasTable:
        """The package table (unless ``include_package`` is False) followed by the user's files."""
        table = cls()
        if include_package:  # a copy of the package's table, read once per process
            package = _package_table()
            table.entries.update(package.entries)
            table._version = package.version
        for p in paths:
            with open(p, encoding="utf-8") as fh:
                table.update(yaml.safe_load(fh) or {})
        return table


@functools.cache
def _package_table() -> AliasTable:
    """The package's alias table: the recogniser's party names, then ``data/resolve/aliases.yaml`` (which wins)."""
    table = AliasTable()
    table.update(_gazetteer_parties())
    text = resources.files("factiongraph").joinpath("data", "resolve", "aliases.yaml").read_text("utf-8")
    table.update(yaml.safe_load(text) or {})
    return table


def _gazetteer_parties() -> dict[str, dict[str, Any]]:
    """The parties of the recogniser's gazetteer (``data/gazetteer/parties.yaml``) as alias-table entries: the
    names it gives one party ("Jamiat Ulema-e-Islam" for "Jamiat Ulema-e-Islam-Fazl") are one entity's."""
    text = resources.files("factiongraph").joinpath("data", "gazetteer", "parties.yaml").read_text("utf-8")
    out: dict[str, dict[str, Any]] = {}
    for p in yaml.safe_load(text) or []:
        names = [str(a) for a in [*(p.get("acronyms") or []), *(p.get("aliases") or [])]]
        out[str(p["name"])] = {"type": p.get("type", "party"), "aliases": names}
    return out
