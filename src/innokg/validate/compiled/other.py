"""Other constraint components (SHACL section 4.8, https://www.w3.org/TR/shacl/#core-components-others):
``sh:in``, ``sh:hasValue`` (``sh:closed`` is left to pyshacl)."""

from __future__ import annotations

import rdflib
from rdflib.collection import Collection

from innokg.validate.compiled.results import nt

__all__ = ["in_filter", "has_value_query"]


def in_filter(g: rdflib.Graph, arg) -> str:
    """``sh:in``: FILTER true for a ``?v`` that is none of the list's members."""
    members = list(Collection(g, arg))
    if not members:
        return "true"
    # none of them, written as a conjunction: Virtuoso 7.2 answers !(sameTerm(?v, a) || sameTerm(?v, b)) wrong
    # (true for ?v = a), while !sameTerm(?v, a) && !sameTerm(?v, b), the same by De Morgan, right
    return "(" + " && ".join(f"!sameTerm(?v, {nt(m)})" for m in members) + ")"


def has_value_query(arg, target: str, values: str, ppath: str | None) -> str:
    """``sh:hasValue``: focus nodes without the value ``arg`` (a node shape: that are not ``arg``)."""
    missing = values.replace("?v", nt(arg)) if ppath else f"FILTER(sameTerm(?focus, {nt(arg)}))"
    return f"SELECT DISTINCT ?focus WHERE {{ {target} FILTER NOT EXISTS {{ {missing} }} }}"
