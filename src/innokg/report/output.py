"""Write a report folder, whole or not at all (:func:`innokg.atomic.atomic_dir`).

Layout::

    report.html            self-contained page
    report.md              the same in Markdown
    figures/NAME.svg       the pictures
    tables/NAME.csv|json   every table (cells by innokg.analysis.format_value; JSON: NaN as null)
    network.gexf           the network, every measure as a node attribute (Gephi)
    network.graphml        the same as GraphML (igraph, R, Cytoscape, Gephi)
"""

from __future__ import annotations

import io
import json
import math
from pathlib import Path
from typing import Any, Callable

import networkx as nx

from innokg.analysis import NODE_COLUMNS
from innokg.analyze import _json_safe, measured_network, table_csv
from innokg.atomic import atomic_dir
from innokg.report.content import Report, ReportInput, Table, report_content
from innokg.report.render import html_page, markdown

__all__ = ["write_report", "gexf_bytes", "graphml_bytes", "node_table"]


def node_table(data: ReportInput) -> Table:
    """Every node with every measure (the analysis' per-node table, graph attributes added)."""
    rows = data.result.nodes
    extra = sorted({k for r in rows for k in r} - set(NODE_COLUMNS))
    cols = list(NODE_COLUMNS[:3]) + extra + list(NODE_COLUMNS[3:])
    return Table(name="nodes", columns=cols, headers=cols, rows=rows, cells=[], shown=False)


def _plain(G: nx.Graph) -> nx.Graph:
    """Attributes the XML writers accept: no None, lists joined, no graph-level dicts."""
    H = G.copy()
    H.graph.clear()
    for _, d in H.nodes(data=True):
        for k, v in list(d.items()):
            if v is None:
                del d[k]
            elif isinstance(v, (list, tuple, set, dict)):
                d[k] = " ".join(map(str, v))
    for _, _, d in H.edges(data=True):
        for k, v in list(d.items()):
            if v is None or isinstance(v, (list, tuple, set, dict)):
                del d[k]
    return H


def graphml_bytes(data: ReportInput) -> bytes:
    buf = io.BytesIO()
    nx.write_graphml(_plain(measured_network(data.G, data.result)), buf)
    return buf.getvalue()


def gexf_bytes(data: ReportInput) -> bytes:
    """GEXF 1.2 with the measures as node attributes; the date is the report's, not the clock's."""
    from networkx.readwrite.gexf import GEXFWriter

    H = _plain(measured_network(data.G, data.result))
    # GEXF has no NaN for doubles in every reader (Gephi refuses it): leave such values out
    for _, d in H.nodes(data=True):
        for k, v in list(d.items()):
            if isinstance(v, float) and (math.isnan(v) or math.isinf(v)):
                del d[k]
    w = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    meta = w.xml.find("meta")
    if meta is not None:
        if data.timestamp:
            meta.set("lastmodifieddate", data.timestamp[:10])
        else:
            meta.attrib.pop("lastmodifieddate", None)
    w.add_graph(H)
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


def _table_json(t: Table) -> str:
    cols = t.csv_columns or t.columns
    rows = [{c: _json_safe(_jsonable(r.get(c))) for c in cols} for r in t.rows]
    return json.dumps({"table": t.name, "columns": cols, "rows": rows}, indent=1, ensure_ascii=False,
                      sort_keys=False, default=str) + "\n"


def _jsonable(v: Any) -> Any:
    if isinstance(v, (list, tuple)):
        return [str(x) for x in v]
    if isinstance(v, (str, int, float, bool)) or v is None:
        return v
    return str(v)


def write_report(out: Path, data: ReportInput, lang: str = "en", *, report: Report | None = None,
                 progress: Callable[[str], None] = lambda _m: None, **options) -> list[Path]:
    """Make the report of ``data`` (unless ``report`` is given) and write the folder ``out``.

    ``options`` go to :func:`innokg.report.content.report_content` (``top``, ``max_nodes``,
    ``max_ties``, ``seed``). Returns the files written, sorted.
    """
    if report is None:
        report = report_content(data, lang, progress=progress, **options)
    progress("write")
    with atomic_dir(Path(out)) as tmp:
        (tmp / "figures").mkdir()
        (tmp / "tables").mkdir()
        (tmp / "report.html").write_text(html_page(report), encoding="utf-8")
        (tmp / "report.md").write_text(markdown(report), encoding="utf-8")
        for f in report.figures():
            (tmp / "figures" / f"{f.name}.svg").write_text(f.svg + "\n", encoding="utf-8")
        for t in [*report.tables(), node_table(data)]:
            cols = t.csv_columns or t.columns
            (tmp / "tables" / f"{t.name}.csv").write_text(table_csv(t.rows, cols), encoding="utf-8")
            (tmp / "tables" / f"{t.name}.json").write_text(_table_json(t), encoding="utf-8")
        progress("network files")
        (tmp / "network.graphml").write_bytes(graphml_bytes(data))
        (tmp / "network.gexf").write_bytes(gexf_bytes(data))
        names = sorted(str(p.relative_to(tmp)) for p in tmp.rglob("*") if p.is_file())
    return [Path(out) / n for n in names]
