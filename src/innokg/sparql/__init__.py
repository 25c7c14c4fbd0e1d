"""SPARQL for researchers: the query library, local and remote execution, pushing the graph.

The query library is a folder of ``.rq`` files (``queries/``), one question per
file, whose metadata sits in ``#+`` comment lines (grlc/BASIL style, see
:mod:`innokg.sparql.library`). A query runs on an embedded pyoxigraph store
(:mod:`innokg.sparql.local`) or on any SPARQL 1.1 endpoint
(:mod:`innokg.sparql.remote`) with the same rows and the same output
(:mod:`innokg.sparql.results`). Parameters are bound as typed RDF terms
(:mod:`innokg.sparql.binding`), never by pasting text.

In both places the *default graph is the union of all named graphs*: the data of
every source document sits in its own named graph, a plain triple pattern
matches across all of them, and ``GRAPH ?g { … }`` asks which document says so.

Every SPARQL text innokg runs on local data passes :func:`~innokg.sparql.guard.check_query`
first: ``SERVICE`` is refused everywhere (innokg makes no outbound requests), and
so is an update where a read is meant.
"""

from __future__ import annotations

from innokg.sparql.binding import bind_parameters, parse_value
from innokg.sparql.guard import QueryRefused, check_query
from innokg.sparql.library import (LibraryQuery, Param, find_query, load_library, parse_metadata,
                                   resolve_parameters)
from innokg.sparql.local import load_store
from innokg.sparql.run import run_local
from innokg.sparql.push import push_dataset, push_files
from innokg.sparql.remote import run_remote
from innokg.sparql.results import Results, Term, format_results

__all__ = [
    "LibraryQuery",
    "Param",
    "QueryRefused",
    "Results",
    "Term",
    "bind_parameters",
    "check_query",
    "find_query",
    "format_results",
    "load_library",
    "load_store",
    "parse_metadata",
    "parse_value",
    "push_dataset",
    "push_files",
    "resolve_parameters",
    "run_local",
    "run_remote",
]
