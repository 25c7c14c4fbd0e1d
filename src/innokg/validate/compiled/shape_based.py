"""Shape-based constraint components (SHACL section 4.7,
https://www.w3.org/TR/shacl/#core-components-shape): ``sh:node``, ``sh:qualifiedValueShape`` with
``sh:qualifiedMinCount`` / ``sh:qualifiedMaxCount`` (``sh:property`` is how the compiler walks a shape's
property shapes)."""

from __future__ import annotations

from rdflib.namespace import SH

__all__ = ["node_filter", "qualified_count_query"]


def node_filter(conformance: str) -> str:
    """``sh:node``: ``?v`` violates when it does not conform to the shape."""
    return f"!{conformance}"


def qualified_count_query(comp, n: int, conformance: str, target: str, values: str) -> str:
    """``sh:qualifiedMinCount`` / ``sh:qualifiedMaxCount n``: focus nodes with fewer / more than ``n``
    values that conform to the qualified value shape."""
    cmp = f"< {n}" if comp == SH.qualifiedMinCount else f"> {n}"
    return (f"SELECT DISTINCT ?focus WHERE {{ {target} "
            f"OPTIONAL {{ SELECT ?focus (COUNT(DISTINCT ?v) AS ?n) WHERE {{ {target} {values} "
            f"FILTER({conformance}) }} GROUP BY ?focus }} FILTER(COALESCE(?n, 0) {cmp}) }}")
