"""Hostile requests against ``innokg serve``, beyond the endpoint's own tests.

``tests/serve/test_server.py`` checks the plain cases (SERVICE at the top level, the
four kinds of update, ``FROM <file:…>``, ``..`` in paths, one pathological query, the
result cap). Here: SERVICE hidden where an algebra walk can miss it (inside
``FILTER EXISTS``, ``MINUS``, a sub-query, ``BIND(EXISTS …)``, CONSTRUCT/DESCRIBE/ASK
forms), a ``file:`` named graph next to an http default graph, a query nested deep
enough to crash a recursive parser, every query worker busy with pathological
queries while pages must still be served, and unknown IRIs (404 without echoing the
request). One server per module, loopback only, stopped at the end.
"""

from __future__ import annotations

import threading
import time

import pytest
import requests

from support.loopback import Listener, request_from, stop_server
from support.served import HUB, PATHOLOGICAL, TIME_LIMIT, start_fixture_server

pytestmark = pytest.mark.slow  # a real `innokg serve` process


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    s = start_fixture_server(tmp_path_factory.mktemp("hostile"))
    yield s
    stop_server(s)


def _post(server, query: str, **extra):
    return requests.post(server.url + "sparql", data={"query": query, **extra}, timeout=60)


def _ask_works(server) -> bool:
    r = _post(server, f"ASK {{ <{HUB}> ?p ?o }}", format="json")
    return r.status_code == 200 and r.json()["boolean"] is True


HIDDEN_SERVICE = {
    "filter-exists": "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <{url}> { ?s ?p ?o } } } LIMIT 1",
    "filter-not-exists": "SELECT * WHERE { ?s ?p ?o FILTER NOT EXISTS { SERVICE <{url}> { ?s ?p ?o } } } LIMIT 1",
    "minus": "SELECT * WHERE { ?s ?p ?o MINUS { SERVICE <{url}> { ?s ?p ?o } } }",
    "sub-query": "SELECT * WHERE { { SELECT ?s WHERE { SERVICE <{url}> { ?s ?p ?o } } } }",
    "bind-exists": "SELECT ?x WHERE { BIND(EXISTS { SERVICE <{url}> { ?s ?p ?o } } AS ?x) }",
    "union-branch": "SELECT * WHERE { { ?s ?p ?o } UNION { SERVICE SILENT <{url}> { ?s ?p ?o } } }",
    "graph-pattern": "SELECT * WHERE { GRAPH ?g { SERVICE <{url}> { ?s ?p ?o } } }",
    "construct": "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <{url}> { ?s ?p ?o } }",
    "describe": "DESCRIBE ?s WHERE { SERVICE <{url}> { ?s ?p ?o } }",
    "ask": "ASK { SERVICE <{url}> { ?s ?p ?o } }",
}


@pytest.fixture(scope="module")
def listener():
    lis = Listener()
    yield lis
    lis.close()


@pytest.mark.parametrize("where", sorted(HIDDEN_SERVICE))
def test_service_hidden_anywhere_is_refused(server, listener, where):
    url = f"http://127.0.0.1:{listener.port}/sparql"
    r = _post(server, HIDDEN_SERVICE[where].replace("{url}", url))
    assert r.status_code == 403, r.text
    assert r.text.strip() == "SERVICE is refused: this endpoint makes no outbound requests"
    time.sleep(0.1)
    assert listener.connections == 0


def test_file_named_graph_next_to_http_default_graph_is_refused(server):
    r = _post(server, "SELECT * FROM <https://w3id.org/innokg/graph/x> FROM NAMED <file:///etc/passwd> "
                      "WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert r.status_code == 403
    assert r.text.strip() == ("dataset IRI file:///etc/passwd is refused: only http(s) graph names "
                              "are allowed")


NESTED = {
    "groups": ("SELECT * WHERE " + "{" * 3000 + " ?s ?p ?o " + "}" * 3000, 3000),
    "expression": ("SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * 3000 + "1" + ")" * 3000 + ") } LIMIT 1", 3002),
}


@pytest.mark.parametrize("kind", sorted(NESTED))
def test_deeply_nested_query_is_refused_and_no_worker_dies(server, kind):
    """Before the nesting check such a query crashed the worker's parser (HTTP 500,
    'the query worker stopped'); now it is a 400 and the next query is answered at once."""
    query, depth = NESTED[kind]
    r = _post(server, query)
    assert r.status_code == 400, r.text
    assert r.text.startswith(f"the query nests brackets {depth} levels deep; at most 100 are allowed")
    t = time.monotonic()
    assert _ask_works(server)
    assert time.monotonic() - t < 1.5  # no worker had to be replaced


def test_every_worker_busy_pages_still_served(server):
    """Three pathological queries from three clients on two workers: each is stopped at
    the time limit or refused as busy; meanwhile pages, documents and files are served
    without delay."""
    results: list[tuple[int, str, float]] = []

    def slow(source):
        t = time.monotonic()
        r = request_from(source, server.url + "sparql", query=PATHOLOGICAL)
        results.append((r.status_code, r.text.strip(), time.monotonic() - t))

    threads = [threading.Thread(target=slow, args=(f"127.0.0.{10 + k}",)) for k in range(3)]
    for th in threads:
        th.start()
    time.sleep(0.3)
    for path, accept in [("doc/org/sihk-hagen.html", None), ("id/org/sihk-hagen", "text/turtle"),
                         ("", None), ("doc/org/sihk-hagen.ttl", None)]:
        t = time.monotonic()
        r = requests.get(server.url + path, headers={"Accept": accept} if accept else {}, timeout=10)
        assert r.status_code == 200, (path, r.status_code)
        assert time.monotonic() - t < 1.0, path
    for th in threads:
        th.join(60)
    assert len(results) == 3
    for status, text, seconds in results:
        assert status == 503, text
        assert text in (f"query stopped at the time limit of {TIME_LIMIT:g} s",
                        "all query workers are busy; try again shortly"), text
        assert seconds < 3 * TIME_LIMIT + 5
    assert any("time limit" in text for _, text, _ in results)
    deadline = time.monotonic() + 30
    while not _ask_works(server):
        assert time.monotonic() < deadline, "query workers did not come back"
        time.sleep(0.2)


@pytest.mark.parametrize("path,accept", [
    ("id/org/no-such-org", "text/turtle"),
    ("id/org/no-such-org", "text/html"),
    ("doc/org/no-such-org.ttl", None),
    ("id/org/%3Cscript%3Ealert(1)%3C%2Fscript%3E", "text/html"),
    ("id/" + "x" * 5000, "text/html"),
], ids=["turtle", "html", "document", "script-in-path", "5000-character-path"])
def test_unknown_iri_is_404_without_echo(server, path, accept):
    r = requests.get(server.url + path, headers={"Accept": accept} if accept else {}, timeout=10,
                     allow_redirects=False)
    assert r.status_code == 404
    assert "<script>" not in r.text and "no-such-org" not in r.text and "xxxxx" not in r.text
