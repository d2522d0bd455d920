"""The part of the graph a batch of changes can reach, for incremental re-consolidation.

What the store recorded as changed (``pending``: articles, entities) decides what is built again:

- **Base facts** (a fact from its own key's claims, before any rule): those of the keys the changed
  claims had or have now. Nothing else can differ. A key's :class:`~factiongraph.graph.consolidate.Tally`
  is kept, so new claims are added to it without reading the key's old claims (a party's alliance may
  be restated in thousands of articles), and a claim whose article was dated anew or whose key changed
  is taken out and added again the same way.
- **Events**: the linked groups of reports (see :func:`~factiongraph.graph.consolidate.derive_events`)
  that the changed articles' reports belonged to or can link to. A report links only to reports
  offered under one of its lookup keys, and a group's events depend on its reports alone, so every other
  group stays as it was: the scope is closed at once, however densely the news is connected. The
  reports of the unchanged articles in those groups are kept with the graph (``Store.event_reports``), so
  they are grouped again without reading their claims. A stored group is a connected group of all the
  reports there were, so two kept reports are compared again only when their group lost or changed a
  report (it may split): the kept reports of a group that did not are one group at once, and kept reports
  of two groups never link (see :func:`~factiongraph.graph.consolidate._linked`). An event made of the
  very reports kept for it is as stored and is not written again (:meth:`Scope.event_writes`); the kept
  reports of the events written are written back as the text they were read as.
- **Facts**: the rules (mergers, agreements, succession) read across the whole graph, so they run again
  over every base fact (:func:`~factiongraph.graph.consolidate.finish_facts`): thousands of small records,
  not the claims they come from. Only the facts whose result differs are written.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..model import Article, Claim, Event
from ..store import Store, record_json
from . import consolidate as cons
from .consolidate import Context

SCOPE_SHARE = 0.25  # past this share of the articles (changed) or claims (read), one pass over all is cheaper
SCOPE_MIN = 64  # ... but a scope this small is always done incrementally


class TooWide(Exception):
    """The changes reach more than :data:`SCOPE_SHARE` of the articles or claims: a full re-consolidation
    is cheaper."""


@dataclass
class Scope:
    """What a set of changed articles and entities reaches; :meth:`run` fills it."""

    store: Store
    entity_of: dict[str, str] = field(default_factory=dict)
    articles: dict[str, Article] = field(default_factory=dict)
    claims: dict[str, Claim] = field(default_factory=dict)
    dirty: list[Claim] = field(default_factory=list)  # the claims of the changed articles
    keys: set[cons.FactKey] = field(default_factory=set)  # the fact keys whose tallies changed
    old_events: set[str] = field(default_factory=set)  # the stored events grouped again
    arts: set[str] = field(default_factory=set)  # the changed articles and those naming a changed entity
    changed: set[str] = field(default_factory=set)  # the changed articles only

    def __post_init__(self) -> None:
        self.ctx = Context(self.entity_of, self.store.entity_types(), self.articles)
        self._asked: set[str] = set()
        self._read: dict[str, list[cons.Report]] = {}  # event id -> its kept reports, as read
        self._texts: dict[str, list[str]] = {}  # event id -> its kept reports' stored JSON
        self._dicts: dict[str, list[dict[str, Any]]] = {}  # ... and their records
        self._max_articles = max(SCOPE_MIN, int(SCOPE_SHARE * self.store.count("articles")))
        self._max_claims = max(SCOPE_MIN, int(SCOPE_SHARE * self.store.count("claims")))

    def _load(self, claims: Iterable[Claim]) -> None:
        new = [c for c in claims if c.id not in self.claims]
        ments = {m for c in new for m in (c.subject, c.object, c.place, *c.participants) if m} - self._asked
        self._asked |= ments
        self.entity_of.update(self.store.mention_entities_of(ments))
        self.articles.update(self.store.article_dates_of({c.article_id for c in new} - set(self.articles)))
        self.claims.update((c.id, c) for c in new)

    def run(self, articles: set[str], entities: set[str]) -> tuple[dict[cons.FactKey, cons.Tally | None],
                                                                   cons.Grouped]:
        """The tallies of the fact keys in scope (None: no claim states the key any more) and the events of
        the groups in scope with their index rows and reports. Raises :class:`TooWide` when a full pass is
        cheaper."""
        arts = set(articles) | self.store.articles_with_keys("entity", entities) if entities \
            else set(articles)
        self.arts, self.changed = arts, set(articles)
        if len(arts) > self._max_articles:
            raise TooWide
        self.dirty = self.store.claims_of_articles(arts)
        self._load(self.dirty)
        grouped = self._events()
        return self._tallies(), grouped

    # ------------------------------------------------------------ events
    def _events(self) -> cons.Grouped:
        """Group again the reports of the changed articles with every group they were in or now link to: the
        groups' other reports are read as they were kept (a report of an unchanged article is unchanged)."""
        claims = [c for c in self.dirty if c.kind == "event"]
        mine = cons.reports(claims, self.ctx)
        hit = set(self.store.derived_with_keys("claim", [c.id for c in claims]))
        hit |= self._linked_to(mine, hit)
        groups = {g for gs in self.store.derived_keys_of(hit, "group").values() for g in gs}
        group_of = {e: gs[0] for e, gs in self.store.derived_with_keys("group", groups).items()}
        self.old_events = hit | set(group_of)
        mine, theirs = self._kept(self.old_events, group_of, mine)
        if sum(len(r.event.evidence) for r in theirs if r.article_id not in self.arts) > self._max_claims:
            raise TooWide
        # only the dates of the articles of the reports kept are read (for undated happenings)
        self.articles.update(self.store.article_dates_of({r.article_id for r in theirs} - set(self.articles)))
        return cons.group_reports(sorted(mine + theirs, key=cons.Report.order), self.ctx)

    def _records(self, events: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
        """The records of the reports kept for these events, by event id, read once however often asked."""
        events = set(events)
        missing = {e for e in events if e not in self._texts}
        for eid, recs in (self.store.event_report_records(missing) if missing else {}).items():
            self._texts[eid] = [t for t, _ in recs]
            self._dicts[eid] = [d for _, d in recs]
        return {e: self._dicts[e] for e in events if e in self._dicts}

    def _stored(self, events: Iterable[str]) -> dict[str, list[cons.Report]]:
        """The reports kept for these events, by event id, decoded once."""
        out: dict[str, list[cons.Report]] = {}
        for eid, ds in self._records(events).items():
            if eid not in self._read:
                self._read[eid] = [cons.Report.from_dict(d) for d in ds]
            out[eid] = self._read[eid]
        return out

    def _kept(self, events: Iterable[str], group_of: dict[str, str],
              mine: list[cons.Report]) -> tuple[list[cons.Report], list[cons.Report]]:
        """The reports of the changed articles that differ from the kept ones, and the kept reports of these
        events, each with where it was kept (:class:`~factiongraph.graph.consolidate.Kept`): those of the
        unchanged articles, and those a changed article made again as they were (an article naming a
        merged entity often says the same of its happenings). A stored group none of whose reports changed
        is whole: still one connected group."""
        stored = self._stored(events)
        made = {(r.article_id, r.seq): r for r in mine}
        same: set[tuple[str, int]] = set()
        changed: set[str | None] = set()  # the stored groups one of whose reports changed or is gone
        for eid, rs in stored.items():
            for r, text in zip(rs, self._texts[eid], strict=True):
                if r.article_id in self.arts:
                    m = made.get(r.order())
                    # equal as read back is not enough: an interval's anchor (the publication date) is not compared
                    if m is not None and m == r and record_json(m.to_dict()) == text:
                        same.add(r.order())
                    else:
                        changed.add(group_of.get(eid))
        out: list[cons.Report] = []
        for eid, rs in stored.items():
            g = group_of.get(eid)
            for r, text in zip(rs, self._texts[eid], strict=True):
                if r.article_id not in self.arts or r.order() in same:
                    # a report of an event with no group row is compared with every other
                    r.kept = cons.Kept(eid, g, g not in changed, text) if g is not None else None
                    out.append(r)
        return [r for r in mine if r.order() not in same], out

    def _linked_to(self, reports: list[cons.Report], known: set[str]) -> set[str]:
        """The stored events, besides ``known``, with a report that one of ``reports`` links to: found by
        the reports' lookup keys, then checked report by report (a busy party's meetings of a month share
        a key without being one happening).

        Two reports that link share at least half of the new one's participants and a month, so an event
        offered under fewer of a report's keys of one month is not read for it."""
        looks: dict[str, list[tuple[int, int]]] = {}  # key -> (report, month) offered under it
        for i, r in enumerate(reports):
            months = len(r.keys) // max(1, len(r.event.participants))
            for n, k in enumerate(r.keys):
                looks.setdefault(k, []).append((i, n % months))
        near: dict[str, set[int]] = {}  # event -> the reports it may link to
        for eid, keys in self.store.derived_with_keys("bucket", looks).items():
            if eid in known:
                continue
            shared = Counter(x for k in keys for x in looks[k])
            mine = {i for (i, _), n in shared.items() if 2 * n >= len(reports[i].event.participants)}
            if mine:
                near[eid] = mine
        out: set[str] = set()
        for eid, ds in self._records(near).items():
            if any(d["article_id"] not in self.arts and cons.may_link(d, reports[i]) for d in ds for i in near[eid]) \
                    and any(t.article_id not in self.arts and cons.links(t, reports[i])
                            for t in self._stored([eid])[eid] for i in near[eid]):
                out.add(eid)
        return out

    def event_writes(self, grouped: cons.Grouped) -> EventWrites:
        """What of the events of :meth:`run` differs from the store. An event is made from its reports
        alone (and, undated, its first report's article date): one with the id of a stored one, made of
        the very reports kept for it, none of a changed article, is as stored, but for the linked group
        it now belongs to."""
        events, index, made_of = grouped
        same: set[str] = set()
        for eid, rs in made_of.items():
            if eid in self.old_events and len(rs) == len(self._texts.get(eid, ())) and all(
                    r.kept is not None and r.kept.event == eid and r.article_id not in self.changed for r in rs):
                same.add(eid)
        written = [e for e in events if e.id not in same]
        moved = [(eid, kind, key) for eid in sorted(same) for kind, key in sorted(index[eid])
                 if kind == "group" and ((k := made_of[eid][0].kept) is None or k.group != key)]
        return EventWrites(written, self.old_events - same, derived_rows(written, index), moved,
                           report_rows({e.id: made_of[e.id] for e in written}))

    # ------------------------------------------------------------ base facts
    def _tallies(self) -> dict[cons.FactKey, cons.Tally | None]:
        """The tallies of the keys the changed claims had or have now (None: no claim is counted under the key
        any more). A new claim is added to its key's stored tally. A claim counted before is taken out of the
        tally of the key it had and added again under the key it has now when its article changed (its date
        may be another) or its key did (an entity it names was merged away or changed type); otherwise it
        counts as it did. No other claim of those keys is read (a party's alliance may be restated in
        thousands of articles)."""
        before = self.store.claim_keys_of([c.id for c in self.dirty], "fact")
        taken: dict[cons.FactKey, list[Claim]] = {}
        added: dict[cons.FactKey, list[Claim]] = {}
        for c in self.dirty:
            was = {cons.text_key(k) for k in before.get(c.id, ())}
            now = cons.fact_key(c, self.ctx)
            if c.id in before and c.article_id not in self.changed and was == ({now} if now is not None else set()):
                continue  # counted as before
            for k in was:
                taken.setdefault(k, []).append(c)
            if now is not None:
                added.setdefault(now, []).append(c)
        self.keys = set(taken) | set(added)
        stored = self.store.tallies(map(cons.key_text, self.keys))
        out: dict[cons.FactKey, cons.Tally | None] = {}
        for k in self.keys:
            old = stored.get(cons.key_text(k))
            t = (cons.Tally.from_dict(old) if old is not None else cons.Tally()).remove(taken.get(k, ()))
            t = t.add(added.get(k, ()), self.ctx)
            out[k] = t if t.support or t.against else None
        return out


@dataclass
class EventWrites:
    """What an incremental re-consolidation writes of events (:meth:`Scope.event_writes`)."""

    events: list[Event]  # the events to write: new or different from the stored ones
    stale: set[str]  # the stored events in scope that are written again or gone
    derived: list[tuple[str, str, str]]  # the derived keys of ``events`` (:func:`derived_rows`)
    groups: list[tuple[str, str, str]]  # the ``group`` rows of events otherwise unchanged whose group changed
    reports: dict[str, list[tuple[str, int, str]]]  # the reports of ``events`` (:func:`report_rows`)


def undated(a: Article) -> bool:
    """What :meth:`Store.article_dates` keeps with ``undated_only``: a date inferred and not exact."""
    pub = a.published
    return a.basis not in ("header", "metadata") and (pub.earliest is None or pub.latest is None
                                                       or pub.earliest != pub.latest)


def derived_rows(events: Iterable[Event], index: dict[str, set[tuple[str, str]]]) -> list[tuple[str, str, str]]:
    """The derived keys of events: their claims, their index rows (lookup keys, linked group) and, for a
    rule event (:func:`~factiongraph.graph.consolidate.is_rule_event`), ``rule``."""
    rows: list[tuple[str, str, str]] = []
    for ev in events:
        rows.extend((ev.id, "claim", c) for c in ev.evidence)
        rows.extend((ev.id, kind, key) for kind, key in sorted(index.get(ev.id, ())))
        if cons.is_rule_event(ev):
            rows.append((ev.id, "rule", ev.type))
    return rows


def report_rows(made_of: dict[str, list[cons.Report]]) -> dict[str, list[tuple[str, int, str]]]:
    """The reports of events as the store keeps them (``Store.put_event_reports``): (article id, seq, JSON);
    a kept report's is the text it was read from."""
    return {eid: [(r.article_id, r.seq, r.kept.text if r.kept is not None else record_json(r.to_dict()))
                  for r in rs] for eid, rs in made_of.items()}
