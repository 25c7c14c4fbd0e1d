"""The SHACL shapes graph both engines validate with."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from rdflib import BNode, Graph

from innokg.namespaces import SH, bind_prefixes

__all__ = ["shapes_dir_default", "shapes_files", "load_shapes", "sparql_texts", "check_sparql"]


def shapes_dir_default() -> Path:
    """The project's ``shapes/`` folder."""
    from innokg.load.files import project_root

    return project_root() / "shapes"


def shapes_files(shapes: str | Path | Iterable[str | Path] | None = None) -> list[Path]:
    """The ``*.ttl`` files of the given files/folders (default ``shapes/``): what :func:`load_shapes` reads."""
    from innokg.load.files import find_rdf_files

    if shapes is None:
        shapes = [shapes_dir_default()]
    elif isinstance(shapes, (str, Path)):
        shapes = [shapes]
    return [f for f in find_rdf_files(*shapes) if f.suffix == ".ttl"]


def load_shapes(shapes: str | Path | Iterable[str | Path] | Graph | None = None) -> Graph:
    """The shapes graph: a Graph, or every ``*.ttl`` of the given files/folders
    (default ``shapes/``). Each file's SPARQL texts pass the query guard as it is read
    (:func:`check_sparql`, errors naming the file and the shape). The files are parsed once per process while
    they stay the same (:func:`innokg.load.files.parsed_once`); each call returns a graph of its own."""
    if isinstance(shapes, Graph):
        return shapes
    from innokg.load.files import copy_graph, parsed_once

    files = shapes_files(shapes)
    # parsed and checked once per process while the files stay the same; the caller gets its own copy
    return copy_graph(parsed_once("shapes", files, lambda: _parse_shapes(files)))


def _parse_shapes(files: list[Path]) -> Graph:
    from innokg.load.files import parse_rdf_file

    g = Graph()
    bind_prefixes(g)
    for f in files:
        ds, names = parse_rdf_file(f)
        part = Graph()
        for n in names:
            for t in ds.graph(n):
                part.add(t)
        check_sparql(part, source=str(f))
        g += part
    _english_templates(g)
    return g


def _english_templates(g: Graph) -> None:
    """Keep only the English (or untagged) ``sh:message`` of SHACL-SPARQL constraints and their shapes.

    A SPARQL constraint's messages are templates (``{?value}``); a validator fills them and the filled text
    has no language any more (pyshacl's as the compiled engine's), so an English and a German template would
    come back as two untagged messages nobody can tell apart. Findings are worded in English; the report
    says them in German through the shapes files' own ``sh:message@de`` (:func:`innokg.report.inputs.shape_messages`).
    """
    from rdflib import Literal

    nodes = set(g.subjects(SH.sparql, None)) | set(g.objects(None, SH.sparql))
    for node in nodes:
        messages = [m for m in g.objects(node, SH.message) if isinstance(m, Literal)]
        if not any(m.language in (None, "en") for m in messages):
            continue
        for m in messages:
            if m.language not in (None, "en"):
                g.remove((node, SH.message, m))


def sparql_texts(shapes: Graph, source: str | None = None) -> list[tuple[str, str]]:
    """Every SPARQL text of a shapes graph — SHACL-SPARQL constraints and targets (``sh:select``,
    ``sh:ask``) and the validators of SPARQL-based constraint components — as ``(where, text)``, ``where``
    the shape that holds it (a CURIE or ``<iri>``; the constraint's own node when no shape names it),
    after the file ``source`` when given."""
    from innokg.validate.report import term_text

    out = []
    for prop in (SH.select, SH.ask):
        for node, text in shapes.subject_objects(prop):
            owners = sorted(shapes.subjects(None, node), key=str)
            owner = next((o for o in owners if not isinstance(o, BNode)), owners[0] if owners else node)
            where = f"shape {term_text(owner)}" if not isinstance(owner, BNode) else "shapes"
            out.append((f"{source} {where}" if source else where, str(text)))
    return sorted(out)


def check_sparql(shapes: Graph, source: str | None = None) -> None:
    """Refuse a shapes graph with a SPARQL text the query guard refuses (``SERVICE`` anywhere, an update):
    :func:`innokg.sparql.guard.check_query` on each of :func:`sparql_texts`, before any of them runs."""
    from innokg.sparql.guard import check_query

    for where, text in sparql_texts(shapes, source):
        check_query(text, where=where)
