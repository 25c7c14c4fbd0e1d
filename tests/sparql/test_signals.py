"""SIGTERM and SIGINT stop ``innokg sparql`` within a second, even inside Oxigraph's query loop.

Before issue 19 a signal was acted on only when the native call returned (40 s and more;
``timeout 60`` did not stop a 4-minute run). The query here is a four-way cross product
over the fixture's ~1,500 statements (5·10^12 rows to count): it would run for hours.

The exit code is the README's 2 ("could not run"), not 137: the process the user started
supervises the run in a child process and kills that one (it was 137 when the run itself
was killed). ``kill -9`` of the ``innokg`` process takes the run with it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from support.cli import cli_env
from support.paths import ROOT
from support.served import FIXTURE, PATHOLOGICAL

pytestmark = pytest.mark.slow  # real processes


@pytest.mark.parametrize("sig,word", [(signal.SIGTERM, "terminated (SIGTERM)"), (signal.SIGINT, "interrupted")])
def test_a_signal_stops_a_long_native_query_within_a_second(tmp_path, sig, word):
    query = tmp_path / "slow.rq"
    query.write_text(PATHOLOGICAL)
    out = tmp_path / "out" / "result.csv"
    proc = subprocess.Popen([sys.executable, "-m", "innokg.cli", "sparql", "-d", str(FIXTURE), str(query),
                             "-o", str(out)], cwd=ROOT, env=cli_env(), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    time.sleep(4)  # loaded and deep in the query
    assert proc.poll() is None, proc.communicate()
    # the supervisor's record of what the run writes, named after its process id
    (run_log,) = Path(tempfile.gettempdir()).glob(f"innokg-run-{proc.pid}-*.log")
    t = time.monotonic()
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=30)
    took = time.monotonic() - t
    assert took < 1.5, took
    assert proc.returncode == 2, err  # the README's code for a run that could not finish
    assert err.strip().splitlines()[-1] == (f"[ERROR] {word}: stopped in the middle of a long computation; files "
                                            "being written were discarded, previous outputs are untouched")
    assert "Traceback" not in err
    if out.parent.exists():
        assert list(out.parent.iterdir()) == []  # no result, no temporary sibling
    assert not os.path.exists(run_log)  # the supervisor's own record is gone too


def _slow_run(tmp_path):
    query = tmp_path / "slow.rq"
    query.write_text(PATHOLOGICAL)
    proc = subprocess.Popen([sys.executable, "-m", "innokg.cli", "sparql", "-d", str(FIXTURE), str(query),
                             "-o", str(tmp_path / "out" / "result.csv")], cwd=ROOT, env=cli_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(4)  # loaded and deep in the query
    assert proc.poll() is None, proc.communicate()
    children = _children(proc.pid)
    assert len(children) == 1, children  # the run itself
    return proc, children[0]


def _children(pid: int) -> list[int]:
    out = []
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/children") as fh:
            out += [int(c) for c in fh.read().split()]
    return out


def _gone(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except OSError:
        return True


def test_a_run_killed_from_outside_says_so_and_exits_2(tmp_path):
    proc, run = _slow_run(tmp_path)
    os.kill(run, signal.SIGKILL)  # as the kernel's out-of-memory killer would
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 2, err
    assert err.strip().splitlines()[-1] == (
        "[ERROR] the run was stopped by SIGKILL (a crash in native code, or killed from outside, e.g. for lack of "
        "memory); files being written were discarded, previous outputs are untouched")
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


def test_kill_9_of_innokg_takes_the_run_with_it(tmp_path):
    proc, run = _slow_run(tmp_path)
    proc.kill()
    proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    deadline = time.monotonic() + 2
    while not _gone(run) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _gone(run)  # not left running the query for hours
    left = [n for n in os.listdir(tempfile.gettempdir()) if n.startswith(f"innokg-run-{proc.pid}-")]
    assert len(left) == 1  # the killed supervisor's record; the next run removes it
    r = subprocess.run([sys.executable, "-m", "innokg.cli", "--version"], cwd=ROOT, env=cli_env(),
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert not (Path(tempfile.gettempdir()) / left[0]).exists()
