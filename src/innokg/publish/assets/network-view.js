// The drawing both explorers' network views share (innokg publish's explore/network.html and innokg serve's
// /explore/network): an organisation's neighbourhood with cytoscape.js (npm registry), coloured by sector, the
// organisation in the middle and its partners on rings around it (the strongest inside).
(function () {
  "use strict";
  var colours = { industry: "#E69F00", academia: "#0072B2", government: "#009E73", civil_society: "#CC79A7",
                  hub: "#D55E00", unknown: "#999999" };

  // nodes: [{id, label, sector, size, doc, centre, degree}]; edges: [{source, target, weight}];
  // docHref(data): the address of a node's page, or null; nodeHref(id): the network view of a node.
  window.innokgDrawNetwork = function (nodes, edges, docHref, nodeHref) {
    var maxW = 1;
    edges.forEach(function (e) { maxW = Math.max(maxW, e.weight); });
    var elements = nodes.map(function (n) {
      return { data: { id: n.id, label: n.label.length > 32 ? n.label.slice(0, 31) + "…" : n.label, full: n.label,
                       colour: colours[n.sector] || colours.unknown, size: n.size, doc: n.doc, centre: n.centre,
                       degree: n.degree, sector: n.sector } };
    }).concat(edges.map(function (e, k) {
      return { data: { id: "e" + k, source: e.source, target: e.target, width: 0.5 + 4 * Math.sqrt(e.weight / maxW) } };
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
      var d = evt.target.data(), href = docHref(d);
      out.textContent = "";
      if (href) {
        var a = document.createElement("a");
        a.href = href;
        a.textContent = d.full;
        out.appendChild(a);
      } else {
        out.appendChild(document.createTextNode(d.full));
      }
      out.appendChild(document.createTextNode(" · " + d.sector + " · degree " + d.degree));
    });
    cy.on("dbltap", "node", function (evt) { window.location.href = nodeHref(evt.target.id()); });
    return cy;
  };
})();
