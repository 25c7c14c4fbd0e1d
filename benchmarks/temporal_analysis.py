"""Benchmark: all of CORDIS H2020 by year (2014–2020) against one whole-period analysis, same run.

Input: ``../shared/data/cordis-h2020-participations/h2020.csv.gz`` (one row per organisation in a
project, with the project's start and end dates), read as affiliations organisation → project with
those dates (no knowledge graph in between: the slicing, projection and analysis are innokg's, as in
``innokg analyze --over-time``). Partition: the CORDIS organisation type (as
``network_analysis.py``); betweenness and closeness from k = 500 sampled sources (seed 1) in every run.

Tasks, each in its own process (wall time, CPU time and peak RSS of that process; construction of
the networks from the affiliations included, reading the CSV not; timed up to the end of the analysis:
the digest of the results that follows is the benchmark's check, not timed, its seconds are
``check_seconds``):

* ``whole`` — the whole-period network (every participation) analysed once (the baseline);
* ``years-start`` — one network per year 2014–2020 of the ties that began that year
  (``--dating start``: each project's partners tied in its start year), every measure for every year,
  plus the change tables (:func:`innokg.analysis.temporal.analyze_over_time`);
* ``years-overlap`` — the same with ``--dating overlap`` (ties that held that year: a project counts in
  every year it runs, so the yearly networks together hold ~3× the ties of the whole one);
* ``years-overlap-jobs2`` — the same, the years analysed two at a time in worker processes
  (``--jobs 2``; :mod:`innokg.analysis.workers`); checked to give the very same per-year results as
  ``years-overlap`` (a digest of every year's node rows, graph figures, gaps and links is compared).
  As in ``innokg analyze --over-time``, the years' affiliations are sliced first and each year's network
  is projected only when the year is handed out (:class:`innokg.projection.periods.PeriodNetworks`),
  largest first with workers, so that projecting overlaps the workers' analyses.

CPU time counts the task's process and its (finished) worker processes. Memory: ``peak_rss_mb`` is the
task process's own peak (``ru_maxrss``); ``tree_peak_mb`` is the largest sum of the resident sets of
the task process and all its descendants, sampled from ``/proc`` every 0.1 s by this script (an upper
bound of the memory used at once: pages a worker shares with another process are counted twice).

Target (issue 16): every year under 2× the time of ``whole``, within 4 GiB. ``overlap`` is the default
dating of ``innokg analyze --over-time``. Besides the totals, each task records the CPU of building the
networks (``build_cpu``, in the task's own process; ``slice_cpu``: slicing the affiliations by year) and of
each step of the analysis summed over the years (``steps_cpu``), in
``benchmarks/work/temporal-analysis.json`` and on stderr.

Run:  python3 benchmarks/temporal_analysis.py [--tasks whole,years-start,years-overlap,years-overlap-jobs2]
      [--cap-gb 4]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
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
    from innokg.projection.periods import PeriodNetworks, period_affiliations, period_list

    rows, types = _affiliations()
    out: dict = {"affiliations": len(rows), "undated": sum(1 for a in rows if not a.start and not a.end)}
    ru0 = resource.getrusage(resource.RUSAGE_SELF)
    cpu0 = ru0.ru_utime + ru0.ru_stime
    t = time.perf_counter()

    def stop():
        """The task's wall and CPU seconds so far (its finished worker processes' CPU included)."""
        ru = resource.getrusage(resource.RUSAGE_SELF)
        ch = resource.getrusage(resource.RUSAGE_CHILDREN)  # the worker processes, all ended by now
        out["seconds"] = round(time.perf_counter() - t, 1)
        out["cpu_seconds"] = round(ru.ru_utime + ru.ru_stime - cpu0 + ch.ru_utime + ch.ru_stime, 1)
        out["worker_cpu_seconds"] = round(ch.ru_utime + ch.ru_stime, 1)

    def typed(G):
        for v in G:
            G.nodes[v]["type"] = types[v]
        return G

    if task == "whole":
        G = typed(organization_network(rows))
        out["build_cpu"] = round(time.process_time() - cpu0, 1)
        res = analyze_network(G, "type", k=K, seed=1)
        stop()
        out.update(nodes=G.number_of_nodes(), ties=G.number_of_edges(),
                   steps_cpu={s: round(v, 1) for s, v in res.cpu_timings.items()})
    elif task in ("years-start", "years-overlap", "years-overlap-jobs2"):
        dating = task.split("-")[1]
        jobs = 2 if task.endswith("-jobs2") else 1
        periods = period_list("year", start="2014", end="2020")
        build = [0.0]  # CPU seconds of projecting the networks (in this process, while the workers run)

        def project(sliced):
            c0 = time.process_time()
            G = typed(organization_network(sliced))
            build[0] += time.process_time() - c0
            return G

        # as innokg.projection.graph_input.period_networks: sliced now, each network projected when its year is
        # handed out (with workers: while they analyse the others)
        nets = PeriodNetworks(periods, period_affiliations(rows, periods, dating=dating, undated="drop"), project)
        out["slice_cpu"] = round(time.process_time() - cpu0, 1)
        tt = analyze_over_time(nets, "type", k=K, seed=1, jobs=jobs)
        stop()  # the analysis ends here; the digest below checks it and is not timed
        out["build_cpu"] = round(build[0], 1)
        out["per_year"] = {p.label: [G.number_of_nodes(), G.number_of_edges()] for p, G in nets}
        out["ties_all_years"] = sum(G.number_of_edges() for _, G in nets)
        out["jobs"] = jobs
        digest = hashlib.sha256()
        for res in tt.results:
            digest.update(json.dumps([res.nodes, res.graph, res.group_gaps, res.missing_links], sort_keys=True,
                                     default=repr).encode())
        out["results_sha256"] = digest.hexdigest()
        out["seconds_per_year"] = {k: round(v, 1) for k, v in tt.timings.items()}
        out["cpu_per_year"] = {k: round(v, 1) for k, v in tt.cpu_timings.items()}
        # what two idle cores would take: the years handed out in order to whichever worker is free first
        free = [0.0] * jobs
        for v in tt.cpu_timings.values():
            free[free.index(min(free))] += v
        out["years_cpu_makespan"] = round(max(free), 1)
        steps: dict[str, float] = {}
        for res in tt.results:
            for s_, v in res.cpu_timings.items():
                steps[s_] = steps.get(s_, 0.0) + v
        out["steps_cpu"] = {s_: round(v, 1) for s_, v in steps.items()}
        out["stability"] = [(s["period_from"], s["period_to"], s["nodes"], round(s["spearman"], 3),
                             round(s["kendall"], 3)) for s in tt.stability]
    else:
        raise SystemExit(f"unknown task {task}")
    out["check_seconds"] = round(time.perf_counter() - t - out["seconds"], 1)  # after the analysis: digest, counts
    ru = resource.getrusage(resource.RUSAGE_SELF)
    out["peak_rss_mb"] = round(ru.ru_maxrss / 1024)
    if "years_cpu_makespan" in out:  # this process's own CPU, then the years' analyses on ``jobs`` idle cores
        years = sum(out["cpu_per_year"].values())
        own = out["cpu_seconds"] - out["worker_cpu_seconds"] - (years if jobs == 1 else 0)
        start_up = (out["worker_cpu_seconds"] - years) / jobs if jobs > 1 else 0.0  # imports, unpickling
        out["idle_cores_estimate_seconds"] = round(own + start_up + out["years_cpu_makespan"], 1)
    return out


def _tree_rss(root: int) -> int:
    """Bytes resident in process ``root`` and all its descendants now (from /proc)."""
    parent, rss = {}, {}
    page = os.sysconf("SC_PAGE_SIZE")
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{d}/statm") as fh:
                rss[int(d)] = int(fh.read().split()[1]) * page
        except (OSError, IndexError, ValueError):
            continue
        parent[int(d)] = int(fields[1])
    tree, todo = {root}, [root]
    while todo:
        p = todo.pop()
        for c, pp in parent.items():
            if pp == p and c not in tree:
                tree.add(c)
                todo.append(c)
    return sum(rss.get(p, 0) for p in tree)


def _run(task: str, cap_gb: float) -> dict:
    env = dict(os.environ, PYTHONPATH=str(HERE.parent / "src"))
    cap = int(cap_gb * 1024 ** 3)
    p = subprocess.Popen([sys.executable, __file__, "--one", task], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, env=env,
                         preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (cap, cap)))
    peak = 0
    while p.poll() is None:
        peak = max(peak, _tree_rss(p.pid))
        time.sleep(0.1)
    stdout, stderr = p.communicate()
    if p.returncode != 0:
        return {"failed": (stderr.strip().splitlines() or ["?"])[-1][:200]}
    out = json.loads(stdout.strip().splitlines()[-1])
    out["tree_peak_mb"] = round(peak / 1024 ** 2)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--one")
    ap.add_argument("--tasks", default="whole,years-start,years-overlap,years-overlap-jobs2")
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
    print("| task | wall (s) | CPU (s) | × whole (wall) | × whole (CPU) | peak RSS (MB) | tree peak (MB) | note |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    for task, r in results.items():
        if "failed" in r:
            print(f"| {task} | — | — | — | — | — | — | failed: {r['failed']} |")
            continue
        ratio = (f"{r['cpu_seconds'] / base['cpu_seconds']:.2f}" if base.get("cpu_seconds") else "–")
        wall = (f"{r['seconds'] / base['seconds']:.2f}" if base.get("seconds") else "–")
        note = (f"{r['nodes']} organisations, {r['ties']} ties" if task == "whole" else
                f"{r['ties_all_years']} ties over the 7 years; per year (nodes, ties): "
                + ", ".join(f"{y} {n}/{m}" for y, (n, m) in r["per_year"].items()))
        if "results_sha256" in r:
            note += f"; results sha256 {r['results_sha256'][:12]}"
        print(f"| {task} | {r['seconds']} | {r['cpu_seconds']} | {wall} | {ratio} | {r['peak_rss_mb']} | "
              f"{r['tree_peak_mb']} | {note} |")


if __name__ == "__main__":
    main()
