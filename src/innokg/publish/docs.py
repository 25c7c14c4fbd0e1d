"""Documentation pages of the ontology and of the SHACL shapes.

The ontology page follows LODE's layout (Peroni, Shotton, Vitali 2012): metadata,
a table of contents, then one section per class, object property, datatype
property, other property and individual, each term with its labels and comments
in English and German, super-terms, domain, range, equivalents and alignments.
pyLODE is not used: its releases for Python 3.11 fail to import (3.4.1 reads a
``pyproject.toml`` that the wheel does not ship) and the newer ones need 3.12.

References
----------
.. [1] S. Peroni, D. Shotton, F. Vitali, "The Live OWL Documentation Environment: a tool
   for the automatic generation of ontology documentation", EKAW 2012, LNCS 7603, 398–412.
.. [2] W3C, "Shapes Constraint Language (SHACL)", W3C Recommendation, 2017.
"""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SH, SKOS

from innokg.publish.pages import ONTOLOGY_NS, PageRenderer, compact, linkable

__all__ = ["ontology_page", "shapes_page", "read_graph"]

ONTOLOGY_IRI = URIRef(ONTOLOGY_NS.rstrip("#"))


def read_graph(files: list[Path]) -> Graph:
    """Parse Turtle files into one rdflib Graph (file order, so results are stable)."""
    g = Graph()
    for f in files:
        g.parse(str(f), format="turtle")
    return g


def _texts(g: Graph, s, p) -> list[dict]:
    out = [{"lang": o.language or "", "text": str(o)} for o in g.objects(s, p) if isinstance(o, Literal)]
    return sorted(out, key=lambda d: ({"en": 0, "de": 1}.get(d["lang"], 2), d["text"]))


def _label(g: Graph, s, lang: str) -> str:
    for p in (RDFS.label, SKOS.prefLabel):
        for o in g.objects(s, p):
            if isinstance(o, Literal) and (o.language or "") == lang:
                return str(o)
    return ""


def _link(term, g: Graph) -> dict:
    if isinstance(term, URIRef):
        iri = str(term)
        if iri.startswith(ONTOLOGY_NS):
            return {"href": "#" + iri[len(ONTOLOGY_NS):], "text": compact(iri), "external": False}
        return {"href": iri if linkable(iri) else "#", "text": compact(iri), "external": True}
    if isinstance(term, BNode):  # owl:unionOf lists and restrictions, shown compactly
        members = g.value(term, OWL.unionOf)
        if members is not None:
            return {"href": "#", "text": " ∪ ".join(compact(str(m)) for m in Collection(g, members)),
                    "external": False}
        prop = g.value(term, OWL.onProperty)
        return {"href": "#", "text": f"restriction on {compact(str(prop))}" if prop else "(anonymous)",
                "external": False}
    return {"href": "#", "text": str(term), "external": False}


_SECTIONS = (
    ("classes", "Classes", (OWL.Class, RDFS.Class)),
    ("object-properties", "Object properties", (OWL.ObjectProperty,)),
    ("datatype-properties", "Datatype properties", (OWL.DatatypeProperty,)),
    ("annotation-properties", "Annotation and other properties", (OWL.AnnotationProperty, RDF.Property)),
    ("individuals", "Named individuals and concepts", (OWL.NamedIndividual, SKOS.Concept, SKOS.ConceptScheme)),
)
_ROWS = (
    ("subclass of", RDFS.subClassOf), ("equivalent to", OWL.equivalentClass), ("disjoint with", OWL.disjointWith),
    ("subproperty of", RDFS.subPropertyOf), ("equivalent property", OWL.equivalentProperty),
    ("inverse of", OWL.inverseOf), ("domain", RDFS.domain), ("range", RDFS.range), ("type", RDF.type),
    ("in scheme", SKOS.inScheme), ("broader", SKOS.broader), ("close match", SKOS.closeMatch),
    ("exact match", SKOS.exactMatch), ("see also", RDFS.seeAlso),
)


def ontology_page(renderer: PageRenderer, g: Graph, files: list[str]) -> str:
    """HTML documentation of the ontology terms in ``g`` (at ``ontology/index.html``)."""
    sections = []
    placed: set = set()
    for sid, title, classes in _SECTIONS:
        terms = set()
        for c in classes:
            terms |= {s for s in g.subjects(RDF.type, c) if isinstance(s, URIRef) and str(s).startswith(ONTOLOGY_NS)}
        terms -= placed
        placed |= terms
        items = []
        for t in sorted(terms, key=str):
            name = str(t)[len(ONTOLOGY_NS):]
            rows = []
            for label, p in _ROWS:
                links = sorted((_link(o, g) for o in g.objects(t, p)
                                if not (p == RDF.type and o in classes)), key=lambda l: l["text"])
                if links:
                    rows.append((label, links))
            sub = sorted((_link(s, g) for s in g.subjects(RDFS.subClassOf, t) if isinstance(s, URIRef)),
                         key=lambda l: l["text"])
            if sub:
                rows.append(("superclass of", sub))
            items.append({"id": name, "name": name, "iri": str(t), "label_en": _label(g, t, "en"),
                          "label_de": _label(g, t, "de"),
                          "comments": _texts(g, t, RDFS.comment) + _texts(g, t, SKOS.definition), "rows": rows})
        if items:
            sections.append({"id": sid, "title": title, "terms": items})
    meta = []
    for label, p in (("version", OWL.versionInfo), ("licence", DCTERMS.license), ("creator", DCTERMS.creator),
                     ("version IRI", OWL.versionIRI)):
        for o in g.objects(ONTOLOGY_IRI, p):
            meta.append((label, str(o)))
    return renderer.page(
        "ontology.html", root="../", title=_label(g, ONTOLOGY_IRI, "en") or str(_title(g) or "innokg ontology"),
        title_de=str(next((o for o in g.objects(ONTOLOGY_IRI, DCTERMS.title) if getattr(o, "language", "") == "de"),
                          "")),
        iri=str(ONTOLOGY_IRI), namespace=ONTOLOGY_NS, prefix="ikg", meta=meta, files=files,
        descriptions=_texts(g, ONTOLOGY_IRI, DCTERMS.description), sections=sections)


def _title(g: Graph):
    return next((o for o in g.objects(ONTOLOGY_IRI, DCTERMS.title) if getattr(o, "language", "") == "en"), None)


def _path_text(g: Graph, path) -> str:
    if isinstance(path, URIRef):
        return compact(str(path))
    inv = g.value(path, SH.inversePath)
    if inv is not None:
        return "^" + _path_text(g, inv)
    for p, sym in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
        v = g.value(path, p)
        if v is not None:
            return f"({_path_text(g, v)}){sym}"
    alt = g.value(path, SH.alternativePath)
    if alt is not None:
        return " | ".join(_path_text(g, x) for x in Collection(g, alt))
    if (path, RDF.first, None) in g:
        return " / ".join(_path_text(g, x) for x in Collection(g, path))
    return str(path)


_CONSTRAINTS = (SH.minCount, SH.maxCount, SH.datatype, SH["class"], SH.nodeKind, SH.pattern, SH.minInclusive,
                SH.maxInclusive, SH.minExclusive, SH.maxExclusive, SH.minLength, SH.maxLength, SH["in"],
                SH.hasValue, SH.node, SH.languageIn, SH.uniqueLang, SH.disjoint, SH.equals, SH.lessThan,
                SH.qualifiedValueShape, SH.qualifiedMinCount, SH.qualifiedMaxCount, SH["or"], SH["and"],
                SH.xone, SH["not"], SH.sparql)
_LISTS = (SH["in"], SH["or"], SH["and"], SH.xone, SH.languageIn)


def _local(iri: str) -> str:
    return re.split(r"[#/]", iri.rstrip("/#"))[-1] or iri


def _term_text(g: Graph, o) -> str:
    """A constraint's value in words: an IRI compacted, a literal as is, a blank-node shape by its constraints."""
    if isinstance(o, URIRef):
        return compact(str(o))
    if isinstance(o, BNode):
        inner = sorted(_constraint_text(g, p, v) for p in _CONSTRAINTS for v in g.objects(o, p))
        return "[" + "; ".join(inner) + "]" if inner else "[ ]"
    return str(o)


def _constraint_text(g: Graph, p, o) -> str:
    """One constraint as text, e.g. ``or: [datatype: xsd:date], [datatype: xsd:gYear]``."""
    name = str(p)[len(str(SH)):]
    if p in _LISTS and (o, RDF.first, None) in g:
        return f"{name}: " + ", ".join(_term_text(g, x) for x in Collection(g, o))
    if p == SH.sparql:
        return "sparql: " + " / ".join(d["text"] for d in _texts(g, o, SH.message)) if (o, SH.message, None) in g \
            else "sparql: a SPARQL-based constraint"
    return f"{name}: {_term_text(g, o)}"


def _severity(g: Graph, s) -> str:
    return _local(str(g.value(s, SH.severity) or SH.Violation))


def shapes_page(renderer: PageRenderer, g: Graph, files: list[str]) -> str:
    """HTML documentation of the SHACL shapes in ``g`` (at ``shapes/index.html``)."""
    shapes = []
    node_shapes = {s for s in g.subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef)} | \
        {s for s in g.subjects(SH.property, None) if isinstance(s, URIRef)}
    for s in sorted(node_shapes, key=str):
        targets = []
        for label, p in (("target class", SH.targetClass), ("target node", SH.targetNode),
                         ("target subjects of", SH.targetSubjectsOf), ("target objects of", SH.targetObjectsOf)):
            for o in sorted(g.objects(s, p), key=str):
                targets.append((label, _shape_link(o)))
        for t in g.objects(s, SH.target):
            about = " / ".join(d["text"] for d in _texts(g, t, RDFS.comment)) or "nodes selected by a SPARQL query"
            targets.append(("target", {"href": "#" + _local(str(s)), "text": about, "external": False}))
        props = []
        for ps in sorted(g.objects(s, SH.property), key=lambda x: (_path_text(g, g.value(x, SH.path)), str(x))):
            name = " / ".join(d["text"] for d in _texts(g, ps, SH.name))
            props.append({"id": _local(str(ps)) if isinstance(ps, URIRef) else "",
                          "path": _path_text(g, g.value(ps, SH.path)) + (f" ({name})" if name else ""),
                          "constraints": sorted(_constraint_text(g, p, o) for p in _CONSTRAINTS
                                                for o in g.objects(ps, p)),
                          "severity": _severity(g, ps),
                          "message": " / ".join(d["text"] for d in _texts(g, ps, SH.message))})
        shapes.append({"id": _local(str(s)), "name": _local(str(s)), "iri": str(s),
                       "comments": _texts(g, s, RDFS.comment) + _texts(g, s, SH.description),
                       "targets": targets, "severity": _severity(g, s) if g.value(s, SH.severity) else "",
                       "properties": props,
                       "constraints": sorted(_constraint_text(g, p, o) for p in _CONSTRAINTS for o in g.objects(s, p))})
    return renderer.page("shapes.html", root="../", title="SHACL shapes", shapes=shapes, files=files)


def _shape_link(o) -> dict:
    iri = str(o)
    if iri.startswith(ONTOLOGY_NS):
        return {"href": "../ontology/index.html#" + iri[len(ONTOLOGY_NS):], "text": compact(iri), "external": False}
    return {"href": iri if linkable(iri) else "#", "text": compact(iri), "external": True}
