"""Choose the embedded SPARQL store by measurement (issue 3).

Candidates, each in its own process (so peak memory is its own):

* ``rdflib``     — rdflib's memory ``Dataset`` (default graph = union), rdflib's SPARQL engine;
* ``oxrdflib``   — rdflib's API on the ``Oxigraph`` store plugin (queries run by Oxigraph);
* ``pyoxigraph`` — pyoxigraph's ``Store`` directly (what innokg uses).

Data: a synthetic dataset shaped like innokg's model (regions, organisations, hubs,
projects, participations, grants with amounts, programmes, memberships, people, events,
topics, indicators), spread over many source graphs with facts repeated across graphs and
a few conflicting amounts, or any .nq/.trig file (``--data``). Every library query runs
with its default parameters; each query's rows are compared across candidates (numbers by
value). A query slower than ``--timeout`` is stopped and counted at the time-out (so the
speed-up reported for it is a lower bound).

Usage::

    python benchmarks/store_benchmark.py --statements 1000000 --timeout 120
    python benchmarks/store_benchmark.py --data out/innokg.nq
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import random
import resource
import sys
import time
from decimal import Decimal, InvalidOperation
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

ID = "https://w3id.org/innokg/id/"
IKG = "https://w3id.org/innokg/ontology#"
G = "https://w3id.org/innokg/graph/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"
SCHEMA = "http://schema.org/"
ORG = "http://www.w3.org/ns/org#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
PROV = "http://www.w3.org/ns/prov#"
DCT = "http://purl.org/dc/terms/"
FOAF = "http://xmlns.com/foaf/0.1/"

HUB_KINDS = ["DigitalInnovationHub", "EuropeanDigitalInnovationHub", "Cluster", "TransformationCluster",
             "InnovationNetwork", "RegionalDigitalHub"]
ORG_KINDS = ["Company", "SME", "University", "ResearchInstitute", "Chamber", "PublicAuthority", "Ministry",
             "Municipality", "Association", "UniversityOfAppliedSciences"]
ROLES = ["partner", "member", "board-member", "coordinator", "managing-director", "research-partner"]
SERVICE_KINDS = ["Voucher", "CoachingService", "TrainingService", "TestBeforeInvestService", "DigitalPlatform"]


def synthetic(target: int, path: Path, seed: int = 1) -> int:
    """Write about ``target`` quads in N-Quads to ``path``; return the count."""
    rnd = random.Random(seed)
    n = 0
    out = path.open("w", encoding="utf-8")

    def q(s, p, o, g):
        nonlocal n
        out.write(f"{s} <{p}> {o} <{G}{g}> .\n")
        n += 1

    def iri(x):
        return f"<{ID}{x}>"

    def lit(v, dt=None):
        return f'"{v}"^^<{XSD}{dt}>' if dt else f'"{v}"'

    scale = max(1, target // 100)  # about 100 statements per unit
    # regions: 1 country, 16 states, 40 districts each -> cities
    q(iri("region/nuts-DE"), RDF_TYPE, f"<{IKG}Region>", "regions")
    q(iri("region/nuts-DE"), IKG + "regionLevel", iri("region-level/country"), "regions")
    districts = []
    for s in range(16):
        st = f"region/nuts-S{s}"
        q(iri(st), RDF_TYPE, f"<{IKG}Region>", "regions")
        q(iri(st), IKG + "regionLevel", iri("region-level/state"), "regions")
        q(iri(st), IKG + "partOfRegion", iri("region/nuts-DE"), "regions")
        for d in range(40):
            di = f"region/nuts-S{s}D{d}"
            districts.append(di)
            q(iri(di), RDF_TYPE, f"<{IKG}Region>", "regions")
            q(iri(di), IKG + "regionLevel", iri("region-level/district"), "regions")
            q(iri(di), IKG + "partOfRegion", iri(st), "regions")
    topics = [f"topic/t{i}" for i in range(60)]
    for t in topics:
        q(iri(t), RDF_TYPE, "<http://www.w3.org/2004/02/skos/core#Concept>", "topics")
    programmes = [f"programme/p{i}" for i in range(40)]
    for i, p in enumerate(programmes):
        q(iri(p), RDF_TYPE, f"<{IKG}FundingProgramme>", "programmes")
        q(iri(p), IKG + "administeredBy", iri(f"org/o{i}"), "programmes")
        if i >= 4:
            q(iri(p), IKG + "partOfProgramme", iri(programmes[i % 4]), "programmes")
    n_org = scale * 2
    n_hub = max(10, scale // 10)
    n_project = scale * 3  # the loop stops when the target is reached
    n_person = scale // 2
    n_graphs = max(20, scale // 50)

    def graph():
        return f"seed-{rnd.randrange(n_graphs)}"

    for ref in ("regions", "topics", "programmes"):
        q(f"<{G}{ref}>", RDF_TYPE, f"<{IKG}SourceGraph>", ref)
        q(f"<{G}{ref}>", PROV + "wasDerivedFrom", iri(f"document/{ref}"), ref)
    for gi in range(n_graphs):
        g = f"seed-{gi}"
        q(f"<{G}{g}>", RDF_TYPE, f"<{IKG}SourceGraph>", g)
        q(f"<{G}{g}>", PROV + "wasDerivedFrom", iri(f"document/{g}"), g)
        q(iri(f"document/{g}"), DCT + "title", lit(f"Document {gi}"), g)
        q(iri(f"document/{g}"), DCT + "issued", lit(f"20{10 + gi % 15}-01-0{1 + gi % 9}", "date"), g)
    for i in range(n_org):
        o = iri(f"org/o{i}")
        for g in sorted({graph(), graph()}):  # most organisations are named by two documents
            q(o, RDF_TYPE, f"<{IKG}{ORG_KINDS[i % len(ORG_KINDS)]}>", g)
            q(o, RDFS + "label", lit(f"Organisation {i}"), g)
        q(o, IKG + "locatedIn", iri(rnd.choice(districts)), graph())
    for i in range(n_hub):
        h, g = iri(f"hub/h{i}"), graph()
        q(h, RDF_TYPE, f"<{IKG}{HUB_KINDS[i % len(HUB_KINDS)]}>", g)
        q(h, RDFS + "label", lit(f"Hub {i}"), g)
        q(h, IKG + "locatedIn", iri(rnd.choice(districts)), g)
        q(h, IKG + "legalCarrier", iri(f"org/o{rnd.randrange(n_org)}"), g)
        q(h, IKG + "coordinatedBy", iri(f"org/o{rnd.randrange(n_org)}"), graph())
        for t in rnd.sample(topics, 3):
            q(h, IKG + "hasTopic", iri(t), g)
        for k in range(3):
            s = iri(f"service/h{i}-{k}")
            q(s, RDF_TYPE, f"<{IKG}{rnd.choice(SERVICE_KINDS)}>", g)
            q(s, IKG + "offeredBy", h, g)
        for k in range(20):
            m, gm = iri(f"membership/h{i}-{k}"), graph()
            q(m, RDF_TYPE, f"<{ORG}Membership>", gm)
            q(m, ORG + "member", iri(f"org/o{rnd.randrange(n_org)}"), gm)
            q(m, ORG + "organization", h, gm)
            q(m, ORG + "role", iri(f"role/{rnd.choice(ROLES)}"), gm)
            q(m, SCHEMA + "startDate", lit(str(2010 + rnd.randrange(14)), "gYear"), gm)
    for i in range(n_person):
        p, g = iri(f"person/p{i}"), graph()
        q(p, RDF_TYPE, f"<{FOAF}Person>", g)
        q(p, RDFS + "label", lit(f"Person {i}"), g)
        for k in range(2):
            m = iri(f"membership/p{i}-{k}")
            q(m, RDF_TYPE, f"<{ORG}Membership>", g)
            q(m, ORG + "member", p, g)
            q(m, ORG + "organization", iri(f"org/o{rnd.randrange(n_org)}"), g)
            q(m, ORG + "role", iri(f"role/{rnd.choice(ROLES)}"), g)
            q(m, SCHEMA + "startDate", lit(f"{2010 + rnd.randrange(14)}-0{1 + k}-01", "date"), g)
    for i in range(n_project):
        pr, g = iri(f"project/pr{i}"), graph()
        q(pr, RDF_TYPE, f"<{IKG}Project>", g)
        q(pr, IKG + "realises", iri(f"hub/h{rnd.randrange(n_hub)}"), g)
        q(pr, SCHEMA + "startDate", lit(f"{2014 + rnd.randrange(10)}-01-01", "date"), g)
        q(pr, IKG + "hasTopic", iri(rnd.choice(topics)), g)
        for k in range(4):
            pa = iri(f"participation/pr{i}-{k}")
            q(pa, RDF_TYPE, f"<{IKG}Participation>", g)
            q(pa, IKG + "participant", iri(f"org/o{rnd.randrange(n_org)}"), g)
            q(pa, IKG + "inProject", pr, g)
            q(pa, IKG + "participationRole", iri(f"role/{rnd.choice(ROLES)}"), g)
        gr, am = iri(f"grant/g{i}"), iri(f"amount/g{i}")
        value = rnd.randrange(10_000, 5_000_000)
        for gg in sorted({g, graph()}):  # grants are often reported twice ...
            q(gr, RDF_TYPE, f"<{IKG}Grant>", gg)
            q(gr, IKG + "funder", iri(f"org/o{rnd.randrange(40)}") if gg == g else iri(f"org/o{i % 40}"), gg)
            q(gr, IKG + "fundedItem", pr, gg)
            q(gr, IKG + "recipient", iri(f"org/o{rnd.randrange(n_org)}"), gg)
            q(gr, IKG + "fundingProgramme", iri(rnd.choice(programmes)), gg)
            q(gr, IKG + "decisionDate", lit(f"{2014 + i % 10}-06-0{1 + i % 9}", "date"), gg)
            q(gr, IKG + "amount", am, gg)
            q(am, RDF_TYPE, f"<{SCHEMA}MonetaryAmount>", gg)
            # ... and now and then with a different amount (a conflicting claim)
            q(am, SCHEMA + "value", lit(value + (1000 if gg != g and i % 50 == 0 else 0), "decimal"), gg)
            q(am, SCHEMA + "currency", lit("EUR"), gg)
            q(am, IKG + "qualifier", f"<{IKG}{'Exact' if i % 3 else 'Approximately'}>", gg)
        if i % 5 == 0:
            ev = iri(f"event/e{i}")
            q(ev, RDF_TYPE, f"<{IKG}Event>", g)
            q(ev, SCHEMA + "startDate", lit(f"{2014 + i % 10}-0{1 + i % 9}-1{i % 10}", "date"), g)
            q(ev, SCHEMA + "organizer", iri(f"org/o{rnd.randrange(n_org)}"), g)
            q(ev, IKG + "concerns", pr, g)
        if i % 10 == 0:
            ind = iri(f"indicator/i{i}")
            q(ind, RDF_TYPE, f"<{IKG}IndicatorValue>", g)
            q(ind, IKG + "indicatorOf", iri(f"hub/h{rnd.randrange(n_hub)}"), g)
            q(ind, IKG + "measure", iri("measure/member-count"), g)
            q(ind, IKG + "value", lit(rnd.randrange(10, 500), "decimal"), g)
        if n >= target:
            break
    out.close()
    return n


def _norm(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return str(Decimal(value).normalize())
    except (InvalidOperation, ValueError):
        return value


class _Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise _Timeout()


def _worker(kind: str, data: str, queries: list[tuple[str, str]], conn, timeout: float = 0) -> None:
    import signal

    signal.signal(signal.SIGALRM, _alarm)
    t0 = time.perf_counter()
    if kind == "pyoxigraph":
        import pyoxigraph as ox

        store = ox.Store()
        store.bulk_load(path=data, format=ox.RdfFormat.N_QUADS if data.endswith(".nq") else ox.RdfFormat.TRIG)

        def run(text):
            res = store.query(text, use_default_graph_as_union=True)
            names = [v.value for v in res.variables]
            return [tuple(_norm(sol[v].value if sol[v] is not None else None) for v in names) for sol in res]
    else:
        import rdflib

        ds = rdflib.Dataset(store="Oxigraph" if kind == "oxrdflib" else "default", default_union=True)
        ds.parse(data, format="nquads" if data.endswith(".nq") else "trig")

        def run(text):
            res = ds.query(text)
            return [tuple(_norm(str(t) if t is not None else None) for t in row) for row in res]
    load = time.perf_counter() - t0
    conn.send(("load", load, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))
    for name, text in queries:
        t0 = time.perf_counter()
        # rdflib's engine is Python: an alarm stops it in place (pyoxigraph's Rust code would
        # not be interrupted, but the parent process stops it with its own time-out)
        signal.setitimer(signal.ITIMER_REAL, timeout)
        try:
            rows = run(text)
        except _Timeout:
            conn.send(("query", name, None, None))
            continue
        except Exception as exc:  # an engine that cannot run the query: say so, go on
            conn.send(("query", name, f"error: {type(exc).__name__}: {exc}"[:200], None))
            continue
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        conn.send(("query", name, time.perf_counter() - t0, sorted(rows, key=repr)))
    conn.send(("done", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))


def measure(kind: str, data: str, queries: list[tuple[str, str]], timeout: float) -> dict:
    """Load and run all queries in a fresh process; a timed-out query restarts the worker past it."""
    result = {"kind": kind, "queries": {}, "rows": {}}
    todo = list(queries)
    while todo:
        parent, child = mp.Pipe()
        proc = mp.Process(target=_worker, args=(kind, data, todo, child, timeout))
        proc.start()
        if not parent.poll(3600):
            proc.kill()
            raise RuntimeError(f"{kind}: load did not finish")
        _, load, rss = parent.recv()
        result.setdefault("load_s", load)
        result["peak_rss_mb_after_load"] = max(result.get("peak_rss_mb_after_load", 0), rss / 1024)
        while todo:
            if not parent.poll(timeout + 30):
                name = todo.pop(0)[0]
                result["queries"][name] = None  # timed out
                print(f"  {kind:10} {name:55} > {timeout:.0f} s (stopped)", flush=True)
                proc.kill()
                break
            msg = parent.recv()
            _, name, secs, rows = msg
            todo.pop(0)
            result["queries"][name] = secs
            if secs is None:
                print(f"  {kind:10} {name:55} > {timeout:.0f} s (stopped)", flush=True)
                continue
            if isinstance(secs, str):
                result["errors"] = result.get("errors", 0) + 1
                print(f"  {kind:10} {name:55} {secs}", flush=True)
                continue
            result["rows"][name] = rows
            print(f"  {kind:10} {name:55} {secs:9.3f} s  {len(rows)} rows", flush=True)
        else:
            msg = parent.recv()
            result["peak_rss_mb"] = max(result.get("peak_rss_mb", 0), msg[1] / 1024)
            proc.join()
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--statements", type=int, default=1_000_000)
    ap.add_argument("--data", help="benchmark on this .nq/.trig instead of synthetic data")
    ap.add_argument("--timeout", type=float, default=120, help="seconds per query before it is stopped")
    ap.add_argument("--candidates", default="pyoxigraph,oxrdflib,rdflib")
    ap.add_argument("--json", help="also write the figures to this file")
    args = ap.parse_args()

    from innokg.sparql import bind_parameters, load_library
    from innokg.cli.query import resolve_parameters

    queries = []
    for q in load_library(ROOT / "queries"):
        if any(p.required and p.default is None for p in q.params):
            continue
        queries.append((q.name, bind_parameters(q.text, resolve_parameters(q, []))))
    if args.data:
        data = str(Path(args.data).resolve())
        print(f"data: {data}")
    else:
        work = ROOT / "benchmarks" / "work"
        work.mkdir(parents=True, exist_ok=True)
        path = work / f"synthetic-{args.statements}.nq"
        t0 = time.perf_counter()
        n = synthetic(args.statements, path)
        print(f"data: {n} synthetic statements in {path.name} ({time.perf_counter() - t0:.1f} s to write)")
        data = str(path)
    print(f"{len(queries)} library queries (those runnable with defaults); time-out {args.timeout:.0f} s each")
    results = {}
    for kind in args.candidates.split(","):
        print(f"{kind}:", flush=True)
        results[kind] = measure(kind, data, queries, args.timeout)
        r = results[kind]
        print(f"  {kind}: load {r['load_s']:.1f} s, peak RSS {r.get('peak_rss_mb', r['peak_rss_mb_after_load']):.0f} MB",
              flush=True)
    base = "pyoxigraph"
    print("\nsummary (s; '>' = stopped at the time-out)")
    header = f"{'query':55}" + "".join(f"{k:>14}" for k in results)
    print(header)
    totals = {k: 0.0 for k in results}
    lower = {k: False for k in results}
    mismatches = []
    for name, _ in queries:
        cells = []
        # totals: queries every candidate ran without error and the baseline finished, so that
        # the speed-up over a candidate that was stopped is a lower bound
        ran_everywhere = (not any(isinstance(r["queries"].get(name), str) for r in results.values())
                          and results[base]["queries"].get(name) is not None)
        for k, r in results.items():
            t = r["queries"].get(name)
            if isinstance(t, str):
                cells.append(f"{'error':>14}")
            elif t is None:
                totals[k] += args.timeout if ran_everywhere else 0
                lower[k] = True
                cells.append(f"{'>' + format(args.timeout, '.0f'):>14}")
            else:
                totals[k] += t if ran_everywhere else 0
                cells.append(f"{t:14.3f}")
            if k != base and name in r["rows"] and name in results[base]["rows"] \
                    and r["rows"][name] != results[base]["rows"][name]:
                mismatches.append((k, name))
        print(f"{name:55}" + "".join(cells))
    print(f"(TOTAL: the queries every candidate ran and {base} finished; 'error' = the engine failed on the query)")
    print(f"{'TOTAL':55}" + "".join(f"{('>' if lower[k] else '') + format(totals[k], '.2f'):>14}" for k in results))
    for k in results:
        if k != base:
            print(f"whole library: {base} is {'at least ' if lower[k] else ''}"
                  f"{totals[k] / totals[base]:.1f}x faster than {k}")
    print("rows differ:", mismatches or "none (every query that finished gave the same rows)")
    if args.json:
        Path(args.json).write_text(json.dumps({k: {**{kk: vv for kk, vv in r.items() if kk != "rows"},
                                                   "timeout": args.timeout, "data": data}
                                               for k, r in results.items()}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
