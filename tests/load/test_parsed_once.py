"""The ontology and the shapes are parsed once per process while their files stay the same
(innokg.load.files.parsed_once): each caller gets its own graph, and an edited file is read again — even one
edited to the same size with its modification time put back."""

from __future__ import annotations

import os
import shutil

from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from innokg.load.files import load_ontology
from innokg.validate.shapes import load_shapes
from support.paths import ROOT

EX = "http://example.org/"


def test_each_caller_gets_its_own_graph():
    first = load_ontology()
    fresh = Graph()
    for f in sorted((ROOT / "ontology").glob("*.ttl")):
        fresh.parse(f, format="turtle")  # rdflib's own parser, no cache
    assert isomorphic(first, fresh)
    first.add((URIRef(EX + "a"), URIRef(EX + "b"), Literal("changed by a caller")))
    again = load_ontology()
    assert (URIRef(EX + "a"), None, None) not in again and len(again) == len(first) - 1
    shapes = load_shapes()
    shapes.remove((None, None, None))
    assert len(load_shapes()) > 1000


def test_an_edited_file_is_read_again(tmp_path):
    onto = tmp_path / "ontology"
    onto.mkdir()
    f = onto / "x.ttl"
    f.write_text(f'<{EX}s> <{EX}p> "one" .\n', encoding="utf-8")
    assert {str(o) for o in load_ontology(onto).objects()} == {"one"}
    stat = f.stat()
    f.write_text(f'<{EX}s> <{EX}p> "two" .\n', encoding="utf-8")  # same size
    os.utime(f, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # and the same time: the content tells
    assert f.stat().st_size == stat.st_size and f.stat().st_mtime_ns == stat.st_mtime_ns
    assert {str(o) for o in load_ontology(onto).objects()} == {"two"}
    (onto / "y.ttl").write_text(f'<{EX}s> <{EX}p> "three" .\n', encoding="utf-8")  # a file added
    assert {str(o) for o in load_ontology(onto).objects()} == {"two", "three"}


def test_an_edited_shapes_file_is_read_again(tmp_path):
    shapes = tmp_path / "shapes"
    shutil.copytree(ROOT / "tests" / "fixtures" / "build" / "shapes", shapes)
    before = load_shapes(shapes)
    f = sorted(shapes.glob("*.ttl"))[0]
    f.write_text(f.read_text(encoding="utf-8") + f'\n<{EX}s> <{EX}p> "added" .\n', encoding="utf-8")
    after = load_shapes(shapes)
    assert len(after) == len(before) + 1 and (URIRef(EX + "s"), URIRef(EX + "p"), Literal("added")) in after
