"""What a request the I/O thread decodes costs the other connections of ``innokg serve``.

Run from the repository root::

    python3 benchmarks/io_thread_hold.py [--rounds 2] [--probes 150] [--attackers 4] [--baseline SRC ...]

Waitress reads every request in one I/O thread; whatever that thread does besides reading (the quick path of
:mod:`innokg.serve.limits` decides there whether a ``/sparql`` request is quick, and answers it) every other
connection waits for. ``--attackers`` loopback clients send, back to back on keep-alive connections,
``GET /sparql?query=…`` with a 240 KB query string of stray ``%`` escapes (the slowest form for the query-string
decoder, under Waitress's 256 KB header cap) while one client asks for a static page (``/void.ttl``) every 10 ms;
printed per server: the page's median, p90 and largest latency, and how many of the long requests were answered.
``--baseline SRC`` (repeatable) adds ``innokg serve`` run from another checkout's source folder (e.g.
``/tmp/main/src``); the servers are measured in turn, round after round, so that the shared machine's load falls
on all alike. Each server: synthetic data (200 organisations), 1 query worker, 8 HTTP threads.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from load_test import start_server  # noqa: E402
from publish import synthetic  # noqa: E402

LONG = ("GET /sparql?query=" + "a%zz" * 60000 + " HTTP/1.1\r\nHost: x\r\n\r\n").encode()


def start(src: Path, data: Path, log: Path) -> tuple[subprocess.Popen, int]:
    """``innokg serve`` from the source folder ``src``: 1 query worker, 8 threads, time limit 5 s."""
    proc, _, port = start_server(data, log, 1, 8, "--time-limit", "5", src=src)
    return proc, port


def _one(s: socket.socket) -> None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = s.recv(65536)
        if not chunk:
            raise ConnectionResetError
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    m = re.search(rb"\r\nContent-Length: (\d+)", head)
    want = int(m.group(1)) if m else 0
    while len(rest) < want:
        chunk = s.recv(65536)
        if not chunk:
            raise ConnectionResetError
        rest += chunk


def measure(port: int, attackers: int, probes: int) -> tuple[list[float], int]:
    stop = threading.Event()
    answered = [0]

    def attack() -> None:
        while not stop.is_set():
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
                    while not stop.is_set():
                        s.sendall(LONG)
                        _one(s)
                        answered[0] += 1
            except OSError:
                time.sleep(0.05)

    threads = [threading.Thread(target=attack, daemon=True) for _ in range(attackers)]
    for th in threads:
        th.start()
    time.sleep(1)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    lat = []
    for _ in range(probes):
        t = time.perf_counter()
        conn.request("GET", "/void.ttl")
        r = conn.getresponse()
        r.read()
        lat.append((time.perf_counter() - t) * 1000)
        if r.status != 200:
            sys.exit(f"/void.ttl: {r.status}")
        time.sleep(0.01)
    stop.set()
    for th in threads:
        th.join(60)
    conn.close()
    return lat, answered[0]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--probes", type=int, default=150)
    ap.add_argument("--attackers", type=int, default=4)
    ap.add_argument("--baseline", type=Path, action="append", default=[], metavar="SRC",
                    help="also `innokg serve` from another checkout's src folder (repeatable)")
    args = ap.parse_args()
    for src in args.baseline:
        if not (src / "innokg" / "__init__.py").is_file():
            ap.error(f"--baseline {src}: not a source folder holding innokg/")
    work = Path(tempfile.mkdtemp(prefix="innokg-hold-"))
    procs = []
    try:
        data = work / "synthetic.nq"
        synthetic(data, 200)
        servers = {}
        for i, src in enumerate([ROOT / "src", *args.baseline]):
            proc, port = start(src.resolve(), data, work / f"serve-{i}.log")
            procs.append(proc)
            servers["this checkout" if i == 0 else str(src)] = port
        for rnd in range(1, args.rounds + 1):
            for name, port in servers.items():
                lat, answered = measure(port, args.attackers, args.probes)
                lat.sort()
                print(f"round {rnd}  {name:40s} /void.ttl p50 {statistics.median(lat):6.1f}  "
                      f"p90 {lat[int(0.9 * len(lat))]:6.1f}  max {lat[-1]:6.1f} ms; "
                      f"{answered} long requests answered", flush=True)
        with open("/proc/loadavg") as fh:
            print(f"machine: {os.cpu_count()} cores, load average {' '.join(fh.read().split()[:3])} at the end")
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
