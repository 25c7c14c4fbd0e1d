"""Burt's structural-hole measures: effective size, efficiency, constraint, hierarchy.

All four are computed from the *mutual* tie strength of two vertices,
``m_ij = w_ij + w_ji`` (Burt 1992: 51), so a directed graph is read through the
ties in either direction and an undirected one through its edges; self-loops are
ignored. With ``p_ij = m_ij / Σ_k m_ik`` (share of i's ties going to j) and
``m̂_jk = m_jk / max_l m_jl`` (tie strength relative to j's strongest tie):

* effective size ``ES_i = Σ_j (1 - Σ_{q≠i,j} p_iq m̂_jq)`` — contacts less redundancy
  (Burt 1992: 52; in the unweighted undirected case ``n - 2t/n``, Borgatti 1997);
* efficiency ``ES_i / n_i`` with ``n_i`` the number of contacts (Burt 1992: 53);
* constraint ``C_i = Σ_j c_ij`` with ``c_ij = (p_ij + Σ_{q≠i,j} p_iq p_qj)^2``
  (Burt 1992: 54–55);
* hierarchy ``H_i = Σ_j (c_ij / c̄) ln(c_ij / c̄) / (n_i ln n_i)`` with
  ``c̄ = C_i / n_i`` — the Coleman–Theil disorder index of the ``c_ij``: 0 when all
  contacts constrain ego equally, 1 when one contact holds all the constraint
  (Burt 1992: 70–71). Undefined (``nan``) for fewer than two contacts.

Isolated vertices get ``nan`` for every measure, as in networkx.

The sums over common contacts run over the triangles of the network, each listed
once by a compiled loop (:mod:`innokg.analysis.kernels`), so time grows with the
number of triangles and memory with the number of ties (networkx's dense version
needs ``n^2`` floats several times; a sparse product masked afterwards visits every
two-step path).

References
----------
Burt, R. S. (1992). *Structural Holes: The Social Structure of Competition.*
Cambridge, MA: Harvard University Press.

Borgatti, S. P. (1997). Structural holes: unpacking Burt's redundancy measures.
*Connections* 20(1): 35–38.
"""

from __future__ import annotations

import math
from typing import Hashable

import networkx as nx
import numpy as np
import scipy.sparse as sp

from innokg.analysis.arrays import TieArrays, tie_arrays
from innokg.analysis.kernels import triangle_holes

__all__ = ["mutual_weight_matrix", "structural_holes", "effective_size", "efficiency", "constraint",
           "hierarchy"]

def _positive_ties(G: nx.Graph, weight: str | None, ties: TieArrays | None) -> TieArrays:
    """The ties that carry strength (weight > 0; every tie when unweighted)."""
    t = ties if ties is not None else tie_arrays(G, weight)
    if weight is None and t.weighted:
        t = TieArrays(t.nodes, t.index, t.directed, t.src, t.dst, np.ones(len(t.src)), False)
    if np.all(t.weight > 0):
        return t
    keep = t.weight > 0
    return TieArrays(t.nodes, t.index, t.directed, t.src[keep], t.dst[keep], t.weight[keep], t.weighted)


def _mutual(t: TieArrays) -> sp.csr_matrix:
    n = t.n
    M = sp.csr_matrix((np.r_[t.weight, t.weight], (np.r_[t.src, t.dst], np.r_[t.dst, t.src])), shape=(n, n))
    M.sum_duplicates()  # directed: w_ij + w_ji; undirected: the same edge both ways
    M.eliminate_zeros()
    M.sort_indices()
    return M


def mutual_weight_matrix(G: nx.Graph, weight: str | None = None) -> tuple[list, sp.csr_matrix]:
    """Nodes and the sparse symmetric matrix of mutual tie strengths ``w_ij + w_ji``.

    Self-loops are dropped. Missing weights count as 1.

    Examples
    --------
    >>> nodes, M = mutual_weight_matrix(nx.DiGraph([(0, 1), (1, 0), (1, 2)]))
    >>> M.toarray().tolist()
    [[0.0, 2.0, 0.0], [2.0, 0.0, 1.0], [0.0, 1.0, 0.0]]
    """
    t = tie_arrays(G, weight)
    return t.nodes, _mutual(t)


def _row_inverse(by: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(by > 0, 1.0 / by, 0.0)


def structural_holes(G: nx.Graph, weight: str | None = None, *,
                     ties: TieArrays | None = None) -> dict[Hashable, dict[str, float]]:
    """Effective size, efficiency, constraint and hierarchy of every vertex.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    weight : str, optional
        Edge attribute holding tie strength; ``None`` counts every tie as 1.
    ties : TieArrays, optional
        ``G``'s ties already read by :func:`innokg.analysis.arrays.tie_arrays` (with ``weight``).

    Returns
    -------
    dict
        ``{node: {"effective_size", "efficiency", "constraint", "hierarchy"}}``.

    Notes
    -----
    Both sums over third parties, ``Σ_q p_iq p_qj`` and ``Σ_j Σ_q p_iq m̂_jq``, run over the
    triangles ``i, j, q`` of the network, each listed once
    (:func:`innokg.analysis.kernels.list_triangles`).

    Examples
    --------
    A star: the centre's four contacts are unconnected, so none is redundant
    (effective size 4, efficiency 1), each constrains it by ``(1/4)^2``
    (constraint 0.25), and equally so (hierarchy 0).

    >>> sh = structural_holes(nx.star_graph(4))
    >>> {k: round(v, 6) for k, v in sh[0].items()}
    {'effective_size': 4.0, 'efficiency': 1.0, 'constraint': 0.25, 'hierarchy': 0.0}
    """
    t = _positive_ties(G, weight, ties)
    nodes, n = t.nodes, t.n
    M = _mutual(t)
    A = t.skeleton()
    assert M.nnz == A.nnz, "the mutual strengths have the skeleton's pattern"
    rows = np.repeat(np.arange(n, dtype=np.int64), np.diff(M.indptr))
    contacts = np.diff(M.indptr).astype(np.float64)
    strength = np.asarray(M.sum(axis=1)).ravel()
    rowmax = M.max(axis=1).toarray().ravel() if n else np.zeros(0)
    p = _row_inverse(strength)[rows] * M.data  # p_ij: share of i's ties going to j
    mh = _row_inverse(rowmax)[rows] * M.data  # m̂_ij: tie strength relative to i's strongest
    nnz = len(p)
    pp = np.zeros(nnz)  # Σ_q p_iq p_qj on every tie (i, j)
    redundancy = np.zeros(n)  # Σ_j Σ_q p_iq m̂_jq
    rev = t.reverse_positions()
    for tri in t.triangle_chunks():
        triangle_holes(tri, rows, M.indices, rev, p, mh, pp, redundancy)
    local = p + pp
    cij = local * local  # c_ij = (p_ij + Σ_q p_iq p_qj)^2
    C = sp.csr_matrix((cij, M.indices, M.indptr), shape=(n, n))
    cons = np.asarray(C.sum(axis=1)).ravel()
    hier = np.full(n, math.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = cij / (cons / contacts)[rows]
        terms = np.where(ratio > 0, ratio * np.log(ratio), 0.0)
        many = contacts >= 2
        hsum = np.bincount(rows, weights=terms, minlength=n)
        hier[many] = hsum[many] / (contacts[many] * np.log(contacts[many]))
    out: dict[Hashable, dict[str, float]] = {}
    for i, v in enumerate(nodes):
        if contacts[i] == 0:
            out[v] = {"effective_size": math.nan, "efficiency": math.nan, "constraint": math.nan,
                      "hierarchy": math.nan}
            continue
        es = float(contacts[i] - redundancy[i])
        out[v] = {"effective_size": es, "efficiency": es / float(contacts[i]),
                  "constraint": float(cons[i]), "hierarchy": float(hier[i])}
    return out


def _one(G, weight, key):
    return {v: d[key] for v, d in structural_holes(G, weight).items()}


def effective_size(G: nx.Graph, weight: str | None = None) -> dict[Hashable, float]:
    """Burt's effective size of every vertex (see :func:`structural_holes`).

    Examples
    --------
    >>> effective_size(nx.complete_graph(3))[0]
    1.0
    """
    return _one(G, weight, "effective_size")


def efficiency(G: nx.Graph, weight: str | None = None) -> dict[Hashable, float]:
    """Burt's efficiency, effective size per contact (see :func:`structural_holes`).

    Examples
    --------
    >>> efficiency(nx.complete_graph(3))[0]
    0.5
    """
    return _one(G, weight, "efficiency")


def constraint(G: nx.Graph, weight: str | None = None) -> dict[Hashable, float]:
    """Burt's aggregate constraint of every vertex (see :func:`structural_holes`).

    Examples
    --------
    >>> round(constraint(nx.complete_graph(3))[0], 4)
    1.125
    """
    return _one(G, weight, "constraint")


def hierarchy(G: nx.Graph, weight: str | None = None) -> dict[Hashable, float]:
    """Burt's hierarchy of every vertex (see :func:`structural_holes`).

    Examples
    --------
    >>> hierarchy(nx.complete_graph(3))[0]
    0.0
    """
    return _one(G, weight, "hierarchy")
