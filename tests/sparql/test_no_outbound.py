"""No connection leaves innokg on any route that runs SPARQL: a loopback listener counts them.

Oxigraph and rdflib both *execute* ``SERVICE``: without the guard
(:mod:`innokg.sparql.guard`), a query, a projection or a SHACL-SPARQL constraint
from a file someone sent would open a connection to any host it names — the
control test below shows Oxigraph doing it to the listener. Every route that
runs SPARQL on local data is driven here with ``SERVICE`` pointing at a socket
bound on 127.0.0.1 (port 0, counting accepted connections): each must refuse
with ``[ERROR] [where] …`` and exit 2 (403 on the server), and the socket must
see no connection. The routes: ``innokg sparql`` (top-level and nested in
``FILTER EXISTS { SELECT … }``), ``innokg query`` with a library folder, a
projection ``.rq`` (``innokg analyze``), SHACL-SPARQL constraints and targets in
a shapes file (``innokg validate --shapes``, both engines), and the server.
"""

from __future__ import annotations

import shutil

import pyoxigraph as ox
import pytest
import requests

from support.loopback import Listener, start_server, stop_server
from support.paths import ROOT

DATA = ROOT / "tests" / "fixtures" / "queries" / "ecosystem.trig"

QUERIES = {
    "top-level": "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "nested-in-filter-exists-select": ("SELECT ?s WHERE {{ ?s ?p ?o FILTER EXISTS {{ SELECT * WHERE {{ "
                                       "SERVICE SILENT <{url}> {{ ?a ?b ?c }} }} }} }}"),
}


def _refused(code: int, err: str, where: str) -> None:
    """Exit 2 with one ``[ERROR] [place] SERVICE is refused …`` line whose place holds ``where``."""
    assert code == 2, err
    lines = [line for line in err.splitlines() if line.startswith("[ERROR] [")]
    assert lines, err
    place, _, message = lines[-1][len("[ERROR] ["):].partition("] ")
    assert where in place, err
    assert message.startswith("SERVICE is refused"), err


@pytest.fixture
def listener():
    with Listener() as lis:
        yield lis


def test_control_oxigraph_connects_when_nothing_stops_it(listener):
    """Without the guard the listener does see Oxigraph's request: a zero below means something."""
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://x/s"), ox.NamedNode("http://x/p"), ox.Literal("o")))
    for kind in sorted(QUERIES):
        try:
            list(store.query(QUERIES[kind].format(url=listener.url), use_default_graph_as_union=True))
        except OSError:
            pass  # the listener closes the connection at once
    assert listener.settle() == len(QUERIES)


@pytest.mark.parametrize("kind", sorted(QUERIES))
def test_sparql_command(run_cli, tmp_path, listener, kind):
    q = tmp_path / "q.rq"
    q.write_text(QUERIES[kind].format(url=listener.url), encoding="utf-8")
    r = run_cli("sparql", q, "--data", DATA)
    _refused(r.returncode, r.stderr, f"{q}:1:")
    assert listener.settle() == 0


def test_sparql_command_from_stdin(run_cli, listener):
    r = run_cli("sparql", "-", "--data", DATA, input=QUERIES["nested-in-filter-exists-select"].format(url=listener.url))
    _refused(r.returncode, r.stderr, "<stdin>:1:")
    assert listener.settle() == 0


@pytest.mark.parametrize("kind", sorted(QUERIES))
def test_query_command_with_a_library_folder(run_cli, tmp_path, listener, kind):
    lib = tmp_path / "library"
    (lib / "probes").mkdir(parents=True)
    rq = lib / "probes" / "outbound.rq"
    rq.write_text("#+ summary: A query that would call out\n" + QUERIES[kind].format(url=listener.url),
                  encoding="utf-8")
    r = run_cli("query", "outbound", "--library", lib, "--data", DATA)
    _refused(r.returncode, r.stderr, f"{rq}:2:")
    assert listener.settle() == 0


def test_projection_query(run_cli, tmp_path, listener):
    """``innokg analyze`` on graph input runs ``queries/projections/*.rq`` of the project it is run in."""
    project = tmp_path / "project"
    (project / "queries").mkdir(parents=True)
    shutil.copytree(ROOT / "ontology", project / "ontology")
    shutil.copytree(ROOT / "queries" / "projections", project / "queries" / "projections")
    rq = project / "queries" / "projections" / "affiliations.rq"
    text = rq.read_text(encoding="utf-8")
    cut = text.rindex("}")
    rq.write_text(text[:cut] + f"  SERVICE <{listener.url}> {{ ?x ?y ?z }}\n" + text[cut:], encoding="utf-8")
    r = run_cli("analyze", DATA, "--no-validate", "--no-rdf", "-o", tmp_path / "out", cwd=project)
    _refused(r.returncode, r.stderr, "affiliations.rq")
    assert listener.settle() == 0


SHAPES = {
    "constraint": """
ex:Probe a sh:NodeShape ;
    sh:targetClass ikg:Region ;
    sh:sparql [ a sh:SPARQLConstraint ;
        sh:message "probe" ;
        sh:select \"\"\"SELECT $this WHERE {{ $this ?p ?o FILTER EXISTS {{ SELECT * WHERE {{
            SERVICE <{url}> {{ ?a ?b ?c }} }} }} }}\"\"\" ] .
""",
    "target": """
ex:Probe a sh:NodeShape ;
    sh:target [ a sh:SPARQLTarget ;
        sh:select \"\"\"SELECT ?this WHERE {{ SERVICE <{url}> {{ ?this ?b ?c }} }}\"\"\" ] ;
    sh:property [ sh:path rdfs:label ; sh:minCount 1 ] .
""",
}
PREAMBLE = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ikg: <https://w3id.org/innokg/ontology#> .
@prefix ex: <http://example.org/probe#> .
"""


@pytest.mark.parametrize("engine", ["pyshacl", "sparql"])
@pytest.mark.parametrize("part", sorted(SHAPES))
def test_shacl_sparql_in_a_shapes_file(run_cli, tmp_path, listener, engine, part):
    shapes = tmp_path / "shapes"
    shapes.mkdir()
    probe = shapes / "probe.ttl"
    probe.write_text(PREAMBLE + SHAPES[part].format(url=listener.url), encoding="utf-8")
    r = run_cli("validate", DATA, "--shapes", shapes, "--no-reason", "--engine", engine)
    _refused(r.returncode, r.stderr, "probe.ttl")
    assert listener.settle() == 0


@pytest.mark.slow
def test_server_endpoint(tmp_path, listener):
    server = start_server(tmp_path, DATA, "--workers", "1")
    try:
        for kind in sorted(QUERIES):
            r = requests.post(server.url + "sparql", data={"query": QUERIES[kind].format(url=listener.url)},
                              timeout=30)
            assert r.status_code == 403, (kind, r.text)
            assert r.text.strip() == "SERVICE is refused: this endpoint makes no outbound requests"
    finally:
        stop_server(server)
    assert listener.settle() == 0


def test_sparql_command_in_a_real_process(run_cli_process, tmp_path, listener):
    """The case of the issue: the nested form used to exit 0 after calling out."""
    q = tmp_path / "q.rq"
    q.write_text(QUERIES["nested-in-filter-exists-select"].format(url=listener.url), encoding="utf-8")
    r = run_cli_process("sparql", q, "--data", DATA)
    _refused(r.returncode, r.stderr, f"{q}:1:")
    assert listener.settle() == 0


def test_an_update_is_refused_before_a_request_goes_to_the_endpoint(run_cli, tmp_path, listener):
    """``--endpoint`` runs the text elsewhere: SERVICE is that store's business, an update is refused here."""
    q = tmp_path / "drop.rq"
    q.write_text("DROP ALL", encoding="utf-8")
    r = run_cli("sparql", q, "--endpoint", listener.url, "--timeout", "5")
    assert r.returncode == 2, r.stderr
    assert r.stderr.strip().splitlines()[-1].startswith(f"[ERROR] [{q}:1:1] updates (DROP) are refused"), r.stderr
    assert listener.settle() == 0
