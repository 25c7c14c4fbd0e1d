"""The network over time as GEXF 1.3 (innokg.results.netfiles.write_dynamic_gexf).

No package registry reachable here ships the GEXF 1.3 XML Schema (looked at 2026-12-03: PyPI gexfpy 0.1.1
holds xsdata classes generated from the 1.2 draft and no .xsd, gephipy 0.0.2 downloads the Gephi toolkit jar
from Maven at run time, graphistry 0.61.2 wheel and sdist read and write GEXF 1.3 without a schema; npm
graphology-gexf 0.13.2 and gexf 0.2.6 hold no .xsd; Debian has no package matching gexf or gephi), so the
file is checked (1) against the structure the 1.3 schema and primer prescribe
— namespace and version, dynamic mode with a date time format, attribute declarations before use,
typed values, closed spells with start ≤ end that do not overlap, attvalues inside their element's
spells, edges between declared nodes, inside both ends' spells — and (2) read back by a second reader,
networkx's GEXF parser (its 1.2-draft grammar, which 1.3 keeps for everything written here, under the
1.3 namespace). Expected values: the mini fixture over time, worked in tests/fixtures/network/README.md.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import networkx as nx
import pytest

FIXTURE = Path(__file__).parents[1] / "fixtures" / "network" / "mini-ecosystem.trig"
NS = "{http://gexf.net/1.3}"
O = "https://w3id.org/innokg/id/org/"


@pytest.fixture(scope="module")
def gexf(tmp_path_factory):
    from innokg.analysis.temporal import analyze_over_time
    from innokg.projection.graph_input import GraphOptions, graph_network, period_networks
    from innokg.projection.periods import period_list
    from innokg.results.netfiles import write_dynamic_gexf

    options = GraphOptions(validate=False)
    net = graph_network([FIXTURE], options)
    nets = period_networks(net, period_list("year", start="2018", end="2021"), options)
    t = analyze_over_time(nets, net.partition)
    path = tmp_path_factory.mktemp("gexf") / "network-over-time.gexf"
    with open(path, "w", encoding="utf-8") as fh:
        write_dynamic_gexf(fh, t.periods, [G for _, G in nets], [r.nodes for r in t.results])
    return path


def _spells(el):
    return [(date.fromisoformat(s.get("start")), date.fromisoformat(s.get("end")))
            for s in el.findall(f"{NS}spells/{NS}spell")]


def _inside(start, end, spells) -> bool:
    return any(a <= start and end <= b for a, b in spells)


def test_structure_of_gexf_1_3(gexf):
    root = ET.parse(gexf).getroot()
    assert root.tag == f"{NS}gexf" and root.get("version") == "1.3"
    graph = root.find(f"{NS}graph")
    assert (graph.get("mode"), graph.get("timeformat"), graph.get("defaultedgetype")) == ("dynamic", "date",
                                                                                         "undirected")
    declared = {}
    for attrs in graph.findall(f"{NS}attributes"):
        assert attrs.get("class") in ("node", "edge") and attrs.get("mode") == "dynamic"
        for a in attrs.findall(f"{NS}attribute"):
            assert a.get("type") in ("boolean", "integer", "long", "double", "float", "string")
            declared[(attrs.get("class"), a.get("id"))] = a.get("type")
    spells_of = {}
    for cls, path in (("node", f"{NS}nodes/{NS}node"), ("edge", f"{NS}edges/{NS}edge")):
        for el in graph.findall(path):
            spells = _spells(el)
            assert spells and all(a <= b for a, b in spells)
            assert all(spells[i][1] < spells[i + 1][0] for i in range(len(spells) - 1)), "spells overlap"
            for av in el.findall(f"{NS}attvalues/{NS}attvalue"):
                kind = declared[(cls, av.get("for"))]
                v = av.get("value")
                if kind == "double":
                    float(v)
                elif kind == "integer":
                    int(v)
                elif kind == "boolean":
                    assert v in ("true", "false")
                assert _inside(date.fromisoformat(av.get("start")), date.fromisoformat(av.get("end")), spells)
            if cls == "node":
                spells_of[el.get("id")] = spells
            else:
                for end in (el.get("source"), el.get("target")):
                    assert all(_inside(a, b, spells_of[end]) for a, b in spells)


def _read_with_networkx(path):
    from networkx.readwrite.gexf import GEXF

    if "1.3" not in GEXF.versions:  # networkx knows the 1.1 and 1.2 drafts; 1.3 keeps their grammar here
        v = dict(GEXF.versions["1.2draft"])
        v.update(NS_GEXF="http://gexf.net/1.3", SCHEMALOCATION="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd",
                 VERSION="1.3")
        GEXF.versions["1.3"] = v
    return nx.read_gexf(path, version="1.3")


def test_read_back_by_networkx_by_hand(gexf):
    G = _read_with_networkx(gexf)
    assert G.graph["mode"] == "dynamic"
    assert sorted(v.rsplit("/", 1)[-1] for v in G) == ["city", "fh", "firm1", "firm2", "pic-999999999", "uni",
                                                       "uni-lab"]
    uni = G.nodes[O + "uni"]
    assert uni["label"] == "Test University"
    assert uni["spells"] == [("2018-01-01", "2021-12-31")]
    assert [(v, s) for v, s, _ in uni["total"]] == [(2.0, "2018-01-01"), (4.0, "2019-01-01"), (4.0, "2020-01-01"),
                                                    (4.0, "2021-01-01")]
    # city joins hub A in 2019; fh is in P1 phase 2 (2020) and P2 (2021); firm2 in P2 (2021) only
    assert G.nodes[O + "city"]["spells"] == [("2019-01-01", "2021-12-31")]
    assert G.nodes[O + "fh"]["spells"] == [("2020-01-01", "2021-12-31")]
    assert G.nodes[O + "firm2"]["spells"] == [("2021-01-01", "2021-12-31")]
    # uni–firm1: P1 in 2018, hub A 2019–2021; fh–PIC: P1 phase 2 in 2020 only
    assert G[O + "firm1"][O + "uni"]["spells"] == [("2018-01-01", "2021-12-31")]
    assert G[O + "fh"][O + "pic-999999999"]["spells"] == [("2020-01-01", "2020-12-31")]
    # over all years: uni–firm1, uni–lab, uni–city, firm1–city, fh–PIC, fh–firm2
    assert G.number_of_edges() == 6


def test_rolling_windows_are_cut_back_on_the_timeline():
    import io

    from innokg.results.netfiles import write_dynamic_gexf

    periods = [{"label": "2014–2016", "start": "2014-01-01", "end": "2016-12-31"},
               {"label": "2015–2017", "start": "2015-01-01", "end": "2017-12-31"}]
    G1, G2 = nx.Graph([("a", "b")]), nx.Graph([("a", "b"), ("b", "c")])
    buf = io.StringIO()
    write_dynamic_gexf(buf, periods, [G1, G2], [[{"node": "a", "x": 1.0}], [{"node": "a", "x": 2.0}]])
    root = ET.fromstring(buf.getvalue())
    a = next(n for n in root.iter(f"{NS}node") if n.get("id") == "a")
    assert [(s.get("start"), s.get("end")) for s in a.iter(f"{NS}spell")] == [("2014-01-01", "2017-12-31")]
    assert [(v.get("value"), v.get("start"), v.get("end")) for v in a.iter(f"{NS}attvalue")] == [
        ("1.0", "2014-01-01", "2014-12-31"), ("2.0", "2015-01-01", "2017-12-31")]
