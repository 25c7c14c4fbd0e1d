"""The derived summary graph: statistics the build computes once, after reasoning, for the slow queries.

Some library questions need a figure that only a scan of every statement gives: how many statements a
source graph holds (``provenance/source-documents``), or whether every participation names a participant
and a project (``checks/participation-incomplete-violation``) and every amount a value and a currency
(``checks/monetary-amount-incomplete-violation``). :func:`summary_triples` computes those figures once,
after reasoning (:func:`innokg.pipeline.prepare`), into a named graph of its own,
:data:`~innokg.namespaces.SUMMARY_GRAPH` (``https://w3id.org/innokg/graph/summary``), in the VoID vocabulary [1]_:

* ``<graph> void:triples n`` for every other named graph (the statements it holds);
* one class partition per class of :data:`REQUIRED`: ``void:class`` C, ``void:entities`` (the things of
  class C) and, per property P required of them, a property partition with ``void:property`` P and
  ``void:distinctSubjects`` (the things of class C that have a P) [1]_ (section 4.6, partitions of partitions).

Every statement in it is marked as derived the way PROV-O [2]_ marks a computed result: the graph is a
``prov:Entity`` ``prov:wasGeneratedBy`` an activity ``<graph/summary#computation>`` (a ``prov:Activity``) that
``prov:used`` each graph it counted. It states no ``prov:wasDerivedFrom``: that property names the source
*document* of a source graph (``provenance/source-documents``), which the summary is not.

The queries read the summary where it is and fall back to reading the data where it is not (a store loaded
by hand, an endpoint holding other data): a check stops early only when the summary's counts prove that no
node can lack what the check looks for (as many things of class C with P as things of class C); otherwise it
reads the data as before. The summary is rebuilt by every build; it describes the data it was built with.

References
----------
.. [1] Alexander, K., Cyganiak, R., Hausenblas, M. and Zhao, J. (2011). *Describing Linked Datasets with the
   VoID Vocabulary*. W3C Interest Group Note, https://www.w3.org/TR/void/ (sections 4.5 and 4.6).
.. [2] Lebo, T., Sahoo, S. and McGuinness, D. (2013). *PROV-O: The PROV Ontology*. W3C Recommendation,
   https://www.w3.org/TR/prov-o/ (prov:wasGeneratedBy, prov:used).

Examples
--------
>>> import pyoxigraph as ox
>>> store = ox.Store()
>>> g = ox.NamedNode("https://w3id.org/innokg/graph/a")
>>> p = ox.NamedNode("https://w3id.org/innokg/id/p1")
>>> ikg = "https://w3id.org/innokg/ontology#"
>>> store.add(ox.Quad(p, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
...                   ox.NamedNode(ikg + "Participation"), g))
>>> store.add(ox.Quad(p, ox.NamedNode(ikg + "participant"), ox.NamedNode("https://w3id.org/innokg/id/o1"), g))
>>> add_summary(store)  # 5 about the graph and its computation, 2 for graph a, 2 classes x (3 + 2 x 3)
25
>>> counts = summary_of(summary_triples(graph_sizes(store), subjects_in(store)))
>>> counts["https://w3id.org/innokg/graph/a"]
2
>>> counts["https://w3id.org/innokg/graph/summary#ikg-Participation"]
1
>>> counts["https://w3id.org/innokg/graph/summary#ikg-Participation.ikg-participant"]
1
>>> counts["https://w3id.org/innokg/graph/summary#ikg-Participation.ikg-inProject"]
0
"""

from __future__ import annotations

from typing import Callable, Iterable

import pyoxigraph as ox
from rdflib import RDF, RDFS, Literal, URIRef

from innokg.namespaces import IKG, PREFIXES, PROV, SCHEMA, SUMMARY_GRAPH, VOID

__all__ = ["REQUIRED", "summary_triples", "graph_sizes", "subjects_in", "add_summary", "add_summary_to_dataset",
           "summary_of"]

#: Class -> the properties every thing of that class must have, as far as a library query checks it from the
#: summary (``checks/participation-incomplete-violation``, ``checks/monetary-amount-incomplete-violation``; the
#: amounts are the objects of ``ikg:amount``, ``ikg:contribution`` and ``ikg:budget``, whose ``rdfs:range`` is
#: ``schema:MonetaryAmount``, so reasoning has typed every one of them).
REQUIRED: dict[URIRef, tuple[URIRef, ...]] = {
    IKG.Participation: (IKG.participant, IKG.inProject),
    SCHEMA.MonetaryAmount: (SCHEMA.value, SCHEMA.currency),
}

_COMPUTATION = URIRef(str(SUMMARY_GRAPH) + "#computation")
_COMMENT = ("Derived by innokg from the other named graphs at build time (not asserted by any source): VoID "
            "statistics - statements per graph, and things of a class with and without the properties the checks "
            "require - for the library queries that would otherwise read every statement.")


def _short(iri: str) -> str:
    """``ikg-Participation`` for the ontology's IRI, ``schema-value`` for schema.org's (the project's prefixes)."""
    best = max((ns for ns in PREFIXES.values() if iri.startswith(ns)), key=len, default=None)
    if best is None:
        import hashlib

        return "x" + hashlib.sha1(iri.encode("utf-8")).hexdigest()[:12]
    prefix = next(k for k, v in PREFIXES.items() if v == best)
    return f"{prefix}-{iri[len(best):]}"


def summary_triples(sizes: dict[str, int], subjects: Callable[[str, str | None], set],
                    required: dict | None = None) -> list[tuple]:
    """The summary graph's statements (rdflib terms, sorted), from the data's figures.

    Parameters
    ----------
    sizes : dict
        Named graph IRI -> number of statements in it (the summary graph itself left out).
    subjects : callable
        ``subjects(p, o)``: the set of subjects of statements with predicate ``p`` and object ``o`` (any object
        when ``o`` is None), over all graphs.
    required : dict, optional
        Class -> required properties; default :data:`REQUIRED`.
    """
    out = [(SUMMARY_GRAPH, RDF.type, PROV.Entity), (SUMMARY_GRAPH, RDF.type, VOID.Dataset),
           (SUMMARY_GRAPH, RDFS.comment, Literal(_COMMENT, lang="en")),
           (SUMMARY_GRAPH, PROV.wasGeneratedBy, _COMPUTATION), (_COMPUTATION, RDF.type, PROV.Activity)]
    for g, n in sizes.items():
        if g == str(SUMMARY_GRAPH):
            continue
        out.append((_COMPUTATION, PROV.used, URIRef(g)))
        out.append((URIRef(g), VOID.triples, Literal(int(n))))
    for cls, props in (REQUIRED if required is None else required).items():
        things = subjects(str(RDF.type), str(cls))
        part = URIRef(f"{SUMMARY_GRAPH}#{_short(str(cls))}")
        out += [(SUMMARY_GRAPH, VOID.classPartition, part), (part, VOID["class"], cls),
                (part, VOID.entities, Literal(len(things)))]
        for p in props:
            pp = URIRef(f"{part}.{_short(str(p))}")
            out += [(part, VOID.propertyPartition, pp), (pp, VOID.property, p),
                    (pp, VOID.distinctSubjects, Literal(len(things & subjects(str(p), None))))]
    return sorted(out)


def graph_sizes(store: ox.Store) -> dict[str, int]:
    """Named graph IRI -> statements in it, for a pyoxigraph store (one count per graph: on all of H2020 2.2 s against
    3.2 s for one ``GROUP BY ?g``, same counts)."""
    out = {}
    for g in store.named_graphs():
        if isinstance(g, ox.NamedNode):
            rows = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{g.value}> {{ ?s ?p ?o }} }}")
            out[g.value] = int(next(iter(rows))["n"].value)
    return dict(sorted(out.items()))


def subjects_in(store: ox.Store) -> Callable[[str, str | None], set]:
    """``subjects(p, o)`` over every graph of a pyoxigraph store (an index scan each)."""
    def subjects(p: str, o: str | None) -> set:
        obj = ox.NamedNode(o) if o is not None else None
        return {q.subject for q in store.quads_for_pattern(None, ox.NamedNode(p), obj, None)}
    return subjects


def add_summary(store: ox.Store, *, required: dict | None = None) -> int:
    """Compute the summary of ``store``'s data and write it into :data:`SUMMARY_GRAPH` (replacing an old one);
    return the number of statements written."""
    from innokg.load.store import add_graph

    g = ox.NamedNode(str(SUMMARY_GRAPH))
    if any(True for _ in store.quads_for_pattern(None, None, None, g)):
        store.remove_graph(g)
    triples = summary_triples(graph_sizes(store), subjects_in(store), required)
    add_graph(store, triples, SUMMARY_GRAPH)
    return len(triples)


def add_summary_to_dataset(ds, *, required: dict | None = None) -> int:
    """The same for an rdflib Dataset (the rdflib route of :func:`innokg.pipeline.prepare`)."""
    ds.remove_graph(ds.graph(SUMMARY_GRAPH))
    sizes = {str(c.identifier): len(c) for c in ds.graphs()
             if len(c) and not str(c.identifier).startswith("urn:x-rdflib:default")}

    def subjects(p: str, o: str | None) -> set:
        return {s for s, _, _, _ in ds.quads((None, URIRef(p), URIRef(o) if o is not None else None, None))}

    triples = summary_triples(sizes, subjects, required)
    target = ds.graph(SUMMARY_GRAPH)
    for t in triples:
        target.add(t)
    return len(triples)


def summary_of(triples: Iterable[tuple]) -> dict[str, int]:
    """Subject IRI -> its count, from summary statements (rdflib or pyoxigraph terms; for tests and reports)."""
    counted = {str(VOID.triples), str(VOID.entities), str(VOID.distinctSubjects)}
    return {getattr(s, "value", str(s)): int(getattr(o, "value", o)) for s, p, o in triples
            if getattr(p, "value", str(p)) in counted}
