"""Benchmark: the summary-gated library queries, this tree's text against another commit's, in one process.

Both texts run alternately on the same pyoxigraph store (``--data``, default ``out/innokg.nq`` from
``innokg build``), ``--repeat`` rounds of ``--runs`` runs each; the figure per text is the least mean of a
round (milliseconds), and the ratio is this tree's over the other's, measured in the same run.

Run:  PYTHONPATH=src python3 benchmarks/summary_gates.py --before 51456e1 [--data out/innokg.nq]
"""

from __future__ import annotations

import argparse
import subprocess
import time
from pathlib import Path

from innokg.sparql import load_library, load_store, run_local

ROOT = Path(__file__).resolve().parents[1]
GATED = ("checks/participation-incomplete-violation", "checks/monetary-amount-incomplete-violation",
         "checks/amount-not-positive-violation", "funding/grants-with-approximate-amounts")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--before", required=True, help="the commit whose query texts are compared")
    ap.add_argument("--data", default=str(ROOT / "out" / "innokg.nq"))
    ap.add_argument("--runs", type=int, default=50)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    store = load_store(args.data)
    library = {q.name: q for q in load_library(ROOT / "queries")}
    print("| query | before (ms) | after (ms) | after / before |\n|---|---|---|---|")
    for name in GATED:
        old = subprocess.run(["git", "show", f"{args.before}:queries/{name}.rq"], cwd=ROOT, check=True,
                             capture_output=True, text=True).stdout
        texts = {"before": old, "after": library[name].text}
        assert run_local(store, old).rows == run_local(store, texts["after"]).rows, name
        best = {}
        for _ in range(args.repeat):
            for label, text in texts.items():
                t0 = time.perf_counter()
                for _ in range(args.runs):
                    run_local(store, text)
                best[label] = min(best.get(label, float("inf")), (time.perf_counter() - t0) / args.runs * 1000)
        print(f"| {name} | {best['before']:.2f} | {best['after']:.2f} | {best['after'] / best['before']:.2f} |")


if __name__ == "__main__":
    main()
