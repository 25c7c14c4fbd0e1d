"""Query metadata, typed parameter binding, result formats and the query commands."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from innokg.errors import ParameterError, ParseError, QueryError
from innokg.sparql import Results, Term, bind_parameters, format_results, load_library, parse_value, run_local
from innokg.sparql.binding import pattern_start, query_form
from innokg.sparql.library import resolve_parameters
from innokg.sparql.library import load_query

ROOT = Path(__file__).resolve().parents[2]
FIX = ROOT / "tests" / "fixtures" / "queries"
ECO = FIX / "ecosystem.trig"
XSD = "http://www.w3.org/2001/XMLSchema#"


# --- typed values ------------------------------------------------------------------------------

@pytest.mark.parametrize("value,type,expected", [
    ("https://w3id.org/innokg/id/region/nuts-DEA", "iri", "<https://w3id.org/innokg/id/region/nuts-DEA>"),
    ("<http://x.org/a>", "iri", "<http://x.org/a>"),
    ("id:region/nuts-DEA", "iri", "<https://w3id.org/innokg/id/region/nuts-DEA>"),
    ("urn:isbn:0451450523", "iri", "<urn:isbn:0451450523>"),
    ("+0042", "integer", f'"42"^^<{XSD}integer>'),
    ("2.50", "decimal", f'"2.50"^^<{XSD}decimal>'),
    ("7", "decimal", f'"7.0"^^<{XSD}decimal>'),
    ("TRUE", "boolean", f'"true"^^<{XSD}boolean>'),
    ("2024-02-29", "date", f'"2024-02-29"^^<{XSD}date>'),
    ("2021", "year", f'"2021"^^<{XSD}integer>'),
    ("Künstliche Intelligenz", "string", '"Künstliche Intelligenz"'),
])
def test_values_become_typed_terms(value, type, expected):
    assert str(parse_value(value, type)) == expected


@pytest.mark.parametrize("value,type", [
    ("nuts-DEA", "iri"), ("foo:bar", "iri"), ("http://x.org/a b", "iri"), ("http://x/>} DROP ALL {<", "iri"),
    ("4.2", "integer"), ("1e3", "decimal"), ("yes", "boolean"), ("2023-02-29", "date"), ("21", "year"),
    ("2021-01", "year"),
])
def test_values_that_do_not_fit_their_type_are_refused(value, type):
    with pytest.raises(ParameterError) as err:
        parse_value(value, type, where="--param x")
    assert err.value.where == "--param x"


def test_a_string_value_cannot_change_the_query():
    """The classic injection: close the literal and the group, add an update. It stays one literal."""
    evil = '" } } ; DROP ALL ; SELECT * { ?a ?b "'
    store = ox.Store()
    s, label = ox.NamedNode("http://x/s"), ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    store.add(ox.Quad(s, label, ox.Literal(evil), ox.NamedNode("http://x/g")))
    store.add(ox.Quad(ox.NamedNode("http://x/t"), label, ox.Literal("other"), ox.NamedNode("http://x/g")))
    q = "SELECT ?x WHERE { ?x <http://www.w3.org/2000/01/rdf-schema#label> ?name } ORDER BY ?x"
    text = bind_parameters(q, {"name": parse_value(evil, "string")})
    assert run_local(store, text).records() == [{"x": "http://x/s"}]
    assert len(store) == 2


# --- where the VALUES block goes -----------------------------------------------------------------

@pytest.mark.parametrize("query,after", [
    ("SELECT * WHERE { ?s ?p ?o }", " ?s ?p ?o }"),
    ("select * { ?s ?p ?o }", " ?s ?p ?o }"),
    ("ASK { ?s ?p ?o }", " ?s ?p ?o }"),
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(?o = '}') }", " ?s ?p ?o FILTER(?o = '}') }"),
    ("PREFIX where: <http://x/w#>\n# SELECT { WHERE {\nSELECT ?where WHERE { ?s where:p ?where }",
     " ?s where:p ?where }"),
    ("SELECT ?x WHERE { { SELECT ?x WHERE { ?x ?p ?o } } }", " { SELECT ?x WHERE { ?x ?p ?o } } }"),
    ('SELECT * WHERE { ?s ?p """a { long\n } string""" }', ' ?s ?p """a { long\n } string""" }'),
])
def test_pattern_start_finds_the_outer_group(query, after):
    assert query[pattern_start(query):] == after


MARKED = ("PREFIX x: <http://x/>\nSELECT ?n WHERE {\n  { SELECT DISTINCT ?n WHERE {  #@values ?k\n"
          "      ?k x:p ?n } }\n  ?n x:q ?k\n}")


def test_a_marker_puts_the_values_into_the_sub_select_too():
    text = bind_parameters(MARKED, {"k": parse_value("http://x/a", "iri")})
    assert text.count("VALUES ?k { <http://x/a> }") == 2
    assert "{ SELECT DISTINCT ?n WHERE {  VALUES ?k { <http://x/a> } #@values ?k\n" in text
    store = ox.Store()
    g = ox.NamedNode("http://x/g")
    for s, p, o in [("a", "p", "n1"), ("b", "p", "n2"), ("n1", "q", "a"), ("n2", "q", "a")]:
        store.add(ox.Quad(ox.NamedNode("http://x/" + s), ox.NamedNode("http://x/" + p), ox.NamedNode("http://x/" + o), g))
    # n2 is reached from b only: the sub-select, bound to a, leaves it out (unbound there, it would keep it and
    # the outer pattern would take it because n2 x:q a)
    assert run_local(store, text).records() == [{"n": "http://x/n1"}]
    assert sorted(r["n"] for r in run_local(store, bind_parameters(MARKED.replace("#@values ?k", "#"),
                                                                    {"k": parse_value("http://x/a", "iri")})).records()) \
        == ["http://x/n1", "http://x/n2"]


def test_a_marker_of_an_unset_parameter_adds_nothing():
    assert bind_parameters(MARKED, {"other": parse_value("1", "integer")}).count("VALUES") == 1


@pytest.mark.parametrize("query,message", [
    ("SELECT * WHERE {\n ?s ?p ?o #@values ?o\n}", "right after the '{' of a group"),
    ("#@values ?o\nSELECT * WHERE { ?s ?p ?o }", "right after the '{' of a group"),
    ("SELECT * WHERE {  #@values o\n ?s ?p ?o }", "names the variables to bind"),
    # a word run on after the marker's name: refused as a misspelt marker, not a crash
    ("SELECT * WHERE {  #@values_o ?o\n ?s ?p ?o }", "names the variables to bind"),
    ("SELECT * WHERE {  #@valuesX ?o\n ?s ?p ?o }", "names the variables to bind"),
    # the '{' of a VALUES data block is no group: a VALUES block there would not parse
    ("SELECT * WHERE {\n VALUES ?o { #@values ?o\n 1 } ?s ?p ?o }", "right after the '{' of a group"),
    ("SELECT * WHERE { ?s ?p ?o } VALUES (?o ?p) { #@values ?o\n (1 2) }", "right after the '{' of a group"),
])
def test_a_misplaced_marker_is_refused_naming_its_line(query, message):
    with pytest.raises(QueryError) as err:
        bind_parameters(query, {"o": parse_value("1", "integer")})
    assert message in err.value.message
    assert err.value.where == ("line 2" if query.startswith("SELECT * WHERE {\n") else "line 1")


def test_describe_without_pattern_cannot_take_parameters():
    with pytest.raises(QueryError):
        pattern_start("DESCRIBE <http://x/a>")


@pytest.mark.parametrize("query,form", [
    ("#+ description: rows added\nSELECT * {}", "SELECT"),
    ("PREFIX ask: <http://x/>\nCONSTRUCT WHERE { ?s ask:p ?o }", "CONSTRUCT"),
    ("INSERT DATA { <http://x/a> <http://x/b> 1 }", "INSERT"),
])
def test_query_form(query, form):
    assert query_form(query) == form


# --- metadata ----------------------------------------------------------------------------------

GOOD = """#+ summary: Hubs in a region
#+ tags: [hubs]
#+ params:
#+   - name: region
#+     type: iri
#+     default: https://w3id.org/innokg/id/region/nuts-DE
#+   - name: year
#+     type: year
#+     required: false
PREFIX ikg: <https://w3id.org/innokg/ontology#>
SELECT ?hub WHERE { ?hub ikg:locatedIn ?region . FILTER(!BOUND(?year) || ?year > 2000) } ORDER BY ?hub
"""


def write(tmp_path, text, name="some-query.rq"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_metadata_is_read(tmp_path):
    q = load_query(write(tmp_path, GOOD))
    assert q.summary == "Hubs in a region" and q.tags == ("hubs",)
    assert [(p.name, p.type, p.default, p.required) for p in q.params] == [
        ("region", "iri", "https://w3id.org/innokg/id/region/nuts-DE", False),
        ("year", "year", None, False)]
    assert q.params[0].describe() == "region: iri = https://w3id.org/innokg/id/region/nuts-DE"


@pytest.mark.parametrize("change,message", [
    (lambda t: t.replace("#+ summary: Hubs in a region\n", ""), "missing '#+ summary:'"),
    (lambda t: t.replace("#+ tags: [hubs]", "#+ tag: [hubs]"), "unknown metadata key(s) ['tag']"),
    (lambda t: t.replace("type: year", "type: yaer"), "unknown type 'yaer'"),
    (lambda t: t.replace("name: year", "name: month"), "binds ?month, which the query does not use"),
    (lambda t: t.replace("default: https://w3id.org/innokg/id/region/nuts-DE", "default: nuts-DE"),
     "'nuts-DE' is not an iri"),
    (lambda t: t.replace("#+     required: false", "#+     requierd: false"), "unknown parameter key(s)"),
    (lambda t: t.replace("#+ tags: [hubs]", "#+ tags: [hubs\n#+ x: : :"), "bad YAML"),
    (lambda t: t.replace("WHERE { ?hub", "WHERE {  #@values ?month\n ?hub"), "names ?month, which is no parameter"),
    (lambda t: t.replace(". FILTER(", ". #@values ?region\n FILTER("), "right after the '{' of a group"),
])
def test_bad_metadata_is_an_error_naming_the_file(tmp_path, change, message):
    path = write(tmp_path, change(GOOD))
    with pytest.raises(ParseError) as err:
        load_query(path)
    assert message in err.value.message
    assert err.value.where.startswith(str(path))


def test_names_must_be_kebab_case(tmp_path):
    write(tmp_path, GOOD, "01_Hubs.rq")
    with pytest.raises(ParseError, match="kebab-case"):
        load_library(tmp_path)


def test_parameters_resolve_with_defaults_and_refuse_unknown_or_missing(tmp_path):
    q = load_query(write(tmp_path, GOOD))
    assert set(resolve_parameters(q, [])) == {"region"}  # year is optional and stays unbound
    assert str(resolve_parameters(q, ["year=2020"])["year"]) == f'"2020"^^<{XSD}integer>'
    with pytest.raises(ParameterError, match="no parameter 'town'"):
        resolve_parameters(q, ["town=x"])
    with pytest.raises(ParameterError, match="not name=value"):
        resolve_parameters(q, ["2020"])
    required = load_query(write(tmp_path, GOOD.replace(
        "#+     default: https://w3id.org/innokg/id/region/nuts-DE\n", ""), "required.rq"))
    with pytest.raises(ParameterError, match="needs parameter 'region'"):
        resolve_parameters(required, [])


# --- formats ------------------------------------------------------------------------------------

RES = Results(["org", "name", "n"], [
    (Term("uri", "https://w3id.org/innokg/id/org/a"), Term("literal", 'A | "B", C', lang="de"),
     Term("literal", "2", XSD + "integer")),
    (Term("uri", "http://example.org/x y"), None, Term("literal", "1.5", XSD + "decimal")),
])


def test_json_is_sparql_results_json_and_reads_back():
    doc = json.loads(format_results(RES, "json"))
    assert doc["head"]["vars"] == ["org", "name", "n"]
    assert doc["results"]["bindings"][0]["name"] == {"type": "literal", "value": 'A | "B", C', "xml:lang": "de"}
    back = Results.from_json(doc)
    assert back.rows == RES.rows


def test_csv_tsv_md_table():
    assert format_results(RES, "csv") == ('org,name,n\r\nhttps://w3id.org/innokg/id/org/a,"A | ""B"", C",2\r\n'
                                          "http://example.org/x y,,1.5\r\n")
    tsv = format_results(RES, "tsv").splitlines()
    assert tsv[0] == "?org\t?name\t?n"
    assert tsv[1].split("\t")[1] == '"A | \\"B\\", C"@de'
    md = format_results(RES, "md").splitlines()
    assert md[2] == '| id:org/a | A \\| "B", C | 2 |'
    table = format_results(RES, "table").splitlines()
    assert table[0].split() == ["org", "name", "n"] and table[2].startswith("id:org/a ")


# --- commands -----------------------------------------------------------------------------------

def test_queries_lists_the_library(run_cli):
    r = run_cli("queries")
    assert r.returncode == 0, r.stderr
    assert "hubs/hubs-by-region" in r.stdout and "--param region: iri = " in r.stdout
    doc = json.loads(run_cli("queries", "--format", "json", "--tag", "funding").stdout)
    assert doc and all("funding" in q["tags"] for q in doc)


def test_query_writes_a_file_and_nothing_to_stdout(run_cli, tmp_path):
    out = tmp_path / "kinds.md"
    r = run_cli("query", "hubs-by-kind", "--data", ECO, "--format", "md", "-o", out)
    assert r.returncode == 0, r.stderr
    assert r.stdout == ""
    assert out.read_text().splitlines()[2] == "| ikg:Cluster |  | not stated | 1 |"
    assert "[INFO] [hubs/hubs-by-kind] 3 rows" in r.stderr


def test_query_reads_a_gzipped_import(run_cli, tmp_path):
    """`innokg import -o X.nq.gz` then `innokg query NAME -d X.nq.gz` (and sparql): read decompressed, the same
    rows as from the plain file; a .gz that breaks off or is no gzip is one error line, as from validate."""
    import gzip

    plain = tmp_path / "eco.nq"
    ox.serialize(ox.parse(path=str(ECO), format=ox.RdfFormat.TRIG), output=str(plain), format=ox.RdfFormat.N_QUADS)
    packed = tmp_path / "eco.nq.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    want = run_cli("query", "hubs-by-kind", "--data", plain, "--format", "csv")
    got = run_cli("query", "hubs-by-kind", "--data", packed, "--format", "csv")
    assert got.returncode == 0, got.stderr
    assert got.stdout == want.stdout and got.stdout.count("\n") == 4
    ttl = tmp_path / "eco.ttl.gz"  # a triples file is the graph named after the file, .gz looked through
    ttl.write_bytes(gzip.compress(b"<https://w3id.org/innokg/id/x> <http://x/p> 1 .\n"))
    r = run_cli("sparql", "-", "--data", ttl, "--format", "csv", input="SELECT ?g { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g")
    assert r.stdout.splitlines() == ["g", "https://w3id.org/innokg/graph/eco"]
    cut = tmp_path / "cut.nq.gz"
    cut.write_bytes(packed.read_bytes()[:-30])
    r = run_cli("query", "hubs-by-kind", "--data", cut)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stderr.strip().splitlines()[-1].startswith(f"[ERROR] [{cut}] not a readable gzip file (")
    cut.write_bytes(plain.read_bytes())
    r = run_cli("query", "hubs-by-kind", "--data", cut)
    assert r.returncode == 2
    assert r.stderr.strip().splitlines()[-1].startswith(f"[ERROR] [{cut}] not a readable gzip file (Not a gzipped file")


def test_check_with_findings_exits_1(run_cli):
    r = run_cli("query", "region-cycle-violation", "--data", FIX / "checks" / "region-cycle-violation.trig")
    assert r.returncode == 1
    assert "id:region/a" in r.stdout
    assert run_cli("query", "region-cycle-violation", "--data", ECO).returncode == 0


def test_bad_parameter_exits_2_naming_it(run_cli):
    r = run_cli("query", "memberships-over-time", "--data", ECO, "--param", "year=twenty")
    assert r.returncode == 2
    assert r.stderr.startswith("[ERROR] [--param year] 'twenty' is not a year")
    r = run_cli("query", "no-such-query", "--data", ECO)
    assert r.returncode == 2 and "no library query named 'no-such-query'" in r.stderr


def test_show_prints_the_bound_query(run_cli):
    r = run_cli("query", "memberships-over-time", "--param", "year=2022", "--show")
    assert r.returncode == 0
    assert 'WHERE { VALUES ?year { "2022"^^<http://www.w3.org/2001/XMLSchema#integer> }' in r.stdout


def test_sparql_ask_and_construct_from_stdin(run_cli):
    r = run_cli("sparql", "-", "--data", ECO, input="ASK { ?h a <https://w3id.org/innokg/ontology#Cluster> }")
    assert (r.returncode, r.stdout) == (0, "true\n")
    r = run_cli("sparql", "-", "--data", ECO, input="CONSTRUCT { ?h a ?k } WHERE { ?h a ?k . "
                "FILTER(?k = <https://w3id.org/innokg/ontology#Cluster>) }")
    assert r.stdout == ("<https://w3id.org/innokg/id/hub/it-cluster-sw> "
                        "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
                        "<https://w3id.org/innokg/ontology#Cluster> .\n")
    r = run_cli("sparql", "-", "--data", ECO, input="SELECT * WHERE { ?s ?p }")
    assert r.returncode == 2 and r.stderr.startswith("[ERROR] [<stdin>:1:18] SPARQL syntax error")
