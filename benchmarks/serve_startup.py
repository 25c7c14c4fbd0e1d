"""Benchmark: how long ``innokg serve`` takes to start, and where the time goes.

Run from the repository root::

    python3 benchmarks/serve_startup.py --data cordis-de.nq [--baseline-src ../main/src] [--runs 2]

Starts ``innokg serve --port 0 --data FILE`` (2 query workers, the defaults otherwise) and measures the wall time
from the process start to the ``serving http://…`` line, then stops it; prints the server's own line that splits
the time (``started in … s: data … s, site … s, then waited … s for the query workers …, explorer index and pages
… s``). With ``--baseline-src``, the same is done with the code of that ``src`` folder (e.g. another checkout),
alternating run by run, so that both see the same machine.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def start_once(src: Path, data: Path, log: Path) -> tuple[float, str]:
    env = dict(os.environ, PYTHONPATH=str(src))
    t = time.monotonic()
    with open(log, "w") as fh:
        proc = subprocess.Popen([sys.executable, "-m", "innokg.cli", "serve", "--host", "127.0.0.1", "--port", "0",
                                 "--data", str(data), "--workers", "2"], cwd=ROOT, env=env,
                                stdout=subprocess.DEVNULL, stderr=fh, start_new_session=True)
        try:
            while True:
                text = log.read_text()
                if re.search(r"serving http://", text):
                    took = time.monotonic() - t
                    break
                if proc.poll() is not None:
                    sys.exit("server exited: " + text)
                if time.monotonic() - t > 600:
                    sys.exit("server did not start in 600 s")
                time.sleep(0.1)
            time.sleep(0.5)
            phases = re.search(r"started in .*", log.read_text())
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
    return took, phases.group(0) if phases else "(no phases logged)"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--baseline-src", type=Path, default=None)
    ap.add_argument("--runs", type=int, default=1)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="innokg-startup-"))
    sides = [("this tree", ROOT / "src")] + ([("baseline", args.baseline_src.resolve())] if args.baseline_src else [])
    times: dict[str, list[float]] = {name: [] for name, _ in sides}
    for run in range(args.runs):
        for name, src in sides:
            took, phases = start_once(src, args.data, work / f"serve-{name.replace(' ', '-')}-{run}.log")
            times[name].append(took)
            print(f"run {run + 1}, {name} ({src}): serving after {took:.1f} s — {phases}", flush=True)
    for name, xs in times.items():
        print(f"{name}: {', '.join(f'{x:.1f}' for x in xs)} s")
    if args.baseline_src:
        ratios = [a / b for a, b in zip(times["this tree"], times["baseline"])]
        print("this tree / baseline, run by run: " + ", ".join(f"{r:.2f}" for r in ratios))
    return 0


if __name__ == "__main__":
    sys.exit(main())
