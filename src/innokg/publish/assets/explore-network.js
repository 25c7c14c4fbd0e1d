// The static explorer's network view (innokg publish: explore/network.html?node=IRI): an organisation's
// neighbourhood drawn with cytoscape.js (npm registry, copied into the site) from window.innokgNetworkData.
(function () {
  "use strict";
  var N = window.innokgNetworkData, LIMIT = 40;
  var node = new URLSearchParams(location.search).get("node") || "";
  var colours = { industry: "#E69F00", academia: "#0072B2", government: "#009E73", civil_society: "#CC79A7",
                  hub: "#D55E00", unknown: "#999999" };
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

  var maxW = 1, edges = [];
  shown.forEach(function (i) {
    adj[i].forEach(function (e) {
      if (isShown[e[0]] && i < e[0]) { edges.push([i, e[0], e[1]]); maxW = Math.max(maxW, e[1]); }
    });
  });
  var elements = shown.map(function (i) {
    var n = N.nodes[i], centre = i === c;
    return { data: { id: n[0], label: n[1].length > 32 ? n[1].slice(0, 31) + "…" : n[1], full: n[1],
                     colour: colours[n[2]] || colours.unknown, size: centre ? 36 : 12 + 4 * Math.sqrt(n[4]),
                     doc: n[3], centre: centre, degree: n[4], sector: n[2] } };
  }).concat(edges.map(function (e, k) {
    return { data: { id: "e" + k, source: N.nodes[e[0]][0], target: N.nodes[e[1]][0],
                     width: 0.5 + 4 * Math.sqrt(e[2] / maxW) } };
  }));
  var cy = cytoscape({
    container: document.getElementById("network"),
    elements: elements,
    style: [
      { selector: "node", style: { "background-color": "data(colour)", width: "data(size)", height: "data(size)",
                                   label: "data(label)", "font-size": 10, "text-valign": "bottom", "text-wrap": "ellipsis",
                                   "text-max-width": 160, "text-margin-y": 2, "text-background-color": "#fff",
                                   "text-background-opacity": 0.8, "text-background-padding": 1, "min-zoomed-font-size": 6 } },
      { selector: "node[?centre]", style: { "border-width": 3, "border-color": "#111", "font-weight": "bold", "font-size": 11 } },
      { selector: "edge", style: { width: "data(width)", "line-color": "#aaa", opacity: 0.6 } }
    ],
    layout: { name: "concentric", animate: false, minNodeSpacing: 28, avoidOverlap: true,
              concentric: function (n) { return n.data("centre") ? 1000 : Math.round(10 * n.data("size")); },
              levelWidth: function () { return 20; } },
    minZoom: 0.2, maxZoom: 1.5, wheelSensitivity: 0.3
  });
  window.innokgNetwork = cy;
  var out = document.getElementById("selected");
  cy.on("tap", "node", function (evt) {
    var d = evt.target.data();
    out.textContent = "";
    if (d.doc) {
      var a = document.createElement("a");
      a.href = "../doc/" + d.doc + ".html";
      a.textContent = d.full;
      out.appendChild(a);
    } else {
      out.appendChild(document.createTextNode(d.full));
    }
    out.appendChild(document.createTextNode(" · " + d.sector + " · degree " + d.degree));
  });
  cy.on("dbltap", "node", function (evt) {
    window.location.href = "network.html?node=" + encodeURIComponent(evt.target.id());
  });
})();
