// An organisation's neighbourhood (innokg serve's /explore/network), drawn by network-view.js, the drawing of the
// static explorer's network view too.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("network-data").textContent);
  var nodes = data.nodes.map(function (n) {
    return { id: n.id, label: n.label, sector: n.sector, size: n.centre ? 36 : 14 + 30 * Math.sqrt(n.ego_betweenness),
             doc: n.doc, centre: n.centre, degree: n.degree };
  });
  window.innokgDrawNetwork(nodes, data.edges, function (d) { return d.doc && !d.centre ? d.doc + ".html" : null; },
                           function (id) { return "/explore/network?node=" + encodeURIComponent(id); });
})();
