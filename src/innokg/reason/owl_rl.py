"""OWL 2 RL reasoning with owlrl, keeping only the statements worth keeping.

``owlrl`` computes the full OWL 2 RL closure of data + ontology. Most of what it
adds is noise for users (``x owl:sameAs x``, ``x a owl:Thing``, facts about the
ontology's own terms). :func:`inferred_statements` returns only the new
statements *about the data*: new types (the triple-helix sector of an
organisation, ``ikg:Funder`` for whoever funds, superclasses), super-properties,
inverse and transitive properties. ``innokg build`` keeps them in their own named
graph, :data:`~innokg.namespaces.INFERRED_GRAPH`.

owlrl is the reference; the fast rule engine for large data must give exactly
the same statements on the seed graph.
"""

from __future__ import annotations

from typing import Iterable

import owlrl
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from innokg.namespaces import bind_prefixes

__all__ = ["inferred_statements", "is_noise"]

_NOISE_TYPES = {OWL.Thing, RDFS.Resource, OWL.NamedIndividual, RDFS.Class, OWL.Class}


def is_noise(triple, ontology_terms: set) -> bool:
    """True for inferred triples that carry no information about the data."""
    s, p, o = triple
    if isinstance(s, Literal) or s in ontology_terms:
        return True
    if p == OWL.sameAs and s == o:
        return True
    if p == RDF.type and (o in _NOISE_TYPES or o in (OWL.DatatypeProperty, OWL.ObjectProperty)):
        return True
    if p in (OWL.sameAs, OWL.differentFrom) and (s in ontology_terms or o in ontology_terms):
        return True
    if p == RDF.type and isinstance(o, URIRef) and str(o).startswith(str(RDFS)) :
        return True
    if p == RDF.type and isinstance(o, URIRef) and str(o).startswith(str(RDF)):
        return True
    return False


def inferred_statements(data: Graph | Iterable, ontology: Graph) -> Graph:
    """Statements about the data that OWL 2 RL reasoning adds.

    Parameters
    ----------
    data : rdflib.Graph
        The asserted statements (all source graphs merged).
    ontology : rdflib.Graph
        Ontology, vocabularies and alignments.

    Returns
    -------
    rdflib.Graph
        New statements only (none of ``data``), noise removed (see :func:`is_noise`).

    Examples
    --------
    >>> from rdflib import Graph, Namespace
    >>> from innokg.load.files import load_ontology
    >>> EX = Namespace("https://w3id.org/innokg/id/")
    >>> IKG = Namespace("https://w3id.org/innokg/ontology#")
    >>> d = Graph(); _ = d.add((EX["org/x"], RDF.type, IKG.University))
    >>> inf = inferred_statements(d, load_ontology())
    >>> (EX["org/x"], RDF.type, IKG.AcademiaActor) in inf
    True
    """
    work = Graph()
    for t in ontology:
        work.add(t)
    for t in data:
        # owlrl converts every literal to its value and raises on an ill-typed one ("abc"^^xsd:decimal,
        # "2026-02-30"^^xsd:date); such a statement is left out of reasoning (no rule needs it) and is
        # reported by validation (shapes/MonetaryAmountShape.ttl, shapes/DateShape.ttl …) instead.
        if isinstance(t[2], Literal) and getattr(t[2], "ill_typed", False):
            continue
        work.add(t)
    before = set(work)
    owlrl.DeductiveClosure(
        owlrl.OWLRL_Semantics, improved_datatypes=False, axiomatic_triples=False, datatype_axioms=False
    ).expand(work)
    ontology_subjects = {s for s in ontology.subjects()}
    # statements about the data: subjects that the data describes or points to,
    # minus the ontology's own terms and vocabulary concepts
    data_nodes = set()
    for s, _, o in data:
        data_nodes.add(s)
        if isinstance(o, (URIRef, BNode)):
            data_nodes.add(o)
    data_nodes -= ontology_subjects
    out = Graph()
    bind_prefixes(out)
    for t in work:
        if t[0] not in data_nodes or t in before or is_noise(t, ontology_subjects):
            continue
        out.add(t)
    return out
