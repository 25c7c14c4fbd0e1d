"""Gaps: link-prediction scores equal networkx's, group holes worked by hand,
triple-helix composition, coverage and completeness on the fixture graph."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from innokg.analysis.communities import louvain
from innokg.analysis.gaps import group_gaps, helix_composition, missing_links
from innokg.projection.graph_tables import completeness_gaps, coverage
from innokg.load.files import load_dataset
from innokg.projection.network import affiliations, node_attributes

FIXTURE = Path(__file__).parents[1] / "fixtures" / "network" / "mini-ecosystem.trig"
ID = "https://w3id.org/innokg/id/"


@pytest.fixture(scope="module")
def ds():
    return load_dataset([FIXTURE]).dataset


@pytest.mark.parametrize("method,nxfunc", [
    ("resource_allocation", nx.resource_allocation_index),
    ("adamic_adar", nx.adamic_adar_index),
])
def test_link_scores_equal_networkx(method, nxfunc):
    G = nx.karate_club_graph()
    ours = missing_links(G, method=method, top=10_000, block=7)
    ref = {tuple(sorted((u, v), key=str)): s for u, v, s in nxfunc(G) if s > 0}
    assert {(r["u"], r["v"]) for r in ours} == set(ref)
    for r in ours:
        assert r["score"] == pytest.approx(ref[(r["u"], r["v"])], rel=1e-12)
    scores = [r["score"] for r in ours]
    assert scores == sorted(scores, reverse=True)


def test_community_aware_equals_networkx():
    G = nx.karate_club_graph()
    comm = louvain(G, seed=2, engine="networkx")
    nx.set_node_attributes(G, comm, "community")
    ours = missing_links(G, method="ra_community", communities=comm, top=10_000)
    ref = {tuple(sorted((u, v), key=str)): s for u, v, s in nx.ra_index_soundarajan_hopcroft(G) if s > 0}
    assert {(r["u"], r["v"]): r["score"] for r in ours} == pytest.approx(ref, rel=1e-12)


def test_across_groups_only_and_reason():
    G = nx.Graph([("a", "x"), ("x", "b"), ("a", "y"), ("y", "b"), ("y", "c")])
    groups = {"a": "north", "b": "south", "c": "north", "x": "north", "y": "south"}
    """By hand: x-y share a, b (degree 2 each): 1/2 + 1/2 = 1; a-b share x (2), y (3): 5/6;
    b-c share y: 1/3; a-c share y too but are both 'north' and so are not proposed."""
    rows = missing_links(G, groups, top=5, labels={"a": "Alpha"})
    assert [(r["u"], r["v"], round(r["score"], 6)) for r in rows] == [
        ("x", "y", 1.0), ("a", "b", round(5 / 6, 6)), ("b", "c", round(1 / 3, 6))]
    assert rows[1]["reason"] == "Alpha and b (north / south) are not tied but share 2 partners: x, y"
    assert rows[1]["via"] == ["x", "y"]


def test_group_gaps_by_hand():
    """Two 3-cliques (groups A, B) joined by one tie, plus group C of two nodes tied to A once.

    n = 8, m = 3 + 3 + 1 + 1 (C internal) + 1 = 9 ties, overall density 9 / 28.
    A-B: 1 tie of 9 possible, density 1/9, ratio (1/9)/(9/28) = 28/81 -> 'ok' at few=0.25.
    A-C: 1 of 6: ratio (1/6)/(9/28) = 28/54. B-C: 0 of 6 -> 'hole'.
    """
    G = nx.Graph([(1, 2), (2, 3), (1, 3), (4, 5), (5, 6), (4, 6), (3, 4), (7, 8), (1, 7)])
    groups = {1: "A", 2: "A", 3: "A", 4: "B", 5: "B", 6: "B", 7: "C", 8: "C"}
    rows = {(r["group_a"], r["group_b"]): r for r in group_gaps(G, groups)}
    assert rows[("B", "C")]["status"] == "hole" and rows[("B", "C")]["ties"] == 0
    assert rows[("A", "B")]["ratio"] == pytest.approx(28 / 81)
    assert rows[("A", "C")]["ratio"] == pytest.approx(28 / 54)
    assert [k for k in rows][0] == ("B", "C")


def test_helix_and_coverage_and_completeness(ds):
    attrs = node_attributes(ds)
    helix = {r["group"].rsplit("/", 1)[-1]: r for r in helix_composition(affiliations(ds), attrs)}
    # hub A: uni (academia), firm1 (industry), city (government) -> complete
    assert helix["hub-a"]["missing"] == [] and helix["hub-a"]["members"] == 3
    # P1: uni, fh (academia), firm1 (industry), PIC-only (unknown) -> government missing
    assert (helix["p1"]["academia"], helix["p1"]["industry"], helix["p1"]["unknown"]) == (2, 1, 1)
    assert helix["p1"]["missing"] == ["government"]
    cov = coverage(ds)
    cells = {(c["region"].rsplit("/", 1)[-1], c["topic"].rsplit("/", 1)[-1]): c["items"] for c in cov["cells"]}
    # hub A and P1 serve ruhr (and so nrw); only P1 has a topic (ai-manufacturing, broader ai)
    assert cells[("ruhr", "ai")] == 1 and cells[("nrw", "ai-manufacturing")] == 1
    assert {(g["region"].rsplit("/", 1)[-1], g["topic"].rsplit("/", 1)[-1]) for g in cov["gaps"]} == set()
    gaps = {(g["item"].rsplit("/", 1)[-1], g["gap"]) for g in completeness_gaps(ds)}
    assert ("pic-999999999", "sector-unknown") in gaps and ("pic-999999999", "region-unknown") in gaps
    assert ("p2", "served-region-unknown") in gaps and ("hub-a", "topic-unknown") in gaps
    assert not any(g[0] == "p1-phase-1" for g in gaps)
