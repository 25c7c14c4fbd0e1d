"""``innokg publish``: the static site, checked with outside tools (rapper, an HTML link check).

The fixture (tests/fixtures/publish/ecosystem.trig, see its README) has 4 source
graphs and an inferred graph; the expected counts below are counted by hand there.
"""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from support.publish_checks import RAPPER, broken_links, parse_html as _parse, rapper_count as _rapper

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "publish" / "ecosystem.trig"
SHAPES = ROOT / "tests" / "fixtures" / "publish" / "shapes"
ID = "https://w3id.org/innokg/id/"
GRAPH = "https://w3id.org/innokg/graph/"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    from support.cli import run_in_process

    out = tmp_path_factory.mktemp("pub") / "site"
    r = run_in_process(["publish", out, "--data", FIXTURE, "--shapes", SHAPES, "--issued", "2026-01-01"])
    assert r.returncode == 0, r.stderr
    return out


def test_layout(site):
    for rel in ("index.html", "style.css", "void.ttl", "void.jsonld", "sparql-service-description.ttl",
                "dumps/innokg.trig", "dumps/innokg.nq.gz", "dumps/innokg.ttl", "dumps/innokg.jsonld",
                "ontology/index.html", "ontology/innokg.ttl", "shapes/index.html", "shapes/organization.ttl",
                ".htaccess", "nginx/http.conf", "nginx/server.conf", "kinds/org.html", "kinds/graph.html"):
        assert (site / rel).is_file(), rel
    for ext in ("html", "ttl", "jsonld", "nt", "rdf"):
        assert (site / f"doc/org/sihk-hagen.{ext}").is_file()
        assert (site / f"doc/graph/funding-notice-2021.{ext}").is_file()
        # referenced but undescribed in the data (the ontology graph describes it): still a page
        assert (site / f"doc/role/partner.{ext}").is_file()
        assert (site / f"doc/role/index.{ext}").is_file()  # the concept scheme id/role/


@pytest.mark.slow  # rapper, a real process per file
@pytest.mark.skipif(shutil.which("rapper") is None, reason="rapper (Debian raptor2-utils) is not installed")
def test_rapper_parses_every_rdf_file(site, tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    files = [p for p in site.rglob("*") if p.suffix in RAPPER]
    assert len(files) > 100
    with ThreadPoolExecutor(4) as pool:  # one rapper process per file; run a few at once
        counts = list(pool.map(lambda p: _rapper(p, RAPPER[p.suffix]), files))
    assert all(c >= 0 for c in counts)
    nq = tmp_path / "innokg.nq"
    nq.write_bytes(gzip.decompress((site / "dumps/innokg.nq.gz").read_bytes()))
    n = _rapper(nq, "nquads")
    assert n == sum(1 for _ in ox.parse(path=str(site / "dumps/innokg.trig")))
    assert n == _rapper(site / "dumps/innokg.trig", "trig")


def _same(a: Graph, b: Graph, what: str):
    assert isomorphic(a, b), what


def test_entity_formats_agree(site):
    """Turtle, N-Triples, RDF/XML and JSON-LD of an entity hold the same triples."""
    for stem in ("doc/org/sihk-hagen", "doc/grant/digital-hub-suedwestfalen-2021", "doc/role/partner"):
        nt = Graph().parse(site / f"{stem}.nt", format="nt")
        _same(nt, Graph().parse(site / f"{stem}.ttl", format="turtle"), stem + ".ttl")
        _same(nt, Graph().parse(site / f"{stem}.rdf", format="xml"), stem + ".rdf")
        jl = Graph().parse(data="".join(f"{q.triple} .\n" for q in ox.parse(
            path=str(site / f"{stem}.jsonld"), format=ox.RdfFormat.JSON_LD)), format="nt")
        _same(nt, jl, stem + ".jsonld")
    # the grant's amount is a blank node: its description travels with the grant
    grant = Graph().parse(site / "doc/grant/digital-hub-suedwestfalen-2021.ttl", format="turtle")
    values = {o.toPython() for o in grant.objects(None, URIRef("http://schema.org/value"))}
    assert values == {1250000}


def _canonical(path: Path) -> Dataset:
    """A dataset read through an Oxigraph store, which keeps numbers by value ("1250000.00" -> "1250000")."""
    store = ox.Store()
    store.extend(ox.parse(path=str(path)))
    ds = Dataset()
    ds.parse(data=ox.serialize(store, format=ox.RdfFormat.N_QUADS).decode(), format="nquads")
    return ds


def test_dumps_hold_the_whole_dataset(site):
    fixture = _canonical(FIXTURE)
    trig = Dataset()
    trig.parse(site / "dumps/innokg.trig", format="trig")
    nq = Dataset()
    nq.parse(data=gzip.decompress((site / "dumps/innokg.nq.gz").read_bytes()).decode(), format="nquads")
    for ds in (trig, nq):
        for g in (GRAPH + "press-release-2021", GRAPH + "funding-notice-2021", GRAPH + "reference-regions",
                  GRAPH + "inferred"):
            assert isomorphic(ds.graph(URIRef(g)), fixture.graph(URIRef(g))), g
    # the ontology (not in the fixture) was added in its own graph
    assert len(trig.graph(URIRef(GRAPH + "ontology"))) > 500
    jl = list(ox.parse(path=str(site / "dumps/innokg.jsonld"), format=ox.RdfFormat.JSON_LD))
    assert len(jl) == len(list(ox.parse(path=str(site / "dumps/innokg.trig"))))
    # reproducible: gzip without a timestamp
    assert gzip.open(site / "dumps/innokg.nq.gz").read()[:1] == b"<"
    assert (site / "dumps/innokg.nq.gz").read_bytes()[4:8] == b"\0\0\0\0"


def test_void_counts_and_addresses(site):
    g = Graph().parse(site / "void.ttl", format="turtle")
    void = "http://rdfs.org/ns/void#"
    ds = URIRef("https://w3id.org/innokg/dataset")
    counts = {str(s): int(o) for s, o in g.subject_objects(URIRef(void + "triples"))}
    # hand-counted in tests/fixtures/publish/README.md
    assert counts[GRAPH + "press-release-2021"] == 31
    assert counts[GRAPH + "funding-notice-2021"] == 29
    assert counts[GRAPH + "reference-regions"] == 12
    assert counts[GRAPH + "inferred"] == 5
    dumps = {str(o) for o in g.objects(ds, URIRef(void + "dataDump"))}
    assert dumps == {"https://w3id.org/innokg/dumps/innokg." + e for e in ("trig", "nq.gz", "ttl", "jsonld")}
    assert str(g.value(ds, URIRef(void + "sparqlEndpoint"))) == "https://w3id.org/innokg/sparql"
    # no source of the fixture states a licence; the ontology (graph/ontology) is CC BY 4.0: the dataset is
    # under both, "licence unknown" included, never under a default
    lic = g.value(ds, URIRef("http://purl.org/dc/terms/license"))
    assert {str(o) for o in g.objects(lic, URIRef("http://purl.org/dc/terms/hasPart"))} == \
        {ID + "licence/unknown", "https://creativecommons.org/licenses/by/4.0/"}
    vocabs = {str(o) for o in g.objects(ds, URIRef(void + "vocabulary"))}
    assert {"http://www.w3.org/ns/org#", "http://schema.org/", "https://w3id.org/innokg/ontology#"} <= vocabs
    examples = [str(o) for o in g.objects(ds, URIRef(void + "exampleResource"))]
    assert ID + "hub/digital-hub-suedwestfalen" in examples
    sources = {str(o) for o in g.objects(ds, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"))}
    assert ID + "document/funding-notice-2021" in sources
    sd = Graph().parse(site / "sparql-service-description.ttl", format="turtle")
    assert (URIRef("https://w3id.org/innokg/sparql"), URIRef("http://www.w3.org/ns/sparql-service-description#feature"),
            URIRef("http://www.w3.org/ns/sparql-service-description#UnionDefaultGraph")) in sd
    json.loads((site / "void.jsonld").read_text())
    # each source graph alone, as announced in VoID and linked from its page
    sub = URIRef(GRAPH + "funding-notice-2021")
    assert str(g.value(sub, URIRef(void + "dataDump"))) == \
        "https://w3id.org/innokg/dumps/graphs/funding-notice-2021.trig"
    one = Dataset()
    one.parse(site / "dumps/graphs/funding-notice-2021.trig", format="trig")
    assert len(one) == 29 and {str(c.identifier) for c in one.graphs() if len(c)} == {str(sub)}
    page = (site / "doc/graph/funding-notice-2021.html").read_text()
    assert '29 statements · <a href="../../dumps/graphs/funding-notice-2021.trig">' in page


def test_no_broken_internal_link(site):
    checked, broken = broken_links(site)
    assert checked > 1000
    assert broken == []


def test_entity_page_content(site):
    html = (site / "doc/org/sihk-hagen.html").read_text()
    # the hostile description is text, never markup
    assert "<script>alert(1)" not in html
    assert "Kammer &lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;Partner&#34;" in html
    # an IRI with a script scheme is text, not a link
    nrw = (site / "doc/org/land-nrw.html").read_text()
    assert "javascript:alert(document.domain)" in nrw and 'href="javascript:' not in nrw.lower()
    # facts grouped by their source documents, titled by the document
    assert "According to <a href=\"../../doc/graph/funding-notice-2021.html\">Förderbescheid" in html
    assert "According to <a href=\"../../doc/graph/inferred.html\">inferences" in html
    # the embedded JSON-LD cannot close its script element and parses to the entity's triples
    start = html.index('<script type="application/ld+json">') + len('<script type="application/ld+json">')
    blob = html[start:html.index("</script>", start)]
    assert "<" not in blob
    embedded = list(ox.parse(blob, format=ox.RdfFormat.JSON_LD))
    assert len(embedded) == len(Graph().parse(site / "doc/org/sihk-hagen.nt", format="nt"))
    # labels in both languages; property labels from the ontology (en, with de beside)
    hub = (site / "doc/hub/digital-hub-suedwestfalen.html").read_text()
    assert "<h1>Digital Hub South Westphalia</h1>" in hub
    assert 'lang="de"><small class="tag">de</small> Digital-Hub Südwestfalen' in hub
    assert "legal carrier" in hub and 'lang="de">' in hub
    assert "http://" not in "".join(l for l in _parse(site / "doc/org/sihk-hagen.html").links
                                    if l.endswith((".js", ".css")))
    # pages carry their own content security policy, for servers that send none
    assert "script-src 'self'" in html


def test_ontology_and_shapes_docs(site):
    onto = _parse(site / "ontology/index.html")
    assert {"Chamber", "DigitalInnovationHub", "legalCarrier", "classes", "object-properties"} <= onto.ids
    text = (site / "ontology/index.html").read_text()
    assert "Kammer" in text and "chamber" in text
    shapes = (site / "shapes/index.html").read_text()
    assert "OrganizationShape" in shapes and "minCount: 1" in shapes and "pattern: ^[0-9]{9}$" in shapes
    assert "Warning" in shapes and "an organisation needs a label" in shapes


def test_server_rules(site):
    ht = (site / ".htaccess").read_text()
    assert "RewriteBase /innokg/" in ht
    assert "RewriteCond %{HTTP_ACCEPT} text/turtle\nRewriteRule ^id/(.+)$ doc/$1.ttl [R=303,L]" in ht
    assert not (site / "persistent-iri.htaccess").exists()  # site served at the IRIs' own address
    ng = (site / "nginx/server.conf").read_text()
    assert "location ~ ^/innokg/id/(?<innokg_doc>.+)$ { add_header Vary Accept always; " \
           "return 303 /innokg/doc/$innokg_doc.$innokg_ext; }" in ng


def test_base_iri_moves_entities_not_the_ontology(run_cli, tmp_path):
    out = tmp_path / "site"
    r = run_cli("publish", out, "--data", FIXTURE, "--base-iri", "https://kg.example.org/",
                "--shapes", SHAPES)
    assert r.returncode == 0, r.stderr
    g = Graph().parse(out / "doc/org/sihk-hagen.ttl", format="turtle")
    s = URIRef("https://kg.example.org/id/org/sihk-hagen")
    assert (s, None, URIRef("https://w3id.org/innokg/ontology#Chamber")) in g
    assert not list(g.triples((URIRef(ID + "org/sihk-hagen"), None, None)))
    void = Graph().parse(out / "void.ttl", format="turtle")
    assert str(void.value(URIRef("https://kg.example.org/dataset"), URIRef("http://rdfs.org/ns/void#uriSpace"))) \
        == "https://kg.example.org/id/"
    assert "RewriteBase /\n" in (out / ".htaccess").read_text()


def test_failed_publish_leaves_the_previous_site(run_cli, tmp_path):
    out = tmp_path / "site"
    assert run_cli("publish", out, "--data", FIXTURE, "--shapes", SHAPES).returncode == 0
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    bad = tmp_path / "bad.trig"
    bad.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c ;\n  ex:d .\n", encoding="utf-8")
    r = run_cli("publish", out, "--data", bad)
    assert r.returncode == 2
    assert r.stderr.startswith("[ERROR] [") and f"{bad}:3:" in r.stderr and "Traceback" not in r.stderr
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site.")]


def test_missing_data_and_bad_base(run_cli, tmp_path):
    r = run_cli("publish", tmp_path / "s", "--data", tmp_path / "nope.trig")
    assert r.returncode == 2 and "no dataset to publish" in r.stderr
    r = run_cli("publish", tmp_path / "s", "--data", FIXTURE, "--base-iri", "kg.example.org")
    assert r.returncode == 2 and "[--base-iri]" in r.stderr
    assert not (tmp_path / "s").exists()


@pytest.mark.parametrize("sig", ["SIGKILL", "SIGTERM"])
@pytest.mark.slow
def test_killed_publish_leaves_the_previous_site(run_cli, tmp_path, sig):
    """Killed in the middle of writing entity pages: OUT/ is still the previous site, file for file;
    after SIGTERM (which can be handled) the temporary folder is gone too."""
    import signal
    import sys
    import time

    from support.cli import cli_env

    out = tmp_path / "site"
    assert run_cli("publish", out, "--data", FIXTURE, "--shapes", SHAPES).returncode == 0
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    big = tmp_path / "big.trig"
    with big.open("w", encoding="utf-8") as fh:
        fh.write("<https://w3id.org/innokg/graph/big> {\n")
        for i in range(3000):
            fh.write(f"<{ID}org/o{i}> a <https://w3id.org/innokg/ontology#Company> ; "
                     f"<http://www.w3.org/2000/01/rdf-schema#label> \"Org {i}\"@de .\n")
        fh.write("}\n")
    proc = subprocess.Popen([sys.executable, "-m", "innokg.cli", "publish", str(out), "--data", str(big)],
                            cwd=ROOT, env=cli_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    written = 0
    while time.monotonic() < deadline and written < 200:  # wait until it is well into the entity pages
        written = sum(1 for t in tmp_path.glob(".site.tmp-*/doc/org/*"))
        time.sleep(0.05)
    proc.send_signal(getattr(signal, sig))
    rc = proc.wait(30)
    assert written >= 200, "publishing did not get going"
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    if sig == "SIGTERM":
        assert rc == 2
        assert not list(tmp_path.glob(".site.tmp-*"))


def test_publishing_is_deterministic(site, run_cli, tmp_path):
    """Same input, same bytes: blank nodes are labelled canonically (RDFC-1.0), rows are sorted."""
    again = tmp_path / "again"
    r = run_cli("publish", again, "--data", FIXTURE, "--shapes", SHAPES, "--issued", "2026-01-01")
    assert r.returncode == 0, r.stderr
    first = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert sorted(first) == sorted(second)
    assert [str(k) for k in sorted(first) if first[k] != second[k]] == []


def test_gzipped_import_and_an_iri_too_long_for_a_file_name(run_cli, tmp_path):
    """`innokg import -o x.nq.gz` writes gzip; publish reads it. The JRC catalogue's free-text "domain" made topic IRIs
    of 300+ characters, and publishing stopped with "File name too long": such an entity now gets no page, one
    warning says so, and its statements stay in the dump."""
    long_slug = "jrc-dih-sector-" + "x" * 300
    ok, long_iri = "https://w3id.org/innokg/id/topic/short", f"https://w3id.org/innokg/id/topic/{long_slug}"
    label = "<http://www.w3.org/2000/01/rdf-schema#label>"
    data = tmp_path / "import.nq.gz"
    with gzip.open(data, "wt", encoding="utf-8") as fh:
        for iri, name in ((ok, "short"), (long_iri, "long")):
            fh.write(f'<{iri}> {label} "{name}" <https://w3id.org/innokg/graph/import> .\n')
    out = tmp_path / "site"
    r = run_cli("publish", out, "--data", data, "--shapes", SHAPES)
    assert r.returncode == 0, r.stderr
    assert "[WARNING] [" + str(data) + "] 1 IRIs in https://w3id.org/innokg/id/ have characters that cannot be a " \
        "file name, or a path segment longer than one (240 bytes), and get no page (their statements are in the " \
        f"dumps), e.g. {long_iri}" in r.stderr.splitlines()
    assert (out / "doc/topic/short.html").is_file()
    assert not any(len(p.name) > 255 for p in out.rglob("*"))
    dump = ox.Dataset(ox.parse(path=str(out / "dumps/innokg.trig"), format=ox.RdfFormat.TRIG))
    assert ox.Quad(ox.NamedNode(long_iri), ox.NamedNode(label[1:-1]), ox.Literal("long"),
                   ox.NamedNode("https://w3id.org/innokg/graph/import")) in dump


def test_a_truncated_gzip_is_one_line_naming_the_file(run_cli, tmp_path):
    """A .nq.gz cut off in the middle (a download that broke off): one line naming the file, not click's "aborted"
    (gzip raises EOFError, which click reads as Ctrl-D). Found by a cold review."""
    whole = gzip.compress("".join(f"<https://w3id.org/innokg/id/org/o{i}> <http://www.w3.org/2000/01/rdf-schema#label> "
                                  f'"o{i}" <https://w3id.org/innokg/graph/import> .\n' for i in range(2000)).encode())
    data = tmp_path / "cut.nq.gz"
    data.write_bytes(whole[: len(whole) // 2])
    r = run_cli("publish", tmp_path / "site", "--data", data)
    assert r.returncode == 2
    last = r.stderr.strip().splitlines()[-1]
    assert last.startswith(f"[ERROR] [{data}] not a readable gzip file (") and "aborted" not in r.stderr, r.stderr
    assert not (tmp_path / "site").exists()


def test_union_of_an_on_disk_store_holds_each_triple_once(tmp_path):
    """The dumps of a store read where it lies (``publish --store``): the union's Turtle is written graph by graph,
    the largest graph first, leaving out what an earlier part holds; one graph's TriG is that graph alone.

    Counted by hand: graph/b (the largest) holds t1 t2 t3; graph/a holds t1 (also in b) and t4; graph/c holds t4
    (also in a, before c by IRI) and t5. The union is t1 … t5: five triples, each once."""
    from innokg.publish.data import LinkedData
    from innokg.publish.site import publish_site

    def triple(n: int) -> tuple:
        return ox.NamedNode(f"{ID}org/o{n}"), ox.NamedNode("http://schema.org/name"), ox.Literal(f"t{n}")

    store = ox.Store(str(tmp_path / "db"))
    for g, ns in (("b", (1, 2, 3)), ("a", (1, 4)), ("c", (4, 5))):
        for n in ns:
            store.add(ox.Quad(*triple(n), ox.NamedNode(GRAPH + g)))
    publish_site(LinkedData(store, on_disk=True), tmp_path / "site", entity_pages=False, explorer=False,
                 issued="2026-01-01")
    dumps = tmp_path / "site" / "dumps"
    union = list(ox.parse(path=str(dumps / "innokg.ttl"), format=ox.RdfFormat.TURTLE))
    assert sorted(t.object.value for t in union) == ["t1", "t2", "t3", "t4", "t5"]
    assert (dumps / "innokg.ttl").read_text(encoding="utf-8").count("@prefix schema:") == 1
    for g, ns in (("a", [1, 4]), ("b", [1, 2, 3]), ("c", [4, 5])):
        quads = list(ox.parse(path=str(dumps / "graphs" / f"{g}.trig"), format=ox.RdfFormat.TRIG))
        assert sorted(str(q) for q in quads) == sorted(str(ox.Quad(*triple(n), ox.NamedNode(GRAPH + g))) for n in ns)
    void = Graph().parse(tmp_path / "site" / "void.ttl")
    # the three graphs (2, 3, 2) and the dataset: the union's five
    assert sorted(int(o) for o in void.objects(None, URIRef("http://rdfs.org/ns/void#triples"))) == [2, 2, 3, 5]


def test_page_facts_reads_an_entity_once(tmp_path):
    """``LinkedData.page_facts``: an entity's outgoing and incoming statements and its description (the statements
    of its pages' four RDF documents) from one read of its statements.

    Worked by hand: org/x says its name in graphs a and b (one triple, two statements), its amount _:m in a, its type in
    b; _:m has a value and a currency _:c, which has a code; org/y knows org/x in a. Outgoing, by graph, then
    predicate, then object: a's amount, a's name, b's name, b's type (``schema:name`` before ``rdf:type``: "http://s"
    < "http://w"). The description: each triple once, by subject (``<…x>`` before the blank nodes ``_:c``, ``_:m``),
    then predicate, then object — six triples."""
    from innokg.publish.data import LinkedData

    s, rdf = "http://schema.org/", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    x, y = ox.NamedNode(ID + "org/x"), ox.NamedNode(ID + "org/y")
    m, c = ox.BlankNode("m"), ox.BlankNode("c")
    a, b = ox.NamedNode(GRAPH + "a"), ox.NamedNode(GRAPH + "b")
    name, amount, typ = ox.NamedNode(s + "name"), ox.NamedNode(s + "amount"), ox.NamedNode(rdf + "type")
    value, currency, code = ox.NamedNode(s + "value"), ox.NamedNode(s + "currency"), ox.NamedNode(s + "code")
    org, knows = ox.NamedNode(s + "Organization"), ox.NamedNode(s + "knows")
    store = ox.Store(str(tmp_path / "db"))
    for q in ((x, name, ox.Literal("X"), a), (x, amount, m, a), (m, value, ox.Literal("5"), a), (m, currency, c, a),
              (c, code, ox.Literal("EUR"), a), (x, name, ox.Literal("X"), b), (x, typ, org, b), (y, knows, x, a)):
        store.add(ox.Quad(*q))
    ld = LinkedData(store, on_disk=True)
    out, inc, description = ld.page_facts(x.value)
    assert out == [ox.Quad(x, amount, m, a), ox.Quad(x, name, ox.Literal("X"), a), ox.Quad(x, name, ox.Literal("X"), b),
                   ox.Quad(x, typ, org, b)]
    assert inc == [ox.Quad(y, knows, x, a)]
    assert description == [ox.Triple(x, amount, m), ox.Triple(x, name, ox.Literal("X")), ox.Triple(x, typ, org),
                           ox.Triple(c, code, ox.Literal("EUR")), ox.Triple(m, currency, c),
                           ox.Triple(m, value, ox.Literal("5"))]
    # the same as the two reads it replaces
    assert (out, inc) == ld.facts(x.value) and description == ld.description(x.value)


def test_entity_page_tables_nest_blank_nodes(tmp_path):
    """The rows of an entity page's tables, written out by hand from the templates (``entity.html``, the ``term``
    and ``prop`` macros): a blank node is a nested table of its statements in the same graph, a literal with a
    language shows its tag, a link to another entity's page is relative, an IRI elsewhere is an external link."""
    from innokg.publish.data import LinkedData
    from innokg.publish.pages import PageRenderer

    s = "http://schema.org/"
    x, y = ox.NamedNode(ID + "org/x"), ox.NamedNode(ID + "org/y")
    m, c = ox.BlankNode("m"), ox.BlankNode("c")
    a = ox.NamedNode(GRAPH + "a")
    store = ox.Store(str(tmp_path / "db"))
    for q in ((x, ox.NamedNode(s + "amount"), m), (m, ox.NamedNode(s + "value"), ox.Literal("5 & more")),
              (m, ox.NamedNode(s + "currency"), c), (c, ox.NamedNode(s + "code"), ox.Literal("EUR", language="en")),
              (x, ox.NamedNode(s + "knows"), y), (x, ox.NamedNode(s + "url"), ox.NamedNode("https://x.example/?a=1&b=2"))):
        store.add(ox.Quad(*q, a))
    html = PageRenderer(LinkedData(store, on_disk=True)).entity(x.value)

    def prop(p: str) -> str:
        return f'<th><a href="{s}{p}" title="{s}{p}">schema:{p}</a></th>'

    assert ('<table class="facts">\n'
            f'<tr>{prop("amount")}<td><div><table class="nested">'
            f'<tr>{prop("currency")}<td><div><table class="nested">'
            f'<tr>{prop("code")}<td><div><span class="lit" lang="en">EUR</span> <small class="tag">@en</small></div>'
            '</td></tr></table></div></td></tr>'
            f'<tr>{prop("value")}<td><div><span class="lit">5 &amp; more</span></div></td></tr>'
            '</table></div></td></tr>\n'
            f'<tr>{prop("knows")}<td><div><a href="../../doc/org/y.html">org/y</a></div></td></tr>\n'
            f'<tr>{prop("url")}<td><div><a href="https://x.example/?a=1&amp;b=2" rel="nofollow" class="ext">'
            'https://x.example/?a=1&amp;b=2</a></div></td></tr>\n'
            '</table>') in html
    # the page of org/y lists org/x as referencing it
    page_y = PageRenderer(LinkedData(store, on_disk=True)).entity(y.value)
    assert ('<tr><td><a href="../../doc/org/x.html">org/x</a></td>'
            f'<td><a href="{s}knows" title="{s}knows">schema:knows</a></td>'
            '<td class="src"><a href="../../doc/graph/a.html">a</a></td></tr>\n') in page_y


def test_a_property_that_cannot_be_a_link_is_shown_as_its_iri(tmp_path):
    """A statement whose property is an IRI no page may link to (``urn:``, ``tag:`` … — only http(s), ftp and
    mailto are followed, see ``pages.linkable``) is shown with the property as its IRI in ``<code>``, as such an
    IRI is shown as a value; the page was not made at all (the ``prop`` macro, and then ``prop_html``, asked for
    the link it has not got), so ``innokg publish`` stopped and ``innokg serve`` answered 500.

    Worked by hand from ``entity.html`` and the ``term`` macro: org/x says ``<urn:x:p> "v & w"`` in graph a, and
    org/y says ``<tag:e.org,2026:knows> org/x`` there; org/x's table has one row, its incoming table one row."""
    from innokg.publish.data import LinkedData
    from innokg.publish.pages import PageRenderer

    x, y = ox.NamedNode(ID + "org/x"), ox.NamedNode(ID + "org/y")
    a = ox.NamedNode(GRAPH + "a")
    store = ox.Store(str(tmp_path / "db"))
    store.add(ox.Quad(x, ox.NamedNode("urn:x:p"), ox.Literal("v & w"), a))
    store.add(ox.Quad(y, ox.NamedNode("tag:e.org,2026:knows"), x, a))
    html = PageRenderer(LinkedData(store, on_disk=True)).entity(x.value)
    assert ('<table class="facts">\n'
            '<tr><th><code>urn:x:p</code></th><td><div><span class="lit">v &amp; w</span></div></td></tr>\n'
            '</table>') in html
    assert ('<tr><td><a href="../../doc/org/y.html">org/y</a></td><td><code>tag:e.org,2026:knows</code></td>'
            '<td class="src"><a href="../../doc/graph/a.html">a</a></td></tr>\n') in html
