"""``innokg import MAPPING``: run a declarative mapping and write N-Quads or TriG.

The output is written whole or not at all (:mod:`innokg.atomic`). Bad rows are
reported on stderr as ``[ERROR] [file:line] message`` (row skipped) or
``[WARNING] [file:line] message`` (a value left out, or kept but flagged); the exit code is 1 when any
row or value was reported, 0 when everything mapped cleanly, 2 when the mapping
could not run (e.g. it names a column the table does not have).
"""

from __future__ import annotations

import gzip
import io
import sys
import time
from pathlib import Path

import click

from innokg.atomic import atomic_file
from innokg.errors import ParameterError
from innokg.ingest.mapping import Problem, load_mapping, run_mapping

__all__ = ["import_command", "import_to_file"]


def import_to_file(mapping: str | Path, output: str | Path | None, *, data_root=None, limit=None,
                   where=None, report=None) -> dict[str, int]:
    """Run ``mapping`` and write ``output`` (``.nq``, ``.nq.gz`` or ``.trig``; ``None`` = stdout).

    Returns the statistics of :func:`innokg.ingest.mapping.run_mapping`.
    """
    m = load_mapping(mapping, data_root)
    if output is None:
        return run_mapping(m, sys.stdout, limit=limit, where=where, report=report)
    out = Path(output)
    name = out.name
    if name.endswith(".trig"):
        import pyoxigraph as ox

        buf = io.StringIO()
        stats = run_mapping(m, buf, limit=limit, where=where, report=report)
        store = ox.Store()
        store.bulk_load(buf.getvalue().encode("utf-8"), ox.RdfFormat.N_QUADS)
        with atomic_file(out, "wb") as fh:
            store.dump(fh, ox.RdfFormat.TRIG, prefixes=_TRIG_PREFIXES)
        return stats
    if name.endswith(".nq.gz"):
        with atomic_file(out, "wb") as raw:
            with gzip.open(raw, "wt", encoding="utf-8", compresslevel=3) as fh:
                return run_mapping(m, fh, limit=limit, where=where, report=report)
    if name.endswith(".nq"):
        with atomic_file(out, "w") as fh:
            return run_mapping(m, fh, limit=limit, where=where, report=report)
    raise ParameterError(f"unknown output type {out.name!r}", where="-o",
                         hint="use a file ending in .nq, .nq.gz or .trig")


_TRIG_PREFIXES = {
    "ikg": "https://w3id.org/innokg/ontology#",
    "id": "https://w3id.org/innokg/id/",
    "schema": "http://schema.org/",
    "org": "http://www.w3.org/ns/org#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "dcat": "http://www.w3.org/ns/dcat#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
}


@click.command("import")
@click.argument("mapping", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write here (.nq, .nq.gz or .trig); default: N-Quads to stdout.")
@click.option("--data", "data_root", type=click.Path(file_okay=False, path_type=Path),
              help="Folder the mapping's `file:` paths are relative to (default: the mapping's `data:`).")
@click.option("--limit", type=click.IntRange(min=1), help="Map at most N rows per table.")
@click.option("--where", "where", multiple=True, metavar="COLUMN=VALUE",
              help="Keep only rows where COLUMN equals VALUE (repeatable), e.g. --where country=DE.")
@click.option("--quiet", "-q", is_flag=True, help="Print only the summary, not each reported row.")
def import_command(mapping: Path, output: Path | None, data_root: Path | None, limit: int | None,
                   where: tuple[str, ...], quiet: bool) -> int:
    """Map the tables named in MAPPING (a YAML mapping, see mappings/README.md) to RDF."""
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
    click.echo(
        f"[INFO] [{mapping}] {stats['rows']} rows read, {stats['mapped']} mapped, "
        f"{stats['skipped']} skipped (reported as ERROR), {counts['WARNING']} values left out "
        f"(reported as WARNING), {kept}{stats['quads']} statements in {dt:.1f} s", err=True)
    return 1 if (counts["ERROR"] or counts["WARNING"] or counts["kept"]) else 0
