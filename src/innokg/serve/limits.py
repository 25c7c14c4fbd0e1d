"""Fair shares for ``innokg serve``: slow clients, crowds and floods; and quick answers.

Four layers, each a small piece around Waitress and the query pool:

* **Connections** (:func:`make_server`). Waitress reads requests asynchronously in
  one thread and hands only *complete* requests to its worker threads, so a slow
  client never holds a thread; it holds a connection. Here a client (one remote
  address) may hold at most ``per_client`` connections (more are closed at once),
  the server at most ``connection_limit``, and a request must arrive whole
  (headers and body) within ``request_timeout`` seconds of its first byte, however
  steadily it trickles ("slow loris"); an idle keep-alive connection is closed
  after ``idle_timeout``.
* **SPARQL next to pages** (:class:`QueryAdmission`). At most ``slots`` HTTP
  threads may wait for or run a query at once, always fewer than the threads, so
  pages, documents and files never queue behind SPARQL; a query that finds no slot
  is answered at once (503, ``Retry-After``).
* **A lane for cheap requests** (:class:`LaneDispatcher`). Requests whose path the
  server marks as cheap (the explorer's search and facet pages, a few milliseconds
  each) are handed to threads of their own, never queued behind entity pages or
  SPARQL in the other threads; the other requests never take the lane's threads.
* **Per client** (:class:`QueryAdmission`). A client may run ``per_client``
  queries at once and spend ``budget`` seconds of query time in any
  ``window`` seconds (the Wikidata Query Service gives each client 60 s of query
  time per 60 s); past either it gets ``429 Too Many Requests`` with
  ``Retry-After`` (the seconds until its budget allows a query again). A client
  that sends another query before its ``Retry-After`` has passed is flooding: until
  that time its connections are held without being read (a "tarpit": no answer, no
  work, and the flooder's threads wait instead of asking again), up to its
  connection cap; then they are closed.

**Quick requests** (:func:`make_server`'s ``quick``). A query whose last run in an HTTP thread took well
under a millisecond (:meth:`innokg.serve.protocol.QueryAnswerer.quick`) is answered by Waitress's I/O thread
as soon as it has been read, without the hand-off to a task thread and the wake-up of the I/O thread after
it (two thread switches and a pipe write per request, the larger part of what Waitress added to a small
query), and without the WSGI layer; every other request goes to the task threads as before. The slow-client
protections above are untouched: the request is read, whole and within its deadline, by the same I/O loop. One
quick request per client is answered so in each round of the I/O loop: the client's others of that round (sent
from several connections at once) go to the task threads, where the per-client admission sees them overlap (429,
then the tarpit) as before; answered one after the other in the I/O thread, they never would.

A client is its remote address (``REMOTE_ADDR``); behind a reverse proxy every
client has the proxy's address, so give the proxy its own limits (the configs
``innokg publish`` writes do) or raise these.

:class:`RequestLog` writes one line per request: status, milliseconds, client,
method, path and, for a query, the first 12 hex digits of its SHA-256 (so that a
query can be found again without logging its text) and where it ran (``ran=thread``
for a query whose text bounds its cost, ``ran=worker`` for the rest; see
:mod:`innokg.serve.protocol`).

References
----------
.. [1] Wikimedia, "Wikidata Query Service/User Manual", §Query limits (60 s of
   processing time per 60 s per client; 429 with Retry-After when exceeded).
.. [2] R. Fielding, J. Reschke (eds.), "HTTP Semantics", RFC 9110, 2022,
   §10.2.3 (Retry-After); M. Nottingham, R. Fielding, "Additional HTTP Status
   Codes", RFC 6585, 2012, §4 (429).
"""

from __future__ import annotations

import functools
import hashlib
import math
import threading
import time
from collections import deque
from collections.abc import Callable

from waitress.adjustments import Adjustments
from waitress.channel import HTTPChannel
from waitress.server import TcpWSGIServer
from waitress.task import ThreadedTaskDispatcher, WSGITask
from waitress.utilities import build_http_date

__all__ = ["LaneDispatcher", "QueryAdmission", "RequestLog", "make_server", "query_hash"]


class _HeldWrites:
    """Stands in for a Waitress channel while a task writes its response header: keeps what is written."""

    def __init__(self, channel) -> None:
        self.channel = channel
        self.parts: list[bytes] = []

    def __getattr__(self, name):  # everything but write_soon is the channel's
        return getattr(self.channel, name)

    def write_soon(self, data) -> int:
        if data:
            self.parts.append(data)
        return len(data)


_CANONICAL: dict[str, str] = {}  # a header name as the application wrote it -> as Waitress writes it
_DATE: list[tuple[int, str]] = [(-1, "")]  # the second of the last Date header, and its value


def _canonical(name: str) -> str:
    """A header name as Waitress writes it (``content-type`` -> ``Content-Type``), remembered for the next time."""
    out = _CANONICAL.get(name)
    if out is None:
        out = "-".join([x.capitalize() for x in name.split("-")])
        if len(_CANONICAL) < 1024:
            _CANONICAL[name] = out
    return out


def _first(pair: tuple[str, str]) -> str:
    return pair[0]


class _OneSendTask(WSGITask):
    """Waitress's WSGI task, sending the response header with the first body chunk in one ``send``.

    Waitress sends the header and the body separately: two system calls, two TCP
    segments and two wake-ups of the client for a small answer. Here the header is
    held until the first chunk (or the end, for a response without a body) and
    both go to the channel together; the rest is Waitress's own ``write``.

    The header itself is Waitress's, byte for byte (``build_response_header``), built
    with less work for the common answer — HTTP/1.1, a body with its ``Content-Length``,
    no ``Date``, ``Server`` or ``Connection`` header from the application, no
    ``Connection: close`` from the client: the names' capitalisation is remembered,
    and the ``Date`` line is made once a second. Any other answer takes Waitress's
    own path.
    """

    def build_response_header(self):
        if self.version != "1.1" or not self.has_body:
            return super().build_response_header()
        headers = []
        length = False
        for name, value in self.response_headers:
            name = _canonical(name)
            if name in ("Date", "Server", "Connection"):
                return super().build_response_header()
            if name == "Content-Length":
                length = True
            headers.append((name, value))
        if not length or self.request.headers.get("CONNECTION", "").lower() == "close":
            return super().build_response_header()
        ident = self.channel.server.adj.ident
        if ident:
            headers.append(("Server", ident))
        second = int(self.start_time)
        when, date = _DATE[0]  # one pair, read and replaced whole: threads may race, never mix two seconds
        if when != second:
            date = build_http_date(second)
            _DATE[0] = (second, date)
        headers.append(("Date", date))
        headers.sort(key=_first)
        self.response_headers = headers
        return ("HTTP/1.1 " + self.status + "\r\n" + "".join([f"{k}: {v}\r\n" for k, v in headers])
                + "\r\n").encode("latin-1")

    def write(self, data):
        if self.wrote_header:
            return super().write(data)
        held = _HeldWrites(self.channel)
        self.channel = held
        try:
            super().write(data)
        finally:
            self.channel = held.channel
        if held.parts:
            self.channel.write_soon(held.parts[0] if len(held.parts) == 1 else b"".join(held.parts))


class _QuickTask(_OneSendTask):
    """The answer to a quick request (see :func:`make_server`), given by the channel's ``quick_answer``.

    No WSGI environment, ``start_response`` or middleware: the answer function gives the status line, the
    headers (with ``Content-Length``), the body and the end of the log line; the line (the request log's
    format, see :class:`RequestLog`) is written before the answer is sent, as the request log writes it.
    """

    def execute(self):
        t = time.perf_counter()
        channel, request = self.channel, self.request
        answer, channel.quick_answer = channel.quick_answer, None
        client = channel.addr[0] if isinstance(channel.addr, tuple) else "-"
        log = channel.server.quick_log
        try:
            status, headers, body, note = answer(client, f"{request.url_scheme}://{request.headers['HOST']}/",
                                                 request.headers.get("ACCEPT"))
        except Exception:
            # Waitress answers 500 and logs the traceback (channel.service); the request log still gets its line,
            # with the status "---", as RequestLog writes a request whose application raised
            if log is not None:
                log(f"[INFO] [serve] --- {(time.perf_counter() - t) * 1000:.1f} ms {client} {request.command} "
                    f"{request.path[:200]}")
            raise
        self.status = status
        self.response_headers = headers
        self.content_length = len(body)
        self.complete = True
        if log is not None:
            log(f"[INFO] [serve] {status.split(' ', 1)[0]} {(time.perf_counter() - t) * 1000:.1f} ms {client} "
                f"{request.command} {request.path[:200]}{note}")
        # header and body in one send straight from here when nothing is queued before them (the usual case);
        # what the socket does not take at once goes to the channel's buffer, as Waitress's own write does
        data = self.build_response_header()
        self.wrote_header = True
        if self.has_body:
            data += body
            self.content_bytes_written = len(body)
        with channel.outbuf_lock:
            if channel.connected and not channel.total_outbufs_len:
                sent = channel.send(data, do_close=False)
                if sent:
                    channel.last_activity = time.time()
                    data = data[sent:]
        if data:
            channel.write_soon(data)


class _TimedChannel(HTTPChannel):
    """A Waitress channel that knows when the request it is reading began (and sends each header with its body).

    A request the server found quick (:meth:`_FairServer.add_task`) is answered here, in the I/O thread, once
    Waitress has finished reading (it holds the channel's request lock while it hands a request on).
    """

    started: float | None = None
    tarpit = False  # held unread: its client is banned
    answer_here = False  # the request read last is quick: answered in the I/O thread
    quick_answer = None  # ... by this function (see make_server)
    # the thread in which Waitress is reading a request (the I/O thread; only then may a quick one be answered
    # here): a task thread that finishes the request before a pipelined one hands that one on (add_task) while the
    # I/O thread may still be in received() for the same channel, and must not take it for the I/O thread's
    reading: int | None = None

    def readable(self):
        return not self.tarpit and super().readable()

    def received(self, data):
        admission = getattr(self.server, "admission", None)
        if admission is not None and isinstance(self.addr, tuple) and admission.banned(self.addr[0]):
            self.tarpit = True  # a flooder that ignored Retry-After: no more answers on this connection
            return False
        self.reading = threading.get_ident()
        try:
            ok = super().received(data)
        finally:
            self.reading = None
        if self.request is None:
            self.started = None
        elif self.started is None:
            self.started = time.monotonic()
        if self.answer_here:
            self.answer_here = False
            # the next pipelined request, if any, is handed on by service() from this thread: to a task thread
            # (a quick request is answered here only when it is handed on while Waitress reads)
            self.service()
        return ok

    def task_class(self, channel, request):  # Waitress calls self.task_class(self, request) for each request
        return (_OneSendTask if self.quick_answer is None else _QuickTask)(channel, request)


class _FairServer(TcpWSGIServer):
    """Waitress's TCP server with a per-client connection cap, a whole-request deadline and quick requests.

    ``quick(method, query_string, content_type, body)`` (see :func:`make_server`) picks the requests to
    ``quick_path`` that are answered in the I/O thread instead of being handed to a task thread.
    """

    channel_class = _TimedChannel
    per_client = 32
    request_timeout = 10.0
    admission: QueryAdmission | None = None
    quick: Callable | None = None
    quick_log: Callable[[str], None] | None = None
    quick_path = "/sparql"
    # larger bodies and query strings are never quick, and are not read in the I/O thread to find out: decoding a
    # query string of Waitress's largest header (256 KB) full of stray "%" takes the I/O thread ~50 ms
    quick_body = 8192
    loop_thread: int | None = None
    # the clients the I/O thread has answered a quick request of in this round of its loop: one per client and round,
    # the client's other requests read in the same round go to the task threads, where the admission sees them
    # overlap (429, then the tarpit for a client that keeps on) as before the quick path
    quick_seen: set | None = None

    def readable(self):  # asked once a round of the I/O loop, before its select
        if self.quick_seen:
            self.quick_seen.clear()
        return super().readable()

    def run(self):
        self.loop_thread = threading.get_ident()
        super().run()

    def pull_trigger(self):
        if threading.get_ident() != self.loop_thread:  # the I/O thread itself needs no wake-up
            super().pull_trigger()

    def add_task(self, task):
        quick = self.quick
        if quick is not None and isinstance(task, _TimedChannel) and task.reading == threading.get_ident():
            request = task.requests[0]
            client = task.addr[0] if isinstance(task.addr, tuple) else task.addr
            seen = self.quick_seen
            if seen is None:
                seen = self.quick_seen = set()
            if (client not in seen and not request.error and request.path == self.quick_path
                    and request.command in ("GET", "POST") and request.content_length <= self.quick_body
                    and len(request.query) <= self.quick_body and request.headers.get("HOST")):
                body = request.get_body_stream() if request.content_length else None
                if body is None or hasattr(body, "getvalue"):
                    try:
                        answer = quick(request.command, request.query, request.headers.get("CONTENT_TYPE", ""),
                                       body.getvalue() if body is not None else b"")
                    except Exception:  # noqa: BLE001 - a request the test cannot read is simply not quick
                        answer = None
                    if answer is not None:
                        seen.add(client)
                        task.quick_answer = answer
                        task.answer_here = True
                        return
        super().add_task(task)

    def handle_accept(self):
        try:
            v = self.accept()
            if v is None:
                return
            conn, addr = v
        except OSError:
            return
        host = addr[0] if isinstance(addr, tuple) else addr
        held = sum(1 for ch in list(self.active_channels.values())
                   if isinstance(ch.addr, tuple) and ch.addr[0] == host)
        if held >= self.per_client:
            conn.close()  # the client sees a reset: it has enough connections open
            return
        try:
            self.set_socket_options(conn)
        except OSError:
            conn.close()
            return
        channel = self.channel_class(self, conn, self.fix_addr(addr), self.adj, map=self._map)
        if self.admission is not None and self.admission.banned(host):
            channel.tarpit = True  # a flooder that ignored Retry-After: held unread until its ban ends

    def maintenance(self, now):
        super().maintenance(now)
        cutoff = time.monotonic() - self.request_timeout
        for channel in list(self.active_channels.values()):
            started = getattr(channel, "started", None)
            if started is not None and started < cutoff:
                channel.will_close = True  # a request that has trickled in too long: drop the connection
            if getattr(channel, "tarpit", False) and not (
                    self.admission is not None and isinstance(channel.addr, tuple)
                    and self.admission.banned(channel.addr[0])):
                channel.will_close = True  # the ban is over: the client may connect again


class LaneDispatcher(ThreadedTaskDispatcher):
    """Waitress's task dispatcher, with ``lane_threads`` threads of its own for the requests ``cheap(path)`` picks.

    A connection (Waitress's channel) is queued by the path of the request it is to answer next, so the requests
    of one keep-alive connection may go to either pool, one after the other, never to both at once.
    """

    def __init__(self, cheap: Callable[[str], bool], lane_threads: int = 2) -> None:
        super().__init__()
        self.cheap = cheap
        self.lane_threads = lane_threads
        self.lane = ThreadedTaskDispatcher()

    def set_thread_count(self, count: int) -> None:
        super().set_thread_count(count)
        self.lane.set_thread_count(self.lane_threads if count else 0)

    def add_task(self, task) -> None:
        requests = getattr(task, "requests", None)
        request = requests[0] if requests else None
        if request is not None and not request.error and self.cheap(request.path or ""):
            self.lane.add_task(task)
        else:
            super().add_task(task)

    def shutdown(self, cancel_pending: bool = True, timeout: float = 5) -> bool:
        self.lane.shutdown(cancel_pending, timeout)
        return super().shutdown(cancel_pending, timeout)


def make_server(app, *, host: str, port: int, threads: int, max_request_body_size: int, per_client: int = 32,
                connection_limit: int = 1000, request_timeout: float = 10.0, idle_timeout: float = 30.0,
                admission: QueryAdmission | None = None, cheap: Callable[[str], bool] | None = None,
                lane_threads: int = 2, quick: Callable | None = None, log: Callable[[str], None] | None = None):
    """A Waitress server for ``app`` with the connection limits above (bound, not yet running).

    With ``admission``, the connections of a client it has banned are closed on accept. With ``cheap`` (a test
    of the request path), those requests have ``lane_threads`` threads of their own besides ``threads``
    (:class:`LaneDispatcher`). With ``quick`` (``quick(method, query_string, content_type, body)``, asked
    in the I/O thread for each complete request to ``/sparql`` with a ``Host`` header and a body and a query
    string of at most 8 KB each), a request for which it returns an answer function (see
    :func:`innokg.serve.protocol.lean_sparql_route`) is answered by that function in the I/O thread itself,
    without the WSGI application, the hand-off to a task thread and back, or the wake-up of the I/O thread
    after it; its log line goes to ``log``, in the format of :class:`RequestLog`. This is for answers known
    to take well under a millisecond (:meth:`innokg.serve.protocol.QueryAnswerer.quick`): every other
    connection waits meanwhile.

    Raises ``OSError`` when the address cannot be bound and ``ValueError`` when
    ``host`` is no address at all (Waitress's own errors).
    """
    adj = Adjustments(host=host, port=port, threads=threads, ident="innokg",
                      max_request_body_size=max_request_body_size, connection_limit=connection_limit,
                      channel_timeout=int(math.ceil(idle_timeout)), cleanup_interval=1)
    dispatcher = None if cheap is None else LaneDispatcher(cheap, lane_threads)
    server = _FairServer(app, adj=adj, sockinfo=adj.listen[0], dispatcher=dispatcher)
    if dispatcher is not None:  # threads once the address is bound
        dispatcher.set_thread_count(threads)
    server.per_client = per_client
    server.request_timeout = request_timeout
    server.admission = admission
    server.quick = quick
    server.quick_log = log
    return server


class QueryAdmission:
    """Who may run a query now: a global slot, a per-client concurrency cap and time budget.

    Examples
    --------
    >>> adm = QueryAdmission(slots=4, per_client=1, budget=10, window=60)
    >>> adm.enter("a")
    (None, 0)
    >>> adm.enter("a")  # a second query at once from the same client
    (429, 1)
    >>> adm.leave("a", 12.0)  # the first one took 12 s: more than the budget
    >>> status, retry = adm.enter("a"); status, 0 < retry <= 60
    (429, True)
    >>> adm.banned("a")  # it came back before the Retry-After of its first 429 had passed
    True
    >>> adm.enter("b"), adm.banned("b")
    ((None, 0), False)
    """

    def __init__(self, *, slots: int, per_client: int, budget: float, window: float = 60.0) -> None:
        self.slots = slots
        self.per_client = per_client
        self.budget = budget
        self.window = window
        self._lock = threading.Lock()
        self._busy = 0
        self._running: dict[str, int] = {}
        self._spent: dict[str, deque] = {}  # client -> (end time, seconds) of its recent queries, per second
        self._total: dict[str, float] = {}  # client -> the sum of its seconds in _spent
        self._wait: dict[str, float] = {}  # client -> until when its last 429 asked it to wait
        self._banned: dict[str, float] = {}  # client -> until when its connections are refused

    def banned(self, client: str) -> bool:
        """Whether ``client`` ignored a ``Retry-After`` that has not yet passed."""
        until = self._banned.get(client)
        if until is None:
            return False
        if until > time.monotonic():
            return True
        self._banned.pop(client, None)
        return False

    def _refuse(self, client: str, now: float, status: int, retry: float) -> tuple[int, int]:
        retry = max(1, int(math.ceil(retry)))
        if self._wait.get(client, 0.0) > now:  # asked to wait, and did not: flooding
            self._banned[client] = max(self._wait[client], now + retry)
        self._wait[client] = max(self._wait.get(client, 0.0), now + retry)
        if len(self._wait) > 10000:  # forget clients whose wait is over
            self._wait = {c: t for c, t in self._wait.items() if t > now}
        return status, retry

    def _used(self, client: str, now: float) -> float:
        """Seconds of query time ``client`` spent in the last ``window`` seconds (kept as a running total)."""
        spent = self._spent.get(client)
        if not spent:
            return 0.0
        total = self._total[client]
        while spent and spent[0][0] < now - self.window:
            total -= spent.popleft()[1]
        if not spent:
            del self._spent[client], self._total[client]
            return 0.0
        self._total[client] = total
        return max(0.0, total)

    def enter(self, client: str) -> tuple[int | None, int]:
        """``(None, 0)`` and a slot taken, or ``(status, retry_after_seconds)`` to answer instead."""
        now = time.monotonic()
        with self._lock:
            if self._running.get(client, 0) >= self.per_client:
                return self._refuse(client, now, 429, 1)
            used = self._used(client, now)
            if used >= self.budget:
                # the oldest entries leave the window first: wait until enough of them have
                spent, over, retry = self._spent[client], used - self.budget, self.window
                for end, s in spent:
                    over -= s
                    if over < 0:
                        retry = end + self.window - now
                        break
                return self._refuse(client, now, 429, retry)
            if self._busy >= self.slots:
                return 503, 2
            self._busy += 1
            self._running[client] = self._running.get(client, 0) + 1
            return None, 0

    def leave(self, client: str, seconds: float) -> None:
        """Give back the slot ``enter`` took; ``seconds`` count against the client's budget."""
        now = time.monotonic()
        with self._lock:
            self._busy -= 1
            left = self._running.get(client, 1) - 1
            if left:
                self._running[client] = left
            else:
                self._running.pop(client, None)
            spent = self._spent.setdefault(client, deque())
            if spent and spent[-1][0] > now - 1.0:  # one entry per second: the deque holds at most `window` entries
                # the entry keeps its first time, so it leaves the window on time (moving it to `now` kept a
                # client whose queries end less than a second apart in the window for ever: 429 within budget)
                spent[-1] = (spent[-1][0], spent[-1][1] + seconds)
            else:
                spent.append((now, seconds))
            self._total[client] = self._total.get(client, 0.0) + seconds
            self._used(client, now)
            if len(self._spent) > 10000:  # forget clients that have spent nothing in the window
                for c in [c for c, d in self._spent.items() if d[-1][0] < now - self.window]:
                    del self._spent[c], self._total[c]


@functools.lru_cache(maxsize=1024)
def query_hash(text: str) -> str:
    """The first 12 hex digits of the SHA-256 of a query text (for the request log); the last 1,024 remembered."""
    return hashlib.sha256(text.encode("utf-8", "replace")).hexdigest()[:12]


class RequestLog:
    """WSGI middleware: one line per request to ``log`` (status, ms, client, method, path, query hash)."""

    def __init__(self, app, log: Callable[[str], None]) -> None:
        self.app = app
        self.log = log

    def __call__(self, environ, start_response):
        t = time.perf_counter()
        seen: list[str] = []

        def _start(status, headers, exc_info=None):
            seen.append(status.split(" ", 1)[0])
            return start_response(status, headers, exc_info)

        try:
            return self.app(environ, _start)
        finally:
            q = environ.get("innokg.query_hash")
            ran = environ.get("innokg.ran")
            self.log(f"[INFO] [serve] {seen[0] if seen else '---'} {(time.perf_counter() - t) * 1000:.1f} ms "
                     f"{environ.get('REMOTE_ADDR', '-')} {environ.get('REQUEST_METHOD', '-')} "
                     f"{environ.get('PATH_INFO', '')[:200]}" + (f" q={q}" if q else "") + (f" ran={ran}" if ran else ""))
