"""SIGTERM and SIGINT stop ``innokg sparql`` within a second, even inside Oxigraph's query loop.

Before issue 19 a signal was acted on only when the native call returned (40 s and more;
``timeout 60`` did not stop a 4-minute run). The query here is a four-way cross product
over the fixture's ~1,500 statements (5·10^12 rows to count): it would run for hours.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time

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
    run_logs = set(os.listdir(tempfile.gettempdir()))
    proc = subprocess.Popen([sys.executable, "-m", "innokg.cli", "sparql", "-d", str(FIXTURE), str(query),
                             "-o", str(out)], cwd=ROOT, env=cli_env(), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    time.sleep(4)  # loaded and deep in the query
    assert proc.poll() is None, proc.communicate()
    t = time.monotonic()
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=30)
    took = time.monotonic() - t
    assert took < 1.5, took
    assert err.strip().splitlines()[-1] == (f"[ERROR] {word}: stopped in the middle of a long computation; files "
                                            "being written were discarded, previous outputs are untouched")
    assert "Traceback" not in err
    if out.parent.exists():
        assert list(out.parent.iterdir()) == []  # no result, no temporary sibling
    time.sleep(0.3)
    left = {n for n in os.listdir(tempfile.gettempdir()) if n.startswith("innokg-run-")} - run_logs
    assert not left  # the watchdog's own record is gone too
