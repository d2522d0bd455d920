"""Resolve: mentions -> entities, within and across articles.

Resolver        incremental resolution, one article at a time, with user decisions
Decision        a user's merge or split, stored by the caller and replayed
AliasTable      canonical names and their aliases (package data + user files)
canonical_name  the rule that picks an entity's display name
"""

from factiongraph.resolve.aliases import AliasTable
from factiongraph.resolve.decisions import Decision
from factiongraph.resolve.resolver import Resolver, canonical_name

__all__ = ["AliasTable", "Decision", "Resolver", "canonical_name"]
