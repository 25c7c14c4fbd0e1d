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

from innokg.analysis.centrality import choose_engine, to_igraph

__all__ = ["louvain", "modularity", "participation_coefficient", "within_module_degree"]


def _number(groups: list[set]) -> dict[Hashable, int]:
    ordered = sorted(groups, key=lambda c: (-len(c), min(map(str, c))))
    return {v: i for i, c in enumerate(ordered) for v in c}


def louvain(G: nx.Graph, weight: str | None = "weight", resolution: float = 1.0, seed: int = 0,
            engine: str = "auto") -> dict[Hashable, int]:
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
    g, nodes = to_igraph(U, weight)
    state = random.getstate()
    try:
        random.seed(seed)  # python-igraph draws its random numbers from Python's random module
        cl = g.community_multilevel(weights="weight" if weight else None, resolution=resolution)
    finally:
        random.setstate(state)
    groups: dict[int, set] = defaultdict(set)
    for i, c in enumerate(cl.membership):
        groups[c].add(nodes[i])
    return _number(list(groups.values()))


def modularity(G: nx.Graph, communities: Mapping[Hashable, Any], weight: str | None = "weight",
               resolution: float = 1.0) -> float:
    """Newman–Girvan modularity of a partition ``{node: community}`` (networkx).

    Examples
    --------
    >>> round(modularity(nx.Graph([(0, 1), (2, 3)]), {0: 0, 1: 0, 2: 1, 3: 1}), 3)
    0.5
    """
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


def participation_coefficient(G: nx.Graph, communities: Mapping[Hashable, Any],
                              weight: str | None = None) -> dict[Hashable, float]:
    """Guimerà–Amaral participation coefficient of every vertex (isolates: 0).

    Examples
    --------
    A vertex with two ties into each of two communities: ``1 - (1/2)^2 - (1/2)^2 = 0.5``.

    >>> G = nx.star_graph(4)
    >>> participation_coefficient(G, {0: "a", 1: "a", 2: "a", 3: "b", 4: "b"})[0]
    0.5
    """
    out = {}
    for v, by in _ties_by_module(G, communities, weight):
        k = sum(by.values())
        out[v] = 0.0 if k == 0 else 1.0 - sum((x / k) ** 2 for x in by.values())
    return out


def within_module_degree(G: nx.Graph, communities: Mapping[Hashable, Any],
                         weight: str | None = None) -> dict[Hashable, float]:
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
