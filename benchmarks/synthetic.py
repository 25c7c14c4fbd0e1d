"""A synthetic dataset shaped like innokg's CORDIS H2020 import, at any size: for scale tests beyond the real data.

Every entity is written with the statements ``mappings/cordis-h2020.yaml`` writes for it (same classes, same
properties, the same blank nodes for amounts, addresses and durations), so the shapes, the rules, the query
library and the projections all apply unchanged. The proportions are those of the real import
(``innokg import mappings/cordis-h2020.yaml``: 2,374,705 statements, 35,3xx projects, 144,750 participations,
~36k organisations), and so are the distributions that shape the network:

* participants per project: 1 + a negative binomial with mean 3.1 (H2020: 4.1 per project on average, many
  single-beneficiary grants and a long tail of large consortia);
* which organisation takes part: preferential (Zipf weights with exponent 0.8 over the organisations), as a few
  universities and research organisations are in thousands of projects while most are in one;
* organisation kinds in the CORDIS activity-type shares (HES, REC, PRC, PUB, OTH), regions in 40 countries with 8
  NUTS-2 regions each (``ikg:partOfRegion``), projects with 1–3 topics out of 200 under 20 broader ones
  (``ikg:hasTopic``, ``skos:broader``; the real import has no topics), start years 2014–2020.

Deterministic for a seed; written as a stream (constant memory), gzip-compressed N-Quads.

Usage (repository root)::

    python3 benchmarks/synthetic.py --statements 10000000 -o /tmp/synthetic-10m.nq.gz
"""

from __future__ import annotations

import argparse
import gzip
import sys
import time
from pathlib import Path

import numpy as np

ID = "https://w3id.org/innokg/id/"
IKG = "https://w3id.org/innokg/ontology#"
SCHEMA = "http://schema.org/"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
XSD = "http://www.w3.org/2001/XMLSchema#"
TIME = "http://www.w3.org/2006/time#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
GRAPH = "<https://w3id.org/innokg/graph/synthetic>"

#: CORDIS activity types: code, innokg class, share of organisations (H2020 import)
KINDS = [("hes", "University", 0.09), ("rec", "ResearchOrganization", 0.10), ("prc", "Company", 0.66),
         ("pub", "PublicBody", 0.06), ("oth", "Organization", 0.09)]
#: statements per project, its participations and one organisation, as written below (measured: 74.5)
PER_PROJECT = 74.5
COUNTRIES = ("AT BE BG CY CZ DE DK EE EL ES FI FR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK UK NO CH "
             "IS IL TR RS ME MK AL UA TN MA").split()


def lit(value: str, dtype: str | None = None, lang: str | None = None) -> str:
    v = value.replace("\\", "\\\\").replace('"', '\\"')
    if lang:
        return f'"{v}"@{lang}'
    return f'"{v}"^^<{XSD}{dtype}>' if dtype else f'"{v}"'


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--statements", type=int, required=True, help="about this many statements")
    ap.add_argument("-o", "--output", type=Path, required=True, help="the .nq.gz to write")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = np.random.default_rng(args.seed)
    mean_k = 4.1
    projects = max(1, int(args.statements / PER_PROJECT))
    orgs = projects  # H2020: about as many organisations as projects
    t0 = time.perf_counter()
    n = 0
    with gzip.open(args.output, "wt", encoding="utf-8", compresslevel=1) as out:
        def w(s: str, p: str, o: str) -> None:
            nonlocal n
            out.write(f"{s} {p} {o} {GRAPH} .\n")
            n += 1

        def iri(path: str) -> str:
            return f"<{ID}{path}>"

        def ikg(term: str) -> str:
            return f"<{IKG}{term}>"

        w(GRAPH, RDF_TYPE, ikg("SourceGraph"))
        w(GRAPH, "<http://www.w3.org/ns/prov#wasDerivedFrom>", iri("dataset/synthetic"))
        w(iri("dataset/synthetic"), RDF_TYPE, "<http://www.w3.org/ns/dcat#Dataset>")
        w(iri("dataset/synthetic"), "<http://purl.org/dc/terms/title>",
          lit(f"Synthetic CORDIS-shaped data, {args.statements} statements, seed {args.seed}"))
        eu = iri("org/european-union")
        w(eu, RDF_TYPE, "<http://www.w3.org/ns/org#Organization>")
        w(eu, LABEL, lit("European Union", lang="en"))
        countries = list(COUNTRIES)
        regions = []
        for c in countries:
            w(iri(f"region/nuts-{c}"), RDF_TYPE, ikg("Region"))
            w(iri(f"region/nuts-{c}"), LABEL, lit(f"Country {c}", lang="en"))
            w(iri(f"region/nuts-{c}"), ikg("nutsCode"), lit(c))
            for r in range(8):
                code = f"{c}{r + 1}"
                regions.append((code, c))
                w(iri(f"region/nuts-{code}"), RDF_TYPE, ikg("Region"))
                w(iri(f"region/nuts-{code}"), LABEL, lit(f"Region {code}", lang="en"))
                w(iri(f"region/nuts-{code}"), ikg("nutsCode"), lit(code))
                w(iri(f"region/nuts-{code}"), ikg("partOfRegion"), iri(f"region/nuts-{c}"))
        for t in range(200):
            w(iri(f"topic/t{t}"), RDF_TYPE, f"<{SKOS}Concept>")
            w(iri(f"topic/t{t}"), f"<{SKOS}prefLabel>", lit(f"Topic {t}", lang="en"))
            w(iri(f"topic/t{t}"), f"<{SKOS}broader>", iri(f"topic/b{t % 20}"))
        for b in range(20):
            w(iri(f"topic/b{b}"), RDF_TYPE, f"<{SKOS}Concept>")
            w(iri(f"topic/b{b}"), f"<{SKOS}prefLabel>", lit(f"Broad topic {b}", lang="en"))
        for code, _, _ in KINDS:
            w(iri(f"activity-type/cordis-{code}"), RDF_TYPE, f"<{SKOS}Concept>")
            w(iri(f"activity-type/cordis-{code}"), f"<{SKOS}prefLabel>", lit(code.upper(), lang="en"))
        for role in ("coordinator", "participant"):
            w(iri(f"role/{role}"), RDF_TYPE, ikg("Role"))
            w(iri(f"role/{role}"), LABEL, lit(role, lang="en"))
        for prog in range(30):
            w(iri(f"programme/p{prog}"), RDF_TYPE, ikg("FundingProgramme"))
            w(iri(f"programme/p{prog}"), LABEL, lit(f"Programme {prog}", lang="en"))
        # organisations
        kinds = rng.choice(len(KINDS), size=orgs, p=[k[2] for k in KINDS])
        where = rng.integers(0, len(regions), size=orgs)
        for i in range(orgs):
            code, cls, _ = KINDS[kinds[i]]
            o = iri(f"org/pic-{900000000 + i}")
            region, country = regions[where[i]]
            w(o, RDF_TYPE, "<http://www.w3.org/ns/org#Organization>")
            w(o, RDF_TYPE, ikg(cls))
            w(o, ikg("pic"), lit(str(900000000 + i)))
            w(o, ikg("activityType"), iri(f"activity-type/cordis-{code}"))
            w(o, LABEL, lit(f"ORGANISATION {i}"))
            w(o, f"<{SCHEMA}legalName>", lit(f"ORGANISATION {i}"))
            w(o, ikg("locatedIn"), iri(f"region/nuts-{region}"))
            w(o, f"<{SCHEMA}address>", f"_:a{i}")
            w(f"_:a{i}", RDF_TYPE, f"<{SCHEMA}PostalAddress>")
            w(f"_:a{i}", f"<{SCHEMA}addressLocality>", lit(f"CITY {i % 5000}"))
            w(f"_:a{i}", f"<{SCHEMA}addressCountry>", lit(country))
            w(f"_:a{i}", f"<{SCHEMA}streetAddress>", lit(f"Street {i}"))
            w(f"_:a{i}", f"<{SCHEMA}postalCode>", lit(f"{i % 99999:05d}"))
        # projects, grants, participations
        weights = 1.0 / np.arange(1, orgs + 1) ** 0.8
        weights /= weights.sum()
        sizes = 1 + rng.negative_binomial(1, 1 / (1 + mean_k - 1), size=projects)
        for j in range(projects):
            p, g = iri(f"project/syn-{j}"), iri(f"grant/syn-{j}")
            year = 2014 + int(rng.integers(0, 7))
            month = 1 + int(rng.integers(0, 12))
            months = int(rng.choice([12, 24, 36, 48]))
            start = f"{year}-{month:02d}-01"
            end = f"{year + months // 12}-{month:02d}-01"
            w(p, RDF_TYPE, ikg("Project"))
            w(p, LABEL, lit(f"Synthetic project {j}", lang="en"))
            w(p, ikg("cordisRcn"), lit(str(j)))
            w(p, f"<{SCHEMA}startDate>", lit(start, "date"))
            w(p, f"<{SCHEMA}endDate>", lit(end, "date"))
            w(p, f"<{TIME}hasDuration>", f"_:d{j}")
            w(f"_:d{j}", f"<{TIME}numericDuration>", lit(str(months), "decimal"))
            w(f"_:d{j}", f"<{TIME}unitType>", f"<{TIME}unitMonth>")
            for t in rng.choice(200, size=int(rng.integers(1, 4)), replace=False):
                w(p, ikg("hasTopic"), iri(f"topic/t{t}"))
            w(g, RDF_TYPE, ikg("Grant"))
            w(g, LABEL, lit(f"EU grant to synthetic project {j}", lang="en"))
            w(g, ikg("funder"), eu)
            w(g, ikg("fundedItem"), p)
            w(g, ikg("fundingProgramme"), iri(f"programme/p{int(rng.integers(0, 30))}"))
            w(g, f"<{SCHEMA}startDate>", lit(start, "date"))
            w(g, ikg("amount"), f"_:g{j}")
            w(f"_:g{j}", RDF_TYPE, f"<{SCHEMA}MonetaryAmount>")
            w(f"_:g{j}", f"<{SCHEMA}value>", lit(str(int(rng.integers(50_000, 10_000_000))), "decimal"))
            w(f"_:g{j}", f"<{SCHEMA}currency>", lit("EUR"))
            w(f"_:g{j}", ikg("qualifier"), ikg("Exact"))
            members = np.unique(rng.choice(orgs, size=int(sizes[j]), p=weights))
            for r, i in enumerate(members):
                o = iri(f"org/pic-{900000000 + int(i)}")
                part = iri(f"participation/syn-{j}-{int(i)}")
                w(part, RDF_TYPE, ikg("Participation"))
                w(part, ikg("participant"), o)
                w(part, ikg("inProject"), p)
                w(part, ikg("participationRole"), iri("role/coordinator" if r == 0 else "role/participant"))
                w(part, ikg("sourceRow"), lit(str(j), "integer"))
                w(part, ikg("contribution"), f"_:c{j}x{r}")
                w(f"_:c{j}x{r}", RDF_TYPE, f"<{SCHEMA}MonetaryAmount>")
                w(f"_:c{j}x{r}", f"<{SCHEMA}value>", lit(str(int(rng.integers(10_000, 2_000_000))), "decimal"))
                w(f"_:c{j}x{r}", f"<{SCHEMA}currency>", lit("EUR"))
                w(g, ikg("recipient"), o)
            if j % 20000 == 0:
                print(f"\r{n:,} statements", end="", file=sys.stderr)
    print(f"\r{n:,} statements, {projects:,} projects, {orgs:,} organisations -> {args.output} "
          f"({time.perf_counter() - t0:.0f} s)", file=sys.stderr)


if __name__ == "__main__":
    main()
