// The SPARQL editor: YASGUI (from npm, served by innokg) on the read-only endpoint, the query library as examples.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("explorer-config").textContent);
  // no remote look-ups: the class and property autocompleters ask LOV, which the page may not reach
  Yasgui.Yasqe.defaults.autocompleters = ["prefixes", "variables"];
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: config.endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: config.endpoint }]; } },
    persistenceId: null,
    yasqe: { value: config.library.length ? config.library[0].text : "SELECT * WHERE { ?s ?p ?o } LIMIT 10" }
  });
  window.innokgYasgui = yasgui;
  var select = document.getElementById("examples");
  function load(i) {
    var tab = yasgui.getTab();
    tab.setQuery(config.library[i].text);
  }
  select.addEventListener("change", function () { load(parseInt(select.value, 10)); });
  // innokg's prefix table (innokg.namespaces.PREFIXES): one click declares them all in the query
  document.getElementById("add-prefixes").addEventListener("click", function () {
    yasgui.getTab().getYasqe().addPrefixes(config.prefixes);
  });
})();
