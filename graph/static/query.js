// The offline query page: sends the query to /sparql and shows the answer as a table.
(function () {
  const examples = JSON.parse(document.getElementById("examples").textContent);
  const settings = JSON.parse(document.getElementById("settings").textContent);
  const query = document.getElementById("query");
  const status = document.getElementById("status");
  const results = document.getElementById("results");

  document.getElementById("example").addEventListener("change", (event) => {
    query.value = examples[Number(event.target.value)].text;
  });

  function cell(term) {
    const td = document.createElement("td");
    if (!term) return td;
    if (term.type === "uri") {
      const a = document.createElement("a");
      a.href = term.value.startsWith(settings.base) ? "/id/" + term.value.slice(settings.base.length) : term.value;
      a.textContent = term.value;
      td.appendChild(a);
    } else {
      td.textContent = term.value;
    }
    return td;
  }

  function show(data) {
    results.replaceChildren();
    const table = document.createElement("table");
    if ("boolean" in data) {
      status.textContent = "ASK: " + data.boolean;
      return;
    }
    const head = document.createElement("tr");
    for (const name of data.head.vars) {
      const th = document.createElement("th");
      th.textContent = name;
      head.appendChild(th);
    }
    table.appendChild(head);
    for (const binding of data.results.bindings) {
      const row = document.createElement("tr");
      for (const name of data.head.vars) row.appendChild(cell(binding[name]));
      table.appendChild(row);
    }
    results.appendChild(table);
    results.dataset.rows = String(data.results.bindings.length);
    status.textContent = data.results.bindings.length + " row(s)";
  }

  async function run() {
    status.className = "";
    status.textContent = "running…";
    const response = await fetch("/sparql", {
      method: "POST",
      headers: { "Content-Type": "application/sparql-query",
                 "Accept": "application/sparql-results+json, text/turtle;q=0.5" },
      body: query.value,
    });
    const text = await response.text();
    if (!response.ok) {
      status.className = "error";
      status.textContent = response.status + ": " + text;
      results.replaceChildren();
      return;
    }
    if ((response.headers.get("Content-Type") || "").includes("json")) {
      show(JSON.parse(text));
    } else {
      const pre = document.createElement("pre");
      pre.textContent = text;
      results.replaceChildren(pre);
      status.textContent = "graph";
    }
    if (response.headers.get("X-Row-Limit")) status.textContent += " (cut at the row limit)";
  }

  document.getElementById("run").addEventListener("click", run);

  // A link may carry its query (?query=...) and ask for it to run at once (?run).
  const params = new URLSearchParams(window.location.search);
  if (params.has("query")) query.value = params.get("query");
  if (params.has("run")) run();
})();
