"""Run every network measure on one network and gather the results as plain data.

:func:`analyze_network` is what ``innokg analyze`` runs, on a projection of the
knowledge graph or on a network read from GraphML. It returns a
:class:`NetworkAnalysis`: one row per vertex (centralities, Burt's structural
holes, Gould–Fernandez brokerage for the chosen partition, community and
participation coefficient, articulation points), graph-level figures, the gaps
between groups and the missing-link candidates, and the parameters of the run —
everything needed to write CSV, JSON and RDF (:mod:`innokg.results.rdf`).
Each measure's paper is cited in its own module.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import Any, Callable

import networkx as nx

from innokg.analysis.arrays import tie_arrays
from innokg.analysis.brokerage import ROLES, brokerage_roles
from innokg.analysis.centrality import centralities, choose_engine, cut_points
from innokg.analysis.communities import louvain, modularity, participation_coefficient, within_module_degree
from innokg.analysis.gaps import group_gaps, missing_links
from innokg.analysis.structural_holes import structural_holes

__all__ = ["NODE_COLUMNS", "NetworkAnalysis", "analyze_network", "format_value", "software_versions"]

#: Columns of the per-node table, in order (``node`` first, then the brokerage counts and z-scores).
NODE_COLUMNS: tuple[str, ...] = (
    ("node", "label", "group")
    + ROLES + tuple(f"{r}_z" for r in ROLES)
    + ("degree", "strength", "betweenness", "closeness", "eigenvector", "pagerank",
       "effective_size", "efficiency", "constraint", "hierarchy",
       "community", "participation", "within_module_z", "articulation_point")
)


def format_value(x: Any) -> str:
    """Deterministic text for a table cell: integers as such, floats with 10 significant
    digits, ``NaN``/``Inf``/``-Inf`` as R prints them, ``None`` as empty.

    Examples
    --------
    >>> [format_value(v) for v in (3.0, 0.123456789012, float("nan"), None, True, "x")]
    ['3', '0.123456789', 'NaN', '', 'true', 'x']
    """
    if x is None:
        return ""
    if isinstance(x, bool):
        return "true" if x else "false"
    if isinstance(x, int):
        return str(x)
    if isinstance(x, float):
        if math.isnan(x):
            return "NaN"
        if math.isinf(x):
            return "Inf" if x > 0 else "-Inf"
        if x == int(x) and abs(x) < 1e15:
            return str(int(x))
        return format(x, ".10g")
    return str(x)


def software_versions() -> dict[str, str]:
    """Versions of innokg and the libraries that computed the numbers."""
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for pkg in ("innokg", "networkx", "igraph", "numpy", "scipy", "numba"):
        try:
            out[pkg] = version(pkg)
        except PackageNotFoundError:
            out[pkg] = "absent"
    return out


@dataclass
class NetworkAnalysis:
    """Results of :func:`analyze_network`."""

    nodes: list[dict[str, Any]]
    graph: dict[str, Any]
    group_gaps: list[dict[str, Any]]
    missing_links: list[dict[str, Any]]
    parameters: dict[str, Any]
    #: wall-clock seconds per step
    timings: dict[str, float] = field(default_factory=dict)
    #: CPU seconds (this process) per step
    cpu_timings: dict[str, float] = field(default_factory=dict)

    def top(self, column: str, n: int = 10) -> list[dict[str, Any]]:
        """The ``n`` rows with the largest ``column`` (NaN last, ties by node)."""
        def key(r):
            v = r.get(column)
            bad = v is None or (isinstance(v, float) and math.isnan(v))
            return (bad, -(v if not bad else 0), str(r["node"]))
        return sorted(self.nodes, key=key)[:n]


def _simple(G: nx.Graph, weight: str | None) -> nx.Graph:
    """A simple (di)graph: parallel ties merged (weights summed), self-loops dropped."""
    if G.is_multigraph():
        H = nx.DiGraph() if G.is_directed() else nx.Graph()
        H.add_nodes_from(G.nodes(data=True))
        for u, v, d in G.edges(data=True):
            w = float(d.get(weight, 1.0)) if weight else 1.0
            if H.has_edge(u, v):
                H[u][v]["weight"] += w
            else:
                H.add_edge(u, v, weight=w)
        G = H
        weight = "weight" if weight else None
    loops = list(nx.selfloop_edges(G))
    if loops:
        G = G.copy()
        G.remove_edges_from(loops)
    return G


def analyze_network(G: nx.Graph, partition: str | dict | None = None, *, weight: str | None = "weight",
                    engine: str = "auto", k: int | None = None, seed: int = 0, closeness: bool = True,
                    links: str = "resource_allocation", top_links: int = 50, few: float = 0.25,
                    labels: dict | None = None,
                    progress: Callable[[str], None] | None = None) -> NetworkAnalysis:
    """Every measure of this package on ``G``.

    Parameters
    ----------
    G : networkx.Graph or DiGraph (multigraphs are merged, self-loops dropped)
    partition : str, dict or None
        Groups for brokerage, group gaps and cross-group link candidates: a node
        attribute name, a ``{node: group}`` mapping, or ``None`` for the Louvain
        communities.
    weight : str or None
        Tie-strength attribute (ignored where absent).
    engine, k, seed, closeness
        See :func:`innokg.analysis.centrality.centralities`; ``seed`` also seeds Louvain.
    links : str
        Link-prediction method of :func:`innokg.analysis.gaps.missing_links`.
    labels : dict, optional
        ``{node: label}``; default the ``label`` node attribute.

    Returns
    -------
    NetworkAnalysis

    Examples
    --------
    >>> G = nx.Graph([("a", "b"), ("b", "c"), ("c", "d")])
    >>> nx.set_node_attributes(G, {"a": "x", "b": "x", "c": "y", "d": "y"}, "side")
    >>> res = analyze_network(G, "side")
    >>> [(r["node"], r["representative"], r["gatekeeper"]) for r in res.nodes]
    [('a', 0.0, 0.0), ('b', 1.0, 1.0), ('c', 1.0, 1.0), ('d', 0.0, 0.0)]
    """
    say = progress or (lambda _m: None)
    timings: dict[str, float] = {}
    if weight and not any(weight in d for _, _, d in G.edges(data=True)):
        weight = None
    H = _simple(G, weight)
    if G.is_multigraph() and weight:
        weight = "weight"
    eng = choose_engine(H, engine)
    ties = tie_arrays(H, weight)  # read once, shared by every measure below
    labels = labels if labels is not None else {v: d.get("label") for v, d in H.nodes(data=True)}

    cpu: dict[str, float] = {}
    marks: dict[str, float] = {}

    def step(name):
        say(name)
        marks[name] = time.process_time()
        return time.perf_counter()

    def done(name, t0):
        timings[name] = time.perf_counter() - t0
        cpu[name] = time.process_time() - marks[name]

    t = step("communities")
    comm = louvain(H, weight=weight, seed=seed, engine=eng, ties=ties)
    mod = (modularity(H, comm, weight=weight, ties=ties if eng == "igraph" else None)
           if H.number_of_edges() else math.nan)
    part = participation_coefficient(H, comm, ties=ties)
    wmz = within_module_degree(H, comm, ties=ties)
    done("communities", t)

    if partition is None:
        groups, partition_name = dict(comm), "community"
    elif isinstance(partition, str):
        groups = {v: d.get(partition) for v, d in H.nodes(data=True)}
        partition_name = partition
    else:
        groups, partition_name = {v: partition.get(v) for v in H}, "custom"

    t = step("centrality")
    cen = centralities(H, weight=weight, k=k, seed=seed, engine=eng, closeness=closeness, ties=ties)
    done("centrality", t)
    t = step("structural holes")
    sh = structural_holes(H, weight, ties=ties)
    done("structural holes", t)
    t = step("brokerage")
    br = brokerage_roles(H, groups, ties=ties)
    done("brokerage", t)
    t = step("bridges")
    bridges, aps = cut_points(H, eng, ties=ties)
    apset = set(aps)
    done("bridges", t)
    t = step("gaps")
    gg = group_gaps(H, groups, few=few, ties=ties)
    ml = missing_links(H, groups, method=links, top=top_links, communities=comm, labels=labels, ties=ties)
    done("gaps", t)

    rows = []
    for v in sorted(H, key=str):
        row: dict[str, Any] = {"node": v, "label": labels.get(v), "group": groups.get(v)}
        for r in ROLES:
            row[r] = br.raw[v][r]
        for r in ROLES:
            row[f"{r}_z"] = br.z[v][r]
        row.update(cen.values[v])
        row.update(sh[v])
        row["community"] = comm[v]
        row["participation"] = part[v]
        row["within_module_z"] = wmz[v]
        row["articulation_point"] = v in apset
        rows.append(row)

    n, m = H.number_of_nodes(), H.number_of_edges()
    if eng == "igraph" and n:
        sizes = ties.igraph().connected_components(mode="weak").sizes()
    else:
        U = H.to_undirected() if H.is_directed() else H
        sizes = [len(c) for c in nx.connected_components(U)]
    graph = {
        "nodes": n, "ties": m, "directed": H.is_directed(), "density": nx.density(H) if n > 1 else math.nan,
        "components": len(sizes),
        "largest_component": max(sizes, default=0),
        "communities": len(set(comm.values())), "modularity": mod,
        "partition": partition_name,
        "groups": {str(g): s for g, s in br.group_sizes.items()},
        "brokerage": {"raw": br.graph_raw, "expected": br.graph_expected, "sd": br.graph_sd, "z": br.graph_z,
                      "density": br.density},
        "bridges": [list(e) for e in bridges], "articulation_points": aps,
    }
    params = {"partition": partition_name, "weight": weight, "engine": eng, "seed": seed,
              "closeness": closeness, "links": links, "top_links": top_links, "few": few,
              "louvain_resolution": 1.0, "pagerank_damping": 0.85}
    params.update({k2: v2 for k2, v2 in cen.parameters.items() if k2 not in params})
    return NetworkAnalysis(nodes=rows, graph=graph, group_gaps=gg, missing_links=ml, parameters=params,
                           timings=timings, cpu_timings=cpu)
