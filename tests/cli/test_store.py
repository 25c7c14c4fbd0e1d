"""``--store PATH``: build the curated graph once into Oxigraph's on-disk store, then query, validate and push
from it — with the same answers as the files give (the expected values are those of the file route, which the
query catalogue checks against the documents).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from innokg.sparql import load_library
from support.sparql_curated import CURATED_PARAMS

ROOT = Path(__file__).resolve().parents[2]
FIX = ROOT / "tests" / "fixtures" / "build"
LIBRARY = load_library(ROOT / "queries")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """graph/ built twice: out/ alone, and out/ + an on-disk store (in-process CLI)."""
    from support.cli import run_in_process

    tmp = tmp_path_factory.mktemp("store")
    r = run_in_process(("build", "--engine", "sparql", "-o", str(tmp / "plain")))
    assert r.returncode == 0, r.stderr
    r = run_in_process(("build", "--engine", "sparql", "-o", str(tmp / "out"), "--store", str(tmp / "db")))
    assert r.returncode == 0, r.stderr
    return tmp


def test_store_describes_itself(built):
    info = json.loads((built / "db" / "innokg-store.json").read_text())
    summary = json.loads((built / "plain" / "summary.json").read_text())
    assert info["statements"] == sum(summary["statements_per_graph"].values())
    assert info["validation"] == summary["validation"]
    assert info["reasoned"] is True
    sources = sorted(str(f.relative_to(ROOT)) for f in (ROOT / "graph").rglob("*") if f.suffix in {".trig", ".ttl"})
    assert sorted(info["files"]) == sources


def test_every_library_query_answers_the_same_from_the_store(built):
    from innokg.pipeline import prepare
    from innokg.sparql import bind_parameters, load_store, resolve_parameters, run_local

    files = load_store(built / "plain" / "innokg.nq")
    store = prepare(store=built / "db", validate=False).store
    assert len(store) == len(files)
    for q in LIBRARY:
        given = [f"{p.name}={CURATED_PARAMS[p.name]}" for p in q.params if p.required and p.default is None]
        text = bind_parameters(q.text, resolve_parameters(q, given))
        assert run_local(store, text).rows == run_local(files, text).rows, q.name


def test_query_command_reads_the_store(built, run_cli):
    args = ("query", "funding-by-funder", "--format", "csv")
    files = run_cli(*args, "--data", built / "plain" / "innokg.nq")
    store = run_cli(*args, "--store", built / "db")
    assert store.returncode == files.returncode == 0, store.stderr
    assert store.stdout == files.stdout and store.stdout.count("\n") > 2


def test_validate_the_store_where_it_lies_gives_the_files_findings(built, run_cli):
    on_files = run_cli("validate", "--engine", "sparql")
    on_store = run_cli("validate", "--store", built / "db")
    assert on_store.returncode == on_files.returncode == 0, on_store.stderr
    assert on_store.stdout.splitlines() and sorted(on_store.stdout.splitlines()) == sorted(on_files.stdout.splitlines())


def test_a_folder_that_is_not_a_store_is_never_replaced(run_cli, tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thesis.tex").write_text("precious")
    r = run_cli("build", "--graph", FIX / "mini.trig", "--shapes", FIX / "shapes", "-o", tmp_path / "out",
                "--store", mine)
    assert r.returncode == 2
    assert r.stderr.strip() == (f"[ERROR] [--store {mine}] the folder exists and is not a store innokg built: "
                                "it would be replaced (name a new folder, or one an earlier build --store made)")
    assert (mine / "thesis.tex").read_text() == "precious"


def test_a_failed_build_leaves_the_previous_store(run_cli, tmp_path):
    db = tmp_path / "db"
    r = run_cli("build", "--graph", FIX / "mini.trig", "--shapes", FIX / "shapes", "-o", tmp_path / "o", "--store", db)
    assert r.returncode == 0, r.stderr
    before = (db / "innokg-store.json").read_text()
    bad = tmp_path / "bad.trig"  # an amount without currency: a Violation of the fixture's AmountShape
    bad.write_text((FIX / "mini.trig").read_text().replace(' ; schema:currency "EUR"', ""))
    r = run_cli("build", "--graph", bad, "--shapes", FIX / "shapes", "-o", tmp_path / "o", "--store", db)
    assert r.returncode == 1
    assert (db / "innokg-store.json").read_text() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.trig", "db", "o"]  # no temporary folder left


@pytest.mark.parametrize("args,message", [
    (("query", "hubs-by-kind", "--store", "{tmp}/nowhere"), "[ERROR] [{tmp}/nowhere] no such store folder"),
    (("query", "hubs-by-kind", "--store", "{tmp}"), "[ERROR] [{tmp}] not a store built by innokg"),
    (("query", "hubs-by-kind", "--store", "{tmp}", "--data", "{tmp}"),
     "[ERROR] [--endpoint/--data/--store] give one of --endpoint, --data and --store"),
    (("validate", "graph", "--store", "{tmp}"), "[ERROR] [--store] give FILES or --store/--endpoint, not both"),
])
def test_bad_store_arguments_are_one_line(run_cli, tmp_path, args, message):
    r = run_cli(*(a.format(tmp=tmp_path) for a in args))
    assert r.returncode == 2
    assert r.stderr.startswith(message.format(tmp=tmp_path)), r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_analyze_reads_the_store_as_it_reads_the_files(built, run_cli):
    """Same nodes, same measures: the network projected from the store is the one projected from graph/."""
    files = run_cli("analyze", "--no-validate", "--timestamp", "2026-01-01T00:00:00")
    store = run_cli("analyze", "--no-validate", "--timestamp", "2026-01-01T00:00:00", "--store", built / "db")
    assert files.returncode == store.returncode == 0, store.stderr
    assert store.stdout == files.stdout and store.stdout.count("\n") > 40


def _release(site: Path) -> str:
    return json.loads((site / "changelog.json").read_text(encoding="utf-8"))[0]["version"]


def _label_blind(data: bytes, version: str) -> bytes:
    """``data`` with the release's version, SHA-256 sums and blank-node labels written alike."""
    data = data.replace(version.encode(), b"VERSION")
    data = re.sub(rb"_:[A-Za-z0-9]+", b"_:b", data)
    return re.sub(rb"\b[0-9a-f]{64}\b", b"SHA", data)


def _statements(data: bytes, fmt) -> set[str]:
    """The statements of an RDF document, blank nodes relabelled canonically (RDFC-1.0), dump sizes left out."""
    import pyoxigraph as ox

    ds = ox.Dataset(q for q in ox.parse(data, format=fmt) if q.predicate.value != "http://www.w3.org/ns/dcat#byteSize")
    ds.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return {str(q) for q in ds}


def _site_differences(a: Path, b: Path) -> list[str]:
    """Where two sites of the same data differ in content: RDF files as statements (whatever their order and
    blank-node labels), pages as their lines in any order with their embedded JSON-LD as statements, the version,
    checksums and the dumps' byte sizes (which follow the statements' order) aside."""
    import gzip

    import pyoxigraph as ox

    rdf = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".jsonld": ox.RdfFormat.JSON_LD,
           ".rdf": ox.RdfFormat.RDF_XML, ".trig": ox.RdfFormat.TRIG, ".gz": ox.RdfFormat.N_QUADS}
    script = re.compile(rb'<script type="application/ld\+json">(.*?)</script>', re.S)
    va, vb = _release(a), _release(b)
    files = sorted(str(p.relative_to(a)) for p in a.rglob("*") if p.is_file())
    other = sorted(str(p.relative_to(b)) for p in b.rglob("*") if p.is_file())
    found = [f"only in one site: {sorted(set(files) ^ set(other))}"] if files != other else []
    for rel in files:
        x, y = (a / rel).read_bytes(), (b / rel).read_bytes()
        if x == y:
            continue
        fmt = rdf.get(Path(rel).suffix)
        if fmt is not None:
            if rel.endswith(".gz"):
                x, y = gzip.decompress(x), gzip.decompress(y)
            if _statements(_label_blind(x, va), fmt) != _statements(_label_blind(y, vb), fmt):
                found.append(f"{rel}: other statements")
            continue
        x, y = _label_blind(x, va), _label_blind(y, vb)
        if [_statements(j, ox.RdfFormat.JSON_LD) for j in script.findall(x)] != \
                [_statements(j, ox.RdfFormat.JSON_LD) for j in script.findall(y)]:
            found.append(f"{rel}: other embedded statements")

        def lines(data: bytes) -> list[bytes]:
            return sorted(re.sub(rb'class="num">\d+<', b'class="num">N<', line) if b'href="dumps/' in line else line
                          for line in script.sub(b"", data).splitlines())

        if lines(x) != lines(y):
            found.append(f"{rel}: other lines")
    return found


def test_publish_from_the_store_is_the_site_of_its_dump(built, run_cli):
    """The same site from the store as from the TriG the same build wrote: the same files, the same statements in
    every RDF file and page. Not byte for byte: the store is read where it lies (issue 17), so its blank nodes keep
    the store's labels (not RDFC-1.0's) and the dumps come in the store's order — and with them the dumps' sizes,
    checksums and the version named after the N-Quads dump's SHA-256."""
    a = run_cli("publish", built / "site-file", "--data", built / "out" / "innokg.trig", "--issued", "2026-12-01")
    b = run_cli("publish", built / "site-store", "--store", built / "db", "--issued", "2026-12-01")
    assert a.returncode == b.returncode == 0, b.stderr
    assert _site_differences(built / "site-file", built / "site-store") == []
    assert len(list((built / "site-store").rglob("*.html"))) > 400
    file_nq = (built / "site-file" / "dumps" / "innokg.nq.gz").read_bytes()
    assert file_nq != (built / "site-store" / "dumps" / "innokg.nq.gz").read_bytes()  # compared as statements


def test_site_comparison_sees_a_changed_statement(built, tmp_path):
    """The comparison above is not blind: one literal changed in one page's Turtle is found."""
    import shutil

    shutil.copytree(built / "site-file", tmp_path / "site")
    page = next((tmp_path / "site" / "doc" / "org").glob("*.ttl"))
    text = page.read_text(encoding="utf-8")
    changed = re.sub(r'"([^"]+)"', r'"\1 (changed)"', text, count=1)
    assert changed != text
    page.write_text(changed, encoding="utf-8")
    rel = str(page.relative_to(tmp_path / "site"))
    assert _site_differences(built / "site-file", tmp_path / "site") == [f"{rel}: other statements"]


def test_publish_from_the_store_under_another_base_iri(built, run_cli):
    """Another --base-iri: the store is copied and rebased first (README, "--store"), so the site speaks only of it."""
    import gzip

    r = run_cli("publish", built / "site-base", "--store", built / "db", "--base-iri", "https://kg.example.org/",
                "--issued", "2026-12-01")
    assert r.returncode == 0, r.stderr
    nq = gzip.decompress((built / "site-base" / "dumps" / "innokg.nq.gz").read_bytes()).decode("utf-8")
    assert "<https://kg.example.org/id/hub/edih-do>" in nq
    assert "<https://w3id.org/innokg/id/" not in nq and "<https://w3id.org/innokg/graph/" not in nq
    # the roll-ups' IRI columns are plain strings of IRIs (README, "The derived summary graph"): moved too
    assert '"https://w3id.org/innokg/id/' not in nq
    assert '<https://kg.example.org/graph/summary#column-programme> "https://kg.example.org/id/programme/' in nq
    assert (built / "site-base" / "doc" / "hub" / "edih-do.html").is_file()
