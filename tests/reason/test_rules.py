"""Rules compiled to SPARQL (innokg.reason.rules) give exactly owlrl's inferences for those rules."""

from __future__ import annotations

import pyoxigraph as ox
import rdflib
from rdflib.namespace import RDF

from innokg.reason.rules import INFERRED, compile_rules, materialise, owlrl_reference

E = rdflib.Namespace("http://e/")

SCHEMA = """
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix : <http://e/> .
:Company rdfs:subClassOf :IndustryActor . :IndustryActor rdfs:subClassOf :Org .
:funder rdfs:subPropertyOf :sponsor ; rdfs:domain :Grant ; rdfs:range :Funder .
:sponsor rdfs:range :Agent .
:partOf a owl:TransitiveProperty ; rdfs:subPropertyOf :containedIn .
:hasModule owl:inverseOf :moduleOf . :moduleOf rdfs:domain :Module .
:name rdfs:range <http://www.w3.org/2001/XMLSchema#string> .
"""
DATA = """
@prefix : <http://e/> .
:acme a :Company . :g1 :funder :eu . :a :partOf :b . :b :partOf :c . :c :partOf :d .
:p :hasModule :m . :acme :name "ACME" .
"""


def graphs():
    return (rdflib.Graph().parse(data=DATA, format="turtle"), rdflib.Graph().parse(data=SCHEMA, format="turtle"))


def test_hand_worked_inferences():
    data, onto = graphs()
    got = materialise(data, onto)
    # worked by hand from the six rules
    expected = {
        (E.acme, RDF.type, E.IndustryActor), (E.acme, RDF.type, E.Org),          # cax-sco
        (E.g1, E.sponsor, E.eu), (E.g1, RDF.type, E.Grant),                       # prp-spo1, prp-dom
        (E.eu, RDF.type, E.Funder), (E.eu, RDF.type, E.Agent),                    # prp-rng (own + inherited)
        (E.a, E.partOf, E.c), (E.a, E.partOf, E.d), (E.b, E.partOf, E.d),         # prp-trp
        *((s, E.containedIn, o) for s, o in [("a", "b"), ("b", "c"), ("c", "d"), ("a", "c"), ("a", "d"),
                                             ("b", "d")] for s, o in [(E[s], E[o])]),  # prp-spo1 after trp
        (E.m, E.moduleOf, E.p), (E.m, RDF.type, E.Module),                        # prp-inv, then prp-dom
    }
    assert got == expected


def test_same_as_owlrl_on_fixture():
    data, onto = graphs()
    assert materialise(data, onto) == owlrl_reference(data, onto)


def test_store_gets_inferred_graph():
    data, onto = graphs()
    store = ox.Store()
    store.load(DATA.encode(), ox.RdfFormat.TURTLE, to_graph=ox.NamedNode("http://e/g"))
    got = materialise(store, onto)
    assert len(got) == 17
    assert len(list(store.quads_for_pattern(None, None, None, ox.NamedNode(INFERRED)))) == 17
    assert materialise(store, onto) == got  # idempotent


def test_same_as_build_reasoning_on_seed_graph():
    """Exactly the statements ``innokg build`` infers with owlrl (innokg.reason.owl_rl), prepared as build does."""
    from innokg.load.files import load_dataset
    from innokg.namespaces import INFERRED_GRAPH, ONTOLOGY_GRAPH
    from innokg.reason.owl_rl import inferred_statements

    ds = load_dataset().dataset
    from innokg.load.files import union_graph

    ontology = ds.graph(ONTOLOGY_GRAPH)
    data = union_graph(ds, exclude=[ONTOLOGY_GRAPH, INFERRED_GRAPH])
    reference = set(inferred_statements(data, ontology))
    ours = materialise(data, ontology)
    assert len(ours) > 1000
    assert sorted(map(str, ours - reference)) == [] and sorted(map(str, reference - ours)) == []


def test_stream_equals_sparql_on_fixture_and_seed_graph():
    from innokg.load.files import load_dataset, union_graph
    from innokg.namespaces import INFERRED_GRAPH, ONTOLOGY_GRAPH
    from innokg.load.terms import to_oxigraph as _to_ox
    from innokg.reason.rules import infer_stream

    for data, onto in (graphs(), (None, None)):
        if onto is None:
            ds = load_dataset().dataset
            onto = ds.graph(ONTOLOGY_GRAPH)
            data = union_graph(ds, exclude=[ONTOLOGY_GRAPH, INFERRED_GRAPH])
        quads = [ox.Quad(_to_ox(s), _to_ox(p), _to_ox(o)) for s, p, o in data]
        streamed = infer_stream(quads, compile_rules(onto), onto)
        store = ox.Store()
        store.extend(quads)
        assert streamed == materialise(store, onto)


def test_into_store_equals_stream_in_batches(tmp_path):
    """``infer_into`` (the build's route: written into the store batch by batch, the store removing duplicates)
    writes exactly ``infer_stream``'s statements, whatever the batch size, in memory and on disk."""
    from innokg.load.files import load_dataset, union_graph
    from innokg.load.terms import to_oxigraph as _to_ox
    from innokg.namespaces import INFERRED_GRAPH, ONTOLOGY_GRAPH
    from innokg.reason.rules import infer_into, infer_stream

    for data, onto in (graphs(), (None, None)):
        if onto is None:
            ds = load_dataset().dataset
            onto = ds.graph(ONTOLOGY_GRAPH)
            data = union_graph(ds, exclude=[ONTOLOGY_GRAPH, INFERRED_GRAPH])
        quads = [ox.Quad(_to_ox(s), _to_ox(p), _to_ox(o), ox.NamedNode("http://e/g")) for s, p, o in data]
        expected = infer_stream(quads, compile_rules(onto), onto)
        for batch, path in ((1, None), (7, tmp_path / f"db{len(quads)}"), (10**6, None)):
            store = ox.Store(str(path)) if path else ox.Store()
            store.extend(quads)
            n = infer_into(store, compile_rules(onto), onto, batch=batch)
            got = {ox.Triple(q.subject, q.predicate, q.object)
                   for q in store.quads_for_pattern(None, None, None, ox.NamedNode(INFERRED))}
            assert n == len(got) == len(expected) and got == expected, (batch, path)
