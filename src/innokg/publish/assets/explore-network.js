// The static explorer's network view (innokg publish: explore/network.html?node=IRI): an organisation's
// neighbourhood from window.innokgNetworkData, drawn by network-view.js (shared with innokg serve's view).
(function () {
  "use strict";
  var N = window.innokgNetworkData, LIMIT = 40;
  var node = new URLSearchParams(location.search).get("node") || "";
  var index = {}, adj = N.nodes.map(function () { return []; });
  N.nodes.forEach(function (n, i) { index[n[0]] = i; });
  N.edges.forEach(function (e) { adj[e[0]].push([e[1], e[2]]); adj[e[1]].push([e[0], e[2]]); });
  var c = index[node];
  if (c === undefined) {
    document.getElementById("not-found").hidden = false;
    window.innokgNetwork = { nodes: function () { return []; } };
    return;
  }
  var me = N.nodes[c];
  var partners = adj[c].slice().sort(function (a, b) {
    return (b[1] - a[1]) || (adj[b[0]].length - adj[a[0]].length) || (N.nodes[a[0]][0] < N.nodes[b[0]][0] ? -1 : 1);
  });
  var isPartner = {};
  partners.forEach(function (p) { isPartner[p[0]] = true; });
  var among = 0;
  partners.forEach(function (p) { adj[p[0]].forEach(function (q) { if (isPartner[q[0]]) { among += 1; } }); });
  among = among / 2;
  var shown = [c].concat(partners.slice(0, LIMIT).map(function (p) { return p[0]; }));
  var isShown = {};
  shown.forEach(function (i) { isShown[i] = true; });

  document.title = "Network of " + me[1] + " · " + document.title.split(" · ").slice(1).join(" · ");
  document.getElementById("title").textContent = "Network of " + me[1];
  document.getElementById("network").setAttribute("aria-label", "Network of " + me[1]);
  document.getElementById("shown").textContent = String(shown.length - 1);
  document.getElementById("partners-n").textContent = String(partners.length);
  var rows = [["partners", partners.length], ["ties among the partners", among], ["degree", me[4]],
              ["strength (shared affiliations)", me[5]],
              ["effective size", me[6] === null ? "–" : me[6]], ["constraint", me[7] === null ? "–" : me[7]]];
  var tbody = document.querySelector("#measures tbody");
  rows.forEach(function (r) {
    var tr = document.createElement("tr"), th = document.createElement("th"), td = document.createElement("td");
    th.textContent = r[0]; td.textContent = String(r[1]); td.className = "num";
    tr.appendChild(th); tr.appendChild(td); tbody.appendChild(tr);
  });

  var edges = [];
  shown.forEach(function (i) {
    adj[i].forEach(function (e) {
      if (isShown[e[0]] && i < e[0]) { edges.push({ source: N.nodes[i][0], target: N.nodes[e[0]][0], weight: e[1] }); }
    });
  });
  var nodes = shown.map(function (i) {
    var n = N.nodes[i], centre = i === c;
    return { id: n[0], label: n[1], sector: n[2], size: centre ? 36 : 12 + 4 * Math.sqrt(n[4]), doc: n[3],
             centre: centre, degree: n[4] };
  });
  window.innokgDrawNetwork(nodes, edges, function (d) { return d.doc ? "../doc/" + d.doc + ".html" : null; },
                           function (id) { return "network.html?node=" + encodeURIComponent(id); });
})();
