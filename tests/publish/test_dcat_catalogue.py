"""The catalogue ``innokg publish`` writes: DCAT-AP 3.0.0 (checked with pySHACL against the release's own
shapes), licences per source (tests/fixtures/publish/README.md, "licences.trig", says what each graph must
get), versions and the changelog, and the tables per entity kind."""

from __future__ import annotations

import csv
import gzip
import hashlib
import json
import shutil
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, SH

from support.cli import run_in_process
from support.publish_checks import RAPPER, rapper_count

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "publish"
DCAT_AP = ROOT.parent / "shared" / "standards" / "dcat-ap-3.0.0"
ID = "https://w3id.org/innokg/id/"
GRAPH = "https://w3id.org/innokg/graph/"
SITE = "https://w3id.org/innokg/"
CC_BY, MIT = "https://creativecommons.org/licenses/by/4.0/", "https://spdx.org/licenses/MIT"
UNKNOWN, NON_COMMERCIAL = ID + "licence/unknown", ID + "licence/eurostat-gisco-non-commercial"
ADMS_V = Namespace("http://www.w3.org/ns/adms#")
DCAT3 = Namespace(str(DCAT))  # version, previousVersion: DCAT 3 terms rdflib's DCAT namespace lacks
needs_dcat_ap = pytest.mark.skipif(not (DCAT_AP / "shapes.ttl").is_file(),
                                   reason="../shared/standards/dcat-ap-3.0.0 (the DCAT-AP 3.0.0 shapes) is not beside "
                                          "the clone")


def publish(out: Path, data: Path, *extra) -> Path:
    r = run_in_process(["publish", out, "--data", data, "--ontology", ROOT / "ontology", "--shapes",
                        ROOT / "shapes", "--issued", "2026-12-01", *extra])
    assert r.returncode == 0, r.stderr
    return out


@pytest.fixture(scope="module")
def licence_site(tmp_path_factory) -> Path:
    return publish(tmp_path_factory.mktemp("lic") / "site", FIXTURES / "licences.trig")


def findings(site: Path, *shape_files: str) -> list[tuple[str, str, str, str]]:
    """(severity, focus node, path, component) of every result of the DCAT-AP shapes on the site's void.ttl."""
    import pyshacl

    shapes = Graph()
    for f in shape_files:
        shapes.parse(DCAT_AP / f, format="turtle")
    _conforms, report, _text = pyshacl.validate(Graph().parse(site / "void.ttl", format="turtle"),
                                                shacl_graph=shapes, allow_warnings=True)
    return sorted((str(report.value(r, SH.resultSeverity)).rsplit("#", 1)[-1], str(report.value(r, SH.focusNode)),
                   str(report.value(r, SH.resultPath)), str(report.value(r, SH.sourceConstraintComponent)))
                  for r in report.subjects(RDF.type, SH.ValidationResult))


@needs_dcat_ap
@pytest.mark.parametrize("data, left", [
    # the fixture names no country: no spatial coverage to state
    ("tests/fixtures/publish/ecosystem.trig", {"type", "spatial"}),
    ("tests/fixtures/publish/licences.trig", {"type", "bbox", "centroid"}),
    ("graph", {"type", "bbox", "centroid"})])
def test_catalogue_passes_dcat_ap_3(data, left, tmp_path):
    site = publish(tmp_path / "site", ROOT / data)
    assert findings(site, "shapes.ttl", "range.ttl") == []
    # the recommended shapes: what is left is listed in the README ("Publishing", DCAT-AP)
    recommended = findings(site, "shapes_recommended.ttl")
    assert {f[0] for f in recommended} == {"Warning"}
    assert {f[2].rsplit("/", 1)[-1].rsplit("#", 1)[-1] for f in recommended} == left
    assert ("Warning", SITE + "catalog#publisher", str(DCTERMS.type),
            "http://www.w3.org/ns/shacl#MinCountConstraintComponent") in recommended


def test_each_graph_states_its_licences(licence_site):
    g = Graph().parse(licence_site / "void.ttl", format="turtle")

    def licences(graph):
        return {str(o) for o in g.objects(URIRef(GRAPH + graph), DCTERMS.license)}

    assert licences("cordis") == {CC_BY, MIT}
    assert licences("erdf") == {UNKNOWN, NON_COMMERCIAL}
    assert licences("seed") == {UNKNOWN}
    assert licences("ontology") == {CC_BY}
    assert licences("org-matches") == {CC_BY, MIT, UNKNOWN, NON_COMMERCIAL}  # the graphs it links
    assert {str(o) for o in g.objects(URIRef(GRAPH + "cordis"), DCTERMS.rightsHolder)} == \
        {"European Commission (CORDIS)"}
    assert URIRef(UNKNOWN) in set(g.subjects(RDF.type, DCTERMS.LicenseDocument))
    assert (URIRef(UNKNOWN), DCTERMS.type, URIRef("http://purl.org/adms/licencetype/UnknownIPR")) in g
    assert (URIRef(NON_COMMERCIAL), DCTERMS.type, URIRef("http://purl.org/adms/licencetype/NonCommercialUseOnly")) in g


def test_organisation_links_form_a_linkset(licence_site):
    g = Graph().parse(licence_site / "void.ttl", format="turtle")
    void = Namespace("http://rdfs.org/ns/void#")
    sets = list(g.subjects(RDF.type, void.Linkset))
    assert len(sets) == 1
    ls = sets[0]
    assert (g.value(ls, void.subjectsTarget), g.value(ls, void.objectsTarget), g.value(ls, void.linkPredicate),
            g.value(ls, void.triples).toPython()) == (
        URIRef(GRAPH + "cordis"), URIRef(GRAPH + "erdf"), URIRef("http://www.w3.org/2004/02/skos/core#exactMatch"), 1)
    assert (URIRef(SITE + "dataset"), void.subset, ls) in g


def test_a_download_is_under_every_licence_of_its_parts(licence_site):
    g = Graph().parse(licence_site / "void.ttl", format="turtle")

    def terms(path):
        dist = URIRef(SITE + path + "#distribution")
        lic = g.value(dist, DCTERMS.license)
        parts = {str(o) for o in g.objects(lic, DCTERMS.hasPart)} or {str(lic)}
        return parts, str(g.value(g.value(dist, DCTERMS.rights), URIRef("http://www.w3.org/2000/01/rdf-schema#label")))

    whole, rights = terms("dumps/innokg.nq.gz")
    assert whole == {CC_BY, MIT, UNKNOWN, NON_COMMERCIAL}
    assert rights.startswith("Non-commercial use only")
    cordis, rights = terms("dumps/graphs/cordis.trig")
    assert cordis == {CC_BY, MIT} and rights.startswith("Commercial and non-commercial use allowed")
    seed, rights = terms("dumps/graphs/seed.trig")
    assert seed == {UNKNOWN} and rights.startswith("Terms of use not (all) known")
    # the catalogue's licence is that of all its parts
    assert {str(o) for o in g.objects(g.value(URIRef(SITE + "catalog"), DCTERMS.license), DCTERMS.hasPart)} == whole
    page = (licence_site / "licences.html").read_text(encoding="utf-8")
    assert "no licence stated anywhere" in page and "not allowed" in page


def test_distributions_carry_size_checksum_and_coverage(licence_site):
    g = Graph().parse(licence_site / "void.ttl", format="turtle")
    dist = URIRef(SITE + "dumps/innokg.nq.gz#distribution")
    data = (licence_site / "dumps" / "innokg.nq.gz").read_bytes()
    assert g.value(dist, DCAT.byteSize).toPython() == len(data)
    checksum = g.value(dist, URIRef("http://spdx.org/rdf/terms#checksum"))
    assert str(g.value(checksum, URIRef("http://spdx.org/rdf/terms#checksumValue"))) == hashlib.sha256(data).hexdigest()
    assert str(g.value(dist, DCAT.accessURL)) == SITE + "dumps/innokg.nq.gz"
    period = g.value(URIRef(SITE + "dataset"), DCTERMS.temporal)
    assert (str(g.value(period, DCAT.startDate)), str(g.value(period, DCAT.endDate))) == ("2015-01-01", "2019-12-31")
    assert {str(o) for o in g.objects(URIRef(SITE + "dataset"), DCTERMS.spatial)} == \
        {"http://data.europa.eu/nuts/code/DE"}


def test_tables_per_entity_kind(licence_site):
    import pyarrow.parquet as pq

    g = Graph().parse(licence_site / "void.ttl", format="turtle")
    for kind in ("organisations", "hubs", "projects", "grants", "participations", "memberships", "regions"):
        for ext in ("csv", "parquet"):
            assert (URIRef(SITE + "dataset"), DCAT.distribution, URIRef(f"{SITE}tables/{kind}.{ext}#distribution")) \
                in g, (kind, ext)
    rows = list(csv.DictReader((licence_site / "tables" / "organisations.csv").open(encoding="utf-8")))
    assert [(r["iri"], r["label"], r["located_in"], r["located_in_label"]) for r in rows] == [
        (ID + "org/a", "A", ID + "region/de", "Germany"), (ID + "org/b", "B", ID + "region/nuts-DEA5C", "nuts-DEA5C")]
    grants = pq.read_table(licence_site / "tables" / "grants.parquet").to_pylist()
    assert [(r["iri"], r["amount_eur"], r["start_date"]) for r in grants] == [(ID + "grant/g1", 1000.0, "2015-01-01")]
    participations = list(csv.DictReader((licence_site / "tables" / "participations.csv").open(encoding="utf-8")))
    assert [(r["participant_label"], r["project_label"]) for r in participations] == [("A", "X")]


@pytest.mark.slow  # rapper reads the changeset and the VoID
def test_second_release_names_the_first_and_says_what_changed(licence_site, tmp_path):
    """The second release changes the grant's amount (1000.00 -> 1500.00): one changed value."""
    changed = tmp_path / "licences-2.trig"
    text = (FIXTURES / "licences.trig").read_text(encoding="utf-8")
    changed.write_text(text.replace("schema:value 1000.00", "schema:value 1500.00"), encoding="utf-8")
    second = publish(tmp_path / "site2", changed, "--previous", licence_site)
    first_void = Graph().parse(licence_site / "void.ttl", format="turtle")
    void = Graph().parse(second / "void.ttl", format="turtle")
    ds = URIRef(SITE + "dataset")
    v1, v2 = str(first_void.value(ds, DCAT3.version)), str(void.value(ds, DCAT3.version))
    nq = gzip.decompress((second / "dumps" / "innokg.nq.gz").read_bytes())
    assert v2 == "2026-12-01-" + hashlib.sha256(nq).hexdigest()[:12] and v1 != v2
    assert void.value(ds, DCAT3.previousVersion) == URIRef(f"{SITE}dataset/{v1}")
    assert "1 statements added, 1 removed" in str(void.value(ds, ADMS_V.versionNotes))
    rows = list(csv.DictReader((second / "changes" / "changes.csv").open(encoding="utf-8")))
    assert [(r["change"], r["entity"], r["property"]) for r in rows] == [
        ("changed", ID + "grant/g1", "https://w3id.org/innokg/ontology#amount")]
    assert '<http://schema.org/value> "1000"^^' in rows[0]["old"]  # the decimal in its canonical form
    assert '<http://schema.org/value> "1500"^^' in rows[0]["new"]
    assert (second / "changes" / "changes.txt").read_text(encoding="utf-8").startswith(f"release {v1} -> release {v2}\n")
    log = json.loads((second / "changelog.json").read_text(encoding="utf-8"))
    assert [e["version"] for e in log] == [v2, v1] and log[0]["previous"] == v1
    assert v1 in (second / "changelog.html").read_text(encoding="utf-8")
    if shutil.which("rapper"):
        rapper_count(second / "changes" / "changes.ttl", RAPPER[".ttl"])
        rapper_count(second / "void.ttl", RAPPER[".ttl"])
    # the same input gives the same version
    again = publish(tmp_path / "again", changed)
    assert Graph().parse(again / "void.ttl", format="turtle").value(ds, DCAT3.version) == Literal(v2)


def test_publish_refuses_a_previous_that_is_no_site(tmp_path):
    r = run_in_process(["publish", tmp_path / "out", "--data", FIXTURES / "licences.trig", "--previous", tmp_path])
    assert r.returncode == 2 and r.stderr.startswith(f"[ERROR] [{tmp_path}] not a site written by `innokg publish`")
    assert not (tmp_path / "out").exists()
    bad = run_in_process(["publish", tmp_path / "out", "--data", FIXTURES / "licences.trig", "--issued", "2026-13-01"])
    assert bad.returncode == 2 and "--issued" in bad.stderr


DATA = ROOT.parent / "shared" / "data"
EC_REUSE, ISC = "http://data.europa.eu/eli/dec/2011/833/oj", "https://spdx.org/licenses/ISC"


@pytest.mark.slow
@pytest.mark.skipif(not DATA.is_dir(), reason="../shared/data (the imported datasets) is not beside the clone")
@pytest.mark.parametrize("mapping, graphs, expected", [
    # the operation lists state no licence; the postal code -> NUTS 3 table (TERCET) excludes commercial use:
    # every Land's graph used it (mappings/erdf-de.yaml)
    ("erdf-de.yaml", "erdf-de", {UNKNOWN, NON_COMMERCIAL}),
    # ../shared/data/*/SOURCE.txt: CORDIS data CC BY 4.0 in MIT-licensed repositories; JRC: EC reuse policy, ISC
    ("cordis-h2020.yaml", "cordis-h2020", {CC_BY, MIT}),
    ("jrc-dih.yaml", "jrc-dih", {EC_REUSE, ISC})])
def test_imported_graphs_carry_their_sources_licences(mapping, graphs, expected, tmp_path):
    from innokg.publish.licences import graph_terms
    from innokg.publish.site import load_linked_data

    out = tmp_path / "import.nq"
    r = run_in_process(["import", ROOT / "mappings" / mapping, "--limit", "3", "-o", out])
    assert out.is_file(), r.stderr
    terms = graph_terms(load_linked_data(str(out), SITE))
    ours = {g: t for g, t in terms.items() if g.startswith(GRAPH + graphs)}
    assert ours and all(set(t.licences) == expected and t.stated for t in ours.values()), ours
    if mapping == "erdf-de.yaml":
        assert len(ours) == 13  # the shared graph and the 12 Länder
        assert all(t.commercial() is False for t in ours.values())
