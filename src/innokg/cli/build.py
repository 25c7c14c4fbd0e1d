"""``innokg build``: load, reason, validate, write the dataset — whole or not at all.

Steps:

1.–3. :func:`innokg.pipeline.prepare`: load ``graph/`` (one named graph per source) and ``ontology/``;
   OWL 2 RL reasoning (:mod:`innokg.reason`), the inferred statements in their own named graph
   ``graph/inferred``; SHACL validation by the engine ``--engine`` chooses;
4. :func:`innokg.results.dataset.write_outputs`: write ``OUT/innokg.trig``, ``OUT/innokg.nq`` (sorted), ``OUT/validation.ttl``,
   ``OUT/validation.txt`` and ``OUT/summary.json`` into a temporary folder that
   replaces ``OUT`` only when everything is written. A build with Violations
   writes nothing (exit 1) and leaves the previous ``OUT`` untouched.
"""

from __future__ import annotations

import time
from pathlib import Path

import click
from rdflib import URIRef

from innokg.cli.options import store_option
from innokg.errors import ParameterError
from innokg.pipeline import ENGINES, REASONERS, Prepared, prepare
from innokg.results.dataset import curie, summarise, write_outputs

__all__ = ["build_command"]


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
@click.option("--engine", type=click.Choice(ENGINES), default="auto", show_default=True,
              help="Validation: pyshacl (the reference), sparql (the shapes compiled to SPARQL on pyoxigraph, "
                   "same findings, for large graphs), auto: pyshacl below 8 MB of input, sparql above.")
@store_option("Also keep the dataset in an on-disk store at PATH (replaced whole, only on success), which query, "
              "validate, analyze, report, publish and serve open with --store PATH; OUT's dumps are then streamed "
              "from it (not canonicalised), so memory stays flat on large data.")
def build_command(out, sources, ontology_dir, shapes_dir, no_reason, reasoner, engine, store):
    """Build the knowledge graph: load graph/, reason, validate, write OUT/.

    Writes OUT/innokg.trig and OUT/innokg.nq (named graphs: one per source,
    graph/inferred, graph/summary (counts for the queries; not with --no-reason),
    graph/ontology), OUT/validation.ttl and .txt, OUT/summary.json.
    Exit 0 on success; 1 when validation finds Violations (nothing is written);
    2 when the build could not run.
    """
    log = lambda m: click.echo(m, err=True)  # noqa: E731
    if store is not None:
        return _build_store(store, out, log, sources=sources or None, ontology_dir=ontology_dir,
                            shapes_dir=shapes_dir, reason=not no_reason, reasoner=reasoner, engine=engine)
    prepared = prepare(sources or None, ontology_dir=ontology_dir, shapes_dir=shapes_dir,
                       reason=not no_reason, reasoner=reasoner, engine=engine, log=log)
    if not _conforms(prepared, out):
        return 1
    t0 = time.perf_counter()
    write_outputs(prepared, out, where=", ".join(map(str, sources)) if sources else "graph")
    prepared.timings["write"] = time.perf_counter() - t0
    s = summarise(prepared)
    click.echo(_summary_text(s, prepared, out))
    return 0


class _Violations(Exception):
    """Validation found Violations: nothing is written."""


def _conforms(prepared: Prepared, out: Path) -> bool:
    report = prepared.report
    if report.conforms:
        return True
    for line in dict.fromkeys(f.format() for f in report.by_severity("Violation")):
        click.echo(line, err=True)
    c = report.counts()
    click.echo(f"[ERROR] [{out}] validation found {c['Violation']} violations: nothing written, "
               "the previous output is untouched", err=True)
    return False


def _build_store(store: Path, out: Path, log, **kwargs) -> int:
    """``build --store``: the store filled in a fresh folder that replaces ``store`` only on success."""
    import datetime

    from innokg.atomic import atomic_dir
    from innokg.load.files import relative_path
    from innokg.load.store import STORE_INFO, write_store_info

    if store.exists() and any(store.iterdir()) and not (store / STORE_INFO).is_file():
        raise ParameterError("the folder exists and is not a store innokg built: it would be replaced",
                             where=f"--store {store}", hint="name a new folder, or one an earlier build --store made")
    try:
        with atomic_dir(store) as tmp:
            prepared = prepare(kwargs.pop("sources"), store_path=tmp, log=log, **kwargs)
            if not _conforms(prepared, out):
                raise _Violations
            t0 = time.perf_counter()
            write_outputs(prepared, out, canonical=False)
            prepared.timings["write"] = time.perf_counter() - t0
            s = summarise(prepared)
            write_store_info(tmp, {
                "built": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
                "files": [relative_path(f) for f in prepared.files],
                "graph_files": {str(g): relative_path(f) for g, f in sorted(prepared.graph_files.items())},
                "statements": len(prepared.store), "inferred": prepared.inferred_count,
                "reasoned": kwargs["reason"], "validation": s["validation"],
            })
            prepared.store.flush()
            del prepared._store  # the store's files are closed before the folder moves into place
    except _Violations:
        return 1
    click.echo(_summary_text(s, prepared, out) + f"\nstore: {store} ({STORE_INFO} says what it holds; "
               f"open it with --store {store})")
    return 0


def _summary_text(s: dict, prepared: Prepared, out: Path) -> str:
    lines = ["innokg build", "", "statements per named graph:"]
    for g, n in s["statements_per_graph"].items():
        lines.append(f"  {n:>8}  {curie(URIRef(g))}")
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
