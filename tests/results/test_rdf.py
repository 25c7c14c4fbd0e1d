"""The analysis vocabulary: closed namespace = ontology/analysis.ttl, every term labelled
in English and German, every measure column has a term; analysis queries parse."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from innokg.analysis.network import NODE_COLUMNS
from innokg.results.rdf import IKGA, MEASURE_TERMS

ROOT = Path(__file__).resolve().parents[2]
NS = str(IKGA._NS)


@pytest.fixture(scope="module")
def vocab():
    return Graph().parse(ROOT / "ontology" / "analysis.ttl")


def test_closed_namespace_lists_exactly_the_vocabulary(vocab):
    terms = {str(s)[len(NS):] for s in vocab.subjects() if isinstance(s, URIRef) and str(s).startswith(NS)}
    terms.discard("")
    assert set(IKGA.__annotations__) == terms
    with pytest.raises(AttributeError):
        IKGA.betweenes  # noqa: B018


def test_every_term_labelled_and_defined_in_english_and_german(vocab):
    for name in IKGA.__annotations__:
        t = IKGA[name]
        for p in (RDFS.label, RDFS.comment):
            langs = {o.language for o in vocab.objects(t, p) if isinstance(o, Literal)}
            assert {"en", "de"} <= langs, (name, p)


def test_every_numeric_column_has_a_measure():
    skip = {"node", "label", "group", "articulation_point"}
    assert set(NODE_COLUMNS) - skip == set(MEASURE_TERMS)


@pytest.mark.parametrize("path", sorted((ROOT / "queries" / "analysis").glob("*.rq")),
                         ids=lambda p: f"queries/analysis/{p.name}")
def test_analysis_query_parses(path):
    from rdflib.plugins.sparql import prepareQuery

    text = path.read_text(encoding="utf-8")
    assert text.startswith("#+ summary:")
    prepareQuery(text)
