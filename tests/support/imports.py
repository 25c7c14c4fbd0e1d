"""Imports of the real public datasets, made once per test session and shared by every test file that reads them.

Importing CORDIS H2020 takes tens of seconds; several test files need the same import (the German part for the
report page and the explorer; all of it for the linkage sample). :func:`imported` runs ``innokg import`` as a real
process the first time one is asked for, in a folder every pytest-xdist worker of the session shares, under a file
lock, and hands later callers the same file. Tests treat the file as read-only. Skips, saying why, when the data is
absent (``shared_data``).
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

from .cli import cli_env
from .paths import ROOT, shared_data

__all__ = ["Imported", "imported"]


class Imported(NamedTuple):
    """One import: the N-Quads file, the command's exit code and its stderr."""

    path: Path
    returncode: int
    stderr: str


def imported(folder: Path, mapping: str, *args: str) -> Imported:
    """The N-Quads of ``innokg import mappings/MAPPING.yaml ARGS…``, made once in ``folder`` (each mapping reads
    its own folder of ``../shared/data``), with the command's whole stderr (each reported row, as the tests of the
    import's messages read it: ``tests/ingest/test_import.py``'s ERDF tests).

    ``folder`` is the session's shared folder (the ``session_folder`` fixture). The import must succeed (exit 0, or
    1 for findings the mapping reports): otherwise the test fails with the command's error line.
    """
    shared_data()  # skips, saying why, when the public datasets are absent
    key = hashlib.sha256("\0".join((mapping, *args)).encode()).hexdigest()[:16]
    out = folder / f"{mapping}-{key}.nq"
    with open(folder / f"{out.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one worker imports, the others wait for it
        if not out.exists():
            part = out.with_suffix(".part.nq")
            r = subprocess.run([sys.executable, "-m", "innokg.cli", "import", str(ROOT / "mappings" / f"{mapping}.yaml"),
                                *args, "-o", str(part)], cwd=ROOT, env=cli_env(),
                               capture_output=True, text=True, timeout=900)
            assert r.returncode in (0, 1), f"innokg import {mapping} {' '.join(args)}: {r.stderr.strip()}"
            (folder / f"{out.name}.rc").write_text(f"{r.returncode}\n{r.stderr}", encoding="utf-8")
            os.replace(part, out)
    code, _, stderr = (folder / f"{out.name}.rc").read_text(encoding="utf-8").partition("\n")
    return Imported(out, int(code), stderr)
