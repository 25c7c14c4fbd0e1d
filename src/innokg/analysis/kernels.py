"""Compiled loops (numba) for the two sparse sums no library offers in the form needed.

* :func:`count_triangles` / :func:`list_triangles` — every triangle of an undirected
  graph once, by the degree-ordered method of Chiba & Nishizeki (1985) as in
  Latapy (2008): orient each tie from the lower to the higher vertex in
  (degree, index) order, then for each vertex intersect its higher neighbours with
  theirs. The work is ``O(m^1.5)`` instead of the ``Σ_v k_v^2`` of a sparse matrix
  product masked afterwards. Burt's measures and the closed pairs of the
  brokerage counts are sums over the triangles (``structural_holes.py``,
  ``brokerage.py``).
* :func:`link_candidates` — the untied pairs with the best ``Σ_w s_w`` over shared
  partners ``w`` (resource allocation, Adamic–Adar), by one sparse accumulator
  per row as in Gustavson's (1978) product, keeping only scores that can still
  reach the top, so the 250 million two-step pairs of CORDIS H2020 are never
  stored. The sums run in the order of scipy's product (partners in index order),
  so the scores are the same doubles.

References
----------
Chiba, N. and Nishizeki, T. (1985). Arboricity and subgraph listing algorithms.
*SIAM J. Comput.* 14(1): 210–223.

Gustavson, F. G. (1978). Two fast algorithms for sparse matrices: multiplication and
permuted transposition. *ACM Trans. Math. Softw.* 4(3): 250–269.

Latapy, M. (2008). Main-memory triangle computations for very large (sparse
(power-law)) graphs. *Theoretical Computer Science* 407: 458–473.
"""

from __future__ import annotations

import numpy as np
from numba import njit

__all__ = ["count_triangles", "list_triangles", "triangle_holes", "triangle_brokerage", "link_candidates"]


@njit(cache=True)
def count_triangles(up_ptr, up_idx):  # pragma: no cover - compiled
    """Triangles whose lowest vertex is ``a``, for every ``a`` (oriented CSR ``up_ptr``, ``up_idx``)."""
    n = len(up_ptr) - 1
    mark = np.zeros(n, dtype=np.bool_)
    out = np.zeros(n, dtype=np.int64)
    for a in range(n):
        for p in range(up_ptr[a], up_ptr[a + 1]):
            mark[up_idx[p]] = True
        c = 0
        for p in range(up_ptr[a], up_ptr[a + 1]):
            b = up_idx[p]
            for q in range(up_ptr[b], up_ptr[b + 1]):
                if mark[up_idx[q]]:
                    c += 1
        out[a] = c
        for p in range(up_ptr[a], up_ptr[a + 1]):
            mark[up_idx[p]] = False
    return out


@njit(cache=True)
def list_triangles(up_ptr, up_idx, up_pos, lo, hi, total):  # pragma: no cover - compiled
    """The triangles of lowest vertex ``lo <= a < hi`` as rows ``(pos ab, pos ac, pos bc)``."""
    n = len(up_ptr) - 1
    where = np.full(n, -1, dtype=np.int64)
    out = np.empty((total, 3), dtype=np.int64)
    t = 0
    for a in range(lo, hi):
        for p in range(up_ptr[a], up_ptr[a + 1]):
            where[up_idx[p]] = up_pos[p]
        for p in range(up_ptr[a], up_ptr[a + 1]):
            b = up_idx[p]
            for q in range(up_ptr[b], up_ptr[b + 1]):
                ac = where[up_idx[q]]
                if ac >= 0:
                    out[t, 0] = up_pos[p]
                    out[t, 1] = ac
                    out[t, 2] = up_pos[q]
                    t += 1
        for p in range(up_ptr[a], up_ptr[a + 1]):
            where[up_idx[p]] = -1
    return out


@njit(cache=True)
def triangle_holes(tri, rows, cols, rev, p, mh, pp, red):  # pragma: no cover - compiled
    """Add each triangle's terms to ``pp`` (``Σ_q p_iq p_qj`` per tie position) and ``red``
    (``Σ_j Σ_q p_iq m̂_jq`` per vertex) — Burt's sums over third parties."""
    for t in range(tri.shape[0]):
        ab, ac, bc = tri[t, 0], tri[t, 1], tri[t, 2]
        ba, ca, cb = rev[ab], rev[ac], rev[bc]
        pp[ab] += p[ac] * p[cb]
        pp[ba] += p[bc] * p[ca]
        pp[ac] += p[ab] * p[bc]
        pp[ca] += p[cb] * p[ba]
        pp[bc] += p[ba] * p[ac]
        pp[cb] += p[ca] * p[ab]
        a, b, c = rows[ab], rows[bc], cols[ac]
        red[a] += p[ac] * mh[bc] + p[ab] * mh[cb]
        red[b] += p[bc] * mh[ac] + p[ba] * mh[ca]
        red[c] += p[cb] * mh[ab] + p[ca] * mh[ba]


@njit(cache=True)
def _closed(out, x, s, t, cls):  # pragma: no cover - compiled
    out[0, x] += 1
    if cls[t] == cls[x]:
        out[1, x] += 1
    if cls[s] == cls[x]:
        out[2, x] += 1
        if cls[t] == cls[x]:
            out[3, x] += 1
    if cls[s] == cls[t]:
        out[4, x] += 1


@njit(cache=True)
def triangle_brokerage(tri, rows, cols, rev, arc, cls, out):  # pragma: no cover - compiled
    """Count, for every broker ``x``, the closed pairs ``s -> x -> t`` with ``s -> t`` of each
    triangle, by where ``s`` and ``t`` stand: ``out[0]`` all, ``out[1]`` target in ``x``'s
    group, ``out[2]`` source in it, ``out[3]`` both, ``out[4]`` source and target in one
    group. ``arc[pos]`` tells whether the tie at skeleton position ``pos`` is an arc."""
    for i in range(tri.shape[0]):
        ab, ac, bc = tri[i, 0], tri[i, 1], tri[i, 2]
        ba, ca, cb = rev[ab], rev[ac], rev[bc]
        a, b, c = rows[ab], rows[bc], cols[ac]
        if arc[ba] and arc[ac] and arc[bc]:
            _closed(out, a, b, c, cls)
        if arc[ca] and arc[ab] and arc[cb]:
            _closed(out, a, c, b, cls)
        if arc[ab] and arc[bc] and arc[ac]:
            _closed(out, b, a, c, cls)
        if arc[cb] and arc[ba] and arc[ca]:
            _closed(out, b, c, a, cls)
        if arc[ac] and arc[cb] and arc[ab]:
            _closed(out, c, a, b, cls)
        if arc[bc] and arc[ca] and arc[ba]:
            _closed(out, c, b, a, cls)


@njit(cache=True)
def _keep_best(rows, cols, vals, count, top):  # pragma: no cover - compiled
    """Keep the entries at or above the ``top``-th largest value; return (count, threshold)."""
    threshold = np.partition(-vals[:count], top - 1)[top - 1] * -1.0
    k = 0
    for i in range(count):
        if vals[i] >= threshold:
            rows[k] = rows[i]
            cols[k] = cols[i]
            vals[k] = vals[i]
            k += 1
    return k, threshold


@njit(cache=True)
def link_candidates(indptr, indices, w, tied_ptr, tied_idx, gid, top):  # pragma: no cover - compiled
    """Pairs ``u < v``, untied in (``tied_ptr``, ``tied_idx``), of different ``gid`` (when
    ``gid`` is not empty), with score ``Σ_w w[w]`` over common neighbours in (``indptr``,
    ``indices``) greater than 0: every pair whose score reaches the ``top``-th best, ties
    at that score included. Returns ``(rows, cols, scores)``."""
    n = len(indptr) - 1
    acc = np.zeros(n)
    seen = np.zeros(n, dtype=np.bool_)
    tied = np.zeros(n, dtype=np.bool_)
    touched = np.empty(n, dtype=np.int64)
    cap = max(4 * top, 1024)
    rows = np.empty(cap, dtype=np.int64)
    cols = np.empty(cap, dtype=np.int64)
    vals = np.empty(cap)
    count = 0
    threshold = 0.0
    full = False
    groups = len(gid) > 0
    for u in range(n):
        nt = 0
        for p in range(indptr[u], indptr[u + 1]):
            x = indices[p]
            sx = w[x]
            lo = indptr[x] + np.searchsorted(indices[indptr[x]:indptr[x + 1]], u, side="right")
            for q in range(lo, indptr[x + 1]):
                v = indices[q]
                if not seen[v]:
                    seen[v] = True
                    touched[nt] = v
                    nt += 1
                acc[v] += sx
        for p in range(tied_ptr[u], tied_ptr[u + 1]):
            tied[tied_idx[p]] = True
        for i in range(nt):
            v = touched[i]
            s = acc[v]
            acc[v] = 0.0
            seen[v] = False
            if tied[v] or s <= 0.0 or (groups and gid[u] == gid[v]):
                continue
            if full and s < threshold:
                continue
            if count == len(vals):
                count, threshold = _keep_best(rows, cols, vals, count, top)
                full = True
                if count > len(vals) // 2:  # many equal scores: make room
                    rows = np.concatenate((rows, np.empty(len(rows), dtype=np.int64)))
                    cols = np.concatenate((cols, np.empty(len(cols), dtype=np.int64)))
                    vals = np.concatenate((vals, np.empty(len(vals))))
                if s < threshold:
                    continue
            rows[count] = u
            cols[count] = v
            vals[count] = s
            count += 1
        for p in range(tied_ptr[u], tied_ptr[u + 1]):
            tied[tied_idx[p]] = False
    return rows[:count].copy(), cols[:count].copy(), vals[:count].copy()
