/* conflict-kg explorer: search, filters, focus, details, map and timeline over the data of #ck-data.
   Every text from articles is written with textContent or as SVG text nodes, never as markup. */
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("ck-data").textContent);
  var WORLD = JSON.parse(document.getElementById("ck-world").textContent);
  var SVGNS = "http://www.w3.org/2000/svg";
  var PINNED_LABELS = 30, MAX_LABELS = 400, LABEL_PX = 13;
  var $ = function (id) { return document.getElementById(id); };
  var N = D.nodes, E = D.edges, C = D.claims, A = D.articles;
  N.forEach(function (n, i) { n.i = i; n.key = (n.l + " " + (n.al || []).join(" ")).toLowerCase(); });
  var outlets = Array.from(new Set(A.map(function (a) { return a.outlet; }).filter(Boolean))).sort();
  var reporters = Array.from(new Set([].concat.apply([], C.map(function (c) { return c.r; })).filter(function (r) { return r >= 0; })));
  reporters.sort(function (a, b) { return N[a].l.localeCompare(N[b].l); });
  var byDegree = N.map(function (n) { return n.i; }).sort(function (a, b) { return N[b].g - N[a].g || N[a].l.localeCompare(N[b].l); });

  var state = defaults();
  function defaults() {
    return { types: D.types.map(function () { return true; }), preds: D.predicates.map(function () { return true; }),
      article: "", outlet: "", reporter: "", side: "", conf: 0, isolated: true, hops: 1,
      from: 0, to: Math.max(D.days.length - 1, 0), undated: true, sel: "", view: "graph" };
  }
  var visibleClaim = new Uint8Array(C.length), visibleEdge = new Uint8Array(E.length), visibleNode = new Uint8Array(N.length);
  var focus = null; // Set of node indexes in the selection's neighbourhood, or null

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }
  function svg(tag, attrs) {
    var node = document.createElementNS(SVGNS, tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, String(attrs[k])); });
    return node;
  }
  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }
  function safeLink(url) { return /^https?:\/\/[^\s"'<>]+$/i.test(url || "") ? url : ""; }
  function claimDate(c) { return c.d >= 0 ? D.days[c.d] : ""; }

  // ---------- filtering ----------
  function claimPasses(c, ignoreDates) {
    var edge = E[c.e], article = c.a >= 0 ? A[c.a] : null;
    if (!state.preds[edge.p] || !state.types[N[edge.f].k] || !state.types[N[edge.t].k]) return false;
    if (state.article !== "" && String(c.a) !== state.article) return false;
    if (state.outlet !== "" && (!article || article.outlet !== state.outlet)) return false;
    if (state.reporter !== "" && c.r.indexOf(Number(state.reporter)) < 0) return false;
    if (state.side !== "" && String(c.s) !== state.side) return false;
    if (c.c + 1e-9 < state.conf) return false;
    if (!ignoreDates) {
      if (c.d < 0) { if (!state.undated) return false; }
      else if (c.d < state.from || c.d > state.to) return false;
    }
    return true;
  }
  function computeVisibility() {
    visibleEdge.fill(0); visibleNode.fill(0);
    C.forEach(function (c, i) { visibleClaim[i] = claimPasses(c, false) ? 1 : 0; if (visibleClaim[i]) visibleEdge[c.e] = 1; });
    E.forEach(function (e, i) { if (visibleEdge[i]) { visibleNode[e.f] = 1; visibleNode[e.t] = 1; } });
    var sourceFilter = state.article !== "" || state.outlet !== "";
    N.forEach(function (n, i) {
      if (visibleNode[i] || state.isolated || !state.types[n.k]) return;
      if (sourceFilter && !(n.a || []).some(function (a) { return state.article !== "" ? String(a) === state.article : A[a].outlet === state.outlet; })) return;
      visibleNode[i] = 1;
    });
    focus = null;
    var sel = parseSelection();
    if (sel && sel.kind === "n" && visibleNode[sel.i]) {
      focus = new Set([sel.i]);
      var frontier = [sel.i];
      for (var hop = 0; hop < state.hops; hop++) {
        var next = [];
        E.forEach(function (e, i) {
          if (!visibleEdge[i]) return;
          frontier.forEach(function (f) {
            var other = e.f === f ? e.t : (e.t === f ? e.f : -1);
            if (other >= 0 && !focus.has(other)) { focus.add(other); next.push(other); }
          });
        });
        frontier = next;
      }
    } else if (sel && sel.kind === "e" && visibleEdge[sel.i]) {
      focus = new Set([E[sel.i].f, E[sel.i].t]);
    }
    container.setAttribute("data-focus", String(focus ? focus.size : 0));
  }

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
  // ---------- selection and details ----------
  function parseSelection() {
    var m = /^([ne])(\d+)$/.exec(state.sel || "");
    if (!m) return null;
    var i = Number(m[2]);
    return (m[1] === "n" ? i < N.length : i < E.length) ? { kind: m[1], i: i } : null;
  }
  function select(sel, moveView) {
    state.sel = sel || "";
    refresh();
    var s = parseSelection();
    if (network && s) {
      if (s.kind === "n") { network.selectNodes([s.i]); if (moveView) network.focus(s.i, { scale: Math.max(network.getScale(), 1), animation: false }); }
      else network.selectEdges([s.i]);
    } else if (network) network.unselectAll();
  }
  function renderPanel() {
    var s = parseSelection(), panel = $("ck-panel"), body = $("ck-panel-body");
    body.textContent = "";
    panel.hidden = !s;
    if (!s) return;
    if (s.kind === "n") entityPanel(N[s.i], body); else edgePanel(s.i, body);
  }
  function linkTo(url, text) {
    var a = el("a", text || url); a.href = url; a.target = "_blank"; a.rel = "noopener noreferrer"; return a;
  }
  function entityPanel(n, body) {
    body.appendChild(el("h2", n.l));
    var type = D.types[n.k];
    var line = el("p"); line.appendChild(el("span", type.name, "ck-chip")).style.background = type.colour;
    line.appendChild(document.createTextNode(" · " + plural(n.n || 0, "mention") + (n.sd ? " · side: " + n.sd : "")));
    body.appendChild(line);
    if (n.al && n.al.length) { body.appendChild(el("h3", "Also called")); body.appendChild(el("p", n.al.join(" · "))); }
    var links = el("ul");
    (n.sa || []).forEach(function (iri) {
      var li = el("li"), wikidata = /^https?:\/\/(www\.)?wikidata\.org\/entity\/(Q\d+)$/.exec(iri), geonames = /^https?:\/\/sws\.geonames\.org\/(\d+)\/?$/.exec(iri);
      if (wikidata) { li.appendChild(document.createTextNode("Wikidata ")); li.appendChild(linkTo("https://www.wikidata.org/wiki/" + wikidata[2], wikidata[2])); }
      else if (geonames) { li.appendChild(document.createTextNode("GeoNames ")); li.appendChild(linkTo("https://www.geonames.org/" + geonames[1], geonames[1])); }
      else li.textContent = iri;
      links.appendChild(li);
    });
    var iriItem = el("li", "IRI " + n.id); links.appendChild(iriItem);
    body.appendChild(el("h3", "Identifiers")); body.appendChild(links);
    if (n.geo) {
      body.appendChild(el("h3", "Location"));
      body.appendChild(el("p", n.geo[0].toFixed(4) + ", " + n.geo[1].toFixed(4) + (n.geo[3] ? " · " + n.geo[3] : "") + (n.geo[2] ? " · " + n.geo[2] : "")));
    }
    if (n.a && n.a.length) {
      body.appendChild(el("h3", "Mentioned in " + plural(n.a.length, "article")));
      var list = el("ul");
      n.a.forEach(function (a) { list.appendChild(articleItem(A[a], "li")); });
      body.appendChild(list);
    }
    var groups = {};
    E.forEach(function (e, i) {
      if ((e.f !== n.i && e.t !== n.i) || !visibleEdge[i]) return;
      var key = (e.f === n.i ? "" : "← ") + D.predicates[e.p];
      (groups[key] = groups[key] || []).push(i);
    });
    var keys = Object.keys(groups).sort();
    body.appendChild(el("h3", "Claims" + (keys.length ? "" : ": none shown under the current filters")));
    keys.forEach(function (key) {
      var section = el("div"); section.setAttribute("data-predicate", key);
      section.appendChild(el("h4", key));
      var list = el("ul");
      groups[key].forEach(function (i) {
        var e = E[i], other = e.f === n.i ? N[e.t] : N[e.f], count = e.cl.filter(function (c) { return visibleClaim[c]; }).length;
        var li = el("li"), button = el("button", other.l + " (" + plural(count, "claim") + ")");
        button.type = "button"; button.addEventListener("click", function () { select("e" + i); });
        li.appendChild(button); list.appendChild(li);
      });
      section.appendChild(list); body.appendChild(section);
    });
  }
  function articleItem(article, tag) {
    var item = el(tag), url = safeLink(article.url);
    var title = article.title || "(untitled)";
    if (url) item.appendChild(linkTo(url, title)); else item.appendChild(el("span", title));
    var meta = [article.outlet, article.date, article.id].filter(Boolean).join(" · ");
    item.appendChild(el("span", " — " + meta, "ck-sub"));
    return item;
  }
  function edgePanel(i, body) {
    var e = E[i];
    body.appendChild(el("h2", N[e.f].l + " —" + D.predicates[e.p] + "→ " + N[e.t].l));
    var shown = e.cl.filter(function (c) { return visibleClaim[c]; });
    body.appendChild(el("p", plural(shown.length, "claim") + " under the current filters (of " + e.cl.length + ")"));
    shown.forEach(function (ci) { body.appendChild(claimCard(C[ci])); });
  }
  function claimCard(c) {
    var card = el("div", undefined, "ck-claim" + (c.h ? " ck-hedged" : "")), quote = el("blockquote"), at = 0;
    card.setAttribute("data-testid", "claim"); card.style.borderLeftColor = D.sides[c.s].colour;
    c.m.forEach(function (span) {
      if (span[0] > at) quote.appendChild(document.createTextNode(c.ev.slice(at, span[0])));
      quote.appendChild(el("mark", c.ev.slice(span[0], span[1]), "ck-role-" + span[2]));
      at = span[1];
    });
    quote.appendChild(document.createTextNode(c.ev.slice(at)));
    card.appendChild(quote);
    var who = c.r.length ? c.r.map(function (r) { return r >= 0 ? N[r].l : "?"; }).join("; ") : "the article's own voice";
    var meta = el("div", undefined, "ck-meta");
    meta.appendChild(el("div", "Reported by: " + who + " (" + D.sides[c.s].name + ")"));
    if (c.rl.length) meta.appendChild(el("div", "Relayed by: " + c.rl.map(function (r) { return r >= 0 ? N[r].l : "?"; }).join("; ")));
    meta.appendChild(el("div", "Confidence " + c.c.toFixed(2) + " · " + (c.h ? "hedged" : "not hedged") + (claimDate(c) ? " · " + claimDate(c) : " · undated")));
    if (c.a >= 0) meta.appendChild(articleItem(A[c.a], "div"));
    card.appendChild(meta);
    return card;
  }

  // ---------- search ----------
  var search = $("ck-search"), suggestions = $("ck-suggestions"), active = -1, matches = [];
  function suggest() {
    var q = search.value.trim().toLowerCase();
    matches = [];
    if (q) {
      N.forEach(function (n) {
        var pos = n.key.indexOf(q);
        if (pos >= 0) matches.push([n.l.toLowerCase().indexOf(q) === 0 ? 0 : (pos === 0 || n.key[pos - 1] === " " ? 1 : 2), -n.g, n.l, n.i]);
      });
      matches.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || a[2].localeCompare(b[2]); });
      matches = matches.slice(0, 12).map(function (m) { return m[3]; });
    }
    suggestions.textContent = ""; active = matches.length ? 0 : -1;
    matches.forEach(function (i, k) {
      var n = N[i], li = el("li"); li.id = "ck-suggestion-" + k; li.setAttribute("role", "option");
      li.appendChild(el("span", n.l));
      var alias = (n.al || []).filter(function (a) { return a.toLowerCase().indexOf(q) >= 0; })[0];
      li.appendChild(el("span", D.types[n.k].name + (alias && n.l.toLowerCase().indexOf(q) < 0 ? " · also " + alias : "") + (visibleNode[i] ? "" : " · hidden by filters"), "ck-sub"));
      li.addEventListener("mousedown", function (ev) { ev.preventDefault(); choose(k); });
      suggestions.appendChild(li);
    });
    suggestions.hidden = !matches.length; search.setAttribute("aria-expanded", String(!!matches.length));
    highlightSuggestion();
  }
  function highlightSuggestion() {
    Array.prototype.forEach.call(suggestions.children, function (li, k) { li.setAttribute("aria-selected", String(k === active)); });
    if (active >= 0) { search.setAttribute("aria-activedescendant", "ck-suggestion-" + active); suggestions.children[active].scrollIntoView({ block: "nearest" }); }
    else search.removeAttribute("aria-activedescendant");
  }
  function choose(k) {
    var i = matches[k];
    if (i === undefined) return;
    if (!visibleNode[i]) { state.types[N[i].k] = true; state.isolated = N[i].g > 0 ? state.isolated : false; syncControls(); }
    suggestions.hidden = true; search.setAttribute("aria-expanded", "false");
    search.value = N[i].l;
    if (state.view === "map" && !N[i].geo) setView("graph");
    select("n" + i, true);
  }
  search.addEventListener("input", suggest);
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "ArrowDown" && matches.length) { active = (active + 1) % matches.length; highlightSuggestion(); ev.preventDefault(); }
    else if (ev.key === "ArrowUp" && matches.length) { active = (active - 1 + matches.length) % matches.length; highlightSuggestion(); ev.preventDefault(); }
    else if (ev.key === "Enter") { choose(active < 0 ? 0 : active); ev.preventDefault(); }
    else if (ev.key === "Escape") { suggestions.hidden = true; search.setAttribute("aria-expanded", "false"); }
  });
  search.addEventListener("blur", function () { suggestions.hidden = true; });
  document.addEventListener("keydown", function (ev) {
    var typing = /^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement.tagName);
    if (ev.key === "/" && !typing) { search.focus(); ev.preventDefault(); }
    else if (ev.key === "Escape" && !typing && state.sel) select("");
  });

  // ---------- controls ----------
  function checkbox(parent, testid, text, colour, onChange) {
    var label = el("label"), box = el("input");
    box.type = "checkbox"; box.checked = true; box.setAttribute("data-testid", testid);
    box.addEventListener("change", function () { onChange(box.checked); });
    label.appendChild(box);
    if (colour) { var sw = el("span", "■"); sw.style.color = colour; label.appendChild(sw); }
    label.appendChild(el("span", text));
    var count = el("span", "", "ck-count"); label.appendChild(count);
    parent.appendChild(label);
    return { box: box, count: count };
  }
  var typeBoxes = D.types.map(function (t, k) {
    return checkbox($("ck-types"), "type-" + t.name, t.name, t.colour, function (on) { state.types[k] = on; refresh(); });
  });
  var predBoxes = D.predicates.map(function (p, k) {
    return checkbox($("ck-predicates"), "predicate-" + p, p, null, function (on) { state.preds[k] = on; refresh(); });
  });
  function options(select, items) { items.forEach(function (item) { var o = el("option", item[1]); o.value = item[0]; select.appendChild(o); }); }
  options($("ck-article"), A.map(function (a, i) { return [String(i), (a.title || a.id) + (a.date ? " (" + a.date + ")" : "")]; }));
  options($("ck-outlet"), outlets.map(function (o) { return [o, o]; }));
  options($("ck-reporter"), reporters.map(function (r) { return [String(r), N[r].l]; }));
  options($("ck-sidefilter"), D.sides.map(function (s, i) { return [String(i), s.name]; }));
  [["ck-article", "article"], ["ck-outlet", "outlet"], ["ck-reporter", "reporter"], ["ck-sidefilter", "side"]].forEach(function (pair) {
    $(pair[0]).addEventListener("change", function () { state[pair[1]] = $(pair[0]).value; refresh(); });
  });
  $("ck-confidence").addEventListener("input", function () { state.conf = Number($("ck-confidence").value); refresh(); });
  $("ck-isolated").addEventListener("change", function () { state.isolated = $("ck-isolated").checked; refresh(); });
  $("ck-hops").addEventListener("change", function () { state.hops = Number($("ck-hops").value); refresh(); });
  $("ck-undated").addEventListener("change", function () { state.undated = $("ck-undated").checked; refresh(); });
  $("ck-from").addEventListener("input", function () { state.from = Number($("ck-from").value); if (state.from > state.to) { state.to = state.from; } refresh(); });
  $("ck-to").addEventListener("input", function () { state.to = Number($("ck-to").value); if (state.to < state.from) { state.from = state.to; } refresh(); });
  $("ck-reset").addEventListener("click", function () { var view = state.view, sel = state.sel; state = defaults(); state.view = view; state.sel = sel; refresh(); });
  $("ck-panel-close").addEventListener("click", function () { select(""); });
  $("ck-view-graph").addEventListener("click", function () { setView("graph"); });
  $("ck-view-map").addEventListener("click", function () { setView("map"); });
  $("ck-fit").addEventListener("click", function () { if (state.view === "map") fitMap(); else if (network) network.fit({ animation: false }); });
  $("ck-export-csv").addEventListener("click", exportCsv);
  $("ck-export-png").addEventListener("click", exportPng);
  var legend = $("ck-legend"), sideList = el("ul");
  D.sides.forEach(function (s) { var li = el("li"), sw = el("span", "━━"); sw.style.color = s.colour; li.appendChild(sw); li.appendChild(el("span", "reported by " + s.name)); sideList.appendChild(li); });
  legend.appendChild(sideList);
  legend.appendChild(el("p", "Dashed: every claim hedged. Faint: low confidence. Shapes and colours of nodes: entity types above. Hover an edge for its relation."));

  function syncControls() {
    typeBoxes.forEach(function (b, k) { b.box.checked = state.types[k]; });
    predBoxes.forEach(function (b, k) { b.box.checked = state.preds[k]; });
    $("ck-article").value = state.article; $("ck-outlet").value = state.outlet; $("ck-reporter").value = state.reporter;
    $("ck-sidefilter").value = state.side; $("ck-confidence").value = String(state.conf); $("ck-confidence-value").textContent = state.conf.toFixed(2);
    $("ck-isolated").checked = state.isolated; $("ck-hops").value = String(state.hops); $("ck-undated").checked = state.undated;
    $("ck-from").max = $("ck-to").max = String(Math.max(D.days.length - 1, 0));
    $("ck-from").value = String(state.from); $("ck-to").value = String(state.to);
    $("ck-from").disabled = $("ck-to").disabled = D.days.length < 2;
    $("ck-date-label").textContent = D.days.length ? D.days[state.from] + " – " + D.days[state.to] : "no dated articles";
  }
  function updateCounts() {
    var nodes = 0, edges = 0, claims = 0, perType = D.types.map(function () { return 0; }), perPred = D.predicates.map(function () { return 0; });
    visibleNode.forEach(function (v, i) { if (v) { nodes++; perType[N[i].k]++; } });
    visibleEdge.forEach(function (v) { if (v) edges++; });
    visibleClaim.forEach(function (v, i) { if (v) { claims++; perPred[E[C[i].e].p]++; } });
    $("ck-counts").textContent = nodes + " of " + N.length + " entities · " + edges + " of " + E.length + " relations · " +
      claims + " of " + C.length + " claims · " + plural(A.length, "article");
    $("ck-counts").setAttribute("data-visible", [nodes, edges, claims].join(","));
    typeBoxes.forEach(function (b, k) { b.count.textContent = String(perType[k]); });
    predBoxes.forEach(function (b, k) { b.count.textContent = String(perPred[k]); });
  }
  function renderList() {
    var list = $("ck-node-list"), sel = parseSelection(), shown = 0;
    list.textContent = "";
    var fragment = document.createDocumentFragment();
    byDegree.forEach(function (i) {
      if (!visibleNode[i]) return;
      var li = el("li"), button = el("button", N[i].l + " — " + D.types[N[i].k].name + ", " + plural(N[i].g, "relation"));
      button.type = "button"; button.setAttribute("data-node", String(i));
      if (sel && sel.kind === "n" && sel.i === i) button.setAttribute("aria-current", "true");
      li.appendChild(button); fragment.appendChild(li); shown++;
    });
    list.appendChild(fragment);
    $("ck-list-count").textContent = String(shown);
  }
  $("ck-node-list").addEventListener("click", function (ev) {
    var button = ev.target.closest("button[data-node]");
    if (button) select("n" + button.getAttribute("data-node"), true);
  });

  // ---------- timeline ----------
  function renderTimeline() {
    var box = $("ck-histogram"), counts = D.days.map(function () { return 0; });
    C.forEach(function (c) { if (c.d >= 0 && claimPasses(c, true)) counts[c.d]++; });
    box.textContent = "";
    if (!D.days.length) { box.appendChild(el("p", "No article in this graph has a date.")); return; }
    var width = 1000, height = 54, max = Math.max.apply(null, counts.concat([1])), bar = width / D.days.length;
    var chart = svg("svg", { viewBox: "0 0 " + width + " " + height, preserveAspectRatio: "none", role: "img", "aria-label": "Claims per article date" });
    counts.forEach(function (count, d) {
      var h = count ? Math.max(2, (height - 14) * count / max) : 0;
      var rect = svg("rect", { x: d * bar + 1, y: height - 12 - h, width: Math.max(bar - 2, 1), height: h, "data-day": D.days[d], "data-count": count });
      if (d < state.from || d > state.to) rect.setAttribute("class", "ck-out");
      rect.appendChild(svg("title")).textContent = D.days[d] + ": " + plural(count, "claim");
      chart.appendChild(rect);
    });
    [[0, "start"], [D.days.length - 1, "end"]].forEach(function (pair) {
      var t = svg("text", { x: pair[1] === "start" ? 2 : width - 2, y: height - 1, "text-anchor": pair[1], "font-size": 10 });
      t.textContent = D.days[pair[0]]; chart.appendChild(t);
    });
    box.appendChild(chart);
  }

  // ---------- map ----------
  var map = { svg: null, layer: null, view: null, home: null, lat0: 48 };
  function project(lat, lon) { return [lon * Math.cos(map.lat0 * Math.PI / 180), -lat]; }
  function buildMap() {
    var places = N.filter(function (n) { return n.geo; });
    map.lat0 = places.length ? places.reduce(function (s, n) { return s + n.geo[0]; }, 0) / places.length : 48;
    var root = svg("svg", { role: "img", "aria-label": "Map of the places with coordinates" });
    var defs = svg("defs");
    D.sides.forEach(function (s, i) {
      var marker = svg("marker", { id: "ck-arrow-" + i, viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 6, markerHeight: 6, orient: "auto-start-reverse" });
      marker.appendChild(svg("path", { d: "M0,0L10,5L0,10z", fill: s.colour })); defs.appendChild(marker);
    });
    root.appendChild(defs);
    var countries = svg("g");
    WORLD.forEach(function (country) {
      var d = country[1].map(function (ring) {
        return "M" + ring.map(function (p) { var q = project(p[1], p[0]); return q[0].toFixed(2) + "," + q[1].toFixed(2); }).join("L") + "Z";
      }).join("");
      var path = svg("path", { d: d, class: "ck-country" });
      path.appendChild(svg("title")).textContent = country[0];
      countries.appendChild(path);
    });
    root.appendChild(countries);
    map.layer = svg("g"); root.appendChild(map.layer);
    $("ck-map").appendChild(root); map.svg = root;
    // Home view: the places that carry claims, without the farthest tenth (a capital far away
    // would otherwise shrink the front line to a dot); every place if none carries a claim.
    var withClaims = places.filter(function (n) { return n.g > 0; });
    var xs = (withClaims.length ? withClaims : places).map(function (n) { return project(n.geo[0], n.geo[1])[0]; }).sort(function (a, b) { return a - b; });
    var ys = (withClaims.length ? withClaims : places).map(function (n) { return project(n.geo[0], n.geo[1])[1]; }).sort(function (a, b) { return a - b; });
    if (!xs.length) { xs = [-10, 45]; ys = [-70, -35]; }
    var trim = xs.length >= 10 ? Math.floor(xs.length * 0.05) : 0;
    var pad = 1.0, x0 = xs[trim] - pad, y0 = ys[trim] - pad;
    map.home = [x0, y0, Math.max(xs[xs.length - 1 - trim] + pad - x0, 4), Math.max(ys[ys.length - 1 - trim] + pad - y0, 3)];
    fitMap();
    var drag = null;
    root.addEventListener("wheel", function (ev) {
      ev.preventDefault();
      var rect = root.getBoundingClientRect(), f = ev.deltaY > 0 ? 1.2 : 1 / 1.2, v = map.view;
      var px = v[0] + v[2] * (ev.clientX - rect.left) / rect.width, py = v[1] + v[3] * (ev.clientY - rect.top) / rect.height;
      setMapView([px - (px - v[0]) * f, py - (py - v[1]) * f, v[2] * f, v[3] * f]);
    }, { passive: false });
    root.addEventListener("mousedown", function (ev) { drag = [ev.clientX, ev.clientY, map.view.slice()]; });
    window.addEventListener("mouseup", function () { drag = null; });
    root.addEventListener("mousemove", function (ev) {
      if (!drag) return;
      var rect = root.getBoundingClientRect(), v = drag[2];
      setMapView([v[0] - (ev.clientX - drag[0]) * v[2] / rect.width, v[1] - (ev.clientY - drag[1]) * v[3] / rect.height, v[2], v[3]]);
    });
  }
  function setMapView(v) { map.view = v; map.svg.setAttribute("viewBox", v.map(function (x) { return x.toFixed(3); }).join(" ")); }
  function fitMap() { if (map.svg) setMapView(map.home.slice()); }
  function renderMap() {
    if (!map.svg) return;
    var layer = map.layer, sel = parseSelection(), count = {}, arrows = 0, markers = 0, claimMarkers = 0, placeEdges = {};
    layer.textContent = "";
    var unit = map.home[2] / 300;
    E.forEach(function (e, i) {
      if (!visibleEdge[i]) return;
      var a = N[e.f], b = N[e.t], claims = e.cl.filter(function (c) { return visibleClaim[c]; }).length;
      if (a.geo) { count[a.i] = (count[a.i] || 0) + claims; (placeEdges[a.i] = placeEdges[a.i] || []).push(i); }
      if (b.geo) { count[b.i] = (count[b.i] || 0) + claims; (placeEdges[b.i] = placeEdges[b.i] || []).push(i); }
      if (!(a.geo && b.geo) || a.i === b.i) return;
      var p = project(a.geo[0], a.geo[1]), q = project(b.geo[0], b.geo[1]), mx = (p[0] + q[0]) / 2 - (q[1] - p[1]) * 0.15, my = (p[1] + q[1]) / 2 + (q[0] - p[0]) * 0.15;
      var path = svg("path", { d: "M" + p.join(",") + "Q" + mx + "," + my + " " + q.join(","), class: "ck-arrow", stroke: D.sides[e.s].colour,
        "stroke-dasharray": e.h ? "4 3" : "none", "stroke-opacity": focus && !(focus.has(e.f) && focus.has(e.t)) ? 0.1 : 0.3 + 0.7 * e.c, "marker-end": "url(#ck-arrow-" + e.s + ")", "data-edge": i });
      path.appendChild(svg("title")).textContent = a.l + " —" + D.predicates[e.p] + "→ " + b.l + " (" + plural(claims, "claim") + ")";
      path.addEventListener("click", function () { select("e" + i); });
      layer.appendChild(path); arrows++;
    });
    N.forEach(function (n) {
      if (!n.geo || !visibleNode[n.i]) return;
      var q = project(n.geo[0], n.geo[1]), claims = count[n.i] || 0, dim = focus && !focus.has(n.i);
      var circle = svg("circle", { cx: q[0], cy: q[1], r: unit * (2 + 1.5 * Math.sqrt(claims)), fill: dim ? "#bbb" : D.types[n.k].colour,
        class: "ck-place" + (sel && sel.kind === "n" && sel.i === n.i ? " ck-selected" : ""), "data-node": n.i, "data-claims": claims, "fill-opacity": dim ? 0.4 : 0.9 });
      circle.appendChild(svg("title")).textContent = n.l + " · " + plural(claims, "claim") + " shown";
      circle.addEventListener("click", function (ev) { ev.stopPropagation(); select("n" + n.i); });
      layer.appendChild(circle); markers++;
      // Each relation with visible claims at this place: a small marker in a ring around it, in its reporter side's colour.
      var around = (placeEdges[n.i] || []).slice(0, 16);
      around.forEach(function (i, k) {
        var angle = 2 * Math.PI * k / around.length - Math.PI / 2, radius = unit * (5 + 1.5 * Math.sqrt(claims)), e = E[i];
        var mark = svg("circle", { cx: q[0] + radius * Math.cos(angle), cy: q[1] + radius * Math.sin(angle), r: unit * 1.4,
          fill: D.sides[e.s].colour, "fill-opacity": dim ? 0.2 : 0.3 + 0.7 * e.c, class: "ck-claim-marker", "data-edge": i });
        mark.appendChild(svg("title")).textContent = N[e.f].l + " —" + D.predicates[e.p] + "→ " + N[e.t].l;
        mark.addEventListener("click", function (ev) { ev.stopPropagation(); select("e" + i); });
        layer.appendChild(mark); claimMarkers++;
      });
      if (!dim && (claims > 0 || (focus && focus.has(n.i)))) {
        var label = svg("text", { x: q[0] + unit * 3, y: q[1] - unit * 2, "font-size": unit * 4.5, "stroke-width": unit * 0.8 });
        label.textContent = n.l; layer.appendChild(label);
      }
    });
    $("ck-map").setAttribute("data-markers", String(markers)); $("ck-map").setAttribute("data-arrows", String(arrows));
    $("ck-map").setAttribute("data-claim-markers", String(claimMarkers));
  }
  function setView(view) {
    state.view = view === "map" ? "map" : "graph";
    if (state.view === "map" && !map.svg) buildMap();
    $("ck-map").hidden = state.view !== "map"; container.hidden = state.view === "map";
    $("ck-view-graph").setAttribute("aria-pressed", String(state.view === "graph"));
    $("ck-view-map").setAttribute("aria-pressed", String(state.view === "map"));
    if (state.view === "graph" && network) {
      network.setSize("100%", "100%"); // it may have been laid out while hidden
      if (!fitted) { fitted = true; network.fit({ animation: false }); }
    }
    refresh();
  }

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
})();
