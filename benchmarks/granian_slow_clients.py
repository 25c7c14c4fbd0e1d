"""Does granian (a Rust WSGI server) keep answering a well-behaved client while slow clients hold connections?

Run from the repository root (granian is not a dependency of innokg: ``pip install granian``)::

    python3 benchmarks/granian_slow_clients.py

A trivial WSGI application (it reads the request body, as the ``/sparql`` route of
``innokg serve`` does) under ``granian --interface wsgi --blocking-threads 8`` on
loopback. Each case opens ``n`` connections that misbehave, then times one plain
``GET /`` from a new connection at 0.5 s and at 4 s (15 s timeout), and, for bodies,
counts the slow connections still open at the end. The cases are those
``innokg serve`` defends against with Waitress and ``innokg/serve/limits.py``
(a whole-request deadline, a per-client connection cap): idle connections that
send nothing, connections trickling a POST body (``Content-Length: 100000``, one
byte sent), connections stuck in the header.
"""

from __future__ import annotations

import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from endpoint_overhead import free_port, wait_http  # noqa: E402


def trivial_app(environ, start_response):
    """Read the body (blocking, as a WSGI application does), answer its length."""
    body = environ["wsgi.input"].read() if environ.get("CONTENT_LENGTH") else b""
    text = b"ok %d" % len(body)
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(text)))])
    return [text]


def start(extra: list[str]) -> tuple[subprocess.Popen, int]:
    port = free_port()
    proc = subprocess.Popen(["granian", "--interface", "wsgi", "--port", str(port), "--blocking-threads", "8",
                             "--no-ws", "--http", "1", "--log-level", "error", *extra,
                             "granian_slow_clients:trivial_app"], cwd=HERE, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_http(port, "/", proc)
    return proc, port


def probe(port: int) -> str:
    t = time.monotonic()
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
        c.request("GET", "/")
        r = c.getresponse()
        r.read()
        return f"{r.status} in {time.monotonic() - t:.2f} s"
    except OSError as exc:
        return f"no answer after {time.monotonic() - t:.2f} s ({type(exc).__name__})"


def misbehave(port: int, n: int, kind: str) -> list[socket.socket]:
    socks = []
    for _ in range(n):
        s = socket.create_connection(("127.0.0.1", port))
        if kind == "body":
            s.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\nA")
        elif kind == "header":
            s.sendall(b"GET / HTTP/1.1\r\nHo")
        socks.append(s)
    return socks


def still_open(socks: list[socket.socket]) -> int:
    alive = 0
    for s in socks:
        s.setblocking(False)
        try:
            alive += s.recv(1) != b""
        except BlockingIOError:
            alive += 1
        except OSError:
            pass
    return alive


CASES = [
    ("--backpressure 32, 40 idle connections (nothing sent)", ["--backpressure", "32"], 40, "idle"),
    ("--backpressure 32, 40 connections trickling a POST body", ["--backpressure", "32"], 40, "body"),
    ("default backpressure, 200 connections trickling a POST body", [], 200, "body"),
    ("--backpressure 32 --http1-header-read-timeout 2000, 40 connections stuck in the header",
     ["--backpressure", "32", "--http1-header-read-timeout", "2000"], 40, "header"),
]


def main() -> int:
    if shutil.which("granian") is None:
        sys.exit("the `granian` command is missing: pip install granian")
    out = subprocess.run(["granian", "--version"], capture_output=True, text=True).stdout.strip()
    print(f"{out}, 8 blocking threads")
    for title, extra, n, kind in CASES:
        proc, port = start(extra)
        try:
            socks = misbehave(port, n, kind)
            t0 = time.monotonic()
            time.sleep(0.5)
            line = f"{title}: plain GET at 0.5 s: {probe(port)}"
            time.sleep(3)
            line += f"; at 4 s: {probe(port)}"
            if kind == "body":
                line += f"; {still_open(socks)} of {n} still open after {time.monotonic() - t0:.0f} s"
            print(line, flush=True)
            for s in socks:
                s.close()
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
