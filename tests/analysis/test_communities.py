"""Louvain with a seed (both engines), participation coefficient and within-module
degree worked by hand (Guimerà & Amaral 2005)."""

from __future__ import annotations

import math

import networkx as nx
import pytest

from innokg.analysis.communities import louvain, modularity, participation_coefficient, within_module_degree


def test_seeded_louvain_is_reproducible_and_engines_agree_on_clear_structure():
    pytest.importorskip("igraph")
    G = nx.connected_caveman_graph(6, 5)  # six 5-cliques in a ring
    a = louvain(G, seed=4, engine="networkx")
    assert a == louvain(G, seed=4, engine="networkx")
    b = louvain(G, seed=4, engine="igraph")
    assert b == louvain(G, seed=4, engine="igraph")
    assert len(set(a.values())) == len(set(b.values())) == 6
    assert modularity(G, a) == pytest.approx(modularity(G, b), abs=1e-12)
    # numbered by size then smallest member: every community has 5 members
    assert sorted(set(a.values())) == list(range(6))


def test_participation_by_hand():
    """Node 0 has ties to 1, 2 (module a) and 3 (module b), 4 (module c):
    P = 1 - (2/4)^2 - (1/4)^2 - (1/4)^2 = 0.625. Node 1 only ties into a: P = 0.
    Within module a = {0, 1, 2}: κ = 2 (0), 1 (1), 1 (2), mean 4/3, sd sqrt(2/9);
    z_0 = (2 - 4/3) / sqrt(2/9) = sqrt(2)."""
    G = nx.Graph([(0, 1), (0, 2), (0, 3), (0, 4)])
    comm = {0: "a", 1: "a", 2: "a", 3: "b", 4: "c"}
    p = participation_coefficient(G, comm)
    assert p[0] == pytest.approx(0.625) and p[1] == 0.0
    z = within_module_degree(G, comm)
    assert z[0] == pytest.approx(math.sqrt(2)) and math.isnan(z[3])


def test_weighted_participation():
    G = nx.Graph()
    G.add_edge(0, 1, weight=3)
    G.add_edge(0, 2, weight=1)
    p = participation_coefficient(G, {0: "a", 1: "a", 2: "b"}, weight="weight")
    assert p[0] == pytest.approx(1 - (3 / 4) ** 2 - (1 / 4) ** 2)
