"""What compiled shapes are and return: :class:`Result`, :class:`QueryInfo`, :class:`Row`,
:class:`CompiledShapes`, and terms written as a SHACL report writes them (SHACL section 3.6,
https://www.w3.org/TR/shacl/#results-validation-result)."""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import pyoxigraph as ox
import rdflib
from rdflib.namespace import SH

__all__ = ["Result", "QueryInfo", "Row", "CompiledShapes", "nt", "ox_nt", "component_iri"]


@dataclass(frozen=True, order=True)
class Result:
    """One validation result: as in a SHACL report, terms in N-Triples form (blank nodes as ``_:``)."""

    focus: str
    path: str
    component: str
    severity: str
    value: str
    shape: str


@dataclass(frozen=True)
class QueryInfo:
    """What a caller needs, beyond :class:`Result`, to word a result as pyshacl does."""

    #: the shape (rdflib term of the shapes graph) and its own ``sh:path`` (None for a node shape)
    shape: object
    path: object | None
    #: the ``sh:message`` literals pyshacl reports: the shape's, and for a SHACL-SPARQL constraint also
    #: the constraint's
    messages: tuple = ()
    #: SHACL-SPARQL: the variables the constraint's SELECT projects besides this/path/value (they fill
    #: ``{?name}`` in its messages), and whether it projects ``$this`` / ``?path``
    variables: tuple[str, ...] = ()
    this: bool = False
    path_projected: bool = False


@dataclass(frozen=True)
class Row:
    """One result with the store's own terms (pyoxigraph), so a caller can describe blank nodes and fill
    message templates; ``result`` is what :func:`~innokg.validate.compiled.run.validate_store` returns for it."""

    result: Result
    info: QueryInfo
    focus: object
    value: object | None
    path: object | None  # the ?path a SHACL-SPARQL constraint returned (a pyoxigraph term), else None
    bindings: tuple[tuple[str, object], ...] = ()  # the other projected variables that are bound


@dataclass
class CompiledShapes:
    """Queries per (shape, component), and the shapes that need pyshacl."""

    queries: list[tuple[Result, str, str]] = field(default_factory=list)  # (template, kind, sparql)
    unsupported: dict[str, list[str]] = field(default_factory=dict)  # shape -> components
    #: for each query, at the same index: shape, path, messages (see :class:`QueryInfo`)
    infos: list[QueryInfo] = field(default_factory=list)


def nt(t) -> str:
    """An rdflib term in N-Triples form, every blank node as ``_:``."""
    if isinstance(t, rdflib.BNode):
        return "_:"
    if isinstance(t, rdflib.URIRef):
        return f"<{t}>"
    return t.n3()


def ox_nt(t) -> str:
    """A pyoxigraph term written as :func:`nt` writes the rdflib term (literals as rdflib writes them)."""
    if isinstance(t, ox.BlankNode):
        return "_:"
    if isinstance(t, ox.Literal) and t.datatype.value == "http://www.w3.org/2001/XMLSchema#string" \
            and not t.language:
        return rdflib.Literal(t.value).n3()
    if isinstance(t, ox.Literal):
        if t.language:
            return rdflib.Literal(t.value, lang=t.language).n3()
        with warnings.catch_warnings():  # an ill-typed literal is a finding, not a warning on stderr
            warnings.simplefilter("ignore")
            return rdflib.Literal(t.value, datatype=rdflib.URIRef(t.datatype.value)).n3()
    return str(t)


def component_iri(comp) -> str:
    """The constraint component of a parameter: ``sh:minCount`` -> ``sh:MinCountConstraintComponent``."""
    if comp == SH.sparql:
        return str(SH.SPARQLConstraintComponent)
    local = str(comp).rsplit("#", 1)[-1]
    return f"{SH}{local[0].upper()}{local[1:]}ConstraintComponent"
