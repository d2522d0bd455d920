"""Read-only dicts and lists: the views an as-of answer shares with the cache and with other answers.

A :class:`~factiongraph.graph.queries.ViewCache` hands the same decoded view to every question that
needs it instead of a copy each time (copying was about half the cost of a warm answer). Views are
therefore frozen once, when decoded: :class:`FrozenDict` and :class:`FrozenList` are a ``dict`` and a
``list`` (``isinstance`` holds, they compare equal to plain ones, ``json`` and ``orjson`` write them
as such) whose mutating methods raise :class:`TypeError`. ``copy.deepcopy``, ``pickle``, ``dict(x)``,
``list(x)``, ``x.copy()`` and ``{**x}`` give plain, mutable objects (``copy.copy`` and ``.copy()`` are
shallow: what they hold stays frozen).

Not a security boundary: ``dict.__setitem__(x, k, v)`` still writes. It guards against the mistake
of changing an answer in place, which would change every later answer that shares the view.
"""

from __future__ import annotations

import copy
import ctypes
import gc
from collections import deque
from collections.abc import Callable
from typing import Any, NoReturn, SupportsIndex

READ_ONLY = "as-of answers are shared and read-only: copy.deepcopy(...) to change one"

_ATOMS = frozenset({str, int, float, bool, type(None)})
_DICT = frozenset({dict})


def _refusing(name: str) -> Callable[..., NoReturn]:
    """A method that refuses to change its object, saying which method was called and what to do."""

    def refuse(self: object, *args: object, **kwargs: object) -> NoReturn:
        raise TypeError(f"{type(self).__name__}.{name}: {READ_ONLY}")

    refuse.__name__ = name
    refuse.__doc__ = f"Refused: {READ_ONLY}."
    return refuse


class FrozenDict(dict[Any, Any]):
    """A ``dict`` whose content cannot change through its methods (see the module's docstring)."""

    __slots__ = ()

    __setitem__ = _refusing("__setitem__")
    __delitem__ = _refusing("__delitem__")
    __ior__ = _refusing("__ior__")
    clear = _refusing("clear")
    pop = _refusing("pop")
    popitem = _refusing("popitem")
    setdefault = _refusing("setdefault")
    update = _refusing("update")

    def __copy__(self) -> dict[Any, Any]:
        """A plain dict holding the same values (shallow: nested views stay frozen)."""
        return dict(self)

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[Any, Any]:
        """A plain dict of plain copies, for a caller who wants to change an answer."""
        out: dict[Any, Any] = {}
        memo[id(self)] = out
        for k, v in self.items():
            out[k if type(k) in _ATOMS else copy.deepcopy(k, memo)] = v if type(v) in _ATOMS else copy.deepcopy(v, memo)
        return out

    def __reduce_ex__(self, protocol: SupportsIndex) -> tuple[type[dict[Any, Any]], tuple[dict[Any, Any]]]:
        """Pickled as a plain dict (what it holds, likewise): unpickling gives a mutable copy."""
        return dict, (dict(self),)


class FrozenList(list[Any]):
    """A ``list`` whose content cannot change through its methods (see the module's docstring)."""

    __slots__ = ()

    __setitem__ = _refusing("__setitem__")
    __delitem__ = _refusing("__delitem__")
    __iadd__ = _refusing("__iadd__")
    __imul__ = _refusing("__imul__")
    append = _refusing("append")
    extend = _refusing("extend")
    insert = _refusing("insert")
    remove = _refusing("remove")
    pop = _refusing("pop")
    clear = _refusing("clear")
    sort = _refusing("sort")
    reverse = _refusing("reverse")

    def __copy__(self) -> list[Any]:
        """A plain list holding the same values (shallow: nested views stay frozen)."""
        return list(self)

    def __deepcopy__(self, memo: dict[int, Any]) -> list[Any]:
        """A plain list of plain copies, for a caller who wants to change an answer."""
        out: list[Any] = []
        memo[id(self)] = out
        out.extend(v if type(v) in _ATOMS else copy.deepcopy(v, memo) for v in self)
        return out

    def __reduce_ex__(self, protocol: SupportsIndex) -> tuple[type[list[Any]], tuple[list[Any]]]:
        """Pickled as a plain list (what it holds, likewise): unpickling gives a mutable copy."""
        return list, (list(self),)


def freeze(obj: Any) -> Any:
    """``obj`` with every dict and list in it (also inside tuples) frozen; other values as they are.

    Already frozen containers are taken as they are (their content was frozen with them)."""
    t = type(obj)
    if t is FrozenDict or t is FrozenList or t in _ATOMS:
        return obj
    if isinstance(obj, dict):
        return FrozenDict({k: freeze(v) for k, v in obj.items()})
    if isinstance(obj, list):
        return FrozenList(map(freeze, obj))
    if t is tuple:
        return tuple(map(freeze, obj))
    return obj


def freeze_views(views: list[dict[str, Any]]) -> list[FrozenDict]:
    """These views frozen (see :func:`freeze`); they must be the caller's own, fresh from decoding or
    rendering, since they are frozen in place where that is quicker and must not be used after.

    Views are flat dicts whose values are plain values, flat dicts (intervals) or lists of flat dicts
    (evidence entries): those are frozen with one copy per dict, and the frozen flat dicts are left
    out of cyclic garbage collection, as the plain ones they replace were (a dict of plain values can
    hold no cycle, and a dict that is later given a container joins collection again by itself). Any
    other shape goes through :func:`freeze`.
    """
    flat: list[FrozenDict] = []
    out = [_freeze_view(v, flat) for v in views]
    if _untrack is not None:
        deque(map(_untrack, flat), maxlen=0)
    return out


def _freeze_view(view: dict[str, Any], flat: list[FrozenDict]) -> FrozenDict:
    """One view frozen (in place, then copied once into a frozen dict); its flat dicts into ``flat``."""
    if type(view) is FrozenDict:
        return view
    if type(view) is not dict:
        return freeze(view)
    for k, v in view.items():
        t = type(v)
        if t in _ATOMS:
            continue
        if t is dict and not gc.is_tracked(v):  # an untracked plain dict holds no container
            view[k] = fv = FrozenDict(v)
            flat.append(fv)
        elif t is list and not any(map(gc.is_tracked, v)) and {*map(type, v)} <= _DICT:
            view[k] = fl = FrozenList(map(FrozenDict, v))
            flat.extend(fl)
        else:
            view[k] = freeze(v)
    return FrozenDict(view)


def _gc_untracker() -> Callable[[object], None] | None:
    """``PyObject_GC_UnTrack`` of this interpreter (a prototype of our own: the shared
    ``ctypes.pythonapi`` attribute is left as it is), or None where there is none."""
    try:
        return ctypes.PYFUNCTYPE(None, ctypes.py_object)(("PyObject_GC_UnTrack", ctypes.pythonapi))
    except (AttributeError, OSError):  # another interpreter than CPython
        return None


_untrack = _gc_untracker()
