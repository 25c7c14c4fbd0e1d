"""The explorer of ``innokg serve`` (issue 15): search, facets, the SPARQL editor, neighbourhood networks.

In-process tests on the curated graph (graph/) check the index and the neighbourhood measures against the
hand-worked seed analysis (tests/fixtures/seed-analysis/README.md: DO IT Südwestfalen e.V. brokers 60 two-paths,
effective size 71/11, constraint 1091/3630 — every one of them a measure of the ego network alone). The slow
tests start ``innokg serve`` on graph/ and drive it with Chromium: search, filter, run an example query, open a
network view, with no console errors. ``INNOKG_SCREENSHOTS=docs`` writes the screenshots the README shows.
"""

from __future__ import annotations

import json
import os
import urllib.request

import pytest

from support.imports import imported
from support.loopback import start_server, stop_server
from support.paths import ROOT
from support.browser import wait_for as _wait

ID = "https://w3id.org/innokg/id/"
DOIT = ID + "org/do-it-suedwestfalen-ev"
SCREENSHOTS = os.environ.get("INNOKG_SCREENSHOTS")


@pytest.fixture(scope="module")
def index():
    from innokg.publish.site import load_linked_data
    from innokg.serve.explorer import ExplorerIndex

    ld = load_linked_data(str(ROOT / "graph"), "https://w3id.org/innokg/", sorted((ROOT / "ontology").glob("*.ttl")))
    return ExplorerIndex(ld)


def test_search_both_languages(index):
    # English label "City of Dortmund", German "Stadt Dortmund" (graph/sources): both find it, by a word's start too
    for q in ("City of Dortmund", "stadt dortm", "STADT DORTMUND"):
        hits = [h["iri"] for h in index.search(q)["hits"]]
        assert ID + "org/stadt-dortmund" in hits[:5], q
    # umlauts folded: "Sudwestfalen" and "Südwestfalen" find the same
    a = {h["iri"] for h in index.search("Südwestfalen")["hits"]}
    b = {h["iri"] for h in index.search("sudwestfalen")["hits"]}
    assert a == b and DOIT in a
    assert index.search("zzzznotaword")["total"] == 0


def test_facets_filter_and_count(index):
    everything = index.search("")
    assert everything["total"] == len(index.entities)
    kinds = {f["label"]: f for f in everything["facets"]["kind"]}
    chamber = kinds["chamber"]
    only = index.search("", {"kind": chamber["value"]})
    assert only["total"] == chamber["count"] > 0
    assert all("chamber" in h["kinds"] for h in only["hits"])
    # region facet: the organisations located in Dortmund are also in NRW (ikg:partOfRegion), so NRW counts them
    dortmund = index.search("dortmund")
    regions = {f["label"]: f["count"] for f in dortmund["facets"]["region"]}
    assert regions["North Rhine-Westphalia"] >= regions["Dortmund"] > 0
    for facet in ("kind", "region", "topic", "funder", "hub"):
        assert facet in everything["facets"] and everything["facets"][facet], facet


def test_neighbourhood_measures_are_the_hand_worked_ones(index):
    n = index.neighbourhood(DOIT)
    m = n["measures"]
    assert m["partners"] == 11 and m["ties_among_partners"] == 25
    assert m["brokerage"]["total"] == 60 and m["brokerage"]["coordinator"] == 8 and m["brokerage"]["liaison"] == 2
    assert m["effective_size"] == pytest.approx(71 / 11, abs=1e-4)
    assert m["constraint"] == pytest.approx(1091 / 3630, abs=1e-4)
    assert {x["id"] for x in n["nodes"]} >= {DOIT, ID + "org/trilux", ID + "org/aquatherm"}
    assert index.neighbourhood(ID + "region/nuts-DEA5") is None


# -- a real server and a real browser -----------------------------------------------------------
@pytest.fixture(scope="module")
def server(tmp_path_factory):
    s = start_server(tmp_path_factory.mktemp("explorer"), ROOT / "graph", "--workers", "1")
    yield s
    stop_server(s)


def _get(url: str, accept: str = "text/html"):
    req = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


@pytest.mark.slow
def test_pages_negotiate(server):
    status, headers, body = _get(server.url + "explore?q=dortmund", "application/json")
    assert status == 200 and headers["Content-Type"].startswith("application/json") and "Accept" in headers["Vary"]
    data = json.loads(body)
    assert data["total"] > 0 and data["hits"][0]["doc"].startswith("/doc/")
    status, headers, body = _get(server.url + "explore?q=dortmund")
    assert status == 200 and headers["Content-Type"].startswith("text/html") and b'id="hits"' in body
    assert _get(server.url + "explore", "image/png")[0] == 406
    status, _, body = _get(server.url + "explore/network?node=" + urllib.parse.quote(DOIT), "application/json")
    assert status == 200 and json.loads(body)["measures"]["brokerage"]["total"] == 60
    assert _get(server.url + "explore/network?node=" + urllib.parse.quote(ID + "region/nuts-DEA5"),
                "application/json")[0] == 404
    # the editor's endpoint stays read-only
    req = urllib.request.Request(server.url + "sparql", data=b"INSERT DATA { <a:b> <a:c> <a:d> }",
                                 headers={"Content-Type": "application/sparql-update"})
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(req, timeout=30)
    assert err.value.code == 403


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from support.browser import chromium_session

    yield from chromium_session(tmp_path_factory)


def _shot(browser, name: str) -> None:
    if SCREENSHOTS:
        browser.save_screenshot(str(ROOT / SCREENSHOTS / f"explorer-{name}.png"))


@pytest.mark.slow
def test_browser_search_and_filter(server, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    from support.browser import console_errors

    browser.get(server.url + "explore")
    box = browser.find_element(By.ID, "q")
    box.send_keys("dortmund", Keys.ENTER)
    _wait(browser, "return location.search.includes('q=dortmund')")
    hits = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "#hits li.hit > a:first-child")]
    assert "Wirtschaftsförderung Dortmund" in hits
    total = int(browser.find_element(By.ID, "total").text.split()[0])
    # filter by a kind: fewer hits, every one of that kind
    link = browser.find_element(By.CSS_SELECTOR, '#facet-kind a.facet-value')
    kind, count = link.text, int(link.find_element(By.XPATH, "..").find_element(By.CLASS_NAME, "count").text)
    link.click()
    _wait(browser, "return location.search.includes('kind=')")
    assert int(browser.find_element(By.ID, "total").text.split()[0]) == count <= total
    tags = [t.text for t in browser.find_elements(By.CSS_SELECTOR, "#hits .tag")]
    assert tags and all(kind in t for t in tags)
    _shot(browser, "search")
    assert console_errors(browser) == []


@pytest.mark.slow
def test_browser_runs_an_example_query(server, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    from innokg.serve.explorer import vendor_present
    from support.browser import console_errors

    if not vendor_present():
        pytest.skip("the editor's browser libraries are absent: run `make assets` (npm registry)")
    browser.get(server.url + "explore/sparql")
    _wait(browser, "return !!window.innokgYasgui && !!document.querySelector('.CodeMirror')")
    # highlighting: CodeMirror marks SPARQL keywords
    assert browser.find_elements(By.CSS_SELECTOR, ".CodeMirror .cm-keyword")
    Select(browser.find_element(By.ID, "examples")).select_by_visible_text(
        next(o.text for o in browser.find_elements(By.CSS_SELECTOR, "#examples option")
             if o.text.startswith("hubs/hubs-by-kind")))
    query = browser.execute_script("return window.innokgYasgui.getTab().getQuery()")
    assert "hub" in query.lower() and "PREFIX org:" not in query
    browser.find_element(By.ID, "add-prefixes").click()  # innokg's prefix table declared in the query
    query = browser.execute_script("return window.innokgYasgui.getTab().getQuery()")
    assert "PREFIX org: <http://www.w3.org/ns/org#>" in query
    browser.execute_script("window.innokgYasgui.getTab().query()")
    rows = _wait(browser, "return document.querySelectorAll('.yasr table tbody tr').length", 30)
    assert rows > 0
    _shot(browser, "sparql")
    assert console_errors(browser) == []
    # nothing was fetched from another host (no CDN, no LOV, no prefix.cc)
    hosts = browser.execute_script("return performance.getEntriesByType('resource').map(e => new URL(e.name).host)")
    assert set(hosts) <= {server.url.split("/")[2]}


@pytest.mark.slow
def test_browser_network_view(server, browser):
    from selenium.webdriver.common.by import By

    from innokg.serve.explorer import vendor_present
    from support.browser import console_errors

    if not vendor_present():
        pytest.skip("the network view's browser library is absent: run `make assets` (npm registry)")
    browser.get(server.url + "explore?q=do+it+sudwestfalen+e.v.")
    browser.find_element(By.CSS_SELECTOR, "#hits a.network").click()
    n = _wait(browser, "return window.innokgNetwork && window.innokgNetwork.nodes().length")
    assert n == 12  # the e.V. and its 11 partners
    cells = {r.find_element(By.TAG_NAME, "th").text: r.find_element(By.TAG_NAME, "td").text
             for r in browser.find_elements(By.CSS_SELECTOR, "#measures tr")}
    assert cells["total"] == "60" and cells["constraint"] == "0.3006"
    _shot(browser, "network")
    assert console_errors(browser) == []


@pytest.mark.slow
def test_browser_on_the_german_cordis_import(browser, tmp_path, session_folder):
    """The German CORDIS import (mappings/cordis-h2020.yaml, country DE): search, a facet, Fraunhofer's network
    view with the measures `innokg report` gives it (README: Gould–Fernandez total 1,111,740)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    from innokg.serve.explorer import vendor_present
    from support.browser import console_errors

    r = imported(session_folder, "cordis-h2020", "--where", "country=DE")  # once per session, shared
    assert r.returncode == 0, r.stderr
    nq = r.path
    s = start_server(tmp_path, nq, "--workers", "1", timeout=400)
    try:
        browser.get(s.url + "explore")
        browser.find_element(By.ID, "q").send_keys("fraunhofer", Keys.ENTER)
        _wait(browser, "return location.search.includes('q=fraunhofer')")
        first = browser.find_element(By.CSS_SELECTOR, "#hits li.hit > a:first-child").text
        assert first.startswith("FRAUNHOFER GESELLSCHAFT")
        link = browser.find_element(By.CSS_SELECTOR, "#facet-kind a.facet-value")
        count = int(link.find_element(By.XPATH, "..").find_element(By.CLASS_NAME, "count").text)
        link.click()
        _wait(browser, "return location.search.includes('kind=')")
        assert int(browser.find_element(By.ID, "total").text.split()[0]) == count
        assert console_errors(browser) == []
        if not vendor_present():
            pytest.skip("the network view's browser library is absent: run `make assets`")
        browser.get(s.url + "explore?q=fraunhofer")
        browser.find_element(By.CSS_SELECTOR, "#hits a.network").click()
        n = _wait(browser, "return window.innokgNetwork && window.innokgNetwork.nodes().length", 60)
        assert n == 41  # Fraunhofer and its 40 strongest partners
        cells = {r.find_element(By.TAG_NAME, "th").text: r.find_element(By.TAG_NAME, "td").text
                 for r in browser.find_elements(By.CSS_SELECTOR, "#measures tr")}
        assert cells["total"] == "1111740" and cells["partners"] == "1062"
        assert console_errors(browser) == []
    finally:
        stop_server(s)
