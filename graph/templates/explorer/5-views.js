/* Timeline and map.
   A part of the explorer script: graph/html.py joins the parts in name order inside one function. */
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
      var back = Math.hypot(q[0] - mx, q[1] - my) || 1, stop = Math.min(unit * 5, back / 2); // the head stops short of the target's marker
      q = [q[0] - (q[0] - mx) * stop / back, q[1] - (q[1] - my) * stop / back];
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

