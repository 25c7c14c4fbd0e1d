"""SHACL validation with pyshacl, reported as typed findings (:mod:`innokg.validate.report`).

Validation runs on the merged graph *after* reasoning, with pyshacl's own
inference off (reasoning is innokg's job, see :mod:`innokg.reason`).
``innokg validate --engine sparql`` (:mod:`innokg.validate.store_engine`) gives the same
findings on a pyoxigraph store, for imports of millions of statements. Every SHACL-SPARQL
constraint and target is checked by the query guard before pyshacl is given the shapes.
"""

from __future__ import annotations

from contextlib import contextmanager

from rdflib import BNode, Graph
from rdflib.namespace import RDF

from innokg.errors import InnokgError, InputError
from innokg.namespaces import SH
from innokg.validate.report import (SEVERITIES, Finding, ValidationReport, choose_message, node_text, path_text,
                                    term_text)
from innokg.validate.shapes import check_sparql, load_shapes, shapes_dir_default

__all__ = ["validate_graph", "SEVERITIES", "Finding", "ValidationReport", "choose_message",
           "load_shapes", "shapes_dir_default"]


def _result_path(path, shape, results: Graph, shapes_graph: Graph) -> str | None:
    """The result path as text. pyshacl copies a complex path into the results graph only a few levels
    deep, so a blank-node path is read from the source shape's own ``sh:path`` in the shapes graph."""
    if path is None:
        return None
    if isinstance(path, BNode):
        own = shapes_graph.value(shape, SH.path) if shape is not None else None
        if isinstance(own, BNode):
            return path_text(own, shapes_graph)
        return path_text(path, results)
    return term_text(path)


def _message(results: Graph, result) -> str | None:
    """The English message of a result (else an untagged one, else any), so the
    German text of a bilingual ``sh:message`` does not win by sort order."""
    return choose_message(list(results.objects(result, SH.resultMessage)))


#: SPARQL texts pyshacl handed to rdflib, translated once per process (see :func:`_parsed_once`)
_TRANSLATED: dict = {}
_TRANSLATED_MAX = 4096


@contextmanager
def _parsed_once():
    """Parse each SPARQL query text once while validating.

    pyshacl hands every SPARQL constraint to rdflib as text, once per focus node, and rdflib parses
    and translates it every time — 5–50 ms a call, far more than evaluating it. Inside this context
    rdflib's SPARQL processor keeps the translated query per (text, namespaces, base) and evaluates
    the kept one (rdflib's own prepared-query path), so a constraint costs its evaluation only. The
    translations are kept for the process (:data:`_TRANSLATED`, at most :data:`_TRANSLATED_MAX` texts): a
    process that validates again (a test suite, a server reloading) does not parse the shapes' queries
    again (1.4 of 4.4 s of a validation of a small file with the shapes of ``shapes/``).
    """
    from rdflib.plugins.sparql import processor as proc

    original = proc.SPARQLProcessor.query
    cache = _TRANSLATED
    if len(cache) > _TRANSLATED_MAX:
        cache.clear()

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):  # noqa: N803
        if isinstance(strOrQuery, str):
            key = (strOrQuery, tuple(sorted((k, str(v)) for k, v in (initNs or {}).items())), base)
            prepared = cache.get(key)
            if prepared is None:
                prepared = cache[key] = proc.translateQuery(proc.parseQuery(strOrQuery), base, initNs)
            strOrQuery = prepared
        return original(self, strOrQuery, initBindings, initNs, base, DEBUG)

    proc.SPARQLProcessor.query = query
    try:
        yield
    finally:
        proc.SPARQLProcessor.query = original


def validate_graph(data: Graph, shapes=None, ontology: Graph | None = None,
                   sources: dict | None = None) -> ValidationReport:
    """Validate ``data`` against the SHACL shapes.

    Parameters
    ----------
    data : rdflib.Graph
        The merged data (reasoning already applied, ontology included if the
        shapes need class hierarchy).
    shapes : path(s) or rdflib.Graph, optional
        Default: every shapes file in ``shapes/``.
    ontology : rdflib.Graph, optional
        Mixed into the data graph for validation (pyshacl ``ont_graph``).
    sources : dict, optional
        Focus-node IRI -> file name, to say where a finding's node is described.

    Returns
    -------
    ValidationReport
    """
    import pyshacl

    shapes_graph = load_shapes(shapes)
    if len(shapes_graph) == 0:
        raise InputError("no SHACL shapes found", where=str(shapes or "shapes/"),
                         hint="point --shapes at a folder of .ttl shapes files")
    check_sparql(shapes_graph)  # pyshacl runs sh:select / sh:ask itself: the guard sees them first
    try:
        with _parsed_once():
            _conforms, results, _text = pyshacl.validate(
                data,
                shacl_graph=shapes_graph,
                ont_graph=ontology,
                inference="none",
                advanced=True,
                allow_warnings=True,
                allow_infos=True,
                abort_on_first=False,
                # pyshacl copies the whole data graph first in advanced mode (for SHACL rules, which the
                # shapes do not use): minutes on a large import. Validate in place unless an ontology has
                # to be mixed into the data.
                inplace=ontology is None,
            )
    except Exception as exc:  # pyshacl raises ReportableRuntimeError etc.
        raise InnokgError(f"SHACL validation could not run: {exc}", where="shapes/",
                          hint="check the shapes files") from exc
    sources = sources or {}
    findings = []
    for r in results.subjects(RDF.type, SH.ValidationResult):
        sev = results.value(r, SH.resultSeverity)
        sev_name = str(sev).rsplit("#", 1)[-1] if sev is not None else "Violation"
        focus = results.value(r, SH.focusNode)
        path = results.value(r, SH.resultPath)
        message = _message(results, r)
        shape = results.value(r, SH.sourceShape)
        comp = results.value(r, SH.sourceConstraintComponent)
        value = results.value(r, SH.value)
        findings.append(Finding(
            severity=sev_name,
            focus=node_text(focus, data),
            path=_result_path(path, shape, results, shapes_graph),
            component=term_text(comp),
            message=message or f"violates {term_text(comp)}",
            shape=term_text(shape, shapes_graph),
            value=node_text(value, data) if value is not None and value != focus else None,
            # a node described in no file (a dangling reference) is shown with the file of whoever refers to it
            source=sources.get(focus) or (sources.get(value) if value is not None else None),
        ))
    findings = sorted(set(findings), key=Finding.sort_key)
    return ValidationReport(findings=findings, results=results)
