/* Search with suggestions, filter controls, counts, the entity list.
   A part of the explorer script: graph/html.py joins the parts in name order inside one function. */
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

