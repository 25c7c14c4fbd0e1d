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

The sums over common contacts are entries of sparse matrix products evaluated
only where there is a tie and in blocks of rows, so memory stays proportional to
the number of ties (networkx's dense version needs ``n^2`` floats several times).

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

__all__ = ["mutual_weight_matrix", "structural_holes", "effective_size", "efficiency", "constraint",
           "hierarchy"]

_BLOCK = 2048


def mutual_weight_matrix(G: nx.Graph, weight: str | None = None) -> tuple[list, sp.csr_matrix]:
    """Nodes and the sparse symmetric matrix of mutual tie strengths ``w_ij + w_ji``.

    Self-loops are dropped. Missing weights count as 1.

    Examples
    --------
    >>> nodes, M = mutual_weight_matrix(nx.DiGraph([(0, 1), (1, 0), (1, 2)]))
    >>> M.toarray().tolist()
    [[0.0, 2.0, 0.0], [2.0, 0.0, 1.0], [0.0, 1.0, 0.0]]
    """
    nodes = list(G.nodes())
    index = {v: i for i, v in enumerate(nodes)}
    rows, cols, vals = [], [], []
    for u, v, data in G.edges(data=True):
        if u == v:
            continue
        w = 1.0 if weight is None else float(data.get(weight, 1.0))
        rows.append(index[u])
        cols.append(index[v])
        vals.append(w)
    n = len(nodes)
    W = sp.csr_matrix((np.asarray(vals, dtype=np.float64), (rows, cols)), shape=(n, n))
    M = (W + W.T).tocsr()  # directed: w_ij + w_ji; undirected: the same edge both ways
    M.eliminate_zeros()
    M.sort_indices()
    return nodes, M


def _row_normalise(M: sp.csr_matrix, by: np.ndarray) -> sp.csr_matrix:
    with np.errstate(divide="ignore", invalid="ignore"):
        inv = np.where(by > 0, 1.0 / by, 0.0)
    return sp.diags(inv) @ M


def structural_holes(G: nx.Graph, weight: str | None = None) -> dict[Hashable, dict[str, float]]:
    """Effective size, efficiency, constraint and hierarchy of every vertex.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    weight : str, optional
        Edge attribute holding tie strength; ``None`` counts every tie as 1.

    Returns
    -------
    dict
        ``{node: {"effective_size", "efficiency", "constraint", "hierarchy"}}``.

    Examples
    --------
    A star: the centre's four contacts are unconnected, so none is redundant
    (effective size 4, efficiency 1), each constrains it by ``(1/4)^2``
    (constraint 0.25), and equally so (hierarchy 0).

    >>> sh = structural_holes(nx.star_graph(4))
    >>> {k: round(v, 6) for k, v in sh[0].items()}
    {'effective_size': 4.0, 'efficiency': 1.0, 'constraint': 0.25, 'hierarchy': 0.0}
    """
    nodes, M = mutual_weight_matrix(G, weight)
    n = len(nodes)
    B = M.copy()
    B.data[:] = 1.0
    contacts = np.asarray(B.sum(axis=1)).ravel()
    strength = np.asarray(M.sum(axis=1)).ravel()
    rowmax = M.max(axis=1).toarray().ravel() if n else np.zeros(0)
    P = _row_normalise(M, strength).tocsr()
    Mhat = _row_normalise(M, rowmax).tocsr()
    redundancy = np.zeros(n)
    cons = np.zeros(n)
    hier = np.full(n, math.nan)
    for start in range(0, n, _BLOCK):
        stop = min(n, start + _BLOCK)
        Pb = P[start:stop]
        Bb = B[start:stop]
        # Σ_j Σ_q p_iq m̂_jq over contacts j of i  =  Σ_q p_iq (B M̂)_iq
        BM = (Bb @ Mhat).multiply(Pb)
        redundancy[start:stop] = np.asarray(BM.sum(axis=1)).ravel()
        # c_ij = (p_ij + (P P)_ij)^2 on the ties of i only
        PP = (Pb @ P).multiply(Bb)
        local = (Pb + PP).tocsr()
        local.data **= 2
        cons[start:stop] = np.asarray(local.sum(axis=1)).ravel()
        for r in range(stop - start):
            i = start + r
            k = contacts[i]
            if k < 2:
                continue
            c = local.data[local.indptr[r]:local.indptr[r + 1]]
            ratio = c / (cons[i] / k)
            with np.errstate(divide="ignore", invalid="ignore"):
                terms = np.where(ratio > 0, ratio * np.log(ratio), 0.0)
            hier[i] = float(terms.sum() / (k * math.log(k)))
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
