/* factiongraph: shared helpers (palette, dates, data sources) and the header search. No network beyond this server. */
(function () {
  "use strict";
  const FG = (window.FG = window.FG || {});

  FG.typeStyle = {
    person: { color: "#3d6fd6", shape: "ellipse" },
    party: { color: "#d9480f", shape: "round-rectangle" },
    faction: { color: "#9c36b5", shape: "hexagon" },
    organization: { color: "#0b7285", shape: "rectangle" },
    place: { color: "#5c940d", shape: "round-triangle" },
  };
  FG.relStyle = {
    member_of: { color: "#8a94a6", line: "solid", width: 1.6, arrow: "triangle", label: "member of" },
    leader_of: { color: "#1f2933", line: "solid", width: 3, arrow: "triangle", label: "leader of" },
    holds_office: { color: "#0b7285", line: "dotted", width: 2, arrow: "triangle", label: "holds office" },
    part_of: { color: "#9c36b5", line: "dashed", width: 2, arrow: "triangle", label: "part of" },
    allied_with: { color: "#2b8a3e", line: "solid", width: 3.2, arrow: "none", label: "allied with" },
    opposed_to: { color: "#e03131", line: "dashed", width: 2.6, arrow: "tee", label: "opposed to" },
    merged_into: { color: "#5f3dc4", line: "solid", width: 2.6, arrow: "chevron", label: "merged into" },
    split_from: { color: "#e8590c", line: "dashed", width: 2.6, arrow: "vee", label: "split from" },
  };
  FG.statusLabel = { occurred: "occurred", planned: "planned", cancelled: "cancelled", negated: "denied", uncertain: "uncertain" };

  FG.pretty = (s) => String(s || "").replace(/_/g, " ");
  FG.iv = (v) => {
    if (!v) return "—";
    const e = v.earliest, l = v.latest;
    if (e === l) return e || "?";
    return (e || "…") + " – " + (l || "…");
  };
  FG.toDay = (iso) => Math.floor(Date.parse(iso + "T00:00:00Z") / 86400000);
  FG.fromDay = (n) => new Date(n * 86400000).toISOString().slice(0, 10);
  FG.el = (tag, attrs, ...kids) => {
    /* Build DOM with text nodes only: never innerHTML with data. */
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") node.className = v;
      else if (k === "text") node.textContent = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v);
    }
    for (const kid of kids.flat()) {
      if (kid === null || kid === undefined || kid === false) continue;
      node.appendChild(typeof kid === "string" ? document.createTextNode(kid) : kid);
    }
    return node;
  };
  FG.config = () => {
    const node = document.getElementById("fg-config");
    return node ? JSON.parse(node.textContent) : {};
  };

  /* Where the data comes from: the server's JSON API, or data embedded in a self-contained report. */
  FG.apiSource = function () {
    const cache = new Map();
    async function get(url) {
      if (cache.has(url)) return cache.get(url);
      const p = fetch(url).then(async (r) => {
        const body = await r.json();
        if (!r.ok) throw new Error((body.error && body.error.message) || r.statusText);
        return body;
      });
      cache.set(url, p);
      p.catch(() => cache.delete(url));
      return p;
    }
    return {
      links: true,
      full: () => get("/api/graph"),
      at: (date) => get("/api/graph?date=" + encodeURIComponent(date)),
      search: (q) => get("/api/entities?limit=12&q=" + encodeURIComponent(q)),
      timeline: (entity) => get("/api/timeline" + (entity ? "?entity=" + encodeURIComponent(entity) : "")),
      entityUrl: (id) => "/entity/" + encodeURIComponent(id),
      docUrl: (doc, s, e) => "/document/" + encodeURIComponent(doc) + "#ev-" + s + "-" + e,
    };
  };
  FG.embeddedSource = function (data) {
    /* data = {graph: full graph with valid_from/valid_to, timeline: {events}} */
    const holds = (edge, date) => edge.valid_from && edge.valid_from <= date && (!edge.valid_to || edge.valid_to >= date);
    const match = (n, q) => [n.name, ...(n.aliases || [])].some((a) => a.toLowerCase().includes(q));
    return {
      links: false,
      full: async () => data.graph,
      at: async (date) => {
        const edges = data.graph.edges.filter((e) => holds(e, date));
        const ids = new Set(edges.flatMap((e) => [e.source, e.target]));
        return { date, nodes: data.graph.nodes.filter((n) => ids.has(n.id)), edges };
      },
      search: async (q) => data.graph.nodes.filter((n) => match(n, q.toLowerCase())).slice(0, 12),
      timeline: async (entity) => ({
        entity: entity ? data.graph.nodes.find((n) => n.id === entity) || null : null,
        events: entity ? data.timeline.events.filter((v) => v.participants.includes(entity)) : data.timeline.events,
      }),
      entityUrl: () => null,
      docUrl: () => null,
    };
  };
  FG.source = () => (window.FG_EMBEDDED ? FG.embeddedSource(window.FG_EMBEDDED) : FG.apiSource());

  /* A search box with suggestions by any alias. onPick(entity) is called with {id, name, type}. */
  FG.suggest = function (input, box, onPick, source) {
    let timer = null, items = [], active = -1;
    const close = () => { box.hidden = true; active = -1; };
    const render = () => {
      box.replaceChildren(...items.map((it, i) => {
        const aliases = (it.aliases || []).slice(0, 3).join(", ");
        return FG.el("button", { type: "button", class: "suggest-item" + (i === active ? " active" : ""),
          onmousedown: (ev) => { ev.preventDefault(); pick(i); } },
          FG.el("span", { class: "type-dot t-" + it.type }), FG.el("span", { class: "s-name", text: it.name }),
          aliases ? FG.el("span", { class: "s-alias", text: aliases }) : null,
          FG.el("span", { class: "s-type", text: it.type }));
      }));
      box.hidden = items.length === 0;
    };
    const pick = (i) => { const it = items[i]; if (!it) return; close(); input.value = it.name; onPick(it); };
    input.addEventListener("input", () => {
      clearTimeout(timer);
      const q = input.value.trim();
      if (!q) { items = []; close(); return; }
      timer = setTimeout(async () => {
        try { items = await source.search(q); } catch (e) { items = []; }
        active = items.length ? 0 : -1; render();
      }, 120);
    });
    input.addEventListener("keydown", (ev) => {
      if (ev.key === "ArrowDown") { active = Math.min(items.length - 1, active + 1); render(); ev.preventDefault(); }
      else if (ev.key === "ArrowUp") { active = Math.max(0, active - 1); render(); ev.preventDefault(); }
      else if (ev.key === "Enter") { ev.preventDefault(); if (active >= 0) pick(active); }
      else if (ev.key === "Escape") close();
    });
    input.addEventListener("blur", () => setTimeout(close, 150));
  };

  document.addEventListener("DOMContentLoaded", () => {
    const input = document.getElementById("global-search");
    const box = document.getElementById("global-suggest");
    if (!input || !box) return;
    const source = FG.source();
    FG.suggest(input, box, (it) => {
      if (FG.onGlobalPick) FG.onGlobalPick(it);
      else if (source.entityUrl(it.id)) window.location.href = source.entityUrl(it.id);
    }, source);
  });
})();
