"""Benchmark: the explorer of ``innokg serve`` (search and facet pages) on the German CORDIS import.

Run from the repository root::

    python3 benchmarks/explorer_benchmark.py [--data cordis-de.nq] [--searches 200] [--clients 16]

Without ``--data`` the German CORDIS import is made first (``innokg import mappings/cordis-h2020.yaml
--where country=DE``, from ``../shared/data``). Then, in this order:

1. **in process** — the index build (:class:`innokg.serve.explorer.ExplorerIndex`: labels, facets, tantivy),
   and the median time of a search for one word (the first words of real labels, fixed seed) with tantivy,
   against the peer in the same run: the store's own text matching, a SPARQL ``FILTER(CONTAINS(LCASE(…)))`` over
   every ``rdfs:label`` in pyoxigraph;
2. **over HTTP, under load** — ``innokg serve`` on the same file (2 query workers, 32 threads) while the load test's
   request mix (``benchmarks/load_test.py``: entities, pages, SPARQL) runs with ``--clients`` clients; meanwhile one
   client times search pages (``/explore?q=WORD``) and facet pages (``/explore?kind=…&region=…``, HTML): medians,
   p90 and errors of both, and the load's own errors. Once per ``--lanes`` value, in the same run: the server with
   ``--explorer-threads 0`` (the explorer's pages queue with everything else, as before) and ``2`` (its own threads).

Targets (issue 15): search < 100 ms and facet page < 300 ms (median), 0 errors.
"""

from __future__ import annotations

import argparse
import http.client
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
sys.path.insert(0, str(ROOT / "src"))

from load_test import make_plan, run_load, start_server  # noqa: E402

ID = "https://w3id.org/innokg/id/"
#: HTTP threads (--threads): serve's default. With 8 (the load test's default), 6 of them may hold a query
#: (QueryAdmission), and the load test's 16 clients get "503 all query slots are busy" for some of their queries
THREADS = 32


def ms(xs: list[float]) -> str:
    xs = sorted(xs)
    return (f"median {statistics.median(xs) * 1000:.1f} ms, p90 {xs[int(0.9 * (len(xs) - 1))] * 1000:.1f} ms, "
            f"max {xs[-1] * 1000:.1f} ms (n={len(xs)})")


def german_import(work: Path) -> Path:
    out = work / "cordis-de.nq"
    data = ROOT.parent / "shared" / "data"
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "innokg.cli", "import", "mappings/cordis-h2020.yaml", "--data", str(data),
                    "--where", "country=DE", "-o", str(out), "-q"], cwd=ROOT, check=True,
                   env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"})
    print(f"import: {out} in {time.perf_counter() - t:.1f} s")
    return out


def in_process(data: Path, words: list[str], quick: bool = False) -> dict:
    from innokg.publish.site import load_linked_data
    from innokg.serve.explorer import ExplorerIndex

    t = time.perf_counter()
    ld = load_linked_data(str(data), "https://w3id.org/innokg/", sorted((ROOT / "ontology").glob("*.ttl")))
    print(f"load (LinkedData, as innokg serve): {time.perf_counter() - t:.1f} s, {len(ld.store)} quads")
    t = time.perf_counter()
    index = ExplorerIndex(ld)
    print(f"explorer index: {time.perf_counter() - t:.1f} s, {len(index.entities)} entities with a label")
    if quick:  # the facet values only
        every = index.search("")
        return {"kinds": [f["value"] for f in every["facets"]["kind"]],
                "regions": [f["value"] for f in every["facets"]["region"]]}
    tantivy, store, facets = [], [], []
    text = """SELECT DISTINCT ?e WHERE {{ GRAPH ?g {{ ?e <http://www.w3.org/2000/01/rdf-schema#label> ?l }}
              FILTER(CONTAINS(LCASE(STR(?l)), "{w}")) }} LIMIT 50"""
    agree = 0
    for w in words:
        t = time.perf_counter()
        hits = index.search(w)
        tantivy.append(time.perf_counter() - t)
        t = time.perf_counter()
        rows = list(ld.store.query(text.format(w=w)))
        store.append(time.perf_counter() - t)
        agree += bool(hits["total"]) == bool(rows)
    every = index.search("")
    kinds = [f["value"] for f in every["facets"]["kind"]]
    regions = [f["value"] for f in every["facets"]["region"]]
    rnd = random.Random(2)
    for _ in range(50):
        index._counts.clear()  # noqa: SLF001 - counted afresh each time (the server keeps counts it has made)
        t = time.perf_counter()
        index.search("", {"kind": rnd.choice(kinds), "region": rnd.choice(regions)})
        facets.append(time.perf_counter() - t)
    print(f"search, tantivy (hits, facets and labels):          {ms(tantivy)}")
    print(f"search, the store's text matching (CONTAINS, ids):  {ms(store)}")
    print(f"  both found something for the same {agree} of {len(words)} words")
    print(f"facets only (kind × region, all entities filtered): {ms(facets)}")
    return {"kinds": kinds, "regions": regions}


def get(conn: http.client.HTTPConnection, path: str) -> tuple[int, float]:
    t = time.perf_counter()
    conn.request("GET", path, headers={"Accept": "text/html"})
    r = conn.getresponse()
    r.read()
    return r.status, time.perf_counter() - t


def under_load(data: Path, words: list[str], facet_values: dict, clients: int, lane: int, threads: int) -> int:
    print(f"\n-- innokg serve --threads {threads} --explorer-threads {lane}" + (
        f" (search and facet pages share the {threads} threads)"
                                                          if not lane else " (search and facet pages: own threads)"))
    work = Path(tempfile.mkdtemp(prefix="innokg-explorer-"))
    text = data.read_text(encoding="utf-8")
    entities = sorted({m.group(1) for m in re.finditer(rf"<({re.escape(ID)}[^>\s]+)>", text)})
    hubs = [e for e in entities if "/project/" in e][:500] or entities
    t = time.perf_counter()
    # the load test's clients all come from 127.0.0.1: the per-client query limits (meant for one client per
    # address) are lifted, as in endpoint_overhead.py, so that they stand for 16 clients
    proc, host, port = start_server(data, work / "serve.log", 2, threads, "--explorer-threads", str(lane),
                                    "--client-queries", str(clients), "--client-budget", "100000")
    print(f"server: started in {time.perf_counter() - t:.1f} s (load, publish, explorer index, query workers)")
    load: dict = {}
    errors = []
    try:
        conn = http.client.HTTPConnection(host, port, timeout=60)
        quiet = [get(conn, "/explore?q=" + urllib.parse.quote(w))[1] for w in words[:50]]
        print(f"search page /explore?q=WORD (HTML), no other load:   {ms(quiet)}")
        plan = make_plan(4000, entities, hubs, 1)
        th = threading.Thread(target=lambda: load.update(run_load(host, port, plan, clients, expect_cut=True)))
        th.start()
        time.sleep(2)
        conn = http.client.HTTPConnection(host, port, timeout=60)
        searches, pages = [], []
        rnd = random.Random(3)
        while th.is_alive() and len(searches) < len(words):
            w = words[len(searches)]
            status, s = get(conn, "/explore?q=" + urllib.parse.quote(w))
            searches.append(s)
            if status != 200:
                errors.append(("search", w, status))
            q = urllib.parse.urlencode({"kind": rnd.choice(facet_values["kinds"]),
                                        "region": rnd.choice(facet_values["regions"])})
            status, s = get(conn, "/explore?" + q)
            pages.append(s)
            if status != 200:
                errors.append(("facets", q, status))
        th.join()
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)
    res = load["results"]
    load_errors = [e for _, _, e in res if e]
    print(f"load test meanwhile: {len(res)} requests in {load['seconds']:.1f} s with {clients} clients, "
          f"{len(load_errors)} errors" + (f" — first: {load_errors[:3]}" if load_errors else ""))
    print(f"search page /explore?q=WORD (HTML), under load:       {ms(searches)}")
    print(f"facet page /explore?kind=…&region=… (HTML), under load: {ms(pages)}")
    print(f"explorer errors: {len(errors)}" + (f" — first: {errors[:3]}" if errors else ""))
    return len(errors) + len(load_errors)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=None)
    ap.add_argument("--searches", type=int, default=200)
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--lanes", default="0,2", help="--explorer-threads of the runs under load, in order")
    ap.add_argument("--threads", type=int, default=THREADS, help="--threads of the server")
    ap.add_argument("--skip-in-process", action="store_true", help="only the runs under load")
    args = ap.parse_args()
    data = args.data or german_import(Path(tempfile.mkdtemp(prefix="innokg-explorer-data-")))
    labels = re.findall(r'<http://www\.w3\.org/2000/01/rdf-schema#label> "([^"]+)"', data.read_text(encoding="utf-8"))
    firsts = sorted({w.lower() for lab in labels for w in re.findall(r"[A-Za-zÄÖÜäöüß]{4,}", lab)[:1]})
    words = random.Random(1).sample(firsts, min(args.searches, len(firsts)))
    facet_values = in_process(data, words, quick=args.skip_in_process)
    failed = 0
    for lane in (int(x) for x in args.lanes.split(",")):
        failed += under_load(data, words, facet_values, args.clients, lane, args.threads)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
