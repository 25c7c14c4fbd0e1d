"""Options several commands share, defined once."""

from __future__ import annotations

from pathlib import Path

import click

__all__ = ["endpoint_option", "store_option"]


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
