/* factiongraph article page: light up the evidence span named in the URL fragment (#ev-START-END). */
(function () {
  "use strict";
  function mark() {
    document.querySelectorAll(".current").forEach((n) => n.classList.remove("current"));
    const id = decodeURIComponent(window.location.hash.slice(1));
    if (!/^ev-\d+-\d+$/.test(id)) return;
    const parts = document.querySelectorAll("[data-ev]");
    let first = null;
    parts.forEach((n) => { if (n.dataset.ev.split(" ").includes(id)) { n.classList.add("current"); first = first || n; } });
    document.querySelectorAll('.claim-link[data-ev="' + id + '"]').forEach((n) => n.classList.add("current"));
    if (first) first.scrollIntoView({ block: "center" });
  }
  window.addEventListener("hashchange", mark);
  document.addEventListener("DOMContentLoaded", mark);
})();
