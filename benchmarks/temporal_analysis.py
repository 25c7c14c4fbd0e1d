"""Benchmark: all of CORDIS H2020 by year (2014–2020) against one whole-period analysis, same run.

Input: ``../shared/data/cordis-h2020-participations/h2020.csv.gz`` (one row per organisation in a
project, with the project's start and end dates), read as affiliations organisation → project with
those dates (no knowledge graph in between: the slicing, projection and analysis are innokg's, as in
``innokg analyze --over-time``). Partition: the CORDIS organisation type (as
``network_analysis.py``); betweenness and closeness from k = 500 sampled sources (seed 1) in every run.

Tasks, each in its own process (wall time, CPU time and peak RSS of that process; construction of
the networks from the affiliations included, reading the CSV not):

* ``whole`` — the whole-period network (every participation) analysed once (the baseline);
* ``years-start`` — one network per year 2014–2020 of the ties that began that year
  (``--dating start``: each project's partners tied in its start year), every measure for every year,
  plus the change tables (:func:`innokg.analysis.temporal.analyze_over_time`);
* ``years-overlap`` — the same with ``--dating overlap`` (ties that held that year: a project counts in
  every year it runs, so the yearly networks together hold ~3× the ties of the whole one).

Target (issue 16): every year under 2× the time of ``whole``, within 4 GiB. ``overlap`` is the default
dating of ``innokg analyze --over-time``. Besides the totals, each task records the CPU of building the
networks (``build_cpu``) and of each step of the analysis summed over the years (``steps_cpu``), in
``benchmarks/work/temporal-analysis.json`` and on stderr.

Run:  python3 benchmarks/temporal_analysis.py [--tasks whole,years-start,years-overlap] [--cap-gb 4]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
DATA = HERE.parents[1] / "shared" / "data" / "cordis-h2020-participations" / "h2020.csv.gz"
K = 500


def _affiliations():
    from innokg.projection.network import Affiliation

    rows, types = set(), {}
    with gzip.open(DATA, "rt", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            start = r["start_date"] if r["start_date"] not in ("", "NA") else None
            end = r["end_date"] if r["end_date"] not in ("", "NA") else None
            rows.add(Affiliation(agent=r["pic"], group=r["rcn"], project=r["rcn"], kind="participation",
                                 start=start, end=end))
            types.setdefault(r["pic"], r["type"] or "NA")
    return sorted(rows), types


def _task(task: str) -> dict:
    from innokg.analysis.network import analyze_network
    from innokg.analysis.temporal import analyze_over_time
    from innokg.projection.network import organization_network
    from innokg.projection.periods import period_list, window_affiliations

    rows, types = _affiliations()
    out: dict = {"affiliations": len(rows), "undated": sum(1 for a in rows if not a.start and not a.end)}
    ru0 = resource.getrusage(resource.RUSAGE_SELF)
    cpu0 = ru0.ru_utime + ru0.ru_stime
    t = time.perf_counter()

    def typed(G):
        for v in G:
            G.nodes[v]["type"] = types[v]
        return G

    if task == "whole":
        G = typed(organization_network(rows))
        out["build_cpu"] = round(time.process_time() - cpu0, 1)
        res = analyze_network(G, "type", k=K, seed=1)
        out.update(nodes=G.number_of_nodes(), ties=G.number_of_edges(),
                   steps_cpu={s: round(v, 1) for s, v in res.cpu_timings.items()})
    elif task in ("years-start", "years-overlap"):
        dating = task.split("-")[1]
        nets = []
        for p in period_list("year", start="2014", end="2020"):
            G = typed(organization_network(window_affiliations(rows, p.start, p.end, dating=dating,
                                                               undated="drop")))
            nets.append((p, G))
        out["build_cpu"] = round(time.process_time() - cpu0, 1)
        out["per_year"] = {p.label: [G.number_of_nodes(), G.number_of_edges()] for p, G in nets}
        out["ties_all_years"] = sum(G.number_of_edges() for _, G in nets)
        tt = analyze_over_time(nets, "type", k=K, seed=1)
        out["seconds_per_year"] = {k: round(v, 1) for k, v in tt.timings.items()}
        steps: dict[str, float] = {}
        for res in tt.results:
            for s_, v in res.cpu_timings.items():
                steps[s_] = steps.get(s_, 0.0) + v
        out["steps_cpu"] = {s_: round(v, 1) for s_, v in steps.items()}
        out["stability"] = [(s["period_from"], s["period_to"], s["nodes"], round(s["spearman"], 3),
                             round(s["kendall"], 3)) for s in tt.stability]
    else:
        raise SystemExit(f"unknown task {task}")
    out["seconds"] = round(time.perf_counter() - t, 1)
    ru = resource.getrusage(resource.RUSAGE_SELF)
    out["cpu_seconds"] = round(ru.ru_utime + ru.ru_stime - cpu0, 1)
    out["peak_rss_mb"] = round(ru.ru_maxrss / 1024)
    return out


def _run(task: str, cap_gb: float) -> dict:
    env = dict(os.environ, PYTHONPATH=str(HERE.parent / "src"))
    cap = int(cap_gb * 1024 ** 3)
    p = subprocess.run([sys.executable, __file__, "--one", task], capture_output=True, text=True, env=env,
                       preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (cap, cap)))
    if p.returncode != 0:
        return {"failed": (p.stderr.strip().splitlines() or ["?"])[-1][:200]}
    return json.loads(p.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--one")
    ap.add_argument("--tasks", default="whole,years-start,years-overlap")
    ap.add_argument("--cap-gb", type=float, default=4, help="address-space cap of each task's process")
    a = ap.parse_args()
    if a.one:
        print(json.dumps(_task(a.one)))
        return
    if not DATA.exists():
        raise SystemExit(f"{DATA} is absent")
    results = {}
    for task in a.tasks.split(","):
        results[task] = _run(task, a.cap_gb)
        print(task, json.dumps(results[task]), file=sys.stderr, flush=True)
    work = HERE / "work"
    work.mkdir(exist_ok=True)
    (work / "temporal-analysis.json").write_text(json.dumps(results, indent=2))
    base = results.get("whole", {})
    print("| task | wall (s) | CPU (s) | × whole (CPU) | peak RSS (MB) | note |")
    print("|---|---:|---:|---:|---:|---|")
    for task, r in results.items():
        if "failed" in r:
            print(f"| {task} | — | — | — | — | failed: {r['failed']} |")
            continue
        ratio = (f"{r['cpu_seconds'] / base['cpu_seconds']:.2f}" if base.get("cpu_seconds") else "–")
        note = (f"{r['nodes']} organisations, {r['ties']} ties" if task == "whole" else
                f"{r['ties_all_years']} ties over the 7 years; per year (nodes, ties): "
                + ", ".join(f"{y} {n}/{m}" for y, (n, m) in r["per_year"].items()))
        print(f"| {task} | {r['seconds']} | {r['cpu_seconds']} | {ratio} | {r['peak_rss_mb']} | {note} |")


if __name__ == "__main__":
    main()
