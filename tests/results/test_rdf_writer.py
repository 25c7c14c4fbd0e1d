"""analysis.ttl written by pyoxigraph says exactly what the rdflib builder said before issue 12
(tests/support/old_analysis_rdf.py), in the same bytes run to run, with every digit of each double."""

from __future__ import annotations

import io
import math
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph, Literal
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import XSD

from innokg.analysis.network import NetworkAnalysis, analyze_network
from innokg.results.rdf import IKGA, analysis_graph, analysis_triples, double_lexical, write_analysis
from support.old_analysis_rdf import analysis_graph as old_analysis_graph

ROOT = Path(__file__).resolve().parents[2]
BRIDGE = ROOT / "tests" / "fixtures" / "report" / "bridge.graphml"
INPUTS = [{"label": "net.graphml", "sha256": "ab" * 32}, {"iri": "https://example.org/source", "label": "src"}]


def _iri_network() -> nx.Graph:
    """IRIs as nodes, a partition, isolates (NaN values) and link candidates with shared partners."""
    G = nx.gnp_random_graph(40, 0.08, seed=3)
    G.add_nodes_from([40, 41])
    G = nx.relabel_nodes(G, {v: f"https://w3id.org/innokg/id/org/o{v:02d}" for v in G})
    for i, v in enumerate(sorted(G)):
        G.nodes[v]["sector"] = ["industry", "academia", "government"][i % 3]
        G.nodes[v]["label"] = f"Organisation {i} \"quoted\"\nnew line"
    for u, v in G.edges():
        G[u][v]["weight"] = 1.0 + len(u + v) % 3
    return G


CASES = {
    "bridge-graphml": lambda: (nx.read_graphml(BRIDGE), "side"),
    "iri-network": lambda: (_iri_network(), "sector"),
    "communities": lambda: (_iri_network(), None),
}


def _parse(data: bytes) -> Graph:
    return Graph().parse(data=data.decode("utf-8"), format="turtle")


@pytest.mark.parametrize("case", sorted(CASES))
def test_same_graph_as_the_rdflib_writer(case):
    G, part = CASES[case]()
    res = analyze_network(G, part, seed=1, top_links=30)
    assert res.missing_links, "the fixture should have link candidates"
    buf = io.BytesIO()
    n = write_analysis(buf, res, INPUTS, started="2026-01-01T00:00:00")
    new = _parse(buf.getvalue())
    old = old_analysis_graph(res, INPUTS, started="2026-01-01T00:00:00")
    assert len(new) == len(old) == n
    if not isomorphic(new, old):
        _, only_new, only_old = graph_diff(to_isomorphic(new), to_isomorphic(old))
        pytest.fail(f"only new: {sorted(only_new)[:5]}\nonly old: {sorted(only_old)[:5]}")
    assert isomorphic(analysis_graph(res, INPUTS, started="2026-01-01T00:00:00"), old)


@pytest.mark.slow
def test_same_bytes_whatever_the_hash_seed(tmp_path):
    code = ("import sys, networkx as nx; from innokg.analysis.network import NetworkAnalysis, analyze_network;"
            "from innokg.results.rdf import write_analysis;"
            f"G = nx.read_graphml({str(BRIDGE)!r}); r = analyze_network(G, None, seed=1);"
            "write_analysis(sys.argv[1], r, [{'label': 'x', 'sha256': '00'}])")
    outs = []
    for seed in ("0", "1", "77"):
        out = tmp_path / f"a{seed}.ttl"
        env = {"PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"}
        subprocess.run([sys.executable, "-c", code, str(out)], check=True, env=env)
        outs.append(out.read_bytes())
    assert outs[0] == outs[1] == outs[2]


def test_turtle_layout():
    G, part = CASES["bridge-graphml"]()
    res = analyze_network(G, part, seed=1)
    buf = io.BytesIO()
    write_analysis(buf, res, INPUTS)
    text = buf.getvalue().decode("utf-8")
    head = text.splitlines()[:5]
    assert head[:4] == ["@prefix ikga: <https://w3id.org/innokg/analysis#> .",
                        "@prefix prov: <http://www.w3.org/ns/prov#> .",
                        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
                        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> ."] and head[4] == ""
    assert "ikga:Measurement" in text and "^^xsd:double" not in text  # doubles bare, in exponent form
    subjects = [t.subject.value for t in analysis_triples(res, INPUTS)]
    assert subjects == sorted(subjects)


@pytest.mark.parametrize("v", [0.1, 1 / 3, 1 / 11, 3.0, 100.0, 1e-05, -0.25, 0.0, -0.0, 123456.789, 5e-324, 1.5e300])
def test_doubles_keep_every_digit(v):
    lex = double_lexical(v)
    assert float(lex) == v and "e" in lex and str(float(lex)) == str(v)
    assert Literal(lex, datatype=XSD.double).value == v


def test_progress_lines_while_writing():
    rows = [{"node": f"n{i}", "group": None, "degree": 1, "betweenness": 0.5} for i in range(4001)]
    res = NetworkAnalysis(nodes=rows, graph={}, group_gaps=[], missing_links=[], parameters={"partition": None})
    lines: list[str] = []
    write_analysis(io.BytesIO(), res, [], log=lines.append)
    assert lines[0].startswith("analysis RDF: making the statements for 4001 nodes")
    assert any("2000 of 4001 nodes" in m for m in lines) and "MB in" in lines[-1]


def test_node_that_is_not_a_valid_iri_is_kept_as_text():
    G = nx.Graph([("http://example.org/a b", "x"), ("x", "y")])
    res = analyze_network(G, None, seed=1)
    g = _parse(_ttl(res))
    assert Literal("http://example.org/a b") in set(g.objects(None, IKGA.node))
    assert not any(isinstance(v, float) and math.isnan(v) for v in g.objects(None, IKGA.value))


def _ttl(res) -> bytes:
    buf = io.BytesIO()
    write_analysis(buf, res, [])
    return buf.getvalue()
