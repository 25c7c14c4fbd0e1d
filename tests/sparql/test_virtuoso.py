"""The query library on OpenLink Virtuoso (Debian's virtuoso-opensource 7.2): a real server on
127.0.0.1, in a folder and on ports of its own, loaded with the curated dataset; every library
query must give the rows pyoxigraph gives (GROUP_CONCAT parts in any order).

Skips, saying why, where Virtuoso is not installed. The queries Virtuoso still answers
differently are listed in :data:`NOT_YET_PORTABLE` with what it does; they are strict
expected failures, so a query that becomes portable (or an engine that is fixed) shows up.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from innokg.sparql import bind_parameters, load_library, run_local, run_remote
from innokg.sparql.library import resolve_parameters
from support.sparql_curated import CURATED_PARAMS, curated_store, unordered_concat
from support.virtuoso import start_virtuoso, virtuoso_missing

pytestmark = pytest.mark.slow  # a real Virtuoso process

ROOT = Path(__file__).resolve().parents[2]
LIBRARY = load_library(ROOT / "queries")

#: what Virtuoso 7.2.5.1 (Debian 12) does differently, observed on the curated dataset
NOT_YET_PORTABLE = {
    "checks/region-cycle-violation": "Virtuoso refuses it: SQ156 Internal Optimized compiler error (sqldf.c:1528)",
    "documents/grants-with-funders-and-amounts": "other labels and amounts in 2 of 5 rows",
    "documents/regions-served-by-project-phase": "other regions in 4 of 8 rows",
    "events/events-with-weekday-conflict": "no row (the Thursday stated as Friday is missed)",
    "funding/funding-by-funder": "an empty string where the funder is unbound",
}


def _given(q) -> list[str]:
    return [f"{p.name}={CURATED_PARAMS[p.name]}" for p in q.params if p.required and p.default is None]


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    why = virtuoso_missing()
    if why:
        pytest.skip(why)
    local = curated_store()
    folder = tmp_path_factory.mktemp("virtuoso")
    server = start_virtuoso(folder)
    try:
        data = folder / "curated.nq"
        ox.serialize(local, output=str(data), format=ox.RdfFormat.N_QUADS)
        server.load_nquads(data)
        yield server, local
    finally:
        server.stop()


def test_every_quad_loaded(virtuoso):
    server, local = virtuoso
    res = run_remote(server.endpoint, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
                                      "FILTER(STRSTARTS(STR(?g), 'https://w3id.org/innokg/')) }")
    assert int(res.rows[0][0].value) == len(local)


#: queries whose rows on Virtuoso differed from pyoxigraph's in two of three full-suite runs (2026-12-03, `pytest -n 2`)
#: but never when this module runs alone or with the other SPARQL tests; both take ?kind from VALUES into a
#: FILTER NOT EXISTS over rdfs:subClassOf+ — not yet explained, so not asserted either way
UNSTABLE_ON_VIRTUOSO = {"hubs/hub-services", "hubs/hubs-by-region"}


def _cases():
    for q in LIBRARY:
        marks = ()
        if q.name in NOT_YET_PORTABLE:
            marks = pytest.mark.xfail(strict=True, reason=f"Virtuoso 7.2: {NOT_YET_PORTABLE[q.name]}")
        elif q.name in UNSTABLE_ON_VIRTUOSO:
            marks = pytest.mark.xfail(strict=False, reason="Virtuoso 7.2: other rows in some full-suite runs, "
                                                           "not reproduced alone (see UNSTABLE_ON_VIRTUOSO)")
        yield pytest.param(q, id=f"queries/{q.name}.rq", marks=marks)


@pytest.mark.parametrize("q", list(_cases()))
def test_same_rows_on_virtuoso_as_on_pyoxigraph(q, virtuoso):
    server, local = virtuoso
    text = bind_parameters(q.text, resolve_parameters(q, _given(q)))
    there = run_remote(server.endpoint, text)
    here = run_local(local, text)
    assert there.vars == here.vars
    # the same rows; their order is compared on Oxigraph (test_sparql_remote.py), not here: Virtuoso orders IRIs by
    # its internal IRI ids (the load order), not by their strings as SPARQL 1.1 §15.1 says, so ORDER BY ?hub
    # gave another order on another load of the same data (a fresh-clone CI run)
    key = lambda row: tuple((t.type, t.value, t.datatype or "", t.lang or "") if t else () for t in row)  # noqa: E731
    assert sorted(unordered_concat(there.rows, text), key=key) == sorted(unordered_concat(here.rows, text), key=key)


def test_zero_length_path_from_a_bound_start_is_worked_around(virtuoso):
    """The Virtuoso bug behind completeness-gaps' 161,658 rows: ``?x a/rdfs:subClassOf* C`` with ``?x``
    bound from outside (VALUES, FILTER NOT EXISTS) finds nothing; the library writes such a path as
    its zero-length case UNION the ``+`` case, which Virtuoso answers right."""
    server, local = virtuoso
    head = ("PREFIX ikg: <https://w3id.org/innokg/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
            "SELECT ?item WHERE { VALUES ?item { <https://w3id.org/innokg/id/org/tz-net> } ")
    star = head + "FILTER NOT EXISTS { ?item a/(rdfs:subClassOf*) ikg:IndustryActor } }"
    union = head + ("FILTER NOT EXISTS { { ?item a ikg:IndustryActor } UNION "
                    "{ ?item a/(rdfs:subClassOf+) ikg:IndustryActor } } }")
    assert run_local(local, star).rows == run_local(local, union).rows == []  # TZ Net is a company
    assert run_remote(server.endpoint, union).rows == []
    assert len(run_remote(server.endpoint, star).rows) == 1  # the engine's bug, still there in 7.2.5


def test_graph_listing_falls_back_where_graph_var_is_not_enumerated(virtuoso):
    """``checks/source-graph-without-document-violation`` lists the named graphs with ``GRAPH ?g { }`` (no scan
    of the statements on Oxigraph); Virtuoso 7.2 answers that with one row and ``?g`` unbound, so the query's
    second branch reads the graph names off the statements there. Both engines must list the same graphs."""
    server, local = virtuoso
    empty = "SELECT ?g WHERE { GRAPH ?g { } }"
    assert len(run_local(local, empty).rows) >= 3  # one row per named graph (source graphs, inferred, ontology)
    assert run_remote(server.endpoint, empty).rows == [(None,)]  # the engine's behaviour, still there in 7.2.5
    check = next(q for q in LIBRARY if q.name == "checks/source-graph-without-document-violation")
    listing = "\n".join(line for line in check.text.splitlines() if "FILTER NOT EXISTS" not in line)
    assert listing != check.text
    here = sorted(t.value for (t,) in run_local(local, listing).rows)
    there = sorted(t.value for (t,) in run_remote(server.endpoint, listing).rows)
    assert here == there and len(here) >= 5  # every source graph of the curated graph


def test_approximate_amount_on_a_blank_node(tmp_path):
    """``funding/grants-with-approximate-amounts`` on the hand-worked catalogue fixture, whose amount is a blank node
    (``ikg:amount [ schema:value 500000 ; ikg:qualifier ikg:Approximately ; ikg:statedAs "rund 0,5 Mio. Euro" ]``):
    with the FILTER between the qualifier and the owner, Virtuoso 7.2.5 gave "0" for the qualifier, the wording and
    the status (a cold review of issue 20's rewrite). A server of its own: the fixture's IRIs are the curated graph's."""
    why = virtuoso_missing()
    if why:
        pytest.skip(why)
    fixture = ROOT / "tests" / "fixtures" / "queries" / "ecosystem.trig"
    local = ox.Store()
    local.load(path=str(fixture), format=ox.RdfFormat.TRIG)
    data = tmp_path / "ecosystem.nq"
    ox.serialize(local, output=str(data), format=ox.RdfFormat.N_QUADS)
    server = start_virtuoso(tmp_path / "v")
    try:
        server.load_nquads(data)
        q = next(q for q in LIBRARY if q.name == "funding/grants-with-approximate-amounts")
        there = [tuple(t.value if t else None for t in row) for row in run_remote(server.endpoint, q.text).rows]
    finally:
        server.stop()
    here = [tuple(t.value if t else None for t in row) for row in run_local(local, q.text).rows]
    assert there == here
    assert ("https://w3id.org/innokg/id/grant/edih-do-nrw", "Approximately", "rund 0,5 Mio. Euro") in {
        (r[0], r[4], r[5]) for r in here}


def test_summary_readers_with_and_without_the_summary_graph(tmp_path):
    """The seven queries that read graph/summary (innokg.summary) on Virtuoso (two of them its roll-ups of their own rows), on the hand-worked catalogue fixture and
    the three bad-check fixtures: first with the summary the build adds (the checks' counts fall short there, so they
    read the data and fire), then with the graph cleared on the server (the direct route) — pyoxigraph's rows each
    time. The curated run above takes the route where the summary closes the checks. A server of its own."""
    why = virtuoso_missing()
    if why:
        pytest.skip(why)
    from innokg.summary import add_summary

    fixtures = ROOT / "tests" / "fixtures" / "queries"
    local = ox.Store()
    for f in (fixtures / "ecosystem.trig", fixtures / "checks" / "participation-incomplete-violation.trig",
              fixtures / "checks" / "monetary-amount-incomplete-violation.trig",
              fixtures / "checks" / "amount-not-positive-violation.trig"):
        local.load(path=str(f), format=ox.RdfFormat.TRIG)
    add_summary(local)
    data = tmp_path / "summarised.nq"
    ox.serialize(local, output=str(data), format=ox.RdfFormat.N_QUADS)
    names = ("provenance/source-documents", "checks/participation-incomplete-violation",
             "checks/monetary-amount-incomplete-violation", "checks/amount-not-positive-violation",
             "funding/grants-with-approximate-amounts", "funding/funding-by-year", "funding/funding-by-programme")
    key = lambda row: tuple((t.type, t.value, t.datatype or "", t.lang or "") if t else () for t in row)  # noqa: E731
    server = start_virtuoso(tmp_path / "v")
    try:
        server.load_nquads(data)
        for route in ("summary", "direct"):
            if route == "direct":
                summary = ox.NamedNode("https://w3id.org/innokg/graph/summary")
                server.isql(f"SPARQL CLEAR GRAPH <{summary.value}>;")
                local.remove_graph(summary)
            for name in names:
                text = next(q for q in LIBRARY if q.name == name).text
                here = run_local(local, text).rows
                assert here, (route, name)  # every one answers here: the checks fire, the documents and the
                #                             approximate amount (the catalogue's "rund 0,5 Mio. Euro") are listed
                assert sorted(run_remote(server.endpoint, text).rows, key=key) == sorted(here, key=key), (route, name)
    finally:
        server.stop()


def test_two_builds_loaded_together_on_virtuoso(tmp_path):
    """Two builds summarised apart, then loaded into one Virtuoso (tests/test_summary.py, the same builds a and b;
    tests/fixtures/queries/README.md "Two builds loaded together"). Virtuoso 7.2 cannot list the graphs the summary
    did not count (README, "The derived summary graph"), so only the summary's own size tells the merged figures
    apart. Build a alone with statements added after its summary inside its counted graphs (a value 0, a second
    qualifier ikg:Approximately, a literal contribution, a participation without a project): the gates stay closed (no
    row: the size check does not open them on Virtuoso) - but amount-not-positive's gate does not close there (nor
    did it before), which this test pins. Both builds: each gated query reads the data and
    gives pyoxigraph's rows, b's rows among them."""
    why = virtuoso_missing()
    if why:
        pytest.skip(why)
    import test_summary as ts
    from innokg.summary import add_summary

    names = ("checks/participation-incomplete-violation", "checks/monetary-amount-incomplete-violation",
             "checks/amount-not-positive-violation", "funding/grants-with-approximate-amounts")
    a, b = ox.Store(), ox.Store()
    a.load(input=ts.BUILD_A, format=ox.RdfFormat.TRIG)
    b.load(input=ts.BUILD_B, format=ox.RdfFormat.TRIG)
    add_summary(a)
    add_summary(b)
    # statements added after a's summary, inside the graphs it counted: each gated query that closes gives no row
    a.load(input=ts.PREFIXES + """g:exact { id:amount-a schema:value 0 ; ikg:qualifier ikg:Approximately .
        id:grant-a ikg:contribution "5" . } g:a { id:pa2 a ikg:Participation ; ikg:participant id:o . }""",
           format=ox.RdfFormat.TRIG)
    ox.serialize(a, output=str(tmp_path / "a.nq"), format=ox.RdfFormat.N_QUADS)
    ox.serialize(b, output=str(tmp_path / "b.nq"), format=ox.RdfFormat.N_QUADS)
    both = ox.Store()
    both.extend(a)
    both.extend(b)
    key = lambda row: tuple((t.type, t.value, t.datatype or "", t.lang or "") if t else () for t in row)  # noqa: E731
    server = start_virtuoso(tmp_path / "v")
    try:
        server.load_nquads(tmp_path / "a.nq")
        for name in names:
            text = next(q for q in LIBRARY if q.name == name).text
            assert run_local(a, text).rows == [] and run_local(ts.without_summary(a), text).rows, name
            remote = [tuple(t.value for t in row) for row in run_remote(server.endpoint, text).rows]
            # Virtuoso 7.2 does not close the amount-not-positive gate on a summary pyoxigraph closes it on (the text
            # before this test neither): it reads the data and reports grant a's value 0
            assert remote == ([("https://w3id.org/innokg/id/grant-a", "https://w3id.org/innokg/ontology#amount", "0")]
                              if name == "checks/amount-not-positive-violation" else []), name
        server.load_nquads(tmp_path / "b.nq")
        for name in names:
            text = next(q for q in LIBRARY if q.name == name).text
            here = run_local(both, text).rows
            assert here, name  # b's rows (and grant a's value 0, now read)
            assert sorted(run_remote(server.endpoint, text).rows, key=key) == sorted(here, key=key), name
    finally:
        server.stop()
