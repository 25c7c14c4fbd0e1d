"""The crowd load test of ``innokg serve`` (issue 19): well-behaved clients beside slow lorises and a flooder.

Run from the repository root::

    python3 benchmarks/crowd_test.py [--seconds 300] [--orgs 5000] [--clients 16] [--think 0.5]

Everything runs on loopback against one ``innokg serve`` (2 query workers, 32 HTTP threads,
time limit 10 s, the default per-client limits). Clients are told apart by remote address
(Linux routes all of 127/8 to loopback), as the server tells them apart:

* **well-behaved** (``--clients`` threads, 127.0.1.k each): one request at a time, ``--think``
  seconds apart; 70 % entity requests (``GET /id/…`` with one of five ``Accept`` headers,
  then the document the 303 points to), 10 % pages, 19 % small SPARQL queries (label,
  ASK, members of a hub), 1 % heavy queries (every label, sorted: a few hundred ms);
* **slow loris** (127.0.2.1): holds 100 connection attempts open, each sending one header
  byte every 5 s, reconnecting whenever the server drops one;
* **flooder** (127.0.3.1): 8 threads sending a query that runs past the time limit
  (a four-way cross product), back to back.

Printed: latency percentiles of the well-behaved requests by kind, their statuses (any 5xx
is a failure), the flooder's statuses (429 expected), what the slow loris achieved, and
the resident memory of the server and its workers (flat = the last fifth's median at most
10 % above the first fifth's; a worker replaced after a stopped query may start smaller). Exit 0 when entity p99 < 100 ms, no 5xx for the well-behaved,
at least one 429 for the flooder and memory flat.
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import random
import re
import shutil
import socket
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from load_test import ACCEPTS, PAGES, session_rss, start_server, stop_server  # noqa: E402
from publish import ID, synthetic  # noqa: E402

RDFS_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
SMALL = {
    "label": "SELECT ?l WHERE {{ <{e}> " + RDFS_LABEL + " ?l }}",
    "ask": "ASK {{ <{e}> ?p ?o }}",
    "members": "SELECT ?o WHERE {{ ?m <http://www.w3.org/ns/org#organization> <{hub}> ; "
               "<http://www.w3.org/ns/org#member> ?o }} LIMIT 50",
}
HEAVY = "SELECT ?s ?l WHERE { ?s " + RDFS_LABEL + " ?l } ORDER BY ?l LIMIT 5000"
FLOOD = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


class Conn:
    """A keep-alive HTTP connection from one loopback address; reconnects when the server closed it."""

    def __init__(self, port: int, source: str):
        self.port, self.source, self.c = port, source, None

    def request(self, method: str, path: str, headers: dict, body: str | None = None):
        for attempt in (1, 2):
            if self.c is None:
                self.c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60,
                                                    source_address=(self.source, 0))
            try:
                self.c.request(method, path, body=body, headers=headers)
                r = self.c.getresponse()
                data = r.read()
                if (r.getheader("Connection") or "").lower() == "close":
                    self.c.close()
                    self.c = None
                return r.status, r, data
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.c.close()
                self.c = None
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")


def query_body(q: str) -> str:
    return urllib.parse.urlencode({"query": q, "format": "json"})


FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def well_behaved(k: int, port: int, stop: threading.Event, think: float, entities: list[str], hubs: list[str],
                 out: list, lock: threading.Lock) -> None:
    rnd = random.Random(k)
    conn = Conn(port, f"127.0.1.{k + 1}")
    while not stop.is_set():
        x = rnd.random()
        t = time.perf_counter()
        try:
            if x < 0.70:
                accept = rnd.choice(ACCEPTS)
                status, r, _ = conn.request("GET", "/id/" + rnd.choice(entities)[len(ID):], {"Accept": accept})
                kind = "entity"
                if status == 303:
                    loc = urllib.parse.urlsplit(r.getheader("Location", "")).path
                    status, _, _ = conn.request("GET", loc, {"Accept": accept})
            elif x < 0.80:
                kind = "page"
                status, _, _ = conn.request("GET", rnd.choice(PAGES), {"Accept": "text/html"})
            elif x < 0.99:
                kind = "query"
                q = SMALL[rnd.choice(sorted(SMALL))].format(e=rnd.choice(entities), hub=rnd.choice(hubs))
                status, _, _ = conn.request("POST", "/sparql", FORM, query_body(q))
            else:
                kind = "heavy-query"
                status, _, _ = conn.request("POST", "/sparql", FORM, query_body(HEAVY))
        except OSError as exc:
            kind, status = "error", f"{type(exc).__name__}"
        with lock:
            out.append((kind, time.perf_counter() - t, status))
        stop.wait(think)


def flooder(port: int, stop: threading.Event, out: list, lock: threading.Lock) -> None:
    conn = Conn(port, "127.0.3.1")
    while not stop.is_set():
        try:
            status, _, _ = conn.request("POST", "/sparql", FORM, query_body(FLOOD))
        except OSError as exc:
            status = type(exc).__name__
        with lock:
            out.append(status)


def attackers(port: int, seconds: float, flood_threads: int, loris: int, results) -> None:
    """The flooder and the slow loris, in a process of their own (as on other machines: no shared GIL
    with the clients being measured); puts (flooder statuses, slow-loris counts) on ``results``."""
    stop = threading.Event()
    lock = threading.Lock()
    flood: list = []
    stats = {"opened": 0, "refused": 0, "dropped": 0}
    threads = [threading.Thread(target=flooder, args=(port, stop, flood, lock), daemon=True)
               for _ in range(flood_threads)]
    threads.append(threading.Thread(target=slow_loris, args=(port, stop, loris, stats), daemon=True))
    for th in threads:
        th.start()
    time.sleep(seconds)
    stop.set()
    for th in threads:
        th.join(70)
    counts: dict[str, int] = {}
    for status in flood:
        counts[str(status)] = counts.get(str(status), 0) + 1
    results.put((counts, stats))


def slow_loris(port: int, stop: threading.Event, n: int, stats: dict) -> None:
    """Keep ``n`` trickling connections open; count how many were accepted, refused and dropped."""
    socks: list[socket.socket] = []
    while not stop.is_set():
        while len(socks) < n and not stop.is_set():
            s = socket.socket()
            try:
                s.bind(("127.0.2.1", 0))
                s.settimeout(2)
                s.connect(("127.0.0.1", port))
                s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
                stats["opened"] += 1
                socks.append(s)
            except OSError:
                stats["refused"] += 1
                s.close()
                time.sleep(0.05)
        stop.wait(5)
        alive = []
        for s in socks:
            try:
                s.sendall(b"X")  # one byte every 5 s
                s.setblocking(False)
                try:
                    if s.recv(1) == b"":
                        raise ConnectionResetError
                except BlockingIOError:
                    pass
                s.setblocking(True)
                alive.append(s)
            except OSError:
                stats["dropped"] += 1
                s.close()
        socks = alive
    for s in socks:
        s.close()


def pct(xs: list[float]) -> str:
    xs = sorted(xs)
    if len(xs) < 2:
        return f"n={len(xs)}"
    q = statistics.quantiles(xs, n=100, method="inclusive")
    return (f"n={len(xs):6d}  p50 {q[49] * 1000:7.1f}  p90 {q[89] * 1000:7.1f}  p99 {q[98] * 1000:7.1f}  "
            f"max {xs[-1] * 1000:7.1f} ms")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=300)
    ap.add_argument("--orgs", type=int, default=5000)
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--think", type=float, default=0.5)
    ap.add_argument("--loris", type=int, default=100)
    ap.add_argument("--flood-threads", type=int, default=8)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="innokg-crowd-"))
    data = work / "synthetic.nq"
    n = synthetic(data, args.orgs)
    entities = sorted({m.group(1) for m in re.finditer(rf"<({re.escape(ID)}[^>\s]+)>", data.read_text())})
    hubs = [e for e in entities if "/hub/" in e]
    proc, _, port = start_server(data, work / "serve.log", 2, 32)
    print(f"dataset: synthetic, {n} quads, {len(entities)} entities; server on port {port}")
    stop = threading.Event()
    lock = threading.Lock()
    good: list = []
    memory: list[int] = []
    threads = [threading.Thread(target=well_behaved, args=(k, port, stop, args.think, entities, hubs, good, lock),
                                daemon=True) for k in range(args.clients)]
    ctx = multiprocessing.get_context("spawn")
    results = ctx.Queue()
    attack = ctx.Process(target=attackers, args=(port, args.seconds, args.flood_threads, args.loris, results))
    t0 = time.monotonic()
    try:
        attack.start()
        for th in threads:
            th.start()
        while time.monotonic() - t0 < args.seconds:
            memory.append(session_rss(proc.pid))
            time.sleep(1)
        stop.set()
        took = time.monotonic() - t0
        for th in threads:
            th.join(70)
        fs, loris = results.get(timeout=120)
        attack.join(30)
    finally:
        stop_server(proc)
    log = (work / "serve.log").read_text()
    shutil.rmtree(work, ignore_errors=True)
    print(f"run: {took:.0f} s; {len(good)} well-behaved requests ({len(good) / took:.1f}/s) from {args.clients} "
          f"clients; {sum(fs.values())} flood queries from {args.flood_threads} threads; slow loris: {loris}")
    kinds: dict[str, list[float]] = {}
    statuses: dict[str, dict] = {}
    for kind, s, status in good:
        kinds.setdefault(kind, []).append(s)
        statuses.setdefault(kind, {}).setdefault(str(status), 0)
        statuses[kind][str(status)] += 1
    for kind in sorted(kinds):
        print(f"  {kind:12s} {pct(kinds[kind])}  statuses {statuses[kind]}")
    print(f"  flooder statuses: {fs}")
    fifth = max(1, len(memory) // 5)
    first, last = statistics.median(memory[:fifth]), statistics.median(memory[-fifth:])
    growth = (last - first) / first
    print(f"memory (server + workers, RSS): first fifth median {first / 2**20:.0f} MB, peak {max(memory) / 2**20:.0f} MB,"
          f" last fifth median {last / 2**20:.0f} MB ({growth:+.1%}) -> {'flat' if growth <= 0.10 else 'GROWING'}")
    five = sum(1 for _, _, st in good if not isinstance(st, int) or st >= 500)
    ent = sorted(kinds.get("entity", [0]))
    p99 = statistics.quantiles(ent, n=100, method="inclusive")[98] if len(ent) > 1 else ent[0]
    print(f"server log: {log.count(chr(10))} lines, {log.count('Traceback')} tracebacks")
    with open("/proc/loadavg") as fh:
        print(f"machine: {os.cpu_count()} cores, load average {' '.join(fh.read().split()[:3])} at the end")
    ok = p99 < 0.1 and five == 0 and fs.get("429", 0) > 0 and growth <= 0.10
    print(f"entity p99 {p99 * 1000:.1f} ms (< 100), well-behaved 5xx/errors {five} (0), flooder 429s "
          f"{fs.get('429', 0)} (> 0): {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
