"""The curated graph states the facts issue 13 corrected, as the documents state them (sentence quoted beside
each check; the list with the working is in tests/queries/README.md and the commit messages of branch issue13)."""

from __future__ import annotations

import pytest

from innokg.sparql import run_local
from support.sparql_curated import curated_store

ID = "https://w3id.org/innokg/id/"
P = """PREFIX ikg: <https://w3id.org/innokg/ontology#>
PREFIX schema: <http://schema.org/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX id: <https://w3id.org/innokg/id/>
"""


@pytest.fixture(scope="module")
def g():
    return curated_store()


def has(store, body):
    return bool(run_local(store, P + "SELECT * WHERE { " + body + " } LIMIT 1").rows)


@pytest.mark.parametrize("node,status", [
    # 000: "sowie perspektivisch AI Gigafactories"
    ("project/ai-gigafactories", "Expected"),
    # 001: "Ab September 2019 stehen in dem neuen Projekt „Digitale Fabrik“ ... zwei InnovationCoaches ... bereit."
    ("project/digitale-fabrik", "Expected"),
    ("service/digitale-fabrik-innovation-coaches", "Expected"),
    # 001: "Einen Förderbescheid über 1,68 Millionen Euro ... übergab ... nun" — a fact about the planned project
    ("grant/digitale-fabrik", "Observed"),
    # 001: "Eine enge Zusammenarbeit mit Partnern in der Industrieregion Südwestfalen ... ist verabredet."
    ("participation/digitale-fabrik-partner-industrieregion-suedwestfalen", "Expected"),
    # 003: "Die Green Factory wird ein Leuchtturmprojekt ... werden"
    ("project/green-factory", "Expected"),
    # 003: "In beiden Verbundprojekten übernimmt das Clustermanagement ... die Rolle zur Verstetigung und zum Transfer"
    ("participation/ki-sandbox-suedwestfalen-do-it-suedwestfalen-clustermanagement", "Expected"),
    ("participation/methodenwerkstatt-digitale-geschaeftsmodelle-do-it-suedwestfalen-clustermanagement", "Expected"),
    # 004: "Die erste offizielle Eröffnungsfeier eines regionalen Digital Hub steht kurz bevor."
    ("event/zd-bb-opening", "Expected"),
    # 004: "In den kommenden zwei Jahren werden dazu rund 70 ganz konkrete Projekte mit einem Volumen von 265
    # Millionen Euro umgesetzt"
    ("amount/digital-bw-projects", "Expected"),
    ("project/digital-bw-projects", "Expected"),
    # 004: "bietet sich uns die Chance, ein schlagkräftiges Digital Hub-Netzwerk im Land aufzubauen"
    ("hub/digital-hub-netzwerk-bw", "Expected"),
])
def test_plans_carry_a_status(g, node, status):
    assert has(g, f"<{ID}{node}> ikg:status ikg:{status} .")


def test_the_zd_bb_opening_is_scheduled(g):
    assert has(g, f"<{ID}event/zd-bb-opening> schema:eventStatus schema:EventScheduled .")


def test_no_person_is_invented_from_an_e_mail_address(g):
    # 002: "Verbandsreferentin ... E-Mail: isabel.weyerts@bitmi.de" — a post, no name
    assert not has(g, f"<{ID}person/isabel-weyerts> ?p ?o .")
    assert has(g, f"<{ID}org/bitmi> schema:contactPoint ?c . ?c schema:contactType ?t . FILTER(STR(?t) = 'Verbandsreferentin')")


def test_end_of_2024_is_a_year_not_a_day(g):
    # 003: "Zum Ende des Jahres 2024 lag die Anzahl der Mitglieder im Verein DO IT Südwestfalen e.V. bei 60."
    rows = run_local(g, P + f"SELECT ?d WHERE {{ ?i ikg:indicatorOf <{ID}org/do-it-suedwestfalen-ev> ; ikg:value ?v ;"
                            " ikg:referenceDate ?d . FILTER(?v = 60) }").records()
    assert [r["d"] for r in rows] == ["2024"]


def test_the_billion_is_the_state_governments_not_digital_bw_s(g):
    # 004: "Die Digitalisierung ist ein zentraler Arbeitsschwerpunkt der Landesregierung: Rund eine Milliarde Euro
    # werden in dieser Legislaturperiode in die Digitalisierung investiert."
    assert has(g, f"<{ID}org/land-baden-wuerttemberg> ikg:budget <{ID}amount/digital-bw-legislative-period> .")
    assert not has(g, f"<{ID}strategy/digital-bw> ikg:budget ?a .")


def test_the_one_bridge_between_001_and_003(g):
    # 001: "Eine enge Zusammenarbeit mit Partnern in der Industrieregion Südwestfalen ... ist verabredet."
    assert has(g, f"?p ikg:inProject <{ID}project/digitale-fabrik> ; ikg:participant ?x . ?x ikg:locatedIn <{ID}region/suedwestfalen> .")


def test_initiators_and_members_of_in_die_regionruhr(g):
    # 001: "haben die Wirtschaftsförderungen Hagen, Bochum und Dortmund in Kooperation mit den regionalen Kammern das
    # Projekt ... ins Leben gerufen"; "Die Wirtschaftsförderungen und Kammern der Region unterstützen ... im Netzwerk"
    initiators = run_local(g, P + f"SELECT ?o WHERE {{ ?p ikg:inProject <{ID}project/digitale-fabrik> ; ikg:participant ?o ;"
                                  f" ikg:participationRole <{ID}role/initiator> }}").records()
    assert {r["o"] for r in initiators} == {ID + "org/wirtschaftsfoerderung-dortmund",
                                            ID + "org/wirtschaftsentwicklung-bochum", ID + "org/hagenagentur"}
    members = run_local(g, P + f"SELECT ?o WHERE {{ ?m org:organization <{ID}hub/in-die-regionruhr> ; org:member ?o }}").records()
    assert len({r["o"] for r in members}) == 7


def test_de_hubs_are_in_the_planned_hub_network(g):
    # 004: "Im Zusammenspiel mit den drei de:hubs ... ein schlagkräftiges Digital Hub-Netzwerk im Land aufzubauen"
    rows = run_local(g, P + f"SELECT ?h WHERE {{ ?m org:organization <{ID}hub/digital-hub-netzwerk-bw> ; org:member ?h ;"
                            " ikg:status ikg:Expected }").records()
    assert {r["h"] for r in rows} >= {ID + "hub/de-hub-future-industries-stuttgart",
                                      ID + "hub/de-hub-kuenstliche-intelligenz-karlsruhe",
                                      ID + "hub/de-hub-digitale-chemie-und-gesundheit-mannheim-ludwigshafen"}


@pytest.mark.parametrize("subject,predicate", [
    ("org/innoloft", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
    ("org/kunststoffinstitut-luedenscheid", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
    ("org/bezirksregierung-arnsberg", "https://w3id.org/innokg/ontology#servesRegion"),
    ("membership/do-it-suedwestfalen-ev-board-hanni-koch", "http://schema.org/startDate"),
    ("indicator/aim-2-research-partners", "https://w3id.org/innokg/ontology#referenceDate"),
    ("grant/edih-do-2", "https://w3id.org/innokg/ontology#recipient"),
])
def test_curator_inferences_are_marked_in_the_triples(g, subject, predicate):
    assert has(g, f"?st rdf:subject <{ID}{subject}> ; rdf:predicate <{predicate}> ;"
                  f" dcterms:provenance <{ID}basis/curator-inference> .")
