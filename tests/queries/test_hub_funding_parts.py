"""hubs/hub-funding-chains through a project's parts, worked by hand.

The curated graph funds hubs through the hub itself, its project and a project's phase; it has no grant of a
module inside a phase. This fixture has all four ways: hub h is realised by project p; phase ph1 is a phase of p;
module m1 is a module of ph1. Grant g3 funds p, g1 funds ph1, g2 funds m1 under programme a, which is part of
programme b. By the query's description (each grant "that funds it directly or funds a project (or a phase,
module or part of one) that realises the hub") the chains of h are exactly: p ← g3; ph1 ← g1; m1 ← g2 with programme a and top programme b. A hub with no grant
would be listed once with empty grant columns; h has grants, so it is not.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from innokg.sparql import load_library, run_local

ROOT = Path(__file__).resolve().parents[2]
ID = "https://w3id.org/innokg/id/"
FIXTURE = f"""
PREFIX ikg: <https://w3id.org/innokg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX id: <{ID}>
<https://w3id.org/innokg/graph/seed-x> {{
  <{ID}hub/h> a ikg:InnovationHub ; rdfs:label "Hub"@de .
  <{ID}p/p> ikg:realises <{ID}hub/h> .
  <{ID}p/ph1> ikg:phaseOf <{ID}p/p> .
  <{ID}p/m1> ikg:moduleOf <{ID}p/ph1> .
  <{ID}g/g1> a ikg:Grant ; ikg:fundedItem <{ID}p/ph1> .
  <{ID}g/g2> a ikg:Grant ; ikg:fundedItem <{ID}p/m1> ; ikg:fundingProgramme <{ID}prog/a> .
  <{ID}prog/a> ikg:partOfProgramme <{ID}prog/b> .
  <{ID}g/g3> a ikg:Grant ; ikg:fundedItem <{ID}p/p> .
}}
"""


def test_chains_through_the_project_its_phase_and_a_module_of_the_phase():
    store = ox.Store()
    store.load(input=FIXTURE, format=ox.RdfFormat.TRIG)
    text = {q.name: q for q in load_library(ROOT / "queries")}["hubs/hub-funding-chains"].text
    got = sorted((r["hub"], r["fundedItem"], r["grant"], r["programme"] or "", r["topProgramme"] or "")
                 for r in run_local(store, text).records())
    assert got == sorted([
        (f"{ID}hub/h", f"{ID}p/p", f"{ID}g/g3", "", ""),
        (f"{ID}hub/h", f"{ID}p/ph1", f"{ID}g/g1", "", ""),
        (f"{ID}hub/h", f"{ID}p/m1", f"{ID}g/g2", f"{ID}prog/a", f"{ID}prog/b"),
    ])
