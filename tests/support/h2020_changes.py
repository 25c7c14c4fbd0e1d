"""A copy of the CORDIS H2020 participations with a known share of its rows changed, for ``innokg diff``
(tests/results/test_changes.py on a sample, benchmarks/diff.py on all of it)."""

from __future__ import annotations

import csv
import gzip
import io
import random
import shutil
from pathlib import Path

__all__ = ["h2020_with_changed_rows"]


def h2020_with_changed_rows(data: Path, root: Path, rows: int | None = None, share: float = 0.01,
                            seed: int = 18) -> tuple[Path, Path, list[tuple[str, str, str, str]]]:
    """Two data folders for ``innokg import mappings/cordis-h2020.yaml --data``: the first ``rows`` rows of
    h2020.csv.gz (all when None) as they are, and the same with ``share`` of them changed — half get their EC
    contribution raised by 1 EUR, half the role participant -> coordinator (values no other row shares, so each
    changes exactly one statement). Returns the folders and the expected changes, read from the rows:
    (entity, property, old, new) sorted."""
    src = data / "cordis-h2020-participations"
    with gzip.open(src / "h2020.csv.gz", "rt", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        table = [row for _, row in zip(range(rows), reader)] if rows else list(reader)
    col = {c: i for i, c in enumerate(header)}
    rng = random.Random(seed)
    n = round(len(table) * share) // 2
    with_amount = [i for i, r in enumerate(table) if r[col["contribution"]] not in ("", "NA")]
    amounts = rng.sample(with_amount, n)
    taken = set(amounts)
    roles = rng.sample([i for i, r in enumerate(table) if r[col["role"]] == "participant" and i not in taken], n)
    changed = [list(r) for r in table]
    expected = []
    for i in amounts:
        old = changed[i][col["contribution"]]
        changed[i][col["contribution"]] = str(int(float(old)) + 1)
        expected.append((f"participation/h2020-{table[i][col['rcn']]}-{table[i][col['pic']]}", "contribution",
                         old, changed[i][col["contribution"]]))
    for i in roles:
        changed[i][col["role"]] = "coordinator"
        expected.append((f"participation/h2020-{table[i][col['rcn']]}-{table[i][col['pic']]}", "participationRole",
                         "role/participant", "role/coordinator"))
    folders = []
    for name, body in (("old", table), ("new", changed)):
        folder = root / name
        (folder / "cordis-h2020-participations").mkdir(parents=True)
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows([header, *body])
        (folder / "cordis-h2020-participations" / "h2020.csv.gz").write_bytes(
            gzip.compress(buf.getvalue().encode("utf-8"), mtime=0))
        # copies, not links: the importer refuses a table whose real place is outside the data folder
        shutil.copyfile(src / "programme_parts.csv.gz", folder / "cordis-h2020-participations" / "programme_parts.csv.gz")
        orgs = data / "cordis-h2020-orgs-2017"
        for f in orgs.rglob("*"):  # file by file: the source is read-only, the copies must be removable
            if f.is_file():
                (folder / f.relative_to(data)).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(f, folder / f.relative_to(data))
        folders.append(folder)
    return folders[0], folders[1], sorted(expected)
