"""String-based constraint components (SHACL section 4.4,
https://www.w3.org/TR/shacl/#core-components-string): ``sh:minLength``, ``sh:maxLength``, ``sh:pattern``
(with ``sh:flags``), ``sh:languageIn``, ``sh:uniqueLang``."""

from __future__ import annotations

import rdflib
from rdflib.collection import Collection
from rdflib.namespace import SH

__all__ = ["length_filter", "pattern_filter", "language_in_filter", "unique_lang_query"]


def length_filter(comp, arg) -> str:
    """``sh:minLength`` / ``sh:maxLength``: FILTER true for a violating ``?v`` (a blank node always)."""
    op = "<" if comp == SH.minLength else ">"
    return f"isBlank(?v) || strlen(str(?v)) {op} {int(arg)}"


def pattern_filter(g: rdflib.Graph, shape, arg) -> str:
    """``sh:pattern`` with the shape's ``sh:flags``: FILTER true for a violating ``?v``."""
    flags = g.value(shape, SH.flags)
    fl = f", {rdflib.Literal(str(flags)).n3()}" if flags is not None else ""
    return f"isBlank(?v) || !regex(str(?v), {rdflib.Literal(str(arg)).n3()}{fl})"


def language_in_filter(g: rdflib.Graph, arg) -> str:
    """``sh:languageIn``: FILTER true for a ``?v`` that is no literal of one of the languages."""
    langs = [str(x) for x in Collection(g, arg)]
    tests = " || ".join(f"langMatches(lang(?v), {rdflib.Literal(lang).n3()})" for lang in langs) or "false"
    return f"!isLiteral(?v) || !({tests})"


def unique_lang_query(arg, target: str, ppath: str | None) -> str | None:
    """``sh:uniqueLang true``: focus nodes with two values of one language."""
    if arg != rdflib.Literal(True) or not ppath:
        return None
    return (f"SELECT DISTINCT ?focus WHERE {{ {target} ?focus {ppath} ?a . ?focus {ppath} ?b . "
            f"FILTER(!sameTerm(?a, ?b) && lang(?a) != \"\" && lang(?a) = lang(?b)) }}")
