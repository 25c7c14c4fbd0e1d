"""The network over time: every measure per period, and what changed between periods.

:func:`analyze_over_time` runs :func:`innokg.analysis.network.analyze_network` — the very function a
single-window run calls, with the same engines and options — on the network of each period, and
compares the periods:

* per node and period every measure, its rank in the period (1 = largest; for constraint,
  1 = smallest, the least constrained) and its change since the previous period;
* the brokers who rose and fell most between consecutive periods and from the first to the last
  (Gould–Fernandez total brokerage; a node absent from a period's network brokers nothing there),
  and who became a broker or stopped being one;
* group gaps (White, Boorman & Breiger 1976; :func:`innokg.analysis.gaps.group_gaps`) that opened
  (a pair of groups with ties became a hole) or closed (a hole got ties);
* the network's size, density, components, communities and modularity (Newman & Girvan 2004)
  per period;
* the stability of the broker ranking: Spearman's ρ (Spearman 1904) and Kendall's τ-b
  (Kendall 1945) between consecutive periods' total brokerage, over the nodes present in both that
  broker in at least one of them (``scipy.stats``), so a reader can tell whether a "rise" is
  signal or the ranking's ordinary churn.

References
----------
Gould, R. V. and Fernandez, R. M. (1989). Structures of mediation: a formal approach to brokerage
in transaction networks. *Sociological Methodology* 19: 89–126.

Spearman, C. (1904). The proof and measurement of association between two things. *American
Journal of Psychology* 15(1): 72–101.

Kendall, M. G. (1945). The treatment of ties in ranking problems. *Biometrika* 33(3): 239–251.

Examples
--------
>>> import networkx as nx
>>> from types import SimpleNamespace as P
>>> G1 = nx.Graph([("a", "b"), ("b", "c")]); G2 = nx.Graph([("a", "b"), ("a", "c"), ("c", "d")])
>>> for G in (G1, G2):
...     nx.set_node_attributes(G, "x", "side")
>>> t = analyze_over_time([(P(label="2019", start="2019-01-01", end="2019-12-31"), G1),
...                        (P(label="2020", start="2020-01-01", end="2020-12-31"), G2)], "side")
>>> [(r["node"], r["total_from"], r["total_to"], r["status"]) for r in t.movers if r["span"] == "2019→2020"]
[('a', 0.0, 2.0, 'became broker'), ('c', 0.0, 2.0, 'became broker'), ('b', 2.0, 0.0, 'stopped brokering')]
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from operator import itemgetter
from collections.abc import Sequence
from typing import Any, Callable, Iterable

import networkx as nx

from innokg.analysis.network import NetworkAnalysis, analyze_network
from innokg.analysis.workers import run_tasks, worker_count

__all__ = ["RANKED", "TemporalAnalysis", "analyze_over_time", "ranks", "rank_stability"]

#: measures ranked per period, and whether a smaller value ranks first
RANKED: dict[str, bool] = {"total": False, "betweenness": False, "degree": False, "effective_size": False,
                           "constraint": True, "pagerank": False}


@dataclass
class TemporalAnalysis:
    """Results of :func:`analyze_over_time` (plain rows, ready for CSV/JSON/RDF)."""

    #: ``{"label", "start", "end"}`` per period, in time order
    periods: list[dict[str, str]]
    #: the analysis of each period's network (parameters carry ``period``)
    results: list[NetworkAnalysis]
    #: one row per node and period: the node's measures, ``{m}_rank`` and ``{m}_change`` for :data:`RANKED`
    nodes: list[dict[str, Any]]
    #: brokers that rose or fell (``span`` "A→B" for consecutive periods and first→last)
    movers: list[dict[str, Any]]
    #: group gaps that opened or closed between consecutive periods
    gap_changes: list[dict[str, Any]]
    #: network-level figures per period
    graph: list[dict[str, Any]]
    #: Spearman and Kendall between consecutive periods' broker rankings
    stability: list[dict[str, Any]]
    parameters: dict[str, Any] = field(default_factory=dict)
    #: wall seconds of each period's analysis (in its worker, with ``jobs`` > 1)
    timings: dict[str, float] = field(default_factory=dict)
    #: CPU seconds of each period's analysis (in the process that ran it)
    cpu_timings: dict[str, float] = field(default_factory=dict)


def _bad(x) -> bool:
    if x is None or x is True or x is False:
        return True
    return isinstance(x, float) and not math.isfinite(x)


def ranks(rows: Iterable[dict[str, Any]], column: str, *, ascending: bool = False) -> dict[Any, int]:
    """Competition ranks (1, 2, 2, 4 …) of the nodes by ``column``, largest first (``ascending``:
    smallest first); nodes without a finite value are not ranked.

    Examples
    --------
    >>> ranks([{"node": "a", "x": 3}, {"node": "b", "x": 5}, {"node": "c", "x": 3}, {"node": "d"}], "x")
    {'b': 1, 'a': 2, 'c': 2}
    """
    vals = [(x, r["node"]) for r in rows if not _bad(x := r.get(column))]
    # by node name, then (stable) by value: the order of the key (±value, str(node)) at a fraction of its cost
    vals.sort(key=lambda t: str(t[1]))
    vals.sort(key=itemgetter(0), reverse=not ascending)
    out: dict[Any, int] = {}
    prev, rank = None, 0
    for i, (v, node) in enumerate(vals, 1):
        if v != prev:
            rank, prev = i, v
        out[node] = rank
    return out


def rank_stability(before: dict[Any, float], after: dict[Any, float]) -> dict[str, Any]:
    """Spearman's ρ and Kendall's τ-b between two periods' total brokerage, over the nodes in both
    periods that broker (value > 0) in at least one; ``NaN`` when fewer than three such nodes or a
    constant ranking.

    Examples
    --------
    >>> r = rank_stability({"a": 3, "b": 2, "c": 1, "d": 0}, {"a": 6, "b": 4, "c": 2, "d": 0})
    >>> r["nodes"], r["spearman"], r["kendall"]
    (3, 1.0, 1.0)
    """
    common = sorted((v for v in before if v in after and (before[v] > 0 or after[v] > 0)), key=str)
    out: dict[str, Any] = {"nodes": len(common), "spearman": math.nan, "spearman_p": math.nan,
                           "kendall": math.nan, "kendall_p": math.nan}
    a = [float(before[v]) for v in common]
    b = [float(after[v]) for v in common]
    if len(common) < 3 or len(set(a)) < 2 or len(set(b)) < 2:
        return out
    from scipy import stats  # imported only when there is something to rank (a worker's start-up is shorter)

    rho = stats.spearmanr(a, b)
    tau = stats.kendalltau(a, b)
    out.update(spearman=float(rho.statistic), spearman_p=float(rho.pvalue),
               kendall=float(tau.statistic), kendall_p=float(tau.pvalue))
    return out


def _status(a: float, b: float) -> str:
    if a <= 0 < b:
        return "became broker"
    if b <= 0 < a:
        return "stopped brokering"
    return "rose" if b > a else "fell" if b < a else "same"


def _movers(label_a: str, label_b: str, rows_a: dict, rows_b: dict, rank_a: dict, rank_b: dict,
            top: int) -> list[dict[str, Any]]:
    """The ``top`` risers and ``top`` fallers in total brokerage from period a to b (absent: 0)."""
    rows = []
    for v in sorted(set(rows_a) | set(rows_b), key=str):
        ta = float(rows_a[v]["total"]) if v in rows_a and not _bad(rows_a[v]["total"]) else 0.0
        tb = float(rows_b[v]["total"]) if v in rows_b and not _bad(rows_b[v]["total"]) else 0.0
        if ta == tb:
            continue
        src = rows_b.get(v) or rows_a.get(v)
        ra, rb = rank_a.get(v), rank_b.get(v)
        rows.append({"span": f"{label_a}→{label_b}", "period_from": label_a, "period_to": label_b, "node": v,
                     "label": src.get("label"), "group": src.get("group"), "total_from": ta, "total_to": tb,
                     "change": tb - ta, "rank_from": ra, "rank_to": rb,
                     "rank_change": (ra - rb) if ra is not None and rb is not None else None,
                     "status": _status(ta, tb)})
    risers = sorted((r for r in rows if r["change"] > 0), key=lambda r: (-r["change"], str(r["node"])))[:top]
    fallers = sorted((r for r in rows if r["change"] < 0), key=lambda r: (r["change"], str(r["node"])))[:top]
    for r in risers:
        r["direction"] = "riser"
    for r in fallers:
        r["direction"] = "faller"
    return risers + fallers


def _gap_changes(label_a: str, label_b: str, gaps_a: list[dict], gaps_b: list[dict]) -> list[dict[str, Any]]:
    """Pairs of groups (present in both periods) that became a hole (opened) or stopped being one (closed)."""
    key = lambda r: tuple(sorted((str(r["group_a"]), str(r["group_b"]))))  # noqa: E731
    a = {key(r): r for r in gaps_a}
    b = {key(r): r for r in gaps_b}
    out = []
    for k in sorted(set(a) & set(b)):
        sa, sb = a[k]["status"], b[k]["status"]
        if (sa == "hole") == (sb == "hole"):
            continue
        out.append({"span": f"{label_a}→{label_b}", "period_from": label_a, "period_to": label_b,
                    "group_a": k[0], "group_b": k[1], "status_from": sa, "status_to": sb,
                    "ties_from": a[k]["ties"], "ties_to": b[k]["ties"],
                    "density_from": a[k]["density"], "density_to": b[k]["density"],
                    "change": "opened" if sb == "hole" else "closed"})
    return out


def _analyze_one(task: tuple[nx.Graph, Any, dict]) -> NetworkAnalysis | None:
    """One period's analysis (a module-level function, so that a worker process can run it); ``None``
    for a network without nodes."""
    G, partition, options = task
    if G.number_of_nodes() == 0:
        return None
    return analyze_network(G, partition, **options)


def _empty_analysis() -> NetworkAnalysis:
    """The analysis of a period whose network has no nodes: no rows, NaN figures."""
    return NetworkAnalysis(nodes=[], graph={"nodes": 0, "ties": 0, "density": math.nan, "components": 0,
                                            "largest_component": 0, "communities": 0, "modularity": math.nan,
                                            "brokerage": {}},
                           group_gaps=[], missing_links=[], parameters={})


class _Tasks(Sequence):
    """The tasks of :func:`analyze_over_time`: task ``j`` is period ``order[j]``'s network, read from
    ``networks`` only when the task is made (so a lazy sequence projects it then)."""

    def __init__(self, networks, order: list[int], partition, options: dict):
        self.networks, self.order, self.partition, self.options = networks, order, partition, options

    def __len__(self) -> int:
        return len(self.order)

    def __getitem__(self, j):
        return self.networks[self.order[j]][1], self.partition, self.options


def analyze_over_time(networks: Sequence[tuple[Any, nx.Graph]], partition: str | dict | None = None, *,
                      top_movers: int = 10, progress: Callable[[str], None] | None = None, jobs: int = 1,
                      **options) -> TemporalAnalysis:
    """Every measure on each period's network, and the change between periods.

    Parameters
    ----------
    networks : sequence of (period, networkx.Graph)
        In time order; a period has ``label``, ``start`` and ``end`` (ISO dates). A period whose
        network has no nodes is analysed as empty (no rows, NaN figures). A sequence that also has
        ``periods`` (the periods, in order) and ``sizes`` (an estimate of each period's work known
        before its network is made, ``0`` for an empty one), such as
        :class:`innokg.projection.periods.PeriodNetworks`, is read one network at a time, as its
        period's analysis is handed out (largest ``sizes`` first with workers): its networks are made
        while the workers analyse the others. Any other sequence is read whole first, and its periods
        are handed to workers by decreasing ties.
    partition : str, dict or None
        As :func:`innokg.analysis.network.analyze_network`.
    top_movers : int
        Risers and fallers kept per pair of periods.
    progress : callable, optional
        Called with a line when a period's analysis starts (in time order with ``jobs=1``, in the
        order the periods are handed out with workers) and, with workers, when it is done.
    jobs : int
        Periods analysed at once, each in its own worker process (:mod:`innokg.analysis.workers`);
        ``0`` = one per available core; ``1`` (default) = one after the other in this process. The
        results are the same to the last bit whatever the number.
    **options
        Passed on to :func:`~innokg.analysis.network.analyze_network` unchanged (``weight``,
        ``engine``, ``k``, ``seed``, ``closeness``, ``links``, ``top_links``, ``few``).

    Returns
    -------
    TemporalAnalysis
    """
    say = progress or (lambda _m: None)
    lazy = hasattr(networks, "periods") and hasattr(networks, "sizes")
    if lazy:
        period_objs = list(networks.periods)
        sizes: list[tuple] = [(n,) for n in networks.sizes]
    else:
        networks = list(networks)
        period_objs = [period for period, _ in networks]
        sizes = [(G.number_of_edges(), G.number_of_nodes()) for _, G in networks]
    periods = [{"label": str(period.label), "start": str(period.start), "end": str(period.end)}
               for period in period_objs]
    busy = [i for i, size in enumerate(sizes) if size[-1]]
    workers = worker_count(jobs, len(busy))
    results: list[NetworkAnalysis | None] = [None] * len(periods)
    timings: dict[str, float] = {}
    cpu_timings: dict[str, float] = {}

    def line(i: int) -> str:
        G = networks[i][1]
        return f"period {periods[i]['label']}: {G.number_of_nodes()} nodes, {G.number_of_edges()} ties"

    said = [0]  # with one process: periods announced so far, in time order (empty ones have no task)

    def announce(upto: int) -> None:
        while said[0] <= upto:
            say(line(said[0]))
            said[0] += 1

    def started(j: int) -> None:
        if workers > 1:
            say(line(busy[j]))
        else:
            announce(busy[j])

    # The change tables are made period by period as the results come in (with workers: while they analyse
    # the other periods), each piece in its own slot, and joined in time order at the end: the same rows in the
    # same order whatever order the periods finish in.
    n = len(periods)
    rank_tables: list[dict[str, dict] | None] = [None] * n
    by_node: list[dict[Any, dict] | None] = [None] * n  # node -> its row of the period's analysis
    node_parts: list[list[dict] | None] = [None] * n  # the rows of nodes-over-time, per period
    pair_parts: list[tuple | None] = [None] * n  # (movers, gap changes, stability) from period i - 1 to i
    graph: list[dict[str, Any] | None] = [None] * n
    columns = [(m, f"{m}_rank", f"{m}_change") for m in RANKED]

    def node_rows_of(i: int) -> list[dict[str, Any]]:
        p, res, rk = periods[i], results[i], rank_tables[i]
        prev = by_node[i - 1] if i else {}
        out = []
        for r in res.nodes:
            node = r["node"]
            row = {"period": p["label"], "period_start": p["start"], "period_end": p["end"], **r}
            was = prev.get(node)
            for m, rank_key, change_key in columns:
                row[rank_key] = rk[m].get(node)
                before = was.get(m) if was is not None else None
                now = r.get(m)
                row[change_key] = (now - before) if not _bad(now) and not _bad(before) else None
            out.append(row)
        return out

    def pair_of(i: int) -> tuple:
        a, b = periods[i - 1], periods[i]
        movers = _movers(a["label"], b["label"], by_node[i - 1], by_node[i], rank_tables[i - 1]["total"],
                         rank_tables[i]["total"], top_movers)
        gaps = _gap_changes(a["label"], b["label"], results[i - 1].group_gaps, results[i].group_gaps)
        st = rank_stability({v: (r["total"] if not _bad(r["total"]) else 0.0) for v, r in by_node[i - 1].items()},
                            {v: (r["total"] if not _bad(r["total"]) else 0.0) for v, r in by_node[i].items()})
        return movers, gaps, {"period_from": a["label"], "period_to": b["label"], **st}

    def settle(i: int, res: NetworkAnalysis | None) -> None:
        """Period ``i``'s results are in: its own tables now, and what it shares with a neighbour in."""
        if res is None:  # a period whose network has no nodes
            res = _empty_analysis()
            timings[periods[i]["label"]] = cpu_timings[periods[i]["label"]] = 0.0
        p = periods[i]
        res.parameters["period"] = dict(p)
        results[i] = res
        rank_tables[i] = {m: ranks(res.nodes, m, ascending=asc) for m, asc in RANKED.items()}
        by_node[i] = {r["node"]: r for r in res.nodes}
        g = res.graph
        z = (g.get("brokerage") or {}).get("z") or {}
        graph[i] = {"period": p["label"], "period_start": p["start"], "period_end": p["end"],
                    "nodes": g["nodes"], "ties": g["ties"], "density": g["density"], "components": g["components"],
                    "largest_component": g["largest_component"], "communities": g["communities"],
                    "modularity": g["modularity"],
                    "brokers": sum(1 for r in res.nodes if not _bad(r.get("total")) and r["total"] > 0),
                    "brokerage_z": z.get("total", math.nan) if isinstance(z, dict) else math.nan}
        for k in (i, i + 1):
            if k < n and results[k] is not None and (k == 0 or results[k - 1] is not None):
                node_parts[k] = node_rows_of(k)
                if k:
                    pair_parts[k] = pair_of(k)

    def finished(j: int, res: NetworkAnalysis | None, wall: float, cpu: float) -> None:
        label = periods[busy[j]]["label"]
        timings[label] = wall
        cpu_timings[label] = cpu
        if workers > 1:
            say(f"period {label}: analysed in {wall:.1f} s")
        settle(busy[j], res)

    if workers > 1:
        say(f"analysing {len(busy)} periods in {workers} worker processes")
        for i in sorted(set(range(len(periods))) - set(busy)):  # empty periods: nothing to hand out
            say(line(i))
        # the largest networks first, so that the workers finish close together (the years differ ~60-fold)
        busy.sort(key=lambda i: (*(-x for x in sizes[i]), i))
    for i in sorted(set(range(len(periods))) - set(busy)):
        settle(i, None)
    run_tasks(_analyze_one, _Tasks(networks, busy, partition, options), workers,
              name=lambda j: f"period {periods[busy[j]]['label']}", started=started, finished=finished)
    if workers == 1:
        announce(len(periods) - 1)
    timings = {p["label"]: timings[p["label"]] for p in periods}
    cpu_timings = {p["label"]: cpu_timings[p["label"]] for p in periods}

    node_rows = [row for part in node_parts for row in part]
    movers = [r for part in pair_parts[1:] for r in part[0]]
    gap_changes = [r for part in pair_parts[1:] for r in part[1]]
    stability = [part[2] for part in pair_parts[1:]]
    if len(periods) > 2:
        movers += _movers(periods[0]["label"], periods[-1]["label"], by_node[0], by_node[-1],
                          rank_tables[0]["total"], rank_tables[-1]["total"], top_movers)
    params = dict(next((r.parameters for r in results if r.nodes), {}))  # an empty period ran nothing
    params.pop("period", None)
    params.update(top_movers=top_movers, periods=[p["label"] for p in periods])
    return TemporalAnalysis(periods=periods, results=results, nodes=node_rows, movers=movers,
                            gap_changes=gap_changes, graph=graph, stability=stability, parameters=params,
                            timings=timings, cpu_timings=cpu_timings)
