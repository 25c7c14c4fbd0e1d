"""Validation findings: severities, :class:`Finding`, :class:`ValidationReport`, and how terms are written.

Both engines — pyshacl (:mod:`innokg.validate.pyshacl_engine`) and the shapes compiled to SPARQL
(:mod:`innokg.validate.store_engine`) — report here, in the same words, so that ``innokg validate`` prints
the same ``[SEVERITY] [where] message`` lines whichever ran. Severities separate errors from completeness gaps:

* ``Violation`` — the data is wrong (wrong type, amount without currency, end
  before start …). The data does not conform; ``innokg validate`` exits 1.
* ``Warning`` — a completeness gap a researcher should know about (a project
  without a known funder, a grant without an amount). Listed, exit 0.
* ``Info`` — notes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Callable

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF

from innokg.namespaces import PREFIXES, SH

__all__ = ["SEVERITIES", "Finding", "ValidationReport", "choose_message", "term_text", "node_text", "path_text"]

#: Severities, most severe first.
SEVERITIES = ("Violation", "Warning", "Info")
_RANK = {s: i for i, s in enumerate(SEVERITIES)}


def term_text(term, graph: Graph | None = None) -> str:
    """An IRI as a CURIE of innokg's prefixes (else ``<iri>``), a literal as its Python repr (with
    ``^^datatype``), a blank-node path by its inverse (``^ikg:p``), any other blank node by a short id."""
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
        return repr(str(term)) if term.datatype is None else f"{str(term)!r}^^{term_text(term.datatype)}"
    if isinstance(term, BNode) and graph is not None:
        # a path expression: sh:inversePath, sequence …
        inv = graph.value(term, SH.inversePath)
        if inv is not None:
            return f"^{term_text(inv)}"
        return "_:" + str(term)[:8]
    return str(term)


def node_text(term, data: Graph, depth: int = 0) -> str:
    """A focus node or value for a person: a blank node is shown by who refers to it,
    ``(id:grant/g ikg:amount)`` — "the ikg:amount of id:grant/g" — since its id is
    meaningless and changes from run to run.

    Examples
    --------
    >>> from rdflib import Graph, BNode, URIRef
    >>> g, b = Graph(), BNode()
    >>> _ = g.add((URIRef("https://w3id.org/innokg/id/grant/g"),
    ...            URIRef("https://w3id.org/innokg/ontology#amount"), b))
    >>> node_text(b, g)
    '(id:grant/g ikg:amount)'
    """
    if not isinstance(term, BNode):
        return term_text(term)
    refs = sorted(data.subject_predicates(term), key=lambda sp: (isinstance(sp[0], BNode), str(sp[0]), str(sp[1])))
    if not refs or depth >= 3:
        return "[]"  # a blank node nothing refers to
    s, p = refs[0]
    return f"({node_text(s, data, depth + 1)} {term_text(p)})"


def path_text(term, *graphs: Graph) -> str:
    """A SHACL property path as SPARQL path syntax (``^org:organization/org:member``,
    ``(rdfs:label|schema:name)``), read from whichever graph describes the path node,
    so complex paths print the same in every run (blank-node ids do not)."""
    if not isinstance(term, BNode):
        return term_text(term)
    g = next((g for g in graphs if g is not None and (term, None, None) in g), None)
    if g is None:
        return "_:" + str(term)[:8]

    def inner(t) -> str:
        s = path_text(t, g)
        return f"({s})" if "/" in s and not s.startswith("(") else s

    for pred, fmt in ((SH.inversePath, "^{}"), (SH.zeroOrMorePath, "{}*"),
                      (SH.oneOrMorePath, "{}+"), (SH.zeroOrOnePath, "{}?")):
        v = g.value(term, pred)
        if v is not None:
            return fmt.format(inner(v))
    alt = g.value(term, SH.alternativePath)
    if alt is not None:
        return "(" + "|".join(path_text(m, g) for m in g.items(alt)) + ")"
    if g.value(term, RDF.first) is not None:
        return "/".join(inner(m) for m in g.items(term))
    return "_:" + str(term)[:8]


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
    #: the SHACL results graph, or a function that makes it when :attr:`results_graph` is first read (the SPARQL
    #: engine's: an rdflib graph of the 16,000 results of the ERDF import takes 10 CPU s, and only ``build`` writes it)
    results: Graph | Callable[[], Graph] | None = field(default=None, repr=False)

    @property
    def results_graph(self) -> Graph | None:
        """The SHACL validation report graph (``sh:ValidationReport``), or None when the engine gave none."""
        if self.results is not None and not isinstance(self.results, Graph):
            self.results = self.results()
        return self.results

    @property
    def conforms(self) -> bool:
        """True when there is no Violation (Warnings and Infos do not break conformance)."""
        return not any(f.severity == "Violation" for f in self.findings)

    def counts(self) -> dict[str, int]:
        c = Counter(f.severity for f in self.findings)
        return {s: c.get(s, 0) for s in SEVERITIES}

    def by_severity(self, severity: str) -> list[Finding]:
        return [f for f in self.findings if f.severity == severity]
