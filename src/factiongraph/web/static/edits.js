/* factiongraph entity page corrections (only served with --allow-edits): merge and split through the JSON API. */
(function () {
  "use strict";
  async function post(url, body) {
    const r = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    const data = await r.json();
    if (!r.ok) throw new Error(data.error ? data.error.message : r.statusText);
    return data;
  }
  function wire(formId, action, field, confirmText) {
    const form = document.getElementById(formId);
    if (!form) return;
    const msg = document.getElementById("edit-msg");
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const value = form.elements[field].value;
      if (!value || !window.confirm(confirmText(value))) return;
      const id = form.dataset.entity;
      try {
        const out = await post("/api/entities/" + encodeURIComponent(id) + "/" + action, { [field]: value });
        window.location.href = "/entity/" + encodeURIComponent(out.entity || id);
      } catch (e) { msg.textContent = e.message; msg.classList.add("bad"); }
    });
  }
  document.addEventListener("DOMContentLoaded", () => {
    wire("merge-form", "merge", "other", () => "Merge these two entities into one? The graph is rebuilt.");
    wire("split-form", "split", "alias", (a) => "Detach \u201c" + a + "\u201d from this entity? The graph is rebuilt.");
  });
})();
