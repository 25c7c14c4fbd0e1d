"""Shared fixtures.

Tests import the package from *this* checkout's ``src/`` (so a worktree tests its
own code even when another checkout is pip-installed in editable mode), and run
the CLI as a real subprocess with :func:`run_cli`.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
if str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))

#: ``../shared/data`` beside the clone: real public datasets, never committed.
SHARED = ROOT.parent / "shared"
SHARED_DATA = SHARED / "data"
SEEDS = SHARED / "seeds"


def shared_data(*parts: str) -> Path:
    """Path below ``../shared/data``; skip the test, saying why, when it is absent."""
    p = SHARED_DATA.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"{p} is absent: the real public data lives in ../shared/data beside the clone")
    return p


def cli_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(SRC) + os.pathsep + env.get("PYTHONPATH", "")
    return env


@pytest.fixture
def run_cli():
    """Run ``innokg ARGS…`` in a subprocess; return the CompletedProcess."""

    def _run(*args: str, cwd: str | os.PathLike | None = None, input: str | None = None,
             timeout: float = 600) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "innokg.cli", *map(str, args)],
            cwd=cwd or ROOT, env=cli_env(), input=input, text=True,
            capture_output=True, timeout=timeout,
        )

    return _run
