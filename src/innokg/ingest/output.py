"""Write what a mapping produces: N-Quads (plain or gzipped) or TriG, whole or not at all.

:func:`import_to_file` runs a mapping (:mod:`innokg.ingest.mapping`) and writes
its statements to a file named by its type — ``.nq``, ``.nq.gz`` or ``.trig`` —
through :mod:`innokg.atomic` (a failed run leaves the previous file as it was),
or to stdout as N-Quads. ``innokg import`` is its command line.
"""

from __future__ import annotations

import gzip
import io
import sys
from pathlib import Path

from innokg.atomic import atomic_file
from innokg.errors import ParameterError
from innokg.ingest.mapping import load_mapping, run_mapping
from innokg.namespaces import prefixes

__all__ = ["import_to_file"]


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

        from innokg.load.store import store_from_nquads

        buf = io.StringIO()
        stats = run_mapping(m, buf, limit=limit, where=where, report=report)
        store = store_from_nquads(buf.getvalue().encode("utf-8"))
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


_TRIG_PREFIXES = prefixes("ikg", "id", "schema", "org", "rdfs", "xsd", "prov", "dcterms", "dcat", "skos")
