"""Centrality of every vertex, by networkx or — for large networks — by igraph.

networkx is the reference and the API; igraph (C) computes the same numbers
much faster. Which engine runs is chosen by :func:`choose_engine` from the size
of the network (``auto``: igraph above :data:`IGRAPH_FROM` vertices — see
``benchmarks/README.md`` for the measurements behind that threshold). The tests
check that both engines give the same values on small networks.

Measures and their papers:

* degree (number of contacts) and strength (sum of tie weights; Barrat et al. 2004);
* betweenness (Freeman 1977), exact (Brandes 2001) or from ``k`` sampled sources
  (Brandes & Pich 2007), normalised as networkx does; the sampled estimate comes
  with the Hoeffding bound of :func:`sampled_betweenness_bound`;
* closeness (Freeman 1979) with the Wasserman & Faust (1994) correction for
  disconnected networks, as in networkx;
* eigenvector centrality (Bonacich 1972), Euclidean norm 1 as in networkx;
* PageRank (Brin & Page 1998), damping 0.85;
* bridges and articulation points (Tarjan 1974).

Betweenness and closeness count hops (tie weights are strengths, not distances);
eigenvector, PageRank and strength use the weights.

References
----------
Brandes, U. (2001). A faster algorithm for betweenness centrality. *J. Math. Sociol.* 25(2).
Brandes, U. and Pich, C. (2007). Centrality estimation in large networks. *Int. J.
Bifurcation and Chaos* 17(7): 2303–2318.
Eppstein, D. and Wang, J. (2004). Fast approximation of centrality. *J. Graph Algorithms
Appl.* 8(1): 39–45.
Freeman, L. C. (1979). Centrality in social networks: conceptual clarification. *Social Networks* 1.
Hoeffding, W. (1963). Probability inequalities for sums of bounded random variables. *JASA* 58.
Wasserman, S. and Faust, K. (1994). *Social Network Analysis*. Cambridge University Press.
"""

from __future__ import annotations

import math
import random
import warnings
from dataclasses import dataclass, field
from typing import Any, Hashable

import networkx as nx
import numpy as np
import scipy.sparse as sp

from innokg.analysis.arrays import TieArrays, tie_arrays
from innokg.analysis.kernels import distance_sums

__all__ = ["IGRAPH_FROM", "ENGINES", "choose_engine", "to_igraph", "sampled_betweenness_bound",
           "CentralityResult", "centralities", "cut_points"]

#: ``auto`` switches from networkx to igraph at this many vertices.
IGRAPH_FROM = 1000
ENGINES = ("auto", "networkx", "igraph")


def _one_openmp_thread() -> None:
    """Run this thread's OpenMP parallel regions on one thread (Linux: the OpenMP runtimes mapped in this
    process, from ``/proc/self/maps``; elsewhere nothing).

    igraph's PageRank (PRPACK) sums in OpenMP threads, in an order that changes from call to call,
    so the last bits of its values did too: on a 1,500-node random graph six calls in one process gave
    six different vectors, with one thread one vector, the same as ``OMP_NUM_THREADS=1`` gives in another
    process. One thread makes the values reproducible (byte-identical outputs, whatever ``--jobs``)."""
    import ctypes

    try:
        with open("/proc/self/maps", encoding="utf-8") as fh:
            libs = sorted({line.split()[-1] for line in fh if "libgomp" in line or "libomp" in line})
    except OSError:
        return
    for lib in libs:
        try:
            ctypes.CDLL(lib).omp_set_num_threads(1)
        except (OSError, AttributeError):
            pass


def choose_engine(G: nx.Graph, engine: str = "auto") -> str:
    """The engine that will run: ``networkx`` or ``igraph``.

    Examples
    --------
    >>> choose_engine(nx.path_graph(3))
    'networkx'
    >>> choose_engine(nx.path_graph(3), "igraph")
    'igraph'
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
    if engine == "auto":
        return "igraph" if G.number_of_nodes() >= IGRAPH_FROM else "networkx"
    return engine


def to_igraph(G: nx.Graph, weight: str | None = "weight"):
    """An :class:`igraph.Graph` with the same vertices (in ``list(G)`` order) and ties.

    Self-loops are dropped; the weight attribute (missing: 1) is stored as ``weight``.
    """
    import igraph as ig

    nodes = list(G)
    index = {v: i for i, v in enumerate(nodes)}
    edges, weights = [], []
    for u, v, d in G.edges(data=True):
        if u == v:
            continue
        edges.append((index[u], index[v]))
        weights.append(1.0 if weight is None else float(d.get(weight, 1.0)))
    g = ig.Graph(n=len(nodes), edges=edges, directed=G.is_directed())
    g.es["weight"] = weights
    return g, nodes


def sampled_betweenness_bound(n: int, k: int, delta: float = 0.05) -> float:
    """Half-width ε such that, with probability at least ``1 - delta``, *every* vertex's
    normalised betweenness estimated from ``k`` of ``n`` sources is within ε of the exact value.

    Each sampled source ``s`` contributes ``δ_s(v) / (n - 2)`` with ``δ_s(v) ∈ [0, n - 2]``,
    the estimate is their mean, and by Hoeffding's inequality (which also holds when sampling
    without replacement; Hoeffding 1963, Thm 4) and a union bound over the ``n`` vertices,
    ``ε = sqrt(ln(2n / delta) / (2k))``. The bound is loose; the benchmark reports the
    error actually observed against exact betweenness.

    Examples
    --------
    >>> round(sampled_betweenness_bound(36000, 500), 4)
    0.1191
    """
    if k <= 0 or n <= 2:
        return math.nan
    return math.sqrt(math.log(2 * n / delta) / (2 * k))


@dataclass
class CentralityResult:
    """Per-vertex centralities (``values[node][measure]``) and how they were computed."""

    values: dict[Hashable, dict[str, float]]
    engine: str
    parameters: dict[str, Any] = field(default_factory=dict)


def _sample(G: nx.Graph, k: int | None, seed: int | None) -> list | None:
    """The sources networkx itself would sample for ``betweenness_centrality(k=k, seed=seed)``."""
    if k is None or k >= G.number_of_nodes():
        return None
    return random.Random(seed).sample(list(G.nodes()), k)


def _sampled_closeness(H: nx.Graph, sample: list, engine: str, ties: TieArrays | None = None) -> dict:
    """Closeness estimated from the distances to ``sample`` (Eppstein & Wang 2004), undirected.

    For ``v`` in a component of ``r`` vertices, the mean distance to the other ``r - 1`` is
    estimated by the mean distance to the sampled sources in that component (``v`` itself
    left out), and closeness is ``((r - 1)/(n - 1)) / mean``, networkx's Wasserman–Faust
    form. ``nan`` where no sampled source shares ``v``'s component.
    """
    nodes = ties.nodes if ties is not None else list(H)
    n = len(nodes)
    total = np.zeros(n)
    count = np.zeros(n)
    if engine == "igraph":
        g = ties.igraph() if ties is not None else to_igraph(H, None)[0]
        index = ties.index if ties is not None else {v: i for i, v in enumerate(nodes)}
        comp = np.asarray(g.connected_components().membership, dtype=np.int64)
        src = np.asarray([index[v] for v in sample], dtype=np.int64)
        A = ties.skeleton() if ties is not None else tie_arrays(H).skeleton()
        # one compiled breadth-first search per source; whole-number sums, so the same doubles as
        # summing igraph's distance matrix (which cost 13 million Python numbers on a 26,000-vertex year)
        total, count = distance_sums(A.indptr.astype(np.int64), A.indices.astype(np.int64), src)
    else:
        index = {v: i for i, v in enumerate(nodes)}
        comp = np.zeros(n, dtype=np.int64)
        for c, members in enumerate(nx.connected_components(H)):
            comp[[index[v] for v in members]] = c
        for s in (index[v] for v in sample):
            for v, dist in nx.single_source_shortest_path_length(H, nodes[s]).items():
                i = index[v]
                if i != s:
                    total[i] += dist
                    count[i] += 1
    r = np.bincount(comp)[comp] if n else np.zeros(0, dtype=np.int64)
    with np.errstate(divide="ignore", invalid="ignore"):
        est = ((r - 1) / (n - 1)) / (total / count)
    est = np.where(count == 0, math.nan, est)
    est = np.where((r <= 1) | (n <= 1), 0.0, est)
    return dict(zip(nodes, est.tolist()))


def _closeness_wf(g, mode: str) -> list[float]:
    """igraph closeness with the Wasserman–Faust factor networkx applies.

    igraph gives ``(r - 1) / Σ d`` over the ``r - 1`` vertices reached; networkx multiplies
    by ``(r - 1) / (n - 1)``.
    """
    n = g.vcount()
    raw = g.closeness(mode=mode, normalized=True)
    if not g.is_directed():
        memb = g.connected_components().membership
        size: dict[int, int] = {}
        for c in memb:
            size[c] = size.get(c, 0) + 1
        reach = [size[c] for c in memb]
    else:
        reach = g.neighborhood_size(order=n, mode=mode)
    out = []
    for c, r in zip(raw, reach):
        if r <= 1 or n <= 1 or c is None or math.isnan(c):
            out.append(0.0)
        else:
            out.append(c * (r - 1) / (n - 1))
    return out


def centralities(G: nx.Graph, weight: str | None = "weight", k: int | None = None, seed: int | None = 0,
                 engine: str = "auto", closeness: bool = True, *,
                 ties: TieArrays | None = None) -> CentralityResult:
    """Degree, strength, betweenness, closeness, eigenvector centrality and PageRank.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    weight : str or None
        Tie-strength attribute for strength, eigenvector and PageRank.
    k : int, optional
        Estimate betweenness from ``k`` sources sampled with ``seed`` (the very sample
        ``networkx.betweenness_centrality(G, k=k, seed=seed)`` draws); exact when ``None``.
    engine : {"auto", "networkx", "igraph"}
    closeness : bool
        Skip closeness (``nan``) when False — it costs a BFS from every vertex. With ``k``
        on an undirected graph, closeness too is estimated from the ``k`` sampled sources
        (Eppstein & Wang 2004): the mean distance of a vertex to the others is estimated
        by its mean distance to the sampled sources.
    ties : TieArrays, optional
        ``G``'s ties already read by :func:`innokg.analysis.arrays.tie_arrays` with ``weight``
        (used by the igraph engine).

    Returns
    -------
    CentralityResult
        ``parameters`` records the engine, ``k`` (sample size actually used), ``seed`` and
        for a sampled betweenness the error bound ε at δ = 0.05.

    Examples
    --------
    >>> r = centralities(nx.path_graph(3), engine="networkx")
    >>> r.values[1]["betweenness"], r.values[1]["degree"]
    (1.0, 2.0)
    """
    eng = choose_engine(G, engine)
    n = G.number_of_nodes()
    sample = _sample(G, k, seed)
    params: dict[str, Any] = {"engine": eng, "weight": weight, "betweenness_k": len(sample) if sample else None,
                              "seed": seed, "betweenness": "sampled" if sample else "exact"}
    if sample:
        params["betweenness_error_bound"] = sampled_betweenness_bound(n, len(sample))
        params["betweenness_error_confidence"] = 0.95
    sampled_closeness = bool(sample) and closeness and not G.is_directed()
    params["closeness"] = "sampled" if sampled_closeness else ("exact" if closeness else "skipped")
    values: dict[Hashable, dict[str, float]] = {v: {} for v in G}
    if n == 0:
        return CentralityResult(values, eng, params)
    loops = list(nx.selfloop_edges(G))
    H = G
    if loops:
        H = G.copy()
        H.remove_edges_from(loops)
    if eng == "networkx":
        for v in G:
            values[v]["degree"] = float(len(set(nx.all_neighbors(H, v))) if H.is_directed() else H.degree(v))
            values[v]["strength"] = float(H.degree(v, weight=weight)) if weight else values[v]["degree"]
    else:
        ties = ties if ties is not None else tie_arrays(H, weight)
        deg = (np.diff(ties.skeleton().indptr) if ties.directed
               else np.bincount(ties.src, minlength=n) + np.bincount(ties.dst, minlength=n)).astype(np.float64)
        stre = (np.bincount(ties.src, weights=ties.weight, minlength=n)
                + np.bincount(ties.dst, weights=ties.weight, minlength=n)) if weight else deg
        for v, d_, s_ in zip(ties.nodes, deg.tolist(), stre.tolist()):
            values[v]["degree"] = d_
            values[v]["strength"] = s_
    if eng == "networkx":
        bet = nx.betweenness_centrality(H, k=len(sample) if sample else None, seed=seed)
        clo = (_sampled_closeness(H, sample, eng) if sampled_closeness
               else nx.closeness_centrality(H) if closeness else {})
        try:
            eig = nx.eigenvector_centrality(H, weight=weight, max_iter=1000, tol=1e-10)
        except (nx.PowerIterationFailedConvergence, nx.NetworkXException):
            eig = {v: math.nan for v in H}
        pr = nx.pagerank(H, weight=weight, tol=1e-12, max_iter=10000)
    else:
        g, nodes = ties.igraph(), ties.nodes
        directed = H.is_directed()
        if sample:
            src = [ties.index[v] for v in sample]
            raw = g.betweenness(directed=directed, sources=src)
            ks = len(src)
            srcset = set(src)
            fac = 1.0 if directed else 2.0
            b = [r * fac / ((ks - 1 if i in srcset else ks) * (n - 2)) if n > 2 else 0.0
                 for i, r in enumerate(raw)]
        else:
            raw = g.betweenness(directed=directed)
            fac = 1.0 if directed else 2.0
            b = [r * fac / ((n - 1) * (n - 2)) if n > 2 else 0.0 for r in raw]
        bet = dict(zip(nodes, b))
        clo = (_sampled_closeness(H, sample, eng, ties) if sampled_closeness
               else dict(zip(nodes, _closeness_wf(g, "in"))) if closeness else {})
        w = "weight" if weight else None
        # python-igraph draws its random numbers (ARPACK's and PRPACK's start vectors) from Python's
        # random module: seeded here, so the last digits do not depend on what ran before in the process
        state = random.getstate()
        try:
            random.seed(seed if seed is not None else 0)
            if g.ecount():
                # igraph warns (a raw RuntimeWarning on the user's terminal) when the network is
                # disconnected, as every real collaboration network is; networkx does not, and the
                # values are the same: keep the CLI's stderr to innokg's own one-line diagnostics
                with warnings.catch_warnings():
                    warnings.filterwarnings("ignore", "Some eigenvector centralities are nearly zero",
                                            RuntimeWarning)
                    ev = (g.eigenvector_centrality(directed=True, weights=w) if directed
                          else g.eigenvector_centrality(weights=w))
                norm = math.sqrt(sum(x * x for x in ev)) or 1.0
                eig = dict(zip(nodes, (x / norm for x in ev)))
            else:
                eig = dict.fromkeys(nodes, 1.0 / math.sqrt(n))
            _one_openmp_thread()  # PRPACK's threads sum in varying order: last bits varied between calls
            pr = dict(zip(nodes, g.pagerank(directed=directed, weights=w, damping=0.85)))
        finally:
            random.setstate(state)
    for v in G:
        values[v]["betweenness"] = float(bet[v])
        values[v]["closeness"] = float(clo[v]) if closeness else math.nan
        values[v]["eigenvector"] = float(eig[v])
        values[v]["pagerank"] = float(pr[v])
    return CentralityResult(values, eng, params)


def cut_points(G: nx.Graph, engine: str = "auto", *, ties: TieArrays | None = None) -> tuple[list[tuple], list]:
    """Bridges and articulation points of the undirected view of ``G`` (Tarjan 1974).

    Returns sorted lists ``(bridges, articulation_points)``; each bridge is a sorted pair.

    Examples
    --------
    >>> cut_points(nx.path_graph(3))
    ([(0, 1), (1, 2)], [1])
    """
    if choose_engine(G, engine) == "networkx":
        U = G.to_undirected(as_view=False) if G.is_directed() else G
        loops = list(nx.selfloop_edges(U))
        if loops:
            U = U.copy()
            U.remove_edges_from(loops)
        br = [tuple(sorted(e, key=str)) for e in nx.bridges(U)]
        ap = list(nx.articulation_points(U))
    else:
        import igraph as ig

        t = ties if ties is not None else tie_arrays(G)
        upper = sp.triu(t.skeleton(), k=1).tocoo()  # the simple undirected skeleton, each tie once
        g = ig.Graph(n=t.n, edges=list(zip(upper.row.tolist(), upper.col.tolist())))
        nodes = t.nodes
        ends = g.get_edgelist()
        br = [tuple(sorted((nodes[ends[e][0]], nodes[ends[e][1]]), key=str)) for e in g.bridges()]
        ap = [nodes[i] for i in g.articulation_points()]
    return sorted(br, key=lambda e: (str(e[0]), str(e[1]))), sorted(ap, key=str)
