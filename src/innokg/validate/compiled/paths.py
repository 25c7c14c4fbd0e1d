"""SHACL property paths as SPARQL property paths (SHACL section 2.3.1,
https://www.w3.org/TR/shacl/#property-paths): predicate, inverse, sequence, alternative, zero-or-more,
one-or-more, zero-or-one."""

from __future__ import annotations

import rdflib
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH

from innokg.validate.compiled.results import nt

__all__ = ["sparql_path", "path_nt"]


def sparql_path(g: rdflib.Graph, p) -> str:
    """SHACL path → SPARQL property path (ValueError for a path that is none of the above)."""
    if isinstance(p, rdflib.URIRef):
        return f"<{p}>"
    inv = g.value(p, SH.inversePath)
    if inv is not None:
        return f"^({sparql_path(g, inv)})"
    for pred, op in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
        x = g.value(p, pred)
        if x is not None:
            return f"({sparql_path(g, x)}){op}"
    alt = g.value(p, SH.alternativePath)
    if alt is not None:
        return "(" + "|".join(sparql_path(g, x) for x in Collection(g, alt)) + ")"
    if g.value(p, RDF.first) is not None:
        return "(" + "/".join(sparql_path(g, x) for x in Collection(g, p)) + ")"
    raise ValueError(f"unsupported path {p!r}")


def path_nt(path) -> str:
    """A result's path as a report names it: the IRI of a predicate path, ``_:`` for any other."""
    return nt(path) if isinstance(path, rdflib.URIRef) else "_:"
