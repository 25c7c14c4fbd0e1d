"""``pytest --check-tiers``: a test of the fast tier (not marked ``slow``) that starts a process or listens on a
socket fails, naming what it started, so that the real-process tier's marks stay right.

The fast tier is library calls and the CLI run in-process (README "Tests"); worker processes (``--jobs 2``),
servers, browsers and R belong to the ``slow`` tier. Without the option nothing is watched. A module-scoped fixture
that starts a server is charged to the first test that asks for it, which is marked ``slow`` with its module.
"""

from __future__ import annotations

import multiprocessing.process
import os
import socket
import subprocess

__all__ = ["TierWatch", "LIBRARY_LOOKUPS"]

#: programs libraries run for a moment to find a shared library (``ctypes.util.find_library``: ``ldconfig -p``,
#: a compiler's search path), not what a test drives: not counted
LIBRARY_LOOKUPS = frozenset({"ldconfig", "gcc", "cc", "ld", "objdump", "uname"})


class TierWatch:
    """While installed, notes every process started and socket listened on, for the test running now."""

    def __init__(self):
        self.started: list[str] = []
        self.watching = False
        self._originals = None

    def _note(self, what: str) -> None:
        if self.watching:
            self.started.append(what)

    def install(self) -> None:
        popen, start, listen = subprocess.Popen.__init__, multiprocessing.process.BaseProcess.start, socket.socket.listen
        self._originals = (popen, start, listen)
        watch = self

        def _popen(self, args, *a, **kw):
            argv = args.split() if isinstance(args, str) else [str(x) for x in args]
            if argv and os.path.basename(argv[0]) not in LIBRARY_LOOKUPS:
                watch._note("process " + " ".join(argv)[:200])
            return popen(self, args, *a, **kw)

        def _start(self):
            watch._note(f"worker process {self.name}")
            return start(self)

        def _listen(self, *a):
            watch._note(f"socket listening on {self.getsockname()}")
            return listen(self, *a)

        subprocess.Popen.__init__ = _popen
        multiprocessing.process.BaseProcess.start = _start
        socket.socket.listen = _listen

    def uninstall(self) -> None:
        if self._originals:
            subprocess.Popen.__init__, multiprocessing.process.BaseProcess.start, socket.socket.listen = self._originals
            self._originals = None
