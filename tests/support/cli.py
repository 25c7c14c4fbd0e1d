"""Run the ``innokg`` command line in this process, or as a real process.

:func:`run_in_process` calls :func:`innokg.cli.main` — the function the ``innokg``
script and ``python -m innokg.cli`` call — with the arguments, a working
directory, stdin and captured stdout/stderr, and returns what a subprocess would:
a :class:`subprocess.CompletedProcess` with the exit code and the decoded streams.
What makes a process differ from a call is reproduced: stdout and stderr are
pipes (not terminals, so no colours and no live progress bars; help wrapped at
78 columns), log records of WARNING and above reach stderr (Python's last-resort
handler), warnings are shown on stderr under Python's default filters, and
``sys.exit`` inside a command becomes the exit code. The process-wide state
``main()`` sets (the SIGTERM handler, the level of the ``rdflib`` logger) is put
back afterwards.

:func:`run_process` runs ``python -m innokg.cli`` for the tests that need a real
process: signals, ``kill -9``, ``PYTHONHASHSEED``, resource limits, servers.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import subprocess
import sys
import warnings
from collections.abc import Mapping, Sequence

from .paths import ROOT, SRC

__all__ = ["cli_env", "run_in_process", "run_process"]


def cli_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for a real ``innokg`` process: this checkout's ``src/`` first on PYTHONPATH."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(SRC) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra or {})
    return env


def _text(data: bytes) -> str:
    """Decode as ``subprocess.run(text=True)`` does: UTF-8, universal newlines."""
    return data.decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n")


def _exit_code(code) -> int:
    """The exit status ``sys.exit(code)`` gives a process."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


@contextlib.contextmanager
def _as_a_process_would():
    """Log records and warnings to the (captured) stderr, as in a fresh interpreter; state restored."""
    handler = logging.StreamHandler()  # binds sys.stderr now: the captured stream
    handler.setLevel(logging.WARNING)
    root = logging.getLogger()
    rdflib_level = logging.getLogger("rdflib").level
    sigterm = signal.getsignal(signal.SIGTERM)
    root.addHandler(handler)
    try:
        with warnings.catch_warnings():
            warnings.resetwarnings()
            warnings.filterwarnings("default", category=DeprecationWarning, module="__main__")
            for category in (DeprecationWarning, PendingDeprecationWarning, ImportWarning, ResourceWarning):
                warnings.filterwarnings("ignore", category=category)
            yield
    finally:
        root.removeHandler(handler)
        logging.getLogger("rdflib").setLevel(rdflib_level)
        signal.signal(signal.SIGTERM, sigterm)


def run_in_process(args: Sequence[str], *, cwd: str | os.PathLike | None = None,
                   input: str | bytes | None = None) -> subprocess.CompletedProcess:
    """``innokg ARGS…`` run by :func:`innokg.cli.main` in this process; returns what a subprocess would."""
    from click import formatting
    from click.testing import CliRunner

    from innokg.cli import main

    args = [str(a) for a in args]
    runner = CliRunner()
    old_cwd = os.getcwd()
    os.chdir(cwd or ROOT)
    try:
        with runner.isolation(input=input, env={"PYTHONPATH": cli_env()["PYTHONPATH"]}) as (out, err, _):
            # a pipe has no width: click wraps help at 80 - 2 columns (isolation forces 80)
            formatting.FORCED_WIDTH = None if "COLUMNS" in os.environ else 78
            with _as_a_process_would():
                try:
                    code = main(args)
                except SystemExit as exc:
                    code = _exit_code(exc.code)
                finally:
                    sys.stdout.flush()
                    sys.stderr.flush()
            stdout, stderr = out.getvalue(), err.getvalue()
    finally:
        os.chdir(old_cwd)
    return subprocess.CompletedProcess(["innokg", *args], code, _text(stdout), _text(stderr))


def run_process(args: Sequence[str], *, cwd: str | os.PathLike | None = None, input: str | None = None,
                timeout: float = 600, env: Mapping[str, str] | None = None) -> subprocess.CompletedProcess:
    """``python -m innokg.cli ARGS…`` as a real process (this checkout's code); the CompletedProcess."""
    return subprocess.run(
        [sys.executable, "-m", "innokg.cli", *map(str, args)],
        cwd=cwd or ROOT, env=cli_env(env), input=input, text=True,
        capture_output=True, timeout=timeout,
    )
