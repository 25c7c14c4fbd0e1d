"""The static explorer of ``innokg publish`` (issue 15): search, facets and network views without a server.

The curated graph (graph/) is published, and Chromium opens the site from the disk (``file://``: no server of
any kind): it searches, filters by a facet, opens a network view, with no console errors. The neighbourhood of
DO IT Südwestfalen e.V. must show the hand-worked measures of tests/fixtures/seed-analysis/README.md (11
partners, 25 ties among them, effective size 71/11, constraint 1091/3630), the same numbers ``innokg serve``'s
network view gives (tests/serve/test_explorer.py). ``INNOKG_SCREENSHOTS=docs`` writes the screenshots the README
shows.
"""

from __future__ import annotations

import json
import os
import urllib.parse
from pathlib import Path

import pytest
from support.browser import wait_for as _wait

ROOT = Path(__file__).resolve().parents[2]
ID = "https://w3id.org/innokg/id/"
DOIT = ID + "org/do-it-suedwestfalen-ev"
SCREENSHOTS = os.environ.get("INNOKG_SCREENSHOTS")


@pytest.fixture(scope="module")
def site(session_folder):
    from support.sites import published

    r = published(session_folder, "--data", ROOT / "graph")  # once per session, shared with test_publish_curated.py
    assert r.returncode == 0, r.stderr
    return r.site


def _data(path: Path, name: str):
    text = path.read_text(encoding="utf-8")
    prefix = f"window.{name} = "
    assert text.startswith(prefix) and text.endswith(";\n")
    return json.loads(text[len(prefix):-2])


def test_index_and_network_files(site):
    index = _data(site / "explore" / "data.js", "innokgExplore")
    assert index["facets"] == ["kind", "region", "topic", "funder", "hub"]
    docs = {d[0]: d for d in index["docs"]}
    # English and German labels of one entity (graph/sources: "City of Dortmund", "Stadt Dortmund")
    dortmund = docs[ID + "org/stadt-dortmund"]
    assert dortmund[1] == "org/stadt-dortmund" and "City of Dortmund" in dortmund[4] and "Stadt Dortmund" in dortmund[4]
    assert (site / "doc" / (dortmund[1] + ".html")).is_file()
    # the region facet: Dortmund lies in North Rhine-Westphalia (ikg:partOfRegion)
    values = [v[1] for v in index["values"]]
    regions = {values[n] for n in dortmund[5][1]}
    assert {"Dortmund", "North Rhine-Westphalia"} <= regions
    network = _data(site / "explore" / "network-data.js", "innokgNetworkData")
    nodes = {n[0]: n for n in network["nodes"]}
    doit = nodes[DOIT]
    assert doit[4] == 11  # degree: its 11 partners
    assert doit[6] == pytest.approx(71 / 11, abs=1e-4) and doit[7] == pytest.approx(1091 / 3630, abs=1e-4)
    # sectors by the ontology: an ikg:Company is an ikg:IndustryActor; an ikg:Association is none of the four
    assert doit[2] == "unknown" and nodes[ID + "org/do-it-suedwestfalen-gmbh"][2] == "industry"
    assert docs[DOIT][6] == 1 and dortmund[6] == (1 if dortmund[0] in nodes else 0)


def test_explorer_not_written_when_asked(tmp_path):
    from innokg.publish.site import load_linked_data, publish_site

    ld = load_linked_data(str(ROOT / "graph"), "https://w3id.org/innokg/")
    publish_site(ld, tmp_path / "site", entity_pages=False, explorer=False)
    assert not (tmp_path / "site" / "explore").exists()
    assert "explore/index.html" not in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from support.browser import chromium_session

    yield from chromium_session(tmp_path_factory)


def _shot(browser, name: str) -> None:
    if SCREENSHOTS:
        browser.save_screenshot(str(ROOT / SCREENSHOTS / f"static-explorer-{name}.png"))


def _vendor(site: Path) -> None:
    if not (site / "explore" / "vendor" / "minisearch.js").is_file():
        pytest.skip("the explorer's browser libraries are absent: run `make assets` (npm registry)")


@pytest.mark.slow
def test_browser_search_filter_and_network_from_disk(site, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    from support.browser import console_errors

    _vendor(site)
    browser.get((site / "explore" / "index.html").as_uri())
    _wait(browser, "return window.innokgExploreReady")
    everything = int(browser.find_element(By.ID, "total").text.split()[0])
    assert everything == len(_data(site / "explore" / "data.js", "innokgExplore")["docs"])
    box = browser.find_element(By.ID, "q")
    box.send_keys("dortmund", Keys.ENTER)
    _wait(browser, "return location.search.includes('q=dortmund') && window.innokgExploreReady")
    hits = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "#hits li.hit > a:first-child")]
    assert "Wirtschaftsförderung Dortmund" in hits
    total = int(browser.find_element(By.ID, "total").text.split()[0])
    assert 0 < total < everything
    # umlauts folded, word starts match: "wirtschaftsforder" finds it too
    browser.get((site / "explore" / "index.html").as_uri() + "?q=wirtschaftsforder")
    _wait(browser, "return window.innokgExploreReady")
    assert "Wirtschaftsförderung Dortmund" in [a.text for a in browser.find_elements(
        By.CSS_SELECTOR, "#hits li.hit > a:first-child")]
    # filter the Dortmund hits by a kind: fewer hits, every one of that kind
    browser.get((site / "explore" / "index.html").as_uri() + "?q=dortmund")
    _wait(browser, "return window.innokgExploreReady")
    link = browser.find_element(By.CSS_SELECTOR, "#facet-kind a.facet-value")
    kind, count = link.text, int(link.find_element(By.XPATH, "..").find_element(By.CLASS_NAME, "count").text)
    link.click()
    _wait(browser, "return location.search.includes('kind=') && window.innokgExploreReady")
    assert int(browser.find_element(By.ID, "total").text.split()[0]) == count <= total
    tags = [t.text for t in browser.find_elements(By.CSS_SELECTOR, "#hits .tag")]
    assert tags and all(kind in t for t in tags)
    # a hit's page is the published document
    first = browser.find_element(By.CSS_SELECTOR, "#hits li.hit > a:first-child").get_attribute("href")
    assert Path(urllib.parse.urlsplit(first).path).is_file()
    _shot(browser, "search")
    assert console_errors(browser) == []

    browser.get((site / "explore" / "index.html").as_uri() + "?q=do+it+sudwestfalen+e.v.")
    _wait(browser, "return window.innokgExploreReady")
    browser.find_element(By.CSS_SELECTOR, "#hits a.network").click()
    n = _wait(browser, "return window.innokgNetwork && window.innokgNetwork.nodes().length")
    assert n == 12  # the e.V. and its 11 partners
    cells = {r.find_element(By.TAG_NAME, "th").text: r.find_element(By.TAG_NAME, "td").text
             for r in browser.find_elements(By.CSS_SELECTOR, "#measures tr")}
    assert cells["partners"] == "11" and cells["ties among the partners"] == "25"
    assert cells["constraint"] == "0.3006" and cells["effective size"] == "6.4545"
    _shot(browser, "network")
    assert console_errors(browser) == []
    # nothing was fetched from a network (no CDN): every resource is a file of the site
    schemes = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name.split(':')[0])")
    assert set(schemes) <= {"file"}


@pytest.mark.slow
def test_browser_on_the_german_cordis_import(browser, tmp_path, session_folder):
    """The German CORDIS import (mappings/cordis-h2020.yaml, country DE): the static explorer alone (no entity
    pages) searches and filters 21,447 entities in the browser and draws Fraunhofer's network with the numbers
    ``innokg serve`` and ``innokg report`` give it (tests/serve/test_explorer.py: 1,062 partners; README: constraint
    0.0117)."""
    import shutil

    from selenium.webdriver.common.by import By

    from innokg.publish.explore import write_static_explorer
    from innokg.publish.pages import PageRenderer
    from innokg.publish.site import load_linked_data
    from support.browser import console_errors
    from support.imports import imported

    r = imported(session_folder, "cordis-h2020", "--where", "country=DE")  # once per session, shared
    assert r.returncode == 0, r.stderr
    nq = r.path
    ld = load_linked_data(str(nq), "https://w3id.org/innokg/", sorted((ROOT / "ontology").glob("*.ttl")))
    site = tmp_path / "site"
    write_static_explorer(ld, site, PageRenderer(ld))
    shutil.copy(ROOT / "src" / "innokg" / "publish" / "assets" / "style.css", site / "style.css")  # the site's
    _vendor(site)
    page = (site / "explore" / "index.html").as_uri()
    browser.get(page + "?q=fraunhofer")
    _wait(browser, "return window.innokgExploreReady", 60)
    first = browser.find_element(By.CSS_SELECTOR, "#hits li.hit > a:first-child").text
    assert first.startswith("FRAUNHOFER GESELLSCHAFT")
    browser.get(page)
    _wait(browser, "return window.innokgExploreReady", 60)
    assert browser.find_element(By.ID, "total").text.startswith("21447 entities")
    link = browser.find_element(By.CSS_SELECTOR, "#facet-region a.facet-value")
    count = int(link.find_element(By.XPATH, "..").find_element(By.CLASS_NAME, "count").text)
    link.click()
    _wait(browser, "return location.search.includes('region=') && window.innokgExploreReady", 60)
    assert int(browser.find_element(By.ID, "total").text.split()[0]) == count
    browser.get(page + "?q=fraunhofer")
    _wait(browser, "return window.innokgExploreReady", 60)
    browser.find_element(By.CSS_SELECTOR, "#hits a.network").click()
    n = _wait(browser, "return window.innokgNetwork && window.innokgNetwork.nodes().length", 60)
    assert n == 41  # Fraunhofer and its 40 strongest partners
    cells = {r.find_element(By.TAG_NAME, "th").text: r.find_element(By.TAG_NAME, "td").text
             for r in browser.find_elements(By.CSS_SELECTOR, "#measures tr")}
    assert cells["partners"] == "1062" and cells["constraint"] == "0.0117"
    assert console_errors(browser) == []
