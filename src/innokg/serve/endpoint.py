"""A read-only SPARQL 1.1 query service that is safe to expose.

* Every query passes innokg's one query guard,
  :func:`innokg.sparql.guard.check_query`, before it runs: updates (``INSERT``,
  ``DELETE``, ``LOAD``, ``CLEAR`` …) are refused, and so is ``SERVICE`` anywhere
  in the query — Oxigraph, which runs it, *does* execute ``SERVICE`` and would
  open a connection to any host the query names. The guard is a lexical scan
  with bounded size, nesting, patterns and operators, so no query can crash the
  check or the parser behind it; Oxigraph parses the query as it runs it (a
  syntax error is a 400). Dataset clauses or protocol graph parameters that name
  anything but an http(s) IRI (``FROM <file:…>``) are refused too (Oxigraph has
  no loader, so such a clause would read no file; the refusal says so early), and
  a graph parameter that is no IRI at all is a 400.
* The dataset follows the SPARQL 1.1 Protocol (§2.1.4) and Query (§13.2):
  ``default-graph-uri``/``named-graph-uri`` replace the query's ``FROM``/``FROM
  NAMED``; either one alone leaves the other part empty. Only when neither the
  request nor the query names a dataset is the default graph the union of all
  graphs (so that ``{ ?s ?p ?o }`` sees the whole graph) and every graph a named graph.
* Queries run in worker processes (:class:`QueryPool`), each with its own copy of
  the store. A query still running at the time limit is stopped by killing its
  worker, which is replaced, so the server keeps serving.
* Results are cut at a row (or triple) cap; a cut result says so in the
  ``Innokg-Result-Truncated`` response header and, for JSON and XML results,
  in the ``link`` element of the results' head.
* Results are written as SPARQL 1.1 JSON, XML, CSV and TSV; CONSTRUCT and DESCRIBE
  results as Turtle, N-Triples, JSON-LD or RDF/XML.

References
----------
.. [1] W3C, "SPARQL 1.1 Protocol", W3C Recommendation, 2013.
.. [2] W3C, "SPARQL 1.1 Query Results JSON Format", "… XML Format" (2nd ed.) and
   "… CSV and TSV Formats", W3C Recommendations, 2013.
"""

from __future__ import annotations

import csv
import io
import json
import multiprocessing
import os
import queue
import re
import threading
import time
from dataclasses import dataclass
from json.encoder import encode_basestring as _json_str
from xml.sax.saxutils import escape as xml_escape, quoteattr

import pyoxigraph as ox

from innokg.errors import QueryError
from innokg.sparql.guard import QueryRefused, check_query
from innokg.sparql.syntax import dataset_clauses, syntax_error

__all__ = [
    "QueryPool",
    "QueryRefused",
    "check_graph_iris",
    "INLINE_ROWS",
    "bounded_query",
    "check_request",
    "execute",
    "SELECT_TYPES",
    "GRAPH_TYPES",
    "TRUNCATED_HEADER",
]

#: media type -> result format for SELECT and ASK, in the server's order of preference
SELECT_TYPES = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
}
#: media type -> pyoxigraph format for CONSTRUCT and DESCRIBE
GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "text/plain": ox.RdfFormat.N_TRIPLES,
}
#: ``format=`` shortcuts of the query page and of curl users
FORMAT_ALIASES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                  "csv": "text/csv", "tsv": "text/tab-separated-values", "turtle": "text/turtle",
                  "ttl": "text/turtle", "nt": "application/n-triples", "ntriples": "application/n-triples",
                  "jsonld": "application/ld+json", "json-ld": "application/ld+json", "rdfxml": "application/rdf+xml",
                  "rdf+xml": "application/rdf+xml", "n3": "text/turtle"}
TRUNCATED_HEADER = "Innokg-Result-Truncated"
_SAFE_GRAPH = re.compile(r"^https?://", re.I)
_FROM = re.compile("from", re.I)


def _dataset(text: str) -> list[tuple[str, str]]:
    """:func:`~innokg.sparql.syntax.dataset_clauses`, skipped for the many texts without the word ``FROM`` at all."""
    return dataset_clauses(text) if _FROM.search(text) else []


@dataclass
class Outcome:
    """What a worker answers: an HTTP status, a body and its type, and notes."""

    status: int
    body: bytes
    content_type: str = "text/plain; charset=utf-8"
    truncated: bool = False
    count: int = 0


def _endpoint_words(exc: QueryRefused) -> QueryRefused:
    """The guard's refusal in the words of an endpoint."""
    if exc.kind == "service":
        return QueryRefused("SERVICE is refused: this endpoint makes no outbound requests", kind="service",
                            where="query")
    return QueryRefused(f"updates ({', '.join(exc.operations)}) are refused: this endpoint is read-only",
                        kind="update", operations=exc.operations, where="query")


def check_graph_iris(graphs, where: str = "default-graph-uri/named-graph-uri") -> None:
    """Refuse protocol graph parameters that are not IRIs (400) or not http(s) IRIs (403).

    Examples
    --------
    >>> check_graph_iris(["https://w3id.org/innokg/graph/a"])
    >>> check_graph_iris(["http://a b>"])
    Traceback (most recent call last):
    ...
    innokg.errors.QueryError: [ERROR] [default-graph-uri/named-graph-uri] 'http://a b>' is not an absolute IRI: Invalid IRI code point ' ' (send the graph's full IRI, percent-encoded once)
    """
    for g in graphs:
        try:
            ox.NamedNode(g)
        except (ValueError, TypeError) as exc:
            shown = g if len(g) <= 80 else g[:80] + "…"
            raise QueryError(f"{shown!r} is not an absolute IRI: {exc}", where=where,
                             hint="send the graph's full IRI, percent-encoded once") from None
        if not _SAFE_GRAPH.match(g):
            raise QueryRefused(f"graph {g} is refused: only http(s) graph names are allowed", kind="dataset",
                               where=where)


def check_request(text: str, graphs: list[str] = (), *, max_bytes: int = 256 * 1024) -> str:
    """Check a query sent to the endpoint, and return its form; raise if it must not run.

    The query passes :func:`innokg.sparql.guard.check_query` (the one guard: no
    SERVICE, no update, bounded size, nesting, patterns and operators), then a
    look at its dataset: only http(s) graph names, in ``FROM``/``FROM NAMED``
    (found by :func:`innokg.sparql.syntax.dataset_clauses`, a lexical scan) and
    in ``graphs`` (the protocol's ``default-graph-uri``/``named-graph-uri``,
    which must be absolute IRIs). No parser runs here: Oxigraph parses the query
    when it runs it, and its syntax errors are answered with 400.

    Returns ``"SELECT"``, ``"ASK"``, ``"CONSTRUCT"`` or ``"DESCRIBE"``.

    Raises
    ------
    QueryRefused
        An update, a SERVICE call, or a dataset IRI that is not http(s) (HTTP 403);
        its message speaks of "this endpoint".
    QueryError
        A text too big or nested too deep, a graph parameter that is not an IRI,
        or no query form (HTTP 400).

    Examples
    --------
    >>> check_request("SELECT * WHERE { ?s ?p ?o } LIMIT 1")
    'SELECT'
    >>> check_request("SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    innokg.sparql.guard.QueryRefused: [ERROR] [query] SERVICE is refused: this endpoint makes no outbound requests
    >>> check_request("LOAD <file:///etc/passwd>")
    Traceback (most recent call last):
    ...
    innokg.sparql.guard.QueryRefused: [ERROR] [query] updates (LOAD) are refused: this endpoint is read-only
    """
    try:
        form = check_query(text, where="query", max_bytes=max_bytes)
    except QueryRefused as exc:
        raise _endpoint_words(exc) from None
    for _, iri in _dataset(text):
        if not _SAFE_GRAPH.match(iri):
            raise QueryRefused(f"dataset IRI {iri} is refused: only http(s) graph names are allowed",
                               kind="dataset", where="query")
    check_graph_iris(graphs)
    return form


# -- result writers ----------------------------------------------------------------
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _json_term(t) -> str:
    """One RDF term as a SPARQL JSON results object, written as ``json.dumps(..., ensure_ascii=False)`` writes it.

    The text is put together here, with the JSON string encoder of the standard library (in C), rather than by
    building a dict per term for ``json.dumps``: for a small result that was most of the time spent writing it.
    """
    cls = type(t)
    if cls is ox.NamedNode:
        return '{"type": "uri", "value": ' + _json_str(t.value) + "}"
    if cls is ox.Literal:
        value = _json_str(t.value)
        if t.language:
            return '{"type": "literal", "value": ' + value + ', "xml:lang": ' + _json_str(t.language) + "}"
        dt = t.datatype.value
        if dt != XSD_STRING:
            return '{"type": "literal", "value": ' + value + ', "datatype": ' + _json_str(dt) + "}"
        return '{"type": "literal", "value": ' + value + "}"
    if cls is ox.BlankNode:
        return '{"type": "bnode", "value": ' + _json_str(t.value) + "}"
    return '{"type": "triple", "value": ' + _json_str(str(t)) + "}"


def _xml_term(t) -> str:
    if isinstance(t, ox.NamedNode):
        return f"<uri>{xml_escape(t.value)}</uri>"
    if isinstance(t, ox.BlankNode):
        return f"<bnode>{xml_escape(t.value)}</bnode>"
    if isinstance(t, ox.Literal):
        if t.language:
            return f"<literal xml:lang={quoteattr(t.language)}>{xml_escape(t.value)}</literal>"
        if t.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(t.datatype.value)}>{xml_escape(t.value)}</literal>"
        return f"<literal>{xml_escape(t.value)}</literal>"
    return f"<literal>{xml_escape(str(t))}</literal>"


def _csv_value(t) -> str:
    if t is None:
        return ""
    if isinstance(t, ox.BlankNode):
        return "_:" + t.value
    return t.value if isinstance(t, (ox.NamedNode, ox.Literal)) else str(t)


def write_select(variables: list[str], rows: list[list], fmt: str, notice: str | None) -> bytes:
    """SELECT results in ``json``, ``xml``, ``csv`` or ``tsv`` (W3C result formats).

    Examples
    --------
    >>> rows = [[ox.NamedNode("http://x/a"), ox.Literal("b", language="de")]]
    >>> write_select(["s", "l"], rows, "tsv", None).decode()
    '?s\\t?l\\n<http://x/a>\\t"b"@de\\n'
    >>> write_select(["s", "l"], rows, "csv", None).decode()
    's,l\\r\\nhttp://x/a,b\\r\\n'
    >>> write_select(["s", "l"], rows, "json", None).decode()
    '{"head": {"vars": ["s", "l"]}, "results": {"bindings": [{"s": {"type": "uri", "value": "http://x/a"}, "l": {"type": "literal", "value": "b", "xml:lang": "de"}}]}}'
    """
    if fmt == "json":  # the bytes of json.dumps({"head": …, "results": …}, ensure_ascii=False), written directly
        names = [_json_str(v) + ": " for v in variables]
        head = '{"head": {"vars": [' + ", ".join(_json_str(v) for v in variables) + "]"
        if notice:
            head += ', "link": [' + _json_str(notice) + "]"
        bindings = ", ".join("{" + ", ".join([n + _json_term(t) for n, t in zip(names, row) if t is not None]) + "}"
                             for row in rows)
        return (head + '}, "results": {"bindings": [' + bindings + "]}}").encode("utf-8")
    if fmt == "xml":
        out = ['<?xml version="1.0" encoding="utf-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">',
               "<head>", *(f"<variable name={quoteattr(v)}/>" for v in variables)]
        if notice:
            out.append(f"<link href={quoteattr(notice)}/>")
        out += ["</head>", "<results>"]
        for row in rows:
            out.append("<result>" + "".join(f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                                            for v, t in zip(variables, row) if t is not None) + "</result>")
        out += ["</results>", "</sparql>", ""]
        return "\n".join(out).encode("utf-8")
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(variables)
        for row in rows:
            w.writerow([_csv_value(t) for t in row])
        return buf.getvalue().encode("utf-8")
    if fmt == "tsv":
        lines = ["\t".join("?" + v for v in variables)]
        lines += ["\t".join("" if t is None else str(t) for t in row) for row in rows]
        return ("\n".join(lines) + "\n").encode("utf-8")
    raise ValueError(fmt)


def _ask_body(value: bool, fmt: str) -> bytes:
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}).encode()
    if fmt == "xml":
        return ('<?xml version="1.0" encoding="utf-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"<head/><boolean>{str(value).lower()}</boolean></sparql>\n").encode()
    return (("_askResult\r\n" if fmt == "csv" else "?_askResult\n") + str(value).lower() + "\n").encode()


_ASK_BODIES = {(v, f): _ask_body(v, f) for v in (True, False) for f in ("json", "xml", "csv", "tsv")}


def write_ask(value: bool, fmt: str) -> bytes:
    """ASK result in ``json`` or ``xml`` (csv/tsv: the word, as most endpoints do).

    Examples
    --------
    >>> write_ask(True, "json")
    b'{"head": {}, "boolean": true}'
    """
    return _ASK_BODIES[bool(value), fmt]


def execute(store: ox.Store, job: dict, *, give_up_after: int | None = None) -> Outcome | None:
    """Check and run one query job on ``store``; never raises for a bad query.

    ``job`` keys: ``query``, ``accept`` (header), ``format`` (alias or None),
    ``default_graphs``, ``named_graphs`` (IRIs), ``limit`` (row cap), ``notice`` (URL),
    and ``form`` when the server has already passed the text through
    :func:`check_request` (then the check is not repeated).

    With ``give_up_after`` (used for :func:`bounded_query` texts run in the
    server's own thread), ``None`` is returned as soon as the result holds more
    than that many rows: such a result goes to a worker process instead.
    """
    query = job["query"]
    defaults, named = job.get("default_graphs") or [], job.get("named_graphs") or []
    form = job.get("form")
    if form is None:
        try:
            form = check_request(query, [*defaults, *named], max_bytes=int(job.get("max_bytes", 256 * 1024)))
        except QueryRefused as exc:
            return Outcome(403, exc.message.encode())
        except QueryError as exc:
            return Outcome(400, f"{exc.message} ({exc.where})".encode())
    fmt_param = (job.get("format") or "").strip()
    # format=… (as SPARQLWrapper and many endpoints use it) wins over Accept; unknown values are ignored
    accept = FORMAT_ALIASES.get(fmt_param.lower()) or (fmt_param if "/" in fmt_param else None) \
        or job.get("accept")
    offered = _GRAPH_OFFERED if form in ("CONSTRUCT", "DESCRIBE") else _SELECT_OFFERED
    media = _negotiated(accept, offered)
    if media is None:
        return Outcome(406, ("Not acceptable. This query's results are offered as: " + ", ".join(offered)).encode())
    kwargs: dict = {}
    if defaults or named:  # the protocol's dataset replaces the query's (SPARQL 1.1 Protocol §2.1.4)
        kwargs["default_graph"] = [ox.NamedNode(g) for g in defaults]
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in named]
    elif not _dataset(query):  # no dataset anywhere: the default graph is the union of all
        kwargs["use_default_graph_as_union"] = True
    limit = int(job.get("limit", 10000))
    cut = limit if give_up_after is None else min(limit, give_up_after)
    try:
        result = store.query(query, **kwargs)
        if form == "ASK":
            fmt = SELECT_TYPES[media]
            return Outcome(200, write_ask(bool(result), fmt), _CTYPES[media], count=1)
        if form == "SELECT":
            variables = [v.value for v in result.variables]
            width = range(len(variables))
            rows = []
            truncated = False
            for sol in result:
                if len(rows) >= cut:
                    if cut < limit:
                        return None  # more rows than an in-thread run may write: a worker's job
                    truncated = True
                    break
                rows.append([sol[i] for i in width])
            notice = job.get("notice") if truncated else None
            return Outcome(200, write_select(variables, rows, SELECT_TYPES[media], notice), _CTYPES[media],
                           truncated=truncated, count=len(rows))
        triples = []
        truncated = False
        for t in result:
            if len(triples) >= cut:
                if cut < limit:
                    return None
                truncated = True
                break
            triples.append(t)
        from innokg.publish.data import PREFIXES

        extra = {"prefixes": PREFIXES} if GRAPH_TYPES[media] == ox.RdfFormat.TURTLE else {}
        return Outcome(200, ox.serialize(triples, format=GRAPH_TYPES[media], **extra), _CTYPES[media],
                       truncated=truncated, count=len(triples))
    except SyntaxError as exc:  # Oxigraph's parser: "error at 3:5: expected …"; the message says where
        err = syntax_error(query, exc, "query")
        place = err.where.split(":")[1:] if err.where else []
        at = f" at line {place[0]}, column {place[1]}" if len(place) == 2 else ""
        return Outcome(400, _one_line(err.message + at).encode())
    except (OSError, ValueError, TypeError, RuntimeError) as exc:
        return Outcome(500, f"query failed: {_one_line(str(exc))}".encode())
    except MemoryError:
        return Outcome(500, b"query failed: out of memory (the worker's --memory-limit)")


_SELECT_OFFERED = list(SELECT_TYPES)
_GRAPH_OFFERED = list(GRAPH_TYPES)
_NEGOTIATED: dict = {}


_CTYPES = {m: m + "; charset=utf-8" for m in (*SELECT_TYPES, *GRAPH_TYPES)}


def _negotiated(accept, offered):
    """``negotiate(accept, offered)``, remembered for the few hundred Accept headers clients send."""
    key = (accept, offered is _GRAPH_OFFERED)
    try:
        return _NEGOTIATED[key]
    except KeyError:
        from innokg.publish.formats import negotiate

        media = negotiate(accept, offered)
        if len(_NEGOTIATED) < 512 and (accept is None or len(accept) <= 512):
            _NEGOTIATED[key] = media
        return media


# -- queries whose cost the text itself bounds ------------------------------------------
_IRI = r"<[^<>\"{}|^`\\\x00-\x20]*>"
_PNAME = r"(?:[A-Za-z][A-Za-z0-9_-]*)?:(?:[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?)?"
_VAR = r"[?$][A-Za-z0-9_]+"
_LITERAL = (r"(?:\"[^\"\\\r\n]*\"|'[^'\\\r\n]*')(?:@[A-Za-z]+(?:-[A-Za-z0-9]+)*|\^\^(?:" + _IRI + "|" + _PNAME
            + r"))?|[+-]?[0-9]+(?:\.[0-9]+)?")
_TERM = "(" + "|".join((_IRI, _PNAME, _VAR, _LITERAL, "a")) + ")"
_BOUNDED = re.compile(
    r"\s*(?:(?:PREFIX\s+(?:[A-Za-z][A-Za-z0-9_-]*)?:\s*" + _IRI + r"|BASE\s*" + _IRI + r")\s*)*"
    r"(ASK|SELECT\s*(?:\*|(?:" + _VAR + r"\s*)+))\s*(?:WHERE\s*)?\{\s*"
    + _TERM + r"\s+" + _TERM + r"\s+" + _TERM + r"\s*\.?\s*\}\s*(?:LIMIT\s+([0-9]{1,9})\s*)?",
    re.I | re.A)
#: most rows a bounded query may give in the server's own thread (more: a worker runs it)
INLINE_ROWS = 100


def bounded_query(text: str) -> bool:
    """Whether ``text`` is one triple pattern whose evaluation the text itself bounds.

    Such a query (``ASK``, or ``SELECT`` of variables or ``*``, over one triple
    pattern with no variable repeated, optionally ``LIMIT``; no ``FILTER``,
    ``OPTIONAL``, ``ORDER BY``, ``DISTINCT``, aggregate, path, ``OFFSET``, comment
    or dataset clause) is answered by one index scan of Oxigraph in which every
    entry read is one solution: the work for *n* rows is *n* index steps, so the
    server can run it in its own thread and stop it after :data:`INLINE_ROWS`
    rows, with no worker process to kill. Anything else — anything the pattern
    below does not match exactly — goes to a worker process, which the time limit
    can kill.

    Examples
    --------
    >>> bounded_query("ASK { <http://x/a> ?p ?o }")
    True
    >>> bounded_query("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?l WHERE { <http://x/a> rdfs:label ?l }")
    True
    >>> bounded_query("SELECT * WHERE { ?s ?p ?s }")  # a repeated variable filters: a scan of everything
    False
    >>> bounded_query("SELECT * WHERE { ?s ?p ?o . ?o ?q ?r }")
    False
    """
    if len(text) > 2048:
        return False
    m = _BOUNDED.fullmatch(text)
    if m is None:
        return False
    names = [t[1:] for t in m.group(2, 3, 4) if t[0] in "?$"]
    if len(names) != len(set(names)):
        return False
    limit = m.group(5)
    return limit is None or int(limit) <= INLINE_ROWS or m.group(1).upper() == "ASK"


def _one_line(message: str, limit: int = 300) -> str:
    line = " ".join(message.split())
    return line if len(line) <= limit else line[:limit] + "…"


# -- worker processes ------------------------------------------------------------------
def _worker_main(conn, data_path: str, memory_limit: int, parent_pid: int) -> None:  # pragma: no cover - child
    """Body of a worker process: load the store, then answer jobs until told to stop.

    While the store loads, the process's stderr points to /dev/null: running out of
    ``memory_limit`` there ends in a Python traceback or a Rust allocation abort that
    would only repeat, in many lines, the one line the server says ("no query worker
    could start …").
    """
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    try:
        if memory_limit:
            try:
                import resource

                resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
            except (ImportError, ValueError, OSError):
                pass
        from innokg.load.store import open_store, store_from_nquads

        # an on-disk store (serve --store) is opened read-only, shared by every worker; a file is loaded
        store = open_store(data_path)[0] if os.path.isdir(data_path) else store_from_nquads(data_path)
        execute(store, {"query": "ASK {}"})  # import and warm up before saying ready
    except BaseException as exc:  # noqa: BLE001 - said in one line by the server
        try:
            conn.send(f"failed: {type(exc).__name__}: {_one_line(str(exc), 120)}")
        finally:
            os._exit(1)
    os.dup2(saved, 2)
    os.close(saved)
    os.close(devnull)
    conn.send("ready")
    while True:
        if not conn.poll(1.0):
            if os.getppid() != parent_pid:
                return  # the server is gone: do not linger
            continue
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        try:
            out = execute(store, job)
        except Exception as exc:  # noqa: BLE001 - a bug: one line to the client, no traceback in the log
            out = Outcome(500, f"query failed: {type(exc).__name__}: {_one_line(str(exc))}".encode())
        conn.send(out)


class _Worker:
    def __init__(self, process, conn):
        self.process = process
        self.conn = conn

    def kill(self) -> None:
        try:
            self.process.kill()
            self.process.join(5)
        finally:
            self.conn.close()


class QueryPool:
    """Worker processes answering query jobs, each stopped if it passes the time limit.

    Parameters
    ----------
    data_path : str
        An N-Quads file every worker loads into its own store.
    size : int
        Number of workers (queries that run at once).
    time_limit : float
        Seconds a query may run; also how long a request waits for a free worker.
    """

    def __init__(self, data_path: str, size: int = 2, time_limit: float = 10.0,
                 memory_limit: int = 4 * 1024 ** 3) -> None:
        self.data_path = data_path
        self.time_limit = time_limit
        self.memory_limit = memory_limit
        self.ctx = multiprocessing.get_context("spawn")
        self.idle: queue.Queue = queue.Queue()
        self.closed = False
        self.kills = 0
        self.failure: str | None = None  # why the last worker that could not start did not
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        starters = [threading.Thread(target=self._spawn) for _ in range(max(1, size))]
        for t in starters:
            t.start()
        for t in starters:
            t.join()
        if self.idle.qsize() == 0:
            why = self.failure or "it stopped while loading the data"
            if memory_limit and ("Memory" in why or "stopped" in why):
                raise QueryError(f"no query worker could start within {memory_limit // 1024 ** 2} MiB of memory "
                                 f"({why})", where="--memory-limit",
                                 hint="raise --memory-limit; a worker needs a few hundred MiB and a copy of the data")
            raise QueryError(f"no query worker could start ({why})", where=data_path)

    def _spawn(self) -> None:
        parent, child = self.ctx.Pipe()
        p = self.ctx.Process(target=_worker_main, args=(child, self.data_path, self.memory_limit, os.getpid()),
                             daemon=True, name="innokg-query-worker")
        # none starts once the pool is closed, and one that was starting as it closed is stopped here (close()
        # has not seen it); the lock is not held while it starts, so that close() never waits for a start
        with self._lock:
            if self.closed:
                parent.close()
                child.close()
                return
        p.start()
        child.close()
        w = _Worker(p, parent)
        with self._lock:
            late = self.closed
            if not late:
                self._all.add(w)
        if late:
            w.kill()
            return
        try:
            answer = parent.recv() if parent.poll(120) else "failed: did not start within 120 s"
        except (EOFError, OSError):
            answer = None  # it died without a word (a native abort)
        if answer == "ready" and not self.closed:
            self.idle.put(w)
        else:
            self.failure = answer[len("failed: "):] if isinstance(answer, str) and answer.startswith("failed: ") \
                else None
            self._discard(w)

    def _discard(self, w: _Worker) -> None:
        """Stop ``w`` unless :meth:`close` has taken it (which stops it): each worker is stopped once, by one
        thread — two closed its pipe at once, and one of them got EBADF or closed a descriptor reused meanwhile."""
        with self._lock:
            mine = w in self._all
            self._all.discard(w)
        if mine:
            w.kill()

    def run(self, job: dict) -> Outcome:
        """Run a job; a 503 Outcome when it passes the time limit or no worker is free in time."""
        deadline = time.monotonic() + self.time_limit
        while True:
            try:
                w = self.idle.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                return Outcome(503, b"all query workers are busy; try again shortly")
            if w.process.is_alive():
                break
            self._replace(w)  # died while idle (killed from outside, out of memory): take another
        try:
            w.conn.send(job)
            if w.conn.poll(self.time_limit):
                out = w.conn.recv()
                self.idle.put(w)
                return out
        except (EOFError, OSError, BrokenPipeError):
            self._replace(w)
            return Outcome(500, b"the query worker stopped (out of memory?); the query was not answered")
        self.kills += 1
        self._replace(w)
        return Outcome(503, f"query stopped at the time limit of {self.time_limit:g} s".encode())

    def _replace(self, w: _Worker) -> None:
        """Kill a worker and start another in the background."""
        self._discard(w)
        if not self.closed:
            threading.Thread(target=self._spawn, daemon=True).start()

    def close(self) -> None:
        """Stop every worker."""
        with self._lock:
            self.closed = True
            workers = list(self._all)
            self._all.clear()
        for w in workers:
            try:
                w.conn.send(None)
            except (OSError, BrokenPipeError):
                pass
            w.kill()
