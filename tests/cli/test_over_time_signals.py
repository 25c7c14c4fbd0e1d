"""``innokg analyze --over-time year --jobs 2``: SIGTERM, Ctrl-C and a dead worker stop the whole run.

Real processes: the CLI, its two worker processes (``innokg.analysis.workers``) and its watchdog.
The input is a made-up dated network written by :func:`dated_trig` (large enough that the workers are
still busy when the signal comes). Checked: the run ends within a second and a half of the signal
(the CLI's promise is a second; the rest is this loaded machine's scheduling), with one ``[ERROR]``
line, no traceback, no worker process left, no output folder and no temporary sibling.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from support.cli import cli_env
from support.paths import ROOT

pytestmark = pytest.mark.slow  # real processes


def dated_trig(path: Path, orgs: int = 1500, projects: int = 900) -> Path:
    """A TriG file of ``orgs`` organisations (companies and universities) in ``projects`` projects of six
    partners each, every project running two calendar years between 2015 and 2020."""
    with path.open("w", encoding="utf-8") as f:
        f.write("@prefix ikg: <https://w3id.org/innokg/ontology#> .\n"
                "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
                "@prefix schema: <http://schema.org/> .\n"
                "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
                "@prefix id: <https://w3id.org/innokg/id/> .\n"
                "<https://w3id.org/innokg/graph/dated> {\n")
        for i in range(orgs):
            kind = "ikg:University" if i % 5 == 0 else "ikg:Company"
            f.write(f'  id:org\\/o{i} a {kind} ; rdfs:label "Org {i}"@en .\n')
        for p in range(projects):
            year = 2015 + p % 5
            f.write(f"  id:project\\/p{p} a ikg:CollaborativeProject .\n")
            for j in range(6):
                o = (p * 7 + j * 131 + (p // 5) * j) % orgs
                f.write(f"  [] a ikg:Participation ; ikg:participant id:org\\/o{o} ; ikg:inProject id:project\\/p{p} ;"
                        f' schema:startDate "{year}"^^xsd:gYear ; schema:endDate "{year + 1}"^^xsd:gYear .\n')
        f.write("}\n")
    return path


def workers_of(pid: int) -> list[int]:
    """The worker processes (multiprocessing's spawned interpreters) below ``pid``: the `innokg` process runs the
    command in a child it supervises (issue 19), so the workers are its grandchildren."""
    parent, cmdline = {}, {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as fh:
                parent[int(d)] = int(fh.read().rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{d}/cmdline", "rb") as fh:
                cmdline[int(d)] = fh.read()
        except (OSError, IndexError, ValueError):
            continue

    def below(p: int) -> bool:
        for _ in range(8):
            p = parent.get(p, 0)
            if p == pid:
                return True
            if p <= 1:
                return False
        return False

    return [p for p, cmd in cmdline.items() if b"spawn_main" in cmd and below(p)]


def session(sid: int) -> list[int]:
    """Processes of session ``sid`` still running (the run was started in a session of its own)."""
    found = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[3]) == sid and fields[0] not in ("Z", "X"):
            found.append(int(d))
    return found


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except OSError:
        return False


@pytest.fixture(scope="module")
def dated(tmp_path_factory) -> Path:
    return dated_trig(tmp_path_factory.mktemp("dated") / "dated.trig")


def _start(dated: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "innokg.cli", "analyze", str(dated), "--over-time", "year",
                             "--no-validate", "--jobs", "2", "-o", str(out)], cwd=ROOT, env=cli_env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True)


def _busy_workers(proc: subprocess.Popen) -> list[int]:
    """Wait until both workers run; return their process ids."""
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and proc.poll() is None:
        found = workers_of(proc.pid)
        if len(found) == 2:
            time.sleep(1.0)  # past their start-up, into the periods' analysis
            return found
        time.sleep(0.01)
    proc.kill()
    raise AssertionError(f"the workers never ran: {proc.communicate()[1]!r}")


def _nothing_left(proc: subprocess.Popen, out: Path, workers: list[int]) -> None:
    """No worker, nor any other process of the run (watchdog, multiprocessing's resource tracker), a
    second after it ended; no output, no temporary sibling."""
    deadline = time.monotonic() + 1.0
    while time.monotonic() < deadline and session(proc.pid):
        time.sleep(0.02)
    assert not [w for w in workers if alive(w)], "a worker outlived the run"
    assert session(proc.pid) == [], "a process of the run outlived it"
    assert not out.exists()
    assert not [p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.")]


@pytest.mark.parametrize("sig,word,group", [(signal.SIGTERM, "terminated (SIGTERM)", False),
                                            (signal.SIGINT, "interrupted", True)],
                         ids=["SIGTERM-to-the-cli", "ctrl-c-to-the-process-group"])
def test_a_signal_stops_the_run_and_its_workers_within_a_second(dated, tmp_path, sig, word, group):
    out = tmp_path / "ot"
    proc = _start(dated, out)
    workers = _busy_workers(proc)
    assert proc.poll() is None, "the run ended before the signal"
    t = time.monotonic()
    if group:  # a terminal's Ctrl-C: the whole process group, workers and watchdog included
        os.killpg(proc.pid, sig)
    else:
        proc.send_signal(sig)
    _, err = proc.communicate(timeout=30)
    took = time.monotonic() - t
    assert took < 1.5, took
    assert proc.returncode == 2, err
    last = err.strip().splitlines()[-1]
    assert last == f"[ERROR] {word}: files being written were discarded, previous outputs are untouched", err
    assert "Traceback" not in err
    _nothing_left(proc, out, workers)


def test_a_worker_that_dies_is_one_error_line(dated, tmp_path):
    """A worker killed as the out-of-memory killer would kill it: exit 2, one line naming the period and
    the signal, no traceback, the other worker stopped, nothing written."""
    out = tmp_path / "ot"
    proc = _start(dated, out)
    workers = _busy_workers(proc)
    os.kill(workers[0], signal.SIGKILL)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 2, err
    errors = [line for line in err.splitlines() if line.startswith("[ERROR]")]
    assert len(errors) == 1, err
    assert errors[0].startswith("[ERROR] [period 20"), err
    assert errors[0].endswith("] its worker process was killed by SIGKILL; nothing was written (out of memory? "
                              "run with fewer --jobs, or --jobs 1)"), err
    assert "Traceback" not in err
    _nothing_left(proc, out, workers)
