"""What a report is made from: the scopes that narrow the knowledge graph, the labels and the data
date the graph gives, and the steps a report goes through (for a progress display).

``innokg report --scope KIND=ID`` narrows the knowledge graph: ``region=`` (organisations located
there or within), ``programme=`` (groups funded under it or a sub-programme), ``topic=``,
``funder=`` (as the ``analyze`` filters) or ``hub=`` (the organisations affiliated with the hub and
the ties among them); ``ID`` is an IRI or the slug below ``https://w3id.org/innokg/id/KIND/``.
Several scopes narrow together.
"""

from __future__ import annotations

from typing import Iterable

import networkx as nx

from innokg.errors import InputError, ParameterError
from innokg.namespaces import ID
from innokg.projection.network import Affiliation, Filters

__all__ = ["SCOPE_KINDS", "STEPS", "parse_scope", "scope_filters", "narrow_to_hubs", "graph_labels",
           "dataset_date"]

SCOPE_KINDS = ("region", "hub", "programme", "topic", "funder")
ID_BASE = str(ID)
#: the steps of ``innokg report``, in order, as the progress callback is told them
STEPS = ["load", "communities", "centrality", "structural holes", "brokerage", "bridges", "gaps",
         "picture", "tables", "coverage", "write", "network files"]


def parse_scope(text: str) -> tuple[str, str]:
    """``KIND=ID`` → ``(kind, IRI)``; a slug is expanded below the data namespace.

    Examples
    --------
    >>> parse_scope("region=nuts-DEA5")
    ('region', 'https://w3id.org/innokg/id/region/nuts-DEA5')
    >>> parse_scope("funder=https://w3id.org/innokg/id/org/land-nrw")
    ('funder', 'https://w3id.org/innokg/id/org/land-nrw')
    """
    kind, sep, value = text.partition("=")
    kind = kind.strip().lower()
    if not sep or kind not in SCOPE_KINDS or not value.strip():
        raise ParameterError(f"cannot read the scope {text!r}", where="--scope",
                             hint="write KIND=ID with KIND one of " + ", ".join(SCOPE_KINDS)
                                  + ", e.g. --scope region=nuts-DEA5")
    value = value.strip()
    if "://" not in value:
        value = ID_BASE + ("org" if kind == "funder" else kind) + "/" + value
    return kind, value


def scope_filters(scopes: Iterable[tuple[str, str]], *, start: str | None = None,
                  end: str | None = None) -> tuple[Filters, list[str]]:
    """The projection filters the parsed scopes ask for (with the time window), and the hubs to narrow to.

    Examples
    --------
    >>> f, hubs = scope_filters([("region", "r"), ("hub", "h")], start="2020")
    >>> f.describe(), hubs
    ({'start': '2020', 'region': 'r'}, ['h'])
    """
    filt: dict[str, str | None] = {kd: None for kd in ("region", "programme", "topic", "funder")}
    hubs = []
    for kind, iri in scopes:
        if kind == "hub":
            hubs.append(iri)
        elif filt[kind] is not None:
            raise ParameterError(f"two {kind} scopes: a report narrows to one {kind}", where="--scope")
        else:
            filt[kind] = iri
    return Filters(start=start, end=end, **filt), hubs


def narrow_to_hubs(G: nx.Graph, rows: Iterable[Affiliation], hubs: Iterable[str]) -> nx.Graph:
    """``G`` narrowed, hub by hub, to the organisations affiliated with each hub (and the ties among them)."""
    rows = list(rows)
    for hub in hubs:
        members = {a.agent for a in rows if hub in (a.group, a.project)}
        if not members:
            raise InputError(f"no organisation is affiliated with {hub}", where="--scope",
                             hint="check the hub's IRI (innokg query hubs-…) or leave the scope out")
        G = G.subgraph(sorted(members & set(G), key=str)).copy()
    return G


def graph_labels(ds, lang: str) -> dict[str, str]:
    """``{IRI: label}`` from rdfs:label and skos:prefLabel: ``lang`` first, then untagged, then any (sorted).

    ``ds``: a pyoxigraph store (:attr:`innokg.pipeline.Prepared.store`) or an rdflib dataset."""
    import pyoxigraph as ox

    from innokg.load.store import store_of
    from innokg.namespaces import PREFIXES

    store = store_of(ds)
    found: dict[str, list[tuple[int, str]]] = {}
    for p in (PREFIXES["skos"] + "prefLabel", PREFIXES["rdfs"] + "label"):
        for q in store.quads_for_pattern(None, ox.NamedNode(p), None, None):
            s, o = q.subject, q.object
            if isinstance(s, ox.NamedNode) and isinstance(o, ox.Literal):
                rank = 0 if o.language == lang else (1 if o.language is None else 2)
                found.setdefault(s.value, []).append((rank, o.value))
    return {s: min(v)[1] for s, v in found.items()}


def dataset_date(ds) -> str | None:
    """The latest dcterms:issued / dcterms:modified of the sources and datasets in ``ds`` (YYYY-MM-DD)."""
    import pyoxigraph as ox

    from innokg.load.store import store_of
    from innokg.namespaces import PREFIXES

    store = store_of(ds)
    dates = [q.object.value[:10] for p in ("issued", "modified")
             for q in store.quads_for_pattern(None, ox.NamedNode(PREFIXES["dcterms"] + p), None, None)
             if q.object.value[:4].isdigit()]
    return max(dates) if dates else None