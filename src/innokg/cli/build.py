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
def build_command(out, sources, ontology_dir, shapes_dir, no_reason, reasoner, engine):
    """Build the knowledge graph: load graph/, reason, validate, write OUT/.

    Writes OUT/innokg.trig and OUT/innokg.nq (named graphs: one per source,
    graph/inferred, graph/ontology), OUT/validation.ttl and .txt, OUT/summary.json.
    Exit 0 on success; 1 when validation finds Violations (nothing is written);
    2 when the build could not run.
    """
    log = lambda m: click.echo(m, err=True)  # noqa: E731
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
