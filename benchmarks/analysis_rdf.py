"""Benchmark: what ``innokg analyze`` spends on the analysis, on writing it as RDF, and on validation.

In one run, on the German CORDIS H2020 import (``innokg import mappings/cordis-h2020.yaml --where
country=DE``, default ``/work/baseline/cordis-de.nq.gz``) and on a 1,000-node GraphML network (the
1,000 best-connected organisations of the German co-participation network):

1. ``innokg analyze`` as a real process with ``--no-rdf`` and without it: wall and CPU time, and the
   time ``analysis.ttl`` took (its own log line);
2. the command's steps in this process (what ``innokg analyze`` calls, in order): load, reason,
   validate (:func:`innokg.pipeline.prepare`), projection, the analysis, the tables, the RDF;
3. ``innokg validate`` on the same file as a real process, against the validation inside analyze (and
   report, which goes through the same :func:`innokg.projection.graph_input.graph_network`); the finding
   counts of both are printed side by side.

CPU seconds are the steadier figure on a shared machine (other jobs stretch wall time, not CPU time).

Run (repository root):  python3 benchmarks/analysis_rdf.py [--import FILE.nq.gz] [--graphml FILE.graphml]
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))

TS = "2026-01-01T00:00:00"


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def cli(*args: str) -> tuple[float, float, str]:
    """Run ``innokg ARGS`` from the repository root; (wall s, CPU s, stderr)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""))
    c0, t0 = _children_cpu(), time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "innokg.cli", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    wall, cpu = time.perf_counter() - t0, _children_cpu() - c0
    if r.returncode not in (0, 1):
        raise SystemExit(f"innokg {' '.join(args)} failed ({r.returncode}):\n{r.stderr[-3000:]}")
    return wall, cpu, r.stderr


def rdf_seconds(stderr: str) -> tuple[float, int, float]:
    """(seconds, statements, MB) from analyze's ``analysis RDF: N statements, X MB in Y s`` line."""
    m = re.search(r"analysis RDF: (\d+) statements, ([\d.]+) MB in ([\d.]+) s", stderr)
    return (float(m.group(3)), int(m.group(1)), float(m.group(2))) if m else (float("nan"), 0, 0.0)


class Steps:
    """Wall and CPU seconds per named step of this process."""

    def __init__(self):
        self.rows: list[tuple[str, float, float]] = []

    def run(self, name: str, fn, *args, **kw):
        c0, t0 = time.process_time(), time.perf_counter()
        out = fn(*args, **kw)
        self.rows.append((name, time.perf_counter() - t0, time.process_time() - c0))
        return out


def thousand_node_graphml(source: Path | None, out: Path) -> Path:
    """The 1,000 best-connected nodes (degree, then id) of ``source`` (default: the German CORDIS
    co-participation network of ``benchmarks/cordis_network.py``) and the ties among them, as GraphML."""
    import networkx as nx

    if source is not None and source.is_file():
        G = nx.read_graphml(source)
        keep = ["label", "sector", "region", "weight", "shared"]
        for _, d in G.nodes(data=True):
            for k in [k for k in d if k not in keep]:
                del d[k]
    else:
        sys.path.insert(0, str(HERE))
        from cordis_network import co_participation_network

        G = co_participation_network(country="DE")
    top = sorted(G, key=lambda v: (-G.degree(v), str(v)))[:1000]
    H = G.subgraph(top).copy()
    nx.write_graphml(H, out)
    return out


def in_process(source: Path, graphml: Path, tmp: Path) -> dict:
    """The command's steps in this process; returns the timings and the validation counts."""
    from innokg.analysis.network import analyze_network
    from innokg.load.network import read_network
    from innokg.projection.graph_input import GraphOptions, graph_network
    from innokg.results.rdf import write_analysis
    from innokg.results.tables import write_results

    out = {}
    s = Steps()
    net = s.run("load + reason + validate + projection", graph_network, [source], GraphOptions())
    res = s.run("analysis", analyze_network, net.G, net.partition, seed=0)
    s.run("tables (nodes.csv … analysis.json)", write_results, tmp / "ip-tables", res, extra_columns=net.columns,
          inputs=net.inputs, extras=net.extras, summary_extra=net.summary, rdf=False, started=TS)
    s.run("analysis.ttl", write_analysis, tmp / "ip.ttl", res, net.inputs, started=TS)
    out["import"] = (s.rows, net.timings, net.G.number_of_nodes(), net.G.number_of_edges())
    counts = {}
    for r in net.summary["completeness"]:
        counts[r["gap"]] = counts.get(r["gap"], 0) + 1
    out["validation_counts"] = counts
    g = Steps()
    G = g.run("read GraphML", read_network, graphml)
    res = g.run("analysis", analyze_network, G, None, seed=0)
    g.run("analysis.ttl", write_analysis, tmp / "ip-graphml.ttl", res, [{"label": graphml.name}])
    out["graphml"] = (g.rows, {}, G.number_of_nodes(), G.number_of_edges())
    return out


def graphml_steps(net1000: Path, tmp: Path, repeat: int = 5) -> None:
    """The GraphML steps alone, best of ``repeat`` (CPU), for a quick figure."""
    from innokg.analysis.network import analyze_network
    from innokg.load.network import read_network
    from innokg.results.rdf import write_analysis

    G = read_network(net1000)
    best: dict[str, float] = {}
    for _ in range(repeat):
        s = Steps()
        res = s.run("analysis", analyze_network, G, None, seed=0)
        s.run("analysis.ttl", write_analysis, tmp / "ip-graphml.ttl", res, [{"label": net1000.name}])
        for name, _wall, cpu in s.rows:
            best[name] = min(best.get(name, cpu), cpu)
    print(f"net1000.graphml ({G.number_of_nodes():,} nodes, {G.number_of_edges():,} ties), best of {repeat}: "
          f"analysis {best['analysis']:.2f} s CPU, analysis.ttl {best['analysis.ttl']:.2f} s CPU, "
          f"ratio {best['analysis.ttl'] / best['analysis']:.2f}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--import", dest="source", type=Path, default=Path("/work/baseline/cordis-de.nq.gz"))
    ap.add_argument("--graphml", type=Path, default=Path("/work/baseline/before/de.graphml"),
                    help="network the 1,000-node GraphML is cut from (default: analyze --graphml of the import)")
    ap.add_argument("--graphml-only", action="store_true",
                    help="only the 1,000-node GraphML, in this process (seconds, not minutes)")
    args = ap.parse_args(argv)
    if not args.source.is_file():
        raise SystemExit(f"{args.source}: no such file (innokg import mappings/cordis-h2020.yaml --where country=DE "
                         f"-o {args.source})")
    tmp = Path(tempfile.mkdtemp(prefix="innokg-analysis-rdf-"))
    net1000 = thousand_node_graphml(args.graphml, tmp / "net1000.graphml")
    print(f"# innokg analyze: analysis vs analysis.ttl vs validation ({time.strftime('%Y-%m-%d %H:%M')}, "
          f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f})\n", flush=True)

    if args.graphml_only:
        graphml_steps(net1000, tmp)
        return 0
    print("## 1. innokg analyze, real processes\n")
    print("| input | command | wall s | CPU s | analysis.ttl written in |")
    print("|---|---|---:|---:|---|")
    for label, src in ((args.source.name, [str(args.source)]), ("net1000.graphml (1,000 nodes)",
                                                                  ["--network", str(net1000)])):
        for flag in (["--no-rdf"], []):
            wall, cpu, err = cli("analyze", *src, "-o", str(tmp / "cli"), "--timestamp", TS, *flag)
            sec, n, mb = rdf_seconds(err)
            what = "—" if flag else f"{sec:.1f} s ({n:,} statements, {mb:.1f} MB)"
            print(f"| {label} | `innokg analyze {'--network ' if '--network' in src else ''}… "
                  f"{' '.join(flag)}` | {wall:.1f} | {cpu:.1f} | {what} |", flush=True)

    print("\n## 2. the same steps in one process\n")
    ip = in_process(args.source, net1000, tmp)
    for key, title in (("import", args.source.name), ("graphml", "net1000.graphml")):
        rows, timings, n, m = ip[key]
        print(f"{title}: {n:,} nodes, {m:,} ties\n")
        print("| step | wall s | CPU s |")
        print("|---|---:|---:|")
        for name, wall, cpu in rows:
            print(f"| {name} | {wall:.1f} | {cpu:.1f} |")
        for name, sec in timings.items():
            print(f"| … of which {name} | {sec:.1f} | |")
        an = next(r for r in rows if r[0] == "analysis")
        ttl = next(r for r in rows if r[0] == "analysis.ttl")
        print(f"\nanalysis.ttl / analysis: {ttl[1] / an[1]:.2f} (wall), {ttl[2] / an[2]:.2f} (CPU)\n", flush=True)

    print("## 3. validation: innokg validate vs inside analyze/report\n")
    wall, cpu, err = cli("validate", str(args.source))
    m = re.search(r"(\d+) violations, (\d+) warnings, (\d+) infos", err)
    rows, timings, _, _ = ip["import"]
    counts = ip["validation_counts"]
    print("| what | seconds | warnings | infos |")
    print("|---|---:|---:|---:|")
    print(f"| `innokg validate {args.source.name}` (process: load + reason + validate) | {wall:.1f} wall, "
          f"{cpu:.1f} CPU | {m.group(2) if m else '?'} | {m.group(3) if m else '?'} |")
    print(f"| analyze/report: `prepare` load + reason + validate | "
          f"{sum(timings.get(k, 0) for k in ('load', 'reason', 'validate')):.1f} wall | "
          f"{counts.get('validation-warning', 0)} | {counts.get('validation-info', 0)} |")
    print(f"| … of which validate | {timings.get('validate', float('nan')):.1f} wall | | |")
    engine = re.search(r"\[--engine\] .*", err)
    print(f"\nengine (both): {engine.group(0) if engine else 'see stderr'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
