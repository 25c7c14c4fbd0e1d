"""The licence of every named graph, and of every download that mixes graphs.

Each named graph's terms are read from the data, never assumed:

1. the licences the graph states of itself (``<graph> dcterms:license <L>``), else
2. the licences of what it was derived from (``<graph> prov:wasDerivedFrom <d>``, ``<d> dcterms:license <L>``:
   the source documents, the imported datasets; ``graph/reference/licences.trig`` states them for the curated
   sources, an import mapping's ``license:`` for an import), else
3. ``graph/ontology``: the licence of the ontology it holds; ``graph/inferred``: every licence of the graphs it
   was inferred from, and so ``graph/summary`` (the derived summary, :mod:`innokg.summary`: counts over them); ``graph/org-matches`` (the organisation links of ``innokg import``, which state no
   provenance): every licence of the graphs that describe the linked organisations, else
4. :data:`UNKNOWN` — said as such, never replaced by a default.

A download that mixes graphs is under every licence of its parts; its terms are the strictest of them
(commercial use is allowed only when every part allows it, unknown when one part's licence is unknown).

References
----------
.. [1] ADMS licence types, https://purl.org/adms/licencetype/ (``Attribution``, ``NonCommercialUseOnly``,
   ``UnknownIPR``), used by DCAT-AP 3 for ``dct:type`` of a licence document.
.. [2] Commission Decision 2011/833/EU of 12 December 2011 on the reuse of Commission documents.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import pyoxigraph as ox

from innokg.publish.data import BUILT_GRAPHS, DEFAULT_BASE, LinkedData

__all__ = ["KNOWN_LICENCES", "UNKNOWN", "Licence", "Terms", "combined_terms", "graph_terms", "home_graphs",
           "licence_of"]

ADMS_TYPE = "http://purl.org/adms/licencetype/"
#: the licence of a source that states none (relative to the base IRI the data is published under)
UNKNOWN_PATH = "id/licence/unknown"
UNKNOWN = DEFAULT_BASE + UNKNOWN_PATH
NUTS_TERMS_PATH = "id/licence/eurostat-gisco-non-commercial"

_LICENSE = ox.NamedNode("http://purl.org/dc/terms/license")
_RIGHTS_HOLDER = ox.NamedNode("http://purl.org/dc/terms/rightsHolder")
_PUBLISHER = ox.NamedNode("http://purl.org/dc/terms/publisher")
_DERIVED = ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom")
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_ONTOLOGY = ox.NamedNode("http://www.w3.org/2002/07/owl#Ontology")


@dataclass(frozen=True)
class Licence:
    """What a licence lets a user do.

    ``commercial`` is True (allowed), False (not allowed) or None (not known).
    """

    iri: str
    label: str
    types: tuple[str, ...]  # ADMS licence types
    commercial: bool | None
    attribution: bool


#: The licences innokg's sources use (IRI -> terms); innokg's own licence IRIs are keyed by their path.
KNOWN_LICENCES: dict[str, Licence] = {lic.iri: lic for lic in (
    Licence("https://creativecommons.org/licenses/by/4.0/", "Creative Commons Attribution 4.0 International",
            (ADMS_TYPE + "Attribution",), True, True),
    Licence("http://data.europa.eu/eli/dec/2011/833/oj",
            "Commission Decision 2011/833/EU on the reuse of Commission documents (reuse with acknowledgement)",
            (ADMS_TYPE + "Attribution",), True, True),
    Licence("https://www.govdata.de/dl-de/by-2-0", "Datenlizenz Deutschland – Namensnennung – Version 2.0",
            (ADMS_TYPE + "Attribution",), True, True),
    Licence("https://spdx.org/licenses/MIT", "MIT License", (ADMS_TYPE + "Attribution",), True, True),
    Licence("https://spdx.org/licenses/ISC", "ISC License", (ADMS_TYPE + "Attribution",), True, True),
    Licence(UNKNOWN_PATH, "Licence unknown: the source states none (ask the rights holder before reuse)",
            (ADMS_TYPE + "UnknownIPR",), None, False),
    Licence(NUTS_TERMS_PATH, "Eurostat/GISCO geodata terms (TERCET postal code to NUTS table): use with "
            "acknowledgement of the source (© EuroGeographics for the administrative boundaries), "
            "not for commercial purposes", (ADMS_TYPE + "NonCommercialUseOnly", ADMS_TYPE + "Attribution"),
            False, True),
)}


def licence_of(iri: str, base: str = DEFAULT_BASE) -> Licence:
    """The terms of a licence IRI (innokg's own licence IRIs under any ``base``); an unlisted IRI's are not known.

    Examples
    --------
    >>> licence_of("https://kg.example.org/id/licence/unknown", "https://kg.example.org/").commercial is None
    True
    >>> licence_of("https://creativecommons.org/licenses/by/4.0/").commercial
    True
    """
    if iri.startswith(base) and iri[len(base):] in KNOWN_LICENCES:
        return Licence(iri, *_fields(KNOWN_LICENCES[iri[len(base):]]))
    if iri in KNOWN_LICENCES:
        return KNOWN_LICENCES[iri]
    return Licence(iri, iri, (), None, True)


def _fields(lic: Licence) -> tuple:
    return lic.label, lic.types, lic.commercial, lic.attribution


@dataclass(frozen=True)
class Terms:
    """The licences of a named graph (or of a download mixing graphs), whom to credit, and how."""

    licences: tuple[str, ...]
    rights_holders: tuple[str, ...]
    attribution: str
    stated: bool = True  # False: no licence is stated anywhere for this graph (it is reported as unknown)

    def commercial(self, base: str = DEFAULT_BASE) -> bool | None:
        """Commercial use: allowed only if every licence allows it; unknown if one is unknown."""
        flags = [licence_of(i, base).commercial for i in self.licences]
        if False in flags:
            return False
        return None if None in flags else True

    def key(self) -> str:
        """A short stable name of this combination of licences (for its IRI)."""
        return hashlib.sha1("\n".join(self.licences).encode()).hexdigest()[:10]


def _objects(ld: LinkedData, subject: ox.NamedNode, predicate: ox.NamedNode) -> list:
    return [q.object for q in ld.store.quads_for_pattern(subject, predicate, None, None)]


def _licences(ld: LinkedData, subject: ox.NamedNode) -> set[str]:
    return {o.value for o in _objects(ld, subject, _LICENSE) if isinstance(o, ox.NamedNode)}


def _name(ld: LinkedData, term) -> str:
    return term.value if isinstance(term, ox.Literal) else ld.label(term.value)


def graph_terms(ld: LinkedData) -> dict[str, Terms]:
    """Named graph IRI -> its :class:`Terms` (see the module's docstring for where they come from)."""
    unknown = ld.base + UNKNOWN_PATH
    out: dict[str, Terms] = {}
    special = {ld.graph_space + name for name in BUILT_GRAPHS}
    for g in sorted(ld.graph_counts()):
        node = ox.NamedNode(g)
        licences = _licences(ld, node)
        holders = {_name(ld, o) for o in _objects(ld, node, _RIGHTS_HOLDER)}
        sources = [o for o in _objects(ld, node, _DERIVED) if isinstance(o, ox.NamedNode)]
        if not licences:
            licences = {i for src in sources for i in _licences(ld, src)}
        if not holders:
            holders = {_name(ld, o) for src in sources
                       for o in _objects(ld, src, _RIGHTS_HOLDER) or _objects(ld, src, _PUBLISHER)}
        titles = [ld.label(src.value) for src in sources] if not _licences(ld, node) else [ld.label(g)]
        if g == ld.graph_space + "ontology" and not licences:
            for q in ld.store.quads_for_pattern(None, _RDF_TYPE, _ONTOLOGY, node):
                licences |= _licences(ld, q.subject)
        out[g] = Terms(tuple(sorted(licences)), tuple(sorted(holders)),
                       _attribution(ld, g, titles, holders), bool(licences))
    for derived, note in (("inferred", "inferred by innokg from the source graphs; credit their sources"),
                          ("summary", "statistics counted by innokg from the source graphs; credit their sources")):
        derived = ld.graph_space + derived
        if derived in out and not out[derived].stated:
            parts = [t for g, t in out.items() if g not in special]
            out[derived] = Terms(tuple(sorted({i for t in parts for i in t.licences} or {unknown})),
                                 tuple(sorted({h for t in parts for h in t.rights_holders})), note, True)
    matches = ld.graph_space + "org-matches"
    if matches in out and not out[matches].stated:
        home = home_graphs(ld)
        linked = {home[q.subject.value] for q in ld.store.quads_for_pattern(None, None, None, ox.NamedNode(matches))
                  if isinstance(q.subject, ox.NamedNode) and q.subject.value in home}
        linked |= {home[q.object.value] for q in ld.store.quads_for_pattern(None, None, None, ox.NamedNode(matches))
                   if isinstance(q.object, ox.NamedNode) and q.object.value in home}
        parts = [out[x] for x in sorted(linked) if x in out and x != matches]
        if parts:
            whole = combined_terms(parts)
            out[matches] = Terms(whole.licences, whole.rights_holders,
                                 "organisation links made by innokg from the graphs they link; credit their sources",
                                 whole.stated)
    for g, t in out.items():
        if not t.licences:
            out[g] = Terms((unknown,), t.rights_holders, t.attribution, False)
    return out


def home_graphs(ld: LinkedData) -> dict[str, str]:
    """Entity IRI -> the first named graph (sorted) that states its class: where it is described."""
    home: dict[str, str] = {}
    for q in ld.store.quads_for_pattern(None, _RDF_TYPE, None, None):
        if isinstance(q.subject, ox.NamedNode) and isinstance(q.graph_name, ox.NamedNode):
            g = q.graph_name.value
            if g.startswith(ld.graph_space) and not g.endswith(tuple("/" + name for name in BUILT_GRAPHS)):
                if q.subject.value not in home or g < home[q.subject.value]:
                    home[q.subject.value] = g
    return home


def _attribution(ld: LinkedData, graph: str, titles: list[str], holders: set[str]) -> str:
    what = "; ".join(sorted(set(titles))) or ld.label(graph)
    return what + (f" — {', '.join(sorted(holders))}" if holders else "")


def combined_terms(terms: list[Terms]) -> Terms:
    """The terms of a download mixing graphs: every licence and rights holder of its parts."""
    return Terms(tuple(sorted({i for t in terms for i in t.licences})),
                 tuple(sorted({h for t in terms for h in t.rights_holders})),
                 "; ".join(sorted({t.attribution for t in terms})), all(t.stated for t in terms))
