"""The bad-input catalogue's pieces shared by the tests of every command that loads RDF.

:class:`Case` is one bad input with the exact diagnostic line and exit code it must
give; :data:`LOAD_CASES` are the files of ``tests/fixtures/bad/`` that fail to load
(or load with a warning); :func:`check` asserts a finished run against a case.
``tests/cli/test_bad_input.py`` runs them through ``innokg validate`` (and the
other commands), ``tests/validate/test_store_engine.py`` through ``--engine sparql``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .paths import FIXTURES

__all__ = ["BAD", "MINI_SHAPES", "Case", "validate_args", "LOAD_CASES", "LIMIT_CASES", "MAPPING_CASES", "FILTER_CASES",
           "check", "write_limit_inputs"]

BAD = FIXTURES / "bad"
#: a tiny shapes folder, so that load errors do not depend on the project's shapes
MINI_SHAPES = "../build/shapes"


@dataclass
class Case:
    id: str
    args: list[str]
    code: int
    #: the diagnostic line, exactly (``re.escape``d unless ``regex``)
    line: str
    stream: str = "stderr"
    regex: bool = False
    #: other lines that must be there too
    also: list[str] = field(default_factory=list)


def validate_args(*files: str) -> list[str]:
    return ["validate", "--no-reason", "--shapes", MINI_SHAPES, *files]


LOAD_CASES = [
    Case("turtle-missing-object", validate_args("malformed-statement.ttl"), 2,
         "[ERROR] [malformed-statement.ttl:5:19] RDF syntax error: . is not a valid RDF object; "
         "the line reads: 'ikg:locatedIn .' (fix the statement and run again)"),
    Case("trig-unclosed-graph", validate_args("unclosed-graph.trig"), 2,
         "[ERROR] [unclosed-graph.trig:5:33] RDF syntax error: unexpected end of file (an unclosed "
         "'{', '[', '(' or string, or a missing '.'?); the line reads: 'id:org\\\\/a a ikg:University .' "
         "(fix the statement and run again)"),
    Case("unknown-prefix", validate_args("unknown-prefix.trig"), 2,
         "[ERROR] [unknown-prefix.trig:4:17] RDF syntax error: The prefix ikgx: has not been declared; "
         "the line reads: 'id:org\\\\/a a ikgx:University .' (fix the statement and run again)"),
    Case("unterminated-string", validate_args("unterminated-string.ttl"), 2,
         "[ERROR] [unterminated-string.ttl:4:45] RDF syntax error: Line jumps are not allowed in string "
         "literals, use \\n; the line reads: 'id:org\\\\/a rdfs:label \"Universität Beispiel .' "
         "(fix the statement and run again)"),
    Case("space-in-iri", validate_args("space-in-iri.ttl"), 2,
         "[ERROR] [space-in-iri.ttl:3:1] RDF syntax error: Invalid IRI code point ' '; the line reads: "
         "'<https://w3id.org/innokg/id/org/uni beispiel> rdfs:label \"Universität Beispiel\" .' "
         "(fix the statement and run again)"),
    Case("ntriples-missing-dot", validate_args("bad-line.nt"), 2,
         "[ERROR] [bad-line.nt:3:1] RDF syntax error: Quads must be followed by a dot; the line reads: "
         "'<https://w3id.org/innokg/id/org/c> <http://www.w3.org/2000/01/rdf-schema#label> \"C\" .' "
         "(fix the statement and run again)"),
    Case("nquads-literal-as-graph", validate_args("bad-graph-term.nq"), 2,
         r"\[ERROR\] \[bad-graph-term\.nq:2:85\] RDF syntax error: .+; the line reads: "
         r"'<https://w3id\.org/innokg/id/org/b> .*\"not a graph\" \.' \(fix the statement and run again\)",
         regex=True),
    Case("jsonld-syntax", validate_args("broken.jsonld"), 2,
         "[ERROR] [broken.jsonld:5:1] JSON syntax error: Expecting property name enclosed in double quotes; "
         "the line reads: '}' (fix the JSON and run again)"),
    Case("jsonld-remote-context", validate_args("remote-context.jsonld"), 2,
         "[ERROR] [remote-context.jsonld] JSON-LD refers to the remote context 'https://schema.org/'; "
         "innokg does not fetch contexts (put the context inline as a JSON object)"),
    Case("jsonld-local-file-context", validate_args("nested-remote-context.jsonld"), 2,
         "[ERROR] [nested-remote-context.jsonld] JSON-LD refers to the remote context '/etc/passwd'; "
         "innokg does not fetch contexts (put the context inline as a JSON object)"),
    Case("empty-file", validate_args("empty.ttl"), 2,
         "[ERROR] [empty.ttl] file is empty (remove it or add its statements)"),
    Case("whitespace-only-file", validate_args("blank.trig"), 2,
         "[ERROR] [blank.trig] file is empty (remove it or add its statements)"),
    Case("latin1-encoding", validate_args("latin1.trig"), 2,
         "[ERROR] [latin1.trig:3:59] not UTF-8 (byte 0xe4) "
         "(RDF files must be UTF-8; convert it, e.g. iconv -f latin1 -t utf-8)"),
    Case("gzip-bytes-named-ttl", validate_args("gzipped.ttl"), 2,
         "[ERROR] [gzipped.ttl:1:2] not UTF-8 (byte 0x8b) "
         "(RDF files must be UTF-8; convert it, e.g. iconv -f latin1 -t utf-8)"),
    Case("bom-accepted-with-warning", validate_args("bom.trig"), 0,
         "[WARNING] [bom.trig] starts with a UTF-8 byte-order mark; it was ignored",
         also=["validation: conforms — 0 violations, 0 warnings, 0 infos"]),
    Case("unknown-file-type", validate_args("ontology.owl"), 2,
         "[ERROR] [ontology.owl] unknown RDF file type '.owl' (use one of .jsonld, .nq, .nt, .trig, .ttl)"),
    Case("missing-file", validate_args("no-such-file.ttl"), 2,
         "[ERROR] [no-such-file.ttl] no such file or folder: no-such-file.ttl (check the path)"),
    Case("missing-folder", ["build", "--no-reason", "--shapes", MINI_SHAPES, "--graph", "no-such-dir",
                            "-o", "never-written"], 2,
         "[ERROR] [no-such-dir] no such file or folder: no-such-dir (check the path)"),
    Case("folder-without-rdf", validate_args("no-rdf"), 2,
         "[ERROR] [no-rdf] no RDF files found (expected files ending in .jsonld, .nq, .nt, .trig, .ttl)"),
    Case("missing-shapes-folder", ["validate", "--no-reason", "--shapes", "no-shapes", "bom.trig"], 2,
         "[ERROR] [no-shapes] no such file or folder: no-shapes (check the path)"),
    Case("unknown-option", ["build", "--frobnicate"], 2,
         "[ERROR] [--frobnicate] No such option '--frobnicate'."),
    Case("bad-choice", ["validate", "--severity", "fatal", "bom.trig"], 2,
         r"\[ERROR\] \[--severity\] Invalid value for '--severity': 'fatal' is not one of "
         r"'violation', 'warning', 'info'\.", regex=True),
    Case("unknown-command", ["frobnicate"], 2,
         "[ERROR] [innokg] No such command 'frobnicate'."),
]


NESTING_HINT = ("(deeper nesting crashes the parser and makes blank-node canonicalisation take minutes: "
                "flatten the data, e.g. give the nodes IRIs)")


CLUSTER_HINT = ("(RDFC-1.0 canonicalisation must then compare every path through them, which takes minutes to "
                "hours: give the nodes IRIs, or properties that tell them apart)")


def write_limit_inputs(folder) -> None:
    """The inputs of :data:`LIMIT_CASES`, generated (1 MB and 17 MB files are not kept in the repository)."""
    from pathlib import Path

    folder = Path(folder)

    def nested(n: int) -> str:
        return "@prefix ex: <http://x/> .\nex:a ex:p " + "[ ex:p " * n + "ex:b" + " ]" * n + " .\n"

    (folder / "nested-100000.ttl").write_text(nested(100_000))
    import gzip

    # the same nesting behind gzip: read by Oxigraph's streaming parser as it decompresses (no check before)
    (folder / "nested-100000.ttl.gz").write_bytes(gzip.compress(nested(100_000).encode(), mtime=0))
    (folder / "nested-1000.trig.gz").write_bytes(gzip.compress(
        ("@prefix ex: <http://x/> .\nex:g { ex:a ex:p " + "[ ex:p " * 1000 + "ex:b" + " ]" * 1000 + " . }\n").encode(),
        mtime=0))
    (folder / "count.rq").write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }\n")
    # labelled blank nodes, no nesting: a chain of 400 (RDFC-1.0 took 27 s; 1,000: many minutes), and two blank
    # nodes with 8 look-alike blank children each (RDFC-1.0 tries 8! orderings: 4.6 s; 10 children: hours)
    (folder / "chain-400.trig").write_text("@prefix ex: <http://x/> .\nex:g {\n"
                                           + "".join(f"_:b{i} ex:p _:b{i + 1} .\n" for i in range(400)) + "}\n")
    (folder / "twins-8.ttl").write_text("@prefix ex: <http://x/> .\n"
                                        + "".join(f"_:c{k} ex:p _:l{k}x{i} .\n" for k in range(2) for i in range(8)))
    (folder / "nested-1000.trig").write_text("@prefix ex: <http://x/> .\nex:g { ex:a ex:p " + "[ ex:p " * 1000
                                              + "ex:b" + " ]" * 1000 + " . }\n")
    (folder / "deep.jsonld").write_text('{"@id": "http://x/top", ' + '"http://x/p": {' * 5000 + '"http://x/q": "v"'
                                        + "}" * 5000 + "}")
    (folder / "huge-literal.ttl").write_text('<http://x/a> <http://x/p> "' + "x" * (17 * 1024 * 1024) + '" .\n')
    (folder / "path-10000.rq").write_text("SELECT * WHERE { ?s " + "/".join(["<http://x/p>"] * 10_000) + " ?o }")
    (folder / "data.ttl").write_text("<http://x/a> <http://x/p> <http://x/b> .\n")


#: issue 19: inputs that crashed (SIGSEGV), stalled (minutes) or said "internal error"; run in the folder
#: :func:`write_limit_inputs` fills
LIMIT_CASES = [
    Case("publish-100000-nested-blank-nodes", ["publish", "--data", "nested-100000.ttl", "site"], 2,
         f"[ERROR] [nested-100000.ttl:2:459] the file nests brackets 100000 levels deep; at most 64 are allowed "
         f"{NESTING_HINT}"),
    Case("build-1000-nested-blank-nodes", ["build", "--no-reason", "--shapes", "shapes", "--graph",
                                           "nested-1000.trig", "-o", "out"], 2,
         f"[ERROR] [nested-1000.trig:2:459] the file nests brackets 1001 levels deep; at most 64 are allowed "
         f"{NESTING_HINT}"),
    Case("validate-deep-jsonld", ["validate", "--no-reason", "--shapes", "shapes", "deep.jsonld"], 2,
         f"[ERROR] [deep.jsonld:1:984] the file nests brackets 5001 levels deep; at most 64 are allowed "
         f"{NESTING_HINT}"),
    Case("publish-17-mb-literal", ["publish", "--data", "huge-literal.ttl", "site"], 2,
         "[ERROR] [huge-literal.ttl] a single literal or IRI is longer than 16 MB "
         "(keep large texts out of the graph and link to the document instead)"),
    # before: read through gzip unchecked (100,000 levels parsed for 1.4 s, then counted; deeper crashed)
    Case("sparql-gzip-100000-nested-blank-nodes", ["sparql", "-d", "nested-100000.ttl.gz", "count.rq"], 2,
         f"[ERROR] [nested-100000.ttl.gz:2:459] the file nests brackets more than 64 levels deep {NESTING_HINT}"),
    Case("sparql-gzip-trig-1000-nested-blank-nodes", ["sparql", "-d", "nested-1000.trig.gz", "count.rq"], 2,
         f"[ERROR] [nested-1000.trig.gz:2:459] the file nests brackets more than 64 levels deep {NESTING_HINT}"),
    Case("publish-400-blank-node-chain", ["publish", "--data", "chain-400.trig", "site"], 2,
         "[ERROR] [chain-400.trig] 399 blank nodes in graph <http://x/g> can be told apart only by the blank nodes "
         f"they link to; at most 128 are allowed {CLUSTER_HINT}"),
    Case("build-400-blank-node-chain", ["build", "--no-reason", "--shapes", "shapes", "--graph", "chain-400.trig",
                                        "-o", "out"], 2,
         "[ERROR] [chain-400.trig] 399 blank nodes in graph <http://x/g> can be told apart only by the blank nodes "
         f"they link to; at most 128 are allowed {CLUSTER_HINT}"),
    Case("publish-blank-node-with-8-look-alike-children", ["publish", "--data", "twins-8.ttl", "site"], 2,
         "[ERROR] [twins-8.ttl] a blank node in graph (the default graph) links to 8 blank nodes that look alike; "
         f"RDFC-1.0 would try 40,320 orderings of them, at most 720 are allowed {CLUSTER_HINT}"),
    Case("sparql-10000-step-path", ["sparql", "-d", "data.ttl", "path-10000.rq"], 2,
         "[ERROR] [path-10000.rq] the query has 10000 path or expression operators; at most 200 are allowed "
         "(shorten the property path, or use IN or VALUES instead of chains of || and =)"),
]


def _import(mapping: str, *extra: str) -> list[str]:
    return ["import", f"import/{mapping}", "-o", "never.nq", *extra]


#: mappings and import options that lose data or crash unless refused (run by tests/ingest/test_bad_mappings.py,
#: with ``never.nq`` replaced by a path in a temporary folder)
MAPPING_CASES = [
    Case("import-repeated-subject-differs", _import("duplicate-subject.yaml"), 1,
         "[WARNING] [dup.csv:3] participation/dup-P1-O1: ikg:contribution is [rdf:type schema:MonetaryAmount; "
         "schema:currency EUR; schema:value 100.50] at dup.csv:2 and [rdf:type schema:MonetaryAmount; "
         "schema:currency EUR; schema:value 145795.65] here; both kept"),
    Case("import-link-to-entity-not-made", _import("duplicate-subject.yaml"), 1,
         "[WARNING] [dup.csv:4] no org for org/dup-{org}; not created; nor the link to it: "
         "project/dup-{project} ikg:hasParticipant"),
    Case("import-repeated-subject-on-conflict-fail", _import("duplicate-subject-fail.yaml"), 2,
         "[ERROR] [dup.csv:3] participation/dup-P1-O1: ikg:contribution is [rdf:type schema:MonetaryAmount; "
         "schema:currency EUR; schema:value 100.50] at dup.csv:2 and [rdf:type schema:MonetaryAmount; "
         "schema:currency EUR; schema:value 145795.65] here (on-conflict: fail) (fix the rows, key the subject "
         "by more columns, or set on-conflict: keep-all)"),
    Case("import-where-unknown-column", _import("orgs.yaml", "--where", "nocol=DE"), 2,
         "[ERROR] [--where] no table of orgs.yaml has the column 'nocol' (the tables' columns, 4 in all — "
         "table orgs.csv: id, name, founded, budget)"),
    Case("import-yaml-alias-bomb", _import("alias-bomb.yaml"), 2,
         "[ERROR] [import/alias-bomb.yaml] the mapping expands to more than 200,000 values (YAML aliases used "
         "over and over?) (write the values out, or use fewer aliases)"),
    Case("import-top-level-typo", _import("top-level-typo.yaml"), 2,
         "[ERROR] [import/top-level-typo.yaml] unknown top-level key(s) tabels (top-level keys: base, data, "
         "dataset, derive, entity_sets, graph, innokg-mapping, lookups, name, on-conflict, prefixes, "
         "repair-text, static, tables; and x-… for your own (e.g. anchors))"),
    Case("import-name-is-a-list", _import("name-is-a-list.yaml"), 2,
         "[ERROR] [import/name-is-a-list.yaml] `name:` must be text, not a list"),
    Case("import-tables-is-a-number", _import("tables-is-a-number.yaml"), 2,
         "[ERROR] [import/tables-is-a-number.yaml] `tables:` must be a list, not a whole number"),
    Case("import-two-character-delimiter", _import("two-char-delimiter.yaml"), 2,
         "[ERROR] [import/two-char-delimiter.yaml] table 1: `delimiter:` must be one character (or tab), "
         "not ';;'"),
    Case("import-200-nested-nodes", _import("nested-200.yaml"), 2,
         "[ERROR] [import/nested-200.yaml] the mapping nests more than 40 levels deep"),
    Case("import-file-outside-data-folder", _import("outside-data-folder.yaml"), 2,
         "[ERROR] [import/outside-data-folder.yaml] table 1: `file:` /etc/passwd is outside the data folder "
         "import (put the table under the data folder, or point `data:` / --data at its folder)"),
]

#: time-window filters of the graph input (analyze, report): exit 2 before anything is loaded
FILTER_CASES = [
    Case("analyze-from-not-a-date", ["analyze", "--from", "2020x", "-o", "never-written"], 2,
         "[ERROR] [--from] '2020x' is not a date (give YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2020 or 2020-06-30)"),
    Case("analyze-to-not-a-day", ["analyze", "--to", "2021-02-30", "-o", "never-written"], 2,
         "[ERROR] [--to] '2021-02-30' is not a date (give YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2020 or 2020-06-30)"),
    Case("analyze-from-after-to", ["analyze", "--from", "2020x", "--to", "2019", "-o", "never-written"], 2,
         "[ERROR] [--from] '2020x' is not a date (give YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2020 or 2020-06-30)"),
    Case("analyze-window-reversed", ["analyze", "--from", "2021-03", "--to", "2021-02", "-o", "never-written"], 2,
         "[ERROR] [--to] --to 2021-02 is before --from 2021-03 (give a window whose start is not after its end)"),
    Case("report-from-not-a-date", ["report", "--from", "20-20", "-o", "never-written"], 2,
         "[ERROR] [--from] '20-20' is not a date (give YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2020 or 2020-06-30)"),
]


def check(r, case: Case) -> None:
    out = getattr(r, case.stream)
    lines = out.splitlines()
    pattern = case.line if case.regex else re.escape(case.line)
    assert any(re.fullmatch(pattern, ln) for ln in lines), (
        f"expected line not on {case.stream}:\n  {case.line}\nexit {r.returncode}\n"
        f"stdout:\n{r.stdout}\nstderr:\n{r.stderr}")
    for extra in case.also:
        assert extra in r.stdout + r.stderr
    assert r.returncode == case.code, r.stderr
    assert "Traceback" not in r.stdout + r.stderr
