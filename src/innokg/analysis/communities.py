"""Communities (Louvain, seeded) and each vertex's role across them.

* :func:`louvain` — modularity communities by the Louvain method (Blondel et al.
  2008) with a fixed seed, numbered by size (largest 0), ties broken by the
  smallest member, so a run is reproducible. networkx runs small networks, igraph's
  multilevel method large ones (both seeded; they need not find the same
  partition, but the tests check both reach the same modularity on clear-cut
  networks).
* :func:`participation_coefficient` — ``P_i = 1 - Σ_s (k_is / k_i)^2``, how evenly a
  vertex's ties spread over communities (0: all in one; Guimerà & Amaral 2005), and
  the within-module degree z-score ``z_i`` of the same paper; with ``weight``, ``k``
  are strengths.

References
----------
Blondel, V. D., Guillaume, J.-L., Lambiotte, R. and Lefebvre, E. (2008). Fast unfolding
of communities in large networks. *J. Stat. Mech.* P10008.

Guimerà, R. and Amaral, L. A. N. (2005). Functional cartography of complex metabolic
networks. *Nature* 433: 895–900.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from typing import Any, Hashable, Mapping

import networkx as nx
import numpy as np
import scipy.sparse as sp

from innokg.analysis.arrays import TieArrays, tie_arrays
from innokg.analysis.centrality import choose_engine, to_igraph

__all__ = ["louvain", "modularity", "participation_coefficient", "within_module_degree"]


def _number(groups: list) -> dict[Hashable, int]:
    ordered = sorted(groups, key=lambda c: (-len(c), min(map(str, c))))
    return {v: i for i, c in enumerate(ordered) for v in c}


def louvain(G: nx.Graph, weight: str | None = "weight", resolution: float = 1.0, seed: int = 0,
            engine: str = "auto", *, ties: TieArrays | None = None) -> dict[Hashable, int]:
    """Louvain communities ``{node: community number}``; directed graphs are read undirected.

    Examples
    --------
    Two triangles joined by one tie fall apart into two communities.

    >>> G = nx.Graph([(0, 1), (1, 2), (0, 2), (3, 4), (4, 5), (3, 5), (2, 3)])
    >>> c = louvain(G, seed=1)
    >>> c[0] == c[1] == c[2] != c[3] == c[4] == c[5]
    True
    """
    U = G.to_undirected() if G.is_directed() else G
    if U.number_of_nodes() == 0:
        return {}
    if choose_engine(U, engine) == "networkx":
        comms = nx.community.louvain_communities(U, weight=weight, resolution=resolution, seed=seed)
        return _number([set(c) for c in comms])
    if ties is not None and not ties.directed:
        g, nodes = ties.igraph(), ties.nodes
    else:
        g, nodes = to_igraph(U, weight)
    state = random.getstate()
    try:
        random.seed(seed)  # python-igraph draws its random numbers from Python's random module
        cl = g.community_multilevel(weights="weight" if weight else None, resolution=resolution)
    finally:
        random.setstate(state)
    groups: dict[int, list] = defaultdict(list)
    for i, c in enumerate(cl.membership):
        groups[c].append(nodes[i])
    return _number(list(groups.values()))


def modularity(G: nx.Graph, communities: Mapping[Hashable, Any], weight: str | None = "weight",
               resolution: float = 1.0, *, ties: TieArrays | None = None) -> float:
    """Newman–Girvan modularity of a partition ``{node: community}`` (networkx; igraph's
    C code for the same formula when ``ties`` of an undirected network are given).

    Examples
    --------
    >>> round(modularity(nx.Graph([(0, 1), (2, 3)]), {0: 0, 1: 0, 2: 1, 3: 1}), 3)
    0.5
    """
    if ties is not None and not ties.directed and ties.n:
        codes: dict[Any, int] = {}
        membership = [codes.setdefault(communities[v], len(codes)) for v in ties.nodes]
        return ties.igraph().modularity(membership, weights="weight" if weight else None, resolution=resolution)
    groups: dict[Any, set] = defaultdict(set)
    for v in G:
        groups[communities[v]].add(v)
    U = G.to_undirected() if G.is_directed() else G
    return nx.community.modularity(U, list(groups.values()), weight=weight, resolution=resolution)


def _ties_by_module(G, communities, weight):
    U = G.to_undirected() if G.is_directed() else G
    for v in U:
        by: dict[Any, float] = defaultdict(float)
        for u, d in U[v].items():
            if u == v:
                continue
            by[communities[u]] += float(d.get(weight, 1.0)) if weight else 1.0
        yield v, by


def _module_strengths(G, communities, weight, ties):
    """Per vertex: its ties (or strength) into each community as a sparse n x C matrix, the
    community code of each vertex, and the nodes — or None where the vectorised form
    does not apply (multigraphs; weights on a directed graph)."""
    if G.is_multigraph() or (G.is_directed() and weight):
        return None
    t = ties if ties is not None else tie_arrays(G, weight)
    n = t.n
    if G.is_directed() or not weight:
        W = t.skeleton()
    else:
        W = sp.csr_matrix((np.r_[t.weight, t.weight], (np.r_[t.src, t.dst], np.r_[t.dst, t.src])), shape=(n, n))
    codes: dict[Any, int] = {}
    cls = np.array([codes.setdefault(communities[v], len(codes)) for v in t.nodes], dtype=np.int64)
    onehot = sp.csr_matrix((np.ones(n), (np.arange(n), cls)), shape=(n, len(codes)))
    return (W @ onehot).tocsr(), cls, t.nodes


def participation_coefficient(G: nx.Graph, communities: Mapping[Hashable, Any],
                              weight: str | None = None, *, ties: TieArrays | None = None) -> dict[Hashable, float]:
    """Guimerà–Amaral participation coefficient of every vertex (isolates: 0).

    Examples
    --------
    A vertex with two ties into each of two communities: ``1 - (1/2)^2 - (1/2)^2 = 0.5``.

    >>> G = nx.star_graph(4)
    >>> participation_coefficient(G, {0: "a", 1: "a", 2: "a", 3: "b", 4: "b"})[0]
    0.5
    """
    fast = _module_strengths(G, communities, weight, ties)
    if fast is not None:
        K, _, nodes = fast
        k = np.asarray(K.sum(axis=1)).ravel()
        rows = np.repeat(np.arange(len(nodes)), np.diff(K.indptr))
        with np.errstate(divide="ignore", invalid="ignore"):
            share = K.data / k[rows]
        spread = np.bincount(rows, weights=share * share, minlength=len(nodes))
        return dict(zip(nodes, np.where(k == 0, 0.0, 1.0 - spread).tolist()))
    out = {}
    for v, by in _ties_by_module(G, communities, weight):
        k = sum(by.values())
        out[v] = 0.0 if k == 0 else 1.0 - sum((x / k) ** 2 for x in by.values())
    return out


def within_module_degree(G: nx.Graph, communities: Mapping[Hashable, Any],
                         weight: str | None = None, *, ties: TieArrays | None = None) -> dict[Hashable, float]:
    """Within-module degree z-score ``(κ_i - mean κ_s) / sd κ_s`` (Guimerà & Amaral 2005).

    ``κ_i`` is the number (or weight) of ties of ``i`` inside its own community ``s``;
    mean and (population) standard deviation are over ``s``; ``nan`` when ``s``'s
    members all have the same ``κ``.

    Examples
    --------
    >>> z = within_module_degree(nx.star_graph(3), {0: 0, 1: 0, 2: 0, 3: 0})
    >>> round(z[0], 4), round(z[1], 4)
    (1.7321, -0.5774)
    """
    fast = _module_strengths(G, communities, weight, ties)
    if fast is not None:
        K, cls, nodes = fast
        kin = np.asarray(K[np.arange(len(nodes)), cls]).ravel()
        size = np.bincount(cls)
        mean = np.bincount(cls, weights=kin) / size
        dev = kin - mean[cls]
        sd = np.sqrt(np.bincount(cls, weights=dev * dev) / size)
        with np.errstate(divide="ignore", invalid="ignore"):
            z = np.where(sd[cls] > 0, dev / sd[cls], math.nan)
        return dict(zip(nodes, z.tolist()))
    kin = {v: by.get(communities[v], 0.0) for v, by in _ties_by_module(G, communities, weight)}
    members: dict[Any, list] = defaultdict(list)
    for v in G:
        members[communities[v]].append(kin[v])
    stats = {}
    for c, ks in members.items():
        mean = sum(ks) / len(ks)
        sd = math.sqrt(sum((x - mean) ** 2 for x in ks) / len(ks))
        stats[c] = (mean, sd)
    return {v: (kin[v] - stats[communities[v]][0]) / stats[communities[v]][1]
            if stats[communities[v]][1] > 0 else math.nan for v in G}
