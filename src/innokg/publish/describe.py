"""The dataset described as a DCAT-AP 3 catalogue with VoID, and the endpoint in the SPARQL service description.

What a consumer needs before downloading anything: the licences (per source graph, and of every download:
all the licences of its parts), the sources (one named graph each, with the document or dataset it was derived
from), the vocabularies used, triple counts overall and per graph, the version and the one before it, the
temporal and spatial coverage, the addresses, media types, sizes and checksums of the downloads, and the SPARQL
endpoint as a ``dcat:DataService``. ``void.ttl`` passes the DCAT-AP 3.0.0 SHACL shapes (``shapes.ttl`` +
``range.ttl``) without a Violation (tests/publish/test_dcat_ap.py).

References
----------
.. [1] K. Alexander, R. Cyganiak, M. Hausenblas, J. Zhao, "Describing Linked Datasets
   with the VoID Vocabulary", W3C Interest Group Note, 2011.
.. [2] W3C, "Data Catalog Vocabulary (DCAT) - Version 3", W3C Recommendation, 2024.
.. [3] G. T. Williams, "SPARQL 1.1 Service Description", W3C Recommendation, 2013.
.. [4] SEMIC, "DCAT Application Profile for data portals in Europe (DCAT-AP) 3.0.0", 2024,
   https://semiceu.github.io/DCAT-AP/releases/3.0.0/ (the EU vocabularies for themes, file types, languages,
   access rights and availability are those it names).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, SKOS, VOID, XSD

from innokg.namespaces import IKG
from innokg.publish.data import PREFIXES, LinkedData
from innokg.publish.licences import Terms, combined_terms, home_graphs, licence_of

__all__ = ["Catalogue", "Dump", "void_description", "service_description", "RESULT_FORMATS"]

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
PROV = Namespace("http://www.w3.org/ns/prov#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
DCAT3 = Namespace(str(DCAT))  # the DCAT 3 terms rdflib's closed DCAT namespace lacks (version, previousVersion …)
DCATAP = Namespace("http://data.europa.eu/r5r/")
SPDX = Namespace("http://spdx.org/rdf/terms#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
CC = Namespace("http://creativecommons.org/ns#")
EU = "http://publications.europa.eu/resource/authority/"
IANA = "https://www.iana.org/assignments/media-types/"
#: EU data themes of the dataset (DCAT-AP: dcat:theme from the Data Theme vocabulary)
THEMES = {"ECON": "Economy and finance", "TECH": "Science and technology", "REGI": "Regions and cities",
          "GOVE": "Government and public sector"}
KEYWORDS = ("innovation ecosystem", "digital innovation hub", "cluster", "research funding", "knowledge graph",
            "linked data")
#: EU file types (DCAT-AP: dct:format) by media type
FILE_TYPES = {"application/trig": "RDF_TRIG", "application/n-quads": "RDF_N_QUADS", "text/turtle": "RDF_TURTLE",
              "application/ld+json": "JSON_LD", "text/csv": "CSV", "application/vnd.apache.parquet": "PARQUET",
              "text/html": "HTML"}

#: W3C format IRIs of the results the endpoint gives.
RESULT_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                  "Turtle", "N-Triples", "JSON-LD", "RDF_XML")
_IGNORED_NS = {"http://www.w3.org/1999/02/22-rdf-syntax-ns#"}


@dataclass(frozen=True)
class Dump:
    """A download (a whole-dataset dump, one graph's dump, a table)."""

    path: str  # relative to the site root
    media_type: str
    format_iri: str  # a W3C formats IRI (or "")
    title: str
    compressed: str = ""  # media type of the compression, if any
    size: int = 0
    sha256: str = ""  # hex digest of the file
    graphs: tuple[str, ...] = ()  # the named graphs it holds (() = all of them)
    description: str = ""


@dataclass
class Catalogue:
    """What the catalogue says beyond the data: who publishes it, its version, the one before, the licences."""

    publisher: str = "innokg"
    contact_url: str = ""  # default: the site
    issued: str | None = None
    version: str = ""
    previous_version: str = ""
    version_notes: str = ""
    terms: dict[str, Terms] = field(default_factory=dict)  # graph -> terms (publish.licences.graph_terms)


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


def _coverage(ld: LinkedData) -> tuple[str | None, str | None, list[str]]:
    """(first date, last date, NUTS country codes) the data speaks of."""
    rows = list(ld.store.query(
        "PREFIX schema: <http://schema.org/> SELECT (MIN(?d) AS ?a) (MAX(?d) AS ?b) WHERE { GRAPH ?g { "
        "?s schema:startDate|schema:endDate ?d } "
        "FILTER(DATATYPE(?d) = <http://www.w3.org/2001/XMLSchema#date>) }"))
    first = rows[0]["a"].value if rows and rows[0]["a"] is not None else None
    last = rows[0]["b"].value if rows and rows[0]["b"] is not None else None
    codes = sorted({r["c"].value for r in ld.store.query(
        f"SELECT DISTINCT ?c WHERE {{ GRAPH ?g {{ ?r <{IKG.nutsCode}> ?c }} FILTER(REGEX(STR(?c), '^[A-Z]{{2}}$')) }}")})
    return first, last, codes


def _concept(g: Graph, iri: URIRef, label: str, scheme: URIRef | None = None) -> URIRef:
    g.add((iri, RDF.type, SKOS.Concept))
    g.add((iri, SKOS.prefLabel, Literal(label, lang="en")))
    if scheme is not None:
        g.add((iri, SKOS.inScheme, scheme))
    return iri


class _Licences:
    """Licence documents of the catalogue: each licence once, each combination once (as a document of its own)."""

    def __init__(self, g: Graph, ld: LinkedData, site_url: str) -> None:
        self.g, self.ld, self.site_url = g, ld, site_url
        self.done: set[str] = set()

    def licence(self, iri: str) -> URIRef:
        node = URIRef(iri)
        if iri not in self.done:
            self.done.add(iri)
            lic = licence_of(iri, self.ld.base)
            self.g.add((node, RDF.type, DCTERMS.LicenseDocument))
            self.g.add((node, RDFS.label, Literal(lic.label, lang="en")))
            for t in lic.types or (ADMS_UNKNOWN,):
                self.g.add((node, DCTERMS.type, _concept(self.g, URIRef(t), t.rsplit("/", 1)[-1])))
        return node

    def of(self, terms: Terms) -> URIRef:
        """The licence document of a download under ``terms``: the one licence, or the combination of all."""
        if len(terms.licences) == 1:
            return self.licence(terms.licences[0])
        node = URIRef(f"{self.site_url}licences.html#terms-{terms.key()}")
        if str(node) not in self.done:
            self.done.add(str(node))
            self.g.add((node, RDF.type, DCTERMS.LicenseDocument))
            labels = [licence_of(i, self.ld.base).label for i in terms.licences]
            self.g.add((node, RDFS.label, Literal("All of: " + "; ".join(labels), lang="en")))
            types = set()
            for i in terms.licences:
                self.g.add((node, DCTERMS.hasPart, self.licence(i)))
                types |= set(licence_of(i, self.ld.base).types) or {str(ADMS_UNKNOWN)}
            for t in sorted(types):
                self.g.add((node, DCTERMS.type, URIRef(t)))
        return node

    def rights(self, terms: Terms, subject: URIRef) -> None:
        """A rights statement in words: who holds the rights, what a user may do, whom to credit."""
        node = URIRef(str(subject).split("#")[0] + "#rights")
        self.g.add((node, RDF.type, DCTERMS.RightsStatement))
        self.g.add((node, RDFS.label, Literal(rights_text(terms, self.ld.base), lang="en")))
        self.g.add((subject, DCTERMS.rights, node))


ADMS_UNKNOWN = URIRef("http://purl.org/adms/licencetype/UnknownIPR")


def rights_text(terms: Terms, base: str) -> str:
    """What a user may do under ``terms``, in one sentence."""
    commercial = terms.commercial(base)
    may = {True: "Commercial and non-commercial use allowed", False: "Non-commercial use only",
           None: "Terms of use not (all) known: ask the rights holders before reuse"}[commercial]
    holders = f"; rights holders: {', '.join(terms.rights_holders)}" if terms.rights_holders else ""
    return f"{may}; credit the sources{holders}".rstrip(".") + "."


def void_description(ld: LinkedData, site_url: str, endpoint_url: str | None, dumps: list[Dump],
                     catalogue: Catalogue | None = None,
                     title: str = "innokg — knowledge graph of the innovation ecosystem") -> Graph:
    """DCAT-AP 3 catalogue + VoID description of the published dataset (an rdflib Graph).

    ``site_url`` is where the site is served (download addresses are made absolute
    with it); ``catalogue.issued`` is passed in (not read from the clock) so the output is
    reproducible.
    """
    cat_info = catalogue or Catalogue()
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    for prefix, ns in (("sd", SD), ("formats", FORMATS), ("adms", ADMS), ("dcatap", DCATAP), ("spdx", SPDX),
                       ("vcard", VCARD), ("cc", CC)):
        g.bind(prefix, ns)
    licences = _Licences(g, ld, site_url)
    terms = cat_info.terms
    everything = combined_terms(list(terms.values())) if terms else None
    ds = URIRef(ld.base + "dataset")
    cat = URIRef(ld.base + "catalog")
    publisher = URIRef(ld.base + "catalog#publisher")
    contact = URIRef(ld.base + "catalog#contact")
    home = URIRef(site_url)
    landing = URIRef(site_url + "index.html")
    english = URIRef(EU + "language/ENG")
    # -- the catalogue, its publisher and contact point
    g.add((cat, RDF.type, DCAT.Catalog))
    g.add((cat, DCTERMS.title, Literal(title, lang="en")))
    g.add((cat, DCTERMS.description, Literal(
        "The innokg knowledge graph: its dataset, downloads and SPARQL endpoint.", lang="en")))
    g.add((cat, DCTERMS.publisher, publisher))
    g.add((cat, FOAF.homepage, home))
    g.add((home, RDF.type, FOAF.Document))
    g.add((cat, DCAT.dataset, ds))
    g.add((cat, DCTERMS.language, english))
    g.add((english, RDF.type, DCTERMS.LinguisticSystem))
    themes = URIRef(EU + "data-theme")
    g.add((cat, DCAT.themeTaxonomy, themes))
    g.add((themes, RDF.type, SKOS.ConceptScheme))
    g.add((themes, DCTERMS.title, Literal("Data theme", lang="en")))
    if everything:
        g.add((cat, DCTERMS.license, licences.of(everything)))
    if cat_info.issued:
        g.add((cat, DCTERMS.issued, Literal(cat_info.issued, datatype=XSD.date)))
        g.add((cat, DCTERMS.modified, Literal(cat_info.issued, datatype=XSD.date)))
    g.add((publisher, RDF.type, FOAF.Agent))
    g.add((publisher, FOAF.name, Literal(cat_info.publisher)))
    g.add((contact, RDF.type, VCARD.Kind))
    g.add((contact, RDF.type, VCARD.Organization))
    g.add((contact, VCARD.fn, Literal(cat_info.publisher)))
    g.add((contact, VCARD.hasURL, URIRef(cat_info.contact_url or site_url)))
    # -- the dataset
    g.add((ds, RDF.type, VOID.Dataset))
    g.add((ds, RDF.type, DCAT.Dataset))
    g.add((ds, DCTERMS.title, Literal(title, lang="en")))
    g.add((ds, DCTERMS.title, Literal("innokg — Wissensgraph des Innovationsökosystems", lang="de")))
    g.add((ds, DCTERMS.description, Literal(
        "Hubs, clusters, networks, consortia, their organisations, funders, programmes, grants, projects, "
        "regions and topics, each statement in the named graph of the source document it was taken from.",
        lang="en")))
    g.add((ds, DCTERMS.publisher, publisher))
    g.add((ds, DCAT.contactPoint, contact))
    g.add((ds, DCTERMS.accessRights, URIRef(EU + "access-right/PUBLIC")))
    g.add((URIRef(EU + "access-right/PUBLIC"), RDF.type, DCTERMS.RightsStatement))
    g.add((ds, DCTERMS.language, english))
    for code, label in THEMES.items():
        g.add((ds, DCAT.theme, _concept(g, URIRef(f"{EU}data-theme/{code}"), label, themes)))
    for kw in KEYWORDS:
        g.add((ds, DCAT.keyword, Literal(kw, lang="en")))
    if everything:
        g.add((ds, DCTERMS.license, licences.of(everything)))
    if cat_info.issued:
        g.add((ds, DCTERMS.issued, Literal(cat_info.issued, datatype=XSD.date)))
        g.add((ds, DCTERMS.modified, Literal(cat_info.issued, datatype=XSD.date)))
    if cat_info.version:
        g.add((ds, DCAT3.version, Literal(cat_info.version)))
        g.add((ds, DCTERMS.identifier, Literal(cat_info.version)))
        current = URIRef(f"{ld.base}dataset/{cat_info.version}")
        g.add((ds, DCAT3.hasCurrentVersion, current))
        g.add((current, RDF.type, DCAT.Resource))  # the release itself: a dcat:Dataset would repeat the dataset
        g.add((current, DCTERMS.title, Literal(f"{title}, version {cat_info.version}", lang="en")))
        g.add((current, DCTERMS.description, Literal(
            f"Release {cat_info.version} of the innokg dataset (date + SHA-256 of its N-Quads dump).", lang="en")))
        g.add((current, DCAT3.version, Literal(cat_info.version)))
        g.add((current, DCTERMS.isVersionOf, ds))
        if cat_info.previous_version:
            prev = URIRef(f"{ld.base}dataset/{cat_info.previous_version}")
            g.add((current, DCAT3.previousVersion, prev))
            g.add((ds, DCAT3.previousVersion, prev))
        if cat_info.version_notes:
            g.add((current, ADMS.versionNotes, Literal(cat_info.version_notes, lang="en")))
            g.add((ds, ADMS.versionNotes, Literal(cat_info.version_notes, lang="en")))
    first, last, countries = _coverage(ld)
    if first and last:
        period = URIRef(ld.base + "dataset#period")
        g.add((ds, DCTERMS.temporal, period))
        g.add((period, RDF.type, DCTERMS.PeriodOfTime))
        g.add((period, DCAT.startDate, Literal(first, datatype=XSD.date)))
        g.add((period, DCAT.endDate, Literal(last, datatype=XSD.date)))
    for code in countries:
        place = URIRef("http://data.europa.eu/nuts/code/" + code)
        g.add((ds, DCTERMS.spatial, place))
        g.add((cat, DCTERMS.spatial, place))
        g.add((place, RDF.type, DCTERMS.Location))
    g.add((ds, FOAF.homepage, home))
    g.add((ds, DCAT.landingPage, landing))
    g.add((landing, RDF.type, FOAF.Document))
    g.add((ds, VOID.uriSpace, Literal(ld.id_space)))
    g.add((ds, VOID.triples, Literal(ld.union_size(), datatype=XSD.integer)))
    g.add((ds, VOID.entities, Literal(len([e for e in ld.entities() if ld.kind(e) != "graph"]),
                                      datatype=XSD.integer)))
    for vocab in _vocabularies(ld):
        g.add((ds, VOID.vocabulary, URIRef(vocab)))
    for ex in _examples(ld):
        g.add((ds, VOID.exampleResource, URIRef(ex)))
    # -- the SPARQL endpoint
    if endpoint_url:
        g.add((ds, VOID.sparqlEndpoint, URIRef(endpoint_url)))
        svc = URIRef(endpoint_url)
        g.add((cat, DCAT.service, svc))
        g.add((svc, RDF.type, DCAT.DataService))
        g.add((svc, DCTERMS.title, Literal("innokg SPARQL endpoint", lang="en")))
        g.add((svc, DCTERMS.description, Literal(
            "Read-only SPARQL 1.1 endpoint over the named graphs of the dataset (default graph: their union).",
            lang="en")))
        g.add((svc, DCAT.endpointURL, URIRef(endpoint_url)))
        g.add((svc, DCAT.endpointDescription, URIRef(site_url + "sparql-service-description.ttl")))
        g.add((svc, DCAT.servesDataset, ds))
        g.add((svc, DCTERMS.publisher, publisher))
        g.add((svc, DCAT.contactPoint, contact))
        protocol = URIRef("https://www.w3.org/TR/sparql11-protocol/")
        g.add((svc, DCTERMS.conformsTo, protocol))
        g.add((protocol, RDF.type, DCTERMS.Standard))
        for code in THEMES:
            g.add((svc, DCAT.theme, URIRef(f"{EU}data-theme/{code}")))
        g.add((svc, DCAT.keyword, Literal("SPARQL", lang="en")))
        if everything:
            g.add((svc, DCTERMS.license, licences.of(everything)))
    # -- the downloads
    stable = _concept(g, URIRef("http://data.europa.eu/r5r/availability/stable"), "stable")
    for d in dumps:
        url = URIRef(site_url + d.path)
        if d.format_iri and not d.graphs:
            g.add((ds, VOID.dataDump, url))
        dist = URIRef(site_url + d.path + "#distribution")
        g.add((ds, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCTERMS.title, Literal(d.title, lang="en")))
        g.add((dist, DCTERMS.description, Literal(d.description or d.title, lang="en")))
        g.add((dist, DCAT.accessURL, url))
        g.add((dist, DCAT.downloadURL, url))
        media = URIRef(IANA + d.media_type)
        g.add((dist, DCAT.mediaType, media))
        g.add((media, RDF.type, DCTERMS.MediaType))
        if d.media_type in FILE_TYPES:
            ftype = URIRef(f"{EU}file-type/{FILE_TYPES[d.media_type]}")
            g.add((dist, DCTERMS["format"], ftype))
            g.add((ftype, RDF.type, DCTERMS.MediaTypeOrExtent))
        if d.format_iri:
            g.add((dist, DCTERMS.conformsTo, URIRef(d.format_iri)))
            g.add((URIRef(d.format_iri), RDF.type, DCTERMS.Standard))
        if d.compressed:
            comp = URIRef(IANA + d.compressed)
            g.add((dist, DCAT.compressFormat, comp))
            g.add((comp, RDF.type, DCTERMS.MediaType))
        if d.size:
            g.add((dist, DCAT.byteSize, Literal(d.size, datatype=XSD.decimal)))
        if d.sha256:
            checksum = URIRef(site_url + d.path + "#checksum")
            g.add((dist, SPDX.checksum, checksum))
            g.add((checksum, RDF.type, SPDX.Checksum))
            g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
            g.add((checksum, SPDX.checksumValue, Literal(d.sha256, datatype=XSD.hexBinary)))
        g.add((dist, DCATAP.availability, stable))
        if cat_info.issued:
            g.add((dist, DCTERMS.issued, Literal(cat_info.issued, datatype=XSD.date)))
        if terms:
            parts = [terms[x] for x in d.graphs if x in terms] if d.graphs else list(terms.values())
            if parts:
                t = combined_terms(parts)
                g.add((dist, DCTERMS.license, licences.of(t)))
                licences.rights(t, dist)
    # -- one subset per named graph: its size, its source, its licences, whom to credit
    derived = ox.NamedNode(str(PROV.wasDerivedFrom))
    for graph_iri, n in sorted(ld.graph_counts().items()):
        sub = URIRef(graph_iri)
        g.add((ds, VOID.subset, sub))
        g.add((sub, RDF.type, VOID.Dataset))
        g.add((sub, VOID.triples, Literal(n, datatype=XSD.integer)))
        for q in ld.store.quads_for_pattern(ox.NamedNode(graph_iri), derived, None, None):
            if isinstance(q.object, ox.NamedNode):
                g.add((sub, PROV.wasDerivedFrom, URIRef(q.object.value)))
                g.add((ds, PROV.wasDerivedFrom, URIRef(q.object.value)))
                if ld.labels(q.object.value):
                    g.add((URIRef(q.object.value), DCTERMS.title, Literal(ld.label(q.object.value))))
        t = terms.get(graph_iri)
        if t:
            for lic in t.licences:
                g.add((sub, DCTERMS.license, licences.licence(lic)))
            for holder in t.rights_holders:
                g.add((sub, DCTERMS.rightsHolder, Literal(holder)))
            g.add((sub, CC.attributionName, Literal(t.attribution)))
        dump = ld.graph_dump_path(graph_iri)
        if dump:
            g.add((sub, VOID.dataDump, URIRef(site_url + dump)))
        page = ld.doc_path(graph_iri)
        if page:
            g.add((sub, FOAF.page, URIRef(f"{site_url}doc/{page}.html")))
        g.add((sub, RDFS.label, Literal(graph_iri[len(ld.graph_space):] if graph_iri.startswith(ld.graph_space)
                                        else graph_iri)))
    _linksets(g, ld, ds)
    return g


#: link predicates whose statements form a linkset (void:Linkset) when the object is outside the IRI space
LINK_PREDICATES = ("http://www.w3.org/2002/07/owl#sameAs", "http://www.w3.org/2004/02/skos/core#exactMatch",
                   "http://www.w3.org/2004/02/skos/core#closeMatch", "http://schema.org/sameAs")


def _linksets(g: Graph, ld: LinkedData, ds: URIRef) -> None:
    """The links between organisations (and other entities): one void:Linkset per link predicate and pair of
    targets — two source graphs (the organisation matches of ``innokg import``, ``skos:exactMatch``), or a graph
    and a dataset elsewhere (by host)."""
    home = None
    for pred in LINK_PREDICATES:
        counts: dict[tuple[str, str], int] = {}
        for q in ld.store.quads_for_pattern(None, ox.NamedNode(pred), None, None):
            if not isinstance(q.object, ox.NamedNode) or not isinstance(q.subject, ox.NamedNode):
                continue
            if q.object.value.startswith(ld.base):
                home = home if home is not None else home_graphs(ld)
                pair = (home.get(q.subject.value, str(ds)), home.get(q.object.value, str(ds)))
            else:
                m = re.match(r"^https?://[^/]+/", q.object.value)
                if not m:
                    continue
                pair = (str(ds), m.group(0))
            counts[pair] = counts.get(pair, 0) + 1
        for (subjects, objects), n in sorted(counts.items()):
            key = hashlib.sha1(f"{pred} {subjects} {objects}".encode()).hexdigest()[:10]
            ls = URIRef(f"{ld.base}dataset#links-{key}")
            g.add((ls, RDF.type, VOID.Linkset))
            g.add((ls, VOID.linkPredicate, URIRef(pred)))
            g.add((ls, VOID.subjectsTarget, URIRef(subjects)))
            g.add((ls, VOID.objectsTarget, URIRef(objects)))
            g.add((ls, VOID.triples, Literal(n, datatype=XSD.integer)))
            g.add((ls, RDFS.label, Literal(f"{n} {pred.rsplit('#', 1)[-1].rsplit('/', 1)[-1]} links", lang="en")))
            g.add((ds, VOID.subset, ls))


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
