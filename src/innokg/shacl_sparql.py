"""SHACL Core constraints compiled to SPARQL and run on pyoxigraph, for data too large for pyshacl.

pyshacl validates on rdflib's in-memory graph in Python; on a million statements it
needs minutes and gigabytes. The SHACL specification itself defines most Core
constraint components by SPARQL queries [1]_ (section 6, "validators"); this module
compiles each (shape, constraint) pair of a shapes graph into one SELECT query that
returns the violating (focus node, value node) pairs, and runs it on the embedded
store. Targets follow section 2.1 (``sh:targetClass`` including subclasses via
``rdf:type/rdfs:subClassOf*``, implicit class targets, ``sh:targetNode``,
``sh:targetSubjectsOf``, ``sh:targetObjectsOf``); paths section 2.3.1 (predicate,
inverse, sequence, alternative, zero-or-more, one-or-more, zero-or-one).

Supported components: ``class``, ``datatype``, ``nodeKind``, ``minCount``, ``maxCount``,
``in``, ``hasValue``, ``pattern`` (with ``flags``), ``minLength``, ``maxLength``,
``minInclusive``, ``maxInclusive``, ``minExclusive``, ``maxExclusive``, ``languageIn``,
``uniqueLang``. A shape using anything else (``sh:node``, ``sh:or``, ``sh:sparql`` …)
is listed in :attr:`CompiledShapes.unsupported` so the caller can hand exactly those
shapes to pyshacl. :func:`pyshacl_results` reads a pyshacl report into the same
tuples, so that tests can check both agree.

References
----------
.. [1] H. Knublauch, D. Kontokostas (eds.), "Shapes Constraint Language (SHACL)",
   W3C Recommendation, 2017.
"""

from __future__ import annotations

from dataclasses import dataclass, field
import pyoxigraph as ox
import rdflib
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH

__all__ = ["Result", "CompiledShapes", "compile_shapes", "validate_store", "pyshacl_results"]

_TYPE_PATH = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>/<http://www.w3.org/2000/01/rdf-schema#subClassOf>*"
_SUPPORTED = {
    SH["class"], SH.datatype, SH.nodeKind, SH.minCount, SH.maxCount, SH["in"], SH.hasValue, SH.pattern,
    SH.flags, SH.minLength, SH.maxLength, SH.minInclusive, SH.maxInclusive, SH.minExclusive,
    SH.maxExclusive, SH.languageIn, SH.uniqueLang,
}
_STRUCTURAL = {
    RDF.type, SH.path, SH.property, SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf,
    SH.severity, SH.message, SH.name, SH.description, SH.order, SH.group, SH.deactivated, SH.defaultValue,
    rdflib.RDFS.label, rdflib.RDFS.comment, rdflib.RDFS.subClassOf, rdflib.RDFS.isDefinedBy,
    rdflib.URIRef("http://www.w3.org/2004/02/skos/core#definition"),
}


@dataclass(frozen=True, order=True)
class Result:
    """One validation result: as in a SHACL report, terms in N-Triples form (blank nodes as ``_:``)."""

    focus: str
    path: str
    component: str
    severity: str
    value: str
    shape: str


@dataclass
class CompiledShapes:
    """Queries per (shape, component), and the shapes that need pyshacl."""

    queries: list[tuple[Result, str, str]] = field(default_factory=list)  # (template, kind, sparql)
    unsupported: dict[str, list[str]] = field(default_factory=dict)  # shape -> components


def _nt(t) -> str:
    if isinstance(t, rdflib.BNode):
        return "_:"
    if isinstance(t, rdflib.URIRef):
        return f"<{t}>"
    return t.n3()


def _ox_nt(t) -> str:
    if isinstance(t, ox.BlankNode):
        return "_:"
    if isinstance(t, ox.Literal) and t.datatype.value == "http://www.w3.org/2001/XMLSchema#string" \
            and not t.language:
        return rdflib.Literal(t.value).n3()
    if isinstance(t, ox.Literal):
        if t.language:
            return rdflib.Literal(t.value, lang=t.language).n3()
        return rdflib.Literal(t.value, datatype=rdflib.URIRef(t.datatype.value)).n3()
    return str(t)


def _path(g: rdflib.Graph, p) -> str:
    """SHACL path → SPARQL property path."""
    if isinstance(p, rdflib.URIRef):
        return f"<{p}>"
    inv = g.value(p, SH.inversePath)
    if inv is not None:
        return f"^({_path(g, inv)})"
    for pred, op in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
        x = g.value(p, pred)
        if x is not None:
            return f"({_path(g, x)}){op}"
    alt = g.value(p, SH.alternativePath)
    if alt is not None:
        return "(" + "|".join(_path(g, x) for x in Collection(g, alt)) + ")"
    if g.value(p, RDF.first) is not None:
        return "(" + "/".join(_path(g, x) for x in Collection(g, p)) + ")"
    raise ValueError(f"unsupported path {p!r}")


def _targets(g: rdflib.Graph, shape) -> list[str]:
    """SPARQL patterns binding ?focus, one per target declaration."""
    out = []
    for c in g.objects(shape, SH.targetClass):
        out.append(f"?focus {_TYPE_PATH} <{c}> .")
    if (shape, RDF.type, rdflib.RDFS.Class) in g or (shape, RDF.type, rdflib.OWL.Class) in g:
        out.append(f"?focus {_TYPE_PATH} <{shape}> .")
    nodes = [_nt(n) for n in g.objects(shape, SH.targetNode)]
    if nodes:
        out.append(f"VALUES ?focus {{ {' '.join(nodes)} }}")
    for p in g.objects(shape, SH.targetSubjectsOf):
        out.append(f"?focus <{p}> ?_t .")
    for p in g.objects(shape, SH.targetObjectsOf):
        out.append(f"?_t <{p}> ?focus .")
    return out


def _value_filter(g: rdflib.Graph, comp, arg, shape) -> str | None:
    """FILTER expression true for a *violating* value ?v (None: not a per-value component)."""
    if comp == SH["class"]:
        return f"NOT EXISTS {{ ?v {_TYPE_PATH} <{arg}> }}"
    if comp == SH.datatype:
        if arg == RDF.langString:
            return "!(isLiteral(?v) && lang(?v) != \"\")"
        return f"!(isLiteral(?v) && datatype(?v) = <{arg}> && lang(?v) = \"\")"
    if comp == SH.nodeKind:
        kinds = {SH.IRI: "isIRI(?v)", SH.BlankNode: "isBlank(?v)", SH.Literal: "isLiteral(?v)",
                 SH.BlankNodeOrIRI: "(isBlank(?v) || isIRI(?v))", SH.BlankNodeOrLiteral: "(isBlank(?v) || isLiteral(?v))",
                 SH.IRIOrLiteral: "(isIRI(?v) || isLiteral(?v))"}
        return f"!{kinds[arg]}"
    if comp == SH["in"]:
        members = list(Collection(g, arg))
        if not members:
            return "true"
        return "!(" + " || ".join(f"sameTerm(?v, {_nt(m)})" for m in members) + ")"
    if comp == SH.pattern:
        flags = g.value(shape, SH.flags)
        fl = f", {rdflib.Literal(str(flags)).n3()}" if flags is not None else ""
        return f"isBlank(?v) || !regex(str(?v), {rdflib.Literal(str(arg)).n3()}{fl})"
    if comp in (SH.minLength, SH.maxLength):
        op = "<" if comp == SH.minLength else ">"
        return f"isBlank(?v) || strlen(str(?v)) {op} {int(arg)}"
    ops = {SH.minInclusive: ">=", SH.maxInclusive: "<=", SH.minExclusive: ">", SH.maxExclusive: "<"}
    if comp in ops:
        return f"!COALESCE(?v {ops[comp]} {_nt(arg)}, false)"
    if comp == SH.languageIn:
        langs = [str(x) for x in Collection(g, arg)]
        tests = " || ".join(f"langMatches(lang(?v), {rdflib.Literal(lang).n3()})" for lang in langs) or "false"
        return f"!isLiteral(?v) || !({tests})"
    return None


def compile_shapes(shapes: rdflib.Graph) -> CompiledShapes:
    """Compile every active shape of ``shapes`` into SPARQL queries (see module docstring)."""
    g = shapes
    out = CompiledShapes()
    node_shapes = set(g.subjects(RDF.type, SH.NodeShape)) | set(g.subjects(SH.targetClass, None)) \
        | set(g.subjects(SH.targetNode, None)) | set(g.subjects(SH.targetSubjectsOf, None)) \
        | set(g.subjects(SH.targetObjectsOf, None)) | set(g.subjects(SH.property, None))
    for shape in sorted(node_shapes, key=str):
        if g.value(shape, SH.deactivated) == rdflib.Literal(True):
            continue
        targets = _targets(g, shape)
        if not targets:
            continue
        own_path = g.value(shape, SH.path)
        members = [(shape, own_path)] + [(ps, g.value(ps, SH.path)) for ps in g.objects(shape, SH.property)]
        for ps, path in members:
            if ps is not shape and g.value(ps, SH.deactivated) == rdflib.Literal(True):
                continue
            comps = {p for p in g.predicates(ps, None)} - _STRUCTURAL
            unsupported = sorted(str(c).rsplit("#", 1)[-1] for c in comps - _SUPPORTED
                                 if str(c).startswith(str(SH)))
            if unsupported:
                out.unsupported.setdefault(_nt(ps), []).extend(unsupported)
                continue
            sev = g.value(ps, SH.severity) or SH.Violation
            try:
                ppath = _path(g, path) if path is not None else None
            except ValueError:
                out.unsupported.setdefault(_nt(ps), []).append("path")
                continue
            path_nt = _sparql_path_nt(g, path) if path is not None else ""
            for comp in sorted(comps & _SUPPORTED - {SH.flags}, key=str):
                for arg in g.objects(ps, comp):
                    for tgt in targets:
                        q = _query(g, comp, arg, ps, tgt, ppath)
                        if q is None:
                            continue
                        component = _component_iri(comp)
                        template = Result("", path_nt, f"<{component}>", f"<{sev}>", "", _nt(ps))
                        out.queries.append((template, q[0], q[1]))
    return out


def _sparql_path_nt(g, path) -> str:
    return _nt(path) if isinstance(path, rdflib.URIRef) else "_:"


def _component_iri(comp) -> str:
    local = str(comp).rsplit("#", 1)[-1]
    return f"{SH}{local[0].upper()}{local[1:]}ConstraintComponent"


def _query(g, comp, arg, ps, target: str, ppath: str | None) -> tuple[str, str] | None:
    """(kind, SELECT) for one constraint: kind "value" returns ?focus ?v, "focus" returns ?focus."""
    values = f"?focus {ppath} ?v ." if ppath else "BIND(?focus AS ?v)"
    if comp == SH.minCount:
        n = int(arg)
        if n <= 0:
            return None
        if not ppath:
            return None
        return "focus", (f"SELECT DISTINCT ?focus WHERE {{ {target} "
                         f"OPTIONAL {{ SELECT ?focus (COUNT(DISTINCT ?v) AS ?n) WHERE {{ {target} {values} }} GROUP BY ?focus }} "
                         f"FILTER(COALESCE(?n, 0) < {n}) }}")
    if comp == SH.maxCount:
        if not ppath:
            return None
        return "focus", (f"SELECT ?focus WHERE {{ {target} {values} }} GROUP BY ?focus "
                         f"HAVING(COUNT(DISTINCT ?v) > {int(arg)})")
    if comp == SH.hasValue:
        return "focus", (f"SELECT DISTINCT ?focus WHERE {{ {target} FILTER NOT EXISTS {{ "
                         f"{values.replace('?v', _nt(arg)) if ppath else f'FILTER(sameTerm(?focus, {_nt(arg)}))'} }} }}")
    if comp == SH.uniqueLang:
        if arg != rdflib.Literal(True) or not ppath:
            return None
        return "focus", (f"SELECT DISTINCT ?focus WHERE {{ {target} ?focus {ppath} ?a . ?focus {ppath} ?b . "
                         f"FILTER(!sameTerm(?a, ?b) && lang(?a) != \"\" && lang(?a) = lang(?b)) }}")
    f = _value_filter(g, comp, arg, ps)
    if f is None:
        return None
    return "value", f"SELECT DISTINCT ?focus ?v WHERE {{ {target} {values} FILTER({f}) }}"


def validate_store(store: ox.Store, compiled: CompiledShapes) -> list[Result]:
    """Run the compiled queries on ``store`` (union of all graphs); sorted results."""
    out: set[Result] = set()
    for template, kind, q in compiled.queries:
        for row in store.query(q, use_default_graph_as_union=True):
            focus = _ox_nt(row["focus"])
            value = _ox_nt(row["v"]) if kind == "value" else ""
            if kind == "focus" and template.component.endswith("HasValueConstraintComponent>"):
                value = ""
            out.add(Result(focus, template.path, template.component, template.severity, value, template.shape))
    return sorted(out)


def pyshacl_results(report: rdflib.Graph) -> list[Result]:
    """A pyshacl results graph as :class:`Result` tuples (for comparison with :func:`validate_store`)."""
    out = set()
    for r in report.subjects(RDF.type, SH.ValidationResult):
        comp = report.value(r, SH.sourceConstraintComponent)
        value = report.value(r, SH.value)
        if str(comp).rsplit("#", 1)[-1] in ("MinCountConstraintComponent", "MaxCountConstraintComponent",
                                           "HasValueConstraintComponent", "UniqueLangConstraintComponent"):
            value = None
        path = report.value(r, SH.resultPath)
        out.add(Result(_nt(report.value(r, SH.focusNode)), _nt(path) if path is not None else "",
                       f"<{comp}>", f"<{report.value(r, SH.resultSeverity)}>",
                       _nt(value) if value is not None else "", _nt(report.value(r, SH.sourceShape))))
    return sorted(out)

