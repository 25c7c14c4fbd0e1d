"""Organisation linkage across datasets: record linkage (innokg link) against the exact-name rule, in one run.

Reads the curated graph and the three imports (made with ``innokg import``), extracts the link records
once, then times and measures each method on the same records: the exact-name rule
(:func:`innokg.ingest.matching.organisation_matches`, via :func:`innokg.ingest.linkage.exact_name_links`) and identifier +
record linkage (:func:`innokg.ingest.linkage.link_records`, Splink on DuckDB). Prints the number of records
per dataset, time and peak memory (resident set size of the process, which only grows), links per method
and per pair of datasets, and precision/recall/F1 on the hand-labelled sample in
tests/fixtures/linkage-sample/.

    python3 benchmarks/linkage.py --cordis cordis.nq --erdf erdf.nq --jrc jrc.nq
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cordis", type=Path, required=True)
    ap.add_argument("--erdf", type=Path, required=True)
    ap.add_argument("--jrc", type=Path, required=True)
    ap.add_argument("--labels", type=Path, default=ROOT / "tests/fixtures/linkage-sample/labelled-pairs.csv")
    ap.add_argument("--threshold", type=float, default=0.9)
    args = ap.parse_args()

    import pyoxigraph as ox

    from innokg.ingest.linkage import evaluate, exact_name_links, link_records, read_labels, records_from_store
    from innokg.load.files import find_rdf_files
    from innokg.load.store import load_store

    sources = {"curated": ROOT / "graph", "cordis-h2020": args.cordis, "erdf-de": args.erdf, "jrc": args.jrc}
    t0 = time.perf_counter()
    files, ds_of_file = [], {}
    for ds, p in sources.items():
        for f in find_rdf_files(p):
            files.append(f)
            ds_of_file[f] = ds
    loaded = load_store(files)
    graph_ds = {g.value: ds_of_file[f] for g, f in loaded.graph_files.items()}
    onto = ox.Store()
    onto.load(path=str(ROOT / "ontology/innokg.ttl"), format=ox.RdfFormat.TURTLE)
    t_load = time.perf_counter() - t0
    t0 = time.perf_counter()
    recs = records_from_store(loaded.store, onto, lambda g: graph_ds.get(g, "other"))
    t_records = time.perf_counter() - t0
    print(f"load {len(loaded.store):,} statements: {t_load:.1f} s; link records: {t_records:.1f} s, "
          f"peak RSS {rss_mb():.0f} MB")
    print("records:", ", ".join(f"{d} {n:,}" for d, n in sorted(Counter(r.dataset for r in recs.values()).items())))
    labels = read_labels(args.labels)
    ds_of = {}
    for r in recs.values():
        ds_of.setdefault(r.iri, r.dataset)

    def by_pair(pairs):
        return dict(sorted(Counter("–".join(sorted((ds_of.get(a, "?"), ds_of.get(b, "?")))) for a, b in pairs).items()))

    t0 = time.perf_counter()
    rule = exact_name_links(loaded.store)
    t_rule = time.perf_counter() - t0
    m_rule = evaluate(rule, labels)
    rss_rule = rss_mb()
    t0 = time.perf_counter()
    linkage = link_records(recs, threshold=args.threshold)
    t_link = time.perf_counter() - t0
    links = {(lk.a, lk.b) for lk in linkage.links}
    m_link = evaluate(links, labels)
    print(f"\n| method | time | peak RSS | links | precision | recall | F1 (on {len(labels)} labelled pairs) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, t, rss, n, m in (("exact-name rule", t_rule, rss_rule, len(rule), m_rule),
                               (f"identifiers + record linkage (p >= {args.threshold})", t_link, rss_mb(), len(links),
                                m_link)):
        print(f"| {name} | {t:.1f} s | {rss:.0f} MB | {n:,} | {m['precision']:.3f} | {m['recall']:.3f} | "
              f"{m['f1']:.3f} (tp {m['tp']}, fp {m['fp']}, fn {m['fn']}) |")
    print(f"\nrecord linkage: {linkage.timings}, {len(linkage.review)} pairs to review, "
          f"{len(linkage.candidates):,} scored candidate pairs; {linkage.model}")
    print("links per pair of datasets, exact-name rule:", by_pair(rule))
    print("links per pair of datasets, record linkage:", by_pair(links))


if __name__ == "__main__":
    main()
