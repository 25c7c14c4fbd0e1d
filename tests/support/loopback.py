"""Real processes on loopback: a listener that counts connections, and ``innokg serve`` started and stopped.

:class:`Listener` proves that no request left innokg: a socket bound on
127.0.0.1 at a port the OS chooses, accepting and counting every connection in
a thread, and stopping itself when the ``with`` block ends (or at
:meth:`Listener.close`). :func:`start_server` runs ``innokg serve`` on a free
port in a session of its own (so that its query workers go with it) and
:func:`stop_server` stops it with SIGTERM, as a user's Ctrl-C or a service
manager would.
"""

from __future__ import annotations

import http.client
import os
import re
import urllib.parse
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from .cli import cli_env
from .paths import ROOT

__all__ = ["Listener", "Response", "Server", "request_from", "start_server", "stop_server"]


class Listener:
    """A loopback socket that counts the connections made to it (to prove none went out).

    Examples
    --------
    >>> with Listener() as lis:
    ...     socket.create_connection(("127.0.0.1", lis.port)).close()
    ...     lis.settle()
    1
    """

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/sparql"
        self.connections = 0
        self.stop = False
        self.thread = threading.Thread(target=self._run, daemon=True, name=f"listener-{self.port}")
        self.thread.start()

    def _run(self) -> None:
        while not self.stop:
            try:
                c, _ = self.sock.accept()
            except OSError:  # the 0.1 s timeout: look at self.stop again
                continue
            self.connections += 1
            c.close()  # the client sees the connection reset: its query fails fast

    def settle(self, seconds: float = 0.3) -> int:
        """Wait for connections still in flight, then return how many there were."""
        time.sleep(seconds)
        return self.connections

    def close(self) -> None:
        self.stop = True
        self.thread.join(2)
        self.sock.close()

    def __enter__(self) -> Listener:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class Response:
    """What :func:`request_from` got back."""

    def __init__(self, status: int, headers: dict[str, str], text: str):
        self.status_code, self.headers, self.text = status, headers, text


def request_from(source: str, url: str, *, query: str | None = None, method: str | None = None,
                 headers: dict | None = None, timeout: float = 60) -> Response:
    """A request to ``url`` sent from the loopback address ``source`` (``127.0.0.2`` …), as another client would.

    Linux routes all of 127.0.0.0/8 to the loopback interface, so each address is a
    client of its own to the server (which tells clients apart by remote address).
    With ``query``: a SPARQL query POSTed as a form.
    """
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout, source_address=(source, 0))
    try:
        hdrs = dict(headers or {})
        body = None
        if query is not None:
            body = urllib.parse.urlencode({"query": query})
            hdrs["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method or ("POST" if body else "GET"), parts.path or "/", body=body, headers=hdrs)
        r = conn.getresponse()
        return Response(r.status, dict(r.getheaders()), r.read().decode("utf-8", "replace"))
    finally:
        conn.close()


class Server:
    """A running ``innokg serve``: its process, base URL and log file."""

    def __init__(self, proc: subprocess.Popen, url: str, log: Path):
        self.proc, self.url, self.log = proc, url, log


def start_server(tmp: Path, data: Path, *extra: str, timeout: float = 90,
                 env: dict[str, str] | None = None) -> Server:
    """Start ``innokg serve --port 0 --data DATA EXTRA…``; return once it says where it serves (within ``timeout`` s).

    ``env``: variables to set for the server (``TMPDIR`` …).
    """
    log = tmp / "serve.log"
    with open(log, "w") as fh:
        proc = subprocess.Popen(
            [sys.executable, "-m", "innokg.cli", "serve", "--port", "0", "--data", str(data), *extra],
            cwd=ROOT, env=cli_env(env), stdout=subprocess.DEVNULL, stderr=fh, start_new_session=True)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        m = re.search(r"serving (http://127\.0\.0\.1:\d+/)", log.read_text())
        if m:
            return Server(proc, m.group(1), log)
        if proc.poll() is not None:
            raise AssertionError("server exited: " + log.read_text())
        time.sleep(0.1)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(5)
    raise AssertionError("server did not start: " + log.read_text())


def stop_server(s: Server) -> None:
    """Stop the server with SIGTERM; fail (after killing it) if it does not stop within 20 s."""
    s.proc.send_signal(signal.SIGTERM)
    try:
        s.proc.wait(20)
    except subprocess.TimeoutExpired:
        os.killpg(s.proc.pid, signal.SIGKILL)
        s.proc.wait(5)
        raise AssertionError("server did not stop on SIGTERM") from None
