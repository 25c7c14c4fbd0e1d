"""Checks on SPARQL text before a parser sees it, and syntax errors that say where.

Both SPARQL parsers innokg uses are recursive: a query that nests brackets a few
thousand levels deep overflows the stack of Oxigraph's parser (the process dies
with SIGSEGV, no message) or rdflib's (``RecursionError``). :func:`check_nesting`
refuses such a query first, naming the line and column where the nesting goes past
the limit. :func:`syntax_error` turns a parser's complaint into a
:class:`~innokg.errors.QueryError` whose ``where`` is ``file:line:column``.

References
----------
.. [1] W3C, "SPARQL 1.1 Query Language", §19 (grammar: strings, IRIs and comments,
   which the bracket scanner skips).
"""

from __future__ import annotations

import re

from innokg.errors import QueryError
from innokg.load.limits import SKIP, nesting as bracket_nesting, position as _position

__all__ = ["MAX_NESTING", "MAX_PATTERNS", "MAX_OPERATORS", "MAX_QUERY_BYTES", "nesting", "check_nesting",
           "check_size", "dataset_clauses", "size", "syntax_error"]

#: deepest bracket nesting ({, (, [) a query may have; real queries stay below 20
MAX_NESTING = 100
#: most pattern separators and groups (``.``, ``;``, ``,``, ``{``) a query may hold; real queries stay below 60.
#: Oxigraph's optimiser takes 0.5 s for 100 triple patterns on an empty store, 11 s for 300
MAX_PATTERNS = 256
#: most path and expression operators (``/``, ``|``, ``^``, ``!``, ``*``, ``+``, ``=``, ``<``, ``>``, ``&&``,
#: ``||``) a query may hold; a 300-step path takes Oxigraph 10 s, 10,000 chained operators crash it (SIGSEGV)
MAX_OPERATORS = 200
#: longest query text (UTF-8 bytes) read from a file; ``innokg serve`` takes at most 256 KiB
MAX_QUERY_BYTES = 4 * 1024 ** 2

_SKIP = SKIP


def nesting(text: str, limit: int = MAX_NESTING) -> tuple[int, int | None]:
    """The deepest bracket nesting in ``text`` and the offset where it first passed ``limit``
    (:func:`innokg.load.limits.nesting`, the scanner shared with the RDF loaders).

    Examples
    --------
    >>> nesting("SELECT * WHERE { ?s ?p ?o FILTER(?o > (1 + 2)) }")
    (3, None)
    >>> nesting("ASK {{{ }}}", limit=2)
    (3, 6)
    """
    return bracket_nesting(text, limit)


def check_nesting(text: str, where: str = "query", limit: int = MAX_NESTING) -> None:
    """Refuse a query nested deeper than ``limit`` before a recursive parser crashes on it.

    Examples
    --------
    >>> check_nesting("SELECT * WHERE " + "{" * 500 + "}" * 500, where="q.rq")
    Traceback (most recent call last):
    ...
    innokg.errors.QueryError: [ERROR] [q.rq:1:116] the query nests brackets 500 levels deep; at most 100 are allowed (flatten the query)
    """
    deepest, beyond = nesting(text, limit)
    if beyond is not None:
        line, col = _position(text, beyond)
        raise QueryError(f"the query nests brackets {deepest} levels deep; at most {limit} are allowed",
                         where=f"{where}:{line}:{col}", hint="flatten the query")


_PREFIX_DECL = re.compile(r"PREFIX\s+([A-Za-z][\w.-]*)?:", re.I)
_PNAME = re.compile(r"(?<![\w?$:])([A-Za-z][\w.-]*)?:(?=[\w%\\]|\s|[;,.)}\]])")


def _undeclared_prefix(text: str) -> tuple[str, int] | None:
    """The first prefixed name whose prefix the query does not declare, and its offset."""
    declared = {m.group(1) or "" for m in _PREFIX_DECL.finditer(text)}
    i, n = 0, len(text)
    while i < n:
        if text[i] in "\"'<#":
            sk = _SKIP.match(text, i)
            if sk:
                i = sk.end()
                continue
        pm = _PNAME.match(text, i)
        if pm and not text[:i].rstrip().upper().endswith("PREFIX"):
            if (pm.group(1) or "") not in declared:
                return pm.group(1) or "", i
            i = pm.end()
            continue
        i += 1
    return None


# what the size check counts, outside strings, comments and absolute hierarchical IRIs (``<…//…>``,
# never code). Other ``<…>`` spans are counted as code: ``?a<?b/?b>0`` is two comparisons and a
# division to the parser. Counting too much is safe (a refusal); too little is not.
_COUNTS = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
                     r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*//[^<>"{}|^`\\\s]*>'
                     r'|#[^\r\n]*|\^\^'
                     r'|(?P<op>\|\||&&|[/|^!*+=>]+|<)|(?P<sep>[;,{]+|(?<!\d)\.|\.(?!\d))', re.S)


def size(text: str) -> tuple[int, int]:
    """The number of pattern separators and groups, and of operators, in ``text`` (upper bounds).

    Examples
    --------
    >>> size("SELECT * WHERE { ?s <http://x/p>/<http://x/q> ?o . ?o ?p 1.5 FILTER(?o != 'a/b') }")
    (2, 4)
    """
    patterns = operators = 0
    for m in _COUNTS.finditer(text):  # runs of one kind at once: no Python step per character
        if m.lastgroup == "op":
            operators += len(m.group("op"))
        elif m.lastgroup == "sep":
            patterns += len(m.group("sep"))
    return patterns, operators


def check_size(text: str, where: str = "query", max_bytes: int = MAX_QUERY_BYTES) -> None:
    """Refuse a query too long, or with too many patterns or operators, before a parser sees it.

    Oxigraph's parser and optimiser recurse (and take super-linear time) on long chains: 10,000
    path steps or ``+`` operators crash the process, 300 triple patterns take 11 s to plan.

    Examples
    --------
    >>> check_size("SELECT ?o { ?s " + "/".join(["<http://x/p>"] * 300) + " ?o }", where="q.rq")
    Traceback (most recent call last):
    ...
    innokg.errors.QueryError: [ERROR] [q.rq] the query has 299 path or expression operators; at most 200 are allowed (shorten the property path, or use IN or VALUES instead of chains of || and =)
    """
    n = len(text.encode("utf-8")) if len(text) * 4 > max_bytes else len(text)
    if n > max_bytes:
        raise QueryError(f"the query is {n} bytes long; at most {max_bytes} are allowed", where=where,
                         hint="shorten the query")
    patterns, operators = size(text)
    if patterns > MAX_PATTERNS:
        raise QueryError(f"the query has {patterns} triple patterns or groups; at most {MAX_PATTERNS} are allowed",
                         where=where, hint="split the query")
    if operators > MAX_OPERATORS:
        raise QueryError(f"the query has {operators} path or expression operators; at most {MAX_OPERATORS} are "
                         "allowed", where=where,
                         hint="shorten the property path, or use IN or VALUES instead of chains of || and =")


_DATASET = re.compile(_SKIP.pattern + r"|(?<![\w?$:])(?P<from>FROM)\s*(?P<named>NAMED)?\s*"
                      r"(?P<iri><[^<>\s]*>|[^\s{}]*)", re.S | re.I)
_PREFIXES = re.compile(r"PREFIX\s*([^\W\d_][\w.-]*)?:\s*<([^<>\s]*)>", re.I)


def dataset_clauses(text: str) -> list[tuple[str, str]]:
    """The ``FROM`` and ``FROM NAMED`` clauses of a query, as ``("default" | "named", IRI)``.

    Prefixed names are expanded with the query's ``PREFIX`` declarations; an IRI that
    cannot be expanded is returned as written. A lexical scan (no parser): strings,
    IRIs and comments are skipped, so ``FROM`` inside them is not a clause.

    Examples
    --------
    >>> dataset_clauses("PREFIX g: <http://x/graph/> SELECT * FROM g:a FROM NAMED <http://x/b> "
    ...                 "WHERE { ?s ?p 'FROM <http://no>' } # FROM <http://no>")
    [('default', 'http://x/graph/a'), ('named', 'http://x/b')]
    """
    prefixes = None
    out = []
    for m in _DATASET.finditer(text):
        if not m.group("from"):
            continue
        iri = m.group("iri")
        if iri.startswith("<"):
            iri = iri[1:-1]
        elif ":" in iri:
            if prefixes is None:
                prefixes = {p.group(1) or "": p.group(2) for p in _PREFIXES.finditer(text)}
            prefix, _, local = iri.partition(":")
            iri = prefixes[prefix] + local if prefix in prefixes else iri
        out.append(("named" if m.group("named") else "default", iri))
    return out


_OX_AT = re.compile(r"^error at (\d+):(\d+): (.*)$", re.S)


def _line_of(text: str, line: int) -> str:
    lines = text.splitlines()
    if 0 < line <= len(lines):
        return f"; the line reads: {lines[line - 1].strip()[:120]!r}"
    return ""


def syntax_error(text: str, exc: Exception, where: str = "query") -> QueryError:
    """A :class:`QueryError` for a query Oxigraph refused, with line and column.

    Oxigraph reports the furthest point its parser reached and every token it
    would have accepted there; rdflib's parser names the clause where the query
    breaks off, which is what a person needs. So the query is re-parsed with
    rdflib for the position; Oxigraph's own position is the fallback.

    Examples
    --------
    >>> import pyoxigraph as ox
    >>> q = "SELECT ?s WHERE {\\n  ?s ?p ?o\\n  FILTER(?s = )\\n}"
    >>> try:
    ...     ox.Store().query(q)
    ... except SyntaxError as exc:
    ...     print(syntax_error(q, exc, "q.rq").format())
    [ERROR] [q.rq:3:3] SPARQL syntax error: expected SelectQuery, found 'FILTER'; the line reads: 'FILTER(?s = )' (check the query)
    """
    from pyparsing import ParseException
    from rdflib.plugins.sparql import prepareQuery

    msg = str(exc)
    line = col = None
    m = _OX_AT.match(msg)
    if m:
        line, col, msg = int(m.group(1)), int(m.group(2)), m.group(3)
        if "Prefix not found" in msg:
            msg = "a prefix is used but not declared"
            undeclared = _undeclared_prefix(text)
            if undeclared:
                prefix, at = undeclared
                msg = f"the prefix {prefix}: is not declared"
                line, col = _position(text, at)
                m = None  # rdflib below would bind its own default prefixes (schema:, …)
        elif len(msg) > 160:
            msg = msg[:160] + "…"
    try:
        if m is not None or not line:
            prepareQuery(text)
    except ParseException as pe:
        line, col = pe.lineno, pe.col
        found = getattr(pe, "found", None)
        msg = pe.msg[:1].lower() + pe.msg[1:] + (f", found {found}" if found else "")
    except RecursionError:
        pass
    except Exception as other:  # rdflib: "Unknown namespace prefix : ex"
        pm = re.match(r"Unknown namespace prefix\s*:\s*(\S+)", str(other))
        if pm:
            msg = f"the prefix {pm.group(1)}: is not declared"
            hit = re.search(rf"(?<![\w:<]){re.escape(pm.group(1))}:", text)
            if hit:
                line, col = _position(text, hit.start())
    place = f"{where}:{line}:{col}" if line and col else where
    return QueryError(f"SPARQL syntax error: {msg}{_line_of(text, line) if line else ''}", where=place,
                      hint="check the query")
