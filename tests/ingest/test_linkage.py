"""``innokg link`` and the cross-dataset queries, on the hand-made fixture of tests/fixtures/linkage/.

The fixture (its README says what is in it) has one organisation in three datasets (ACME Robotik GmbH:
curated, CORDIS PIC 999000002, an ERDF beneficiary), a university whose PIC both the curated graph and CORDIS
state, a hub in the curated graph and the JRC catalogue, a look-alike of another legal form (ACME ROBOTIK E.V.
in Berlin) and 12 unrelated organisations per dataset whose names share words and towns. The expected links
and query rows below were worked out by hand from those files.
"""

from __future__ import annotations

import csv
from decimal import Decimal

import pyoxigraph as ox
import pytest

from innokg.sparql import load_library, run_local
from support.paths import FIXTURES, ROOT

FX = FIXTURES / "linkage"
ID = "https://w3id.org/innokg/id/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
SOURCES = ["curated=curated", "cordis-h2020=imports/cordis.trig", "jrc=imports/jrc.trig", "erdf-de=imports/erdf.trig"]
LIBRARY = {q.name: q for q in load_library(ROOT / "queries")}

#: worked out by hand: the same PIC; ACME in three datasets; the hub in two
EXPECTED = {
    (ID + "org/pic-999000001", ID + "org/uni-beispiel"),
    (ID + "org/acme", ID + "org/acme-robotik"),
    (ID + "org/acme", ID + "org/pic-999000002"),
    (ID + "org/acme-robotik", ID + "org/pic-999000002"),
    (ID + "hub/edih-beispiel", ID + "hub/jrc-dih-1"),
}


def link(run_cli, tmp_path, *extra):
    out = tmp_path / "links.trig"
    r = run_cli("link", *SOURCES, "-o", out, "--timestamp", "2026-01-01T00:00:00", *map(str, extra), cwd=FX)
    store = ox.Store()
    if out.exists():
        store.load(path=str(out), format=ox.RdfFormat.TRIG)
    return r, store


def links_of(store) -> dict[tuple[str, str], str]:
    q = (f"SELECT ?a ?p ?b WHERE {{ GRAPH ?g {{ ?a ?p ?b FILTER(?p IN (<{SKOS}exactMatch>, <{SKOS}closeMatch>)) }} }}")
    return {tuple(sorted((r["a"].value, r["b"].value))): r["p"].value[len(SKOS):] for r in store.query(q)}


def test_links_by_identifier_and_by_record_linkage(run_cli, tmp_path):
    r, store = link(run_cli, tmp_path, "--threshold", "0.8")
    assert r.returncode == 0, r.stderr
    links = links_of(store)
    assert set(links) == EXPECTED  # not ACME ROBOTIK E.V. (another legal form), none of the look-alikes
    assert links[(ID + "org/pic-999000001", ID + "org/uni-beispiel")] == "exactMatch"
    assert "1 by identifier" in r.stderr and "[INFO] [link] 57 records: cordis-h2020 15, curated 16, erdf-de 13, jrc 13" \
        in r.stderr.splitlines()
    # every link has its probability; the identifier link has 1
    cells = {tuple(sorted((row["a"].value, row["b"].value))): Decimal(row["m"].value) for row in store.query(
        "PREFIX align: <http://knowledgeweb.semanticweb.org/heterogeneity/alignment#> SELECT ?a ?b ?m WHERE { "
        "GRAPH ?g { ?c a align:Cell ; align:entity1 ?a ; align:entity2 ?b ; align:measure ?m } }")}
    assert set(cells) == EXPECTED
    assert cells[(ID + "org/pic-999000001", ID + "org/uni-beispiel")] == 1
    assert all(Decimal("0.8") <= p <= 1 for p in cells.values())


def test_the_links_graph_is_a_void_linkset(run_cli, tmp_path):
    _, store = link(run_cli, tmp_path, "--threshold", "0.8")
    g = "https://w3id.org/innokg/graph/org-links"
    rows = {(r["s"].value, r["n"].value) for r in store.query(
        "PREFIX void: <http://rdfs.org/ns/void#> SELECT ?s ?n WHERE { GRAPH ?g { ?s a void:Linkset ; void:triples ?n } }")}
    # 5 links: curated–cordis 2 (university, ACME), curated–erdf 1, cordis–erdf 1, curated–jrc 1
    assert rows == {(g, "5"), (g + "/cordis-h2020--curated", "2"), (g + "/curated--erdf-de", "1"),
                    (g + "/cordis-h2020--erdf-de", "1"), (g + "/curated--jrc", "1")}
    assert {r["g"].value for r in store.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")} == {g}


def test_review_file_and_decisions_kept_and_reused(run_cli, tmp_path):
    review = tmp_path / "review.csv"
    r, store = link(run_cli, tmp_path, "--threshold", "0.9", "--review", review)
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(review.open(encoding="utf-8")))
    pairs = {(row["a"], row["b"]) for row in rows}
    hub = (ID + "hub/edih-beispiel", ID + "hub/jrc-dih-1")
    assert hub in pairs and all(row["decision"] == "" for row in rows)
    assert hub not in links_of(store)  # under the threshold: for a person to decide
    # a person accepts the hub pair and rejects a pair the model links
    linked = sorted(p for p in links_of(store) if p[0] != ID + "org/pic-999000001")[0]
    for row in rows:
        if (row["a"], row["b"]) == hub:
            row["decision"] = "accept"
    rows.append({**rows[0], "a": linked[0], "b": linked[1], "decision": "reject"})
    with review.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    r, store = link(run_cli, tmp_path, "--threshold", "0.9", "--review", review)
    assert r.returncode == 0, r.stderr
    assert "2 decisions applied" in r.stderr
    links = links_of(store)
    assert links[hub] == "exactMatch" and linked not in links
    kept = {(row["a"], row["b"]): row["decision"] for row in csv.DictReader(review.open(encoding="utf-8"))}
    assert kept[hub] == "accept"  # the decision stays in the rewritten review file


def test_link_stores_every_predicate_its_queries_read():
    """``innokg link`` stores only the statements of READ_PREDICATES: exactly the properties its store queries
    name (prefixed names with a lower-case local part, and ``a``), read off the query texts."""
    import re

    from innokg.ingest import linkage, matching

    found = set()
    for q in (linkage._RECORDS_Q, linkage._RECIPIENT_Q, linkage._REGION_LABEL_Q, matching._Q):
        prefixes = dict(re.findall(r"PREFIX (\w+): <([^>]+)>", q))
        body = q.split("WHERE", 1)[1]
        found |= {prefixes[p] + local for p, local in re.findall(r"\b(\w+):([a-z]\w*)", body) if p in prefixes}
        if re.search(r"\?\w+ a \?", body):
            found.add("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    assert found == linkage.READ_PREDICATES


def test_bad_decision_is_an_error_naming_the_line(run_cli, tmp_path):
    bad = tmp_path / "d.csv"
    bad.write_text("decision,a,b\naccept,x,y\nmaybe,x,z\n", encoding="utf-8")
    r, _ = link(run_cli, tmp_path, "--decisions", bad)
    assert r.returncode == 2
    assert f"[ERROR] [{bad}:3] decision must be accept, reject or empty, not 'maybe'" in r.stderr
    assert not (tmp_path / "links.trig").exists()


# ------------------------------------------------------------------------------ the cross-dataset queries


@pytest.fixture(scope="module")
def linked_store(tmp_path_factory):
    from support.cli import run_in_process

    out = tmp_path_factory.mktemp("links") / "links.trig"
    r = run_in_process(["link", *SOURCES, "-o", str(out), "--threshold", "0.8"], cwd=FX)
    assert r.returncode == 0, r.stderr
    store = ox.Store()
    for f in [out, *sorted((FX / "curated").glob("*.trig")), *sorted((FX / "imports").glob("*.trig"))]:
        store.load(path=str(f), format=ox.RdfFormat.TRIG)
    store.load(path=str(ROOT / "ontology" / "innokg.ttl"), format=ox.RdfFormat.TURTLE,
               to_graph=ox.NamedNode("https://w3id.org/innokg/graph/ontology"))
    return store


def records(store, name):
    return run_local(store, LIBRARY[name].text).records()


def test_cordis_projects_of_curated_organisations(linked_store):
    got = {(r["organization"], r["pic"], r["linkType"], int(r["projects"]), Decimal(r["euContribution"]), r.get("hubs"))
           for r in records(linked_store, "linkage/cordis-projects-of-curated-organisations")}
    assert got == {
        # the university: project 2, 300,000 EUR; no hub
        (ID + "org/uni-beispiel", "999000001", "exactMatch", 1, Decimal("300000"), None),
        # ACME: projects 1 and 2, 100,000.50 + 25,000 EUR; a partner of the EDIH's project
        (ID + "org/acme", "999000002", "closeMatch", 2, Decimal("125000.50"), ID + "hub/edih-beispiel"),
    }


def test_jrc_entries_of_curated_hubs(linked_store):
    got = {(r["hub"], r.get("jrcHubId"), r.get("linkType")) for r in records(linked_store, "linkage/jrc-entries-of-curated-hubs")}
    assert got == {(ID + "hub/edih-beispiel", "1", "closeMatch"), (ID + "hub/de-hub-nirgends", None, None)}


def test_organisations_in_several_datasets(linked_store):
    got = {(r["organization"], int(r["datasets"]), r["datasetList"] and " ".join(sorted(r["datasetList"].split())))
           for r in records(linked_store, "linkage/organisations-in-several-datasets")}
    three = "cordis-h2020 curated erdf-de"
    assert got == {
        (ID + "org/acme", 3, three), (ID + "org/acme-robotik", 3, three), (ID + "org/pic-999000002", 3, three),
        (ID + "org/uni-beispiel", 2, "cordis-h2020 curated"), (ID + "org/pic-999000001", 2, "cordis-h2020 curated"),
        (ID + "hub/edih-beispiel", 2, "curated jrc-dih-catalogue-2022"),
        (ID + "hub/jrc-dih-1", 2, "curated jrc-dih-catalogue-2022"),
    }


# ------------------------------------------------------------------------------ the real datasets


@pytest.mark.slow
def test_real_datasets_precision_and_recall_on_the_labelled_sample(run_cli, tmp_path, session_folder):
    """All of CORDIS H2020 × ERDF × JRC × the curated graph: on the 315 hand-labelled pairs of
    tests/fixtures/linkage-sample/ the record linkage is at least as precise as the exact-name rule (≥ 0.95)
    and finds more of the same organisations (the rule: 63 of 134)."""
    import re

    from support.imports import imported

    # skips, saying why, when the public datasets are absent; each mapping names its own folder
    outs = {name: imported(session_folder, name).path for name in ("cordis-h2020", "erdf-de", "jrc-dih")}
    labels = FIXTURES / "linkage-sample" / "labelled-pairs.csv"
    r = run_cli("link", f"curated={ROOT / 'graph'}", f"cordis-h2020={outs['cordis-h2020']}",
                f"erdf-de={outs['erdf-de']}", f"jrc={outs['jrc-dih']}", "-o", tmp_path / "links.trig",
                "--labels", labels)
    assert r.returncode == 0, r.stderr
    got = {m.group(1): (float(m.group(2)), float(m.group(3))) for m in re.finditer(
        r"\[INFO\] \[link\] (record linkage|exact-name rule) on \d+ labelled pairs: precision ([\d.]+), recall ([\d.]+)",
        r.stderr)}
    assert got["record linkage"][0] >= 0.95 and got["exact-name rule"][0] >= 0.95
    assert got["record linkage"][1] > got["exact-name rule"][1] + 0.2
