"""``innokg serve --store PATH``: the query workers open the on-disk store ``build --store`` made, read-only, and
answer as a server of the same build's dump does (a real server on loopback, stopped by the test)."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request

import pytest

from support.cli import run_in_process
from support.loopback import start_server, stop_server

pytestmark = pytest.mark.slow  # real server processes

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
HUBS = ("SELECT ?hub ?label WHERE { ?hub a <https://w3id.org/innokg/ontology#DeHub> ; "
        "<http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?hub ?label")


def ask(base: str, query: str) -> list:
    req = urllib.request.Request(f"{base}sparql?query={urllib.parse.quote(query)}",
                                 headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        return json.load(resp)["results"]["bindings"]


def test_served_store_answers_as_the_served_dump(tmp_path):
    r = run_in_process(("build", "--engine", "sparql", "-o", str(tmp_path / "out"), "--store", str(tmp_path / "db")))
    assert r.returncode == 0, r.stderr
    info = json.loads((tmp_path / "db" / "innokg-store.json").read_text())
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    from_store = start_server(tmp_path / "a", None, "--store", str(tmp_path / "db"), "--workers", "2")
    try:
        from_dump = start_server(tmp_path / "b", tmp_path / "out" / "innokg.nq")
        try:
            n = ask(from_store.url, COUNT)
            assert int(n[0]["n"]["value"]) == info["statements"]
            assert ask(from_store.url, COUNT) == ask(from_dump.url, COUNT)
            hubs = ask(from_store.url, HUBS)
            assert len(hubs) >= 3 and hubs == ask(from_dump.url, HUBS)
            with urllib.request.urlopen(f"{from_store.url}id/hub/edih-do", timeout=30) as page:
                assert page.status == 200 and "EDIH" in page.read().decode()
        finally:
            stop_server(from_dump)
    finally:
        stop_server(from_store)
