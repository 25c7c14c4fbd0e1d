// innokg query page: runs the query with fetch() against this endpoint and shows a table.
(function () {
  "use strict";
  var form = document.getElementById("query-form");
  if (!form) { return; }
  var library = JSON.parse(document.getElementById("library-data").textContent || "[]");
  var byName = {};
  library.forEach(function (q) { byName[q.name] = q; });
  var textarea = document.getElementById("query");
  var select = document.getElementById("library");
  var description = document.getElementById("library-description");
  var results = document.getElementById("results");
  var notice = document.getElementById("notice");
  var error = document.getElementById("error");
  var status = document.getElementById("status");

  select.addEventListener("change", function () {
    var q = byName[select.value];
    if (q) { textarea.value = q.text; description.textContent = q.description || ""; }
  });

  function cell(term) {
    var td = document.createElement("td");
    if (!term) { return td; }
    if (term.type === "uri" && /^https?:\/\//i.test(term.value)) {
      var a = document.createElement("a"); // only web addresses become links (no javascript: IRIs)
      a.href = term.value; a.textContent = term.value; td.appendChild(a);
    } else {
      td.textContent = term.value;
      if (term["xml:lang"]) { td.lang = term["xml:lang"]; }
    }
    return td;
  }

  function table(data) {
    results.textContent = "";
    if (typeof data.boolean === "boolean") { results.textContent = "ASK: " + data.boolean; return 1; }
    var t = document.createElement("table"); t.className = "facts";
    var tr = document.createElement("tr");
    data.head.vars.forEach(function (v) { var th = document.createElement("th"); th.textContent = "?" + v; tr.appendChild(th); });
    t.appendChild(tr);
    data.results.bindings.forEach(function (b) {
      var row = document.createElement("tr");
      data.head.vars.forEach(function (v) { row.appendChild(cell(b[v])); });
      t.appendChild(row);
    });
    results.appendChild(t);
    return data.results.bindings.length;
  }

  form.addEventListener("submit", function (ev) {
    var fmt = document.getElementById("format").value;
    if (fmt) { return; } // a download format: let the browser post the form
    ev.preventDefault();
    notice.hidden = true; error.hidden = true; status.textContent = "running…";
    var body = new URLSearchParams(); body.set("query", textarea.value);
    fetch(form.action, { method: "POST", body: body,
      headers: { "Accept": "application/sparql-results+json, text/turtle;q=0.5" } })
      .then(function (r) {
        return r.text().then(function (text) { return { r: r, text: text }; });
      })
      .then(function (x) {
        if (!x.r.ok) { throw new Error(x.r.status + " " + x.text); }
        var cut = x.r.headers.get("Innokg-Result-Truncated");
        if (cut) { notice.hidden = false; notice.textContent = "The result was cut at " + cut + " rows (the endpoint's cap). Narrow the query or add LIMIT/OFFSET."; }
        var type = x.r.headers.get("Content-Type") || "";
        if (type.indexOf("json") >= 0) {
          status.textContent = table(JSON.parse(x.text)) + " result(s)";
        } else {
          results.textContent = ""; var pre = document.createElement("pre"); pre.textContent = x.text;
          results.appendChild(pre); status.textContent = "done";
        }
      })
      .catch(function (e) { error.hidden = false; error.textContent = e.message; status.textContent = ""; });
  });
})();
