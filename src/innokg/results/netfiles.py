"""The measured network as GraphML and GEXF, streamed (for Gephi, igraph, R, Cytoscape).

networkx's writers build the whole XML tree in memory and indent it in Python — minutes and
gigabytes for the 800,000 ties of the CORDIS network. These write one line per node and per
tie, in the graph's (sorted) order, with the same vocabulary networkx reads back
(:func:`networkx.read_graphml`, :func:`networkx.read_gexf`; the tests check the round trip).

:func:`write_measured_graphml` is the one GraphML writer of ``innokg analyze --graphml`` and
``innokg report`` (``network.graphml``): the network with every per-node measure of the analysis
as a node attribute (:func:`measured_network` is the same as a networkx graph).

Values: floats in Python's shortest round-trip form; ``NaN``/``INF`` in GraphML as XML Schema
writes them; in GEXF left out (Gephi refuses them); ``None`` left out; lists joined by spaces.
An attribute's type is the widest its values need (boolean < long < double < string).

References
----------
Brandes, U. et al. (2013). Graph markup language (GraphML). In *Handbook of Graph Drawing and
Visualization*, ch. 16. GEXF 1.2 draft: the GEXF Working Group's primer (gexf.net). GEXF 1.3
(:func:`write_dynamic_gexf`): the GEXF Working Group's 1.3 schema and primer, dynamics chapter.

Examples
--------
>>> import io, networkx as nx
>>> G = nx.Graph([("a", "b", {"weight": 2.0})]); G.nodes["a"]["score"] = 0.5
>>> buf = io.StringIO(); write_graphml(G, buf)
>>> H = nx.read_graphml(io.BytesIO(buf.getvalue().encode()))
>>> H.nodes["a"]["score"], H["a"]["b"]["weight"]
(0.5, 2.0)
"""

from __future__ import annotations

import io
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping, Sequence, TextIO
from xml.sax.saxutils import quoteattr

import networkx as nx

if TYPE_CHECKING:
    from innokg.analysis.network import NetworkAnalysis

__all__ = ["write_graphml", "write_gexf", "write_dynamic_gexf", "timeline_slots", "node_measures", "measured_network",
           "write_measured_graphml"]

_RANK = {"boolean": 0, "long": 1, "double": 2, "string": 3}


def _kind(v: Any) -> str:
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, int):
        return "long"
    if isinstance(v, float):
        return "double"
    return "string"


def _clean(v: Any) -> Any:
    if isinstance(v, (list, tuple, set)):
        return " ".join(map(str, v))
    if isinstance(v, dict):
        return None
    return v


def _types(items) -> dict[str, str]:
    """``{attribute: type}`` over all items' attribute dicts, in first-seen order then sorted."""
    out: dict[str, str] = {}
    for d in items:
        for k, v in d.items():
            v = _clean(v)
            if v is None:
                continue
            t = _kind(v)
            if k not in out or _RANK[t] > _RANK[out[k]]:
                out[k] = t
    return dict(sorted(out.items()))


def _text(v: Any, t: str, *, nan: str | None) -> str | None:
    v = _clean(v)
    if v is None:
        return None
    if t == "boolean":
        return "true" if v else "false"
    if t == "long":
        return str(int(v))
    if t == "double":
        x = float(v)
        if math.isnan(x):
            return nan
        if math.isinf(x):
            return None if nan is None else ("INF" if x > 0 else "-INF")
        return repr(x)
    return str(v)


def _esc(s: str) -> str:
    return quoteattr(s)[1:-1] if s else s


def _nodes(G: nx.Graph, extra):
    """``(node, attributes)`` with ``extra[node]`` laid over the graph's own attributes."""
    if not extra:
        return list(G.nodes(data=True))
    return [(v, {**d, **extra.get(v, {})}) for v, d in G.nodes(data=True)]


def write_graphml(G: nx.Graph, fh: TextIO, *, extra: Mapping | None = None) -> None:
    """``G`` as GraphML 1.0, node and edge attributes as typed ``<data>`` (``extra``: more node
    attributes, ``{node: {name: value}}``, laid over the graph's own)."""
    nodes = _nodes(G, extra)
    ntypes = _types(d for _, d in nodes)
    etypes = _types(d for _, _, d in G.edges(data=True))
    gtypes = _types([G.graph])
    nkey = {k: f"n{i}" for i, k in enumerate(ntypes)}
    ekey = {k: f"e{i}" for i, k in enumerate(etypes)}
    gkey = {k: f"g{i}" for i, k in enumerate(gtypes)}
    w = fh.write
    w("<?xml version='1.0' encoding='utf-8'?>\n"
      '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
      'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
      'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
      'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')
    for k, t in ntypes.items():
        w(f'  <key id="{nkey[k]}" for="node" attr.name={quoteattr(str(k))} attr.type="{t}" />\n')
    for k, t in etypes.items():
        w(f'  <key id="{ekey[k]}" for="edge" attr.name={quoteattr(str(k))} attr.type="{t}" />\n')
    for k, t in gtypes.items():
        w(f'  <key id="{gkey[k]}" for="graph" attr.name={quoteattr(str(k))} attr.type="{t}" />\n')
    w(f'  <graph edgedefault="{"directed" if G.is_directed() else "undirected"}">\n')

    def datas(d, types, keys) -> str:
        parts = []
        for k, t in types.items():
            if k in d:
                s = _text(d[k], t, nan="NaN")
                if s is not None:
                    parts.append(f'<data key="{keys[k]}">{_esc(s)}</data>')
        return "".join(parts)

    if gtypes:
        w(f"    {datas(G.graph, gtypes, gkey)}\n")

    for v, d in nodes:
        w(f"    <node id={quoteattr(str(v))}>{datas(d, ntypes, nkey)}</node>\n")
    qid = {v: quoteattr(str(v)) for v in G}  # each id escaped once, not once per tie
    lines = []
    for u, v, d in G.edges(data=True):
        lines.append(f"    <edge source={qid[u]} target={qid[v]}>{datas(d, etypes, ekey)}</edge>\n")
        if len(lines) >= 10000:
            w("".join(lines))
            lines.clear()
    w("".join(lines))
    w("  </graph>\n</graphml>\n")


def _gexf_types(items, skip: str | None = None) -> tuple[dict[str, str], dict[str, str]]:
    """GEXF attribute types (``long`` as ``integer``) of the attribute dicts ``items`` but ``skip``, and their ids."""
    types = {k: ("integer" if t == "long" else t) for k, t in _types(items).items() if k != skip}
    return types, {k: str(i) for i, k in enumerate(types)}


def write_gexf(G: nx.Graph, fh: TextIO, *, extra: Mapping | None = None, date: str | None = None,
               creator: str = "innokg") -> None:
    """``G`` as GEXF 1.2 (draft namespace, as Gephi and networkx read it); ``label`` becomes the
    node label, ``weight`` the edge weight, everything else typed ``<attvalue>``s.
    ``date`` (YYYY-MM-DD) goes into ``<meta lastmodifieddate>``; none is read from the clock."""
    nodes = _nodes(G, extra)
    ntypes, nid = _gexf_types((d for _, d in nodes), skip="label")
    etypes, eid = _gexf_types((d for _, _, d in G.edges(data=True)), skip="weight")
    w = fh.write
    w("<?xml version='1.0' encoding='utf-8'?>\n"
      '<gexf xmlns="http://www.gexf.net/1.2draft" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
      'xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" version="1.2">\n')
    w(f'  <meta{f" lastmodifieddate={quoteattr(date)}" if date else ""}>'
      f"<creator>{_esc(creator)}</creator></meta>\n")
    w(f'  <graph defaultedgetype="{"directed" if G.is_directed() else "undirected"}" mode="static">\n')
    if ntypes:
        w('    <attributes class="node" mode="static">\n')
        for k, t in ntypes.items():
            w(f'      <attribute id="{nid[k]}" title={quoteattr(str(k))} type="{t}" />\n')
        w("    </attributes>\n")
    if etypes:
        w('    <attributes class="edge" mode="static">\n')
        for k, t in etypes.items():
            w(f'      <attribute id="{eid[k]}" title={quoteattr(str(k))} type="{t}" />\n')
        w("    </attributes>\n")

    def attvalues(d, types, ids) -> str:
        parts = []
        for k, t in types.items():
            if k in d:
                s = _text(d[k], "long" if t == "integer" else t, nan=None)
                if s is not None:
                    parts.append(f'<attvalue for="{ids[k]}" value={quoteattr(s)} />')
        return f"<attvalues>{''.join(parts)}</attvalues>" if parts else ""

    w("    <nodes>\n")
    for v, d in nodes:
        label = _clean(d.get("label"))
        lab = quoteattr(str(label if label is not None else v))
        w(f"      <node id={quoteattr(str(v))} label={lab}>{attvalues(d, ntypes, nid)}</node>\n")
    w("    </nodes>\n    <edges>\n")
    qid = {v: quoteattr(str(v)) for v in G}
    lines = []
    for i, (u, v, d) in enumerate(G.edges(data=True)):
        wt = d.get("weight")
        ws = f' weight="{repr(float(wt))}"' if isinstance(wt, (int, float)) and not isinstance(wt, bool) \
            and math.isfinite(float(wt)) else ""
        lines.append(f'      <edge id="{i}" source={qid[u]} target={qid[v]}{ws}>'
                     f"{attvalues(d, etypes, eid) if etypes else ''}</edge>\n")
        if len(lines) >= 10000:
            w("".join(lines))
            lines.clear()
    w("".join(lines))
    w("    </edges>\n  </graph>\n</gexf>\n")


def node_measures(result: "NetworkAnalysis") -> dict:
    """``{node: {measure: value}}`` from the analysis' per-node rows (``None`` left out)."""
    return {r["node"]: {k: v for k, v in r.items() if k != "node" and v is not None} for r in result.nodes}


def measured_network(G: nx.Graph, result: "NetworkAnalysis") -> nx.Graph:
    """A copy of ``G`` with every per-node measure as a node attribute (lists joined by spaces): what
    :func:`write_measured_graphml` writes, as networkx reads it back."""
    H = G.copy()
    for r in result.nodes:
        attrs = H.nodes[r["node"]]
        for key, value in r.items():
            if key == "node" or value is None:
                continue
            attrs[key] = value if isinstance(value, (bool, int, float)) else str(value)
    for _, attrs in H.nodes(data=True):
        for key, value in list(attrs.items()):
            if isinstance(value, (list, tuple, dict)):
                attrs[key] = " ".join(map(str, value))
    return H


def write_measured_graphml(path: str | Path, G: nx.Graph, result: "NetworkAnalysis") -> None:
    """``G`` as GraphML (:func:`write_graphml`), every per-node measure of ``result`` as a node attribute,
    written atomically to ``path`` (for Gephi, igraph, R …). Missing values (``None``) are left out;
    ``NaN`` stays ``NaN`` (GraphML doubles allow it)."""
    from innokg.atomic import atomic_file

    buf = io.StringIO()
    write_graphml(G, buf, extra=node_measures(result))
    with atomic_file(path, "wb") as fh:
        fh.write(buf.getvalue().encode("utf-8"))


def timeline_slots(periods: Sequence[Mapping[str, str]]) -> list[tuple[str, str]]:
    """Each period's interval on a timeline: its own ``[start, end]``, except that a period overlapping the
    next one (a rolling window) is cut back to the day before the next starts, so that at any time
    one period's values hold (Gephi's timeline shows one value per time).

    Examples
    --------
    >>> timeline_slots([{"start": "2014-01-01", "end": "2016-12-31"}, {"start": "2015-01-01", "end": "2017-12-31"}])
    [('2014-01-01', '2014-12-31'), ('2015-01-01', '2017-12-31')]
    """
    from datetime import date, timedelta

    out = []
    for i, p in enumerate(periods):
        end = p["end"]
        if i + 1 < len(periods) and periods[i + 1]["start"] <= end:
            end = (date.fromisoformat(periods[i + 1]["start"]) - timedelta(days=1)).isoformat()
        out.append((p["start"], end))
    return out


def _spells(present: list[int], slots: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Runs of consecutive period indexes as ``(start, end)`` intervals."""
    runs: list[list[int]] = []
    for i in present:
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return [(slots[r[0]][0], slots[r[-1]][1]) for r in runs]


def write_dynamic_gexf(fh: TextIO, periods: Sequence[Mapping[str, str]], graphs: Sequence[nx.Graph],
                       rows: Sequence[Sequence[Mapping[str, Any]]], *, creator: str = "innokg") -> None:
    """The network over time as GEXF 1.3 (``mode="dynamic"``, ``timeformat="date"``): a node or tie has a
    spell for each run of consecutive periods it is in (:func:`timeline_slots`); the per-node measures of
    each period (``rows``, one list per period, as :attr:`innokg.analysis.network.NetworkAnalysis.nodes`)
    are dynamic node attributes, the tie weight a dynamic edge attribute ``weight``; ``label`` is static.
    ``NaN`` and missing values are left out (Gephi refuses them)."""
    slots = timeline_slots(periods)
    directed = any(G.is_directed() for G in graphs)
    node_periods: dict[Any, list[int]] = {}
    labels: dict[Any, Any] = {}
    edge_periods: dict[tuple, list[int]] = {}
    weights: dict[tuple, list[tuple[int, float]]] = {}
    for i, G in enumerate(graphs):
        for v, d in G.nodes(data=True):
            node_periods.setdefault(v, []).append(i)
            if d.get("label") is not None:
                labels.setdefault(v, d["label"])
        for u, v, d in G.edges(data=True):
            key = (u, v) if directed or str(u) <= str(v) else (v, u)
            if edge_periods.setdefault(key, [])[-1:] != [i]:
                edge_periods[key].append(i)
            w = d.get("weight")
            if isinstance(w, (int, float)) and not isinstance(w, bool) and math.isfinite(float(w)):
                weights.setdefault(key, []).append((i, float(w)))
    values: dict[Any, list[tuple[int, dict]]] = {}
    for i, period_rows in enumerate(rows):
        for r in period_rows:
            values.setdefault(r["node"], []).append((i, {k: v for k, v in r.items() if k not in ("node", "label")}))
    ntypes, nid = _gexf_types(d for vs in values.values() for _, d in vs)
    w = fh.write
    w("<?xml version='1.0' encoding='utf-8'?>\n"
      '<gexf xmlns="http://gexf.net/1.3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
      'xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">\n')
    w(f"  <meta><creator>{_esc(creator)}</creator>"
      f"<description>{_esc('periods: ' + ', '.join(str(p.get('label', p['start'])) for p in periods))}</description>"
      "</meta>\n")
    w(f'  <graph defaultedgetype="{"directed" if directed else "undirected"}" mode="dynamic" timeformat="date" '
      'timerepresentation="interval">\n')
    w('    <attributes class="node" mode="dynamic">\n')
    for k, t in ntypes.items():
        w(f'      <attribute id="{nid[k]}" title={quoteattr(str(k))} type="{t}" />\n')
    w("    </attributes>\n")
    w('    <attributes class="edge" mode="dynamic">\n'
      '      <attribute id="weight" title="weight" type="double" />\n    </attributes>\n')

    def spells(idx: list[int]) -> str:
        return "<spells>" + "".join(f'<spell start="{a}" end="{b}" />' for a, b in _spells(idx, slots)) + "</spells>"

    w("    <nodes>\n")
    for v in sorted(node_periods, key=str):
        parts = []
        for i, d in values.get(v, []):
            for k, t in ntypes.items():
                if k in d:
                    s = _text(d[k], "long" if t == "integer" else t, nan=None)
                    if s is not None:
                        parts.append(f'<attvalue for="{nid[k]}" value={quoteattr(s)} start="{slots[i][0]}" '
                                     f'end="{slots[i][1]}" />')
        lab = labels.get(v)
        att = f"<attvalues>{''.join(parts)}</attvalues>" if parts else ""
        w(f"      <node id={quoteattr(str(v))} label={quoteattr(str(lab if lab is not None else v))}>"
          f"{att}{spells(node_periods[v])}</node>\n")
    w("    </nodes>\n    <edges>\n")
    for n, key in enumerate(sorted(edge_periods, key=lambda e: (str(e[0]), str(e[1])))):
        ws = "".join(f'<attvalue for="weight" value="{x!r}" start="{slots[i][0]}" end="{slots[i][1]}" />'
                     for i, x in weights.get(key, []))
        att = f"<attvalues>{ws}</attvalues>" if ws else ""
        w(f'      <edge id="{n}" source={quoteattr(str(key[0]))} target={quoteattr(str(key[1]))}>'
          f"{att}{spells(edge_periods[key])}</edge>\n")
    w("    </edges>\n  </graph>\n</gexf>\n")
