"""Write a report folder, whole or not at all (:func:`innokg.atomic.atomic_dir`).

Layout::

    report.html            self-contained page
    report.md              the same in Markdown
    figures/NAME.svg       the pictures
    tables/NAME.csv|json   every table (cells by innokg.analysis.network.format_value; JSON: NaN as null)
    network.gexf           the network, every measure as a node attribute (Gephi)
    network.graphml        the same as GraphML (igraph, R, Cytoscape, Gephi)
    network-over-time.gexf with a "change over time" section: the network per period as dynamic GEXF 1.3
                           (every attachment of the report, :class:`innokg.report.content.Attachment`)
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

from innokg.analysis.network import NODE_COLUMNS, software_versions
from innokg.atomic import atomic_dir
from innokg.report.content import Report, ReportInput, Table, report_content
from innokg.report.render import html_page, markdown
from innokg.results.netfiles import node_measures, write_gexf, write_graphml
from innokg.results.tables import json_safe, table_csv

__all__ = ["write_report", "node_table"]


def node_table(data: ReportInput) -> Table:
    """Every node with every measure (the analysis' per-node table, graph attributes added)."""
    rows = data.result.nodes
    extra = sorted({k for r in rows for k in r} - set(NODE_COLUMNS))
    cols = list(NODE_COLUMNS[:3]) + extra + list(NODE_COLUMNS[3:])
    return Table(name="nodes", columns=cols, headers=cols, rows=rows, cells=[], shown=False)


def _table_json(t: Table) -> str:
    cols = t.csv_columns or t.columns
    rows = [{c: json_safe(_jsonable(r.get(c))) for c in cols} for r in t.rows]
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
        for a in report.attachments():
            (tmp / a.path).write_text(a.text, encoding="utf-8")
        for f in report.figures():
            (tmp / "figures" / f"{f.name}.svg").write_text(f.svg + "\n", encoding="utf-8")
        for t in [*report.tables(), node_table(data)]:
            cols = t.csv_columns or t.columns
            (tmp / "tables" / f"{t.name}.csv").write_text(table_csv(t.rows, cols), encoding="utf-8")
            (tmp / "tables" / f"{t.name}.json").write_text(_table_json(t), encoding="utf-8")
        progress("network files")
        with open(tmp / "network.graphml", "w", encoding="utf-8") as fh:
            write_graphml(data.G, fh, extra=node_measures(data.result))
        with open(tmp / "network.gexf", "w", encoding="utf-8") as fh:
            write_gexf(data.G, fh, extra=node_measures(data.result), date=data.timestamp[:10] if data.timestamp else None,
                       creator=f"innokg {software_versions().get('innokg', '')}".strip())
        names = sorted(str(p.relative_to(tmp)) for p in tmp.rglob("*") if p.is_file())
    return [Path(out) / n for n in names]
