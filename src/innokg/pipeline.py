"""One way through: load → reason → validate, for every command.

:func:`prepare` is the one function that turns source files (``graph/`` by default, or the
files and folders given) into a loaded, reasoned and validated dataset. ``build``, ``validate``,
``query``/``sparql -d``, ``analyze``, ``report``, ``publish``, ``serve`` and ``push`` all start here,
so the same inputs give the same findings whichever command runs them. ``engine`` chooses the
validator here and nowhere else (:func:`innokg.validate.store_engine.choose_engine`), and with it the
route the data take:

* ``pyshacl`` — the rdflib route: files parsed by rdflib (:func:`innokg.load.files.load_dataset`),
  inferences added, the merged graph validated by pyshacl. :attr:`Prepared.store` is a copy made on
  first use.
* ``sparql`` — the store route, without rdflib: files bulk-loaded by Oxigraph
  (:func:`innokg.load.store.load_store`, in memory or on disk), the rules applied in one pass over the
  quads (:func:`innokg.reason.rules.infer_stream`; on disk written into the store as they come,
  :func:`innokg.reason.rules.infer_into`), the shapes compiled to SPARQL run on the store
  (:func:`innokg.validate.store_engine.validate_store`). :attr:`Prepared.dataset` is an rdflib copy made
  only if a caller asks for it.

``auto`` picks by the size of the input (pyshacl below 8 MB); without validation (``validate=False``)
``auto`` picks the route by size alone.

With ``store=PATH`` nothing is loaded or reasoned: the on-disk store ``innokg build --store PATH`` made is
opened (read-only, :func:`innokg.load.store.open_store`) and, if asked, validated where it lies with the
compiled shapes — build once, then query, validate, analyse, report, publish and serve from it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from rdflib import Dataset, Graph, URIRef

from innokg.load.files import LoadResult, relative_path
from innokg.validate.report import ValidationReport

__all__ = ["REASONERS", "ENGINES", "infer", "Prepared", "prepare", "relative_path"]

#: ``--engine`` choices (:func:`innokg.validate.store_engine.choose_engine`).
ENGINES = ("auto", "pyshacl", "sparql")


@dataclass
class Prepared:
    """A loaded, reasoned and (unless ``validate=False``) validated dataset, in rdflib or in a store."""

    files: list[Path]
    #: named graph (rdflib IRI) -> the file that filled it
    graph_files: dict
    #: None when validation was not asked for (``validate=False``)
    report: ValidationReport | None
    timings: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    #: "pyshacl" (the rdflib route) or "sparql" (the store route)
    engine: str = "pyshacl"
    #: statements loaded from the files, and inferred
    statements: int = 0
    inferred_count: int = 0
    _dataset: Dataset | None = None
    _store: object = None
    _store_path: Path | None = None

    @property
    def dataset(self) -> Dataset:
        """The rdflib dataset: one named graph per source, ``graph/inferred``, ``graph/ontology``,
        ``graph/summary``
        (on the store route, a copy of the store made on first use)."""
        if self._dataset is None:
            from innokg.load.store import dataset_of

            self._dataset = dataset_of(self._store)
        return self._dataset

    @property
    def store(self):
        """The same quads in a pyoxigraph store (on the rdflib route, built once, on first use)."""
        if self._store is None:
            from innokg.load.store import store_of

            self._store = store_of(self._dataset, path=self._store_path, fresh=True)
        return self._store

    @property
    def load(self) -> LoadResult:
        """The dataset, files, graphs and notes as :func:`innokg.load.files.load_dataset` returns them."""
        return LoadResult(dataset=self.dataset, files=self.files, graph_files=self.graph_files, notes=self.notes)


def _quiet(_msg: str) -> None:
    pass


#: Reasoners: ``rules`` — the OWL 2 RL rules the ontology needs, compiled to SPARQL on
#: pyoxigraph (:mod:`innokg.reason.rules`; the default, ~45× faster on the seed graph);
#: ``owlrl`` — the full OWL 2 RL closure by owlrl (:mod:`innokg.reason.owl_rl`), the reference.
#: Both give exactly the same inferred statements on the curated graph (tests/reason/test_rules.py).
REASONERS = ("rules", "owlrl")


def infer(data: Graph, ontology: Graph, reasoner: str = "rules") -> Graph:
    """The statements reasoning adds to ``data`` (none of them asserted), by ``reasoner``."""
    if reasoner == "owlrl":
        from innokg.reason.owl_rl import inferred_statements

        return inferred_statements(data, ontology)
    if reasoner != "rules":
        from innokg.errors import ParameterError

        raise ParameterError(f"unknown reasoner {reasoner!r}", where="--reasoner",
                             hint=f"use one of {', '.join(REASONERS)}")
    from innokg.reason.rules import materialise

    out = Graph()
    for t in materialise(data, ontology):
        out.add(t)
    return out


def prepare(sources: Iterable[str | Path] | None = None, *, ontology_dir=None, shapes_dir=None,
            reason: bool = True, reasoner: str = "rules", validate: bool = True, engine: str = "auto",
            ontology: bool = True, store_path: str | Path | None = None, store: str | Path | None = None,
            endpoint: str | None = None, log: Callable[[str], None] = _quiet) -> Prepared:
    """Load, reason and validate; return everything a command needs.

    Parameters
    ----------
    sources : files and folders, optional
        Default the project's ``graph/``. A built ``out/innokg.nq`` loads fast, as it is, with
        ``reason=False, validate=False, ontology=False, engine="sparql"``; an import's ``.nq.gz`` with
        ``validate=False, engine="sparql"`` (reasoned, the ontology added).
    engine : {"auto", "pyshacl", "sparql"}
        The validator, and with it the route (see the module docstring).
    validate : bool
        False: no validation (``report`` is None).
    ontology : bool
        False: the ontology is not added (the files hold it already: a built ``out/innokg.nq``).
    store_path : path, optional
        A folder for Oxigraph's on-disk store to load into (default: in memory).
    store : path, optional
        A store ``innokg build --store`` made: opened, not loaded (``sources``, ``reason``, ``engine`` and
        ``ontology`` do not apply; it holds what its build loaded and inferred).
    endpoint : str, optional
        A SPARQL 1.1 endpoint holding a built dataset (``innokg push``): read, and validated, on the server,
        one query per compiled constraint (:class:`innokg.sparql.remote.RemoteStore`).
    log : callable
        Receives progress lines and warnings (the CLI prints them on stderr).
    """
    from innokg.validate.store_engine import choose_engine

    if store is not None or endpoint is not None:
        if store is not None and endpoint is not None:
            from innokg.errors import ParameterError

            raise ParameterError("give --store or --endpoint, not both", where="--store/--endpoint")
        return _prepare_built(store, shapes_dir=shapes_dir, validate=validate, log=log, endpoint=endpoint)
    if reason and reasoner not in REASONERS:
        from innokg.errors import ParameterError

        raise ParameterError(f"unknown reasoner {reasoner!r}", where="--reasoner",
                             hint=f"use one of {', '.join(REASONERS)}")
    engine = choose_engine(engine, sources, reason=reason, reasoner=reasoner, shapes_dir=shapes_dir,
                           validate=validate, log=log)
    if engine == "sparql":
        return _prepare_store(sources, ontology_dir=ontology_dir, shapes_dir=shapes_dir, reason=reason,
                              validate=validate, ontology=ontology, store_path=store_path, log=log)
    return _prepare_rdflib(sources, ontology_dir=ontology_dir, shapes_dir=shapes_dir, reason=reason,
                           reasoner=reasoner, validate=validate, ontology=ontology, store_path=store_path, log=log)


def _prepare_rdflib(sources, *, ontology_dir, shapes_dir, reason, reasoner, validate, ontology, store_path, log) -> Prepared:
    """The rdflib route: parse, infer, validate with pyshacl."""
    from innokg.load.files import load_dataset, load_ontology, union_graph
    from innokg.namespaces import INFERRED_GRAPH, ONTOLOGY_GRAPH, SUMMARY_GRAPH

    timings = {}
    t0 = time.perf_counter()
    loaded = load_dataset(sources, ontology_dir, with_ontology=ontology)
    for note in loaded.notes:
        log(note)
    timings["load"] = time.perf_counter() - t0
    ds = loaded.dataset
    # the ontology reasoning and validation use: in the dataset, read apart (a built dataset holds it), or none
    onto = ds.graph(ONTOLOGY_GRAPH) if ontology else (load_ontology(ontology_dir) if reason or validate else Graph())
    data = union_graph(ds, exclude=[ONTOLOGY_GRAPH, INFERRED_GRAPH, SUMMARY_GRAPH])
    log(f"loaded {len(data)} statements from {len(loaded.files)} files")
    inferred = Graph()
    if reason:
        t0 = time.perf_counter()
        inferred = infer(data, onto, reasoner)
        g = ds.graph(INFERRED_GRAPH)
        for t in inferred:
            g.add(t)
        timings["reason"] = time.perf_counter() - t0
        log(f"reasoning (OWL 2 RL, {reasoner}) inferred {len(inferred)} statements")
        t0 = time.perf_counter()
        from innokg.summary import add_summary_to_dataset

        n = add_summary_to_dataset(ds)
        timings["summary"] = time.perf_counter() - t0
        log(f"derived summary: {n} statements in graph/summary")
    prepared = Prepared(files=loaded.files, graph_files=loaded.graph_files, report=None, timings=timings,
                        notes=loaded.notes, engine="pyshacl", statements=len(data), inferred_count=len(inferred),
                        _dataset=ds, _store_path=Path(store_path) if store_path is not None else None)
    if not validate:
        return prepared
    from innokg.validate.pyshacl_engine import validate_graph

    t0 = time.perf_counter()
    merged = data + inferred
    for t in onto:
        merged.add(t)
    # where each focus node is described: the first source file that has it as subject
    sources_of = {}
    for name, path in sorted(loaded.graph_files.items(), key=lambda kv: str(kv[1])):
        for s in set(ds.graph(name).subjects()):
            sources_of.setdefault(s, relative_path(path))
    prepared.report = validate_graph(merged, shapes=shapes_dir, sources=sources_of)
    timings["validate"] = time.perf_counter() - t0
    return prepared


def _prepare_store(sources, *, ontology_dir, shapes_dir, reason, validate, ontology, store_path, log) -> Prepared:
    """The store route: bulk-load, infer in one pass, validate with the compiled shapes (no rdflib but the
    ontology's and the shapes' few thousand statements)."""

    from innokg.load.files import load_ontology, source_files
    from innokg.load.store import add_graph, load_store
    from innokg.namespaces import INFERRED_GRAPH, ONTOLOGY_GRAPH

    compiled = None
    if validate:  # refuse shapes the SPARQL engine cannot run before loading anything
        from innokg.validate.store_engine import compiled_shapes

        compiled = compiled_shapes(shapes_dir, materialised=reason)
    files = source_files(list(sources) if sources else None)
    loaded = load_store(files, path=store_path, log=log)
    store, timings = loaded.store, loaded.timings
    statements = len(store)
    log(f"loaded {statements} statements from {len(files)} files ({timings['load']:.1f} s)")
    onto = load_ontology(ontology_dir) if reason or ontology else Graph()
    inferred = 0
    if reason:
        from innokg.reason.rules import compile_rules, infer_into, infer_stream

        t0 = time.perf_counter()
        rules = compile_rules(onto)
        if store_path is not None:
            # on disk: written into the store batch by batch, so neither the inferences nor the asserted
            # statements they repeat are ever held in memory whole (at 10 M statements they were 1–2 GiB);
            # each inference is looked up in the store first, which costs time (2.5× at 1 M statements)
            inferred = infer_into(store, rules, onto, target=str(INFERRED_GRAPH))
        else:
            # in memory the store holds the data anyway: one pass, the inferences as a set, then one bulk write
            import pyoxigraph as ox

            triples = infer_stream(store.quads_for_pattern(None, None, None, None), rules, onto)
            g = ox.NamedNode(str(INFERRED_GRAPH))
            store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, g) for t in triples)
            inferred = len(triples)
            del triples
        timings["reason"] = time.perf_counter() - t0
        log(f"reasoning (OWL 2 RL, rules) inferred {inferred} statements ({timings['reason']:.1f} s)")
    if ontology:
        add_graph(store, onto, ONTOLOGY_GRAPH)
    if reason:
        # the derived summary (innokg.summary): counted once, after reasoning, over every graph it describes
        from innokg.summary import add_summary

        t0 = time.perf_counter()
        n = add_summary(store)
        timings["summary"] = time.perf_counter() - t0
        log(f"derived summary: {n} statements in graph/summary ({timings['summary']:.1f} s)")
    prepared = Prepared(files=loaded.files, graph_files={URIRef(g.value): f for g, f in loaded.graph_files.items()},
                        report=None, timings=timings, notes=loaded.notes, engine="sparql", statements=statements,
                        inferred_count=inferred, _store=store)
    if validate:
        from innokg.validate.store_engine import validate_store

        t0 = time.perf_counter()
        prepared.report = validate_store(store, loaded.graph_files, shapes_dir=shapes_dir, materialised=reason,
                                         compiled=compiled, log=log)
        timings["validate"] = time.perf_counter() - t0
    return prepared


def _prepare_built(path, *, shapes_dir, validate, log, endpoint: str | None = None) -> Prepared:
    """A store ``innokg build --store`` made, opened read-only, or an endpoint holding a built dataset; validated
    in place with the compiled shapes."""
    import pyoxigraph as ox

    t0 = time.perf_counter()
    if endpoint is not None:
        from innokg.sparql.remote import RemoteStore

        store, info = RemoteStore(endpoint), {"reasoned": True}
        log(f"[INFO] [{endpoint}] reading the dataset on the endpoint")
    else:
        from innokg.load.store import open_store

        store, info = open_store(path)
        log(f"opened the store {path}: {info.get('statements', '?')} statements built {info.get('built', '?')}")
    graph_files = {ox.NamedNode(g): Path(f) for g, f in info.get("graph_files", {}).items()}
    prepared = Prepared(files=[Path(f) for f in info.get("files", [])],
                        graph_files={URIRef(g.value): f for g, f in graph_files.items()}, report=None,
                        timings={"open": time.perf_counter() - t0}, engine="sparql",
                        statements=int(info.get("statements", 0)), inferred_count=int(info.get("inferred", 0)),
                        _store=store)
    if validate:
        from innokg.validate.store_engine import compiled_shapes, validate_store

        t0 = time.perf_counter()
        reasoned = bool(info.get("reasoned", True))
        compiled = compiled_shapes(shapes_dir, materialised=reasoned)
        prepared.report = validate_store(store, graph_files, shapes_dir=shapes_dir, materialised=reasoned,
                                         compiled=compiled, log=log)
        prepared.timings["validate"] = time.perf_counter() - t0
    return prepared
