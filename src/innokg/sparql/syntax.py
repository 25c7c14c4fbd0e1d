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

__all__ = ["MAX_NESTING", "nesting", "check_nesting", "syntax_error"]

#: deepest bracket nesting ({, (, [) a query may have; real queries stay below 20
MAX_NESTING = 100

# strings (long ones first), IRIs, comments: brackets inside them do not count
_SKIP = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
                   r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\r\n]*', re.S)
_BRACKETS = re.compile(_SKIP.pattern + r"|(?P<open>[{(\[]+)|(?P<close>[})\]]+)", re.DOTALL)


def _position(text: str, i: int) -> tuple[int, int]:
    line = text.count("\n", 0, i) + 1
    return line, i - (text.rfind("\n", 0, i) + 1) + 1


def nesting(text: str, limit: int = MAX_NESTING) -> tuple[int, int | None]:
    """The deepest bracket nesting in ``text`` and the offset where it first passed ``limit``.

    Examples
    --------
    >>> nesting("SELECT * WHERE { ?s ?p ?o FILTER(?o > (1 + 2)) }")
    (3, None)
    >>> nesting('SELECT * WHERE { ?s ?p "{{{{" } # {{{{')
    (1, None)
    >>> nesting("ASK {{{ }}}", limit=2)
    (3, 6)
    """
    depth = deepest = 0
    beyond = None
    for m in _BRACKETS.finditer(text):  # runs of brackets at once: no Python step per character
        run = m.group("open")
        if run:
            if depth + len(run) > deepest:
                if beyond is None and depth + len(run) > limit:
                    beyond = m.start() + max(0, limit - depth)
                deepest = depth + len(run)
            depth += len(run)
        elif m.group("close"):
            depth -= len(m.group("close"))
    return deepest, beyond


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
