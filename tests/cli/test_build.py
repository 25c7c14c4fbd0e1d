"""innokg build / validate on a small fixture: outputs, reasoning graph, exit codes, atomicity."""

import json
from pathlib import Path

from rdflib import Dataset, URIRef

FIX = Path(__file__).parents[1] / "fixtures" / "build"
INFERRED = URIRef("https://w3id.org/innokg/graph/inferred")
ORG = "https://w3id.org/innokg/id/org/"
IKG = "https://w3id.org/innokg/ontology#"


def test_build_writes_dataset_with_inferred_graph(run_cli, tmp_path):
    out = tmp_path / "out"
    r = run_cli("build", "--graph", FIX / "mini.trig", "--shapes", FIX / "shapes", "-o", out)
    assert r.returncode == 0, r.stderr
    assert {p.name for p in out.iterdir()} == {
        "innokg.trig", "innokg.nq", "validation.ttl", "validation.txt", "summary.json"}
    ds = Dataset()
    ds.parse(out / "innokg.trig", format="trig")
    inferred = ds.graph(INFERRED)
    rdf_type = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    # a university is an academia actor; whoever is ikg:funder of a grant is an ikg:Funder
    assert (URIRef(ORG + "uni"), rdf_type, URIRef(IKG + "AcademiaActor")) in inferred
    assert (URIRef(ORG + "agency"), rdf_type, URIRef(IKG + "Funder")) in inferred
    assert (URIRef(ORG + "agency"), rdf_type, URIRef(IKG + "GovernmentActor")) in inferred
    # asserted statements are not repeated in the inferred graph
    assert (URIRef(ORG + "uni"), rdf_type, URIRef(IKG + "University")) not in inferred
    summary = json.loads((out / "summary.json").read_text())
    assert summary["validation"] == {"Violation": 0, "Warning": 1, "Info": 0, "conforms": True}
    assert summary["statements_per_graph"]["https://w3id.org/innokg/graph/mini"] == 11
    assert "validation: conforms" in r.stdout
    nq = (out / "innokg.nq").read_text().splitlines()
    assert nq == sorted(nq)


def test_validate_lists_warning_and_exits_0(run_cli):
    r = run_cli("validate", FIX / "mini.trig", "--shapes", FIX / "shapes")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("[WARNING] [")
    assert lines[0].endswith("mini.trig id:grant/g1 ikg:fundingProgramme] grant without a known funding programme")


def _bad_amount(tmp_path):
    bad = tmp_path / "bad.trig"
    bad.write_text((FIX / "mini.trig").read_text().replace(' ; schema:currency "EUR"', ""))
    return bad


def test_violation_exits_1_and_build_keeps_previous_output(run_cli, tmp_path):
    out = tmp_path / "out"
    assert run_cli("build", "--graph", FIX / "mini.trig", "--shapes", FIX / "shapes", "-o", out).returncode == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    bad = _bad_amount(tmp_path)
    v = run_cli("validate", bad, "--shapes", FIX / "shapes")
    assert v.returncode == 1
    assert "[VIOLATION]" in v.stdout and "id:amount/g1 schema:currency] amount without currency" in v.stdout
    b = run_cli("build", "--graph", bad, "--shapes", FIX / "shapes", "-o", out)
    assert b.returncode == 1
    assert "nothing written" in b.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_syntax_error_names_file_line_and_column(run_cli, tmp_path):
    bad = tmp_path / "broken.trig"
    bad.write_text("@prefix ex: <http://example.org/> .\n<http://example.org/g> {\n  ex:a ex:b ex:c .\n  ex:d ex:e .\n}\n")
    r = run_cli("validate", bad, "--shapes", FIX / "shapes")
    assert r.returncode == 2
    assert r.stderr.startswith(f"[ERROR] [{bad}:")
    assert "Traceback" not in r.stderr
    line = int(r.stderr.split(f"{bad}:")[1].split(":")[0])
    assert line in (3, 4, 5)


def test_both_reasoners_give_the_same_dataset(run_cli, tmp_path):
    """The fast rules (default) and owlrl (reference) infer exactly the same statements."""
    outs = {}
    for reasoner in ("rules", "owlrl"):
        out = tmp_path / reasoner
        r = run_cli("build", "--graph", FIX / "mini.trig", "--shapes", FIX / "shapes", "-o", out,
                    "--reasoner", reasoner)
        assert r.returncode == 0, r.stderr
        assert f"reasoning (OWL 2 RL, {reasoner})" in r.stderr
        outs[reasoner] = (out / "innokg.nq").read_text()
    assert outs["rules"] == outs["owlrl"]


def test_unknown_reasoner_is_a_usage_error(run_cli, tmp_path):
    r = run_cli("build", "--reasoner", "hermit", "-o", tmp_path / "o")
    assert r.returncode == 2
    assert r.stderr.startswith("[ERROR] [--reasoner]")
