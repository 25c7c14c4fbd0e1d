"""Namespaces of innokg and the vocabularies it reuses.

:class:`IKG` is a closed namespace (``_fail = True``): a typo in a term fails at
import time instead of silently minting a new IRI. ``tests/graph/test_ontology.py``
checks that it lists exactly the terms of ``ontology/innokg.ttl`` and
``ontology/vocabularies.ttl``.

Examples
--------
>>> IKG.Grant
rdflib.term.URIRef('https://w3id.org/innokg/ontology#Grant')
>>> IKG.Grnat
Traceback (most recent call last):
...
AttributeError: term 'Grnat' not in namespace 'https://w3id.org/innokg/ontology#'
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

__all__ = [
    "BASE", "prefixes", "IKG", "ID", "GRAPH", "ORG", "SCHEMA", "PROV", "EURIO", "FRAPO", "TIME", "VOID", "DCAT",
    "SH", "PREFIXES", "ONTOLOGY_GRAPH", "INFERRED_GRAPH", "SUMMARY_GRAPH",
    "bind_prefixes",
]


#: The IRI space innokg mints its ontology, entities and named graphs in.
BASE = "https://w3id.org/innokg/"


class IKG(DefinedNamespace):
    """The innokg ontology namespace (closed)."""

    _fail = True
    _NS = Namespace(BASE + "ontology#")

    # classes
    AcademiaActor: URIRef
    Association: URIRef
    BusinessAssociation: URIRef
    Chamber: URIRef
    CivilSocietyActor: URIRef
    Cluster: URIRef
    CoachingService: URIRef
    CollaborativeProject: URIRef
    Company: URIRef
    Consortium: URIRef
    DeHub: URIRef
    DigitalInnovationHub: URIRef
    DigitalPlatform: URIRef
    EconomicDevelopmentAgency: URIRef
    EuropeanDigitalInnovationHub: URIRef
    Event: URIRef
    FinancingSupport: URIRef
    Funder: URIRef
    FundingProgramme: URIRef
    GovernmentActor: URIRef
    Grant: URIRef
    HelixActor: URIRef
    HubNetwork: URIRef
    IndicatorValue: URIRef
    IndustryActor: URIRef
    InnovationHub: URIRef
    InnovationNetwork: URIRef
    InnovationSpace: URIRef
    MatchmakingService: URIRef
    Ministry: URIRef
    Municipality: URIRef
    OtherOrganization: URIRef
    Participation: URIRef
    Place: URIRef
    Project: URIRef
    ProjectModule: URIRef
    ProjectPhase: URIRef
    PublicAuthority: URIRef
    Region: URIRef
    RegionalDigitalHub: URIRef
    ResearchInstitute: URIRef
    SME: URIRef
    Service: URIRef
    SourceDocument: URIRef
    SourceGraph: URIRef
    Strategy: URIRef
    TestBeforeInvestService: URIRef
    TradeUnion: URIRef
    TrainingService: URIRef
    TransformationCluster: URIRef
    University: URIRef
    UniversityOfAppliedSciences: URIRef
    Voucher: URIRef

    # properties
    acronym: URIRef
    activityType: URIRef
    administeredBy: URIRef
    amount: URIRef
    arsCode: URIRef
    budget: URIRef
    carriedOutBy: URIRef
    concerns: URIRef
    contribution: URIRef
    coordinatedBy: URIRef
    crossCuttingArea: URIRef
    cordisRcn: URIRef
    decisionDate: URIRef
    eventType: URIRef
    fieldOfAction: URIRef
    fileName: URIRef
    fundedItem: URIRef
    funder: URIRef
    fundingProgramme: URIRef
    hasModule: URIRef
    hasTopic: URIRef
    inProject: URIRef
    indicatorOf: URIRef
    joinedInPhase: URIRef
    jrcHubId: URIRef
    legalCarrier: URIRef
    locatedIn: URIRef
    measure: URIRef
    moduleOf: URIRef
    nutsCode: URIRef
    offeredBy: URIRef
    partOfProgramme: URIRef
    partOfProject: URIRef
    partOfRegion: URIRef
    participant: URIRef
    participationRole: URIRef
    phaseNumber: URIRef
    phaseOf: URIRef
    pic: URIRef
    previousPhase: URIRef
    projectCode: URIRef
    qualifier: URIRef
    realises: URIRef
    recipient: URIRef
    referenceDate: URIRef
    regionLevel: URIRef
    registerNumber: URIRef
    servesRegion: URIRef
    sourceRow: URIRef
    statedAs: URIRef
    statedDayOfWeek: URIRef
    status: URIRef
    targetImage: URIRef
    value: URIRef

    # summary vocabulary (graph/summary only, innokg.summary)
    literalObjects: URIRef
    nonNumericObjects: URIRef
    object: URIRef
    objectPartition: URIRef
    rollUp: URIRef
    rollUpRow: URIRef

    # named individuals and concept schemes
    Almost: URIRef
    Approximately: URIRef
    Exact: URIRef
    Expected: URIRef
    MoreThan: URIRef
    Observed: URIRef
    Qualifiers: URIRef
    Statuses: URIRef
    vatNumber: URIRef


#: Data IRIs: ``ID["org/bitmi"]``.
ID = Namespace(BASE + "id/")
#: Named graphs: ``GRAPH["seed-000"]``.
GRAPH = Namespace(BASE + "graph/")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("http://schema.org/")
PROV = Namespace("http://www.w3.org/ns/prov#")
EURIO = Namespace("http://data.europa.eu/s66#")
FRAPO = Namespace("http://purl.org/cerif/frapo/")
TIME = Namespace("http://www.w3.org/2006/time#")
VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
SH = Namespace("http://www.w3.org/ns/shacl#")

#: The named graph holding the ontology, its vocabularies and alignments in a built dataset.
ONTOLOGY_GRAPH = GRAPH["ontology"]
#: The named graph holding the statements inferred by reasoning.
INFERRED_GRAPH = GRAPH["inferred"]
#: The named graph holding the derived summary (VoID statistics the build computes after reasoning,
#: :mod:`innokg.summary`).
SUMMARY_GRAPH = GRAPH["summary"]

PREFIXES: dict[str, str] = {
    "ikg": str(IKG._NS),
    "id": str(ID),
    "graph": str(GRAPH),
    "org": str(ORG),
    "schema": str(SCHEMA),
    "prov": str(PROV),
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "time": str(TIME),
    "eurio": str(EURIO),
    "frapo": str(FRAPO),
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "sh": str(SH),
    "ikg-shapes": "https://w3id.org/innokg/shapes#",
    "void": str(VOID),
    "dcat": str(DCAT),
}


def prefixes(*names: str) -> dict[str, str]:
    """The entries of :data:`PREFIXES` named, in that order: what a file, page or table declares
    (each output lists only the prefixes it uses, all from this one table).

    >>> prefixes("ikg", "id")
    {'ikg': 'https://w3id.org/innokg/ontology#', 'id': 'https://w3id.org/innokg/id/'}
    """
    return {n: PREFIXES[n] for n in names}


def bind_prefixes(graph) -> None:
    """Bind innokg's usual prefixes on an rdflib Graph or Dataset."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
