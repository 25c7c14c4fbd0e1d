"""The on-disk route at scale: build → validate → query → analyze → report on ``--store``, each command a process of
its own, with its wall time and peak memory: the command's own maximum resident set (``wait4``) and the
highest sum of the resident sets of its whole process tree (the command and every process below it, read from
``/proc`` every half second), so worker processes count too.

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
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ["funding-by-programme", "funding-by-region", "organizations-by-sector", "projects-by-region",
           "organizations-in-several-groups", "completeness-gaps"]


def tree_rss(root: int) -> int:
    """The resident set of process ``root`` and all its descendants, in bytes (0 once it is gone)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry.name)
        children.setdefault(int(fields[1]), []).append(pid)  # fields[1]: the parent's id
        rss[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")  # fields[21]: resident pages
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, []))
    return total


def run(name: str, args: list[str], env: dict, log) -> dict:
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "innokg.cli", *args], env=env, cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=log)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.5):
            peak[0] = max(peak[0], tree_rss(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    done.set()
    sampler.join()
    code = os.waitstatus_to_exitcode(status)
    log.flush()
    with open(log.name, errors="replace") as fh:
        last = (fh.read().strip().splitlines() or [""])[-1][:150]
    row = {"name": name, "wall": time.perf_counter() - t0, "peak": usage.ru_maxrss / 1024, "tree": peak[0] / 2**20,
           "code": code, "last": last}
    print(f"| {name} | {row['wall']:.1f} | {row['peak'] / 1024:.2f} | {row['tree'] / 1024:.2f} | {code} | {last} |",
          flush=True)
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
    print("| command | wall s | peak GiB (process) | peak GiB (process tree, sampled) | exit | last line |")
    print("|---|---|---|---|---|---|")
    rows = []
    # every command's stderr (its progress lines) goes to one log beside the store, appended command by command
    stderr_log = open(work / "stderr.log", "a")  # noqa: SIM115 - closed at the end of main
    if "build" not in args.skip:
        rows.append(run("build --store", ["build", "--graph", str(args.data), "--engine", "sparql", "--store",
                                          str(db), "-o", str(out)], env, stderr_log))
    if "validate" not in args.skip:
        rows.append(run("validate --store", ["validate", "--store", str(db), "--severity", "violation"], env, stderr_log))
    if "query" not in args.skip:
        for q in QUERIES:
            rows.append(run(f"query {q} --store", ["query", q, "--store", str(db), "--format", "csv"], env, stderr_log))
    if "analyze" not in args.skip:
        rows.append(run("analyze --store", ["analyze", "--store", str(db), "--no-validate", "-k", "200",
                                            "-o", str(work / "analysis")], env, stderr_log))
    if "report" not in args.skip:
        rows.append(run("report --store", ["report", "--store", str(db), "--no-validate", "-k", "200",
                                           "-o", str(work / "report")], env, stderr_log))
    stderr_log.close()
    worst = max(rows, key=lambda r: max(r["peak"], r["tree"]))
    print(f"\nhighest peak: {worst['name']} {max(worst['peak'], worst['tree']) / 1024:.2f} GiB (budget 4 GiB); "
          f"store on disk: {sum(f.stat().st_size for f in db.rglob('*') if f.is_file()) / 2**30:.2f} GiB")


if __name__ == "__main__":
    main()
