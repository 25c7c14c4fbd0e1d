"""The report's pictures: matplotlib figures as deterministic, self-contained SVG.

* :func:`network_figure` — the network (or, above ``max_nodes``, its backbone: the
  vertices with the highest betweenness or Gould–Fernandez brokerage and the strongest
  ties among them), colour by Louvain community, size by betweenness, brokers ringed and
  named. Layout: Fruchterman & Reingold (1991) force-directed placement with a fixed seed.
* :func:`roles_figure` — the Gould & Fernandez (1989) role profile of the strongest
  brokers as stacked bars (shares of each broker's total).
* :func:`coverage_figure` — region × topic heat map.

SVG output is made byte-stable: text drawn as paths (no fonts needed), ``svg.hashsalt``
fixed, no date in the metadata, and the SVG's element ids are derived from the salt.

References
----------
Fruchterman, T. M. J. and Reingold, E. M. (1991). Graph drawing by force-directed placement.
*Software: Practice and Experience* 21(11): 1129–1164.
Gould, R. V. and Fernandez, R. M. (1989). Structures of mediation: a formal approach to brokerage
in transaction networks. *Sociological Methodology* 19: 89–126.
"""

from __future__ import annotations

import io
import math
from typing import Any, Sequence

import networkx as nx

__all__ = ["svg_text", "backbone", "packed_layout", "place_labels", "network_figure", "community_figure",
           "roles_figure", "coverage_figure", "PALETTE"]

#: Colour-blind friendly qualitative palette (Okabe & Ito 2008), then Tol's muted scheme.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#AA4499")
OTHER = "#BBBBBB"
ROLE_COLOURS = ("#0072B2", "#56B4E9", "#009E73", "#E69F00", "#CC79A7")


def _mpl():
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    matplotlib.rcParams.update({
        "svg.hashsalt": "innokg-report",
        "svg.fonttype": "path",
        # measure text as the SVG draws it: at the SVG's 72 dpi and without hinting (label placement needs
        # the same widths the browser shows)
        "figure.dpi": 72,
        "text.hinting": "none",
        "font.family": "DejaVu Sans",
        "font.size": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
    })
    return plt


def svg_text(fig) -> str:
    """The figure as SVG text, the same bytes for the same figure (no date, fixed ids)."""
    plt = _mpl()
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight")
    plt.close(fig)
    text = buf.getvalue()
    # drop the XML prolog and DOCTYPE so the SVG can be inlined in HTML as it is
    start = text.find("<svg")
    return text[start:] if start >= 0 else text


def _bad(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def backbone(G: nx.Graph, rows: Sequence[dict[str, Any]], max_nodes: int = 150,
             max_ties: int = 1500) -> tuple[nx.Graph, bool]:
    """The picture's graph: all of ``G`` when small, else its backbone.

    The backbone keeps the ``max_nodes`` vertices that rank highest by betweenness or by
    Gould–Fernandez total (taken alternately from both rankings), and among them the
    ``max_ties`` heaviest ties (ties by node names). Returns ``(graph, is_backbone)``;
    vertices are inserted in sorted order so the layout is the same on every run.

    Examples
    --------
    >>> G = nx.path_graph(5)
    >>> rows = [{"node": v, "betweenness": float(v == 2), "total": 0.0} for v in G]
    >>> H, cut = backbone(G, rows, max_nodes=3)
    >>> cut, sorted(H), H.number_of_edges()
    (True, [0, 1, 2], 2)
    """
    U = G.to_undirected() if G.is_directed() else G
    if U.number_of_nodes() <= max_nodes and U.number_of_edges() <= max_ties:
        H = nx.Graph()
        H.add_nodes_from(sorted(U, key=str))
        H.add_edges_from(sorted(((u, v, {"weight": float(d.get("weight", 1.0))}) for u, v, d in U.edges(data=True)),
                                key=lambda e: (str(e[0]), str(e[1]))))
        return H, False

    tied = [r for r in rows if r["node"] in U and U.degree(r["node"]) > 0]  # a backbone has no isolates

    def ranking(col):
        return [r["node"] for r in sorted(tied, key=lambda r: (_bad(r.get(col)), -(r.get(col) or 0)
                                                                if not _bad(r.get(col)) else 0, str(r["node"])))]

    by_b, by_t = ranking("betweenness"), ranking("total")
    keep: list = []
    seen = set()
    for a, b in zip(by_b, by_t):
        for v in (a, b):
            if v not in seen and len(keep) < max_nodes:
                seen.add(v)
                keep.append(v)
        if len(keep) >= max_nodes:
            break
    sub = U.subgraph(keep)
    ties = sorted(((float(d.get("weight", 1.0)), *sorted((str(u), str(v))), u, v) for u, v, d in sub.edges(data=True)),
                  key=lambda t: (-t[0], t[1], t[2]))[:max_ties]
    H = nx.Graph()
    H.add_nodes_from(sorted(keep, key=str))
    H.add_edges_from(sorted(((t[3], t[4], {"weight": t[0]}) for t in ties), key=lambda e: (str(e[0]), str(e[1]))))
    return H, True


def packed_layout(H: nx.Graph, seed: int = 1) -> dict:
    """Fruchterman–Reingold per connected component, components packed in rows (largest first).

    A force-directed layout of a disconnected network pushes the components apart and
    squeezes each into a dot; laying each out alone and packing them keeps every tie visible.

    Examples
    --------
    >>> pos = packed_layout(nx.Graph([(1, 2), (3, 4)]))
    >>> sorted(pos), len(set(pos.values()))
    ([1, 2, 3, 4], 4)
    """
    import numpy as np

    comps = sorted((sorted(c, key=str) for c in nx.connected_components(H)), key=lambda c: (-len(c), str(c[0])))
    if not comps:
        return {}
    sizes = [math.sqrt(len(c)) for c in comps]
    row_width = max(sizes[0] * 1.3, math.sqrt(sum(s * s for s in sizes)) * 1.5)
    pos: dict = {}
    x = y = 0.0
    row_h = 0.0
    for c, size in zip(comps, sizes):
        if x > 0 and x + size > row_width:
            x, y = 0.0, y - row_h * 1.15
            row_h = 0.0
        if len(c) == 1:
            local = {c[0]: np.zeros(2)}
        elif len(c) == 2:
            local = {c[0]: np.array([-0.5, 0.0]), c[1]: np.array([0.5, 0.0])}
        else:
            # a fresh graph in sorted order: a subgraph view iterates its node *set* (hash order)
            members = set(c)
            sub = nx.Graph()
            sub.add_nodes_from(c)
            sub.add_edges_from(sorted((min(u, v, key=str), max(u, v, key=str)) for u in c for v in H[u]
                                      if v in members))
            local = nx.spring_layout(sub, seed=seed, weight=None, iterations=200, k=1.8 / math.sqrt(len(c)))
        pts = np.array([local[v] for v in c], dtype=float)
        span = np.ptp(pts, axis=0).max() if len(c) > 1 else 1.0
        pts = (pts - pts.min(axis=0)) / (span or 1.0) * size * 0.85
        for v, p in zip(c, pts):
            pos[v] = (float(x + p[0]), float(y - p[1]))
        x += size * 1.15
        row_h = max(row_h, size)
    return pos


def _label_text(v, labels, limit: int = 34) -> str:
    text = str(labels.get(v) or str(v).rstrip("/").rsplit("/", 1)[-1])
    return text if len(text) <= limit else text[:limit - 2] + "…"


#: label offsets tried around a dot, in points: right, left, above, below, then the diagonals, further out each ring
_DIRECTIONS = ((1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (-1, 1), (1, -1), (-1, -1))


def _overlaps(a, b, gap: float = 0.0) -> bool:
    return not (a[2] + gap <= b[0] or b[2] + gap <= a[0] or a[3] + gap <= b[1] or b[3] + gap <= a[1])


def place_labels(fig, ax, pos: dict, nodes: Sequence, texts: dict, *, radius: dict | None = None,
                 fontsize: float = 7.5, gid: str = "label", avoid: Sequence = (), clear: Sequence = (),
                 rings: Sequence[float] = (2.0, 7.0, 14.0, 24.0, 36.0)) -> list:
    """Name ``nodes`` (most important first) beside their dots so that no two labels overlap.

    Each label is measured with the renderer (its real size, box included) and put at the first of
    eight directions around its dot, ring by ring further out, where its box intersects no label
    placed before, no dot in ``clear`` (the brokers) and, in a first pass, no other dot. A label that finds no room is left out:
    the caption says how many. Returns the nodes left out.

    Every label is an SVG group with the id ``{gid}-{i}`` (its box and its text), so a browser test can
    measure the boxes. Greedy placement in the spirit of Christensen, Marks & Shieber (1995),
    An empirical study of algorithms for point-feature label placement, ACM Trans. Graph. 14(3): 203–232.
    """
    ax.autoscale_view()
    ax.set_xlim(ax.get_xlim())  # frozen: leader lines drawn below must not rescale the axes
    ax.set_ylim(ax.get_ylim())
    ax.set_autoscale_on(False)
    fig.canvas.draw()  # fixes the data → pixel transform
    renderer = fig.canvas.get_renderer()
    to_px = ax.transData.transform
    scale = fig.dpi / 72.0
    radius = radius or {}
    dots = {v: (*to_px(pos[v]), radius.get(v, 3.0) * scale) for v in pos}
    kept = {v: dots[v] for v in clear if v in dots}  # dots no label may ever cover
    # the artists in ``avoid`` (the legend) are boxes no label may cover
    placed: list[tuple[float, float, float, float]] = [tuple(a.get_window_extent(renderer).extents) for a in avoid]
    left_out = []
    pad = 2.0 * scale  # the round box around the text
    box_style = {"boxstyle": "round,pad=0.2", "fc": "white", "ec": "#444444", "lw": 0.4, "alpha": 0.9}
    to_data = ax.transData.inverted().transform

    def patch_of(t):  # the drawn box of a label, in pixels (its frame's line included)
        t.update_bbox_position_size(renderer)
        e = t.get_bbox_patch().get_window_extent(renderer)
        return (e.x0 - scale, e.y0 - scale, e.x1 + scale, e.y1 + scale)

    for i, v in enumerate(n for n in nodes if n in pos):
        x0, y0, r0 = dots[v]
        label = ax.text(*pos[v], texts[v], fontsize=fontsize, zorder=4, ha="center", va="center", bbox=box_style)
        first = patch_of(label)
        w, h = first[2] - first[0], first[3] - first[1]
        choice = None
        for avoid_dots in (True, False):
            for ring in rings:
                for dx, dy in _DIRECTIONS:
                    off = r0 + ring * scale
                    cx, cy = x0 + dx * off, y0 + dy * off
                    left = cx if dx > 0 else (cx - w if dx < 0 else cx - w / 2)
                    bottom = cy if dy > 0 else (cy - h if dy < 0 else cy - h / 2)
                    box = (left, bottom, left + w, bottom + h)
                    if any(_overlaps(box, b, pad) for b in placed):
                        continue
                    near = dots.items() if avoid_dots else kept.items()
                    if any(_overlaps(box, (x - r, y - r, x + r, y + r)) for u, (x, y, r) in near):
                        continue
                    label.set_position(tuple(to_data(((box[0] + box[2]) / 2, (box[1] + box[3]) / 2))))
                    drawn = patch_of(label)  # the box as drawn, checked again
                    if any(_overlaps(drawn, b, 1.0) for b in placed):
                        continue
                    choice = drawn
                    break
                if choice:
                    break
            if choice:
                break
        if choice is None:
            label.remove()
            left_out.append(v)
            continue
        placed.append(choice)
        cx, cy = (choice[0] + choice[2]) / 2, (choice[1] + choice[3]) / 2
        if math.hypot(cx - x0, cy - y0) > r0 + max(w, h) / 2 + 4 * scale:
            # a leader line of its own, so that the label's group holds only its box and text
            xy = to_data((cx, cy))
            ax.plot([pos[v][0], xy[0]], [pos[v][1], xy[1]], color="#444444", lw=0.4, zorder=3)
        label.set_gid(f"{gid}-{i}")
    return left_out


def network_figure(H: nx.Graph, rows_by_node: dict, brokers: Sequence, labels: dict, *, seed: int = 0,
                   other_label: str = "other communities", community_label: str = "community",
                   width: float = 9.0, height: float = 7.0, name_all: bool = True):
    """Draw ``H`` (from :func:`backbone`); returns ``(figure, names left out)``.

    ``brokers`` are ringed; with ``name_all`` every vertex is named (brokers first, then by
    betweenness), else only the brokers; labels never overlap (:func:`place_labels`). The eight
    largest communities of the drawn vertices get their own colour, the rest grey.
    """
    plt = _mpl()
    from collections import Counter

    from matplotlib.collections import LineCollection

    pos = packed_layout(H, seed=seed)
    if pos:  # the figure takes the layout's shape (less empty paper under a flat packing)
        xs_, ys_ = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
        xr, yr = (max(xs_) - min(xs_)) or 1.0, (max(ys_) - min(ys_)) or 1.0
        height = max(4.5, min(height, (width - 2.0) * yr / xr + 1.5))
    fig, ax = plt.subplots(figsize=(width, height))
    ax.set_axis_off()
    if not pos:
        return fig, []
    comm = {v: rows_by_node.get(v, {}).get("community") for v in H}
    big = [c for c, _ in sorted(Counter(comm.values()).items(), key=lambda t: (-t[1], str(t[0])))][:8]
    colour = {c: PALETTE[i] for i, c in enumerate(big)}
    weights = [d.get("weight", 1.0) for _, _, d in H.edges(data=True)]
    wmax = max(weights, default=1.0) or 1.0
    segs = [(pos[u], pos[v]) for u, v in H.edges()]
    lw = [0.3 + 2.2 * math.sqrt(w / wmax) for w in weights]
    alpha = 0.45 if len(segs) <= 300 else max(0.12, 0.45 * math.sqrt(300 / len(segs)))
    ax.add_collection(LineCollection(segs, colors="#8a8a8a", linewidths=lw, alpha=alpha, zorder=1))
    bet = {v: rows_by_node.get(v, {}).get("betweenness") for v in H}
    bmax = max((b for b in bet.values() if not _bad(b)), default=0.0) or 1.0
    order = sorted(H, key=lambda v: (0 if _bad(bet[v]) else bet[v], str(v)))
    xs = [pos[v][0] for v in order]
    ys = [pos[v][1] for v in order]
    size = {v: 18 + 420 * math.sqrt((0 if _bad(bet[v]) else bet[v]) / bmax) for v in order}
    cols = [colour.get(comm[v], OTHER) for v in order]
    bset = set(brokers)
    edge = ["#111111" if v in bset else "white" for v in order]
    lwn = [1.8 if v in bset else 0.5 for v in order]
    ax.scatter(xs, ys, s=[size[v] for v in order], c=cols, edgecolors=edge, linewidths=lwn, zorder=2)
    from matplotlib.lines import Line2D

    handles = [Line2D([], [], marker="o", ls="", mfc=colour[c], mec="white", ms=8,
                      label=f"{community_label} {c} ({sum(1 for v in H if comm[v] == c)})") for c in big]
    if any(comm[v] not in colour for v in H):
        handles.append(Line2D([], [], marker="o", ls="", mfc=OTHER, mec="white", ms=8, label=other_label))
    legend = ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1.0), frameon=False, fontsize=8)
    ax.margins(0.1)
    named = list(brokers)
    if name_all:
        named += [v for v in sorted(H, key=lambda v: (-(0 if _bad(bet[v]) else bet[v]), -H.degree(v),
                                                      _label_text(v, labels).lower(), str(v))) if v not in bset]
    left_out = place_labels(fig, ax, pos, named, {v: _label_text(v, labels, 30) for v in named},
                            radius={v: math.sqrt(size[v]) / 2 + 1 for v in H}, avoid=[legend], clear=list(bset))
    return fig, left_out


def community_figure(G: nx.Graph, rows_by_node: dict, labels: dict, *, seed: int = 0, max_communities: int = 12,
                     brokers_each: int = 2, other_label: str = "other communities", members_label: str = "",
                     width: float = 10.0, height: float = 7.0):
    """A large network as its communities: one circle per Louvain community (area: organisations),
    lines between communities (width: ties between them), each circle named with its strongest
    brokers (Gould–Fernandez total, then betweenness). The ``max_communities`` largest are drawn,
    the others gathered in one grey circle. Returns ``(figure, facts)`` with ``facts`` =
    ``{"drawn": k, "communities": c, "other": organisations in the grey circle}``.

    Examples
    --------
    >>> G = nx.barbell_graph(4, 0)
    >>> rows = {v: {"community": v // 4, "total": float(v in (3, 4)), "betweenness": 0.0} for v in G}
    >>> fig, facts = community_figure(G, rows, {3: "Three", 4: "Four"})
    >>> facts
    {'drawn': 2, 'communities': 2, 'other': 0, 'left_out': []}
    """
    plt = _mpl()
    from collections import Counter, defaultdict

    from matplotlib.collections import LineCollection

    comm = {v: rows_by_node.get(v, {}).get("community") for v in G}
    sizes = Counter(comm.values())
    ranked = [c for c, _ in sorted(sizes.items(), key=lambda t: (-t[1], str(t[0])))]
    big = ranked[:max_communities]
    OTHER_KEY = "__other__"
    group = {v: (comm[v] if comm[v] in big else OTHER_KEY) for v in G}
    members: dict = defaultdict(list)
    for v in sorted(G, key=str):
        members[group[v]].append(v)
    C = nx.Graph()
    C.add_nodes_from([c for c in big] + ([OTHER_KEY] if OTHER_KEY in members else []))
    between: Counter = Counter()
    for u, v, d in G.edges(data=True):
        a, b = group[u], group[v]
        if a != b:
            between[tuple(sorted((a, b), key=str))] += 1
    for (a, b), n in sorted(between.items(), key=lambda t: (str(t[0][0]), str(t[0][1]))):
        C.add_edge(a, b, weight=float(n))

    def strength(v):
        r = rows_by_node.get(v, {})
        t, b = r.get("total"), r.get("betweenness")
        return (0 if _bad(t) else t, 0 if _bad(b) else b)

    texts = {}
    for c in C:
        best = sorted(members[c], key=lambda v: (-strength(v)[0], -strength(v)[1], str(v)))[:brokers_each]
        head = other_label if c == OTHER_KEY else f"{c}"
        texts[c] = f"{head} · {len(members[c])}{members_label}\n" + "\n".join(_label_text(v, labels, 30) for v in best)
    if C.number_of_nodes() == 1:
        pos = {next(iter(C)): (0.0, 0.0)}
    else:
        pos = nx.spring_layout(C, seed=seed, weight="weight", iterations=300, k=2.5 / math.sqrt(C.number_of_nodes()))
        pos = {c: (float(p[0]), float(p[1])) for c, p in pos.items()}
    fig, ax = plt.subplots(figsize=(width, height))
    ax.set_axis_off()
    wmax = max((d["weight"] for _, _, d in C.edges(data=True)), default=1.0)
    segs = [(pos[a], pos[b]) for a, b in C.edges()]
    lws = [0.4 + 6.0 * math.sqrt(d["weight"] / wmax) for _, _, d in C.edges(data=True)]
    ax.add_collection(LineCollection(segs, colors="#8a8a8a", linewidths=lws, alpha=0.5, zorder=1))
    smax = max(len(members[c]) for c in C)
    area = {c: 80 + 2600 * len(members[c]) / smax for c in C}
    colour = {c: (OTHER if c == OTHER_KEY else PALETTE[i % len(PALETTE)]) for i, c in enumerate(C)}
    order = list(C)
    ax.scatter([pos[c][0] for c in order], [pos[c][1] for c in order], s=[area[c] for c in order],
               c=[colour[c] for c in order], edgecolors="white", linewidths=1.0, zorder=2)
    ax.margins(0.2)
    rank = sorted(C, key=lambda c: (-len(members[c]), str(c)))
    left_out = place_labels(fig, ax, pos, rank, texts, radius={c: math.sqrt(area[c]) / 2 + 1 for c in C},
                            fontsize=7.0, clear=list(C), rings=(2.0, 7.0, 14.0, 24.0, 36.0, 52.0, 72.0, 96.0))
    return fig, {"drawn": len(big), "communities": len(sizes), "other": len(members.get(OTHER_KEY, [])),
                 "left_out": left_out}


def roles_figure(rows: Sequence[dict[str, Any]], labels: dict, role_names: Sequence[str], role_titles: Sequence[str]):
    """Stacked horizontal bars: each broker's Gould–Fernandez roles as shares of its total."""
    plt = _mpl()
    n = len(rows)
    fig, ax = plt.subplots(figsize=(8.0, 0.9 + 0.32 * max(n, 1)))
    names = []
    for i, r in enumerate(rows):
        total = sum(float(r.get(x) or 0) for x in role_names) or 1.0
        left = 0.0
        for j, x in enumerate(role_names):
            share = float(r.get(x) or 0) / total
            ax.barh(n - 1 - i, share, left=left, color=ROLE_COLOURS[j], edgecolor="white", linewidth=0.5,
                    label=role_titles[j] if i == 0 else None)
            left += share
        text = str(labels.get(r["node"]) or r["node"])
        names.append(text if len(text) <= 40 else text[:38] + "…")
    ax.set_yticks(range(n))
    ax.set_yticklabels(list(reversed(names)))
    ax.set_xlim(0, 1)
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0])
    ax.set_xticklabels(["0", "25 %", "50 %", "75 %", "100 %"])
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=len(role_names), frameon=False, fontsize=8)
    return fig


def coverage_figure(regions: Sequence[str], topics: Sequence[str], counts: dict, labels: dict, items_label: str):
    """Heat map of ``counts[(region, topic)]`` (vector cells, white where 0, the count written in)."""
    plt = _mpl()
    import numpy as np
    from matplotlib.colors import LinearSegmentedColormap

    R, T = len(regions), len(topics)
    M = np.zeros((R, T))
    for i, g in enumerate(regions):
        for j, t in enumerate(topics):
            M[i, j] = counts.get((g, t), 0)
    fig, ax = plt.subplots(figsize=(min(2.5 + 0.32 * T, 16), min(1.5 + 0.3 * R, 14)))
    cmap = LinearSegmentedColormap.from_list("cover", ["#ffffff", "#c6dbef", "#2171b5", "#08306b"])
    mesh = ax.pcolormesh(M, cmap=cmap, vmin=0, vmax=max(float(M.max()), 1.0), edgecolors="#dddddd", linewidth=0.4)
    for i in range(R):
        for j in range(T):
            if M[i, j]:
                ax.text(j + 0.5, i + 0.5, str(int(M[i, j])), ha="center", va="center", fontsize=7,
                        color="white" if M[i, j] > 0.55 * M.max() else "#111111")

    def short(x):
        t = str(labels.get(x) or x.rsplit("/", 1)[-1])
        return t if len(t) <= 38 else t[:36] + "…"

    ax.set_yticks([i + 0.5 for i in range(R)])
    ax.set_yticklabels([short(g) for g in regions])
    ax.set_xticks([j + 0.5 for j in range(T)])
    ax.set_xticklabels([short(t) for t in topics], rotation=60, ha="right", rotation_mode="anchor")
    ax.invert_yaxis()
    ax.tick_params(length=0)
    for s in ax.spines.values():
        s.set_visible(False)
    cb = fig.colorbar(mesh, ax=ax, fraction=0.03, pad=0.01)
    cb.set_label(items_label)
    return fig
