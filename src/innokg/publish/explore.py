"""The explorer's data (labels, facets, the organisation network) and the static explorer of ``innokg publish``.

:func:`explorer_data` reads, once, every entity's labels and its facets (kind, region, topic, funder, hub) with
innokg's own constant SPARQL queries; ``innokg serve`` indexes them with tantivy
(:class:`innokg.serve.explorer.ExplorerIndex`), and :func:`write_static_explorer` writes them for a site that
has no server:

=============================  ===================================================================
``explore/index.html``         search over the labels (English, German, any) and the facets, done in the
                               browser by `MiniSearch <https://lucaong.github.io/minisearch/>`_ (npm
                               registry, ``make assets``) from ``explore/data.js``
``explore/network.html``       an organisation's neighbourhood (``?node=IRI``) with cytoscape.js, from
                               ``explore/network-data.js`` (the whole co-affiliation network)
``explore/vendor/``            the two libraries, copied from the package (never from a CDN)
=============================  ===================================================================

The data are JavaScript files (``window.innokgExplore = …``) rather than JSON, so that the pages also work
opened from the disk (``file://``, where a browser refuses to ``fetch``). What needs ``innokg serve``: the SPARQL
editor (no endpoint without a server), the brokerage roles and ego betweenness of a neighbourhood (computed per
request), and the network of a hub (its members together).
"""

from __future__ import annotations

import json
import math
import shutil
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from innokg.namespaces import PREFIXES

__all__ = ["FACETS", "STATIC_VENDOR_FILES", "VENDOR", "ExplorerData", "explorer_data", "fold", "words",
           "write_static_explorer"]

#: the facets, in the order the pages show them
FACETS = ("kind", "region", "topic", "funder", "hub")
#: the vendor files (``make assets``) the static explorer copies into the site
STATIC_VENDOR_FILES = ("minisearch.js", "cytoscape.min.js")
ASSETS = Path(__file__).resolve().parent / "assets"
#: where ``make assets`` puts the browser libraries from npm (shared with ``innokg serve``'s explorer; git-ignored)
VENDOR = Path(__file__).resolve().parent.parent / "serve" / "explorer_assets" / "vendor"
_PREFIX = "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in ("ikg", "org", "rdfs", "skos", "rdf"))
#: facet → a constant query binding ?e (the entity) and ?v (the facet's value)
FACET_QUERIES = {
    "kind": "SELECT DISTINCT ?e ?v WHERE { ?e rdf:type ?v . FILTER(isIRI(?e) && STRSTARTS(STR(?v), STR(ikg:))) }",
    "region": """SELECT DISTINCT ?e ?v WHERE {
        { ?e ikg:locatedIn ?r } UNION { ?e ikg:servesRegion ?r }
        ?r ikg:partOfRegion* ?v . FILTER(isIRI(?e)) }""",
    "topic": """SELECT DISTINCT ?e ?v WHERE {
        { ?e ikg:hasTopic ?v } UNION { ?e ikg:realises/ikg:hasTopic ?v } UNION { ?p ikg:realises ?e . ?p ikg:hasTopic ?v }
        UNION { ?a ikg:participant ?e ; ikg:inProject/ikg:hasTopic ?v } FILTER(isIRI(?e)) }""",
    "hub": """SELECT DISTINCT ?e ?v WHERE {
        ?v rdf:type/rdfs:subClassOf* ikg:InnovationHub .
        { BIND(?v AS ?e) } UNION { ?m org:member ?e ; org:organization ?v } UNION { ?e ikg:realises ?v }
        UNION { ?a ikg:participant ?e ; ikg:inProject/ikg:realises ?v } UNION { ?v ikg:legalCarrier ?e }
        FILTER(isIRI(?e)) }""",
}
#: the pieces of the funder facet, joined in Python (one SPARQL join of all four takes minutes on 17,000
#: participations): grant → funder, grant → funded item or recipient, project → hub it realises, agent → project
FUNDER_PARTS = {
    "funder": "SELECT DISTINCT ?a ?b WHERE { ?a ikg:funder ?b }",
    "funds": "SELECT DISTINCT ?a ?b WHERE { { ?a ikg:fundedItem ?b } UNION { ?a ikg:recipient ?b } }",
    "realises": "SELECT DISTINCT ?a ?b WHERE { ?a ikg:realises ?b }",
    "takes_part": "SELECT DISTINCT ?a ?b WHERE { ?x ikg:participant ?a ; ikg:inProject ?b }",
}
#: the "sector" rows of ``queries/projections/node-attributes.rq``: its nodes and, for each, the triple-helix classes
#: its types are subclasses of (see :func:`network_sectors`)
SECTORS_QUERY = """SELECT DISTINCT ?node ?value WHERE {
  { SELECT DISTINCT ?node WHERE {
    { ?a ikg:participant ?node } UNION { ?a ikg:inProject ?node } UNION
    { ?a org:member ?node } UNION { ?a org:organization ?node } UNION
    { ?node ikg:legalCarrier ?x } UNION { ?x ikg:legalCarrier ?node } UNION { ?x ikg:phaseOf ?node } UNION
    { ?node org:unitOf ?x } UNION { ?x org:unitOf ?node } UNION { ?node org:hasUnit ?x } UNION
    { ?x org:hasUnit ?node } UNION { ?node org:subOrganizationOf ?x } UNION { ?x org:subOrganizationOf ?node }
  } }
  ?node a ?kind . ?kind rdfs:subClassOf* ?value .
  VALUES ?value { ikg:IndustryActor ikg:AcademiaActor ikg:GovernmentActor ikg:CivilSocietyActor }
}"""
LABELS = """SELECT ?e ?l WHERE { { ?e rdfs:label ?l } UNION { ?e skos:prefLabel ?l } UNION { ?e skos:altLabel ?l }
    FILTER(isIRI(?e) && isLiteral(?l)) }"""
#: agents: what takes part, is a member, carries or is a unit (the nodes a neighbourhood can be drawn for)
AGENTS = ("SELECT DISTINCT ?e WHERE { { ?a ikg:participant|ikg:inProject|org:member|org:organization ?e } "
          "UNION { ?e ikg:legalCarrier|org:unitOf ?x } UNION { ?x ikg:legalCarrier|org:hasUnit ?e } }")


def fold(text: str) -> str:
    """Lower case, accents dropped, ß as ss: what the indexes and the queries compare.

    Examples
    --------
    >>> fold("Südwestfalen GROẞ Förderung")
    'sudwestfalen gross forderung'
    """
    text = text.replace("ß", "ss").replace("ẞ", "ss")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).lower()


def words(text: str) -> list[str]:
    """The folded words (runs of letters and digits) of ``text``.

    Examples
    --------
    >>> words("DO IT Südwestfalen e.V.")
    ['do', 'it', 'sudwestfalen', 'e', 'v']
    """
    out, cur = [], []
    for c in fold(text):
        if c.isalnum():
            cur.append(c)
        elif cur:
            out.append("".join(cur))
            cur = []
    if cur:
        out.append("".join(cur))
    return out


@dataclass
class ExplorerData:
    """Labels and facets of the entities of a dataset (see :func:`explorer_data`)."""

    #: entity IRI → language tag ('' for none) → its labels
    labels: dict[str, dict[str, list[str]]]
    #: the entities with a label and a document, sorted
    entities: list[str]
    #: facet → entity IRI → the facet's values (IRIs)
    facets: dict[str, dict[str, set[str]]]
    #: the agents (see :data:`AGENTS`)
    agents: set[str] = field(default_factory=set)

    def label(self, iri: str, lang: str, ld) -> str:
        """The label of ``iri`` in ``lang``: for an entity, of its labels the one in ``lang`` (else untagged,
        English, German, any; the first in sort order where there are several); for anything else (a class, a
        value without a page) the site's (``ld``: :meth:`innokg.publish.data.LinkedData.label`), else the IRI's
        last part."""
        if iri in self.entity_set:
            found = self.labels[iri]
            for key in (lang, "", "en", "de"):
                if found.get(key):
                    return sorted(found[key])[0]
            for vals in found.values():
                return sorted(vals)[0]
        if ld.labels(iri):
            return ld.label(iri, lang)
        return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]

    def __post_init__(self) -> None:
        self.entity_set = set(self.entities)


def explorer_data(ld) -> ExplorerData:
    """The labels and facets of ``ld`` (:class:`innokg.publish.data.LinkedData`), read from its store."""
    store: ox.Store = ld.store
    labels: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for row in store.query(_PREFIX + LABELS, use_default_graph_as_union=True):
        labels[row["e"].value][row["l"].language or ""].append(row["l"].value)
    entities = sorted(e for e in labels if ld.doc_path(e) is not None)
    facets: dict[str, dict[str, set[str]]] = {f: defaultdict(set) for f in FACETS}
    for name, text in FACET_QUERIES.items():
        for row in store.query(_PREFIX + text, use_default_graph_as_union=True):
            facets[name][row["e"].value].add(row["v"].value)
    _funders(store, facets["funder"])
    agents = {row["e"].value for row in store.query(_PREFIX + AGENTS, use_default_graph_as_union=True)}
    return ExplorerData({e: {k: list(v) for k, v in ls.items()} for e, ls in labels.items()}, entities, facets,
                        agents)


def _funders(store, facet: dict[str, set[str]]) -> None:
    """The funder facet: a grant's funders for the grant, what it funds (or pays), the hubs a funded
    project realises, and the organisations taking part in a funded project."""
    part: dict[str, dict[str, set[str]]] = {}
    for name, text in FUNDER_PARTS.items():
        pairs = part.setdefault(name, defaultdict(set))
        for row in store.query(_PREFIX + text, use_default_graph_as_union=True):
            if isinstance(row["a"], ox.NamedNode) and isinstance(row["b"], ox.NamedNode):
                pairs[row["a"].value].add(row["b"].value)
    by_item: dict[str, set[str]] = defaultdict(set)
    for grant, funders in part["funder"].items():
        facet[grant] |= funders
        for item in part["funds"].get(grant, ()):
            by_item[item] |= funders
    for item, funders in by_item.items():
        facet[item] |= funders
        for hub in part["realises"].get(item, ()):
            facet[hub] |= funders
    for agent, projects in part["takes_part"].items():
        for p in projects:
            if p in by_item:
                facet[agent] |= by_item[p]


def _js(name: str, value) -> bytes:
    """``window.<name> = <value as JSON>;`` (the data of a page, loadable from ``file://``)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    return f"window.{name} = {text};\n".encode("utf-8")


def _num(x) -> float | None:
    if x is None or (isinstance(x, float) and (math.isnan(x) or math.isinf(x))):
        return None
    return round(float(x), 4)


def static_index(ld, data: ExplorerData, network_nodes: set[str]) -> dict:
    """The search index of the static explorer: one row per entity, the facet values as a table.

    ``docs``: ``[iri, document path, English label, German label, every label, facet value numbers (one list per
    facet), 1 if it has a network view]``; ``values``: ``[iri, English label, German label]``.
    """
    values: dict[str, int] = {}
    for f in FACETS:
        for e in data.entities:
            for v in data.facets[f].get(e, ()):
                values.setdefault(v, 0)
    order = sorted(values, key=lambda v: (fold(data.label(v, "en", ld)), v))
    number = {v: i for i, v in enumerate(order)}
    docs = []
    for e in data.entities:
        every = sorted({x for vals in data.labels[e].values() for x in vals})
        docs.append([e, ld.doc_path(e), data.label(e, "en", ld), data.label(e, "de", ld), " | ".join(every),
                     [sorted(number[v] for v in data.facets[f].get(e, ())) for f in FACETS],
                     1 if e in network_nodes else 0])
    return {"facets": list(FACETS), "values": [[v, data.label(v, "en", ld), data.label(v, "de", ld)]
                                               for v in order], "docs": docs}


def network_sectors(store: ox.Store) -> dict[str, dict[str, str]]:
    """``{node IRI: {"sector": short name}}``: the sector :func:`innokg.projection.network.node_attributes` gives each
    node of the organisation networks (the first of its sectors by short name), from :data:`SECTORS_QUERY` alone —
    the static explorer shows no other of the nodes' attributes, and the others (labels, regions with their broader
    regions, PICs, types, a lookup per node for the label's language) cost a hundred times more (2.6 s against
    0.03 s at 100 k statements)."""
    from innokg.projection.network import SECTORS, iter_select

    found: dict[str, list[str]] = defaultdict(list)
    for row in iter_select(store, _PREFIX + SECTORS_QUERY, where="the static explorer's sectors"):
        if row["value"] in SECTORS:
            found[row["node"]].append(SECTORS[row["value"]])
    return {node: {"sector": sorted(names)[0]} for node, names in found.items()}


def static_network(ld, data: ExplorerData) -> dict:
    """The co-affiliation network of the organisations (:mod:`innokg.projection.network`) with each node's
    degree, strength and Burt's (1992) effective size and constraint on the whole network (as ``innokg report``).

    ``nodes``: ``[iri, English label, sector, document path, degree, strength, effective size, constraint]``;
    ``edges``: ``[node number, node number, weight]``.
    """
    from innokg.analysis.structural_holes import structural_holes
    from innokg.projection.network import affiliations, organization_network

    G = organization_network(affiliations(ld.store), network_sectors(ld.store))
    holes = structural_holes(G, weight="weight")
    nodes = sorted(G, key=str)
    number = {v: i for i, v in enumerate(nodes)}
    out_nodes = []
    for v in nodes:
        h = holes.get(v, {})
        out_nodes.append([str(v), data.label(str(v), "en", ld), G.nodes[v].get("sector", "unknown"),
                          ld.doc_path(str(v)), G.degree(v), round(G.degree(v, weight="weight"), 3),
                          _num(h.get("effective_size")), _num(h.get("constraint"))])
    edges = sorted([min(number[u], number[v]), max(number[u], number[v]), float(d.get("weight", 1.0))]
                   for u, v, d in G.edges(data=True))
    return {"nodes": out_nodes, "edges": edges}


def write_static_explorer(ld, out: Path, renderer, *, data: ExplorerData | None = None) -> dict:
    """Write ``explore/`` (pages, data, libraries) into the site folder ``out``; return counts.

    Without the libraries (``make assets`` not run) the pages are written and say what is missing.
    """
    data = data or explorer_data(ld)
    folder = Path(out) / "explore"
    (folder / "vendor").mkdir(parents=True)
    network = static_network(ld, data)
    index = static_index(ld, data, {n[0] for n in network["nodes"]})
    (folder / "data.js").write_bytes(_js("innokgExplore", index))
    (folder / "network-data.js").write_bytes(_js("innokgNetworkData", network))
    present = all((VENDOR / f).is_file() for f in STATIC_VENDOR_FILES)
    if present:
        for f in STATIC_VENDOR_FILES:
            shutil.copy(VENDOR / f, folder / "vendor" / f)
    for name in ("explore.js", "explore-network.js", "network-view.js", "explore.css"):
        shutil.copy(ASSETS / name, folder / name)
    common = {"root": "../", "vendor": present, "explore": "index.html"}
    (folder / "index.html").write_text(renderer.page("explore-static.html", title="Explore", facet_names=FACETS,
                                                     **common), encoding="utf-8")
    (folder / "network.html").write_text(renderer.page("explore-static-network.html", title="Network", **common),
                                         encoding="utf-8")
    return {"explorer_entities": len(index["docs"]), "explorer_network_nodes": len(network["nodes"])}
