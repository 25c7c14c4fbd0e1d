"""The derived summary graph (innokg.summary): its counts, how it marks itself, that the build rebuilds it, and that
the three queries that read it give the same rows with and without it.

Expected counts are worked by hand from the bad-check fixtures (tests/fixtures/queries/README.md, "The derived
summary graph").
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from innokg.namespaces import SUMMARY_GRAPH
from innokg.pipeline import prepare
from innokg.sparql import load_library, load_store, run_local
from innokg.summary import add_summary, graph_sizes, subjects_in, summary_of, summary_triples

ROOT = Path(__file__).resolve().parents[1]
FIX = ROOT / "tests" / "fixtures" / "queries"
LIBRARY = {q.name: q for q in load_library(ROOT / "queries")}
#: the queries that read graph/summary where it is (their note says how they fall back)
READERS = ("provenance/source-documents", "checks/participation-incomplete-violation",
           "checks/monetary-amount-incomplete-violation")
S = str(SUMMARY_GRAPH)
BAD = "https://w3id.org/innokg/graph/bad"
PARTICIPATION_FIX = FIX / "checks" / "participation-incomplete-violation.trig"
MONETARY_FIX = FIX / "checks" / "monetary-amount-incomplete-violation.trig"


def both_bad_fixtures() -> ox.Store:
    store = load_store(PARTICIPATION_FIX)
    store.load(path=str(MONETARY_FIX), format=ox.RdfFormat.TRIG)
    return store


def summary_graph(store) -> list[ox.Quad]:
    return list(store.quads_for_pattern(None, None, None, ox.NamedNode(S)))


def without_summary(store) -> ox.Store:
    out = ox.Store()
    out.extend(q for q in store if q.graph_name != ox.NamedNode(S))
    return out


def test_counts_worked_by_hand_on_the_bad_fixtures():
    counts = summary_of(summary_triples(graph_sizes(both_bad_fixtures()), subjects_in(both_bad_fixtures())))
    assert counts == {
        BAD: 2 + 6,  # participation x: type, participant; grant x: amount, its type and value; y: contribution, its type
        #              and currency
        S + "#ikg-Participation": 1,  # participation x (y is one only after reasoning: the domain of ikg:contribution)
        S + "#ikg-Participation.ikg-participant": 1,
        S + "#ikg-Participation.ikg-inProject": 0,
        S + "#schema-MonetaryAmount": 2,  # the two blank nodes, typed in the fixture
        S + "#schema-MonetaryAmount.schema-value": 1,
        S + "#schema-MonetaryAmount.schema-currency": 1,
    }


def test_the_summary_marks_itself_as_derived():
    store = both_bad_fixtures()
    add_summary(store)
    g = ox.NamedNode(S)
    prov = "http://www.w3.org/ns/prov#"
    about = {(q.predicate.value, q.object.value) for q in store.quads_for_pattern(g, None, None, g)}
    assert (ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type").value, prov + "Entity") in about
    computation = S + "#computation"
    assert (prov + "wasGeneratedBy", computation) in about
    used = {q.object.value for q in store.quads_for_pattern(ox.NamedNode(computation), ox.NamedNode(prov + "used"),
                                                            None, g)}
    assert used == {BAD}  # every graph it counted, and only those
    # no prov:wasDerivedFrom: that names a source graph's document (provenance/source-documents would list it)
    assert not list(store.quads_for_pattern(None, ox.NamedNode(prov + "wasDerivedFrom"), None, g))
    # written again, not added to: the same statements after a second run
    before = sorted(map(str, summary_graph(store)))
    add_summary(store)
    assert sorted(map(str, summary_graph(store))) == before


@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
def test_the_build_makes_it_after_reasoning_and_rebuilds_it(engine, tmp_path):
    """prepare() counts the reasoned data: participation y of the monetary fixture is a participation only by the
    domain of ikg:contribution. A stale summary in the input (claiming every participation complete) is replaced."""
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(MONETARY_FIX, src / "bad.trig")
    (src / "stale.trig").write_text(
        f"PREFIX void: <http://rdfs.org/ns/void#>\n<{S}> {{ <{S}#ikg-Participation> void:entities 0 . }}\n")
    store = prepare([src], validate=False, engine=engine).store
    counts = summary_of((q.subject, q.predicate, q.object) for q in summary_graph(store))
    assert counts[S + "#ikg-Participation"] == 1
    assert counts[S + "#ikg-Participation.ikg-participant"] == 0
    assert counts[S + "#schema-MonetaryAmount"] == 2
    check = LIBRARY["checks/participation-incomplete-violation"]
    assert {(r["participation"], r["missing"]) for r in run_local(store, check.text).records()} == {
        ("https://w3id.org/innokg/id/participation/y", "ikg:participant"),
        ("https://w3id.org/innokg/id/participation/y", "ikg:inProject")}
    # no reasoning, no summary (its class counts would miss the inferred types)
    assert not summary_graph(prepare([MONETARY_FIX], reason=False, validate=False, engine=engine).store)


@pytest.mark.parametrize("name", READERS)
@pytest.mark.parametrize("fixture", ["ecosystem", "bad checks"])
def test_same_rows_with_and_without_the_summary(name, fixture):
    """Both routes: the summary's figures (added here as the build adds them) and the direct reading of the data."""
    plain = load_store(FIX / "ecosystem.trig") if fixture == "ecosystem" else both_bad_fixtures()
    summarised = without_summary(plain)
    for q in plain:
        summarised.add(q)
    add_summary(summarised)
    assert summary_graph(summarised) and not summary_graph(plain)
    text = LIBRARY[name].text
    assert run_local(summarised, text).rows == run_local(plain, text).rows
    if fixture == "bad checks" and name.startswith("checks/"):
        assert run_local(summarised, text).rows  # the counts fall short: the check reads the data and fires


def test_published_under_every_licence_of_the_graphs_it_counts():
    """publish: graph/summary gets its own dump like every graph, and the licences of the graphs it counted (as
    graph/inferred does), not "unknown". tests/fixtures/publish/licences.trig states the three sources' licences
    (its README): CC BY 4.0 + MIT, EC reuse, unknown + Eurostat/GISCO non-commercial."""
    from innokg.publish.data import LinkedData
    from innokg.publish.licences import graph_terms

    store = load_store(ROOT / "tests" / "fixtures" / "publish" / "licences.trig")
    add_summary(store)
    ld = LinkedData.from_quads(iter(store))
    terms = graph_terms(ld)
    sources = [t for g, t in terms.items() if g not in (S, "https://w3id.org/innokg/graph/ontology")]
    assert terms[S].stated
    assert set(terms[S].licences) == {i for t in sources for i in t.licences}
    assert len(terms[S].licences) == 4  # CC BY 4.0, MIT, unknown, Eurostat/GISCO non-commercial
    assert ld.graph_dump_path(S) == "dumps/graphs/summary.trig"


def test_a_graph_loaded_beside_a_build_is_still_listed_by_source_documents():
    """A store loaded by hand from a build (its graph/summary) and one more source file, as ``innokg query --data
    FOLDER`` loads them: the summary has no ``void:triples`` for the added graph, which must still be listed, with
    its statements counted from the data: 3 (the graph's type and derivation, the document's title), as without the
    summary."""
    extra = "https://w3id.org/innokg/graph/extra"
    built = load_store(FIX / "ecosystem.trig")
    add_summary(built)
    built.load(input=(f"PREFIX prov: <http://www.w3.org/ns/prov#>\n<{extra}> {{ <{extra}> a "
                      f"<https://w3id.org/innokg/ontology#SourceGraph> ; prov:wasDerivedFrom <http://example.org/doc> "
                      f'. <http://example.org/doc> <http://purl.org/dc/terms/title> "Extra" . }}\n'),
               format=ox.RdfFormat.TRIG)
    text = LIBRARY["provenance/source-documents"].text
    rows = run_local(built, text).records()
    assert [(r["graph"], r["title"], int(r["statements"])) for r in rows if r["graph"] == extra] == [
        (extra, "Extra", 3)]
    assert run_local(built, text).rows == run_local(without_summary(built), text).rows


@pytest.mark.parametrize("name", ["checks/participation-incomplete-violation",
                                  "checks/monetary-amount-incomplete-violation"])
def test_a_check_still_fires_on_a_file_loaded_beside_a_build(name):
    """The ecosystem fixture summarised as a build does (its participations and amounts complete: the checks end at
    once), then the check's bad fixture loaded beside it, as ``innokg query --data FOLDER`` loads a build and one more
    file: the summary did not count graph/bad, so the check reads the data and reports the fixture's rows (the
    comment at the top of each fixture, tests/fixtures/queries/README.md "checks/"), as without the summary."""
    built = load_store(FIX / "ecosystem.trig")
    add_summary(built)
    text = LIBRARY[name].text
    assert run_local(built, text).rows == []  # the summary closes the check on the build alone
    built.load(path=str(FIX / "checks" / f"{name.split('/')[1]}.trig"), format=ox.RdfFormat.TRIG)
    rows = run_local(built, text).rows
    assert rows and rows == run_local(without_summary(built), text).rows


def test_a_literal_amount_in_a_counted_graph_still_fires_the_amounts_check():
    """A literal where an amount belongs (``ikg:amount "7"``) is no ``schema:MonetaryAmount`` and so is not in the
    summary's class partition; the check must still report it, once for each of the two missing properties (value,
    currency), as the direct reading does: 2 rows, in a graph the summary counted."""
    g = "https://w3id.org/innokg/graph/literal-amount"
    store = load_store(FIX / "ecosystem.trig")
    store.load(input=f'<{g}> {{ <http://example.org/grant> <https://w3id.org/innokg/ontology#amount> "7" . }}\n',
               format=ox.RdfFormat.TRIG)
    add_summary(store)
    assert any(q.object == ox.NamedNode(g) for q in summary_graph(store))  # the graph was counted
    text = LIBRARY["checks/monetary-amount-incomplete-violation"].text
    rows = run_local(store, text).records()
    assert [(r["thing"], r["missing"]) for r in rows] == [
        ("http://example.org/grant", "schema:currency"), ("http://example.org/grant", "schema:value")]
    assert run_local(store, text).rows == run_local(without_summary(store), text).rows
