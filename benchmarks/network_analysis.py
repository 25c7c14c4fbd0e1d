"""Benchmark: the full innokg network analysis against plain networkx, on CORDIS H2020.

Networks (built straight from ``../shared/data/cordis-h2020-participations/h2020.csv.gz``
by ``cordis_network.py``; organisation co-participation, weight = shared projects):

* ``de``  — German organisations and the ties among them (~3,900 organisations);
* ``all`` — every organisation (~36,000 organisations, ~800,000 ties).

Each measurement runs in its own process (time limit and an address-space cap, so a
networkx call that would take the machine's memory fails instead) and reports wall
time and peak resident memory of that process (network construction included; the
``load`` row is the construction alone). Partition for brokerage: the CORDIS
organisation type (PRC, HES, REC, PUB, OTH), the nearest thing to a triple-helix
sector in that file.

Run:  python3 benchmarks/network_analysis.py [--scopes de,all] [--cap-gb 8] [--timeout 600]
Prints a Markdown table (paste into benchmarks/README.md) and writes
``benchmarks/work/network-analysis.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

K = 500  # sampled betweenness sources for the whole network


def _task(scope: str, task: str) -> dict:
    import networkx as nx

    from cordis_network import co_participation_network

    G = co_participation_network(country="DE" if scope == "de" else None)
    out: dict = {"nodes": G.number_of_nodes(), "ties": G.number_of_edges()}
    k = None if scope == "de" else K
    ru0 = resource.getrusage(resource.RUSAGE_SELF)
    cpu0 = ru0.ru_utime + ru0.ru_stime
    t = time.perf_counter()
    if task == "load":
        pass
    elif task == "innokg":
        from innokg.analysis.network import analyze_network

        res = analyze_network(G, "type", k=k, seed=1, closeness=True)
        out["steps"] = {s: round(v, 2) for s, v in res.timings.items()}
        out["steps_cpu"] = {s: round(v, 2) for s, v in res.cpu_timings.items()}
        out["engine"] = res.parameters["engine"]
        out["betweenness"] = res.parameters["betweenness"]
        out["bound"] = res.parameters.get("betweenness_error_bound")
        top = res.top("total", 3)
        out["top_brokers"] = [(r["node"], r["group"], int(r["total"])) for r in top]
        out["modularity"] = round(res.graph["modularity"], 4)
    elif task == "nx-betweenness":
        nx.betweenness_centrality(G, k=k, seed=1)
    elif task == "nx-closeness":
        nx.closeness_centrality(G)
    elif task == "nx-constraint":
        nx.constraint(G, weight="weight")
    elif task == "nx-effective-size":
        nx.effective_size(G, weight="weight")
    elif task == "nx-louvain":
        nx.community.louvain_communities(G, weight="weight", seed=1)
    elif task == "nx-pagerank":
        nx.pagerank(G, weight="weight")
    elif task == "nx-eigenvector":
        nx.eigenvector_centrality(G, weight="weight", max_iter=1000)
    elif task == "sampling-error":
        from innokg.analysis.centrality import centralities, sampled_betweenness_bound

        exact = centralities(G, weight=None, engine="igraph", closeness=False).values
        for kk in (100, 500):
            est = centralities(G, weight=None, k=kk, seed=1, engine="igraph", closeness=False).values
            err = max(abs(est[v]["betweenness"] - exact[v]["betweenness"]) for v in G)
            top_exact = sorted(G, key=lambda v: -exact[v]["betweenness"])[:20]
            top_est = sorted(G, key=lambda v: -est[v]["betweenness"])[:20]
            out[f"k{kk}"] = {"max_abs_error": err, "bound": sampled_betweenness_bound(G.number_of_nodes(), kk),
                             "max_exact": max(exact[v]["betweenness"] for v in G),
                             "top20_overlap": len(set(top_exact) & set(top_est))}
    else:
        raise SystemExit(f"unknown task {task}")
    out["seconds"] = round(time.perf_counter() - t, 2)
    ru = resource.getrusage(resource.RUSAGE_SELF)
    out["cpu_seconds"] = round(ru.ru_utime + ru.ru_stime - cpu0, 2)
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return out


def _children_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def _run(scope: str, task: str, cap_gb: float, timeout: float | None) -> dict:
    """One task in a child process; a stopped or failed child still reports the CPU it used."""
    env = dict(os.environ, PYTHONPATH=str(HERE.parent / "src"))
    cap = int(cap_gb * 1024 ** 3)
    t = time.perf_counter()
    c0 = _children_cpu()
    try:
        p = subprocess.run([sys.executable, __file__, "--one", scope, task], capture_output=True, text=True,
                           timeout=timeout, env=env,
                           preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (cap, cap)))
    except subprocess.TimeoutExpired:
        return {"failed": f"stopped after {timeout:.0f} s wall ({_children_cpu() - c0:.0f} CPU-s)"}
    if p.returncode != 0:
        last = (p.stderr.strip().splitlines() or ["?"])[-1]
        kind = "out of memory" if "MemoryError" in p.stderr or "bad_alloc" in p.stderr else last[:80]
        return {"failed": f"{kind} (cap {cap_gb:g} GB, after {time.perf_counter() - t:.0f} s wall, "
                          f"{_children_cpu() - c0:.0f} CPU-s)"}
    return json.loads(p.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--one", nargs=2)
    ap.add_argument("--scopes", default="de,all")
    ap.add_argument("--cap-gb", type=float, default=8)
    ap.add_argument("--timeout", type=float, default=600)
    a = ap.parse_args()
    if a.one:
        print(json.dumps(_task(*a.one)))
        return
    tasks = ["load", "innokg", "nx-betweenness", "nx-closeness", "nx-constraint", "nx-effective-size",
             "nx-louvain", "nx-pagerank", "nx-eigenvector"]
    results: dict = {}
    for scope in a.scopes.split(","):
        for task in tasks + (["sampling-error"] if scope == "de" else []):
            # innokg runs to the end; the networkx baselines get the time limit
            r = _run(scope, task, a.cap_gb, None if task == "innokg" else a.timeout)
            results[f"{scope}/{task}"] = r
            print(scope, task, json.dumps(r), file=sys.stderr, flush=True)
    work = HERE / "work"
    work.mkdir(exist_ok=True)
    (work / "network-analysis.json").write_text(json.dumps(results, indent=2))
    print("| network | step | wall (s) | CPU (s) | peak RSS (MB) | note |")
    print("|---|---|---:|---:|---:|---|")
    for key, r in results.items():
        scope, task = key.split("/")
        if "failed" in r:
            print(f"| {scope} | {task} | — | — | — | {r['failed']} |")
            continue
        note = ""
        if task == "load":
            note = f"{r['nodes']} organisations, {r['ties']} ties"
        elif task == "innokg":
            note = f"engine {r['engine']}, betweenness {r['betweenness']}; CPU-s per step: " + ", ".join(
                f"{s} {v}" for s, v in r["steps_cpu"].items())
        elif task == "sampling-error":
            note = "; ".join(f"{kk}: max error {v['max_abs_error']:.2e} (bound {v['bound']:.3f}, largest exact "
                             f"{v['max_exact']:.3f}), top-20 overlap {v['top20_overlap']}/20"
                             for kk, v in r.items() if kk.startswith("k"))
        print(f"| {scope} | {task} | {r['seconds']} | {r['cpu_seconds']} | {r['peak_rss_mb']} | {note} |")


if __name__ == "__main__":
    main()
