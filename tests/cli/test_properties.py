"""Property tests (Hypothesis).

1. Random valid rows go through a mapping (``innokg import``'s engine) and come back
   from the N-Quads it writes with nothing lost: every cell, with its datatype or
   language, on the right subject; exactly one subject per row.
2. Random parameter values bound into every library query with parameters never
   change the query's shape: the SPARQL algebra of the bound query (rdflib's parser,
   independent of the binder) equals the algebra of the same query bound with a
   fixed placeholder of the same type, once the bound term is replaced by the
   placeholder; and Oxigraph, which runs the queries, parses the bound text too.
3. Mangled input (random deletions, insertions of syntax characters, duplications in a
   valid TriG file, a library query, a CSV table) never gives anything but a result or
   an :class:`~innokg.errors.InnokgError` whose ``[ERROR] [where] message`` names the
   file (a bare parser exception would fail the test). 600 examples each were run once
   by hand without a failure; the suite runs fewer.
"""

from __future__ import annotations

import csv
import re
import datetime
import io
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from innokg.errors import ParameterError
from innokg.ingest.mapping import load_mapping, run_mapping
from innokg.sparql.binding import bind_parameters, parse_value
from innokg.sparql.library import load_library

ROOT = Path(__file__).resolve().parents[2]
ID = "https://w3id.org/innokg/id/"
IKG = "https://w3id.org/innokg/ontology#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SCHEMA = "http://schema.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"

# --- 1. mapping round trip ------------------------------------------------------------

MAPPING = """\
innokg-mapping: 1
name: prop-orgs
data: .
graph: prop-orgs
dataset: {title: Property-test organisations, publisher: innokg tests, license: CC0-1.0}
tables:
  - file: orgs.csv
    entities:
      - subject: org/prop-{id}
        class: ikg:Company
        properties:
          rdfs:label: {column: name, lang: de}
          schema:foundingDate: {column: founded, transform: date}
          ikg:budget: {column: budget, transform: decimal-en, datatype: xsd:decimal}
          schema:numberOfEmployees: {column: employees, transform: integer, datatype: xsd:integer}
          schema:addressLocality: {column: city}
"""

#: cell text as a person would type it: any printable characters, inner spaces, quotes,
#: commas, semicolons, umlauts; no leading/trailing white space (cells are trimmed)
_cell_chars = st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="\ufeff")
cell_text = st.text(_cell_chars, min_size=1, max_size=40).map(str.strip).filter(bool)

row = st.fixed_dictionaries({
    "name": cell_text,
    "founded": st.dates(min_value=datetime.date(1000, 1, 1), max_value=datetime.date(2100, 12, 31)),
    "budget": st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=2,
                          allow_nan=False, allow_infinity=False),
    "employees": st.integers(min_value=0, max_value=10**9),
    "city": st.one_of(st.just(""), cell_text),
})


def _objects(store: ox.Store, subject: str, predicate: str) -> list:
    return [q.object for q in store.quads_for_pattern(ox.NamedNode(subject), ox.NamedNode(predicate), None, None)]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(row, min_size=1, max_size=12))
def test_random_rows_round_trip_through_a_mapping(tmp_path_factory, rows):
    folder = tmp_path_factory.mktemp("mapping")
    with (folder / "orgs.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "name", "founded", "budget", "employees", "city"])
        for i, r in enumerate(rows, 1):
            w.writerow([i, r["name"], r["founded"].isoformat(), f"{r['budget']:f}", r["employees"], r["city"]])
    (folder / "orgs.yaml").write_text(MAPPING, encoding="utf-8")
    problems = []
    out = io.StringIO()
    stats = run_mapping(load_mapping(folder / "orgs.yaml"), out, report=problems.append)
    assert problems == []
    store = ox.Store()
    store.load(out.getvalue().encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    subjects = {q.subject.value for q in store.quads_for_pattern(
        None, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode(IKG + "Company"), None)}
    assert subjects == {f"{ID}org/prop-{i}" for i in range(1, len(rows) + 1)}
    assert stats  # the engine says what it did
    for i, r in enumerate(rows, 1):
        s = f"{ID}org/prop-{i}"
        assert _objects(store, s, RDFS + "label") == [ox.Literal(r["name"], language="de")]
        assert _objects(store, s, SCHEMA + "foundingDate") == [
            ox.Literal(r["founded"].isoformat(), datatype=ox.NamedNode(XSD + "date"))]
        (budget,) = _objects(store, s, IKG + "budget")
        assert budget.datatype == ox.NamedNode(XSD + "decimal") and Decimal(budget.value) == r["budget"]
        (employees,) = _objects(store, s, SCHEMA + "numberOfEmployees")
        assert employees.datatype == ox.NamedNode(XSD + "integer") and int(employees.value) == r["employees"]
        city = _objects(store, s, SCHEMA + "addressLocality")
        assert city == ([ox.Literal(r["city"])] if r["city"] else [])


# --- 2. parameter binding never changes a query's shape ---------------------------------

LIBRARY = [q for q in load_library(ROOT / "queries") if q.params]

#: hostile text: quotes, braces, comments, keywords, escapes, line breaks
_hostile = st.sampled_from(['"', "'", "}", "{", "#", "\\", "\n", ">", "<", " ", ".", ";", "?x", "$y",
                            "UNION", "DROP ALL", "} ; DELETE WHERE { ?s ?p ?o } #", '""" .', "\\u0022",
                            "BIND(1 AS ?x)", ") }", "\u00e4", "\U0001f600"])
hostile_text = st.lists(st.one_of(_hostile, st.text(max_size=5)), max_size=8).map("".join)
_iri_chars = st.sampled_from(list("abcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/?#%") + ["ä", "é"])
_valid_iri = st.lists(_iri_chars, min_size=1, max_size=30).map(lambda cs: ID + "org/" + "".join(cs))
iri_text = st.one_of(_valid_iri, _valid_iri, _valid_iri, hostile_text.map(lambda t: ID + t), hostile_text)

VALUES = {
    "string": st.one_of(hostile_text, st.text()),
    "iri": iri_text,
    "integer": st.one_of(st.integers().map(str), hostile_text),
    "year": st.one_of(st.integers(1000, 9999).map(str), hostile_text),
    "decimal": st.one_of(st.decimals(allow_nan=False, allow_infinity=False).map(lambda d: f"{d:f}"), hostile_text),
    "boolean": st.one_of(st.sampled_from(["true", "false", "1", "0"]), hostile_text),
    "date": st.one_of(st.dates().map(datetime.date.isoformat), hostile_text),
}
PLACEHOLDER = {"string": "placeholder", "iri": "https://example.org/placeholder", "integer": "0", "year": "2000",
               "decimal": "0.5", "boolean": "true", "date": "2000-01-01"}


def _rdflib_term(term):
    """The rdflib term rdflib's SPARQL parser makes of ``term`` (same normalisation)."""
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    alg = translateQuery(parseQuery(f"SELECT * WHERE {{ VALUES ?v {{ {term} }} }}")).algebra
    found = []

    def walk(n):
        if isinstance(n, dict):
            for k, v in n.items():
                if k == "res" and isinstance(v, list):
                    found.extend(row[next(iter(row))] for row in v)
                walk(v)
        elif isinstance(n, (list, tuple)):
            for v in n:
                walk(v)

    walk(alg)
    return found[0]


def _shape(text: str, replace: dict):
    """rdflib's algebra of ``text`` as nested tuples; inside VALUES rows (where the binder puts
    the bound terms) the terms in ``replace`` become placeholders; blank nodes are numbered."""
    from rdflib import BNode
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    bnodes: dict = {}

    def canon(n, in_values=False):
        if isinstance(n, dict):  # CompValue is a dict with a name
            return (getattr(n, "name", "dict"),
                    tuple((str(k), canon(v, in_values or k == "res"))
                          for k, v in sorted(n.items(), key=lambda kv: str(kv[0]))))
        if isinstance(n, (list, tuple)):
            return tuple(canon(v, in_values) for v in n)
        if isinstance(n, (set, frozenset)):
            return tuple(sorted(repr(canon(v, in_values)) for v in n))
        if isinstance(n, BNode):
            return ("bnode", bnodes.setdefault(n, len(bnodes)))
        if in_values:
            for k, v in replace.items():
                if n == k and type(n) is type(k):
                    return ("bound", repr(v))
        return repr(n)

    return canon(translateQuery(parseQuery(text)).algebra)


_REFERENCE_SHAPES: dict[str, tuple] = {}  # per query: the shape with the placeholders bound (parsing costs ~1 s)


# 5 examples a query: the binder is one function for all 22 parameterised queries, so the suite draws ~110 values
@pytest.mark.parametrize("query", LIBRARY, ids=lambda q: q.name)
@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(data=st.data())
def test_bound_values_never_change_the_query_shape(query, data):
    values = {p.name: data.draw(VALUES[p.type], label=p.name) for p in query.params}
    bound = {}
    for p in query.params:
        try:
            bound[p.name] = parse_value(values[p.name], p.type, prefixes=query.prefixes)
        except ParameterError:
            bound[p.name] = None  # refused: never reaches the query
    assume(all(t is not None for t in bound.values()))
    reference = {p.name: parse_value(PLACEHOLDER[p.type], p.type, prefixes=query.prefixes) for p in query.params}
    text = bind_parameters(query.text, bound)
    ref_text = bind_parameters(query.text, reference)
    ox.Store().query(text)  # Oxigraph parses it (a SyntaxError would fail the test)
    to_placeholder = {_rdflib_term(bound[n]): _rdflib_term(reference[n]) for n in bound}
    if query.name not in _REFERENCE_SHAPES:
        _REFERENCE_SHAPES[query.name] = _shape(ref_text, {t: t for t in to_placeholder.values()})
    assert _shape(text, to_placeholder) == _REFERENCE_SHAPES[query.name]


def test_the_shape_check_catches_a_pasted_value():
    """The comparison above is not vacuous: pasting text instead of binding a term changes the shape."""
    q = next(q for q in LIBRARY if q.name == "hubs/hubs-by-region")
    ref = parse_value(PLACEHOLDER["iri"], "iri")
    pasted = q.text.replace("?region", "<https://x/a> . ?s ?p ?o", 1)
    assert _shape(pasted, {}) != _shape(bind_parameters(q.text, {"region": ref}), {})


# --- 3. mangled input never gives anything but a clear error ----------------------------

MINI = (ROOT / "tests" / "fixtures" / "build" / "mini.trig").read_text(encoding="utf-8")
HUBS_BY_REGION = next(q for q in LIBRARY if q.name == "hubs/hubs-by-region").text
_junk = st.sampled_from(["{", "}", "[", "]", "(", ")", ".", ";", ",", '"', "'", '"""', "<", ">", "@prefix",
                         "\\", "\\u00", "^^", "@de", "_:b", ":", "#", "\n", " ", "\x00", "\ufeff", "é", "\U0001f600",
                         "GRAPH", "SELECT", "SERVICE", "?x", "1e", "-"])


@st.composite
def mangled(draw, text: str):
    """``text`` with a few random deletions, insertions and duplications."""
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(text)))
        op = draw(st.sampled_from(["delete", "insert", "duplicate"]))
        if op == "delete":
            text = text[:i] + text[i + draw(st.integers(1, 12)):]
        elif op == "insert":
            text = text[:i] + draw(st.one_of(_junk, st.text(max_size=3))) + text[i:]
        else:
            j = draw(st.integers(i, min(len(text), i + 40)))
            text = text[:j] + text[i:j] + text[j:]
    return text


_WHERE_LINE = re.compile(r"^\[ERROR\] \[[^\]\n]+\] \S.*$", re.S)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=mangled(MINI))
def test_mangled_trig_loads_or_fails_with_a_clear_error(tmp_path_factory, text):
    from innokg.errors import InnokgError
    from innokg.load.files import parse_rdf_file

    f = tmp_path_factory.mktemp("mangled") / "mangled.trig"
    f.write_bytes(text.encode("utf-8", "surrogatepass"))
    try:
        parse_rdf_file(f)
    except InnokgError as exc:  # anything else (a bare SyntaxError, ValueError …) fails the test
        assert _WHERE_LINE.match(exc.format()), exc.format()
        assert exc.where.startswith(str(f))


@settings(max_examples=40, deadline=None)
@given(text=mangled(HUBS_BY_REGION))
def test_mangled_query_runs_or_fails_with_a_clear_error(text):
    from innokg.errors import InnokgError
    from innokg.sparql.run import run_local

    try:
        run_local(ox.Store(), text, where="q.rq")
    except InnokgError as exc:
        assert _WHERE_LINE.match(exc.format()), exc.format()
        assert exc.where.startswith("q.rq")


ORGS_CSV = (ROOT / "tests" / "fixtures" / "bad" / "import" / "orgs.csv").read_text(encoding="utf-8")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=mangled(ORGS_CSV))
def test_mangled_csv_maps_or_reports_never_crashes(tmp_path_factory, text):
    """A damaged table: every row is mapped or reported with file:line, or the run stops with a clear error."""
    from innokg.errors import InnokgError

    folder = tmp_path_factory.mktemp("mangled-csv")
    (folder / "orgs.csv").write_bytes(text.encode("utf-8", "surrogatepass"))
    (folder / "orgs.yaml").write_text(MAPPING, encoding="utf-8")
    problems = []
    try:
        run_mapping(load_mapping(folder / "orgs.yaml"), io.StringIO(), report=problems.append)
    except InnokgError as exc:
        assert _WHERE_LINE.match(exc.format()), exc.format()
    for p in problems:
        assert p.severity in ("ERROR", "WARNING") and re.match(r"^orgs\.csv:\d+$", p.where), p.format()
