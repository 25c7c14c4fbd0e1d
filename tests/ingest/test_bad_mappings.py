"""The import's part of the bad-input catalogue (``support.bad_input.MAPPING_CASES``, ``FILTER_CASES``).

Each case pins the exact diagnostic line and exit code; a mapping that cannot run (exit 2) writes
nothing, one that reports rows (exit 1) writes everything it could map — both values of a repeated
subject's conflicting property included. The fixtures are in ``tests/fixtures/bad/import/`` (its README
says what each one is).
"""

from __future__ import annotations

import time
from decimal import Decimal

import pyoxigraph as ox
import pytest

from support.bad_input import BAD, FILTER_CASES, MAPPING_CASES, Case, check


@pytest.mark.parametrize("case", MAPPING_CASES, ids=lambda c: c.id)
def test_bad_mapping(case: Case, run_cli, tmp_path):
    out = tmp_path / "never.nq"
    args = [str(out) if a == "never.nq" else a for a in case.args]
    t0 = time.perf_counter()
    r = run_cli(*args, cwd=BAD)
    assert time.perf_counter() - t0 < 20  # the alias bomb took 30 s and 668 MB before it was refused
    check(r, case)
    assert out.exists() == (case.code != 2)
    assert "internal error" not in r.stderr


@pytest.mark.parametrize("case", FILTER_CASES, ids=lambda c: c.id)
def test_bad_filter(case: Case, run_cli, tmp_path):
    r = run_cli(*case.args, cwd=tmp_path)
    check(r, case)
    assert not (tmp_path / "never-written").exists()


def test_repeated_subject_keeps_both_values(run_cli, tmp_path):
    """Rows 2 and 3 of dup.csv are one participation; both contributions reach the output (145,795.65
    was silently dropped before), and the summary counts the conflict."""
    out = tmp_path / "dup.nq"
    r = run_cli("import", "import/duplicate-subject.yaml", "-o", out, cwd=BAD)
    assert r.returncode == 1
    assert "of which 1 conflict with an earlier row's value (both kept)" in r.stderr
    store = ox.Store()
    store.bulk_load(path=str(out), format=ox.RdfFormat.N_QUADS)
    got = sorted(Decimal(row["v"].value) for row in store.query(
        "SELECT ?v WHERE { <https://w3id.org/innokg/id/participation/dup-P1-O1> "
        "<https://w3id.org/innokg/ontology#contribution>/<http://schema.org/value> ?v }",
        use_default_graph_as_union=True))
    assert got == [Decimal("100.50"), Decimal("145795.65")]


def test_column_hint_lists_every_column(run_cli, tmp_path):
    """A 44-column table: the hint names all 44 (it used to cut at 30 without saying so)."""
    cols = [f"c{i:02d}" for i in range(44)]
    (tmp_path / "wide.csv").write_text(",".join(cols) + "\n" + ",".join("x" * 44) + "\n")
    (tmp_path / "m.yaml").write_text("innokg-mapping: 1\ntables:\n  - file: wide.csv\n"
                                     "    entities: [{subject: 'org/{c99}', class: org:Organization}]\n")
    r = run_cli("import", "m.yaml", cwd=tmp_path)
    assert r.returncode == 2
    assert f"the table has: {', '.join(cols)})" in r.stderr
