"""Benchmark: every library query on one dataset with three engines, in one run.

Engines: **pyoxigraph** in process (what ``innokg query`` runs), **Oxigraph's server**
(``oxigraph serve --union-default-graph`` on 127.0.0.1) and **Virtuoso** 7.2 (Debian's
``virtuoso-opensource``, started by this script on 127.0.0.1 in a folder of its own,
bulk-loaded with ``ld_dir``). Each query runs once per engine with its default parameters
(the curated graph's values where a parameter has no default), with a time limit; rows are
compared to pyoxigraph's (GROUP_CONCAT parts in any order) and counted. A query's ratio is
innokg's time over the fastest engine that gave the same rows.

Dataset: ``--data FILE`` (N-Quads, e.g. a built ``out/innokg.nq``), or ``--cordis`` to make
it here from ``../shared/data``: ``innokg import mappings/cordis-h2020.yaml`` (all of H2020),
reasoned and summarised by ``innokg.pipeline.prepare`` (no validation; with the derived summary
graph, :mod:`innokg.summary`), written to ``benchmarks/work`` (``--work DIR`` for another folder).
``--warm-up`` first runs every selected query once on each engine, untimed, so that no engine's
first queries pay for a cold cache (Virtuoso's, after its bulk load).

Run:  python3 benchmarks/query_engines.py --cordis [--timeout 120] [--buffers 300000] [--warm-up]
Prints a Markdown table (paste into benchmarks/README.md) and writes
``query-engines.json`` into the work folder.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import statistics
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / "work"
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

import pyoxigraph as ox  # noqa: E402

from innokg.sparql import bind_parameters, load_library, run_local, run_remote  # noqa: E402
from innokg.sparql.library import resolve_parameters  # noqa: E402
from support.oxigraph_server import start_oxigraph, stop  # noqa: E402
from support.sparql_curated import CURATED_PARAMS, unordered_concat  # noqa: E402
from support.virtuoso import start_virtuoso, virtuoso_missing  # noqa: E402


def cordis_dataset(work: Path = WORK) -> Path:
    """All of CORDIS H2020 imported, reasoned and summarised, as N-Quads (made once, kept in ``work``).

    ``prepare`` adds the derived summary graph after reasoning (``graph/summary``, :mod:`innokg.summary`); the file
    made before it (``cordis-h2020-reasoned.nq``, without that graph) is not read. The import is reused where it is.
    """
    out = work / "cordis-h2020-prepared.nq"
    if out.exists():
        return out
    work.mkdir(parents=True, exist_ok=True)
    raw = work / "cordis-h2020.nq.gz"
    if not raw.exists():
        done = subprocess.run([sys.executable, "-m", "innokg.cli", "import", str(ROOT / "mappings" / "cordis-h2020.yaml"),
                               "-o", str(raw)], cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT / "src")))
        if done.returncode not in (0, 1) or not raw.exists():  # 1: written, with [WARNING] findings (rows left out)
            raise SystemExit(f"innokg import failed (exit {done.returncode}): {raw} not made")
    from innokg.pipeline import prepare

    store = prepare([raw], validate=False, engine="sparql", log=lambda m: print(m, file=sys.stderr)).store
    tmp = out.with_suffix(".part")
    ox.serialize(store, output=str(tmp), format=ox.RdfFormat.N_QUADS)
    tmp.rename(out)
    return out


def start_loaded_oxigraph(folder: Path, data: Path):
    """``oxigraph load`` the data, then serve it on loopback (the test suite's starter)."""
    exe = shutil.which("oxigraph")
    if exe is None:
        raise SystemExit("the 'oxigraph' command is missing (pip install oxigraph)")
    subprocess.run([exe, "load", "--location", str(folder), "--file", str(data)], check=True,
                   stdout=subprocess.DEVNULL)
    proc, base = start_oxigraph(folder)
    return proc, f"{base}/query"


def timed(run, text, timeout):
    t = time.perf_counter()
    try:
        res = run(text, timeout)
    except Exception as exc:  # noqa: BLE001 - every engine failure is a row in the table
        return None, time.perf_counter() - t, str(exc).splitlines()[0][:120]
    return res, time.perf_counter() - t, None


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path)
    ap.add_argument("--cordis", action="store_true")
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("--buffers", type=int, default=300000, help="Virtuoso's 8 kB cache pages")
    ap.add_argument("--only", help="comma-separated query names")
    ap.add_argument("--repeat", type=int, default=1,
                    help="run a query that answered within a second this many times more on each engine and keep "
                         "the median (a single run of a few milliseconds is noise: a pause of 15 ms moves a ratio 4x)")
    ap.add_argument("--work", type=Path, default=WORK,
                    help="folder of the --cordis dataset (made there once; its import reused if present)")
    ap.add_argument("--warm-up", action="store_true",
                    help="run every selected query once on each engine, untimed, before the timed runs (warm caches)")
    a = ap.parse_args()
    data = a.data or (cordis_dataset(a.work) if a.cordis else None)
    if data is None:
        raise SystemExit("give --data FILE.nq or --cordis")
    library = [q for q in load_library(ROOT / "queries") if not a.only or q.name in a.only.split(",")]
    results: dict = {"data": str(data), "queries": {}}
    with tempfile.TemporaryDirectory(prefix="innokg-engines-") as tmp:
        t = time.perf_counter()
        store = ox.Store()
        store.bulk_load(path=str(data), format=ox.RdfFormat.N_QUADS)
        results["load"] = {"pyoxigraph": round(time.perf_counter() - t, 1)}
        results["statements"] = len(store)
        t = time.perf_counter()
        oxi, oxi_ep = start_loaded_oxigraph(Path(tmp) / "oxigraph", data)
        results["load"]["oxigraph server"] = round(time.perf_counter() - t, 1)
        virt = None
        if virtuoso_missing():
            print(virtuoso_missing(), file=sys.stderr)
        else:
            t = time.perf_counter()
            virt = start_virtuoso(Path(tmp) / "virtuoso", buffers=a.buffers, timeout=int(a.timeout))
            virt.load_nquads(data)
            results["load"]["virtuoso"] = round(time.perf_counter() - t, 1)
        engines = {"pyoxigraph": lambda text, to: run_local(store, text),
                   "oxigraph server": lambda text, to: run_remote(oxi_ep, text, timeout=to)}
        if virt:
            engines["virtuoso"] = lambda text, to: run_remote(virt.endpoint, text, timeout=to)
        def bound(q):
            given = [f"{p.name}={CURATED_PARAMS[p.name]}" for p in q.params if p.required and p.default is None]
            return bind_parameters(q.text, resolve_parameters(q, given))

        try:
            if a.warm_up:
                t = time.perf_counter()
                for q in library:
                    for run in engines.values():
                        timed(run, bound(q), a.timeout)
                results["warm-up"] = round(time.perf_counter() - t, 1)
                print(f"warm-up: every query once on each engine, {results['warm-up']} s", file=sys.stderr)
            for q in library:
                text = bound(q)
                row: dict = {}
                ref = None
                for name, run in engines.items():
                    res, secs, err = timed(run, text, a.timeout)
                    if a.repeat > 1 and err is None and secs < 1.0:
                        again = [secs] + [timed(run, text, a.timeout)[1] for _ in range(a.repeat)]
                        secs = statistics.median(again)
                    if name == "pyoxigraph":
                        ref = unordered_concat(res.rows, text) if res is not None else None
                    same = res is not None and ref is not None and unordered_concat(res.rows, text) == ref
                    row[name] = {"seconds": round(secs, 3), "rows": len(res.rows) if res is not None else None,
                                 "same": same if name != "pyoxigraph" else res is not None, "error": err}
                results["queries"][q.name] = row
                print(q.name, json.dumps(row), file=sys.stderr, flush=True)
        finally:
            stop(oxi)
            if virt:
                virt.stop()
    a.work.mkdir(parents=True, exist_ok=True)
    (a.work / "query-engines.json").write_text(json.dumps(results, indent=2))
    names = list(engines)
    print(f"{results['statements']:,} statements; load (s): " + ", ".join(f"{k} {v}" for k, v in results["load"].items()))
    print("| query | rows | " + " | ".join(names) + " | innokg ÷ best correct |")
    print("|---|---:|" + "---:|" * len(names) + "---:|")
    for qn, row in results["queries"].items():
        cells = []
        for n in names:
            r = row[n]
            if r["error"]:
                cells.append("error" if "timed out" not in r["error"].lower() else f"> {a.timeout:g}")
            else:
                cells.append(f"{r['seconds']:.{3 if r['seconds'] < 1 else 2}f}" + ("" if r["same"] else " (wrong)"))
        correct = [row[n]["seconds"] for n in names if not row[n]["error"] and row[n]["same"]]
        ours = row["pyoxigraph"]
        if correct and not ours["error"] and min(correct) > 0:
            ratio = f"{ours['seconds'] / min(correct):.2f}"
        else:  # innokg under half a millisecond (0.000 s, the fastest) is 1.00; no correct answer at all is "–"
            ratio = "1.00" if correct and not ours["error"] and ours["seconds"] == min(correct) else "–"
        print(f"| {qn} | {row['pyoxigraph']['rows']} | " + " | ".join(cells) + f" | {ratio} |")


if __name__ == "__main__":
    main()
