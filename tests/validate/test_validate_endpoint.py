"""``innokg validate --endpoint``: the curated graph, built and pushed into a real Oxigraph server on loopback,
validated on the server (one query per compiled constraint) — the same findings as the same build validated
locally, but for the file each finding names (a server holds named graphs, not files)."""

from __future__ import annotations

import re

import pytest

from support.cli import run_in_process
from support.oxigraph_server import start_oxigraph, stop

pytestmark = pytest.mark.slow  # a real Oxigraph server process


def test_findings_on_the_server_are_the_local_ones(tmp_path, run_cli):
    r = run_in_process(("build", "--engine", "sparql", "-o", str(tmp_path / "out"), "--store", str(tmp_path / "db")))
    assert r.returncode == 0, r.stderr
    proc, base = start_oxigraph(tmp_path / "ox")
    try:
        r = run_cli("push", "--endpoint", f"{base}/update", "--data", tmp_path / "out" / "innokg.nq")
        assert r.returncode == 0, r.stderr
        remote = run_cli("validate", "--endpoint", f"{base}/query")
    finally:
        stop(proc)
    local = run_cli("validate", "--store", tmp_path / "db")
    assert remote.returncode == local.returncode == 0, remote.stderr
    assert remote.stderr.splitlines()[-1] == local.stderr.splitlines()[-1]  # the counts line
    without_file = sorted(re.sub(r"^\[([A-Z]+)\] \[graph/\S+ ", r"[\1] [", line) for line in local.stdout.splitlines())
    assert len(without_file) > 100
    assert sorted(remote.stdout.splitlines()) == without_file
