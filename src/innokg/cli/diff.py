"""``innokg diff OLD NEW``: what changed between two builds of the dataset (see :mod:`innokg.results.changes`)."""

from __future__ import annotations

import click

from innokg.atomic import atomic_file
from innokg.results.changes import changes_csv, changes_text, changeset_turtle, dataset_changes

__all__ = ["diff_command"]

FORMATS = ("text", "csv", "rdf")


@click.command("diff")
@click.argument("old", type=click.Path(dir_okay=False))
@click.argument("new", type=click.Path(dir_okay=False))
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="text: a summary per graph and entity with the changes; csv: one row per change; "
                   "rdf: a changeset (Turtle, ChangeSet vocabulary).")
@click.option("--output", "-o", type=click.Path(dir_okay=False), default=None,
              help="Write to this file (whole or not at all) instead of stdout.")
@click.option("--limit", type=int, default=50, show_default=True,
              help="text: show at most this many entities and changes (0: all).")
@click.option("--base-iri", default="https://w3id.org/innokg/", show_default=True,
              help="rdf: the changesets' IRIs are minted below <base>changes/.")
def diff_command(old, new, fmt, output, limit, base_iri):
    """Compare two datasets (N-Quads, .nq.gz, TriG, Turtle …): statements added and removed per named graph
    and per entity, and changed values (a property whose values were replaced).

    Blank nodes (amounts, addresses) are compared by what they say. Exit 0 when the datasets hold the same
    statements, 1 when they differ, 2 when a file cannot be read.
    """
    ch = dataset_changes(old, new)
    if fmt == "text":
        data = changes_text(ch, limit=limit or None).encode("utf-8")
    elif fmt == "csv":
        data = changes_csv(ch)
    else:
        data = changeset_turtle(ch, base_iri)
    if output:
        with atomic_file(output, "wb", encoding=None) as f:
            f.write(data)
    else:
        click.echo(data.decode("utf-8"), nl=False)
    click.echo(f"{ch.added} statements added, {ch.removed} removed, {len(ch.by_entity)} entities changed", err=True)
    return 1 if ch.changes else 0
