"""The dataset described in VoID and DCAT, and the endpoint in the SPARQL service description.

What a consumer needs before downloading anything: the licence, the sources
(one named graph each, with the document or dataset it was derived from), the
vocabularies used, triple counts overall and per graph, the addresses of the
dumps and of the SPARQL endpoint, and a few example resources.

References
----------
.. [1] K. Alexander, R. Cyganiak, M. Hausenblas, J. Zhao, "Describing Linked Datasets
   with the VoID Vocabulary", W3C Interest Group Note, 2011.
.. [2] W3C, "Data Catalog Vocabulary (DCAT) - Version 3", W3C Recommendation, 2024.
.. [3] G. T. Williams, "SPARQL 1.1 Service Description", W3C Recommendation, 2013.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, VOID, XSD

from innokg.publish.data import PREFIXES, LinkedData

__all__ = ["Dump", "void_description", "service_description", "RESULT_FORMATS"]

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
PROV = Namespace("http://www.w3.org/ns/prov#")

#: W3C format IRIs of the results the endpoint gives.
RESULT_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                  "Turtle", "N-Triples", "JSON-LD", "RDF_XML")
_IGNORED_NS = {"http://www.w3.org/1999/02/22-rdf-syntax-ns#"}


@dataclass(frozen=True)
class Dump:
    """A whole-dataset download."""

    path: str  # relative to the site root
    media_type: str
    format_iri: str  # a W3C formats IRI
    title: str
    compressed: str = ""  # media type of the compression, if any
    size: int = 0


def _namespace(iri: str) -> str:
    m = re.match(r"^(.*[#/])[^#/]*$", iri)
    return m.group(1) if m else iri


def _vocabularies(ld: LinkedData) -> list[str]:
    rows = ld.store.query("SELECT DISTINCT ?p WHERE { GRAPH ?g { ?s ?p ?o } }")
    found = {_namespace(r["p"].value) for r in rows}
    rows = ld.store.query("SELECT DISTINCT ?c WHERE { GRAPH ?g { ?s a ?c } FILTER(isIRI(?c)) }")
    found |= {_namespace(r["c"].value) for r in rows}
    return sorted(found - _IGNORED_NS - {ld.id_space})


def _examples(ld: LinkedData, n: int = 5) -> list[str]:
    """A few described entities of different kinds (hubs first), deterministic."""
    preferred = ["hub", "org", "project", "grant", "programme", "region", "topic"]
    by_kind: dict[str, str] = {}
    for iri in ld.entities():
        kind = ld.kind(iri)
        if kind not in by_kind and ld.labels(iri):
            by_kind[kind] = iri
    ordered = [by_kind[k] for k in preferred if k in by_kind] + [v for k, v in sorted(by_kind.items())
                                                                if k not in preferred and k != "graph"]
    return ordered[:n]


def void_description(ld: LinkedData, site_url: str, endpoint_url: str | None, dumps: list[Dump],
                     license: str, title: str = "innokg — knowledge graph of the innovation ecosystem",
                     issued: str | None = None) -> Graph:
    """VoID + DCAT description of the published dataset (an rdflib Graph).

    ``site_url`` is where the site is served (dump addresses are made absolute
    with it); ``issued`` is passed in (not read from the clock) so the output is
    reproducible.
    """
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    g.bind("sd", SD)
    g.bind("formats", FORMATS)
    ds = URIRef(ld.base + "dataset")
    g.add((ds, RDF.type, VOID.Dataset))
    g.add((ds, RDF.type, DCAT.Dataset))
    g.add((ds, DCTERMS.title, Literal(title, lang="en")))
    g.add((ds, DCTERMS.title, Literal("innokg — Wissensgraph des Innovationsökosystems", lang="de")))
    g.add((ds, DCTERMS.description, Literal(
        "Hubs, clusters, networks, consortia, their organisations, funders, programmes, grants, projects, "
        "regions and topics, each statement in the named graph of the source document it was taken from.",
        lang="en")))
    g.add((ds, DCTERMS.license, URIRef(license)))
    if issued:
        g.add((ds, DCTERMS.issued, Literal(issued, datatype=XSD.date)))
    g.add((ds, FOAF.homepage, URIRef(site_url)))
    g.add((ds, DCAT.landingPage, URIRef(site_url + "index.html")))
    g.add((ds, VOID.uriSpace, Literal(ld.id_space)))
    g.add((ds, VOID.triples, Literal(ld.union_size(), datatype=XSD.integer)))
    g.add((ds, VOID.entities, Literal(len([e for e in ld.entities() if ld.kind(e) != "graph"]),
                                      datatype=XSD.integer)))
    for vocab in _vocabularies(ld):
        g.add((ds, VOID.vocabulary, URIRef(vocab)))
    for ex in _examples(ld):
        g.add((ds, VOID.exampleResource, URIRef(ex)))
    if endpoint_url:
        g.add((ds, VOID.sparqlEndpoint, URIRef(endpoint_url)))
        svc = URIRef(endpoint_url)
        g.add((svc, RDF.type, DCAT.DataService))
        g.add((svc, DCAT.endpointURL, URIRef(endpoint_url)))
        g.add((svc, DCAT.endpointDescription, URIRef(site_url + "sparql-service-description.ttl")))
        g.add((svc, DCAT.servesDataset, ds))
    for d in dumps:
        url = URIRef(site_url + d.path)
        g.add((ds, VOID.dataDump, url))
        dist = URIRef(site_url + d.path + "#distribution")
        g.add((ds, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCTERMS.title, Literal(d.title, lang="en")))
        g.add((dist, DCAT.downloadURL, url))
        g.add((dist, DCAT.mediaType, URIRef("https://www.iana.org/assignments/media-types/" + d.media_type)))
        g.add((dist, DCTERMS["format"], URIRef(d.format_iri)))
        g.add((dist, DCTERMS.license, URIRef(license)))
        if d.compressed:
            g.add((dist, DCAT.compressFormat,
                   URIRef("https://www.iana.org/assignments/media-types/" + d.compressed)))
        if d.size:
            g.add((dist, DCAT.byteSize, Literal(d.size, datatype=XSD.integer)))
    # one subset per named graph: its size and the source it was derived from
    derived = ox.NamedNode(str(PROV.wasDerivedFrom))
    for graph_iri, n in sorted(ld.graph_counts().items()):
        sub = URIRef(graph_iri)
        g.add((ds, VOID.subset, sub))
        g.add((sub, RDF.type, VOID.Dataset))
        g.add((sub, VOID.triples, Literal(n, datatype=XSD.integer)))
        for q in ld.store.quads_for_pattern(ox.NamedNode(graph_iri), derived, None, None):
            if isinstance(q.object, ox.NamedNode):
                g.add((sub, PROV.wasDerivedFrom, URIRef(q.object.value)))
                g.add((ds, DCTERMS.source, URIRef(q.object.value)))
                label = ld.label(q.object.value)
                if ld.labels(q.object.value):
                    g.add((URIRef(q.object.value), DCTERMS.title, Literal(label)))
                for lic in ld.store.quads_for_pattern(q.object, ox.NamedNode(str(DCTERMS.license)), None, None):
                    if isinstance(lic.object, ox.NamedNode):
                        g.add((URIRef(q.object.value), DCTERMS.license, URIRef(lic.object.value)))
        dump = ld.graph_dump_path(graph_iri)
        if dump:
            g.add((sub, VOID.dataDump, URIRef(site_url + dump)))
        page = ld.doc_path(graph_iri)
        if page:
            g.add((sub, FOAF.page, URIRef(f"{site_url}doc/{page}.html")))
        g.add((sub, RDFS.label, Literal(graph_iri[len(ld.graph_space):] if graph_iri.startswith(ld.graph_space)
                                        else graph_iri)))
    return g


def service_description(ld: LinkedData, endpoint_url: str) -> Graph:
    """SPARQL 1.1 service description of the read-only endpoint."""
    g = Graph()
    g.bind("sd", SD)
    g.bind("void", VOID)
    g.bind("formats", FORMATS)
    svc = URIRef(endpoint_url)
    g.add((svc, RDF.type, SD.Service))
    g.add((svc, SD.endpoint, svc))
    g.add((svc, SD.supportedLanguage, SD.SPARQL11Query))
    g.add((svc, SD.feature, SD.UnionDefaultGraph))
    for fmt in RESULT_FORMATS:
        g.add((svc, SD.resultFormat, FORMATS[fmt]))
    g.add((svc, RDFS.comment, Literal(
        "Read-only: updates, LOAD and SERVICE are refused; queries are stopped at a time limit and results "
        "are cut at a size cap (a response header says so). The default graph is the union of the named graphs.",
        lang="en")))
    dd = BNode("defaultDataset")
    g.add((svc, SD.defaultDataset, dd))
    g.add((dd, RDF.type, SD.Dataset))
    g.add((dd, DCTERMS.source, URIRef(ld.base + "dataset")))
    dg = BNode("defaultGraph")
    g.add((dd, SD.defaultGraph, dg))
    g.add((dg, RDF.type, SD.Graph))
    g.add((dg, VOID.triples, Literal(ld.union_size(), datatype=XSD.integer)))
    for graph_iri, n in sorted(ld.graph_counts().items()):
        ng = BNode("ng-" + re.sub(r"[^A-Za-z0-9]", "-", graph_iri))
        g.add((dd, SD.namedGraph, ng))
        g.add((ng, RDF.type, SD.NamedGraph))
        g.add((ng, SD.name, URIRef(graph_iri)))
        gr = BNode("g-" + re.sub(r"[^A-Za-z0-9]", "-", graph_iri))
        g.add((ng, SD.graph, gr))
        g.add((gr, RDF.type, SD.Graph))
        g.add((gr, VOID.triples, Literal(n, datatype=XSD.integer)))
    return g
