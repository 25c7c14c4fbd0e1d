"""SPARQL-based constraints (SHACL section 5, https://www.w3.org/TR/shacl/#sparql-constraints): a
constraint's SELECT joined with the shape's targets on ``$this`` (pre-binding, section 5.3.1); the
texts of SPARQL-based targets (SHACL Advanced Features section 5.1) are prepared the same way."""

from __future__ import annotations

import re

import rdflib
from rdflib.namespace import SH

from innokg.validate.compiled.value_type import TYPE_PATH

__all__ = ["OWN_VARIABLES", "split_prefixes", "typed", "projected", "extra_variables", "sparql_constraint_query"]

#: names the compiled queries use themselves (not message variables)
OWN_VARIABLES = ("this", "focus", "v", "p", "value", "path")

_PREFIX_RE = re.compile(r"^\s*PREFIX\s+([A-Za-z0-9_-]*):\s*<([^>]*)>\s*$", re.MULTILINE | re.IGNORECASE)
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"


def split_prefixes(text: str) -> tuple[str, str]:
    """(PREFIX lines, the rest) of a SPARQL text, so that the rest can be nested."""
    prefixes = "\n".join(m.group(0).strip() for m in _PREFIX_RE.finditer(text))
    return prefixes, _PREFIX_RE.sub("", text)


def typed(body: str, prefixes: str, type_path: str) -> str:
    """On materialised data, ``rdf:type/rdfs:subClassOf*`` in a SHACL-SPARQL query is ``rdf:type``.

    After the reasoning step every instance carries each of its superclasses as an
    ``rdf:type`` of its own, so the path and the plain predicate select the same pairs;
    Oxigraph evaluates the path from the class end by walking every instance of every
    subclass, which on a million statements costs seconds per pattern.
    """
    if type_path == TYPE_PATH:
        return body
    declared = dict((m.group(1), m.group(2)) for m in _PREFIX_RE.finditer(prefixes))
    forms = [re.escape(f"<{_RDF}type>") + r"\s*/\s*" + re.escape(f"<{_RDFS}subClassOf>") + r"\s*\*"]
    rdf = [k for k, v in declared.items() if v == _RDF]
    rdfs = [k for k, v in declared.items() if v == _RDFS]
    for a in rdf:
        for b in rdfs:
            forms.append(rf"(?<![\w:]){re.escape(a)}:type\s*/\s*{re.escape(b)}:subClassOf\s*\*")
    for b in rdfs:
        forms.append(rf"(?<![\w:<])a\s*/\s*{re.escape(b)}:subClassOf\s*\*")
    return re.sub("|".join(f"(?:{f})" for f in forms), f"<{_RDF}type>", body)


def projected(select: str) -> set[str]:
    """The variables a SELECT projects (``$this`` as ``this``); for ``SELECT *`` every variable it names."""
    head = re.search(r"\bSELECT\s+(?:DISTINCT\s+|REDUCED\s+)?(.*?)\s+WHERE\b", select, re.IGNORECASE | re.DOTALL)
    if head is None:
        return set()
    text = head.group(1)
    if text.strip() == "*":
        return set(re.findall(r"[?$](\w+)", select[head.end():]))
    # (expr AS ?x) projects ?x only
    text = re.sub(r"\((.*?)\s+AS\s+([?$]\w+)\s*\)", r"\2", text, flags=re.IGNORECASE | re.DOTALL)
    return set(re.findall(r"[?$](\w+)", text))


def extra_variables(names: set[str]) -> tuple[str, ...]:
    """Projected variables other than this/path/value (and the names the compiled query uses itself)."""
    return tuple(sorted(names - set(OWN_VARIABLES)))


def sparql_constraint_query(g: rdflib.Graph, constraint, target: str, ppath: str | None,
                            type_path: str = TYPE_PATH) -> str | None:
    """The SELECT of a SHACL-SPARQL constraint joined with the target on ?this (section 5.3); None for a
    deactivated constraint, or one using pre-bound variables other than ``$this``/``$PATH``."""
    select = g.value(constraint, SH.select)
    if select is None or g.value(constraint, SH.deactivated) == rdflib.Literal(True):
        return None
    prefixes, body = split_prefixes(str(select))
    body = typed(re.sub(r"[?$]this\b", "?focus", body).replace("$PATH", ppath or ""), prefixes, type_path)
    if "$" in re.sub(r'"[^"]*"', "", body):
        return None  # other pre-bound variables ($shapesGraph, $currentShape): not supported
    head = re.match(r"\s*SELECT\s+(DISTINCT\s+)?(.*?)\s+WHERE", body, re.IGNORECASE | re.DOTALL)
    if head is None:
        return None
    names = set(re.findall(r"\?(\w+)", head.group(2))) if head.group(2).strip() != "*" else {"value", "path"}
    value = "?value" if "value" in names else "?focus"
    path = "?path" if "path" in names else '""'
    # the other projected variables fill {?name} in the messages
    own = "".join(f" ?{v}" for v in extra_variables(projected(str(select))))
    # Pre-binding (SHACL 5.3.1): a query whose BINDs use ?this gets the target first in its own
    # WHERE group, so that they see ?this bound (joined from outside, the sub-select is evaluated
    # on its own and such a BIND would be unbound). Without a BIND, ?this is bound by the query's
    # own patterns and filters apply to the whole group, so the join from outside gives the same
    # rows -- and Oxigraph plans it better: ReferenceShape on all of H2020 5 s against 11 s.
    if re.search(r"\bBIND\s*\(", body, re.IGNORECASE):
        brace = body.find("{", head.end())
        if brace < 0:
            return None
        body = f"{body[:brace + 1]} {target}\n{body[brace + 1:]}"
        return (f"{prefixes}\nSELECT DISTINCT ?focus ({value} AS ?v) ({path} AS ?p){own} "
                f"WHERE {{ {{ {body} }} }}")
    return (f"{prefixes}\nSELECT DISTINCT ?focus ({value} AS ?v) ({path} AS ?p){own} "
            f"WHERE {{ {target} {{ {body} }} }}")
