"""``innokg report``: the network analysis as a report people would rather look at than read.

Input as for ``innokg analyze``: the knowledge graph (default ``graph/``, or the files and
folders given), projected to the organisation network, or ``--network FILE.graphml``.
``--scope KIND=ID`` narrows the knowledge graph: ``region=`` (organisations located there or
within), ``programme=`` (groups funded under it or a sub-programme), ``topic=``, ``funder=``
(as the ``analyze`` filters) or ``hub=`` (the organisations affiliated with the hub and the
ties among them); ``ID`` is an IRI or the slug below ``https://w3id.org/innokg/id/KIND/``.
Several scopes narrow together.

Long steps show a progress bar when stderr is a terminal and are silent otherwise.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from innokg.cli.options import check_jobs, endpoint_option, store_option
from innokg.errors import InputError, ParameterError
from innokg.report.inputs import STEPS, parse_scope

__all__ = ["report_command"]


class _Progress:
    """A click progress bar over named steps, on stderr and only when it is a terminal."""

    def __init__(self, steps: list[str]):
        self.steps = steps
        self.bar = None
        if sys.stderr.isatty():
            self.bar = click.progressbar(length=len(steps), label="report", file=sys.stderr,
                                         item_show_func=lambda s: s, show_pos=True)
            self.bar.__enter__()
        self.done = 0

    def __call__(self, step: str) -> None:
        if self.bar is not None and self.done < len(self.steps):
            self.bar.current_item = step
            self.bar.update(1)
        self.done += 1

    def note(self, text: str) -> None:
        """Show ``text`` beside the bar without moving it (what a long step is doing now)."""
        if self.bar is not None:
            self.bar.current_item = text[:40]
            self.bar.render_progress()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


@click.command("report")
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("--network", type=click.Path(path_type=Path), default=None,
              help="Report on this GraphML network instead of the knowledge graph.")
@click.option("--scope", "scopes", multiple=True, metavar="KIND=ID",
              help="Narrow the knowledge graph: region=, hub=, programme=, topic=, funder= (IRI or slug); repeatable.")
@click.option("--partition", default=None,
              help="Groups for brokerage and gaps: sector, region, hub or community for the graph (default sector); "
                   "any node attribute for GraphML (default: Louvain communities).")
@click.option("--from", "start", default=None, help="Graph input: keep affiliations from this date.")
@click.option("--to", "end", default=None, help="Graph input: keep affiliations up to this date.")
@click.option("--lang", type=click.Choice(["en", "de"]), default="en", show_default=True,
              help="Language of the report and of the labels taken from the graph.")
@click.option("--timestamp", default=None, help="ISO time printed as the report time (never read from the clock).")
@click.option("--data-date", default=None, help="Date of the input data (default: the latest dcterms:issued/modified "
                                                 "in the graph; not stated for GraphML).")
@click.option("-k", "--betweenness-k", "k", type=int, default=None,
              help="Estimate betweenness from K sampled sources (large networks).")
@click.option("--seed", type=int, default=0, show_default=True,
              help="Seed for Louvain, sampling and the layout (the same default as innokg analyze).")
@click.option("--no-closeness", is_flag=True, help="Skip closeness.")
@click.option("--top", type=int, default=20, show_default=True,
              help="Rows shown of every table on the page (all rows stay in tables/*.csv, linked).")
@click.option("--picture-nodes", type=int, default=60, show_default=True,
              help="Up to this many tied organisations the picture draws and names each one; above, it draws "
                   "the communities with their strongest brokers.")
@click.option("--no-validate", is_flag=True, help="Graph input: load only (no reasoning, no SHACL warnings).")
@click.option("--over-time", "over_time", type=click.Choice(["year"]), default=None,
              help="Graph input: add a 'change over time' section, one network per calendar year "
                   "(from --from to --to, default the dated years).")
@click.option("--window", default=None, metavar="NY", help="Graph input: the same with rolling windows of N years.")
@click.option("--step", default=None, metavar="MY", help="How far the rolling window moves (default 1y).")
@click.option("--dating", type=click.Choice(["overlap", "start"]), default="overlap", show_default=True,
              help="Time windows: a tie is in a window when it held then (overlap) or began then (start).")
@click.option("--undated", type=click.Choice(["keep", "drop"]), default="keep", show_default=True,
              help="Time windows: ties with no date are kept in every window or left out (their number is stated).")
@click.option("--jobs", "jobs", type=int, default=None, metavar="N",
              help="Over time: analyse N periods at once, each in its own worker process (0 = one per core; "
                   "default 1, one after the other). Same results whatever N; memory grows with N.")
@store_option()
@endpoint_option()
@click.option("-o", "--out", type=click.Path(path_type=Path), required=True,
              help="Output folder (replaced whole, only on success).")
def report_command(sources, network, scopes, partition, start, end, lang, timestamp, data_date, k, seed,
                   no_closeness, top, picture_nodes, no_validate, over_time, window, step, dating, undated, jobs, store,
                   endpoint, out):
    """A report on brokers and gaps: HTML, Markdown, CSV/JSON tables, GEXF and GraphML.

    SOURCES: RDF files or folders of the knowledge graph (default graph/), e.g. an import's .nq.gz;
    leave them out with --network.

    Exit 0 when written; 2 when it could not run (the message says where).
    """
    from innokg.analysis.network import analyze_network
    from innokg.load.network import file_sha256, read_network
    from innokg.projection.graph_input import GraphOptions, graph_network
    from innokg.report.content import ReportInput
    from innokg.report.inputs import (dataset_date, graph_labels, group_kinds, narrow_to_hubs, organisational_units,
                                      scope_filters, shape_messages)
    from innokg.report.output import write_report

    if k is not None and k < 2:
        raise ParameterError("the betweenness sample needs at least 2 sources", where="--betweenness-k")
    if top < 1 or picture_nodes < 2:
        raise ParameterError("--top must be ≥ 1 and --picture-nodes ≥ 2", where="--top")
    parsed = [parse_scope(s) for s in scopes]
    timed = bool(over_time or window or step)
    jobs = check_jobs(jobs, timed)
    if timed:
        from innokg.projection.periods import check_periods

        check_periods(over_time, window=window, step=step, start=start, end=end)
        if network is not None:
            raise ParameterError("over time needs the knowledge graph (its dated affiliations), not --network",
                                 where="--over-time")
    progress = _Progress(STEPS)

    def log(m: str) -> None:  # warnings and errors are said; progress chatter goes beside the bar
        if m.startswith(("[WARNING]", "[ERROR]")):
            click.echo(m, err=True)
        else:
            progress.note(m.removeprefix("[INFO] "))

    try:
        labels: dict[str, str] = {}
        extras = {}
        if network is not None:
            if sources or parsed or store is not None or endpoint is not None:
                raise ParameterError("--network takes no graph sources, --store, --endpoint or --scope",
                                     where="--network",
                                     hint="narrow the network before exporting it, or report on the graph")
            G = read_network(network)
            if partition is not None and not any(partition in d for _, d in G.nodes(data=True)):
                raise ParameterError(f"no node has the attribute {partition!r}", where="--partition")
            inputs = [{"label": network.name, "sha256": file_sha256(network)}]
            part = partition
            source = network.name
        else:
            filters, hubs = scope_filters(parsed, start=start, end=end)
            options = GraphOptions(partition=partition, filters=filters, lang=lang, validate=not no_validate,
                                   dating=dating, undated=undated, store=store, endpoint=endpoint)
            net = graph_network(sources, options, log=log)
            G, part, inputs, ds = net.G, net.partition, net.inputs, net.dataset
            labels = graph_labels(ds, lang)
            for v, a in net.attributes.items():
                if a.get("label"):
                    labels[v] = a["label"]
            G = narrow_to_hubs(G, net.affiliations, hubs)
            extras = {"coverage": net.coverage, "helix": net.summary["helix"],
                      "completeness": net.summary["completeness"], "group_kinds": group_kinds(net.attributes),
                      "units": organisational_units(ds), "translations": shape_messages(lang)}
            data_date = data_date or dataset_date(ds)
            source = ", ".join(map(str, sources)) or "graph/"
        progress("load")
        if G.number_of_nodes() == 0:
            raise InputError("the network has no organisations", where=str(network or "--scope"))
        result = analyze_network(G, part, k=k, seed=seed, closeness=not no_closeness, progress=progress)
        if network is None:  # as innokg analyze: the graph's sector and region beside the measures
            for r in result.nodes:
                for c in ("sector", "region"):
                    r[c] = G.nodes[r["node"]].get(c)
        data = ReportInput(G=G, result=result, inputs=inputs, labels=labels, data_date=data_date,
                           timestamp=timestamp, scope=[f"{kd}={iri}" for kd, iri in parsed], source=source,
                           **extras)
        report = None
        if timed:
            from dataclasses import replace

            from innokg.report.change import over_time_section
            from innokg.report.content import report_content

            report = report_content(data, lang, progress=progress, top=top, max_nodes=picture_nodes, seed=seed)
            section = over_time_section(net, replace(options, filters=replace(filters, start=None, end=None)), lang,
                                        over_time=over_time, window=window, step=step, start=start, end=end,
                                        hubs=hubs, labels=labels, k=k, seed=seed, closeness=not no_closeness,
                                        jobs=jobs, progress=progress.note)
            at = next((i for i, sec in enumerate(report.sections) if sec.key == "methods"), len(report.sections))
            report.sections.insert(at, section)
        files = write_report(out, data, lang, report=report, progress=progress, top=top, max_nodes=picture_nodes,
                             seed=seed)
    finally:
        progress.close()
    click.echo(f"wrote {out}/report.html and {len(files) - 1} more files", err=True)
    return 0
