"""One GraphML writer: what ``innokg analyze --graphml`` writes with results.netfiles reads back, in
networkx, as what ``nx.write_graphml`` of the measured network (the writer analyze used before
issue 12) reads back: same nodes, ties, node, tie and graph attributes, with the same types."""

from __future__ import annotations

import io
import math

import networkx as nx
import pytest

from innokg.analysis.network import analyze_network
from innokg.results.netfiles import measured_network, write_measured_graphml


def _network(directed: bool) -> nx.Graph:
    G = nx.gnp_random_graph(25, 0.2, seed=4, directed=directed)
    G = nx.relabel_nodes(G, {v: f"https://w3id.org/innokg/id/org/o{v}" if v % 2 else f"v{v}" for v in G})
    for i, v in enumerate(sorted(G)):
        G.nodes[v]["sector"] = ["industry", "academia"][i % 2]
        G.nodes[v]["size"] = i
        G.nodes[v]["label"] = f"Org <{i}> & \"co\""
    for j, (u, v) in enumerate(G.edges()):
        G[u][v]["weight"] = 1.0 + j % 3
        G[u][v]["shared"] = j % 4
    G.graph["name"] = "test network"
    G.graph["year"] = 2020
    return G


def _same(a, b, what):
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a):
        assert math.isnan(b), what
    else:
        assert type(a) is type(b) and a == b, (what, a, b)


@pytest.mark.parametrize("directed", [False, True], ids=["undirected", "directed"])
@pytest.mark.parametrize("partition", ["sector", None])
def test_reads_back_as_networkx_writes_it(tmp_path, directed, partition):
    G = _network(directed)
    res = analyze_network(G, partition, seed=1)
    ours = tmp_path / "ours.graphml"
    write_measured_graphml(ours, G, res)
    buf = io.BytesIO()
    nx.write_graphml(measured_network(G, res), buf)
    theirs = nx.read_graphml(io.BytesIO(buf.getvalue()))
    got = nx.read_graphml(ours)
    assert got.is_directed() == theirs.is_directed() == directed
    assert list(got) == list(theirs)
    assert sorted(got.edges()) == sorted(theirs.edges())
    for v in theirs:
        assert set(got.nodes[v]) == set(theirs.nodes[v]), v
        for k, want in theirs.nodes[v].items():
            _same(got.nodes[v][k], want, (v, k))
    for u, v, d in theirs.edges(data=True):
        assert set(got[u][v]) == set(d)
        for k, want in d.items():
            _same(got[u][v][k], want, (u, v, k))
    assert got.graph == theirs.graph
    assert {k: v for k, v in got.graph.items() if not k.endswith("_default")} == {"name": "test network", "year": 2020}
