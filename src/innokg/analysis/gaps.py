"""Where the ecosystem has gaps: between groups, between organisations, in coverage.

* :func:`group_gaps` — group-level structural holes: for every pair of groups
  (communities, regions, sectors) the ties between them against the ties a
  network of the same density would have (block density over overall density,
  the density table of blockmodelling; White, Boorman & Breiger 1976). Pairs with
  no or few ties are the holes between groups Burt (1992: ch. 1; 2005) describes.
* :func:`missing_links` — organisations not tied but sharing partners, ranked by
  resource allocation (Zhou, Lü & Zhang 2009), Adamic–Adar (Adamic & Adar 2003) or
  the community-aware resource allocation of Soundarajan & Hopcroft (2012), each
  with the reason it is proposed.
* :func:`helix_composition` — members of every hub, consortium and project by
  triple-helix sector (Etzkowitz & Leydesdorff 2000), and the sectors missing.
* :func:`coverage` — region × topic: which regions have no hub or project for a
  topic (``queries/analysis/region-topic-coverage.rq``).
* :func:`completeness_gaps` — statements the analysis needs that the graph lacks
  (``queries/analysis/completeness-gaps.rq``: funder unknown, sector unknown, …).

References
----------
Adamic, L. A. and Adar, E. (2003). Friends and neighbors on the Web. *Social Networks* 25(3).
Burt, R. S. (2005). *Brokerage and Closure*. Oxford University Press.
Etzkowitz, H. and Leydesdorff, L. (2000). The dynamics of innovation: from National
Systems and "Mode 2" to a Triple Helix. *Research Policy* 29(2): 109–123.
Soundarajan, S. and Hopcroft, J. (2012). Using community information to improve the
precision of link prediction methods. *WWW '12 Companion*, 607–608.
White, H. C., Boorman, S. A. and Breiger, R. L. (1976). Social structure from multiple
networks. I. Blockmodels of roles and positions. *Am. J. Sociol.* 81(4): 730–780.
Zhou, T., Lü, L. and Zhang, Y.-C. (2009). Predicting missing links via local
information. *Eur. Phys. J. B* 71: 623–630.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from typing import Any, Hashable, Iterable, Mapping

import networkx as nx
import numpy as np
import scipy.sparse as sp

from innokg.analysis.arrays import TieArrays, tie_arrays
from innokg.analysis.kernels import link_candidates
from innokg.errors import ParameterError

__all__ = ["LINK_METHODS", "group_gaps", "missing_links", "helix_composition"]

LINK_METHODS = ("resource_allocation", "adamic_adar", "ra_community")
HELIX = ("industry", "academia", "government", "civil_society")


def _short(v: Any) -> str:
    return str(v).rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def group_gaps(G: nx.Graph, groups: Mapping[Hashable, Any], few: float = 0.25,
               min_size: int = 1, *, ties: TieArrays | None = None) -> list[dict[str, Any]]:
    """Ties between every pair of groups against what the overall density predicts.

    Parameters
    ----------
    G : networkx.Graph
        Read undirected; weights ignored (ties are counted).
    groups : mapping ``{node: group}``; nodes without a group are left out.
    few : float
        A pair is a ``hole`` when it has no tie, ``thin`` when its density is below
        ``few`` times the overall density.
    min_size : int
        Leave out groups smaller than this.
    ties : TieArrays, optional
        ``G``'s ties already read by :func:`innokg.analysis.arrays.tie_arrays`.

    Returns
    -------
    list of dict
        One row per unordered pair of distinct groups: ``group_a``, ``group_b``,
        ``size_a``, ``size_b``, ``ties``, ``possible``, ``density``, ``ratio`` (density
        over overall density), ``status`` (``hole``, ``thin`` or ``ok``); sorted by
        ratio, then by the number of possible ties (large empty pairs first).

    Examples
    --------
    >>> G = nx.Graph([(1, 2), (3, 4), (2, 3)])
    >>> rows = group_gaps(G, {1: "a", 2: "a", 3: "b", 4: "b"})
    >>> rows[0]["ties"], rows[0]["possible"], rows[0]["ratio"]
    (1, 4, 0.5)
    """
    t = ties if ties is not None else tie_arrays(G)
    members: dict[Any, int] = Counter(groups[v] for v in t.nodes if groups.get(v) is not None)
    keep = {g for g, n in members.items() if n >= min_size}
    n = sum(members[g] for g in keep)
    names = sorted(keep, key=str)
    code = {g: i for i, g in enumerate(names)}
    gid = np.array([code.get(groups.get(v), -1) if groups.get(v) in keep else -1 for v in t.nodes],
                   dtype=np.int64)
    if t.directed or G.is_multigraph():
        upper = sp.triu(t.skeleton(), k=1).tocoo()  # each tied pair once
        a, b = gid[upper.row], gid[upper.col]
    else:
        a, b = gid[t.src], gid[t.dst]
    inside = (a >= 0) & (b >= 0)
    a, b = a[inside], b[inside]
    m = int(inside.sum())
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    between = lo != hi
    pair, counts = np.unique(lo[between] * len(names) + hi[between], return_counts=True)
    ties_between = {(names[int(p) // len(names)], names[int(p) % len(names)]): int(c)
                    for p, c in zip(pair, counts)}
    overall = m / (n * (n - 1) / 2) if n > 1 else 0.0
    rows = []
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            possible = members[a] * members[b]
            t = ties_between.get((a, b), 0)
            dens = t / possible if possible else 0.0
            ratio = dens / overall if overall else math.nan
            status = "hole" if t == 0 else ("thin" if ratio < few else "ok")
            rows.append({"group_a": a, "group_b": b, "size_a": members[a], "size_b": members[b], "ties": t,
                         "possible": possible, "density": dens, "ratio": ratio, "status": status})
    rows.sort(key=lambda r: (r["ratio"] if not math.isnan(r["ratio"]) else math.inf, -r["possible"],
                             str(r["group_a"]), str(r["group_b"])))
    return rows


def _best_pairs(Ause: sp.csr_matrix, A: sp.csr_matrix, w: np.ndarray, gid: np.ndarray,
                top: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every untied pair whose score reaches the ``top``-th best (ties at it included).

    The compiled loop fills a buffer row by row; when it is full, only the scores at or
    above the buffer's ``top``-th best are kept, and that score becomes the bar for the rest.
    """
    n = A.shape[0]
    cap = max(8 * top, 4 * n)
    rows, cols, vals = np.empty(cap, dtype=np.int64), np.empty(cap, dtype=np.int64), np.empty(cap)
    acc, seen, tied = np.zeros(n), np.zeros(n, dtype=np.bool_), np.zeros(n, dtype=np.bool_)
    touched = np.empty(n, dtype=np.int64)
    kept_r, kept_c, kept_v = np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0)
    start, threshold = 0, 0.0
    while start < n:
        count, start = link_candidates(Ause.indptr, Ause.indices, w, A.indptr, A.indices, gid, start, threshold,
                                       rows, cols, vals, acc, seen, tied, touched)
        kept_r = np.concatenate((kept_r, rows[:count]))
        kept_c = np.concatenate((kept_c, cols[:count]))
        kept_v = np.concatenate((kept_v, vals[:count]))
        if len(kept_v) > top:
            threshold = max(threshold, float(np.partition(kept_v, len(kept_v) - top)[len(kept_v) - top]))
            best = kept_v >= threshold
            kept_r, kept_c, kept_v = kept_r[best], kept_c[best], kept_v[best]
    return kept_r, kept_c, kept_v


def missing_links(G: nx.Graph, groups: Mapping[Hashable, Any] | None = None,
                  method: str = "resource_allocation", top: int = 50, across: bool = True,
                  communities: Mapping[Hashable, Any] | None = None,
                  labels: Mapping[Hashable, str] | None = None, block: int = 2048, *,
                  ties: TieArrays | None = None) -> list[dict[str, Any]]:
    """Untied pairs with shared partners, best first, each with its reason.

    Parameters
    ----------
    G : networkx.Graph (read undirected, unweighted)
    groups : mapping, optional
        With ``across=True`` only pairs from different groups are proposed.
    method : {"resource_allocation", "adamic_adar", "ra_community"}
        ``Σ_w 1/k_w``, ``Σ_w 1/ln k_w`` over shared partners ``w``; ``ra_community``
        counts only partners in the same community as both ends (Soundarajan &
        Hopcroft 2012) and needs ``communities``.
    top : int
        How many pairs to return.
    labels : mapping, optional
        Names used in the reason text.

    Returns
    -------
    list of dict
        ``u``, ``v`` (``u < v`` as strings), ``score``, ``method``, ``shared`` (number of
        shared partners), ``via`` (up to three shared partners, least connected first),
        ``group_u``, ``group_v``, ``reason``.

    ties : TieArrays, optional
        ``G``'s ties already read by :func:`innokg.analysis.arrays.tie_arrays`.
    block : int
        Unused (kept for callers of the earlier, blocked version).

    Notes
    -----
    Scores are entries of ``A W A`` (``W`` diagonal of partner weights), accumulated
    one row at a time and kept only while they can still reach the top
    (:func:`innokg.analysis.kernels.link_candidates`), so large networks fit in
    memory; the tests check them against networkx's link-prediction functions.

    Examples
    --------
    >>> G = nx.Graph([("a", "x"), ("x", "b"), ("a", "y"), ("y", "b"), ("y", "c")])
    >>> [(r["u"], r["v"], round(r["score"], 4), r["shared"]) for r in missing_links(G, top=2)]
    [('x', 'y', 1.0, 2), ('a', 'b', 0.8333, 2)]
    """
    if method not in LINK_METHODS:
        raise ParameterError(f"unknown link-prediction method {method!r}", where="--links",
                             hint=f"use one of {', '.join(LINK_METHODS)}")
    if method == "ra_community" and communities is None:
        raise ParameterError("ra_community needs communities", where="--links")
    t = ties if ties is not None else tie_arrays(G)
    nodes, A = t.nodes, t.skeleton()
    n = len(nodes)
    if n == 0 or top <= 0:
        return []
    deg = np.asarray(A.sum(axis=1)).ravel()
    with np.errstate(divide="ignore"):
        if method == "adamic_adar":
            w = np.where(deg > 1, 1.0 / np.log(np.maximum(deg, 2)), 0.0)
        else:
            w = np.where(deg > 0, 1.0 / np.maximum(deg, 1), 0.0)
    Ause = A
    if method == "ra_community":
        comm = np.array([hash(communities.get(v)) for v in nodes])
        rows = np.repeat(np.arange(n), np.diff(A.indptr))
        same = comm[rows] == comm[A.indices]
        Ause = sp.csr_matrix((A.data[same], (rows[same], A.indices[same])), shape=A.shape)
        Ause.sort_indices()
    gid = np.zeros(0, dtype=np.int64)
    if groups is not None and across:
        codes: dict[Any, int] = {}
        gid = np.array([codes.setdefault(groups.get(v), len(codes)) for v in nodes], dtype=np.int64)
    names = [str(v) for v in nodes]
    r, c, data = _best_pairs(Ause, A, w, gid, top)
    order = sorted(range(len(data)), key=lambda t: (-data[t], *sorted((names[r[t]], names[c[t]]))))[:top]
    best = [(float(data[t]), int(r[t]), int(c[t])) for t in order]
    out = []
    lab = labels or {}
    for s, i, j in best:
        u, v = nodes[i], nodes[j]
        if str(u) > str(v):
            u, v, i, j = v, u, j, i
        common = [nodes[k] for k in sorted(set(Ause[i].indices) & set(Ause[j].indices),
                                           key=lambda k: (deg[k], names[k]))]
        via = common[:3]
        gu = groups.get(u) if groups is not None else None
        gv = groups.get(v) if groups is not None else None
        name = lambda x: lab.get(x) or _short(x)  # noqa: E731
        where = f" ({_short(gu)} / {_short(gv)})" if groups is not None else ""
        reason = (f"{name(u)} and {name(v)}{where} are not tied but share {len(common)} partner"
                  f"{'s' if len(common) != 1 else ''}: {', '.join(name(x) for x in via)}"
                  f"{' …' if len(common) > 3 else ''}")
        if method == "ra_community":
            reason += f"; all in community {communities.get(u)}"
        out.append({"u": u, "v": v, "score": float(s), "method": method, "shared": len(common), "via": via,
                    "group_u": gu, "group_v": gv, "reason": reason})
    return out


def helix_composition(affiliation_rows: Iterable, attributes: Mapping[str, Mapping[str, Any]],
                      level: str = "project") -> list[dict[str, Any]]:
    """Members of each group by triple-helix sector, and the sectors missing.

    Parameters
    ----------
    affiliation_rows : iterable of :class:`innokg.projection.network.Affiliation`
    attributes : ``{node: {"sector": …, "label": …}}`` from :func:`innokg.projection.network.node_attributes`

    Returns
    -------
    list of dict
        ``group``, ``label``, ``members``, one count per sector of
        ``industry, academia, government, civil_society``, ``unknown`` (members of no
        known sector), ``missing`` (sectors of the triple helix — industry, academia,
        government — with no member), sorted by group.

    Examples
    --------
    >>> from innokg.projection.network import Affiliation
    >>> rows = [Affiliation("u", "p", "p", "participation"), Affiliation("f", "p", "p", "participation")]
    >>> r = helix_composition(rows, {"u": {"sector": "academia"}, "f": {"sector": "industry"}})[0]
    >>> r["academia"], r["industry"], r["missing"]
    (1, 1, ['government'])
    """
    members: dict[str, set] = defaultdict(set)
    for a in affiliation_rows:
        members[a.project if level == "project" else a.group].add(a.agent)
    out = []
    for g in sorted(members):
        c = Counter(attributes.get(m, {}).get("sector", "unknown") for m in members[g])
        row: dict[str, Any] = {"group": g, "label": attributes.get(g, {}).get("label", ""),
                               "members": len(members[g])}
        for s in HELIX:
            row[s] = c.get(s, 0)
        row["unknown"] = c.get("unknown", 0)
        row["missing"] = [s for s in HELIX[:3] if c.get(s, 0) == 0]
        out.append(row)
    return out


