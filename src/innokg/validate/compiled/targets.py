"""Targets (SHACL section 2.1, https://www.w3.org/TR/shacl/#targets): node, class (with subclasses, via
``rdf:type/rdfs:subClassOf*`` unless the data are materialised), implicit class, subjects-of and
objects-of targets; and SPARQL-based targets (SHACL Advanced Features section 5.1,
https://www.w3.org/TR/shacl-af/#SPARQLTarget)."""

from __future__ import annotations

import re

import rdflib
from rdflib.namespace import RDF, SH

from innokg.validate.compiled.results import nt
from innokg.validate.compiled.sparql_based import split_prefixes, typed
from innokg.validate.compiled.value_type import TYPE_PATH

__all__ = ["PREFIXES_MARK", "target_patterns"]

#: a SPARQL-based target's pattern starts with this, then its PREFIX lines, a newline and ``{ … }``
PREFIXES_MARK = "PREFIXES:"


def target_patterns(g: rdflib.Graph, shape, type_path: str = TYPE_PATH) -> list[str]:
    """SPARQL patterns binding ?focus, one per target declaration (ValueError: a target without sh:select)."""
    out = []
    for c in g.objects(shape, SH.targetClass):
        out.append(f"?focus {type_path} <{c}> .")
    if (shape, RDF.type, rdflib.RDFS.Class) in g or (shape, RDF.type, rdflib.OWL.Class) in g:
        out.append(f"?focus {type_path} <{shape}> .")
    nodes = [nt(n) for n in g.objects(shape, SH.targetNode)]
    if nodes:
        out.append(f"VALUES ?focus {{ {' '.join(nodes)} }}")
    for p in g.objects(shape, SH.targetSubjectsOf):
        out.append(f"?focus <{p}> ?_t .")
    for p in g.objects(shape, SH.targetObjectsOf):
        out.append(f"?_t <{p}> ?focus .")
    for t in g.objects(shape, SH.target):
        select = g.value(t, SH.select)
        if select is None:
            raise ValueError("target")
        prefixes, body = split_prefixes(str(select))
        body = typed(re.sub(r"[?$]this\b", "?focus", body), prefixes, type_path)
        out.append((PREFIXES_MARK + prefixes + "\n") + f"{{ {body} }}")
    return out
