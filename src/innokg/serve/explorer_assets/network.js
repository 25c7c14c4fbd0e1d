// An organisation's neighbourhood with cytoscape.js (from npm, served by innokg).
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("network-data").textContent);
  var colours = { industry: "#E69F00", academia: "#0072B2", government: "#009E73", civil_society: "#CC79A7",
                  hub: "#D55E00", unknown: "#999999" };
  var maxW = 1;
  data.edges.forEach(function (e) { maxW = Math.max(maxW, e.weight); });
  var elements = data.nodes.map(function (n) {
    return { data: { id: n.id, label: n.label.length > 32 ? n.label.slice(0, 31) + "…" : n.label, full: n.label,
                     colour: colours[n.sector] || colours.unknown, size: n.centre ? 36 : 14 + 30 * Math.sqrt(n.ego_betweenness),
                     doc: n.doc, centre: n.centre, degree: n.degree, sector: n.sector } };
  }).concat(data.edges.map(function (e, i) {
    return { data: { id: "e" + i, source: e.source, target: e.target, width: 0.5 + 4 * Math.sqrt(e.weight / maxW) } };
  }));
  var cy = cytoscape({
    container: document.getElementById("network"),
    elements: elements,
    style: [
      { selector: "node", style: { "background-color": "data(colour)", width: "data(size)", height: "data(size)",
                                   label: "data(label)", "font-size": 10, "text-valign": "bottom", "text-wrap": "ellipsis", "text-max-width": 160, "text-margin-y": 2,
                                   "text-background-color": "#fff", "text-background-opacity": 0.8,
                                   "text-background-padding": 1, "min-zoomed-font-size": 6 } },
      { selector: "node[?centre]", style: { "border-width": 3, "border-color": "#111", "font-weight": "bold", "font-size": 11 } },
      { selector: "edge", style: { width: "data(width)", "line-color": "#aaa", opacity: 0.6 } }
    ],
    // the organisation in the middle, its partners on rings around it (the strongest brokers inside)
    layout: { name: "concentric", animate: false, minNodeSpacing: 28, avoidOverlap: true,
              concentric: function (n) { return n.data("centre") ? 1000 : Math.round(10 * n.data("size")); },
              levelWidth: function () { return 20; } },
    minZoom: 0.2, maxZoom: 1.5, wheelSensitivity: 0.3
  });
  window.innokgNetwork = cy;
  var out = document.getElementById("selected");
  cy.on("tap", "node", function (evt) {
    var d = evt.target.data();
    out.textContent = d.full + " · " + d.sector + " · degree " + d.degree;
    if (d.doc && !d.centre) { out.innerHTML = ""; var a = document.createElement("a"); a.href = d.doc + ".html";
      a.textContent = d.full; out.appendChild(a); out.appendChild(document.createTextNode(" · " + d.sector + " · degree " + d.degree)); }
  });
  cy.on("dbltap", "node", function (evt) {
    window.location.href = "/explore/network?node=" + encodeURIComponent(evt.target.id());
  });
})();
