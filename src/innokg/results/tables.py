"""The analysis as tables: ``nodes.csv``, ``group-gaps.csv``, ``missing-links.csv``, the graph's own
tables (``helix.csv``, ``coverage.csv``, ``completeness.csv``), ``analysis.json`` and, beside them,
``analysis.ttl`` (:mod:`innokg.results.rdf`) — the folder ``innokg analyze -o`` writes, whole or not
at all (:func:`innokg.atomic.atomic_dir`).

Cells are written by :func:`innokg.analysis.network.format_value` (integers as such, floats with 10
significant digits, ``NaN`` as R prints it); JSON has ``null`` for NaN and infinities
(:func:`json_safe`). The report (:mod:`innokg.report.output`) writes its tables with the same two.
"""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path
from typing import Any, Callable, Iterable

from innokg.analysis.network import NODE_COLUMNS, NetworkAnalysis, format_value, software_versions
from innokg.atomic import atomic_dir

__all__ = ["GROUP_GAP_COLUMNS", "MISSING_LINK_COLUMNS", "json_safe", "table_csv", "node_columns", "write_results"]

GROUP_GAP_COLUMNS = ["group_a", "group_b", "size_a", "size_b", "ties", "possible", "density", "ratio", "status"]
MISSING_LINK_COLUMNS = ["rank", "u", "v", "score", "method", "shared", "via", "group_u", "group_v", "reason"]


def json_safe(x: Any) -> Any:
    """``x`` with NaN and infinite floats as ``None`` (JSON has neither), dict keys as strings.

    Examples
    --------
    >>> json_safe({1: [float("nan"), 2.5, (float("inf"),)]})
    {'1': [None, 2.5, [None]]}
    """
    if isinstance(x, float) and (math.isnan(x) or math.isinf(x)):
        return None
    if isinstance(x, dict):
        return {str(k): json_safe(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [json_safe(v) for v in x]
    return x


def table_csv(rows: list[dict], columns: list[str] | tuple[str, ...]) -> str:
    """Rows as CSV text with the given columns, cells by :func:`innokg.analysis.network.format_value`
    (a list cell: its items joined by spaces)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(columns)
    for r in rows:
        w.writerow([format_value(r.get(c)) if not isinstance(r.get(c), list)
                    else " ".join(map(str, r.get(c))) for c in columns])
    return buf.getvalue()


def node_columns(extra: Iterable[str] = ()) -> list[str]:
    """The per-node table's columns: ``node``, ``label``, ``group``, then ``extra`` (e.g. sector and region),
    then the measures."""
    cols = list(NODE_COLUMNS)
    return cols[:3] + list(extra) + cols[3:]


def write_results(out: Path, result: NetworkAnalysis, *, extra_columns: list[str], inputs: list[dict],
                  extras: dict[str, tuple[list[dict], list[str]]], summary_extra: dict,
                  rdf: bool, started: str | None, log: Callable[[str], None] | None = None) -> list[Path]:
    """Write the result folder ``out`` atomically; returns the files written, sorted.

    ``extras``: more tables, ``{file name: (rows, columns)}``; ``summary_extra``: more keys of
    ``analysis.json``; ``rdf``: also ``analysis.ttl`` (``log`` hears how its writing goes).
    """
    with atomic_dir(out) as tmp:
        (tmp / "nodes.csv").write_text(table_csv(result.nodes, node_columns(extra_columns)), encoding="utf-8")
        (tmp / "group-gaps.csv").write_text(table_csv(result.group_gaps, GROUP_GAP_COLUMNS), encoding="utf-8")
        (tmp / "missing-links.csv").write_text(table_csv(
            [dict(r, rank=i) for i, r in enumerate(result.missing_links, 1)], MISSING_LINK_COLUMNS),
            encoding="utf-8")
        for name, (rows, cols) in extras.items():
            (tmp / name).write_text(table_csv(rows, cols), encoding="utf-8")
        summary = {"graph": result.graph, "parameters": result.parameters, "inputs": inputs,
                   "software": software_versions(), "group_gaps": result.group_gaps,
                   "missing_links": result.missing_links, **summary_extra}
        (tmp / "analysis.json").write_text(json.dumps(json_safe(summary), indent=2, sort_keys=True,
                                                      ensure_ascii=False, default=str) + "\n", encoding="utf-8")
        if rdf:
            from innokg.results.rdf import write_analysis

            write_analysis(tmp / "analysis.ttl", result, inputs, started=started, log=log)
        written = sorted(p.name for p in tmp.iterdir())
    return [out / n for n in written]
