"""The query guard: SERVICE refused wherever it hides, never where it is only text; fast on hostile input.

Every case of HIDDEN and GLUED was also run on pyoxigraph with a loopback
listener while the guard was written: each one (where the left side matches)
opens a connection when the guard is not in the way.
"""

from __future__ import annotations

import time

import pytest

from innokg.errors import QueryError
from innokg.sparql.guard import QueryRefused, check_query

URL = "http://127.0.0.1:9/sparql"

HIDDEN = {
    "top-level": f"SELECT * WHERE {{ SERVICE <{URL}> {{ ?s ?p ?o }} }}",
    "silent": f"SELECT * WHERE {{ SERVICE SILENT <{URL}> {{ ?s ?p ?o }} }}",
    "lowercase": f"select * where {{ service silent <{URL}> {{ ?s ?p ?o }} }}",
    "mixed-case": f"SELECT * WHERE {{ SeRvIcE <{URL}> {{ ?s ?p ?o }} }}",
    "variable": f"SELECT * WHERE {{ BIND(<{URL}> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
    "prefixed-name": f"PREFIX r: <{URL}> SELECT * WHERE {{ SERVICE r: {{ ?s ?p ?o }} }}",
    "optional": f"SELECT * WHERE {{ ?s ?p ?o OPTIONAL {{ SERVICE <{URL}> {{ ?s ?q ?r }} }} }}",
    "minus": f"SELECT * WHERE {{ ?s ?p ?o MINUS {{ SERVICE <{URL}> {{ ?s ?p ?o }} }} }}",
    "union": f"SELECT * WHERE {{ {{ ?s ?p ?o }} UNION {{ SERVICE SILENT <{URL}> {{ ?s ?p ?o }} }} }}",
    "graph": f"SELECT * WHERE {{ GRAPH ?g {{ SERVICE <{URL}> {{ ?s ?p ?o }} }} }}",
    "filter-exists": f"SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{URL}> {{ ?s ?p ?o }} }} }}",
    "filter-not-exists": f"SELECT * WHERE {{ ?s ?p ?o FILTER NOT EXISTS {{ SERVICE <{URL}> {{ ?s ?p ?o }} }} }}",
    "filter-exists-subselect": (f"SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ SELECT * WHERE {{ "
                                f"SERVICE <{URL}> {{ ?s ?p ?o }} }} }} }}"),
    "bind-exists": f"SELECT ?x WHERE {{ BIND(EXISTS {{ SERVICE <{URL}> {{ ?s ?p ?o }} }} AS ?x) }}",
    "sub-select": f"SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SERVICE <{URL}> {{ ?s ?p ?o }} }} }} }}",
    "construct": f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{URL}> {{ ?s ?p ?o }} }}",
    "describe": f"DESCRIBE ?s WHERE {{ SERVICE <{URL}> {{ ?s ?p ?o }} }}",
    "ask": f"ASK {{ SERVICE <{URL}> {{ ?s ?p ?o }} }}",
    "after-comment": f"SELECT * WHERE {{ # a comment\n SERVICE <{URL}> {{ ?s ?p ?o }} }}",
    "after-strings": f"SELECT * WHERE {{ ?s ?p 'a\\'b', \"c\", '''d''', \"\"\"e\"\"\" SERVICE <{URL}> {{ ?s ?p ?o }} }}",
    "newlines-tabs": f"SELECT * WHERE {{\n\tSERVICE\n\t<{URL}>\n{{ ?s ?p ?o }} }}",
    "in-an-update": f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{URL}> {{ ?s ?p ?o }} }}",
}

# what Oxigraph's parser reads as SERVICE although a word-boundary scan would not
GLUED = {
    "no-space-before-iri": f"SELECT * WHERE {{ SERVICE<{URL}>{{ ?s ?p ?o }} }}",
    "servicesilent": f"SELECT * WHERE {{ SERVICESILENT<{URL}>{{ ?s ?p ?o }} }}",
    "prefix-starting-with-service": f"PREFIX s: <{URL}> SELECT * WHERE {{ ?s ?p ?o . services: {{ ?s ?p ?o }} }}",
    "after-a-number": f"SELECT * WHERE {{ ?s ?p 1SERVICE <{URL}> {{ ?s ?p ?o }} }}",
    "after-a-string": f"SELECT * WHERE {{ ?s ?p 'c'SERVICE <{URL}> {{ ?s ?p ?o }} }}",
    "after-a-dot": f"SELECT * WHERE {{ ?s ?p ?o.SERVICE <{URL}> {{ ?s ?p ?o }} }}",
    "after-a-bracket": f"SELECT * WHERE {{ [] ?p ?o SERVICE<{URL}>{{ ?s ?p ?o }} }}",
    "after-a-paren": f"SELECT * WHERE {{ ?s ?p ?o FILTER(true)SERVICE<{URL}>{{ ?s ?p ?o }} }}",
    # '<' as less-than: "<2)SERVICE#>" looks like an IRI, but the parser reads an operator,
    # the keyword and a comment
    "less-than-and-comment": f"SELECT * WHERE {{ BIND(1 AS ?a) FILTER(?a<2)SERVICE#>\n<{URL}>{{ ?s ?p ?o }} }}",
    # '<' as less-than, then a string that ends where the would-be IRI has long ended
    "less-than-and-string": (f"SELECT * WHERE {{ BIND(1 AS ?a) FILTER(?a<2||'>x'='x') "
                             f"SERVICE <{URL}>{{ ?s ?p ?o }} }}"),
    "less-than-and-long-string": ("SELECT * WHERE { FILTER(?a<1#> '''\n) SERVICE <" + URL
                                  + ">{ ?s ?p ?o } #'''\n}"),
    "escaped-hash-in-a-name": f"PREFIX ex: <http://x/> SELECT * WHERE {{ ?s ?p ex:a\\#b SERVICE <{URL}> {{ ?s ?p ?o }} }}",
    "codepoint-escape": "SELECT * WHERE { \\u0053ERVICE<" + URL + ">{ ?s ?p ?o } }",
    "codepoint-escapes-two": "SELECT * WHERE { ?s ?p ?o . \\u0053\\u0045RVICE <" + URL + "> { ?s ?p ?o } }",
    "carriage-return-ends-comment": f"SELECT * WHERE {{ ?s ?p ?o # a comment\r SERVICE <{URL}> {{ ?s ?p ?o }} }}",
    "escaped-newline-ends-comment": "SELECT * WHERE { ?s ?p ?o # \\u000a SERVICE <" + URL + "> { ?s ?p ?o }\n}",
}


@pytest.mark.parametrize("name", sorted(HIDDEN))
def test_service_is_refused_wherever_it_hides(name):
    with pytest.raises(QueryRefused) as exc:
        check_query(HIDDEN[name], where="q.rq", update=name == "in-an-update")
    assert exc.value.kind == "service"
    assert exc.value.format().startswith("[ERROR] [q.rq:")
    assert "SERVICE is refused: innokg makes no outbound requests" in exc.value.format()
    assert exc.value.exit_code == 2


@pytest.mark.parametrize("name", sorted(GLUED))
def test_what_a_parser_reads_as_service_is_refused(name):
    with pytest.raises(QueryRefused) as exc:
        check_query(GLUED[name], where="q.rq")
    assert exc.value.kind == "service"


def test_the_error_names_line_and_column():
    with pytest.raises(QueryRefused) as exc:
        check_query("SELECT * WHERE {\n  ?s ?p ?o .\n  SERVICE <http://x/> { ?s ?p ?o }\n}", where="q/x.rq")
    assert exc.value.where == "q/x.rq:3:3"


NOT_SERVICE = {
    "comment": "# SERVICE <http://x/> { }\nSELECT * WHERE { ?s ?p ?o }",
    "comment-at-end": "SELECT * WHERE { ?s ?p ?o } # SERVICE",
    "short-string-double": 'SELECT * WHERE { ?s ?p "SERVICE <http://x/> { ?s ?p ?o }" }',
    "short-string-single": "SELECT * WHERE { ?s ?p 'SERVICE <http://x/> { }' }",
    "long-string-double": 'SELECT * WHERE { ?s ?p """a\nSERVICE <http://x/> { }\n""" }',
    "long-string-single": "SELECT * WHERE { ?s ?p '''a\nSERVICE <http://x/> { }\n''' }",
    "string-with-escaped-quote": r'SELECT * WHERE { ?s ?p "a\" SERVICE <http://x/> { }" }',
    "iri": "SELECT * WHERE { ?s <http://example.org/SERVICE> ?o }",
    "iri-with-fragment": "SELECT * WHERE { ?s <http://example.org/service#endpoint> ?o }",
    "namespace-iri": "PREFIX svc: <http://example.org/ns/service#> SELECT * WHERE { ?s svc:url ?o }",
    "urn": "SELECT * WHERE { ?s ?p <urn:x:service#a> }",
    "variable": "SELECT ?service WHERE { ?service ?p $SERVICE }",
    "local-name": "PREFIX ex: <http://x/> SELECT * WHERE { ?s ex:SERVICE ex:hasService }",
    "language-tag": "SELECT * WHERE { ?s ?p 'x'@en-service }",
    "less-than": "SELECT * WHERE { ?s ?p ?o FILTER(?o<5 && ?o>1) }",
    "less-than-glued": "SELECT * WHERE { ?s ?p ?o FILTER(?o<5&&?o>1) }",
    "escaped-u-in-string": r'SELECT * WHERE { ?s ?p "\u0053ERVICE" }',
}


@pytest.mark.parametrize("name", sorted(NOT_SERVICE))
def test_service_as_text_is_not_refused(name):
    assert check_query(NOT_SERVICE[name], where="q.rq") == "SELECT"


@pytest.mark.parametrize("text,form", [
    ("SELECT * WHERE { ?s ?p ?o }", "SELECT"),
    ("PREFIX ex: <http://x/> ask { ?s ex:p ?o }", "ASK"),
    ("BASE <http://x/> CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
    ("describe <http://x/a>", "DESCRIBE"),
    ("# SELECT\nASK { { SELECT ?s WHERE { ?s ?p ?o } } }", "ASK"),
    ("CONSTRUCT { ?s ?p ?o } WHERE { { SELECT * WHERE { ?s ?p ?o } } }", "CONSTRUCT"),
])
def test_the_form_is_the_first_form_keyword(text, form):
    assert check_query(text, where="q.rq") == form


@pytest.mark.parametrize("update,ops", [
    ("LOAD <file:///etc/passwd>", ("LOAD",)),
    ("INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }", ("INSERT",)),
    ("delete where { ?s ?p ?o }", ("DELETE",)),
    ("CLEAR ALL", ("CLEAR",)),
    ("CREATE GRAPH <http://x/g>", ("CREATE",)),
    ("DROP SILENT GRAPH <http://x/g>", ("DROP",)),
    ("COPY <http://x/a> TO <http://x/b>", ("COPY",)),
    ("MOVE DEFAULT TO <http://x/b>", ("MOVE",)),
    ("ADD <http://x/a> TO <http://x/b>", ("ADD",)),
    ("WITH <http://x/g> DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }", ("WITH", "DELETE", "INSERT")),
    ("SELECT * WHERE { ?s ?p ?o } ; DROP ALL", ("DROP",)),
])
def test_updates_are_refused_where_a_read_is_meant(update, ops):
    with pytest.raises(QueryRefused) as exc:
        check_query(update, where="q.rq")
    assert exc.value.kind == "update" and exc.value.operations == ops
    assert f"updates ({', '.join(ops)}) are refused" in exc.value.format()
    assert check_query(update, where="u.ru", update=True) == "UPDATE"


def test_update_words_as_text_are_not_updates():
    q = ("PREFIX ex: <http://x/> SELECT ?insert WHERE { ?s ex:delete 'DROP ALL' ; <http://x/load> ?insert "
         "# CLEAR ALL\n FILTER(?insert != 'WITH') }")
    assert check_query(q, where="q.rq") == "SELECT"


@pytest.mark.parametrize("text", ["", "   # only a comment\n", "PREFIX ex: <http://x/>", "'SELECT'"])
def test_no_form_is_an_error(text):
    with pytest.raises(QueryError) as exc:
        check_query(text, where="q.rq")
    assert not isinstance(exc.value, QueryRefused)
    assert exc.value.format().startswith("[ERROR] [q.rq") and "SPARQL syntax error" in exc.value.message


def _fast(text: str, budget: float = 0.5):
    """Check ``text``; assert it took less than ``budget`` seconds of CPU (the machine may be shared)."""
    t = time.process_time()
    try:
        return check_query(text, where="q.rq")
    finally:
        assert time.process_time() - t < budget


def test_ten_thousand_deep_nesting_is_refused_quickly():
    with pytest.raises(QueryError) as exc:
        _fast("SELECT * WHERE " + "{" * 10_000 + " ?s ?p ?o " + "}" * 10_000)
    assert "nests brackets 10000 levels deep" in exc.value.message
    with pytest.raises(QueryError):
        _fast("ASK { FILTER(" + "(" * 10_000 + "1" + ")" * 10_000 + ") }")


def test_ten_thousand_deep_nesting_hidden_in_an_iri_like_span_is_refused():
    with pytest.raises(QueryError):
        _fast("ASK { FILTER(?a<" + "(" * 10_000 + "1#>\n" + ")" * 10_000 + ") }")


def test_one_megabyte_query_is_answered_quickly():
    rows = " ".join(f'(<http://example.org/org/{i}#x> "name {i} SERVICE" 1.5e3 ex:v{i})' for i in range(20_000))
    text = ("PREFIX ex: <http://x/>\nSELECT * WHERE { VALUES (?s ?n ?v ?w) { " + rows + " } }\n"
            + "# padding SERVICE\n" * 5000)
    assert len(text) > 1_000_000
    assert _fast(text) == "SELECT"
    with pytest.raises(QueryRefused):
        _fast(text + "SERVICE <http://x/> { }")


HOSTILE = {"less-than": "<", "quote": "'", "comment-quote-lt-newline": "#'<\n", "two-reading-iri": "<a#'>",
           "codepoint-escape": "\\u0041", "question-mark": "?", "long-quote": "'" * 3 + "a", "brackets": "{}",
           "words": "select ", "escaped-hash": "ex:a\\#"}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_megabyte_is_answered_quickly(name):
    filler = HOSTILE[name] * (1_000_000 // len(HOSTILE[name]))
    try:
        _fast("SELECT * WHERE { ?s ?p ?o } " + filler, budget=1.5)
    except QueryError:
        pass


def test_a_remote_endpoint_may_get_service_but_no_update():
    assert check_query(HIDDEN["filter-exists-subselect"], where="q.rq", remote=True) == "SELECT"
    with pytest.raises(QueryRefused) as exc:
        check_query("DROP ALL", where="q.rq", remote=True)
    assert exc.value.kind == "update"


def test_a_remembered_text_is_judged_as_it_was_first_for_each_use():
    """Texts that passed are remembered (``CACHED_CHARS``), keyed by every argument: the same text is a query
    where a read is meant and an update where one is meant, and a refusal is given again, naming each caller."""
    from innokg.sparql.guard import CACHED_CHARS

    ask = "ASK { ?s ?p ?o }"
    assert check_query(ask, where="a.rq") == "ASK"
    assert check_query(ask, where="a.rq") == "ASK"
    insert = "INSERT DATA { <http://x/a> <http://x/b> 1 }"
    assert check_query(insert, where="u.ru", update=True) == "UPDATE"
    with pytest.raises(QueryRefused, match=r"\[q\.rq:1:1\] updates \(INSERT\) are refused"):
        check_query(insert, where="q.rq")
    service = f"SELECT * WHERE {{ SERVICE <{URL}> {{ ?s ?p ?o }} }}"
    assert check_query(service, where="r.rq", remote=True) == "SELECT"
    # "SELECT * WHERE { " is 17 characters: SERVICE starts at column 18
    for where in ("one.rq", "two.rq"):  # refused each time, with the caller's own name
        with pytest.raises(QueryRefused, match=rf"\[{where.replace('.', '[.]')}:1:18\] SERVICE is refused"):
            check_query(service, where=where)
    long = "#" + "x" * CACHED_CHARS + "\n" + service  # past the remembered length: checked the same way
    with pytest.raises(QueryRefused, match=r"\[l\.rq:2:18\] SERVICE is refused"):
        check_query(long, where="l.rq")
    assert check_query(long, where="l.rq", remote=True) == "SELECT"
