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

Supported components: ``class``, ``datatype`` (ill-typed ``xsd:decimal``/``integer``/``date``/
``dateTime``/``boolean`` literals fail, as in pyshacl), ``nodeKind``, ``minCount``, ``maxCount``,
``in``, ``hasValue``, ``pattern`` (with ``flags``), ``minLength``, ``maxLength``,
``minInclusive``, ``maxInclusive``, ``minExclusive``, ``maxExclusive``, ``languageIn``,
``uniqueLang``, ``disjoint``; ``or``, ``and``, ``not``, ``xone``, ``node`` and
``qualifiedValueShape`` with ``qualifiedMin/MaxCount`` over nested shapes made of per-value
components; SPARQL-based targets and constraints (SHACL section 5, ``$this`` pre-bound by
placing the target first in the constraint's WHERE group). A shape using anything else
is listed in :attr:`CompiledShapes.unsupported` so the caller can hand exactly those
shapes to pyshacl. :func:`pyshacl_results` reads a pyshacl report into the same
tuples, so that tests can check both agree. :func:`iter_rows` gives each result with the
store's own terms, the shape's messages and, for a SHACL-SPARQL constraint, the other
variables its SELECT projects, so that :mod:`innokg.validate.store_engine` can word a finding as
pyshacl does (message templates such as ``{?class1}`` filled in).

References
----------
.. [1] H. Knublauch, D. Kontokostas (eds.), "Shapes Constraint Language (SHACL)",
   W3C Recommendation, 2017.
"""

from __future__ import annotations

from dataclasses import dataclass, field
import os
import re
import warnings

import pyoxigraph as ox
import rdflib
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH

__all__ = ["Result", "QueryInfo", "Row", "CompiledShapes", "compile_shapes", "iter_rows", "validate_store",
           "pyshacl_results"]

_TYPE_PATH = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>/<http://www.w3.org/2000/01/rdf-schema#subClassOf>*"
_TYPE_PATH_ACTIVE = _TYPE_PATH
_SUPPORTED = {
    SH["class"], SH.datatype, SH.nodeKind, SH.minCount, SH.maxCount, SH["in"], SH.hasValue, SH.pattern,
    SH.flags, SH.minLength, SH.maxLength, SH.minInclusive, SH.maxInclusive, SH.minExclusive,
    SH.maxExclusive, SH.languageIn, SH.uniqueLang, SH["or"], SH["and"], SH["not"], SH.xone, SH.node,
    SH.disjoint, SH.qualifiedValueShape, SH.qualifiedMinCount, SH.qualifiedMaxCount, SH.sparql, SH.target,
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


@dataclass(frozen=True)
class QueryInfo:
    """What a caller needs, beyond :class:`Result`, to word a result as pyshacl does."""

    #: the shape (rdflib term of the shapes graph) and its own ``sh:path`` (None for a node shape)
    shape: object
    path: object | None
    #: the ``sh:message`` literals pyshacl reports: the shape's, and for a SHACL-SPARQL constraint also
    #: the constraint's
    messages: tuple = ()
    #: SHACL-SPARQL: the variables the constraint's SELECT projects besides this/path/value (they fill
    #: ``{?name}`` in its messages), and whether it projects ``$this`` / ``?path``
    variables: tuple[str, ...] = ()
    this: bool = False
    path_projected: bool = False


@dataclass(frozen=True)
class Row:
    """One result with the store's own terms (pyoxigraph), so a caller can describe blank nodes and fill
    message templates; ``result`` is what :func:`validate_store` returns for it."""

    result: Result
    info: QueryInfo
    focus: object
    value: object | None
    path: object | None  # the ?path a SHACL-SPARQL constraint returned (a pyoxigraph term), else None
    bindings: tuple[tuple[str, object], ...] = ()  # the other projected variables that are bound


@dataclass
class CompiledShapes:
    """Queries per (shape, component), and the shapes that need pyshacl."""

    queries: list[tuple[Result, str, str]] = field(default_factory=list)  # (template, kind, sparql)
    unsupported: dict[str, list[str]] = field(default_factory=dict)  # shape -> components
    #: for each query, at the same index: shape, path, messages (see :class:`QueryInfo`)
    infos: list[QueryInfo] = field(default_factory=list)


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
        with warnings.catch_warnings():  # an ill-typed literal is a finding, not a warning on stderr
            warnings.simplefilter("ignore")
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


def _targets(g: rdflib.Graph, shape, type_path: str = _TYPE_PATH) -> list[str]:
    """SPARQL patterns binding ?focus, one per target declaration."""
    out = []
    for c in g.objects(shape, SH.targetClass):
        out.append(f"?focus {type_path} <{c}> .")
    if (shape, RDF.type, rdflib.RDFS.Class) in g or (shape, RDF.type, rdflib.OWL.Class) in g:
        out.append(f"?focus {type_path} <{shape}> .")
    nodes = [_nt(n) for n in g.objects(shape, SH.targetNode)]
    if nodes:
        out.append(f"VALUES ?focus {{ {' '.join(nodes)} }}")
    for p in g.objects(shape, SH.targetSubjectsOf):
        out.append(f"?focus <{p}> ?_t .")
    for p in g.objects(shape, SH.targetObjectsOf):
        out.append(f"?_t <{p}> ?focus .")
    for t in g.objects(shape, SH.target):
        select = g.value(t, SH.select)
        if select is None:
            raise ValueError("target")
        prefixes, body = _split_prefixes(str(select))
        body = _typed(re.sub(r"[?$]this\b", "?focus", body), prefixes, type_path)
        out.append(("PREFIXES:" + prefixes + "\n") + f"{{ {body} }}")
    return out


_XSD = "http://www.w3.org/2001/XMLSchema#"
_CASTS = {"decimal", "integer", "date", "dateTime", "boolean"}
_PER_VALUE = {SH["class"], SH.datatype, SH.nodeKind, SH["in"], SH.pattern, SH.minLength, SH.maxLength,
              SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive, SH.languageIn}


def _conforms(g: rdflib.Graph, shape) -> str | None:
    """SPARQL expression: value ?v conforms to the nested ``shape`` (None: not expressible)."""
    comps = {p for p in g.predicates(shape, None)} - _STRUCTURAL - {SH.flags}
    path = g.value(shape, SH.path)
    if path is not None:
        return _conforms_property(g, shape, path, comps)
    if comps - _PER_VALUE - {SH["or"], SH["and"], SH["not"], SH.xone, SH.node}:
        return None
    parts = []
    for comp in sorted(comps, key=str):
        for arg in g.objects(shape, comp):
            f = _value_filter(g, comp, arg, shape)
            if f is None:
                return None
            parts.append(f"!({f})")
    return "(" + " && ".join(parts) + ")" if parts else "true"


def _conforms_property(g: rdflib.Graph, shape, path, comps) -> str | None:
    """?v conforms to a nested property shape (minCount 1, hasValue, per-value components)."""
    try:
        pp = _path(g, path)
    except ValueError:
        return None
    parts = []
    for comp in sorted(comps, key=str):
        for arg in g.objects(shape, comp):
            if comp == SH.minCount and int(arg) <= 1:
                if int(arg) == 1:
                    parts.append(f"EXISTS {{ ?v {pp} ?_w }}")
            elif comp == SH.hasValue:
                parts.append(f"EXISTS {{ ?v {pp} {_nt(arg)} }}")
            elif comp in _PER_VALUE:
                f = _value_filter(g, comp, arg, shape)
                if f is None or "?_w" in f:
                    return None
                parts.append(f"NOT EXISTS {{ ?v {pp} ?_w . FILTER({f.replace('?v', '?_w')}) }}")
            else:
                return None
    return "(" + " && ".join(parts) + ")" if parts else "true"


def _value_filter(g: rdflib.Graph, comp, arg, shape) -> str | None:
    """FILTER expression true for a *violating* value ?v (None: not a per-value component)."""
    if comp == SH["class"]:
        return f"NOT EXISTS {{ ?v {_TYPE_PATH_ACTIVE} <{arg}> }}"
    if comp == SH.datatype:
        if arg == RDF.langString:
            return "!(isLiteral(?v) && lang(?v) != \"\")"
        ok = f"isLiteral(?v) && datatype(?v) = <{arg}> && lang(?v) = \"\""
        local = str(arg).rsplit("#", 1)[-1]
        if str(arg).startswith(_XSD) and local in _CASTS:
            ok += f" && !sameTerm(COALESCE(<{arg}>(STR(?v)), \"\\u0000\"), \"\\u0000\")"
        return f"!({ok})"
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
    if comp in (SH["or"], SH["and"], SH.xone):
        conf = [_conforms(g, m) for m in Collection(g, arg)]
        if any(c is None for c in conf) or not conf:
            return None
        if comp == SH["or"]:
            return "!(" + " || ".join(conf) + ")"
        if comp == SH["and"]:
            return "!(" + " && ".join(conf) + ")"
        return "(" + " + ".join(f"IF({c}, 1, 0)" for c in conf) + ") != 1"
    if comp == SH["not"]:
        return _conforms(g, arg)
    if comp == SH.node:
        c = _conforms(g, arg)
        return None if c is None else f"!{c}"
    if comp == SH.languageIn:
        langs = [str(x) for x in Collection(g, arg)]
        tests = " || ".join(f"langMatches(lang(?v), {rdflib.Literal(lang).n3()})" for lang in langs) or "false"
        return f"!isLiteral(?v) || !({tests})"
    return None


def compile_shapes(shapes: rdflib.Graph, *, materialised: bool = False) -> CompiledShapes:
    """Compile every active shape of ``shapes`` into SPARQL queries (see module docstring).

    With ``materialised=True`` the data already carry every superclass type (as after
    :func:`innokg.reason.rules.materialise` / :func:`~innokg.reason.rules.infer_stream`), so class
    targets and ``sh:class`` test ``rdf:type`` directly instead of following
    ``rdf:type/rdfs:subClassOf*`` — same results, several times faster on large data.
    """
    global _TYPE_PATH_ACTIVE
    _TYPE_PATH_ACTIVE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>" if materialised else _TYPE_PATH
    g = shapes
    out = CompiledShapes()
    node_shapes = set(g.subjects(RDF.type, SH.NodeShape)) | set(g.subjects(SH.targetClass, None)) \
        | set(g.subjects(SH.targetNode, None)) | set(g.subjects(SH.targetSubjectsOf, None)) \
        | set(g.subjects(SH.targetObjectsOf, None)) | set(g.subjects(SH.property, None))
    for shape in sorted(node_shapes, key=str):
        if g.value(shape, SH.deactivated) == rdflib.Literal(True):
            continue
        try:
            targets = _targets(g, shape, _TYPE_PATH_ACTIVE)
        except ValueError:
            out.unsupported.setdefault(_nt(shape), []).append("target")
            continue
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
                        pre = ""
                        if tgt.startswith("PREFIXES:"):
                            pre, tgt = tgt[len("PREFIXES:"):].split("\n{", 1)
                            tgt = "{" + tgt
                        q = _query(g, comp, arg, ps, tgt, ppath)
                        if q is None:
                            if comp not in (SH.qualifiedValueShape, SH.target, SH.minCount, SH.maxCount,
                                            SH.hasValue, SH.uniqueLang, SH.disjoint):
                                out.unsupported.setdefault(_nt(ps), []).append(str(comp).rsplit("#", 1)[-1])
                            continue
                        component = _component_iri(comp)
                        template = Result("", path_nt, f"<{component}>", f"<{sev}>", "", _nt(ps))
                        out.queries.append((template, q[0], (pre + "\n" + q[1]) if pre else q[1]))
                        out.infos.append(_info(g, comp, arg, ps, path))
    return out


def _info(g, comp, arg, ps, path) -> QueryInfo:
    messages = tuple(g.objects(ps, SH.message))
    if comp != SH.sparql:
        return QueryInfo(ps, path, messages)
    projected = _projected(str(g.value(arg, SH.select)))
    return QueryInfo(ps, path, tuple(g.objects(arg, SH.message)) + messages, _extra_variables(projected),
                     this="this" in projected, path_projected="path" in projected)


_OWN = ("this", "focus", "v", "p", "value", "path")


def _projected(select: str) -> set[str]:
    """The variables a SELECT projects (``$this`` as ``this``); for ``SELECT *`` every variable it names."""
    head = re.search(r"\bSELECT\s+(?:DISTINCT\s+|REDUCED\s+)?(.*?)\s+WHERE\b", select, re.IGNORECASE | re.DOTALL)
    if head is None:
        return set()
    text = head.group(1)
    if text.strip() == "*":
        return set(re.findall(r"[?$](\w+)", select[head.end():]))
    # (expr AS ?x) projects ?x only
    text = re.sub(r"\((.*?)\s+AS\s+([?$]\w+)\s*\)", r"\2", text, flags=re.IGNORECASE | re.DOTALL)
    return set(re.findall(r"[?$](\w+)", text))


def _extra_variables(projected: set[str]) -> tuple[str, ...]:
    """Projected variables other than this/path/value (and the names the compiled query uses itself)."""
    return tuple(sorted(projected - set(_OWN)))


def _sparql_path_nt(g, path) -> str:
    return _nt(path) if isinstance(path, rdflib.URIRef) else "_:"


def _component_iri(comp) -> str:
    if comp == SH.sparql:
        return str(SH.SPARQLConstraintComponent)
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
        if n == 1:  # the common case: no value at all (twice as fast as counting every focus node's values)
            return "focus", f"SELECT DISTINCT ?focus WHERE {{ {target} FILTER NOT EXISTS {{ {values} }} }}"
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
    if comp == SH.disjoint:
        if not ppath:
            return None
        return "value", f"SELECT DISTINCT ?focus ?v WHERE {{ {target} {values} ?focus <{arg}> ?v . }}"
    if comp in (SH.qualifiedMinCount, SH.qualifiedMaxCount):
        q = g.value(ps, SH.qualifiedValueShape)
        conf = _conforms(g, q) if q is not None else None
        if conf is None or not ppath:
            return None
        cmp = f"< {int(arg)}" if comp == SH.qualifiedMinCount else f"> {int(arg)}"
        return "focus", (f"SELECT DISTINCT ?focus WHERE {{ {target} "
                         f"OPTIONAL {{ SELECT ?focus (COUNT(DISTINCT ?v) AS ?n) WHERE {{ {target} {values} "
                         f"FILTER({conf}) }} GROUP BY ?focus }} FILTER(COALESCE(?n, 0) {cmp}) }}")
    if comp in (SH.qualifiedValueShape, SH.target):
        return None
    if comp == SH.sparql:
        return _sparql_constraint(g, arg, target, ppath)
    f = _value_filter(g, comp, arg, ps)
    if f is None:
        return None
    return "value", f"SELECT DISTINCT ?focus ?v WHERE {{ {target} {values} FILTER({f}) }}"


_PREFIX_RE = re.compile(r"^\s*PREFIX\s+([A-Za-z0-9_-]*):\s*<([^>]*)>\s*$", re.MULTILINE | re.IGNORECASE)


def _split_prefixes(text: str) -> tuple[str, str]:
    """(PREFIX lines, the rest) of a SPARQL text, so that the rest can be nested."""
    prefixes = "\n".join(m.group(0).strip() for m in _PREFIX_RE.finditer(text))
    return prefixes, _PREFIX_RE.sub("", text)


_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"


def _typed(body: str, prefixes: str, type_path: str) -> str:
    """On materialised data, ``rdf:type/rdfs:subClassOf*`` in a SHACL-SPARQL query is ``rdf:type``.

    After the reasoning step every instance carries each of its superclasses as an
    ``rdf:type`` of its own, so the path and the plain predicate select the same pairs;
    Oxigraph evaluates the path from the class end by walking every instance of every
    subclass, which on a million statements costs seconds per pattern.
    """
    if type_path == _TYPE_PATH:
        return body
    declared = dict((m.group(1), m.group(2)) for m in _PREFIX_RE.finditer(prefixes))
    forms = [re.escape(f"<{_RDF}type>") + r"\s*/\s*" + re.escape(f"<{_RDFS}subClassOf>") + r"\s*\*"]
    rdf = [k for k, v in declared.items() if v == _RDF]
    rdfs = [k for k, v in declared.items() if v == _RDFS]
    for a in rdf:
        for b in rdfs:
            forms.append(rf"(?<![\w:]){re.escape(a)}:type\s*/\s*{re.escape(b)}:subClassOf\s*\*")
    for b in rdfs:
        forms.append(rf"(?<![\w:<])a\s*/\s*{re.escape(b)}:subClassOf\s*\*")
    return re.sub("|".join(f"(?:{f})" for f in forms), f"<{_RDF}type>", body)


def _sparql_constraint(g, constraint, target: str, ppath: str | None) -> tuple[str, str] | None:
    """SHACL-SPARQL constraint: its SELECT joined with the target on ?this (section 5.3)."""
    select = g.value(constraint, SH.select)
    if select is None or g.value(constraint, SH.deactivated) == rdflib.Literal(True):
        return None
    prefixes, body = _split_prefixes(str(select))
    body = _typed(re.sub(r"[?$]this\b", "?focus", body).replace("$PATH", ppath or ""), prefixes, _TYPE_PATH_ACTIVE)
    if "$" in re.sub(r'"[^"]*"', "", body):
        return None  # other pre-bound variables ($shapesGraph, $currentShape): not supported
    head = re.match(r"\s*SELECT\s+(DISTINCT\s+)?(.*?)\s+WHERE", body, re.IGNORECASE | re.DOTALL)
    if head is None:
        return None
    projected = set(re.findall(r"\?(\w+)", head.group(2))) if head.group(2).strip() != "*" else {"value", "path"}
    value = "?value" if "value" in projected else "?focus"
    path = "?path" if "path" in projected else '""'
    # the other projected variables fill {?name} in the messages
    own = "".join(f" ?{v}" for v in _extra_variables(_projected(str(select))))
    # Pre-binding (SHACL 5.3.1): a query whose BINDs use ?this gets the target first in its own
    # WHERE group, so that they see ?this bound (joined from outside, the sub-select is evaluated
    # on its own and such a BIND would be unbound). Without a BIND, ?this is bound by the query's
    # own patterns and filters apply to the whole group, so the join from outside gives the same
    # rows -- and Oxigraph plans it better: ReferenceShape on all of H2020 5 s against 11 s.
    if re.search(r"\bBIND\s*\(", body, re.IGNORECASE):
        brace = body.find("{", head.end())
        if brace < 0:
            return None
        body = f"{body[:brace + 1]} {target}\n{body[brace + 1:]}"
        return "sparql", (f"{prefixes}\nSELECT DISTINCT ?focus ({value} AS ?v) ({path} AS ?p){own} "
                          f"WHERE {{ {{ {body} }} }}")
    return "sparql", (f"{prefixes}\nSELECT DISTINCT ?focus ({value} AS ?v) ({path} AS ?p){own} "
                      f"WHERE {{ {target} {{ {body} }} }}")


def _run_one(store: ox.Store, template: Result, kind: str, q: str, info: QueryInfo | None) -> list[Row]:
    out = []
    for row in store.query(q, use_default_graph_as_union=True):
        focus = _ox_nt(row["focus"])
        value = _ox_nt(row["v"]) if kind in ("value", "sparql") else ""
        path = template.path
        found_path = row["p"] if kind == "sparql" and isinstance(row["p"], ox.NamedNode) else None
        if found_path is not None:
            path = str(found_path)
        bindings = ()
        if info is not None and info.variables:
            bindings = tuple((v, row[v]) for v in info.variables if row[v] is not None)
        out.append(Row(Result(focus, path, template.component, template.severity, value, template.shape), info,
                       row["focus"], row["v"] if kind in ("value", "sparql") else None, found_path, bindings))
    return out


def iter_rows(store: ox.Store, compiled: CompiledShapes, *, threads: int | None = None):
    """Run the compiled queries on ``store`` (union of all graphs); yield every :class:`Row`.

    The queries are independent reads of one store, and Oxigraph evaluates them without
    holding Python's interpreter lock, so they run on ``threads`` threads at once (default:
    one per CPU core); the results are the same set whatever the number.
    """
    from concurrent.futures import ThreadPoolExecutor

    infos = compiled.infos or [None] * len(compiled.queries)
    jobs = [(*query, info) for query, info in zip(compiled.queries, infos)]
    n = threads or os.cpu_count() or 1
    if n == 1:
        for job in jobs:
            yield from _run_one(store, *job)
        return
    with ThreadPoolExecutor(max_workers=n) as pool:
        for rows in pool.map(lambda job: _run_one(store, *job), jobs):
            yield from rows


def validate_store(store: ox.Store, compiled: CompiledShapes, *, threads: int | None = None) -> list[Result]:
    """Run the compiled queries on ``store`` (union of all graphs); sorted results (see :func:`iter_rows`)."""
    return sorted({r.result for r in iter_rows(store, compiled, threads=threads)})


def pyshacl_results(report: rdflib.Graph) -> list[Result]:
    """A pyshacl results graph as :class:`Result` tuples (for comparison with :func:`validate_store`)."""
    out = set()
    for r in report.subjects(RDF.type, SH.ValidationResult):
        comp = report.value(r, SH.sourceConstraintComponent)
        value = report.value(r, SH.value)
        if str(comp).rsplit("#", 1)[-1] in ("MinCountConstraintComponent", "MaxCountConstraintComponent",
                                           "HasValueConstraintComponent", "UniqueLangConstraintComponent",
                                           "QualifiedMinCountConstraintComponent",
                                           "QualifiedMaxCountConstraintComponent"):
            value = None
        path = report.value(r, SH.resultPath)
        out.add(Result(_nt(report.value(r, SH.focusNode)), _nt(path) if path is not None else "",
                       f"<{comp}>", f"<{report.value(r, SH.resultSeverity)}>",
                       _nt(value) if value is not None else "", _nt(report.value(r, SH.sourceShape))))
    return sorted(out)

