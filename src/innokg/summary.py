"""The derived summary graph: statistics the build computes once, after reasoning, for the slow queries.

Some library questions need a figure that only a scan of every statement gives: how many statements a
source graph holds (``provenance/source-documents``), or whether every participation names a participant
and a project (``checks/participation-incomplete-violation``) and every amount a value and a currency
(``checks/monetary-amount-incomplete-violation``), whether any value is zero or less
(``checks/amount-not-positive-violation``) or any amount not exact (``funding/grants-with-approximate-amounts``).
:func:`summary_triples` computes those figures once,
after reasoning (:func:`innokg.pipeline.prepare`), into a named graph of its own,
:data:`~innokg.namespaces.SUMMARY_GRAPH` (``https://w3id.org/innokg/graph/summary``), in the VoID vocabulary [1]_:

* ``<graph> void:triples n`` for every other named graph (the statements it holds), and for the summary graph
  itself, this statement included: two summaries loaded into one graph (two builds loaded together) hold more
  statements than either states, which the gated queries take as a reason to read the data;
* one class partition per class of :data:`REQUIRED`: ``void:class`` C, ``void:entities`` (the things of
  class C) and, per property P required of them, a property partition with ``void:property`` P and
  ``void:distinctSubjects`` (the things of class C that have a P) [1]_ (section 4.6, partitions of partitions);
* one property partition of the whole data per property of :data:`PROPERTIES` (``void:property`` P,
  ``void:triples``: its statements, counted in each graph that holds them) with ``ikg:literalObjects``
  (how many of those have a literal object); for a property of :data:`BY_OBJECT` (``ikg:qualifier``) one
  ``ikg:objectPartition`` per IRI object O, with ``ikg:object`` O and ``void:triples`` (its statements with O);
  for a property of :data:`NUMERIC` (``schema:value``) the least number among its objects, ``schema:minValue``
  [3]_ (the literal as it is in the data), and how many of its objects are no number with an order,
  ``ikg:nonNumericObjects`` (not a literal of an XSD numeric datatype with a valid lexical form [4]_, or NaN);
* one class partition per class of :data:`COUNTED` (``ikg:Project``), as for :data:`REQUIRED`: how many things of
  the class have each property (``ikg:locatedIn``, ``ikg:servesRegion``: ``funding/projects-by-region`` has no
  row when no project has either);
* one roll-up per library query of :data:`ROLL_UPS` (``funding/funding-by-year``, ``funding/funding-by-programme``):
  the query's own rows, computed by running the query on the data with its parameters unset, ``<graph/summary>
  ikg:rollUp <graph/summary#NAME>``, ``<graph/summary#NAME> ikg:rollUpRow <row>`` and per row one statement per bound
  column, ``<row> <graph/summary#column-VAR> value`` (:func:`rollups_in`). The query reads those rows instead of
  aggregating every grant, filtering them by its parameters (each a column of the row, so the filter commutes with
  the grouping).

``ikg:literalObjects``, ``ikg:nonNumericObjects``, ``ikg:objectPartition``, ``ikg:object``, ``ikg:rollUp`` and
``ikg:rollUpRow`` are innokg's own summary vocabulary (``ontology/innokg.ttl``, section "Summary vocabulary"): VoID has no term for them.

Every statement in it is marked as derived the way PROV-O [2]_ marks a computed result: the graph is a
``prov:Entity`` ``prov:wasGeneratedBy`` an activity ``<graph/summary#computation>`` (a ``prov:Activity``) that
``prov:used`` each graph it counted. It states no ``prov:wasDerivedFrom``: that property names the source
*document* of a source graph (``provenance/source-documents``), which the summary is not.

The queries read the summary where it is and fall back to reading the data where it is not (a store loaded
by hand, an endpoint holding other data): a check stops early only when the summary's counts prove that no
node can lack what the check looks for (as many things of class C with P as things of class C, no literal object
of the amount properties, every ``schema:value`` a number above zero, every qualifier ``ikg:Exact``); otherwise it
reads the data as before. The summary is rebuilt by every build; it describes the data it was built with.

References
----------
.. [1] Alexander, K., Cyganiak, R., Hausenblas, M. and Zhao, J. (2011). *Describing Linked Datasets with the
   VoID Vocabulary*. W3C Interest Group Note, https://www.w3.org/TR/void/ (sections 4.5 and 4.6).
.. [2] Lebo, T., Sahoo, S. and McGuinness, D. (2013). *PROV-O: The PROV Ontology*. W3C Recommendation,
   https://www.w3.org/TR/prov-o/ (prov:wasGeneratedBy, prov:used).
.. [3] schema.org, *minValue*: "The lower value of some characteristic or property", https://schema.org/minValue.
.. [4] Peterson, D. et al. (2012). *W3C XML Schema Definition Language (XSD) 1.1 Part 2: Datatypes*. W3C
   Recommendation, https://www.w3.org/TR/xmlschema11-2/ (sections 3.3.3-3.3.5 and 3.4.13-3.4.25: the numeric
   datatypes and their lexical spaces).

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
>>> add_summary(store)  # 5 about the graph and its computation, 2 for graph a, 3 classes x (3 + 2 x 3),
...                     # 5 properties x 4, 1: no schema:value that is no number (and no least one), 2 roll-ups
...                     # without a row (no grant), 1: its size
58
>>> counts = summary_of(summary_triples(graph_sizes(store), subjects_in(store), *figures_in(store)))
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

import math
import re
import struct
from collections import Counter
from decimal import Decimal
from typing import Callable, Iterable

import pyoxigraph as ox
from rdflib import RDF, RDFS, XSD, Literal, URIRef

from innokg.load.terms import from_oxigraph
from innokg.namespaces import IKG, PREFIXES, PROV, SCHEMA, SUMMARY_GRAPH, VOID

__all__ = ["REQUIRED", "COUNTED", "ROLL_UPS", "rollups_in", "NUMERIC", "PROPERTIES", "BY_OBJECT", "summary_triples", "graph_sizes", "subjects_in",
           "figures_in", "dataset_figures", "add_summary", "add_summary_to_dataset", "summary_of", "number"]

#: Class -> the properties every thing of that class must have, as far as a library query checks it from the
#: summary (``checks/participation-incomplete-violation``, ``checks/monetary-amount-incomplete-violation``; the
#: amounts are the objects of ``ikg:amount``, ``ikg:contribution`` and ``ikg:budget``, whose ``rdfs:range`` is
#: ``schema:MonetaryAmount``, so reasoning has typed every one of them).
REQUIRED: dict[URIRef, tuple[URIRef, ...]] = {
    IKG.Participation: (IKG.participant, IKG.inProject),
    SCHEMA.MonetaryAmount: (SCHEMA.value, SCHEMA.currency),
}

#: Class -> properties whose subjects among the things of that class the summary counts, as for :data:`REQUIRED`,
#: though not required (``funding/projects-by-region``: no project located in or serving a region, no row).
COUNTED: dict[URIRef, tuple[URIRef, ...]] = {
    IKG.Project: (IKG.locatedIn, IKG.servesRegion),
}

#: Library queries whose rows the summary holds (a roll-up): query name -> the columns whose values are IRIs (stored
#: as their string, the query reads them back with ``IRI()``; a roll-up is stored only when every value of these
#: columns is an IRI and every other value a literal, see :func:`rollups_in`).
ROLL_UPS: dict[str, tuple[str, ...]] = {
    "funding/funding-by-year": (),
    "funding/funding-by-programme": ("programme", "topProgramme"),
}

#: Properties whose statements the summary counts over the whole data, with how many have a literal object
#: (``checks/monetary-amount-incomplete-violation``: a literal amount is no ``schema:MonetaryAmount``, so the class
#: partition cannot see it), and those of :data:`BY_OBJECT` and :data:`NUMERIC`.
PROPERTIES: tuple[URIRef, ...] = (IKG.amount, IKG.contribution, IKG.budget, IKG.qualifier, SCHEMA.value)

#: Properties of :data:`PROPERTIES` whose objects' least number the summary states, and how many are no number
#: (``checks/amount-not-positive-violation``: no row when every value is a number above zero; every value of the
#: data, not only the amounts', so it can only find a reason to read the data more often than needed).
NUMERIC: tuple[URIRef, ...] = (SCHEMA.value,)

#: Properties of :data:`PROPERTIES` whose statements are also counted per IRI object (``ikg:qualifier``: a closed
#: list of concepts; ``funding/grants-with-approximate-amounts`` reads no data when every one is ``ikg:Exact``).
BY_OBJECT: tuple[URIRef, ...] = (IKG.qualifier,)

_INTEGERS = {XSD[n] for n in ("integer", "nonPositiveInteger", "negativeInteger", "long", "int", "short", "byte",
                              "nonNegativeInteger", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte",
                              "positiveInteger")}
_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")
_FLOAT = re.compile(r"([+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([Ee][+-]?[0-9]+)?|[+-]?INF|NaN)")

_COMPUTATION = URIRef(str(SUMMARY_GRAPH) + "#computation")
_COMMENT = ("Derived by innokg from the other named graphs at build time (not asserted by any source): VoID "
            "statistics - statements per graph, things of a class with and without the properties the checks "
            "require, the least amount value, the amount properties' literal objects and the qualifiers by value - "
            "for the library queries that would otherwise read every statement.")


def _short(iri: str) -> str:
    """``ikg-Participation`` for the ontology's IRI, ``schema-value`` for schema.org's (the project's prefixes)."""
    best = max((ns for ns in PREFIXES.values() if iri.startswith(ns)), key=len, default=None)
    if best is None:
        import hashlib

        return "x" + hashlib.sha1(iri.encode("utf-8")).hexdigest()[:12]
    prefix = next(k for k, v in PREFIXES.items() if v == best)
    return f"{prefix}-{iri[len(best):]}"


def _float32(value: float) -> float:
    """``value`` rounded to the nearest 32-bit IEEE 754 number, the value space of xsd:float [4]_ (section 3.3.5), as
    the engines compare it: ``1E-50`` becomes 0, ``1E40`` infinity."""
    try:
        return struct.unpack("<f", struct.pack("<f", value))[0]
    except OverflowError:  # beyond the largest float: rounds to an infinity of the same sign
        return math.copysign(math.inf, value)


def number(literal) -> int | Decimal | float | None:
    """The number a literal (rdflib or pyoxigraph) stands for, or None: not of an XSD numeric datatype, a lexical
    form outside that datatype's lexical space [4]_, or NaN (which has no order: ``NaN <= 0`` and ``NaN > 0`` are
    both false). An xsd:float is rounded to 32 bits, as the engines compare it. The range of a type derived from
    xsd:integer is not checked (``"-5"^^xsd:unsignedInt`` gives -5): such a value is still a number here, which at
    worst makes the check read the data.

    >>> number(Literal("1.50", datatype=XSD.decimal)), number(Literal("-3", datatype=XSD.integer))
    (Decimal('1.50'), -3)
    >>> number(Literal("12,5", datatype=XSD.decimal)), number(Literal("NaN", datatype=XSD.double)), number(Literal("7"))
    (None, None, None)
    >>> number(Literal("1E-50", datatype=XSD.float)), number(Literal("1E-50", datatype=XSD.double))  # 32 bits: 0
    (0.0, 1e-50)
    """
    if isinstance(literal, ox.Literal):
        lexical, datatype = literal.value, URIRef(literal.datatype.value)
    elif isinstance(literal, Literal):
        lexical, datatype = str(literal), literal.datatype
    else:
        return None
    # no whitespace around the number (XSD would collapse it; an engine may not): counted as no number, which only
    # makes the check read the data
    if datatype in _INTEGERS:
        return int(lexical) if _INTEGER.fullmatch(lexical) else None
    if datatype == XSD.decimal:
        return Decimal(lexical) if _DECIMAL.fullmatch(lexical) else None
    if datatype in (XSD.double, XSD.float):
        if not _FLOAT.fullmatch(lexical):
            return None
        value = float(lexical.replace("INF", "inf"))
        if datatype == XSD.float:
            value = _float32(value)
        return None if math.isnan(value) else value
    return None


def summary_triples(sizes: dict[str, int], subjects: Callable[[str, str | None], set],
                    properties: Callable[[str], tuple], values: Callable[[str], tuple],
                    required: dict | None = None, rollups: Iterable[tuple] = ()) -> list[tuple]:
    """The summary graph's statements (rdflib terms, sorted), from the data's figures.

    Parameters
    ----------
    sizes : dict
        Named graph IRI -> number of statements in it (the summary graph itself left out).
    subjects : callable
        ``subjects(p, o)``: the set of subjects of statements with predicate ``p`` and object ``o`` (any object
        when ``o`` is None), over all graphs.
    properties : callable
        ``properties(p)``: (statements with predicate ``p``, those with a literal object, IRI object -> statements
        with it), counted in every named graph (:func:`figures_in`).
    values : callable
        ``values(p)``: (objects of ``p`` that are no number, by :func:`number`; the least of the others as a
        literal, or None), over all graphs (:func:`figures_in`).
    required : dict, optional
        Class -> required properties; default :data:`REQUIRED` (and :data:`COUNTED` always).
    rollups : iterable, optional
        The roll-ups' statements (:func:`rollups_in`).
    """
    out = [(SUMMARY_GRAPH, RDF.type, PROV.Entity), (SUMMARY_GRAPH, RDF.type, VOID.Dataset),
           (SUMMARY_GRAPH, RDFS.comment, Literal(_COMMENT, lang="en")),
           (SUMMARY_GRAPH, PROV.wasGeneratedBy, _COMPUTATION), (_COMPUTATION, RDF.type, PROV.Activity)]
    for g, n in sizes.items():
        if g == str(SUMMARY_GRAPH):
            continue
        out.append((_COMPUTATION, PROV.used, URIRef(g)))
        out.append((URIRef(g), VOID.triples, Literal(int(n))))
    for cls, props in {**(REQUIRED if required is None else required), **COUNTED}.items():
        things = subjects(str(RDF.type), str(cls))
        part = URIRef(f"{SUMMARY_GRAPH}#{_short(str(cls))}")
        out += [(SUMMARY_GRAPH, VOID.classPartition, part), (part, VOID["class"], cls),
                (part, VOID.entities, Literal(len(things)))]
        for p in props:
            pp = URIRef(f"{part}.{_short(str(p))}")
            out += [(part, VOID.propertyPartition, pp), (pp, VOID.property, p),
                    (pp, VOID.distinctSubjects, Literal(len(things & subjects(str(p), None))))]
    for p in PROPERTIES:
        n, literals, by_object = properties(str(p))
        pp = URIRef(f"{SUMMARY_GRAPH}#{_short(str(p))}")
        out += [(SUMMARY_GRAPH, VOID.propertyPartition, pp), (pp, VOID.property, p),
                (pp, VOID.triples, Literal(int(n))), (pp, IKG.literalObjects, Literal(int(literals)))]
        if p in BY_OBJECT:
            for o, k in sorted(by_object.items()):
                op = URIRef(f"{pp}={_short(o)}")
                out += [(pp, IKG.objectPartition, op), (op, IKG.object, URIRef(o)), (op, VOID.triples, Literal(int(k)))]
        if p in NUMERIC:
            non_numeric, least = values(str(p))
            out.append((pp, IKG.nonNumericObjects, Literal(int(non_numeric))))
            if least is not None:
                out.append((pp, SCHEMA.minValue, from_oxigraph(least) if isinstance(least, ox.Literal) else least))
    out += list(rollups)
    # its own size, this statement included: two summaries loaded into one graph hold more than either states
    out = set(out)
    out.add((SUMMARY_GRAPH, VOID.triples, Literal(len(out) + 1)))
    return sorted(out)


def rollups_in(store: ox.Store, library=None) -> list[tuple]:
    """The roll-ups of :data:`ROLL_UPS` for the data in ``store`` (rdflib terms): each library query run on the store
    as ``innokg query`` runs it, its parameters unset, before the summary is written (the query then reads the data:
    it finds no roll-up). A value is kept as the store gives it, so the rows read back are the same terms; an IRI of an
    IRI column as a plain literal of its string. A query whose rows hold a blank node, an IRI outside its IRI columns
    or a literal in them gets no roll-up (it keeps reading the data), as does one the library folder lacks.

    ``library``: the folder of the query library (default :func:`innokg.sparql.library.default_library`).
    """
    from innokg.sparql.binding import bind_parameters
    from innokg.sparql.library import load_library, resolve_parameters
    from innokg.sparql.run import run_local

    try:
        queries = {q.name: q for q in load_library(library)}
    except Exception:  # noqa: BLE001 - no library folder here: no roll-up, the queries read the data
        return []
    out = []
    for name, iri_columns in ROLL_UPS.items():
        q = queries.get(name)
        if q is None:
            continue
        res = run_local(store, bind_parameters(q.text, resolve_parameters(q, [])))
        rows = []
        for row in res.rows:
            cells = []
            for var, t in zip(res.vars, row):
                if t is None:
                    continue
                if var in iri_columns:
                    if t.type != "uri":
                        break
                    cells.append((var, Literal(t.value)))
                elif t.type != "literal":
                    break
                else:
                    cells.append((var, _rdflib_literal(t)))
            else:
                rows.append(cells)
                continue
            rows = None
            break
        if rows is None:
            continue
        node = URIRef(f"{SUMMARY_GRAPH}#{name.split('/')[-1]}")
        out.append((SUMMARY_GRAPH, IKG.rollUp, node))
        for i, cells in enumerate(sorted(rows, key=lambda c: [(v, str(o), str(o.datatype), o.language or "") for v, o in c]), 1):
            row = URIRef(f"{node}.row-{i}")
            out.append((node, IKG.rollUpRow, row))
            out += [(row, URIRef(f"{SUMMARY_GRAPH}#column-{var}"), o) for var, o in cells]
    return out


def _rdflib_literal(t) -> Literal:
    """The rdflib literal of a result cell (:class:`innokg.sparql` term), its lexical form kept as it is."""
    if t.lang:
        return Literal(t.value, lang=t.lang)
    if t.datatype and t.datatype != str(XSD.string):
        return Literal(t.value, datatype=URIRef(t.datatype), normalize=False)
    return Literal(t.value)


def _least(objects: Iterable) -> tuple[int, object]:
    """(how many of ``objects`` are no number, the least number among them as written or None)."""
    non_numeric, least, least_value = 0, None, None
    for o in objects:
        v = number(o)
        if v is None:
            non_numeric += 1
        elif least is None or v < least_value:
            least, least_value = o, v
    return non_numeric, least


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


def figures_in(store: ox.Store) -> tuple[Callable[[str], tuple], Callable[[str], tuple]]:
    """``properties(p)`` and ``values(p)`` of :func:`summary_triples` over every named graph of a pyoxigraph store.

    Aggregates in the store (on all of H2020 reading the 518,720 statements of the five properties into Python
    took 8-10 s; these take about 1.5 s). A number is what Oxigraph's ``isNumeric`` accepts, NaN left out; its
    least is checked again with :func:`number` (the rdflib route's test), and counted as no number where they
    disagree, which only makes the check read the data.
    """
    def one(query: str) -> list:
        return [tuple(row) for row in store.query(query)]

    def properties(p: str) -> tuple:
        ((n, literals),) = one(f"SELECT (COUNT(*) AS ?n) (SUM(IF(isLiteral(?o), 1, 0)) AS ?l) "
                               f"WHERE {{ GRAPH ?g {{ ?s <{p}> ?o }} }}")
        by_object = {o.value: int(k.value) for o, k in one(
            f"SELECT ?o (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s <{p}> ?o }} FILTER(isIRI(?o)) }} GROUP BY ?o")}
        return int(n.value), int(literals.value), by_object

    def values(p: str) -> tuple:
        numeric = "isNumeric(?v) && ?v = ?v"  # NaN equals nothing, itself included
        ((n, k),) = one(f"SELECT (COUNT(*) AS ?n) (SUM(IF({numeric}, 1, 0)) AS ?k) WHERE {{ GRAPH ?g {{ ?a <{p}> ?v }} }}")
        non_numeric = int(n.value) - int(k.value)
        least = one(f"SELECT ?v WHERE {{ GRAPH ?g {{ ?a <{p}> ?v }} FILTER({numeric}) }} ORDER BY ?v LIMIT 1")
        if not least:
            return non_numeric, None
        if number(least[0][0]) is None:
            return non_numeric + 1, None
        return non_numeric, least[0][0]

    return properties, values


def dataset_figures(ds) -> tuple[Callable[[str], tuple], Callable[[str], tuple]]:
    """The same for an rdflib Dataset (every statement read in Python)."""
    def properties(p: str) -> tuple:
        n, literals, by_object = 0, 0, Counter()
        for _, _, o, _ in ds.quads((None, URIRef(p), None, None)):
            n += 1
            if isinstance(o, Literal):
                literals += 1
            elif isinstance(o, URIRef):
                by_object[str(o)] += 1
        return n, literals, dict(by_object)

    def values(p: str) -> tuple:
        return _least(o for _, _, o, _ in ds.quads((None, URIRef(p), None, None)))

    return properties, values


def add_summary(store: ox.Store, *, required: dict | None = None) -> int:
    """Compute the summary of ``store``'s data and write it into :data:`SUMMARY_GRAPH` (replacing an old one);
    return the number of statements written."""
    from innokg.load.store import add_graph

    g = ox.NamedNode(str(SUMMARY_GRAPH))
    if any(True for _ in store.quads_for_pattern(None, None, None, g)):
        store.remove_graph(g)
    triples = summary_triples(graph_sizes(store), subjects_in(store), *figures_in(store), required=required,
                              rollups=rollups_in(store))
    add_graph(store, triples, SUMMARY_GRAPH)
    return len(triples)


def add_summary_to_dataset(ds, *, required: dict | None = None) -> int:
    """The same for an rdflib Dataset (the rdflib route of :func:`innokg.pipeline.prepare`)."""
    ds.remove_graph(ds.graph(SUMMARY_GRAPH))
    sizes = {str(c.identifier): len(c) for c in ds.graphs()
             if len(c) and not str(c.identifier).startswith("urn:x-rdflib:default")}

    def subjects(p: str, o: str | None) -> set:
        return {s for s, _, _, _ in ds.quads((None, URIRef(p), URIRef(o) if o is not None else None, None))}

    from innokg.load.store import quads_of

    data = ox.Store()  # the roll-ups are the library queries' rows as Oxigraph gives them (the queries' engine)
    data.bulk_extend(quads_of(ds))
    triples = summary_triples(sizes, subjects, *dataset_figures(ds), required=required, rollups=rollups_in(data))
    target = ds.graph(SUMMARY_GRAPH)
    for t in triples:
        target.add(t)
    return len(triples)


def summary_of(triples: Iterable[tuple]) -> dict[str, int]:
    """Subject IRI -> its count, from summary statements (rdflib or pyoxigraph terms; for tests and reports)."""
    counted = {str(VOID.triples), str(VOID.entities), str(VOID.distinctSubjects)}
    return {getattr(s, "value", str(s)): int(getattr(o, "value", o)) for s, p, o in triples
            if getattr(p, "value", str(p)) in counted}
