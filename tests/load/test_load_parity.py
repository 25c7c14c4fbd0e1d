"""``innokg.load.files`` parses Turtle/TriG with Oxigraph (linear time, exact error positions);
every RDF file of the project must come out exactly as rdflib's own parser reads it."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset
from rdflib.compare import isomorphic

from innokg.load.files import RDF_SUFFIXES, parse_rdf_file
from innokg.namespaces import GRAPH

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted(p for folder in ("graph", "ontology", "shapes") for p in (ROOT / folder).rglob("*")
               if p.suffix in (".ttl", ".trig"))


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_oxigraph_loader_reads_like_rdflib(path):
    ours, graphs = parse_rdf_file(path)
    theirs = Dataset()
    fmt = RDF_SUFFIXES[path.suffix]
    if fmt == "trig":
        theirs.parse(path, format="trig", publicID=path.resolve().as_uri())
        names = sorted(g.identifier for g in theirs.graphs() if len(g) and str(g.identifier) != "urn:x-rdflib:default")
    else:
        theirs.graph(GRAPH[path.stem]).parse(path, format="turtle", publicID=path.resolve().as_uri())
        names = [GRAPH[path.stem]]
    assert sorted(graphs) == names
    for name in names:
        a, b = ours.graph(name), theirs.graph(name)
        assert len(a) == len(b), name
        assert isomorphic(a, b), name
