"""Nothing lost: a build that fails validation, raises, or is killed midway leaves
the previous output byte for byte as it was, and the next run cleans up after it."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from support.cli import cli_env, run_in_process
from support.paths import ROOT
from innokg.atomic import atomic_dir, atomic_file, clean_stale

FIX = Path(__file__).parents[1] / "fixtures" / "build"
SHAPES = FIX / "shapes"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def siblings(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.parent.iterdir())


def dead_pid() -> int:
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


def big_trig(path: Path, n: int) -> Path:
    """A valid TriG file with ``3 n`` statements (n companies)."""
    with path.open("w", encoding="utf-8") as f:
        f.write("@prefix ikg: <https://w3id.org/innokg/ontology#> .\n"
                "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
                "@prefix id: <https://w3id.org/innokg/id/> .\n"
                "<https://w3id.org/innokg/graph/big> {\n")
        for i in range(n):
            f.write(f'  id:org\\/o{i} a ikg:Company ; rdfs:label "Firma {i}"@de ; '
                    f"ikg:locatedIn id:region\\/r{i % 400} .\n")
        f.write("}\n")
    return path


@pytest.fixture(scope="module")
def first_build(tmp_path_factory):
    """One good build (run once per module); each test works on its own copy."""
    out = tmp_path_factory.mktemp("first") / "out"
    r = run_in_process(["build", "--no-reason", "--graph", FIX / "mini.trig", "--shapes", SHAPES, "-o", out])
    assert r.returncode == 0, r.stderr
    return out


@pytest.fixture
def previous(first_build, tmp_path):
    """A good build's output in tmp/out; returns (out, its bytes)."""
    out = tmp_path / "out"
    shutil.copytree(first_build, out)
    return out, snapshot(out)


def _stop_while_writing(out: Path, tmp_path: Path, sig: int) -> tuple[subprocess.Popen, str]:
    """Start a build of a larger graph into ``out``; send ``sig`` once it is writing."""
    big = big_trig(tmp_path / "big.trig", 3_000)
    proc = subprocess.Popen(
        [sys.executable, "-m", "innokg.cli", "build", "--no-reason", "--graph", str(big),
         "--shapes", str(SHAPES), "-o", str(out)],
        cwd=ROOT, env=cli_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    sent = False
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            tmps = [p for p in tmp_path.glob(".out.tmp-*") if p.is_dir()]
            # wait until it is really writing: a file in the temporary folder has content
            if tmps and any(f.stat().st_size > 0 for f in tmps[0].iterdir() if f.is_file()):
                proc.send_signal(sig)
                sent = True
                break
            time.sleep(0.005)
    finally:
        if not sent and proc.poll() is None:
            proc.kill()
        _, err = proc.communicate(timeout=60)
    assert sent, f"the build ended before the signal could be sent: {err!r}"
    return proc, err


@pytest.mark.slow
def test_build_killed_while_writing_leaves_previous_output(previous, tmp_path, run_cli):
    out, before = previous
    proc, _ = _stop_while_writing(out, tmp_path, signal.SIGKILL)
    assert proc.returncode == -signal.SIGKILL
    # the previous output, byte for byte; the half-written folder is a hidden sibling
    assert snapshot(out) == before
    leftovers = [n for n in siblings(out) if n.startswith(".out.")]
    assert len(leftovers) == 1 and leftovers[0].startswith(f".out.tmp-{proc.pid}-")
    # the next run removes the leftover of the dead run and writes a whole new output
    r = run_cli("build", "--no-reason", "--graph", FIX / "mini.trig", "--shapes", SHAPES, "-o", out)
    assert r.returncode == 0, r.stderr
    assert [n for n in siblings(out) if n.startswith(".out.")] == []
    assert set(snapshot(out)) == set(before)


@pytest.mark.slow
def test_build_terminated_while_writing_cleans_up_at_once(previous, tmp_path):
    out, before = previous
    proc, err = _stop_while_writing(out, tmp_path, signal.SIGTERM)
    assert proc.returncode == 2
    assert err.rstrip().splitlines()[-1] == (
        "[ERROR] terminated (SIGTERM): files being written were discarded, previous outputs are untouched")
    assert "Traceback" not in err
    assert snapshot(out) == before
    assert [n for n in siblings(out) if n.startswith(".out.")] == []


@pytest.mark.slow
def test_disk_full_while_writing_is_a_clear_error(previous, tmp_path):
    """Writing fails (here: the file-size limit, as a full disk would): exit 2, one line naming
    the output, the previous output untouched, no temporary file left."""
    import resource

    out, before = previous

    def small_files():
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))

    r = subprocess.run([sys.executable, "-m", "innokg.cli", "build", "--no-reason", "--graph", str(FIX / "mini.trig"),
                        "--shapes", str(SHAPES), "-o", str(out)], cwd=ROOT, env=cli_env(), capture_output=True,
                       text=True, timeout=120, preexec_fn=small_files)
    assert r.returncode == 2, r.stderr
    assert r.stderr.rstrip().splitlines()[-1] == (
        f"[ERROR] [{out}] could not write: File too large; nothing was written (free some space or choose "
        "another place; the previous output is untouched)")
    assert "Traceback" not in r.stderr
    assert snapshot(out) == before
    assert siblings(out) == ["out"]


def test_build_with_violations_writes_nothing(previous, tmp_path, run_cli):
    out, before = previous
    bad = tmp_path / "bad.trig"
    bad.write_text((FIX / "mini.trig").read_text().replace(' ; schema:currency "EUR"', ""))
    r = run_cli("build", "--no-reason", "--graph", bad, "--shapes", SHAPES, "-o", out)
    assert r.returncode == 1
    assert r.stderr.rstrip().splitlines()[-1] == (
        f"[ERROR] [{out}] validation found 1 violations: nothing written, the previous output is untouched")
    assert snapshot(out) == before
    assert siblings(out) == sorted(["out", "bad.trig"])


def test_build_with_bad_input_writes_nothing(previous, run_cli):
    out, before = previous
    r = run_cli("build", "--no-reason", "--graph", FIX.parent / "bad" / "latin1.trig",
                "--shapes", SHAPES, "-o", out)
    assert r.returncode == 2
    assert snapshot(out) == before
    assert siblings(out) == ["out"]


def test_build_that_raises_while_writing_leaves_previous_output(previous, monkeypatch):
    """An exception after two of the five files are written: nothing of it is visible."""
    from innokg.pipeline import prepare
    from innokg.results import dataset

    out, before = previous
    prepared = prepare([FIX / "mini.trig"], shapes_dir=SHAPES, reason=False)

    def fail(_prepared):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(dataset, "summarise", fail)
    with pytest.raises(RuntimeError, match="disk on fire"):
        dataset.write_outputs(prepared, out)
    assert snapshot(out) == before
    assert siblings(out) == ["out"]


def test_atomic_dir_replaces_whole(tmp_path):
    out = tmp_path / "site"
    with atomic_dir(out) as tmp:
        (tmp / "a.html").write_text("one")
        (tmp / "sub").mkdir()
        (tmp / "sub" / "b.html").write_text("two")
    with atomic_dir(out) as tmp:
        (tmp / "c.html").write_text("three")
    assert snapshot(out) == {"c.html": b"three"}
    assert siblings(out) == ["site"]
    assert oct(out.stat().st_mode & 0o777) != oct(0o700)  # readable like any folder


def test_atomic_file_keeps_previous_on_error(tmp_path):
    f = tmp_path / "result.csv"
    f.write_text("old\n")
    os.chmod(f, 0o644)
    with pytest.raises(ValueError):
        with atomic_file(f) as fh:
            fh.write("half a ro")
            raise ValueError("query failed")
    assert f.read_text() == "old\n"
    assert siblings(f) == ["result.csv"]
    with atomic_file(f) as fh:
        fh.write("new\n")
    assert f.read_text() == "new\n"
    assert f.stat().st_mode & 0o777 == 0o644


@pytest.mark.slow  # a real process (one that has exited: a dead run's PID)
def test_stale_leftovers_of_dead_runs_are_removed_live_ones_kept(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    dead = dead_pid()
    (tmp_path / f".out.tmp-{dead}-x1").mkdir()
    (tmp_path / f".out.old-{dead}").mkdir()
    (tmp_path / f".out.tmp-{os.getpid()}-live").mkdir()  # a run still going: not ours to touch
    (tmp_path / f".other.tmp-{dead}-x").mkdir()  # another target's leftover
    removed = clean_stale(out)
    assert sorted(p.name for p in removed) == [f".out.old-{dead}", f".out.tmp-{dead}-x1"]
    assert siblings(out) == sorted([f".other.tmp-{dead}-x", f".out.tmp-{os.getpid()}-live", "out"])


@pytest.mark.slow  # a real process (one that has exited: a dead run's PID)
def test_killed_mid_swap_previous_output_comes_back(tmp_path):
    """Killed between parking the old output and moving the new one in (only possible
    where the one-step exchange is unsupported): the next run puts the old one back."""
    dead = dead_pid()
    parked = tmp_path / f".out.old-{dead}"
    parked.mkdir()
    (parked / "innokg.trig").write_text("previous")
    (tmp_path / f".out.tmp-{dead}-y").mkdir()
    clean_stale(tmp_path / "out")
    assert snapshot(tmp_path / "out") == {"innokg.trig": b"previous"}
    assert siblings(tmp_path / "out") == ["out"]


def test_query_output_file_kept_when_the_query_fails(run_cli, tmp_path):
    """``innokg sparql/query -o FILE``: a failing query leaves FILE as it was; a good one replaces it whole."""
    data = Path(__file__).parents[1] / "fixtures" / "queries" / "ecosystem.trig"
    result = tmp_path / "rows.csv"
    result.write_text("previous rows\n")
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT ?s WHERE { ?s ?p }\n")
    r = run_cli("sparql", bad, "-d", data, "-f", "csv", "-o", result)
    assert r.returncode == 2 and r.stderr.startswith(f"[ERROR] [{bad}:1:")
    assert result.read_text() == "previous rows\n"
    good = tmp_path / "good.rq"
    good.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }\n")
    r = run_cli("sparql", good, "-d", data, "-f", "csv", "-o", result)
    assert r.returncode == 0, r.stderr
    assert result.read_text().splitlines()[0] == "n"
    assert siblings(result) == sorted(["bad.rq", "good.rq", "rows.csv"])


@pytest.mark.slow
def test_two_builds_into_one_folder_at_once(previous, tmp_path):
    """Two builds racing for the same OUT: both finish, OUT is one whole build, nothing is left over
    (neither run removes the other's temporary folder: its process is alive)."""
    out, before = previous
    bad = tmp_path / "other.trig"
    bad.write_text((FIX / "mini.trig").read_text().replace('"100"^^xsd:decimal', '"200"^^xsd:decimal'))
    procs = [subprocess.Popen([sys.executable, "-m", "innokg.cli", "build", "--no-reason", "--graph", str(g),
                               "--shapes", str(SHAPES), "-o", str(out)], cwd=ROOT, env=cli_env(),
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
             for g in (FIX / "mini.trig", bad)]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    assert set(snapshot(out)) == set(before)
    nq = (out / "innokg.nq").read_text()
    assert ('"100"^^<http://www.w3.org/2001/XMLSchema#decimal>' in nq) != ('"200"^^' in nq)
    assert siblings(out) == sorted(["out", "other.trig"])
