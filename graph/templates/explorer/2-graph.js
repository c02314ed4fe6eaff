/* The vis-network canvas: items, hover tooltips, labels at a fixed screen size, the focus veil.
   A part of the explorer script: graph/html.py joins the parts in name order inside one function. */
  // ---------- graph ----------
  var container = $("ck-network"), network = null, nodesDS = null, edgesDS = null, fitted = false;
  // Items carry only what filters change (hidden) and their fixed provenance style; the focus is drawn
  // over the picture in drawFocus, because updating thousands of vis items costs seconds on big graphs.
  function nodeStyle(n) { return { id: n.i, hidden: !visibleNode[n.i] }; }
  function edgeStyle(e, i) {
    var sel = parseSelection(), selected = sel && sel.kind === "e" && sel.i === i;
    return { id: i, hidden: !visibleEdge[i], width: selected ? 4 : Math.min(1 + Math.log2(e.cl.length), 6) };
  }
  function hexAlpha(hex, alpha) {
    var v = parseInt(hex.slice(1), 16);
    return "rgba(" + (v >> 16 & 255) + "," + (v >> 8 & 255) + "," + (v & 255) + "," + alpha.toFixed(2) + ")";
  }
  function buildNetwork() {
    if (!N.length) return;
    var big = N.length > 2000;
    nodesDS = new vis.DataSet(N.map(function (n) {
      var s = nodeStyle(n), type = D.types[n.k];
      s.x = n.x; s.y = n.y; s.shape = type.shape; s.size = Math.round(8 + 4 * Math.log2(Math.max(n.n, 1)) + Math.min(n.g, 30) / 3);
      s.color = { background: type.colour, border: "#333", highlight: { background: type.colour, border: "#000" }, hover: { background: type.colour, border: "#000" } };
      s.borderWidthSelected = 4;
      return s;
    }));
    edgesDS = new vis.DataSet(E.map(function (e, i) {
      var s = edgeStyle(e, i), side = D.sides[e.s];
      s.from = e.f; s.to = e.t; s.dashes = !!e.h;
      s.color = { color: hexAlpha(side.colour, 0.25 + 0.75 * e.c), highlight: side.colour, hover: side.colour };
      return s;
    }));
    sentStyles = { nodes: N.map(function (n) { return JSON.stringify(nodeStyle(n)); }), edges: E.map(function (e, i) { return JSON.stringify(edgeStyle(e, i)); }) };
    network = new vis.Network(container, { nodes: nodesDS, edges: edgesDS }, {
      physics: { enabled: false }, layout: { improvedLayout: false },
      interaction: { hover: !big, hoverConnectedEdges: false, keyboard: { enabled: true, bindToWindow: false }, tooltipDelay: 3600000,
        hideEdgesOnDrag: big, hideEdgesOnZoom: big, multiselect: false, navigationButtons: false },
      nodes: { font: { size: 0 }, label: undefined },
      edges: { smooth: false, arrows: { to: { enabled: true, scaleFactor: 0.5 } }, selectionWidth: 1.5 }
    });
    network.on("afterDrawing", function (ctx) { drawFocus(ctx); drawLabels(ctx); });
    network.on("click", function (params) {
      if (params.nodes.length) select("n" + params.nodes[0]);
      else if (params.edges.length) select("e" + params.edges[0]);
      else select("");
    });
    network.on("hoverNode", function (p) { showTooltip(nodeSummary(N[p.node]), p.event || p.pointer); });
    network.on("hoverEdge", function (p) { showTooltip(edgeSummary(p.edge), p.event || p.pointer); });
    network.on("blurNode", hideTooltip); network.on("blurEdge", hideTooltip);
    network.on("dragStart", hideTooltip); network.on("zoom", hideTooltip);
    if (big) container.addEventListener("mousemove", hoverBig);
  }
  var hoverTimer = 0;
  function hoverBig(ev) { // on big graphs vis's own hover is off (it redraws on every move); look up the item ourselves
    clearTimeout(hoverTimer);
    hoverTimer = setTimeout(function () {
      var rect = container.getBoundingClientRect(), pointer = { x: ev.clientX - rect.left, y: ev.clientY - rect.top };
      var node = network.getNodeAt(pointer), edge = node === undefined ? network.getEdgeAt(pointer) : undefined;
      if (node !== undefined) showTooltip(nodeSummary(N[node]), pointer);
      else if (edge !== undefined) showTooltip(edgeSummary(edge), pointer);
      else hideTooltip();
    }, 60);
  }
  function nodeSummary(n) { return n.l + "\n" + D.types[n.k].name + " · " + plural(n.g, "relation"); }
  function edgeSummary(i) {
    var e = E[i];
    return N[e.f].l + " —" + D.predicates[e.p] + "→ " + N[e.t].l + "\n" + plural(e.cl.length, "claim") + " · click for the evidence";
  }
  function showTooltip(text, where) {
    var tip = $("ck-tooltip"), main = $("ck-main").getBoundingClientRect(), x = where.x, y = where.y;
    if (where.clientX !== undefined) { x = where.clientX - main.left; y = where.clientY - main.top; }
    tip.textContent = text; tip.hidden = false;
    var w = tip.offsetWidth, h = tip.offsetHeight;
    tip.style.left = Math.max(4, Math.min(x + 14, main.width - w - 4)) + "px";
    tip.style.top = Math.max(4, Math.min(y + 14, main.height - h - 4)) + "px";
  }
  function hideTooltip() { $("ck-tooltip").hidden = true; }
  // Labels at a fixed screen size: the selection and its neighbours first, then the most connected
  // entities and any node drawn big enough; a label that would overlap one already drawn is left out.
  function drawLabels(ctx) {
    var scale = network.getScale(), count = 0, pinned = new Set(), body = network.body.nodes, boxes = [];
    byDegree.slice(0, PINNED_LABELS).forEach(function (i) { if (visibleNode[i] && N[i].g > 0) pinned.add(i); });
    var sel = parseSelection(), order = [];
    if (sel && sel.kind === "n") order.push(sel.i);
    if (focus) focus.forEach(function (i) { if (focus.size <= MAX_LABELS) { pinned.add(i); order.push(i); } });
    order = order.concat(byDegree);
    var view = network.getViewPosition(), half = { w: container.clientWidth / 2 / scale, h: container.clientHeight / 2 / scale };
    var height = (LABEL_PX + 2) / scale, seen = new Set();
    ctx.font = (LABEL_PX / scale) + "px system-ui, sans-serif"; ctx.textAlign = "center"; ctx.textBaseline = "top";
    ctx.lineWidth = 4 / scale; ctx.strokeStyle = "rgba(255,255,255,0.9)"; ctx.lineJoin = "round";
    for (var k = 0; k < order.length && count < MAX_LABELS; k++) {
      var i = order[k];
      if (seen.has(i) || !visibleNode[i]) continue;
      seen.add(i);
      var node = body[i];
      if (!node) continue;
      var legible = node.options.size * scale >= 9 && (!focus || focus.has(i));
      if (!pinned.has(i) && !legible) continue;
      if (Math.abs(node.x - view.x) > half.w + 50 / scale || Math.abs(node.y - view.y) > half.h + 50 / scale) continue;
      var text = N[i].l.length > 40 ? N[i].l.slice(0, 39) + "…" : N[i].l, y = node.y + node.options.size + 2 / scale;
      var width = ctx.measureText(text).width, box = [node.x - width / 2, y, node.x + width / 2, y + height];
      if (boxes.some(function (b) { return box[0] < b[2] && box[2] > b[0] && box[1] < b[3] && box[3] > b[1]; })) continue;
      boxes.push(box);
      ctx.fillStyle = focus && !focus.has(i) ? "rgba(90,90,90,0.5)" : "#111";
      ctx.strokeText(text, node.x, y); ctx.fillText(text, node.x, y);
      count++;
    }
    container.setAttribute("data-labels", String(count));
    drawRelationNames(ctx, scale, boxes);
  }
  // The relation names of the focused neighbourhood, at the middle of each edge, where they fit.
  function drawRelationNames(ctx, scale, boxes) {
    if (!focus) return;
    var body = network.body.nodes, count = 0, height = 12 / scale;
    ctx.font = "italic " + (11 / scale) + "px system-ui, sans-serif"; ctx.textBaseline = "middle";
    E.forEach(function (e, i) {
      if (count >= MAX_LABELS || !visibleEdge[i] || !focus.has(e.f) || !focus.has(e.t) || e.f === e.t) return;
      var a = body[e.f], b = body[e.t];
      if (!a || !b) return;
      var text = D.predicates[e.p], x = (a.x + b.x) / 2, y = (a.y + b.y) / 2, width = ctx.measureText(text).width;
      var box = [x - width / 2, y - height / 2, x + width / 2, y + height / 2];
      if (boxes.some(function (c) { return box[0] < c[2] && box[2] > c[0] && box[1] < c[3] && box[3] > c[1]; })) return;
      boxes.push(box);
      ctx.fillStyle = D.sides[e.s].colour;
      ctx.strokeText(text, x, y); ctx.fillText(text, x, y);
      count++;
    });
    container.setAttribute("data-relation-labels", String(count));
  }
  var sentStyles = null; // the last style sent to vis for each item, so only changes are sent
  function restyle() {
    if (!network) return;
    ["nodes", "edges"].forEach(function (kind) {
      var items = kind === "nodes" ? N.map(nodeStyle) : E.map(edgeStyle), changed = [];
      items.forEach(function (item, i) { var key = JSON.stringify(item); if (key !== sentStyles[kind][i]) { sentStyles[kind][i] = key; changed.push(item); } });
      if (changed.length) (kind === "nodes" ? nodesDS : edgesDS).update(changed);
    });
  }
  function drawFocus(ctx) {
    if (!focus) return;
    var body = network.body, view = network.getViewPosition(), scale = network.getScale();
    var w = container.clientWidth / scale, h = container.clientHeight / scale;
    ctx.save();
    ctx.fillStyle = "rgba(255,255,255,0.78)";
    ctx.fillRect(view.x - w, view.y - h, 2 * w, 2 * h);
    ctx.restore();
    E.forEach(function (e, i) {
      var edge = body.edges[i];
      if (visibleEdge[i] && focus.has(e.f) && focus.has(e.t) && edge && edge.draw) edge.draw(ctx);
    });
    focus.forEach(function (i) { var node = body.nodes[i]; if (visibleNode[i] && node && node.draw) node.draw(ctx); });
  }
