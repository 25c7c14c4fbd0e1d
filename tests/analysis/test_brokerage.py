"""Gould–Fernandez brokerage against R's ``sna::brokerage``, run here, compared to the last digit.

Each network is analysed by :func:`innokg.analysis.brokerage.brokerage_roles` and by
``sna::brokerage`` (R package ``sna``, Debian ``r-cran-sna``); raw counts, expected
counts, standard deviations and z-scores, per vertex and for the whole graph, must be
the same doubles (``%.17g`` round trip), ``nan``/``inf`` where R gives ``NaN``/``Inf``.
"""

from __future__ import annotations

import math
import random

import networkx as nx
import pytest

from innokg.analysis.brokerage import ROLES, brokerage_roles
from support.rsna import run_sna_brokerage_many


def _same(a: float, b: float) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return a == b


def _random_groups(G, k, seed):
    rnd = random.Random(seed)
    return {v: f"g{rnd.randrange(k)}" for v in G}


def _networks():
    nets = []
    # undirected: Zachary's karate club split by the two clubs (Zachary 1977)
    K = nx.karate_club_graph()
    nets.append(("karate-club-undirected", K, {v: K.nodes[v]["club"] for v in K}))
    # undirected: Padgett's Florentine families, four arbitrary groups
    F = nx.florentine_families_graph()
    nets.append(("florentine-undirected", F, _random_groups(F, 4, 1)))
    # directed sparse random digraph, five groups
    D = nx.gnp_random_graph(40, 0.08, seed=7, directed=True)
    nets.append(("gnp40-directed", D, _random_groups(D, 5, 2)))
    # directed denser digraph with reciprocated arcs, three groups, one a singleton
    D2 = nx.gnp_random_graph(25, 0.3, seed=3, directed=True)
    g2 = _random_groups(D2, 2, 5)
    g2[0] = "alone"
    nets.append(("gnp25-directed-singleton-group", D2, g2))
    # undirected with isolates and a single group of size 2 (zero expected counts, NaN z)
    U = nx.gnp_random_graph(30, 0.1, seed=11)
    U.add_nodes_from(["iso1", "iso2"])
    gu = _random_groups(U, 3, 4)
    gu["iso1"] = gu["iso2"] = "pair"
    nets.append(("gnp30-undirected-isolates", U, gu))
    # a star: the hub brokers everything, in one group (coordinator only)
    S = nx.star_graph(6)
    nets.append(("star-one-group", S, {v: "x" for v in S}))
    return nets


NETWORKS = _networks()


@pytest.fixture(scope="module")
def sna_results():
    results = run_sna_brokerage_many([(G, groups) for _, G, groups in NETWORKS])
    return {name: r for (name, _, _), r in zip(NETWORKS, results)}


@pytest.mark.parametrize("name,G,groups", NETWORKS, ids=[n for n, _, _ in NETWORKS])
@pytest.mark.slow
def test_brokerage_equals_r_sna(name, G, groups, sna_results):
    ours = brokerage_roles(G, groups)
    ref = sna_results[name]
    for part, table in (("raw.nli", ours.raw), ("exp.nli", ours.expected), ("sd.nli", ours.sd), ("z.nli", ours.z)):
        for v in G:
            got = [table[v][r] for r in ROLES]
            want = ref[part][v]
            assert all(_same(a, b) for a, b in zip(got, want)), (part, v, got, want)
    for part, vec in (("raw.gli", ours.graph_raw), ("exp.gli", ours.graph_expected),
                      ("sd.gli", ours.graph_sd), ("z.gli", ours.graph_z)):
        got = [vec[r] for r in ROLES]
        assert all(_same(a, b) for a, b in zip(got, ref[part])), (part, got, ref[part])


def test_brokered_pairs_by_hand():
    """a -> b -> c -> d with groups x, x, y, y (worked by hand).

    b brokers (a, c): source a in b's group, target c outside -> representative.
    c brokers (b, d): source b outside, target d in c's group -> gatekeeper.
    """
    D = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "d")])
    r = brokerage_roles(D, {"a": "x", "b": "x", "c": "y", "d": "y"})
    assert r.raw["b"] == {"coordinator": 0, "itinerant": 0, "representative": 1, "gatekeeper": 0,
                          "liaison": 0, "total": 1}
    assert r.raw["c"]["gatekeeper"] == 1 and r.raw["c"]["total"] == 1
    assert r.raw["a"]["total"] == 0 and r.raw["d"]["total"] == 0


def _close(a: float, b: float, rel: float) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    if math.isinf(a) or math.isinf(b):
        return a == b
    return abs(a - b) <= rel * max(abs(a), abs(b), 1e-300)


@pytest.mark.slow
def test_many_groups_equal_r_sna():
    """170 groups: above R_ORDER_UP_TO the expectations' sums over pairs and triples of groups
    are exact integer power sums times the density factors instead of R's k^3 loop.

    Raw counts must be R's exactly; expectations, standard deviations and z-scores equal
    R's to 1e-11 relative (R's own sequential sum of 170^3 terms carries rounding errors
    of that order: on 140 groups its order differs from the exact rational value by 3e-12).
    """
    from innokg.analysis.brokerage import R_ORDER_UP_TO

    G = nx.gnp_random_graph(420, 0.02, seed=5)
    groups = _random_groups(G, 170, 9)
    assert len(set(groups.values())) > R_ORDER_UP_TO
    ours = brokerage_roles(G, groups)
    ref = run_sna_brokerage_many([(G, groups)])[0]
    for part, table in (("raw.nli", ours.raw), ("exp.nli", ours.expected), ("sd.nli", ours.sd), ("z.nli", ours.z)):
        for v in G:
            got = [table[v][r] for r in ROLES]
            want = ref[part][v]
            ok = all(_same(a, b) for a, b in zip(got, want)) if part == "raw.nli" else \
                all(_close(a, b, 1e-11) for a, b in zip(got, want))
            assert ok, (part, v, got, want)
    for part, vec in (("raw.gli", ours.graph_raw), ("exp.gli", ours.graph_expected),
                      ("sd.gli", ours.graph_sd), ("z.gli", ours.graph_z)):
        got = [vec[r] for r in ROLES]
        assert all(_close(a, b, 1e-11) for a, b in zip(got, ref[part])), (part, got, ref[part])


def _roles_by_definition(G, groups, v) -> dict:
    """Count v's brokered ordered pairs (a, b) by the definition: a -> v -> b, a != b, no a -> b."""
    out = dict.fromkeys(ROLES[:-1], 0)
    nbrs = [u for u in G[v] if u != v]
    for a in nbrs:
        for b in nbrs:
            if a == b or G.has_edge(a, b):
                continue
            ga, gv, gb = groups[a], groups[v], groups[b]
            if ga == gv == gb:
                out["coordinator"] += 1
            elif ga == gb:
                out["itinerant"] += 1
            elif ga == gv:
                out["representative"] += 1
            elif gb == gv:
                out["gatekeeper"] += 1
            else:
                out["liaison"] += 1
    return out


def test_louvain_sized_partition_finishes_and_counts_by_definition():
    """The size of the known defect: a 3,900-vertex network with ~750 groups (the Louvain
    communities of CORDIS H2020's German organisations are 754) took more than 20 CPU
    minutes in the group loops. It now takes seconds; the counts of 60 brokers are checked
    against the definition, pair by pair."""
    import time

    rnd = random.Random(4)
    G = nx.Graph()
    G.add_nodes_from(range(3900))
    # 750 small dense clusters (Louvain's groups) tied by a sparse random background
    members = [list(range(i, 3900, 750)) for i in range(750)]
    for m in members:
        for a in m:
            for b in m:
                if a < b and rnd.random() < 0.6:
                    G.add_edge(a, b)
    for _ in range(12000):
        G.add_edge(rnd.randrange(3900), rnd.randrange(3900))
    G.remove_edges_from(nx.selfloop_edges(G))
    groups = {v: f"c{v % 750}" for v in G}
    t = time.process_time()
    r = brokerage_roles(G, groups)
    assert time.process_time() - t < 60
    assert len(r.group_sizes) == 750
    for v in rnd.sample(list(G), 60):
        want = _roles_by_definition(G, groups, v)
        assert {k: r.raw[v][k] for k in want} == want, v
        assert r.raw[v]["total"] == sum(want.values())
    assert all(math.isfinite(x) for x in r.graph_sd.values())
