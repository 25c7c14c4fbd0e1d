"""Logical constraint components (SHACL section 4.6,
https://www.w3.org/TR/shacl/#core-components-logical): ``sh:not``, ``sh:and``, ``sh:or``, ``sh:xone``,
as FILTER expressions over the conformance of ``?v`` to each member shape
(:func:`innokg.validate.compiled.values.conforms`)."""

from __future__ import annotations

from rdflib.namespace import SH

__all__ = ["LIST_COMPONENTS", "list_filter", "not_filter"]

LIST_COMPONENTS = frozenset({SH["or"], SH["and"], SH.xone})


def list_filter(comp, conformances: list[str]) -> str:
    """``sh:or`` / ``sh:and`` / ``sh:xone`` over the members' conformance expressions: true for a
    violating ``?v``."""
    if comp == SH["or"]:
        return "!(" + " || ".join(conformances) + ")"
    if comp == SH["and"]:
        return "!(" + " && ".join(conformances) + ")"
    return "(" + " + ".join(f"IF({c}, 1, 0)" for c in conformances) + ") != 1"


def not_filter(conformance: str) -> str:
    """``sh:not``: ``?v`` violates when it conforms to the shape."""
    return conformance
