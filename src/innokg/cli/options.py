"""Options several commands share, defined once."""

from __future__ import annotations

from pathlib import Path

import click

__all__ = ["check_jobs", "endpoint_option", "store_option"]


def store_option(help_text: str = "Read the on-disk store 'innokg build --store PATH' made (opened read-only; "
                                  "nothing is loaded or reasoned again) instead of the files."):
    """``--store PATH``: an on-disk Oxigraph store (see README, "An on-disk store")."""
    return click.option("--store", "store", type=click.Path(path_type=Path, file_okay=False), default=None,
                        metavar="PATH", help=help_text)


def endpoint_option(help_text: str = "Read the dataset a SPARQL 1.1 endpoint holds (pushed with 'innokg push'; its "
                                     "default graph the union of its graphs) instead of the files; nothing is "
                                     "validated there."):
    """``--endpoint URL``: a SPARQL 1.1 query endpoint read instead of local data."""
    return click.option("--endpoint", "-e", "endpoint", default=None, metavar="URL", help=help_text)


def check_jobs(jobs: int | None, timed: bool) -> int:
    """The number of worker processes ``--jobs`` asks for (default 1); a one-line error when it is
    negative or given without periods to share out."""
    from innokg.errors import ParameterError

    if jobs is None:
        return 1
    if not timed:
        raise ParameterError("--jobs shares periods out among worker processes; it needs --over-time or --window",
                             where="--jobs")
    if jobs < 0:
        raise ParameterError(f"--jobs must be 0 (one per core) or more, not {jobs}", where="--jobs")
    return jobs
