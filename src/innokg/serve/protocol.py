"""The ``/sparql`` route of ``innokg serve`` in plain WSGI: the SPARQL 1.1 Protocol's query operation.

A query request (``GET ?query=…``, ``POST`` of a form with ``query=…``, ``POST``
of ``application/sparql-query``) is read straight from the WSGI environment and
answered without the web framework (Flask routing, request and response objects
cost more than a small query itself); anything else sent to ``/sparql`` — no
query (the query page, the service description), an update, ``OPTIONS``, a
multipart form, a body past the size cap — goes on to the Flask application,
which answers it as before.

:class:`QueryAnswerer` is the one place that turns a query job into a response,
for this path and for Flask's route alike:

1. the guard (:func:`innokg.serve.endpoint.check_request`) runs in the HTTP
   thread, so a refused or malformed query (403, 400) never takes a worker;
2. the client's admission (:class:`innokg.serve.limits.QueryAdmission`: 429,
   503 with ``Retry-After``);
3. a query whose cost its text bounds (:func:`innokg.serve.endpoint.bounded_query`:
   one triple pattern, at most :data:`~innokg.serve.endpoint.INLINE_ROWS` rows)
   runs in the HTTP thread on the server's own store — no worker to kill is
   needed, since every index entry Oxigraph reads is a row and the run stops after
   that many rows; pyoxigraph 0.5 has no query timeout of its own
   (oxigraph/oxigraph#1926), so
4. every other query runs in a worker process that the time limit kills
   (:class:`innokg.serve.endpoint.QueryPool`).

A text that ran in the HTTP thread within :attr:`QueryAnswerer.QUICK_SECONDS` (and came without graph
parameters) is *quick*: the next request with it is answered by the server's I/O thread through the route's
``quick`` function, with the same answer and log line (see :func:`innokg.serve.limits.make_server`).

References
----------
.. [1] W3C, "SPARQL 1.1 Protocol", W3C Recommendation, 2013, §2.1 (query operation).
"""

from __future__ import annotations

import codecs
import io
import time
from http import HTTPStatus
from urllib.parse import parse_qs

from innokg.errors import QueryError
from innokg.serve.endpoint import (
    INLINE_ROWS, TRUNCATED_HEADER, Outcome, QueryPool, QueryRefused, bounded_query, check_request, execute,
)
from innokg.serve.limits import QueryAdmission, query_hash

__all__ = ["QueryAnswerer", "SECURITY_HEADERS", "lean_sparql_route"]

#: headers on every response of ``innokg serve``
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; "
                               "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'",
    "Referrer-Policy": "no-referrer",
    "Access-Control-Allow-Origin": "*",
}
_TEXT = "text/plain; charset=utf-8"
_FORM = "application/x-www-form-urlencoded"
_DIRECT = "application/sparql-query"
_STATUS = {s.value: f"{s.value} {s.phrase}" for s in HTTPStatus}


class QueryAnswerer:
    """Turns a query job into ``(status, headers, body)``: guard, admission, then a thread or a worker.

    Parameters
    ----------
    pool : QueryPool
        The worker processes (every query that :func:`bounded_query` does not accept).
    store : pyoxigraph.Store or None
        The same data as the workers', for bounded queries in the HTTP thread;
        ``None`` sends every query to a worker.
    result_limit : int
        The row cap.
    admission : QueryAdmission or None
        Per-client budgets; ``None``: every query waits for a worker.

    The guard's verdict on a query text it passed (its form, and whether the
    text bounds its cost) is remembered for the next request with the same text
    and no graph parameters: the guard is a pure function of the text, and the
    same few queries (the query page's examples, a client's polling) come again
    and again. At most :attr:`VERDICTS` texts of at most :attr:`VERDICT_CHARS`
    characters are kept (at most 4 M characters); when full, the memory starts over. A
    refused text is checked every time.
    """

    VERDICTS = 1024
    VERDICT_CHARS = 4096
    QUICK_SECONDS = 0.001

    #: texts whose last run in the HTTP thread took at most ``QUICK_SECONDS`` (and no graph parameters came
    #: with them): the server's data does not change while it serves, so the same text gives the same rows
    #: again, and the server may answer it in its I/O thread (:meth:`quick`)
    _quick: dict[str, None]

    def __init__(self, pool: QueryPool, store, *, result_limit: int, admission: QueryAdmission | None,
                 max_bytes: int) -> None:
        self.pool = pool
        self.store = store
        self.result_limit = result_limit
        self.admission = admission
        self.max_bytes = max_bytes
        self._verdicts: dict[str, tuple[str, bool]] = {}
        self._quick = {}

    def quick(self, query: str) -> bool:
        """Whether ``query`` (with no graph parameters) ran in the HTTP thread before, within ``QUICK_SECONDS``.

        Such a text may be answered in the server's I/O thread: its verdict is remembered and its run takes
        well under a millisecond (see :func:`innokg.serve.limits.make_server`).
        """
        return query in self._quick

    def answer(self, job: dict, client: str, environ: dict | None = None) -> tuple[int, list[tuple[str, str]], bytes]:
        """The response to ``job`` from ``client`` (its remote address).

        ``environ`` (the request's WSGI environment) receives ``innokg.ran``: ``thread``
        or ``worker``, where the query ran (the request log shows it).
        """
        graphs = [*job["default_graphs"], *job["named_graphs"]]
        query = job["query"]
        verdict = None if graphs else self._verdicts.get(query)
        if verdict is None:
            try:
                form = check_request(query, graphs, max_bytes=self.max_bytes)
            except QueryRefused as exc:
                return 403, [("Content-Type", _TEXT)], exc.message.encode()
            except QueryError as exc:
                return 400, [("Content-Type", _TEXT)], f"{exc.message} ({exc.where})".encode()
            verdict = (form, self.store is not None and not graphs and bounded_query(query))
            if not graphs and len(query) <= self.VERDICT_CHARS:
                if len(self._verdicts) >= self.VERDICTS:
                    self._verdicts = {}  # a new dict: threads still reading the old one are not disturbed
                self._verdicts[query] = verdict
        job["form"], bounded = verdict
        admission = self.admission
        if admission is not None:
            status, retry = admission.enter(client)
            if status is not None:
                text = ("too many queries from your address: wait, or send fewer at once\n" if status == 429
                        else "all query slots are busy; try again shortly\n")
                return status, [("Content-Type", _TEXT), ("Retry-After", str(retry))], text.encode()
        t = time.monotonic()
        try:
            out: Outcome | None = None
            if bounded:
                out = execute(self.store, job, give_up_after=INLINE_ROWS)
                ran = "thread"
                if out is not None and not graphs and len(query) <= self.VERDICT_CHARS and query not in self._quick:
                    if time.monotonic() - t <= self.QUICK_SECONDS:
                        if len(self._quick) >= self.VERDICTS:
                            self._quick = {}  # a new dict, as for the verdicts
                        self._quick[query] = None
            if out is None:
                out = self.pool.run(job)
                ran = "worker"
            if environ is not None:
                environ["innokg.ran"] = ran
        finally:
            if admission is not None:
                admission.leave(client, time.monotonic() - t)
        headers = [("Content-Type", out.content_type), ("Vary", "Accept")]
        if out.truncated:
            headers.append((TRUNCATED_HEADER, str(self.result_limit)))
        if out.status == 503 and b"busy" in out.body:  # a query past the time limit will not get faster
            headers.append(("Retry-After", "5"))
        return out.status, headers, out.body


def _host_url(environ) -> str:
    host = environ.get("HTTP_HOST")
    if not host:
        host = environ.get("SERVER_NAME", "localhost")
        port = environ.get("SERVER_PORT", "")
        if port and port not in ("80", "443"):
            host += ":" + port
    return f"{environ.get('wsgi.url_scheme', 'http')}://{host}/"


def _unquote_plus(part: str) -> str:
    """``urllib.parse.unquote_plus(part, errors="replace")``, decoded in C; ``ValueError`` for a stray ``%``.

    Every ``%XX`` becomes ``\\xXX`` for the byte-escape decoder of :mod:`codecs` (backslashes doubled first, so
    that they stay themselves); Python's own ``unquote`` loops over the escapes in Python, and a query sent as a
    form is mostly escapes.
    """
    if "%" not in part:
        return part.replace("+", " ")
    raw = part.encode("utf-8").replace(b"+", b" ").replace(b"\\", b"\\\\").replace(b"%", b"\\x")
    return codecs.escape_decode(raw)[0].decode("utf-8", "replace")


def _params(text: str) -> dict[str, list[str]]:
    """``parse_qs(text, keep_blank_values=True, errors="replace", max_num_fields=1000)``, faster for a query.

    Examples
    --------
    >>> _params("query=ASK+%7B%3Fs+%3Fp+%22%C3%A4%5C%22%7D&format=json&x")
    {'query': ['ASK {?s ?p "ä\\\\"}'], 'format': ['json'], 'x': ['']}
    """
    if text.count("&") >= 1000:
        return parse_qs(text, keep_blank_values=True, errors="replace", max_num_fields=1000)  # raises ValueError
    out: dict[str, list[str]] = {}
    try:
        for field in text.split("&"):
            if field:
                name, _, value = field.partition("=")
                out.setdefault(_unquote_plus(name), []).append(_unquote_plus(value))
    except ValueError:  # a "%" without two hex digits after it: Python's reading (kept as written)
        return parse_qs(text, keep_blank_values=True, errors="replace", max_num_fields=1000)
    return out


def lean_sparql_route(app, answerer: QueryAnswerer, *, result_limit: int, max_bytes: int):
    """WSGI middleware answering query requests to ``/sparql`` itself; everything else goes to ``app``."""

    def route(environ, start_response):
        if environ.get("PATH_INFO") != "/sparql":
            return app(environ, start_response)
        method = environ.get("REQUEST_METHOD")
        try:
            args = _params(environ.get("QUERY_STRING", "")) if environ.get("QUERY_STRING") else {}
        except ValueError:  # more than 1,000 fields: not a query request this path answers; Flask's route does
            return app(environ, start_response)
        if method == "GET":
            query_list = args.get("query")
            form: dict[str, list[str]] = {}
        elif method == "POST":
            ctype = environ.get("CONTENT_TYPE", "").split(";", 1)[0].strip().lower()
            try:
                length = int(environ.get("CONTENT_LENGTH") or 0)
            except ValueError:
                return app(environ, start_response)
            if ctype not in (_FORM, _DIRECT) or not 0 < length <= max_bytes:
                return app(environ, start_response)
            body = environ["wsgi.input"].read(length)
            environ["wsgi.input"] = io.BytesIO(body)  # Flask can still read it if it answers after all
            if ctype == _DIRECT:
                form = {}
                query_list = [body.decode("utf-8", "replace")]
            else:
                try:
                    form = _params(body.decode("utf-8", "replace"))
                except ValueError:  # more than 1,000 fields: left to Flask's route, as above
                    return app(environ, start_response)
                query_list = form.get("query")
        else:
            return app(environ, start_response)
        if not query_list or not query_list[0] or "update" in args or "update" in form:
            return app(environ, start_response)  # the query page, the service description, a refused update
        query = query_list[0]
        if len(query.encode("utf-8")) > max_bytes:
            return app(environ, start_response)  # Flask's route answers 413
        environ["innokg.query_hash"] = query_hash(query)
        fmt = args.get("format") or form.get("format")
        job = {"query": query, "accept": environ.get("HTTP_ACCEPT"), "format": fmt[0] if fmt else None,
               "default_graphs": args.get("default-graph-uri", []) + form.get("default-graph-uri", []),
               "named_graphs": args.get("named-graph-uri", []) + form.get("named-graph-uri", []),
               "limit": result_limit, "notice": _host_url(environ) + "sparql#limits", "max_bytes": max_bytes}
        status, headers, body = answerer.answer(job, environ.get("REMOTE_ADDR") or "-", environ)
        headers += [*SECURITY_HEADERS.items(), ("Content-Length", str(len(body)))]
        start_response(_STATUS.get(status, f"{status} Error"), headers)
        return [body]

    def quick(method: str, query_string: str, content_type: str, body: bytes):
        """The answer to a query request the answerer found quick (:meth:`QueryAnswerer.quick`), or ``None``.

        For the server's I/O thread (:func:`innokg.serve.limits.make_server`): the request's method, query
        string, content type and body; returned, a function ``answer(client, host_url, accept)`` giving the
        status line, the headers, the body and the end of the request's log line (`` q=… ran=…``) — what
        :func:`route` answers to the same request, without a WSGI environment.
        """
        args = _params(query_string) if query_string else {}
        form: dict[str, list[str]] = {}
        if method == "GET":
            query_list = args.get("query")
        elif method == "POST":
            ctype = content_type.split(";", 1)[0].strip().lower()
            if ctype == _DIRECT:
                query_list = [body.decode("utf-8", "replace")]
            elif ctype == _FORM:
                form = _params(body.decode("utf-8", "replace"))
                query_list = form.get("query")
            else:
                return None
        else:
            return None
        if not query_list or "update" in args or "update" in form:
            return None
        for name in ("default-graph-uri", "named-graph-uri"):
            if name in args or name in form:
                return None
        query = query_list[0]
        if not answerer.quick(query):
            return None
        fmt = args.get("format") or form.get("format")

        def answer(client: str, host_url: str, accept: str | None):
            job = {"query": query, "accept": accept, "format": fmt[0] if fmt else None,
                   "default_graphs": [], "named_graphs": [], "limit": result_limit,
                   "notice": host_url + "sparql#limits", "max_bytes": max_bytes}
            facts: dict = {}
            status, headers, out = answerer.answer(job, client, facts)
            headers += [*SECURITY_HEADERS.items(), ("Content-Length", str(len(out)))]
            ran = facts.get("innokg.ran")
            return (_STATUS.get(status, f"{status} Error"), headers, out,
                    f" q={query_hash(query)}" + (f" ran={ran}" if ran else ""))

        return answer

    route.quick = quick
    return route
