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

``--baseline REF`` also runs the full analysis with the ``src/`` of git revision ``REF``
(``git archive``, into ``benchmarks/work/baseline-REF``) in the same run, and compares
every number of the two analyses (per-node columns, graph figures, group gaps,
missing links). ``kadabra`` (DE, with networkit installed) checks networkit's KADABRA
estimate against exact betweenness: its stated guarantee is an absolute error below
ε for every vertex with probability 1 - δ.

Run:  python3 benchmarks/network_analysis.py [--scopes de,all] [--cap-gb 8] [--timeout 600]
                                             [--baseline main] [--only innokg,kadabra]
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
WORK = HERE / "work"
sys.path.insert(0, str(HERE))
sys.path.insert(0, os.environ.get("INNOKG_SRC", str(HERE.parent / "src")))

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
    elif task in ("innokg", "baseline"):
        import pickle

        from innokg.analysis.network import analyze_network

        res = analyze_network(G, "type", k=k, seed=1, closeness=True)
        WORK.mkdir(exist_ok=True)
        with open(WORK / f"analysis-{scope}-{task}.pickle", "wb") as fh:
            pickle.dump({"nodes": res.nodes, "graph": res.graph, "group_gaps": res.group_gaps,
                         "missing_links": res.missing_links}, fh)
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
    elif task == "kadabra":
        import networkit as nk
        import numpy as np

        from innokg.analysis.arrays import tie_arrays

        ta = tie_arrays(G)
        n = ta.n
        exact = np.asarray(ta.igraph().betweenness(directed=False)) * 2 / ((n - 1) * (n - 2))
        nk.setNumberOfThreads(1)
        top = set(np.argsort(-exact)[:20].tolist())
        for eps in (0.01, 0.003):
            nk.engineering.setSeed(1, True)
            c0 = time.process_time()
            kb = nk.centrality.KadabraBetweenness(ta.networkit(), eps, 0.05)
            kb.run()
            cpu = time.process_time() - c0
            # networkit: pairs sampled / pairs, doubled when undirected = 4 raw / (n (n - 1));
            # networkx's normalisation is 2 raw / ((n - 1)(n - 2))
            est = np.asarray(kb.scores()) * n / (2 * (n - 2))
            err = np.abs(est - exact)
            fit = float(est @ exact / (exact @ exact))
            out[f"eps{eps}"] = {"cpu": round(cpu, 2), "max_abs_error": float(err.max()),
                                "bound": eps * n / (n - 2), "vertices_beyond_bound": int((err > eps * n / (n - 2)).sum()),
                                "scale_fit": round(fit, 4),
                                "top20_overlap": len(top & set(np.argsort(-est)[:20].tolist()))}
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


def _run(scope: str, task: str, cap_gb: float, timeout: float | None, src: Path | None = None) -> dict:
    """One task in a child process; a stopped or failed child still reports the CPU it used."""
    src = src or HERE.parent / "src"
    env = dict(os.environ, PYTHONPATH=str(src), INNOKG_SRC=str(src))
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
    ap.add_argument("--baseline", help="git revision whose src/ runs the same analysis, for comparison")
    ap.add_argument("--only", help="comma-separated tasks to run (default: all)")
    a = ap.parse_args()
    if a.one:
        print(json.dumps(_task(*a.one)))
        return
    tasks = ["load", "innokg", "nx-betweenness", "nx-closeness", "nx-constraint", "nx-effective-size",
             "nx-louvain", "nx-pagerank", "nx-eigenvector"]
    base_src = _baseline_src(a.baseline) if a.baseline else None
    if base_src:
        tasks.insert(2, "baseline")
    results: dict = {}
    for scope in a.scopes.split(","):
        extra = ["sampling-error", "kadabra"] if scope == "de" else []
        for task in tasks + extra:
            if a.only and task not in a.only.split(","):
                continue
            # innokg runs to the end; the networkx baselines get the time limit
            r = _run(scope, task, a.cap_gb, None if task in ("innokg", "baseline") else a.timeout,
                     base_src if task == "baseline" else None)
            results[f"{scope}/{task}"] = r
            print(scope, task, json.dumps(r), file=sys.stderr, flush=True)
        if base_src and "failed" not in results.get(f"{scope}/baseline", {"failed": 1}) \
                and "failed" not in results.get(f"{scope}/innokg", {"failed": 1}):
            results[f"{scope}/same-numbers"] = _compare(scope)
    WORK.mkdir(exist_ok=True)
    (WORK / "network-analysis.json").write_text(json.dumps(results, indent=2))
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
        elif task == "baseline":
            note = "that revision's src/; CPU-s per step: " + ", ".join(
                f"{s} {v}" for s, v in r["steps_cpu"].items())
        elif task == "same-numbers":
            print(f"| {scope} | same numbers as the baseline | – | – | – | {r['summary']} |")
            continue
        elif task == "kadabra":
            note = "; ".join(f"ε = {kk[3:]}: {v['cpu']} CPU-s, max error {v['max_abs_error']:.4f} against bound "
                             f"{v['bound']:.4f} ({v['vertices_beyond_bound']} vertices beyond it), top-20 "
                             f"overlap {v['top20_overlap']}/20, estimate/exact {v['scale_fit']}"
                             for kk, v in r.items() if kk.startswith("eps"))
        elif task == "sampling-error":
            note = "; ".join(f"{kk}: max error {v['max_abs_error']:.2e} (bound {v['bound']:.3f}, largest exact "
                             f"{v['max_exact']:.3f}), top-20 overlap {v['top20_overlap']}/20"
                             for kk, v in r.items() if kk.startswith("k"))
        print(f"| {scope} | {task} | {r['seconds']} | {r['cpu_seconds']} | {r['peak_rss_mb']} | {note} |")


def _baseline_src(ref: str) -> Path:
    """``src/`` of git revision ``ref``, extracted once into ``benchmarks/work/baseline-REF``."""
    commit = subprocess.run(["git", "-C", str(HERE.parent), "rev-parse", "--short", ref], check=True,
                            capture_output=True, text=True).stdout.strip()
    dest = WORK / f"baseline-{commit}"
    if not (dest / "src").is_dir():
        dest.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "-C", str(HERE.parent), "archive", commit, "src"], check=True,
                                 capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    return dest / "src"


def _compare(scope: str) -> dict:
    """Every number of the two analyses: equal, or the largest relative difference per column."""
    import math
    import pickle

    with open(WORK / f"analysis-{scope}-baseline.pickle", "rb") as fh:
        old = pickle.load(fh)
    with open(WORK / f"analysis-{scope}-innokg.pickle", "rb") as fh:
        new = pickle.load(fh)
    worst: dict[str, float] = {}
    mismatch: list[str] = []

    def same(where, x, y):
        if isinstance(x, float) and isinstance(y, float):
            if math.isnan(x) or math.isnan(y) or math.isinf(x) or math.isinf(y):
                if not (x == y or (math.isnan(x) and math.isnan(y))):
                    mismatch.append(where)
                return
            if x != y:
                worst[where] = max(worst.get(where, 0.0), abs(x - y) / max(abs(x), abs(y)))
        elif x != y:
            mismatch.append(where)

    if [r["node"] for r in old["nodes"]] != [r["node"] for r in new["nodes"]]:
        mismatch.append("node order")
    for ro, rn in zip(old["nodes"], new["nodes"]):
        for key in ro:
            same(key, ro[key], rn.get(key))
    for key in old["graph"]:
        same(f"graph.{key}", old["graph"][key], new["graph"].get(key))
    same("group gaps", old["group_gaps"], new["group_gaps"])
    same("missing links", old["missing_links"], new["missing_links"])
    identical = "every other number identical" if worst else "every number identical"
    summary = (", ".join(f"{k} ≤ {v:.1e} relative" for k, v in sorted(worst.items())) + "; " + identical
               if worst else identical)
    if mismatch:
        summary = "DIFFERENT: " + ", ".join(sorted(set(mismatch))) + "; " + summary
    return {"max_relative_difference": worst, "mismatch": sorted(set(mismatch)), "summary": summary}


if __name__ == "__main__":
    main()
