"""``innokg analyze``: brokers and gaps, on the knowledge graph or on a GraphML network.

Two inputs:

* the knowledge graph (default ``graph/``, or the files/folders given): projected to
  organisation × organisation by ``queries/projections/*.rq`` with the filters
  given; the per-node table also carries sector and region, and the run adds the
  triple-helix composition of every group, region × topic coverage and the
  completeness gaps (validation warnings and ``completeness-gaps.rq``);
* ``--network FILE.graphml``: a network from another tool, analysed as it is
  (directed stays directed), with ``--partition ATTR`` naming the node attribute
  that groups the vertices for brokerage (default: Louvain communities).

Without ``-o`` the per-node table is printed as CSV; with ``-o DIR`` the folder
gets ``nodes.csv``, ``analysis.json``, ``group-gaps.csv``, ``missing-links.csv``,
``analysis.ttl`` (RDF with PROV; ``--no-rdf`` leaves it out) and, for the
knowledge graph, ``helix.csv``, ``coverage.csv`` and ``completeness.csv``.

``--over-time year`` or ``--window NY [--step MY]`` (graph input): one network per period
(:mod:`innokg.projection.periods` dates the affiliations, ``--dating``/``--undated`` place them), each
analysed exactly as a ``--from/--to`` run of that period, and the change between periods
(:mod:`innokg.analysis.temporal`); ``-o DIR`` gets the folder :mod:`innokg.results.temporal` writes.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from innokg.cli.options import check_jobs, endpoint_option, store_option
from innokg.errors import ParameterError

__all__ = ["analyze_command"]


@click.command("analyze")
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("--network", "network", type=click.Path(path_type=Path), default=None,
              help="Analyse this GraphML network instead of the knowledge graph.")
@click.option("--partition", default=None,
              help="Node attribute grouping the nodes for brokerage and group gaps (GraphML: any attribute; "
                   "graph: sector, region, hub or community). Default: sector for the graph, communities for GraphML.")
@click.option("--weight", default="weight", show_default=True, help="Edge attribute holding tie strength.")
@click.option("--projection", type=click.Choice(["organizations", "two-mode", "multimode"]), default="organizations",
              show_default=True, help="Graph input: organisation x organisation, organisation x group, or organisations, "
                                      "groups and regions in one network (partition default: mode).")
@click.option("--weighting", type=click.Choice(["count", "newman"]), default="count", show_default=True,
              help="Graph input: tie weight = groups shared, or Newman's Σ 1/(n_p - 1).")
@click.option("--from", "start", default=None, help="Graph input: keep affiliations from this date (YYYY[-MM[-DD]]).")
@click.option("--to", "end", default=None, help="Graph input: keep affiliations up to this date.")
@click.option("--funder", default=None, help="Graph input: keep groups funded by this funder (IRI).")
@click.option("--programme", default=None, help="Graph input: keep groups funded under this programme (IRI).")
@click.option("--topic", default=None, help="Graph input: keep groups with this topic or a narrower one (IRI).")
@click.option("--region", default=None, help="Graph input: keep organisations located in this region (IRI).")
@click.option("--engine", type=click.Choice(["auto", "networkx", "igraph"]), default="auto", show_default=True,
              help="Library for communities, betweenness and closeness: igraph (fast on large networks), networkx, "
                   "or auto (igraph from 1,000 nodes on, networkx below).")
@click.option("-k", "--betweenness-k", "k", type=int, default=None,
              help="Estimate betweenness from K sampled sources (error bound reported).")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed for sampling and Louvain.")
@click.option("--no-closeness", is_flag=True, help="Skip closeness (a BFS from every node).")
@click.option("--links", type=click.Choice(["resource_allocation", "adamic_adar", "ra_community"]),
              default="resource_allocation", show_default=True, help="Missing-link score.")
@click.option("--top", "top_links", type=int, default=50, show_default=True, help="Missing-link candidates to keep.")
@click.option("--lang", type=click.Choice(["en", "de"]), default="en", show_default=True, help="Label language.")
@click.option("--no-validate", is_flag=True, help="Graph input: load only (no reasoning, no SHACL validation).")
@click.option("--no-rdf", is_flag=True, help="Do not write analysis.ttl.")
@click.option("--graphml", "graphml_out", type=click.Path(path_type=Path), default=None,
              help="Also write the analysed network as GraphML, the per-node measures as node attributes.")
@click.option("--over-time", "over_time", type=click.Choice(["year"]), default=None,
              help="Graph input: one network per calendar year (from --from to --to, default the dated years), "
                   "every measure per year and the change between years.")
@click.option("--window", default=None, metavar="NY",
              help="Graph input: rolling windows of N years (e.g. 3y), moved by --step.")
@click.option("--step", default=None, metavar="MY", help="How far the rolling window moves (default 1y).")
@click.option("--dating", type=click.Choice(["overlap", "start"]), default="overlap", show_default=True,
              help="Time windows: a tie is in a window when it held then (overlap) or began then (start).")
@click.option("--undated", type=click.Choice(["keep", "drop"]), default="keep", show_default=True,
              help="Time windows: ties with no date (own, group's or project's) are kept in every window or left out; "
                   "their number is reported.")
@click.option("--movers", "top_movers", type=int, default=10, show_default=True,
              help="Over time: risers and fallers kept per pair of periods.")
@click.option("--jobs", "jobs", type=int, default=None, metavar="N",
              help="Over time: analyse N periods at once, each in its own worker process (0 = one per core; "
                   "default 1, one after the other). Same results whatever N; memory grows with N.")
@click.option("--timestamp", default=None, help="ISO time to record as the run's start (never read from the clock).")
@store_option()
@endpoint_option()
@click.option("-o", "--out", type=click.Path(path_type=Path), default=None,
              help="Output folder (replaced whole, only on success). Default: node table to stdout.")
def analyze_command(sources, network, partition, weight, projection, weighting, start, end, funder, programme, topic, region,
                    engine, k, seed, no_closeness, links, top_links, lang, no_validate, no_rdf, graphml_out,
                    over_time, window, step, dating, undated, top_movers, jobs, timestamp, store, endpoint, out):
    """Who brokers and where the gaps are: network measures per node, gaps between groups.

    SOURCES: RDF files or folders of the knowledge graph (default graph/), e.g. an import's .nq.gz;
    leave them out with --network.

    Exit 0 when done; 2 when it could not run (the message says where).
    """
    from innokg.analysis.network import analyze_network
    from innokg.load.network import file_sha256, read_network
    from innokg.projection.graph_input import GraphOptions, graph_network
    from innokg.projection.network import Filters
    from innokg.results.netfiles import write_measured_graphml
    from innokg.results.tables import node_columns, table_csv, write_results

    log = lambda m: click.echo(m, err=True)  # noqa: E731
    if k is not None and k < 2:
        raise ParameterError("the betweenness sample needs at least 2 sources", where="--betweenness-k")
    extra_columns: list[str] = []
    extras: dict[str, tuple[list[dict], list[str]]] = {}
    summary_extra: dict = {}
    jobs = check_jobs(jobs, bool(over_time or window or step))
    if over_time or window or step:
        if network is not None:
            raise ParameterError("over time needs the knowledge graph (its dated affiliations), not --network",
                                 where="--over-time", hint="cut the GraphML network into periods before exporting it")
        if graphml_out is not None:
            raise ParameterError("--graphml writes one network; over time, -o DIR writes network-over-time.gexf",
                                 where="--graphml")
        if top_movers < 1:
            raise ParameterError("--movers must be ≥ 1", where="--movers")
        return _over_time(sources, log, partition=partition, weight=weight, projection=projection,
                          weighting=weighting, start=start, end=end, funder=funder, programme=programme, topic=topic,
                          region=region, engine=engine, k=k, seed=seed, closeness=not no_closeness, links=links,
                          top_links=top_links, lang=lang, validate=not no_validate, rdf=not no_rdf,
                          over_time=over_time, window=window, step=step, dating=dating, undated=undated,
                          top_movers=top_movers, jobs=jobs, timestamp=timestamp, out=out, store=store,
                          endpoint=endpoint)
    if network is not None:
        if sources or store is not None or endpoint is not None:
            raise ParameterError("give either --network or graph sources (or --store, --endpoint), not both",
                                 where="--network")
        G = read_network(network)
        if partition is not None and not any(partition in d for _, d in G.nodes(data=True)):
            raise ParameterError(f"no node has the attribute {partition!r}", where="--partition",
                                 hint="attributes: " + ", ".join(sorted({a for _, d in G.nodes(data=True) for a in d}))
                                 or "the file has no node attributes")
        inputs = [{"label": network.name, "sha256": file_sha256(network)}]
        log(f"{network}: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges, "
            f"{'directed' if G.is_directed() else 'undirected'}")
        part = partition
    else:
        filters = Filters(start=start, end=end, funder=funder, programme=programme, topic=topic, region=region)
        net = graph_network(sources, GraphOptions(partition=partition, projection=projection, weighting=weighting,
                                                  filters=filters, lang=lang, validate=not no_validate,
                                                  dating=dating, undated=undated, store=store, endpoint=endpoint),
                            log=log)
        G, part, inputs, extras, summary_extra, extra_columns = (net.G, net.partition, net.inputs, net.extras,
                                                                 net.summary, net.columns)
    result = analyze_network(G, part, weight=weight, engine=engine, k=k, seed=seed, closeness=not no_closeness,
                             links=links, top_links=top_links, progress=lambda m: log(f"[INFO] {m}"))
    result.parameters["filters"] = summary_extra.get("filters", {})
    for r in result.nodes:
        for c in extra_columns:
            r[c] = G.nodes[r["node"]].get(c)
    if result.parameters.get("betweenness") == "sampled":
        log(f"[INFO] betweenness sampled from k={result.parameters['betweenness_k']} sources (seed {seed}); "
            f"every value within ±{result.parameters['betweenness_error_bound']:.4f} of the exact one "
            f"with probability ≥ 0.95 (Hoeffding bound)")
    if graphml_out is not None:
        write_measured_graphml(graphml_out, G, result)
        log(f"wrote {graphml_out}")
    if out is None:
        sys.stdout.write(table_csv(result.nodes, node_columns(extra_columns)))
        return 0
    files = write_results(out, result, extra_columns=extra_columns, inputs=inputs, extras=extras,
                          summary_extra=summary_extra, rdf=not no_rdf, started=timestamp,
                          log=lambda m: log(f"[INFO] {m}"))
    log(f"wrote {', '.join(str(f) for f in files)}")
    return 0


def _over_time(sources, log, *, partition, weight, projection, weighting, start, end, funder, programme, topic, region,
               engine, k, seed, closeness, links, top_links, lang, validate, rdf, over_time, window, step, dating,
               undated, top_movers, timestamp, out, store=None, endpoint=None, jobs=1) -> int:
    """``analyze --over-time/--window``: one network per period, each analysed as a single window would be."""
    from innokg.analysis.temporal import analyze_over_time
    from innokg.projection.graph_input import GraphOptions, graph_network, period_networks, window_filters
    from innokg.projection.network import Filters
    from innokg.projection.periods import check_periods, dated_years, period_list
    from innokg.results.tables import table_csv
    from innokg.results.temporal import node_over_time_columns, write_temporal_results

    check_periods(over_time, window=window, step=step, start=start, end=end)  # before the graph is loaded
    filters = Filters(funder=funder, programme=programme, topic=topic, region=region)
    options = GraphOptions(partition=partition, projection=projection, weighting=weighting, filters=filters, lang=lang,
                           validate=validate, dating=dating, undated=undated, store=store, endpoint=endpoint)
    net = graph_network(sources, options, log=log)
    dated = net.dated
    periods = period_list(over_time, window=window, step=step, start=start, end=end, span=dated_years(dated.rows))
    how = ", ".join(f"{n} {h}" for h, n in sorted(dated.how.items()))
    log(f"[INFO] {len(dated.rows)} affiliations dated by: {how}")
    if dated.undated:
        log(f"[WARNING] {dated.undated} of {len(dated.rows)} affiliations have no date (own, group's or project's): "
            f"{'kept in every period' if undated == 'keep' else 'left out of every period'} (--undated {undated})")
    log(f"[INFO] {len(periods)} periods: {', '.join(p.label for p in periods)} (ties by {dating})")
    nets = period_networks(net, periods, options)
    t = analyze_over_time(nets, net.partition, weight=weight, engine=engine, k=k, seed=seed, closeness=closeness,
                          links=links, top_links=top_links, top_movers=top_movers, jobs=jobs,
                          progress=lambda m: log(f"[INFO] {m}"))
    for (p, G), res in zip(nets, t.results):
        res.parameters["filters"] = window_filters(net, filters, options, p.start, p.end)
        for r in res.nodes:
            for c in net.columns:
                r[c] = G.nodes[r["node"]].get(c)
    for row in t.nodes:  # the rows of t.nodes were copied before the columns were added
        G = nets[[p["label"] for p in t.periods].index(row["period"])][1]
        for c in net.columns:
            row[c] = G.nodes[row["node"]].get(c)
    t.parameters["dating"], t.parameters["undated"] = dating, undated
    for r in t.stability:
        span = f"broker ranking {r['period_from']}→{r['period_to']}"
        if r["spearman"] == r["spearman"]:  # not NaN
            log(f"[INFO] {span}: Spearman {r['spearman']:.3f}, Kendall {r['kendall']:.3f} over {r['nodes']} nodes")
        else:
            log(f"[INFO] {span}: stability not stated ({r['nodes']} nodes broker in either period; it needs 3 "
                f"with different values)")
    if out is None:
        sys.stdout.write(table_csv(t.nodes, node_over_time_columns(net.columns)))
        return 0
    summary = {"dated_by": dict(sorted(dated.how.items())), "affiliations": len(dated.rows),
               "projection": projection, "filters": filters.describe()}
    files = write_temporal_results(out, t, [G for _, G in nets], extra_columns=net.columns, inputs=net.inputs,
                                   summary_extra=summary, rdf=rdf, started=timestamp,
                                   log=lambda m: log(f"[INFO] {m}"))
    log(f"wrote {', '.join(str(f) for f in files)}")
    return 0
