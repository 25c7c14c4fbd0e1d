"""Per-query cost of ``innokg serve``'s SPARQL endpoint against Oxigraph's own server, same data, one run.

Run from the repository root::

    python3 benchmarks/endpoint_overhead.py [--orgs 2000] [--repeat 300]

Both servers get the synthetic dataset of ``benchmarks/publish.py`` as N-Quads and answer
over HTTP on 127.0.0.1: ``oxigraph serve-read-only --union-default-graph`` (the Rust
server of the ``oxigraph`` PyPI package, the same engine innokg runs, with the same
default graph) and ``innokg serve`` (guard, worker process, time and result limits,
per-client admission, one log line per request). One client sends the same query
``--repeat`` times over one keep-alive connection to each server, alternating servers
query by query so that the shared machine's load falls on both alike; printed: median
and p90 milliseconds per query, and innokg's median over Oxigraph's.

Queries: ``ask`` (one entity), ``count`` (a small COUNT over one hub's members),
``label`` (one row), ``rows-10000`` (10,000 rows of JSON; innokg's result cap is raised
above it so both return the same rows).
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from load_test import start_server  # noqa: E402
from publish import ID, synthetic  # noqa: E402

QUERIES = {
    "ask": f"ASK {{ <{ID}org/o7> ?p ?o }}",
    "label": f"SELECT ?l WHERE {{ <{ID}org/o7> <http://www.w3.org/2000/01/rdf-schema#label> ?l }}",
    "count": ("SELECT (COUNT(?o) AS ?n) WHERE { ?m <http://www.w3.org/ns/org#organization> "
              f"<{ID}hub/h3> ; <http://www.w3.org/ns/org#member> ?o }}"),
    "rows-10000": "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 10000",
}


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(port: int, path: str, proc: subprocess.Popen, seconds: float = 300) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"server exited with {proc.returncode}")
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            c.request("GET", path)
            c.getresponse().read()
            return
        except OSError:
            time.sleep(0.2)
    sys.exit("server did not start")


def start_oxigraph(data: Path, work: Path) -> tuple[subprocess.Popen, int]:
    exe = shutil.which("oxigraph")
    if exe is None:
        sys.exit("the `oxigraph` command is missing: pip install oxigraph")
    store = work / "oxigraph-store"
    subprocess.run([exe, "load", "--location", str(store), "--file", str(data)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    port = free_port()
    proc = subprocess.Popen([exe, "serve-read-only", "--location", str(store), "--bind", f"127.0.0.1:{port}",
                             "--union-default-graph"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    wait_http(port, "/query?query=ASK%7B%7D", proc)
    return proc, port


def start_innokg(data: Path, work: Path) -> tuple[subprocess.Popen, int]:
    proc, _, port = start_server(data, work / "serve.log", 2, 16, "--result-limit", "20000",
                                 "--client-budget", "100000")
    return proc, port


class Client:
    """One keep-alive connection; ``ask(query)`` returns seconds for one POSTed query (body read)."""

    def __init__(self, port: int, path: str):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.path = path

    def ask(self, query: str) -> float:
        body = urllib.parse.urlencode({"query": query})
        t = time.perf_counter()
        self.conn.request("POST", self.path, body=body, headers={
            "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"})
        r = self.conn.getresponse()
        data = r.read()
        took = time.perf_counter() - t
        if r.status != 200 or not data:
            raise SystemExit(f"{self.path}: HTTP {r.status} {data[:200]!r}")
        return took


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--orgs", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=300)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="innokg-endpoint-"))
    procs = []
    try:
        data = work / "data.nq"
        n = synthetic(data, args.orgs)
        print(f"dataset: synthetic, {n} quads ({args.orgs} organisations)")
        ox_proc, ox_port = start_oxigraph(data, work)
        procs.append(ox_proc)
        ik_proc, ik_port = start_innokg(data, work)
        procs.append(ik_proc)
        ox, ik = Client(ox_port, "/query"), Client(ik_port, "/sparql")
        print(f"{'query':12s} {'oxigraph p50':>13s} {'p90':>7s} {'innokg p50':>11s} {'p90':>7s} {'ratio':>6s}")
        for name, q in QUERIES.items():
            reps = args.repeat if name != "rows-10000" else max(20, args.repeat // 10)
            for _ in range(5):  # warm-up
                ox.ask(q)
                ik.ask(q)
            a, b = [], []
            for _ in range(reps):
                a.append(ox.ask(q))
                b.append(ik.ask(q))
            qa = statistics.quantiles(a, n=10)
            qb = statistics.quantiles(b, n=10)
            ma, mb = statistics.median(a), statistics.median(b)
            print(f"{name:12s} {ma * 1000:10.2f} ms {qa[8] * 1000:7.2f} {mb * 1000:8.2f} ms {qb[8] * 1000:7.2f} "
                  f"{mb / ma:5.2f}×")
        with open("/proc/loadavg") as fh:
            print(f"machine: {os.cpu_count()} cores, load average {' '.join(fh.read().split()[:3])}")
    finally:
        for p in procs:
            try:
                os.killpg(p.pid, signal.SIGTERM)
                p.wait(20)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                os.killpg(p.pid, signal.SIGKILL)
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
