"""Run a SPARQL text on a pyoxigraph store, as every local route does: the guard first, rows as
:class:`~innokg.sparql.results.Results`.

Apart from :mod:`innokg.sparql.local` (which builds a store, through the pipeline, when none is given) so that the
build itself (:mod:`innokg.summary`'s roll-ups) can run library queries without an import cycle.
"""

from __future__ import annotations

import pyoxigraph as ox

from innokg.errors import QueryError
from innokg.sparql.results import Results, Term

__all__ = ["run_local", "term_of"]


def term_of(t) -> Term | None:
    """Turn a pyoxigraph term into a :class:`~innokg.sparql.results.Term`."""
    if t is None:
        return None
    if isinstance(t, ox.NamedNode):
        return Term("uri", t.value)
    if isinstance(t, ox.BlankNode):
        return Term("bnode", t.value)
    if isinstance(t, ox.Literal):
        return Term.from_json({"type": "literal", "value": t.value, "datatype": t.datatype.value,
                               "xml:lang": t.language})
    raise QueryError(f"unsupported term in results: {t!r}")


def run_local(store: ox.Store, query: str, *, where: str = "<query>") -> Results:
    """Run ``query`` on ``store`` with the default graph as the union of all graphs.

    The query passes :func:`~innokg.sparql.guard.check_query` first (no SERVICE,
    no update, no nesting deep enough to crash the parser). Rows are read inside
    the same ``try`` as the query is started: Oxigraph evaluates lazily, so an
    evaluation error surfaces while rows are read, and is reported as a
    :class:`~innokg.errors.QueryError` naming ``where`` all the same.

    Examples
    --------
    >>> store = ox.Store()
    >>> run_local(store, "ASK { }").boolean
    True
    >>> run_local(store, "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", where="q.rq")
    Traceback (most recent call last):
    ...
    innokg.sparql.guard.QueryRefused: [ERROR] [q.rq:1:12] SERVICE is refused: innokg makes no outbound requests (remove the SERVICE clause: innokg queries local data only)
    """
    from innokg.sparql.guard import check_query
    from innokg.sparql.syntax import syntax_error

    check_query(query, where=where)
    try:
        res = store.query(query, use_default_graph_as_union=True)
        if isinstance(res, ox.QueryBoolean):
            return Results(boolean=bool(res))
        if isinstance(res, ox.QueryTriples):
            return Results(triples=sorted(f"{t.subject} {t.predicate} {t.object} ." for t in res))
        variables = [v.value for v in res.variables]
        rows = [tuple(term_of(sol[i]) for i in range(len(variables))) for sol in res]
    except SyntaxError as exc:
        raise syntax_error(query, exc, where) from None
    except (OSError, RuntimeError, ValueError) as exc:  # evaluation errors, raised while rows are read
        raise QueryError(f"query failed: {exc}", where=where) from None
    return Results(variables, rows)
