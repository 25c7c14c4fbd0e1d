"""OpenLink Virtuoso (Debian's ``virtuoso-opensource``) on loopback, for the portability test and
the query benchmark.

:func:`start_virtuoso` writes a ``virtuoso.ini`` into a folder of its own (database,
log and the data to load all live there), starts ``virtuoso-t`` in the foreground on
two free ports of 127.0.0.1 (SQL and HTTP), waits for the SPARQL endpoint, bulk-loads
N-Quads with ``ld_dir``/``rdf_loader_run`` through ``isql-vt`` and returns a
:class:`Virtuoso` whose :meth:`~Virtuoso.stop` ends the server (also at interpreter exit).
Virtuoso answers a query without ``FROM`` over all its graphs, as innokg's queries
expect (the union default graph).
"""

from __future__ import annotations

import atexit
import shutil
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from .oxigraph_server import free_port

__all__ = ["VIRTUOSO_MISSING", "Virtuoso", "start_virtuoso", "virtuoso_missing"]

VIRTUOSO_MISSING = ("Virtuoso is not installed: install the Debian package virtuoso-opensource "
                    "(listed in .ci/debian-packages.txt; .ci/system-deps.sh installs it)")

INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
DirsAllowed = ., {d}
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
CheckpointInterval = 0
ThreadsPerQuery = 1
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
ServerThreads = 4
MaxClientConnections = 4
[SPARQL]
ResultSetMaxRows = 100000000
MaxSortedTopRows = 100000000
MaxQueryExecutionTime = {timeout}
MaxQueryCostEstimationTime = 0
"""


def virtuoso_missing() -> str | None:
    """Why Virtuoso cannot run here, or None."""
    if shutil.which("virtuoso-t") is None or shutil.which("isql-vt") is None:
        return VIRTUOSO_MISSING
    return None


@dataclass
class Virtuoso:
    """A running Virtuoso: its SPARQL endpoint, SQL port and folder."""

    proc: subprocess.Popen
    endpoint: str
    sql_port: int
    folder: Path

    def isql(self, statements: str, timeout: float = 3600) -> str:
        r = subprocess.run(["isql-vt", f"127.0.0.1:{self.sql_port}", "dba", "dba", f"exec={statements}"],
                           capture_output=True, text=True, timeout=timeout)
        if r.returncode != 0 or "*** Error" in r.stdout + r.stderr:
            raise RuntimeError(f"isql-vt failed: {(r.stdout + r.stderr)[-2000:]}")
        return r.stdout

    def load_nquads(self, path: Path) -> None:
        """Bulk-load an N-Quads file (each quad into its own graph)."""
        target = self.folder / "load" / path.name
        target.parent.mkdir(exist_ok=True)
        if target.resolve() != path.resolve():
            shutil.copyfile(path, target)
        self.isql(f"ld_dir('{target.parent}', '{target.name}', 'urn:innokg:unnamed'); rdf_loader_run(); "
                  "checkpoint;")
        errors = self.isql("SELECT ll_file, ll_error FROM DB.DBA.LOAD_LIST WHERE ll_error IS NOT NULL;")
        if "0 Rows." not in errors:
            raise RuntimeError(f"Virtuoso could not load {path.name}: {errors[-2000:]}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:  # pragma: no cover
                self.proc.kill()
                self.proc.wait()


def start_virtuoso(folder: Path, *, buffers: int = 20000, timeout: int = 600, wait: float = 180) -> Virtuoso:
    """Start ``virtuoso-t`` with its database in ``folder`` on free loopback ports.

    ``buffers`` are 8 kB pages of cache (Virtuoso's guide: about 2/3 of the memory to give it
    divided by 8.5 kB); ``timeout`` is the longest a query may run, in seconds.
    """
    folder.mkdir(parents=True, exist_ok=True)
    sql, http = free_port(), free_port()
    (folder / "virtuoso.ini").write_text(INI.format(d=folder, sql=sql, http=http, buffers=buffers,
                                                    dirty=buffers * 3 // 4, timeout=timeout))
    log = open(folder / "stdout.log", "w")  # noqa: SIM115 - closed with the process
    proc = subprocess.Popen(["virtuoso-t", "-f", "-c", str(folder / "virtuoso.ini")], cwd=folder,
                            stdout=log, stderr=subprocess.STDOUT)
    server = Virtuoso(proc, f"http://127.0.0.1:{http}/sparql", sql, folder)
    atexit.register(server.stop)
    probe = f"{server.endpoint}?" + urllib.parse.urlencode({"query": "ASK {}"})
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"virtuoso-t exited: {(folder / 'virtuoso.log').read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(probe, timeout=2):
                return server
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.25)
    server.stop()
    raise RuntimeError(f"Virtuoso did not answer within {wait:.0f} s")
