"""The query library on the curated graph (graph/ + ontology/, reasoned as ``innokg build`` does).

Every ``*-violation`` check must return nothing on it; every query must run; a few answers
are checked against what the source documents say (quoted in the graph files' comments).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from innokg.sparql import bind_parameters, load_library, run_local
from innokg.sparql.library import resolve_parameters
from support.sparql_curated import curated_store

ROOT = Path(__file__).resolve().parents[2]
LIBRARY = load_library(ROOT / "queries")
ID = "https://w3id.org/innokg/id/"


@pytest.fixture(scope="module")
def curated():
    return curated_store()


def rows(store, name, **params):
    q = next(q for q in LIBRARY if q.name == name)
    text = bind_parameters(q.text, resolve_parameters(q, [f"{k}={v}" for k, v in params.items()]))
    return run_local(store, text).records()


@pytest.mark.parametrize("q", [q for q in LIBRARY if q.is_check], ids=lambda q: f"queries/{q.name}.rq")
def test_check_finds_nothing_on_the_curated_graph(q, curated):
    assert run_local(curated, q.text).records() == []


@pytest.mark.parametrize("q", [q for q in LIBRARY if not any(p.required and p.default is None for p in q.params)],
                         ids=lambda q: f"queries/{q.name}.rq")
def test_query_runs_on_the_curated_graph(q, curated):
    res = run_local(curated, bind_parameters(q.text, resolve_parameters(q, [])))
    assert not any(t is not None and t.type == "bnode" for row in res.rows for t in row)


def test_do_it_has_two_legal_carriers(curated):
    # seed 003: the cluster DO IT Südwestfalen is carried by the association (Trägerverein) and the GmbH
    got = {(r["hub"], r["role"], r["organization"]) for r in rows(curated, "hubs/hub-carriers")}
    hub = ID + "hub/do-it-suedwestfalen"
    assert {(hub, "legal carrier", ID + "org/do-it-suedwestfalen-ev"),
            (hub, "legal carrier", ID + "org/do-it-suedwestfalen-gmbh")} <= got


def test_kick_off_stated_as_friday_was_a_thursday(curated):
    # seed 002: "Kick-off-Meeting am Freitag, den 5. März 2026" — 5 March 2026 is a Thursday
    got = [{k: r.get(k) for k in ("event", "date", "statedDay", "actualDay")}
           for r in rows(curated, "events/events-with-weekday-conflict")]
    assert {"event": ID + "event/aim-2-kick-off", "date": "2026-03-05", "statedDay": "http://schema.org/Friday",
            "actualDay": "http://schema.org/Thursday"} in got


def test_digitale_fabrik_funded_by_eu_and_nrw(curated):
    # seed 000: "1,68 Millionen Euro ... bei der Europäischen Union und dem Land Nordrhein-Westfalen"
    got = rows(curated, "funding/grants-of-organization", organization=ID + "org/wirtschaftsfoerderung-dortmund")
    funders = {r["funder"] for r in got if r["grant"] == ID + "grant/digitale-fabrik"}
    assert funders == {ID + "org/european-union", ID + "org/land-nrw"}
    assert {r["amount"] for r in got if r["grant"] == ID + "grant/digitale-fabrik"} == {"1680000"}


def test_jrc_entries_list_hubs_typed_only_as_hubs(curated):
    """Two documents name a hub of no narrower kind, and the curated graph types it ikg:InnovationHub and nothing
    more: "Automotive Transformationsplattform ATLAS" (its document "says no more about its kind") and the
    "Mittelstand 4.0-Kompetenzzentren in NRW" (named "only as a group"). Every curated hub is listed, with an empty
    JRC entry where no link was made (none is, without `innokg link`); the query listed only the instances of
    proper subclasses before (9 rows, not 11)."""
    got = {r["hub"]: r.get("jrcEntry") for r in rows(curated, "linkage/jrc-entries-of-curated-hubs")}
    assert {ID + "hub/atlas", ID + "hub/mittelstand-4-0-kompetenzzentren-nrw", ID + "hub/aim",
            ID + "hub/edih-do"} <= set(got)
    assert len(got) == 11 and set(got.values()) == {None}


#: the queries that read the derived summary graph where it is (innokg.summary; their notes say how they fall back)
SUMMARY_READERS = ("provenance/source-documents", "checks/participation-incomplete-violation",
                   "checks/monetary-amount-incomplete-violation", "checks/amount-not-positive-violation",
                   "funding/grants-with-approximate-amounts")


@pytest.mark.parametrize("name", SUMMARY_READERS, ids=lambda n: f"queries/{n}.rq")
def test_same_rows_without_the_summary_graph(name, curated):
    """The curated store holds graph/summary (made by prepare after reasoning), so the tests above take the summary's
    route; here the same query on a copy without it reads the data, and must give the same rows."""
    import pyoxigraph as ox

    summary = ox.NamedNode("https://w3id.org/innokg/graph/summary")
    assert any(True for _ in curated.quads_for_pattern(None, None, None, summary))
    plain = ox.Store()
    plain.extend(q for q in curated if q.graph_name != summary)
    text = next(q for q in LIBRARY if q.name == name).text
    assert run_local(plain, text).rows == run_local(curated, text).rows


#: values tried for the parameters that '#@values' markers name (regions of regions.trig; Sachsen is not there)
MARKED_VALUES = {"within": [ID + "region/" + r for r in ("nuts-DE", "nuts-DEA", "nuts-DEA5", "suedwestfalen", "nuts-DED")]}


@pytest.mark.parametrize("q", [q for q in LIBRARY if "#@values" in q.text.replace("#+", "")],
                         ids=lambda q: f"queries/{q.name}.rq")
def test_a_values_marker_changes_no_row(q, curated):
    """A '#@values ?p' marker only repeats ?p's VALUES inside a sub-select (innokg.sparql.binding): with each marker
    turned into a plain comment the bound query must give the same rows - else the sub-select's ?p means something
    else than the outer one's. The marker must also have put the block there (the bound text holds it twice)."""
    from innokg.sparql.binding import values_markers

    named = sorted({v for _, names in values_markers(q.text) for v in names})
    assert named
    plain_text = q.text.replace("#@values", "#")
    for var in named:
        for value in MARKED_VALUES.get(var, []):
            given = [f"{var}={value}"]
            bound = bind_parameters(q.text, resolve_parameters(q, given))
            assert bound.count(f"VALUES ?{var} {{") == 2
            plain = bind_parameters(plain_text, resolve_parameters(q, given))
            assert run_local(curated, bound).rows == run_local(curated, plain).rows, value
