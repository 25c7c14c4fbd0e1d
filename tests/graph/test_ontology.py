"""The ontology files: parse, every term labelled and defined in English and German,
the closed namespace class lists exactly the ontology's terms, reasoning derives sectors."""

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from innokg.load.files import load_ontology
from innokg.namespaces import IKG

ROOT = Path(__file__).resolve().parents[2]
ONTOLOGY_FILES = sorted((ROOT / "ontology").glob("*.ttl"))
NS = str(IKG._NS)


@pytest.mark.parametrize("path", ONTOLOGY_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_ontology_file_parses(path):
    g = Graph().parse(path)
    assert len(g) > 0
    assert any(g.subjects(RDF.type, OWL.Ontology)) or any(g.subjects(RDF.type, SKOS.ConceptScheme))


def _own_terms(g):
    return sorted({s for s in g.subjects() if isinstance(s, URIRef) and str(s).startswith(NS) and str(s) != NS})


@pytest.fixture(scope="module")
def ontology():
    return load_ontology(ROOT / "ontology")


def test_every_term_has_english_and_german_label_and_definition(ontology):
    missing = []
    for term in _own_terms(ontology):
        for prop in (RDFS.label,):
            langs = {o.language for o in ontology.objects(term, prop) if isinstance(o, Literal)}
            if not {"en", "de"} <= langs:
                missing.append(f"{term} {prop} has {sorted(map(str, langs))}")
        defs = {o.language for p in (RDFS.comment, SKOS.definition)
                for o in ontology.objects(term, p) if isinstance(o, Literal)}
        if not {"en", "de"} <= defs:
            missing.append(f"{term} definition has {sorted(map(str, defs))}")
    assert missing == []


def test_closed_namespace_lists_exactly_the_ontology_terms(ontology):
    declared = {name for name in IKG.__annotations__}
    in_ontology = {str(t)[len(NS):] for t in _own_terms(ontology)}
    assert declared == in_ontology


def test_closed_namespace_rejects_typos():
    with pytest.raises(AttributeError):
        IKG.Grnat  # noqa: B018


def test_properties_have_domain_or_range_from_known_vocabularies(ontology):
    for p in ontology.subjects(RDF.type, OWL.ObjectProperty):
        if str(p).startswith(NS):
            assert (p, RDFS.range, None) in ontology or (p, RDFS.domain, None) in ontology, p


def test_every_organisation_kind_has_a_helix_sector(ontology):
    """Triple-helix sector must be derivable for every organisation kind but 'other'."""
    from rdflib.namespace import Namespace

    ikg = Namespace(NS)
    sectors = {ikg.IndustryActor, ikg.AcademiaActor, ikg.GovernmentActor, ikg.CivilSocietyActor}
    kinds = [ikg.Company, ikg.SME, ikg.University, ikg.UniversityOfAppliedSciences, ikg.ResearchInstitute,
             ikg.Chamber, ikg.EconomicDevelopmentAgency, ikg.BusinessAssociation, ikg.TradeUnion,
             ikg.PublicAuthority, ikg.Ministry, ikg.Municipality]
    for k in kinds:
        supers = set(ontology.transitive_objects(k, RDFS.subClassOf))
        assert len(supers & sectors) == 1, k
