"""The network over time (innokg.analysis.temporal, innokg.projection.periods).

* the curated seed graph by year 2024–2026 against the hand-worked fixture tests/fixtures/seed-over-time/
  (working in its README.md, from the documents' sentences);
* Gould–Fernandez brokerage of every year of a dated network from outside (CORDIS H2020
  participations, one small country) against R's ``sna::brokerage`` run on the same slices;
* the stability figures against values worked by hand.
"""

from __future__ import annotations

import csv
import gzip
import math
from fractions import Fraction
from pathlib import Path

import pytest

from innokg.analysis.brokerage import ROLES
from innokg.analysis.temporal import analyze_over_time, rank_stability, ranks
from innokg.projection.network import Affiliation, organization_network
from innokg.projection.periods import Period, period_list, window_affiliations
from support.paths import ROOT, shared_data

FIXTURE = Path(__file__).parents[1] / "fixtures" / "seed-over-time"
ID = "https://w3id.org/innokg/id/"


@pytest.fixture(scope="module")
def seed_over_time():
    from innokg.projection.graph_input import GraphOptions, graph_network, period_networks

    if not any((ROOT / "graph" / "sources").glob("*.trig")):
        pytest.skip("the curated seed graph (graph/sources) is absent")
    options = GraphOptions(validate=False)
    net = graph_network([ROOT / "graph"], options)
    nets = period_networks(net, period_list("year", start="2024", end="2026"), options)
    return net, nets, analyze_over_time(nets, net.partition, seed=0)


def test_seed_dating_counts(seed_over_time):
    net = seed_over_time[0]
    assert len(net.dated.rows) == 70
    assert net.dated.how == {"own": 5, "group": 32, "undated": 33}


def test_seed_periods_match_hand_worked_fixture(seed_over_time):
    t = seed_over_time[2]
    expected = list(csv.DictReader(open(FIXTURE / "expected-periods.csv", encoding="utf-8")))
    assert [p["label"] for p in t.periods] == [e["period"] for e in expected]
    for got, exp in zip(t.graph, expected):
        assert (got["nodes"], got["ties"], got["components"]) == (int(exp["nodes"]), int(exp["ties"]),
                                                                  int(exp["components"])), exp["period"]
        assert got["density"] == pytest.approx(float(Fraction(exp["density"])), rel=1e-12)


def test_seed_brokers_per_year_match_hand_worked_fixture(seed_over_time):
    t = seed_over_time[2]
    expected = list(csv.DictReader(open(FIXTURE / "expected-brokers.csv", encoding="utf-8")))
    got = [r for r in t.nodes if r["total"] > 0]
    assert sorted((r["period"], r["node"].replace(ID, "")) for r in got) == sorted(
        (e["period"], e["node"]) for e in expected)
    by = {(r["period"], r["node"].replace(ID, "")): r for r in got}
    for e in expected:
        r = by[(e["period"], e["node"])]
        for role in (*ROLES, "total_rank"):
            assert r[role] == int(e[role]), (e["period"], e["node"], role)


def test_seed_change_matches_hand_worked_fixture(seed_over_time):
    t = seed_over_time[2]
    assert [(m["span"], m["node"].replace(ID, ""), m["change"], m["rank_from"], m["rank_to"], m["direction"])
            for m in t.movers] == [("2024→2025", "org/do-it-suedwestfalen-ev", 50.0, 2, 1, "riser"),
                                   ("2024→2026", "org/do-it-suedwestfalen-ev", 50.0, 2, 1, "riser")]
    assert [(g["span"], g["group_a"], g["group_b"], g["change"], g["ties_from"], g["ties_to"])
            for g in t.gap_changes] == [("2024→2025", "academia", "industry", "closed", 0, 4),
                                        ("2024→2025", "academia", "unknown", "closed", 0, 2),
                                        ("2025→2026", "academia", "government", "closed", 0, 1)]
    assert [(s["nodes"], math.isnan(s["spearman"]), math.isnan(s["kendall"])) for s in t.stability] == [
        (2, True, True), (2, True, True)]


def test_ranks_are_competition_ranks():
    rows = [{"node": n, "c": v} for n, v in (("a", 0.2), ("b", 0.1), ("c", 0.1), ("d", float("nan")))]
    assert ranks(rows, "c", ascending=True) == {"b": 1, "c": 1, "a": 3}


def test_stability_by_hand():
    """Five brokers ranked a>b>c>d>e before and a>c>b>e>d after (two swaps of neighbours).

    Spearman: d = (0, 1, 1, 1, 1), Σd² = 4, ρ = 1 − 6·4 / (5·24) = 0.8. Kendall: of the 10 pairs, 2
    are discordant (b–c, d–e), τ = (8 − 2) / 10 = 0.6. A node present in one period only, or brokering in
    neither, is left out."""
    before = {"a": 5, "b": 4, "c": 3, "d": 2, "e": 1, "x": 0, "only-before": 7}
    after = {"a": 50, "c": 40, "b": 30, "e": 20, "d": 10, "x": 0, "only-after": 9}
    r = rank_stability(before, after)
    assert r["nodes"] == 5
    assert r["spearman"] == pytest.approx(0.8, abs=1e-12)
    assert r["kendall"] == pytest.approx(0.6, abs=1e-12)


def _h2020_affiliations(country: str) -> tuple[list[Affiliation], dict]:
    path = shared_data("cordis-h2020-participations", "h2020.csv.gz")
    rows, types = [], {}
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            if r["country"] != country:
                continue
            start = r["start_date"] if r["start_date"] not in ("", "NA") else None
            end = r["end_date"] if r["end_date"] not in ("", "NA") else None
            rows.append(Affiliation(agent=r["pic"], group=r["rcn"], project=r["rcn"], kind="participation",
                                    start=start, end=end))
            types.setdefault(r["pic"], r["type"] or "NA")
    return sorted(set(rows)), types


@pytest.mark.slow
@pytest.mark.parametrize("dating", ["overlap", "start"])
def test_brokerage_per_year_equals_r_sna_on_cordis(dating):
    """CORDIS H2020, the organisations of Luxembourg and their co-participations, cut into the years
    2014–2020 by innokg's slicing; every year's Gould–Fernandez values (raw counts and z-scores, per
    organisation and for the whole network) against R's sna::brokerage on the same year's network."""
    from support.rsna import run_sna_brokerage_many

    rows, types = _h2020_affiliations("LU")
    periods = [Period(str(y), f"{y}-01-01", f"{y}-12-31") for y in range(2014, 2021)]
    nets = []
    for p in periods:
        G = organization_network(window_affiliations(rows, p.start, p.end, dating=dating, undated="drop"))
        for v in G:
            G.nodes[v]["type"] = types[v]
        nets.append((p, G))
    assert all(G.number_of_nodes() > 5 for _, G in nets)
    t = analyze_over_time(nets, "type", seed=0, closeness=False)
    refs = run_sna_brokerage_many([(G, {v: G.nodes[v]["type"] for v in G}) for _, G in nets])
    for (p, G), res, ref in zip(nets, t.results, refs):
        by = {r["node"]: r for r in res.nodes}
        for v in G:
            got_raw = [by[v][r] for r in ROLES]
            got_z = [by[v][f"{r}_z"] for r in ROLES]
            assert got_raw == ref["raw.nli"][v], (p.label, v)
            assert all((math.isnan(a) and math.isnan(b)) or a == b for a, b in zip(got_z, ref["z.nli"][v])), \
                (p.label, v, got_z, ref["z.nli"][v])
        graph_z = res.graph["brokerage"]["z"]
        assert all((math.isnan(graph_z[r]) and math.isnan(b)) or graph_z[r] == b
                   for r, b in zip(ROLES, ref["z.gli"])), p.label


@pytest.mark.slow  # worker processes
def test_seed_by_worker_processes_is_the_same(seed_over_time):
    """The curated graph by year, the periods analysed by two worker processes (``jobs=2``): every
    result the same as one after the other, to the last bit (compared as their JSON text)."""
    import json

    net, nets, t = seed_over_time
    t2 = analyze_over_time(nets, net.partition, seed=0, jobs=2)

    def text(x):
        return json.dumps(x, sort_keys=True, default=repr)

    for name in ("periods", "nodes", "movers", "gap_changes", "graph", "stability", "parameters"):
        assert text(getattr(t2, name)) == text(getattr(t, name)), name
    for a, b in zip(t.results, t2.results):
        assert text([a.nodes, a.graph, a.group_gaps, a.missing_links, a.parameters]) == text(
            [b.nodes, b.graph, b.group_gaps, b.missing_links, b.parameters])
    assert list(t2.timings) == [p["label"] for p in t.periods]


@pytest.mark.slow  # worker processes
def test_igraph_engine_by_worker_processes_is_the_same():
    """Three periods of 1,200 organisations each (igraph engine under ``auto``; betweenness and closeness
    from 50 sampled sources): one after the other, by two worker processes, and each period alone in
    this process give the same values to the last bit. Before igraph's PageRank was kept on one OpenMP
    thread (``centrality._one_openmp_thread``) its last bits changed from call to call."""
    import json

    import networkx as nx

    nets = []
    for y in (2018, 2019, 2020):
        G = nx.relabel_nodes(nx.gnm_random_graph(1200, 4800, seed=y), lambda v: f"o{v}")
        nx.set_node_attributes(G, {v: "a" if int(v[1:]) % 3 else "b" for v in G}, "side")
        nets.append((Period(f"{y}", f"{y}-01-01", f"{y}-12-31"), G))
    one = analyze_over_time(nets, "side", k=50, seed=1)
    two = analyze_over_time(nets, "side", k=50, seed=1, jobs=2)
    from innokg.analysis.network import analyze_network

    alone = [analyze_network(G, "side", k=50, seed=1) for _, G in reversed(nets)][::-1]

    def text(r):
        return json.dumps([r.nodes, r.graph, r.group_gaps, r.missing_links], sort_keys=True, default=repr)

    assert one.results[0].parameters["engine"] == "igraph"
    for a, b, c in zip(one.results, two.results, alone):
        assert text(a) == text(b) == text(c)


@pytest.mark.slow  # worker processes (jobs=2)
def test_period_networks_are_made_as_their_periods_are_handed_out():
    """A :class:`PeriodNetworks` is read one period at a time: with two workers, the empty period is made
    (announced) first, then the periods by decreasing affiliations (2019: 90, 2020: 36, 2018: 18), each
    when it is handed out; the results are those of the same networks, made up front, in one process."""
    import json

    import networkx as nx

    from innokg.projection.periods import PeriodNetworks, period_affiliations

    rows = []
    for year, partners in ((2018, 6), (2019, 30), (2020, 12)):
        for p in range(3):
            rows += [Affiliation(f"o{(o * 7 + p * 3) % 40}", f"p{year}-{p}", f"p{year}-{p}", "participation",
                                 start=str(year), end=str(year)) for o in range(partners)]
    periods = period_list("year", start="2017", end="2020")
    made = []

    def project(sliced):
        made.append(len(sliced))
        G = organization_network(sliced)
        nx.set_node_attributes(G, {v: "a" if int(v[1:]) % 3 else "b" for v in G}, "side")
        return G

    nets = PeriodNetworks(periods, period_affiliations(rows, periods), project)
    assert nets.sizes == [0, 18, 90, 36] and nets.made == [False] * 4
    said = []
    two = analyze_over_time(nets, "side", k=20, seed=1, jobs=2, progress=said.append)
    assert made == [0, 90, 36, 18]
    assert [s.split(":")[0] for s in said if " nodes, " in s] == ["period 2017", "period 2019", "period 2020",
                                                                  "period 2018"]
    one = analyze_over_time([(p, G) for p, G in nets], "side", k=20, seed=1)
    assert made == [0, 90, 36, 18]  # kept, not made again

    def text(t):
        return json.dumps([t.nodes, t.movers, t.gap_changes, t.graph, t.stability, t.parameters,
                           [[r.nodes, r.graph, r.group_gaps, r.missing_links, r.parameters] for r in t.results]],
                          sort_keys=True, default=repr)

    assert text(two) == text(one)
    assert two.results[0].nodes == [] and two.graph[0]["nodes"] == 0
