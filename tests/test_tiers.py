"""``pytest --check-tiers`` (tests/support/tiers.py): a process started while watching is noted, whatever form
its program takes (a list, a string, one path-like object as ``subprocess`` allows), and started all the same."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from support.tiers import TierWatch


@pytest.mark.slow  # starts real processes
def test_every_form_of_program_is_noted_and_run():
    watch = TierWatch()
    watch.install()
    try:
        watch.watching = True
        runs = [subprocess.run([Path(sys.executable), "-c", "pass"]),  # a list with a path in it
                subprocess.run(f"{sys.executable} -c pass", shell=True),  # a string
                subprocess.run(Path(sys.executable), input=b"", stdout=subprocess.DEVNULL)]  # one path-like object
    finally:
        watch.uninstall()
    assert [r.returncode for r in runs] == [0, 0, 0]
    assert len(watch.started) == 3 and all(sys.executable in s for s in watch.started), watch.started
