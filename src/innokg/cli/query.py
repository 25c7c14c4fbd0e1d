"""The ``innokg queries|query|sparql|push`` commands."""

from __future__ import annotations

import json
import sys
import time

import click

from innokg.atomic import atomic_file
from innokg.cli.options import store_option
from innokg.errors import InputError, ParameterError
from innokg.sparql.binding import bind_parameters, prefixes_of
from innokg.sparql.guard import check_query
from innokg.sparql.library import find_query, load_library, resolve_parameters
from innokg.sparql.local import load_store
from innokg.sparql.run import run_local
from innokg.sparql.remote import run_remote
from innokg.sparql.results import FORMATS, Results, format_results

__all__ = ["push_command", "queries_command", "query_command", "sparql_command"]

_format = click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
                       help="Output format (csv/tsv/json follow the W3C SPARQL results formats).")
_output = click.option("--output", "-o", type=click.Path(dir_okay=False), default=None,
                       help="Write the results to FILE (whole or not at all) instead of stdout.")
_endpoint = click.option("--endpoint", "-e", default=None, metavar="URL",
                         help="Run on this SPARQL 1.1 query endpoint instead of the embedded store.")
_data = click.option("--data", "-d", type=click.Path(exists=True), default=None, metavar="FILE_OR_DIR",
                     help="Local data: a .trig/.nq file or a folder of RDF files (default: out/innokg.nq from "
                          "'innokg build', else graph/ and ontology/ loaded and reasoned in memory).")
_timeout = click.option("--timeout", type=float, default=300, show_default=True,
                        help="Seconds to wait for a remote endpoint.")
_library = click.option("--library", type=click.Path(exists=True, file_okay=False), default=None,
                        help="Query library folder (default: ./queries or $INNOKG_QUERIES).")


def _stderr(message: str) -> None:
    click.echo(message, err=True)


def _run(text: str, *, endpoint: str | None, data: str | None, timeout: float, where: str,
         store=None) -> Results:
    if sum(x is not None for x in (endpoint, data, store)) > 1:
        raise ParameterError("give one of --endpoint, --data and --store", where="--endpoint/--data/--store",
                             hint="each names where the query runs")
    if endpoint:  # the endpoint runs the query: SERVICE is its business, an update is refused here
        check_query(text, where=where, remote=True)
        return run_remote(endpoint, text, timeout=timeout)
    check_query(text, where=where)  # before the data is loaded: a refused query costs nothing
    if store is not None:
        from innokg.pipeline import prepare

        return run_local(prepare(store=store, validate=False).store, text, where=where)
    return run_local(load_store(data, log=_stderr), text, where=where)


def _emit(res: Results, fmt: str, output: str | None, prefixes: dict[str, str]) -> None:
    text = format_results(res, fmt, prefixes)
    if output:
        with atomic_file(output) as fh:
            fh.write(text)
    else:
        click.echo(text, nl=False)


def _summary(name: str, res: Results, started: float, endpoint: str | None) -> None:
    where = endpoint or "local"
    if res.kind == "select":
        what = f"{len(res.rows)} row{'s' if len(res.rows) != 1 else ''}"
    elif res.kind == "ask":
        what = str(res.boolean).lower()
    else:
        what = f"{len(res.triples)} triples"
    click.echo(f"[INFO] [{name}] {what} ({where}, {time.perf_counter() - started:.2f} s)", err=True)


@click.command("queries")
@click.option("--tag", default=None, help="Only queries with this tag.")
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@_library
def queries_command(tag: str | None, fmt: str, library: str | None) -> int:
    """List the query library: names, summaries, parameters."""
    lib = [q for q in load_library(library) if tag is None or tag in q.tags]
    if fmt == "json":
        doc = [{"name": q.name, "summary": q.summary, "description": q.description, "tags": list(q.tags),
                "check": q.is_check,
                "params": [{"name": p.name, "type": p.type, "default": p.default, "required": p.required,
                            "values": list(p.values), "description": p.description} for p in q.params]}
               for q in lib]
        click.echo(json.dumps(doc, indent=2, ensure_ascii=False))
        return 0
    width = max((len(q.name) for q in lib), default=4)
    for q in lib:
        tags = f"  [{', '.join(q.tags)}]" if q.tags else ""
        click.echo(f"{q.name.ljust(width)}  {q.summary}{tags}")
        for p in q.params:
            click.echo(f"{'':{width}}    --param {p.describe()}")
    return 0


@click.command("query")
@click.argument("name")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a parameter (repeatable); see 'innokg queries' for each query's parameters.")
@_format
@_output
@_endpoint
@_data
@store_option()
@_timeout
@_library
@click.option("--show", is_flag=True, help="Print the query with its parameters bound instead of running it.")
def query_command(name, params, fmt, output, endpoint, data, store, timeout, library, show) -> int:
    """Run the library query NAME, locally or on --endpoint.

    A check (a name ending in -violation) exits with 1 when it returns rows.
    """
    q = find_query(name, load_library(library))
    text = bind_parameters(q.text, resolve_parameters(q, list(params)))
    if show:
        click.echo(text, nl=not text.endswith("\n"))
        return 0
    started = time.perf_counter()
    res = _run(text, endpoint=endpoint, data=data, timeout=timeout, where=str(q.path), store=store)
    _emit(res, fmt, output, q.prefixes)
    _summary(q.name, res, started, endpoint)
    return 1 if q.is_check and res.rows else 0


@click.command("sparql")
@click.argument("file", type=click.Path(allow_dash=True, dir_okay=False))
@_format
@_output
@_endpoint
@_data
@store_option()
@_timeout
def sparql_command(file, fmt, output, endpoint, data, store, timeout) -> int:
    """Run an ad-hoc SPARQL query from FILE (or - for stdin), locally or on --endpoint.

    CONSTRUCT and DESCRIBE print sorted N-Triples; ASK prints true or false.
    """
    if file == "-":
        text, where = sys.stdin.read(), "<stdin>"
    else:
        try:
            with open(file, encoding="utf-8") as fh:
                text, where = fh.read(), file
        except FileNotFoundError:
            raise InputError("no such file", where=file) from None
        except UnicodeDecodeError:
            raise InputError("not UTF-8", where=file) from None
    if not text.strip():
        raise InputError("the query is empty", where=where)
    started = time.perf_counter()
    res = _run(text, endpoint=endpoint, data=data, timeout=timeout, where=where, store=store)
    _emit(res, fmt, output, prefixes_of(text))
    _summary(where, res, started, endpoint)
    return 0


@click.command("push")
@click.option("--endpoint", "-e", required=True, metavar="URL",
              help="SPARQL 1.1 Update URL (Oxigraph /update, Fuseki /DS/update, Virtuoso /sparql-auth), or a Graph "
                   "Store Protocol URL with --protocol gsp (Oxigraph /store, Fuseki /DS/data, Virtuoso "
                   "/sparql-graph-crud-auth).")
@click.option("--protocol", type=click.Choice(["update", "gsp"]), default="update", show_default=True,
              help="update: SPARQL 1.1 Update (INSERT DATA requests); gsp: Graph Store Protocol (PUT, then POST, "
                   "per graph).")
@click.option("--mode", type=click.Choice(["replace", "merge"]), default="replace", show_default=True,
              help="replace: the dataset's graphs (and, with update, every innokg graph) are cleared first; "
                   "merge: statements are added, nothing is cleared.")
@_data
@store_option()
@click.option("--batch-size", type=click.IntRange(1), default=5000, show_default=True,
              help="Statements per request (a blank node's statements always travel together).")
@click.option("--retries", type=click.IntRange(0, 20), default=4, show_default=True,
              help="Retries of a request after a connection failure or HTTP 429/502/503/504, with back-off.")
@_timeout
def push_command(endpoint, protocol, mode, data, store, batch_size, retries, timeout) -> int:
    """Stream the dataset into a SPARQL store, keeping its named graphs, without loading it into memory.

    Credentials come from the environment (INNOKG_SPARQL_TOKEN for a bearer token, or INNOKG_SPARQL_USER and
    INNOKG_SPARQL_PASSWORD for HTTP basic, digest with INNOKG_SPARQL_AUTH=digest) or from the netrc file ($NETRC
    or ~/.netrc), never from the command line.
    """
    from innokg.sparql.local import data_files
    from innokg.sparql.auth import credentials
    from innokg.sparql.push import push_dataset, push_files

    started = time.perf_counter()
    if data is not None and store is not None:
        raise ParameterError("give --data or --store, not both", where="--data/--store")
    files = None if store is not None else data_files(data)
    kwargs = dict(protocol=protocol, mode=mode, batch_size=batch_size, timeout=timeout, retries=retries,
                  auth=credentials(endpoint))
    with click.progressbar(length=1, label="pushing", file=sys.stderr,
                           show_pos=True) as bar:
        def progress(sent: int, total: int) -> None:
            bar.length = total
            bar.update(sent - bar.pos)
        kwargs["progress"] = progress
        if store is not None:  # an on-disk store: read as a stream, as files are
            from innokg.pipeline import prepare

            summary = push_dataset(prepare(store=store, validate=False).store, endpoint, **kwargs)
        elif files is None:  # no built dataset: graph/ and ontology/ built in memory, then pushed
            summary = push_dataset(load_store(None, log=_stderr), endpoint, **kwargs)
        else:
            summary = push_files(files, endpoint, **kwargs)
    for g, n in summary.graphs.items():
        click.echo(f"[INFO] [{endpoint}] {g}: {n} statements", err=True)
    retried = f", {summary.retries} retried" if summary.retries else ""
    click.echo(f"[INFO] [{endpoint}] pushed {summary.statements} statements in {len(summary.graphs)} graphs "
               f"({mode}, {summary.requests} requests{retried}, {time.perf_counter() - started:.2f} s)", err=True)
    return 0
