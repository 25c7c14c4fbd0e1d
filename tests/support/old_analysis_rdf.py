"""The analysis-as-RDF builder as it was before issue 12 (rdflib, ``Graph.serialize``), kept verbatim as
the reference :mod:`innokg.results.rdf` is checked against (``tests/results/test_rdf_writer.py``): the
pyoxigraph writer must say exactly what this graph says."""

from __future__ import annotations

import hashlib
import json
import math
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

from innokg.analysis.brokerage import ROLES
from innokg.analysis.network import NetworkAnalysis, software_versions
from innokg.results.rdf import IKGA, MEASURE_TERMS, run_iri

__all__ = ["analysis_graph"]


def _digest(*parts: str) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def _node_term(v: Any) -> URIRef | Literal:
    s = str(v)
    return URIRef(s) if s.startswith(("http://", "https://", "urn:")) else Literal(s)


def analysis_graph(result: NetworkAnalysis, inputs: list[dict], *, started: str | None = None,
                   ended: str | None = None, algorithm: str | None = None) -> Graph:
    """An RDF graph of the run, its measurements and its link candidates.

    Parameters
    ----------
    result : NetworkAnalysis
    inputs : list of dict
        What the run used: ``{"iri"?: str, "label": str, "sha256"?: str}`` each.
    started, ended : str, optional
        ISO timestamps, passed in (never read from the clock) so output is reproducible.

    Notes
    -----
    Nodes that are not IRIs (GraphML ids) are written as literals of ``ikga:node``.
    NaN and infinite values are left out (RDF has them, SPARQL users trip over them).
    """
    g = Graph()
    g.bind("ikga", IKGA._NS)
    g.bind("prov", PROV)
    run = run_iri(result.parameters, inputs)
    g.add((run, RDF.type, IKGA.AnalysisRun))
    g.add((run, RDFS.label, Literal(f"innokg analyze ({result.parameters.get('partition')})", lang="en")))
    g.add((run, IKGA.algorithm, Literal(algorithm or ", ".join(sorted(MEASURE_TERMS)))))
    g.add((run, IKGA.parameters, Literal(json.dumps(result.parameters, sort_keys=True, default=str))))
    g.add((run, IKGA.partition, Literal(str(result.parameters.get("partition")))))
    for pkg, ver in sorted(software_versions().items()):
        g.add((run, IKGA.softwareVersion, Literal(f"{pkg} {ver}")))
    if started:
        g.add((run, PROV.startedAtTime, Literal(started, datatype=XSD.dateTime)))
    if ended:
        g.add((run, PROV.endedAtTime, Literal(ended, datatype=XSD.dateTime)))
    for i, inp in enumerate(sorted(inputs, key=lambda d: (d.get("label", ""), d.get("sha256", "")))):
        ent = URIRef(inp["iri"]) if inp.get("iri") else URIRef(f"{run}/input/{i}")
        g.add((run, PROV.used, ent))
        g.add((ent, RDF.type, PROV.Entity))
        if inp.get("label"):
            g.add((ent, RDFS.label, Literal(inp["label"])))
        if inp.get("sha256"):
            g.add((ent, IKGA.sha256, Literal(inp["sha256"])))
    for row in result.nodes:
        node = _node_term(row["node"])
        nid = _digest(str(row["node"]))[:16]
        for col, term in MEASURE_TERMS.items():
            v = row.get(col)
            if v is None or isinstance(v, bool):
                continue
            v = float(v)
            if math.isnan(v) or math.isinf(v):
                continue
            mnode = URIRef(f"{run}/m/{nid}/{term.rsplit('#', 1)[-1]}")
            g.add((mnode, RDF.type, IKGA.Measurement))
            g.add((mnode, IKGA.node, node))
            g.add((mnode, IKGA.measure, term))
            g.add((mnode, IKGA.value, Literal(format(v, ".17g"), datatype=XSD.double)))
            g.add((mnode, PROV.wasGeneratedBy, run))
            if col in MEASURE_TERMS and col.split("_z")[0] in ROLES and row.get("group") is not None:
                g.add((mnode, IKGA.group, _node_term(row["group"])))
    for rank, link in enumerate(result.missing_links, start=1):
        lnode = URIRef(f"{run}/link/{rank}")
        g.add((lnode, RDF.type, IKGA.LinkCandidate))
        g.add((lnode, IKGA.endpoint, _node_term(link["u"])))
        g.add((lnode, IKGA.endpoint, _node_term(link["v"])))
        for w in link["via"]:
            g.add((lnode, IKGA.via, _node_term(w)))
        g.add((lnode, IKGA.value, Literal(format(float(link["score"]), ".17g"), datatype=XSD.double)))
        g.add((lnode, IKGA.rank, Literal(rank)))
        g.add((lnode, IKGA.reason, Literal(link["reason"], lang="en")))
        g.add((lnode, PROV.wasGeneratedBy, run))
    return g
