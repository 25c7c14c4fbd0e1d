"""The on-disk route at scale: build → validate → query → analyze → report → publish → serve on ``--store``, each
command a process of its own, with its wall time, its CPU time (user + system, with the processes below it that it
waited for: less sensitive than the wall time to a shared machine's load) and peak memory: the command's own
maximum resident set (``wait4``) and the highest sum of the resident sets of its whole process tree (the command
and every process below it, read from ``/proc`` every half second), so worker processes count too.

Usage (repository root)::

    python3 benchmarks/synthetic.py --statements 10000000 -o /tmp/syn10m.nq.gz
    python3 benchmarks/store_scale.py /tmp/syn10m.nq.gz [--work /tmp/scale] [--skip report]
    python3 benchmarks/store_scale.py /tmp/syn10m.nq.gz --store /tmp/scale/w10m/db --work /tmp/p10m \
        --only publish --only serve --stop-above 6

``publish --store`` writes the site to ``WORK/site``. ``serve --store`` is started on 127.0.0.1 (any free port);
once it prints the address it serves, the script asks for the index page, the VoID description, the SPARQL
service description, an entity IRI (a 303 to its page), the entity's HTML page and Turtle, an explorer search and
two SPARQL queries, then stops the server (SIGTERM); its row is the whole life of the process tree (the server and
its query workers), start-up included. ``--stop-above GIB`` stops a command (SIGTERM, then SIGKILL) whose process
tree's resident set passes GIB, so that a command far over the budget shows that it is without taking the shared
machine's memory; ``--stop-after S`` stops one that runs longer than S seconds. A stopped command's row says so.

The commands are those a user types (``python -m innokg.cli`` with this checkout's ``src/`` first on the path);
every one of them reads the store the first one built. The peak of every command is printed beside the 4 GiB
budget of issue 17.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASE = "https://w3id.org/innokg/"
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


def stop_tree(proc: subprocess.Popen) -> None:
    """SIGTERM to the command (its own handler removes half-written output), SIGKILL to what is left after 60 s."""
    def running() -> bool:  # without reaping it: the caller's wait4 does, for its resource usage
        return os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is None

    try:
        os.kill(proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and running():
            time.sleep(0.5)
        if running():
            os.kill(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, ChildProcessError):
        pass


def run(name: str, args: list[str], env: dict, log, *, stop_above: float | None = None,
        stop_after: float | None = None, client=None) -> dict:
    """Run ``innokg ARGS`` and measure it. ``client(proc, log_path)``, when given, runs beside the command (the
    server's requests) and returns a note for the row; the command is stopped when it returns."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "innokg.cli", *args], env=env, cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=log)
    peak = [0]
    stopped: list[str] = []
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.5):
            peak[0] = max(peak[0], tree_rss(proc.pid))
            if stopped:
                continue
            if stop_above is not None and peak[0] > stop_above * 2**30:
                stopped.append(f"stopped: process tree above {stop_above:g} GiB after "
                               f"{time.perf_counter() - t0:.0f} s")
            elif stop_after is not None and time.perf_counter() - t0 > stop_after:
                stopped.append(f"stopped after {stop_after:g} s")
            else:
                continue
            threading.Thread(target=stop_tree, args=(proc,), daemon=True).start()

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    note = ""
    if client is not None:
        try:
            note = client(proc, log.name)
        finally:
            if not stopped and os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is None:
                stopped.append("")  # stopped by the script once the requests were answered: not a failure
                stop_tree(proc)
    _, status, usage = os.wait4(proc.pid, 0)
    done.set()
    sampler.join()
    code = os.waitstatus_to_exitcode(status)
    log.flush()
    with open(log.name, errors="replace") as fh:
        last = (fh.read().strip().splitlines() or [""])[-1][:150]
    last = "; ".join(x for x in (stopped[0] if stopped else "", note, last) if x)
    row = {"name": name, "wall": time.perf_counter() - t0, "peak": usage.ru_maxrss / 1024, "tree": peak[0] / 2**20,
           "code": code, "last": last, "cpu": usage.ru_utime + usage.ru_stime}
    print(f"| {name} | {row['wall']:.1f} | {row['cpu']:.1f} | {row['peak'] / 1024:.2f} | {row['tree'] / 1024:.2f} | "
          f"{code} | {last} |", flush=True)
    return row


def serve_client(entity: str, timeout: float):
    """The requests ``serve --store`` is asked once it serves (see the module's text); returns ``client`` for
    :func:`run`."""
    sparql = ["SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s a <https://w3id.org/innokg/ontology#Project> } }",
              f"SELECT ?p ?o WHERE {{ <{entity}> ?p ?o }} LIMIT 100"]
    path = "/" + entity[len(BASE):]  # /id/…: the server serves the base IRI's space at its root

    def client(proc: subprocess.Popen, log_path: str) -> str:
        deadline = time.monotonic() + timeout
        url = None
        while (url is None and time.monotonic() < deadline
               and os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is None):
            with open(log_path, errors="replace") as fh:
                found = re.findall(r"serving (http://\S+/) ", fh.read())
            url = found[-1] if found else None  # the log is shared: the last server's line
            if url is None:
                time.sleep(1)
        if url is None:
            return "never served"
        answers = []

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *a, **k):
                return None

        opener = urllib.request.build_opener(NoRedirect)
        asks = [("/", "text/html"), ("/void.ttl", "text/turtle"), ("/sparql", "text/turtle"),
                (path, "text/html"), ("/doc" + path[len("/id"):] + ".html", "text/html"),
                ("/doc" + path[len("/id"):] + ".ttl", "text/turtle"), ("/explore?q=project", "text/html"),
                *((("/sparql?" + urllib.parse.urlencode({"query": q})), "application/sparql-results+json")
                  for q in sparql)]
        for ask, accept in asks:
            t = time.perf_counter()
            try:
                with opener.open(urllib.request.Request(url.rstrip("/") + ask, headers={"Accept": accept}),
                                 timeout=600) as resp:
                    size, status = len(resp.read()), resp.status
            except urllib.error.HTTPError as exc:
                size, status = len(exc.read()), exc.code
            except OSError as exc:
                size, status = 0, type(exc).__name__
            answers.append(f"{ask.split('?')[0]} {status} {size} B {time.perf_counter() - t:.1f} s")
        return "requests: " + ", ".join(answers)

    return client


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data", type=Path)
    ap.add_argument("--work", type=Path, default=Path("/tmp/innokg-scale"))
    ap.add_argument("--store", type=Path, default=None,
                    help="a store 'innokg build --store' made from DATA, to use instead of WORK/db (no build; it is "
                         "only read)")
    steps = ("build", "validate", "query", "analyze", "report", "publish", "serve")
    ap.add_argument("--skip", action="append", default=[], choices=steps, help="a step to leave out")
    ap.add_argument("--only", action="append", default=[], choices=steps, help="run only this step (repeatable)")
    ap.add_argument("--query", dest="queries", action="append", default=None, choices=QUERIES, metavar="NAME",
                    help="a library query the query step runs (repeatable; default: all of " + ", ".join(QUERIES) + ")")
    ap.add_argument("--stop-above", type=float, default=None, metavar="GIB",
                    help="stop a command whose process tree's resident set passes GIB")
    ap.add_argument("--stop-after", type=float, default=None, metavar="S", help="stop a command after S seconds")
    ap.add_argument("--entity", default="https://w3id.org/innokg/id/project/syn-0",
                    help="the entity whose pages serve is asked for")
    args = ap.parse_args()
    skip = set(args.skip) | (set(steps) - set(args.only) if args.only else set())
    if args.store is not None:
        skip.add("build")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    work = args.work
    db, out = args.store or work / "db", work / "out"
    if "build" not in skip:
        shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True, exist_ok=True)
    limits = {"stop_above": args.stop_above, "stop_after": args.stop_after}
    print(f"data: {args.data} ({args.data.stat().st_size / 2**20:.0f} MiB); store: {db}\n")
    print("| command | wall s | CPU s | peak GiB (process) | peak GiB (process tree, sampled) | exit | last line |")
    print("|---|---|---|---|---|---|---|")
    rows = []
    # every command's stderr (its progress lines) goes to one log beside the store, appended command by command
    stderr_log = open(work / "stderr.log", "a")  # noqa: SIM115 - closed at the end of main
    if "build" not in skip:
        rows.append(run("build --store", ["build", "--graph", str(args.data), "--engine", "sparql", "--store",
                                          str(db), "-o", str(out)], env, stderr_log, **limits))
    if "validate" not in skip:
        rows.append(run("validate --store", ["validate", "--store", str(db), "--severity", "violation"], env,
                        stderr_log, **limits))
    if "query" not in skip:
        for q in args.queries or QUERIES:
            rows.append(run(f"query {q} --store", ["query", q, "--store", str(db), "--format", "csv"], env,
                            stderr_log, **limits))
    if "analyze" not in skip:
        rows.append(run("analyze --store", ["analyze", "--store", str(db), "--no-validate", "-k", "200",
                                            "-o", str(work / "analysis")], env, stderr_log, **limits))
    if "report" not in skip:
        rows.append(run("report --store", ["report", "--store", str(db), "--no-validate", "-k", "200",
                                           "-o", str(work / "report")], env, stderr_log, **limits))
    if "publish" not in skip:
        rows.append(run("publish --store", ["publish", str(work / "site"), "--store", str(db), "--issued",
                                            "2026-12-03"], env, stderr_log, **limits))
    if "serve" not in skip:
        rows.append(run("serve --store", ["serve", "--store", str(db), "--port", "0"], env, stderr_log, **limits,
                        client=serve_client(args.entity, timeout=args.stop_after or 4 * 3600)))
    stderr_log.close()
    worst = max(rows, key=lambda r: max(r["peak"], r["tree"]))
    print(f"\nhighest peak: {worst['name']} {max(worst['peak'], worst['tree']) / 1024:.2f} GiB (budget 4 GiB); "
          f"store on disk: {sum(f.stat().st_size for f in db.rglob('*') if f.is_file()) / 2**30:.2f} GiB")


if __name__ == "__main__":
    main()
