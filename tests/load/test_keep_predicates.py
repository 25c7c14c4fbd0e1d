"""``load_store(files, keep=PREDICATES)`` (what ``innokg link`` loads): exactly the statements a whole load gives
whose predicate is kept, in every RDF format the loader reads, blank nodes included (and, as in a whole load, the
same blank-node label in two files is two nodes); graphs left with nothing kept are not named as filled."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from innokg.load.store import load_store

EX = "http://example.org/"
TRIG = f"""@prefix ex: <{EX}> .
ex:g1 {{ ex:a ex:name "A" ; ex:type ex:Org ; ex:note "left out" ; ex:address [ ex:city "X" ; ex:zip "1" ] . }}
ex:g2 {{ ex:b ex:note "only left out" . }}
"""
KEEP = {ox.NamedNode(EX + p) for p in ("name", "type", "address", "city")}


def _files(tmp_path):
    """The dataset as TriG and N-Quads, and the first graph alone as Turtle, N-Triples and JSON-LD."""
    quads = list(ox.parse(TRIG, format=ox.RdfFormat.TRIG))
    g1 = [ox.Triple(q.subject, q.predicate, q.object) for q in quads if q.graph_name == ox.NamedNode(EX + "g1")]
    out = []
    for name, data, fmt in (("d.trig", quads, ox.RdfFormat.TRIG), ("d.nq", quads, ox.RdfFormat.N_QUADS),
                            ("t.ttl", g1, ox.RdfFormat.TURTLE), ("n.nt", g1, ox.RdfFormat.N_TRIPLES)):
        (tmp_path / name).write_bytes(ox.serialize(data, format=fmt))
        out.append(tmp_path / name)
    (tmp_path / "j.jsonld").write_text('{"@id": "http://example.org/c", "http://example.org/name": "C", '
                                       '"http://example.org/note": "left out"}', encoding="utf-8")
    return out + [tmp_path / "j.jsonld"]


@pytest.mark.parametrize("suffix", [".trig", ".nq", ".ttl", ".nt", ".jsonld"])
def test_keep_loads_the_kept_statements_of_a_whole_load(tmp_path, suffix):
    f = next(p for p in _files(tmp_path) if p.suffix == suffix)
    whole, kept = load_store([f]), load_store([f], keep=KEEP)
    want = {q for q in whole.store if q.predicate in KEEP}
    got = set(kept.store)
    if any(isinstance(t, ox.BlankNode) for q in want | got for t in (q.subject, q.object)):
        # the same statements up to the blank nodes' labels: compared as canonical N-Quads
        want, got = ({str(q) for q in _canonical(s)} for s in (want, got))
    assert got == want and got
    assert set(kept.graph_files) == {q.graph_name for q in kept.store if isinstance(q.graph_name, ox.NamedNode)}
    assert set(kept.graph_files) <= set(whole.graph_files)


def _canonical(quads) -> list:
    ds = ox.Dataset(quads)
    ds.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return list(ds)


def _bnode_file(tmp_path, name: str, suffix: str):
    """A file of graph ``g<name>``: ``<name>`` has the address ``_:b0``, whose city is ``"<name>"``."""
    f = tmp_path / f"{name}{suffix}"
    if suffix == ".jsonld":
        f.write_text(f'{{"@id": "{EX}g{name}", "@graph": [{{"@id": "_:b0", "{EX}city": "{name}"}}, '
                     f'{{"@id": "{EX}{name}", "{EX}address": {{"@id": "_:b0"}}}}]}}', encoding="utf-8")
    else:
        f.write_text(f'_:b0 <{EX}city> "{name}" <{EX}g{name}> .\n'
                     f'<{EX}{name}> <{EX}address> _:b0 <{EX}g{name}> .\n', encoding="utf-8")
    return f


@pytest.mark.parametrize("suffix", [".nq", ".jsonld"])
def test_keep_gives_each_file_its_own_blank_nodes(tmp_path, suffix):
    """Two files that both write ``_:b0`` hold two blank nodes, kept or not (imports name their blank nodes by row,
    so two imports share labels); within a file ``_:b0`` stays one node (the address is the node with the city).
    JSON-LD is read by rdflib, which keeps a document's labels: without fresh ones per file, a's and b's address
    were one node with both cities."""
    files = [_bnode_file(tmp_path, "a", suffix), _bnode_file(tmp_path, "b", suffix)]
    for store in (load_store(files).store, load_store(files, keep=KEEP).store):
        address = {q.subject.value: q.object for q in store if q.predicate == ox.NamedNode(EX + "address")}
        city = {q.subject: q.object.value for q in store if q.predicate == ox.NamedNode(EX + "city")}
        assert {o: city[a] for o, a in address.items()} == {EX + "a": "a", EX + "b": "b"}
        assert len(city) == 2


@pytest.mark.parametrize("suffix", [".nq", ".jsonld"])
def test_files_read_into_one_dataset_keep_their_own_blank_nodes(tmp_path, suffix):
    """The same through ``parse_rdf_file`` into one rdflib Dataset (the in-memory route of build and validate)."""
    from rdflib import Dataset, URIRef

    from innokg.load.files import parse_rdf_file

    ds = Dataset()
    for name in ("a", "b"):
        parse_rdf_file(_bnode_file(tmp_path, name, suffix), ds)
    address = {str(s): o for s, _p, o, _g in ds.quads((None, URIRef(EX + "address"), None, None))}
    city = {s: str(o) for s, _p, o, _g in ds.quads((None, URIRef(EX + "city"), None, None))}
    assert {o: city[a] for o, a in address.items()} == {EX + "a": "a", EX + "b": "b"}
    assert len(city) == 2


def test_keep_warns_of_a_default_graph_file_as_a_whole_load_does(tmp_path):
    """The warning that a file has statements only in the default graph is about the file, not about what is kept:
    ``mixed.nq`` has a statement in ``ex:g`` (left out) and a kept one in the default graph: no warning;
    ``default.nq`` has its one statement (left out) in the default graph: the warning."""
    mixed, default = tmp_path / "mixed.nq", tmp_path / "default.nq"
    mixed.write_text(f'<{EX}a> <{EX}note> "n" <{EX}g> .\n<{EX}a> <{EX}name> "A" .\n', encoding="utf-8")
    default.write_text(f'<{EX}a> <{EX}note> "n" .\n', encoding="utf-8")
    warning = f"[WARNING] [{default}] has statements only in the default graph; " \
              "innokg expects each source in its own named graph"
    for keep in (None, KEEP):
        assert load_store([mixed], keep=keep).notes == []
        assert load_store([default], keep=keep).notes == [warning]
