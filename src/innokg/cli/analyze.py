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
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import sys
from pathlib import Path
from typing import Any

import click
import networkx as nx

from innokg.analysis.network import NODE_COLUMNS, NetworkAnalysis, analyze_network, format_value, software_versions
from innokg.atomic import atomic_dir
from innokg.errors import InputError, ParameterError, ParseError

__all__ = ["read_network", "table_csv", "write_results", "measured_network", "write_graphml", "analyze_command"]


def read_network(path: Path) -> nx.Graph:
    """Read a GraphML file; directed stays directed. Errors name the file."""
    if not path.is_file():
        raise InputError("no such file", where=str(path), hint="give a GraphML file exported by Gephi, igraph, …")
    try:
        G = nx.read_graphml(path)
    except Exception as exc:  # noqa: BLE001 - any parser error is a parse error of this file
        raise ParseError(f"not readable as GraphML: {exc}", where=str(path),
                         hint="check that the file is GraphML (XML with a <graphml> root)") from exc
    return G


def _json_safe(x: Any) -> Any:
    if isinstance(x, float) and (math.isnan(x) or math.isinf(x)):
        return None
    if isinstance(x, dict):
        return {str(k): _json_safe(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_json_safe(v) for v in x]
    return x


def table_csv(rows: list[dict], columns: list[str] | tuple[str, ...]) -> str:
    """Rows as CSV text with the given columns, cells by :func:`innokg.analysis.network.format_value`."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(columns)
    for r in rows:
        w.writerow([format_value(r.get(c)) if not isinstance(r.get(c), list)
                    else " ".join(map(str, r.get(c))) for c in columns])
    return buf.getvalue()


def _columns(result: NetworkAnalysis, extra: list[str]) -> list[str]:
    cols = list(NODE_COLUMNS)
    return cols[:3] + extra + cols[3:]


def write_results(out: Path, result: NetworkAnalysis, *, extra_columns: list[str], inputs: list[dict],
                  extras: dict[str, tuple[list[dict], list[str]]], summary_extra: dict,
                  rdf: bool, started: str | None) -> list[Path]:
    """Write the result folder atomically; returns the files written."""
    written = []
    with atomic_dir(out) as tmp:
        (tmp / "nodes.csv").write_text(table_csv(result.nodes, _columns(result, extra_columns)), encoding="utf-8")
        (tmp / "group-gaps.csv").write_text(table_csv(result.group_gaps, [
            "group_a", "group_b", "size_a", "size_b", "ties", "possible", "density", "ratio", "status"]),
            encoding="utf-8")
        (tmp / "missing-links.csv").write_text(table_csv(
            [dict(r, rank=i) for i, r in enumerate(result.missing_links, 1)],
            ["rank", "u", "v", "score", "method", "shared", "via", "group_u", "group_v", "reason"]),
            encoding="utf-8")
        for name, (rows, cols) in extras.items():
            (tmp / name).write_text(table_csv(rows, cols), encoding="utf-8")
        summary = {"graph": result.graph, "parameters": result.parameters, "inputs": inputs,
                   "software": software_versions(), "group_gaps": result.group_gaps,
                   "missing_links": result.missing_links, **summary_extra}
        (tmp / "analysis.json").write_text(json.dumps(_json_safe(summary), indent=2, sort_keys=True,
                                                      ensure_ascii=False, default=str) + "\n", encoding="utf-8")
        if rdf:
            from innokg.results.rdf import analysis_graph

            g = analysis_graph(result, inputs, started=started)
            (tmp / "analysis.ttl").write_text(g.serialize(format="turtle"), encoding="utf-8")
        written = sorted(p.name for p in tmp.iterdir())
    return [out / n for n in written]


def measured_network(G: nx.Graph, result: NetworkAnalysis) -> nx.Graph:
    """A copy of ``G`` with every per-node measure as a node attribute (lists joined by spaces)."""
    H = G.copy()
    for r in result.nodes:
        attrs = H.nodes[r["node"]]
        for key, value in r.items():
            if key == "node" or value is None:
                continue
            attrs[key] = value if isinstance(value, (bool, int, float)) else str(value)
    for _, attrs in H.nodes(data=True):
        for key, value in list(attrs.items()):
            if isinstance(value, (list, tuple, dict)):
                attrs[key] = " ".join(map(str, value))
    return H


def write_graphml(path: Path, G: nx.Graph, result: NetworkAnalysis) -> None:
    """The network with every per-node measure as a node attribute (for Gephi, igraph, R …).

    Missing values (``None``) are left out; ``nan`` stays ``nan`` (GraphML doubles allow it).
    """
    from innokg.atomic import atomic_file

    buf = io.BytesIO()
    nx.write_graphml(measured_network(G, result), buf)
    with atomic_file(path, "wb") as fh:
        fh.write(buf.getvalue())


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


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
@click.option("--engine", type=click.Choice(["auto", "networkx", "igraph"]), default="auto", show_default=True)
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
@click.option("--timestamp", default=None, help="ISO time to record as the run's start (never read from the clock).")
@click.option("-o", "--out", type=click.Path(path_type=Path), default=None,
              help="Output folder (replaced whole, only on success). Default: node table to stdout.")
def analyze_command(sources, network, partition, weight, projection, weighting, start, end, funder, programme, topic, region,
                    engine, k, seed, no_closeness, links, top_links, lang, no_validate, no_rdf, graphml_out,
                    timestamp, out):
    """Who brokers and where the gaps are: network measures per node, gaps between groups.

    Exit 0 when done; 2 when it could not run (the message says where).
    """
    log = lambda m: click.echo(m, err=True)  # noqa: E731
    if k is not None and k < 2:
        raise ParameterError("the betweenness sample needs at least 2 sources", where="--betweenness-k")
    extra_columns: list[str] = []
    extras: dict[str, tuple[list[dict], list[str]]] = {}
    summary_extra: dict = {}
    if network is not None:
        if sources:
            raise ParameterError("give either --network or graph sources, not both", where="--network")
        G = read_network(network)
        if partition is not None and not any(partition in d for _, d in G.nodes(data=True)):
            raise ParameterError(f"no node has the attribute {partition!r}", where="--partition",
                                 hint="attributes: " + ", ".join(sorted({a for _, d in G.nodes(data=True) for a in d}))
                                 or "the file has no node attributes")
        inputs = [{"label": network.name, "sha256": _sha256(network)}]
        log(f"{network}: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges, "
            f"{'directed' if G.is_directed() else 'undirected'}")
        part = partition
    else:
        G, part, inputs, extras, summary_extra, extra_columns = _graph_input(
            sources, partition, weighting, start, end, funder, programme, topic, region, lang, no_validate, log,
            projection=projection)
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
        write_graphml(graphml_out, G, result)
        log(f"wrote {graphml_out}")
    if out is None:
        sys.stdout.write(table_csv(result.nodes, _columns(result, extra_columns)))
        return 0
    files = write_results(out, result, extra_columns=extra_columns, inputs=inputs, extras=extras,
                          summary_extra=summary_extra, rdf=not no_rdf, started=timestamp)
    log(f"wrote {', '.join(str(f) for f in files)}")
    return 0


def _graph_input(sources, partition, weighting, start, end, funder, programme, topic, region, lang,
                 no_validate, log, keep: dict | None = None, projection: str = "organizations"):
    """The projected organisation network and the graph-level tables (coverage, completeness, helix).

    ``keep``, when given, receives the loaded ``dataset``, the ``affiliations`` rows and the node
    ``attributes`` (``innokg report`` uses them for labels and scopes).
    """
    from innokg.analysis.gaps import completeness_gaps, coverage, helix_composition
    from innokg.load.files import load_dataset
    from innokg.projection.network import (Filters, affiliations, group_context, hub_partition, multimode_network,
                                   node_attributes, organization_network, two_mode_network)

    allowed = ("sector", "region", "hub", "community") + (("mode",) if projection != "organizations" else ())
    if partition not in (None, *allowed):
        raise ParameterError(f"unknown partition {partition!r} for the knowledge graph", where="--partition",
                             hint="use " + ", ".join(allowed))
    from innokg.validate.pyshacl_engine import shapes_dir_default

    findings = []
    shapes = shapes_dir_default()
    have_shapes = shapes.is_dir() and any(shapes.glob("*.ttl"))
    if not no_validate and not have_shapes:
        log(f"[WARNING] [{shapes}] no SHACL shapes: validation warnings are left out of the completeness gaps")
    if no_validate or not have_shapes:
        loaded = load_dataset(list(sources) or None)
        ds, files = loaded.dataset, loaded.files
    else:
        from innokg.pipeline import prepare

        prepared = prepare(list(sources) or None, log=log)
        ds, files = prepared.dataset, prepared.load.files
        findings = [f for f in prepared.report.findings if f.severity in ("Warning", "Info")]
    filters = Filters(start=start, end=end, funder=funder, programme=programme, topic=topic, region=region)
    attrs = node_attributes(ds, lang=lang)
    rows = affiliations(ds, filters, attributes=attrs)
    if projection == "two-mode":
        G = two_mode_network(rows, attrs)
    elif projection == "multimode":
        G = multimode_network(rows, attrs, group_context(ds))
    else:
        G = organization_network(rows, attrs, weighting=weighting)
    if G.number_of_nodes() == 0:
        raise InputError("the projection has no organisations", where=", ".join(map(str, sources)) or "graph/",
                         hint="check the filters, or that the graph has ikg:Participation or org:Membership")
    log(f"{projection} network: {G.number_of_nodes()} nodes, {G.number_of_edges()} ties "
        f"from {len(rows)} affiliations")
    default = "sector" if projection == "organizations" else "mode"
    part = default if partition is None else (None if partition == "community" else partition)
    if part == "hub":
        hubs = hub_partition(ds, rows, attrs)
        for v in G:
            G.nodes[v]["hub"] = hubs.get(v, "none")
    if part is not None:
        for v in G:
            G.nodes[v].setdefault(part, "unknown")
    helix = helix_composition(rows, attrs)
    for r in helix:
        r["missing"] = " ".join(r["missing"])
    cov = coverage(ds)
    completeness = completeness_gaps(ds)
    completeness += [{"item": f.focus, "gap": f"validation-{f.severity.lower()}", "detail": f.message}
                     for f in findings]
    completeness.sort(key=lambda r: (r["item"], r["gap"], r["detail"]))
    extras = {
        "helix.csv": (helix, ["group", "label", "members", "industry", "academia", "government",
                              "civil_society", "unknown", "missing"]),
        "coverage.csv": (cov["cells"], ["region", "topic", "items"]),
        "completeness.csv": (completeness, ["item", "gap", "detail"]),
    }
    root = Path.cwd()
    inputs = []
    for f in files:
        try:
            label = str(Path(f).resolve().relative_to(root))
        except ValueError:
            label = str(f)
        inputs.append({"label": label, "sha256": _sha256(Path(f))})
    summary_extra = {"filters": filters.describe(), "affiliations": len(rows), "helix": helix,
                     "coverage_gaps": cov["gaps"], "completeness": completeness}
    if keep is not None:
        keep.update(dataset=ds, affiliations=rows, attributes=attrs, coverage=cov)
    summary_extra["projection"] = projection
    columns = ["sector", "region"] + (["mode"] if projection != "organizations" else [])
    return G, part, inputs, extras, summary_extra, columns
