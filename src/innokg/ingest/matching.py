"""Match organisations across imported datasets and the curated graph, by identifier and normalised name.

The rule (documented in the README, "Matching organisations"):

1. **Identifier.** Two organisation IRIs with the same ``ikg:pic`` (CORDIS
   Participant Identification Code), the same ``ikg:vatNumber`` (EU VAT number) or the same
   ``ikg:registerNumber`` (national business-register number) are the same organisation.
2. **Normalised name.** Otherwise two IRIs are the same organisation when a name of
   each (``rdfs:label``, ``schema:legalName``) has the same match key
   (:func:`innokg.ingest.transforms.normalised_name`: case, umlauts, punctuation and legal
   forms such as GmbH, e.V., AG, Ltd, SA removed), the key has at least
   ``min_key_length`` characters, and neither their countries nor their stated legal
   forms (:func:`innokg.ingest.transforms.legal_form`: an e.V. is not its GmbH) differ where
   both are known.
3. **No guessing.** A name key shared by two organisations with *different*
   identifiers (two PICs) is ambiguous: no name link is made for it, and it is reported.

The probabilistic linkage of ``innokg link`` (:mod:`innokg.ingest.linkage`) goes further; this rule is
its baseline. Within one dataset the mappings already mint one IRI per identifier
(``org/pic-<PIC>``) or per match key (``org/<slug of the key>``); this module links
IRIs *across* datasets with ``skos:exactMatch`` (not ``owl:sameAs``, so that no
reasoner merges the nodes behind the user's back) in the named graph
``https://w3id.org/innokg/graph/org-matches``; :func:`organisation_matches` returns
each link with the rule and key that made it.

References
----------
.. [1] P. Christen, "Data Matching: Concepts and Techniques for Record Linkage, Entity
   Resolution, and Duplicate Detection", Springer, 2012, ch. 4 (deterministic linkage on
   cleaned and standardised keys).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import pyoxigraph as ox

from innokg.ingest.transforms import legal_form, normalised_name

__all__ = ["OrganisationMatch", "organisation_matches", "match_quads", "MATCH_GRAPH"]

MATCH_GRAPH = "https://w3id.org/innokg/graph/org-matches"
_Q = """
PREFIX ikg: <https://w3id.org/innokg/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <http://schema.org/>
SELECT DISTINCT ?o ?name ?id ?country WHERE {
  ?o a ?cls . VALUES ?cls { org:Organization ikg:Company ikg:University ikg:ResearchInstitute
    ikg:PublicAuthority ikg:OtherOrganization ikg:Association ikg:Chamber ikg:SME ikg:Funder }
  OPTIONAL { ?o rdfs:label|schema:legalName ?name }
  OPTIONAL { ?o ikg:pic|ikg:vatNumber|ikg:registerNumber ?id }
  OPTIONAL { ?o ikg:locatedIn/ikg:nutsCode ?cc . BIND(SUBSTR(?cc, 1, 2) AS ?country) }
}"""


@dataclass(frozen=True, order=True)
class OrganisationMatch:
    """``a`` and ``b`` (IRIs, ``a < b``) are the same organisation by ``rule`` on ``key``."""

    a: str
    b: str
    rule: str  # "identifier" | "name"
    key: str


def organisation_matches(store: ox.Store, *, min_key_length: int = 6) -> tuple[list[OrganisationMatch], list[str]]:
    """Links between organisation IRIs of ``store`` (all graphs), and the ambiguous name keys.

    Examples
    --------
    >>> s = ox.Store()
    >>> s.load(b'''@prefix ikg: <https://w3id.org/innokg/ontology#> . @prefix org: <http://www.w3.org/ns/org#> .
    ... @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    ... <http://e/pic-1> a org:Organization ; ikg:pic "1" ; rdfs:label "FRAUNHOFER-GESELLSCHAFT E.V." .
    ... <http://e/fraunhofer> a org:Organization ; rdfs:label "Fraunhofer-Gesellschaft e. V." .
    ... <http://e/x> a org:Organization ; ikg:pic "1" .''', ox.RdfFormat.TURTLE)
    >>> links, ambiguous = organisation_matches(s)
    >>> [(m.a[9:], m.b[9:], m.rule) for m in links]
    [('fraunhofer', 'pic-1', 'name'), ('pic-1', 'x', 'identifier')]
    """
    ids: dict[str, set[str]] = defaultdict(set)
    names: dict[str, set[str]] = defaultdict(set)
    countries: dict[str, set[str]] = defaultdict(set)
    forms: dict[str, set[str]] = defaultdict(set)
    for row in store.query(_Q, use_default_graph_as_union=True):
        o = row["o"]
        if not isinstance(o, ox.NamedNode):
            continue
        iri = o.value
        if row["id"] is not None:
            ids[row["id"].value].add(iri)
        if row["name"] is not None:
            key = normalised_name(row["name"].value)
            if key and len(key) >= min_key_length:
                names[key].add(iri)
                form = legal_form(row["name"].value)
                if form:
                    forms[iri].add(form)
        if row["country"] is not None:
            countries[iri].add(row["country"].value)
    links: set[OrganisationMatch] = set()
    identifier_of: dict[str, set[str]] = defaultdict(set)
    for ident, iris in ids.items():
        for iri in iris:
            identifier_of[iri].add(ident)
        ordered = sorted(iris)
        for other in ordered[1:]:
            links.add(OrganisationMatch(ordered[0], other, "identifier", ident))
    ambiguous = []
    for key, iris in sorted(names.items()):
        if len(iris) < 2:
            continue
        idents = set().union(*(identifier_of.get(i, set()) for i in iris))
        cs = set().union(*(countries.get(i, set()) for i in iris))
        fs = set().union(*(forms.get(i, set()) for i in iris))
        if len(idents) > 1 or len(cs) > 1 or len(fs) > 1:
            ambiguous.append(key)
            continue
        ordered = sorted(iris)
        for other in ordered[1:]:
            links.add(OrganisationMatch(ordered[0], other, "name", key))
    # an identifier link already says it; do not repeat it as a name link
    by_pair = {}
    for m in sorted(links, key=lambda m: (m.a, m.b, m.rule != "identifier")):
        by_pair.setdefault((m.a, m.b), m)
    return sorted(by_pair.values()), ambiguous


def match_quads(links: list[OrganisationMatch]) -> list[ox.Quad]:
    """``skos:exactMatch`` statements for ``links`` in the graph :data:`MATCH_GRAPH`."""
    g = ox.NamedNode(MATCH_GRAPH)
    exact = ox.NamedNode("http://www.w3.org/2004/02/skos/core#exactMatch")
    return [ox.Quad(ox.NamedNode(m.a), exact, ox.NamedNode(m.b), g) for m in links]
