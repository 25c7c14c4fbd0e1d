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

__all__ = ["ROLES", "SNA_NAMES", "BrokerageResult", "brokerage_roles"]

#: Role names in the order of the columns of ``sna::brokerage`` (w_I, w_O, b_IO, b_OI, b_O, t).
ROLES: tuple[str, ...] = ("coordinator", "itinerant", "representative", "gatekeeper", "liaison", "total")
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


def _raw_counts(G: nx.Graph, nodes: list, cls: np.ndarray, block: int = 1024) -> tuple[np.ndarray, int]:
    """Raw role counts per vertex (N x 5) and the number of arcs ``m``.

    For broker ``j`` with in-neighbours ``I`` and out-neighbours ``O``, the open two-paths
    ``i -> j -> k`` (``i != k``, no arc ``i -> k``) whose source is in group ``a`` and target
    in group ``b`` number ``|I_a| |O_b| - [a = b] |(I ∩ O)_a| - #{(i, k) ∈ I_a × O_b : i -> k}``.
    Only five sums of these are needed (all pairs, both ends in ``j``'s group, source in it,
    target in it, both ends in one group), and the closed pairs among them are row sums of
    masked sparse products — e.g. ``Σ_k (Aᵀ A)_jk A_jk`` counts all closed pairs — computed
    in blocks of brokers, so the work is that of counting triangles, in compiled code.
    """
    n = len(nodes)
    index = {v: i for i, v in enumerate(nodes)}
    rows, cols = [], []
    for u, v in G.edges():
        if u == v:
            continue
        iu, iv = index[u], index[v]
        rows.append(iu)
        cols.append(iv)
        if not G.is_directed():
            rows.append(iv)
            cols.append(iu)
    A = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n))
    A.sum_duplicates()
    A.data[:] = 1.0
    m = int(A.nnz)
    coo = A.tocoo()
    same = cls[coo.row] == cls[coo.col]
    S = sp.csr_matrix((coo.data[same], (coo.row[same], coo.col[same])), shape=(n, n))  # arcs within a group
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
    closed = np.zeros((5, n))
    for start in range(0, n, block):
        r = slice(start, min(n, start + block))
        Ar, Sr = A[r], S[r]
        P = AT[r] @ A  # (j, k): sources i with i -> j and i -> k
        closed[0, r] = rowsum(P.multiply(Ar))  # all closed pairs
        closed[1, r] = rowsum(P.multiply(Sr))  # target in j's group
        P = ST[r] @ A  # source in j's group
        closed[2, r] = rowsum(P.multiply(Ar))
        closed[3, r] = rowsum(P.multiply(Sr))  # source and target in j's group
        P = AT[r] @ S  # source and target in one group
        closed[4, r] = rowsum(P.multiply(Ar))
    total = n_in * n_out - mut_all - closed[0]
    coord = in_cj * out_cj - mut_cj - closed[3]
    row = in_cj * n_out - mut_cj - closed[2]  # source in broker's group
    col = n_in * out_cj - mut_cj - closed[1]  # target in broker's group
    one = diag_pairs - mut_all - closed[4]  # source and target in one group
    rep, gate, itin = row - coord, col - coord, one - coord
    liaison = total - coord - rep - gate - itin
    return np.column_stack([coord, itin, rep, gate, liaison]).astype(np.float64), m


def brokerage_roles(G: nx.Graph, groups: Mapping[Hashable, Any]) -> BrokerageResult:
    """Gould–Fernandez brokerage counts, expectations and z-scores of every vertex.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        Edge weights and self-loops are ignored; a directed graph is analysed as
        directed, an undirected one as a symmetric digraph.
    groups : mapping
        ``{node: group}``; nodes missing from it form one group of their own
        (``None``), as ``NA`` does in R.

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
    nodes = list(G.nodes())
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
    raw5, m = _raw_counts(G, nodes, cls) if N else (np.zeros((0, 5)), 0)
    raw = np.column_stack([raw5, raw5.sum(axis=1)]) if N else np.zeros((0, 6))

    Nf = float(N)
    d = m / (Nf * (Nf - 1.0)) if N > 1 else math.nan
    sizes = [float(np.count_nonzero(cls == i)) for i in range(len(clid))]
    k = len(sizes)
    p = _pow(d, 2) * (1 - d)  # probability of an open two-path on three given vertices
    ebr = np.zeros((k, 6))
    vbr = np.zeros((k, 6))
    for i in range(k):
        ni = sizes[i]
        others = [sizes[j] for j in range(k) if j != i]
        ebr[i, 0] = _pow(d, 2) * (1 - d) * (ni - 1) * (ni - 2)
        vbr[i, 0] = ebr[i, 0] * (1 - p) + 2 * (ni - 1) * (ni - 2) * (ni - 3) * _pow(d, 3) * _pow((1 - d), 3)
        ebr[i, 1] = _pow(d, 2) * (1 - d) * _rsum(x * (x - 1) for x in others)
        vbr[i, 1] = ebr[i, 1] * (1 - p) + 2 * _rsum(x * (x - 1) * (x - 2) for x in others) * _pow(d, 3) * _pow((1 - d), 3)
        ebr[i, 2] = _pow(d, 2) * (1 - d) * (Nf - ni) * (ni - 1)
        vbr[i, 2] = ebr[i, 2] * (1 - p) + 2 * ((ni - 1) * _choose2(Nf - ni) + (Nf - ni) * _choose2(ni - 1)) * _pow(d, 3) * _pow((1 - d), 3)
        ebr[i, 3] = ebr[i, 2]
        vbr[i, 3] = vbr[i, 2]
        outer = _rsum(x * y for y in others for x in others)
        ebr[i, 4] = _pow(d, 2) * (1 - d) * (outer - _rsum(_pow(x, 2) for x in others))
        vbr[i, 4] = ebr[i, 4] * (1 - p) + 4 * _rsum(x * _choose2(Nf - x - ni) * _pow(d, 3) * _pow((1 - d), 3) for x in others)
        ebr[i, 5] = _pow(d, 2) * (1 - d) * (Nf - 1) * (Nf - 2)
        vbr[i, 5] = ebr[i, 5] * (1 - p) + 2 * (Nf - 1) * (Nf - 2) * (Nf - 3) * _pow(d, 3) * _pow((1 - d), 3)
    sdbr = np.sqrt(vbr)

    res_raw, res_exp, res_sd, res_z = {}, {}, {}, {}
    for idx, v in enumerate(nodes):
        c = cls[idx]
        res_raw[v] = {r: float(raw[idx, t]) for t, r in enumerate(ROLES)}
        res_exp[v] = {r: float(ebr[c, t]) for t, r in enumerate(ROLES)}
        res_sd[v] = {r: float(sdbr[c, t]) for t, r in enumerate(ROLES)}
        res_z[v] = {r: _div(float(raw[idx, t]) - float(ebr[c, t]), float(sdbr[c, t])) for t, r in enumerate(ROLES)}

    n = sizes
    gbr = [_rsum(raw[:, t]) for t in range(6)]
    egbr = [0.0] * 6
    vgbr = [0.0] * 6
    egbr[0] = _pow(d, 2) * (1 - d) * _rsum(x * (x - 1) * (x - 2) for x in n)
    vgbr[0] = egbr[0] * (1 - p) + _rsum(
        x * (x - 1) * (x - 2) * (((4 * x - 10) * _pow(d, 3) * _pow((1 - d), 3)) - (4 * (x - 3) * _pow(d, 4) * _pow((1 - d), 2)) + ((x - 3) * _pow(d, 5) * (1 - d)))
        for x in n)
    egbr[1] = _pow(d, 2) * (1 - d) * _rsum(x * (Nf - x) * (x - 1) for x in n)
    # outer(n, n, f) is summed in column-major order: y outer loop, x inner loop
    vgbr[1] = egbr[1] * (1 - p) + (
        _rsum(x * y * (x - 1) * (((2 * x + 2 * y - 6) * _pow(d, 3) * _pow((1 - d), 3)) + ((Nf - x - 1) * _pow(d, 5) * (1 - d)))
              for y in n for x in n)
        - _rsum(x * x * (x - 1) * (((4 * x - 6) * _pow(d, 3) * _pow((1 - d), 3)) + ((Nf - x - 1) * _pow(d, 5) * (1 - d))) for x in n))
    egbr[2] = _pow(d, 2) * (1 - d) * _rsum(x * (Nf - x) * (x - 1) for x in n)
    vgbr[2] = egbr[2] * (1 - p) + _rsum(
        x * (Nf - x) * (x - 1) * (((Nf - 3) * _pow(d, 3) * _pow((1 - d), 3)) + ((x - 2) * _pow(d, 5) * (1 - d))) for x in n)
    egbr[3] = egbr[2]
    vgbr[3] = vgbr[2]
    egbr[4] = _pow(d, 2) * (1 - d) * (_rsum(x * y * (Nf - x - y) for y in n for x in n) - _rsum(x * x * (Nf - 2 * x) for x in n))
    v5 = egbr[4] * (1 - p)
    for i in range(k):
        for j in range(k):
            for l in range(k):
                if i != j and j != l and i != l:
                    v5 = v5 + n[i] * n[j] * n[l] * (
                        (4 * (Nf - n[j]) - 2 * (n[i] + n[l] + 1)) * _pow(d, 3) * _pow((1 - d), 3)
                        - (4 * (Nf - n[l]) - 2 * (n[i] + n[j] + 1)) * _pow(d, 4) * _pow((1 - d), 2)
                        + (Nf - (n[i] + n[l] + 1)) * _pow(d, 5) * (1 - d))
    vgbr[4] = v5
    egbr[5] = _pow(d, 2) * (1 - d) * Nf * (Nf - 1) * (Nf - 2)
    vgbr[5] = egbr[5] * (1 - p) + Nf * (Nf - 1) * (Nf - 2) * (
        ((4 * Nf - 10) * _pow(d, 3) * _pow((1 - d), 3)) - (4 * (Nf - 3) * _pow(d, 4) * _pow((1 - d), 2)) + ((Nf - 3) * _pow(d, 5) * (1 - d)))
    gsd = [math.sqrt(v) if v >= 0 else math.nan for v in vgbr]

    return BrokerageResult(
        raw=res_raw, expected=res_exp, sd=res_sd, z=res_z,
        graph_raw=dict(zip(ROLES, gbr)),
        graph_expected=dict(zip(ROLES, egbr)),
        graph_sd=dict(zip(ROLES, gsd)),
        graph_z={r: _div(gbr[t] - egbr[t], gsd[t]) for t, r in enumerate(ROLES)},
        groups=dict(zip(nodes, labels)),
        group_sizes={c: int(s) for c, s in zip(clid, sizes)},
        density=d,
        directed=G.is_directed(),
    )
