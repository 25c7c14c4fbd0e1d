"""One way through: load → reason → validate, for every command.

:func:`prepare` is the one function that turns source files (``graph/`` by default, or the
files and folders given) into a loaded, reasoned and validated dataset. ``build``, ``validate``,
``query``/``sparql -d``, ``analyze``, ``report``, ``publish``, ``serve`` and ``push`` all start here,
so the same inputs give the same findings whichever command runs them. ``engine`` chooses the
validator here and nowhere else (:func:`innokg.validate.store_engine.choose_engine`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from rdflib import Dataset, Graph

from innokg.load.files import LoadResult, load_dataset, union_graph
from innokg.namespaces import INFERRED_GRAPH, ONTOLOGY_GRAPH
from innokg.validate.pyshacl_engine import ValidationReport, validate_graph

__all__ = ["REASONERS", "ENGINES", "infer", "Prepared", "prepare", "relative_path"]

ENGINES = ("auto", "pyshacl", "sparql")


@dataclass
class Prepared:
    """A loaded, reasoned and validated dataset."""

    load: LoadResult
    inferred: Graph
    #: None when validation was not asked for (``validate=False``)
    report: ValidationReport | None
    timings: dict[str, float] = field(default_factory=dict)
    _store: object = None

    @property
    def dataset(self) -> Dataset:
        """The rdflib dataset: one named graph per source, ``graph/inferred``, ``graph/ontology``."""
        return self.load.dataset

    @property
    def files(self) -> list[Path]:
        return self.load.files

    @property
    def graph_files(self) -> dict:
        """Named graph -> the file that filled it."""
        return self.load.graph_files

    @property
    def store(self):
        """The same quads in a pyoxigraph store (built once, on first use)."""
        if self._store is None:
            from innokg.reason.rules import _to_store

            self._store = _to_store(self.dataset)
        return self._store


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
            log: Callable[[str], None] = _quiet) -> Prepared:
    """Load, reason and validate; return everything ``build`` and ``validate`` need.

    ``engine``: ``pyshacl`` validates the merged rdflib graph with pyshacl; ``sparql`` a pyoxigraph copy of
    the dataset with the shapes compiled to SPARQL (:func:`innokg.validate.store_engine.validate_dataset`:
    the same findings, far faster on a large import).
    """
    timings = {}
    if validate and engine not in ("pyshacl", "sparql"):
        from innokg.validate.store_engine import choose_engine

        engine = choose_engine(engine, sources, reason=reason, reasoner=reasoner, shapes_dir=shapes_dir, log=log)
    t0 = time.perf_counter()
    loaded = load_dataset(sources, ontology_dir)
    for note in loaded.notes:
        log(note)
    timings["load"] = time.perf_counter() - t0
    ds = loaded.dataset
    ontology = ds.graph(ONTOLOGY_GRAPH)
    data = union_graph(ds, exclude=[ONTOLOGY_GRAPH, INFERRED_GRAPH])
    log(f"loaded {len(data)} statements from {len(loaded.files)} files")
    inferred = Graph()
    if reason:
        t0 = time.perf_counter()
        inferred = infer(data, ontology, reasoner)
        g = ds.graph(INFERRED_GRAPH)
        for t in inferred:
            g.add(t)
        timings["reason"] = time.perf_counter() - t0
        log(f"reasoning (OWL 2 RL, {reasoner}) inferred {len(inferred)} statements")
    if not validate:
        return Prepared(load=loaded, inferred=inferred, report=None, timings=timings)
    t0 = time.perf_counter()
    if engine == "sparql":
        from innokg.validate.store_engine import validate_dataset

        report = validate_dataset(ds, loaded.graph_files, shapes_dir=shapes_dir, materialised=reason)
        timings["validate"] = time.perf_counter() - t0
        return Prepared(load=loaded, inferred=inferred, report=report, timings=timings)
    merged = data + inferred
    for t in ontology:
        merged.add(t)
    # where each focus node is described: the first source file that has it as subject
    sources_of = {}
    for name, path in sorted(loaded.graph_files.items(), key=lambda kv: str(kv[1])):
        for s in set(ds.graph(name).subjects()):
            sources_of.setdefault(s, relative_path(path))
    report = validate_graph(merged, shapes=shapes_dir, sources=sources_of)
    timings["validate"] = time.perf_counter() - t0
    return Prepared(load=loaded, inferred=inferred, report=report, timings=timings)


def relative_path(path: Path) -> str:
    """``path`` relative to the current folder when it is below it (how findings name files)."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
