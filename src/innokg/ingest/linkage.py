"""One organisation across datasets: identifier links, then probabilistic record linkage (Splink on DuckDB).

:func:`link_records` links the organisations (and hubs) of the curated graph, CORDIS, the JRC hub
catalogue and the ERDF lists in three steps:

1. **Identifiers.** Two records with the same PIC, VAT number or business-register number
   (``ikg:pic``, ``ikg:vatNumber``, ``ikg:registerNumber``) are the same organisation
   (probability 1, ``skos:exactMatch``).
2. **Record linkage.** Every other pair of records from *different* datasets that shares a
   blocking key (the same name prefix, the same postal code, the same NUTS 3 region or city) is
   compared on name, postal code, city, NUTS 3 region and country, and given a match probability
   by the Fellegi–Sunter model [1]_ as the Splink library implements it [2]_: u-probabilities from
   random pairs, m-probabilities by expectation maximisation, a prior from the identifier links.
   A pair at or above ``threshold`` is linked (``skos:closeMatch``; ``skos:exactMatch`` at or
   above ``exact``); a pair between ``review`` and ``threshold`` goes to the review file.
3. **Decisions.** A person's ``accept``/``reject`` on a pair of the review file is kept as data
   (a CSV file) and applied on every later run: an accepted pair is an ``skos:exactMatch``
   whatever its probability, a rejected one is never linked.

Records are read from a store (:func:`records_from_store`): the dataset of a record is its
named graph (``graph/seed-…`` are all "curated"); names are folded by
:func:`innokg.ingest.transforms.normalised_name`; German postal codes are placed in their NUTS 3
region by :func:`innokg.ingest.transforms.nuts3_of_german_postcode`, so a record with a postal
code and one with only a region (the curated graph, the ERDF operations) can be compared.

References
----------
.. [1] I. P. Fellegi, A. B. Sunter, "A Theory for Record Linkage", Journal of the American
   Statistical Association 64(328), 1969, pp. 1183-1210.
.. [2] R. Linacre, S. Lindsay, T. Manassis, Z. Slade, T. Hepworth, "Splink: Free software for
   probabilistic record linkage at scale", International Journal of Population Data Science 7(3), 2022.
"""

from __future__ import annotations

import contextlib
import csv
import io
import logging
import re
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import pyoxigraph as ox

from innokg import namespaces as NS
from innokg.errors import InputError, ParameterError
from innokg.ingest.transforms import BadValue, legal_form, normalised_name, nuts3_of_german_postcode

__all__ = ["LinkRecord", "Link", "Linkage", "records_from_store", "link_records", "linkset_quads",
           "read_decisions", "write_review", "LINK_GRAPH", "REVIEW_COLUMNS", "exact_name_links", "evaluate",
           "read_labels", "READ_PREDICATES"]

LINK_GRAPH = str(NS.GRAPH) + "org-links"
IKG = NS.PREFIXES["ikg"]
SKOS = "http://www.w3.org/2004/02/skos/core#"
ALIGN = "http://knowledgeweb.semanticweb.org/heterogeneity/alignment#"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

#: the columns of the review file (and of the decisions file, which is a review file with decisions filled in)
REVIEW_COLUMNS = ["decision", "probability", "a", "b", "dataset_a", "dataset_b", "name_a", "name_b",
                  "postcode_a", "postcode_b", "city_a", "city_b", "country_a", "country_b"]

_RECORDS_Q = """
PREFIX ikg: <https://w3id.org/innokg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <http://schema.org/>
SELECT ?g ?o ?cls ?name ?np ?pic ?vat ?reg ?street ?pc ?city ?cc ?region WHERE {
  GRAPH ?g { ?o a ?cls . VALUES ?cls { %s }
    OPTIONAL { ?o ?np ?name VALUES ?np { rdfs:label schema:legalName schema:name } }
    OPTIONAL { ?o ikg:pic ?pic } OPTIONAL { ?o ikg:vatNumber ?vat } OPTIONAL { ?o ikg:registerNumber ?reg }
    OPTIONAL { ?o schema:address ?a .
               OPTIONAL { ?a schema:streetAddress ?street } OPTIONAL { ?a schema:postalCode ?pc }
               OPTIONAL { ?a schema:addressLocality ?city } OPTIONAL { ?a schema:addressCountry ?cc } }
    OPTIONAL { ?o ikg:locatedIn ?region }
  }
}"""

# ERDF beneficiaries have no address of their own: the operations they receive grants for do
_RECIPIENT_Q = """
PREFIX ikg: <https://w3id.org/innokg/ontology#>
PREFIX schema: <http://schema.org/>
SELECT ?o ?pc ?city ?nuts WHERE {
  ?grant ikg:recipient ?o ; ikg:fundedItem ?p .
  OPTIONAL { ?p schema:address/schema:postalCode ?pc }
  OPTIONAL { ?p schema:location ?city }
  OPTIONAL { ?p ikg:locatedIn/ikg:nutsCode ?nuts FILTER(STRLEN(?nuts) = 5) }
}"""

_REGION_LABEL_Q = """
PREFIX ikg: <https://w3id.org/innokg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?code ?label WHERE { ?r ikg:nutsCode ?code ; rdfs:label ?label FILTER(STRLEN(?code) = 5) }"""


#: every predicate the store queries of ``innokg link`` read (:data:`_RECORDS_Q`, :data:`_RECIPIENT_Q`,
#: :data:`_REGION_LABEL_Q` and :func:`innokg.ingest.matching.organisation_matches`'s): the command stores only the
#: statements of these (38 % of CORDIS H2020's, loaded in half the time of the whole; the same records and links).
#: tests/ingest/test_linkage.py checks that every predicate of the queries is here.
READ_PREDICATES = frozenset(
    [NS.PREFIXES["rdf"] + "type", NS.PREFIXES["rdfs"] + "label"]
    + [NS.PREFIXES["schema"] + p for p in ("legalName", "name", "address", "streetAddress", "postalCode",
                                           "addressLocality", "addressCountry", "location")]
    + [IKG + p for p in ("pic", "vatNumber", "registerNumber", "locatedIn", "recipient", "fundedItem", "nutsCode")])

_UMLAUT_PAIRS = re.compile(r"(?<=[a-z])(ae|oe|ue)|^(ae|oe|ue)")


@dataclass
class LinkRecord:
    """One organisation (or hub) of one dataset, with what linkage compares."""

    iri: str
    dataset: str
    kind: str  # "org" | "hub"
    names: list[str] = field(default_factory=list)
    #: (rank, name) as read; :attr:`names` is made from it, the legal name and a German or untagged label first
    ranked: list = field(default_factory=list, repr=False)
    ids: set[str] = field(default_factory=set)  # "pic:…", "vat:…", "reg:…"
    postcode: str | None = None
    city: str | None = None
    country: str | None = None
    nuts3: str | None = None
    street: str | None = None

    @property
    def name(self) -> str | None:
        """The name compared: the legal name, else a German (or untagged) label, the longest of them."""
        return self.names[0] if self.names else None

    @property
    def key(self) -> str | None:
        return normalised_name(self.name) if self.name else None

    @property
    def compare_key(self) -> str | None:
        """:attr:`key` with ``ae``/``oe``/``ue`` read as ``a``/``o``/``u`` (CORDIS writes UNIVERSITAT and
        UNIVERSITAET for Universität) and words glued by a lost space not told apart."""
        k = self.key
        return _UMLAUT_PAIRS.sub(lambda m: m.group(0)[0], k) if k else None


@dataclass(frozen=True, order=True)
class Link:
    """``a`` and ``b`` (IRIs, ``a < b``) are the same organisation; ``how``: identifier, model, reviewed."""

    a: str
    b: str
    probability: float
    how: str
    evidence: str = ""

    @property
    def predicate(self) -> str:
        return SKOS + ("exactMatch" if self.how != "model-close" else "closeMatch")


@dataclass
class Linkage:
    """The result of :func:`link_records`."""

    links: list[Link]
    review: list[tuple[float, LinkRecord, LinkRecord]]
    records: dict[str, LinkRecord]
    timings: dict[str, float] = field(default_factory=dict)
    model: dict = field(default_factory=dict)
    #: every scored candidate pair (probability, record, record), for evaluation and sampling
    candidates: list[tuple[float, LinkRecord, LinkRecord]] = field(default_factory=list)


def _dataset_of(graph: str) -> str:
    local = graph.removeprefix(str(NS.GRAPH))
    return "curated" if local.startswith("seed-") or local == graph else local


def _subclasses(ontology: ox.Store, root: str) -> list[str]:
    q = (f"SELECT DISTINCT ?c WHERE {{ ?c <http://www.w3.org/2000/01/rdf-schema#subClassOf>* <{root}> }}")
    return sorted({r["c"].value for r in ontology.query(q, use_default_graph_as_union=True)
                   if isinstance(r["c"], ox.NamedNode)} | {root})


def records_from_store(store: ox.Store, ontology: ox.Store,
                       dataset_of: Callable[[str], str] = _dataset_of) -> dict[str, LinkRecord]:
    """The organisations and hubs of ``store`` (all named graphs) as link records, keyed by ``dataset IRI``.

    ``dataset_of`` names the dataset of a named graph (default: its local name; ``seed-…`` are "curated").

    ``ontology`` gives the classes: every subclass of ``org:Organization`` (kind ``org``) and of
    ``ikg:InnovationHub`` (kind ``hub``).
    """
    org_classes = _subclasses(ontology, "http://www.w3.org/ns/org#Organization")
    hub_classes = _subclasses(ontology, IKG + "InnovationHub")
    kind_of = {c: "hub" for c in hub_classes} | {c: "org" for c in org_classes if c not in hub_classes}
    regions = {r["code"].value: r["label"].value for r in store.query(_REGION_LABEL_Q, use_default_graph_as_union=True)}
    recs: dict[str, LinkRecord] = {}
    values = " ".join(f"<{c}>" for c in sorted(kind_of))
    # the solutions unpacked in the order of the SELECT (a third of the time of reading each by name)
    for g, o, cls, name_t, np, *idents, street, pc, city, cc, region in store.query(_RECORDS_Q % values):
        if not isinstance(o, ox.NamedNode):
            continue
        ds = dataset_of(g.value)
        key = f"{ds} {o.value}"
        rec = recs.get(key)
        if rec is None:
            rec = recs[key] = LinkRecord(o.value, ds, kind_of[cls.value])
        elif kind_of[cls.value] == "hub":
            rec.kind = "hub"
        name = name_t.value if name_t is not None else None
        if name and not name.startswith("PIC "):
            rank = (0 if np.value.endswith("legalName") else 1,
                    0 if getattr(name_t, "language", None) in (None, "de") else 1)
            rec.ranked.append((rank, name))
        for term, pfx in zip(idents, ("pic", "vat", "reg")):
            if term is not None:
                rec.ids.add(f"{pfx}:{' '.join(term.value.split()).upper()}")
        rec.postcode = rec.postcode or (pc.value.strip() if pc is not None else None) or None
        rec.city = rec.city or (city.value if city is not None else None)
        rec.street = rec.street or (street.value if street is not None else None)
        if cc is not None:
            rec.country = rec.country or cc.value.upper().replace("GR", "EL").replace("GB", "UK")
        code = region.value.rpartition("/nuts-")[2] if region is not None else ""
        if code and "/" not in code and code != region.value:
            rec.country = rec.country or code[:2]
            if len(code) == 5:
                rec.nuts3 = rec.nuts3 or code
    by_iri: dict[str, list[LinkRecord]] = defaultdict(list)
    for rec in recs.values():
        by_iri[rec.iri].append(rec)
        ordered = sorted(set(rec.ranked), key=lambda t: (t[0], -len(t[1]), t[1]))
        rec.names = list(dict.fromkeys(n for _, n in ordered))
        rec.ranked = []
    found: dict[str, list[tuple]] = defaultdict(list)
    for o, pc, city, nuts in store.query(_RECIPIENT_Q, use_default_graph_as_union=True):
        if o.value in by_iri:
            found[o.value].append(tuple(None if t is None else t.value for t in (pc, city, nuts)))
    for iri, rows in found.items():
        for rec in by_iri[iri]:
            for i, attr in enumerate(("postcode", "city", "nuts3")):
                if getattr(rec, attr) is None:  # the value most of the operations state
                    vals = Counter(row[i] for row in rows if row[i])
                    if vals:
                        setattr(rec, attr, vals.most_common(1)[0][0])
            rec.country = rec.country or "DE"
    for rec in recs.values():
        if rec.nuts3 is None and rec.postcode and rec.country == "DE":
            try:
                rec.nuts3 = nuts3_of_german_postcode(rec.postcode)
            except BadValue:
                pass
        if rec.city is None and rec.nuts3 in regions:
            rec.city = regions[rec.nuts3]
    return recs


def _city_key(city: str | None) -> str | None:
    if not city:
        return None
    return normalised_name(city.split(",")[0].split("(")[0]) or None


def identifier_links(recs: Iterable[LinkRecord]) -> list[Link]:
    """Records of different datasets (or different IRIs) sharing a PIC, VAT or register number."""
    by_id: dict[str, list[LinkRecord]] = defaultdict(list)
    for rec in recs:
        for i in rec.ids:
            by_id[i].append(rec)
    out = set()
    for ident, group in by_id.items():
        iris = sorted({r.iri for r in group})
        for other in iris[1:]:
            out.add(Link(iris[0], other, 1.0, "identifier", ident))
    return sorted(out)


def exact_name_links(store: ox.Store) -> set[tuple[str, str]]:
    """The links of the exact-name rule (:func:`innokg.ingest.matching.organisation_matches`) on ``store``: the baseline."""
    from innokg.ingest.matching import organisation_matches

    links, _ambiguous = organisation_matches(store)
    return {(m.a, m.b) for m in links}


def read_decisions(path: Path | None) -> dict[tuple[str, str], str]:
    """``(a, b) -> accept|reject`` from a review file a person filled in (missing file: none)."""
    if path is None or not path.exists():
        return {}
    out = {}
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = {"decision", "a", "b"} - set(reader.fieldnames or ())
        if missing:
            raise InputError(f"not a review file: no column(s) {', '.join(sorted(missing))}", where=str(path),
                             hint="columns: " + ", ".join(REVIEW_COLUMNS))
        for row in reader:
            d = (row.get("decision") or "").strip().lower()
            if not d:
                continue
            if d not in ("accept", "reject"):
                raise InputError(f"decision must be accept, reject or empty, not {d!r}",
                                 where=f"{path}:{reader.line_num}")
            a, b = sorted((row["a"].strip(), row["b"].strip()))
            out[(a, b)] = d
    return out


def write_review(pairs: list[tuple[float, LinkRecord, LinkRecord]], decisions: dict[tuple[str, str], str]) -> str:
    """The review file: uncertain pairs, most probable first; earlier decisions filled in (kept, reused)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(REVIEW_COLUMNS)
    for p, x, y in sorted(pairs, key=lambda t: (-t[0], t[1].iri, t[2].iri)):
        a, b = sorted((x, y), key=lambda r: r.iri)
        w.writerow([decisions.get((a.iri, b.iri), ""), f"{p:.4f}", a.iri, b.iri, a.dataset, b.dataset,
                    a.name or "", b.name or "", a.postcode or "", b.postcode or "", a.city or "", b.city or "",
                    a.country or "", b.country or ""])
    return buf.getvalue()


def _table_rows(recs: list[LinkRecord]) -> list[tuple]:
    rows = []
    for i, r in enumerate(recs):
        key = r.compare_key
        if not key:
            continue
        rows.append((i, r.dataset, r.kind, key, key[:4], key.split()[0], r.postcode or None, _city_key(r.city),
                     r.country, r.nuts3, sorted(set(key.split())), legal_form(r.name or "")))
    return rows


#: the columns of :func:`_table_rows` (the record table Splink reads); all VARCHAR but the first and ``tokens``
_TABLE_COLUMNS = ("unique_id", "source_dataset", "kind", "name", "name4", "token1", "postcode", "city", "country",
                  "nuts3", "tokens", "form")


#: Jaccard similarity of the two names' word sets, in DuckDB SQL. ``tokens`` holds each word once
#: (:func:`_table_rows`), so the union has ``len(l) + len(r) - len(l ∩ r)`` words: the same ratio as counting
#: ``list_distinct(list_concat(…))``, without building the union for each of the millions of pairs Splink's u
#: sampling compares. Led by ``list_has_any``: most pairs share no word, and those are below any positive threshold
#: without the division (the same comparison levels, the same links; ``link_records`` on all of CORDIS × ERDF × JRC
#: with :data:`_LEVENSHTEIN_2`: 6.3 instead of 15.9 CPU s, README "Tests").
_JACCARD = ('list_has_any("tokens_l", "tokens_r") AND (len(list_intersect("tokens_l", "tokens_r")) * 1.0 / '
            '(len("tokens_l") + len("tokens_r") - len(list_intersect("tokens_l", "tokens_r"))))')

#: Levenshtein distance of the names at most 2, in DuckDB SQL; names whose lengths differ by more than 2 are
#: further apart than that (each edit changes the length by at most one), so the distance is computed only for the
#: others (the same level as Splink's ``LevenshteinLevel("name", 2)``)
_LEVENSHTEIN_2 = 'abs(length("name_l") - length("name_r")) <= 2 AND levenshtein("name_l", "name_r") <= 2'


def _splink_scores(recs: list[LinkRecord], *, seed: int, log: Callable[[str], None],
                   prior: float | None, em: tuple[str, ...] = ()) -> tuple[list[tuple[int, int, float]], dict]:
    """Match probabilities of the candidate pairs (different datasets, same kind) by Splink on DuckDB."""
    try:
        import duckdb
        import pyarrow as pa
        import splink.comparison_library as cl
        import splink.comparison_level_library as cll
        from splink import DuckDBAPI, Linker, SettingsCreator, block_on
        from splink.internals.exceptions import EMTrainingException
    except ModuleNotFoundError as exc:
        from innokg.errors import ConfigError

        raise ConfigError(f"record linkage needs the package {exc.name}", where="innokg link",
                          hint="pip install splink duckdb") from None

    logging.getLogger("splink").setLevel(logging.ERROR)
    rows = _table_rows(recs)
    con = duckdb.connect()
    by_ds: dict[str, list[tuple]] = defaultdict(list)
    for row in rows:
        by_ds[row[1]].append(row)
    if len(by_ds) < 2:
        return [], {}
    tables = []
    for k, (ds, ds_rows) in enumerate(sorted(by_ds.items())):
        name = f"recs_{k}"
        con.execute(f"CREATE TABLE {name} (unique_id BIGINT, source_dataset VARCHAR, kind VARCHAR, name VARCHAR, "
                    "name4 VARCHAR, token1 VARCHAR, postcode VARCHAR, city VARCHAR, country VARCHAR, nuts3 VARCHAR, "
                    "tokens VARCHAR[], form VARCHAR)")
        # one Arrow table, rows in the same order: DuckDB's executemany runs one INSERT per row (about 1 ms each,
        # 25 CPU s for all of CORDIS, ERDF and JRC), the scan of an Arrow table takes a few hundredths of a second
        types = {"unique_id": pa.int64(), "tokens": pa.list_(pa.string())}
        batch = pa.table({col: pa.array([r[i] for r in ds_rows], type=types.get(col, pa.string()))
                          for i, col in enumerate(_TABLE_COLUMNS)})
        con.register("batch", batch)
        con.execute(f"INSERT INTO {name} SELECT * FROM batch")
        con.unregister("batch")
        tables.append(name)
    settings = SettingsCreator(
        link_type="link_only",
        unique_id_column_name="unique_id",
        # m-probabilities: what a same-organisation pair shows (starting values, refined by EM where asked and the
        # data allow). Postal code, NUTS 3 region and city say one thing, the place: they are one comparison, so
        # that a shared town is not counted three times.
        comparisons=[
            cl.CustomComparison(output_column_name="name", comparison_levels=[
                cll.NullLevel("name"),
                cll.ExactMatchLevel("name").configure(m_probability=0.6),
                cll.CustomLevel(_JACCARD + " >= 0.75", "name words: Jaccard >= 0.75").configure(m_probability=0.2),
                # a typo or a lost space, not a shared prefix (Jaro-Winkler put TU München next to TU Ilmenau)
                cll.CustomLevel(_LEVENSHTEIN_2, "Levenshtein distance of name <= 2").configure(m_probability=0.1),
                cll.CustomLevel(_JACCARD + " >= 0.5", "name words: Jaccard >= 0.5").configure(m_probability=0.05),
                cll.ElseLevel().configure(m_probability=0.05),
            ]),
            cl.CustomComparison(output_column_name="place", comparison_levels=[
                cll.CustomLevel('("postcode_l" IS NULL OR "postcode_r" IS NULL) AND ("nuts3_l" IS NULL OR '
                                '"nuts3_r" IS NULL) AND ("city_l" IS NULL OR "city_r" IS NULL)',
                                "place unknown on one side").configure(is_null_level=True),
                cll.ExactMatchLevel("postcode").configure(m_probability=0.5),
                cll.ExactMatchLevel("nuts3").configure(m_probability=0.25),
                cll.JaroWinklerLevel("city", 0.92).configure(m_probability=0.1),
                cll.ElseLevel().configure(m_probability=0.15),
            ]),
            cl.ExactMatch("country").configure(m_probabilities=[0.98, 0.02]),
            cl.ExactMatch("form").configure(m_probabilities=[0.97, 0.03]),  # an e.V. is not its GmbH
        ],
        blocking_rules_to_generate_predictions=[
            block_on("name4", "kind"),
            block_on("postcode", "kind"),
            block_on("nuts3", "token1", "kind"),
            block_on("city", "token1", "kind"),
        ],
        additional_columns_to_retain=["kind"],
        retain_intermediate_calculation_columns=False,
        **({"probability_two_random_records_match": prior} if prior else {}),
    )
    db = DuckDBAPI(connection=con)
    linker = Linker([db.register(t) for t in tables], settings, log_level=logging.ERROR)
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=seed)
    trained = []
    for rule in em:  # EM (off by default: on these lists it merged every "Digital … Hub" with every other)
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                linker.training.estimate_parameters_using_expectation_maximisation(block_on(rule),
                                                                                  fix_u_probabilities=True)
            trained.append(rule)
        except EMTrainingException:  # too few pairs share this key to train on: the starting m-values stay
            log(f"[INFO] [link] no EM training on pairs blocked by {rule} (too few pairs)")
    pred = linker.inference.predict(threshold_match_probability=0.05)
    out = []
    for uid_l, uid_r, p in pred.as_duckdbpyrelation().select(
            "unique_id_l, unique_id_r, match_probability").fetchall():
        l_rec, r_rec = recs[uid_l], recs[uid_r]
        if l_rec.kind != r_rec.kind or l_rec.country and r_rec.country and l_rec.country != r_rec.country:
            continue
        out.append((uid_l, uid_r, float(p)))
    model = {"library": "splink " + __import__("splink").__version__ + " on duckdb " + duckdb.__version__,
             "em_trained_on": trained, "candidate_pairs": len(out)}
    con.close()
    return out, model


def _prior(recs: list[LinkRecord]) -> float | None:
    """The chance that two records of different datasets are the same organisation, before comparing them.

    Taken as: a fifth of the smaller dataset of each pair of datasets (of the same kind) has a partner
    in the other; e.g. 20 of the 100 curated organisations are in CORDIS.
    """
    sizes = Counter((r.kind, r.dataset) for r in recs if r.key)
    pairs = matches = 0
    keys = sorted(sizes)
    for i, (k1, d1) in enumerate(keys):
        for k2, d2 in keys[i + 1:]:
            if k1 == k2:
                pairs += sizes[(k1, d1)] * sizes[(k2, d2)]
                matches += 0.2 * min(sizes[(k1, d1)], sizes[(k2, d2)])
    return min(max(matches / pairs, 1e-9), 0.5) if pairs else None


def link_records(recs: dict[str, LinkRecord], *, threshold: float = 0.9, exact: float = 0.99, review: float = 0.5,
                 decisions: dict[tuple[str, str], str] | None = None, seed: int = 42,
                 log: Callable[[str], None] = lambda m: None) -> Linkage:
    """Identifier links, then model links (probability ≥ ``threshold``), with a person's decisions applied.

    Parameters
    ----------
    recs : dict
        From :func:`records_from_store`.
    threshold, exact, review : float
        A pair with probability ≥ ``exact`` is an ``skos:exactMatch``, ≥ ``threshold`` an
        ``skos:closeMatch``; one in [``review``, ``threshold``) goes to the review list.
    decisions : dict
        ``(a, b) -> accept|reject`` (:func:`read_decisions`): applied over the model.
    seed : int
        Of Splink's random sampling of pairs (the u-probabilities): the same seed, the same links.
    """
    if not 0 < review <= threshold <= exact <= 1:
        raise ParameterError(f"need 0 < review ({review}) ≤ threshold ({threshold}) ≤ exact ({exact}) ≤ 1",
                             where="--threshold")
    decisions = decisions or {}
    timings = {}
    t0 = time.perf_counter()
    ordered = sorted(recs.values(), key=lambda r: (r.iri, r.dataset))  # the same order whatever the datasets' names
    ident = identifier_links(ordered)
    timings["identifiers"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    n = len(ordered)
    prior = _prior(ordered)
    scores, model = _splink_scores(ordered, seed=seed, log=log, prior=prior) if n > 1 else ([], {})
    timings["model"] = time.perf_counter() - t0
    links: dict[tuple[str, str], Link] = {}
    for link in ident:
        links[(link.a, link.b)] = link
    review_pairs = []
    candidates = []
    for i, j, p in scores:
        x, y = ordered[i], ordered[j]
        if x.iri == y.iri:
            continue  # one IRI in two datasets is one organisation already
        candidates.append((p, x, y))
        a, b = sorted((x.iri, y.iri))
        if (a, b) in links:
            continue
        if p >= threshold:
            links[(a, b)] = Link(a, b, round(p, 6), "model" if p >= exact else "model-close",
                                 f"{x.name} | {y.name}")
        elif p >= review:
            review_pairs.append((p, x, y))
    for (a, b), d in decisions.items():
        if d == "reject":
            links.pop((a, b), None)
        elif (a, b) not in links or links[(a, b)].how != "identifier":
            p = next((q for q, x, y in review_pairs if sorted((x.iri, y.iri)) == [a, b]),
                     links[(a, b)].probability if (a, b) in links else 0.0)
            links[(a, b)] = Link(a, b, round(p, 6), "reviewed", "accepted by a person")
    return Linkage(sorted(links.values()), review_pairs, recs, timings, model, candidates)


def linkset_quads(linkage: Linkage, *, threshold: float, created: str | None = None) -> list[ox.Quad]:
    """The links in the named graph :data:`LINK_GRAPH`, described as a ``void:Linkset`` per pair of datasets.

    Each link is an ``skos:exactMatch`` or ``skos:closeMatch`` statement and an Alignment-format cell
    (``align:Cell`` with ``align:entity1``/``entity2``, ``align:measure`` = the match probability,
    ``align:relation`` "=") saying how it was made.
    """
    g = ox.NamedNode(LINK_GRAPH)
    N, L = ox.NamedNode, ox.Literal
    xsd = "http://www.w3.org/2001/XMLSchema#"
    void = NS.PREFIXES["void"]
    dct = NS.PREFIXES["dcterms"]
    ds_of = defaultdict(set)
    for rec in linkage.records.values():
        ds_of[rec.iri].add(rec.dataset)
    q = []
    top = N(LINK_GRAPH)
    q += [ox.Quad(top, N(_RDF_TYPE), N(void + "Linkset"), g),
          ox.Quad(top, N(dct + "title"), L("innokg organisation links across datasets", language="en"), g),
          ox.Quad(top, N(dct + "description"), L(
              "Identifier links (PIC, VAT, register number) and probabilistic record-linkage links "
              f"(Fellegi-Sunter, Splink on DuckDB) with match probability >= {threshold}; pairs a person "
              "accepted or rejected in the review file are applied.", language="en"), g),
          ox.Quad(top, N(void + "triples"), L(str(len(linkage.links)), datatype=N(xsd + "integer")), g)]
    for pred in sorted({link.predicate for link in linkage.links}):
        q.append(ox.Quad(top, N(void + "linkPredicate"), N(pred), g))
    if created:
        q.append(ox.Quad(top, N(dct + "created"), L(created, datatype=N(xsd + "dateTime")), g))
    pairs: dict[tuple[str, str], int] = Counter()
    for k, link in enumerate(linkage.links):
        q.append(ox.Quad(N(link.a), N(link.predicate), N(link.b), g))
        cell = ox.BlankNode(f"link{k}")
        q += [ox.Quad(cell, N(_RDF_TYPE), N(ALIGN + "Cell"), g),
              ox.Quad(cell, N(ALIGN + "entity1"), N(link.a), g),
              ox.Quad(cell, N(ALIGN + "entity2"), N(link.b), g),
              ox.Quad(cell, N(ALIGN + "relation"), L("="), g),
              ox.Quad(cell, N(ALIGN + "measure"), L(f"{link.probability:.6f}", datatype=N(xsd + "decimal")), g),
              ox.Quad(cell, N(dct + "description"), L(f"{link.how}: {link.evidence}".strip()), g)]
        for da in sorted(ds_of.get(link.a, {"?"})):
            for db in sorted(ds_of.get(link.b, {"?"})):
                pairs[tuple(sorted((da, db)))] += 1  # type: ignore[index]
    for (da, db), count in sorted(pairs.items()):
        sub = N(f"{LINK_GRAPH}/{da}--{db}")
        q += [ox.Quad(top, N(void + "subset"), sub, g),
              ox.Quad(sub, N(_RDF_TYPE), N(void + "Linkset"), g),
              ox.Quad(sub, N(void + "subjectsTarget"), N(f"{NS.ID}dataset/{da}"), g),
              ox.Quad(sub, N(void + "objectsTarget"), N(f"{NS.ID}dataset/{db}"), g),
              ox.Quad(sub, N(void + "triples"), L(str(count), datatype=N(xsd + "integer")), g)]
    return q


def read_labels(path: Path) -> dict[tuple[str, str], bool]:
    """A hand-labelled sample: CSV with columns ``a``, ``b`` (IRIs) and ``same`` (``yes``/``no``)."""
    out = {}
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if not {"a", "b", "same"} <= set(reader.fieldnames or ()):
            raise InputError("a labelled sample needs the columns a, b and same", where=str(path))
        for row in reader:
            same = row["same"].strip().lower()
            if same not in ("yes", "no"):
                raise InputError(f"same must be yes or no, not {same!r}", where=f"{path}:{reader.line_num}")
            a, b = sorted((row["a"].strip(), row["b"].strip()))
            out[(a, b)] = same == "yes"
    return out


def evaluate(predicted: set[tuple[str, str]], labelled: dict[tuple[str, str], bool]) -> dict[str, float]:
    """Precision, recall and F1 of ``predicted`` pairs on a hand-labelled sample (pairs outside it ignored)."""
    tp = sum(1 for pair, same in labelled.items() if same and pair in predicted)
    fp = sum(1 for pair, same in labelled.items() if not same and pair in predicted)
    fn = sum(1 for pair, same in labelled.items() if same and pair not in predicted)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": precision, "recall": recall, "f1": f1}
