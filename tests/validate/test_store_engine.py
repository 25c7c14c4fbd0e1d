"""`innokg validate --engine sparql` (innokg.pipeline.prepare on the store route, innokg.validate.store_engine) prints exactly the lines of `--engine pyshacl`.

The two engines are compared line by line — severity, file, focus node (blank nodes by who refers to them),
path, message with its filled-in template, value — on the curated graph, on every invalid shapes fixture
(tests/fixtures/shapes/*-invalid.trig, all of shapes/) and on the bad-data catalogue (tests/fixtures/bad/shacl/),
with and without reasoning. The CLI cases check the option itself, exit codes, refusals, malformed and
gzip-compressed input.
"""

from __future__ import annotations

import gzip
import logging
from pathlib import Path

import pytest

from support.bad_input import LOAD_CASES, check
from support.paths import ROOT
from innokg.pipeline import prepare
from innokg.validate.store_engine import choose_engine

FIXTURES = ROOT / "tests" / "fixtures" / "shapes"
BAD = ROOT / "tests" / "fixtures" / "bad"
INVALID = sorted(FIXTURES.glob("*-invalid.trig"))
MINI_SHAPES = ROOT / "tests" / "fixtures" / "build" / "shapes"


def _lines(report) -> list[str]:
    return list(dict.fromkeys(f.format() for f in report.findings))  # as `innokg validate` prints them


def _same(files, reason: bool) -> list[str]:
    logging.getLogger("rdflib").setLevel(logging.ERROR)  # ill-typed literals are findings, not log noise
    reference = _lines(prepare(files, reason=reason).report)
    ours = _lines(prepare(files, reason=reason, engine="sparql").report)
    assert ours == reference, ("pyshacl only:\n" + "\n".join(sorted(set(reference) - set(ours)))
                               + "\nsparql only:\n" + "\n".join(sorted(set(ours) - set(reference))))
    return ours


@pytest.mark.parametrize("path", INVALID, ids=[p.name for p in INVALID])
def test_same_lines_on_invalid_fixture(path):
    lines = _same([path], reason=True)
    assert any(line.startswith(("[VIOLATION]", "[WARNING]", "[INFO]")) for line in lines)


@pytest.mark.parametrize("path", INVALID, ids=[p.name for p in INVALID])
def test_same_lines_on_invalid_fixture_without_reasoning(path):
    _same([path], reason=False)


@pytest.mark.parametrize("reason", [True, False], ids=["reasoned", "asserted"])
def test_same_lines_on_bad_data_catalogue(reason):
    lines = _same([BAD / "shacl"], reason=reason)
    # filled templates: {$this}, {?class1}/{?class2}, {?value}, {?path}, {?start}
    assert any("is typed both https://w3id.org/innokg/ontology#Company and" in line for line in lines)
    assert any("The end date 2024-12-31 lies before the start date 2025-01-01." in line for line in lines)
    assert any(line.startswith("[VIOLATION] [shacl/blank-node-amount.trig (id:grant/in-blank-node ikg:amount)")
               or "blank-node-amount.trig (id:grant/in-blank-node ikg:amount) schema:value]" in line
               for line in lines)


def test_same_lines_on_curated_graph(session_folder):
    """pyshacl's report on the curated graph (what ``--engine auto`` picks for it) is made once per test session
    and shared with tests/validate/test_shapes.py (support/curated_validation.py)."""
    from support.curated_validation import curated_findings

    logging.getLogger("rdflib").setLevel(logging.ERROR)
    reference = list(dict.fromkeys(f.format() for f in curated_findings(session_folder)))
    ours = _lines(prepare(None, reason=True, engine="sparql").report)
    assert ours == reference, ("pyshacl only:\n" + "\n".join(sorted(set(reference) - set(ours)))
                               + "\nsparql only:\n" + "\n".join(sorted(set(ours) - set(reference))))
    assert len(ours) > 50  # the curated graph's known gaps (Warnings, Infos)


# --------------------------------------------------------------------------------------- the command


def test_cli_sparql_engine_prints_the_pyshacl_lines(run_cli):
    args = ("validate", "shacl/")
    py = run_cli(*args, "--engine", "pyshacl", cwd=BAD)
    sq = run_cli(*args, "--engine", "sparql", cwd=BAD)
    assert py.returncode == sq.returncode == 1, sq.stderr
    assert sq.stdout == py.stdout
    assert "validation: does NOT conform — 13 violations, 10 warnings, 8 infos" in sq.stderr
    assert "Traceback" not in sq.stderr and "UserWarning" not in sq.stderr


def test_cli_sparql_engine_refuses_owlrl(run_cli):
    r = run_cli("validate", "--engine", "sparql", "--reasoner", "owlrl", BAD / "bom.trig")
    assert r.returncode == 2
    assert r.stderr.strip().splitlines()[-1] == (
        "[ERROR] [--reasoner] --engine sparql reasons with the rules engine only "
        "(drop --reasoner owlrl, or use --engine pyshacl)")


def _sparql_cases():
    return [c for c in LOAD_CASES if c.args[0] == "validate"]


@pytest.mark.parametrize("case", _sparql_cases(), ids=lambda c: c.id)
def test_cli_sparql_engine_bad_input_catalogue(case, run_cli):
    """Every bad-input line pinned for `innokg validate` (tests/cli/test_bad_input.py) is the same with --engine sparql."""
    from dataclasses import replace

    check(run_cli(*replace(case, args=["validate", "--engine", "sparql", *case.args[1:]]).args, cwd=BAD), case)


def _nq_gz(tmp_path: Path, text: str) -> Path:
    out = tmp_path / "import.nq.gz"
    with gzip.open(out, "wt", encoding="utf-8") as fh:
        fh.write(text)
    return out


GRANT = ("<https://w3id.org/innokg/id/grant/g> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
         "<https://w3id.org/innokg/ontology#Grant> <https://w3id.org/innokg/graph/import> .\n")


@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
def test_cli_reads_nq_gz(run_cli, tmp_path, engine):
    f = _nq_gz(tmp_path, GRANT)
    r = run_cli("validate", "--engine", engine, "--shapes", MINI_SHAPES, f)
    assert r.returncode == 0, r.stderr  # conforms: the grant without a funding programme is a Warning
    assert "loaded 1 statements from 1 files" in r.stderr


def test_cli_malformed_nq_gz(run_cli, tmp_path):
    f = _nq_gz(tmp_path, GRANT + "<https://w3id.org/innokg/id/grant/h> <http://x/p> .\n")
    r = run_cli("validate", "--engine", "sparql", "--shapes", MINI_SHAPES, f)
    assert r.returncode == 2
    last = r.stderr.strip().splitlines()[-1]
    assert last.startswith(f"[ERROR] [{f}:2:") and "the line reads: '<https://w3id.org/innokg/id/grant/h>" in last


@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
def test_cli_gz_that_is_not_gzip(run_cli, tmp_path, engine):
    f = tmp_path / "plain.nq.gz"
    f.write_text(GRANT)
    r = run_cli("validate", "--engine", engine, "--shapes", MINI_SHAPES, f)
    assert r.returncode == 2
    assert r.stderr.strip().splitlines()[-1].startswith(f"[ERROR] [{f}] not a readable gzip file (")


def test_cli_gz_that_breaks_off(run_cli, tmp_path):
    """A download or copy that stopped half-way: an error, not the first half validated as if whole."""
    import random

    rnd = random.Random(0)
    lines = "".join(GRANT.replace("grant/g>", f"grant/g{rnd.random()}>") for _ in range(3000))
    whole = _nq_gz(tmp_path, lines).read_bytes()
    f = tmp_path / "cut.nq.gz"
    f.write_bytes(whole[: len(whole) // 2])
    r = run_cli("validate", "--engine", "sparql", "--shapes", MINI_SHAPES, f)
    assert r.returncode == 2
    assert r.stderr.strip().splitlines()[-1].startswith(f"[ERROR] [{f}] not a readable gzip file (")
    assert r.stdout == ""


def test_cli_empty_gz(run_cli, tmp_path):
    f = _nq_gz(tmp_path, "\n")
    r = run_cli("validate", "--engine", "sparql", "--shapes", MINI_SHAPES, f)
    assert r.returncode == 2
    assert r.stderr.strip().splitlines()[-1] == f"[ERROR] [{f}] file is empty (remove it or add its statements)"


# --------------------------------------------------------------------------------------- auto


def test_auto_engine_by_input_size(monkeypatch, tmp_path):
    import innokg.validate.store_engine as sv

    small = BAD / "shacl"
    assert choose_engine("auto", [small], reason=True, reasoner="rules") == "pyshacl"
    assert choose_engine("auto", None, reason=True, reasoner="rules") == "pyshacl"  # the curated graph
    monkeypatch.setattr(sv, "AUTO_BYTES", 100)
    assert choose_engine("auto", [small], reason=True, reasoner="rules") == "sparql"
    said = []
    assert choose_engine("auto", [small], reason=True, reasoner="owlrl", log=said.append) == "pyshacl"
    assert len(said) == 1 and said[0].startswith("[INFO] [--engine] ") and "--reasoner owlrl needs pyshacl" in said[0]
    # a .gz file counts with its uncompressed size
    f = _nq_gz(tmp_path, GRANT * 50)
    assert sv.input_bytes([f]) == len(GRANT) * 50


# --------------------------------------------------------------------------------------- build


def test_build_sparql_engine_writes_the_same_outputs(run_cli, tmp_path):
    """Same dataset, validation.txt and summary.json; validation.ttl is a SHACL report with the same results
    (not byte-identical: pyshacl keeps its own blank-node copies of complex paths)."""
    from rdflib import Graph, RDF, URIRef

    args = ("build", "--graph", BAD / "shacl" / "end-before-start.trig", "--graph", BAD / "shacl" / "disjoint-classes.trig")
    outs = {}
    for engine in ("pyshacl", "sparql"):
        r = run_cli(*args, "--engine", engine, "-o", tmp_path / engine)
        assert r.returncode == 1, r.stderr  # the Violations are listed, nothing is written
        outs[engine] = r.stderr.splitlines()
        assert not (tmp_path / engine).exists()
    violations = {e: [ln for ln in lines if ln.startswith("[VIOLATION]")] for e, lines in outs.items()}
    assert violations["sparql"] == violations["pyshacl"] and len(violations["sparql"]) == 2
    fix = ROOT / "tests" / "fixtures" / "build"
    written = {}
    for engine in ("pyshacl", "sparql"):
        r = run_cli("build", "--graph", fix / "mini.trig", "--shapes", fix / "shapes", "--engine", engine,
                    "-o", tmp_path / engine)
        assert r.returncode == 0, r.stderr
        written[engine] = {p.name: p.read_bytes() for p in (tmp_path / engine).iterdir()}
    assert written["sparql"].keys() == written["pyshacl"].keys()
    for name in written["sparql"]:
        if name != "validation.ttl":
            assert written["sparql"][name] == written["pyshacl"][name], name
    result = URIRef("http://www.w3.org/ns/shacl#ValidationResult")
    counts = {e: len(set(Graph().parse(data=w["validation.ttl"], format="turtle").subjects(RDF.type, result)))
              for e, w in written.items()}
    assert counts["sparql"] == counts["pyshacl"] == 1


@pytest.mark.parametrize("engine", ["pyshacl", "sparql"])
@pytest.mark.slow
def test_finding_order_does_not_depend_on_string_hashing(engine):
    """Two findings that differ only in their value (IndicatorValueShape-invalid: two values of one
    indicator break the same constraint with the same message) print in one order whatever
    PYTHONHASHSEED is: the findings pass through a set, so the sort must be total."""
    import subprocess
    import sys

    from support.cli import cli_env

    outs = set()
    for seed in ("1", "2", "3", "4"):
        r = subprocess.run([sys.executable, "-m", "innokg.cli", "validate", "--engine", engine,
                            str(FIXTURES / "IndicatorValueShape-invalid.trig")],
                           cwd=ROOT, env=cli_env() | {"PYTHONHASHSEED": seed}, text=True, capture_output=True,
                           timeout=300)
        assert r.returncode == 1, r.stderr
        outs.add(r.stdout)
    assert len(outs) == 1
    lines = next(iter(outs)).splitlines()
    tied = [line for line in lines if "id:indicator/wrong ikg:value" in line]
    assert len(tied) >= 2 and tied == sorted(tied)
