"""The knowledge graph as the network ``innokg analyze`` and ``innokg report`` analyse.

:func:`graph_network` loads, reasons and validates the sources through
:func:`innokg.pipeline.prepare` (so the validation findings are those of ``innokg validate``:
same engine choice, same lines), projects them (:mod:`innokg.projection.network`) and gathers
what the graph says beside the network: the triple-helix composition of every group,
region × topic coverage and the completeness gaps (``completeness-gaps.rq`` plus the validation
warnings and infos). It returns all of it as one :class:`GraphNetwork`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterable

import networkx as nx

from innokg.errors import InputError, ParameterError
from innokg.projection.network import Affiliation, Filters

__all__ = ["PROJECTIONS", "GraphOptions", "GraphNetwork", "graph_network", "partitions", "project_rows", "period_networks", "window_filters"]

PROJECTIONS = ("organizations", "two-mode", "multimode")


@dataclass(frozen=True)
class GraphOptions:
    """How the knowledge graph becomes a network.

    ``partition``: the node attribute grouping the nodes (``sector``, ``region``, ``hub``,
    ``community`` = Louvain, and ``mode`` for the two-mode and multimode projections; ``None``:
    ``sector``, or ``mode`` for those two). ``projection``: one of :data:`PROJECTIONS`.
    ``weighting``: ``count`` or ``newman`` (:func:`~innokg.projection.network.organization_network`).
    ``filters``: which affiliations enter. ``lang``: the language of labels. ``validate``: reason
    and validate (``False``: load only, no completeness warnings from SHACL). ``dating`` and
    ``undated``: how the time window of ``filters`` places an affiliation, its dates resolved by
    :func:`innokg.projection.periods.date_affiliations` (own, group's, project's).
    """

    partition: str | None = None
    projection: str = "organizations"
    weighting: str = "count"
    filters: Filters = field(default_factory=Filters)
    lang: str = "en"
    validate: bool = True
    #: an on-disk store ``innokg build --store`` made, read instead of the sources (``None``: the sources)
    store: Path | None = None
    #: a SPARQL 1.1 endpoint read instead of the sources (no reasoning or validation here: the store's data as
    #: it is; its default graph must be the union of its graphs)
    endpoint: str | None = None
    #: how an affiliation falls in the ``filters``' time window (:data:`innokg.projection.periods.DATINGS`)
    dating: str = "overlap"
    #: what becomes of affiliations without any date in a time window (:data:`innokg.projection.periods.UNDATED`)
    undated: str = "keep"


@dataclass
class GraphNetwork:
    """The projected network and what the graph says beside it."""

    #: the network, node attributes ``label``, ``sector``, ``region`` … and the partition's
    G: nx.Graph
    #: node attribute to group by (``None``: Louvain communities)
    partition: str | None
    #: what the run read: ``{"label": path relative to the current folder, "sha256": …}`` per file
    inputs: list[dict]
    #: more tables for the results folder: ``{file name: (rows, columns)}``
    extras: dict[str, tuple[list[dict], list[str]]]
    #: more keys of ``analysis.json`` (filters, affiliations, helix, coverage_gaps, completeness, projection)
    summary: dict[str, Any]
    #: graph attributes shown beside the measures in the per-node table
    columns: list[str]
    #: the loaded (and reasoned) dataset, as a pyoxigraph store
    dataset: Any
    affiliations: list[Affiliation]
    #: ``{node: {label, sector, region, …}}`` from ``node-attributes.rq``
    attributes: dict[str, dict[str, Any]]
    #: :func:`innokg.projection.graph_tables.coverage` of the dataset
    coverage: dict[str, Any]
    #: seconds per step: ``load``, ``reason``, ``validate`` (:func:`innokg.pipeline.prepare`), ``projection``
    timings: dict[str, float] = field(default_factory=dict)
    #: every affiliation that passes the filters other than time, dates resolved (the input of time slices)
    dated: Any = None


def partitions(projection: str) -> tuple[str, ...]:
    """The partitions the knowledge graph offers for ``projection``."""
    return ("sector", "region", "hub", "community") + (("mode",) if projection != "organizations" else ())


def _quiet(_msg: str) -> None:
    pass


def graph_network(sources: Iterable[str | Path] | None, options: GraphOptions | None = None, *,
                  log: Callable[[str], None] = _quiet) -> GraphNetwork:
    """Load, reason and validate ``sources`` (default ``graph/``), project them and gather the graph's tables.

    Raises
    ------
    ParameterError
        for a partition the projection does not offer;
    InputError
        when the projection has no organisations (filters too narrow, or no affiliations).
    """
    from innokg.analysis.gaps import helix_composition
    from innokg.load.network import file_sha256
    from innokg.projection.graph_tables import completeness_gaps, coverage
    from innokg.pipeline import prepare
    from innokg.projection.network import affiliations, node_attributes
    from innokg.projection.periods import date_affiliations, group_periods, window_affiliations
    from innokg.validate.pyshacl_engine import shapes_dir_default

    options = options or GraphOptions()
    sources = list(sources or [])
    projection = options.projection
    allowed = partitions(projection)
    if options.partition not in (None, *allowed):
        raise ParameterError(f"unknown partition {options.partition!r} for the knowledge graph", where="--partition",
                             hint="use " + ", ".join(allowed))
    shapes = shapes_dir_default()
    have_shapes = shapes.is_dir() and any(shapes.glob("*.ttl"))
    if options.validate and not have_shapes:
        log(f"[WARNING] [{shapes}] no SHACL shapes: validation warnings are left out of the completeness gaps")
    validate = options.validate and have_shapes
    if options.endpoint is not None:
        from innokg.sparql.remote import RemoteStore

        if sources or options.store is not None:
            raise ParameterError("give graph sources, --store or --endpoint, not two of them", where="--endpoint")
        t0 = time.perf_counter()
        ds, files, findings = RemoteStore(options.endpoint), [], []
        timings = {"connect": time.perf_counter() - t0}
        log(f"[INFO] [{options.endpoint}] reading the network from the endpoint (no validation there)")
    else:
        prepared = prepare(sources or None, reason=validate, validate=validate, store=options.store, log=log)
        # the store the pipeline made (on the store route, no rdflib copy is ever made)
        ds, files, timings = prepared.store, prepared.files, prepared.timings
        findings = [f for f in prepared.report.findings if f.severity in ("Warning", "Info")] if validate else []
    t0 = time.perf_counter()
    filters = options.filters
    attrs = node_attributes(ds, lang=options.lang)
    # the time window is applied to the dates resolved from group and project, not by affiliations()
    dated = date_affiliations(affiliations(ds, replace(filters, start=None, end=None), attributes=attrs),
                              group_periods(ds))
    rows = dated.rows
    if filters.start or filters.end:
        rows = window_affiliations(rows, filters.start, filters.end, dating=options.dating, undated=options.undated)
        if dated.undated:
            log(f"[INFO] {dated.undated} of {len(dated.rows)} affiliations have no date (own, group's or project's): "
                f"{'kept in' if options.undated == 'keep' else 'left out of'} the time window (--undated {options.undated})")
    G, part = project_rows(ds, rows, attrs, options)
    if G.number_of_nodes() == 0:
        raise InputError("the projection has no organisations", where=", ".join(map(str, sources)) or "graph/",
                         hint="check the filters, or that the graph has ikg:Participation or org:Membership")
    log(f"{projection} network: {G.number_of_nodes()} nodes, {G.number_of_edges()} ties "
        f"from {len(rows)} affiliations")
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
    if options.endpoint is not None:
        inputs.append({"label": options.endpoint, "sha256": ""})
        files = []
    elif options.store is not None:  # the store's description names its build (files, time, counts)
        from innokg.load.store import STORE_INFO

        inputs.append({"label": str(options.store), "sha256": file_sha256(Path(options.store) / STORE_INFO)})
        files = []
    for f in files:
        try:
            label = str(Path(f).resolve().relative_to(root))
        except ValueError:
            label = str(f)
        inputs.append({"label": label, "sha256": file_sha256(f)})
    summary = {"filters": {}, "affiliations": len(rows), "helix": helix,
               "coverage_gaps": cov["gaps"], "completeness": completeness, "projection": projection}
    columns = ["sector", "region"] + (["mode"] if projection != "organizations" else [])
    net = GraphNetwork(G=G, partition=part, inputs=inputs, extras=extras, summary=summary, columns=columns,
                        dataset=ds, affiliations=rows, attributes=attrs, coverage=cov,
                        timings={**timings, "projection": time.perf_counter() - t0}, dated=dated)
    net.summary["filters"] = window_filters(net, filters, options, filters.start, filters.end)
    return net


def project_rows(source, rows: list[Affiliation], attributes: dict[str, dict[str, Any]],
                 options: GraphOptions, *, context: dict[str, Any] | None = None) -> tuple[nx.Graph, str | None]:
    """The network of ``rows`` in ``options.projection``, and the node attribute to group it by
    (``None``: Louvain communities); every node has that attribute (``unknown`` when the graph does
    not say). The one projection step of :func:`graph_network` and of each time slice
    (:func:`period_networks`). ``context``: a dict kept between calls on the same ``source``, where what
    is read of ``source`` independently of ``rows`` is kept (:func:`~innokg.projection.network.group_context`)."""
    from innokg.projection.network import (group_context, hub_partition, multimode_network, organization_network,
                                           two_mode_network)

    projection = options.projection
    if projection == "two-mode":
        G = two_mode_network(rows, attributes)
    elif projection == "multimode":
        if context is None:
            context = {}
        if "group_context" not in context:
            context["group_context"] = group_context(source)
        G = multimode_network(rows, attributes, context["group_context"])
    elif projection == "organizations":
        G = organization_network(rows, attributes, weighting=options.weighting)
    else:
        raise ParameterError(f"unknown projection {projection!r}", where="--projection",
                             hint="use " + ", ".join(PROJECTIONS))
    default = "sector" if projection == "organizations" else "mode"
    part = default if options.partition is None else (None if options.partition == "community" else options.partition)
    if part == "hub":
        hubs = hub_partition(source, rows, attributes)
        for v in G:
            G.nodes[v]["hub"] = hubs.get(v, "none")
    if part is not None:
        for v in G:
            G.nodes[v].setdefault(part, "unknown")
    return G, part


def period_networks(net: GraphNetwork, periods, options: GraphOptions):
    """``(period, network)`` for each of ``periods`` (:func:`innokg.projection.periods.period_list`): the
    affiliations of ``net`` (every filter but time applied, dates resolved) that fall in the period by
    ``options.dating``/``options.undated`` (:func:`innokg.projection.periods.period_affiliations`),
    projected by :func:`project_rows` — the network a single ``--from START --to END`` run of that
    period analyses.

    Returns a :class:`innokg.projection.periods.PeriodNetworks`: the affiliations are sliced now, each
    network is projected when first asked for (so :func:`innokg.analysis.temporal.analyze_over_time`
    projects one period while its workers analyse others). What the projection reads of the graph beside
    the affiliations (the groups' regions, for ``multimode``) is read once for all periods."""
    from innokg.projection.periods import PeriodNetworks, period_affiliations

    periods = list(periods)
    rows = period_affiliations(net.dated.rows, periods, dating=options.dating, undated=options.undated)
    context: dict[str, Any] = {}

    def project(sliced):
        return project_rows(net.dataset, sliced, net.attributes, options, context=context)[0]

    return PeriodNetworks(periods, rows, project)


def window_filters(net: GraphNetwork, filters: Filters, options: GraphOptions, start: str | None,
                   end: str | None) -> dict[str, Any]:
    """The ``filters`` entry of a run's parameters for the window ``[start, end]``, as :func:`graph_network`
    records it for a ``--from/--to`` run (so a period of an over-time run and the single-window run of that
    period have the same parameters)."""
    f = replace(filters, start=start, end=end)
    if not (start or end):
        return f.describe()
    return {**f.describe(), "dating": options.dating, "undated": options.undated,
            "dated_by": dict(sorted(net.dated.how.items()))}
