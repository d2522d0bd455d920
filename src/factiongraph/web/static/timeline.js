/* factiongraph timeline: events on a time axis, one row per event type, marker by status; filter by actor. */
(function () {
  "use strict";
  const FG = window.FG;
  const $ = (id) => document.getElementById(id);
  const SVG = "http://www.w3.org/2000/svg";
  const STATUS = ["occurred", "planned", "uncertain", "cancelled", "negated"];
  const TYPE_COLORS = ["#3d6fd6", "#d9480f", "#2b8a3e", "#9c36b5", "#0b7285", "#e8590c", "#c2255c", "#5f3dc4",
                       "#495057", "#1098ad", "#74b816", "#f08c00", "#7048e8"];

  function s(tag, attrs, ...kids) {
    const n = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) if (v !== null && v !== undefined) n.setAttribute(k, v);
    for (const k of kids) if (k) n.appendChild(typeof k === "string" ? document.createTextNode(k) : k);
    return n;
  }

  function when(v) {
    /* The day to draw an event at and the span of its uncertainty, in epoch days. */
    if (!v || (!v.earliest && !v.latest)) return null;
    const a = v.earliest ? FG.toDay(v.earliest) : null, b = v.latest ? FG.toDay(v.latest) : null;
    if (a !== null && b !== null) return { at: Math.round((a + b) / 2), lo: a, hi: b, open: false };
    return { at: a !== null ? a : b, lo: a !== null ? a : b, hi: a !== null ? a : b, open: true };
  }

  function marker(status, color) {
    const g = s("g", { class: "mk st-" + status });
    if (status === "occurred") g.appendChild(s("circle", { r: 6, fill: color, stroke: "#fff", "stroke-width": 1.5 }));
    else if (status === "planned") g.appendChild(s("circle", { r: 6, fill: "#fff", stroke: color, "stroke-width": 2.2, "stroke-dasharray": "3 2" }));
    else if (status === "uncertain") { g.appendChild(s("circle", { r: 6, fill: color, "fill-opacity": 0.35, stroke: color, "stroke-width": 1.5 })); }
    else if (status === "cancelled") {
      g.appendChild(s("circle", { r: 6, fill: "#fff", stroke: "#868e96", "stroke-width": 1.8 }));
      g.appendChild(s("path", { d: "M-4,-4L4,4M4,-4L-4,4", stroke: "#e03131", "stroke-width": 2.2 }));
    } else {
      g.appendChild(s("rect", { x: -5.5, y: -5.5, width: 11, height: 11, fill: "#fff", stroke: "#868e96", "stroke-width": 1.8 }));
      g.appendChild(s("path", { d: "M-4,4L4,-4", stroke: "#868e96", "stroke-width": 2 }));
    }
    return g;
  }

  function draw(events, state, source) {
    const host = $("tl-svg");
    const shown = events.filter((v) => state.statuses.has(v.status));
    const dated = shown.map((v) => ({ v, w: when(v.date) })).filter((x) => x.w);
    const undated = shown.filter((v) => !when(v.date));
    $("tl-count").textContent = shown.length + " events" + (undated.length ? " (" + undated.length + " undated)" : "");
    host.replaceChildren();
    if (!dated.length) { host.appendChild(FG.el("p", { class: "muted empty-inline", text: "No dated event with these filters." })); }
    else host.appendChild(chart(dated, state, source));
    const und = $("tl-undated");
    und.replaceChildren();
    if (undated.length) {
      und.appendChild(FG.el("h3", { text: "Without a date" }));
      und.appendChild(FG.el("ul", { class: "plain undated" }, undated.map((v) => FG.el("li", {},
        FG.el("button", { type: "button", class: "linkish", onclick: () => details(v, source) },
          FG.el("span", { class: "pill ev-" + v.type, text: FG.pretty(v.type) }), " ",
          FG.el("span", { class: "status st-" + v.status, text: FG.statusLabel[v.status] || v.status }), " ",
          (v.participant_names || []).slice(0, 4).join(", "))))));
    }
    document.body.dataset.timelineCount = String(shown.length);
  }

  function chart(dated, state, source) {
    const types = [...new Set(dated.map((x) => x.v.type))].sort();
    let lo = Math.min(...dated.map((x) => x.w.lo)), hi = Math.max(...dated.map((x) => x.w.hi));
    const y0 = new Date(FG.fromDay(lo)).getUTCFullYear(), y1 = new Date(FG.fromDay(hi)).getUTCFullYear() + 1;
    lo = FG.toDay(y0 + "-01-01"); hi = FG.toDay(y1 + "-01-01");
    const labelW = 130, width = Math.max(760, ($("tl-svg").clientWidth || 900) - 4), plotW = width - labelW - 40;
    const x = (d) => labelW + ((d - lo) / (hi - lo)) * plotW;
    /* lanes per row so that markers do not overlap */
    const rows = types.map((t) => {
      const items = dated.filter((d) => d.v.type === t).sort((a, b) => a.w.at - b.w.at);
      const lanes = [];
      for (const it of items) {
        const px = x(it.w.at);
        let lane = lanes.findIndex((last) => px - last > 15);
        if (lane < 0) { lane = lanes.length; lanes.push(px); } else lanes[lane] = px;
        it.lane = lane;
      }
      return { type: t, items, lanes: Math.max(1, lanes.length) };
    });
    const laneH = 17, pad = 12, axisH = 26;
    let y = axisH;
    for (const r of rows) { r.y = y; r.h = r.lanes * laneH + pad; y += r.h; }
    const height = y + 6;
    const svg = s("svg", { width, height, viewBox: `0 0 ${width} ${height}`, class: "tl", role: "img", "aria-label": "Events over time" });
    const step = Math.max(1, Math.ceil((y1 - y0) / 12));
    for (let yr = y0; yr <= y1; yr += step) {
      const px = x(FG.toDay(yr + "-01-01"));
      svg.appendChild(s("line", { x1: px, x2: px, y1: axisH - 6, y2: height, class: "grid" }));
      svg.appendChild(s("text", { x: px + 3, y: 14, class: "axis" }, String(yr)));
    }
    rows.forEach((r, i) => {
      const color = TYPE_COLORS[i % TYPE_COLORS.length];
      if (i % 2 === 0) svg.appendChild(s("rect", { x: 0, y: r.y, width, height: r.h, class: "band" }));
      svg.appendChild(s("text", { x: 8, y: r.y + r.h / 2 + 4, class: "rowlabel" }, FG.pretty(r.type)));
      for (const it of r.items) {
        const cy = r.y + pad / 2 + it.lane * laneH + laneH / 2;
        const g = s("g", { class: "ev", tabindex: 0, "data-status": it.v.status, "data-type": it.v.type, "data-id": it.v.id });
        if (it.w.hi > it.w.lo) g.appendChild(s("line", { x1: x(it.w.lo), x2: x(it.w.hi), y1: cy, y2: cy, class: "span", stroke: color }));
        const m = marker(it.v.status, color);
        m.setAttribute("transform", `translate(${x(it.w.at)},${cy})`);
        g.appendChild(m);
        g.appendChild(s("title", {}, `${FG.pretty(it.v.type)} · ${FG.statusLabel[it.v.status] || it.v.status} · ${FG.iv(it.v.date)}\n${(it.v.participant_names || []).join(", ")}`));
        g.addEventListener("click", () => { svg.querySelectorAll(".ev.sel").forEach((n) => n.classList.remove("sel")); g.classList.add("sel"); details(it.v, source); });
        g.addEventListener("keydown", (ev) => { if (ev.key === "Enter") g.dispatchEvent(new Event("click")); });
        svg.appendChild(g);
      }
    });
    return svg;
  }

  function details(v, source) {
    const panel = $("tl-details");
    const people = v.participants.map((p, i) => {
      const u = source.entityUrl(p);
      const name = (v.participant_names || [])[i] || p;
      return u ? FG.el("a", { href: u, text: name }) : FG.el("span", { text: name });
    });
    const joined = [];
    people.forEach((p, i) => { if (i) joined.push(", "); joined.push(p); });
    panel.replaceChildren(FG.el("div", { class: "detail-card" },
      FG.el("div", { class: "title-row" }, FG.el("span", { class: "pill ev-" + v.type, text: FG.pretty(v.type) }),
        FG.el("span", { class: "status st-" + v.status, text: FG.statusLabel[v.status] || v.status })),
      FG.el("p", {}, FG.el("strong", { text: FG.iv(v.date) })),
      FG.el("p", {}, ...joined),
      v.place_name ? FG.el("p", { class: "muted", text: "at " + v.place_name }) : null,
      FG.el("h3", { text: "Evidence" }),
      FG.el("ul", { class: "evidence" }, v.evidence.map((ev) => {
        const u = source.docUrl(ev.document, ev.start, ev.end);
        return FG.el("li", {}, FG.el("blockquote", { text: ev.text || "" }), u ? FG.el("a", { class: "ev-link", href: u, text: "article ↗" }) : null);
      }))));
  }

  function legend() {
    const box = $("tl-legend");
    box.replaceChildren(...STATUS.map((st) => {
      const svg = s("svg", { width: 16, height: 16, viewBox: "-8 -8 16 16" }, marker(st, "#3d6fd6"));
      return FG.el("span", { class: "legend-item" }, svg, FG.statusLabel[st]);
    }));
  }

  async function main() {
    const source = FG.source();
    const params = new URLSearchParams(window.location.search);
    const state = { entity: params.get("entity") || null, statuses: new Set(STATUS), data: null };
    FG.timelineState = state;
    legend();
    const filters = $("status-filters");
    for (const st of STATUS) filters.appendChild(FG.el("label", { class: "check" },
      FG.el("input", { type: "checkbox", checked: "checked", "data-status": st,
        onchange: (ev) => { ev.target.checked ? state.statuses.add(st) : state.statuses.delete(st); draw(state.data.events, state, source); } }),
      FG.statusLabel[st]));
    async function load(entity) {
      state.entity = entity;
      state.data = await source.timeline(entity);
      const cur = $("actor-current");
      cur.hidden = !state.data.entity; $("actor-clear").hidden = !state.data.entity;
      if (state.data.entity) cur.textContent = state.data.entity.name;
      draw(state.data.events, state, source);
      if (!window.FG_EMBEDDED) {
        const url = new URL(window.location.href);
        if (entity) url.searchParams.set("entity", entity); else url.searchParams.delete("entity");
        window.history.replaceState(null, "", url);
      }
      document.body.dataset.ready = "1";
    }
    FG.suggest($("actor-box"), $("actor-suggest"), (it) => load(it.id), source);
    $("actor-clear").addEventListener("click", () => { $("actor-box").value = ""; load(null); });
    window.addEventListener("resize", () => state.data && draw(state.data.events, state, source));
    await load(state.entity);
  }

  document.addEventListener("DOMContentLoaded", () => { main().catch((e) => {
    $("tl-svg").replaceChildren(FG.el("p", { class: "muted", text: "Could not load the timeline: " + e.message })); }); });
})();
