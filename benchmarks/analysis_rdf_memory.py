"""Benchmark: the peak memory of writing ``analysis.ttl`` (:func:`innokg.results.rdf.write_analysis`) for a
network of N nodes, every measure set — the step that held the run's whole text several times over (issue 17).

The result is synthetic (N organisation IRIs, every per-node measure a random number, two groups), so the writer
is measured alone, without a network to analyse first. ``--module FILE`` writes with another copy of
``innokg/results/rdf.py`` (e.g. ``main``'s) instead of this checkout's, to compare; the file written is kept at
``--out`` so two runs can be compared byte for byte (``cmp``). Each run is a process of its own: its peak
(``ru_maxrss``) is printed before and after writing.

Run (repository root)::

    PYTHONPATH=src python3 benchmarks/analysis_rdf_memory.py --nodes 30000 --module /work/main/src/innokg/results/rdf.py --out /tmp/old.ttl
    PYTHONPATH=src python3 benchmarks/analysis_rdf_memory.py --nodes 30000 --out /tmp/new.ttl
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import random
import resource
import time


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--nodes", type=int, default=30000)
    ap.add_argument("--module", default=None, help="another rdf.py to write with (default: this checkout's)")
    ap.add_argument("--out", default="/tmp/analysis-rdf-memory.ttl")
    args = ap.parse_args()
    from innokg.analysis.network import NODE_COLUMNS, NetworkAnalysis

    if args.module:
        spec = importlib.util.spec_from_file_location("rdf_under_test", args.module)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
    else:
        from innokg.results import rdf as mod
    rnd = random.Random(1)
    rows = []
    for i in range(args.nodes):
        r = {"node": f"https://w3id.org/innokg/id/org/syn-{i}", "label": f"ORG {i}",
             "group": ("industry", "academia")[i % 2]}
        for c in NODE_COLUMNS[3:]:
            r[c] = False if c == "articulation_point" else rnd.random()
        rows.append(r)
    res = NetworkAnalysis(nodes=rows, graph={}, group_gaps=[], missing_links=[], parameters={"partition": "sector"})

    def peak() -> float:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20

    before, t0 = peak(), time.perf_counter()
    n = mod.write_analysis(args.out, res, [{"label": "synthetic", "sha256": "0"}], started="2026-01-01T00:00:00")
    print(f"{args.module or 'this checkout'}: {args.nodes} nodes, {n} statements, "
          f"{os.path.getsize(args.out) / 2**20:.0f} MiB; peak {before:.2f} GiB before writing, {peak():.2f} GiB after; "
          f"{time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":
    main()
