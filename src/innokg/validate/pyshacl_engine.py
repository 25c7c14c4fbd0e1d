"""SHACL validation with pyshacl, reported as typed findings.

Severities separate errors from completeness gaps:

* ``Violation`` — the data is wrong (wrong type, amount without currency, end
  before start …). The data does not conform; ``innokg validate`` exits 1.
* ``Warning`` — a completeness gap a researcher should know about (a project
  without a known funder, a grant without an amount). Listed, exit 0.
* ``Info`` — notes.

Validation runs on the merged graph *after* reasoning, with pyshacl's own
inference off (reasoning is innokg's job, see :mod:`innokg.reason.owl_rl`).
``innokg validate --engine sparql`` (:mod:`innokg.validate.store_engine`) gives the same
findings on a pyoxigraph store, for imports of millions of statements.
"""

from __future__ import annotations

from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF

from innokg.errors import InnokgError, InputError
from innokg.namespaces import SH, PREFIXES, bind_prefixes

__all__ = [
    "SEVERITIES",
    "Finding",
    "ValidationReport",
    "load_shapes",
    "validate_graph",
    "choose_message",
]

#: Severities, most severe first.
SEVERITIES = ("Violation", "Warning", "Info")
_RANK = {s: i for i, s in enumerate(SEVERITIES)}


def _short(term, graph: Graph | None = None) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        s = str(term)
        # longest namespace first, so "id:" wins over shorter overlapping ones
        for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
            if s.startswith(ns) and len(s) > len(ns):
                return f"{prefix}:{s[len(ns):]}"
        return f"<{s}>"
    if isinstance(term, Literal):
        return repr(str(term)) if term.datatype is None else f"{str(term)!r}^^{_short(term.datatype)}"
    if isinstance(term, BNode) and graph is not None:
        # a path expression: sh:inversePath, sequence …
        inv = graph.value(term, SH.inversePath)
        if inv is not None:
            return f"^{_short(inv)}"
        return "_:" + str(term)[:8]
    return str(term)


def _node(term, data: Graph, depth: int = 0) -> str:
    """A focus node or value for a person: a blank node is shown by who refers to it,
    ``(id:grant/g ikg:amount)`` — "the ikg:amount of id:grant/g" — since its id is
    meaningless and changes from run to run.

    Examples
    --------
    >>> from rdflib import Graph, BNode, URIRef
    >>> g, b = Graph(), BNode()
    >>> _ = g.add((URIRef("https://w3id.org/innokg/id/grant/g"),
    ...            URIRef("https://w3id.org/innokg/ontology#amount"), b))
    >>> _node(b, g)
    '(id:grant/g ikg:amount)'
    """
    if not isinstance(term, BNode):
        return _short(term)
    refs = sorted(data.subject_predicates(term), key=lambda sp: (isinstance(sp[0], BNode), str(sp[0]), str(sp[1])))
    if not refs or depth >= 3:
        return "[]"  # a blank node nothing refers to
    s, p = refs[0]
    return f"({_node(s, data, depth + 1)} {_short(p)})"


def _path(term, *graphs: Graph) -> str:
    """A SHACL property path as SPARQL path syntax (``^org:organization/org:member``,
    ``(rdfs:label|schema:name)``), read from whichever graph describes the path node,
    so complex paths print the same in every run (blank-node ids do not)."""
    if not isinstance(term, BNode):
        return _short(term)
    g = next((g for g in graphs if g is not None and (term, None, None) in g), None)
    if g is None:
        return "_:" + str(term)[:8]

    def inner(t) -> str:
        s = _path(t, g)
        return f"({s})" if "/" in s and not s.startswith("(") else s

    for pred, fmt in ((SH.inversePath, "^{}"), (SH.zeroOrMorePath, "{}*"),
                      (SH.oneOrMorePath, "{}+"), (SH.zeroOrOnePath, "{}?")):
        v = g.value(term, pred)
        if v is not None:
            return fmt.format(inner(v))
    alt = g.value(term, SH.alternativePath)
    if alt is not None:
        return "(" + "|".join(_path(m, g) for m in g.items(alt)) + ")"
    if g.value(term, RDF.first) is not None:
        return "/".join(inner(m) for m in g.items(term))
    return "_:" + str(term)[:8]


def _result_path(path, shape, results: Graph, shapes_graph: Graph) -> str | None:
    """The result path as text. pyshacl copies a complex path into the results graph only a few levels
    deep, so a blank-node path is read from the source shape's own ``sh:path`` in the shapes graph."""
    if path is None:
        return None
    if isinstance(path, BNode):
        own = shapes_graph.value(shape, SH.path) if shape is not None else None
        if isinstance(own, BNode):
            return _path(own, shapes_graph)
        return _path(path, results)
    return _short(path)


def _message(results: Graph, result) -> str | None:
    """The English message of a result (else an untagged one, else any), so the
    German text of a bilingual ``sh:message`` does not win by sort order."""
    return choose_message(list(results.objects(result, SH.resultMessage)))


def choose_message(msgs: list) -> str | None:
    """Of a result's message literals: the first English one in sort order, else the first untagged
    one, else the first of any language (None if there is none)."""
    for lang in ("en", None):
        chosen = sorted(str(m) for m in msgs if getattr(m, "language", None) == lang)
        if chosen:
            return chosen[0]
    return sorted(str(m) for m in msgs)[0] if msgs else None


@dataclass(frozen=True, order=True)
class Finding:
    """One validation result."""

    severity: str
    focus: str
    path: str | None
    component: str
    message: str
    shape: str
    value: str | None = None
    #: the file (or named graph) where the focus node is described, if known
    source: str | None = None

    def sort_key(self):
        # total: two findings that differ only in value, shape or file keep one order from run to run
        # (the findings come from a set, whose order changes with Python's string hashing)
        return (_RANK.get(self.severity, 9), self.focus, self.path or "", self.component, self.message,
                self.value or "", self.shape, self.source or "")

    def format(self) -> str:
        where = self.focus + (f" {self.path}" if self.path else "")
        if self.source:
            where = f"{self.source} {where}"
        value = f" (value: {self.value})" if self.value else ""
        return f"[{self.severity.upper()}] [{where}] {self.message}{value}"


@dataclass
class ValidationReport:
    """All findings of one validation run, most severe first."""

    findings: list[Finding] = field(default_factory=list)
    results_graph: Graph | None = None

    @property
    def conforms(self) -> bool:
        """True when there is no Violation (Warnings and Infos do not break conformance)."""
        return not any(f.severity == "Violation" for f in self.findings)

    def counts(self) -> dict[str, int]:
        c = Counter(f.severity for f in self.findings)
        return {s: c.get(s, 0) for s in SEVERITIES}

    def by_severity(self, severity: str) -> list[Finding]:
        return [f for f in self.findings if f.severity == severity]


def shapes_dir_default() -> Path:
    from innokg.load.files import project_root

    return project_root() / "shapes"


def load_shapes(shapes: str | Path | Iterable[str | Path] | Graph | None = None) -> Graph:
    """The shapes graph: a Graph, or every ``*.ttl`` of the given files/folders
    (default ``shapes/``)."""
    if isinstance(shapes, Graph):
        return shapes
    from innokg.load.files import find_rdf_files, parse_rdf_file

    if shapes is None:
        shapes = [shapes_dir_default()]
    elif isinstance(shapes, (str, Path)):
        shapes = [shapes]
    g = Graph()
    bind_prefixes(g)
    files = [f for f in find_rdf_files(*shapes) if f.suffix == ".ttl"]
    for f in files:
        ds, names = parse_rdf_file(f)
        for n in names:
            for t in ds.graph(n):
                g.add(t)
    return g


@contextmanager
def _parsed_once():
    """Parse each SPARQL query text once while validating.

    pyshacl hands every SPARQL constraint to rdflib as text, once per focus node, and rdflib parses
    and translates it every time — 5–50 ms a call, far more than evaluating it. Inside this context
    rdflib's SPARQL processor keeps the translated query per (text, namespaces, base) and evaluates
    the kept one (rdflib's own prepared-query path), so a constraint costs its evaluation only.
    """
    from rdflib.plugins.sparql import processor as proc

    original = proc.SPARQLProcessor.query
    cache: dict = {}

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):  # noqa: N803
        if isinstance(strOrQuery, str):
            key = (strOrQuery, tuple(sorted((k, str(v)) for k, v in (initNs or {}).items())), base)
            prepared = cache.get(key)
            if prepared is None:
                prepared = cache[key] = proc.translateQuery(proc.parseQuery(strOrQuery), base, initNs)
            strOrQuery = prepared
        return original(self, strOrQuery, initBindings, initNs, base, DEBUG)

    proc.SPARQLProcessor.query = query
    try:
        yield
    finally:
        proc.SPARQLProcessor.query = original


def validate_graph(data: Graph, shapes=None, ontology: Graph | None = None,
                   sources: dict | None = None) -> ValidationReport:
    """Validate ``data`` against the SHACL shapes.

    Parameters
    ----------
    data : rdflib.Graph
        The merged data (reasoning already applied, ontology included if the
        shapes need class hierarchy).
    shapes : path(s) or rdflib.Graph, optional
        Default: every shapes file in ``shapes/``.
    ontology : rdflib.Graph, optional
        Mixed into the data graph for validation (pyshacl ``ont_graph``).
    sources : dict, optional
        Focus-node IRI -> file name, to say where a finding's node is described.

    Returns
    -------
    ValidationReport
    """
    import pyshacl

    shapes_graph = load_shapes(shapes)
    if len(shapes_graph) == 0:
        raise InputError("no SHACL shapes found", where=str(shapes or "shapes/"),
                         hint="point --shapes at a folder of .ttl shapes files")
    try:
        with _parsed_once():
            _conforms, results, _text = pyshacl.validate(
                data,
                shacl_graph=shapes_graph,
                ont_graph=ontology,
                inference="none",
                advanced=True,
                allow_warnings=True,
                allow_infos=True,
                abort_on_first=False,
                # pyshacl copies the whole data graph first in advanced mode (for SHACL rules, which the
                # shapes do not use): minutes on a large import. Validate in place unless an ontology has
                # to be mixed into the data.
                inplace=ontology is None,
            )
    except Exception as exc:  # pyshacl raises ReportableRuntimeError etc.
        raise InnokgError(f"SHACL validation could not run: {exc}", where="shapes/",
                          hint="check the shapes files") from exc
    sources = sources or {}
    findings = []
    for r in results.subjects(RDF.type, SH.ValidationResult):
        sev = results.value(r, SH.resultSeverity)
        sev_name = str(sev).rsplit("#", 1)[-1] if sev is not None else "Violation"
        focus = results.value(r, SH.focusNode)
        path = results.value(r, SH.resultPath)
        message = _message(results, r)
        shape = results.value(r, SH.sourceShape)
        comp = results.value(r, SH.sourceConstraintComponent)
        value = results.value(r, SH.value)
        findings.append(Finding(
            severity=sev_name,
            focus=_node(focus, data),
            path=_result_path(path, shape, results, shapes_graph),
            component=_short(comp),
            message=message or f"violates {_short(comp)}",
            shape=_short(shape, shapes_graph),
            value=_node(value, data) if value is not None and value != focus else None,
            # a node described in no file (a dangling reference) is shown with the file of whoever refers to it
            source=sources.get(focus) or (sources.get(value) if value is not None else None),
        ))
    findings = sorted(set(findings), key=Finding.sort_key)
    return ValidationReport(findings=findings, results_graph=results)
