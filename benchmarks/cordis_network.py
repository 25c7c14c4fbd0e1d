"""Build the CORDIS H2020 organisation co-participation network straight from the CSV.

Reads ``../shared/data/cordis-h2020-participations/h2020.csv.gz`` (one row per
organisation in a project; see its SOURCE.txt) and links two organisations (``pic``)
once per project they share (weight = shared projects; ``newman=True`` weights each
shared project by ``1/(n_p - 1)``, Newman 2001). ``country="DE"`` keeps German
organisations and the ties among them. Not part of the package: the importer of
issue 7 is the way into the knowledge graph; this is only benchmark input.
"""

from __future__ import annotations

import csv
import gzip
import itertools
from collections import defaultdict
from pathlib import Path

import networkx as nx

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "cordis-h2020-participations" / "h2020.csv.gz"


def load_participations(path: Path = DATA, country: str | None = None):
    projects: dict[str, set[str]] = defaultdict(set)
    attrs: dict[str, dict] = {}
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if country and row["country"] != country:
                continue
            projects[row["rcn"]].add(row["pic"])
            attrs.setdefault(row["pic"], {"country": row["country"], "type": row["type"] or "NA"})
    return projects, attrs


def co_participation_network(path: Path = DATA, country: str | None = None, newman: bool = False) -> nx.Graph:
    projects, attrs = load_participations(path, country)
    G = nx.Graph()
    for pic, a in attrs.items():
        G.add_node(pic, **a)
    weights: dict[tuple[str, str], float] = defaultdict(float)
    for members in projects.values():
        if len(members) < 2:
            continue
        w = 1.0 / (len(members) - 1) if newman else 1.0
        for u, v in itertools.combinations(sorted(members), 2):
            weights[(u, v)] += w
    G.add_weighted_edges_from((u, v, w) for (u, v), w in weights.items())
    return G


if __name__ == "__main__":
    import time
    for c in ("DE", None):
        t = time.perf_counter()
        G = co_participation_network(country=c)
        print(c or "all", G.number_of_nodes(), G.number_of_edges(), f"{time.perf_counter() - t:.1f}s")
