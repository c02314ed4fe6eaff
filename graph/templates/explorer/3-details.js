/* Selection and the details panel of an entity or a relation.
   A part of the explorer script: graph/html.py joins the parts in name order inside one function. */
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
    var support = el("p", "Supported by " + plural(e.ac, "article") + ", " + plural(e.oc, "outlet") + ", " +
                     plural(e.rc, "reporter") + (e.ct ? " · CONTESTED" : ""), e.ct ? "ck-contested" : undefined);
    support.setAttribute("data-testid", "support");
    body.appendChild(support);
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
    meta.appendChild(el("div", (c.dn ? "DENIED by: " : "Reported by: ") + who + " (" + D.sides[c.s].name + ")"));
    if (c.ed) meta.appendChild(el("div", "Event date: " + c.ed + (c.pr === "article" ? " (the article's date)" : " (" + c.pr + ")")));
    if (c.rl.length) meta.appendChild(el("div", "Relayed by: " + c.rl.map(function (r) { return r >= 0 ? N[r].l : "?"; }).join("; ")));
    meta.appendChild(el("div", "Confidence " + c.c.toFixed(2) + " · " + (c.h ? "hedged" : "not hedged") + (claimDate(c) ? " · " + claimDate(c) : " · undated")));
    if (c.a >= 0) meta.appendChild(articleItem(A[c.a], "div"));
    card.appendChild(meta);
    return card;
  }

