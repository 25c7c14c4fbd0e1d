"""Run queries on any SPARQL 1.1 endpoint, and push the dataset into a store.

Queries go through SPARQLWrapper (HTTP POST, JSON results) and come back as the
same :class:`~innokg.sparql.results.Results` as local runs. innokg's queries
read the *default graph as the union of all named graphs*; before the first query
on an endpoint, :func:`check_union_default_graph` makes sure the store does that
too (one triple of a named graph must be visible without ``GRAPH``), and says how
to switch it on when it does not, so a remote run never silently returns fewer rows.

Pushing a dataset into a store is :mod:`innokg.sparql.push`.

References
----------
.. [1] W3C, "SPARQL 1.1 Protocol", "SPARQL 1.1 Update", "SPARQL 1.1 Graph Store HTTP Protocol" (2013).
"""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.parse
import urllib.request

import pyoxigraph as ox

from innokg.errors import ConfigError, QueryError
from innokg.sparql.binding import query_form
from innokg.sparql.push import credentials
from innokg.sparql.results import Results

__all__ = ["check_union_default_graph", "run_remote"]

_checked: set[str] = set()


def _request(endpoint: str, query: str, accept: str, timeout: float) -> bytes:
    from SPARQLWrapper import POST, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    sw = SPARQLWrapper(endpoint)
    sw.setQuery(query)
    # SPARQLWrapper guesses the form with regular expressions that a comment can fool
    # (a description saying "added" made it an ADD update); tell it what the query is
    sw.queryType = query_form(query)
    if sw.isSparqlUpdateRequest():
        raise QueryError(f"{sw.queryType} is an update, not a query", where=endpoint,
                         hint="innokg sparql runs queries; use 'innokg push' to change a store")
    sw.setMethod(POST)
    # the Accept header alone says which format we want: without this SPARQLWrapper also sends
    # format=xml&output=xml&results=xml, which endpoints that honour format= (innokg serve) obey
    sw.setOnlyConneg(True)
    sw.setTimeout(int(max(1, timeout)))
    sw.addCustomHttpHeader("Accept", accept)
    auth = credentials(endpoint)  # from the environment or netrc (innokg.sparql.push.credentials)
    if auth:
        sw.addCustomHttpHeader("Authorization", auth)
    try:
        return sw.query().response.read()
    except SPARQLWrapperException as exc:
        msg = str(exc).split("\n\nResponse:\n", 1)
        detail = msg[1].strip()[:500] if len(msg) > 1 else ""
        raise QueryError(f"the endpoint refused the query: {msg[0].strip()} {detail}".strip(),
                         where=endpoint, hint="check the query and the endpoint URL") from None
    except urllib.error.HTTPError as exc:
        raise QueryError(f"HTTP {exc.code} {exc.reason}", where=endpoint,
                         hint="is this the SPARQL query URL of the store?") from None
    except (urllib.error.URLError, socket.timeout, ConnectionError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise QueryError(f"cannot reach the endpoint: {reason}", where=endpoint,
                         hint="is the server running and the URL right?") from None


def _select(endpoint: str, query: str, timeout: float) -> Results:
    body = _request(endpoint, query, "application/sparql-results+json", timeout)
    try:
        return Results.from_json(json.loads(body))
    except (ValueError, KeyError) as exc:
        raise QueryError(f"the endpoint did not answer with SPARQL JSON results: {exc}", where=endpoint,
                         hint="point --endpoint at the SPARQL query URL, e.g. http://host:7878/query") from None


def check_union_default_graph(endpoint: str, timeout: float = 60) -> None:
    """Raise :class:`ConfigError` if the endpoint's default graph is not the union of its graphs."""
    if endpoint in _checked:
        return
    probe = _select(endpoint, "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o "
                              "FILTER(!isBlank(?s) && !isBlank(?o)) } } LIMIT 1", timeout)
    if probe.rows:
        s, p, o = probe.rows[0]
        seen = _select(endpoint, f"ASK {{ {s.n3()} {p.n3()} {o.n3()} }}", timeout)
        if not seen.boolean:
            raise ConfigError(
                "the endpoint's default graph is not the union of its named graphs, so innokg's queries "
                "would miss the data", where=endpoint,
                hint="start Oxigraph with 'serve --union-default-graph'; Fuseki: tdb2:unionDefaultGraph true; "
                     "see README, Querying")
    _checked.add(endpoint)


def run_remote(endpoint: str, query: str, *, timeout: float = 300, check_union: bool = True) -> Results:
    """Run ``query`` on a SPARQL 1.1 endpoint; same :class:`Results` as a local run."""
    if check_union:
        check_union_default_graph(endpoint, timeout)
    form = query_form(query)
    if form in {"CONSTRUCT", "DESCRIBE"}:
        body = _request(endpoint, query, "application/n-triples", timeout)
        try:
            triples = ox.parse(body, format=ox.RdfFormat.N_TRIPLES)
            return Results(triples=sorted(f"{t.subject} {t.predicate} {t.object} ." for t in triples))
        except SyntaxError as exc:
            raise QueryError(f"the endpoint's N-Triples answer does not parse: {exc}", where=endpoint) from None
    return _select(endpoint, query, timeout)
