"""Quick requests answered by the I/O thread, and the response header built by ``innokg serve``'s own task.

A real Waitress server (:func:`innokg.serve.limits.make_server`) on loopback, in front of a tiny WSGI application
that answers with the name of the thread that ran it. The server is given a ``quick`` function (what
:func:`innokg.serve.server.run_server` passes is the ``/sparql`` route's, which asks
:meth:`innokg.serve.protocol.QueryAnswerer.quick`): for the requests to ``/sparql`` it accepts it returns an answer
function, which must be called by the I/O thread (the thread running the server's loop) with the client's address,
the server's URL and the Accept header, its log line written in the request log's format; every other request must
be answered by the WSGI application in a task thread (``waitress-N``), as before. The real endpoint's answers on
this path are checked in ``test_serve_protocol.py`` (a bounded query asked twice: the second answer is the
quick path's, compared with a worker's).

The header of the server's task is built with less work than Waitress's own; it must be Waitress's bytes all the
same. The expected bytes come from Waitress itself: the same application under a plain ``waitress.create_server``
with the same ``ident``, the two responses compared byte for byte (the ``Date`` value checked for its RFC 9110
form, then set aside: the two answers may fall in different seconds).
"""

from __future__ import annotations

import re
import socket
import threading
import time

import pytest
from waitress import create_server

from innokg.serve.limits import make_server

LOOP_THREAD = "quick-test-loop"
LOG: list[str] = []


def _app(environ, start_response):
    path = environ["PATH_INFO"]
    body = (threading.current_thread().name + "\n").encode()
    if path == "/headers":  # lower-case and mixed-case names, a repeated name, no Content-Length
        start_response("200 OK", [("content-type", "text/plain"), ("x-b", "1"), ("X-a", "2"), ("x-b", "3"),
                                  ("content-length", str(len(body)))])
    elif path == "/chunked":  # no Content-Length: Waitress's own path (chunked)
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [body, body]
    elif path == "/empty":
        start_response("204 No Content", [("Vary", "Accept")])
        return []
    else:
        start_response("200 OK", [("Content-Type", "text/plain; charset=utf-8"), ("Vary", "Accept"),
                                  ("Access-Control-Allow-Origin", "*"), ("Content-Length", str(len(body)))])
    return [body]


ASKED: list[int] = []  # the length of each query string the quick function was asked about


def _quick(method: str, query_string: str, content_type: str, body: bytes):
    ASKED.append(len(query_string))
    if query_string == "boom":
        def fail(client: str, host_url: str, accept: str | None):
            raise RuntimeError("an answer that fails in the I/O thread")

        return fail
    if query_string == "hold":  # a quick answer that keeps the I/O thread for 0.3 s
        def hold(client: str, host_url: str, accept: str | None):
            time.sleep(0.3)
            return "200 OK", [("Content-Type", "text/plain"), ("Content-Length", "5")], b"held\n", " q=hold"

        return hold
    if query_string.split("&", 1)[0] != "quick" and body != b"quick":
        return None

    def answer(client: str, host_url: str, accept: str | None):
        out = f"{threading.current_thread().name}\n{client} {host_url} {accept}\n".encode()
        return "200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(out)))], out, " q=test"

    return answer


@pytest.fixture()
def servers():
    ours = make_server(_app, host="127.0.0.1", port=0, threads=2, max_request_body_size=1024, quick=_quick,
                       log=LOG.append)
    plain = create_server(_app, host="127.0.0.1", port=0, threads=2, ident="innokg")
    stop = threading.Event()

    def loop(server):  # server.run(), in steps, so that the test can stop it before closing the socket
        while not stop.is_set():
            server.asyncore.loop(timeout=0.05, map=server._map, count=1)

    runners = [threading.Thread(target=loop, args=(s,), name=name, daemon=True)
               for s, name in ((ours, LOOP_THREAD), (plain, "plain-loop"))]
    for r in runners:
        r.start()
    yield ours, plain
    stop.set()
    for r in runners:
        r.join(5)
    for s in (ours, plain):
        s.close()
        s.task_dispatcher.shutdown()


def _exchange(port: int, request: bytes) -> bytes:
    """Send one raw request on a new connection; the raw response (header and body) as the server sent it."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(request)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = s.recv(65536)
            assert chunk, data
            data += chunk
        head, _, rest = data.partition(b"\r\n\r\n")
        m = re.search(rb"\r\nContent-Length: (\d+)", head)
        if m:
            want = int(m.group(1))
        elif b"Transfer-Encoding: chunked" in head:
            while not rest.endswith(b"0\r\n\r\n"):
                rest += s.recv(65536)
            want = len(rest)
        else:
            want = 0
        while len(rest) < want:
            chunk = s.recv(65536)
            assert chunk
            rest += chunk
        return head + b"\r\n\r\n" + rest


def _get(port: int, target: str, *, body: bytes = b"", extra: str = "", version: str = "1.1") -> bytes:
    method = "POST" if body else "GET"
    request = (f"{method} {target} HTTP/{version}\r\nHost: 127.0.0.1\r\n{extra}"
               + (f"Content-Type: text/plain\r\nContent-Length: {len(body)}\r\n" if body else "") + "\r\n")
    return _exchange(port, request.encode() + body)


def _body(response: bytes) -> str:
    return response.partition(b"\r\n\r\n")[2].decode()


def test_quick_requests_are_answered_by_the_io_thread_and_the_rest_by_task_threads(servers):
    ours, _ = servers
    port = ours.effective_port
    LOG.clear()
    answer = _get(port, "/sparql?quick", extra="Accept: text/csv\r\n")
    # the answer function gets the client's address, the URL of the server as the client named it, and Accept
    assert _body(answer) == f"{LOOP_THREAD}\n127.0.0.1 http://127.0.0.1/ text/csv\n"
    assert _body(_get(port, "/sparql", body=b"quick")).split("\n")[0] == LOOP_THREAD
    assert len(LOG) == 2 and re.fullmatch(r"\[INFO\] \[serve\] 200 [\d.]+ ms 127\.0\.0\.1 GET /sparql q=test", LOG[0])
    assert re.fullmatch(r"\[INFO\] \[serve\] 200 [\d.]+ ms 127\.0\.0\.1 POST /sparql q=test", LOG[1])
    for target, body in [("/sparql?slow", b""), ("/sparql", b"slow"), ("/page?quick", b""), ("/page", b"quick")]:
        assert _body(_get(port, target, body=body)).startswith("waitress-"), (target, body)
    assert len(LOG) == 2  # the others are the WSGI application's (the request log is its middleware)
    # without a Host header (HTTP/1.0), the answer function could not say where the server is: a task thread
    assert _body(_exchange(port, b"GET /sparql?quick HTTP/1.0\r\n\r\n")).startswith("waitress-")


def test_quick_and_other_requests_pipelined_on_one_connection(servers):
    ours, _ = servers
    requests = b"".join(f"GET {t} HTTP/1.1\r\nHost: x\r\n\r\n".encode()
                        for t in ("/sparql?quick", "/page", "/sparql?quick", "/sparql?slow"))
    with socket.create_connection(("127.0.0.1", ours.effective_port), timeout=10) as s:
        s.sendall(requests)  # pipelined: answered in order, each by its own kind of thread
        data = b""
        while data.count(b"HTTP/1.1 200 OK") < 4 or not data.endswith(b"waitress-0\n") and not data.endswith(
                b"waitress-1\n"):
            chunk = s.recv(65536)
            assert chunk, data
            data += chunk
    names = [part.split(b"\r\n\r\n", 1)[1].decode().split("\n")[0] for part in data.split(b"HTTP/1.1 200 OK")[1:]]
    # the first quick request is answered as it is read; the requests read with it wait for it, and each is
    # handed on when the one before is answered: by a task thread after /page, so all three go to task threads
    assert names[0] == LOOP_THREAD
    assert all(n.startswith("waitress-") for n in names[1:]), names


DATE = re.compile(rb"\r\nDate: (Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
                  rb"\d{4} \d\d:\d\d:\d\d GMT\r\n")


@pytest.mark.parametrize("target,extra,version", [
    ("/page", "", "1.1"),
    ("/headers", "", "1.1"),
    ("/chunked", "", "1.1"),
    ("/empty", "", "1.1"),
    ("/page", "Connection: close\r\n", "1.1"),
    ("/page", "Connection: keep-alive\r\n", "1.0"),
    ("/page", "", "1.0"),
])
def test_the_header_is_waitress_own(servers, target, extra, version):
    ours, plain = servers
    mine = _get(ours.effective_port, target, extra=extra, version=version)
    theirs = _get(plain.effective_port, target, extra=extra, version=version)
    assert DATE.search(mine) and DATE.search(theirs)
    # the bodies name the threads, which differ: compare headers byte for byte, and the bodies' length
    head_mine, _, body_mine = DATE.sub(b"\r\nDate: -\r\n", mine).partition(b"\r\n\r\n")
    head_theirs, _, body_theirs = DATE.sub(b"\r\nDate: -\r\n", theirs).partition(b"\r\n\r\n")
    assert head_mine == head_theirs
    assert len(body_mine) == len(body_theirs)


def test_a_long_query_string_is_not_decoded_in_the_io_thread(servers):
    # every other connection waits while the I/O thread decodes a query string to see whether it is quick: a
    # query string of Waitress's largest header (256 KB) full of stray "%" took it ~50 ms (protocol._params), and a
    # task thread decoded it again. Larger than 8 KB (as for a body), a request is never quick and goes on unread.
    ours, _ = servers
    port = ours.effective_port
    ASKED.clear()
    assert _body(_get(port, "/sparql?quick&pad=" + "%" * 8000)).split("\n")[0] == LOOP_THREAD
    assert _body(_get(port, "/sparql?quick&pad=" + "%" * 9000)).startswith("waitress-")
    assert ASKED == [len("quick&pad=") + 8000]


def test_an_answer_failing_in_the_io_thread_is_logged_and_the_server_goes_on(servers):
    ours, _ = servers
    port = ours.effective_port
    LOG.clear()
    failed = _get(port, "/sparql?boom")
    # Waitress's own answer to an exception (as for an application's): 500, and the connection is closed
    assert failed.startswith(b"HTTP/1.1 500 Internal Server Error\r\n") and b"\r\nConnection: close\r\n" in failed
    # the request is in the request log all the same, as the request log writes one that raised (status "---")
    assert len(LOG) == 1 and re.fullmatch(r"\[INFO\] \[serve\] --- [\d.]+ ms 127\.0\.0\.1 GET /sparql", LOG[0]), LOG
    assert _body(_get(port, "/sparql?quick")).split("\n")[0] == LOOP_THREAD  # the loop goes on


def test_one_client_gets_one_quick_answer_per_round_of_the_io_loop(servers):
    # The per-client admission refuses (429) a client's queries that overlap in the task threads, and bans a client
    # that keeps sending them; the I/O thread answers quick requests one after the other, so they never overlap:
    # one client flooding a quick text from many connections was never refused (measured against `innokg serve`
    # with 8 connections for 10 s: 29,045 answers and no 429 on main, against 24 x 429 then the tarpit before the
    # quick path). So the I/O thread answers one quick request per client and round of its loop; the client's other
    # requests read in the same round go to the task threads, where the admission sees them overlap as before.
    ours, _ = servers
    port = ours.effective_port
    holder = socket.create_connection(("127.0.0.1", port), timeout=10)
    others = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(6)]
    try:
        time.sleep(0.3)  # all accepted (the I/O loop accepts one connection a round)
        holder.sendall(b"GET /sparql?hold HTTP/1.1\r\nHost: x\r\n\r\n")
        time.sleep(0.1)  # the I/O thread is answering it, for 0.3 s: the next six are read in one round after it
        for s in others:
            s.sendall(b"GET /sparql?quick HTTP/1.1\r\nHost: x\r\n\r\n")
        answers = []
        for s in others:
            data = b""
            while not data.endswith(b"\n") or b"\r\n\r\n" not in data:
                chunk = s.recv(65536)
                assert chunk, data
                data += chunk
            answers.append(_body(data).split("\n")[0])
        assert holder.recv(65536).endswith(b"held\n")
    finally:
        for s in [holder, *others]:
            s.close()
    assert answers.count(LOOP_THREAD) == 1, answers
    assert all(a.startswith("waitress-") for a in answers if a != LOOP_THREAD), answers
    # in a later round, the client's quick request is the I/O thread's again
    assert _body(_get(port, "/sparql?quick")).split("\n")[0] == LOOP_THREAD
