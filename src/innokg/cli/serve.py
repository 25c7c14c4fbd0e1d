"""``innokg serve``: the graph live, with a read-only SPARQL endpoint (see :mod:`innokg.serve.server`)."""

from __future__ import annotations

import sys

import click

from innokg.cli.options import store_option
from innokg.errors import ParameterError
from innokg.publish.data import DEFAULT_BASE
from innokg.serve.server import run_server

__all__ = ["serve_command"]


def _stderr(message: str) -> None:
    # a plain write: this is called once per request (the request log), and click.echo's checks of the
    # stream cost ten times the write
    sys.stderr.write(message + "\n")


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind; the default keeps the server on this machine.")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(0, 65535),
              help="Port (0: any free port; the address is printed).")
@click.option("--data", "-d", type=click.Path(), default=None, metavar="FILE_OR_DIR",
              help="Dataset (.trig/.nq/.ttl/.jsonld; default: out/innokg.trig from `innokg build`), or a folder "
                   "of source files such as graph/.")
@click.option("--base-iri", default=DEFAULT_BASE, show_default=True, help="IRI space the entities are served as.")
@click.option("--site", "site_dir", type=click.Path(file_okay=False, exists=True), default=None,
              help="A folder written by `innokg publish` to serve files from (default: publish one to a "
                   "temporary folder at start).")
@click.option("--site-url", default=None, metavar="URL",
              help="Public address of this server (behind a proxy) for the descriptions; default: the bound one.")
@click.option("--ontology", "ontology_dir", type=click.Path(file_okay=False), default="ontology", show_default=True,
              help="Folder of the ontology (*.ttl): its terms get pages and label the data's classes and properties.")
@click.option("--shapes", "shapes_dir", type=click.Path(file_okay=False), default="shapes", show_default=True,
              help="Folder of the SHACL shapes (*.ttl) documented on the site's shapes page.")
@click.option("--queries", "queries_dir", type=click.Path(file_okay=False), default="queries", show_default=True,
              help="Query library offered on the query page.")
@click.option("--time-limit", default=10.0, show_default=True, type=click.FloatRange(0.1, 3600),
              help="Seconds a SPARQL query may run before it is stopped.")
@click.option("--result-limit", default=10000, show_default=True, type=click.IntRange(1),
              help="Most rows (or triples) a SPARQL result holds; a cut result says so in a header.")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64),
              help="Query worker processes (queries that run at once).")
@click.option("--threads", default=32, show_default=True, type=click.IntRange(2, 256),
              help="HTTP threads; a quarter of them (at least one) is kept for pages and files, never for SPARQL.")
@click.option("--explorer-threads", default=2, show_default=True, type=click.IntRange(0, 64),
              help="HTTP threads of their own for the explorer's search and facet pages (beside --threads), so "
                   "they never wait behind entity pages or SPARQL; 0: they share --threads.")
@click.option("--memory-limit", default=4096, show_default=True, type=click.IntRange(64),
              help="MiB of address space a query worker may use; past it the query fails (500), the server goes on.")
@click.option("--client-queries", default=None, type=click.IntRange(1, 64), metavar="N",
              help="SPARQL queries one client (remote address) may run at once; more get 429 with Retry-After. "
                   "Default: half the workers, at least 1.")
@click.option("--client-budget", default=None, type=click.FloatRange(0.1), metavar="SECONDS",
              help="Seconds of query time one client may use per minute; past it: 429 with Retry-After. "
                   "Default: 2 × --time-limit.")
@click.option("--client-connections", default=32, show_default=True, type=click.IntRange(1, 1000),
              help="Connections one client may hold open; more are closed at once.")
@click.option("--request-timeout", default=10.0, show_default=True, type=click.FloatRange(0.5, 600),
              help="Seconds a request may take to arrive whole (headers and body); slower ones are dropped.")
@store_option("Serve the on-disk store 'innokg build --store PATH' made instead of --data: the query workers open it "
              "read-only (one copy on disk for all of them, none in their memory).")
def serve_command(host, port, data, base_iri, site_dir, site_url, ontology_dir, shapes_dir, queries_dir, time_limit,
                  result_limit, workers, threads, explorer_threads, memory_limit, client_queries, client_budget,
                  client_connections, request_timeout, store):
    """Serve the graph live: dereferenceable IRIs, the site, and a read-only SPARQL endpoint.

    /explore: search labels (English and German) with facets by kind, region, topic, funder and hub;
    /explore/sparql: a SPARQL editor with the query library as examples; /explore/network?node=IRI: an
    organisation's or hub's neighbourhood with its brokerage measures (browser libraries: make assets).
    """
    if data is not None and store is not None:
        raise ParameterError("give --data or --store, not both", where="--data/--store")
    code = run_server(host=host, port=port, data=data, base_iri=base_iri, site_dir=site_dir, site_url=site_url,
                      ontology_dir=ontology_dir, shapes_dir=shapes_dir, queries_dir=queries_dir,
                      time_limit=time_limit, result_limit=result_limit, workers=workers, threads=threads,
                      explorer_threads=explorer_threads, memory_limit=memory_limit, client_queries=client_queries,
                      client_budget=client_budget, client_connections=client_connections, request_timeout=request_timeout, store=store,
                      log=_stderr)
    if code == 0:  # stopped by SIGTERM or Ctrl-C, cleaned up
        from innokg.cli import leave_at_once

        leave_at_once()
    return code
