"""A network's ties as arrays, read once and shared by every measure of one analysis.

Reading 800,000 ties out of a networkx graph costs about a second of Python; the
measures of :func:`innokg.analysis.network.analyze_network` used to do it once each
(and build an igraph copy four times). :func:`tie_arrays` reads them once into
numpy arrays; the sparse matrices, the igraph and networkit copies and the
triangle list are built from those arrays when first asked for and kept.

Every public measure still takes a networkx graph and builds its own
:class:`TieArrays` when none is passed in, so its results do not depend on
whether it ran inside one analysis or alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Hashable, Iterator

import networkx as nx
import numpy as np
import scipy.sparse as sp

__all__ = ["TieArrays", "tie_arrays"]


@dataclass(eq=False)
class TieArrays:
    """The ties of one network as arrays (self-loops dropped, parallel ties kept).

    Attributes
    ----------
    nodes : list
        Vertices in ``list(G)`` order; vertex ``i`` is ``nodes[i]``.
    index : dict
        ``{node: i}``.
    directed : bool
    src, dst : numpy.ndarray of int64
        Tie ends, in ``G.edges()`` order.
    weight : numpy.ndarray of float64
        Tie strength (1 where the attribute is missing or no attribute was named).
    weighted : bool
        Whether a weight attribute was read.
    """

    nodes: list
    index: dict[Hashable, int]
    directed: bool
    src: np.ndarray
    dst: np.ndarray
    weight: np.ndarray
    weighted: bool
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def n(self) -> int:
        return len(self.nodes)

    def _cached(self, key: str, build):
        if key not in self._cache:
            self._cache[key] = build()
        return self._cache[key]

    def skeleton(self) -> sp.csr_matrix:
        """Symmetric 0/1 CSR matrix of the undirected simple skeleton (sorted indices)."""
        def build():
            n = self.n
            A = sp.csr_matrix((np.ones(2 * len(self.src)), (np.r_[self.src, self.dst], np.r_[self.dst, self.src])),
                              shape=(n, n))
            A.sum_duplicates()
            A.data[:] = 1.0
            A.sort_indices()
            return A
        return self._cached("skeleton", build)

    def arcs(self) -> sp.csr_matrix:
        """0/1 CSR adjacency: arcs as given when directed, both ways when undirected."""
        if not self.directed:
            return self.skeleton()

        def build():
            n = self.n
            A = sp.csr_matrix((np.ones(len(self.src)), (self.src, self.dst)), shape=(n, n))
            A.sum_duplicates()
            A.data[:] = 1.0
            A.sort_indices()
            return A
        return self._cached("arcs", build)

    def igraph(self):
        """An :class:`igraph.Graph` on vertices ``0..n-1`` with the ties (and ``weight``), built once."""
        def build():
            import igraph as ig

            g = ig.Graph(n=self.n, edges=list(zip(self.src.tolist(), self.dst.tolist())), directed=self.directed)
            g.es["weight"] = self.weight.tolist()
            return g
        return self._cached("igraph", build)

    def networkit(self):
        """An unweighted :class:`networkit.Graph` with the ties (for KADABRA), built once."""
        def build():
            import networkit as nk

            return nk.GraphFromCoo((np.ones(len(self.src)), (self.src.astype(np.uint64), self.dst.astype(np.uint64))),
                                   n=self.n, weighted=False, directed=self.directed)
        return self._cached("networkit", build)

    def reverse_positions(self) -> np.ndarray:
        """For every stored entry ``(i, j)`` of :meth:`skeleton`, the position of ``(j, i)``."""
        def build():
            A = self.skeleton()
            rows = np.repeat(np.arange(self.n, dtype=np.int64), np.diff(A.indptr))
            # entries sorted by (column, row) are the transposed entries in CSR order
            return np.lexsort((rows, A.indices))
        return self._cached("reverse", build)

    def triangle_chunks(self) -> Iterator[np.ndarray]:
        """Every triangle of the skeleton once, in chunks of ``(t, 3)`` skeleton positions.

        Row ``(ab, ac, bc)`` holds the positions of the entries ``(a, b)``, ``(a, c)`` and
        ``(b, c)`` in :meth:`skeleton`, for ``a`` before ``b`` before ``c`` in the
        degree order of :func:`innokg.analysis.kernels.list_triangles`.
        """
        from innokg.analysis.kernels import count_triangles, list_triangles

        A = self.skeleton()
        indptr, up_ptr, up_idx, up_pos = self._cached("oriented", lambda: _oriented(A))
        per = count_triangles(up_ptr, up_idx)
        bounds = _chunk_bounds(per, 2_000_000)
        for lo, hi in zip(bounds[:-1], bounds[1:]):
            total = int(per[lo:hi].sum())
            if total:
                yield list_triangles(up_ptr, up_idx, up_pos, lo, hi, total)


def _oriented(A: sp.csr_matrix):
    """The skeleton's ties oriented from lower to higher (degree, index): each vertex's
    higher neighbours, with their positions in ``A``."""
    n = A.shape[0]
    deg = np.diff(A.indptr)
    rank = np.empty(n, dtype=np.int64)
    rank[np.lexsort((np.arange(n), deg))] = np.arange(n)
    rows = np.repeat(np.arange(n, dtype=np.int64), deg)
    up = rank[rows] < rank[A.indices]
    up_pos = np.flatnonzero(up).astype(np.int64)
    up_idx = A.indices[up].astype(np.int64)
    up_ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows[up], minlength=n), out=up_ptr[1:])
    return A.indptr, up_ptr, up_idx, up_pos


def _chunk_bounds(per: np.ndarray, size: int) -> list[int]:
    """Vertex ranges holding about ``size`` triangles each."""
    cum = np.cumsum(per)
    bounds = [0]
    while bounds[-1] < len(per):
        done = cum[bounds[-1] - 1] if bounds[-1] else 0
        nxt = int(np.searchsorted(cum, done + size, side="right"))
        bounds.append(max(nxt, bounds[-1] + 1))
    bounds[-1] = min(bounds[-1], len(per))
    return bounds


def tie_arrays(G: nx.Graph, weight: str | None = None) -> TieArrays:
    """Read the ties of ``G`` once (self-loops dropped; a missing weight counts 1).

    Examples
    --------
    >>> t = tie_arrays(nx.Graph([("a", "b", {"w": 2.0}), ("b", "c"), ("c", "c")]), "w")
    >>> t.nodes, t.src.tolist(), t.dst.tolist(), t.weight.tolist()
    (['a', 'b', 'c'], [0, 1], [1, 2], [2.0, 1.0])
    """
    nodes = list(G)
    index = {v: i for i, v in enumerate(nodes)}
    m = G.number_of_edges()
    if weight is None:
        flat = np.fromiter((index[x] for e in G.edges() for x in e[:2]), dtype=np.int64, count=2 * m)
        ends = flat.reshape(m, 2)
        w = np.ones(m)
    else:
        flat3 = np.fromiter((x for u, v, d in G.edges(data=weight, default=1.0)
                             for x in (index[u], index[v], float(d))), dtype=np.float64, count=3 * m)
        ends = flat3.reshape(m, 3)[:, :2].astype(np.int64)
        w = flat3.reshape(m, 3)[:, 2].copy()
    keep = ends[:, 0] != ends[:, 1]
    return TieArrays(nodes=nodes, index=index, directed=G.is_directed(), src=ends[keep, 0].copy(),
                     dst=ends[keep, 1].copy(), weight=w[keep], weighted=weight is not None)
