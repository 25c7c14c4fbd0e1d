"""Compiled shapes run on a store (the union of its graphs), and a pyshacl report read into the same
:class:`~innokg.validate.compiled.results.Result` tuples (SHACL section 3.6,
https://www.w3.org/TR/shacl/#validation-report), so that the two engines can be compared."""

from __future__ import annotations

import os

import pyoxigraph as ox
import rdflib
from rdflib.namespace import RDF, SH

from innokg.validate.compiled.results import CompiledShapes, QueryInfo, Result, Row, nt, ox_nt

__all__ = ["iter_rows", "validate_store", "pyshacl_results"]


def _run_one(store: ox.Store, template: Result, kind: str, q: str, info: QueryInfo | None) -> list[Row]:
    out = []
    for row in store.query(q, use_default_graph_as_union=True):
        focus = ox_nt(row["focus"])
        value = ox_nt(row["v"]) if kind in ("value", "sparql") else ""
        path = template.path
        found_path = row["p"] if kind == "sparql" and isinstance(row["p"], ox.NamedNode) else None
        if found_path is not None:
            path = str(found_path)
        bindings = ()
        if info is not None and info.variables:
            bindings = tuple((v, row[v]) for v in info.variables if row[v] is not None)
        out.append(Row(Result(focus, path, template.component, template.severity, value, template.shape), info,
                       row["focus"], row["v"] if kind in ("value", "sparql") else None, found_path, bindings))
    return out


def iter_rows(store: ox.Store, compiled: CompiledShapes, *, threads: int | None = None):
    """Run the compiled queries on ``store`` (union of all graphs); yield every :class:`Row`.

    The queries are independent reads of one store, and Oxigraph evaluates them without
    holding Python's interpreter lock, so they run on ``threads`` threads at once (default:
    one per CPU core); the results are the same set whatever the number.
    """
    from concurrent.futures import ThreadPoolExecutor

    infos = compiled.infos or [None] * len(compiled.queries)
    jobs = [(*query, info) for query, info in zip(compiled.queries, infos)]
    n = threads or os.cpu_count() or 1
    if n == 1:
        for job in jobs:
            yield from _run_one(store, *job)
        return
    with ThreadPoolExecutor(max_workers=n) as pool:
        for rows in pool.map(lambda job: _run_one(store, *job), jobs):
            yield from rows


def validate_store(store: ox.Store, compiled: CompiledShapes, *, threads: int | None = None) -> list[Result]:
    """Run the compiled queries on ``store`` (union of all graphs); sorted results (see :func:`iter_rows`)."""
    return sorted({r.result for r in iter_rows(store, compiled, threads=threads)})


def pyshacl_results(report: rdflib.Graph) -> list[Result]:
    """A pyshacl results graph as :class:`Result` tuples (for comparison with :func:`validate_store`)."""
    out = set()
    for r in report.subjects(RDF.type, SH.ValidationResult):
        comp = report.value(r, SH.sourceConstraintComponent)
        value = report.value(r, SH.value)
        if str(comp).rsplit("#", 1)[-1] in ("MinCountConstraintComponent", "MaxCountConstraintComponent",
                                           "HasValueConstraintComponent", "UniqueLangConstraintComponent",
                                           "QualifiedMinCountConstraintComponent",
                                           "QualifiedMaxCountConstraintComponent"):
            value = None
        path = report.value(r, SH.resultPath)
        out.add(Result(nt(report.value(r, SH.focusNode)), nt(path) if path is not None else "",
                       f"<{comp}>", f"<{report.value(r, SH.resultSeverity)}>",
                       nt(value) if value is not None else "", nt(report.value(r, SH.sourceShape))))
    return sorted(out)
