/* Exports (PNG, CSV), the view state in the URL hash, refresh and start.
   A part of the explorer script: graph/html.py joins the parts in name order inside one function. */
  // ---------- exports ----------
  function download(blob, name) {
    var a = document.createElement("a"), url = URL.createObjectURL(blob);
    a.href = url; a.download = name; document.body.appendChild(a); a.click(); a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }
  function csvCell(value) {
    var text = String(value === undefined || value === null ? "" : value);
    if (/^[=+\-@\t\r]/.test(text)) text = "'" + text; // a spreadsheet must not read article text as a formula
    return /[",\n\r]/.test(text) ? "\"" + text.replace(/"/g, "\"\"") + "\"" : text;
  }
  function exportCsv() {
    var rows = [["subject", "predicate", "object", "evidence", "reported_by", "side", "confidence", "hedged", "date", "article", "title", "url"]];
    C.forEach(function (c, i) {
      if (!visibleClaim[i]) return;
      var e = E[c.e], a = c.a >= 0 ? A[c.a] : {};
      rows.push([N[e.f].l, D.predicates[e.p], N[e.t].l, c.ev, c.r.map(function (r) { return r >= 0 ? N[r].l : ""; }).join("; "),
        D.sides[c.s].name, c.c, c.h ? "yes" : "no", claimDate(c), a.id, a.title, a.url]);
    });
    download(new Blob([rows.map(function (r) { return r.map(csvCell).join(","); }).join("\r\n") + "\r\n"], { type: "text/csv" }), "claims.csv");
  }
  function exportPng() {
    var out = document.createElement("canvas"), ctx = out.getContext("2d");
    function finish() { out.toBlob(function (blob) { download(blob, "conflict-kg-" + state.view + ".png"); }); }
    if (state.view === "map" && map.svg) {
      var rect = map.svg.getBoundingClientRect(), copy = map.svg.cloneNode(true);
      copy.setAttribute("width", rect.width); copy.setAttribute("height", rect.height); copy.setAttribute("xmlns", SVGNS);
      var style = svg("style"); style.textContent = ".ck-country{fill:#f7f5f0;stroke:#9a958a;stroke-width:.02}.ck-arrow{fill:none;stroke-width:.05}text{fill:#1b1b1b}";
      copy.insertBefore(style, copy.firstChild);
      out.width = rect.width; out.height = rect.height;
      var image = new Image();
      image.onload = function () { ctx.fillStyle = "#eaf2f8"; ctx.fillRect(0, 0, out.width, out.height); ctx.drawImage(image, 0, 0); finish(); };
      image.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(new XMLSerializer().serializeToString(copy));
      return;
    }
    var canvas = container.querySelector("canvas");
    if (!canvas) return;
    out.width = canvas.width; out.height = canvas.height;
    ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, out.width, out.height); ctx.drawImage(canvas, 0, 0);
    finish();
  }

  // ---------- URL hash ----------
  function writeHash() {
    var p = new URLSearchParams();
    if (state.sel) p.set("sel", state.sel);
    if (state.view !== "graph") p.set("view", state.view);
    if (state.hops !== 1) p.set("hops", String(state.hops));
    var offTypes = D.types.filter(function (t, k) { return !state.types[k]; }).map(function (t) { return t.name; });
    if (offTypes.length) p.set("hideTypes", offTypes.join(","));
    var offPreds = D.predicates.filter(function (x, k) { return !state.preds[k]; });
    if (offPreds.length) p.set("hideRelations", offPreds.join(","));
    ["article", "outlet", "reporter", "side"].forEach(function (k) { if (state[k] !== "") p.set(k, state[k]); });
    if (state.conf) p.set("minConfidence", String(state.conf));
    if (!state.isolated) p.set("isolated", "show");
    if (!state.undated) p.set("undated", "hide");
    if (D.days.length && state.from > 0) p.set("from", D.days[state.from]);
    if (D.days.length && state.to < D.days.length - 1) p.set("to", D.days[state.to]);
    var hash = p.toString();
    if (hash !== location.hash.slice(1)) history.replaceState(null, "", hash ? "#" + hash : location.pathname + location.search);
  }
  function readHash() {
    var p = new URLSearchParams(location.hash.slice(1)), s = defaults();
    s.sel = p.get("sel") || ""; s.view = p.get("view") === "map" ? "map" : "graph"; s.hops = p.get("hops") === "2" ? 2 : 1;
    (p.get("hideTypes") || "").split(",").forEach(function (name) { D.types.forEach(function (t, k) { if (t.name === name) s.types[k] = false; }); });
    (p.get("hideRelations") || "").split(",").forEach(function (name) { var k = D.predicates.indexOf(name); if (k >= 0) s.preds[k] = false; });
    ["article", "outlet", "reporter", "side"].forEach(function (k) { s[k] = p.get(k) || ""; });
    s.conf = Math.min(1, Math.max(0, Number(p.get("minConfidence")) || 0));
    s.isolated = p.get("isolated") !== "show"; s.undated = p.get("undated") !== "hide";
    var from = D.days.indexOf(p.get("from")), to = D.days.indexOf(p.get("to"));
    if (from >= 0) s.from = from;
    if (to >= 0) s.to = to;
    return s;
  }

  function refresh() {
    hideTooltip();
    computeVisibility(); syncControls(); updateCounts(); restyle(); renderPanel(); renderList(); renderTimeline(); renderMap(); writeHash();
    if (network) network.redraw();
  }

  // ---------- start ----------
  var blocked = 0;
  // Anything the policy blocks means text got treated as markup somewhere: make it visible.
  document.addEventListener("securitypolicyviolation", function () { blocked += 1; container.setAttribute("data-csp-violations", String(blocked)); });
  container.setAttribute("data-csp-violations", "0");
  state = readHash();
  computeVisibility();
  buildNetwork();
  var view = state.view; state.view = "graph";
  fitted = view === "graph";
  setView(view);
  function showSelection() {
    var s = parseSelection();
    if (!s || !network) return;
    if (s.kind === "n") { network.selectNodes([s.i]); network.focus(s.i, { scale: Math.max(network.getScale(), 1.2), animation: false }); }
    else { network.selectEdges([s.i]); network.fit({ nodes: [E[s.i].f, E[s.i].t], animation: false }); }
  }
  showSelection();
  window.addEventListener("hashchange", function () { state = readHash(); setView(state.view); showSelection(); });
  // For tests and scripts: where an entity or a relation is on screen (page coordinates).
  window.ckExplorer = Object.freeze({
    nodeIndex: function (label) { var n = N.filter(function (x) { return x.l === label; })[0]; return n ? n.i : -1; },
    edgeIndex: function (from, predicate, to) {
      for (var i = 0; i < E.length; i++) if (N[E[i].f].l === from && D.predicates[E[i].p] === predicate && N[E[i].t].l === to) return i;
      return -1;
    },
    screenPosition: function (i) {
      var p = network.getPositions([i])[i], d = network.canvasToDOM(p), r = container.getBoundingClientRect();
      return { x: d.x + r.left, y: d.y + r.top };
    },
    edgeScreenPosition: function (i) {
      var a = this.screenPosition(E[i].f), b = this.screenPosition(E[i].t);
      return { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
    }
  });
  function ready() { document.body.dataset.ready = "1"; container.setAttribute("data-rendered", N.length + " nodes, " + E.length + " edges"); }
  if (network && state.view === "graph") network.once("afterDrawing", function () { setTimeout(ready, 0); }); else ready();
