"""``innokg validate``: the SHACL findings of FILES (default ``graph/``), one line each."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from innokg.cli.options import store_option
from innokg.errors import ParameterError
from innokg.pipeline import ENGINES, REASONERS, prepare
from innokg.validate.report import SEVERITIES

__all__ = ["validate_command"]


@click.command("validate")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--shapes", "shapes_dir", type=click.Path(path_type=Path), default=None,
              help="Shapes file or folder (default: shapes/).")
@click.option("--ontology", "ontology_dir", type=click.Path(path_type=Path), default=None,
              help="Ontology folder (default: ontology/).")
@click.option("--no-reason", is_flag=True, help="Validate the asserted statements without OWL RL reasoning.")
@click.option("--reasoner", type=click.Choice(REASONERS), default="rules", show_default=True,
              help="rules: the OWL 2 RL rules the ontology needs, on pyoxigraph (fast); owlrl: full closure (reference).")
@click.option("--severity", type=click.Choice(["violation", "warning", "info"]), default="info",
              show_default=True, help="Lowest severity to list.")
@click.option("--engine", type=click.Choice(ENGINES), default="auto", show_default=True,
              help="pyshacl: rdflib + pyshacl (the reference); sparql: the shapes compiled to SPARQL on a "
                   "pyoxigraph store, for large imports; auto: pyshacl below 8 MB of input, "
                   "sparql above.")
@store_option("Validate the on-disk store 'innokg build --store PATH' made, where it lies (the shapes compiled "
              "to SPARQL; nothing loaded into memory) instead of FILES.")
@click.option("--endpoint", "-e", default=None, metavar="URL",
              help="Validate the dataset held by this SPARQL 1.1 endpoint (pushed with 'innokg push'), on the server: "
                   "one query per compiled constraint.")
def validate_command(files, shapes_dir, ontology_dir, no_reason, reasoner, severity, engine, store, endpoint):
    """Validate FILES (default: the curated graph in graph/) against the SHACL shapes.

    Prints one `[SEVERITY] [where] message` line per finding on stdout.
    Exit 0: conforms (no Violation); 1: Violations found; 2: could not run.
    """
    log = lambda m: click.echo(m, err=True)  # noqa: E731
    if (store is not None or endpoint is not None) and files:
        raise ParameterError("give FILES or --store/--endpoint, not both", where="--store" if store else "--endpoint")
    report = prepare(files or None, ontology_dir=ontology_dir, shapes_dir=shapes_dir,
                     reason=not no_reason, reasoner=reasoner, engine=engine, store=store, endpoint=endpoint,
                     log=log).report
    lowest = SEVERITIES.index(severity.capitalize())
    # two constraints can word the same finding alike (sh:or and sh:minInclusive on one value):
    # a line is printed once
    for line in dict.fromkeys(f.format() for f in report.findings if (SEVERITIES.index(f.severity) if f.severity in SEVERITIES else 9) <= lowest):
        click.echo(line)
    c = report.counts()
    verdict = "conforms" if report.conforms else "does NOT conform"
    click.echo(f"validation: {verdict} — {c['Violation']} violations, {c['Warning']} warnings, "
               f"{c['Info']} infos", err=True)
    sys.stdout.flush()
    return 0 if report.conforms else 1
