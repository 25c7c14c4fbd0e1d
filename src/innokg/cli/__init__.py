"""The ``innokg`` command line: one group of verb subcommands.

Exit codes (documented in the README):

* 0 — done; for ``validate``: the data conforms;
* 1 — done, with findings (validation Violations, failed checks);
* 2 — could not run (bad input, bad parameter, unreachable endpoint …).

Results go to stdout or ``-o FILE``; diagnostics go to stderr as
``[SEVERITY] [where] message`` lines; tracebacks only with ``--verbose``.

Signals: SIGINT (Ctrl-C) and SIGTERM stop a run within a second, even in the middle of
a long native call (parsing, canonicalisation, a query) where Python cannot act on
them. :func:`main` starts a small watchdog process next to the command; Python's
C-level signal handler writes each signal to a pipe the watchdog reads (``signal.
set_wakeup_fd``), which works while the interpreter is busy in native code. The
command normally stops by itself (outputs being written are discarded); if it has not
stopped 0.8 s after the signal, the watchdog kills it, removes what it was writing
(every target the run started, from :data:`innokg.atomic.RUN_LOG`) and says so.

Subcommands live in their own modules and are listed in :data:`COMMANDS` as
``"module:attribute"`` so that ``innokg --help`` stays fast (modules are imported
only when their command runs).
"""

from __future__ import annotations

import importlib
import logging
import os
import signal
import sys
import threading
import time
import traceback

import click

from innokg.errors import InnokgError

__all__ = ["main", "cli", "COMMANDS"]

#: name -> "module:click_command"; each command's module is imported lazily.
COMMANDS: dict[str, str] = {
    "analyze": "innokg.cli.analyze:analyze_command",
    "build": "innokg.cli.build:build_command",
    "diff": "innokg.cli.diff:diff_command",
    "import": "innokg.cli.importing:import_command",
    "link": "innokg.cli.link:link_command",
    "validate": "innokg.cli.validate:validate_command",
    "queries": "innokg.cli.query:queries_command",
    "query": "innokg.cli.query:query_command",
    "sparql": "innokg.cli.query:sparql_command",
    "push": "innokg.cli.query:push_command",
    "publish": "innokg.cli.publish:publish_command",
    "serve": "innokg.cli.serve:serve_command",
    "report": "innokg.cli.report:report_command",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx):  # noqa: D401 - click API
        return sorted(COMMANDS)

    def get_command(self, ctx, name):
        target = COMMANDS.get(name)
        if target is None:
            return None
        module, attr = target.split(":")
        return getattr(importlib.import_module(module), attr)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--verbose", "-v", is_flag=True, help="Show tracebacks and debug output.")
@click.version_option(package_name="innokg")
@click.pass_context
def cli(ctx: click.Context, verbose: bool) -> None:
    """innokg — build, check, query, analyse and publish the innovation-ecosystem graph."""
    ctx.ensure_object(dict)
    ctx.obj["verbose"] = verbose


class Terminated(BaseException):
    """Raised in the main thread on SIGTERM, so that outputs being written are cleaned up."""


def _on_sigterm(signum, frame):
    raise Terminated()


#: the line a run stopped by SIGINT (Ctrl-C) ends with
INTERRUPTED = "[ERROR] interrupted: files being written were discarded, previous outputs are untouched"

#: seconds a run may take to stop by itself after SIGINT/SIGTERM before the watchdog kills it
STOP_GRACE = 0.8


def _gone(pid: int) -> bool:
    """Whether process ``pid`` has ended (a zombie waiting to be reaped counts as ended)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except (OSError, IndexError):
        return True


def _watchdog(pid: int, signals: int, run_log: str) -> None:  # pragma: no cover - a forked process
    """Body of the watchdog: wait for a signal byte or for the run to end (EOF); kill a run that does not stop."""
    import select

    from innokg.atomic import clean_stale

    try:
        while True:
            data = os.read(signals, 64)
            if not data:
                return  # the run ended by itself
            wanted = [b for b in data if b in (signal.SIGINT, signal.SIGTERM)]
            if not wanted:
                continue
            deadline = time.monotonic() + STOP_GRACE
            while time.monotonic() < deadline:
                if not select.select([signals], [], [], max(0.0, deadline - time.monotonic()))[0]:
                    break
                if not os.read(signals, 64):
                    return  # it stopped in time
            if _gone(pid):
                return
            os.kill(pid, signal.SIGKILL)
            while not _gone(pid):
                time.sleep(0.01)
            try:
                with open(run_log, encoding="utf-8") as fh:
                    targets = sorted(set(fh.read().split("\n")) - {""})
            except OSError:
                targets = []
            for target in targets:
                try:
                    clean_stale(target, dead=pid)
                except OSError:
                    pass
            what = "interrupted" if wanted[0] == signal.SIGINT else "terminated (SIGTERM)"
            os.write(2, f"[ERROR] {what}: stopped in the middle of a long computation; files being written were "
                        "discarded, previous outputs are untouched\n".encode())
            return
    finally:
        try:
            os.unlink(run_log)
        except OSError:
            pass
        os._exit(0)


def _start_watchdog() -> None:
    """Fork the watchdog of this run (see the module's docstring); nothing if it cannot be."""
    import tempfile

    from innokg.atomic import RUN_LOG

    if not hasattr(os, "fork") or not os.path.isdir("/proc"):
        return
    try:
        fd, run_log = tempfile.mkstemp(prefix="innokg-run-", suffix=".log")
        os.close(fd)
        r, w = os.pipe()
    except OSError:
        return
    pid = os.getpid()
    child = os.fork()
    if child == 0:  # pragma: no cover - the watchdog
        # a terminal's Ctrl-C and `timeout` signal the whole process group: the watchdog stays
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        os.close(w)
        _watchdog(pid, r, run_log)
    os.close(r)
    os.set_blocking(w, False)
    signal.set_wakeup_fd(w, warn_on_full_buffer=False)
    os.environ[RUN_LOG] = run_log
    signal.signal(signal.SIGINT, signal.default_int_handler)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; turn :class:`InnokgError` into ``[ERROR]`` lines and exit code 2.

    Run as the ``innokg`` program (``argv`` None, main thread), a watchdog stops the run
    within a second of SIGINT or SIGTERM (see the module's docstring).
    """
    args = sys.argv[1:] if argv is None else argv
    if argv is None and threading.current_thread() is threading.main_thread():
        _start_watchdog()
    verbose = "--verbose" in args or "-v" in args
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _on_sigterm)  # `innokg serve` installs its own
    if not verbose:
        # rdflib logs an ill-typed literal ("2026-02-30"^^xsd:date) as a warning with a
        # traceback; the SHACL shapes report it properly, as a Violation with file and value
        logging.getLogger("rdflib").setLevel(logging.ERROR)
    try:
        return _run(args, verbose)
    except (KeyboardInterrupt, Terminated):  # a second signal while the first was being reported
        return 2
    finally:
        if argv is None and _stopped_by_signal:
            # Stopped by SIGINT/SIGTERM: outputs were cleaned up on the way here; leave at once rather than
            # free a large heap object by object (seconds on a loaded analysis), so that the run ends
            # within the second the watchdog allows.
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(2)


#: set when the run was stopped by SIGINT or SIGTERM (see :func:`main`)
_stopped_by_signal = False


def _stopped(message: str) -> int:
    global _stopped_by_signal
    _stopped_by_signal = True
    click.echo(message, err=True)
    return 2


def _run(args: list[str], verbose: bool) -> int:
    try:
        rv = cli.main(args=args, prog_name="innokg", standalone_mode=False)
    except InnokgError as exc:
        if verbose:
            traceback.print_exc()
        click.echo(exc.format(), err=True)
        return exc.exit_code
    except click.exceptions.Abort as exc:
        if isinstance(exc.__context__, KeyboardInterrupt):  # click turns Ctrl-C into Abort
            return _stopped(INTERRUPTED)
        click.echo("[ERROR] aborted", err=True)
        return 2
    except click.ClickException as exc:
        # usage errors: wrong option, missing argument, bad choice
        click.echo(f"[ERROR] [{_usage_where(exc)}] {exc.format_message()}", err=True)
        return 2
    except KeyboardInterrupt:
        return _stopped(INTERRUPTED)
    except Terminated:
        return _stopped("[ERROR] terminated (SIGTERM): files being written were discarded, previous outputs are "
                        "untouched")
    except OSError as exc:  # an operating-system error no command turned into an InnokgError
        if verbose:
            traceback.print_exc()
        where = f" [{exc.filename}]" if exc.filename else ""
        click.echo(f"[ERROR]{where} {exc.strerror or exc} (check the path, its permissions and the free space)",
                   err=True)
        return 2
    except Exception as exc:  # a bug: say so, show the traceback only on request
        if verbose:
            traceback.print_exc()
        click.echo(
            f"[ERROR] internal error: {type(exc).__name__}: {exc} "
            "(run again with --verbose for the traceback and report it)",
            err=True,
        )
        return 2
    return rv if isinstance(rv, int) else 0


def _usage_where(exc: click.ClickException) -> str:
    if isinstance(exc, click.exceptions.NoSuchOption):
        return exc.option_name
    param = getattr(exc, "param", None)
    if param is not None and getattr(param, "opts", None):
        return param.opts[0]
    ctx = getattr(exc, "ctx", None)
    return ctx.command_path if ctx is not None else "innokg"


