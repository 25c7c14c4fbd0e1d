"""Which engine for large networks: networkx vs igraph vs networkit, measured.

Exact betweenness, closeness and Louvain on the German CORDIS H2020 co-participation
network (``cordis_network.py``), single-threaded, in one process, CPU seconds. networkit is not a
dependency of innokg; install it (``pip install networkit``) to include it.

Run:  python3 benchmarks/engines.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import networkx as nx  # noqa: E402

from cordis_network import co_participation_network  # noqa: E402


def timed(f):
    """CPU seconds of this process (the machine is shared: wall time says little)."""
    t = time.process_time()
    f()
    return round(time.process_time() - t, 2)


def main() -> None:
    G = co_participation_network(country="DE")
    nodes = list(G)
    idx = {v: i for i, v in enumerate(nodes)}
    edges = [(idx[u], idx[v]) for u, v in G.edges()]
    print(f"DE network: {G.number_of_nodes()} organisations, {G.number_of_edges()} ties")
    print("| engine | exact betweenness (CPU-s) | closeness (CPU-s) | Louvain (CPU-s) |")
    print("|---|---:|---:|---:|")
    import igraph as ig

    g = ig.Graph(n=len(nodes), edges=edges)
    print(f"| igraph {ig.__version__} | {timed(g.betweenness)} | {timed(g.closeness)} | "
          f"{timed(g.community_multilevel)} |")
    try:
        import networkit as nk
    except ImportError:
        print("| networkit | not installed | | |")
    else:
        nk.setNumberOfThreads(1)
        h = nk.Graph(len(nodes))
        for u, v in edges:
            h.addEdge(u, v)
        print(f"| networkit {nk.__version__} (1 thread) | {timed(lambda: nk.centrality.Betweenness(h).run())} | "
              f"{timed(lambda: nk.centrality.Closeness(h, True, nk.centrality.ClosenessVariant.Generalized).run())} | "
              f"{timed(lambda: nk.community.PLM(h).run())} |")
    print(f"| networkx {nx.__version__} | {timed(lambda: nx.betweenness_centrality(G))} | "
          f"{timed(lambda: nx.closeness_centrality(G))} | "
          f"{timed(lambda: nx.community.louvain_communities(G, seed=1))} |")


if __name__ == "__main__":
    main()
