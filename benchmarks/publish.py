"""Benchmark of linked-data publishing: static site, page rendering, and the safe SPARQL endpoint.

Run from the repository root::

    python3 benchmarks/publish.py [--orgs 5000]

It makes a synthetic dataset shaped like MODEL.md (organisations, hubs, memberships
spread over 10 source graphs), then measures

1. ``publish_site`` with entity documents against the same without them (the
   dumps, descriptions and docs alone: the baseline);
2. rendering one entity page (HTML) and one Turtle document;
3. small SPARQL queries through :class:`~innokg.serve.endpoint.QueryPool`
   (parse + algebra check in a worker process, result sent back over a pipe)
   against the obvious baseline: the same ``execute`` in-process, without isolation.

Figures go to stdout; record them in benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import pyoxigraph as ox  # noqa: E402

from innokg.publish.data import LinkedData  # noqa: E402
from innokg.serve.endpoint import QueryPool, execute  # noqa: E402
from innokg.publish.formats import DOC_FORMATS  # noqa: E402
from innokg.publish.pages import PageRenderer  # noqa: E402
from innokg.publish.site import publish_site, render_document  # noqa: E402

ID = "https://w3id.org/innokg/id/"
IKG = "https://w3id.org/innokg/ontology#"
ORG = "http://www.w3.org/ns/org#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def synthetic(path: Path, n_orgs: int, n_hubs: int = 50, n_graphs: int = 10) -> int:
    lines = []
    for i in range(n_orgs):
        g = f"<https://w3id.org/innokg/graph/source-{i % n_graphs}>"
        o, h, m = f"<{ID}org/o{i}>", f"<{ID}hub/h{i % n_hubs}>", f"<{ID}membership/m{i}>"
        lines += [f"{o} <{TYPE}> <{IKG}Company> {g} .", f'{o} <{RDFS}label> "Organisation {i}"@de {g} .',
                  f'{o} <{IKG}pic> "{900000000 + i}" {g} .',
                  f"{m} <{TYPE}> <{ORG}Membership> {g} .", f"{m} <{ORG}member> {o} {g} .",
                  f"{m} <{ORG}organization> {h} {g} .", f"{m} <{ORG}role> <{ID}role/member> {g} ."]
    for j in range(n_hubs):
        g = "<https://w3id.org/innokg/graph/hubs>"
        lines += [f"<{ID}hub/h{j}> <{TYPE}> <{IKG}DigitalInnovationHub> {g} .",
                  f'<{ID}hub/h{j}> <{RDFS}label> "Hub {j}"@en {g} .']
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def timed(fn, repeat: int = 1) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--orgs", type=int, default=5000)
    ap.add_argument("--queries", type=int, default=300)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        data = tmp / "data.nq"
        n_quads = synthetic(data, args.orgs)
        ld = LinkedData.from_file(data)
        n_ent = len(ld.entities())
        print(f"dataset: {n_quads} quads, {n_ent} entities")
        t_base = timed(lambda: publish_site(ld, tmp / "site0", entity_pages=False))
        t_full = timed(lambda: publish_site(ld, tmp / "site1"))
        n_files = sum(1 for _ in (tmp / "site1").rglob("*") if _.is_file())
        print(f"publish without entity documents (baseline): {t_base:.2f} s")
        print(f"publish with entity documents: {t_full:.2f} s, {n_files} files, "
              f"{n_ent / (t_full - t_base):.0f} entities/s ({5 * n_ent / (t_full - t_base):.0f} documents/s)")
        r = PageRenderer(ld)
        sample = [ID + f"hub/h{j}" for j in range(10)] + [ID + f"org/o{i}" for i in range(0, args.orgs, args.orgs // 50)]
        for fmt in (DOC_FORMATS[0], DOC_FORMATS[1]):
            times = []
            for iri in sample:
                t = time.perf_counter()
                render_document(r, iri, fmt)
                times.append(time.perf_counter() - t)
            print(f"render {fmt.name}: median {statistics.median(times) * 1000:.1f} ms, "
                  f"max {max(times) * 1000:.1f} ms (hubs have {args.orgs // 50} incoming memberships)")
        store = ox.Store()
        store.bulk_load(path=str(data), format=ox.RdfFormat.N_QUADS)
        jobs = [{"query": f"SELECT ?m ?h WHERE {{ ?m <{ORG}member> <{ID}org/o{i}> ; <{ORG}organization> ?h }}",
                 "accept": "application/sparql-results+json", "limit": 10000} for i in range(args.queries)]
        t0 = time.perf_counter()
        for j in jobs:
            assert execute(store, j).status == 200
        t_direct = (time.perf_counter() - t0) / len(jobs)
        t = time.perf_counter()
        pool = QueryPool(str(data), size=2, time_limit=10)
        t_start = time.perf_counter() - t
        try:
            t0 = time.perf_counter()
            for j in jobs:
                assert pool.run(j).status == 200
            t_pool = (time.perf_counter() - t0) / len(jobs)
        finally:
            pool.close()
        print(f"query pool start (2 workers loading the data): {t_start:.2f} s")
        print(f"small SELECT, check + run + JSON: in-process {t_direct * 1000:.2f} ms (baseline), "
              f"through a worker process {t_pool * 1000:.2f} ms")


if __name__ == "__main__":
    main()
