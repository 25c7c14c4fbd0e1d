"""Projections from the fixture graph tests/fixtures/network/mini-ecosystem.trig.

Expected networks worked out by hand from the fixture (see its README): P1 (phases 1
and 2 rolled up) has uni, firm1, fh and the PIC-only organisation; hub A has uni
(legal carrier), firm1 and city (the person member is left out); P2 has fh and firm2.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from innokg.load.files import load_dataset
from innokg.projection.network import (Filters, affiliations, group_context, multimode_network, node_attributes,
                               organization_network, query_dir, run_query, two_mode_network)

FIXTURE = Path(__file__).parents[1] / "fixtures" / "network" / "mini-ecosystem.trig"
ID = "https://w3id.org/innokg/id/"


def o(name):
    return f"{ID}org/{name}"


@pytest.fixture(scope="module")
def ds():
    return load_dataset([FIXTURE]).dataset


def _edges(G):
    short = lambda v: v.rsplit("/", 1)[-1]  # noqa: E731
    return sorted(tuple(sorted((short(u), short(v)))) + (d["weight"],) for u, v, d in G.edges(data=True))


@pytest.mark.parametrize("path", sorted((Path(__file__).parents[2] / "queries" / "projections").glob("*.rq")),
                         ids=lambda p: f"queries/projections/{p.name}")
def test_projection_query_parses_and_runs(path, ds):
    from rdflib.plugins.sparql import prepareQuery

    prepareQuery(path.read_text(encoding="utf-8"))
    assert run_query(ds, path), f"{path.name} returns no rows on the fixture"
    assert path.read_text(encoding="utf-8").startswith("#+ summary:")


def test_organisation_network_all(ds):
    G = organization_network(affiliations(ds))
    assert sorted(v.rsplit("/", 1)[-1] for v in G) == [
        "city", "fh", "firm1", "firm2", "pic-999999999", "uni", "uni-lab"]
    assert _edges(G) == [
        ("city", "firm1", 1.0), ("city", "uni", 1.0), ("fh", "firm1", 1.0), ("fh", "firm2", 1.0),
        ("fh", "pic-999999999", 1.0), ("fh", "uni", 1.0), ("firm1", "pic-999999999", 1.0),
        ("firm1", "uni", 2.0), ("pic-999999999", "uni", 1.0), ("uni", "uni-lab", 1.0)]
    kinds = {(a.agent.rsplit("/", 1)[-1], a.kind) for a in affiliations(ds) if a.project == o("uni")}
    assert kinds == {("uni", "self"), ("uni-lab", "unit")}


def test_newman_weighting(ds):
    G = organization_network(affiliations(ds), weighting="newman")
    # uni-firm1 share P1 (4 members: 1/3) and hub A (3 members: 1/2)
    assert G[o("uni")][o("firm1")]["weight"] == pytest.approx(1 / 3 + 1 / 2)
    assert G[o("fh")][o("firm2")]["weight"] == 1.0


def test_filters(ds):
    topic = organization_network(affiliations(ds, Filters(topic=ID + "topic/ai")))
    assert sorted(v.rsplit("/", 1)[-1] for v in topic) == ["fh", "firm1", "pic-999999999", "uni"]
    assert topic.number_of_edges() == 6
    window = organization_network(affiliations(ds, Filters(start="2019", end="2019-12")))
    assert _edges(window) == [("city", "firm1", 1.0), ("city", "uni", 1.0), ("firm1", "uni", 1.0),
                              ("uni", "uni-lab", 1.0)]
    funder = affiliations(ds, Filters(funder=o("funder-land")))
    assert sorted(a.agent.rsplit("/", 1)[-1] for a in funder) == ["fh", "firm2"]
    programme = affiliations(ds, Filters(programme=ID + "programme/hightech"))
    assert {a.project for a in programme} == {ID + "project/p1"}
    region = affiliations(ds, Filters(region=ID + "region/ruhr"))
    assert sorted({a.agent.rsplit("/", 1)[-1] for a in region}) == ["city", "firm1", "uni"]  # lab: no region
    nrw = affiliations(ds, Filters(region=ID + "region/nrw"))
    assert {a.agent for a in nrw} == {o(x) for x in ("city", "firm1", "uni", "fh", "firm2")}


def test_attributes_and_multimode(ds):
    attrs = node_attributes(ds, lang="de")
    assert attrs[o("uni")]["label"] == "Test-Universität"
    assert attrs[o("uni")]["sector"] == "academia" and attrs[o("city")]["sector"] == "government"
    assert attrs[o("pic-999999999")]["pic"] == "999999999" and "sector" not in attrs[o("pic-999999999")]
    rows = affiliations(ds)
    B = two_mode_network(rows, attrs)
    assert B.degree(o("fh")) == 2 and B.nodes[ID + "project/p1"]["bipartite"] == 1
    M = multimode_network(rows, attrs, group_context(ds))
    modes = {d["mode"] for _, d in M.nodes(data=True)}
    assert modes == {"organization", "group", "region"}
    assert M.has_edge(ID + "hub/hub-a", ID + "region/ruhr") and M.has_edge(o("fh"), ID + "region/owl")


def test_query_dir_is_the_checkout():
    assert (query_dir() / "affiliations.rq").is_file()


@pytest.mark.parametrize("name", ["affiliations", "group-context", "node-attributes"])
def test_projection_query_rows_on_library_fixture(name):
    """Rows on tests/fixtures/queries/ecosystem.trig, worked by hand
    (tests/fixtures/network/README.md, last section)."""
    from innokg.sparql import format_results, load_store, run_local

    fix = Path(__file__).parents[1] / "fixtures" / "queries"
    res = run_local(load_store(fix / "ecosystem.trig"), (query_dir() / f"{name}.rq").read_text(encoding="utf-8"))
    expected = (fix / "expected" / f"projections__{name}.csv").read_text(encoding="utf-8")
    assert format_results(res, "csv").replace("\r\n", "\n") == expected.replace("\r\n", "\n")


@pytest.mark.parametrize("text", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:{port}/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SELECT ?x WHERE { SERVICE SILENT <http://127.0.0.1:{port}/q> "
    "{ ?x ?y ?z } } } }",
    "INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }",
], ids=["service", "nested-silent", "update"])
def test_run_query_refuses_service_and_updates_without_a_connection(tmp_path, ds, text):
    """The projection runner goes through the query guard: no connection reaches a loopback listener."""
    import socket

    from innokg.errors import QueryError

    with socket.socket() as srv:
        srv.bind(("127.0.0.1", 0))
        srv.listen(1)
        srv.settimeout(0.5)
        rq = tmp_path / "bad.rq"
        rq.write_text(text.replace("{port}", str(srv.getsockname()[1])), encoding="utf-8")
        with pytest.raises(QueryError) as err:
            run_query(ds, rq)
        assert str(rq) in str(err.value)
        with pytest.raises(socket.timeout):
            srv.accept()
