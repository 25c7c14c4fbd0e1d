"""A real Oxigraph server (the ``oxigraph`` PyPI package) on a free loopback port, for the tests that push to
a store or query one; it stops when the test's ``finally`` (or fixture) calls :func:`stop`."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

__all__ = ["free_port", "start_oxigraph", "stop"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_oxigraph(location: Path, union: bool = True):
    """Start ``oxigraph serve`` on a free loopback port; return (process, base URL)."""
    exe = shutil.which("oxigraph")
    if exe is None:
        pytest.fail("the 'oxigraph' command is missing: pip install -e '.[test]' installs it (PyPI package oxigraph)")
    port = free_port()
    cmd = [exe, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
    if union:
        cmd.append("--union-default-graph")
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"oxigraph serve exited: {proc.stderr.read()}")
        try:
            with urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=2):
                return proc, base
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.1)
    proc.kill()
    pytest.fail("oxigraph serve did not answer within 30 s")


def stop(proc) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:  # pragma: no cover
        proc.kill()
        proc.wait()
