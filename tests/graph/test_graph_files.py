"""The curated graph files (graph/**/*.trig): each parses, holds the named graph(s) it should with its
provenance, refers only to things described somewhere, and the reference data (regions, topics) is
well formed.

Checks run on the files as they are (no reasoning): they guard the curation conventions of CURATION.md.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from innokg.load.files import load_dataset, parse_rdf_file

ROOT = Path(__file__).resolve().parents[2]
GRAPH_DIR = ROOT / "graph"
SEEDS = ROOT.parent / "shared" / "seeds"
TRIG_FILES = sorted(GRAPH_DIR.rglob("*.trig"))
SOURCE_FILES = sorted((GRAPH_DIR / "sources").glob("*.trig"))
IKG = "https://w3id.org/innokg/ontology#"
ID = "https://w3id.org/innokg/id/"
G = "https://w3id.org/innokg/graph/"
OBJECT_NAMESPACES = (IKG, "http://www.w3.org/ns/org#", "http://schema.org/")
REGIONS = URIRef(G + "regions")
TOPICS = URIRef(G + "topics")
TOPIC_SCHEME = URIRef(ID + "topic/")


def rel(p: Path) -> str:
    return str(p.relative_to(ROOT))


def iri(local: str) -> URIRef:
    return URIRef(IKG + local)


@pytest.fixture(scope="module")
def everything():
    """All graph files and the ontology (default graph = union)."""
    return load_dataset([GRAPH_DIR], ROOT / "ontology").dataset


@pytest.mark.parametrize("path", TRIG_FILES, ids=rel)
def test_graph_file_parses_into_named_graphs(path):
    ds, graphs = parse_rdf_file(path)
    assert graphs, "statements must sit in a named graph"
    assert all(str(g).startswith(G) for g in graphs), graphs
    assert len(ds.graph(URIRef("urn:x-rdflib:default"))) == 0


@pytest.mark.parametrize("path", SOURCE_FILES, ids=rel)
def test_source_file_holds_one_graph_with_its_provenance(path):
    ds, graphs = parse_rdf_file(path)
    number = path.name[:3]
    assert graphs == [URIRef(G + f"seed-{number}")], "one named graph per source, named seed-NNN"
    g = ds.graph(graphs[0])
    assert (graphs[0], RDF.type, iri("SourceGraph")) in g
    docs = list(g.objects(graphs[0], PROV.wasDerivedFrom))
    assert docs == [URIRef(ID + f"document/seed-{number}")]
    doc = docs[0]
    assert (doc, RDF.type, iri("SourceDocument")) in g
    assert g.value(doc, iri("fileName")) == Literal(path.stem + ".txt")
    assert g.value(doc, DCTERMS.language) == Literal("de")
    assert any(o.language == "de" for o in g.objects(doc, RDFS.label)), "the document needs a German label"
    if SEEDS.is_dir():  # the seed documents live beside the clone
        assert (SEEDS / (path.stem + ".txt")).is_file(), f"no seed document {path.stem}.txt"


def test_source_files_never_copy_personal_email_addresses():
    """Personal e-mail addresses (firstname.lastname@…) stay out; organisational ones (info@…) are fine."""
    personal = re.compile(r"\b[a-z]+\.[a-z]+@[a-z0-9.-]+\.[a-z]+", re.I)
    found = {rel(p): personal.findall(p.read_text(encoding="utf-8")) for p in TRIG_FILES}
    assert {k: v for k, v in found.items() if v} == {}


def test_no_dangling_references(everything):
    """Every innokg IRI used as the object of an ikg:, org: or schema: property is described somewhere."""
    described = set(everything.subjects())
    dangling = set()
    for s, p, o, g in everything.quads((None, None, None, None)):
        if (p != RDF.type and isinstance(o, URIRef) and str(p).startswith(OBJECT_NAMESPACES)
                and str(o).startswith("https://w3id.org/innokg/") and o not in described):
            dangling.add((str(g).rsplit("/", 1)[-1], str(p), str(o)))
    assert sorted(dangling) == []


# --- regions ---------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def regions():
    ds, _ = parse_rdf_file(GRAPH_DIR / "reference" / "regions.trig")
    return ds.graph(REGIONS)


def test_regions_graph_has_its_provenance(regions):
    assert (REGIONS, RDF.type, iri("SourceGraph")) in regions
    assert len(list(regions.objects(REGIONS, PROV.wasDerivedFrom))) >= 1


def test_every_region_is_labelled_levelled_and_reaches_the_eu(regions):
    eu = URIRef(ID + "region/european-union")
    part_of = iri("partOfRegion")
    problems = []
    for r in sorted(regions.subjects(RDF.type, iri("Region"))):
        if not any(o.language == "de" for o in regions.objects(r, RDFS.label)):
            problems.append(f"{r}: no German label")
        if regions.value(r, iri("regionLevel")) is None:
            problems.append(f"{r}: no region level")
        seen, todo = set(), [r]
        while todo:  # walk up the hierarchy
            x = todo.pop()
            if x in seen:
                continue
            seen.add(x)
            todo.extend(regions.objects(x, part_of))
        if eu not in seen:
            problems.append(f"{r}: does not reach {eu}")
        if r in set(regions.transitive_objects(r, part_of)) - {r}:
            problems.append(f"{r}: part of itself")
    assert problems == []


def test_region_codes_agree_with_iris_and_hierarchy(regions):
    """region/nuts-<CODE> carries that NUTS code, region/ars-<ARS> that ARS; a NUTS (ARS) code starts with
    the code of the region it is part of, where both have one."""
    problems = []
    nuts, ars = iri("nutsCode"), iri("arsCode")
    for r in sorted(regions.subjects(RDF.type, iri("Region"))):
        local = str(r)[len(ID + "region/"):]
        if local.startswith("nuts-") and str(regions.value(r, nuts)) != local[5:]:
            problems.append(f"{r}: NUTS code {regions.value(r, nuts)}")
        if local.startswith("ars-") and str(regions.value(r, ars)) != local[4:]:
            problems.append(f"{r}: ARS {regions.value(r, ars)}")
        code = regions.value(r, ars)
        if code is not None and not re.fullmatch(r"\d{2}|\d{3}|\d{5}|\d{12}", str(code)):
            problems.append(f"{r}: ARS {code} is not 2, 3, 5 or 12 digits")
        for parent in regions.objects(r, iri("partOfRegion")):
            for prop in (nuts, ars):
                mine, theirs = regions.value(r, prop), regions.value(parent, prop)
                if mine is not None and theirs is not None and not str(mine).startswith(str(theirs)):
                    problems.append(f"{r}: {prop} {mine} not below {parent}'s {theirs}")
    assert problems == []


def test_suedwestfalen_contains_its_five_districts(regions):
    # Hochsauerlandkreis, Märkischer Kreis, Olpe, Siegen-Wittgenstein, Soest
    got = {str(o)[len(ID + "region/"):] for o in regions.objects(URIRef(ID + "region/suedwestfalen"),
                                                                URIRef("http://schema.org/containsPlace"))}
    assert got == {"nuts-DEA57", "nuts-DEA58", "nuts-DEA59", "nuts-DEA5A", "nuts-DEA5B"}


# --- topics ----------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def topics():
    ds, _ = parse_rdf_file(GRAPH_DIR / "reference" / "topics.trig")
    return ds.graph(TOPICS)


def test_every_topic_has_german_and_english_labels_in_the_scheme(topics):
    problems = []
    for c in sorted(topics.subjects(RDF.type, SKOS.Concept)):
        langs = {o.language for o in topics.objects(c, SKOS.prefLabel)}
        if not {"de", "en"} <= langs:
            problems.append(f"{c}: prefLabel languages {sorted(map(str, langs))}")
        if (c, SKOS.inScheme, TOPIC_SCHEME) not in topics:
            problems.append(f"{c}: not in the scheme")
        for b in topics.objects(c, SKOS.broader):
            if (b, RDF.type, SKOS.Concept) not in topics:
                problems.append(f"{c}: broader {b} is not a topic")
        if c in set(topics.transitive_objects(c, SKOS.broader)) - {c}:
            problems.append(f"{c}: broader cycle")
        is_top = (c, SKOS.topConceptOf, TOPIC_SCHEME) in topics
        if is_top == any(topics.objects(c, SKOS.broader)):
            problems.append(f"{c}: top concept iff without broader concept")
    assert problems == []


def test_every_topic_used_is_in_the_scheme(everything, topics):
    used = {o for p in (iri("hasTopic"), iri("fieldOfAction"))
            for o in everything.objects(None, p) if str(o).startswith(ID + "topic/")}
    assert sorted(used - set(topics.subjects(RDF.type, SKOS.Concept))) == []


@pytest.mark.parametrize("path", TRIG_FILES, ids=rel)
def test_every_typed_thing_has_a_german_label_in_the_same_graph(path):
    """Each graph states what its source says about a thing, its German label included, so the graph reads on its
    own. Amounts are exempt: a schema:MonetaryAmount is described by value, currency and the source's wording."""
    ds, graphs = parse_rdf_file(path)
    amount = URIRef("http://schema.org/MonetaryAmount")
    missing = []
    for name in graphs:
        g = ds.graph(name)
        for s in sorted(set(g.subjects(RDF.type, None))):
            if not isinstance(s, URIRef) or (s, RDF.type, amount) in g:
                continue
            if not any(getattr(o, "language", None) == "de" for o in g.objects(s, RDFS.label)):
                missing.append(str(s))
    assert missing == []
