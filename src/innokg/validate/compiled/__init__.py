"""SHACL Core constraints compiled to SPARQL and run on pyoxigraph, for data too large for pyshacl.

pyshacl validates on rdflib's in-memory graph in Python; on a million statements it
needs minutes and gigabytes. The SHACL specification itself defines most Core
constraint components by SPARQL queries [1]_ (section 6, "validators"); this package
compiles each (shape, constraint) pair of a shapes graph into one SELECT query that
returns the violating (focus node, value node) pairs, and runs it on the embedded
store. It is split along the specification, one module per part, each naming its section:

========================  ==========================================================================
:mod:`.targets`           2.1 targets (``sh:targetClass`` with subclasses, implicit class targets,
                          ``sh:targetNode``, ``sh:targetSubjectsOf``/``ObjectsOf``, SPARQL-based targets)
:mod:`.paths`             2.3.1 property paths
:mod:`.value_type`        4.1 ``class``, ``datatype``, ``nodeKind``
:mod:`.cardinality`       4.2 ``minCount``, ``maxCount``
:mod:`.value_range`       4.3 ``min/maxInclusive``, ``min/maxExclusive``
:mod:`.string_based`      4.4 ``minLength``, ``maxLength``, ``pattern`` (``flags``), ``languageIn``, ``uniqueLang``
:mod:`.property_pair`     4.5 ``disjoint``
:mod:`.logical`           4.6 ``not``, ``and``, ``or``, ``xone``
:mod:`.shape_based`       4.7 ``node``, ``qualifiedValueShape`` with ``qualifiedMin/MaxCount``
:mod:`.other`             4.8 ``in``, ``hasValue``
:mod:`.sparql_based`      5 SPARQL-based constraints (``$this`` pre-bound)
:mod:`.values`            a value node's conformance to a nested shape (used by 4.6, 4.7)
:mod:`.compiler`          the shapes graph → :class:`CompiledShapes`
:mod:`.run`               the queries on a store → :class:`Row` s; pyshacl's report read the same way
========================  ==========================================================================

Datatype checks fail ill-typed ``xsd:decimal``/``integer``/``date``/``dateTime``/``boolean`` literals, as
pyshacl does. A shape using anything else is listed in :attr:`CompiledShapes.unsupported` so the caller can
hand exactly those shapes to pyshacl. Every SHACL-SPARQL constraint and target passes the query guard
(:func:`innokg.sparql.guard.check_query`) when it is compiled, before it can run. :func:`pyshacl_results`
reads a pyshacl report into the same tuples, so that tests can check both agree. :func:`iter_rows` gives
each result with the store's own terms, the shape's messages and, for a SHACL-SPARQL constraint, the other
variables its SELECT projects, so that :mod:`innokg.validate.store_engine` can word a finding as pyshacl does
(message templates such as ``{?class1}`` filled in).

References
----------
.. [1] H. Knublauch, D. Kontokostas (eds.), "Shapes Constraint Language (SHACL)",
   W3C Recommendation, 2017. https://www.w3.org/TR/shacl/
"""

from innokg.validate.compiled.compiler import compile_shapes
from innokg.validate.compiled.results import CompiledShapes, QueryInfo, Result, Row
from innokg.validate.compiled.run import iter_rows, pyshacl_results, validate_store

__all__ = ["Result", "QueryInfo", "Row", "CompiledShapes", "compile_shapes", "iter_rows", "validate_store",
           "pyshacl_results"]
