"""A shapes graph compiled into SPARQL queries, one per (shape, constraint, target): the walk over node
shapes and their property shapes (SHACL sections 2.1–2.3, https://www.w3.org/TR/shacl/#shapes), each
constraint handed to the unit of its component family."""

from __future__ import annotations

import rdflib
from rdflib.namespace import RDF, SH

from innokg.validate.compiled.cardinality import max_count_query, min_count_query
from innokg.validate.compiled.other import has_value_query
from innokg.validate.compiled.paths import path_nt, sparql_path
from innokg.validate.compiled.property_pair import disjoint_query
from innokg.validate.compiled.results import CompiledShapes, QueryInfo, Result, component_iri, nt
from innokg.validate.compiled.shape_based import qualified_count_query
from innokg.validate.compiled.sparql_based import extra_variables, projected, sparql_constraint_query
from innokg.validate.compiled.string_based import unique_lang_query
from innokg.validate.compiled.targets import PREFIXES_MARK, target_patterns
from innokg.validate.compiled.value_type import DIRECT_TYPE, TYPE_PATH
from innokg.validate.compiled.values import STRUCTURAL, conforms, value_filter

__all__ = ["SUPPORTED", "compile_shapes"]

#: the constraint parameters the compiler turns into SPARQL
SUPPORTED = frozenset({
    SH["class"], SH.datatype, SH.nodeKind, SH.minCount, SH.maxCount, SH["in"], SH.hasValue, SH.pattern,
    SH.flags, SH.minLength, SH.maxLength, SH.minInclusive, SH.maxInclusive, SH.minExclusive,
    SH.maxExclusive, SH.languageIn, SH.uniqueLang, SH["or"], SH["and"], SH["not"], SH.xone, SH.node,
    SH.disjoint, SH.qualifiedValueShape, SH.qualifiedMinCount, SH.qualifiedMaxCount, SH.sparql, SH.target,
})
#: components whose query may be None without making the shape unsupported
_MAY_SKIP = {SH.qualifiedValueShape, SH.target, SH.minCount, SH.maxCount, SH.hasValue, SH.uniqueLang, SH.disjoint}


def compile_shapes(shapes: rdflib.Graph, *, materialised: bool = False) -> CompiledShapes:
    """Compile every active shape of ``shapes`` into SPARQL queries (see :mod:`innokg.validate.compiled`).

    With ``materialised=True`` the data already carry every superclass type (as after
    :func:`innokg.reason.rules.materialise` / :func:`~innokg.reason.rules.infer_stream`), so class
    targets and ``sh:class`` test ``rdf:type`` directly instead of following
    ``rdf:type/rdfs:subClassOf*`` — same results, several times faster on large data.
    Every SHACL-SPARQL text passes the query guard first (:func:`innokg.validate.shapes.check_sparql`).
    """
    from innokg.validate.shapes import check_sparql

    check_sparql(shapes)
    type_path = DIRECT_TYPE if materialised else TYPE_PATH
    g = shapes
    out = CompiledShapes()
    node_shapes = set(g.subjects(RDF.type, SH.NodeShape)) | set(g.subjects(SH.targetClass, None)) \
        | set(g.subjects(SH.targetNode, None)) | set(g.subjects(SH.targetSubjectsOf, None)) \
        | set(g.subjects(SH.targetObjectsOf, None)) | set(g.subjects(SH.property, None))
    for shape in sorted(node_shapes, key=str):
        if g.value(shape, SH.deactivated) == rdflib.Literal(True):
            continue
        try:
            targets = target_patterns(g, shape, type_path)
        except ValueError:
            out.unsupported.setdefault(nt(shape), []).append("target")
            continue
        if not targets:
            continue
        own_path = g.value(shape, SH.path)
        members = [(shape, own_path)] + [(ps, g.value(ps, SH.path)) for ps in g.objects(shape, SH.property)]
        for ps, path in members:
            if ps is not shape and g.value(ps, SH.deactivated) == rdflib.Literal(True):
                continue
            comps = {p for p in g.predicates(ps, None)} - STRUCTURAL
            unsupported = sorted(str(c).rsplit("#", 1)[-1] for c in comps - SUPPORTED
                                 if str(c).startswith(str(SH)))
            if unsupported:
                out.unsupported.setdefault(nt(ps), []).extend(unsupported)
                continue
            sev = g.value(ps, SH.severity) or SH.Violation
            try:
                ppath = sparql_path(g, path) if path is not None else None
            except ValueError:
                out.unsupported.setdefault(nt(ps), []).append("path")
                continue
            pnt = path_nt(path) if path is not None else ""
            for comp in sorted(comps & SUPPORTED - {SH.flags}, key=str):
                for arg in g.objects(ps, comp):
                    for tgt in targets:
                        pre = ""
                        if tgt.startswith(PREFIXES_MARK):
                            pre, tgt = tgt[len(PREFIXES_MARK):].split("\n{", 1)
                            tgt = "{" + tgt
                        q = _query(g, comp, arg, ps, tgt, ppath, type_path)
                        if q is None:
                            if comp not in _MAY_SKIP:
                                out.unsupported.setdefault(nt(ps), []).append(str(comp).rsplit("#", 1)[-1])
                            continue
                        template = Result("", pnt, f"<{component_iri(comp)}>", f"<{sev}>", "", nt(ps))
                        out.queries.append((template, q[0], (pre + "\n" + q[1]) if pre else q[1]))
                        out.infos.append(_info(g, comp, arg, ps, path))
    return out


def _info(g, comp, arg, ps, path) -> QueryInfo:
    messages = tuple(g.objects(ps, SH.message))
    if comp != SH.sparql:
        return QueryInfo(ps, path, messages)
    names = projected(str(g.value(arg, SH.select)))
    return QueryInfo(ps, path, tuple(g.objects(arg, SH.message)) + messages, extra_variables(names),
                     this="this" in names, path_projected="path" in names)


def _query(g, comp, arg, ps, target: str, ppath: str | None, type_path: str) -> tuple[str, str] | None:
    """(kind, SELECT) for one constraint: kind "value" returns ?focus ?v, "focus" returns ?focus,
    "sparql" ?focus ?v ?p and the constraint's other variables."""
    values = f"?focus {ppath} ?v ." if ppath else "BIND(?focus AS ?v)"
    focus_query = None
    if comp == SH.minCount:
        focus_query = min_count_query(int(arg), target, values, ppath)
    elif comp == SH.maxCount:
        focus_query = max_count_query(int(arg), target, values, ppath)
    elif comp == SH.hasValue:
        focus_query = has_value_query(arg, target, values, ppath)
    elif comp == SH.uniqueLang:
        focus_query = unique_lang_query(arg, target, ppath)
    elif comp == SH.disjoint:
        q = disjoint_query(arg, target, values, ppath)
        return None if q is None else ("value", q)
    elif comp in (SH.qualifiedMinCount, SH.qualifiedMaxCount):
        q = g.value(ps, SH.qualifiedValueShape)
        conf = conforms(g, q, type_path) if q is not None else None
        if conf is None or not ppath:
            return None
        focus_query = qualified_count_query(comp, int(arg), conf, target, values)
    elif comp in (SH.qualifiedValueShape, SH.target):
        return None
    elif comp == SH.sparql:
        q = sparql_constraint_query(g, arg, target, ppath, type_path)
        return None if q is None else ("sparql", q)
    else:
        f = value_filter(g, comp, arg, ps, type_path)
        if f is None:
            return None
        return "value", f"SELECT DISTINCT ?focus ?v WHERE {{ {target} {values} FILTER({f}) }}"
    return None if focus_query is None else ("focus", focus_query)
