// importmap HTML report: findings filter, module search, node neighbourhood, pan and zoom.
// Plain DOM, no dependencies, no network: the page must work from a file opened offline.
(function () {
  "use strict";

  // The data is JSON, or for a large report gzip in base64, unpacked by the browser itself.
  function ready() {
    document.documentElement.dataset.ready = String(Math.round(performance.now()));
  }
  var dataElement = document.getElementById("report-data");
  if (!dataElement) { start({}); ready(); return; }
  if (dataElement.dataset.encoding !== "gzip-base64") {
    start(JSON.parse(dataElement.textContent)); ready(); return;
  }
  var packed = atob(dataElement.textContent.trim());
  var bytes = new Uint8Array(packed.length);
  for (var i = 0; i < packed.length; i += 1) { bytes[i] = packed.charCodeAt(i); }
  var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  new Response(stream).text().then(function (unpacked) { start(JSON.parse(unpacked)); ready(); });
}());

function start(data) {
  "use strict";

  function text(el) { return (el && el.textContent ? el.textContent : "").trim(); }
  var SEVERITIES = ["error", "warning", "info"];
  var PAGE = 100;

  function element(tag, className, content) {
    var el = document.createElement(tag);
    if (className) { el.className = className; }
    if (content !== undefined) { el.textContent = content; }
    return el;
  }

  // file:line: a link relative to the report, and the editor's URL when one is configured
  function whereCell(path, line, column) {
    var td = document.createElement("td");
    var a = element("a");
    a.href = (data.linkPrefix || "") + path;
    a.appendChild(element("code", "", path + ":" + line + (column ? ":" + column : "")));
    td.appendChild(a);
    if (data.editor) {
      var open = element("a", "editor", "open");
      open.href = data.editor.replace("{path}", path).replace("{line}", String(line));
      td.appendChild(document.createTextNode(" "));
      td.appendChild(open);
    }
    return td;
  }

  // ---- findings: filtered, grouped and paged from the data; only one page is in the DOM
  var codeSelect = document.getElementById("finding-code");
  var pathSearch = document.getElementById("finding-search");
  var groupSelect = document.getElementById("finding-group");
  var findingCount = document.getElementById("finding-count");
  var tbody = document.querySelector("#findings tbody");
  var pageStatus = document.getElementById("page-status");
  var allFindings = data.findings || [];
  var paths = data.paths || [];
  var matching = [];
  var page = 0;
  function filterFindings() {
    var code = codeSelect ? codeSelect.value : "";
    var needle = pathSearch ? pathSearch.value.trim().toLowerCase() : "";
    var group = groupSelect ? groupSelect.value : "";
    var pathHit = paths.map(function (path) { return !needle || path.toLowerCase().indexOf(needle) !== -1; });
    matching = [];
    for (var i = 0; i < allFindings.length; i += 1) {
      var f = allFindings[i];
      if ((!code || f[0] === code) && pathHit[f[2]]) { matching.push(i); }
    }
    if (group === "code") {
      matching.sort(function (a, b) { var x = allFindings[a][0], y = allFindings[b][0]; return x < y ? -1 : x > y ? 1 : a - b; });
    } else if (group === "file") {
      matching.sort(function (a, b) { var x = paths[allFindings[a][2]], y = paths[allFindings[b][2]]; return x < y ? -1 : x > y ? 1 : a - b; });
    }
    page = 0;
    drawPage();
  }
  function drawPage() {
    if (!tbody) { return; }
    var group = groupSelect ? groupSelect.value : "";
    var pages = Math.max(1, Math.ceil(matching.length / PAGE));
    page = Math.min(Math.max(page, 0), pages - 1);
    var rows = document.createDocumentFragment();
    var last = null;
    matching.slice(page * PAGE, page * PAGE + PAGE).forEach(function (index) {
      var f = allFindings[index];
      var path = paths[f[2]];
      var key = group === "code" ? f[0] : group === "file" ? path : null;
      if (key !== null && key !== last) {
        var header = element("tr", "group");
        var th = element("th", "", key);
        th.colSpan = 4;
        th.scope = "rowgroup";
        header.appendChild(th);
        rows.appendChild(header);
        last = key;
      }
      var tr = document.createElement("tr");
      tr.dataset.code = f[0];
      tr.dataset.path = path;
      var codeCell = document.createElement("td");
      codeCell.appendChild(element("code", "", f[0]));
      tr.appendChild(codeCell);
      var severity = SEVERITIES[f[1]];
      tr.appendChild(element("td", "sev-" + severity, severity));
      tr.appendChild(whereCell(path, f[3], f[4]));
      var message = element("td", "", f[5]);
      if (f[6]) {
        message.appendChild(document.createElement("br"));
        message.appendChild(element("span", "muted", "fix: " + f[6]));
      }
      tr.appendChild(message);
      rows.appendChild(tr);
    });
    tbody.textContent = "";
    tbody.appendChild(rows);
    if (findingCount) { findingCount.textContent = matching.length + " of " + allFindings.length + " shown"; }
    if (pageStatus) { pageStatus.textContent = " page " + (page + 1) + " of " + pages + " "; }
  }
  if (codeSelect) { codeSelect.addEventListener("change", filterFindings); }
  if (pathSearch) { pathSearch.addEventListener("input", filterFindings); }
  if (groupSelect) { groupSelect.addEventListener("change", filterFindings); }
  var prev = document.getElementById("page-prev");
  var next = document.getElementById("page-next");
  if (prev) { prev.addEventListener("click", function () { page -= 1; drawPage(); }); }
  if (next) { next.addEventListener("click", function () { page += 1; drawPage(); }); }
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
    g.setAttribute("tabindex", "0");
    g.setAttribute("role", "button");
    g.setAttribute("aria-label", name);
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
  // `drag` lives from mousedown to mouseup; `dragged` says whether that press moved the view,
  // for the click that follows its mouseup (which then selects or closes nothing).
  var drag = null;
  var dragged = false;
  holder.addEventListener("mousedown", function (event) {
    drag = { x: event.clientX, y: event.clientY, moved: false };
    dragged = false;
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
    // Ended now, not on a timer: a pointer moving on right after a click must not pan the
    // view (a timer can run after the next input events, which a browser serves first).
    dragged = !!(drag && drag.moved);
    drag = null;
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
  // ---- drill down in place: a collapsed box opens where it is drawn. Every level comes from
  // the data (each module, and each module-level edge once), so any box can open, and a box
  // inside an opened one too.
  var modules = data.modules || [];
  var edgeData = data.edges || [];  // flat triples: importer, imported, kind (see KIND)
  var KIND = ["deferred", "eager", "cycle"];
  var cycleMembers = {};
  (data.cycleMembers || []).forEach(function (name) { cycleMembers[name] = true; });
  var NS = "http://www.w3.org/2000/svg";
  var layer = svg.querySelector("g.graph") || svg;
  var CHAR = 6.4;      // the width of one character at the boxes' font size, in graph units
  var MAX_EDGES = 400; // an opened box draws at most this many edges (cycle edges first)
  var boxes = [];      // every first-party box drawn, in the overview or in an opened box

  function boxOf(name, g, kind) {
    var range = name.indexOf("[");
    var box = { name: name, g: g, kind: kind, prefix: name, open: null };
    if (kind === "package" && range !== -1) {
      var span = name.slice(range + 1, -1).split("..");
      box.kind = "range";
      box.prefix = name.slice(0, range);
      box.init = span[0] === "__init__";
      box.lo = box.init ? "" : span[0];
      box.hi = span[1];
    }
    return box;
  }
  Object.keys(nodes).forEach(function (name) {
    var g = nodes[name];
    if (g.classList.contains("package")) { boxes.push(boxOf(name, g, "package")); }
    else if (g.classList.contains("module")) { boxes.push(boxOf(name, g, "module")); }
  });
  // The child of `prefix` that holds `module` ("" for the package itself).
  function childPart(prefix, module) {
    if (!prefix) { return module.split(".")[0]; }
    if (module === prefix) { return ""; }
    if (module.indexOf(prefix + ".") !== 0) { return null; }
    return module.slice(prefix.length + 1).split(".")[0];
  }
  function holds(box, module) {
    if (box.kind === "module") { return box.name === module; }
    var child = childPart(box.prefix, module);
    if (child === null) { return false; }
    if (box.kind === "package") { return true; }
    if (child === "") { return box.init; }
    return box.lo <= child && child <= box.hi;
  }
  // The drawn, unopened box that holds a module (boxes partition the modules).
  function holderOf(module) {
    for (var i = boxes.length - 1; i >= 0; i -= 1) {
      if (!boxes[i].open && holds(boxes[i], module)) { return boxes[i]; }
    }
    return null;
  }
  // What opening a box shows: its package's own module, then one unit per child.
  function unitsOf(box) {
    var units = {};
    var order = [];
    modules.forEach(function (module) {
      if (!holds(box, module)) { return; }
      var child = childPart(box.prefix, module);
      var name = child === "" ? box.prefix : (box.prefix ? box.prefix + "." : "") + child;
      var unit = units[name];
      if (!unit) {
        unit = units[name] = { name: name, label: child === "" ? "__init__" : child, members: [], cycle: 0, deep: false };
        order.push(unit);
      }
      unit.members.push(module);
      if (cycleMembers[module]) { unit.cycle += 1; }
      if (module !== name) { unit.deep = true; }
    });
    order.sort(function (a, b) {
      if (a.label === "__init__") { return -1; }
      if (b.label === "__init__") { return 1; }
      return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
    });
    return order;
  }
  function svgElement(tag, attributes, parent) {
    var el = document.createElementNS(NS, tag);
    Object.keys(attributes).forEach(function (key) { el.setAttribute(key, attributes[key]); });
    if (parent) { parent.appendChild(el); }
    return el;
  }
  function rectangle(x, y, w, h) {
    return [x, y, x + w, y, x + w, y + h, x, y + h, x, y].join(" ");
  }
  function expand(box) {
    if (box.open || box.kind === "module") { return box.open; }
    var units = unitsOf(box);
    var widest = 0;
    units.forEach(function (unit) {
      unit.caption = unit.deep ? "(" + unit.members.length + " modules)" : "";
      widest = Math.max(widest, unit.label.length, unit.caption.length);
    });
    var cellW = Math.max(80, widest * CHAR + 20);
    var cellH = 40;
    var gap = 18;
    var columns = Math.max(1, Math.ceil(Math.sqrt(units.length * 2.5)));
    var rows = Math.ceil(units.length / columns);
    var title = box.name + " (" + units.reduce(function (n, u) { return n + u.members.length; }, 0) + " modules): click here to close";
    var header = 28;
    var width = Math.max(columns * (cellW + gap) + gap, title.length * CHAR + 40);
    var height = header + rows * (cellH + gap) + gap;
    var at = box.g.getBBox();
    var left = at.x + at.width / 2 - width / 2;
    var top = at.y + at.height / 2 - height / 2;
    var panel = svgElement("g", { "class": "drill-panel", "data-box": box.name }, layer);
    svgElement("rect", { x: left, y: top, width: width, height: height, rx: 6, "class": "drill-back" }, panel);
    var close = svgElement("g", { "class": "drill-close", tabindex: "0", role: "button", "aria-label": "close " + box.name }, panel);
    svgElement("rect", { x: left, y: top, width: width, height: header, rx: 6 }, close);
    svgElement("text", { x: left + 10, y: top + 19 }, close).textContent = title;
    var edgeLayer = svgElement("g", { "class": "drill-edges" }, panel);
    var where = {};
    var owner = {};
    var opened = { box: box, panel: panel, children: [], replaced: nodes[box.name], edges: [] };
    units.forEach(function (unit, i) {
      var x = left + gap + (i % columns) * (cellW + gap);
      var y = top + header + gap + Math.floor(i / columns) * (cellH + gap);
      var kind = unit.deep ? "package" : "module";
      var g = svgElement("g", { "class": "node imnode drill " + kind, tabindex: "0", role: "button", "aria-label": unit.name }, panel);
      g.dataset.module = unit.name;
      svgElement("title", {}, g).textContent = unit.name;
      svgElement("polygon", { points: rectangle(x, y, cellW, cellH), fill: unit.deep ? "#b7d3ee" : "#dbe9f6", stroke: unit.cycle ? "#d62728" : "#4d4d4d", "stroke-width": unit.cycle ? 2 : 1 }, g);
      var label = svgElement("text", { x: x + cellW / 2, y: y + (unit.caption ? 17 : 24), "text-anchor": "middle" }, g);
      label.textContent = unit.label;
      if (unit.caption) {
        svgElement("text", { x: x + cellW / 2, y: y + 32, "text-anchor": "middle" }, g).textContent = unit.caption;
      }
      where[unit.name] = { x: x, y: y, w: cellW, h: cellH };
      unit.members.forEach(function (module) { owner[module] = unit.name; });
      var child = boxOf(unit.name, g, kind);
      child.parentBox = box;
      boxes.push(child);
      opened.children.push(child);
      nodes[unit.name] = g;
      wire(unit.name, g);
    });
    // The edges between the units, from the module-level edges inside the box.
    var between = {};
    for (var e = 0; e + 2 < edgeData.length; e += 3) {
      var from = owner[modules[edgeData[e]]];
      var to = owner[modules[edgeData[e + 1]]];
      if (!from || !to || from === to) { continue; }
      var key = from + "->" + to;
      between[key] = Math.max(between[key] === undefined ? -1 : between[key], edgeData[e + 2]);
    }
    var keys = Object.keys(between).sort(function (a, b) { return between[b] - between[a] || (a < b ? -1 : 1); });
    keys.slice(0, MAX_EDGES).forEach(function (key) {
      var ends = key.split("->");
      var a = where[ends[0]];
      var b = where[ends[1]];
      var g = svgElement("g", { "class": "edge imedge drill " + KIND[between[key]] }, edgeLayer);
      g.dataset.source = ends[0];
      g.dataset.target = ends[1];
      svgElement("title", {}, g).textContent = key;
      svgElement("path", { d: "M" + (a.x + a.w / 2) + "," + (a.y + a.h / 2) + "L" + (b.x + b.w / 2) + "," + (b.y + b.h / 2), "marker-end": "url(#drill-arrow)" }, g);
      (outgoing[ends[0]] = outgoing[ends[0]] || []).push(g);
      (incoming[ends[1]] = incoming[ends[1]] || []).push(g);
      opened.edges.push(g);
    });
    if (keys.length > MAX_EDGES) {
      svgElement("text", { x: left + 10, y: top + height - 5, "class": "drill-note" }, panel).textContent =
        (keys.length - MAX_EDGES) + " more edges not drawn";
    }
    box.open = opened;
    box.g.classList.add("expanded");
    return opened;
  }
  function collapse(box) {
    var opened = box.open;
    if (!opened) { return; }
    opened.children.forEach(function (child) {
      collapse(child);
      boxes.splice(boxes.indexOf(child), 1);
      delete nodes[child.name];
    });
    opened.edges.forEach(function (g) {
      [outgoing[g.dataset.source], incoming[g.dataset.target]].forEach(function (list) {
        if (list && list.indexOf(g) !== -1) { list.splice(list.indexOf(g), 1); }
      });
    });
    if (opened.replaced) { nodes[box.name] = opened.replaced; }
    opened.panel.remove();
    box.g.classList.remove("expanded");
    box.open = null;
  }
  // An arrow head for the opened boxes' edges.
  var defs = svgElement("defs", {}, null);
  svg.insertBefore(defs, svg.firstChild);
  var marker = svgElement("marker", { id: "drill-arrow", viewBox: "0 0 10 10", refX: "10", refY: "5", markerWidth: "6", markerHeight: "6", orient: "auto-start-reverse" }, defs);
  svgElement("path", { d: "M0,0L10,5L0,10z", fill: "#4d4d4d" }, marker);

  // Show the whole of an element if it does not fit the view, else centre on it.
  function show(el) {
    var rect = el.getBoundingClientRect();
    var a = toGraph(rect.left, rect.top);
    var b = toGraph(rect.right, rect.bottom);
    var w = b.x - a.x;
    var h = b.y - a.y;
    // The element fills about two thirds of the view: readable, with its surroundings.
    var scale = Math.max(w / view.w, h / view.h, 0.01) * 1.5;
    scale = Math.max(scale, home.w / 40 / view.w);
    view.w *= scale;
    view.h *= scale;
    view.x = (a.x + b.x) / 2 - view.w / 2;
    view.y = (a.y + b.y) / 2 - view.h / 2;
    apply();
  }
  function boxNamed(name) {
    for (var i = boxes.length - 1; i >= 0; i -= 1) {
      if (boxes[i].name === name && boxes[i].g === nodes[name]) { return boxes[i]; }
    }
    return null;
  }
  function activate(name) {
    var box = boxNamed(name);
    if (box && box.kind !== "module") {
      var opened = expand(box);
      if (opened) { show(opened.panel); }
      return;
    }
    select(name);
  }
  function wire(name, g) {
    g.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); event.stopPropagation(); activate(name); }
    });
    g.addEventListener("click", function (event) {
      event.stopPropagation();
      if (dragged) { return; }
      activate(name);
    });
  }
  Object.keys(nodes).forEach(function (name) { wire(name, nodes[name]); });
  // Closing: a click on an opened box's title bar (or Enter on it) folds it back.
  function closeFrom(event) {
    var bar = event.target.closest ? event.target.closest(".drill-close") : null;
    if (!bar) { return false; }
    var name = bar.parentNode.dataset.box;
    for (var i = 0; i < boxes.length; i += 1) {
      if (boxes[i].name === name && boxes[i].open && boxes[i].open.panel === bar.parentNode) {
        collapse(boxes[i]);
        break;
      }
    }
    return true;
  }
  layer.addEventListener("click", function (event) {
    if (dragged) { return; }
    if (closeFrom(event)) { event.stopPropagation(); }
  });
  layer.addEventListener("keydown", function (event) {
    if ((event.key === "Enter" || event.key === " ") && closeFrom(event)) { event.preventDefault(); }
  });
  svg.addEventListener("click", function () { if (!dragged) { clearSelection(); } });

  // Open boxes until a module is drawn as itself; the boxes opened for it are returned.
  function reveal(module) {
    var opened = [];
    for (var guard = 0; guard < 64; guard += 1) {
      var box = holderOf(module);
      if (!box || box.kind === "module") { return { box: box, opened: opened }; }
      expand(box);
      opened.push(box);
    }
    return { box: null, opened: opened };
  }

  // module search over every module, drawn or collapsed: an exact (or only) match is opened up
  // to its own box and highlighted; otherwise the boxes holding matches are highlighted
  var moduleSearch = document.getElementById("module-search");
  var moduleStatus = document.getElementById("module-search-status");
  var searchOpened = [];
  function findModule() {
    for (var s = searchOpened.length - 1; s >= 0; s -= 1) { collapse(searchOpened[s]); }
    searchOpened = [];
    svg.querySelectorAll(".match").forEach(function (el) { el.classList.remove("match"); });
    var needle = moduleSearch.value.trim().toLowerCase();
    if (!needle) { if (moduleStatus) { moduleStatus.textContent = ""; } return; }
    var names = modules.length ? modules : Object.keys(nodes).sort();
    var hits = [];
    var exact = null;
    for (var i = 0; i < names.length; i += 1) {
      var lower = names[i].toLowerCase();
      if (lower === needle) { exact = names[i]; }
      if (lower.indexOf(needle) !== -1) { hits.push(names[i]); }
    }
    var best = exact || (hits.length === 1 ? hits[0] : null);
    var said = hits.length + " found: " + hits.slice(0, 5).join(", ");
    if (best && modules.length) {
      var before = holderOf(best);
      var found = reveal(best);
      searchOpened = found.opened;
      if (found.box) {
        found.box.g.classList.add("match");
        if (found.opened.length) { show(found.opened[found.opened.length - 1].open.panel); }
        else { centreOn(found.box.g); }
        if (before && before.name !== best) { said += "; " + best + " is inside " + before.name + ", opened in place"; }
      }
    } else {
      var first = null;
      hits.forEach(function (name) {
        var box = modules.length ? holderOf(name) : boxNamed(name);
        if (box) { box.g.classList.add("match"); first = first || box; }
      });
      if (first) { centreOn(first.g); }
    }
    if (!moduleStatus) { return; }
    moduleStatus.textContent = hits.length ? said : "no module matches";
  }
  if (moduleSearch) {
    moduleSearch.addEventListener("input", findModule);
  }
}
