"""Commands against a real SPARQL server: the curated graph, built and pushed into Oxigraph on loopback, then
``validate --endpoint`` (the compiled constraints run on the server) and ``analyze``/``report --endpoint`` (the
projection queries run there) — the same findings and numbers as the same build read locally (findings differ
only in the file they name: a server holds named graphs, not files)."""

from __future__ import annotations

import re

import pytest

from support.cli import run_in_process
from support.oxigraph_server import start_oxigraph, stop

pytestmark = pytest.mark.slow  # a real Oxigraph server process


@pytest.fixture(scope="module")
def pushed(tmp_path_factory):
    """(built folder, query URL): graph/ built with a store, and pushed into a fresh Oxigraph server."""
    tmp = tmp_path_factory.mktemp("endpoint")
    r = run_in_process(("build", "--engine", "sparql", "-o", str(tmp / "out"), "--store", str(tmp / "db")))
    assert r.returncode == 0, r.stderr
    proc, base = start_oxigraph(tmp / "ox")
    try:
        r = run_in_process(("push", "--endpoint", f"{base}/update", "--data", str(tmp / "out" / "innokg.nq")))
        assert r.returncode == 0, r.stderr
        yield tmp, f"{base}/query"
    finally:
        stop(proc)


def test_analyze_on_the_server_gives_the_local_numbers(pushed, run_cli):
    tmp, url = pushed
    args = ("analyze", "--no-validate", "--timestamp", "2026-01-01T00:00:00")
    local = run_cli(*args, "--store", tmp / "db")
    remote = run_cli(*args, "--endpoint", url)
    assert local.returncode == remote.returncode == 0, remote.stderr
    assert remote.stdout == local.stdout and remote.stdout.count("\n") > 40


def test_report_on_the_server_is_written(pushed, run_cli):
    tmp, url = pushed
    r = run_cli("report", "--no-validate", "--endpoint", url, "--timestamp", "2026-01-01T00:00:00",
                "-o", tmp / "report")
    assert r.returncode == 0, r.stderr
    local = run_cli("report", "--no-validate", "--store", tmp / "db", "--timestamp", "2026-01-01T00:00:00",
                    "-o", tmp / "report-local")
    assert local.returncode == 0, local.stderr
    tables = sorted(t for t in (tmp / "report-local" / "tables").glob("*.csv") if t.name != "inputs.csv")
    assert len(tables) > 5
    for table in tables:
        assert (tmp / "report" / "tables" / table.name).read_text() == table.read_text(), table.name


def test_findings_on_the_server_are_the_local_ones(pushed, run_cli):
    tmp, url = pushed
    remote = run_cli("validate", "--endpoint", url)
    local = run_cli("validate", "--store", tmp / "db")
    assert remote.returncode == local.returncode == 0, remote.stderr
    assert remote.stderr.splitlines()[-1] == local.stderr.splitlines()[-1]  # the counts line
    without_file = sorted(re.sub(r"^\[([A-Z]+)\] \[graph/\S+ ", r"[\1] [", line) for line in local.stdout.splitlines())
    assert len(without_file) > 100
    assert sorted(remote.stdout.splitlines()) == without_file
