"""Networks projected from the knowledge graph, driven by the ``.rq`` files in
``queries/projections/``.

Three SELECT queries read the graph; everything after them is plain Python on
their rows:

* ``affiliations.rq`` — organisation (or hub) in group: project participations,
  memberships in hubs, clusters, networks, consortia and associations, legal
  carriership; phases and modules rolled up to their project;
* ``group-context.rq`` — topics, regions, funders and programmes of each group;
* ``node-attributes.rq`` — label, triple-helix sector, region, PIC, type.

From them come the two-mode network (organisation × group, Breiger 1974), its
one-mode projection organisation × organisation (tie weight = groups shared, or
Newman's (2001) collaboration weight ``Σ_p 1/(n_p - 1)`` that discounts large
consortia), and a multi-mode view with groups and regions. Filters: time window,
funder, programme, topic, region. Organisations known only by an identifier (no
type, no label) stay in: nodes are IRIs, attributes are optional.

References
----------
Breiger, R. L. (1974). The duality of persons and groups. *Social Forces* 53(2): 181–190.

Newman, M. E. J. (2001). Scientific collaboration networks. II. Shortest paths,
weighted networks, and centrality. *Physical Review E* 64: 016132.
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator

import networkx as nx

from innokg.errors import ParameterError, QueryError
from innokg.namespaces import IKG as IKG_TERMS
from innokg.namespaces import PREFIXES

__all__ = [
    "SECTORS",
    "query_dir",
    "group_context",
    "Filters",
    "Affiliation",
    "as_store",
    "run_query",
    "iter_rows",
    "iter_select",
    "select",
    "affiliations",
    "node_attributes",
    "two_mode_network",
    "organization_network",
    "multimode_network", "hub_partition", "date_bounds", "overlaps"]

#: triple-helix sector classes -> short names used as partition values
SECTORS = {
    str(IKG_TERMS.IndustryActor): "industry",
    str(IKG_TERMS.AcademiaActor): "academia",
    str(IKG_TERMS.GovernmentActor): "government",
    str(IKG_TERMS.CivilSocietyActor): "civil_society",
}


def query_dir() -> Path:
    """``queries/projections/`` of the project (see :func:`innokg.load.files.project_root`)."""
    from innokg.load.files import project_root

    return project_root() / "queries" / "projections"


@dataclass(frozen=True)
class Filters:
    """Which affiliations enter a projection (all ``None``: everything).

    ``start``/``end`` bound a time window (ISO dates, ``YYYY``, ``YYYY-MM``); an
    affiliation is kept when its period overlaps the window, and kept when it has no
    dates (unknown is not excluded). ``funder``, ``programme``, ``topic`` keep
    affiliations whose group (or the project it is a phase of, or the hub it
    realises) has that funder, programme (or a sub-programme) or topic (or a narrower
    one); ``region`` keeps organisations located in that region or a region within it.
    """

    start: str | None = None
    end: str | None = None
    funder: str | None = None
    programme: str | None = None
    topic: str | None = None
    region: str | None = None

    def __post_init__(self) -> None:
        bounds = {}
        for name, option in (("start", "--from"), ("end", "--to")):
            v = getattr(self, name)
            if v is not None:
                bounds[name] = _check_date(v, option)
        if len(bounds) == 2 and bounds["start"][0] > bounds["end"][1]:
            raise ParameterError(f"--to {self.end} is before --from {self.start}", where="--to",
                                 hint="give a window whose start is not after its end")

    def describe(self) -> dict[str, str]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


def _check_date(value: str, option: str) -> tuple[str, str]:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (a real date) → the first and last day it covers; else exit 2."""
    v = value.strip()
    lo, hi = date_bounds(v) if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", v) else (None, None)
    try:
        if lo is None or len(v) == 10 and dt.date.fromisoformat(v) is None:
            raise ValueError
    except ValueError:
        raise ParameterError(f"{value!r} is not a date", where=option,
                             hint="give YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2020 or 2020-06-30") from None
    return lo, hi


@dataclass(frozen=True, order=True)
class Affiliation:
    """One row of ``affiliations.rq``."""

    agent: str
    group: str
    project: str
    kind: str
    role: str | None = None
    start: str | None = None
    end: str | None = None
    contribution: float | None = None


def _value(term) -> Any:
    if term is None:
        return None
    # pyoxigraph terms have .value; rdflib terms are str subclasses
    if hasattr(term, "value") and not isinstance(term, str):
        return term.value
    return str(term)


def as_store(source):
    """A :class:`pyoxigraph.Store` holding ``source`` (an rdflib Graph or Dataset, or a Store).

    The projection queries use property paths (``rdfs:subClassOf*``, ``ikg:phaseOf*``)
    that rdflib evaluates slowly (seconds on a few thousand statements); Oxigraph
    answers them in milliseconds, so rdflib input is copied once
    (:func:`innokg.load.store.store_of`; pass :attr:`innokg.pipeline.Prepared.store` to copy nothing).
    """
    from innokg.load.store import store_of

    return store_of(source)


def run_query(source, path: str | Path) -> list[dict[str, Any]]:
    """Run the SELECT query in ``path`` on ``source``; rows as ``{variable: str|None}``.

    ``source`` is an rdflib Graph or Dataset or a :class:`pyoxigraph.Store`; named
    graphs are queried as their union (see :func:`as_store`). The text goes through
    :func:`innokg.sparql.guard.check_query` first: ``SERVICE`` and updates are refused.
    """
    path = Path(path)
    return select(source, path.read_text(encoding="utf-8"), where=str(path))


def select(source, text: str, *, where: str) -> list[dict[str, Any]]:
    """Run the SELECT ``text`` (checked by :func:`innokg.sparql.guard.check_query`, errors naming ``where``)
    on ``source`` as :func:`run_query` does; rows as ``{variable: str|None}``."""
    return list(iter_select(source, text, where=where))


def iter_rows(source, path: str | Path) -> Iterator[dict[str, Any]]:
    """The rows of :func:`run_query`, one at a time as the store answers (a large projection's rows are never
    all held as dicts at once)."""
    path = Path(path)
    return iter_select(source, path.read_text(encoding="utf-8"), where=str(path))


def iter_select(source, text: str, *, where: str) -> Iterator[dict[str, Any]]:
    """The rows of :func:`select`, one at a time; the text is checked before the first row is asked for."""
    from innokg.sparql.guard import check_query

    check_query(text, where=where)
    return _rows(as_store(source), text, where)


def _rows(store, text: str, where: str) -> Iterator[dict[str, Any]]:
    try:
        res = store.query(text, use_default_graph_as_union=True)
        names = [v.value for v in res.variables]
        for sol in res:
            yield {n: _value(sol[n]) for n in names}
    except Exception as exc:  # noqa: BLE001 - report the engine's error with the file
        raise QueryError(f"query failed: {exc}", where=where,
                         hint="check the query against the SPARQL 1.1 grammar") from exc


def date_bounds(value: str | None) -> tuple[str | None, str | None]:
    """Earliest and latest ISO date a date, year-month or year literal can mean (``None, None`` when
    it is none of them).

    >>> date_bounds("2019"), date_bounds("2020-02"), date_bounds("2021-03-04")
    (('2019-01-01', '2019-12-31'), ('2020-02-01', '2020-02-29'), ('2021-03-04', '2021-03-04'))
    """
    if not value:
        return None, None
    v = value.strip()[:10]
    parts = v.split("-")
    try:
        if len(parts) == 1:
            return f"{int(parts[0]):04d}-01-01", f"{int(parts[0]):04d}-12-31"
        if len(parts) == 2:
            y, m = int(parts[0]), int(parts[1])
            return f"{y:04d}-{m:02d}-01", f"{y:04d}-{m:02d}-{calendar.monthrange(y, m)[1]:02d}"
        return v, v
    except ValueError:
        return None, None


def overlaps(a: Affiliation, window_start: str | None, window_end: str | None) -> bool:
    """Whether ``a``'s period (a missing end: open) overlaps the window (a missing bound: open)."""
    lo = date_bounds(a.start)[0]
    hi = date_bounds(a.end)[1]
    if window_end and lo and lo > date_bounds(window_end)[1]:
        return False
    if window_start and hi and hi < date_bounds(window_start)[0]:
        return False
    return True


def node_attributes(source, lang: str = "en") -> dict[str, dict[str, Any]]:
    """``{node IRI: {label, sector, region, broader_regions, pic, types}}`` from ``node-attributes.rq``.

    The label in ``lang`` is preferred, then any other; sector is one of
    :data:`SECTORS`' short names (the first in sorted order if several).
    """
    raw: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for r in iter_rows(source, query_dir() / "node-attributes.rq"):
        raw[r["node"]][r["attribute"]].append(r["value"])
    out: dict[str, dict[str, Any]] = {}
    for node, attrs in raw.items():
        labels = attrs.get("label", [])
        d: dict[str, Any] = {}
        if labels:
            d["label"] = sorted(labels)[0]
        sectors = sorted(SECTORS[s] for s in attrs.get("sector", []) if s in SECTORS)
        if sectors:
            d["sector"] = sectors[0]
        if attrs.get("region"):
            d["region"] = sorted(attrs["region"])[0]
        d["broader_regions"] = sorted(set(attrs.get("broader_region", [])))
        if attrs.get("pic"):
            d["pic"] = sorted(attrs["pic"])[0]
        d["types"] = sorted(set(attrs.get("type", [])))
        out[node] = d
    if lang:
        _prefer_language(source, out, lang)
    return out


def _prefer_language(source, out: dict, lang: str) -> None:
    """Replace labels by the ``lang`` label where there is one (rdfs:label in any graph)."""
    import pyoxigraph as ox

    from innokg.load.store import store_of

    store = store_of(source)
    label = ox.NamedNode(PREFIXES["rdfs"] + "label")
    for node, d in out.items():
        if "label" not in d or node.startswith("_:"):
            continue
        best = sorted(q.object.value for q in store.quads_for_pattern(ox.NamedNode(node), label, None, None)
                      if isinstance(q.object, ox.Literal) and q.object.language == lang)
        if best:
            d["label"] = best[0]


def group_context(source) -> dict[str, dict[str, set[str]]]:
    """``{group: {"topic"|"region"|"funder"|"programme": {IRI, …}}}`` from ``group-context.rq``."""
    ctx: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for r in run_query(source, query_dir() / "group-context.rq"):
        ctx[r["group"]][r["facet"]].add(r["value"])
    return ctx


def affiliations(source, filters: Filters | None = None, attributes: dict | None = None) -> list[Affiliation]:
    """The affiliations that pass ``filters``, sorted.

    Examples
    --------
    See ``tests/projection/test_projection.py``, which runs the queries on a small fixture graph.
    """
    filters = filters or Filters()
    out = set()
    for r in iter_rows(source, query_dir() / "affiliations.rq"):
        c = r.get("contribution")
        try:
            c = float(c) if c is not None else None
        except ValueError:
            c = None
        out.add(Affiliation(agent=r["agent"], group=r["group"], project=r["project"] or r["group"],
                            kind=r["kind"], role=r.get("role"), start=r.get("start"), end=r.get("end"),
                            contribution=c))
    result = sorted(out, key=lambda a: tuple("" if x is None else str(x) for x in a.__dict__.values()))
    if filters.start or filters.end:
        result = [a for a in result if overlaps(a, filters.start, filters.end)]
    facets = [(f, getattr(filters, f)) for f in ("funder", "programme", "topic") if getattr(filters, f)]
    if facets:
        ctx = group_context(source)
        result = [a for a in result if all(v in ctx.get(a.group, {}).get(f, set()) for f, v in facets)]
    if filters.region:
        attrs = attributes if attributes is not None else node_attributes(source)
        keep = {n for n, d in attrs.items()
                if d.get("region") == filters.region or filters.region in d.get("broader_regions", [])}
        result = [a for a in result if a.agent in keep]
    return result


def _check_weighting(weighting: str) -> None:
    if weighting not in ("count", "newman"):
        raise ParameterError(f"unknown tie weighting {weighting!r}", where="--weighting",
                             hint="use 'count' (groups shared) or 'newman' (Σ 1/(n_p - 1))")


def _decorate(G: nx.Graph, attributes: dict[str, dict[str, Any]]) -> None:
    for v in G:
        d = attributes.get(v, {})
        for key in ("label", "sector", "region", "pic"):
            if key in d:
                G.nodes[v][key] = d[key]


HUB_CLASS = str(IKG_TERMS.InnovationHub)


def hub_partition(source, rows: Iterable[Affiliation], attributes: dict[str, dict[str, Any]]) -> dict[str, str]:
    """``{organisation: hub}`` — each organisation's hub, for brokerage by hub.

    An organisation's hubs are the hubs it is affiliated with directly (member of
    a hub, cluster or network), the hubs realised (``ikg:realises``) by the
    projects it takes part in, and the hubs whose legal carrier (``ikg:legalCarrier``)
    it is a member of. A partition needs one group per node, and an
    organisation can be in several hubs: it is put in the hub it has the most
    affiliations with (ties broken by the hub's IRI), or ``none`` when it has none.
    A hub that is itself a node (a network that is a member elsewhere) is its own group.

    Examples
    --------
    >>> import pyoxigraph as ox
    >>> st = ox.Store()
    >>> rows = [Affiliation("o1", "p1", "p1", "participation"), Affiliation("o1", "h2", "h2", "membership"),
    ...         Affiliation("o1", "h2", "h2", "membership"), Affiliation("o2", "p1", "p1", "participation")]
    >>> st.add(ox.Quad(ox.NamedNode("http://e/p1"), ox.NamedNode("https://w3id.org/innokg/ontology#realises"),
    ...               ox.NamedNode("http://e/h1")))
    >>> rows = [Affiliation(f"http://e/{a.agent}", f"http://e/{a.group}", f"http://e/{a.project}", a.kind) for a in rows]
    >>> attrs = {"http://e/h2": {"types": [HUB_CLASS]}}
    >>> sorted(hub_partition(st, rows, attrs).items())
    [('http://e/o1', 'http://e/h2'), ('http://e/o2', 'http://e/h1')]
    """
    from collections import Counter

    realises: dict[str, set[str]] = {}
    for r in select(source, f"SELECT ?p ?h WHERE {{ ?p <{IKG_TERMS.realises}> ?h }}",
                    where="hub_partition"):
        realises.setdefault(r["p"], set()).add(r["h"])
    # the members of a hub's legal carrier (the e.V. behind a cluster) are in that hub
    for r in select(source, f"SELECT ?o ?h WHERE {{ ?h <{IKG_TERMS.legalCarrier}> ?o }}",
                    where="hub_partition"):
        realises.setdefault(r["o"], set()).add(r["h"])
    counts: dict[str, Counter] = {}
    for a in rows:
        c = counts.setdefault(a.agent, Counter())
        if HUB_CLASS in attributes.get(a.group, {}).get("types", ()):
            c[a.group] += 1
        for h in realises.get(a.project, set()) | realises.get(a.group, set()):
            c[h] += 1
    out = {}
    for agent, c in counts.items():
        if HUB_CLASS in attributes.get(agent, {}).get("types", ()):
            out[agent] = agent
        elif c:
            out[agent] = sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        else:
            out[agent] = "none"
    return out


def two_mode_network(rows: Iterable[Affiliation], attributes: dict | None = None, level: str = "project") -> nx.Graph:
    """Two-mode graph organisation × group (node attributes ``mode`` and ``bipartite`` 0 / 1).

    ``level="project"`` ties an organisation to the project a phase belongs to;
    ``level="group"`` keeps phases apart. Edge attribute ``weight`` counts the ties.
    An organisation that is also a group (an association with members) is one node,
    of mode ``organization``, tied to its members and to its own groups — so the graph
    is bipartite only when no organisation has members; ``self`` rows add nothing.

    Examples
    --------
    >>> rows = [Affiliation("o1", "p", "p", "participation"), Affiliation("o2", "p", "p", "participation")]
    >>> B = two_mode_network(rows)
    >>> sorted(B["p"]), B.nodes["p"]["mode"], B.nodes["o1"]["mode"]
    (['o1', 'o2'], 'group', 'organization')
    """
    rows = [a for a in rows if a.kind != "self"]
    agents = {a.agent for a in rows}
    B = nx.Graph()
    for a in rows:
        g = a.project if level == "project" else a.group
        for v in (a.agent, g):
            if v not in B:
                org = v in agents
                B.add_node(v, bipartite=0 if org else 1, mode="organization" if org else "group")
        if B.has_edge(a.agent, g):
            B[a.agent][g]["weight"] += 1
        else:
            B.add_edge(a.agent, g, weight=1, kind=a.kind)
    if attributes:
        _decorate(B, attributes)
    return B


def organization_network(rows: Iterable[Affiliation], attributes: dict | None = None,
                         weighting: str = "count", level: str = "project") -> nx.Graph:
    """One-mode projection organisation × organisation through shared groups.

    Parameters
    ----------
    rows : iterable of Affiliation
    weighting : {"count", "newman"}
        ``count``: tie weight = number of groups shared; ``newman``: each shared group
        ``p`` with ``n_p`` members adds ``1 / (n_p - 1)`` (Newman 2001).

    Every agent of ``rows`` is a node, also when it shares no group (isolate).
    Edge attributes: ``weight`` and ``shared`` (groups shared).

    Examples
    --------
    >>> rows = [Affiliation("o1", "p", "p", "participation"), Affiliation("o2", "p", "p", "participation"),
    ...         Affiliation("o3", "p", "p", "participation"), Affiliation("o1", "q", "q", "membership"),
    ...         Affiliation("o2", "q", "q", "membership")]
    >>> G = organization_network(rows, weighting="newman")
    >>> G["o1"]["o2"]["weight"], G["o1"]["o2"]["shared"], G["o1"]["o3"]["weight"]
    (1.5, 2, 0.5)
    """
    _check_weighting(weighting)
    members: dict[str, set[str]] = defaultdict(set)
    G = nx.Graph()
    tie, add = G.get_edge_data, G.add_edge
    for a in rows:
        members[a.project if level == "project" else a.group].add(a.agent)
        G.add_node(a.agent)
    for group in sorted(members):
        ms = sorted(members[group])
        if len(ms) < 2:
            continue
        w = 1.0 / (len(ms) - 1) if weighting == "newman" else 1.0
        for u, v in itertools.combinations(ms, 2):
            d = tie(u, v)  # one look-up (has_edge and two G[u][v] views cost a third of the projection)
            if d is None:
                add(u, v, weight=w, shared=1)
            else:
                d["weight"] += w
                d["shared"] += 1
    if attributes:
        _decorate(G, attributes)
    return G


def multimode_network(rows: Iterable[Affiliation], attributes: dict | None = None,
                      context: dict | None = None) -> nx.Graph:
    """Organisations, groups and regions in one graph (node attribute ``mode``).

    Ties: organisation – group (affiliation), organisation – region (located in),
    group – region (serves; pass ``context`` from :func:`group_context`, or ``None`` for
    no group–region ties).
    """
    rows = list(rows)
    M = two_mode_network(rows, attributes)
    attributes = attributes or {}
    for v in list(M):
        if M.nodes[v].get("mode") == "organization" and attributes.get(v, {}).get("region"):
            r = attributes[v]["region"]
            M.add_node(r, mode="region")
            M.add_edge(v, r, weight=1, kind="locatedIn")
    if context:
        for g in [v for v in M if M.nodes[v].get("mode") == "group"]:
            for r in sorted(context.get(g, {}).get("region", ())):
                M.add_node(r, mode="region")
                M.add_edge(g, r, weight=1, kind="servesRegion")
    return M
