"""The dataset ``innokg build`` writes: TriG and N-Quads with canonical blank nodes, sorted, plus the
validation report and a summary — written whole or not at all."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from rdflib import URIRef

from innokg.atomic import atomic_dir
from innokg.namespaces import ONTOLOGY_GRAPH, PREFIXES
from innokg.pipeline import Prepared

__all__ = ["curie", "summarise", "canonical_quads", "write_outputs"]


def curie(term: URIRef) -> str:
    s = str(term)
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if s.startswith(ns):
            return f"{prefix}:{s[len(ns):]}"
    return s


def summarise(prepared: Prepared) -> dict:
    """Things per class, statements per named graph, validation counts (deterministic); read from the store,
    so that a build on the store route never makes an rdflib copy of the data.

    Both are counted by the store (``GROUP BY``), not by reading its statements into Python (a set of every
    (thing, class) pair, which grew with the data)."""
    from innokg.load.terms import from_oxigraph

    store = prepared.store
    graphs: Counter = Counter()
    for row in store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"):
        graphs[row["g"].value] += int(row["n"].value)
    # a thing counts once per class, whichever graphs (but the ontology's) say so
    classes: Counter = Counter()
    for row in store.query(f"SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {{ ?s a ?c }} UNION "
                           f"{{ GRAPH ?g {{ ?s a ?c }} FILTER(?g != <{ONTOLOGY_GRAPH}>) }} }} GROUP BY ?c"):
        classes[curie(from_oxigraph(row["c"]))] += int(row["n"].value)
    return {
        "statements_per_graph": dict(sorted(graphs.items())),
        "things_per_class": dict(sorted(classes.items())),
        "validation": prepared.report.counts() | {"conforms": prepared.report.conforms},
    }


def canonical_quads(source, where: str = "the dataset") -> list:
    """All quads of ``source`` (a pyoxigraph store, or an rdflib Dataset) with blank nodes relabelled by
    W3C RDF Dataset Canonicalization (RDFC-1.0) and sorted, so the same data gives the same bytes.

    Blank-node clusters that would make RDFC-1.0 take minutes are refused first
    (:func:`innokg.load.limits.check_blank_node_clusters`, a ``ParseError`` naming ``where``)."""
    import pyoxigraph as ox

    from innokg.load.store import store_of

    from innokg.load.limits import check_blank_node_clusters

    out = ox.Dataset(store_of(source).quads_for_pattern(None, None, None, None))
    check_blank_node_clusters(out, where=where)  # before RDFC-1.0 would take minutes (issue 19)
    out.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return sorted(out, key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))


def write_outputs(prepared: Prepared, out: Path, *, canonical: bool = True, where: str = "the dataset") -> list[Path]:
    """Write the dataset and report into ``out`` atomically; return the files written.

    ``canonical=True``: blank nodes get their RDFC-1.0 canonical labels and statements are sorted, so the same
    input gives byte-identical files whichever reasoner or run made them (the dataset is held in memory for
    that). ``canonical=False`` (``build --store``): the files are dumped from the store as a stream, in the
    store's order with its blank-node labels, in constant memory. ``where`` (the inputs) is named when
    blank-node clusters that canonicalisation could not finish in time are refused.
    """
    import pyoxigraph as ox

    with atomic_dir(out) as tmp:
        if canonical:
            quads = canonical_quads(prepared.store, where)
            ox.serialize(quads, str(tmp / "innokg.trig"), format=ox.RdfFormat.TRIG, prefixes=PREFIXES)
            lines = sorted(set(ox.serialize(quads, format=ox.RdfFormat.N_QUADS).decode("utf-8").splitlines()))
            (tmp / "innokg.nq").write_text("\n".join(lines) + "\n", encoding="utf-8")
            del quads, lines
        else:
            prepared.store.dump(str(tmp / "innokg.trig"), ox.RdfFormat.TRIG, prefixes=PREFIXES)
            prepared.store.dump(str(tmp / "innokg.nq"), ox.RdfFormat.N_QUADS)
        rg = prepared.report.results_graph
        if rg is not None:
            rg.serialize(destination=str(tmp / "validation.ttl"), format="turtle")
        (tmp / "validation.txt").write_text(
            "".join(f.format() + "\n" for f in prepared.report.findings), encoding="utf-8")
        (tmp / "summary.json").write_text(
            json.dumps(summarise(prepared), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        written = sorted(p.name for p in tmp.iterdir())
    return [out / name for name in written]
