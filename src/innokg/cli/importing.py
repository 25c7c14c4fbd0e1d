"""``innokg import MAPPING``: run a declarative mapping and write N-Quads or TriG.

The output is written whole or not at all (:mod:`innokg.atomic`). Bad rows are
reported on stderr as ``[ERROR] [file:line] message`` (row skipped) or
``[WARNING] [file:line] message`` (a value left out, or kept but flagged); the exit code is 1 when any
row or value was reported, 0 when everything mapped cleanly, 2 when the mapping
could not run (e.g. it names a column the table does not have).
"""

from __future__ import annotations

import time
from pathlib import Path

import click

from innokg.errors import ParameterError
from innokg.ingest.mapping import Problem
from innokg.ingest.output import import_to_file

__all__ = ["import_command"]


@click.command("import")
@click.argument("mapping", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write here (.nq, .nq.gz or .trig); default: N-Quads to stdout.")
@click.option("--data", "data_root", type=click.Path(file_okay=False, path_type=Path),
              help="Folder the mapping's `file:` paths are relative to (default: the mapping's `data:`).")
@click.option("--limit", type=click.IntRange(min=1), help="Map at most N rows per table.")
@click.option("--where", "where", multiple=True, metavar="COLUMN=VALUE",
              help="Keep only rows where COLUMN equals VALUE (repeatable), e.g. --where country=DE; "
                   "a column no table has is an error listing every column.")
@click.option("--quiet", "-q", is_flag=True, help="Print only the summary, not each reported row.")
def import_command(mapping: Path, output: Path | None, data_root: Path | None, limit: int | None,
                   where: tuple[str, ...], quiet: bool) -> int:
    """Map the tables named in MAPPING (a YAML mapping, see mappings/README.md) to RDF.

    Bad rows and values are reported with file:line, never dropped silently; a subject that two rows
    describe with different values is reported with both lines (both values kept, or exit 2 with
    on-conflict: fail); mojibake is repaired where the mapping says repair-text: true (counted).
    """
    filt = {}
    for w in where:
        if "=" not in w:
            raise ParameterError(f"--where needs COLUMN=VALUE, got {w!r}", where="--where")
        k, v = w.split("=", 1)
        filt[k] = v
    counts = {"ERROR": 0, "WARNING": 0, "kept": 0}

    def report(p: Problem) -> None:
        counts["kept" if p.kept else p.severity] += 1
        if not quiet:
            click.echo(p.format(), err=True)

    t0 = time.perf_counter()
    stats = import_to_file(mapping, output, data_root=data_root, limit=limit, where=filt, report=report)
    dt = time.perf_counter() - t0
    kept = f"{counts['kept']} values kept but flagged (WARNING), " if counts["kept"] else ""
    if stats.get("conflicts"):
        kept += f"of which {stats['conflicts']} conflict with an earlier row's value (both kept), "
    repaired = (f"{stats['repaired']} text cells repaired from mojibake (originals kept as provenance), "
                if stats.get("repaired") else "")
    click.echo(
        f"[INFO] [{mapping}] {stats['rows']} rows read, {stats['mapped']} mapped, "
        f"{stats['skipped']} skipped (reported as ERROR), {counts['WARNING']} values left out "
        f"(reported as WARNING), {kept}{repaired}{stats['quads']} statements in {dt:.1f} s", err=True)
    return 1 if (counts["ERROR"] or counts["WARNING"] or counts["kept"]) else 0
