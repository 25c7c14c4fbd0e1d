"""``innokg push`` (streaming, SPARQL Update and Graph Store Protocol) against ``oxigraph load`` of the same file,
in one run: wall time, peak memory, and the push's memory over time (is it flat?).

Each contender runs as its own process; peak memory is the process's maximum resident set (``wait4``), and the
push's resident set is sampled every 0.5 s from ``/proc/PID/status`` while it runs. The push goes to an Oxigraph
server (``oxigraph serve``, PyPI package ``oxigraph``) on 127.0.0.1 with an empty on-disk store; ``oxigraph load``
fills another empty store from the same N-Quads file.

Usage (repository root)::

    innokg import mappings/cordis-h2020.yaml -o /tmp/h2020.nq      # all of H2020: 2.26 M statements
    python3 benchmarks/push_benchmark.py /tmp/h2020.nq [--batch-size 5000]
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mib(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def run(cmd: list[str], env: dict[str, str] | None = None) -> dict:
    """Run ``cmd``; wall seconds, peak RSS (MiB) and RSS samples every 0.5 s."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    samples = []
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        rss = rss_mib(proc.pid)
        if rss:
            samples.append(rss)
        time.sleep(0.5)
    wall = time.perf_counter() - t0
    err = proc.stderr.read().decode(errors="replace")
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{cmd[:3]} failed: {err[-2000:]}")
    return {"wall": wall, "peak": usage.ru_maxrss / 1024, "samples": samples, "stderr": err}


def serve(location: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen([shutil.which("oxigraph"), "serve", "--location", str(location), "--bind",
                             f"127.0.0.1:{port}", "--union-default-graph"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=2).read()
            return proc, base
        except OSError:
            time.sleep(0.1)
    proc.kill()
    sys.exit("oxigraph serve did not start")


def count(base: str) -> int:
    q = urllib.parse.quote("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    req = urllib.request.Request(f"{base}/query?query={q}", headers={"Accept": "text/csv"})
    return int(urllib.request.urlopen(req, timeout=600).read().decode().splitlines()[1])


def flatness(samples: list[float]) -> str:
    """RSS after the first 10 % of the run: min / median / max, MiB."""
    if len(samples) < 4:
        return "too short to sample"
    tail = sorted(samples[len(samples) // 10:])
    return f"{tail[0]:.0f} / {tail[len(tail) // 2]:.0f} / {tail[-1]:.0f} MiB"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data", type=Path, help="an N-Quads file (innokg import … -o FILE.nq)")
    ap.add_argument("--batch-size", type=int, default=5000)
    args = ap.parse_args()
    if shutil.which("oxigraph") is None:
        sys.exit("the 'oxigraph' command is missing: pip install oxigraph")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    size = args.data.stat().st_size / 2**20
    print(f"data: {args.data} ({size:.0f} MiB)")
    rows = []
    with tempfile.TemporaryDirectory(prefix="push-bench-") as tmp:
        tmp = Path(tmp)
        r = run([shutil.which("oxigraph"), "load", "--location", str(tmp / "loaded"), "--file", str(args.data)])
        proc, base = serve(tmp / "loaded")
        try:
            n = count(base)
        finally:
            proc.terminate()
            proc.wait()
        rows.append(("oxigraph load (bulk loader, no server)", r, n))
        for protocol, path in (("update", "/update"), ("gsp", "/store")):
            proc, base = serve(tmp / f"pushed-{protocol}")
            try:
                r = run([sys.executable, "-m", "innokg.cli", "push", "--endpoint", base + path, "--protocol",
                         protocol, "--data", str(args.data), "--batch-size", str(args.batch_size)], env=env)
                n = count(base)
            finally:
                proc.terminate()
                proc.wait()
            rows.append((f"innokg push --protocol {protocol} (to oxigraph serve)", r, n))
    best = rows[0][1]["wall"]
    print("\n| route | statements in the store | wall s | × oxigraph load | peak RSS MiB | RSS while running (min / median / max) |")
    print("|---|---|---|---|---|---|")
    for name, r, n in rows:
        print(f"| {name} | {n:,} | {r['wall']:.1f} | {r['wall'] / best:.2f} | {r['peak']:.0f} | {flatness(r['samples'])} |")


if __name__ == "__main__":
    main()
