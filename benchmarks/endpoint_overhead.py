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

``--baseline SRC`` adds ``innokg serve`` run from another checkout's source folder (``SRC``, e.g.
``../main/src``), as one more column of the same run: the figures before and after a change, measured
alike. ``--also granian,gunicorn`` adds the same WSGI application (:func:`wsgi_app`: the
app of ``innokg serve``, its admission and request log, built as ``run_server``
builds it) under other HTTP servers, to measure what the server layer costs:
granian (Rust, ``--interface wsgi``, 16 blocking threads) and gunicorn (``gthread``,
16 threads). Neither is a dependency of innokg (``pip install granian gunicorn``);
neither has the connection limits of ``innokg/serve/limits.py`` (see
``benchmarks/README.md``). One column per server.

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


def start_innokg(data: Path, work: Path, src: Path | None = None) -> tuple[subprocess.Popen, int]:
    """``innokg serve`` of this checkout, or of the source folder ``src`` (another checkout's ``src``)."""
    proc, _, port = start_server(data, work / ("serve.log" if src is None else "serve-baseline.log"), 2, 16,
                                 "--result-limit", "20000", "--client-budget", "100000", src=src)
    return proc, port


def wsgi_app():
    """``innokg serve``'s WSGI application without its server, for granian and gunicorn (``$INNOKG_BENCH_DATA``).

    Built as :func:`innokg.serve.server.run_server` builds it: the data, 2 query workers,
    the site, the admission of 16 threads, result cap 20,000, time limit 10 s, one log
    line per request (to a file beside the data).
    """
    import pyoxigraph as ox

    from innokg.publish.data import DEFAULT_BASE
    from innokg.publish.site import load_linked_data, publish_site
    from innokg.serve.endpoint import QueryPool
    from innokg.serve.limits import QueryAdmission, RequestLog
    from innokg.serve.server import create_app, library_queries

    data = Path(os.environ["INNOKG_BENCH_DATA"])
    work = data.parent / f"app-{os.getpid()}"
    work.mkdir()
    ontology = sorted((ROOT / "ontology").glob("*.ttl"))
    ld = load_linked_data(str(data), DEFAULT_BASE, ontology)
    nq = work / "data.nq"
    nq.write_bytes(ox.serialize(ld.store, format=ox.RdfFormat.N_QUADS))
    pool = QueryPool(str(nq), size=2, time_limit=10, memory_limit=4096 * 1024 ** 2)
    publish_site(ld, work / "site", site_url="http://127.0.0.1/", ontology_files=ontology,
                 shapes_files=sorted((ROOT / "shapes").glob("*.ttl")), entity_pages=False, explorer=False)
    admission = QueryAdmission(slots=12, per_client=1, budget=100000)
    app = create_app(ld, work / "site", pool, result_limit=20000, time_limit=10,
                     queries=library_queries(ROOT / "queries", lambda m: None), admission=admission,
                     query_store=ld.store)
    log = open(work / "serve.log", "a", buffering=1)
    return RequestLog(app, lambda line: print(line, file=log))


def start_other(server: str, data: Path) -> tuple[subprocess.Popen, int]:
    """:func:`wsgi_app` under ``granian`` or ``gunicorn`` on a free loopback port."""
    port = free_port()
    if server == "granian":
        cmd = ["granian", "--interface", "wsgi", "--factory", "--host", "127.0.0.1", "--port", str(port),
               "--workers", "1", "--blocking-threads", "16", "--no-ws", "--http", "1", "--log-level", "warning",
               "endpoint_overhead:wsgi_app"]
    elif server == "gunicorn":
        cmd = [sys.executable, "-m", "gunicorn", "-k", "gthread", "--threads", "16", "-w", "1",
               "-b", f"127.0.0.1:{port}", "--log-level", "warning", "endpoint_overhead:wsgi_app()"]
    else:
        sys.exit(f"--also: unknown server {server!r} (granian, gunicorn)")
    if shutil.which(cmd[0]) is None and cmd[0] != sys.executable:
        sys.exit(f"the `{cmd[0]}` command is missing: pip install {server}")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT / "benchmarks")]),
               INNOKG_BENCH_DATA=str(data))
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    wait_http(port, "/sparql?query=ASK%7B%7D", proc)
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
    ap.add_argument("--also", default="", help="comma-separated: granian, gunicorn (the same app under them)")
    ap.add_argument("--baseline", type=Path, default=None, metavar="SRC",
                    help="also `innokg serve` from another checkout's src folder (before/after in one run)")
    args = ap.parse_args()
    if args.baseline is not None and not (args.baseline / "innokg" / "__init__.py").is_file():
        ap.error(f"--baseline {args.baseline}: not a source folder holding innokg/")
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
        others = {}
        if args.baseline is not None:
            proc, port = start_innokg(data, work, args.baseline.resolve())
            procs.append(proc)
            others["baseline"] = Client(port, "/sparql")
        for server in filter(None, args.also.split(",")):
            proc, port = start_other(server.strip(), data)
            procs.append(proc)
            others[server.strip()] = Client(port, "/sparql")
        print(f"{'query':12s} {'oxigraph p50':>13s} {'p90':>7s} {'innokg p50':>11s} {'p90':>7s} {'ratio':>6s}"
              + "".join(f" {s + ' p50':>13s} {'ratio':>6s}" for s in others))
        for name, q in QUERIES.items():
            reps = args.repeat if name != "rows-10000" else max(20, args.repeat // 10)
            for _ in range(5):  # warm-up
                ox.ask(q)
                ik.ask(q)
                for c in others.values():
                    c.ask(q)
            a, b = [], []
            c_times: dict[str, list[float]] = {s: [] for s in others}
            for _ in range(reps):
                a.append(ox.ask(q))
                b.append(ik.ask(q))
                for s, c in others.items():
                    c_times[s].append(c.ask(q))
            qa = statistics.quantiles(a, n=10)
            qb = statistics.quantiles(b, n=10)
            ma, mb = statistics.median(a), statistics.median(b)
            print(f"{name:12s} {ma * 1000:10.2f} ms {qa[8] * 1000:7.2f} {mb * 1000:8.2f} ms {qb[8] * 1000:7.2f} "
                  f"{mb / ma:5.2f}×" + "".join(f" {statistics.median(t) * 1000:10.2f} ms "
                                               f"{statistics.median(t) / ma:5.2f}×" for t in c_times.values()))
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
