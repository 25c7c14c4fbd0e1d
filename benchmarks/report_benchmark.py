"""Benchmark: ``innokg report`` on the CORDIS H2020 co-participation network.

The network is built straight from ``../shared/data/cordis-h2020-participations/h2020.csv.gz`` by
``cordis_network.py`` (the analysis benchmarks' loader; organisation × organisation, weight = projects
shared), organisation names joined from ``../shared/data/cordis-h2020-orgs-2017/stacked_dump.csv`` where
there is one (~16k of ~36k PICs). Partition for brokerage and gaps: the CORDIS organisation type.

Measured in one process, each step's wall and CPU time:

* ``load``      — building the network from the CSV (not part of the report);
* ``analysis``  — :func:`innokg.analysis.network.analyze_network` (what ``innokg analyze`` runs);
* ``baseline``  — writing the analysis as ``innokg analyze -o`` does (CSV + JSON, no RDF): the obvious
  way to get the numbers out, against which the report's own cost is read;
* ``report``    — :func:`innokg.report.write_report`: picture, tables, HTML, Markdown, CSV/JSON, GEXF,
  GraphML, with its steps.

Run:  python3 benchmarks/report_benchmark.py [--scope all|de] [-k 100] [--out DIR]
``--out`` keeps the report (default: a temporary folder, removed).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

NAMES = HERE.parent.parent / "shared" / "data" / "cordis-h2020-orgs-2017" / "stacked_dump.csv"


def _cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime


class Clock:
    def __init__(self):
        self.rows: list[tuple[str, float, float]] = []
        self.t, self.c = time.perf_counter(), _cpu()

    def lap(self, name: str) -> None:
        t, c = time.perf_counter(), _cpu()
        self.rows.append((name, t - self.t, c - self.c))
        print(f"{name:<28} {t - self.t:8.1f} s wall {c - self.c:8.1f} s CPU", flush=True)
        self.t, self.c = t, c


def names(path: Path = NAMES) -> dict[str, str]:
    out: dict[str, str] = {}
    if not path.is_file():
        return out
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row.get("orgId") and row.get("name"):
                out.setdefault(row["orgId"], row["name"].strip())
    return out


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--scope", choices=["all", "de"], default="all")
    ap.add_argument("-k", type=int, default=100, help="sampled betweenness sources (0: exact)")
    ap.add_argument("--closeness", action="store_true", help="also closeness (sampled with -k)")
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--timestamp", default="2026-11-22T00:00:00Z")
    args = ap.parse_args(argv)

    from cordis_network import DATA, co_participation_network

    from innokg.analysis.network import analyze_network
    from innokg.results.tables import write_results
    from innokg.report import ReportInput, write_report

    clock = Clock()
    G = co_participation_network(country="DE" if args.scope == "de" else None)
    labels = names()
    for v in G:
        if v in labels:
            G.nodes[v]["label"] = labels[v]
    print(f"network: {G.number_of_nodes()} organisations, {G.number_of_edges()} ties, "
          f"{sum(1 for v in G if v in labels)} named", flush=True)
    inputs = [{"label": DATA.name, "sha256": sha256(DATA)}]
    if NAMES.is_file():
        inputs.append({"label": NAMES.name, "sha256": sha256(NAMES)})
    clock.lap("load")

    result = analyze_network(G, "type", k=args.k or None, seed=1, closeness=args.closeness)
    clock.lap("analysis")
    for step, s in result.timings.items():
        print(f"  analysis: {step:<18} {s:8.1f} s", flush=True)

    tmp = Path(tempfile.mkdtemp(prefix="innokg-report-bench-"))
    try:
        write_results(tmp / "analysis", result, extra_columns=[], inputs=inputs, extras={}, summary_extra={},
                      rdf=False, started=args.timestamp)
        clock.lap("baseline (analyze -o, no RDF)")
        data = ReportInput(G=G, result=result, inputs=inputs, data_date="2020-12-14", timestamp=args.timestamp,
                           source=f"{DATA.name} (CORDIS H2020, {args.scope})")
        steps: dict[str, float] = {}
        last = [time.perf_counter(), None]

        def progress(step: str) -> None:
            now = time.perf_counter()
            if last[1] is not None:
                steps[last[1]] = now - last[0]
            last[:] = [now, step]

        out = args.out or (tmp / "report")
        files = write_report(out, data, "en", progress=progress)
        steps[last[1]] = time.perf_counter() - last[0]
        clock.lap("report")
        for step, s in steps.items():
            print(f"  report: {step:<20} {s:8.1f} s", flush=True)
        size = sum(f.stat().st_size for f in files)
        print(f"report: {len(files)} files, {size / 1e6:.1f} MB; html {(out / 'report.html').stat().st_size / 1e6:.2f} MB",
              flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    total_wall = sum(r[1] for r in clock.rows if r[0] in ("analysis", "report"))
    total_cpu = sum(r[2] for r in clock.rows if r[0] in ("analysis", "report"))
    print(f"analysis + report: {total_wall:.1f} s wall, {total_cpu:.1f} s CPU "
          f"(limit 120 s: {'met' if total_wall < 120 else 'NOT met'})")
    print(json.dumps({"rows": clock.rows, "report_steps": steps, "analysis_steps": result.timings,
                      "nodes": G.number_of_nodes(), "ties": G.number_of_edges(), "k": args.k}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
