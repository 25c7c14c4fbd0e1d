"""``innokg serve`` as a real process on loopback, and a loopback listener, for the server tests.

:func:`start_server` starts one server (the publishing fixture, 2 query workers, a
2 s time limit, a 50-row cap) on a port chosen by the OS, in its own session;
:func:`stop_server` stops it with SIGTERM. :class:`Listener` records whether anyone
connected to a loopback port — the proof that a refused ``SERVICE`` sent nothing.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from .cli import cli_env
from .paths import ROOT

__all__ = ["FIXTURE", "ID", "HUB", "TIME_LIMIT", "RESULT_LIMIT", "PATHOLOGICAL", "Server", "start_server",
           "stop_server", "Listener"]

FIXTURE = ROOT / "tests" / "fixtures" / "publish" / "ecosystem.trig"
ID = "https://w3id.org/innokg/id/"
HUB = ID + "hub/digital-hub-suedwestfalen"
TIME_LIMIT = 2
RESULT_LIMIT = 50
#: a cross product of four triple patterns over ~1500 triples: 5·10^12 rows to count
PATHOLOGICAL = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


class Server:
    def __init__(self, proc: subprocess.Popen, url: str, log: Path):
        self.proc, self.url, self.log = proc, url, log


def start_server(tmp: Path, *extra: str) -> Server:
    log = tmp / "serve.log"
    fh = open(log, "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "innokg.cli", "serve", "--port", "0", "--data", str(FIXTURE),
         "--time-limit", str(TIME_LIMIT), "--result-limit", str(RESULT_LIMIT), "--workers", "2", *extra],
        cwd=ROOT, env=cli_env(), stdout=subprocess.DEVNULL, stderr=fh, start_new_session=True)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        m = re.search(r"serving (http://127\.0\.0\.1:\d+/)", log.read_text())
        if m:
            return Server(proc, m.group(1), log)
        if proc.poll() is not None:
            raise AssertionError("server exited: " + log.read_text())
        time.sleep(0.1)
    proc.kill()
    raise AssertionError("server did not start: " + log.read_text())


def stop_server(s: Server) -> None:
    s.proc.send_signal(signal.SIGTERM)
    try:
        s.proc.wait(20)
    except subprocess.TimeoutExpired:
        os.killpg(s.proc.pid, signal.SIGKILL)
        s.proc.wait(5)
        raise AssertionError("server did not stop on SIGTERM")


class Listener:
    """A loopback socket that records whether anyone connected (to prove no request went out)."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.stop = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while not self.stop:
            try:
                c, _ = self.sock.accept()
                self.connections += 1
                c.close()
            except OSError:
                pass

    def close(self):
        self.stop = True
        self.thread.join(2)
        self.sock.close()
