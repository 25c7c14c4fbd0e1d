// The static explorer (innokg publish: explore/index.html): search and facets in the browser, with MiniSearch
// (npm registry, copied into the site by `innokg publish`) over window.innokgExplore (explore/data.js).
(function () {
  "use strict";
  var D = window.innokgExplore, FACETS = D.facets, SHOW = 50, TOP = 30;
  var params = new URLSearchParams(location.search);
  var q = (params.get("q") || "").slice(0, 200), lang = params.get("lang") === "de" ? "de" : "en";
  var filters = {};
  FACETS.forEach(function (f) { if (params.get(f)) { filters[f] = params.get(f); } });

  // what the index and the queries compare: lower case, accents dropped, ß as ss (as innokg serve's search)
  function fold(t) {
    return t.replace(/ß/g, "ss").replace(/ẞ/g, "ss").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function words(t) { return fold(t).split(/[^\p{L}\p{N}]+/u).filter(Boolean); }
  function label(doc) { return (lang === "de" ? doc[3] : doc[2]) || doc[2]; }
  function valueLabel(n) { var v = D.values[n]; return (lang === "de" ? v[2] : v[1]) || v[1]; }
  var valueNumber = {};
  D.values.forEach(function (v, i) { valueNumber[v[0]] = i; });

  function link(changes) {
    var p = new URLSearchParams();
    var all = Object.assign({ q: q }, filters, lang === "de" ? { lang: "de" } : {}, changes);
    Object.keys(all).forEach(function (k) { if (all[k]) { p.set(k, all[k]); } });
    return "index.html?" + p.toString();
  }

  function matches() {
    if (!q.trim()) {
      return D.docs.map(function (d, i) { return i; }).sort(function (a, b) {
        var x = fold(label(D.docs[a])), y = fold(label(D.docs[b]));
        return x < y ? -1 : x > y ? 1 : (D.docs[a][0] < D.docs[b][0] ? -1 : 1);
      });
    }
    var ms = new MiniSearch({ idField: "i", fields: ["l"], processTerm: function (t) { return fold(t); },
                              searchOptions: { prefix: true, combineWith: "AND" } });
    ms.addAll(D.docs.map(function (d, i) { return { i: i, l: d[4] }; }));
    var qw = words(q);
    var found = ms.search(q).slice(0, 2000);
    // best first: the labels that hold the most query words whole, then the shortest label, then the score
    function key(r) {
      var best = [0, 0];
      D.docs[r.id][4].split(" | ").forEach(function (l) {
        var ws = words(l), whole = qw.filter(function (w) { return ws.indexOf(w) >= 0; }).length;
        if (whole > best[0] || (whole === best[0] && (best[1] === 0 || l.length < best[1]))) { best = [whole, l.length]; }
      });
      return best;
    }
    var keys = found.map(key);
    return found.map(function (r, i) { return i; }).sort(function (a, b) {
      return (keys[b][0] - keys[a][0]) || (keys[a][1] - keys[b][1]) || (found[b].score - found[a].score) || (a - b);
    }).map(function (i) { return found[i].id; });
  }

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  var hits = matches();
  Object.keys(filters).forEach(function (f) {
    var fi = FACETS.indexOf(f), n = valueNumber[filters[f]];
    hits = hits.filter(function (i) { return D.docs[i][5][fi].indexOf(n) >= 0; });
  });

  document.getElementById("q").value = q;
  var hidden = document.getElementById("hidden-filters");
  Object.keys(filters).forEach(function (f) { hidden.appendChild(el("input", { type: "hidden", name: f, value: filters[f] })); });
  if (lang === "de") { hidden.appendChild(el("input", { type: "hidden", name: "lang", value: "de" })); }
  var langLink = document.getElementById("lang");
  langLink.href = link({ lang: lang === "de" ? "" : "de" });
  langLink.textContent = lang === "de" ? "English labels" : "Deutsche Bezeichnungen";

  FACETS.forEach(function (f, fi) {
    var counts = {};
    hits.forEach(function (i) { D.docs[i][5][fi].forEach(function (n) { counts[n] = (counts[n] || 0) + 1; }); });
    var top = Object.keys(counts).map(Number).sort(function (a, b) { return (counts[b] - counts[a]) || (a - b); });
    var section = document.getElementById("facet-" + f), ul = section.querySelector("ul");
    var chosen = section.querySelector(".chosen");
    if (filters[f]) {
      var n = valueNumber[filters[f]];
      chosen.hidden = false;
      chosen.appendChild(el("b", {}, n === undefined ? filters[f] : valueLabel(n)));
      chosen.appendChild(document.createTextNode(" "));
      var clear = {}; clear[f] = "";
      chosen.appendChild(el("a", { "class": "clear", href: link(clear) }, "× remove"));
    }
    var shown = 0;
    top.forEach(function (n) {
      if (shown >= TOP || D.values[n][0] === filters[f]) { return; }
      shown += 1;
      var li = el("li"), change = {};
      change[f] = D.values[n][0];
      li.appendChild(el("a", { "class": "facet-value", "data-facet": f, href: link(change) }, valueLabel(n)));
      li.appendChild(document.createTextNode(" "));
      li.appendChild(el("span", { "class": "count" }, String(counts[n])));
      ul.appendChild(li);
    });
    if (!shown && !filters[f]) { ul.appendChild(el("li", { "class": "none" }, "—")); }
  });

  var ol = document.getElementById("hits");
  hits.slice(0, SHOW).forEach(function (i) {
    var d = D.docs[i], li = el("li", { "class": "hit" });
    li.appendChild(el("a", { href: "../doc/" + d[1] + ".html" }, label(d)));
    li.appendChild(document.createTextNode(" "));
    var kinds = d[5][FACETS.indexOf("kind")].map(valueLabel).sort();
    li.appendChild(el("span", { "class": "tag" }, kinds.join(", ")));
    if (d[6]) {
      li.appendChild(document.createTextNode(" "));
      li.appendChild(el("a", { "class": "network", href: "network.html?node=" + encodeURIComponent(d[0]) }, "network"));
    }
    ol.appendChild(li);
  });
  document.getElementById("total").textContent = hits.length + (hits.length === 1 ? " entity" : " entities") +
    (hits.length > SHOW ? " (first " + SHOW + " shown)" : "");
  window.innokgExploreReady = true;
})();
