"""The bad-input catalogue: every kind of bad input gives one clear diagnostic line.

Each case runs the CLI (``innokg.cli.main``, in-process through the ``run_cli`` fixture; real
processes with ``pytest --cli-process``) on a file of
``tests/fixtures/bad/`` (listed, with what each one is, in that folder's README) and
pins three things:

* the exact ``[SEVERITY] [where] message`` line (``where`` = file:line:column, the
  file, the focus node and path of a SHACL finding, or the parameter's name);
* the documented exit code (0 ok, 1 findings, 2 could not run — see the README);
* no ``Traceback`` unless ``--verbose`` is given.

Commands run with the fixture folder as working directory, so ``where`` shows the
path exactly as the user typed it.
"""

from __future__ import annotations

import time

import pytest

from support.bad_input import BAD, LOAD_CASES, MINI_SHAPES, Case, check, validate_args
from support.cli import run_in_process

#: the query fixture graph of the query library's own tests
QDATA = "../queries/ecosystem.trig"


def _query(name: str, *params: str) -> list[str]:
    return ["query", name, "-d", QDATA, *[a for p in params for a in ("-p", p)]]


QUERY_CASES = [
    Case("sparql-syntax-error", ["sparql", "sparql/syntax-error.rq", "-d", QDATA], 2,
         "[ERROR] [sparql/syntax-error.rq:4:3] SPARQL syntax error: expected SelectQuery, found 'FILTER'; "
         "the line reads: 'FILTER(?hub = )' (check the query)"),
    Case("sparql-undeclared-prefix", ["sparql", "sparql/undeclared-prefix.rq", "-d", QDATA], 2,
         "[ERROR] [sparql/undeclared-prefix.rq:4:8] SPARQL syntax error: the prefix schema: is not declared; "
         "the line reads: 'schema:name ?name .' (check the query)"),
    Case("sparql-deeply-nested", ["sparql", "sparql/deeply-nested.rq", "-d", QDATA], 2,
         "[ERROR] [sparql/deeply-nested.rq:2:116] the query nests brackets 2000 levels deep; "
         "at most 100 are allowed (flatten the query)"),
    Case("sparql-comment-only", ["sparql", "sparql/empty.rq", "-d", QDATA], 2,
         "[ERROR] [sparql/empty.rq:3:1] SPARQL syntax error: expected {SelectQuery | ConstructQuery | "
         "DescribeQuery | AskQuery}, found end of text (check the query)"),
    Case("sparql-missing-file", ["sparql", "sparql/no-such.rq", "-d", QDATA], 2,
         "[ERROR] [sparql/no-such.rq] no such file"),
    Case("query-data-with-bom-accepted", ["query", "hubs/hubs-by-kind", "-d", "bom.trig"], 0,
         "[WARNING] [bom.trig] starts with a UTF-8 byte-order mark; it was ignored"),
    # the same line as `validate latin1.trig` (the README: every command gives the same report for a bad file)
    Case("sparql-data-latin1", ["sparql", "sparql/syntax-error.rq", "-d", "latin1.trig"], 2,
         "[ERROR] [latin1.trig:3:59] not UTF-8 (byte 0xe4) "
         "(RDF files must be UTF-8; convert it, e.g. iconv -f latin1 -t utf-8)"),
    Case("query-data-empty", ["query", "hubs/hubs-by-kind", "-d", "empty.ttl"], 2,
         "[ERROR] [empty.ttl] file is empty (remove it or add its statements)"),
    Case("publish-data-malformed", ["publish", "never-written-site", "--data", "malformed-statement.ttl"], 2,
         "[ERROR] [malformed-statement.ttl:5:19] RDF syntax error: . is not a valid RDF object; "
         "the line reads: 'ikg:locatedIn .' (fix the statement and run again)"),
    Case("serve-data-unclosed-graph", ["serve", "--port", "0", "--data", "unclosed-graph.trig"], 2,
         "[ERROR] [unclosed-graph.trig:5:33] RDF syntax error: unexpected end of file (an unclosed "
         "'{', '[', '(' or string, or a missing '.'?); the line reads: 'id:org\\\\/a a ikg:University .' "
         "(fix the statement and run again)"),
    Case("analyze-graph-malformed", ["analyze", "malformed-statement.ttl"], 2,
         "[ERROR] [malformed-statement.ttl:5:19] RDF syntax error: . is not a valid RDF object; "
         "the line reads: 'ikg:locatedIn .' (fix the statement and run again)"),
    Case("report-graph-malformed", ["report", "-o", "never-written-report", "malformed-statement.ttl"], 2,
         "[ERROR] [malformed-statement.ttl:5:19] RDF syntax error: . is not a valid RDF object; "
         "the line reads: 'ikg:locatedIn .' (fix the statement and run again)"),
    Case("analyze-missing-network", ["analyze", "--network", "no-such.graphml"], 2,
         "[ERROR] [no-such.graphml] no such file (give a GraphML file exported by Gephi, igraph, …)"),
    Case("query-unknown-name", _query("hubs/hubs-by-regoin"), 2,
         "[ERROR] [NAME] no library query named 'hubs/hubs-by-regoin' (list them with 'innokg queries')"),
    Case("query-unknown-parameter", _query("hubs/hubs-by-region", "regio=nuts-DE"), 2,
         "[ERROR] [--param regio] query 'hubs/hubs-by-region' has no parameter 'regio' (its parameters: region)"),
    Case("query-parameter-wrong-type", _query("events/events-timeline", "year=twenty"), 2,
         "[ERROR] [--param year] 'twenty' is not a year (expected a four-digit year such as 2021, "
         "bound as xsd:integer (compare with YEAR(?date)))"),
    Case("query-parameter-not-an-iri", _query("hubs/hubs-by-region", "region=https://x/a>b"), 2,
         "[ERROR] [--param region] 'https://x/a>b' is not an iri (expected an absolute IRI, "
         "or prefix:local with a prefix the query declares)"),
    Case("query-parameter-missing", _query("memberships/members-of-group"), 2,
         "[ERROR] [--param group] query 'memberships/members-of-group' needs parameter 'group' "
         "(add --param group=VALUE (group: iri))"),
    Case("query-parameter-without-value", _query("events/events-timeline", "year"), 2,
         "[ERROR] [--param] 'year' is not name=value "
         "(write e.g. --param region=https://w3id.org/innokg/id/region/de-bw)"),
]

IMPORT_CASES = [
    Case("import-mapping-names-missing-column", ["import", "import/missing-column.yaml", "-o", "never.nq"], 2,
         "[ERROR] [import/missing-column.yaml] table orgs.csv: column 'turnover' is not in import/orgs.csv "
         "(fix the column name, add it under `rename:`, or list it under `absent:`; "
         "the table has: id, name, founded, budget)"),
    Case("import-csv-row-with-too-many-fields", ["import", "import/orgs.yaml", "-o", "never.nq"], 1,
         "[ERROR] [orgs.csv:5] row has 5 fields, header has 4; row skipped"),
    Case("import-invalid-date", ["import", "import/orgs.yaml", "-o", "never.nq"], 1,
         "[WARNING] [orgs.csv:3] table orgs.csv entity 1 schema:foundingDate: not a date: '1999-13-01'; "
         "value left out"),
    Case("import-non-numeric-amount", ["import", "import/orgs.yaml", "-o", "never.nq"], 1,
         "[WARNING] [orgs.csv:4] table orgs.csv entity 1 ikg:budget: not a decimal number: 'lots'; "
         "value left out"),
    Case("import-unknown-transform", ["import", "import/unknown-transform.yaml", "-o", "never.nq"], 2,
         r"\[ERROR\] \[import/unknown-transform\.yaml\] unknown transform 'datum' in table orgs\.csv "
         r"entity 1 schema:foundingDate \(known: .*date.*\)", regex=True),
    Case("import-missing-table-file", ["import", "import/missing-table.yaml", "-o", "never.nq"], 2,
         "[ERROR] [import/no-such-table.csv] source file not found: import/no-such-table.csv "
         "(check `file:` in the mapping and --data)"),
    Case("import-yaml-syntax", ["import", "import/broken.yaml", "-o", "never.nq"], 2,
         "[ERROR] [import/broken.yaml:7] YAML syntax: expected ',' or '}', but got '<stream end>'"),
]


@pytest.mark.parametrize("case", LOAD_CASES + QUERY_CASES, ids=lambda c: c.id)
def test_bad_input(case: Case, run_cli):
    check(run_cli(*case.args, cwd=BAD), case)


@pytest.mark.parametrize("case", IMPORT_CASES, ids=lambda c: c.id)
def test_bad_import(case: Case, run_cli, tmp_path):
    """Rows with bad cells are reported with file:line; the output is written only when the
    mapping could run (exit 0 or 1), never when it could not (exit 2)."""
    out = tmp_path / "never.nq"
    args = [str(out) if a == "never.nq" else a for a in case.args]
    r = run_cli(*args, cwd=BAD)
    check(r, case)
    assert out.exists() == (case.code != 2)
    assert [p.name for p in tmp_path.iterdir() if p.name != "never.nq"] == []


# --- cases built at test time -------------------------------------------------------


def test_huge_literal_is_refused_quickly(run_cli, tmp_path):
    """A 17 MB literal: refused in seconds with a clear error, not parsed for minutes."""
    f = tmp_path / "huge.ttl"
    with f.open("w") as fh:
        fh.write('@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n'
                 '<https://w3id.org/innokg/id/org/a> rdfs:comment """')
        line = "x" * 99 + "\n"
        for _ in range(17 * 1024 * 1024 // 100):
            fh.write(line)
        fh.write('""" .\n')
    t0 = time.perf_counter()
    r = run_cli(*validate_args(str(f)), cwd=BAD, timeout=60)
    took = time.perf_counter() - t0
    check(r, Case("huge", [], 2, f"[ERROR] [{f}] a single literal or IRI is longer than 16 MB "
                                 "(keep large texts out of the graph and link to the document instead)"))
    assert took < 20


def test_large_literal_below_the_limit_loads_in_linear_time(run_cli, tmp_path):
    """A 4 MB multi-line literal took rdflib's Turtle parser 46 s; it must load in seconds."""
    f = tmp_path / "large.ttl"
    body = ("y" * 99 + "\n") * 40_000
    f.write_text('@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n'
                 f'<https://w3id.org/innokg/id/org/a> rdfs:comment """{body}""" .\n')
    t0 = time.perf_counter()
    r = run_cli(*validate_args(str(f)), cwd=BAD, timeout=60)
    assert r.returncode == 0, r.stderr
    assert "loaded 1 statements from 1 files" in r.stderr
    assert time.perf_counter() - t0 < 15


def test_jsonld_contexts_are_never_fetched(run_cli, tmp_path):
    """Nothing leaves the machine: neither the loader nor rdflib's JSON-LD parser (guarded
    for every caller in the process once innokg.load.files has parsed JSON-LD) opens a connection."""
    import socket

    with socket.socket() as lis:
        lis.bind(("127.0.0.1", 0))
        lis.listen(5)
        lis.settimeout(0.5)
        url = f"http://127.0.0.1:{lis.getsockname()[1]}/context.jsonld"
        f = tmp_path / "remote.jsonld"
        f.write_text('{"@context": "%s", "@id": "https://w3id.org/innokg/id/org/a", "name": "A"}' % url)
        r = run_cli(*validate_args(str(f)), cwd=BAD)
        assert r.returncode == 2 and "does not fetch contexts" in r.stderr

        from rdflib import Dataset

        from innokg.errors import ParseError
        from innokg.load.files import _forbid_context_fetching

        _forbid_context_fetching()
        with pytest.raises(ParseError, match="does not fetch contexts"):
            Dataset().parse(data=f.read_text(), format="json-ld")
        with pytest.raises(socket.timeout):
            lis.accept()

def test_verbose_shows_the_traceback(run_cli):
    r = run_cli("--verbose", *validate_args("malformed-statement.ttl"), cwd=BAD)
    assert r.returncode == 2
    assert "Traceback (most recent call last)" in r.stderr
    assert r.stderr.rstrip().splitlines()[-1].startswith("[ERROR] [malformed-statement.ttl:5:19] ")


def test_output_path_that_is_a_file(run_cli, tmp_path):
    (tmp_path / "out").write_text("keep me")
    r = run_cli("build", "--no-reason", "--shapes", str(BAD / MINI_SHAPES), "--graph", "bom.trig",
                "-o", str(tmp_path / "out"), cwd=BAD)
    check(r, Case("out-is-file", [], 2,
                   f"[ERROR] [{tmp_path / 'out'}] exists and is not a folder "
                   "(choose another --out or remove the file)"))
    assert (tmp_path / "out").read_text() == "keep me"


# --- data that parses but breaks the shapes (shapes/, after OWL RL reasoning) ----------------
#
# All nine files are validated in one run (reasoning and 22 shapes files take ~8 s per
# run); each case then pins every Violation line whose [where] names its file. The IRIs
# and named graphs differ between the files, so no finding can come from another case.

SHACL_CASES = {
    "wrong-datatype": [
        "[VIOLATION] [shacl/wrong-datatype.trig id:org/uni-a ikg:pic] A PIC (EU Participant Identification "
        "Code) is a string of exactly 9 digits. (value: '999123456'^^xsd:integer)"],
    "invalid-date": [
        "[VIOLATION] [shacl/invalid-date.trig id:event/kickoff schema:startDate] schema:startDate must be a "
        "valid xsd:date, xsd:dateTime, xsd:gYearMonth, xsd:gYear or xsd:gMonthDay literal. "
        "(value: '2026-02-30'^^xsd:date)"],
    "negative-amount": [
        "[VIOLATION] [shacl/negative-amount.trig id:amount/negative schema:value] An amount has a value that "
        "is a non-negative number (xsd:decimal or xsd:integer). (value: '-5000'^^xsd:decimal)"],
    "blank-node-amount": [
        # the amount is a blank node: shown by who refers to it, not by a random id
        "[VIOLATION] [shacl/blank-node-amount.trig (id:grant/in-blank-node ikg:amount) schema:value] An amount "
        "has a value that is a non-negative number (xsd:decimal or xsd:integer). (value: '-7'^^xsd:decimal)"],
    "non-numeric-amount": [
        "[VIOLATION] [shacl/non-numeric-amount.trig id:amount/as-text schema:value] An amount has a value "
        "that is a non-negative number (xsd:decimal or xsd:integer). (value: 'rund 10 Mio.'^^xsd:decimal)"],
    "disjoint-classes": [
        "[VIOLATION] [shacl/disjoint-classes.trig id:org/x] https://w3id.org/innokg/id/org/x is typed both "
        "https://w3id.org/innokg/ontology#Company and https://w3id.org/innokg/ontology#University, which the "
        "ontology declares disjoint."],
    "dangling-reference": [
        # reported on the entity described nowhere, with the file of the statement that refers to it
        "[VIOLATION] [shacl/dangling-reference.trig id:hub/digital-hub-typo ikg:realises] https://w3id.org/innokg/"
        "id/hub/digital-hub-typo is described nowhere (no label, no data), but https://w3id.org/innokg/id/project/p "
        "refers to it through https://w3id.org/innokg/ontology#realises: a mistyped IRI or a missing entity. "
        "(value: id:project/p)"],
    "region-cycle": [
        f"[VIOLATION] [shacl/region-cycle.trig id:region/loop-{a} ikg:partOfRegion] The region is part of "
        f"itself through ikg:partOfRegion (via https://w3id.org/innokg/id/region/loop-{via}): the region "
        f"hierarchy has a cycle.{value}"
        for a, via, value in [("a", "a", ""), ("a", "b", " (value: id:region/loop-b)"),
                              ("b", "a", " (value: id:region/loop-a)"), ("b", "b", "")]],
    "end-before-start": [
        "[VIOLATION] [shacl/end-before-start.trig id:project/ends-early schema:endDate] The end date 2024-12-31 "
        "lies before the start date 2025-01-01. (value: '2024-12-31'^^xsd:date)"],
}


@pytest.fixture(scope="module")
def shacl_run():
    return run_in_process(["validate", "shacl/"], cwd=BAD)


def test_shacl_run_exit_code_and_counts(shacl_run):
    assert shacl_run.returncode == 1, shacl_run.stderr
    assert "Traceback" not in shacl_run.stdout + shacl_run.stderr  # rdflib's ill-typed-literal log is quiet
    assert "loaded 40 statements from 9 files" in shacl_run.stderr
    n = sum(len(v) for v in SHACL_CASES.values())
    violations = [ln for ln in shacl_run.stdout.splitlines() if ln.startswith("[VIOLATION]")]
    assert len(violations) == n  # nothing but the cases below


@pytest.mark.parametrize("case", sorted(SHACL_CASES))
def test_bad_data_breaks_a_shape(shacl_run, case):
    lines = shacl_run.stdout.splitlines()
    mine = {ln for ln in lines if ln.startswith(f"[VIOLATION] [shacl/{case}.trig ")}
    expected = set(SHACL_CASES[case])
    assert mine == {e for e in expected if e.startswith(f"[VIOLATION] [shacl/{case}.trig ")}
    assert expected <= set(lines)

