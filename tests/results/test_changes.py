"""``innokg diff OLD NEW`` (innokg.results.changes): the changes worked out by hand in
tests/fixtures/changes/README.md, and a sample of CORDIS H2020 with 1 % of its rows changed."""

from __future__ import annotations

import csv
import gzip
import io
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from innokg.results.changes import Change, changes_csv, changes_text, changeset_turtle, dataset_changes
from support.cli import run_in_process
from support.h2020_changes import h2020_with_changed_rows
from support.publish_checks import rapper_count

ROOT = Path(__file__).resolve().parents[2]
FIX = ROOT / "tests" / "fixtures" / "changes"
DATA = ROOT.parent / "shared" / "data"
ID = "https://w3id.org/innokg/id/"
G = "https://w3id.org/innokg/graph/"
XSD = "http://www.w3.org/2001/XMLSchema#"


def amount(value: str) -> str:
    return (f'[ <http://schema.org/currency> "EUR" ; <http://schema.org/value> "{value}"^^<{XSD}decimal> ]')


def test_changes_worked_out_by_hand():
    ch = dataset_changes(FIX / "old.nq", FIX / "new.nq")
    assert ch.changes == [
        Change("changed", f"<{G}notice>", f"<{ID}grant/g1>", "<https://w3id.org/innokg/ontology#amount>",
               (amount("1680000"),), (amount("1860000"),)),
        Change("added", f"<{G}press>", f"<{ID}membership/m1>", "<http://schema.org/startDate>",
               new=(f'"2022-01-01"^^<{XSD}date>',)),
        Change("removed", f"<{G}press>", f"<{ID}membership/m2>", "<http://www.w3.org/ns/org#member>",
               old=(f"<{ID}org/y>",)),
        Change("removed", f"<{G}press>", f"<{ID}membership/m2>", "<http://www.w3.org/ns/org#organization>",
               old=(f"<{ID}hub/h>",)),
    ]
    assert (ch.added, ch.removed, ch.old_size, ch.new_size) == (2, 3, 9, 8)
    assert ch.by_graph == {f"<{G}notice>": (1, 1), f"<{G}press>": (1, 2)}
    assert sorted(s for _g, s in ch.by_entity) == [f"<{ID}grant/g1>", f"<{ID}membership/m1>",
                                                   f"<{ID}membership/m2>"]


def test_the_same_statements_in_another_format_are_no_change(tmp_path):
    trig = tmp_path / "old.trig"
    trig.write_bytes(ox.serialize(ox.parse(path=str(FIX / "old.nq"), format=ox.RdfFormat.N_QUADS),
                                  format=ox.RdfFormat.TRIG))
    gz = tmp_path / "new.nq.gz"
    gz.write_bytes(gzip.compress((FIX / "old.nq").read_bytes()))
    ch = dataset_changes(trig, gz)
    assert ch.changes == [] and ch.old_size == ch.new_size == 9
    assert "no changes" in changes_text(ch)


def test_csv_and_changeset():
    ch = dataset_changes(FIX / "old.nq", FIX / "new.nq")
    rows = list(csv.DictReader(io.StringIO(changes_csv(ch).decode())))
    assert [(r["change"], r["entity"].rsplit("/", 1)[-1], r["property"].rsplit("#", 1)[-1].rsplit("/", 1)[-1])
            for r in rows] == [
        ("changed", "g1", "amount"), ("added", "m1", "startDate"), ("removed", "m2", "member"),
        ("removed", "m2", "organization")]
    assert rows[0]["old"] == amount("1680000") and rows[0]["new"] == amount("1860000")
    cs = "http://purl.org/vocab/changeset/schema#"
    triples = list(ox.parse(changeset_turtle(ch, created="2026-12-02"), format=ox.RdfFormat.TURTLE))
    sets = {t.subject for t in triples if t.predicate.value == cs[:-1] + "#subjectOfChange"}
    assert len(sets) == 3
    assert sum(t.predicate.value == cs + "addition" for t in triples) == 2
    assert sum(t.predicate.value == cs + "removal" for t in triples) == 3
    # the new amount is written as a node with its value, not as a string
    values = {t.object.value for t in triples if t.predicate.value == "http://schema.org/value"}
    assert values == {"1680000", "1860000"}


@pytest.mark.slow  # rapper
@pytest.mark.skipif(shutil.which("rapper") is None, reason="rapper (Debian raptor2-utils) is not installed")
def test_rapper_reads_the_changeset(tmp_path):
    r = run_in_process(["diff", FIX / "old.nq", FIX / "new.nq", "-f", "rdf", "-o", tmp_path / "cs.ttl"])
    assert r.returncode == 1, r.stderr
    # 3 change sets × (type, subject, graph) + 5 statements × (link, type, subject, predicate, object)
    # + 2 amounts × 2 properties
    assert rapper_count(tmp_path / "cs.ttl", "turtle") == 9 + 25 + 4


def test_cli_exit_codes_and_errors(tmp_path):
    same = run_in_process(["diff", FIX / "old.nq", FIX / "old.nq"])
    assert same.returncode == 0 and "+0 added, -0 removed" in same.stdout
    differ = run_in_process(["diff", FIX / "old.nq", FIX / "new.nq", "-f", "csv"])
    assert differ.returncode == 1 and differ.stdout.startswith("change,graph,entity,property,old,new\n")
    missing = run_in_process(["diff", FIX / "old.nq", tmp_path / "nope.nq"])
    assert missing.returncode == 2 and missing.stderr.startswith(f"[ERROR] [{tmp_path / 'nope.nq'}] no such file")
    bad = tmp_path / "bad.trig"
    bad.write_text("<a> <b> .\n")
    broken = run_in_process(["diff", FIX / "old.nq", bad])
    assert broken.returncode == 2 and broken.stderr.startswith(f"[ERROR] [{bad}]") and "Traceback" not in broken.stderr
    short = tmp_path / "short.nq"
    short.write_text("<a> <b> .\n")
    r = run_in_process(["diff", FIX / "old.nq", short])
    assert r.returncode == 2 and r.stderr.startswith(f"[ERROR] [{short}] not an N-Quads statement: '<a> <b>'")
    out = tmp_path / "keep.txt"
    out.write_text("before")
    assert run_in_process(["diff", FIX / "old.nq", bad, "-o", out]).returncode == 2
    assert out.read_text() == "before"  # nothing lost


# -- CORDIS H2020: a sample, and a copy with 1 % of its rows changed ------------------------------------------

SAMPLE_ROWS = 2000


@pytest.mark.slow
@pytest.mark.skipif(not (DATA / "cordis-h2020-participations" / "h2020.csv.gz").is_file(),
                    reason="../shared/data/cordis-h2020-participations (CORDIS H2020) is not beside the clone")
def test_h2020_sample_with_one_percent_of_rows_changed(tmp_path):
    old_dir, new_dir, expected = h2020_with_changed_rows(DATA, tmp_path, rows=SAMPLE_ROWS)
    outs = []
    for folder in (old_dir, new_dir):
        out = tmp_path / f"{folder.name}.nq"
        r = run_in_process(["import", ROOT / "mappings" / "cordis-h2020.yaml", "--data", folder, "-o", out])
        assert out.is_file(), r.stderr
        outs.append(out)
    ch = dataset_changes(*outs)
    assert len(expected) == SAMPLE_ROWS // 100  # 1 %
    found = []
    for c in ch.changes:
        assert c.kind == "changed" and c.graph == f"<{G}cordis-h2020>", c
        entity, prop = c.entity.strip("<>")[len(ID):], c.property.strip("<>").rsplit("#", 1)[-1]
        if prop == "contribution":
            (old,), (new,) = c.old, c.new
            found.append((entity, prop, old.split('"')[3], new.split('"')[3]))
        else:
            found.append((entity, prop, c.old[0].strip("<>")[len(ID):], c.new[0].strip("<>")[len(ID):]))
    assert sorted(found) == expected
    assert (ch.added, ch.removed) == (len(expected), len(expected))


def test_a_change_inside_nested_blank_nodes_is_one_changed_value(tmp_path):
    """<s> <p> [ <q> [ <r> "1" ] ] and, relabelled, [ <r> "2" ]: one change of <s> <p>; an unchanged nested
    node under another label is no change."""
    g = "<https://w3id.org/innokg/graph/g>"
    old = tmp_path / "old.nq"
    old.write_text(f"<http://e/s> <http://e/p> _:x {g} .\n_:x <http://e/q> _:y {g} .\n_:y <http://e/r> \"1\" {g} .\n"
                   f"<http://e/t> <http://e/p> _:u {g} .\n_:u <http://e/q> _:v {g} .\n_:v <http://e/r> \"9\" {g} .\n")
    new = tmp_path / "new.nq"
    new.write_text(f"<http://e/s> <http://e/p> _:x {g} .\n_:x <http://e/q> _:y {g} .\n_:y <http://e/r> \"2\" {g} .\n"
                   f"<http://e/t> <http://e/p> _:k {g} .\n_:k <http://e/q> _:m {g} .\n_:m <http://e/r> \"9\" {g} .\n")
    ch = dataset_changes(old, new)
    assert ch.changes == [Change("changed", g, "<http://e/s>", "<http://e/p>", ('[ <http://e/q> [ <http://e/r> "1" ] ]',),
                                 ('[ <http://e/q> [ <http://e/r> "2" ] ]',))]
    assert (ch.old_size, ch.new_size) == (2, 2)
