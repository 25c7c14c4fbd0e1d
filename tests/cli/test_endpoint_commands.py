"""Commands against real SPARQL servers: the curated graph, built once, pushed with ``innokg push`` into each of two
different engines on loopback — Oxigraph server (PyPI ``oxigraph``) and OpenLink Virtuoso 7.2 (Debian's
``virtuoso-opensource``, through its digest-authenticated ``/sparql-auth``) — then ``validate --endpoint`` (the
compiled constraints run on the server) and ``analyze``/``report --endpoint`` (the projection queries run there):
the same statements, findings and numbers as the same build read locally (findings differ only in the file they
name: a server holds named graphs, not files). One server of each kind per module; Virtuoso's tests skip, saying
why, where it is not installed. The expected values are the local run's: the claim under test is parity.
"""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest

from innokg.sparql import run_remote
from innokg.sparql.remote import ox_term
from support.cli import run_in_process
from support.oxigraph_server import start_oxigraph, stop
from support.virtuoso import start_virtuoso, virtuoso_missing

pytestmark = pytest.mark.slow  # real server processes

#: Virtuoso's administrator as Debian's package creates it; a fresh database in a folder of the test's own
DIGEST = {"INNOKG_SPARQL_USER": "dba", "INNOKG_SPARQL_PASSWORD": "dba", "INNOKG_SPARQL_AUTH": "digest",
          "INNOKG_SPARQL_TOKEN": ""}
INNOKG_GRAPHS = "FILTER(STRSTARTS(STR(?g), 'https://w3id.org/innokg/'))"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """graph/ built with an on-disk store: out/innokg.nq is what is pushed, the store what is read locally."""
    tmp = tmp_path_factory.mktemp("endpoint")
    r = run_in_process(("build", "--engine", "sparql", "-o", str(tmp / "out"), "--store", str(tmp / "db")))
    assert r.returncode == 0, r.stderr
    return tmp


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def pushed(request, built, tmp_path_factory):
    """(built folder, query URL, server kind, server): the build pushed into a fresh server of that kind."""
    folder = tmp_path_factory.mktemp(request.param)
    data = str(built / "out" / "innokg.nq")
    if request.param == "oxigraph":
        proc, base = start_oxigraph(folder / "ox")
        try:
            r = run_in_process(("push", "--endpoint", f"{base}/update", "--data", data))
            assert r.returncode == 0, r.stderr
            yield built, f"{base}/query", "oxigraph", base
        finally:
            stop(proc)
        return
    why = virtuoso_missing()
    if why:
        pytest.skip(why)
    server = start_virtuoso(folder)
    try:
        with pytest.MonkeyPatch.context() as env:  # the credentials reach push only through the environment
            for k, v in DIGEST.items():
                env.setenv(k, v)
            r = run_in_process(("push", "--endpoint", server.endpoint + "-auth", "--data", data))
        assert r.returncode == 0, r.stderr
        yield built, server.endpoint, "virtuoso", server
    finally:
        server.stop()


def _server_dataset(url: str) -> set[str]:
    """innokg's graphs on the server, blank nodes canonically renamed (two isomorphic datasets give one set)."""
    res = run_remote(url, f"SELECT ?s ?p ?o ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {INNOKG_GRAPHS} }}", check_union=False)
    return _canonical(ox.Quad(*(ox_term(t) for t in row)) for row in res.rows)


def _canonical(quads) -> set[str]:
    ds = ox.Dataset(quads)
    ds.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return {str(q) for q in ds}


def test_the_server_holds_the_dataset_pushed(pushed):
    """Statement for statement, blank nodes and literals included (Virtuoso gets the statements about blank nodes
    as INSERT … WHERE {}, which it accepts where it refuses them in INSERT DATA)."""
    tmp, url, _, _ = pushed
    local = _canonical(ox.parse(path=str(tmp / "out" / "innokg.nq"), format=ox.RdfFormat.N_QUADS))
    assert len(local) > 6000
    assert _server_dataset(url) == local


def test_analyze_on_the_server_gives_the_local_numbers(pushed, run_cli):
    tmp, url, _, _ = pushed
    args = ("analyze", "--no-validate", "--timestamp", "2026-01-01T00:00:00")
    local = run_cli(*args, "--store", tmp / "db")
    remote = run_cli(*args, "--endpoint", url)
    assert local.returncode == remote.returncode == 0, remote.stderr
    assert remote.stdout == local.stdout and remote.stdout.count("\n") > 40


def test_report_on_the_server_is_written(pushed, run_cli):
    tmp, url, kind, _ = pushed
    r = run_cli("report", "--no-validate", "--endpoint", url, "--timestamp", "2026-01-01T00:00:00",
                "-o", tmp / f"report-{kind}")
    assert r.returncode == 0, r.stderr
    if not (tmp / "report-local").exists():
        local = run_cli("report", "--no-validate", "--store", tmp / "db", "--timestamp", "2026-01-01T00:00:00",
                        "-o", tmp / "report-local")
        assert local.returncode == 0, local.stderr
    tables = sorted(t for t in (tmp / "report-local" / "tables").glob("*.csv") if t.name != "inputs.csv")
    assert len(tables) > 5
    for table in tables:
        there = tmp / f"report-{kind}" / "tables" / table.name
        assert there.exists() and there.read_text() == table.read_text(), table.name


def test_findings_on_the_server_are_the_local_ones(pushed, run_cli):
    tmp, url, _, _ = pushed
    remote = run_cli("validate", "--endpoint", url)
    local = run_cli("validate", "--store", tmp / "db")
    assert remote.returncode == local.returncode == 0, remote.stderr
    assert remote.stderr.splitlines()[-1] == local.stderr.splitlines()[-1]  # the counts line
    without_file = sorted(re.sub(r"^\[([A-Z]+)\] \[graph/\S+ ", r"[\1] [", line) for line in local.stdout.splitlines())
    assert len(without_file) > 100
    assert sorted(remote.stdout.splitlines()) == without_file


# --- Virtuoso's authenticated endpoints: HTTP digest for queries and for the Graph Store Protocol ----------------


def _virtuoso(pushed):
    if pushed[2] != "virtuoso":
        pytest.skip("Virtuoso's digest-authenticated endpoints")
    return pushed


def _environment(monkeypatch, **values):
    for k, v in values.items():
        monkeypatch.setenv(k, v)


def test_queries_through_digest_authentication(pushed, run_cli, monkeypatch):
    tmp, url, _, _ = _virtuoso(pushed)
    q = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {INNOKG_GRAPHS} }}"
    _environment(monkeypatch, **DIGEST)
    r = run_cli("sparql", "-", "--endpoint", url + "-auth", "--format", "csv", input=q)
    assert r.returncode == 0, r.stderr
    n = sum(1 for _ in ox.parse(path=str(tmp / "out" / "innokg.nq"), format=ox.RdfFormat.N_QUADS))
    assert r.stdout.split() == ["n", str(n)]
    _environment(monkeypatch, INNOKG_SPARQL_PASSWORD="wrong")
    r = run_cli("sparql", "-", "--endpoint", url + "-auth", input=q)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stderr.strip().splitlines()[-1].startswith(f"[ERROR] [{url}-auth] HTTP 401"), r.stderr
    # without credentials: refused, and told how to give them (digest for Virtuoso)
    _environment(monkeypatch, INNOKG_SPARQL_USER="", NETRC=str(tmp / "none"))
    r = run_cli("push", "--endpoint", url + "-auth", "--data", tmp / "out" / "innokg.nq")
    assert r.returncode == 2 and "INNOKG_SPARQL_AUTH=digest" in r.stderr.strip().splitlines()[-1], r.stderr


def test_push_with_the_graph_store_protocol(pushed, run_cli, monkeypatch):
    """``--protocol gsp`` to ``/sparql-graph-crud-auth``: PUT then POST per graph replaces the graphs, so the
    server holds the same dataset again (and the other tests of the module still see it)."""
    tmp, url, _, _ = _virtuoso(pushed)
    gsp = url.removesuffix("/sparql") + "/sparql-graph-crud-auth"
    _environment(monkeypatch, **DIGEST)
    r = run_cli("push", "--protocol", "gsp", "--batch-size", "2000", "--endpoint", gsp, "--data", tmp / "out" / "innokg.nq")
    assert r.returncode == 0, r.stderr
    local = _canonical(ox.parse(path=str(tmp / "out" / "innokg.nq"), format=ox.RdfFormat.N_QUADS))
    assert _server_dataset(url) == local
