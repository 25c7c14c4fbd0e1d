"""SHACL validation of a large import with the shapes in shapes/, against the obvious baselines.

Usage (repository root)::

    innokg import mappings/cordis-h2020.yaml -o /tmp/cordis.nq     # 2.26 M statements, ~1 min
    python3 benchmarks/shapes_validation.py /tmp/cordis.nq [--sample-projects 2000]

Steps and what is timed:

1. parse the N-Quads into one rdflib Graph, reason with innokg's streaming rule engine
   (``innokg.reason.rules.infer_stream``, the same inferences as OWL RL's one-premise rules) and add the ontology;
2. ``validate_graph`` with all shapes (SPARQL checks select their focus nodes with SPARQL targets, SPARQL texts
   parsed once) — the figure that matters; findings counted per shape;
3. baseline A, the same validation with rdflib parsing every SPARQL text anew per focus node (pyshacl's
   behaviour without ``validate.py``'s cache);
4. baseline B, the naive form of one SPARQL check — end before start as a ``sh:sparql`` constraint on
   ``sh:targetClass ikg:Project`` (one query per project) — against the shipped ``DateOrderShape`` (one SPARQL
   target query, then only the offenders), both with the parse cache, on all projects.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import pyoxigraph as ox  # noqa: E402
import rdflib  # noqa: E402

from innokg.validate import pyshacl_engine as V  # noqa: E402
from innokg.load.files import load_ontology  # noqa: E402
from innokg.load.terms import from_oxigraph as _from_ox  # noqa: E402
from innokg.reason.rules import compile_rules, infer_stream  # noqa: E402

NAIVE = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ikg: <https://w3id.org/innokg/ontology#> .
<urn:naive> a sh:NodeShape ; sh:targetClass ikg:Project ; sh:severity sh:Violation ;
  sh:sparql [ a sh:SPARQLConstraint ; sh:message "end before start" ; sh:select \"\"\"%s\"\"\" ] .
"""


def shipped_order_shape() -> tuple[rdflib.Graph, str]:
    g = rdflib.Graph().parse(ROOT / "shapes" / "DateShape.ttl")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    shape = rdflib.URIRef("https://w3id.org/innokg/shapes#DateOrderShape")
    constraint = g.value(shape, sh.sparql)
    select = str(g.value(constraint, sh.select))
    only = rdflib.Graph()
    for t in g.triples((shape, None, None)):
        only.add(t)
    # copy the target and constraint blank nodes
    for bn in (g.value(shape, sh.target), constraint):
        for t in g.triples((bn, None, None)):
            only.add(t)
    return only, select


@contextmanager
def no_parse_cache():
    original = V._parsed_once

    @contextmanager
    def passthrough():
        yield

    V._parsed_once = passthrough
    try:
        yield
    finally:
        V._parsed_once = original


def timed(label, fn):
    t0 = time.perf_counter()
    out = fn()
    dt = time.perf_counter() - t0
    print(f"{label}: {dt:.1f} s", flush=True)
    return out, dt


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("nquads", type=Path)
    ap.add_argument("--skip-baseline-a", action="store_true")
    ap.add_argument("--only-end-before-start", action="store_true",
                    help="skip the full validation; time the end-before-start forms only (baseline B, with and "
                         "without the parse cache)")
    args = ap.parse_args()

    ontology = load_ontology(ROOT / "ontology")

    def load():
        quads = list(ox.parse(path=str(args.nquads), format=ox.RdfFormat.N_QUADS))
        g = rdflib.Graph()
        for q in quads:
            g.add((_from_ox(q.subject), _from_ox(q.predicate), _from_ox(q.object)))
        return quads, g

    (quads, data), _ = timed("parse N-Quads into rdflib", load)
    asserted = len(data)
    inferred, _ = timed("reason (innokg.reason.rules.infer_stream)", lambda: infer_stream(quads, compile_rules(ontology)))
    for t in inferred:
        data.add((_from_ox(t.subject), _from_ox(t.predicate), _from_ox(t.object)))
    for t in ontology:
        data.add(t)
    print(f"statements: {asserted} asserted + {len(inferred)} inferred + ontology = {len(data)}")

    if not args.only_end_before_start:
        report, t_all = timed("validate_graph, all shapes (shipped)", lambda: V.validate_graph(data))
        print("counts:", report.counts())
        for (sev, shape), n in sorted(Counter((f.severity, f.shape) for f in report.findings).items()):
            print(f"  {n:7d} {sev:9s} {shape}")

    if not args.skip_baseline_a and not args.only_end_before_start:
        with no_parse_cache():
            report_a, t_a = timed("baseline A: all shapes, SPARQL re-parsed per focus node",
                                  lambda: V.validate_graph(data))
        assert report_a.counts() == report.counts()

    order_shape, select = shipped_order_shape()
    naive = rdflib.Graph().parse(data=NAIVE % select, format="turtle")
    projects = len(set(data.subjects(rdflib.RDF.type, rdflib.URIRef("https://w3id.org/innokg/ontology#Project"))))
    r_shipped, t_shipped = timed("end before start, shipped (SPARQL target + constraint on offenders)",
                                 lambda: V.validate_graph(data, shapes=order_shape))
    r_naive, t_naive = timed(f"baseline B: end before start, one SPARQL query per project ({projects} projects)",
                             lambda: V.validate_graph(data, shapes=naive))
    print(f"  same offenders: {sorted(f.focus for f in r_shipped.findings) == sorted(f.focus for f in r_naive.findings)}"
          f" ({len(r_shipped.findings)})")
    if args.only_end_before_start:
        with no_parse_cache():
            timed("baseline B without the parse cache (pyshacl + rdflib as they are)",
                  lambda: V.validate_graph(data, shapes=naive))


if __name__ == "__main__":
    main()
