"""Issue 19's bad-input cases for the loaders and the query guard, run through the real commands.

Before: SIGSEGV (exit 139) for 100,000 nested blank nodes, deep JSON-LD and a 10,000-step
path; minutes (90 s at nesting 1,000) in blank-node canonicalisation; "[ERROR] internal
error: MemoryError" for a 17 MB literal through ``publish --data``; the same nesting behind
gzip (``.ttl.gz``, ``.trig.gz``) read unchecked; a flat chain of 400 labelled blank nodes 27 s
in canonicalisation (cubic: 1,000 took many minutes) and two blank nodes with 8 look-alike
blank children each 4.6 s (factorial). Now each is one line, exit 2, in seconds. The cases are in :data:`support.bad_input.LIMIT_CASES`.
"""

from __future__ import annotations

import time

import pytest

from support.bad_input import LIMIT_CASES, Case, check, write_limit_inputs
from support.paths import ROOT


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("limits")
    write_limit_inputs(folder)
    (folder / "shapes").symlink_to(ROOT / "tests" / "fixtures" / "build" / "shapes")
    return folder


@pytest.mark.parametrize("case", LIMIT_CASES, ids=lambda c: c.id)
def test_limit_case(case: Case, run_cli, inputs):
    t = time.monotonic()
    r = run_cli(*case.args, cwd=inputs)
    check(r, case)
    assert time.monotonic() - t < 30  # was 90 s and more, or a crash
    assert not (inputs / "site").exists() and not (inputs / "out").exists()
