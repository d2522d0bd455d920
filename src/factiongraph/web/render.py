"""HTML pieces built in Python: the highlighted article text and the relations-over-time strip.

Article text is untrusted: every character of it goes through :func:`markupsafe.escape`, so markup
in an article is shown as text and never runs.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Span:
    """One highlight over ``text[start:end]``: a mention, a claim's evidence, a trigger or a date."""

    start: int
    end: int
    kind: str  # mention | evidence | trigger | date
    key: str = ""  # evidence: its anchor id; mention: the entity id
    label: str = ""  # a tooltip
    css: str = ""  # extra classes (the mention's entity type)


@dataclass
class Segment:
    """A run of text under the same set of highlights."""

    start: int
    end: int
    spans: list[Span] = field(default_factory=list)


def evidence_anchor(start: int, end: int) -> str:
    """The fragment id of an evidence span on the article page (``/document/ID#ev-120-201``)."""
    return f"ev-{start}-{end}"


def segments(length: int, spans: list[Span]) -> list[Segment]:
    """Cut ``[0, length)`` at every span boundary; each piece lists the spans covering it."""
    cuts = {0, length}
    ok = [s for s in spans if 0 <= s.start < s.end <= length]
    for s in ok:
        cuts.update((s.start, s.end))
    points = sorted(cuts)
    out = []
    for a, b in itertools.pairwise(points):
        out.append(Segment(a, b, [s for s in ok if s.start <= a and b <= s.end]))
    return out


def article_spans(doc: dict[str, Any]) -> list[Span]:
    """The highlights of a :func:`~factiongraph.graph.queries.document_view`."""
    spans: list[Span] = []
    for m in doc["mentions"]:
        label = f"{m['type']}: {m['name'] or m['text']}" + (f" ({m['role']})" if m.get("role") else "")
        spans.append(Span(m["start"], m["end"], "mention", m.get("entity") or "", label, f"t-{m['type']}"))
    seen: set[str] = set()
    for c in doc["claims"]:
        ev = c["evidence"]
        key = evidence_anchor(ev["start"], ev["end"])
        if key not in seen:
            seen.add(key)
            spans.append(Span(ev["start"], ev["end"], "evidence", key, "evidence"))
        if c.get("trigger_span"):
            a, b = c["trigger_span"]
            spans.append(Span(a, b, "trigger", c["id"], f"{c['kind']} {c['type']} ({c['status']})"))
    for d in doc["dates"]:
        v = d["value"] or {}
        e, lt = v.get("earliest"), v.get("latest")
        label = "date: " + (e or "?" if e == lt else f"{e or '…'} .. {lt or '…'}")
        spans.append(Span(d["start"], d["end"], "date", "", label))
    return spans


def highlight(text: str, spans: list[Span], entity_url: str = "/entity/") -> Markup:
    """The article text as escaped HTML with a ``<span>`` per segment and an anchor per evidence start."""
    parts: list[str] = []
    for seg in segments(len(text), spans):
        for s in seg.spans:
            if s.kind == "evidence" and s.start == seg.start:
                parts.append(f'<span class="anchor" id="{escape(s.key)}"></span>')
        body = str(escape(text[seg.start : seg.end]))
        if not seg.spans:
            parts.append(body)
            continue
        classes = sorted({f"hl-{s.kind}" for s in seg.spans} | {s.css for s in seg.spans if s.css})
        evs = " ".join(s.key for s in seg.spans if s.kind == "evidence")
        title = "; ".join(s.label for s in seg.spans if s.kind != "evidence" and s.label)
        mention = next((s for s in seg.spans if s.kind == "mention" and s.key), None)
        if mention is not None:
            body = f'<a href="{escape(entity_url + mention.key)}">{body}</a>'
        attrs = f' class="{escape(" ".join(classes))}"'
        if evs:
            attrs += f' data-ev="{escape(evs)}"'
        if title:
            attrs += f' title="{escape(title)}"'
        parts.append(f"<span{attrs}>{body}</span>")
    return Markup("".join(parts))


@dataclass
class Bar:
    """One relation drawn on the relations-over-time strip (percent of the strip's width)."""

    label: str
    type: str
    x: float
    width: float
    open_end: bool
    span: str


def relation_bars(relations: list[dict[str, Any]], today: dt.date | None = None) -> dict[str, Any]:
    """Lay out dated relations on a shared time axis: bars, year ticks and the undated remainder."""
    dated = [r for r in relations if r.get("valid_from")]
    if not dated:
        return {"bars": [], "ticks": [], "undated": len(relations)}
    starts = [dt.date.fromisoformat(r["valid_from"]) for r in dated]
    ends = [dt.date.fromisoformat(r["valid_to"]) for r in dated if r.get("valid_to")]
    lo = dt.date(min(starts).year, 1, 1)
    hi_day = max([*starts, *ends, *([today] if today else [])])
    hi = dt.date(hi_day.year + 1, 1, 1)
    total = (hi - lo).days

    def pos(d: dt.date) -> float:
        return round(100.0 * (d - lo).days / total, 2)

    bars = []
    for r, s in zip(dated, starts, strict=True):
        e = dt.date.fromisoformat(r["valid_to"]) if r.get("valid_to") else hi
        x = pos(s)
        bars.append(Bar(label=f"{r['type'].replace('_', ' ')} {r.get('other_name') or ''}".strip(), type=r["type"],
                        x=x, width=max(0.8, pos(e) - x), open_end=not r.get("valid_to"),
                        span=f"{r['valid_from']} → {r.get('valid_to') or 'still holds'}"))
    step = max(1, (hi.year - lo.year) // 8)
    ticks = [{"x": pos(dt.date(y, 1, 1)), "label": str(y)} for y in range(lo.year, hi.year + 1, step)]
    return {"bars": bars, "ticks": ticks, "undated": len(relations) - len(dated)}


def json_script(data: Any) -> str:
    """JSON safe inside ``<script type="application/json">``: no ``</script>`` or ``<!--`` can end it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
