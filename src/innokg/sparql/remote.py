"""Run queries on any SPARQL 1.1 endpoint, and push the dataset into a store.

Queries go through SPARQLWrapper (HTTP POST, JSON results) and come back as the
same :class:`~innokg.sparql.results.Results` as local runs. innokg's queries
read the *default graph as the union of all named graphs*; before the first query
on an endpoint, :func:`check_union_default_graph` makes sure the store does that
too (one triple of a named graph must be visible without ``GRAPH``), and says how
to switch it on when it does not, so a remote run never silently returns fewer rows.

:func:`push_dataset` writes every named graph with SPARQL 1.1 Update (or, with a
Graph Store Protocol URL, with HTTP ``PUT`` per graph). Each graph is replaced,
never added to: blank nodes (monetary amounts, durations) would otherwise be
duplicated by a second push.

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
from collections import defaultdict

import pyoxigraph as ox

from innokg.errors import ConfigError, QueryError
from innokg.sparql.binding import query_form
from innokg.sparql.local import GRAPH_NS
from innokg.sparql.results import Results

__all__ = ["check_union_default_graph", "push_dataset", "run_remote", "update_batches"]

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


# --- push --------------------------------------------------------------------------------------


def _components(quads: list[ox.Quad]) -> list[list[ox.Quad]]:
    """Group quads so that every blank node's statements travel in one request.

    A blank node label is only meaningful within one request; splitting the
    statements about ``_:b`` over two requests would make two nodes of one.
    """
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for q in quads:
        bn = [t.value for t in (q.subject, q.object) if isinstance(t, ox.BlankNode)]
        for b in bn[1:]:
            parent[find(bn[0])] = find(b)
    groups: dict[str, list[ox.Quad]] = defaultdict(list)
    singles = []
    for q in quads:
        bn = [t.value for t in (q.subject, q.object) if isinstance(t, ox.BlankNode)]
        if bn:
            groups[find(bn[0])].append(q)
        else:
            singles.append([q])
    return singles + list(groups.values())


def update_batches(store: ox.Store, batch_size: int = 5000) -> list[str]:
    """The SPARQL Update requests that replace the store's graphs in a remote store.

    The first request clears every graph below ``https://w3id.org/innokg/graph/``
    (so graphs gone from the dataset go from the store too) and every other named
    graph the dataset has, plus the default graph if the dataset has default-graph
    triples; the next ones ``INSERT DATA`` at most about ``batch_size`` statements each.
    """
    by_graph: dict[ox.NamedNode | ox.BlankNode | ox.DefaultGraph, list[ox.Quad]] = defaultdict(list)
    for q in store:
        by_graph[q.graph_name].append(q)
    names = sorted((g for g in by_graph if not isinstance(g, ox.DefaultGraph)), key=str)
    clear = [f'DELETE {{ GRAPH ?g {{ ?s ?p ?o }} }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} '
             f'FILTER(STRSTARTS(STR(?g), "{GRAPH_NS}")) }}']
    clear += [f"DROP SILENT GRAPH {g}" for g in names if not g.value.startswith(GRAPH_NS)]
    if ox.DefaultGraph() in by_graph:
        clear.append("DROP SILENT DEFAULT")
    requests = [" ;\n".join(clear)]
    for g in sorted(by_graph, key=lambda x: "" if isinstance(x, ox.DefaultGraph) else str(x)):
        chunk: list[ox.Quad] = []
        for comp in _components(sorted(by_graph[g], key=str)):
            chunk.extend(comp)
            if len(chunk) >= batch_size:
                requests.append(_insert(g, chunk))
                chunk = []
        if chunk:
            requests.append(_insert(g, chunk))
    return requests


def _insert(g, quads: list[ox.Quad]) -> str:
    body = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
    if isinstance(g, ox.DefaultGraph):
        return f"INSERT DATA {{\n{body}\n}}"
    return f"INSERT DATA {{ GRAPH {g} {{\n{body}\n}} }}"


def _http(url: str, method: str, body: bytes, content_type: str, timeout: float) -> None:
    req = urllib.request.Request(url, data=body, method=method, headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            resp.read()
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode("utf-8", "replace")[:500]
        raise QueryError(f"HTTP {exc.code} {exc.reason}: {detail}".strip(), where=url.split("?")[0],
                         hint="is this the store's update (or graph store) URL, and may you write?") from None
    except (urllib.error.URLError, socket.timeout, ConnectionError, OSError) as exc:
        raise QueryError(f"cannot reach the store: {getattr(exc, 'reason', exc)}", where=url.split("?")[0],
                         hint="is the server running and the URL right?") from None


def push_dataset(store: ox.Store, endpoint: str, *, protocol: str = "update", batch_size: int = 5000,
                 timeout: float = 600) -> dict[str, int]:
    """Replace the dataset's graphs in a remote store; return ``{"graphs": n, "statements": m}``.

    ``protocol="update"``: ``endpoint`` is a SPARQL 1.1 Update URL (Oxigraph
    ``/update``, Fuseki ``/ds/update``, GraphDB ``/repositories/R/statements``).
    ``protocol="gsp"``: ``endpoint`` is a Graph Store Protocol URL (Oxigraph
    ``/store``, Fuseki ``/ds/data``); each graph is replaced with ``PUT``.
    """
    graphs = {q.graph_name for q in store}
    if protocol == "update":
        for req in update_batches(store, batch_size):
            _http(endpoint, "POST", req.encode("utf-8"), "application/sparql-update", timeout)
    elif protocol == "gsp":
        for g in sorted(graphs, key=lambda x: "" if isinstance(x, ox.DefaultGraph) else str(x)):
            lines = [f"{q.subject} {q.predicate} {q.object} ." for q in store.quads_for_pattern(None, None, None, g)]
            sep = "&" if "?" in endpoint else "?"
            target = (f"{endpoint}{sep}default" if isinstance(g, ox.DefaultGraph)
                      else f"{endpoint}{sep}graph={urllib.parse.quote(g.value, safe='')}")
            _http(target, "PUT", ("\n".join(sorted(lines)) + "\n").encode("utf-8"),
                  "application/n-triples", timeout)
    else:
        raise ConfigError(f"unknown push protocol {protocol!r}", hint="use 'update' or 'gsp'")
    return {"graphs": len(graphs), "statements": len(store)}
