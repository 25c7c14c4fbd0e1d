"""Value range constraint components (SHACL section 4.3,
https://www.w3.org/TR/shacl/#core-components-range): ``sh:minExclusive``, ``sh:minInclusive``,
``sh:maxExclusive``, ``sh:maxInclusive``. A value that cannot be compared violates."""

from __future__ import annotations

from rdflib.namespace import SH

from innokg.validate.compiled.results import nt

__all__ = ["RANGE_COMPONENTS", "range_filter"]

_OPS = {SH.minInclusive: ">=", SH.maxInclusive: "<=", SH.minExclusive: ">", SH.maxExclusive: "<"}
RANGE_COMPONENTS = frozenset(_OPS)


def range_filter(comp, arg) -> str:
    """FILTER expression true for a violating ``?v``."""
    return f"!COALESCE(?v {_OPS[comp]} {nt(arg)}, false)"
