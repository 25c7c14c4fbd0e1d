"""Whether a value node ``?v`` conforms to a nested shape, as a SPARQL expression: what the logical
(section 4.6) and shape-based (section 4.7) components need, and the per-value components it is made of
(https://www.w3.org/TR/shacl/#core-components)."""

from __future__ import annotations

import rdflib
from rdflib.collection import Collection
from rdflib.namespace import SH

from innokg.validate.compiled.logical import LIST_COMPONENTS, list_filter, not_filter
from innokg.validate.compiled.other import in_filter
from innokg.validate.compiled.paths import sparql_path
from innokg.validate.compiled.results import nt
from innokg.validate.compiled.shape_based import node_filter
from innokg.validate.compiled.string_based import language_in_filter, length_filter, pattern_filter
from innokg.validate.compiled.value_range import RANGE_COMPONENTS, range_filter
from innokg.validate.compiled.value_type import TYPE_PATH, class_filter, datatype_filter, node_kind_filter

__all__ = ["STRUCTURAL", "PER_VALUE", "value_filter", "conforms"]

#: predicates of a shape that are no constraint parameters
STRUCTURAL = frozenset({
    rdflib.RDF.type, SH.path, SH.property, SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf,
    SH.severity, SH.message, SH.name, SH.description, SH.order, SH.group, SH.deactivated, SH.defaultValue,
    rdflib.RDFS.label, rdflib.RDFS.comment, rdflib.RDFS.subClassOf, rdflib.RDFS.isDefinedBy,
    rdflib.URIRef("http://www.w3.org/2004/02/skos/core#definition"),
})
#: components decided by each value on its own
PER_VALUE = frozenset({SH["class"], SH.datatype, SH.nodeKind, SH["in"], SH.pattern, SH.minLength, SH.maxLength,
                       SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive, SH.languageIn})


def value_filter(g: rdflib.Graph, comp, arg, shape, type_path: str = TYPE_PATH) -> str | None:
    """FILTER expression true for a *violating* value ?v (None: not a per-value component)."""
    if comp == SH["class"]:
        return class_filter(arg, type_path)
    if comp == SH.datatype:
        return datatype_filter(arg)
    if comp == SH.nodeKind:
        return node_kind_filter(arg)
    if comp == SH["in"]:
        return in_filter(g, arg)
    if comp == SH.pattern:
        return pattern_filter(g, shape, arg)
    if comp in (SH.minLength, SH.maxLength):
        return length_filter(comp, arg)
    if comp in RANGE_COMPONENTS:
        return range_filter(comp, arg)
    if comp in LIST_COMPONENTS:
        conf = [conforms(g, m, type_path) for m in Collection(g, arg)]
        if any(c is None for c in conf) or not conf:
            return None
        return list_filter(comp, conf)
    if comp == SH["not"]:
        c = conforms(g, arg, type_path)
        return None if c is None else not_filter(c)
    if comp == SH.node:
        c = conforms(g, arg, type_path)
        return None if c is None else node_filter(c)
    if comp == SH.languageIn:
        return language_in_filter(g, arg)
    return None


def conforms(g: rdflib.Graph, shape, type_path: str = TYPE_PATH) -> str | None:
    """SPARQL expression: value ?v conforms to the nested ``shape`` (None: not expressible)."""
    comps = {p for p in g.predicates(shape, None)} - STRUCTURAL - {SH.flags}
    path = g.value(shape, SH.path)
    if path is not None:
        return _conforms_property(g, shape, path, comps, type_path)
    if comps - PER_VALUE - {SH["or"], SH["and"], SH["not"], SH.xone, SH.node}:
        return None
    parts = []
    for comp in sorted(comps, key=str):
        for arg in g.objects(shape, comp):
            f = value_filter(g, comp, arg, shape, type_path)
            if f is None:
                return None
            parts.append(f"!({f})")
    return "(" + " && ".join(parts) + ")" if parts else "true"


def _conforms_property(g: rdflib.Graph, shape, path, comps, type_path: str) -> str | None:
    """?v conforms to a nested property shape (minCount 1, hasValue, per-value components)."""
    try:
        pp = sparql_path(g, path)
    except ValueError:
        return None
    parts = []
    for comp in sorted(comps, key=str):
        for arg in g.objects(shape, comp):
            if comp == SH.minCount and int(arg) <= 1:
                if int(arg) == 1:
                    parts.append(f"EXISTS {{ ?v {pp} ?_w }}")
            elif comp == SH.hasValue:
                parts.append(f"EXISTS {{ ?v {pp} {nt(arg)} }}")
            elif comp in PER_VALUE:
                f = value_filter(g, comp, arg, shape, type_path)
                if f is None or "?_w" in f:
                    return None
                parts.append(f"NOT EXISTS {{ ?v {pp} ?_w . FILTER({f.replace('?v', '?_w')}) }}")
            else:
                return None
    return "(" + " && ".join(parts) + ")" if parts else "true"
