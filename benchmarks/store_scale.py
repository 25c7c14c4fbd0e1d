"""The on-disk route at scale: build → validate → query → analyze → report on ``--store``, each command a process of
its own, with its wall time and peak memory (maximum resident set, ``wait4``).

Usage (repository root)::

    python3 benchmarks/synthetic.py --statements 10000000 -o /tmp/syn10m.nq.gz
    python3 benchmarks/store_scale.py /tmp/syn10m.nq.gz [--work /tmp/scale] [--skip report]

The commands are those a user types (``python -m innokg.cli`` with this checkout's ``src/`` first on the path);
every one of them reads the store the first one built. The peak of every command is printed beside the 4 GiB
budget of issue 17.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ["funding-by-programme", "funding-by-region", "organizations-by-sector", "projects-by-region",
           "organizations-in-several-groups", "completeness-gaps"]


def run(name: str, args: list[str], env: dict) -> dict:
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "innokg.cli", *args], env=env, cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    err = proc.stderr.read().decode(errors="replace")
    code = os.waitstatus_to_exitcode(status)
    row = {"name": name, "wall": time.perf_counter() - t0, "peak": usage.ru_maxrss / 1024, "code": code,
           "last": (err.strip().splitlines() or [""])[-1][:150]}
    print(f"| {name} | {row['wall']:.1f} | {row['peak'] / 1024:.2f} | {code} | {row['last']} |", flush=True)
    return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data", type=Path)
    ap.add_argument("--work", type=Path, default=Path("/tmp/innokg-scale"))
    ap.add_argument("--skip", action="append", default=[], help="a step to leave out (build, validate, query, "
                                                                  "analyze, report)")
    args = ap.parse_args()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    work = args.work
    db, out = work / "db", work / "out"
    if "build" not in args.skip:
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
    print(f"data: {args.data} ({args.data.stat().st_size / 2**20:.0f} MiB)\n")
    print("| command | wall s | peak GiB | exit | last line |")
    print("|---|---|---|---|---|")
    rows = []
    if "build" not in args.skip:
        rows.append(run("build --store", ["build", "--graph", str(args.data), "--engine", "sparql", "--store",
                                          str(db), "-o", str(out)], env))
    if "validate" not in args.skip:
        rows.append(run("validate --store", ["validate", "--store", str(db), "--severity", "violation"], env))
    if "query" not in args.skip:
        for q in QUERIES:
            rows.append(run(f"query {q} --store", ["query", q, "--store", str(db), "--format", "csv"], env))
    if "analyze" not in args.skip:
        rows.append(run("analyze --store", ["analyze", "--store", str(db), "--no-validate", "-k", "200",
                                            "-o", str(work / "analysis")], env))
    if "report" not in args.skip:
        rows.append(run("report --store", ["report", "--store", str(db), "--no-validate", "-k", "200",
                                           "-o", str(work / "report")], env))
    worst = max(rows, key=lambda r: r["peak"])
    print(f"\nhighest peak: {worst['name']} {worst['peak'] / 1024:.2f} GiB (budget 4 GiB); "
          f"store on disk: {sum(f.stat().st_size for f in db.rglob('*') if f.is_file()) / 2**30:.2f} GiB")


if __name__ == "__main__":
    main()
