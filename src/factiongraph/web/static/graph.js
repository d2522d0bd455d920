/* factiongraph graph view: actors and relations as of a date, a time slider that animates, filters and search.
   The layout is computed once over every relation so that actors keep their place while the date moves. */
(function () {
  "use strict";
  const FG = window.FG;
  const $ = (id) => document.getElementById(id);

  async function main() {
    const cfg = FG.config();
    const source = FG.source();
    const params = new URLSearchParams(window.location.search);
    const state = { date: null, allTime: false, types: new Set(cfg.entityTypes), rels: new Set(cfg.relationTypes),
                    party: "", selected: params.get("focus") || null, snapshot: null, playing: null, seq: 0 };
    FG.graphState = state;

    const full = await source.full();
    const degree = new Map(full.nodes.map((n) => [n.id, n.degree || 1]));
    const cy = (FG.cy = cytoscape({
      container: $("cy"),
      elements: [
        ...full.nodes.map((n) => ({ group: "nodes", data: { ...n, label: n.name, size: 18 + Math.min(26, 4 * Math.sqrt(degree.get(n.id))) } })),
        ...full.edges.map((e) => ({ group: "edges", data: { ...e, label: FG.relStyle[e.type] ? FG.relStyle[e.type].label : FG.pretty(e.type) } })),
      ],
      style: styles(),
      wheelSensitivity: 0.25,
      minZoom: 0.2,
      maxZoom: 3,
    }));
    layout(cy, false);

    buildFilters(cfg, state, () => render());
    const range = clampRange(cfg.range || {});
    const slider = $("date-slider"), box = $("date-box");
    slider.min = FG.toDay(range.min); slider.max = FG.toDay(range.max); slider.step = 1;
    box.min = range.min; box.max = range.max;
    $("range-min").textContent = range.min.slice(0, 4); $("range-max").textContent = range.max.slice(0, 4);
    const start = params.get("date") && /^\d{4}-\d{2}-\d{2}$/.test(params.get("date")) ? params.get("date") : range.max;

    async function setDate(date, fromSlider) {
      state.date = date;
      if (!fromSlider) slider.value = FG.toDay(date);
      box.value = date;
      const seq = ++state.seq;
      const snap = state.allTime ? full : await source.at(date);
      if (seq !== state.seq) return; /* a later date was asked for meanwhile */
      state.snapshot = snap;
      render();
      const url = new URL(window.location.href);
      url.searchParams.set("date", date);
      window.history.replaceState(null, "", url);
    }
    FG.setDate = (d) => setDate(d, false);

    function render() {
      const snap = state.snapshot;
      if (!snap) return;
      const visibleEdges = new Set();
      const nodeType = new Map(full.nodes.map((n) => [n.id, n.type]));
      for (const e of snap.edges) {
        if (!state.rels.has(e.type)) continue;
        if (!state.types.has(nodeType.get(e.source)) || !state.types.has(nodeType.get(e.target))) continue;
        visibleEdges.add(e.id);
      }
      if (state.party) {
        const keep = new Set([state.party]);
        for (const e of snap.edges) if (visibleEdges.has(e.id) && (e.source === state.party || e.target === state.party)) { keep.add(e.source); keep.add(e.target); }
        for (const e of snap.edges) if (visibleEdges.has(e.id) && !(keep.has(e.source) && keep.has(e.target))) visibleEdges.delete(e.id);
      }
      const visibleNodes = new Set();
      for (const e of snap.edges) if (visibleEdges.has(e.id)) { visibleNodes.add(e.source); visibleNodes.add(e.target); }
      cy.batch(() => {
        cy.nodes().forEach((n) => n.toggleClass("hidden", !visibleNodes.has(n.id())));
        cy.edges().forEach((e) => e.toggleClass("hidden", !visibleEdges.has(e.id())));
      });
      state.visible = { nodes: [...visibleNodes], edges: snap.edges.filter((e) => visibleEdges.has(e.id)) };
      $("asof-date").textContent = state.allTime ? "every relation ever recorded" : formatDate(state.date);
      $("empty").hidden = visibleEdges.size > 0;
      $("stats").replaceChildren(
        FG.el("div", { class: "stat" }, FG.el("strong", { text: String(visibleNodes.size) }), " actors"),
        FG.el("div", { class: "stat" }, FG.el("strong", { text: String(visibleEdges.size) }), " relations"),
      );
      showDetails();
      document.body.dataset.graphDate = state.allTime ? "all" : state.date;
    }

    function showDetails() {
      const panel = $("details");
      const id = state.selected;
      cy.elements().removeClass("selected faded");
      if (!id) { panel.replaceChildren(FG.el("div", { class: "muted" }, "Select an actor or a relation to see it here.")); return; }
      const ele = cy.getElementById(id);
      if (ele.empty()) { panel.replaceChildren(FG.el("div", { class: "muted" }, "Not in the graph.")); return; }
      ele.addClass("selected");
      if (ele.isNode()) {
        const hood = ele.closedNeighborhood().filter((x) => !x.hasClass("hidden"));
        cy.elements().not(hood).addClass("faded");
        panel.replaceChildren(nodeDetails(ele.data(), state, source));
      } else {
        panel.replaceChildren(edgeDetails(ele.data(), source));
      }
    }

    cy.on("tap", "node, edge", (ev) => { state.selected = ev.target.id(); showDetails(); });
    cy.on("tap", (ev) => { if (ev.target === cy) { state.selected = null; showDetails(); } });
    cy.on("dbltap", "node", (ev) => { const u = source.entityUrl(ev.target.id()); if (u) window.location.href = u; });

    FG.onGlobalPick = (it) => {
      state.selected = it.id;
      const ele = cy.getElementById(it.id);
      showDetails();
      if (!ele.empty() && !ele.hasClass("hidden")) cy.animate({ center: { eles: ele }, zoom: Math.max(cy.zoom(), 1.1) }, { duration: 300 });
      else $("details").replaceChildren(FG.el("div", { class: "detail-card" },
        FG.el("h2", { text: it.name }), FG.el("p", { class: "muted", text: "No relation holds for this actor on " + state.date + " with these filters." }),
        source.entityUrl(it.id) ? FG.el("a", { href: source.entityUrl(it.id), text: "Open the profile →" }) : null));
    };

    slider.addEventListener("input", () => setDate(FG.fromDay(Number(slider.value)), true));
    box.addEventListener("change", () => { if (/^\d{4}-\d{2}-\d{2}$/.test(box.value)) setDate(box.value, false); });
    $("all-time").addEventListener("change", (ev) => { state.allTime = ev.target.checked; slider.disabled = box.disabled = state.allTime; setDate(state.date, false); });
    $("party-filter").addEventListener("change", (ev) => { state.party = ev.target.value; render(); });
    $("fit").addEventListener("click", () => cy.fit(cy.elements(":visible"), 40));
    $("relayout").addEventListener("click", () => layout(cy, true));
    $("play").addEventListener("click", () => togglePlay(state, slider, setDate));

    fillParties(full);
    await setDate(start, false);
    cy.fit(undefined, 30);
    if (state.selected) FG.onGlobalPick({ id: state.selected, name: (full.nodes.find((n) => n.id === state.selected) || {}).name || state.selected });
    document.body.dataset.ready = "1";
  }

  function clampRange(r) {
    const today = new Date().toISOString().slice(0, 10);
    const min = r.min || "2000-01-01";
    let max = r.max || today;
    if (max > today) max = today;
    return { min: min > max ? max : min, max };
  }

  function formatDate(iso) {
    const d = new Date(iso + "T00:00:00Z");
    return d.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  }

  function togglePlay(state, slider, setDate) {
    const btn = document.getElementById("play");
    if (state.playing) { clearInterval(state.playing); state.playing = null; btn.textContent = "▶ Play"; return; }
    let day = Number(slider.value);
    if (day >= Number(slider.max)) day = Number(slider.min);
    btn.textContent = "❚❚ Pause";
    state.playing = setInterval(() => {
      day = Math.min(Number(slider.max), day + 30);
      slider.value = day;
      setDate(FG.fromDay(day), true);
      if (day >= Number(slider.max)) { clearInterval(state.playing); state.playing = null; btn.textContent = "▶ Play"; }
    }, 180);
  }

  function fillParties(full) {
    const sel = document.getElementById("party-filter");
    const groups = full.nodes.filter((n) => n.type === "party" || n.type === "faction").sort((a, b) => a.name.localeCompare(b.name));
    for (const g of groups) sel.appendChild(FG.el("option", { value: g.id, text: g.name + (g.type === "faction" ? " (faction)" : "") }));
  }

  function buildFilters(cfg, state, onChange) {
    const types = document.getElementById("type-filters");
    for (const t of cfg.entityTypes) {
      const st = FG.typeStyle[t] || { color: "#868e96" };
      types.appendChild(FG.el("label", { class: "check" },
        FG.el("input", { type: "checkbox", checked: "checked", "data-type": t, onchange: (ev) => { ev.target.checked ? state.types.add(t) : state.types.delete(t); onChange(); } }),
        FG.el("span", { class: "type-dot t-" + t }), t));
    }
    const rels = document.getElementById("rel-filters");
    for (const r of cfg.relationTypes) {
      rels.appendChild(FG.el("label", { class: "check" },
        FG.el("input", { type: "checkbox", checked: "checked", "data-rel": r, onchange: (ev) => { ev.target.checked ? state.rels.add(r) : state.rels.delete(r); onChange(); } }),
        FG.el("span", { class: "edge-key r-" + r }), FG.pretty(r)));
    }
  }

  function relationLine(e, selfId, names) {
    const st = FG.relStyle[e.type] || { label: FG.pretty(e.type) };
    const out = e.source === selfId;
    const other = out ? e.target : e.source;
    return FG.el("li", { class: "rel-line", "data-type": e.type, "data-other": other },
      FG.el("span", { class: "edge-key r-" + e.type }),
      out ? FG.el("span", {}, FG.el("span", { class: "rel", text: st.label }), " ", FG.el("strong", { text: names.get(other) || other }))
          : FG.el("span", {}, FG.el("strong", { text: names.get(other) || other }), " ", FG.el("span", { class: "rel", text: st.label })),
      e.role ? FG.el("span", { class: "pill", text: e.role }) : null,
      FG.el("span", { class: "muted small", text: " since " + (e.valid_from || "?") }));
  }

  function nodeDetails(n, state, source) {
    const names = new Map(FG.cy.nodes().map((x) => [x.id(), x.data("name")]));
    const rels = (state.visible ? state.visible.edges : []).filter((e) => e.source === n.id || e.target === n.id);
    const url = source.entityUrl(n.id);
    return FG.el("div", { class: "detail-card" },
      FG.el("div", { class: "title-row" }, FG.el("span", { class: "type-dot t-" + n.type }), FG.el("h2", { id: "detail-name", text: n.name })),
      FG.el("div", {}, FG.el("span", { class: "pill t-" + n.type, text: n.type })),
      (n.aliases || []).length ? FG.el("p", { class: "small" }, FG.el("span", { class: "muted", text: "Also: " }), n.aliases.join(", ")) : null,
      FG.el("h3", { text: state.allTime ? "All relations" : "Relations on " + state.date }),
      rels.length ? FG.el("ul", { class: "plain rel-list", id: "detail-relations" }, rels.map((e) => relationLine(e, n.id, names)))
                  : FG.el("p", { class: "muted", id: "detail-relations", text: "None with these filters." }),
      url ? FG.el("p", {}, FG.el("a", { href: url, id: "detail-link", text: "Profile, evidence and events →" })) : null,
      url ? FG.el("p", {}, FG.el("a", { href: "/timeline?entity=" + encodeURIComponent(n.id), text: "Timeline →" })) : null);
  }

  function edgeDetails(e, source) {
    const name = (id) => FG.cy.getElementById(id).data("name") || id;
    const st = FG.relStyle[e.type] || { label: FG.pretty(e.type) };
    const row = (k, v) => FG.el("tr", {}, FG.el("th", { text: k }), FG.el("td", { text: v }));
    return FG.el("div", { class: "detail-card" },
      FG.el("div", { class: "title-row" }, FG.el("span", { class: "edge-key r-" + e.type }), FG.el("h2", { text: st.label })),
      FG.el("p", {}, FG.el("strong", { text: name(e.source) }), " → ", FG.el("strong", { text: name(e.target) })),
      FG.el("table", { class: "table compact" }, FG.el("tbody", {},
        e.role ? row("role", e.role) : null,
        row("start", FG.iv(e.start)), row("end", e.state === "ended" ? FG.iv(e.end) : "still holds"),
        row("holds", (e.valid_from || "?") + " → " + (e.valid_to || "now")),
        row("confidence", Math.round(100 * e.confidence) + "%"), row("evidence", e.evidence + " sentence(s)"))),
      source.entityUrl(e.source) ? FG.el("a", { href: source.entityUrl(e.source) + "#fact-" + e.id, text: "Evidence →" }) : null);
  }

  function styles() {
    const s = [
      { selector: "node", style: {
        "background-color": "#868e96", label: "data(label)", "font-size": 10, "font-family": "Inter, system-ui, sans-serif",
        color: "#1f2933", "text-valign": "bottom", "text-margin-y": 4, "text-wrap": "ellipsis", "text-max-width": 130,
        width: "data(size)", height: "data(size)", "border-width": 1.5, "border-color": "#ffffff",
        "text-background-color": "#ffffff", "text-background-opacity": 0.75, "text-background-padding": 1.5, "text-background-shape": "roundrectangle" } },
      { selector: "edge", style: {
        width: 1.6, "curve-style": "bezier", "line-color": "#adb5bd", "target-arrow-color": "#adb5bd", "arrow-scale": 0.9,
        opacity: 0.9, "font-size": 8, color: "#52606d", "text-rotation": "autorotate", "text-opacity": 0 } },
      { selector: "edge:selected, edge.selected", style: { "text-opacity": 1, label: "data(label)", "underlay-color": "#fab005", "underlay-opacity": 0.35, "underlay-padding": 3 } },
      { selector: "node.selected", style: { "border-width": 4, "border-color": "#fab005", "font-weight": 700, "font-size": 12, "z-index": 10 } },
      { selector: ".faded", style: { opacity: 0.18 } },
      { selector: ".hidden", style: { display: "none" } },
    ];
    for (const [t, st] of Object.entries(FG.typeStyle)) s.splice(1, 0, { selector: `node[type = "${t}"]`, style: { "background-color": st.color, shape: st.shape } });
    for (const [r, st] of Object.entries(FG.relStyle)) {
      s.splice(3, 0, { selector: `edge[type = "${r}"]`, style: {
        "line-color": st.color, "target-arrow-color": st.color, "source-arrow-color": st.color, "line-style": st.line, width: st.width,
        "target-arrow-shape": st.arrow, "source-arrow-shape": st.arrow === "tee" ? "tee" : "none" } });
    }
    return s;
  }

  function layout(cy, animate) {
    cy.layout({ name: "concentric", concentric: (n) => n.degree(), levelWidth: () => 2, animate: false }).run();
    cy.layout({ name: "cose", randomize: false, animate: animate, animationDuration: 500, nodeRepulsion: () => 9000,
                idealEdgeLength: () => 90, edgeElasticity: () => 80, gravity: 0.6, numIter: 1500, nodeDimensionsIncludeLabels: true,
                componentSpacing: 60, padding: 30 }).run();
  }

  document.addEventListener("DOMContentLoaded", () => { main().catch((e) => {
    const box = document.getElementById("empty"); box.hidden = false; box.textContent = "Could not load the graph: " + e.message; }); });
})();
