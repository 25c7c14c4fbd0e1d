"""The analysis of the curated seed graph (graph/) against the hand-worked fixture
tests/fixtures/seed-analysis/ (working in its README.md)."""

from __future__ import annotations

import csv
from fractions import Fraction
from pathlib import Path

import pytest

from innokg.analysis.network import analyze_network
from innokg.analysis.gaps import helix_composition
from innokg.projection.graph_tables import completeness_gaps
from innokg.load.files import load_dataset
from innokg.projection.network import affiliations, node_attributes, organization_network

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = Path(__file__).parents[1] / "fixtures" / "seed-analysis"
ID = "https://w3id.org/innokg/id/"


def short(v: str) -> str:
    return v.replace(ID, "")


@pytest.fixture(scope="module")
def seed():
    if not any((ROOT / "graph" / "sources").glob("*.trig")):
        pytest.skip("the curated seed graph (graph/sources) is absent")
    ds = load_dataset([ROOT / "graph"], ROOT / "ontology").dataset
    attrs = node_attributes(ds)
    rows = affiliations(ds, attributes=attrs)
    G = organization_network(rows, attrs)
    for v in G:
        G.nodes[v].setdefault("sector", "unknown")
    return ds, attrs, rows, G, analyze_network(G, "sector", seed=1)


def test_network_size(seed):
    _, _, _, G, res = seed
    assert (G.number_of_nodes(), G.number_of_edges(), res.graph["components"]) == (47, 116, 9)


def test_brokers_match_hand_worked_fixture(seed):
    res = seed[4]
    expected = {r["node"]: r for r in csv.DictReader(open(FIXTURE / "expected.csv", encoding="utf-8"))}
    brokers = {short(r["node"]): r for r in res.nodes if r["total"] > 0}
    assert set(brokers) == set(expected)
    for node, exp in expected.items():
        got = brokers[node]
        for role in ("coordinator", "itinerant", "representative", "gatekeeper", "liaison", "total"):
            assert got[role] == int(exp[role]), (node, role)
        for m in ("effective_size", "efficiency", "constraint"):
            assert got[m] == pytest.approx(float(Fraction(exp[m])), rel=1e-12), (node, m)
    assert sorted(short(v) for v in res.graph["articulation_points"]) == sorted(expected)


def test_hierarchy_of_wf_dortmund(seed):
    import math

    row = next(r for r in seed[4].nodes if short(r["node"]) == "org/wirtschaftsfoerderung-dortmund")
    # nine contacts (fixture README, section 3): six In|Die partners, the Mittelstand 4.0 hub, the
    # Südwestfalen consortium, Stadt Dortmund
    c = [Fraction(103, 420) ** 2] * 6 + [Fraction(37, 280) ** 2] * 2 + [Fraction(1, 15) ** 2]
    assert sum(c) == Fraction(20171, 50400)
    cbar = sum(c) / 9
    ratios = [ci / cbar for ci in c]
    h = sum(float(r) * math.log(float(r)) for r in ratios) / (9 * math.log(9))
    assert row["hierarchy"] == pytest.approx(h, rel=1e-12)


def test_gaps_match_hand_worked_fixture(seed):
    ds, attrs, rows, _, res = seed
    gaps = {(g["group_a"], g["group_b"]): g for g in res.group_gaps}
    ag = gaps[("academia", "government")]
    assert (ag["ties"], ag["possible"], ag["status"]) == (1, 120, "thin")
    assert ag["ratio"] == pytest.approx(1081 / 13920)
    au = gaps[("academia", "unknown")]
    assert (au["ties"], au["possible"], au["status"]) == (2, 120, "thin")
    assert au["ratio"] == pytest.approx(1081 / 6960)
    top6 = res.missing_links[:6]
    assert {tuple(sorted((short(link["u"]), short(link["v"])))) for link in top6} == {
        ("org/hwk-dortmund", "org/stadt-dortmund"), ("org/ihk-dortmund", "org/stadt-dortmund"),
        ("org/ihk-mittleres-ruhrgebiet", "org/stadt-dortmund"), ("org/sihk-hagen", "org/stadt-dortmund"),
        ("hub/mittelstand-4-0-kompetenzzentren-nrw", "org/stadt-dortmund"),
        ("consortium/digitale-fabrik-partner-industrieregion-suedwestfalen", "org/stadt-dortmund")}
    assert all(link["score"] == pytest.approx(1 / 9) for link in top6)
    assert all(short(link["via"][0]) == "org/wirtschaftsfoerderung-dortmund" for link in top6)
    assert res.missing_links[6]["score"] == pytest.approx(1 / 11)
    helix = {short(r["group"]): r for r in helix_composition(rows, attrs)}
    assert helix["project/in-die-regionruhr"]["missing"] == ["academia"]
    assert (helix["project/in-die-regionruhr"]["industry"], helix["project/in-die-regionruhr"]["government"]) == (4, 3)
    assert helix["project/aim"]["missing"] == ["government"]
    assert helix["project/edih-do"]["missing"] == []
    funderless = {short(g["item"]) for g in completeness_gaps(ds) if g["gap"] == "funder-unknown"}
    assert funderless == {"grant/edih-do-2", "grant/green-factory-regionale-2025"}
