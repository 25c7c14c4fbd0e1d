"""The network over time as tables, RDF and a dynamic GEXF: the folder ``innokg analyze --over-time -o`` writes.

Files (cells by :func:`innokg.analysis.network.format_value`; written whole or not at all):

* ``periods.csv`` — the periods, with the network's size, density, components, communities,
  modularity, brokers and graph-level brokerage z per period;
* ``nodes-over-time.csv`` — one row per node and period: every measure, ``{m}_rank`` and
  ``{m}_change`` (since the previous period) for total brokerage, betweenness, degree, effective
  size, constraint and PageRank;
* ``movers.csv`` — the brokers who rose and fell most (consecutive periods, and first → last);
* ``group-gaps-over-time.csv`` and ``gap-changes.csv`` — every period's group gaps, and the gaps
  that opened or closed;
* ``stability.csv`` — Spearman and Kendall between consecutive periods' broker rankings;
* ``over-time.json`` — all of it, with parameters, inputs, software and how the ties were dated;
* ``over-time.ttl`` — one ``ikga:AnalysisRun`` per period (``ikga:periodStart``/``periodEnd``,
  ``ikga:inSeries`` the ``ikga:AnalysisSeries``) with its measurements, as
  :mod:`innokg.results.rdf` writes a single run (``--no-rdf`` leaves it out);
* ``network-over-time.gexf`` — the dynamic network (:func:`innokg.results.netfiles.write_dynamic_gexf`).
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any, Callable, Sequence

import networkx as nx

from innokg.analysis.network import NODE_COLUMNS, software_versions
from innokg.analysis.temporal import RANKED, TemporalAnalysis
from innokg.atomic import atomic_dir
from innokg.results.tables import GROUP_GAP_COLUMNS, json_safe, table_csv

__all__ = ["PERIOD_COLUMNS", "MOVER_COLUMNS", "GAP_CHANGE_COLUMNS", "STABILITY_COLUMNS", "node_over_time_columns",
           "temporal_ntriples", "series_iri", "write_temporal_results"]

PERIOD_COLUMNS = ["period", "period_start", "period_end", "nodes", "ties", "density", "components",
                  "largest_component", "communities", "modularity", "brokers", "brokerage_z"]
MOVER_COLUMNS = ["span", "direction", "node", "label", "group", "total_from", "total_to", "change", "rank_from",
                 "rank_to", "rank_change", "status"]
GAP_CHANGE_COLUMNS = ["span", "group_a", "group_b", "change", "status_from", "status_to", "ties_from", "ties_to",
                      "density_from", "density_to"]
STABILITY_COLUMNS = ["period_from", "period_to", "nodes", "spearman", "spearman_p", "kendall", "kendall_p"]


def node_over_time_columns(extra: Sequence[str] = ()) -> list[str]:
    """``period``, its dates, ``node``, ``label``, ``group``, ``extra``, the measures, then rank and change."""
    cols = list(NODE_COLUMNS)
    return (["period", "period_start", "period_end"] + cols[:3] + list(extra) + cols[3:]
            + [f"{m}_{x}" for m in RANKED for x in ("rank", "change")])


def series_iri(t: TemporalAnalysis, inputs: list[dict]) -> str:
    """``…/id/analysis/series/<digest>``: the same periods, parameters and input give the same IRI."""
    from innokg.results.rdf import run_iri

    return str(run_iri({"series": t.periods, **t.parameters}, inputs)).replace("/analysis/", "/analysis/series/")


def temporal_ntriples(t: TemporalAnalysis, inputs: list[dict], *, started: str | None = None) -> str:
    """Every period's run (:func:`innokg.results.rdf.analysis_ntriples`) with its period and series, and the
    series, as N-Triples."""
    import pyoxigraph as ox

    from innokg.namespaces import PREFIXES
    from innokg.results.rdf import IKGA, analysis_ntriples, run_iri

    series = ox.NamedNode(series_iri(t, inputs))
    date = ox.NamedNode(PREFIXES["xsd"] + "date")
    rdf_type = ox.NamedNode(PREFIXES["rdf"] + "type")
    label = ox.NamedNode(PREFIXES["rdfs"] + "label")
    lines = [ox.Triple(series, rdf_type, ox.NamedNode(str(IKGA.AnalysisSeries))),
             ox.Triple(series, label, ox.Literal("innokg analyze over time: " + ", ".join(p["label"] for p in t.periods),
                                                 language="en"))]
    parts = []
    for p, res in zip(t.periods, t.results):
        parts.append(analysis_ntriples(res, inputs, started=started))
        run = ox.NamedNode(str(run_iri(res.parameters, inputs)))
        lines += [ox.Triple(run, ox.NamedNode(str(IKGA.inSeries)), series),
                  ox.Triple(run, ox.NamedNode(str(IKGA.periodStart)), ox.Literal(p["start"], datatype=date)),
                  ox.Triple(run, ox.NamedNode(str(IKGA.periodEnd)), ox.Literal(p["end"], datatype=date))]
    return "".join(parts) + "".join(f"{x} .\n" for x in lines)


def write_temporal_results(out: Path, t: TemporalAnalysis, graphs: Sequence[nx.Graph], *, extra_columns: list[str],
                           inputs: list[dict], summary_extra: dict, rdf: bool, started: str | None,
                           log: Callable[[str], None] | None = None) -> list[Path]:
    """Write the over-time folder ``out`` atomically (see the module); ``graphs``: each period's network,
    in the order of ``t.periods``. Returns the files written, sorted."""
    from innokg.results.netfiles import write_dynamic_gexf
    from innokg.results.rdf import turtle_bytes

    say = log or (lambda _m: None)
    gaps = [{"period": p["label"], **g} for p, res in zip(t.periods, t.results) for g in res.group_gaps]
    with atomic_dir(out) as tmp:
        (tmp / "periods.csv").write_text(table_csv(t.graph, PERIOD_COLUMNS), encoding="utf-8")
        (tmp / "nodes-over-time.csv").write_text(table_csv(t.nodes, node_over_time_columns(extra_columns)),
                                                 encoding="utf-8")
        (tmp / "movers.csv").write_text(table_csv(t.movers, MOVER_COLUMNS), encoding="utf-8")
        (tmp / "group-gaps-over-time.csv").write_text(table_csv(gaps, ["period", *GROUP_GAP_COLUMNS]),
                                                      encoding="utf-8")
        (tmp / "gap-changes.csv").write_text(table_csv(t.gap_changes, GAP_CHANGE_COLUMNS), encoding="utf-8")
        (tmp / "stability.csv").write_text(table_csv(t.stability, STABILITY_COLUMNS), encoding="utf-8")
        summary: dict[str, Any] = {
            "periods": t.graph, "parameters": t.parameters, "inputs": inputs, "software": software_versions(),
            "movers": t.movers, "gap_changes": t.gap_changes, "stability": t.stability,
            "series": series_iri(t, inputs), **summary_extra}
        (tmp / "over-time.json").write_text(json.dumps(json_safe(summary), indent=2, sort_keys=True,
                                                       ensure_ascii=False, default=str) + "\n", encoding="utf-8")
        buf = io.StringIO()
        write_dynamic_gexf(buf, t.periods, graphs, [res.nodes for res in t.results])
        (tmp / "network-over-time.gexf").write_text(buf.getvalue(), encoding="utf-8")
        if rdf:
            nt = temporal_ntriples(t, inputs, started=started)
            say(f"over-time RDF: {nt.count(chr(10))} statements")
            (tmp / "over-time.ttl").write_bytes(turtle_bytes(nt.encode("utf-8")))
        written = sorted(p.name for p in tmp.iterdir())
    return [out / n for n in written]
