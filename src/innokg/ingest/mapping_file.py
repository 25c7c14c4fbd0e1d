"""Read a mapping file safely: YAML without code, bounded in size and depth, every key and type checked.

A mapping is YAML read with PyYAML's safe loader (no ``!!python/…`` tags). Safe is
not yet bounded: YAML aliases let a 2 KB file stand for a structure of billions of
values (the "billion laughs" of XML entity expansion [1]_), and deep nesting makes the
recursive compiler of :mod:`innokg.ingest.mapping` overflow Python's stack. So before a
mapping is compiled, :func:`read_mapping_document` walks the loaded document once,
without recursion, and refuses it when it expands to more than :data:`MAX_VALUES`
values or nests deeper than :data:`MAX_DEPTH` levels; then it checks the top-level keys
(a typo such as ``tabels:`` is an error, not an empty import) and the type of every
top-level, lookup and table key, each as a one-line :class:`~innokg.errors.ConfigError`
naming the mapping file and the key.

References
----------
.. [1] OWASP, "XML External Entity Prevention Cheat Sheet" and CWE-776, "Improper Restriction of
   Recursive Entity References in DTDs ('XML Entity Expansion')"; the YAML form is the same attack.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from innokg.errors import ConfigError, InputError

__all__ = ["read_mapping_document", "MAX_VALUES", "MAX_DEPTH", "TOP_KEYS", "TABLE_TYPES", "LOOKUP_TYPES"]

#: values (scalars, lists, mappings) a mapping may expand to, aliases counted each time they are used
MAX_VALUES = 200_000
#: nesting levels of lists and mappings
MAX_DEPTH = 40

_SCALAR = (str, int, float, bool, dt.date)
_TEXT = (str,)
_LIST_OR_TEXT = (list, str)

#: top-level key -> the Python types YAML may give it
TOP_KEYS: dict[str, tuple[type, ...]] = {
    "innokg-mapping": (int,), "name": _TEXT, "data": _TEXT, "graph": _TEXT, "base": _TEXT,
    "prefixes": (dict,), "dataset": (dict,), "lookups": (dict,), "derive": (dict,), "static": (list,),
    "entity_sets": (dict,), "tables": (list,), "on-conflict": _TEXT, "repair-text": (bool,),
}
#: table key -> the types it may have
TABLE_TYPES: dict[str, tuple[type, ...]] = {
    "file": _TEXT, "format": _TEXT, "delimiter": _TEXT, "encoding": _TEXT, "header": (int,),
    "records": _TEXT, "rows": (list,), "nulls": (list, str, int), "rename": (dict,), "absent": _LIST_OR_TEXT,
    "join": (list, dict), "constants": (dict,), "entities": (list,), "use": _TEXT, "graph": _TEXT,
    "dataset": (dict,), "decimal": _TEXT, "where": (dict,), "derive": (dict,), "on-conflict": _TEXT,
    "repair-text": (bool,),
}
#: lookup key -> the types it may have
LOOKUP_TYPES: dict[str, tuple[type, ...]] = {
    "file": _TEXT, "format": _TEXT, "delimiter": _TEXT, "encoding": _TEXT, "header": (int,),
    "records": _TEXT, "rows": (list,), "key": _TEXT,
}  # a lookup's text is repaired when the mapping's top-level `repair-text:` is true
_TYPE_NAMES = {str: "text", int: "a whole number", float: "a number", bool: "true or false", dict: "a mapping",
               list: "a list", dt.date: "a date"}


def _kind(value: Any) -> str:
    if value is None:
        return "empty"
    for t, n in _TYPE_NAMES.items():
        if type(value) is t:
            return n
    return type(value).__name__


def _bounded(doc: Any, where: str) -> None:
    """Walk ``doc`` without recursion; refuse more than :data:`MAX_VALUES` values or :data:`MAX_DEPTH` levels."""
    stack: list[tuple[Any, int]] = [(doc, 1)]
    seen = 0
    while stack:
        node, depth = stack.pop()
        seen += 1
        if seen > MAX_VALUES:
            raise ConfigError(f"the mapping expands to more than {MAX_VALUES:,} values (YAML aliases used "
                              "over and over?)", where=where, hint="write the values out, or use fewer aliases")
        if depth > MAX_DEPTH:
            raise ConfigError(f"the mapping nests more than {MAX_DEPTH} levels deep", where=where,
                              hint="flatten it: nested `node:` entities of that depth are not a table's shape")
        if isinstance(node, dict):
            stack.extend((v, depth + 1) for v in node.values())
            stack.extend((k, depth + 1) for k in node if not isinstance(k, _SCALAR))
        elif isinstance(node, list):
            stack.extend((v, depth + 1) for v in node)


def _check_types(spec: dict, types: dict[str, tuple[type, ...]], where: str, what: str) -> None:
    for key, allowed in types.items():
        if key not in spec or spec[key] is None and key not in ("nulls",):
            continue
        v = spec[key]
        if isinstance(v, bool) and bool not in allowed or not isinstance(v, allowed):
            expected = " or ".join(_TYPE_NAMES.get(t, t.__name__) for t in allowed)
            raise ConfigError(f"{what}`{key}:` must be {expected}, not {_kind(v)}", where=where)


def check_table_spec(spec: Any, where: str, what: str, types: dict[str, tuple[type, ...]]) -> None:
    """A table or lookup spec: a mapping whose keys have the right types; a delimiter is one character."""
    if not isinstance(spec, dict):
        raise ConfigError(f"{what} must be a mapping, not {_kind(spec)}", where=where)
    _check_types(spec, types, where, f"{what}: ")
    delim = spec.get("delimiter")
    if isinstance(delim, str) and delim not in ("\\t", "tab") and len(delim) != 1:
        raise ConfigError(f"{what}: `delimiter:` must be one character (or tab), not {delim!r}", where=where)


def read_mapping_document(path: Path) -> dict:
    """The checked YAML document of a mapping file.

    Raises
    ------
    InputError
        The file does not exist or is not UTF-8.
    ConfigError
        YAML syntax (with the line), too large or too deep, not a mapping, an unknown
        top-level key, a key of the wrong type (one line naming the file and the key).
    """
    where = str(path)
    if not path.exists():
        raise InputError(f"mapping file not found: {path}", where=where)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 (byte {exc.object[exc.start]:#x})", where=where,
                         hint="save the mapping as UTF-8") from None
    except OSError as exc:
        raise InputError(f"cannot read the mapping: {exc.strerror}", where=where) from None
    try:
        doc = yaml.load(text, Loader=yaml.SafeLoader)  # noqa: S506 - the safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        loc = f"{where}:{mark.line + 1}" if mark else where
        raise ConfigError(f"YAML syntax: {getattr(exc, 'problem', None) or exc}", where=loc) from None
    except RecursionError:
        raise ConfigError(f"the mapping nests more than {MAX_DEPTH} levels deep", where=where) from None
    if not isinstance(doc, dict) or doc.get("innokg-mapping") != 1:
        raise ConfigError("not an innokg mapping (first key must be `innokg-mapping: 1`)", where=where)
    _bounded(doc, where)
    unknown = sorted(str(k) for k in doc if k not in TOP_KEYS and not str(k).startswith("x-"))
    if unknown:
        raise ConfigError(f"unknown top-level key(s) {', '.join(unknown)}", where=where,
                          hint="top-level keys: " + ", ".join(sorted(TOP_KEYS)) + "; and x-… for your own "
                               "(e.g. anchors)")
    _check_types(doc, TOP_KEYS, where, "")
    for name, spec in (doc.get("lookups") or {}).items():
        check_table_spec(spec, where, f"lookup {name}", LOOKUP_TYPES)
    for i, spec in enumerate(doc.get("tables") or [], 1):
        check_table_spec(spec, where, f"table {i}", TABLE_TYPES)
    return doc
