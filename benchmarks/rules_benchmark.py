"""Reasoning: owlrl (innokg.reason.owl_rl, as `innokg build` uses it) against the compiled rules (innokg.reason.rules).

Doubles the number of CORDIS H2020 rows mapped (all countries, in file order) until owlrl
no longer finishes within the time limit (default 600 s); for each size it times owlrl's
OWL 2 RL closure + filter, the SPARQL rules on an in-memory pyoxigraph store (the store
load not counted) and the one-pass streaming rules (parsing the N-Quads counted), and
checks that all three give the same statements. Each owlrl run is its own process.

    python benchmarks/rules_benchmark.py [--start 250] [--limit-seconds 600]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def make_data(rows: int, path: Path) -> int:
    from innokg.ingest.mapping import load_mapping, run_mapping

    m = load_mapping(ROOT / "mappings" / "cordis-h2020.yaml")
    with open(path, "w", encoding="utf-8") as fh:
        return run_mapping(m, fh, limit=rows)["quads"]


def ontology():
    import rdflib

    g = rdflib.Graph()
    for f in sorted((ROOT / "ontology").glob("*.ttl")):
        g.parse(f, format="turtle")
    return g


def child_owlrl(path: Path) -> None:
    import rdflib

    from innokg.reason.owl_rl import inferred_statements

    ds = rdflib.Dataset()
    ds.parse(path, format="nquads")
    g = rdflib.Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    onto = ontology()
    t0 = time.perf_counter()
    inf = inferred_statements(g, onto)
    dt = time.perf_counter() - t0
    out = sorted(f"{s.n3()} {p.n3()} {o.n3()}" for s, p, o in inf)
    print(json.dumps({"seconds": dt, "n": len(out), "statements": out}))


def ours(path: Path) -> dict:
    import pyoxigraph as ox
    import rdflib

    from innokg.reason.rules import compile_rules, infer_stream, materialise

    onto = ontology()
    rules = compile_rules(onto)
    store = ox.Store()
    store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
    t0 = time.perf_counter()
    m = materialise(store, rules)
    # the ontology's own statements are not new (as materialise does when given the graph)
    onto_nt = {f"{s.n3()} {p.n3()} {o.n3()}" for s, p, o in onto}
    t_sparql = time.perf_counter() - t0
    t0 = time.perf_counter()
    st = infer_stream(ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS), rules, onto)
    t_stream = time.perf_counter() - t0

    def nt(t):
        conv = []
        for x in (t.subject, t.predicate, t.object):
            if isinstance(x, ox.NamedNode):
                conv.append(rdflib.URIRef(x.value).n3())
            elif isinstance(x, ox.BlankNode):
                conv.append(rdflib.BNode(x.value).n3())
            elif x.language:
                conv.append(rdflib.Literal(x.value, lang=x.language).n3())
            elif x.datatype.value == "http://www.w3.org/2001/XMLSchema#string":
                conv.append(rdflib.Literal(x.value).n3())
            else:
                conv.append(rdflib.Literal(x.value, datatype=rdflib.URIRef(x.datatype.value)).n3())
        return " ".join(conv)

    sparql = {nt(t) for t in m} - onto_nt
    stream = {nt(t) for t in st}
    return {"sparql_s": t_sparql, "stream_s": t_stream, "sparql": sparql, "stream": stream}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--start", type=int, default=250)
    ap.add_argument("--limit-seconds", type=float, default=600)
    ap.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        child_owlrl(args.child)
        return 0
    import tempfile

    print("| CORDIS rows | statements | owlrl s | SPARQL rules s | streaming rules s | inferred | same | "
          "owlrl / SPARQL | owlrl / stream |\n|---:|---:|---:|---:|---:|---:|---|---:|---:|", flush=True)
    rows = args.start
    with tempfile.TemporaryDirectory() as tmp:
        while True:
            path = Path(tmp) / f"cordis-{rows}.nq"
            n = make_data(rows, path)
            o = ours(path)
            try:
                r = subprocess.run([sys.executable, __file__, "--child", str(path)], capture_output=True, text=True,
                                   timeout=args.limit_seconds)
                ref = json.loads(r.stdout)
            except subprocess.TimeoutExpired:
                print(f"| {rows} | {n} | > {args.limit_seconds:.0f} (stopped) | {o['sparql_s']:.2f} | "
                      f"{o['stream_s']:.2f} | {len(o['sparql'])} | — | — | — |", flush=True)
                break
            same = set(ref["statements"]) == o["sparql"] == o["stream"]
            print(f"| {rows} | {n} | {ref['seconds']:.1f} | {o['sparql_s']:.2f} | {o['stream_s']:.2f} | "
                  f"{ref['n']} | {'yes' if same else 'NO'} | {ref['seconds'] / o['sparql_s']:.0f}× | "
                  f"{ref['seconds'] / o['stream_s']:.0f}× |", flush=True)
            rows *= 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
