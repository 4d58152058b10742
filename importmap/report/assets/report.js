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
  // ---- drill down: a package box lists what it holds, level by level, from the data
  var modules = data.modules || [];
  var cycleMembers = {};
  (data.cycleMembers || []).forEach(function (name) { cycleMembers[name] = true; });
  var drill = document.getElementById("drill");
  // The drawn box that holds a module: itself, its nearest drawn package, or a name range.
  function holderOf(module) {
    if (nodes[module]) { return module; }
    var parts = module.split(".");
    for (var depth = parts.length - 1; depth > 0; depth -= 1) {
      var prefix = parts.slice(0, depth).join(".");
      var child = parts[depth];
      var ranges = Object.keys(nodes).filter(function (name) { return name.indexOf(prefix + "[") === 0; });
      for (var r = 0; r < ranges.length; r += 1) {
        var span = ranges[r].slice(prefix.length + 1, -1).split("..");
        if (span[0] <= child && child <= span[1]) { return ranges[r]; }
      }
      if (nodes[prefix] && nodes[prefix].classList.contains("package")) { return prefix; }
    }
    return null;
  }
  function childrenOf(prefix) {
    var found = {};
    var start = prefix ? prefix + "." : "";
    modules.forEach(function (name) {
      if (start && name.indexOf(start) !== 0) { return; }
      var rest = name.slice(start.length).split(".");
      var child = start + rest[0];
      var entry = found[child] || (found[child] = { count: 0, cycle: 0, module: false });
      entry.count += 1;
      if (cycleMembers[name]) { entry.cycle += 1; }
      if (rest.length === 1) { entry.module = true; }
    });
    return found;
  }
  function levelList(prefix, filter) {
    var list = element("ul", "drill-level");
    var found = childrenOf(prefix);
    if (prefix && !filter && modules.indexOf(prefix) !== -1) {
      var own = element("li");
      own.appendChild(element("code", cycleMembers[prefix] ? "in-cycle" : "", "__init__"));
      own.dataset.module = prefix;
      list.appendChild(own);
    }
    Object.keys(found).sort().forEach(function (child) {
      if (filter && !filter(child)) { return; }
      var entry = found[child];
      var item = element("li");
      var note = entry.count > 1 ? " (" + entry.count + " modules" + (entry.cycle ? ", " + entry.cycle + " in import-time cycles" : "") + ")" : (entry.cycle ? " (in an import-time cycle)" : "");
      if (entry.count > 1) {
        var details = element("details");
        var summary = element("summary", "", child.split(".").pop() + note);
        details.appendChild(summary);
        details.addEventListener("toggle", function () {
          if (details.open && details.childNodes.length === 1) { details.appendChild(levelList(child)); }
        }, { once: false });
        item.appendChild(details);
      } else {
        item.appendChild(element("code", entry.cycle ? "in-cycle" : "", child));
        item.appendChild(document.createTextNode(note));
      }
      item.dataset.module = child;
      list.appendChild(item);
    });
    return list;
  }
  function openBox(name) {
    if (!drill) { return; }
    drill.textContent = "";
    var close = element("button", "", "close");
    close.type = "button";
    close.addEventListener("click", function () { drill.hidden = true; });
    var range = name.indexOf("[");
    var prefix = range === -1 ? name : name.slice(0, range);
    var filter = null;
    if (range !== -1) {
      var span = name.slice(range + 1, -1).split("..");
      filter = function (child) { var last = child.split(".").pop(); return span[0] <= last && last <= span[1]; };
    }
    drill.appendChild(element("h3", "", name));
    drill.appendChild(close);
    drill.appendChild(levelList(prefix, filter));
    drill.hidden = false;
  }
  function reveal(module) {
    var path = module.split(".");
    if (!drill || drill.hidden) { return; }
    for (var depth = 1; depth <= path.length; depth += 1) {
      var item = drill.querySelector('li[data-module="' + path.slice(0, depth).join(".") + '"]');
      if (!item) { continue; }
      var details = item.querySelector("details");
      if (details && !details.open) { details.open = true; details.dispatchEvent(new Event("toggle")); }
      if (depth === path.length) { item.classList.add("match"); item.scrollIntoView({ block: "nearest" }); }
    }
  }

  function activate(name) {
    select(name);
    if (nodes[name].classList.contains("package")) { openBox(name); }
  }
  Object.keys(nodes).forEach(function (name) {
    nodes[name].addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); activate(name); }
    });
  });
  Object.keys(nodes).forEach(function (name) {
    nodes[name].addEventListener("click", function (event) {
      event.stopPropagation();
      if (drag && drag.moved) { return; }
      activate(name);
    });
  });
  svg.addEventListener("click", function () { if (!drag || !drag.moved) { clearSelection(); } });

  // module search over every module, drawn or collapsed: the box that holds it is shown
  var moduleSearch = document.getElementById("module-search");
  var moduleStatus = document.getElementById("module-search-status");
  function findModule() {
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
    var boxes = {};
    hits.forEach(function (name) { var box = holderOf(name); if (box) { boxes[box] = true; nodes[box].classList.add("match"); } });
    var best = exact || hits[0];
    var holder = best ? holderOf(best) : null;
    if (holder) { centreOn(nodes[holder]); }
    if (!moduleStatus) { return; }
    if (!hits.length) { moduleStatus.textContent = "no module matches"; return; }
    var said = hits.length + " found: " + hits.slice(0, 5).join(", ");
    if (holder && holder !== best) {
      said += "; " + best + " is inside " + holder + " (click it to list what it holds)";
      openBox(holder);
      reveal(best);
    }
    moduleStatus.textContent = said;
  }
  if (moduleSearch) { moduleSearch.addEventListener("input", findModule); }
}
