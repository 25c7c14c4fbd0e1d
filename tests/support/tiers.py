"""``pytest --check-tiers``: a test of the fast tier (not marked ``slow``) that starts a process fails, naming
what it started, so that the real-process tier's marks stay right.

The fast tier is library calls and the CLI run in-process (README "Tests"); worker processes (``--jobs 2``),
servers, browsers, R and other programs belong to the ``slow`` tier. A socket listening in the test's own process
(``support.loopback``: proof that nothing connects out) is no process and stays in the fast tier. Without the
option nothing is watched. A module-scoped fixture that starts a server is charged to the first test that asks for
it.
"""

from __future__ import annotations

import multiprocessing.process
import os
import subprocess

__all__ = ["TierWatch", "LIBRARY_LOOKUPS"]

#: programs libraries run for a moment to find a shared library (``ctypes.util.find_library``: ``ldconfig -p``,
#: a compiler's search path), not what a test drives: not counted
LIBRARY_LOOKUPS = frozenset({"ldconfig", "gcc", "cc", "ld", "objdump", "uname"})


class TierWatch:
    """While installed, notes every process started (a program, a multiprocessing worker) for the test running now."""

    def __init__(self):
        self.started: list[str] = []
        self.watching = False
        self._originals = None

    def _note(self, what: str) -> None:
        if self.watching:
            self.started.append(what)

    def install(self) -> None:
        popen, start = subprocess.Popen.__init__, multiprocessing.process.BaseProcess.start
        self._originals = (popen, start)
        watch = self

        def _popen(self, args, *a, **kw):
            if isinstance(args, str):
                argv = args.split()
            elif isinstance(args, (bytes, os.PathLike)):  # one program, as subprocess allows
                argv = [os.fsdecode(args)]
            else:
                argv = [os.fsdecode(x) if isinstance(x, (bytes, os.PathLike)) else str(x) for x in args]
            if argv and os.path.basename(argv[0]) not in LIBRARY_LOOKUPS:
                watch._note("process " + " ".join(argv)[:200])
            return popen(self, args, *a, **kw)

        def _start(self):
            watch._note(f"worker process {self.name}")
            return start(self)

        subprocess.Popen.__init__ = _popen
        multiprocessing.process.BaseProcess.start = _start

    def uninstall(self) -> None:
        if self._originals:
            subprocess.Popen.__init__, multiprocessing.process.BaseProcess.start = self._originals
            self._originals = None
