"""Bind query parameters as typed RDF terms, never by pasting text.

A value given on the command line (``--param region=…``) is first parsed into an
RDF term of the parameter's declared type (an IRI is checked by Oxigraph's IRI
parser, a date by the calendar, …) and refused when it does not fit. The term is
then written in its canonical N-Triples form — one token, every quote escaped —
into a ``VALUES`` block placed at the start of the query's outermost group
pattern (``WHERE {``). The block is joined with the rest of the pattern before
anything else, which is exactly SPARQL's pre-binding (SEP-0007 substitution)
for variables of the outer query; since the serialised term is always a single
token, no value can change the query's structure (there is no way to close the
brace or the string it sits in). The same bound text runs locally and remotely,
so both give the same rows.

A sub-select cannot see the outer ``VALUES`` (SPARQL evaluates it on its own),
so a sub-select that should start from a parameter's value asks for the same
block with a marker comment right after the ``{`` of its group::

    { SELECT DISTINCT ?project ?region WHERE {  #@values ?within
        ?region ikg:partOfRegion* ?within . … } }

The binder puts ``VALUES ?within { term }`` there too (the comment stays, so the
file is still plain SPARQL that any tool runs, with the parameter unbound). It
is the same pre-binding, made explicit where the query says so; the marker
names parameters only (:func:`~innokg.sparql.library.load_query` checks that).

References
----------
.. [1] W3C, "SPARQL 1.1 Query Language", §10.2.2 (inline VALUES) and §19.8 (grammar).
.. [2] SPARQL-dev SEP-0007, "Substitution / pre-binding",
   https://github.com/w3c/sparql-dev/blob/main/SEP/SEP-0007/sep-0007.md
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from innokg.errors import ParameterError, QueryError
from innokg.namespaces import prefixes

__all__ = ["COMMON_PREFIXES", "TYPES", "bind_parameters", "parse_value", "pattern_start", "prefixes_of",
           "query_form", "values_markers"]

XSD = "http://www.w3.org/2001/XMLSchema#"

#: parameter type -> what it accepts (shown by ``innokg queries`` and the README)
TYPES: dict[str, str] = {
    "iri": "an absolute IRI, or prefix:local with a prefix the query declares",
    "string": "any text, bound as an xsd:string literal",
    "integer": "a whole number, bound as xsd:integer",
    "decimal": "a decimal number such as 2.5, bound as xsd:decimal",
    "boolean": "true or false, bound as xsd:boolean",
    "date": "a calendar date YYYY-MM-DD, bound as xsd:date",
    "year": "a four-digit year such as 2021, bound as xsd:integer (compare with YEAR(?date))",
}

#: prefixes a parameter value may use even when the query does not declare them
COMMON_PREFIXES = prefixes("ikg", "id", "org", "schema", "rdf", "rdfs", "xsd", "skos", "prov", "dcterms", "foaf")

_INT_RE = re.compile(r"^[+-]?\d+$")
_DEC_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEAR_RE = re.compile(r"^\d{4}$")
_PNAME_RE = re.compile(r"^([A-Za-z][\w.-]*)?:([\w.%/-]*)$")
_PREFIX_RE = re.compile(r"(?im)^\s*PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^<>\s]*)>")


def prefixes_of(text: str) -> dict[str, str]:
    """The ``PREFIX`` declarations of a query, prefix -> namespace.

    Examples
    --------
    >>> prefixes_of("PREFIX ikg: <https://w3id.org/innokg/ontology#>\\nSELECT * {}")
    {'ikg': 'https://w3id.org/innokg/ontology#'}
    """
    return {m.group(1) or "": m.group(2) for m in _PREFIX_RE.finditer(text)}


def _literal(lexical: str, datatype: str) -> ox.Literal:
    return ox.Literal(lexical, datatype=ox.NamedNode(XSD + datatype))


def parse_value(value: str, type: str, *, where: str = "--param",
                prefixes: dict[str, str] | None = None) -> ox.NamedNode | ox.Literal:
    """Turn a command-line value into an RDF term of the declared ``type``.

    Raises :class:`~innokg.errors.ParameterError` when the value does not fit.

    Examples
    --------
    >>> str(parse_value("2021", "year"))
    '"2021"^^<http://www.w3.org/2001/XMLSchema#integer>'
    >>> str(parse_value('x" } DROP ALL {', "string"))
    '"x\\\\" } DROP ALL {"'
    >>> str(parse_value("ikg:Cluster", "iri", prefixes={"ikg": "https://w3id.org/innokg/ontology#"}))
    '<https://w3id.org/innokg/ontology#Cluster>'
    >>> parse_value("2021-02-30", "date")
    Traceback (most recent call last):
    ...
    innokg.errors.ParameterError: [ERROR] [--param] '2021-02-30' is not a date (expected a calendar date YYYY-MM-DD, bound as xsd:date)
    """
    value = value.strip() if type != "string" else value
    bad = ParameterError(f"{value!r} is not a{'n' if type[0] in 'aeiou' else ''} {type}",
                         where=where, hint=f"expected {TYPES.get(type, type)}")
    if type == "string":
        return ox.Literal(value)
    if type == "iri":
        iri = value[1:-1] if value.startswith("<") and value.endswith(">") else value
        known = {**COMMON_PREFIXES, **(prefixes or {})}
        m = _PNAME_RE.match(iri)
        if m and (m.group(1) or "") in known:
            iri = known[m.group(1) or ""] + m.group(2)
        elif not iri.startswith(("urn:", "mailto:", "tag:")) and not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", iri):
            bad.hint = (f"expected {TYPES['iri']}; known prefixes: {', '.join(sorted(known))}"
                        if m else f"expected {TYPES['iri']}")
            raise bad
        try:
            return ox.NamedNode(iri)
        except ValueError:
            raise bad from None
    if type == "integer":
        if not _INT_RE.match(value):
            raise bad
        return _literal(str(int(value)), "integer")
    if type == "year":
        if not _YEAR_RE.match(value):
            raise bad
        return _literal(str(int(value)), "integer")
    if type == "decimal":
        if not _DEC_RE.match(value):
            raise bad
        try:
            d = Decimal(value)
        except InvalidOperation:  # pragma: no cover - the regex already refuses these
            raise bad from None
        text = format(d, "f")
        if "." not in text:
            text += ".0"
        return _literal(text, "decimal")
    if type == "boolean":
        if value.lower() not in {"true", "false", "1", "0"}:
            raise bad
        return _literal("true" if value.lower() in {"true", "1"} else "false", "boolean")
    if type == "date":
        if not _DATE_RE.match(value):
            raise bad
        try:
            datetime.date.fromisoformat(value)
        except ValueError:
            raise bad from None
        return _literal(value, "date")
    raise ParameterError(f"unknown parameter type {type!r}", where=where,
                         hint=f"types: {', '.join(sorted(TYPES))}")


# --- finding where the query pattern starts -------------------------------------------------

_IRIREF = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
_LONG_STR = re.compile(r"'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^\"\\]|\\.|\"(?!\"\"))*\"\"\"", re.S)
_STR = re.compile(r"'(?:[^'\\\n\r]|\\.)*'|\"(?:[^\"\\\n\r]|\\.)*\"")
_WORD = re.compile(r"[A-Za-z_][\w-]*")
#: a comment asking for the parameters' VALUES at its place: ``#@values ?a ?b``
_MARKER = re.compile(r"#@values([^\n\r]*)")
_MARKER_VARS = re.compile(r"^(?:[ \t]+[?$][A-Za-z_][A-Za-z0-9_]*)+[ \t]*$")


def _words(query: str):
    """Yield ``(WORD, index, depth, "{"|"}"|None)`` for keywords and braces, skipping
    comments, strings, IRIs, variables and prefixed names; a ``#@values`` marker
    comment is yielded as the word ``#@VALUES``."""
    i, n, depth = 0, len(query), 0
    while i < n:
        c = query[i]
        if c == "#":
            if query.startswith("#@values", i):
                yield "#@VALUES", i, depth, None
            j = query.find("\n", i)
            i = n if j < 0 else j + 1
            continue
        if c in "'\"":
            m = _LONG_STR.match(query, i) or _STR.match(query, i)
            if not m:
                raise QueryError("unterminated string in the query", where=f"offset {i}")
            i = m.end()
            continue
        if c == "<":
            m = _IRIREF.match(query, i)
            if m:
                i = m.end()
                continue
        if c in "?$:":
            # a variable or the local part of a prefixed name: never a keyword
            m = _WORD.match(query, i + 1)
            i = m.end() if m else i + 1
            continue
        if c.isalpha() or c == "_":
            m = _WORD.match(query, i)
            nxt = query[m.end()] if m.end() < n else " "
            if nxt != ":":
                yield m.group(0).upper(), i, depth, None
            i = m.end()
            continue
        if c == "{":
            yield "{", i, depth, "{"
            depth += 1
        elif c == "}":
            depth -= 1
            yield "}", i, depth, "}"
        i += 1


def query_form(query: str) -> str:
    r"""SELECT, ASK, CONSTRUCT, DESCRIBE (or an update keyword) — the first at the top level.

    Examples
    --------
    >>> query_form("#+ description: rows added\nPREFIX a: <http://x/#ask>\nSELECT * { ?s ?p 'ASK' }")
    'SELECT'
    """
    for word, _, depth, _ in _words(query):
        if depth == 0 and word in {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "INSERT", "DELETE", "LOAD",
                                   "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}:
            return word
    raise QueryError("not a SPARQL query: no SELECT, ASK, CONSTRUCT or DESCRIBE")


def pattern_start(query: str) -> int:
    r"""Index just after the ``{`` that opens the outermost query pattern.

    Comments, strings and IRIs are skipped, so a ``{`` or the word ``WHERE``
    inside them does not count. Works for SELECT, ASK, CONSTRUCT and DESCRIBE
    with a ``WHERE`` group (the keyword is optional for SELECT and ASK).

    Examples
    --------
    >>> q = 'PREFIX a: <http://x/a#>  # WHERE {\nSELECT ?s WHERE { ?s a:p "{" }'
    >>> q[pattern_start(q):]
    ' ?s a:p "{" }'
    """
    form = None
    seen_where = False
    for word, i, depth, brace in _words(query):
        if depth != 0:
            continue
        if brace == "{":
            if seen_where or form in {"SELECT", "ASK"}:
                return i + 1
        elif word in {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"} and form is None:
            form = word
        elif word == "WHERE":
            seen_where = True
    raise QueryError("cannot find the query pattern (WHERE { … }) to bind parameters in",
                     hint="parameters need a query with a WHERE clause")


def _line(query: str, index: int) -> str:
    return f"line {query.count(chr(10), 0, index) + 1}"


def values_markers(query: str) -> list[tuple[int, tuple[str, ...]]]:
    r"""Where the query asks for its parameters' ``VALUES`` besides the outer group: ``(index, variables)``.

    A marker is a comment ``#@values ?a ?b`` right after the ``{`` of a group inside
    the query pattern (only blanks between; not the ``{`` of a ``VALUES`` data
    block, where a ``VALUES`` clause would not parse); anything else, a comment
    starting ``#@values`` included, is refused with a
    :class:`~innokg.errors.QueryError` naming the line.

    Examples
    --------
    >>> q = "SELECT ?r WHERE {\n { SELECT ?r WHERE {  #@values ?w\n ?r <http://x/in> ?w } } }"
    >>> [(q[i:i + 11], names) for i, names in values_markers(q)]
    [('#@values ?w', ('w',))]
    >>> values_markers("SELECT * WHERE { ?s ?p ?o #@values ?o\n}")
    Traceback (most recent call last):
    ...
    innokg.errors.QueryError: [ERROR] [line 1] a '#@values' marker must come right after the '{' of a group
    """
    out = []
    start = None
    last_open, data_block, previous = -1, False, None
    for word, i, _, brace in _words(query):
        if brace == "{":
            last_open, data_block = i, previous == "VALUES"
        if word != "#@VALUES":
            previous = word
            continue
        names = _MARKER.match(query, i).group(1)
        if not _MARKER_VARS.match(names):
            raise QueryError("a '#@values' marker names the variables to bind, e.g. '#@values ?region'",
                             where=_line(query, i))
        if start is None:
            start = pattern_start(query)
        if last_open < start - 1 or data_block or query[last_open + 1:i].strip():
            raise QueryError("a '#@values' marker must come right after the '{' of a group", where=_line(query, i))
        out.append((i, tuple(v[1:] for v in names.split())))
    return out


def bind_parameters(query: str, bindings: dict[str, ox.NamedNode | ox.Literal]) -> str:
    r"""Return ``query`` with each ``variable -> term`` pre-bound by an inline ``VALUES``.

    The block goes at the start of the outer group, and again wherever a ``#@values``
    marker names the variable (:func:`values_markers`).

    Examples
    --------
    >>> q = "SELECT ?n WHERE { ?x <http://x/p> ?n } ORDER BY ?n"
    >>> bind_parameters(q, {"x": ox.NamedNode("http://x/a")})
    'SELECT ?n WHERE { VALUES ?x { <http://x/a> } ?x <http://x/p> ?n } ORDER BY ?n'
    >>> q = "SELECT ?n WHERE { { SELECT ?n WHERE { #@values ?x\n ?x <http://x/p> ?n } } }"
    >>> bind_parameters(q, {"x": ox.NamedNode("http://x/a")})
    'SELECT ?n WHERE { VALUES ?x { <http://x/a> } { SELECT ?n WHERE { VALUES ?x { <http://x/a> } #@values ?x\n ?x <http://x/p> ?n } } }'
    """
    if not bindings:
        return query

    def block(names):
        return "".join(f" VALUES ?{var} {{ {bindings[var]} }}" for var in sorted(names) if var in bindings)

    inserts = [(pattern_start(query), block(bindings))]
    inserts += [(i, block(names)[1:] + " ") for i, names in values_markers(query) if any(n in bindings for n in names)]
    for at, text in sorted(inserts, reverse=True):
        query = query[:at] + text + query[at:]
    return query
