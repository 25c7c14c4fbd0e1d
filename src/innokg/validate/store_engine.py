"""The SPARQL engine: the shapes compiled to SPARQL (:mod:`innokg.validate.compiled`) on a pyoxigraph store.

The pyshacl engine (:mod:`innokg.validate.pyshacl_engine`) holds the data in rdflib: right for the curated
graph, hopeless for an import of millions of statements (rdflib alone needs minutes and gigabytes to parse
one). :func:`innokg.pipeline.prepare` with ``engine="sparql"`` keeps everything in a store instead — files
bulk-loaded by Oxigraph (:func:`innokg.load.store.load_store`), the OWL 2 RL rules applied in one pass
(:func:`innokg.reason.rules.infer_stream`), the ontology added — and hands it to :func:`validate_store`:

1. the shapes, compiled to SPARQL, run on the union of all graphs (:func:`compiled_shapes`; every
   SHACL-SPARQL constraint and target passes the query guard when it is compiled);
2. each result becomes a :class:`~innokg.validate.report.Finding` worded as the pyshacl engine words it:
   blank nodes described by who refers to them, the file that describes the focus node, the shape's
   ``sh:message`` (English first) and, for SHACL-SPARQL constraints, the message templates filled as
   pyshacl fills them (``{$this}``, ``{?value}``, ``{?path}`` and any other projected variable).

:func:`choose_engine` is where ``--engine auto`` picks one of the two, for every command.
``tests/validate/test_store_engine.py`` checks that both engines print the same lines on the curated graph,
on every invalid shapes fixture and on the bad-data catalogue.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Callable, Iterable

import pyoxigraph as ox
import rdflib

from innokg.errors import InputError, ParameterError
from innokg.load.files import relative_path
from innokg.load.terms import from_oxigraph, to_oxigraph
from innokg.validate.report import Finding, ValidationReport, choose_message, node_text, path_text, term_text
from innokg.validate.shapes import load_shapes

__all__ = ["ENGINES", "AUTO_BYTES", "input_bytes", "choose_engine", "compiled_shapes", "validate_store",
           "store_findings", "results_graph"]

#: ``--engine`` choices.
ENGINES = ("auto", "pyshacl", "sparql")
#: ``--engine auto`` uses pyshacl below this many bytes of (uncompressed) input, the SPARQL engine
#: above: 8 MB is about 46,000 statements of N-Quads (the CORDIS import writes ~174 bytes a
#: statement) or 125,000 of TriG (the curated graph: ~64 bytes a statement). pyshacl needs ~2 s on the
#: curated graph and 41 s on 100,000 imported statements, where the SPARQL engine needs 2 s (same lines).
AUTO_BYTES = 8_000_000

def _quiet(_msg: str) -> None:
    pass


def input_bytes(files: Iterable[Path]) -> int:
    """The size of the RDF text in ``files``; for a ``.gz`` file its uncompressed size (the gzip trailer)."""
    total = 0
    for f in files:
        try:
            size = f.stat().st_size
            if f.suffix == ".gz" and size >= 18:
                with f.open("rb") as fh:
                    fh.seek(-4, 2)
                    size = max(size, int.from_bytes(fh.read(4), "little"))  # modulo 4 GiB: at least the file
        except OSError:
            continue  # the loader reports it
        total += size
    return total


def choose_engine(engine: str, sources: Iterable[str | Path] | None, *, reason: bool, reasoner: str,
                  shapes_dir=None, validate: bool = True, log: Callable[[str], None] = _quiet) -> str:
    """``pyshacl`` or ``sparql`` for ``--engine ENGINE`` (``auto``: by the size of the input, see
    :data:`AUTO_BYTES`, and only when every shape compiles to SPARQL). Without ``validate`` the choice is
    only the route the data take — rdflib, or a store — and ``auto`` goes by size alone, silently."""
    owlrl = reason and reasoner == "owlrl"
    if engine == "sparql":
        if owlrl:
            raise ParameterError("--engine sparql reasons with the rules engine only", where="--reasoner",
                                 hint="drop --reasoner owlrl, or use --engine pyshacl")
        return "sparql"
    if engine == "pyshacl":
        return "pyshacl"
    if engine != "auto":
        raise ParameterError(f"unknown engine {engine!r}", where="--engine", hint=f"use one of {', '.join(ENGINES)}")
    from innokg.load.files import source_files

    size = input_bytes(source_files(list(sources) if sources else None))
    if size < AUTO_BYTES:
        return "pyshacl"
    if not validate:
        return "pyshacl" if owlrl else "sparql"
    if owlrl:  # said, because at this size pyshacl with owlrl's closure can take very long
        log(f"[INFO] [--engine] {size / 1e6:.0f} MB of input, but --reasoner owlrl needs pyshacl: validating with "
            "pyshacl (slow at this size; without --reasoner owlrl the SPARQL engine validates it)")
        return "pyshacl"
    from innokg.validate.compiled import compile_shapes

    unsupported = compile_shapes(load_shapes(shapes_dir)).unsupported
    if unsupported:
        log(f"[INFO] [--engine] {size / 1e6:.0f} MB of input, but {len(unsupported)} shapes do not compile to "
            "SPARQL: validating with pyshacl")
        return "pyshacl"
    log(f"[INFO] [--engine] {size / 1e6:.0f} MB of input: validating with the SPARQL engine")
    return "sparql"


class _StoreView:
    """The one method of an rdflib Graph that :func:`innokg.validate.report.node_text` needs, on a store."""

    def __init__(self, store: ox.Store):
        self.store = store

    def subject_predicates(self, obj):
        for q in self.store.quads_for_pattern(None, None, to_oxigraph(obj), None):
            yield from_oxigraph(q.subject), from_oxigraph(q.predicate)


def _fill(text: str, fill: dict) -> str:
    """A message template filled as pyshacl fills it (``{?name}`` / ``{$name}`` -> the term's string)."""
    for var, val in fill.items():
        try:
            text = re.sub("{{[?$]{}}}".format(var), str(val), text)
        except re.error:  # a backslash in the value that re.sub reads as an escape
            text = text.replace("{?" + var + "}", str(val)).replace("{$" + var + "}", str(val))
    return text


def _messages(row, focus, value, path) -> list:
    """The message literals pyshacl reports for ``row``: the shape's ``sh:message`` s; for a SHACL-SPARQL
    constraint the constraint's and the shape's, each template filled with the row's variables, which makes
    them untagged literals (pyshacl drops the language when it fills a template)."""
    info = row.info
    if info is None:
        return []
    if row.result.component.endswith("#SPARQLConstraintComponent>"):
        fill = {name: from_oxigraph(term) for name, term in row.bindings}
        if info.this:
            fill["this"] = focus
        if info.path_projected and path is not None:
            fill["path"] = path
        if value is not None:
            fill["value"] = value
        return [rdflib.Literal(_fill(str(m), fill)) for m in info.messages]
    return list(info.messages)


def _message(row, focus, value, path) -> str | None:
    """The message a finding shows, chosen as :func:`innokg.validate.pyshacl_engine.validate_graph` chooses it (English,
    else untagged, else any; the first in sort order)."""
    return choose_message(_messages(row, focus, value, path))


def _copy_closure(src: rdflib.Graph, node, dst: rdflib.Graph) -> None:
    """Copy the statements describing the blank node ``node`` (a complex path) and its nested blank nodes."""
    for p, o in src.predicate_objects(node):
        dst.add((node, p, o))
        if isinstance(o, rdflib.BNode):
            _copy_closure(src, o, dst)


def store_findings(rows: Iterable, store: ox.Store, shapes_graph: rdflib.Graph,
                   graph_files: dict | None = None) -> list[Finding]:
    """:class:`~innokg.validate.pyshacl_engine.Finding` s of :func:`innokg.validate.compiled.iter_rows` results, worded as
    :func:`innokg.validate.pyshacl_engine.validate_graph` words pyshacl's."""

    view = _StoreView(store)
    graph_files = graph_files or {}
    source_cache: dict = {}

    def source(term) -> str | None:
        if not isinstance(term, (ox.NamedNode, ox.BlankNode)) or not graph_files:
            return None
        if term not in source_cache:
            paths = {graph_files[q.graph_name] for q in store.quads_for_pattern(term, None, None, None)
                     if q.graph_name in graph_files}
            source_cache[term] = relative_path(min(paths, key=str)) if paths else None
        return source_cache[term]

    findings = set()
    for row in rows:
        focus = from_oxigraph(row.focus)
        value = from_oxigraph(row.value) if row.value is not None else None
        found_path = from_oxigraph(row.path) if row.path is not None else None
        info = row.info
        if found_path is not None:
            path = term_text(found_path)
        elif info is not None and info.path is not None:
            path = path_text(info.path, shapes_graph)
        else:
            path = None
        component = rdflib.URIRef(row.result.component[1:-1])
        findings.add(Finding(
            severity=row.result.severity[1:-1].rsplit("#", 1)[-1],
            focus=node_text(focus, view),
            path=path,
            component=term_text(component),
            message=_message(row, focus, value, found_path) or f"violates {term_text(component)}",
            shape=term_text(info.shape, shapes_graph) if info is not None else row.result.shape,
            value=node_text(value, view) if value is not None and value != focus else None,
            source=source(row.focus) or (source(row.value) if row.value is not None else None),
        ))
    return sorted(findings, key=Finding.sort_key)


def compiled_shapes(shapes_dir, materialised: bool):
    """The shapes graph and its compiled queries; every shape must compile (else a ParameterError naming them).

    Compiled once per process while the shapes files stay the same (:func:`innokg.load.files.parsed_once`; 0.1 CPU
    s of a validation of a small file); both are shared, read-only."""
    if isinstance(shapes_dir, rdflib.Graph):
        return _compiled_shapes(shapes_dir, materialised)
    from innokg.load.files import parsed_once
    from innokg.validate.shapes import shapes_files

    return parsed_once(f"compiled-shapes-{bool(materialised)}", shapes_files(shapes_dir),
                       lambda: _compiled_shapes(shapes_dir, materialised))


def _compiled_shapes(shapes_dir, materialised: bool):
    from innokg.validate.compiled import compile_shapes

    shapes = load_shapes(shapes_dir)
    if len(shapes) == 0:
        raise InputError("no SHACL shapes found", where=str(shapes_dir or "shapes/"),
                         hint="point --shapes at a folder of .ttl shapes files")
    # with reasoning every superclass type is in the store: class targets test rdf:type alone
    compiled = compile_shapes(shapes, materialised=materialised)
    if compiled.unsupported:
        names = ", ".join(f"{s} ({', '.join(c)})" for s, c in sorted(compiled.unsupported.items()))
        raise ParameterError(f"shapes the SPARQL engine cannot run: {names}", where="--engine",
                             hint="use --engine pyshacl")
    return shapes, compiled


def results_graph(rows: list, conforms: bool, shapes: rdflib.Graph) -> rdflib.Graph:
    """A SHACL validation report graph (``sh:ValidationReport``) of :func:`~innokg.validate.compiled.iter_rows`
    results: focus node, path, value, source shape, component, severity and message of each."""
    from innokg.namespaces import SH, bind_prefixes

    g = rdflib.Graph()
    bind_prefixes(g)
    report = rdflib.BNode()
    g.add((report, rdflib.RDF.type, SH.ValidationReport))
    g.add((report, SH.conforms, rdflib.Literal(conforms)))
    seen = set()
    for row in rows:
        focus = from_oxigraph(row.focus)
        value = from_oxigraph(row.value) if row.value is not None else None
        path = from_oxigraph(row.path) if row.path is not None else (row.info.path if row.info else None)
        messages = _messages(row, focus, value, from_oxigraph(row.path) if row.path is not None else None)
        key = (row.result, tuple(messages))
        if key in seen:
            continue
        seen.add(key)
        r = rdflib.BNode()
        g.add((report, SH.result, r))
        g.add((r, rdflib.RDF.type, SH.ValidationResult))
        g.add((r, SH.focusNode, focus))
        g.add((r, SH.resultSeverity, rdflib.URIRef(row.result.severity[1:-1])))
        g.add((r, SH.sourceConstraintComponent, rdflib.URIRef(row.result.component[1:-1])))
        if row.info is not None:
            g.add((r, SH.sourceShape, row.info.shape))
        if path is not None:
            g.add((r, SH.resultPath, path))
            if isinstance(path, rdflib.BNode):
                _copy_closure(shapes, path, g)
        if value is not None:
            g.add((r, SH.value, value))
        for m in messages:
            g.add((r, SH.resultMessage, m))
    return g


def validate_store(store: ox.Store, graph_files: dict | None = None, *, shapes_dir=None, materialised: bool = True,
                   compiled: tuple | None = None, log: Callable[[str], None] = _quiet) -> ValidationReport:
    """Validate the data, inferences and ontology in ``store`` with the compiled shapes; the report has a
    SHACL results graph too. ``graph_files``: named graph (pyoxigraph IRI) -> the file that filled it;
    ``compiled``: what :func:`compiled_shapes` returned for ``shapes_dir``, if the caller has it already."""
    from innokg.validate.compiled import iter_rows

    shapes, compiled = compiled or compiled_shapes(shapes_dir, materialised)
    t0 = time.perf_counter()
    rows = list(iter_rows(store, compiled))
    findings = store_findings(rows, store, shapes, graph_files)
    report = ValidationReport(findings=findings)
    conforms = report.conforms
    report.results = lambda: results_graph(rows, conforms, shapes)  # made when read
    log(f"validated with the SPARQL engine: {len(compiled.queries)} queries ({time.perf_counter() - t0:.1f} s)")
    return report
