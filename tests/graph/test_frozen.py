"""Frozen views: a dict and a list that refuse every change through their methods, yet read, compare,
serialize and copy as plain ones do; copies (deep, pickled) are plain and the caller's to change."""

from __future__ import annotations

import copy
import gc
import json
import pickle
from collections.abc import Callable
from typing import Any

import orjson
import pytest

from factiongraph.graph import frozen
from factiongraph.graph.frozen import READ_ONLY, FrozenDict, FrozenList, freeze, freeze_views


def view() -> dict[str, Any]:
    """A plain view shaped as the stored ones (``queries.fact_dict``): intervals, evidence entries."""
    return {"id": "f1", "type": "member_of", "subject": "e1", "object": "e2", "role": None, "confidence": 0.75,
            "start": {"earliest": None, "latest": "2020-01-01"}, "end": None, "state": "open",
            "evidence": [{"document": f"d{i}", "start": i, "end": i + 5, "trigger": "joined"} for i in range(3)],
            "against": []}


def _frozen_view() -> FrozenDict:
    return freeze_views([view()])[0]


def _set(d: Any, k: Any, v: Any) -> None:
    d[k] = v


def _del(d: Any, k: Any) -> None:
    del d[k]


def _ior(d: Any) -> None:
    d |= {"x": 1}


def _iadd(xs: Any) -> None:
    xs += [1]


def _imul(xs: Any) -> None:
    xs *= 2


DICT_CHANGES: dict[str, Callable[[Any], object]] = {
    "__setitem__ new": lambda d: _set(d, "new", 1),
    "__setitem__ existing": lambda d: _set(d, "id", "other"),
    "__delitem__": lambda d: _del(d, "id"),
    "update": lambda d: d.update(id="other"),
    "update empty": lambda d: d.update(),
    "pop": lambda d: d.pop("id"),
    "pop missing with default": lambda d: d.pop("missing", None),
    "popitem": lambda d: d.popitem(),
    "clear": lambda d: d.clear(),
    "setdefault": lambda d: d.setdefault("new", 1),
    "setdefault existing": lambda d: d.setdefault("id"),
    "|=": _ior,
}

LIST_CHANGES: dict[str, Callable[[Any], object]] = {
    "__setitem__": lambda xs: _set(xs, 0, None),
    "slice assignment": lambda xs: _set(xs, slice(0, 1), []),
    "__delitem__": lambda xs: _del(xs, 0),
    "slice deletion": lambda xs: _del(xs, slice(None)),
    "append": lambda xs: xs.append(1),
    "extend": lambda xs: xs.extend([1]),
    "extend empty": lambda xs: xs.extend([]),
    "insert": lambda xs: xs.insert(0, 1),
    "remove": lambda xs: xs.remove(xs[0]),
    "pop": lambda xs: xs.pop(),
    "clear": lambda xs: xs.clear(),
    "sort": lambda xs: xs.sort(key=str),
    "reverse": lambda xs: xs.reverse(),
    "+=": _iadd,
    "*=": _imul,
}

# what in a frozen view each change is tried on: the view, an interval, the evidence list, an entry
DICTS: dict[str, Callable[[FrozenDict], Any]] = {
    "view": lambda v: v, "interval": lambda v: v["start"], "evidence entry": lambda v: v["evidence"][0],
}
LISTS: dict[str, Callable[[FrozenDict], Any]] = {"evidence": lambda v: v["evidence"]}


CHANGES = [pytest.param(where, change, id=f"{w}-{c}")
           for places, changes in ((DICTS, DICT_CHANGES), (LISTS, LIST_CHANGES))
           for w, where in places.items() for c, change in changes.items()]


@pytest.mark.parametrize(("where", "change"), CHANGES)
def test_every_change_to_a_frozen_dict_or_list_raises_and_changes_nothing(where: Callable[[FrozenDict], Any],
                                                                          change: Callable[[Any], object]) -> None:
    v = _frozen_view()
    with pytest.raises(TypeError, match=r"read-only: copy\.deepcopy"):
        change(where(v))
    assert v == view()


def test_the_error_names_the_method_and_what_to_do() -> None:
    with pytest.raises(TypeError) as err:
        _frozen_view()["evidence"].append({})
    assert str(err.value) == f"FrozenList.append: {READ_ONLY}"


@pytest.mark.parametrize("make", [_frozen_view, lambda: freeze(view())], ids=["freeze_views", "freeze"])
def test_a_frozen_view_is_a_dict_equal_to_the_plain_one_and_frozen_throughout(make: Callable[[], Any]) -> None:
    v = make()
    assert isinstance(v, dict) and isinstance(v["evidence"], list)
    assert v == view() and view() == v and v["evidence"] == view()["evidence"]
    assert (type(v), type(v["start"]), type(v["evidence"]), type(v["against"])) == (
        FrozenDict, FrozenDict, FrozenList, FrozenList)
    assert {type(e) for e in v["evidence"]} == {FrozenDict}
    assert repr(v) == repr(view())


@pytest.mark.parametrize("dumps", [
    pytest.param(lambda x: json.dumps(x), id="json"),
    pytest.param(lambda x: json.dumps(x, sort_keys=True, indent=2), id="json sorted"),
    pytest.param(lambda x: orjson.dumps(x).decode(), id="orjson"),
    pytest.param(lambda x: orjson.dumps(x, option=orjson.OPT_SORT_KEYS).decode(), id="orjson sorted"),
])
def test_a_frozen_view_is_written_as_the_plain_one(dumps: Callable[[Any], str]) -> None:
    v = _frozen_view()
    assert dumps(v) == dumps(view())
    assert json.loads(dumps([v, v["evidence"]])) == [view(), view()["evidence"]]


@pytest.mark.parametrize("copier", [
    pytest.param(copy.deepcopy, id="deepcopy"),
    pytest.param(lambda x: pickle.loads(pickle.dumps(x)), id="pickle"),
    pytest.param(lambda x: pickle.loads(pickle.dumps(x, protocol=0)), id="pickle protocol 0"),
])
def test_deep_copies_are_plain_and_the_callers_to_change(copier: Callable[[Any], Any]) -> None:
    v = _frozen_view()
    c = copier(v)
    assert c == v and _types(c) == {dict, list}
    c["evidence"][0]["document"] = "changed"
    c["evidence"].append({"document": "added"})
    c["start"]["latest"] = None
    c["id"] = "other"
    assert v == view()


def test_a_deep_copy_keeps_what_is_shared_shared() -> None:
    v = _frozen_view()
    a, b = copy.deepcopy([v, v])
    assert a is b and a == v


@pytest.mark.parametrize("copier", [copy.copy, dict, lambda x: x.copy(), lambda x: {**x}],
                         ids=["copy.copy", "dict", ".copy", "{**x}"])
def test_a_shallow_copy_is_a_plain_dict_of_the_frozen_values(copier: Callable[[Any], Any]) -> None:
    v = _frozen_view()
    c = copier(v)
    assert type(c) is dict and c == v
    c["id"] = "other"
    assert type(c["evidence"]) is FrozenList and v["id"] == "f1"


@pytest.mark.parametrize("copier", [copy.copy, list, lambda x: x.copy(), lambda x: [*x], lambda x: x * 1, lambda x: x[:]],
                         ids=["copy.copy", "list", ".copy", "[*x]", "*", "slice"])
def test_a_shallow_copy_of_a_frozen_list_is_plain(copier: Callable[[Any], Any]) -> None:
    ev = _frozen_view()["evidence"]
    c = copier(ev)
    assert type(c) is list and c == ev
    c.append(1)
    assert len(ev) == 3


@pytest.mark.parametrize("value", [
    pytest.param({"a": {"b": [1, {"c": [2, [3]]}]}}, id="nested"),
    pytest.param([{"a": 1}, [2, {"b": []}], "x", None], id="list"),
    pytest.param({"t": ({"a": [1]}, 2)}, id="tuple"),
    pytest.param({"n": None, "f": 1.5, "b": True, "s": "x"}, id="atoms"),
])
def test_freeze_freezes_every_dict_and_list_at_any_depth(value: Any) -> None:
    got = freeze(value)
    assert got == value and _types(got) <= {FrozenDict, FrozenList, tuple}
    assert freeze(got) is got


@pytest.mark.parametrize("odd", [
    pytest.param({"deep": {"list": [1, {"x": [2]}]}}, id="a dict holding containers"),
    pytest.param({"evidence": [{"document": "d", "spans": [[0, 5]]}]}, id="an entry holding a list"),
    pytest.param({"evidence": [{"document": "d"}, "text"]}, id="a list not only of dicts"),
    pytest.param({"evidence": [[1, 2]]}, id="a list of lists"),
])
def test_views_of_an_unexpected_shape_are_frozen_throughout(odd: dict[str, Any]) -> None:
    plain = {**view(), **odd}
    got = freeze_views([copy.deepcopy(plain)])[0]
    assert got == plain and _types(got) <= {FrozenDict, FrozenList}


@pytest.mark.skipif(frozen._untrack is None, reason="no PyObject_GC_UnTrack in this interpreter")
def test_flat_frozen_dicts_are_left_out_of_garbage_collection_until_given_a_container() -> None:
    v = _frozen_view()
    entry = v["evidence"][0]
    assert not gc.is_tracked(entry) and not gc.is_tracked(v["start"])
    assert gc.is_tracked(v) and gc.is_tracked(v["evidence"])  # they hold containers
    dict.__setitem__(entry, "cycle", [entry])  # around the guard: CPython tracks it again by itself
    assert gc.is_tracked(entry)


def _types(x: Any) -> set[type]:
    """The types of every dict, list and tuple in ``x`` (``x`` included)."""
    if isinstance(x, dict):
        return {type(x)}.union(*map(_types, x.values()))
    if isinstance(x, list | tuple):
        return {type(x)}.union(*map(_types, x))
    return set()
