"""The ``innokg`` command line: one group of verb subcommands.

Exit codes (documented in the README):

* 0 — done; for ``validate``: the data conforms;
* 1 — done, with findings (validation Violations, failed checks);
* 2 — could not run (bad input, bad parameter, unreachable endpoint …).

Results go to stdout or ``-o FILE``; diagnostics go to stderr as
``[SEVERITY] [where] message`` lines; tracebacks only with ``--verbose``.

Signals: SIGINT (Ctrl-C) and SIGTERM stop a run within a second, with exit code 2, even
in the middle of a long native call (parsing, canonicalisation, a query) where Python
cannot act on them. :func:`main` forks: the command runs in the child, and the process
the user started supervises it (:func:`_supervise`), passing the signal on. The
command normally stops by itself (outputs being written are discarded); if it has not
stopped 0.8 s after the signal, the supervisor kills it, removes what it was writing
(every target the run started, from :data:`innokg.atomic.RUN_LOG`), says so and exits
with 2. The child dies with the supervisor (``kill -9`` of the ``innokg`` process).

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


_stopping = False


def _on_sigterm(signum, frame):
    global _stopping
    if not _stopping:  # the same signal may come twice (from the shell's group and from the supervisor)
        _stopping = True
        raise Terminated()


def _on_sigint(signum, frame):
    global _stopping
    if not _stopping:
        _stopping = True
        raise KeyboardInterrupt


#: the line a run stopped by SIGINT (Ctrl-C) ends with
INTERRUPTED = "[ERROR] interrupted: files being written were discarded, previous outputs are untouched"

#: seconds a run may take to stop by itself after SIGINT/SIGTERM before the supervisor kills it
STOP_GRACE = 0.8


def _die_with_parent(parent: int) -> None:
    """Ask Linux to SIGKILL this process when ``parent`` ends (``kill -9`` of the ``innokg`` process)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # it ended before the request took effect
        os._exit(2)


def _supervise() -> None:
    """Fork the run; the child returns (and runs the command), this process waits for it and exits with its code.

    The process the user started (the one a shell, ``timeout`` or a service manager
    waits for) stays in Python's own code, so it hears SIGINT and SIGTERM at once; it
    passes them on to the run and, if the run has not stopped :data:`STOP_GRACE`
    seconds later (stuck in a long native call), kills it, removes what it was
    writing (every target the run started, from :data:`innokg.atomic.RUN_LOG`) and
    exits with code 2 — the code the README gives for a run that was stopped. A run
    that dies of a signal from elsewhere (a crash in native code, the kernel's
    out-of-memory killer) is reported the same way, in one line, exit 2. Nothing if
    the platform cannot do this (no ``fork`` or ``pidfd_open``): the run then goes on
    unsupervised in this process.
    """
    import select
    import tempfile

    from innokg.atomic import RUN_LOG, RUN_PID

    if not hasattr(os, "fork") or not hasattr(os, "pidfd_open") or not os.path.isdir("/proc"):
        return
    parent = os.getpid()
    _remove_stale_run_logs(tempfile.gettempdir())
    try:
        fd, run_log = tempfile.mkstemp(prefix=f"innokg-run-{parent}-", suffix=".log")
        os.close(fd)
    except OSError:
        return
    sys.stdout.flush()
    sys.stderr.flush()
    child = os.fork()
    if child == 0:  # pragma: no cover - the run
        _die_with_parent(parent)
        os.environ[RUN_LOG] = run_log
        os.environ[RUN_PID] = str(parent)  # outputs' temporary names carry the pid the user knows
        return
    _wait_for_run(child, parent, run_log, select)


def _remove_stale_run_logs(folder: str) -> None:
    """Remove the run logs (``innokg-run-<pid>-….log``) of supervisors that were killed (``kill -9``)."""
    import glob
    import re

    for path in glob.glob(os.path.join(folder, "innokg-run-*-*.log")):
        m = re.fullmatch(r"innokg-run-(\d+)-.*\.log", os.path.basename(path))
        if not m:
            continue
        try:
            if os.stat(path).st_uid != os.getuid():
                continue
            os.kill(int(m.group(1)), 0)
        except ProcessLookupError:
            try:
                os.unlink(path)
            except OSError:
                pass
        except OSError:
            continue


def _wait_for_run(child: int, parent: int, run_log: str, select) -> None:  # pragma: no cover - the supervisor
    """The supervisor's loop (see :func:`_supervise`); ends this process."""
    from innokg.atomic import clean_stale

    received: list[int] = []
    r, w = os.pipe()
    os.set_blocking(w, False)

    def on_signal(signum, frame):
        received.append(signum)
        try:
            os.kill(child, signum)
        except ProcessLookupError:
            pass

    signal.set_wakeup_fd(w, warn_on_full_buffer=False)
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    code = 2
    try:
        pidfd = os.pidfd_open(child)
        deadline = None
        killed = False
        while True:
            timeout = None if deadline is None else max(0.0, deadline - time.monotonic())
            ready = select.select([pidfd, r], [], [], timeout)[0]
            if r in ready:
                os.read(r, 512)
            if received and deadline is None:
                deadline = time.monotonic() + STOP_GRACE
            if pidfd in ready:
                break
            if deadline is not None and time.monotonic() >= deadline:
                os.kill(child, signal.SIGKILL)
                killed = True
                break
        status = os.waitpid(child, 0)[1]
        code = os.waitstatus_to_exitcode(status)
        if killed or code < 0:
            try:
                with open(run_log, encoding="utf-8") as fh:
                    targets = sorted(set(fh.read().split("\n")) - {""})
            except OSError:
                targets = []
            for target in targets:
                try:
                    clean_stale(target, dead=parent)
                except OSError:
                    pass
            if killed:
                what = "interrupted" if received[0] == signal.SIGINT else "terminated (SIGTERM)"
                os.write(2, f"[ERROR] {what}: stopped in the middle of a long computation; files being written "
                            "were discarded, previous outputs are untouched\n".encode())
            else:
                name = signal.Signals(-code).name if -code in signal.Signals._value2member_map_ else str(-code)
                os.write(2, f"[ERROR] the run was stopped by {name} (a crash in native code, or killed from "
                            "outside, e.g. for lack of memory); files being written were discarded, previous "
                            "outputs are untouched\n".encode())
            code = 2
    finally:
        try:
            os.unlink(run_log)
        except OSError:
            pass
        os._exit(code)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; turn :class:`InnokgError` into ``[ERROR]`` lines and exit code 2.

    Run as the ``innokg`` program (``argv`` None, main thread), the command runs in a
    child process that is stopped within a second of SIGINT or SIGTERM, with exit code 2
    (see the module's docstring).
    """
    args = sys.argv[1:] if argv is None else argv
    if argv is None and threading.current_thread() is threading.main_thread():
        _supervise()  # from here on, this is the run; the process the user started waits for it
    verbose = "--verbose" in args or "-v" in args
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _on_sigterm)  # `innokg serve` installs its own
        if argv is None:
            signal.signal(signal.SIGINT, _on_sigint)
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
        if argv is None and _leave_at_once:
            # A server stopped cleanly (its workers stopped, its temporary site removed): the same, with its own
            # exit code; freeing its heap (the labels of every entity, the explorer's index) took the rest of
            # the watchdog's second, and the run was then killed and ended with 2 (issue 17)
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(0)


#: set when the run was stopped by SIGINT or SIGTERM (see :func:`main`)
_stopped_by_signal = False
#: set by a command that has stopped cleanly on a signal and has nothing left to do (``innokg serve``)
_leave_at_once = False


def leave_at_once() -> None:
    """Say that the command has stopped cleanly on SIGINT or SIGTERM: the program then ends with 0 at once, without
    freeing its heap object by object (run as the ``innokg`` program only; see :func:`main`)."""
    global _leave_at_once
    _leave_at_once = True


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


