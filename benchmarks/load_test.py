"""A bounded load test of ``innokg serve``: many concurrent clients, mixed requests, on loopback.

Run from the repository root::

    python3 benchmarks/load_test.py [--clients 32] [--seconds 100] [--orgs 5000] [--data FILE]

What it does, and why it stops by itself:

1. makes the synthetic dataset of ``benchmarks/publish.py`` (``--orgs`` organisations,
   hubs and memberships over 10 source graphs) unless ``--data`` names one;
2. starts ``innokg serve --port 0`` on 127.0.0.1 (nothing else is contacted);
3. warms up with 200 requests and measures the rate, then fixes the number of requests
   so that the run lasts about ``--seconds`` (or takes ``--requests``); that number is
   printed before the run starts, and the clients stop when it is used up;
4. ``--clients`` threads, each with its own keep-alive connection, send a fixed-seed mix:
   70 % entity requests (``GET /id/…`` with one of five ``Accept`` headers, then the
   document the 303 points to), 10 % static pages, 20 % SPARQL queries (a label
   lookup, a count by class, an ASK, a members-of-hub join, and a query that runs
   into the result cap — it must come back cut, with the ``Innokg-Result-Truncated``
   notice, or it counts as an error);
5. samples the resident memory (RSS) of the server and its query workers every
   second, and stops the server with SIGTERM at the end.

Printed: requests, duration, requests/s, latency percentiles per kind, errors (any
status other than the expected one, or a failed connection), and memory at the
start, middle and end of the run (flat = the last fifth's median within 10 % of the
first fifth's). The baseline in the same run: the same requests sent by one client
(``--clients 1`` for the warm-up rate), so the gain from concurrency is visible.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from publish import ID, synthetic  # noqa: E402  (the dataset of the publishing benchmark)

ACCEPTS = ["text/html", "text/turtle", "application/ld+json", "application/n-triples", "application/rdf+xml"]
PAGES = ["/", "/sparql", "/void.ttl", "/ontology/"]
QUERIES = {
    "label": "SELECT ?l WHERE {{ <{e}> <http://www.w3.org/2000/01/rdf-schema#label> ?l }}",
    "count-by-class": "SELECT ?c (COUNT(?s) AS ?n) WHERE {{ ?s a ?c }} GROUP BY ?c ORDER BY DESC(?n)",
    "ask": "ASK {{ <{e}> ?p ?o }}",
    "members-of-hub": "SELECT ?o ?l WHERE {{ ?m <http://www.w3.org/ns/org#organization> <{hub}> ; "
                      "<http://www.w3.org/ns/org#member> ?o . ?o <http://www.w3.org/2000/01/rdf-schema#label> ?l }} "
                      "ORDER BY ?o",
    "capped": "SELECT ?s ?p ?o WHERE {{ ?s ?p ?o }} LIMIT 20000",
}


def _session_stats(sid: int):
    """(pid, fields of /proc/PID/stat after the command name) of every process in session ``sid``."""
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            if int(fields[3]) == sid:  # field 6 of stat: session id
                yield d, fields
        except (OSError, IndexError, ValueError):
            continue


def session_rss(sid: int) -> int:
    """Resident memory (bytes) of every process in session ``sid`` (the server and its workers)."""
    total = 0
    for pid, _ in _session_stats(sid):
        try:
            with open(f"/proc/{pid}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
        except (OSError, IndexError, ValueError):
            continue
    return total


def session_cpu(sid: int) -> float:
    """CPU seconds (user + system) used so far by every process in session ``sid``."""
    tick = os.sysconf("SC_CLK_TCK")
    return sum((int(f[11]) + int(f[12])) / tick for _, f in _session_stats(sid))  # utime, stime


def start_server(data: Path, log: Path, workers: int, threads: int, *extra: str,
                 src: Path | None = None) -> tuple[subprocess.Popen, str, int]:
    """``innokg serve`` on a free loopback port (its own session), time limit 10 s, cap 10,000, plus ``extra``.

    ``src``: the source folder to run it from (another checkout's ``src``, for before/after in one run); this
    checkout's by default. An option given again in ``extra`` wins (the last one counts).
    """
    env = dict(os.environ, PYTHONPATH=str(src or ROOT / "src"))
    fh = open(log, "w")
    proc = subprocess.Popen([sys.executable, "-m", "innokg.cli", "serve", "--host", "127.0.0.1", "--port", "0",
                             "--data", str(data), "--workers", str(workers), "--threads", str(threads),
                             "--time-limit", "10", "--result-limit", "10000", *extra],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=fh, start_new_session=True)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        m = re.search(r"serving http://127\.0\.0\.1:(\d+)/", log.read_text())
        if m:
            return proc, "127.0.0.1", int(m.group(1))
        if proc.poll() is not None:
            sys.exit(f"server from {src or ROOT / 'src'} exited: " + log.read_text())
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGKILL)
    sys.exit(f"server from {src or ROOT / 'src'} did not start: " + log.read_text())


def stop_server(proc: subprocess.Popen) -> None:
    """SIGTERM, then SIGKILL to the whole session if it has not stopped in 30 s."""
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


def make_plan(n: int, entities: list[str], hubs: list[str], seed: int) -> list[tuple[str, str, str, dict]]:
    """``n`` requests as (kind, method, path, headers+body), from a fixed seed."""
    rnd = random.Random(seed)
    plan = []
    for _ in range(n):
        x = rnd.random()
        if x < 0.70:
            e = rnd.choice(entities)
            plan.append(("entity", "GET", "/id/" + e[len(ID):],
                         {"Accept": rnd.choice(ACCEPTS)}))
        elif x < 0.80:
            plan.append(("page", "GET", rnd.choice(PAGES), {"Accept": "text/html"}))
        else:
            name = rnd.choice(sorted(QUERIES))
            q = QUERIES[name].format(e=rnd.choice(entities), hub=rnd.choice(hubs))
            body = urllib.parse.urlencode({"query": q, "format": "json"})
            plan.append((f"query:{name}", "POST", "/sparql",
                         {"Content-Type": "application/x-www-form-urlencoded", "_body": body}))
    return plan


class Client(threading.Thread):
    def __init__(self, host: str, port: int, jobs: list, results: list, lock: threading.Lock,
                 expect_cut: bool = False):
        super().__init__(daemon=True)
        self.expect_cut = expect_cut
        self.host, self.port, self.jobs, self.results, self.lock = host, port, jobs, results, lock
        self.conn = None

    def _request(self, method: str, path: str, headers: dict) -> tuple[int, dict, bytes]:
        body = headers.get("_body")
        hdrs = {k: v for k, v in headers.items() if k != "_body"}
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
            try:
                self.conn.request(method, path, body=body, headers=hdrs)
                resp = self.conn.getresponse()
                data = resp.read()
                if resp.getheader("Connection", "").lower() == "close":
                    self.conn.close()
                    self.conn = None
                return resp.status, dict(resp.getheaders()), data
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                # a keep-alive connection the server closed between requests: reconnect once
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def run(self):
        while True:
            with self.lock:
                if not self.jobs:
                    break
                kind, method, path, headers = self.jobs.pop()
            t = time.perf_counter()
            error = None
            try:
                status, hdrs, data = self._request(method, path, headers)
                if kind == "entity":
                    if status != 303:
                        error = f"{path}: {status}"
                    else:
                        loc = urllib.parse.urlsplit(hdrs.get("Location", ""))
                        status, _, data = self._request("GET", loc.path, {"Accept": headers["Accept"]})
                        if status != 200 or not data:
                            error = f"{loc.path}: {status}"
                elif status != 200 or not data:
                    error = f"{kind} {path}: {status} {data[:80]!r}"
                elif kind == "query:capped" and self.expect_cut and "Innokg-Result-Truncated" not in hdrs:
                    error = "a result over the cap came back without the truncation notice"
            except Exception as exc:  # noqa: BLE001 - every failure counts as an error
                error = f"{kind} {path}: {type(exc).__name__}: {exc}"
                self.conn = None
            with self.lock:
                self.results.append((kind, time.perf_counter() - t, error))


def run_load(host: str, port: int, plan: list, clients: int, sid: int | None = None,
             expect_cut: bool = False) -> dict:
    jobs = list(reversed(plan))
    results: list = []
    lock = threading.Lock()
    memory: list[tuple[float, int]] = []
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            memory.append((time.monotonic(), session_rss(sid)))
            stop.wait(1.0)

    sampler = threading.Thread(target=sample, daemon=True) if sid else None
    threads = [Client(host, port, jobs, results, lock, expect_cut) for _ in range(clients)]
    t0 = time.monotonic()
    if sampler:
        sampler.start()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    took = time.monotonic() - t0
    stop.set()
    if sampler:
        sampler.join()
    return {"results": results, "seconds": took, "memory": memory}


def percentiles(xs: list[float]) -> str:
    xs = sorted(xs)
    q = statistics.quantiles(xs, n=100, method="inclusive") if len(xs) > 1 else xs * 99
    return f"p50 {q[49] * 1000:7.1f}  p90 {q[89] * 1000:7.1f}  p99 {q[98] * 1000:7.1f}  max {xs[-1] * 1000:7.1f} ms"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--clients", type=int, default=32)
    ap.add_argument("--seconds", type=float, default=100,
                    help="Aim for a run this long (sets --requests from the warm-up rate).")
    ap.add_argument("--requests", type=int, default=None, help="Fixed number of requests (overrides --seconds).")
    ap.add_argument("--orgs", type=int, default=5000)
    ap.add_argument("--data", type=Path, default=None)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--threads", type=int, default=8)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", type=Path, default=None, help="Also write the figures here.")
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="innokg-load-"))
    data = args.data
    if data is None:
        data = work / "synthetic.nq"
        n = synthetic(data, args.orgs)
        print(f"dataset: synthetic, {n} quads ({args.orgs} organisations)")
    else:
        print(f"dataset: {data}")
    entities = sorted({m.group(1) for m in re.finditer(rf"<({re.escape(ID)}[^>\s]+)>", data.read_text())})
    hubs = [e for e in entities if "/hub/" in e] or entities
    t = time.monotonic()
    proc, host, port = start_server(data, work / "serve.log", args.workers, args.threads)
    print(f"server: http://{host}:{port}/ started in {time.monotonic() - t:.1f} s; {len(entities)} entities; "
          f"{args.workers} query workers, {args.threads} HTTP threads")
    try:
        warm1 = run_load(host, port, make_plan(100, entities, hubs, args.seed + 1), 1)
        warm = run_load(host, port, make_plan(200, entities, hubs, args.seed + 2), args.clients)
        rate1 = len(warm1["results"]) / warm1["seconds"]
        rate = len(warm["results"]) / warm["seconds"]
        n = args.requests or max(1000, int(rate * args.seconds))
        print(f"warm-up: 1 client {rate1:.0f} req/s, {args.clients} clients {rate:.0f} req/s "
              f"-> {n} requests (fixed now)")
        quads = sum(1 for line in data.read_text().splitlines() if line.strip())
        cpu0 = session_cpu(proc.pid)
        out = run_load(host, port, make_plan(n, entities, hubs, args.seed), args.clients, sid=proc.pid,
                       expect_cut=data.suffix == ".nq" and quads > 10000)
        cpu = session_cpu(proc.pid) - cpu0
    finally:
        stop_server(proc)
    res, took, mem = out["results"], out["seconds"], out["memory"]
    errors = [e for _, _, e in res if e]
    kinds: dict[str, list[float]] = {}
    for kind, s, _ in res:
        kinds.setdefault(kind.split(":")[0], []).append(s)
        if kind.startswith("query:"):
            kinds.setdefault(kind, []).append(s)
    rss = [r for _, r in mem]
    fifth = max(1, len(rss) // 5)
    first, last = statistics.median(rss[:fifth]), statistics.median(rss[-fifth:])
    growth = (last - first) / first
    print(f"\nrequests: {len(res)} in {took:.1f} s = {len(res) / took:.1f} req/s with {args.clients} clients "
          f"(entity requests count once, though each is a 303 and a document)")
    with open("/proc/loadavg") as fh:
        load = fh.read().split()[:3]
    print(f"server CPU (server + workers): {cpu:.1f} s = {cpu / len(res) * 1000:.1f} ms per request; "
          f"machine: {os.cpu_count()} cores, load average {' '.join(load)} at the end")
    if took < 60:
        print(f"[WARNING] the run took {took:.0f} s, less than a minute: raise --seconds")
    print(f"errors: {len(errors)}" + (f" — first: {errors[:3]}" if errors else ""))
    for kind in sorted(kinds):
        print(f"  {kind:24s} n={len(kinds[kind]):6d}  {percentiles(kinds[kind])}")
    print(f"  {'all':24s} n={len(res):6d}  {percentiles([s for _, s, _ in res])}")
    print(f"memory (server + query workers, RSS): start {rss[0] / 2**20:.0f} MB, first fifth median "
          f"{first / 2**20:.0f} MB, peak {max(rss) / 2**20:.0f} MB, last fifth median {last / 2**20:.0f} MB "
          f"({growth:+.1%}), {len(rss)} samples -> {'flat' if abs(growth) <= 0.10 else 'NOT flat'}")
    if args.json:
        args.json.write_text(json.dumps({
            "requests": len(res), "seconds": took, "rate": len(res) / took, "clients": args.clients,
            "server_cpu_seconds": cpu,
            "errors": len(errors), "memory_mb": [round(r / 2**20, 1) for r in rss],
            "latency_ms": {k: sorted(v)[len(v) // 2] * 1000 for k, v in kinds.items()}}, indent=1))
    return 0 if not errors and abs(growth) <= 0.10 else 1


if __name__ == "__main__":
    sys.exit(main())
