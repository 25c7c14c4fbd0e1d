"""``innokg serve`` on loopback, driven by real clients.

One server (fixture data, 2 query workers, a 2 s time limit, a 50-row cap) is
started per module on a free port chosen by the OS and stopped at the end.
Clients: requests, http.client (raw paths), SPARQLWrapper, rdflib's SPARQLStore,
headless Chromium through Selenium.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time

import pytest
import requests
from rdflib import Graph, Literal, URIRef

from support.browser import console_errors, start_chromium
from support.cli import cli_env
from support.loopback import Listener, stop_server
from support.paths import ROOT
from support.served import FIXTURE, HUB, ID, PATHOLOGICAL, RESULT_LIMIT, TIME_LIMIT, start_fixture_server


pytestmark = pytest.mark.slow  # a real `innokg serve` process, real clients, a browser


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    s = start_fixture_server(tmp_path_factory.mktemp("serve"))
    yield s
    stop_server(s)
    # the query workers went with it (they run in the server's session)
    deadline = time.monotonic() + 10
    while subprocess.run(["pgrep", "-s", str(s.proc.pid)], capture_output=True).stdout.strip():
        assert time.monotonic() < deadline, "query workers outlived the server"
        time.sleep(0.2)


# -- dereferencing and content negotiation ---------------------------------------------
ACCEPT_CASES = [
    (None, "html"),
    ("text/html", "html"),
    ("text/turtle", "ttl"),
    ("application/ld+json", "jsonld"),
    ("application/n-triples", "nt"),
    ("application/rdf+xml", "rdf"),
    ("text/turtle;q=0.5, application/rdf+xml;q=0.9", "rdf"),
    ("application/ld+json;q=0.2, text/turtle;q=0.8, */*;q=0.1", "ttl"),
    ("*/*", "html"),
    ("application/*;q=0.5, application/n-triples", "nt"),
    ("text/html;q=0, */*;q=0.1", "ttl"),  # q=0: not acceptable; the rest tie, server order decides
    ("text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8", "html"),  # a browser
    ("application/rdf+xml;q=0.9, text/turtle;q=0.9, application/ld+json", "jsonld"),
]


@pytest.mark.parametrize("accept,ext", ACCEPT_CASES)
def test_id_redirects_by_accept(server, accept, ext):
    headers = {"Accept": accept} if accept else {}
    r = requests.get(server.url + "id/org/sihk-hagen", headers=headers, allow_redirects=False, timeout=10)
    assert r.status_code == 303
    assert r.headers["Location"].endswith(f"/doc/org/sihk-hagen.{ext}")
    assert "Accept" in r.headers["Vary"]


@pytest.mark.parametrize("accept", ["image/png", "text/html;q=0", "application/pdf, text/plain;q=0.5"])
def test_nothing_acceptable_is_406(server, accept):
    r = requests.get(server.url + "id/org/sihk-hagen", headers={"Accept": accept}, allow_redirects=False, timeout=10)
    assert r.status_code == 406
    assert "text/turtle" in r.text
    r = requests.get(server.url + "doc/org/sihk-hagen", headers={"Accept": accept}, timeout=10)
    assert r.status_code == 406


def test_documents_in_every_format(server):
    expected = {"ttl": ("text/turtle", "turtle"), "nt": ("application/n-triples", "nt"),
                "rdf": ("application/rdf+xml", "xml"), "jsonld": ("application/ld+json", "json-ld")}
    graphs = []
    for ext, (media, fmt) in expected.items():
        r = requests.get(server.url + f"doc/org/sihk-hagen.{ext}", timeout=10)
        assert r.status_code == 200 and r.headers["Content-Type"].startswith(media)
        graphs.append(Graph().parse(data=r.text, format=fmt))
    assert [len(g) for g in graphs] == [5] * 4  # 2 types, label, altLabel, description
    # negotiated without extension, and followed from the IRI
    r = requests.get(server.url + "id/org/sihk-hagen", headers={"Accept": "text/turtle"}, timeout=10)
    assert r.status_code == 200 and r.url.endswith(".ttl")
    r = requests.get(server.url + "doc/org/sihk-hagen", headers={"Accept": "application/n-triples"}, timeout=10)
    assert r.headers["Content-Location"] == "/doc/org/sihk-hagen.nt" and r.headers["Vary"] == "Accept"
    g = Graph().parse(data=r.text, format="nt")
    assert (URIRef(ID + "org/sihk-hagen"), URIRef("http://www.w3.org/2004/02/skos/core#altLabel"),
            Literal("SIHK")) in g
    # a concept scheme IRI ending in / and a source graph IRI
    assert requests.get(server.url + "id/role/", allow_redirects=False, timeout=10).headers["Location"] \
        .endswith("/doc/role/index.html")
    r = requests.get(server.url + "graph/funding-notice-2021", headers={"Accept": "text/turtle"}, timeout=10)
    assert r.status_code == 200 and "prov:wasDerivedFrom <https://w3id.org/innokg/id/document/funding-notice-2021>" in r.text
    assert requests.get(server.url + "id/org/no-such-org", timeout=10).status_code == 404
    assert requests.get(server.url + "doc/org/no-such-org.ttl", timeout=10).status_code == 404


def test_dataset_and_ontology_iris(server):
    r = requests.get(server.url, headers={"Accept": "text/turtle"}, timeout=10)
    assert r.headers["Content-Type"].startswith("text/turtle") and "void:Dataset" in r.text
    assert requests.get(server.url, timeout=10).headers["Content-Type"].startswith("text/html")
    r = requests.get(server.url + ".well-known/void", allow_redirects=False, timeout=10)
    assert r.status_code == 303 and r.headers["Location"].endswith("/void.ttl")
    r = requests.get(server.url + "ontology", headers={"Accept": "text/turtle"}, timeout=10)
    assert "owl:Ontology" in r.text
    r = requests.get(server.url + "ontology", headers={"Accept": "text/html"}, timeout=10)
    assert r.headers["Content-Type"].startswith("text/html") and 'id="Chamber"' in r.text


def test_site_files_are_served(server):
    for path in ("", "index.html", "void.ttl", "dumps/innokg.trig", "ontology/", "style.css", "query.js"):
        assert requests.get(server.url + path, timeout=10).status_code == 200, path
    r = requests.get(server.url + "sparql", headers={"Accept": "text/turtle"}, timeout=10)
    assert r.status_code == 200
    sd = Graph().parse(data=r.text, format="turtle")
    assert (URIRef(server.url + "sparql"), URIRef("http://www.w3.org/ns/sparql-service-description#endpoint"),
            URIRef(server.url + "sparql")) in sd
    # the descriptions announce where this server really is
    void = Graph().parse(data=requests.get(server.url + "void.ttl", timeout=10).text, format="turtle")
    assert str(void.value(URIRef("https://w3id.org/innokg/dataset"), URIRef("http://rdfs.org/ns/void#sparqlEndpoint"))) \
        == server.url + "sparql"
    r = requests.get(server.url + "doc/graph/inferred.html", timeout=10)
    href = re.search(r'href="([^"]+)">download this graph', r.text).group(1)
    r = requests.get(server.url + "doc/graph/" + href, timeout=10)
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("application/trig")


# -- the SPARQL endpoint with real clients ------------------------------------------------
LABELS_QUERY = f"SELECT ?label WHERE {{ <{HUB}> <http://www.w3.org/2000/01/rdf-schema#label> ?label }} ORDER BY ?label"


def test_sparqlwrapper_select_in_every_format(server):
    from SPARQLWrapper import CSV, JSON, TSV, XML, SPARQLWrapper

    for method in ("GET", "POST"):
        sw = SPARQLWrapper(server.url + "sparql")
        sw.setMethod(method)
        sw.setQuery(LABELS_QUERY)
        sw.setReturnFormat(JSON)
        rows = sw.query().convert()["results"]["bindings"]
        assert [(b["label"]["value"], b["label"].get("xml:lang")) for b in rows] == [
            ("Digital Hub South Westphalia", "en"), ("Digital-Hub Südwestfalen", "de")]
    sw.setReturnFormat(XML)
    doc = sw.query().convert()
    assert sorted(n.firstChild.data for n in doc.getElementsByTagName("literal")) == [
        "Digital Hub South Westphalia", "Digital-Hub Südwestfalen"]
    sw.setReturnFormat(CSV)
    assert sw.query().convert().decode() == "label\r\nDigital Hub South Westphalia\r\nDigital-Hub Südwestfalen\r\n"
    sw.setReturnFormat(TSV)
    assert sw.query().convert().decode() == '?label\n"Digital Hub South Westphalia"@en\n"Digital-Hub Südwestfalen"@de\n'


def test_sparqlwrapper_construct_ask_and_direct_post(server):
    from SPARQLWrapper import JSON, JSONLD, N3, POSTDIRECTLY, RDFXML, TURTLE, SPARQLWrapper

    construct = f"CONSTRUCT {{ <{HUB}> ?p ?o }} WHERE {{ <{HUB}> ?p ?o }}"
    sizes = set()
    for fmt in (TURTLE, RDFXML, JSONLD, N3):
        sw = SPARQLWrapper(server.url + "sparql")
        sw.setQuery(construct)
        sw.setReturnFormat(fmt)
        g = sw.query().convert()
        if not isinstance(g, Graph):
            g = Graph().parse(data=g, format="turtle")
        sizes.add(len(g))
    assert sizes == {8}  # the hub's 8 statements in the press release (README of the fixture)
    sw = SPARQLWrapper(server.url + "sparql")
    sw.setMethod("POST")
    sw.setRequestMethod(POSTDIRECTLY)
    sw.setQuery(f"ASK {{ <{HUB}> a <https://w3id.org/innokg/ontology#DigitalInnovationHub> }}")
    sw.setReturnFormat(JSON)
    assert sw.query().convert()["boolean"] is True
    sw.setQuery(f"DESCRIBE <{HUB}>")
    sw.setReturnFormat(TURTLE)
    g = Graph().parse(data=sw.query().convert(), format="turtle")  # SPARQLWrapper gives Turtle as bytes
    assert (URIRef(HUB), URIRef("https://w3id.org/innokg/ontology#legalCarrier"), URIRef(ID + "org/sihk-hagen")) in g


def test_innokg_query_against_innokg_serve(server, run_cli):
    """innokg's own client on innokg's own endpoint: the README's `innokg query --endpoint`.

    SPARQLWrapper adds format=xml to every request unless told to rely on the Accept
    header alone, and the server honours format=, so the client used to get XML back.
    """
    r = run_cli("sparql", "-", "--endpoint", server.url + "sparql", "--format", "csv", input=LABELS_QUERY)
    assert r.returncode == 0, r.stderr
    assert r.stdout.replace("\r\n", "\n") == "label\nDigital Hub South Westphalia\nDigital-Hub Südwestfalen\n"


def test_rdflib_sparqlstore(server):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    store = SPARQLStore(query_endpoint=server.url + "sparql", returnFormat="json")
    g = Graph(store=store)
    rows = list(g.query("SELECT ?org WHERE { ?org a <https://w3id.org/innokg/ontology#AcademiaActor> }"))
    assert [str(r.org) for r in rows] == [ID + "org/universitaet-siegen"]
    store_xml = SPARQLStore(query_endpoint=server.url + "sparql", returnFormat="xml")
    rows = list(Graph(store=store_xml).query(LABELS_QUERY))
    assert [(str(r.label), r.label.language) for r in rows] == [
        ("Digital Hub South Westphalia", "en"), ("Digital-Hub Südwestfalen", "de")]
    triples = list(Graph(store=store).triples((URIRef(HUB), URIRef("https://w3id.org/innokg/ontology#hasTopic"), None)))
    assert [str(o) for _, _, o in triples] == [ID + "topic/artificial-intelligence"]


# -- hostile queries and requests ------------------------------------------------------------
def _post(server, **data):
    return requests.post(server.url + "sparql", data=data, timeout=30)


def test_service_is_refused_and_nothing_goes_out(server):
    lis = Listener()
    try:
        for q in (f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{lis.port}/sparql> {{ ?s ?p ?o }} }}",
                  f"SELECT * WHERE {{ ?s ?p ?o OPTIONAL {{ SERVICE SILENT <http://127.0.0.1:{lis.port}/> {{ ?s ?q ?r }} }} }}",
                  "PREFIX x: <http://x/>\nSELECT * WHERE { BIND(<http://127.0.0.1:1/> AS ?e) SERVICE ?e { ?a ?b ?c } }"):
            r = _post(server, query=q)
            assert r.status_code == 403 and "SERVICE is refused" in r.text, q
        time.sleep(0.3)
        assert lis.connections == 0
    finally:
        lis.close()


@pytest.mark.parametrize("how", ["query-param", "update-form", "update-get", "sparql-update"])
@pytest.mark.parametrize("update", [
    "LOAD <file:///etc/passwd>",
    "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "CLEAR ALL",
])
def test_updates_are_refused(server, how, update):
    if how == "query-param":
        r = _post(server, query=update)
    elif how == "update-form":
        r = _post(server, update=update)
    elif how == "update-get":
        r = requests.get(server.url + "sparql", params={"update": update}, timeout=10)
    else:
        r = requests.post(server.url + "sparql", data=update.encode(),
                          headers={"Content-Type": "application/sparql-update"}, timeout=10)
    assert r.status_code == 403 and "read-only" in r.text
    r = _post(server, query=f"ASK {{ <{HUB}> ?p ?o }}", format="json")
    assert r.json()["boolean"] is True  # nothing was deleted


def test_file_graphs_are_refused(server):
    r = _post(server, query="SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }")
    assert r.status_code == 403 and "file:///etc/passwd" in r.text
    r = requests.get(server.url + "sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }",
                                                   "default-graph-uri": "file:///etc/passwd"}, timeout=10)
    assert r.status_code == 403


def test_syntax_error_says_where(server):
    r = _post(server, query="SELECT * WHERE {\n  ?s ?p \n}")
    assert r.status_code == 400 and "line 2, column 3" in r.text  # where the triple pattern breaks off


@pytest.mark.parametrize("path", [
    "/../../../../etc/passwd", "/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/doc/..%2f..%2f..%2fetc%2fpasswd",
    "/ontology/../../../etc/passwd", "//etc/passwd", "/dumps/%2e%2e%2f%2e%2e%2fserve.log",
    "/id/org/..%2f..%2f..%2fetc%2fpasswd", "/doc/org/../../../../etc/passwd.ttl",
])
def test_paths_cannot_leave_the_site(server, path):
    host, port = server.url.split("//")[1].rstrip("/").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    conn.request("GET", path)  # sent as is, no client-side normalisation
    resp = conn.getresponse()
    body = resp.read()
    assert resp.status in (400, 404), (path, resp.status)
    assert b"root:" not in body
    conn.close()


def test_time_limit_stops_a_query_and_the_server_keeps_serving(server):
    results = {}

    def slow():
        t = time.monotonic()
        r = _post(server, query=PATHOLOGICAL)
        results["status"], results["seconds"], results["text"] = r.status_code, time.monotonic() - t, r.text

    th = threading.Thread(target=slow)
    th.start()
    time.sleep(0.3)
    t = time.monotonic()
    r = requests.get(server.url + "doc/org/sihk-hagen.html", timeout=10)  # pages while the query runs
    assert r.status_code == 200 and time.monotonic() - t < 2
    th.join(30)
    assert results["status"] == 503 and "time limit" in results["text"]
    assert TIME_LIMIT <= results["seconds"] < TIME_LIMIT + 5
    # the killed worker is replaced: queries are answered again
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        r = _post(server, query=f"ASK {{ <{HUB}> ?p ?o }}", format="json")
        if r.status_code == 200:
            break
        time.sleep(0.2)
    assert r.json()["boolean"] is True


def test_result_cap_cuts_with_a_notice(server):
    r = _post(server, query="SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o", format="json")
    assert r.status_code == 200
    assert r.headers["Innokg-Result-Truncated"] == str(RESULT_LIMIT)
    data = r.json()
    assert len(data["results"]["bindings"]) == RESULT_LIMIT
    assert data["head"]["link"] == [server.url + "sparql#limits"]
    r = _post(server, query="CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", format="nt")
    assert r.headers["Innokg-Result-Truncated"] == str(RESULT_LIMIT)
    assert len(Graph().parse(data=r.text, format="nt")) == RESULT_LIMIT
    r = _post(server, query=LABELS_QUERY, format="json")
    assert "Innokg-Result-Truncated" not in r.headers


def test_results_negotiation(server):
    r = requests.get(server.url + "sparql", params={"query": LABELS_QUERY},
                     headers={"Accept": "text/tab-separated-values;q=0.9, text/csv;q=0.8"}, timeout=10)
    assert r.headers["Content-Type"].startswith("text/tab-separated-values")
    r = requests.get(server.url + "sparql", params={"query": LABELS_QUERY}, headers={"Accept": "image/png"},
                     timeout=10)
    assert r.status_code == 406
    r = requests.get(server.url + "sparql", params={"query": f"CONSTRUCT WHERE {{ <{HUB}> ?p ?o }}"},
                     headers={"Accept": "application/sparql-results+json"}, timeout=10)
    assert r.status_code == 406 and "text/turtle" in r.text


def test_jsonld_remote_context_is_never_fetched(tmp_path):
    from innokg.errors import ParseError
    from innokg.publish.data import LinkedData

    lis = Listener()
    try:
        f = tmp_path / "remote.jsonld"
        f.write_text(json.dumps({"@context": f"http://127.0.0.1:{lis.port}/context.jsonld",
                                 "@id": ID + "org/x", "name": "X"}))
        with pytest.raises(ParseError):
            LinkedData.from_file(f)
        time.sleep(0.3)
        assert lis.connections == 0
    finally:
        lis.close()


def test_refuses_a_busy_port(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(1)
        port = s.getsockname()[1]
        r = subprocess.run([sys.executable, "-m", "innokg.cli", "serve", "--port", str(port), "--data", str(FIXTURE),
                            "--workers", "1"], cwd=ROOT, env=cli_env(), capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and "[--port]" in r.stderr and "Traceback" not in r.stderr


# -- a real browser ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    driver = start_chromium(tmp_path_factory.mktemp("chromium-profile"))
    yield driver
    driver.quit()


_console_errors = console_errors


def test_browser_renders_an_entity_page(server, browser, tmp_path):
    from selenium.webdriver.common.by import By

    browser.get(server.url + "id/hub/digital-hub-suedwestfalen")  # follows the 303 to the HTML page
    assert browser.current_url.endswith("/doc/hub/digital-hub-suedwestfalen.html")
    h1 = browser.find_element(By.TAG_NAME, "h1")
    assert h1.is_displayed() and h1.text == "Digital Hub South Westphalia"
    headings = [h.text for h in browser.find_elements(By.CSS_SELECTOR, "section.source h2")]
    assert headings[0].startswith("According to Südwestfalen erhält Digital-Hub")
    browser.find_element(By.PARTIAL_LINK_TEXT, "University of Siegen").click()
    assert browser.find_element(By.TAG_NAME, "h1").text == "University of Siegen"
    # styles applied (the stylesheet loaded, same origin)
    assert browser.execute_script(
        "return getComputedStyle(document.querySelector('header.site')).borderBottomStyle") == "solid"
    browser.save_screenshot(str(tmp_path / "entity.png"))
    assert _console_errors(browser) == []


def test_browser_runs_a_library_query(server, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import Select, WebDriverWait

    browser.get(server.url + "sparql")
    assert "SPARQL query" in browser.find_element(By.TAG_NAME, "h1").text
    options = Select(browser.find_element(By.ID, "library")).options
    assert len(options) > 1  # the query library is offered
    textarea = browser.find_element(By.ID, "query")
    browser.execute_script("arguments[0].value = arguments[1]", textarea, LABELS_QUERY)
    browser.find_element(By.ID, "run").click()
    WebDriverWait(browser, 15).until(ec.presence_of_element_located((By.CSS_SELECTOR, "#results table tr td")))
    cells = [td.text for td in browser.find_elements(By.CSS_SELECTOR, "#results td")]
    assert cells == ["Digital Hub South Westphalia", "Digital-Hub Südwestfalen"]
    assert browser.find_element(By.ID, "status").text == "2 result(s)"
    # choosing a library query fills the text area
    Select(browser.find_element(By.ID, "library")).select_by_index(1)
    assert browser.find_element(By.ID, "query").get_attribute("value").strip() != LABELS_QUERY
    assert _console_errors(browser) == []


def test_oversized_requests_are_refused(server):
    huge = "SELECT * WHERE { ?s ?p ?o } #" + "x" * (1024 * 1024)
    r = requests.post(server.url + "sparql", data={"query": huge}, timeout=30)
    assert r.status_code == 413
    r = requests.post(server.url + "sparql", data=huge.encode(), timeout=30,
                      headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 413
    assert requests.get(server.url + "doc/org/sihk-hagen.ttl", timeout=10).status_code == 200


def _workers(server) -> list[int]:
    # the server runs in its own session (the `innokg` process, the run it supervises, the run's workers)
    out = subprocess.run(["pgrep", "-s", str(server.proc.pid), "-f", "spawn_main"], capture_output=True, text=True)
    return [int(x) for x in out.stdout.split()]


def test_killed_workers_are_replaced(server):
    """A worker dying under a query (out of memory, killed) costs that query, not the server."""
    results = {}

    def slow():
        results["r"] = _post(server, query=PATHOLOGICAL)

    th = threading.Thread(target=slow)
    th.start()
    time.sleep(0.5)
    workers = _workers(server)
    assert len(workers) == 2
    for pid in workers:
        os.kill(pid, signal.SIGKILL)
    th.join(30)
    assert results["r"].status_code == 500 and "worker stopped" in results["r"].text
    assert requests.get(server.url + "doc/org/sihk-hagen.ttl", timeout=10).status_code == 200
    deadline = time.monotonic() + 30  # the next query waits for a replacement, never gets a dead worker
    r = _post(server, query=f"ASK {{ <{HUB}> ?p ?o }}", format="json")
    while r.status_code != 200 and time.monotonic() < deadline:
        time.sleep(0.2)
        r = _post(server, query=f"ASK {{ <{HUB}> ?p ?o }}", format="json")
    assert r.status_code == 200 and r.json()["boolean"] is True
    assert sorted(set(_workers(server)) & set(workers)) == []


def test_cors_preflight(server):
    r = requests.options(server.url + "sparql", headers={"Origin": "https://yasgui.example.org",
                                                         "Access-Control-Request-Method": "POST",
                                                         "Access-Control-Request-Headers": "Content-Type"},
                         timeout=10)
    assert r.status_code == 200
    assert r.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in r.headers["Access-Control-Allow-Methods"]
    assert "Content-Type" in r.headers["Access-Control-Allow-Headers"]


def test_browser_query_results_never_link_script_iris(server, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(server.url + "sparql")
    query = f"SELECT ?o WHERE {{ <{ID}org/land-nrw> <http://schema.org/sameAs> ?o }}"
    browser.execute_script("arguments[0].value = arguments[1]", browser.find_element(By.ID, "query"), query)
    browser.find_element(By.ID, "run").click()
    WebDriverWait(browser, 15).until(ec.presence_of_element_located((By.CSS_SELECTOR, "#results td")))
    cell = browser.find_element(By.CSS_SELECTOR, "#results td")
    assert cell.text == "javascript:alert(document.domain)"
    assert browser.find_elements(By.CSS_SELECTOR, "#results a") == []
    assert _console_errors(browser) == []
