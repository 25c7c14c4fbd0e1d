"""Sites ``innokg publish`` makes, once per test session and shared by the test files that read the same one.

``innokg publish SITE --data graph/`` (the curated graph's site, ~4 CPU s) is what two test files read:
``tests/publish/test_publish_curated.py`` (links, RDF files, hub pages) and ``tests/publish/test_static_explorer.py``
(the explorer's data files, Chromium on the disk). :func:`published` runs the command in this process the first
time a site is asked for, in the session's shared folder under a file lock (as :mod:`support.imports` does for the
imports), and hands later callers, in this pytest-xdist worker or the other, the same folder. Tests treat the site as
read-only.
"""

from __future__ import annotations

import fcntl
import hashlib
import shutil
from pathlib import Path
from typing import NamedTuple

from .cli import run_in_process

__all__ = ["Published", "published"]


class Published(NamedTuple):
    """One run of ``innokg publish``: the site folder, the command's exit code and its stderr."""

    site: Path
    returncode: int
    stderr: str


def published(folder: Path, *args: str | Path) -> Published:
    """The site of ``innokg publish SITE ARGS…``, made once in ``folder`` (the ``session_folder`` fixture), with the
    command's exit code and whole stderr (the callers assert on them, as on their own run)."""
    args = tuple(str(a) for a in args)
    key = hashlib.sha256("\0".join(args).encode()).hexdigest()[:16]
    site, rc = folder / f"site-{key}", folder / f"site-{key}.rc"
    with open(folder / f"site-{key}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one worker publishes, the other waits for it
        if not rc.exists():
            shutil.rmtree(site, ignore_errors=True)  # what a run that broke off left
            r = run_in_process(["publish", site, *args])
            rc.write_text(f"{r.returncode}\n{r.stderr}", encoding="utf-8")
    code, _, stderr = rc.read_text(encoding="utf-8").partition("\n")
    return Published(site, int(code), stderr)
