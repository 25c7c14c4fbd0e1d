"""``innokg diff`` on all of CORDIS H2020 against a copy with 1 % of its rows changed.

Both datasets are imported with ``mappings/cordis-h2020.yaml`` (the copy: half of the changed rows with the EC
contribution raised by 1 EUR, half with the role participant -> coordinator; tests/support/h2020_changes.py),
then compared by

* ``innokg diff`` (``innokg.results.changes``: per graph and entity, blank nodes by their description), and the
  same run's peers:
* ``sort | comm`` on the N-Quads lines (GNU coreutils; no notion of graphs, entities or blank nodes: every
  relabelled blank node would count as a change, which here it does not, since the import labels blank nodes
  by row), and
* sets of pyoxigraph ``Quad`` objects (parse both files with Oxigraph, compare the quads).

Run from the repository root (``../shared/data`` beside the clone)::

    python3 benchmarks/diff.py                   # imports both (about 2 × 100 s on the shared machine)
    python3 benchmarks/diff.py --keep /tmp/diff  # keep the two imports there, reuse them next time
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

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

from innokg.results.changes import changes_csv, changes_text, changeset_turtle, dataset_changes  # noqa: E402
from support.h2020_changes import h2020_with_changed_rows  # noqa: E402

DATA = ROOT.parent / "shared" / "data"


def _import(folder: Path, out: Path) -> float:
    t = time.perf_counter()
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    subprocess.run([sys.executable, "-m", "innokg.cli", "import", str(ROOT / "mappings" / "cordis-h2020.yaml"),
                    "--data", str(folder), "-o", str(out)], env=env, capture_output=True, check=False)
    if not out.is_file():
        raise SystemExit(f"import of {folder} failed")
    return time.perf_counter() - t


def _sort_comm(a: Path, b: Path, tmp: Path) -> tuple[float, int, int]:
    t = time.perf_counter()
    env = dict(os.environ, LC_ALL="C")  # sort may use both cores
    for p in (a, b):
        subprocess.run(["sort", "-S", "1G", "-o", str(tmp / (p.name + ".sorted")), str(p)], env=env, check=True)
    removed = subprocess.run(["comm", "-23", str(tmp / (a.name + ".sorted")), str(tmp / (b.name + ".sorted"))],
                             env=env, capture_output=True, check=True).stdout.count(b"\n")
    added = subprocess.run(["comm", "-13", str(tmp / (a.name + ".sorted")), str(tmp / (b.name + ".sorted"))],
                           env=env, capture_output=True, check=True).stdout.count(b"\n")
    return time.perf_counter() - t, added, removed


def _oxigraph_sets(a: Path, b: Path) -> tuple[float, int, int]:
    import pyoxigraph as ox

    t = time.perf_counter()
    qa = set(ox.parse(path=str(a), format=ox.RdfFormat.N_QUADS))
    qb = set(ox.parse(path=str(b), format=ox.RdfFormat.N_QUADS))
    return time.perf_counter() - t, len(qb - qa), len(qa - qb)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--keep", type=Path, default=None, help="folder to keep (and reuse) the two imports in")
    ap.add_argument("--share", type=float, default=0.01, help="share of rows changed (default 0.01)")
    ap.add_argument("--skip-peers", action="store_true", help="time innokg diff only")
    args = ap.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="innokg-diff-"))
    work.mkdir(parents=True, exist_ok=True)
    old_nq, new_nq = work / "old.nq", work / "new.nq"
    folders = work / "data"
    if not (old_nq.is_file() and new_nq.is_file()):
        import shutil

        shutil.rmtree(folders, ignore_errors=True)
        folders.mkdir()
        old_dir, new_dir, expected = h2020_with_changed_rows(DATA, folders, share=args.share)
        (work / "expected.json").write_text(json.dumps(expected))
        print(f"import old: {_import(old_dir, old_nq):.1f} s; import new: {_import(new_dir, new_nq):.1f} s")
    expected = json.loads((work / "expected.json").read_text()) if (work / "expected.json").is_file() else None
    print(f"datasets: {old_nq.stat().st_size / 1e6:.0f} MB and {new_nq.stat().st_size / 1e6:.0f} MB of N-Quads")

    t, cpu = time.perf_counter(), time.process_time()
    ch = dataset_changes(old_nq, new_nq)
    t_diff, cpu_diff = time.perf_counter() - t, time.process_time() - cpu
    t = time.perf_counter()
    text, table, rdf = changes_text(ch, limit=None), changes_csv(ch), changeset_turtle(ch)
    t_out = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"innokg diff: {t_diff:.1f} s compare ({cpu_diff:.1f} s CPU; load average {os.getloadavg()[0]:.1f}) "
          f"+ {t_out:.2f} s text/CSV/RDF ({len(text)}, {len(table)}, {len(rdf)} "
          f"bytes); peak RSS {peak:.0f} MiB")
    print(f"  {ch.old_size} -> {ch.new_size} statements compared; +{ch.added} -{ch.removed}; "
          f"{len(ch.by_entity)} entities; {sum(c.kind == 'changed' for c in ch.changes)} changed values")
    if expected is not None:
        found = sorted((c.entity.strip("<>").split("/id/", 1)[1], c.property.strip("<>").rsplit("#", 1)[-1])
                       for c in ch.changes)
        exact = found == sorted((e, p) for e, p, _o, _n in expected)
        print(f"  changed rows: {len(expected)}; reported exactly those: {exact}")
    if not args.skip_peers:
        with tempfile.TemporaryDirectory() as tmp:
            s, a, r = _sort_comm(old_nq, new_nq, Path(tmp))
        print(f"sort | comm (lines): {s:.1f} s; +{a} -{r} lines")
        s, a, r = _oxigraph_sets(old_nq, new_nq)
        print(f"pyoxigraph quad sets: {s:.1f} s; +{a} -{r} quads")


if __name__ == "__main__":
    main()
