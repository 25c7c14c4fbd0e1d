"""Small CORDIS H2020 networks for the report tests, straight from ``../shared/data`` (skipped when absent)."""

from __future__ import annotations

import csv
import gzip
import itertools
from collections import defaultdict

import networkx as nx

from .paths import shared_data

__all__ = ["country_network"]


def country_network(country: str = "LU", label: str | None = None) -> nx.Graph:
    """Co-participation of one country's organisations (tie weight: projects shared), node attribute ``type``
    (the CORDIS organisation type); with ``label``, every node also gets ``label.format(pic=…)``."""
    path = shared_data("cordis-h2020-participations", "h2020.csv.gz")
    projects: dict[str, set[str]] = defaultdict(set)
    kind: dict[str, str] = {}
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["country"] == country:
                projects[row["rcn"]].add(row["pic"])
                kind.setdefault(row["pic"], row["type"] or "NA")
    G = nx.Graph()
    for pic in sorted(kind):
        G.add_node(pic, type=kind[pic], **({"label": label.format(pic=pic)} if label else {}))
    for rcn in sorted(projects):
        for u, v in itertools.combinations(sorted(projects[rcn]), 2):
            w = G[u][v]["weight"] + 1 if G.has_edge(u, v) else 1.0
            G.add_edge(u, v, weight=w)
    return G
