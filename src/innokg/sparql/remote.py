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
from innokg.sparql.auth import Auth, credentials
from innokg.sparql.results import Results

__all__ = ["RemoteStore", "check_union_default_graph", "ox_term", "run_remote"]

_checked: set[str] = set()
_auths: dict[tuple, Auth] = {}  # one per endpoint and credentials: a digest nonce serves many queries


def _auth(endpoint: str) -> Auth | None:
    auth = credentials(endpoint)  # from the environment or netrc (innokg.sparql.auth.credentials)
    if auth is None:
        return None
    return _auths.setdefault((endpoint, auth.scheme, auth.user, auth.password, auth.token), auth)


def _request(endpoint: str, query: str, accept: str, timeout: float) -> bytes:
    from SPARQLWrapper.SPARQLExceptions import Unauthorized

    auth = _auth(endpoint)
    if auth is not None:
        auth.fetch_challenge(endpoint, timeout)  # digest: the server's nonce first
    try:
        return _request_once(endpoint, query, accept, timeout, auth)
    except Unauthorized:
        if auth is None or auth.scheme != "digest":
            said = "refused the credentials" if auth is not None else "asks for credentials"
            raise QueryError(f"HTTP 401 Unauthorized: the endpoint {said}", where=endpoint,
                             hint="set INNOKG_SPARQL_TOKEN, or INNOKG_SPARQL_USER and INNOKG_SPARQL_PASSWORD, or a "
                                  "netrc entry for the host (INNOKG_SPARQL_AUTH=digest for Virtuoso; README, "
                                  "Pushing)") from None
        auth.forget(endpoint)  # the nonce may have gone stale: ask for a new one, once
        auth.fetch_challenge(endpoint, timeout)
        try:
            return _request_once(endpoint, query, accept, timeout, auth)
        except Unauthorized:
            raise QueryError("HTTP 401 Unauthorized: the endpoint refused the user and password (digest)",
                             where=endpoint, hint="check INNOKG_SPARQL_USER and INNOKG_SPARQL_PASSWORD, or the "
                                                  "netrc entry for the host") from None


def _request_once(endpoint: str, query: str, accept: str, timeout: float, auth: Auth | None) -> bytes:
    from SPARQLWrapper import POST, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException, Unauthorized

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
    value = auth.header("POST", endpoint) if auth is not None else None
    if value:
        sw.addCustomHttpHeader("Authorization", value)
    try:
        return sw.query().response.read()
    except Unauthorized:
        raise
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
        # a SELECT, not an ASK: Virtuoso 7.2 answers ASK in JSON as a one-row table, not a boolean
        seen = _select(endpoint, f"SELECT ?s WHERE {{ {s.n3()} {p.n3()} {o.n3()} BIND({s.n3()} AS ?s) }} LIMIT 1",
                       timeout)
        if not seen.rows:
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


# --- a remote store read as a local one -------------------------------------------------------------------------


def ox_term(t) -> ox.NamedNode | ox.BlankNode | ox.Literal | None:
    """A :class:`~innokg.sparql.results.Term` as a pyoxigraph term (``None`` stays ``None``).

    A blank-node label that is not one in Turtle's syntax (Virtuoso answers ``nodeID://b10000``) becomes ``x``
    and its UTF-8 bytes in hex: two labels stay two nodes.

    Examples
    --------
    >>> from innokg.sparql.results import Term
    >>> ox_term(Term("bnode", "nodeID://b1"))
    <BlankNode value=x6e6f646549443a2f2f6231>
    """
    if t is None:
        return None
    if t.type == "uri":
        return ox.NamedNode(t.value)
    if t.type == "bnode":
        try:
            return ox.BlankNode(t.value)
        except ValueError:
            return ox.BlankNode("x" + t.value.encode("utf-8").hex())
    if t.lang:
        return ox.Literal(t.value, language=t.lang)
    return ox.Literal(t.value, datatype=ox.NamedNode(t.datatype) if t.datatype else None)


class _Solution:
    """One row, read as a pyoxigraph ``QuerySolution`` is: by variable name or position."""

    __slots__ = ("_names", "_terms")

    def __init__(self, names: dict[str, int], terms: tuple):
        self._names, self._terms = names, terms

    def __getitem__(self, key):
        if isinstance(key, ox.Variable):
            key = key.value
        if isinstance(key, str):
            i = self._names.get(key)
            return None if i is None else self._terms[i]
        return self._terms[key]

    def __iter__(self):
        return iter(self._terms)


class _Solutions(list):
    """Rows with ``variables``, as pyoxigraph's ``QuerySolutions``."""

    variables: list


class RemoteStore:
    """A SPARQL 1.1 endpoint read through the two methods innokg's projections and reports use on a
    :class:`pyoxigraph.Store` — :meth:`query` (SELECT and ASK) and :meth:`quads_for_pattern` — so that
    ``analyze --endpoint`` and ``report --endpoint`` run the same code on the server's data.

    The endpoint's default graph must be the union of its named graphs (checked once, as for every remote
    query). A blank node cannot be named in a query to another store, so :meth:`quads_for_pattern` with a blank
    node in the pattern finds nothing; innokg asks for blank nodes only through queries that reach them.
    """

    def __init__(self, endpoint: str, *, timeout: float = 300):
        self.endpoint, self.timeout = endpoint, timeout
        check_union_default_graph(endpoint, timeout)

    def query(self, text: str, use_default_graph_as_union: bool = True):
        res = run_remote(self.endpoint, text, timeout=self.timeout, check_union=False)
        if res.kind == "ask":
            return res.boolean
        if res.kind != "select":
            raise QueryError(f"{res.kind} queries are not read through RemoteStore", where=self.endpoint)
        names = {v: i for i, v in enumerate(res.vars)}
        out = _Solutions(_Solution(names, tuple(ox_term(t) for t in row)) for row in res.rows)
        out.variables = [ox.Variable(v) for v in res.vars]
        return out

    def quads_for_pattern(self, subject=None, predicate=None, object=None, graph_name=None):
        terms = {"s": subject, "p": predicate, "o": object}
        if any(isinstance(t, ox.BlankNode) for t in (*terms.values(), graph_name)):
            return iter(())
        pattern = " ".join(str(t) if t is not None else f"?{k}" for k, t in terms.items())
        if graph_name is None:
            q = f"SELECT * WHERE {{ GRAPH ?g {{ {pattern} }} }}"
        elif isinstance(graph_name, ox.DefaultGraph):
            return iter(())  # innokg's data lives in named graphs; the union default graph repeats them
        else:
            q = f"SELECT * WHERE {{ GRAPH {graph_name} {{ {pattern} }} }}"
        rows = self.query(q)
        return iter([ox.Quad(terms["s"] or r["s"], terms["p"] or r["p"], terms["o"] or r["o"], graph_name or r["g"])
                     for r in rows])
