"""Cardinality constraint components (SHACL section 4.2,
https://www.w3.org/TR/shacl/#core-components-count): ``sh:minCount``, ``sh:maxCount``. Each returns a
SELECT of the violating focus nodes (None where the component does not apply)."""

from __future__ import annotations

__all__ = ["min_count_query", "max_count_query"]


def min_count_query(n: int, target: str, values: str, ppath: str | None) -> str | None:
    """``sh:minCount n``: focus nodes with fewer than ``n`` values (0 and node shapes: nothing to check)."""
    if n <= 0 or not ppath:
        return None
    if n == 1:  # the common case: no value at all (twice as fast as counting every focus node's values)
        return f"SELECT DISTINCT ?focus WHERE {{ {target} FILTER NOT EXISTS {{ {values} }} }}"
    return (f"SELECT DISTINCT ?focus WHERE {{ {target} "
            f"OPTIONAL {{ SELECT ?focus (COUNT(DISTINCT ?v) AS ?n) WHERE {{ {target} {values} }} GROUP BY ?focus }} "
            f"FILTER(COALESCE(?n, 0) < {n}) }}")


def max_count_query(n: int, target: str, values: str, ppath: str | None) -> str | None:
    """``sh:maxCount n``: focus nodes with more than ``n`` values."""
    if not ppath:
        return None
    return f"SELECT ?focus WHERE {{ {target} {values} }} GROUP BY ?focus HAVING(COUNT(DISTINCT ?v) > {n})"
