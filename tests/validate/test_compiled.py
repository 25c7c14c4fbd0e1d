"""SHACL compiled to SPARQL (innokg.validate.compiled) gives exactly pyshacl's results."""

from __future__ import annotations

import pyoxigraph as ox
import pyshacl
import pytest
import rdflib

from support.paths import ROOT, shared_data
from innokg.validate.compiled import compile_shapes, pyshacl_results, validate_store

SHAPES = ROOT / "tests" / "fixtures" / "shapes" / "import-shapes.ttl"


def both(data_nq: bytes, shapes: rdflib.Graph, ontology: rdflib.Graph | None = None):
    store = ox.Store()
    store.load(data_nq, ox.RdfFormat.N_QUADS)
    g = rdflib.Graph()
    ds = rdflib.Dataset()
    ds.parse(data=data_nq.decode(), format="nquads")
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    if ontology is not None:
        for t in ontology:
            g.add(t)
        store.load(ontology.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES)
    _, report, _ = pyshacl.validate(g, shacl_graph=shapes, inference="none", allow_warnings=True,
                                    allow_infos=True)
    compiled = compile_shapes(shapes)
    assert compiled.unsupported == {}
    return validate_store(store, compiled), pyshacl_results(report)


def test_every_component_against_pyshacl_on_a_broken_fixture():
    data = b"""
<http://e/p1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/innokg/ontology#Participation> <http://e/g> .
<http://e/p1> <https://w3id.org/innokg/ontology#participant> "not an org" <http://e/g> .
<http://e/p1> <https://w3id.org/innokg/ontology#inProject> _:b1 <http://e/g> .
<http://e/p1> <https://w3id.org/innokg/ontology#participationRole> <https://w3id.org/innokg/id/role/boss> <http://e/g> .
<http://e/p1> <https://w3id.org/innokg/ontology#contribution> _:m <http://e/g> .
_:m <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://schema.org/MonetaryAmount> <http://e/g> .
_:m <http://schema.org/value> "-5"^^<http://www.w3.org/2001/XMLSchema#decimal> <http://e/g> .
_:m <http://schema.org/currency> "eur" <http://e/g> .
<http://e/o> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/ns/org#Organization> <http://e/g> .
<http://e/o> <https://w3id.org/innokg/ontology#pic> "12345" <http://e/g> .
<http://e/o> <https://w3id.org/innokg/ontology#locatedIn> <http://e/r> <http://e/g> .
<http://e/o> <https://w3id.org/innokg/ontology#locatedIn> "Berlin" <http://e/g> .
<http://e/r> <http://www.w3.org/2000/01/rdf-schema#label> "A"@de <http://e/g> .
<http://e/r> <http://www.w3.org/2000/01/rdf-schema#label> "B"@de <http://e/g> .
<http://e/r> <http://www.w3.org/2000/01/rdf-schema#label> "C"@fr <http://e/g> .
<http://e/r> <https://w3id.org/innokg/ontology#nutsCode> "X" <http://e/g> .
<http://e/pr> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/innokg/ontology#Project> <http://e/g> .
<http://e/pr> <http://schema.org/startDate> "2020"^^<http://www.w3.org/2001/XMLSchema#gYear> <http://e/g> .
<http://e/pr> <http://www.w3.org/2000/01/rdf-schema#label> "A" <http://e/g> .
<http://e/x> <https://w3id.org/innokg/ontology#inProject> <http://e/pr> <http://e/g> .
"""
    shapes = rdflib.Graph().parse(SHAPES)
    ours, reference = both(data, shapes)
    assert len(reference) >= 15
    components = {r.component.rsplit("#", 1)[1][:-1] for r in reference}
    assert {"ClassConstraintComponent", "MinCountConstraintComponent", "InConstraintComponent",
            "MinInclusiveConstraintComponent", "PatternConstraintComponent", "HasValueConstraintComponent",
            "UniqueLangConstraintComponent", "LanguageInConstraintComponent", "DatatypeConstraintComponent",
            "NodeKindConstraintComponent", "MinLengthConstraintComponent"} <= components
    assert ours == reference


@pytest.mark.parametrize("name,data,args,code", [
    ("cordis-h2020", (), ("--where", "country=DE", "--limit", "400"), 0),
    # exit 1: 26 values left out of the first 60 rows, reported as WARNING
    ("erdf-de", ("de-efre-erdf-2014-2020",), ("--limit", "60"), 1),
])
@pytest.mark.slow
def test_same_as_pyshacl_on_imported_data(run_cli, tmp_path, name, data, args, code):
    out = tmp_path / "x.nq"
    r = run_cli("import", "-q", ROOT / "mappings" / f"{name}.yaml", "--data", shared_data(*data), "-o", out, *args)
    assert r.returncode == code, r.stderr
    ontology = rdflib.Graph()
    for f in sorted((ROOT / "ontology").glob("*.ttl")):
        ontology.parse(f)
    ours, reference = both(out.read_bytes(), rdflib.Graph().parse(SHAPES), ontology)
    # without reasoning the funder (EU) is not yet an ikg:Funder, and nameless PICs have no label
    assert {r.component.rsplit("#", 1)[1] for r in reference} >= {"ClassConstraintComponent>"}
    assert ours == reference


def reasoned_both(data: rdflib.Graph, onto: rdflib.Graph):
    """(shapes/, pyshacl's report, a pyoxigraph store) for ``data`` merged as `innokg build` validates it:
    data, the rules' inferences, ontology."""
    from innokg.reason.rules import materialise
    from innokg.validate.pyshacl_engine import load_shapes

    merged = rdflib.Graph()
    for part in (data, materialise(data, onto), onto):
        for t in part:
            merged.add(t)
    shapes = load_shapes()
    _, report, _ = pyshacl.validate(merged, shacl_graph=shapes, inference="none", advanced=True,
                                    allow_warnings=True, allow_infos=True)
    store = ox.Store()
    store.load(merged.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES)
    return shapes, report, store


def test_same_as_pyshacl_with_project_shapes_on_seed_graph():
    """shapes/ on the curated graph, merged as `innokg build` validates it (data, inferences, ontology)."""
    if not list((ROOT / "shapes").glob("*.ttl")):
        pytest.skip("no shapes/ yet")
    from innokg.load.files import load_dataset, union_graph
    from innokg.namespaces import INFERRED_GRAPH, ONTOLOGY_GRAPH

    ds = load_dataset().dataset
    onto = ds.graph(ONTOLOGY_GRAPH)
    shapes, report, store = reasoned_both(union_graph(ds, exclude=[ONTOLOGY_GRAPH, INFERRED_GRAPH]), onto)
    compiled = compile_shapes(shapes)
    assert compiled.unsupported == {}
    reference = pyshacl_results(report)
    assert len(reference) > 50  # the curated graph's known gaps (Warnings, Infos)
    assert validate_store(store, compiled) == reference
    # the reasoning above materialised every superclass type: plain rdf:type gives the same
    assert validate_store(store, compile_shapes(shapes, materialised=True)) == reference


@pytest.mark.parametrize("fixture", sorted((ROOT / "tests" / "fixtures" / "shapes").glob("*-invalid.trig")),
                         ids=lambda p: p.name.removesuffix("-invalid.trig"))
def test_same_as_pyshacl_on_every_invalid_shape_fixture(fixture):
    """Every shape's broken fixture, reasoned as `innokg build` does, gives pyshacl's results in both modes.

    The materialised mode rewrites ``rdf:type/rdfs:subClassOf*`` to ``rdf:type`` in SHACL-SPARQL
    queries (DisjointClassesShape's pairs of types); a wrong rewrite would lose the violations
    these fixtures carry, so the comparison runs on them and not only on the clean seed graph.
    """
    from innokg.load.files import load_dataset
    from innokg.namespaces import ONTOLOGY_GRAPH

    onto = load_dataset().dataset.graph(ONTOLOGY_GRAPH)
    ds = rdflib.Dataset()
    ds.parse(fixture, format="trig")
    data = rdflib.Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        data.add((s, p, o))
    shapes, report, store = reasoned_both(data, onto)
    reference = pyshacl_results(report)
    assert reference, f"{fixture.name} breaks nothing"
    assert validate_store(store, compile_shapes(shapes)) == reference
    assert validate_store(store, compile_shapes(shapes, materialised=True)) == reference
