"""rdflib ⇄ Oxigraph terms: the one converter each way.

The pipeline holds data in rdflib (the pyshacl route, the curated graph) or in a pyoxigraph store (the
SPARQL route, large imports); these two functions move a term between them without losing its kind,
datatype or language. An ``xsd:string`` literal comes back from Oxigraph as a plain rdflib literal, as
rdflib's parsers make it.

Examples
--------
>>> import rdflib
>>> t = rdflib.Literal("1.5", datatype=rdflib.XSD.decimal)
>>> from_oxigraph(to_oxigraph(t)) == t
True
>>> to_oxigraph(rdflib.Literal("Haus", lang="de"))
<Literal value=Haus language=de>
"""

from __future__ import annotations

import pyoxigraph as ox
import rdflib

__all__ = ["to_oxigraph", "from_oxigraph"]

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def to_oxigraph(t):
    """The pyoxigraph term for the rdflib term ``t`` (IRI, blank node or literal)."""
    if isinstance(t, rdflib.URIRef):
        return ox.NamedNode(str(t))
    if isinstance(t, rdflib.BNode):
        return ox.BlankNode(str(t))
    if isinstance(t, rdflib.Literal):
        if t.language:
            return ox.Literal(str(t), language=t.language)
        if t.datatype:
            return ox.Literal(str(t), datatype=ox.NamedNode(str(t.datatype)))
        return ox.Literal(str(t))
    raise TypeError(f"cannot convert {t!r}")


def from_oxigraph(t):
    """The rdflib term for the pyoxigraph term ``t`` (IRI, blank node or literal)."""
    if isinstance(t, ox.NamedNode):
        return rdflib.URIRef(t.value)
    if isinstance(t, ox.BlankNode):
        return rdflib.BNode(t.value)
    if t.language:
        return rdflib.Literal(t.value, lang=t.language)
    dt = t.datatype.value
    if dt == _XSD_STRING:
        return rdflib.Literal(t.value)
    return rdflib.Literal(t.value, datatype=rdflib.URIRef(dt))
