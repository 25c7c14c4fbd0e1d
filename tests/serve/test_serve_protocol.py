"""The ``/sparql`` route in plain WSGI (:mod:`innokg.serve.protocol`) against a real ``innokg serve``.

Queries of one triple pattern (:func:`innokg.serve.endpoint.bounded_query`) run in the HTTP
thread, the rest in the killable worker processes; the request log says which
(``ran=thread`` / ``ran=worker``). Checked here: both give the same answers; the answers
are the fixture's own statements, read with rdflib (not innokg) from
``tests/fixtures/publish/ecosystem.trig``; a bounded query past 100 rows, or with a
``LIMIT`` above 100, goes to a worker; requests the plain path does not take (a multipart
form, no query, an update) still get Flask's answers; the headers are those of every
other response; a bounded query asked again (then answered by the server's I/O thread,
:mod:`innokg.serve.limits`) gets the same answer, headers and log line as the first time.
"""

from __future__ import annotations

import re
import time

import pytest
import requests
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDFS

from support.loopback import start_server, stop_server
from support.paths import ROOT
from support.served import FIXTURE, HUB, PATHOLOGICAL

pytestmark = pytest.mark.slow  # a real `innokg serve` process

LIMIT = 1000
JSON = "application/sparql-results+json"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    s = start_server(tmp_path_factory.mktemp("protocol"), FIXTURE, "--time-limit", "2",
                     "--result-limit", str(LIMIT), "--workers", "1")
    yield s
    stop_server(s)


@pytest.fixture(scope="module")
def fixture_graph():
    ds = Dataset()
    ds.parse(FIXTURE, format="trig")
    union = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


def _post(server, query: str, **extra):
    return requests.post(server.url + "sparql", data={"query": query, **extra}, headers={"Accept": JSON},
                         timeout=30)


def _ran(server, before: int) -> list[str]:
    time.sleep(0.2)
    lines = server.log.read_text().splitlines()[before:]
    return [m.group(1) for ln in lines if (m := re.search(r" POST /sparql q=\w+ ran=(\w+)$", ln))]


def _lines(server) -> int:
    return len(server.log.read_text().splitlines())


def test_bounded_queries_run_in_the_thread_with_the_workers_answers(server, fixture_graph):
    labels = sorted(str(o) for o in fixture_graph.objects(URIRef(HUB), RDFS.label))
    assert labels  # the fixture names the hub
    n_hub = len(set(fixture_graph.predicate_objects(URIRef(HUB))))
    cases = {
        f"SELECT ?l WHERE {{ <{HUB}> <{RDFS.label}> ?l }}": lambda d: sorted(
            b["l"]["value"] for b in d["results"]["bindings"]) == labels,
        f"ASK {{ <{HUB}> ?p ?o }}": lambda d: d["boolean"] is True,
        "ASK { <https://w3id.org/innokg/id/org/no-such-org> ?p ?o }": lambda d: d["boolean"] is False,
        f"SELECT * WHERE {{ <{HUB}> ?p ?o }}": lambda d: len(d["results"]["bindings"]) == n_hub,
    }
    for query, expected in cases.items():
        before = _lines(server)
        inline = _post(server, query)
        worker = _post(server, query + "\n# a comment: not the bounded form, so a worker runs it\n")
        assert inline.status_code == worker.status_code == 200, (inline.text, worker.text)
        assert _ran(server, before) == ["thread", "worker"], query
        assert expected(inline.json()), (query, inline.text)
        # without ORDER BY the order of rows is left open (SPARQL 1.1 Query §15.1): the server's store and a
        # worker's, loaded differently, may list them differently
        a, b = inline.json(), worker.json()
        if "results" in a:
            a["results"]["bindings"].sort(key=str)
            b["results"]["bindings"].sort(key=str)
        assert a == b
        assert inline.headers["Content-Type"] == JSON + "; charset=utf-8"
        assert inline.headers["Vary"] == "Accept"
        assert inline.headers["X-Content-Type-Options"] == "nosniff"
        assert inline.headers["Access-Control-Allow-Origin"] == "*"
        assert "frame-ancestors 'none'" in inline.headers["Content-Security-Policy"]


def test_more_rows_than_the_thread_may_write_go_to_a_worker(server, fixture_graph):
    # the served graph: the fixture and the ontology the server adds to it (graph/ontology)
    ontology = Graph()
    for f in sorted((ROOT / "ontology").glob("*.ttl")):
        ontology.parse(f)
    assert len(set(fixture_graph.triples((None, None, None)))) + len(ontology) > LIMIT  # the whole passes the cap
    before = _lines(server)
    small = _post(server, "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 80")
    big_limit = _post(server, "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 150")
    everything = _post(server, "SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    assert _ran(server, before) == ["thread", "worker", "worker"]
    assert len(small.json()["results"]["bindings"]) == 80
    assert len(big_limit.json()["results"]["bindings"]) == 150
    assert len(everything.json()["results"]["bindings"]) == LIMIT
    assert everything.headers["Innokg-Result-Truncated"] == str(LIMIT)
    assert "Innokg-Result-Truncated" not in small.headers


def test_runaway_queries_still_stopped_at_the_time_limit(server):
    before = _lines(server)
    r = _post(server, PATHOLOGICAL)
    assert r.status_code == 503 and "time limit of 2 s" in r.text
    assert _ran(server, before) == ["worker"]
    r = _post(server, f"ASK {{ <{HUB}> ?p ?o }}")
    assert r.status_code == 200 and r.json()["boolean"] is True


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { ?s ?p ?s }",  # a repeated variable: Oxigraph filters a scan of everything
    "SELECT * WHERE { ?s ?p ?o . ?o ?q ?r } LIMIT 5",  # a join
    "SELECT * WHERE { ?s ?p ?o } ORDER BY ?o LIMIT 5",  # sorts everything first
    "SELECT * WHERE { ?s ?p ?o FILTER(STRLEN(STR(?o)) > 1000000) }",  # scans everything
    "SELECT * WHERE { ?s ?p ?o } OFFSET 1000000",  # skips everything
    "SELECT * FROM <https://w3id.org/innokg/graph/press-release-2021> WHERE { ?s ?p ?o } LIMIT 5",
])
def test_queries_whose_text_does_not_bound_them_run_in_a_worker(server, query):
    before = _lines(server)
    r = _post(server, query)
    assert r.status_code == 200, r.text
    assert _ran(server, before) == ["worker"]


def test_requests_the_plain_path_leaves_to_flask(server):
    r = requests.post(server.url + "sparql", files={"query": (None, f"ASK {{ <{HUB}> ?p ?o }}")},
                      headers={"Accept": JSON}, timeout=30)  # multipart/form-data
    assert r.status_code == 200 and r.json()["boolean"] is True
    r = requests.get(server.url + "sparql", headers={"Accept": "text/html"}, timeout=30)
    assert r.status_code == 200 and "<textarea" in r.text
    r = requests.post(server.url + "sparql", data={"query": "ASK {}", "update": "CLEAR ALL"}, timeout=30)
    assert r.status_code == 403 and "read-only" in r.text
    r = requests.post(server.url + "sparql", data=b"ASK {}", headers={"Content-Type": "text/plain"}, timeout=30)
    assert r.status_code == 415
    r = requests.get(server.url + "sparql", params={"query": "ASK { ?s ?p ?o }", "update": "CLEAR ALL"}, timeout=30)
    assert r.status_code == 403


def test_a_text_asked_again_gets_the_same_checks_and_answers(server):
    # the guard's verdict on a text is remembered (QueryAnswerer); what it decides must not change with that
    query = f"ASK {{ <{HUB}> ?p ?o }}"
    before = _lines(server)
    first, again = _post(server, query), _post(server, query)
    assert first.status_code == again.status_code == 200 and first.json() == again.json() == {"head": {},
                                                                                             "boolean": True}
    assert _ran(server, before) == ["thread", "thread"]
    # the same text with a graph parameter is checked with it: a parameter that is no IRI is still a 400
    r = _post(server, query, **{"default-graph-uri": "http://a b>"})
    assert r.status_code == 400 and "is not an absolute IRI" in r.text
    r = _post(server, query, **{"named-graph-uri": "file:///etc/passwd"})
    assert r.status_code == 403 and "only http(s) graph names" in r.text
    for _ in range(2):  # a refused text is refused every time
        r = _post(server, "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }")
        assert r.status_code == 403 and "SERVICE is refused" in r.text


def test_a_form_field_is_decoded_as_the_query_sent_directly(server):
    # percent escapes, '+', backslashes, '%' and non-ASCII in a form (decoded by innokg.serve.protocol) against
    # the same text as application/sparql-query (no decoding at all): the same answer
    query = (f'SELECT ?x ?l WHERE {{ <{HUB}> <{RDFS.label}> ?l BIND("a+b %41 \\\\ \\"ä€\\" 100%" AS ?x) }}')
    form = _post(server, query)
    direct = requests.post(server.url + "sparql", data=query.encode("utf-8"),
                           headers={"Accept": JSON, "Content-Type": "application/sparql-query"}, timeout=30)
    assert form.status_code == direct.status_code == 200, (form.text, direct.text)
    assert form.json() == direct.json()
    assert {b["x"]["value"] for b in form.json()["results"]["bindings"]} == {'a+b %41 \\ "ä€" 100%'}


@pytest.mark.parametrize("method,how", [
    ("POST", "form"), ("POST", "direct"), ("GET", "query string"), ("GET", "format=csv"), ("POST", "Accept: xml"),
])
def test_a_quick_query_asked_again_gets_the_same_answer(server, method, how):
    # the first request runs in an HTTP (task) thread, in well under a millisecond: the text becomes quick,
    # and the next requests with it are answered by the server's I/O thread without the WSGI application
    # (tests/serve/test_quick.py shows which thread answers); the answers and log lines must not differ
    query = f"SELECT ?p ?o WHERE {{ <{HUB}> ?p ?o }}"
    url, kwargs = server.url + "sparql", {"headers": {"Accept": JSON}, "timeout": 30}
    if how == "direct":
        kwargs.update(data=query.encode(), headers={"Accept": JSON, "Content-Type": "application/sparql-query"})
    elif method == "POST":
        kwargs["data"] = {"query": query}
    else:
        kwargs["params"] = {"query": query, **({"format": "csv"} if how == "format=csv" else {})}
    if how == "Accept: xml":
        kwargs["headers"] = {"Accept": "application/sparql-results+xml"}
    before = _lines(server)
    answers = [requests.request(method, url, **kwargs) for _ in range(4)]
    time.sleep(0.2)
    lines = server.log.read_text().splitlines()[before:]
    assert [m.group(1) for ln in lines if (m := re.search(rf" {method} /sparql q=\w+ ran=(\w+)$", ln))] == \
           ["thread"] * 4, lines
    first = answers[0]
    assert first.status_code == 200 and first.content
    for later in answers[1:]:
        assert later.status_code == first.status_code
        assert later.content == first.content
        assert {k: v for k, v in later.headers.items() if k != "Date"} == \
               {k: v for k, v in first.headers.items() if k != "Date"}
    assert len({re.sub(r" [\d.]+ ms ", " - ", ln) for ln in lines}) == 1, lines  # one line, four times
