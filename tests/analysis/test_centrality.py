"""The igraph engine gives networkx's numbers; sampled betweenness uses networkx's own sample."""

from __future__ import annotations

import math
import random

import networkx as nx
import pytest

from innokg.analysis.centrality import centralities, cut_points, sampled_betweenness_bound

pytest.importorskip("igraph")


def _graphs():
    K = nx.karate_club_graph()  # weighted, undirected, connected
    U = nx.gnp_random_graph(70, 0.05, seed=2)  # disconnected, isolates
    rnd = random.Random(1)
    for u, v in U.edges():
        U[u][v]["weight"] = rnd.randint(1, 4)
    D = nx.gnp_random_graph(60, 0.07, seed=4, directed=True)
    for u, v in D.edges():
        D[u][v]["weight"] = rnd.randint(1, 4)
    return [("karate", K), ("gnp70-disconnected", U), ("gnp60-directed", D)]


GRAPHS = _graphs()
TOL = {"degree": 0, "strength": 1e-12, "betweenness": 1e-12, "closeness": 1e-12,
       "eigenvector": 1e-6, "pagerank": 1e-9}


@pytest.mark.parametrize("name,G", GRAPHS, ids=[n for n, _ in GRAPHS])
@pytest.mark.parametrize("k", [None, 20], ids=["exact", "k20"])
def test_igraph_equals_networkx(name, G, k):
    a = centralities(G, k=k, seed=3, engine="networkx")
    b = centralities(G, k=k, seed=3, engine="igraph")
    assert b.engine == "igraph" and a.engine == "networkx"
    for v in G:
        for m, tol in TOL.items():
            x, y = a.values[v][m], b.values[v][m]
            assert y == pytest.approx(x, abs=tol, rel=tol), (name, v, m, x, y)


def test_sampled_closeness_with_all_sources_is_exact():
    """With every vertex a source the estimator is networkx's closeness itself."""
    G = GRAPHS[1][1]
    from innokg.analysis.centrality import _sampled_closeness

    exact = nx.closeness_centrality(G)
    for engine in ("networkx", "igraph"):
        est = _sampled_closeness(G, list(G), engine)
        assert est == pytest.approx(exact, abs=1e-12)


def test_sampled_closeness_by_hand_on_two_components():
    """Path a–b–c–d plus the pair x–y (n = 6), sources a and x. Worked by hand: b is 1 hop from a, c 2,
    d 3; y 1 from x; no sampled source shares a's or x's component other than itself, so they are NaN.
    closeness = ((r - 1)/(n - 1)) / mean: b, c, d in a 4-vertex component → (3/5)/1, (3/5)/2, (3/5)/3;
    y in a 2-vertex component → (1/5)/1. Both engines give exactly these doubles."""
    import math

    from innokg.analysis.arrays import tie_arrays
    from innokg.analysis.centrality import _sampled_closeness

    G = nx.Graph([("a", "b"), ("b", "c"), ("c", "d"), ("x", "y")])
    want = {"b": (3 / 5) / 1, "c": (3 / 5) / 2, "d": (3 / 5) / 3, "y": (1 / 5) / 1}
    for engine in ("networkx", "igraph"):
        est = _sampled_closeness(G, ["a", "x"], engine, tie_arrays(G) if engine == "igraph" else None)
        assert math.isnan(est["a"]) and math.isnan(est["x"]), engine
        assert {v: est[v] for v in want} == want, engine


def test_networkx_engine_is_networkx_itself():
    G = GRAPHS[1][1]
    r = centralities(G, k=20, seed=3, engine="networkx")
    ref = nx.betweenness_centrality(G, k=20, seed=3)
    assert all(r.values[v]["betweenness"] == ref[v] for v in G)
    assert r.parameters["betweenness_k"] == 20 and r.parameters["betweenness"] == "sampled"
    assert r.parameters["betweenness_error_bound"] == pytest.approx(math.sqrt(math.log(2 * 70 / 0.05) / 40))


def test_sampled_error_within_bound():
    G = GRAPHS[0][1]
    exact = nx.betweenness_centrality(G)
    est = centralities(G, k=10, seed=1, engine="igraph").values
    eps = sampled_betweenness_bound(G.number_of_nodes(), 10)
    assert max(abs(est[v]["betweenness"] - exact[v]) for v in G) <= eps


@pytest.mark.parametrize("name,G", GRAPHS, ids=[n for n, _ in GRAPHS])
def test_cut_points_equal(name, G):
    assert cut_points(G, "networkx") == cut_points(G, "igraph")


def test_igraph_eigenvector_on_a_disconnected_network_is_quiet():
    """A disconnected network (every real one) gives networkx's values and no raw RuntimeWarning on stderr."""
    import warnings

    G = nx.disjoint_union(nx.complete_graph(5), nx.path_graph(3))
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        ig = centralities(G, engine="igraph").values
    nxv = centralities(G, engine="networkx").values
    for v in G:
        assert abs(ig[v]["eigenvector"] - nxv[v]["eigenvector"]) < 1e-6


@pytest.mark.parametrize("name,G", GRAPHS, ids=[n for n, _ in GRAPHS])
def test_igraph_numbers_do_not_depend_on_what_ran_before(name, G):
    """python-igraph draws ARPACK's and PRPACK's start vectors from Python's random module: the engine seeds
    it, so eigenvector and PageRank come out to the last bit whatever state the process left it in (the
    German CORDIS network differed in the 16th digit between two routes to the same analysis)."""
    runs = []
    for state in (1, 2):
        random.seed(state)
        runs.append(centralities(G, seed=0, engine="igraph").values)
    before = random.getstate()
    again = centralities(G, seed=0, engine="igraph").values
    assert random.getstate() == before  # the caller's random state is left as it was
    for v in G:
        for m in ("eigenvector", "pagerank"):
            assert runs[0][v][m] == runs[1][v][m] == again[v][m], (v, m)
