// importmap HTML report: findings filter, module search, node neighbourhood, pan and zoom.
// Plain DOM, no dependencies, no network: the page must work from a file opened offline.
(function () {
  "use strict";

  function text(el) { return (el && el.textContent ? el.textContent : "").trim(); }

  // ---- findings: filter by code and by path
  var codeSelect = document.getElementById("finding-code");
  var pathSearch = document.getElementById("finding-search");
  var findingCount = document.getElementById("finding-count");
  function filterFindings() {
    var code = codeSelect ? codeSelect.value : "";
    var needle = pathSearch ? pathSearch.value.trim().toLowerCase() : "";
    var rows = document.querySelectorAll("#findings tbody tr");
    var shown = 0;
    rows.forEach(function (row) {
      var ok = (!code || row.dataset.code === code) &&
        (!needle || row.dataset.path.toLowerCase().indexOf(needle) !== -1);
      row.hidden = !ok;
      if (ok) { shown += 1; }
    });
    if (findingCount) { findingCount.textContent = shown + " of " + rows.length + " shown"; }
  }
  if (codeSelect) { codeSelect.addEventListener("change", filterFindings); }
  if (pathSearch) { pathSearch.addEventListener("input", filterFindings); }
  filterFindings();

  // ---- graph
  var holder = document.getElementById("graph");
  var svg = holder ? holder.querySelector("svg") : null;
  if (!svg) { return; }
  svg.removeAttribute("width");
  svg.removeAttribute("height");

  var nodes = {};
  var outgoing = {};
  var incoming = {};
  svg.querySelectorAll("g.node").forEach(function (g) {
    if (g.classList.contains("legend")) { return; }
    var name = text(g.querySelector("title"));
    nodes[name] = g;
    g.dataset.module = name;
  });
  svg.querySelectorAll("g.edge").forEach(function (g) {
    if (g.classList.contains("legend")) { return; }
    var ends = text(g.querySelector("title")).split("->");
    if (ends.length !== 2) { return; }
    g.dataset.source = ends[0];
    g.dataset.target = ends[1];
    (outgoing[ends[0]] = outgoing[ends[0]] || []).push(g);
    (incoming[ends[1]] = incoming[ends[1]] || []).push(g);
  });

  // pan and zoom by rewriting the viewBox
  var base = svg.viewBox.baseVal;
  var view = { x: base.x, y: base.y, w: base.width, h: base.height };
  var home = { x: view.x, y: view.y, w: view.w, h: view.h };
  function apply() { svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].join(" ")); }
  function zoom(factor, cx, cy) {
    var w = view.w * factor;
    var h = view.h * factor;
    if (w < home.w / 40 || w > home.w * 8) { return; }
    view.x = cx - (cx - view.x) * factor;
    view.y = cy - (cy - view.y) * factor;
    view.w = w;
    view.h = h;
    apply();
  }
  function toGraph(clientX, clientY) {
    var box = svg.getBoundingClientRect();
    var scale = Math.max(view.w / box.width, view.h / box.height);
    var offsetX = (box.width * scale - view.w) / 2;
    var offsetY = (box.height * scale - view.h) / 2;
    return { x: view.x - offsetX + (clientX - box.left) * scale,
             y: view.y - offsetY + (clientY - box.top) * scale };
  }
  holder.addEventListener("wheel", function (event) {
    event.preventDefault();
    var at = toGraph(event.clientX, event.clientY);
    zoom(event.deltaY > 0 ? 1.15 : 1 / 1.15, at.x, at.y);
  }, { passive: false });
  var drag = null;
  holder.addEventListener("mousedown", function (event) {
    drag = { x: event.clientX, y: event.clientY, moved: false };
    holder.classList.add("dragging");
  });
  window.addEventListener("mousemove", function (event) {
    if (!drag) { return; }
    var box = svg.getBoundingClientRect();
    var scale = Math.max(view.w / box.width, view.h / box.height);
    var dx = event.clientX - drag.x;
    var dy = event.clientY - drag.y;
    if (Math.abs(dx) + Math.abs(dy) > 3) { drag.moved = true; }
    view.x -= dx * scale;
    view.y -= dy * scale;
    drag.x = event.clientX;
    drag.y = event.clientY;
    apply();
  });
  window.addEventListener("mouseup", function () {
    holder.classList.remove("dragging");
    setTimeout(function () { drag = null; }, 0);
  });
  function button(id, action) {
    var el = document.getElementById(id);
    if (el) { el.addEventListener("click", action); }
  }
  button("zoom-in", function () { zoom(1 / 1.3, view.x + view.w / 2, view.y + view.h / 2); });
  button("zoom-out", function () { zoom(1.3, view.x + view.w / 2, view.y + view.h / 2); });
  button("zoom-reset", function () {
    view = { x: home.x, y: home.y, w: home.w, h: home.h };
    apply();
  });

  function centreOn(g) {
    var rect = g.getBoundingClientRect();
    var at = toGraph(rect.left + rect.width / 2, rect.top + rect.height / 2);
    view.x = at.x - view.w / 2;
    view.y = at.y - view.h / 2;
    apply();
  }

  // click a node: what it imports (blue) and what imports it (green)
  var selection = document.getElementById("selection");
  function clearSelection() {
    svg.classList.remove("focused");
    svg.querySelectorAll(".selected, .imports, .imported-by, .out, .in").forEach(function (el) {
      el.classList.remove("selected", "imports", "imported-by", "out", "in");
    });
    if (selection) { selection.textContent = ""; }
  }
  function select(name) {
    clearSelection();
    var g = nodes[name];
    if (!g) { return; }
    svg.classList.add("focused");
    g.classList.add("selected");
    var imports = [];
    var importedBy = [];
    (outgoing[name] || []).forEach(function (edge) {
      edge.classList.add("out");
      var target = nodes[edge.dataset.target];
      if (target && edge.dataset.target !== name) {
        target.classList.add("imports");
        imports.push(edge.dataset.target);
      }
    });
    (incoming[name] || []).forEach(function (edge) {
      edge.classList.add("in");
      var source = nodes[edge.dataset.source];
      if (source && edge.dataset.source !== name) {
        source.classList.add("imported-by");
        importedBy.push(edge.dataset.source);
      }
    });
    if (selection) {
      selection.textContent = name + " imports " + (imports.join(", ") || "nothing shown") +
        "; imported by " + (importedBy.join(", ") || "nothing shown");
    }
  }
  Object.keys(nodes).forEach(function (name) {
    nodes[name].addEventListener("click", function (event) {
      event.stopPropagation();
      if (drag && drag.moved) { return; }
      select(name);
    });
  });
  svg.addEventListener("click", function () { if (!drag || !drag.moved) { clearSelection(); } });

  // module search: exact name first, then the first name containing the text
  var moduleSearch = document.getElementById("module-search");
  var moduleStatus = document.getElementById("module-search-status");
  function findModule() {
    svg.querySelectorAll(".match").forEach(function (el) { el.classList.remove("match"); });
    var needle = moduleSearch.value.trim().toLowerCase();
    if (!needle) { if (moduleStatus) { moduleStatus.textContent = ""; } return; }
    var names = Object.keys(nodes).sort();
    var hits = names.filter(function (name) { return name.toLowerCase().indexOf(needle) !== -1; });
    var exact = names.filter(function (name) { return name.toLowerCase() === needle; });
    hits.forEach(function (name) { nodes[name].classList.add("match"); });
    var best = exact.length ? exact[0] : hits[0];
    if (best) { centreOn(nodes[best]); }
    if (moduleStatus) {
      moduleStatus.textContent = hits.length ? hits.length + " found: " + hits.slice(0, 5).join(", ") : "no module matches";
    }
  }
  if (moduleSearch) { moduleSearch.addEventListener("input", findModule); }
}());
