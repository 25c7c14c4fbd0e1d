"""A real SPARQL store: Oxigraph's server on loopback, the graph pushed into it, and every
library query compared local-vs-remote (same rows, same order)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from innokg.errors import ConfigError, QueryError
from innokg.sparql import bind_parameters, load_library, load_store, push_dataset, run_local, run_remote
from innokg.sparql.library import resolve_parameters
from support.oxigraph_server import free_port as _free_port
from support.oxigraph_server import start_oxigraph, stop
from support.sparql_curated import CURATED_PARAMS, curated_store, unordered_concat

pytestmark = pytest.mark.slow  # a real Oxigraph server process

ROOT = Path(__file__).resolve().parents[2]
FIX = ROOT / "tests" / "fixtures" / "queries"
ECO = FIX / "ecosystem.trig"
CASES = yaml.safe_load((FIX / "cases.yaml").read_text())
#: every query of the library, whoever wrote it (parameters: tests/fixtures/queries/cases.yaml or defaults)
LIBRARY = load_library(ROOT / "queries")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    proc, base = start_oxigraph(tmp_path_factory.mktemp("oxigraph"))
    yield base
    stop(proc)


@pytest.fixture(scope="module")
def local():
    return load_store(ECO)


def count_quads(base: str) -> int:
    res = run_remote(f"{base}/query", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", check_union=False)
    return int(res.rows[0][0].value)


def graphs(base: str) -> list[str]:
    res = run_remote(f"{base}/query", "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g",
                     check_union=False)
    return [r[0].value for r in res.rows]


def cases():
    for q in LIBRARY:
        for case, params in (CASES.get(q.name) or {"default": {}}).items():
            yield pytest.param(q, params, id=f"queries/{q.name}.rq[{case}]")


@pytest.fixture(scope="module")
def pushed(server, local):
    push_dataset(local, f"{server}/update")
    return server


@pytest.mark.parametrize("q,params", list(cases()))
def test_same_rows_remote_as_local(q, params, pushed, local):
    text = bind_parameters(q.text, resolve_parameters(q, [f"{k}={v}" for k, v in params.items()]))
    remote = run_remote(f"{pushed}/query", text)
    here = run_local(local, text)
    assert remote.vars == here.vars
    assert remote.rows == here.rows


def test_push_twice_replaces_never_duplicates(server, local):
    push_dataset(local, f"{server}/update")
    first = count_quads(server)
    push_dataset(local, f"{server}/update", batch_size=7)  # small batches: blank nodes must stay whole
    assert count_quads(server) == first == len(local)
    # the blank-node amounts are still one node each, not split over batches
    res = run_remote(f"{server}/query", "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?x "
                     "<https://w3id.org/innokg/ontology#contribution> ?a . ?a <http://schema.org/value> ?v }")
    assert res.rows[0][0].value == "2"


def test_push_drops_innokg_graphs_gone_from_the_dataset_and_keeps_others(server, local, tmp_path):
    extra = tmp_path / "extra.trig"
    extra.write_text("<https://w3id.org/innokg/graph/seed-gone> { <http://x/s> <http://x/p> 1 }\n"
                     "<http://example.org/theirs> { <http://x/s> <http://x/p> 2 }\n")
    push_dataset(load_store(extra), f"{server}/update")
    assert "https://w3id.org/innokg/graph/seed-gone" in graphs(server)
    push_dataset(local, f"{server}/update")
    names = graphs(server)
    assert "https://w3id.org/innokg/graph/seed-gone" not in names
    assert "http://example.org/theirs" in names  # not innokg's: left alone
    assert count_quads(server) == len(local) + 1


def test_push_with_graph_store_protocol(tmp_path, local):
    proc, base = start_oxigraph(tmp_path / "db")
    try:
        push_dataset(local, f"{base}/store", protocol="gsp")
        push_dataset(local, f"{base}/store", protocol="gsp")
        assert count_quads(base) == len(local)
        assert graphs(base) == sorted({str(q.graph_name.value) for q in local})
        q = next(q for q in LIBRARY if q.name.endswith("funding-by-funder"))
        assert run_remote(f"{base}/query", q.text).rows == run_local(local, q.text).rows
    finally:
        stop(proc)


def test_endpoint_without_union_default_graph_is_refused(tmp_path, local):
    proc, base = start_oxigraph(tmp_path / "db", union=False)
    try:
        push_dataset(local, f"{base}/update")
        with pytest.raises(ConfigError) as err:
            run_remote(f"{base}/query", "SELECT * WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 1")
        assert "union-default-graph" in err.value.hint
    finally:
        stop(proc)


def test_cli_query_endpoint_prints_what_local_prints(pushed, run_cli):
    args = ["query", "hubs-by-region", "--param", "region=id:region/nuts-DEA", "--format", "csv"]
    here = run_cli(*args, "--data", ECO)
    there = run_cli(*args, "--endpoint", f"{pushed}/query")
    assert here.returncode == there.returncode == 0, here.stderr + there.stderr
    assert there.stdout == here.stdout
    assert "edih-do" in here.stdout


def test_cli_push_and_sparql_stdin(server, run_cli):
    r = run_cli("push", "--endpoint", f"{server}/update", "--data", ECO)
    assert r.returncode == 0, r.stderr
    assert "pushed" in r.stderr
    r = run_cli("sparql", "-", "--endpoint", f"{server}/query", "--format", "tsv",
                input='SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } '
                      'FILTER(STRSTARTS(STR(?g), "https://w3id.org/innokg/graph/")) } ORDER BY ?n')
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[1] == '"7"^^<http://www.w3.org/2001/XMLSchema#integer>'


def test_unreachable_endpoint_is_an_error_naming_it(run_cli):
    url = f"http://127.0.0.1:{_free_port()}/query"
    r = run_cli("query", "hubs-by-kind", "--endpoint", url, "--timeout", "5")
    assert r.returncode == 2
    assert r.stderr.startswith(f"[ERROR] [{url}] cannot reach the endpoint")
    with pytest.raises(QueryError):
        run_remote(url, "ASK {}", timeout=5)


def test_curated_graph_pushed_gives_the_same_rows_for_every_query(tmp_path):
    """The real graph, pushed into a real store: every library query, same rows as locally."""
    local = curated_store()
    proc, base = start_oxigraph(tmp_path / "db")
    try:
        push_dataset(local, f"{base}/update")
        assert count_quads(base) == len(local)
        for q in LIBRARY:
            given = [f"{p.name}={CURATED_PARAMS[p.name]}" for p in q.params
                     if p.required and p.default is None]
            text = bind_parameters(q.text, resolve_parameters(q, given))
            assert unordered_concat(run_remote(f"{base}/query", text).rows, text) == \
                unordered_concat(run_local(local, text).rows, text), q.name
    finally:
        stop(proc)
