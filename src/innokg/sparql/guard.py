"""The one check every SPARQL text passes before innokg runs it on local data.

Oxigraph (the store behind ``innokg sparql``, ``query``, the projections, the
compiled validator and the server) and rdflib (behind pySHACL's SHACL-SPARQL
constraints) both *execute* ``SERVICE``: a query read from a file someone sent
(a ``.rq``, a projection, a shapes file) would open connections to any host it
names, carrying data from the graph in its URL. :func:`check_query` refuses such
a text before it reaches a parser, wherever the ``SERVICE`` sits (top level,
``OPTIONAL``, ``MINUS``, ``UNION``, ``FILTER [NOT] EXISTS``, sub-``SELECT``) and
with or without ``SILENT``; and it refuses an update (``INSERT``, ``LOAD`` …)
where only a read is meant.

How it reads the text, and why that is enough
----------------------------------------------
The check is a *lexical* scan with no recursion and no parser, so a huge or
deeply nested text cannot crash it or make it slow: it skips comments
(``# …`` up to a CR or LF, as the parsers end them), string literals in all
four quote forms and IRIs (``<…>``), and looks at the words that are left. In SPARQL a bare word is *only* ever a keyword or a
built-in function name (``a``, ``true`` and numbers aside): a prefixed name
contains ``:`` (``ex:service``) and a variable starts with ``?`` or ``$``
(``?service``), so neither is mistaken for the keyword. Four properties of the
real parsers make the scan stricter than "find the word SERVICE":

* **Keywords need no word boundary in Oxigraph**: it reads ``SERVICESILENT``
  as ``SERVICE SILENT``, ``services:`` as ``SERVICE`` followed by the prefixed
  name ``s:``, and ``1SERVICE`` as ``1`` then ``SERVICE``. So any bare word and
  any prefix (the part before ``:``) *containing* ``service`` is refused.
* **``<`` is an IRI or the less-than operator, by context.** In
  ``FILTER(?a<2)SERVICE#>`` the span ``<2)SERVICE#>`` looks like an IRI, but a
  parser reads ``<`` as an operator, ``SERVICE`` as the keyword and ``#>`` as a
  comment. The scan follows both readings wherever they can differ: only when
  the span holds ``#`` or ``'`` (which start a comment or a string in the
  operator reading) and no ``//`` before them (``//`` is never valid outside an
  IRI, so ``<http://…#x>`` has one reading). It keeps a set of positions to
  resume scanning from, each visited once: linear time, no recursion.
* **``\\#`` and ``\\'`` are escapes inside a prefixed name** (``ex:a\\#b``), so a
  ``#`` or ``'`` after a backslash is read both as a comment/string start and
  as part of a name.
* **``\\uXXXX`` escapes are expanded before parsing** (SPARQL 1.1 §19.2; both
  Oxigraph and rdflib do it): ``\\u0053ERVICE`` is ``SERVICE``. A text holding
  such escapes is scanned as written and once per way the parsers expand them.

A text that trips the scan is refused even where a parser would have rejected
it anyway; a false alarm is a prefix or word containing ``service`` (rename it)
or a relative IRI such as ``<service#x>``.

Update keywords (``INSERT``, ``DELETE``, ``LOAD``, ``CLEAR``, ``CREATE``,
``DROP``, ``COPY``, ``MOVE``, ``ADD``, ``WITH``) are matched as whole words:
they are refused for the error message's sake — a query API
(``Store.query``, ``Graph.query``) does not run an update anyway.

The same check bounds the text before any parser (or Python recursion) sees it
(:func:`innokg.sparql.syntax.check_size`, :func:`~innokg.sparql.syntax.check_nesting`):
at most :data:`~innokg.sparql.syntax.MAX_QUERY_BYTES` bytes, brackets nested at most
:data:`~innokg.sparql.syntax.MAX_NESTING` deep, at most
:data:`~innokg.sparql.syntax.MAX_PATTERNS` triple patterns and groups and
:data:`~innokg.sparql.syntax.MAX_OPERATORS` path and expression operators (both
parsers are recursive and crash on a few thousand levels or chained operators;
Oxigraph's planner takes seconds for a few hundred patterns). All are counted by
regular-expression scans in linear time.

References
----------
.. [1] W3C, "SPARQL 1.1 Query Language", W3C Recommendation, 2013, §19.2
   (codepoint escapes), §19.5 (IRI references), §19.8 (grammar), and
   "SPARQL 1.1 Federated Query" (SERVICE).
"""

from __future__ import annotations

import bisect
import functools
import re

from innokg.errors import QueryError
from innokg.sparql.syntax import MAX_NESTING, MAX_QUERY_BYTES, check_nesting, check_size, nesting

__all__ = ["FORMS", "UPDATES", "QueryRefused", "check_query"]

#: query forms, in the words that start them
FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
#: words that start (or belong only to) a SPARQL 1.1 Update operation
UPDATES = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")


class QueryRefused(QueryError):
    """A query asks for something innokg does not do: ``SERVICE``, or an update where a read is meant.

    ``kind`` is ``"service"`` or ``"update"`` (the server adds ``"dataset"`` for
    a graph name it does not serve); ``operations`` names the update keywords
    found (``("LOAD",)``), empty otherwise.
    """

    def __init__(self, message: str, *, kind: str, operations: tuple[str, ...] = (), where: str | None = None,
                 hint: str | None = None):
        super().__init__(message, where=where, hint=hint)
        self.kind = kind
        self.operations = operations


_IRI_BODY = r'[^<>"{}|^`\\\x00-\x20]*'
# the places where the reading can change, in one pattern (first match wins, as in the
# parsers): strings (long forms first), an IRI, a comment sign, an unclosed quote.
# A '<' that cannot open an IRI is the less-than operator and is read on as code.
_LEX = re.compile(r"""(?=[#'"<])  # (a first-character test lets the search skip plain code fast)
                     (?P<string>'\'\'(?:[^'\\]|\\.|'(?!''))*'\'\'|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                      |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")"""
                  rf"|<(?P<iri>{_IRI_BODY})>|(?P<comment>\#)|(?P<quote>['\"])", re.DOTALL | re.VERBOSE)
_COMMENT_OR_QUOTE = re.compile("[#']")
_NAME = r"\w\-\u00b7\u0300-\u036f\u203f\u2040"
# one token of code: variable, language tag, blank node, prefixed name, bare word.
# '.' is left out of names on purpose: a name is cut at a dot, so "?o.SERVICE" and
# "ex:o.SERVICE" both show the bare word SERVICE (the second a false alarm at worst)
_TOKEN = re.compile(rf"[?$][{_NAME}]*|@[A-Za-z][A-Za-z0-9-]*|_:[{_NAME}]*"
                    rf"|(?P<prefix>[^\W\d_][{_NAME}]*)?:(?:[{_NAME}:%]|\\[^\s])*|(?P<word>\w+)")
# a segment of code is tokenised only if one of these starts in it (most segments hold
# none); searched once per text, in its ASCII-lowercased copy (same length, same offsets)
_CANDIDATE = re.compile("|".join(w.lower() for w in ("SERVICE",) + FORMS + UPDATES))
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_FORMS = frozenset(FORMS)
_UPDATES = frozenset(UPDATES)
# how parsers expand codepoint escapes: the spec (and Oxigraph), and rdflib's variant
_ESCAPES = (re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})"),
            re.compile(r"\\u([0-9a-f]{4}(?:[0-9a-f]{4})?)", re.IGNORECASE))


def _expand(text: str, pattern: re.Pattern) -> str:
    """``text`` with the escapes ``pattern`` finds replaced by their characters (bad code points kept)."""
    parts = pattern.split(text)  # text, then each escape's groups, then text …
    step = pattern.groups + 1
    chars: dict[str, str] = {}
    out = []
    for k in range(0, len(parts), step):
        out.append(parts[k])
        digits = next((g for g in parts[k + 1:k + step] if g), None)
        if digits is not None:
            if digits not in chars:
                try:
                    chars[digits] = chr(int(digits, 16))
                except (ValueError, OverflowError):
                    chars[digits] = ("\\U" if len(digits) == 8 else "\\u") + digits
            out.append(chars[digits])
    return "".join(out)


def _views(text: str) -> list[str]:
    """The text as written, and as each parser sees it after expanding ``\\u`` escapes."""
    views = [text]
    if "\\u" in text or "\\U" in text:
        for pattern in _ESCAPES:
            expanded = _expand(text, pattern)
            if expanded not in views:
                views.append(expanded)
    return views


def _two_readings(iri_body: str) -> bool:
    """Whether ``<iri_body>`` may also be read as ``<`` operator, code, ``>``, with a different outcome.

    Only a ``#`` or ``'`` (a comment or a string in the operator reading) makes the
    readings differ, and only if no ``//`` comes before it (never valid in code).
    """
    m = _COMMENT_OR_QUOTE.search(iri_body)
    return m is not None and iri_body.find("//", 0, m.start()) < 0


class _Scan:
    """Words found in the code of one text: first SERVICE, first form, update keywords."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.candidates = [m.start() for m in _CANDIDATE.finditer(text.translate(_ASCII_LOWER))]
        self.service: tuple[int, str] | None = None
        self.form: tuple[int, str] | None = None
        self.updates: dict[str, int] = {}
        self.hidden_depth = 0  # brackets inside spans read as IRIs in one reading, code in the other

    def words(self, start: int, end: int) -> None:
        """Look at the words of the code between ``start`` and ``end``."""
        k = bisect.bisect_left(self.candidates, start)
        if k == len(self.candidates) or self.candidates[k] >= end:
            return
        for m in _TOKEN.finditer(self.text, start, end):
            word = m.group("word") or m.group("prefix")
            if not word:
                continue
            up = word.upper()
            if "SERVICE" in up:
                if self.service is None or m.start() < self.service[0]:
                    self.service = (m.start(), m.group(0))
            elif m.group("word"):
                if up in _FORMS:
                    if self.form is None or m.start() < self.form[0]:
                        self.form = (m.start(), up)
                elif up in _UPDATES and (up not in self.updates or m.start() < self.updates[up]):
                    self.updates[up] = m.start()


def _scan(text: str) -> _Scan:
    """Read ``text`` in every way a parser may tokenise it; no recursion, each start once.

    ``todo`` holds positions where code starts in some reading; a reading runs on
    from special place to special place until it meets a position already read.
    """
    found = _Scan(text)
    n = len(text)
    seen: set[int] = set()
    todo = [0]
    newlines: list[int] | None = None  # offsets of the line ends (CR or LF), found at the first comment
    while todo:
        pos = todo.pop()
        while pos < n and pos not in seen:
            seen.add(pos)
            m = _LEX.search(text, pos)
            if m is None:
                found.words(pos, n)
                break
            i = m.start()
            if i > pos:
                found.words(pos, i)
            kind = m.lastgroup
            if kind == "iri":
                pos = m.end()
                body = m.group("iri")
                if _two_readings(body):
                    found.hidden_depth = max(found.hidden_depth, body.count("(") + body.count("["))
                    todo.append(i + 1)  # '<' as less-than, the body as code
                continue
            if i > 0 and text[i - 1] == "\\" and text[i] in "#'":
                todo.append(i + 1)  # ex:a\#b, ex:a\'b: part of a prefixed name
            if kind == "comment":
                if newlines is None:  # a comment ends at CR or LF (SPARQL 1.1 §19.4; Oxigraph does so)
                    newlines = [nl.start() for nl in re.finditer("[\r\n]", text)]
                k = bisect.bisect_left(newlines, i)
                pos = newlines[k] + 1 if k < len(newlines) else n
            else:  # a string, or an unclosed quote (a parser fails there; read on)
                pos = m.end()
    return found


def _position(text: str, i: int) -> str:
    line = text.count("\n", 0, i) + 1
    return f"{line}:{i - (text.rfind(chr(10), 0, i) + 1) + 1}"


#: Texts up to this many characters that passed the check are remembered (the last :data:`CHECKED_TEXTS` of
#: them, at most ~16 MB): a library query, a shape's query or a client's repeated text is scanned once, not on
#: every run (the scan of a 7 KB library query takes about 3 ms, more than a small query's own time).
CACHED_CHARS = 16_384
CHECKED_TEXTS = 256


def check_query(text: str, *, where: str, update: bool = False, remote: bool = False,
                max_bytes: int = MAX_QUERY_BYTES) -> str:
    """Refuse SERVICE anywhere, updates unless ``update``, and texts too big to parse; return the query's form.

    Parameters
    ----------
    text : str
        The SPARQL text, as it will be handed to the engine.
    where : str
        Where it comes from (``queries/x.rq``, ``shapes/y.ttl``, ``query``); errors
        name ``where:line:column``.
    update : bool
        ``True`` where the text is meant as a SPARQL Update (then ``"UPDATE"`` is
        returned for it); ``False`` (the default) where only a read is meant.
    remote : bool
        ``True`` for a text innokg sends to a SPARQL endpoint elsewhere
        (``innokg sparql --endpoint``), which runs it itself: ``SERVICE`` is then
        that endpoint's business and is let through; updates are still refused
        unless ``update``. ``False`` (the default) wherever innokg runs the text.
    max_bytes : int
        Longest text accepted (UTF-8 bytes).

    Returns
    -------
    str
        ``"SELECT"``, ``"ASK"``, ``"CONSTRUCT"`` or ``"DESCRIBE"`` (the first form
        keyword), or ``"UPDATE"``.

    Raises
    ------
    QueryRefused
        ``SERVICE`` (or a word a parser reads as ``SERVICE``), or an update where
        a read is meant.
    QueryError
        A text too long, with too many triple patterns or operators (see
        :func:`innokg.sparql.syntax.check_size`), brackets nested too deep, or a text with no query form (reported as the
        parser's syntax error, with line and column).

    Examples
    --------
    >>> check_query("SELECT * WHERE { ?s ?p ?o }", where="q.rq")
    'SELECT'
    >>> check_query("# SERVICE in a comment\\nASK { ?s <http://x/SERVICE> 'SERVICE' }", where="q.rq")
    'ASK'
    >>> check_query("SELECT * { ?s ?p ?o FILTER EXISTS { SELECT * { service silent <http://127.0.0.1:1/> "
    ...             "{ ?s ?p ?o } } } }", where="q.rq")
    Traceback (most recent call last):
    ...
    innokg.sparql.guard.QueryRefused: [ERROR] [q.rq:1:48] SERVICE is refused: innokg makes no outbound requests (remove the SERVICE clause: innokg queries local data only)
    >>> check_query("LOAD <file:///etc/passwd>", where="q.rq")
    Traceback (most recent call last):
    ...
    innokg.sparql.guard.QueryRefused: [ERROR] [q.rq:1:1] updates (LOAD) are refused: only queries are run here (use SELECT, ASK, CONSTRUCT or DESCRIBE)
    >>> check_query("INSERT DATA { <http://x/a> <http://x/b> 1 }", where="u.ru", update=True)
    'UPDATE'
    >>> check_query("SELECT * { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }", where="q.rq",
    ...             remote=True)
    'SELECT'
    """
    if len(text) <= CACHED_CHARS:  # a refusal is not remembered (it raises), so it is given again in full each time
        return _checked(text, where, update, remote, max_bytes)
    return _check(text, where, update, remote, max_bytes)


@functools.lru_cache(maxsize=CHECKED_TEXTS)
def _checked(text: str, where: str, update: bool, remote: bool, max_bytes: int) -> str:
    return _check(text, where, update, remote, max_bytes)


def _check(text: str, where: str, update: bool, remote: bool, max_bytes: int) -> str:
    check_nesting(text, where)  # deeper nesting crashes the recursive parsers
    check_size(text, where, max_bytes)  # long chains crash the parsers or take minutes to plan
    views = _views(text)
    scans = [_scan(v) for v in views]
    for view, scan in zip(views, scans):
        if view is not text:
            check_nesting(view, where)
            check_size(view, where, max_bytes)
        if scan.hidden_depth and nesting(view)[0] + scan.hidden_depth > MAX_NESTING:
            raise QueryError(f"the query may nest brackets more than {MAX_NESTING} levels deep "
                             "(inside a span that reads as an IRI or as code)", where=where,
                             hint="flatten the query")
    for view, scan in zip(views, scans):
        if scan.service is not None and not remote:
            at, token = scan.service
            if token.upper() == "SERVICE":
                hint = "remove the SERVICE clause: innokg queries local data only"
            else:
                hint = (f"'{token}' reads as the keyword SERVICE to the SPARQL parser, which needs no space "
                        "after a keyword; rename it, or remove the SERVICE clause")
            raise QueryRefused("SERVICE is refused: innokg makes no outbound requests", kind="service",
                               where=f"{where}:{_position(view, at)}", hint=hint)
    first = scans[0]
    updates = {}
    for scan in scans:
        for word, at in scan.updates.items():
            updates.setdefault(word, at)
    if updates and not update:
        ops = tuple(sorted(updates, key=updates.get))
        view = views[next(k for k, s in enumerate(scans) if s.updates)]
        raise QueryRefused(f"updates ({', '.join(ops)}) are refused: only queries are run here", kind="update",
                           operations=ops, where=f"{where}:{_position(view, min(updates.values()))}",
                           hint="use SELECT, ASK, CONSTRUCT or DESCRIBE")
    if updates:
        return "UPDATE"
    form = first.form or next((s.form for s in scans if s.form), None)
    if form is None:  # no query at all: the error a parser gives, with line and column
        from innokg.sparql.syntax import syntax_error

        raise syntax_error(text, SyntaxError("no SELECT, ASK, CONSTRUCT or DESCRIBE"), where)
    return form[1]
