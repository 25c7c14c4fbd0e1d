"""The whole pipeline on real data: import → reason → load → validate → query library → analysis.

Runs on the German part of CORDIS H2020 (participations with country DE) and on all of
H2020, and in the same run the plain-library baseline: rdflib memory store, pyshacl on
the whole graph, the same queries through rdflib, networkx exact betweenness. Every step
runs in its own child process (so that its peak memory is its own and a baseline step
that does not finish can be stopped); the figures are printed as a Markdown table.

    python benchmarks/pipeline_benchmark.py                      # both scenarios, baseline limit 600 s
    python benchmarks/pipeline_benchmark.py --scenario de --baseline-timeout 300

Memory is the peak resident set size of the step's process (VmHWM), in MiB.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

SCENARIOS = {
    "de": {"where": {"country": "DE"}, "label": "CORDIS H2020, German participations"},
    "all": {"where": {}, "label": "CORDIS H2020, all participations"},
}
SHAPES_FALLBACK = ROOT / "tests" / "fixtures" / "shapes" / "import-shapes.ttl"


def shapes_files() -> tuple[list[Path], str]:
    d = ROOT / "shapes"
    files = sorted(d.glob("*.ttl")) if d.is_dir() else []
    if files:
        return files, "shapes/"
    return [SHAPES_FALLBACK], "stand-in shapes (tests/fixtures/shapes/import-shapes.ttl; shapes/ not yet on main)"


def peak_rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def ontology_graph():
    import rdflib

    g = rdflib.Graph()
    for f in sorted((ROOT / "ontology").glob("*.ttl")):
        g.parse(f, format="turtle")
    return g


# ---------------------------------------------------------------------------- steps (child side)

def step_import(work: Path, scenario: str, data: str | None) -> dict:
    from innokg.ingest.mapping import load_mapping, run_mapping

    m = load_mapping(ROOT / "mappings" / "cordis-h2020.yaml", data)
    problems = []
    with open(work / "data.nq", "w", encoding="utf-8") as fh:
        stats = run_mapping(m, fh, where=SCENARIOS[scenario]["where"], report=problems.append)
    return {"statements": stats["quads"], "rows": stats["mapped"], "reported": len(problems)}


def step_reason(work: Path) -> dict:
    import pyoxigraph as ox

    from innokg.reason.rules import INFERRED, compile_rules, infer_stream

    onto = ontology_graph()
    triples = infer_stream(ox.parse(path=str(work / "data.nq"), format=ox.RdfFormat.N_QUADS),
                           compile_rules(onto), onto)
    g = ox.NamedNode(INFERRED)
    ox.serialize((ox.Quad(t.subject, t.predicate, t.object, g) for t in triples),
                 output=str(work / "inferred.nq"), format=ox.RdfFormat.N_QUADS)
    return {"statements": len(triples)}


def ours_store(work: Path):
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(path=str(work / "data.nq"), format=ox.RdfFormat.N_QUADS)
    if (work / "inferred.nq").exists():
        store.bulk_load(path=str(work / "inferred.nq"), format=ox.RdfFormat.N_QUADS)
    for f in sorted((ROOT / "ontology").glob("*.ttl")):
        store.bulk_load(path=str(f), format=ox.RdfFormat.TURTLE,
                        to_graph=ox.NamedNode("https://w3id.org/innokg/graph/ontology"))
    return store


def library_queries() -> list[tuple[str, str]]:
    """(name, text) of every library query whose parameters all have defaults (defaults bound)."""
    from innokg.sparql.binding import bind_parameters, parse_value
    from innokg.sparql.library import load_library

    out = []
    for q in load_library():
        if any(p.required and p.default is None for p in q.params):
            continue
        text = q.text
        binds = {p.name: parse_value(p.default, p.type, prefixes=q.prefixes) for p in q.params if p.default is not None}
        out.append((q.name, bind_parameters(text, binds) if binds else text))
    return out


def query_worker(work: Path, engine: str) -> None:
    """Load once, then answer query names read from stdin with one JSON line each."""
    if engine == "ours":
        store = ours_store(work)

        def run(text):
            return _count(store.query(text, use_default_graph_as_union=True))
    else:
        ds = baseline_dataset(work)

        def run(text):
            return _count(ds.query(text))
    texts = dict(library_queries())
    print(json.dumps({"ready": True, "peak_mib": round(peak_rss_mib())}), flush=True)
    timeout = float(os.environ.get("INNOKG_BENCH_QUERY_TIMEOUT", "60"))
    for line in sys.stdin:
        name = line.strip()
        # each query in a forked copy of the loaded process, killed at the time-out: a slow
        # query costs its time-out, not a reload of the data (rdflib: minutes on all of H2020)
        rfd, wfd = os.pipe()
        t0 = time.perf_counter()
        pid = os.fork()
        if pid == 0:  # child
            os.close(rfd)
            try:
                n, err = run(texts[name]), None
            except Exception as exc:  # noqa: BLE001 - reported, the benchmark goes on
                n, err = 0, f"{type(exc).__name__}: {exc}"[:120]
            os.write(wfd, json.dumps({"name": name, "rows": n, "seconds": time.perf_counter() - t0,
                                      "error": err, "peak_mib": round(peak_rss_mib())}).encode())
            os._exit(0)
        os.close(wfd)
        import selectors

        sel = selectors.DefaultSelector()
        sel.register(rfd, selectors.EVENT_READ)
        if sel.select(timeout):
            chunks = []
            while chunk := os.read(rfd, 65536):
                chunks.append(chunk)
            os.waitpid(pid, 0)
            out = json.loads(b"".join(chunks) or b'{"error": "child died"}')
            out.setdefault("name", name)
        else:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
            out = {"name": name, "timeout": True, "peak_mib": round(peak_rss_mib())}
        os.close(rfd)
        print(json.dumps(out), flush=True)


def run_queries(work: Path, engine: str, per_query: float, load_timeout: float, budget: float = 1e9) -> dict:
    """Every runnable library query through a worker; a query over ``per_query`` s is stopped.

    After a stopped query the worker is restarted (the store loaded again); after ``budget``
    seconds in all, the remaining queries are not run.
    """
    import selectors

    names = [n for n, _ in library_queries()]
    cmd = [sys.executable, __file__, "--child", f"query-worker-{engine}", "--work", str(work)]
    env = os.environ | {"INNOKG_BENCH_QUERY_TIMEOUT": str(per_query)}
    done: dict[str, dict] = {}
    peak = 0
    load_s = None
    t_all = time.perf_counter()
    while len(done) < len(names):
        if time.perf_counter() - t_all > budget:
            for n in names:
                done.setdefault(n, {"skipped": True})
            break
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)
        sel = selectors.DefaultSelector()
        sel.register(proc.stdout, selectors.EVENT_READ)
        if not sel.select(load_timeout):
            proc.kill()
            return {"note": f"store not loaded within {load_timeout:.0f} s"}
        ready = json.loads(proc.stdout.readline())
        load_s = load_s if load_s is not None else time.perf_counter() - t0
        peak = max(peak, ready["peak_mib"])
        for name in names:
            if name in done:
                continue
            proc.stdin.write(name + "\n")
            proc.stdin.flush()
            if not sel.select(min(per_query + 30, max(1.0, budget - (time.perf_counter() - t_all)))):
                proc.kill()
                proc.wait()
                done[name] = {"timeout": True}
                break
            r = json.loads(proc.stdout.readline())
            peak = max(peak, r.get("peak_mib", 0))
            done[name] = r
        else:
            proc.stdin.close()
            proc.wait()
    answered = [r for r in done.values() if "seconds" in r and not r.get("error")]
    slow = sorted(answered, key=lambda r: -r["seconds"])[:1]
    return {"seconds": round(time.perf_counter() - t_all, 1), "peak_mib": peak,
            "store load": f"{load_s:.1f} s", "queries answered": len(answered),
            "total query time": f"{sum(r['seconds'] for r in answered):.1f} s",
            "slowest answered": f"{slow[0]['name']} {slow[0]['seconds']:.1f} s" if slow else "—",
            f"stopped after {per_query:.0f} s": ", ".join(sorted(n for n, r in done.items() if r.get("timeout"))) or "none",
            "failed": ", ".join(sorted(n for n, r in done.items() if r.get("error"))) or "none",
            f"not run (budget {budget:.0f} s spent)": len([r for r in done.values() if r.get("skipped")]),
            "_per_query": done}


def query_table(ours: dict, base: dict, per_query: float) -> str:
    """Markdown: seconds per library query, ours against the baseline, and the totals."""
    def cell(r):
        if r is None or r.get("skipped"):
            return "not run"
        if r.get("timeout"):
            return f"> {per_query:.0f}"
        if r.get("error"):
            return "error"
        return f"{r['seconds']:.3f}"

    lines = ["| query | pyoxigraph s | rdflib s | ratio |", "|---|---:|---:|---:|"]
    tot_o = tot_b = 0.0
    lower = False
    for name in sorted(set(ours) | set(base)):
        o, b = ours.get(name), base.get(name)
        ratio = ""
        if o and "seconds" in o and not o.get("error") and b and not b.get("skipped") and not b.get("error"):
            bs = per_query if b.get("timeout") else b["seconds"]
            tot_o += o["seconds"]
            tot_b += bs
            lower |= bool(b.get("timeout"))
            if o["seconds"] >= 0.001:
                ratio = f"{'>' if b.get('timeout') else ''}{bs / o['seconds']:.1f}×"
        lines.append(f"| {name} | {cell(o)} | {cell(b)} | {ratio} |")
    if tot_o:
        sign = ">" if lower else ""
        lines.append(f"| **total** (queries both ran; a stopped query counted at its time-out) | {tot_o:.1f} | "
                     f"{sign}{tot_b:.1f} | {sign}{tot_b / tot_o:.1f}× |")
    return "\n".join(lines)


def step_load_ours(work: Path) -> dict:
    store = ours_store(work)
    return {"statements": len(store)}


def step_validate_ours(work: Path) -> dict:
    import rdflib

    from innokg.validate.compiled import compile_shapes, validate_store

    store = ours_store(work)
    t0 = time.perf_counter()
    files, what = shapes_files()
    shapes = rdflib.Graph()
    for f in files:
        shapes.parse(f, format="turtle")
    compiled = compile_shapes(shapes, materialised=True)  # the reason step added every superclass type
    results = validate_store(store, compiled)
    return {"results": len(results), "unsupported shapes (pyshacl needed)": len(compiled.unsupported),
            "shapes": what, "seconds without load": round(time.perf_counter() - t0, 1)}


def _count(res) -> int:
    try:
        return sum(1 for _ in res)
    except TypeError:
        return 1


def step_analysis_ours(work: Path) -> dict:
    import networkx as nx

    from innokg.analysis.centrality import centralities
    from innokg.projection.network import affiliations, organization_network

    store = ours_store(work)
    t0 = time.perf_counter()
    G = organization_network(affiliations(store))
    nx.write_weighted_edgelist(G, work / "network.edgelist")
    k = min(200, G.number_of_nodes())
    r = centralities(G, k=k, seed=0, closeness=False)
    return {"nodes": G.number_of_nodes(), "edges": G.number_of_edges(),
            "betweenness": f"sampled, k={k}, engine {r.parameters.get('engine')}",
            "seconds without load": round(time.perf_counter() - t0, 1)}


def baseline_dataset(work: Path):
    import rdflib

    ds = rdflib.Dataset(default_union=True)
    ds.parse(work / "data.nq", format="nquads")
    if (work / "inferred.nq").exists():
        ds.parse(work / "inferred.nq", format="nquads")
    g = ds.graph(rdflib.URIRef("https://w3id.org/innokg/graph/ontology"))
    for t in ontology_graph():
        g.add(t)
    return ds


def step_load_baseline(work: Path) -> dict:
    ds = baseline_dataset(work)
    return {"statements": len(ds)}


def step_validate_baseline(work: Path) -> dict:
    import pyshacl
    import rdflib

    ds = baseline_dataset(work)
    g = rdflib.Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    del ds
    files, what = shapes_files()
    shapes = rdflib.Graph()
    for f in files:
        shapes.parse(f, format="turtle")
    t0 = time.perf_counter()
    _conforms, report, _ = pyshacl.validate(g, shacl_graph=shapes, inference="none", advanced=True,
                                            allow_warnings=True, allow_infos=True)  # as innokg build runs it
    n = len(list(report.subjects(rdflib.RDF.type, rdflib.URIRef("http://www.w3.org/ns/shacl#ValidationResult"))))
    return {"results": n, "shapes": what, "seconds without load": round(time.perf_counter() - t0, 1)}


def step_betweenness_baseline(work: Path) -> dict:
    import networkx as nx

    G = nx.read_weighted_edgelist(work / "network.edgelist")
    t0 = time.perf_counter()
    nx.betweenness_centrality(G)
    return {"nodes": G.number_of_nodes(), "edges": G.number_of_edges(), "betweenness": "exact (networkx)",
            "seconds without load": round(time.perf_counter() - t0, 1)}


STEPS = {
    "import": step_import, "reason": step_reason, "load": step_load_ours, "validate": step_validate_ours,
    "analysis": step_analysis_ours,
    "baseline-load": step_load_baseline, "baseline-validate": step_validate_baseline,
    "baseline-betweenness": step_betweenness_baseline,
}


def child(step: str, work: Path, scenario: str, data: str | None) -> None:
    if step.startswith("query-worker-"):
        query_worker(work, step.rsplit("-", 1)[1])
        return
    t0 = time.perf_counter()
    fn = STEPS[step]
    info = fn(work, scenario, data) if step == "import" else fn(work)
    ru = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({"step": step, "seconds": round(time.perf_counter() - t0, 1),
                      "peak_mib": round(peak_rss_mib()), "cpu s": round(ru.ru_utime + ru.ru_stime, 1), **info}),
          flush=True)


# ---------------------------------------------------------------------------- orchestration

def run_step(step: str, work: Path, scenario: str, data: str | None, timeout: float) -> dict:
    r = _run_step(step, work, scenario, data, timeout)
    print(json.dumps(r), file=sys.stderr, flush=True)  # progress, and figures kept if the run is stopped
    return r


def _run_step(step: str, work: Path, scenario: str, data: str | None, timeout: float) -> dict:
    cmd = [sys.executable, __file__, "--child", step, "--work", str(work), "--scenario", scenario]
    if data:
        cmd += ["--data", data]
    t0 = time.perf_counter()
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"step": step, "seconds": None, "note": f"did not finish within {timeout:.0f} s (stopped)"}
    if r.returncode != 0:
        return {"step": step, "seconds": round(time.perf_counter() - t0, 1),
                "note": "failed: " + (r.stderr.strip().splitlines() or ["?"])[-1][:200]}
    return json.loads(r.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scenario", action="append", choices=sorted(SCENARIOS))
    ap.add_argument("--data", help="folder with the public datasets (default: the mapping's data:)")
    ap.add_argument("--baseline-timeout", type=float, default=600.0)
    ap.add_argument("--baseline-validate-timeout", type=float,
                    help="stop pyshacl after this many seconds (default: --baseline-timeout)")
    ap.add_argument("--baseline-queries-budget", type=float,
                    help="seconds for the rdflib store load and all its queries (default: --baseline-timeout)")
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument("--json", type=Path, help="also write all figures here")
    ap.add_argument("--per-query-timeout", type=float, default=60.0)
    ap.add_argument("--child", choices=sorted(STEPS) + ["query-worker-ours", "query-worker-baseline"],
                    help=argparse.SUPPRESS)
    ap.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        child(args.child, args.work, (args.scenario or ["de"])[0], args.data)
        return 0
    scenarios = args.scenario or ["de", "all"]
    all_results = {}
    load = os.getloadavg()
    print(f"# pipeline benchmark ({time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores, "
          f"load average {load[0]:.1f})\n", flush=True)
    for sc in scenarios:
        with tempfile.TemporaryDirectory(prefix=f"innokg-bench-{sc}-") as tmp:
            work = Path(tmp)
            rows = []
            for step in ("import", "reason", "load", "validate"):
                rows.append(run_step(step, work, sc, args.data, timeout=3600))
            rows.append({"step": "queries", **run_queries(work, "ours", args.per_query_timeout, 3600)})
            rows.append(run_step("analysis", work, sc, args.data, timeout=3600))
            if not args.no_baseline:
                rows.append(run_step("baseline-load", work, sc, args.data, timeout=args.baseline_timeout))
                rows.append(run_step("baseline-validate", work, sc, args.data,
                                     timeout=args.baseline_validate_timeout or args.baseline_timeout))
                budget = args.baseline_queries_budget or args.baseline_timeout
                rows.append({"step": "baseline-queries", **run_queries(work, "baseline", args.per_query_timeout,
                                                                          budget, budget)})
                rows.append(run_step("baseline-betweenness", work, sc, args.data, timeout=args.baseline_timeout))
        all_results[sc] = rows
        print(f"## {SCENARIOS[sc]['label']}\n")
        print("| step | seconds | peak MiB | details |\n|---|---:|---:|---|")
        for r in rows:
            details = ", ".join(f"{k}: {v}" for k, v in r.items()
                                if k not in ("step", "seconds", "peak_mib") and not k.startswith("_"))
            sec = "—" if r.get("seconds") is None else f"{r['seconds']:.1f}"
            print(f"| {r['step']} | {sec} | {r.get('peak_mib', '—')} | {details} |")
        ours = {r["step"]: r for r in rows}
        if "_per_query" in ours.get("queries", {}) and "_per_query" in ours.get("baseline-queries", {}):
            print("\n" + query_table(ours["queries"]["_per_query"], ours["baseline-queries"]["_per_query"],
                                     args.per_query_timeout))
        if all(ours.get(s, {}).get("seconds") is not None for s in ("import", "reason", "load", "validate")):
            val = ours["validate"]["seconds without load"]
            total = sum(ours[s]["seconds"] for s in ("import", "reason", "load")) + val
            print(f"\nimported, reasoned, loaded and validated (queryable): {total:.1f} s "
                  f"(validation without the store load it shares with the queries: {val:.1f} s); "
                  f"peak {max(ours[s]['peak_mib'] for s in ('import', 'reason', 'load', 'validate'))} MiB; "
                  f"validation / import = {val / ours['import']['seconds']:.2f}\n")
        sys.stdout.flush()
    if args.json:
        args.json.write_text(json.dumps(all_results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
