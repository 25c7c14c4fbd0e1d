"""Property pair constraint components (SHACL section 4.5,
https://www.w3.org/TR/shacl/#core-components-property-pairs): ``sh:disjoint`` (``sh:equals``,
``sh:lessThan`` and ``sh:lessThanOrEquals`` are left to pyshacl)."""

from __future__ import annotations

__all__ = ["disjoint_query"]


def disjoint_query(arg, target: str, values: str, ppath: str | None) -> str | None:
    """``sh:disjoint``: (focus, value) pairs where the value is also a value of ``arg``."""
    if not ppath:
        return None
    return f"SELECT DISTINCT ?focus ?v WHERE {{ {target} {values} ?focus <{arg}> ?v . }}"
