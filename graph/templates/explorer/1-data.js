/* Data of #ck-data and #ck-world, small helpers, and which claims, relations and entities the filters let through.
   A part of the explorer script: graph/html.py joins the parts in name order inside one function. */
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

