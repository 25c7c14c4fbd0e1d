"""Tables read from the knowledge graph itself (not from the network): region × topic coverage and the
completeness gaps, each by a query of ``queries/analysis/`` run through :func:`innokg.projection.network.run_query`
(so through the query guard)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = ["analysis_query_dir", "coverage", "completeness_gaps"]


def analysis_query_dir() -> Path:
    """``queries/analysis/`` of the project."""
    from innokg.load.files import project_root

    return project_root() / "queries" / "analysis"


def coverage(source) -> dict[str, Any]:
    """Region × topic coverage from ``region-topic-coverage.rq``.

    Returns
    -------
    dict
        ``cells``: rows ``{region, topic, items}`` for every region that has at
        least one hub or project and every topic in use (0 where nothing covers it);
        ``gaps``: the cells with 0 items, sorted.
    """
    from innokg.projection.network import run_query

    rows = run_query(source, analysis_query_dir() / "region-topic-coverage.rq")
    count: dict[tuple[str, str], int] = {}
    regions, topics = set(), set()
    for r in rows:
        regions.add(r["region"])
        if r.get("topic"):
            topics.add(r["topic"])
            count[(r["region"], r["topic"])] = int(r["items"])
    cells = [{"region": g, "topic": t, "items": count.get((g, t), 0)}
             for g in sorted(regions) for t in sorted(topics)]
    return {"regions": sorted(regions), "topics": sorted(topics), "cells": cells,
            "gaps": [c for c in cells if c["items"] == 0]}


def completeness_gaps(source) -> list[dict[str, str]]:
    """What the analysis would need but the graph does not say (``completeness-gaps.rq``).

    Rows ``{item, gap, detail}`` sorted; ``gap`` is one of the names in the query.
    """
    from innokg.projection.network import run_query

    rows = run_query(source, analysis_query_dir() / "completeness-gaps.rq")
    out = {(r["item"], r["gap"], r.get("detail") or "") for r in rows}
    return [{"item": i, "gap": g, "detail": d} for i, g, d in sorted(out)]
