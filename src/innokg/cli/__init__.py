"""The ``innokg`` command line: one group of verb subcommands.

Exit codes (documented in the README):

* 0 — done; for ``validate``: the data conforms;
* 1 — done, with findings (validation Violations, failed checks);
* 2 — could not run (bad input, bad parameter, unreachable endpoint …).

Results go to stdout or ``-o FILE``; diagnostics go to stderr as
``[SEVERITY] [where] message`` lines; tracebacks only with ``--verbose``.

Subcommands live in their own modules and are listed in :data:`COMMANDS` as
``"module:attribute"`` so that ``innokg --help`` stays fast (modules are imported
only when their command runs).
"""

from __future__ import annotations

import importlib
import logging
import signal
import sys
import threading
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


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; turn :class:`InnokgError` into ``[ERROR]`` lines and exit code 2."""
    args = sys.argv[1:] if argv is None else argv
    verbose = "--verbose" in args or "-v" in args
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _on_sigterm)  # `innokg serve` installs its own
    if not verbose:
        # rdflib logs an ill-typed literal ("2026-02-30"^^xsd:date) as a warning with a
        # traceback; the SHACL shapes report it properly, as a Violation with file and value
        logging.getLogger("rdflib").setLevel(logging.ERROR)
    try:
        rv = cli.main(args=args, prog_name="innokg", standalone_mode=False)
    except InnokgError as exc:
        if verbose:
            traceback.print_exc()
        click.echo(exc.format(), err=True)
        return exc.exit_code
    except click.exceptions.Abort:
        click.echo("[ERROR] aborted", err=True)
        return 2
    except click.ClickException as exc:
        # usage errors: wrong option, missing argument, bad choice
        click.echo(f"[ERROR] [{_usage_where(exc)}] {exc.format_message()}", err=True)
        return 2
    except KeyboardInterrupt:
        click.echo("[ERROR] interrupted: files being written were discarded, previous outputs are untouched", err=True)
        return 2
    except Terminated:
        click.echo("[ERROR] terminated (SIGTERM): files being written were discarded, previous outputs are untouched", err=True)
        return 2
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


