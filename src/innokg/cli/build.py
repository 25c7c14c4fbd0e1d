"""``innokg build``: load, reason, validate, write the dataset — whole or not at all.

Steps:

1. load ``graph/`` (one named graph per source) and ``ontology/``;
2. OWL 2 RL reasoning (:mod:`innokg.reason.owl_rl`); the inferred statements go to
   their own named graph ``graph/inferred``;
3. SHACL validation of the merged graph (:mod:`innokg.validate.pyshacl_engine`);
4. write ``OUT/innokg.trig``, ``OUT/innokg.nq`` (sorted), ``OUT/validation.ttl``,
   ``OUT/validation.txt`` and ``OUT/summary.json`` into a temporary folder that
   replaces ``OUT`` only when everything is written. A build with Violations
   writes nothing (exit 1) and leaves the previous ``OUT`` untouched.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

import click
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF

from innokg.atomic import atomic_dir
from innokg.load.files import LoadResult, load_dataset, union_graph
from innokg.namespaces import INFERRED_GRAPH, ONTOLOGY_GRAPH, PREFIXES
from innokg.validate.pyshacl_engine import ValidationReport, validate_graph

__all__ = ["REASONERS", "infer", "canonical_quads", "Prepared", "prepare", "summarise", "write_outputs", "build_command"]


@dataclass
class Prepared:
    """A loaded, reasoned and validated dataset."""

    load: LoadResult
    inferred: Graph
    report: ValidationReport
    timings: dict[str, float]

    @property
    def dataset(self) -> Dataset:
        return self.load.dataset


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
            reason: bool = True, reasoner: str = "rules", engine: str = "pyshacl",
            log: Callable[[str], None] = _quiet) -> Prepared:
    """Load, reason and validate; return everything ``build`` and ``validate`` need.

    ``engine``: ``pyshacl`` validates the merged rdflib graph with pyshacl; ``sparql`` a pyoxigraph copy of
    the dataset with the shapes compiled to SPARQL (:func:`innokg.validate.store_engine.validate_dataset`:
    the same findings, far faster on a large import).
    """
    timings = {}
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
            sources_of.setdefault(s, _rel(path))
    report = validate_graph(merged, shapes=shapes_dir, sources=sources_of)
    timings["validate"] = time.perf_counter() - t0
    return Prepared(load=loaded, inferred=inferred, report=report, timings=timings)


def _rel(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _curie(term: URIRef) -> str:
    s = str(term)
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if s.startswith(ns):
            return f"{prefix}:{s[len(ns):]}"
    return s


def summarise(prepared: Prepared) -> dict:
    """Things per class, statements per named graph, validation counts (deterministic)."""
    ds = prepared.dataset
    graphs = {}
    for g in ds.graphs():
        if len(g) and g.identifier != URIRef("urn:x-rdflib:default"):
            graphs[str(g.identifier)] = len(g)
    classes = Counter()
    seen = set()
    for g in ds.graphs():
        if g.identifier == ONTOLOGY_GRAPH:
            continue
        for s, o in g.subject_objects(RDF.type):
            if (s, o) not in seen:
                seen.add((s, o))
                classes[_curie(o)] += 1
    return {
        "statements_per_graph": dict(sorted(graphs.items())),
        "things_per_class": dict(sorted(classes.items())),
        "validation": prepared.report.counts() | {"conforms": prepared.report.conforms},
    }


def canonical_quads(ds: Dataset) -> list:
    """All quads of ``ds`` with blank nodes relabelled by W3C RDF Dataset
    Canonicalization (RDFC-1.0) and sorted, so the same data gives the same bytes."""
    import pyoxigraph as ox

    from innokg.reason.rules import _to_ox as _ox_term  # the one rdflib -> Oxigraph term converter

    out = ox.Dataset()
    default = URIRef("urn:x-rdflib:default")
    for g in ds.graphs():
        name = ox.DefaultGraph() if g.identifier == default else _ox_term(g.identifier)
        for s, p, o in g:
            out.add(ox.Quad(_ox_term(s), _ox_term(p), _ox_term(o), name))
    out.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return sorted(out, key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))


def write_outputs(prepared: Prepared, out: Path) -> list[Path]:
    """Write the dataset and report into ``out`` atomically; return the files written.

    Blank nodes get their RDFC-1.0 canonical labels and statements are sorted, so
    the same input gives byte-identical files whichever reasoner or run made them.
    """
    import pyoxigraph as ox

    quads = canonical_quads(prepared.dataset)
    with atomic_dir(out) as tmp:
        ox.serialize(quads, str(tmp / "innokg.trig"), format=ox.RdfFormat.TRIG, prefixes=PREFIXES)
        lines = sorted(set(ox.serialize(quads, format=ox.RdfFormat.N_QUADS).decode("utf-8").splitlines()))
        (tmp / "innokg.nq").write_text("\n".join(lines) + "\n", encoding="utf-8")
        rg = prepared.report.results_graph
        if rg is not None:
            rg.serialize(destination=str(tmp / "validation.ttl"), format="turtle")
        (tmp / "validation.txt").write_text(
            "".join(f.format() + "\n" for f in prepared.report.findings), encoding="utf-8")
        (tmp / "summary.json").write_text(
            json.dumps(summarise(prepared), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        written = sorted(p.name for p in tmp.iterdir())
    return [out / name for name in written]


@click.command("build")
@click.option("-o", "--out", "out", type=click.Path(path_type=Path), default=Path("out"),
              show_default=True, help="Output folder (replaced whole, only on success).")
@click.option("--graph", "sources", multiple=True, type=click.Path(path_type=Path),
              help="Source files or folders (default: graph/). Repeatable.")
@click.option("--ontology", "ontology_dir", type=click.Path(path_type=Path), default=None,
              help="Ontology folder (default: ontology/).")
@click.option("--shapes", "shapes_dir", type=click.Path(path_type=Path), default=None,
              help="Shapes folder (default: shapes/).")
@click.option("--no-reason", is_flag=True, help="Skip OWL RL reasoning.")
@click.option("--reasoner", type=click.Choice(REASONERS), default="rules", show_default=True,
              help="rules: the OWL 2 RL rules the ontology needs, on pyoxigraph (fast); owlrl: full closure (reference).")
@click.option("--engine", type=click.Choice(["auto", "pyshacl", "sparql"]), default="auto", show_default=True,
              help="Validation: pyshacl (the reference), sparql (the shapes compiled to SPARQL on pyoxigraph, "
                   "same findings, for large graphs), auto: pyshacl below 8 MB of input, sparql above.")
def build_command(out, sources, ontology_dir, shapes_dir, no_reason, reasoner, engine):
    """Build the knowledge graph: load graph/, reason, validate, write OUT/.

    Writes OUT/innokg.trig and OUT/innokg.nq (named graphs: one per source,
    graph/inferred, graph/ontology), OUT/validation.ttl and .txt, OUT/summary.json.
    Exit 0 on success; 1 when validation finds Violations (nothing is written);
    2 when the build could not run.
    """
    from innokg.validate.store_engine import choose_engine

    log = lambda m: click.echo(m, err=True)  # noqa: E731
    engine = choose_engine(engine, sources or None, reason=not no_reason, reasoner=reasoner,
                           shapes_dir=shapes_dir, log=log)
    prepared = prepare(sources or None, ontology_dir=ontology_dir, shapes_dir=shapes_dir,
                       reason=not no_reason, reasoner=reasoner, engine=engine, log=log)
    report = prepared.report
    if not report.conforms:
        for line in dict.fromkeys(f.format() for f in report.by_severity("Violation")):
            click.echo(line, err=True)
        c = report.counts()
        click.echo(f"[ERROR] [{out}] validation found {c['Violation']} violations: nothing written, "
                   "the previous output is untouched", err=True)
        return 1
    t0 = time.perf_counter()
    write_outputs(prepared, out)
    prepared.timings["write"] = time.perf_counter() - t0
    s = summarise(prepared)
    click.echo(_summary_text(s, prepared, out))
    return 0


def _summary_text(s: dict, prepared: Prepared, out: Path) -> str:
    lines = ["innokg build", "", "statements per named graph:"]
    for g, n in s["statements_per_graph"].items():
        lines.append(f"  {n:>8}  {_curie(URIRef(g))}")
    lines.append("")
    lines.append("things per class (ikg:, org:, foaf:):")
    for c, n in s["things_per_class"].items():
        if c.split(":")[0] in ("ikg", "org", "foaf"):
            lines.append(f"  {n:>8}  {c}")
    v = s["validation"]
    lines.append("")
    lines.append(f"validation: {'conforms' if v['conforms'] else 'does NOT conform'} — "
                 f"{v['Violation']} violations, {v['Warning']} warnings, {v['Info']} infos "
                 f"(list them: innokg validate)")
    t = prepared.timings
    lines.append("time: " + ", ".join(f"{k} {v:.1f} s" for k, v in t.items()))
    lines.append(f"written: {out}/innokg.trig, innokg.nq, validation.ttl, validation.txt, summary.json")
    return "\n".join(lines)
