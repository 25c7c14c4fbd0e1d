"""Gould–Fernandez brokerage roles, with the expectations and z-scores of R's ``sna``.

A vertex ``v`` *brokers* the ordered pair ``(a, b)`` when ``a -> v -> b`` and
``a -/-> b`` (Gould & Fernandez 1989; Marsden 1982). Given a partition of the
vertices into groups, each brokered pair falls into exactly one of five roles,
named by the groups of source ``a``, broker ``v`` and target ``b``:

=================  ==========  ==============  =====================
role               sna name    two-path        meaning
=================  ==========  ==============  =====================
``coordinator``    ``w_I``     A -> A -> A     all in one group
``itinerant``      ``w_O``     A -> B -> A     broker is the outsider
``representative`` ``b_IO``    A -> A -> B     broker speaks for its group
``gatekeeper``     ``b_OI``    A -> B -> B     broker admits to its group
``liaison``        ``b_O``     A -> B -> C     three different groups
=================  ==========  ==============  =====================

An undirected graph is read as a symmetric digraph (each edge is two arcs), so
every brokered unordered pair counts twice, exactly as ``sna::brokerage`` does
with a symmetric adjacency matrix. Expected counts and variances are those of
Gould & Fernandez (1989) conditional on size and density, in the form coded in
``sna::brokerage`` (Butts 2008), and the z-scores are ``(raw - expected) / sd``;
where the standard deviation is 0 the z-score is ``nan`` (0/0) or ``±inf``, as in R.

References
----------
Gould, R. V. and Fernandez, R. M. (1989). Structures of mediation: a formal approach
to brokerage in transaction networks. *Sociological Methodology* 19: 89–126.

Butts, C. T. (2008). Social network analysis with sna. *Journal of Statistical
Software* 24(6). (R package ``sna``, function ``brokerage``.)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Hashable, Mapping

import networkx as nx
import numpy as np
import scipy.sparse as sp

from innokg.analysis.arrays import TieArrays, tie_arrays
from innokg.analysis.kernels import triangle_brokerage

__all__ = ["ROLES", "SNA_NAMES", "R_ORDER_UP_TO", "BrokerageResult", "brokerage_roles"]

#: Role names in the order of the columns of ``sna::brokerage`` (w_I, w_O, b_IO, b_OI, b_O, t).
ROLES: tuple[str, ...] = ("coordinator", "itinerant", "representative", "gatekeeper", "liaison", "total")
#: Up to this many groups the expectations' sums over pairs and triples of groups run in
#: R's order (the same doubles as ``sna``); above it, as exact integer power sums (``sna``
#: itself takes ``k^3`` steps there: hours for the thousands of Louvain groups of a real network).
R_ORDER_UP_TO = 150
#: The same roles under the names ``sna`` prints.
SNA_NAMES: dict[str, str] = dict(zip(ROLES, ("w_I", "w_O", "b_IO", "b_OI", "b_O", "t")))


@dataclass
class BrokerageResult:
    """Brokerage scores of every vertex and of the whole graph.

    Attributes
    ----------
    raw, expected, sd, z : dict
        ``{node: {role: value}}`` for the six :data:`ROLES`.
    graph_raw, graph_expected, graph_sd, graph_z : dict
        ``{role: value}``: aggregate counts over all vertices, as ``sna``'s ``*.gli``.
    groups : dict
        ``{node: group}`` as used (missing values replaced by ``None``).
    group_sizes : dict
        ``{group: size}`` in order of first appearance.
    density : float
        Arc density ``m / (N (N - 1))`` used for the expectations.
    """

    raw: dict[Hashable, dict[str, float]]
    expected: dict[Hashable, dict[str, float]]
    sd: dict[Hashable, dict[str, float]]
    z: dict[Hashable, dict[str, float]]
    graph_raw: dict[str, float]
    graph_expected: dict[str, float]
    graph_sd: dict[str, float]
    graph_z: dict[str, float]
    groups: dict[Hashable, Any]
    group_sizes: dict[Any, int]
    density: float
    directed: bool = field(default=False)


def _div(a: float, b: float) -> float:
    """IEEE division as R does it: x/0 is ±inf, 0/0 is nan."""
    if b == 0.0:
        if a == 0.0 or math.isnan(a):
            return math.nan
        return math.copysign(math.inf, a)
    return a / b


def _rsum(values) -> float:
    """Sum like R's ``sum()`` of doubles: accumulate in long double, round once."""
    s = np.longdouble(0.0)
    for v in values:
        s += np.longdouble(v)
    return float(s)


def _pow(x: float, y: int) -> float:
    """``x ^ y`` as R computes it: ``x * x`` for squares, else ``powl`` rounded to double."""
    if y == 2:
        return x * x
    return float(np.power(np.longdouble(x), np.longdouble(y)))


def _choose2(x: float) -> float:
    return x * (x - 1.0) / 2.0


def _raw_counts(ties: TieArrays, cls: np.ndarray) -> tuple[np.ndarray, int]:
    """Raw role counts per vertex (N x 5) and the number of arcs ``m``.

    For broker ``j`` with in-neighbours ``I`` and out-neighbours ``O``, the open two-paths
    ``i -> j -> k`` (``i != k``, no arc ``i -> k``) whose source is in group ``a`` and target
    in group ``b`` number ``|I_a| |O_b| - [a = b] |(I ∩ O)_a| - #{(i, k) ∈ I_a × O_b : i -> k}``.
    Only five sums of these are needed (all pairs, both ends in ``j``'s group, source in it,
    target in it, both ends in one group). The first two terms are sums over ``j``'s ties;
    the closed pairs ``i -> k`` lie on triangles, each listed once and its six
    (source, broker, target) orders checked in compiled code
    (:func:`innokg.analysis.kernels.triangle_brokerage`) — the work of counting triangles.
    """
    n = ties.n
    A = ties.arcs()
    m = int(A.nnz)
    rows = np.repeat(np.arange(n, dtype=np.int64), np.diff(A.indptr))
    same = cls[rows] == cls[A.indices]
    S = sp.csr_matrix((A.data[same], A.indices[same], np.r_[0, np.cumsum(np.bincount(rows[same], minlength=n))]),
                      shape=(n, n))  # arcs within a group
    AT, ST = A.T.tocsr(), S.T.tocsr()

    def rowsum(X):
        return np.asarray(X.sum(axis=1)).ravel()

    n_out, n_in = rowsum(A), rowsum(AT)
    out_cj, in_cj = rowsum(S), rowsum(ST)  # neighbours in the broker's own group
    mutual = A.multiply(AT).tocsr()  # i -> j and j -> i: the pairs (i, i) excluded
    mut_all, mut_cj = rowsum(mutual), rowsum(mutual.multiply(S))
    g = int(cls.max()) + 1 if n else 0
    H = sp.csr_matrix((np.ones(n), (np.arange(n), cls)), shape=(n, g))
    diag_pairs = rowsum((AT @ H).multiply(A @ H))  # Σ_a |I_a| |O_a|
    K = ties.skeleton()
    krows = np.repeat(np.arange(n, dtype=np.int64), np.diff(K.indptr))
    if ties.directed:
        X = (K + A).tocsr()  # 2 on the skeleton's ties that are arcs as stored, 1 on the others
        X.sort_indices()
        arc = X.data > 1.5
    else:
        arc = np.ones(K.nnz, dtype=np.bool_)
    closed = np.zeros((5, n))
    rev = ties.reverse_positions()
    for tri in ties.triangle_chunks():
        triangle_brokerage(tri, krows, K.indices, rev, arc, cls, closed)
    total = n_in * n_out - mut_all - closed[0]
    coord = in_cj * out_cj - mut_cj - closed[3]
    row = in_cj * n_out - mut_cj - closed[2]  # source in broker's group
    col = n_in * out_cj - mut_cj - closed[1]  # target in broker's group
    one = diag_pairs - mut_all - closed[4]  # source and target in one group
    rep, gate, itin = row - coord, col - coord, one - coord
    liaison = total - coord - rep - gate - itin
    return np.column_stack([coord, itin, rep, gate, liaison]).astype(np.float64), m


def brokerage_roles(G: nx.Graph, groups: Mapping[Hashable, Any], *,
                    ties: TieArrays | None = None) -> BrokerageResult:
    """Gould–Fernandez brokerage counts, expectations and z-scores of every vertex.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        Edge weights and self-loops are ignored; a directed graph is analysed as
        directed, an undirected one as a symmetric digraph.
    groups : mapping
        ``{node: group}``; nodes missing from it form one group of their own
        (``None``), as ``NA`` does in R.
    ties : TieArrays, optional
        ``G``'s ties already read by :func:`innokg.analysis.arrays.tie_arrays`.

    Returns
    -------
    BrokerageResult

    Notes
    -----
    With ``d = m / (N (N - 1))`` (``m`` arcs) and ``n_i`` the size of the broker's
    group, the expected coordinator count is ``d^2 (1 - d) (n_i - 1)(n_i - 2)``,
    and likewise for the other roles (Gould & Fernandez 1989, Table 2, in the form
    of ``sna::brokerage``). The numbers agree with R's ``sna`` 2.7 to the last digit
    (``tests/analysis/test_brokerage.py`` runs R).

    Examples
    --------
    A path a - b - c where b is in another group: b is an itinerant broker for the
    pairs (a, c) and (c, a).

    >>> G = nx.path_graph(["a", "b", "c"])
    >>> r = brokerage_roles(G, {"a": "x", "b": "y", "c": "x"})
    >>> r.raw["b"]["itinerant"], r.raw["b"]["total"]
    (2.0, 2.0)
    """
    t = ties if ties is not None else tie_arrays(G)
    nodes = t.nodes
    N = len(nodes)
    labels = [groups.get(v) for v in nodes]
    # classes in order of first appearance, as R's unique()
    clid: list[Any] = []
    pos: dict[Any, int] = {}
    for lab in labels:
        if lab not in pos:
            pos[lab] = len(clid)
            clid.append(lab)
    cls = np.array([pos[lab] for lab in labels], dtype=np.int64)
    raw5, m = _raw_counts(t, cls) if N else (np.zeros((0, 5)), 0)
    raw = np.column_stack([raw5, raw5.sum(axis=1)]) if N else np.zeros((0, 6))

    Nf = float(N)
    d = m / (Nf * (Nf - 1.0)) if N > 1 else math.nan
    sizes = [float(x) for x in np.bincount(cls, minlength=len(clid))]
    r_order = len(sizes) <= R_ORDER_UP_TO
    ebr, vbr = _group_moments(sizes, Nf, d, r_order)
    sdbr = np.sqrt(vbr)

    res_raw, res_exp, res_sd, res_z = {}, {}, {}, {}
    exp_rows = [{r: float(ebr[c, j]) for j, r in enumerate(ROLES)} for c in range(len(sizes))]
    sd_rows = [{r: float(sdbr[c, j]) for j, r in enumerate(ROLES)} for c in range(len(sizes))]
    for idx, v in enumerate(nodes):
        c = cls[idx]
        res_raw[v] = dict(zip(ROLES, raw[idx].tolist()))
        res_exp[v] = dict(exp_rows[c])
        res_sd[v] = dict(sd_rows[c])
        res_z[v] = {r: _div(float(raw[idx, j]) - float(ebr[c, j]), float(sdbr[c, j])) for j, r in enumerate(ROLES)}

    gbr = [math.fsum(raw[:, j]) for j in range(6)]  # integer counts: the exact sum, as R's
    egbr, vgbr = _graph_moments(sizes, Nf, d, r_order)
    gsd = [math.sqrt(v) if v >= 0 else math.nan for v in vgbr]

    return BrokerageResult(
        raw=res_raw, expected=res_exp, sd=res_sd, z=res_z,
        graph_raw=dict(zip(ROLES, gbr)),
        graph_expected=dict(zip(ROLES, egbr)),
        graph_sd=dict(zip(ROLES, gsd)),
        graph_z={r: _div(gbr[j] - egbr[j], gsd[j]) for j, r in enumerate(ROLES)},
        groups=dict(zip(nodes, labels)),
        group_sizes={c: int(s) for c, s in zip(clid, sizes)},
        density=d,
        directed=t.directed,
    )


def _isum(values) -> int:
    """Exact sum of integer-valued doubles (R's long-double sum of them is exact below 2^64)."""
    return sum(int(v) for v in values)


def _lsum(terms: np.ndarray, start: float = 0.0) -> float:
    """``start + Σ terms`` accumulated in long double, in order, rounded once — R's ``sum()``."""
    if len(terms) == 0:
        return float(start)
    return float(np.add.accumulate(np.concatenate(([start], terms)).astype(np.longdouble))[-1])


def _group_moments(sizes: list[float], Nf: float, d: float, r_order: bool) -> tuple[np.ndarray, np.ndarray]:
    """Expected role counts and their variances for a broker of each group (k x 6).

    Every sum over the other groups whose terms are integers is done exactly (as R's
    long-double ``sum`` does); the one with real terms (the liaison variance) in R's
    order when ``r_order``, else as the exact integer sum times the density factor.
    """
    n = np.asarray(sizes, dtype=np.float64)
    k = len(sizes)
    base = _pow(d, 2) * (1 - d)
    p = base  # probability of an open two-path on three given vertices
    d3, e3 = _pow(d, 3), _pow((1 - d), 3)
    ni = n
    ebr = np.zeros((k, 6))
    vbr = np.zeros((k, 6))
    ebr[:, 0] = base * (ni - 1) * (ni - 2)
    vbr[:, 0] = ebr[:, 0] * (1 - p) + 2 * (ni - 1) * (ni - 2) * (ni - 3) * d3 * e3
    sq1 = n * (n - 1)
    sq2 = n * (n - 1) * (n - 2)
    tot1, tot2 = _isum(sq1), _isum(sq2)
    others1 = np.array([float(tot1 - int(x)) for x in sq1])
    others2 = np.array([float(tot2 - int(x)) for x in sq2])
    ebr[:, 1] = base * others1
    vbr[:, 1] = ebr[:, 1] * (1 - p) + 2 * others2 * d3 * e3
    ebr[:, 2] = base * (Nf - ni) * (ni - 1)
    vbr[:, 2] = ebr[:, 2] * (1 - p) + 2 * ((ni - 1) * _choose2(Nf - ni) + (Nf - ni) * _choose2(ni - 1)) * d3 * e3
    ebr[:, 3] = ebr[:, 2]
    vbr[:, 3] = vbr[:, 2]
    s1 = _isum(n)
    s2 = _isum(n * n)
    outer = np.array([float((s1 - int(x)) ** 2) for x in n])  # Σ_{x, y ≠ i} x y
    squares = np.array([float(s2 - int(x * x)) for x in n])
    ebr[:, 4] = base * (outer - squares)
    if r_order:
        liaison = np.array([_lsum(np.delete(n * _choose2(Nf - n - ni[i]) * d3 * e3, i)) for i in range(k)])
    else:
        # Σ_{x ≠ i} x C(N - x - n_i, 2): with u = N - x, 2 x C(u - n_i, 2) = x u (u - 1) - n_i x (2u - 1) + n_i^2 x
        ints = [int(x) for x in n]
        N = int(Nf)
        a1 = sum(x * (N - x) * (N - x - 1) for x in ints)
        a2 = sum(x * (2 * (N - x) - 1) for x in ints)
        a3 = sum(ints)
        liaison = np.empty(k)
        for i, s in enumerate(ints):
            own = s * (N - 2 * s) * (N - 2 * s - 1)
            twice = a1 - s * a2 + s * s * a3 - own
            liaison[i] = float(twice // 2) * d3 * e3
    vbr[:, 4] = ebr[:, 4] * (1 - p) + 4 * liaison
    ebr[:, 5] = base * (Nf - 1) * (Nf - 2)
    vbr[:, 5] = ebr[:, 5] * (1 - p) + 2 * (Nf - 1) * (Nf - 2) * (Nf - 3) * d3 * e3
    return ebr, vbr


def _graph_moments(n: list[float], Nf: float, d: float, r_order: bool) -> tuple[list[float], list[float]]:
    """Expected aggregate role counts and their variances (``sna``'s ``exp.gli``, ``sd.gli`` squared).

    The two sums over pairs and triples of groups run in R's order when ``r_order``;
    otherwise they are exact integer sums (power sums of the group sizes) times the
    density factors, which R would take ``k^3`` steps for.
    """
    k = len(n)
    base = _pow(d, 2) * (1 - d)
    p = base
    d3, d4, d5 = _pow(d, 3), _pow(d, 4), _pow(d, 5)
    e1, e2, e3 = (1 - d), _pow((1 - d), 2), _pow((1 - d), 3)
    v = np.asarray(n, dtype=np.float64)
    ints = [int(x) for x in n]
    N = int(Nf)
    egbr = [0.0] * 6
    vgbr = [0.0] * 6
    egbr[0] = base * _rsum(x * (x - 1) * (x - 2) for x in n)
    vgbr[0] = egbr[0] * (1 - p) + _rsum(
        x * (x - 1) * (x - 2) * (((4 * x - 10) * d3 * e3) - (4 * (x - 3) * d4 * e2) + ((x - 3) * d5 * e1))
        for x in n)
    egbr[1] = base * _rsum(x * (Nf - x) * (x - 1) for x in n)
    diagonal = _rsum(x * x * (x - 1) * (((4 * x - 6) * d3 * e3) + ((Nf - x - 1) * d5 * e1)) for x in n)
    if r_order:
        # outer(n, n, f) is summed in column-major order: y outer loop, x inner loop
        X, Y = v[None, :], v[:, None]
        pairs = _lsum((X * Y * (X - 1) * (((2 * X + 2 * Y - 6) * d3 * e3) + ((Nf - X - 1) * d5 * e1))).ravel())
    else:
        s1 = sum(ints)
        s2 = sum(x * x for x in ints)
        c1 = sum(x * (x - 1) for x in ints)
        c2 = sum(x * x * (x - 1) for x in ints)
        i1 = 2 * s1 * c2 + 2 * s2 * c1 - 6 * s1 * c1  # Σ x y (x - 1)(2x + 2y - 6)
        i2 = s1 * sum(x * (x - 1) * (N - x - 1) for x in ints)  # Σ x y (x - 1)(N - x - 1)
        pairs = float(i1) * d3 * e3 + float(i2) * d5 * e1
    vgbr[1] = egbr[1] * (1 - p) + (pairs - diagonal)
    egbr[2] = base * _rsum(x * (Nf - x) * (x - 1) for x in n)
    vgbr[2] = egbr[2] * (1 - p) + _rsum(
        x * (Nf - x) * (x - 1) * (((Nf - 3) * d3 * e3) + ((x - 2) * d5 * e1)) for x in n)
    egbr[3] = egbr[2]
    vgbr[3] = vgbr[2]
    s1 = sum(ints)
    s2 = sum(x * x for x in ints)
    pair_sum = N * s1 * s1 - 2 * s1 * s2  # Σ_{x, y} x y (N - x - y), exactly
    egbr[4] = base * (float(pair_sum) - float(sum(x * x * (N - 2 * x) for x in ints)))
    v5 = egbr[4] * (1 - p)
    if r_order:
        NJ, NL = v[:, None], v[None, :]
        jj, ll = np.meshgrid(np.arange(k), np.arange(k), indexing="ij")
        for i in range(k):
            ni = v[i]
            terms = ni * NJ * NL * (
                (4 * (Nf - NJ) - 2 * (ni + NL + 1)) * d3 * e3
                - (4 * (Nf - NL) - 2 * (ni + NJ + 1)) * d4 * e2
                + (Nf - (ni + NL + 1)) * d5 * e1)
            keep = (jj != i) & (ll != i) & (jj != ll)
            v5 = float(np.add.accumulate(np.concatenate(([v5], terms[keep])))[-1])
    else:
        p1 = sum(ints)
        p2 = sum(x ** 2 for x in ints)
        p3 = sum(x ** 3 for x in ints)
        p4 = sum(x ** 4 for x in ints)
        m111 = p1 ** 3 - 3 * p2 * p1 + 2 * p3  # Σ over ordered triples of distinct groups
        m211 = p2 * p1 ** 2 - 2 * p3 * p1 - p2 ** 2 + 2 * p4
        i_ab = (4 * N - 2) * m111 - 8 * m211
        i_c = (N - 1) * m111 - 2 * m211
        v5 = v5 + (float(i_ab) * d3 * e3 - float(i_ab) * d4 * e2 + float(i_c) * d5 * e1)
    vgbr[4] = v5
    egbr[5] = base * Nf * (Nf - 1) * (Nf - 2)
    vgbr[5] = egbr[5] * (1 - p) + Nf * (Nf - 1) * (Nf - 2) * (
        ((4 * Nf - 10) * d3 * e3) - (4 * (Nf - 3) * d4 * e2) + ((Nf - 3) * d5 * e1))
    return egbr, vgbr
