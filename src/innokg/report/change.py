"""The report's "change over time" section, from an analysis over time (:mod:`innokg.analysis.temporal`).

:func:`change_section` makes one :class:`~innokg.report.content.Section` (rendered in HTML and
Markdown like every other, its tables written as CSV/JSON) with

* the network per period as small multiples — the same organisations in the same places in every
  panel (a Fruchterman–Reingold layout of the union of the periods' networks, narrowed to the
  strongest brokers and their partners), ties and organisations drawn where they exist that period,
  the top brokers ringed;
* a bump chart of the top brokers' ranks by Gould–Fernandez total brokerage, period by period;
* the network's figures per period (size, density, components, modularity);
* the brokers who rose and fell most, and the gaps between groups that opened or closed;
* how stable the broker ranking is between consecutive periods (Spearman's ρ, Kendall's τ-b) and
  what that means for reading a rise.

and, linked from the section, the network of every period as one dynamic GEXF 1.3 file
(:data:`GEXF_FILE`, :func:`innokg.results.netfiles.write_dynamic_gexf`, the file ``innokg analyze
--over-time`` writes) — an :class:`~innokg.report.content.Attachment` the report folder holds.

Its words are in the small catalogue here (English and German), apart from the report's own.

References
----------
Tufte, E. R. (1983). *The Visual Display of Quantitative Information* (small multiples).
Fruchterman, T. M. J. and Reingold, E. M. (1991). Graph drawing by force-directed placement.
*Software: Practice and Experience* 21(11): 1129–1164.
"""

from __future__ import annotations

import io
import math
from typing import Any, Sequence

import networkx as nx

from innokg.analysis.temporal import TemporalAnalysis
from innokg.report.content import Attachment, Figure, Heading, Section, Table, column_decimals, display_number
from innokg.report.figures import PALETTE, packed_layout, svg_text
from innokg.report.messages import MESSAGES, msg
from innokg.results.netfiles import write_dynamic_gexf

__all__ = ["CHANGE_MESSAGES", "GEXF_FILE", "change_msg", "change_section", "over_time_section", "small_multiples_figure",
           "bump_figure"]

#: the dynamic network in the report folder (as ``innokg analyze --over-time`` names it)
GEXF_FILE = "network-over-time.gexf"

#: key -> (English, German)
CHANGE_MESSAGES: dict[str, tuple[str, str]] = {
    "change": ("Change over time", "Wandel über die Zeit"),
    "intro": ("The network was cut into {n} periods ({periods}); each period's network was analysed with the same "
              "measures and engines as the whole. Ties count in a period when they {dating}. {undated}",
              "Das Netzwerk wurde in {n} Zeiträume geteilt ({periods}); das Netzwerk jedes Zeitraums wurde mit denselben "
              "Maßen und Verfahren analysiert wie das ganze. Eine Verbindung zählt in einem Zeitraum, wenn sie {dating}. "
              "{undated}"),
    "dating_overlap": ("held at some time in it", "in ihm irgendwann bestand"),
    "dating_start": ("began in it", "in ihm begann"),
    "undated_keep": ("{n} of {total} affiliations have no date (own, their group's or project's): they are counted "
                     "in every period.",
                     "{n} von {total} Zugehörigkeiten haben kein Datum (weder eigenes noch das ihrer Gruppe oder ihres "
                     "Projekts): sie zählen in jedem Zeitraum."),
    "undated_drop": ("{n} of {total} affiliations have no date (own, their group's or project's): they are left out "
                     "of every period.",
                     "{n} von {total} Zugehörigkeiten haben kein Datum (weder eigenes noch das ihrer Gruppe oder ihres "
                     "Projekts): sie fehlen in jedem Zeitraum."),
    "undated_none": ("Every affiliation is dated.", "Jede Zugehörigkeit ist datiert."),
    "multiples_caption": ("The network per period (organisations, ties in brackets): the same {n} organisations "
                          "(the strongest brokers of any period and their partners) in the same places in every "
                          "panel; an organisation or tie is drawn where it exists in that period, the others "
                          "faintly. Ringed and coloured: the top brokers. Layout seed {seed}.",
                          "Das Netzwerk je Zeitraum (Organisationen, Verbindungen in Klammern): dieselben {n} "
                          "Organisationen (die stärksten Vermittler aller Zeiträume und ihre Partner) an denselben "
                          "Stellen in jedem Feld; eine Organisation oder Verbindung ist gezeichnet, wo es sie im "
                          "Zeitraum gibt, die übrigen blass. Umrandet und farbig: die stärksten Vermittler. "
                          "Layout-Seed {seed}."),
    "bump_caption": ("Rank by total brokerage (Gould & Fernandez) of the {n} brokers that ranked highest in any "
                     "period; a gap in a line: not in that period's network or not brokering.",
                     "Rang nach Vermittlung insgesamt (Gould & Fernandez) der {n} Vermittler mit dem besten Rang in "
                     "einem Zeitraum; eine Lücke in der Linie: nicht im Netzwerk des Zeitraums oder ohne Vermittlung."),
    "periods_heading": ("The network per period", "Das Netzwerk je Zeitraum"),
    "movers_heading": ("Who rose and who fell", "Wer aufstieg und wer abstieg"),
    "movers_intro": ("The brokers whose total brokerage changed most between consecutive periods (and from the "
                     "first period to the last); an organisation not in a period's network brokers nothing there.",
                     "Die Vermittler, deren Vermittlung insgesamt sich zwischen aufeinanderfolgenden Zeiträumen (und "
                     "vom ersten zum letzten) am stärksten änderte; eine Organisation, die im Netzwerk eines Zeitraums "
                     "fehlt, vermittelt dort nichts."),
    "gaps_heading": ("Gaps that opened or closed", "Lücken, die sich öffneten oder schlossen"),
    "gaps_intro": ("Pairs of groups present in both periods that had no tie in one and ties in the other.",
                   "Gruppenpaare, die in beiden Zeiträumen vorkommen und in einem keine, im anderen aber Verbindungen "
                   "hatten."),
    "stability_heading": ("How stable the broker ranking is", "Wie stabil die Rangfolge der Vermittler ist"),
    "stability_intro": ("Spearman's ρ and Kendall's τ-b between consecutive periods' total brokerage, over the "
                        "organisations in both periods that broker in at least one. Near 1: the ranking barely "
                        "moves, so a rise is signal; near 0 or below: rankings reshuffle from period to period, so "
                        "read a single rise with care. Not stated (–) with fewer than three such organisations.",
                        "Spearmans ρ und Kendalls τ-b zwischen der Vermittlung insgesamt aufeinanderfolgender Zeiträume, "
                        "über die Organisationen, die in beiden Zeiträumen vorkommen und in mindestens einem vermitteln. "
                        "Nahe 1: die Rangfolge bewegt sich kaum, ein Aufstieg ist also ein Signal; nahe 0 oder darunter: "
                        "die Rangfolgen mischen sich von Zeitraum zu Zeitraum neu, ein einzelner Aufstieg ist mit "
                        "Vorsicht zu lesen. Nicht angegeben (–) bei weniger als drei solchen Organisationen."),
    "stability_summary": ("Median Spearman ρ between consecutive periods: {rho}; median Kendall τ: {tau}.",
                          "Median von Spearmans ρ zwischen aufeinanderfolgenden Zeiträumen: {rho}; Median von "
                          "Kendalls τ: {tau}."),
    "gexf_caption": ("For Gephi, the network of every period in one file (GEXF 1.3, dynamic: organisations and ties "
                     "with the periods they are in, every measure per period; Gephi's timeline plays it):",
                     "Für Gephi das Netzwerk aller Zeiträume in einer Datei (GEXF 1.3, dynamisch: Organisationen und "
                     "Verbindungen mit den Zeiträumen, in denen es sie gibt, jedes Maß je Zeitraum; Gephis Zeitleiste "
                     "spielt es ab):"),
    "none": ("None.", "Keine."),
    "period": ("period", "Zeitraum"),
    "span": ("periods", "Zeiträume"),
    "direction": ("direction", "Richtung"),
    "riser": ("rose", "stieg"),
    "faller": ("fell", "fiel"),
    "total_from": ("total before", "vorher insgesamt"),
    "total_to": ("total after", "nachher insgesamt"),
    "change_value": ("change", "Änderung"),
    "rank_from": ("rank before", "Rang vorher"),
    "rank_to": ("rank after", "Rang nachher"),
    "status": ("what happened", "was geschah"),
    "became broker": ("became a broker", "wurde Vermittler"),
    "stopped brokering": ("stopped brokering", "vermittelt nicht mehr"),
    "rose": ("rose", "stieg"),
    "fell": ("fell", "fiel"),
    "opened": ("opened", "geöffnet"),
    "closed": ("closed", "geschlossen"),
    "gap_change": ("gap", "Lücke"),
    "ties_from": ("ties before", "Verbindungen vorher"),
    "ties_to": ("ties after", "Verbindungen nachher"),
    "brokers_count": ("brokers", "Vermittler"),
    "period_from": ("from", "von"),
    "period_to": ("to", "bis"),
    "stab_nodes": ("organisations compared", "verglichene Organisationen"),
    "spearman": ("Spearman ρ", "Spearman ρ"),
    "kendall": ("Kendall τ-b", "Kendall τ-b"),
    "rank_axis": ("rank", "Rang"),
}


def change_msg(key: str, lang: str = "en", **values) -> str:
    """The message ``key`` of :data:`CHANGE_MESSAGES` in ``lang``, placeholders filled from ``values``.

    >>> change_msg("change", "de")
    'Wandel über die Zeit'
    """
    en, de = CHANGE_MESSAGES[key]
    text = de if lang == "de" else en
    return text.format(**values) if values else text


def _bad(x) -> bool:
    return x is None or (isinstance(x, float) and (math.isnan(x) or math.isinf(x)))


def _top_brokers(t: TemporalAnalysis, n: int) -> list:
    """The ``n`` nodes with the best total-brokerage rank in any period (ties by node)."""
    best: dict = {}
    for r in t.nodes:
        if not _bad(r.get("total")) and r["total"] > 0 and r.get("total_rank") is not None:
            best[r["node"]] = min(best.get(r["node"], r["total_rank"]), r["total_rank"])
    return sorted(best, key=lambda v: (best[v], str(v)))[:n]


def _name(v, labels: dict) -> str:
    text = str(labels.get(v) or str(v).rstrip("/").rsplit("/", 1)[-1])
    return text if len(text) <= 32 else text[:30] + "…"


def _figure(width: float, height: float):
    from matplotlib.figure import Figure as MplFigure

    return MplFigure(figsize=(width, height))


def small_multiples_figure(periods: Sequence[dict], graphs: Sequence[nx.Graph], brokers: Sequence, labels: dict, *,
                           max_nodes: int = 80, seed: int = 1):
    """One panel per period, the nodes kept in place across panels (see the module); returns
    ``(figure, number of organisations drawn)``."""
    U = nx.Graph()
    for G in graphs:
        U.add_nodes_from(G.nodes())
        U.add_edges_from(G.to_undirected().edges() if G.is_directed() else G.edges())
    keep = list(dict.fromkeys(b for b in brokers if b in U))
    for b in list(keep):
        for v in sorted(U[b], key=lambda x: (-U.degree(x), str(x))):
            if len(keep) >= max_nodes:
                break
            if v not in keep:
                keep.append(v)
    if len(keep) < max_nodes:  # small networks: everything
        for v in sorted(U, key=lambda x: (-U.degree(x), str(x))):
            if len(keep) >= max_nodes:
                break
            if v not in keep:
                keep.append(v)
    H = nx.Graph()
    H.add_nodes_from(sorted(keep, key=str))
    H.add_edges_from(sorted(((u, v) for u, v in U.subgraph(keep).edges()), key=lambda e: (str(e[0]), str(e[1]))))
    pos = packed_layout(H, seed=seed)
    cols = min(4, max(1, len(graphs)))
    rows = math.ceil(len(graphs) / cols)
    fig = _figure(3.2 * cols, 3.0 * rows)
    bset = set(brokers)
    colour = {b: PALETTE[i % len(PALETTE)] for i, b in enumerate(brokers)}
    for i, (p, G) in enumerate(zip(periods, graphs)):
        ax = fig.add_subplot(rows, cols, i + 1)
        ax.set_axis_off()
        ax.set_aspect("equal")
        ax.set_title(f'{p["label"]} ({G.number_of_nodes()}, {G.number_of_edges()})', fontsize=9)
        xs = [q[0] for q in pos.values()] or [0.0]
        ys = [q[1] for q in pos.values()] or [0.0]
        ax.set_xlim(min(xs) - 0.3, max(xs) + 0.3)
        ax.set_ylim(min(ys) - 0.3, max(ys) + 0.3)
        for u, v in H.edges():
            if G.has_edge(u, v) or G.has_edge(v, u):
                ax.plot([pos[u][0], pos[v][0]], [pos[u][1], pos[v][1]], color="#8a8a8a", linewidth=0.5, alpha=0.6,
                        zorder=1)
        present = [v for v in H if v in G]
        absent = [v for v in H if v not in G]  # drawn faintly: where the network will grow (or has shrunk)
        if absent:
            ax.scatter([pos[v][0] for v in absent], [pos[v][1] for v in absent], s=6, c="#EEEEEE",
                       edgecolors="#DDDDDD", linewidths=0.4, zorder=1)
        ax.scatter([pos[v][0] for v in present], [pos[v][1] for v in present], s=[30 if v in bset else 8
                                                                                 for v in present],
                   c=[colour.get(v, "#BBBBBB") for v in present],
                   edgecolors=["#111111" if v in bset else "white" for v in present], linewidths=0.6, zorder=2)
    return fig, H.number_of_nodes()


def bump_figure(periods: Sequence[dict], t: TemporalAnalysis, brokers: Sequence, labels: dict, rank_label: str):
    """A bump chart: each broker's total-brokerage rank per period (1 at the top), one line per broker."""
    rank = {(r["period"], r["node"]): r.get("total_rank") for r in t.nodes
            if not _bad(r.get("total")) and r["total"] > 0}
    fig = _figure(max(4.5, 1.3 * len(periods) + 3.0), 0.8 + 0.35 * max(len(brokers), 3))
    ax = fig.add_subplot(1, 1, 1)
    worst = 1
    for i, b in enumerate(brokers):
        xs, ys = [], []
        for j, p in enumerate(periods):
            rk = rank.get((p["label"], b))
            if rk is None:
                if xs:
                    ax.plot(xs, ys, marker="o", color=PALETTE[i % len(PALETTE)], linewidth=1.6, markersize=4)
                xs, ys = [], []
                continue
            xs.append(j)
            ys.append(rk)
            worst = max(worst, rk)
        if xs:
            ax.plot(xs, ys, marker="o", color=PALETTE[i % len(PALETTE)], linewidth=1.6, markersize=4)
        last = [(j, rank[(p["label"], b)]) for j, p in enumerate(periods) if (p["label"], b) in rank]
        if last:
            ax.annotate(_name(b, labels), (last[-1][0], last[-1][1]), xytext=(6, 0), textcoords="offset points",
                        va="center", fontsize=7, color=PALETTE[i % len(PALETTE)])
    ax.set_xticks(range(len(periods)))
    ax.set_xticklabels([str(p["label"]) for p in periods], fontsize=8)
    ax.set_xlim(-0.3, len(periods) - 0.4 + 1.2)
    ax.set_ylim(worst + 0.5, 0.5)
    ax.set_yticks(range(1, worst + 1, max(1, worst // 10)))
    ax.set_ylabel(rank_label, fontsize=8)
    ax.tick_params(labelsize=8)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return fig


def _table(name: str, columns: list[str], rows: list[dict], lang: str, *, headers: list[str],
           names: dict[str, Any] | None = None, numeric: set[str] = frozenset(), csv_columns=None) -> Table:
    decimals = {c: column_decimals(r.get(c) for r in rows) for c in columns}  # one format per column
    cells = []
    for r in rows:
        line = []
        for c in columns:
            v = r.get(c)
            if names and c in names:
                line.append(names[c](v))
            else:
                line.append(display_number(v, lang, decimals[c]))
        cells.append(line)
    return Table(name=name, columns=list(columns), headers=headers, rows=list(rows), cells=cells,
                 numeric=set(numeric), csv_columns=csv_columns)


def change_section(t: TemporalAnalysis, graphs: Sequence[nx.Graph], lang: str = "en", *, labels: dict | None = None,
                   dating: str = "overlap", undated: str = "keep", undated_count: int = 0, affiliations: int = 0,
                   top: int = 8, seed: int = 1, max_nodes: int = 80) -> Section:
    """The "change over time" section of the report (see the module) in ``lang``."""
    labels = dict(labels or {})
    for r in t.nodes:
        if r.get("label"):
            labels.setdefault(r["node"], r["label"])
    m = lambda key, **kw: change_msg(key, lang, **kw)  # noqa: E731
    node_name = lambda v: _name(v, labels) if v is not None else "–"  # noqa: E731
    word = lambda v: m(v) if v in CHANGE_MESSAGES else msg(v, lang) if v in MESSAGES else str(v)  # noqa: E731
    if undated_count:
        und = m(f"undated_{undated}", n=undated_count, total=affiliations)
    else:
        und = m("undated_none")
    blocks: list[Any] = [m("intro", n=len(t.periods), periods=", ".join(p["label"] for p in t.periods),
                           dating=m(f"dating_{dating}"), undated=und)]
    gexf = io.StringIO()
    write_dynamic_gexf(gexf, t.periods, graphs, [res.nodes for res in t.results])
    blocks.append(Attachment(GEXF_FILE, gexf.getvalue(), m("gexf_caption")))
    brokers = _top_brokers(t, top)
    fig, n = small_multiples_figure(t.periods, graphs, brokers, labels, max_nodes=max_nodes, seed=seed)
    blocks.append(Figure("change-small-multiples", svg_text(fig), m("multiples_caption", n=n, seed=seed)))
    if brokers:
        bf = bump_figure(t.periods, t, brokers, labels, m("rank_axis"))
        blocks.append(Figure("change-broker-ranks", svg_text(bf), m("bump_caption", n=len(brokers))))
    cols = ["period", "nodes", "ties", "density", "components", "largest_component", "modularity", "brokers"]
    heads = [m("period"), msg("nodes", lang), msg("ties", lang), msg("density", lang), msg("components", lang),
             msg("largest_component", lang), msg("modularity", lang), m("brokers_count")]
    blocks += [Heading(m("periods_heading")), _table("change-periods", cols, t.graph, lang, headers=heads,
                                            names={"period": str}, numeric=set(cols[1:]),
                                            csv_columns=["period", "period_start", "period_end", *cols[1:],
                                                         "communities", "brokerage_z"])]
    cols = ["span", "label", "direction", "total_from", "total_to", "change", "rank_from", "rank_to", "status"]
    heads = [m("span"), msg("label", lang), m("direction"), m("total_from"),
             m("total_to"), m("change_value"), m("rank_from"), m("rank_to"), m("status")]
    mv = [dict(r, label=node_name(r["node"])) for r in t.movers]
    blocks += [Heading(m("movers_heading")), m("movers_intro")]
    blocks.append(_table("change-movers", cols, mv, lang, headers=heads,
                         names={"span": str, "label": str, "direction": word, "status": word},
                         numeric={"total_from", "total_to", "change", "rank_from", "rank_to"},
                         csv_columns=["span", "direction", "node", "label", "group", "total_from", "total_to",
                                      "change", "rank_from", "rank_to", "rank_change", "status"])
                  if mv else m("none"))
    cols = ["span", "group_a", "group_b", "change", "ties_from", "ties_to"]
    heads = [m("span"), msg("group_a", lang), msg("group_b", lang), m("gap_change"), m("ties_from"), m("ties_to")]
    group_name = lambda g: msg(g, lang) if g in MESSAGES else node_name(g)  # noqa: E731
    blocks += [Heading(m("gaps_heading")), m("gaps_intro")]
    blocks.append(_table("change-gaps", cols, t.gap_changes, lang, headers=heads,
                         names={"span": str, "group_a": group_name, "group_b": group_name, "change": word},
                         numeric={"ties_from", "ties_to"},
                         csv_columns=["span", "group_a", "group_b", "change", "status_from", "status_to",
                                      "ties_from", "ties_to", "density_from", "density_to"])
                  if t.gap_changes else m("none"))
    cols = ["period_from", "period_to", "nodes", "spearman", "kendall"]
    heads = [m("period_from"), m("period_to"), m("stab_nodes"), m("spearman"), m("kendall")]
    blocks += [Heading(m("stability_heading")), m("stability_intro")]
    if t.stability:
        blocks.append(_table("change-stability", cols, t.stability, lang, headers=heads,
                             names={"period_from": str, "period_to": str}, numeric=set(cols[2:]),
                             csv_columns=["period_from", "period_to", "nodes", "spearman", "spearman_p", "kendall",
                                          "kendall_p"]))
        rho = sorted(s["spearman"] for s in t.stability if not _bad(s["spearman"]))
        tau = sorted(s["kendall"] for s in t.stability if not _bad(s["kendall"]))
        if rho and tau:
            med = lambda xs: display_number((xs[(len(xs) - 1) // 2] + xs[len(xs) // 2]) / 2, lang, 3)  # noqa: E731
            blocks.append(m("stability_summary", rho=med(rho), tau=med(tau)))
    else:
        blocks.append(m("none"))
    return Section("change", m("change"), blocks)



def over_time_section(net, options, lang: str = "en", *, over_time: str | None = None, window: str | None = None,
                      step: str | None = None, start: str | None = None, end: str | None = None,
                      hubs: Sequence[str] = (), labels: dict | None = None, k: int | None = None, seed: int = 1,
                      closeness: bool = True, progress=lambda _m: None, jobs: int = 1) -> Section:
    """Cut ``net`` (:class:`innokg.projection.graph_input.GraphNetwork`) into periods as ``innokg analyze
    --over-time``/``--window`` does (same slicing, projection and analysis), narrowed to ``hubs`` when given,
    and make the change section of it."""
    from innokg.analysis.temporal import analyze_over_time
    from innokg.projection.graph_input import period_networks
    from innokg.projection.periods import dated_years, period_list
    from innokg.report.inputs import narrow_to_hubs

    periods = period_list(over_time, window=window, step=step, start=start, end=end, span=dated_years(net.dated.rows))
    nets = [(p, narrow_to_hubs(G, net.dated.rows, hubs) if hubs else G)
            for p, G in period_networks(net, periods, options)]
    t = analyze_over_time(nets, net.partition, k=k, seed=seed, closeness=closeness, progress=progress, jobs=jobs)
    return change_section(t, [G for _, G in nets], lang, labels=labels, dating=options.dating,
                          undated=options.undated, undated_count=net.dated.undated, affiliations=len(net.dated.rows),
                          seed=seed)
