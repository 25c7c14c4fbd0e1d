"""Value type constraint components (SHACL section 4.1, https://www.w3.org/TR/shacl/#core-components-value-type):
``sh:class``, ``sh:datatype``, ``sh:nodeKind``. Each function returns a FILTER expression true for a
*violating* value ``?v``."""

from __future__ import annotations

from rdflib.namespace import RDF, SH

__all__ = ["TYPE_PATH", "DIRECT_TYPE", "class_filter", "datatype_filter", "node_kind_filter"]

#: an instance of a class: typed with it or with one of its subclasses (SHACL 1.5, "SHACL instance")
TYPE_PATH = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>/<http://www.w3.org/2000/01/rdf-schema#subClassOf>*"
#: the same on materialised data, where every superclass type is stated
DIRECT_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"

_XSD = "http://www.w3.org/2001/XMLSchema#"
_CASTS = {"decimal", "integer", "date", "dateTime", "boolean"}


def class_filter(arg, type_path: str = TYPE_PATH) -> str:
    """``sh:class``: ``?v`` is not an instance of ``arg``."""
    return f"NOT EXISTS {{ ?v {type_path} <{arg}> }}"


def datatype_filter(arg) -> str:
    """``sh:datatype``: ``?v`` is not a literal of ``arg`` (an ill-typed decimal, integer, date, dateTime or
    boolean fails too, as in pyshacl)."""
    if arg == RDF.langString:
        return "!(isLiteral(?v) && lang(?v) != \"\")"
    ok = f"isLiteral(?v) && datatype(?v) = <{arg}> && lang(?v) = \"\""
    local = str(arg).rsplit("#", 1)[-1]
    if str(arg).startswith(_XSD) and local in _CASTS:
        # the cast under an IF of the datatype, not only after an &&: Virtuoso 7.2 evaluates every operand of
        # && and a cast that fails there (xsd:date("--02-04") of a gMonthDay) stops the query (DT006)
        ok += (f" && IF(datatype(?v) = <{arg}>, !sameTerm(COALESCE(<{arg}>(STR(?v)), \"\\u0000\"), \"\\u0000\"), "
               "false)")
    return f"!({ok})"


_KINDS = {SH.IRI: "isIRI(?v)", SH.BlankNode: "isBlank(?v)", SH.Literal: "isLiteral(?v)",
          SH.BlankNodeOrIRI: "(isBlank(?v) || isIRI(?v))", SH.BlankNodeOrLiteral: "(isBlank(?v) || isLiteral(?v))",
          SH.IRIOrLiteral: "(isIRI(?v) || isLiteral(?v))"}


def node_kind_filter(arg) -> str:
    """``sh:nodeKind``: ``?v`` is not of the node kind ``arg``."""
    return f"!{_KINDS[arg]}"
