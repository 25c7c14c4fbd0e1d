"""Burt's structural holes against published values, a hand-worked ego network,
igraph's independent C implementation of constraint, and networkx (effective size,
constraint) on random weighted graphs, directed and undirected."""

from __future__ import annotations

import math
import random

import networkx as nx
import pytest

from innokg.analysis.structural_holes import structural_holes


def test_borgatti_1997_example():
    """The network of Borgatti (1997), Connections 20(1): 35-38, as networkx's tests use it.

    Values published (UCINET): effective size G 4.67, A 2.50, C 1; constraint G 0.400,
    A 0.595, C 1.
    """
    G = nx.Graph([("A", "B"), ("A", "F"), ("A", "G"), ("A", "E"), ("E", "G"), ("F", "G"),
                  ("B", "G"), ("B", "D"), ("D", "G"), ("G", "C")])
    sh = structural_holes(G)
    assert sh["G"]["effective_size"] == pytest.approx(4.67, abs=5e-3)
    assert sh["A"]["effective_size"] == pytest.approx(2.50, abs=5e-3)
    assert sh["C"]["effective_size"] == pytest.approx(1.0, abs=5e-3)
    assert sh["G"]["constraint"] == pytest.approx(0.400, abs=5e-4)
    assert sh["A"]["constraint"] == pytest.approx(0.595, abs=5e-4)
    assert sh["C"]["constraint"] == pytest.approx(1.0, abs=5e-4)
    # efficiency = effective size / contacts: G has 6 contacts, A has 4
    assert sh["G"]["efficiency"] == pytest.approx(sh["G"]["effective_size"] / 6, abs=1e-15)
    assert sh["A"]["efficiency"] == pytest.approx(2.5 / 4, abs=1e-12)


def test_hand_worked_ego_network():
    """Ego E with contacts A, B, C; A and B tied. Worked by hand (Burt 1992: 52-55, 70-71).

    p_EA = p_EB = p_EC = 1/3; p_AE = p_AB = p_BE = p_BA = 1/2.
    c_EA = (1/3 + 1/3 * 1/2)^2 = 1/4 = c_EB; c_EC = (1/3)^2 = 1/9; C_E = 11/18.
    ES_E = 3 - 2*1/3 = 7/3; efficiency 7/9.
    Mean c = C_E/3 = 11/54; ratios 27/22, 27/22, 6/11 (they sum to 3);
    H_E = (2 * 27/22 ln 27/22 + 6/11 ln 6/11) / (3 ln 3).
    For A: c_AE = (1/2 + 1/2*1/2)^2 = 9/16, c_AB = (1/2 + 1/2*1/3)^2 = 4/9, C_A = 145/144;
    ES_A = 2 - 2*1/2 = 1; ratios 162/145 and 128/145, H_A = (Σ r ln r) / (2 ln 2).
    C has one contact: constraint 1, effective size 1, hierarchy undefined (nan).
    """
    G = nx.Graph([("E", "A"), ("E", "B"), ("E", "C"), ("A", "B")])
    sh = structural_holes(G)
    assert sh["E"]["constraint"] == pytest.approx(11 / 18, rel=1e-14)
    assert sh["E"]["effective_size"] == pytest.approx(7 / 3, rel=1e-14)
    assert sh["E"]["efficiency"] == pytest.approx(7 / 9, rel=1e-14)
    h_e = (2 * 27 / 22 * math.log(27 / 22) + 6 / 11 * math.log(6 / 11)) / (3 * math.log(3))
    assert sh["E"]["hierarchy"] == pytest.approx(h_e, rel=1e-12)
    assert round(h_e, 4) == 0.0522
    assert sh["A"]["constraint"] == pytest.approx(145 / 144, rel=1e-14)
    assert sh["A"]["effective_size"] == pytest.approx(1.0, rel=1e-14)
    h_a = (162 / 145 * math.log(162 / 145) + 128 / 145 * math.log(128 / 145)) / (2 * math.log(2))
    assert sh["A"]["hierarchy"] == pytest.approx(h_a, rel=1e-12)
    assert sh["C"]["constraint"] == 1.0 and sh["C"]["effective_size"] == 1.0
    assert math.isnan(sh["C"]["hierarchy"])


def test_isolate_is_nan():
    G = nx.Graph([(1, 2)])
    G.add_node(3)
    assert all(math.isnan(x) for x in structural_holes(G)[3].values())


def _random_weighted(directed: bool, seed: int):
    G = nx.gnp_random_graph(60, 0.12, seed=seed, directed=directed)
    rnd = random.Random(seed)
    for u, v in G.edges():
        G[u][v]["weight"] = rnd.choice([1, 2, 3, 5])
    G.add_node("isolate")
    return G


@pytest.mark.parametrize("directed", [False, True], ids=["undirected", "directed"])
@pytest.mark.parametrize("weight", [None, "weight"], ids=["binary", "weighted"])
def test_equals_networkx(directed, weight):
    G = _random_weighted(directed, 5)
    sh = structural_holes(G, weight)
    # nodes=... takes networkx's per-node code, which follows Burt's formula term by term.
    # (networkx 3.6.1's all-nodes matrix shortcut gives other effective sizes on directed or
    # weighted graphs -- e.g. 13.94 instead of 13.86 for node 0 here -- so it is not the reference.)
    es = nx.effective_size(G, nodes=list(G), weight=weight)
    co = nx.constraint(G, nodes=list(G), weight=weight)
    for v in G:
        for ours, theirs in ((sh[v]["effective_size"], es[v]), (sh[v]["constraint"], co[v])):
            if math.isnan(theirs):
                assert math.isnan(ours)
            else:
                assert ours == pytest.approx(theirs, rel=1e-12, abs=1e-12)


@pytest.mark.parametrize("directed", [False, True], ids=["undirected", "directed"])
def test_constraint_equals_igraph(directed):
    ig = pytest.importorskip("igraph")
    G = _random_weighted(directed, 9)
    G.remove_node("isolate")
    nodes = list(G)
    idx = {v: i for i, v in enumerate(nodes)}
    g = ig.Graph(n=len(nodes), edges=[(idx[u], idx[v]) for u, v in G.edges()], directed=directed)
    g.es["weight"] = [d["weight"] for _, _, d in G.edges(data=True)]
    theirs = g.constraint(weights="weight")
    sh = structural_holes(G, "weight")
    for v in nodes:
        assert sh[v]["constraint"] == pytest.approx(theirs[idx[v]], rel=1e-12)
