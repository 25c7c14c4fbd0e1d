"""``innokg validate --engine sparql``: load, reason and validate on a pyoxigraph store.

The pyshacl path (:func:`innokg.pipeline.prepare` → :func:`innokg.validate.pyshacl_engine.validate_graph`) holds the
data in rdflib and runs pyshacl: right for the curated graph, hopeless for an import of millions of
statements (rdflib alone needs minutes and gigabytes to parse one). This path keeps everything in an
in-memory :class:`pyoxigraph.Store`:

1. every file is bulk-loaded by Oxigraph's parser (``.nq.gz`` decompressed on the fly; the same
   ``[ERROR] [file:line:column] message`` lines as the rdflib loader for malformed input, via
   :func:`innokg.load.files.oxigraph_source` and :func:`innokg.load.files.rdf_file_error`); a triples file goes
   into the named graph ``graph/<stem>``, as :func:`innokg.load.files.parse_rdf_file` does;
2. the OWL 2 RL rules the ontology needs are applied in one pass over the store's quads
   (:func:`innokg.reason.rules.infer_stream`), their statements added to ``graph/inferred``;
3. the ontology goes into ``graph/ontology``;
4. the shapes, compiled to SPARQL (:mod:`innokg.validate.compiled`), run on the union of all graphs;
5. each result becomes a :class:`~innokg.validate.pyshacl_engine.Finding` worded as the pyshacl path words it:
   blank nodes described by who refers to them, the file that describes the focus node, the shape's
   ``sh:message`` (English first) and, for SHACL-SPARQL constraints, the message templates filled as
   pyshacl fills them (``{$this}``, ``{?value}``, ``{?path}`` and any other projected variable).

``tests/validate/test_store_engine.py`` checks that both engines print the same lines on the curated graph,
on every invalid shapes fixture and on the bad-data catalogue.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import pyoxigraph as ox
import rdflib

from innokg.errors import InputError, ParameterError
from innokg.validate.pyshacl_engine import Finding, ValidationReport, _node, _path, _short, choose_message, load_shapes

__all__ = ["ENGINES", "AUTO_BYTES", "StoreLoad", "input_bytes", "choose_engine", "load_store",
           "validate_files", "validate_dataset", "store_findings", "results_graph"]

#: ``--engine`` choices.
ENGINES = ("auto", "pyshacl", "sparql")
#: ``--engine auto`` uses pyshacl below this many bytes of (uncompressed) input, the SPARQL engine
#: above: 8 MB is about 46,000 statements of N-Quads (the CORDIS import writes ~174 bytes a
#: statement) or 125,000 of TriG (the curated graph: ~64 bytes a statement). pyshacl needs ~2 s on the
#: curated graph and 41 s on 100,000 imported statements, where the SPARQL engine needs 2 s (same lines).
AUTO_BYTES = 8_000_000

_OX_FORMAT = {".ttl": ox.RdfFormat.TURTLE, ".trig": ox.RdfFormat.TRIG, ".nt": ox.RdfFormat.N_TRIPLES,
              ".nq": ox.RdfFormat.N_QUADS}
_TRIPLES = {".ttl", ".nt"}


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
                  shapes_dir=None, log: Callable[[str], None] = _quiet) -> str:
    """``pyshacl`` or ``sparql`` for ``--engine ENGINE`` (``auto``: by the size of the input, see
    :data:`AUTO_BYTES`, and only when every shape compiles to SPARQL)."""
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


@dataclass
class StoreLoad:
    """What :func:`load_store` read."""

    store: ox.Store
    files: list[Path] = field(default_factory=list)
    #: named graph -> the file that first filled it
    graph_files: dict[ox.NamedNode, Path] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    statements: int = 0
    inferred: int = 0
    timings: dict[str, float] = field(default_factory=dict)


def _load_file(store: ox.Store, f: Path, notes: list[str]) -> None:
    from innokg.load.files import load_into_store, oxigraph_source, parse_rdf_file, rdf_stem, rdf_suffix
    from innokg.namespaces import GRAPH

    suffix = rdf_suffix(f)
    if suffix == ".jsonld":  # rdflib parses JSON-LD (remote contexts refused), then into the store
        from innokg.reason.rules import _to_ox

        ds, _ = parse_rdf_file(f, notes=notes)
        default = rdflib.URIRef("urn:x-rdflib:default")
        store.bulk_extend(ox.Quad(_to_ox(s), _to_ox(p), _to_ox(o),
                                  ox.DefaultGraph() if g.identifier == default else _to_ox(g.identifier))
                          for g in ds.graphs() for s, p, o in g)
        return
    fmt = _OX_FORMAT.get(suffix)
    if fmt is None:
        from innokg.load.files import RDF_SUFFIXES

        raise InputError(f"unknown RDF file type {f.suffix!r}", where=str(f),
                         hint=f"use one of {', '.join(sorted(RDF_SUFFIXES))}")
    to_graph = ox.NamedNode(str(GRAPH[rdf_stem(f)])) if suffix in _TRIPLES else None
    load_into_store(store, f, oxigraph_source(f, notes), fmt, to_graph=to_graph, base_iri=f.resolve().as_uri(),
                    bulk=True)


def load_store(sources: Iterable[str | Path] | None = None, *, ontology_dir=None, reason: bool = True,
               log: Callable[[str], None] = _quiet) -> StoreLoad:
    """Load FILES (default ``graph/``), infer with the rules engine, add the ontology: one store."""
    from innokg.load.files import load_ontology, rdf_suffix, source_files
    from innokg.namespaces import INFERRED_GRAPH, ONTOLOGY_GRAPH
    from innokg.reason.rules import _to_ox, compile_rules, infer_stream

    files = source_files(list(sources) if sources else None)
    t0 = time.perf_counter()
    store = ox.Store()
    out = StoreLoad(store)
    def default_size() -> int:  # innokg's files fill named graphs: usually 0, at no cost
        return sum(1 for _ in store.quads_for_pattern(None, None, None, ox.DefaultGraph()))

    for f in files:
        before = set(store.named_graphs())
        in_default = default_size() if rdf_suffix(f) in (".trig", ".nq", ".jsonld") else 0
        _load_file(store, f, out.notes)
        out.files.append(f)
        filled = set(store.named_graphs()) - before
        for g in filled:
            out.graph_files.setdefault(g, f)
        if not filled and rdf_suffix(f) in (".trig", ".nq", ".jsonld") and default_size() > in_default:
            out.notes.append(f"[WARNING] [{f}] has statements only in the default graph; "
                             "innokg expects each source in its own named graph")
    for note in out.notes:
        log(note)
    out.statements = len(store)
    out.timings["load"] = time.perf_counter() - t0
    log(f"loaded {out.statements} statements from {len(files)} files ({out.timings['load']:.1f} s)")
    ontology = load_ontology(ontology_dir)
    if reason:
        t0 = time.perf_counter()
        inferred = infer_stream(store.quads_for_pattern(None, None, None, None), compile_rules(ontology), ontology)
        g = ox.NamedNode(str(INFERRED_GRAPH))
        store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, g) for t in inferred)
        out.inferred = len(inferred)
        out.timings["reason"] = time.perf_counter() - t0
        log(f"reasoning (OWL 2 RL, rules) inferred {out.inferred} statements ({out.timings['reason']:.1f} s)")
    g = ox.NamedNode(str(ONTOLOGY_GRAPH))
    store.bulk_extend(ox.Quad(_to_ox(s), _to_ox(p), _to_ox(o), g) for s, p, o in ontology)
    return out


class _StoreView:
    """The one method of an rdflib Graph that :func:`innokg.validate.pyshacl_engine._node` needs, on a store."""

    def __init__(self, store: ox.Store):
        self.store = store

    def subject_predicates(self, obj):
        from innokg.reason.rules import _from_ox, _to_ox

        for q in self.store.quads_for_pattern(None, None, _to_ox(obj), None):
            yield _from_ox(q.subject), _from_ox(q.predicate)


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
        from innokg.reason.rules import _from_ox

        fill = {name: _from_ox(term) for name, term in row.bindings}
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
    from innokg.pipeline import relative_path as _rel
    from innokg.reason.rules import _from_ox

    view = _StoreView(store)
    graph_files = graph_files or {}
    source_cache: dict = {}

    def source(term) -> str | None:
        if not isinstance(term, (ox.NamedNode, ox.BlankNode)) or not graph_files:
            return None
        if term not in source_cache:
            paths = {graph_files[q.graph_name] for q in store.quads_for_pattern(term, None, None, None)
                     if q.graph_name in graph_files}
            source_cache[term] = _rel(min(paths, key=str)) if paths else None
        return source_cache[term]

    findings = set()
    for row in rows:
        focus = _from_ox(row.focus)
        value = _from_ox(row.value) if row.value is not None else None
        found_path = _from_ox(row.path) if row.path is not None else None
        info = row.info
        if found_path is not None:
            path = _short(found_path)
        elif info is not None and info.path is not None:
            path = _path(info.path, shapes_graph)
        else:
            path = None
        component = rdflib.URIRef(row.result.component[1:-1])
        findings.add(Finding(
            severity=row.result.severity[1:-1].rsplit("#", 1)[-1],
            focus=_node(focus, view),
            path=path,
            component=_short(component),
            message=_message(row, focus, value, found_path) or f"violates {_short(component)}",
            shape=_short(info.shape, shapes_graph) if info is not None else row.result.shape,
            value=_node(value, view) if value is not None and value != focus else None,
            source=source(row.focus) or (source(row.value) if row.value is not None else None),
        ))
    return sorted(findings, key=Finding.sort_key)


def _compiled(shapes_dir, materialised: bool):
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
    from innokg.reason.rules import _from_ox

    g = rdflib.Graph()
    bind_prefixes(g)
    report = rdflib.BNode()
    g.add((report, rdflib.RDF.type, SH.ValidationReport))
    g.add((report, SH.conforms, rdflib.Literal(conforms)))
    seen = set()
    for row in rows:
        focus = _from_ox(row.focus)
        value = _from_ox(row.value) if row.value is not None else None
        path = _from_ox(row.path) if row.path is not None else (row.info.path if row.info else None)
        messages = _messages(row, focus, value, _from_ox(row.path) if row.path is not None else None)
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


def validate_dataset(ds: rdflib.Dataset, graph_files: dict, *, shapes_dir=None,
                     materialised: bool = True) -> ValidationReport:
    """Validate an rdflib dataset (data, inferences, ontology, as :func:`innokg.pipeline.prepare` holds it)
    with the compiled shapes on a pyoxigraph copy; the report has a SHACL results graph too."""
    from innokg.reason.rules import _to_ox, _to_store
    from innokg.validate.compiled import iter_rows

    shapes, compiled = _compiled(shapes_dir, materialised)
    store = _to_store(ds)
    rows = list(iter_rows(store, compiled))
    findings = store_findings(rows, store, shapes, {_to_ox(g): f for g, f in graph_files.items()})
    report = ValidationReport(findings=findings)
    report.results_graph = results_graph(rows, report.conforms, shapes)
    return report


def validate_files(sources: Iterable[str | Path] | None = None, *, ontology_dir=None, shapes_dir=None,
                   reason: bool = True, log: Callable[[str], None] = _quiet) -> ValidationReport:
    """Load, reason and validate FILES on a pyoxigraph store (see the module docstring)."""
    from innokg.validate.compiled import iter_rows

    shapes, compiled = _compiled(shapes_dir, materialised=reason)
    loaded = load_store(sources, ontology_dir=ontology_dir, reason=reason, log=log)
    t0 = time.perf_counter()
    findings = store_findings(iter_rows(loaded.store, compiled), loaded.store, shapes, loaded.graph_files)
    log(f"validated with the SPARQL engine: {len(compiled.queries)} queries ({time.perf_counter() - t0:.1f} s)")
    return ValidationReport(findings=findings)
