"""Network reports people would rather look at than read (``innokg report``).

From one network analysis (:func:`innokg.analysis.network.analyze_network`) the report folder gets

* ``report.html`` — self-contained (inline CSS and SVG, no scripts, fonts or CDNs);
* ``report.md`` with ``figures/*.svg``;
* ``tables/*.csv`` and ``tables/*.json`` — every table of the report, plus ``nodes`` (all measures);
* ``network.gexf`` and ``network.graphml`` — the network with every measure as a node attribute.

Same input, same bytes: rows sorted, fixed decimals, SVG without dates and with fixed ids,
the report time only when passed in (``--timestamp``).

Modules: :mod:`~innokg.report.messages` (German/English catalogue),
:mod:`~innokg.report.figures` (matplotlib → SVG), :mod:`~innokg.report.content` (sections and
tables), :mod:`~innokg.report.render` (HTML, Markdown), :mod:`~innokg.report.output` (the folder).
"""

from innokg.report.content import Report, ReportInput, report_content
from innokg.report.output import write_report

__all__ = ["Report", "ReportInput", "report_content", "write_report"]
