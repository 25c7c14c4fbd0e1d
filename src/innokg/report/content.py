"""What the report says: sections of paragraphs, tables and figures, built from an analysis.

:func:`report_content` turns a :class:`innokg.analysis.network.NetworkAnalysis` (and, for the
knowledge graph, the coverage, triple-helix and completeness tables) into a
:class:`Report` — a list of :class:`Section` objects holding :class:`Table`,
:class:`Figure` and paragraph blocks. HTML and Markdown are both rendered from this
one structure (:mod:`innokg.report.render`), so they say the same; every table is also
written as CSV and JSON.

Measures and their papers (the methods section lists them):

* degree, strength; betweenness (Freeman 1977; Brandes 2001; sampled: Brandes & Pich 2007);
  closeness (Freeman 1978/79; Wasserman & Faust 1994); eigenvector (Bonacich 1972);
  PageRank (Brin & Page 1998);
* effective size, efficiency, constraint, hierarchy (Burt 1992);
* brokerage roles (Gould & Fernandez 1989);
* Louvain communities (Blondel et al. 2008), modularity (Newman & Girvan 2004),
  participation coefficient and within-module degree (Guimerà & Amaral 2005);
* group gaps (White, Boorman & Breiger 1976; Burt 2005); missing links by resource
  allocation (Zhou, Lü & Zhang 2009), Adamic–Adar (2003), community-aware RA
  (Soundarajan & Hopcroft 2012); triple helix (Etzkowitz & Leydesdorff 2000).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from innokg.analysis.network import NetworkAnalysis, software_versions
from innokg.report import figures
from innokg.report.messages import MESSAGES, msg

__all__ = ["Table", "Figure", "Heading", "Section", "Report", "ReportInput", "report_content", "display_number",
           "MEASURES", "ROLE_NAMES"]

ROLE_NAMES = ("coordinator", "itinerant", "representative", "gatekeeper", "liaison")

#: (measure key, paper) for the methods section; the measure's name comes from the message catalogue.
MEASURES: tuple[tuple[str, str], ...] = (
    ("degree", "Wasserman, S. and Faust, K. (1994). Social Network Analysis. Cambridge University Press, ch. 4."),
    ("strength", "Barrat, A. et al. (2004). The architecture of complex weighted networks. PNAS 101(11): 3747–3752."),
    ("betweenness", "Freeman, L. C. (1977). A set of measures of centrality based on betweenness. Sociometry 40: 35–41; "
                    "Brandes, U. (2001). J. Math. Sociol. 25(2): 163–177; sampled: Brandes, U. and Pich, C. (2007). "
                    "Int. J. Bifurcation and Chaos 17(7): 2303–2318."),
    ("closeness", "Freeman, L. C. (1979). Centrality in social networks: conceptual clarification. Social Networks 1: "
                  "215–239; Wasserman & Faust (1994); sampled: Eppstein, D. and Wang, J. (2004). JGAA 8(1): 39–45."),
    ("eigenvector", "Bonacich, P. (1972). Factoring and weighting approaches to status scores and clique "
                    "identification. J. Math. Sociol. 2(1): 113–120."),
    ("pagerank", "Brin, S. and Page, L. (1998). The anatomy of a large-scale hypertextual Web search engine. "
                 "Computer Networks and ISDN Systems 30: 107–117."),
    ("effective_size", "Burt, R. S. (1992). Structural Holes: The Social Structure of Competition. Harvard University Press."),
    ("efficiency", "Burt (1992)."),
    ("constraint", "Burt (1992)."),
    ("hierarchy", "Burt (1992)."),
    ("total", "Gould, R. V. and Fernandez, R. M. (1989). Structures of mediation: a formal approach to brokerage in "
              "transaction networks. Sociological Methodology 19: 89–126 (coordinator, itinerant, representative, "
              "gatekeeper, liaison; z-scores as R's sna::brokerage)."),
    ("communities", "Blondel, V. D. et al. (2008). Fast unfolding of communities in large networks. J. Stat. Mech. "
                    "P10008; modularity: Newman, M. E. J. and Girvan, M. (2004). Phys. Rev. E 69: 026113."),
    ("participation", "Guimerà, R. and Amaral, L. A. N. (2005). Functional cartography of complex metabolic networks. "
                      "Nature 433: 895–900."),
    ("group_gaps", "White, H. C., Boorman, S. A. and Breiger, R. L. (1976). Am. J. Sociol. 81(4): 730–780; "
                   "Burt, R. S. (2005). Brokerage and Closure. Oxford University Press."),
    ("missing_links", "Zhou, T., Lü, L. and Zhang, Y.-C. (2009). Eur. Phys. J. B 71: 623–630; Adamic, L. A. and "
                      "Adar, E. (2003). Social Networks 25(3): 211–230; Soundarajan, S. and Hopcroft, J. (2012). "
                      "WWW '12 Companion: 607–608."),
    ("helix", "Etzkowitz, H. and Leydesdorff, L. (2000). The dynamics of innovation. Research Policy 29(2): 109–123."),
    ("picture", "Fruchterman, T. M. J. and Reingold, E. M. (1991). Graph drawing by force-directed placement. "
                "Software: Practice and Experience 21(11): 1129–1164."),
)


@dataclass
class Table:
    """A table: raw rows (for CSV/JSON) and the cells as shown (labels for IRIs, fixed decimals)."""

    name: str
    columns: list[str]
    headers: list[str]
    rows: list[dict[str, Any]]
    cells: list[list[str]]
    numeric: set[str] = field(default_factory=set)
    shades: dict[tuple[int, str], float] = field(default_factory=dict)   # (row, column) -> 0..1
    titles: dict[tuple[int, str], str] = field(default_factory=dict)     # (row, column) -> hover text
    status: dict[int, str] = field(default_factory=dict)                 # row -> hole/thin/ok
    note: str | None = None
    shown: bool = True
    csv_columns: list[str] | None = None


@dataclass
class Figure:
    name: str
    svg: str
    caption: str


@dataclass
class Heading:
    text: str


@dataclass
class Section:
    key: str
    title: str
    blocks: list[Any]


@dataclass
class Report:
    lang: str
    title: str
    subtitle: str
    meta: list[tuple[str, str]]
    sections: list[Section]

    def tables(self) -> list[Table]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Table)]

    def figures(self) -> list[Figure]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Figure)]


@dataclass
class ReportInput:
    """Everything a report is made from besides the analysis itself."""

    G: nx.Graph
    result: NetworkAnalysis
    inputs: list[dict[str, Any]]
    labels: dict[str, str] = field(default_factory=dict)
    data_date: str | None = None
    timestamp: str | None = None
    scope: list[str] = field(default_factory=list)
    coverage: dict[str, Any] | None = None
    helix: list[dict[str, Any]] | None = None
    completeness: list[dict[str, Any]] | None = None
    source: str = ""


def _bad(x) -> bool:
    return x is None or (isinstance(x, float) and (math.isnan(x) or math.isinf(x)))


def display_number(x: Any) -> str:
    """A number as shown in the report: integers as such, other numbers with 3 decimals
    (very small non-zero ones in scientific notation), missing as an en dash.

    Examples
    --------
    >>> [display_number(v) for v in (12.0, 0.12345, 0.0000123, float("nan"), None, 3)]
    ['12', '0.123', '1.23e-05', '–', '–', '3']
    """
    if isinstance(x, bool):
        return "✓" if x else "✗"
    if _bad(x):
        return "–"
    if isinstance(x, int):
        return str(x)
    if isinstance(x, float):
        if x == int(x) and abs(x) < 1e15:
            return str(int(x))
        if x != 0 and abs(x) < 0.001:
            return f"{x:.2e}"
        return f"{x:.3f}"
    return str(x)


def _short(x: Any) -> str:
    return str(x).rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


class _Namer:
    def __init__(self, labels: dict, lang: str):
        self.labels, self.lang = labels, lang

    def __call__(self, x: Any) -> str:
        if x is None:
            return "–"
        lab = self.labels.get(x)
        if lab:
            return str(lab)
        s = str(x)
        if s.startswith("id:"):  # a validation finding's focus node, written as a prefixed name
            lab = self.labels.get("https://w3id.org/innokg/id/" + s[3:])
            if lab:
                return str(lab)
        if s in MESSAGES:  # sector names and statuses
            return msg(s, self.lang)
        return _short(s) if "://" in s else s


def _table(name, columns, rows, lang, namer, *, label_cols=(), numeric=(), headers=None, note=None, shown=True,
           csv_columns=None) -> Table:
    heads = headers or [msg(c, lang) if c in MESSAGES else c for c in columns]
    cells = []
    for r in rows:
        line = []
        for c in columns:
            v = r.get(c)
            if c in label_cols:
                line.append(namer(v))
            elif isinstance(v, (int, float)) and not isinstance(v, bool) or v is None:
                line.append(display_number(v))
            elif isinstance(v, (list, tuple)):
                line.append(", ".join(namer(x) for x in v))
            else:
                line.append(display_number(v))
        cells.append(line)
    return Table(name=name, columns=list(columns), headers=heads, rows=list(rows), cells=cells,
                 numeric=set(numeric), note=note, shown=shown, csv_columns=csv_columns)


def _ranked(rows, key, *, reverse=True, where=lambda r: True):
    def k(r):
        v = r.get(key)
        bad = _bad(v)
        return (bad, (-(v) if reverse else v) if not bad else 0, str(r["node"]))
    return [r for r in sorted(rows, key=k) if where(r) and not _bad(r.get(key))]


def _busiest(keys, counts: dict, axis: int, limit: int) -> list:
    """The ``limit`` keys with the most items along ``axis`` of ``counts`` (ties by key)."""
    total: dict = {k: 0 for k in keys}
    for pair, n in counts.items():
        if pair[axis] in total:
            total[pair[axis]] += n
    return sorted(total, key=lambda k: (-total[k], str(k)))[:limit]


def report_content(data: ReportInput, lang: str = "en", *, top: int = 20, max_nodes: int = 150,
                   max_ties: int = 1500, seed: int = 1, named_brokers: int = 10, heat_max: int = 40,
                   progress=lambda _m: None) -> Report:
    """The report's sections, tables and figures for ``data`` in ``lang``."""
    res, G = data.result, data.G
    labels = dict(data.labels)
    for r in res.nodes:
        if r.get("label"):
            labels.setdefault(r["node"], r["label"])
    name = _Namer(labels, lang)
    rows = res.nodes
    by_node = {r["node"]: r for r in rows}
    gr = res.graph
    sections: list[Section] = []

    # -- summary --------------------------------------------------------------------------------
    z = gr.get("brokerage", {}).get("z", {}) or {}
    summary_rows = [
        {"figure": msg("nodes", lang), "value": gr["nodes"]},
        {"figure": msg("ties", lang), "value": gr["ties"]},
        {"figure": msg("density", lang), "value": gr["density"]},
        {"figure": msg("components", lang), "value": gr["components"]},
        {"figure": msg("largest_component", lang), "value": gr["largest_component"]},
        {"figure": msg("communities", lang), "value": gr["communities"]},
        {"figure": msg("modularity", lang), "value": gr["modularity"]},
        {"figure": msg("partition", lang), "value": f"{name(gr['partition'])} ({len(gr.get('groups', {}))})"},
    ]
    if isinstance(z, dict) and not _bad(z.get("total")):
        summary_rows.append({"figure": msg("brokerage_z", lang), "value": z.get("total")})
    summary = _table("summary", ["figure", "value"], summary_rows, lang, name, numeric={"value"},
                     headers=[msg("figure", lang), msg("value", lang)])
    sections.append(Section("summary", msg("summary", lang), [summary]))

    # -- picture --------------------------------------------------------------------------------
    progress("picture")
    brokers_ranked = _ranked(rows, "total", where=lambda r: (r.get("total") or 0) > 0)
    H, cut = figures.backbone(G, rows, max_nodes=max_nodes, max_ties=max_ties)
    isolates = sorted((v for v in H if H.degree(v) == 0), key=str) if H.number_of_edges() else []
    H.remove_nodes_from(isolates)
    named = [r["node"] for r in brokers_ranked if r["node"] in H][:named_brokers]
    fig = figures.network_figure(H, by_node, named, labels, seed=seed, other_label=msg("other_communities", lang),
                                 community_label=msg("community", lang))
    if cut:
        caption = msg("picture_caption_backbone", lang, n=H.number_of_nodes(), total=gr["nodes"],
                      m=H.number_of_edges(), total_m=gr["ties"], b=len(named), seed=seed)
    else:
        caption = msg("picture_caption_all", lang, n=H.number_of_nodes() + len(isolates), m=H.number_of_edges(),
                      b=len(named), seed=seed)
    if isolates:
        caption += " " + msg("isolates_note", lang, n=len(isolates))
    sections.append(Section("picture", msg("picture", lang), [Figure("network", figures.svg_text(fig), caption)]))

    # -- brokers --------------------------------------------------------------------------------
    progress("tables")
    top_brokers = [dict(r, rank=i) for i, r in enumerate(brokers_ranked[:top], 1)]
    cols = ["rank", "label", "group", "total", *ROLE_NAMES, "betweenness", "degree", "effective_size", "constraint",
            "community", "participation"]
    bt = _table("brokers", cols, top_brokers, lang, name, label_cols={"group"},
                numeric=set(cols) - {"label", "group"},
                note=msg("shown_of", lang, shown=len(top_brokers), total=len(brokers_ranked)),
                csv_columns=["rank", "node", "label", "group", "total", *ROLE_NAMES,
                             *(f"{x}_z" for x in (*ROLE_NAMES, "total")), "betweenness", "degree",
                             "effective_size", "constraint", "community", "participation"])
    for i, r in enumerate(top_brokers):
        bt.cells[i][1] = name(r["node"])
        tot = float(r.get("total") or 0) or 1.0
        for x in ROLE_NAMES:
            bt.shades[(i, x)] = float(r.get(x) or 0) / tot
            bt.titles[(i, x)] = f"z = {display_number(r.get(x + '_z'))}"
    blocks: list[Any] = [msg("brokers_intro", lang, partition=name(gr["partition"])), bt]
    if top_brokers:
        rf = figures.roles_figure(top_brokers[:15], labels, ROLE_NAMES, [msg(x, lang) for x in ROLE_NAMES])
        blocks += [msg("roles_intro", lang),
                   Figure("roles", figures.svg_text(rf), msg("roles_caption", lang, n=min(15, len(top_brokers))))]
    else:
        blocks.append(msg("none_found", lang))
    sections.append(Section("brokers", msg("brokers", lang), blocks))

    bw = [dict(r, rank=i) for i, r in enumerate(_ranked(rows, "betweenness",
                                                         where=lambda r: (r.get("betweenness") or 0) > 0)[:top], 1)]
    cols = ["rank", "label", "group", "betweenness", "degree", "strength", "closeness", "eigenvector", "pagerank",
            "total", "community"]
    t = _table("brokers-by-betweenness", cols, bw, lang, name, label_cols={"group"},
               numeric=set(cols) - {"label", "group"}, csv_columns=["rank", "node", *cols[1:]])
    for i, r in enumerate(bw):
        t.cells[i][1] = name(r["node"])
    sections.append(Section("betweenness", msg("brokers_by_betweenness", lang), [t] if bw else [msg("none_found", lang)]))

    cs = [dict(r, rank=i) for i, r in enumerate(_ranked(rows, "constraint", reverse=False,
                                                         where=lambda r: (r.get("degree") or 0) >= 2)[:top], 1)]
    cols = ["rank", "label", "group", "constraint", "effective_size", "efficiency", "hierarchy", "degree", "betweenness"]
    t = _table("open-networks", cols, cs, lang, name, label_cols={"group"}, numeric=set(cols) - {"label", "group"},
               csv_columns=["rank", "node", *cols[1:]])
    for i, r in enumerate(cs):
        t.cells[i][1] = name(r["node"])
    sections.append(Section("constraint", msg("brokers_by_constraint", lang),
                            [msg("constraint_intro", lang), t] if cs else [msg("none_found", lang)]))

    # -- gaps -----------------------------------------------------------------------------------
    few = res.parameters.get("few", 0.25)
    gg = res.group_gaps
    cols = ["group_a", "group_b", "size_a", "size_b", "ties", "possible", "density", "ratio", "status"]
    shown = gg[:max(top * 2, 40)]
    t = _table("group-gaps", cols, gg, lang, name, label_cols={"group_a", "group_b", "status"},
               numeric={"size_a", "size_b", "ties", "possible", "density", "ratio"},
               note=msg("shown_of", lang, shown=len(shown), total=len(gg)) if len(shown) < len(gg) else None)
    t.cells = t.cells[:len(shown)]
    t.status = {i: r["status"] for i, r in enumerate(shown)}
    sections.append(Section("group-gaps", msg("group_gaps", lang),
                            [msg("group_gaps_intro", lang, few=f"{few:g}"), t] if gg else [msg("none_found", lang)]))

    ml = [dict(r, rank=i) for i, r in enumerate(res.missing_links, 1)]
    for r in ml:
        via = r.get("via") or []
        via = via if isinstance(via, (list, tuple)) else [via]
        r["reason_text"] = msg("reason_text", lang, n=r.get("shared"),
                               via=", ".join(name(x) for x in via) + (" …" if (r.get("shared") or 0) > len(via) else ""))
    cols = ["rank", "u", "v", "group_u", "group_v", "score", "shared", "reason_text"]
    t = _table("missing-links", cols, ml, lang, name, label_cols={"u", "v", "group_u", "group_v"},
               numeric={"rank", "score", "shared"},
               headers=[msg("rank", lang), msg("org_a", lang), msg("org_b", lang), msg("group_a", lang),
                        msg("group_b", lang), msg("score", lang), msg("shared", lang), msg("reason", lang)],
               csv_columns=["rank", "u", "v", "group_u", "group_v", "score", "method", "shared", "via", "reason",
                            "reason_text"])
    method = res.parameters.get("links", "resource_allocation").replace("_", " ")
    sections.append(Section("missing-links", msg("missing_links", lang),
                            [msg("missing_links_intro", lang, method=method), t] if ml else [msg("none_found", lang)]))

    # -- coverage -------------------------------------------------------------------------------
    progress("coverage")
    if data.coverage is not None and data.coverage.get("cells"):
        cov = data.coverage
        counts = {(c["region"], c["topic"]): int(c["items"]) for c in cov["cells"]}
        regions = _busiest(cov["regions"], counts, 0, heat_max)
        topics = _busiest(cov["topics"], counts, 1, heat_max)
        regions.sort(key=lambda g: (name(g).lower(), g))
        topics.sort(key=lambda x: (name(x).lower(), x))
        cf = figures.coverage_figure(regions, topics, counts, {x: name(x) for x in (*regions, *topics)},
                                     msg("items", lang))
        cells = [dict(c, region_label=name(c["region"]), topic_label=name(c["topic"])) for c in cov["cells"]]
        ct = _table("coverage", ["region_label", "topic_label", "items"], cells, lang, name, shown=False,
                    headers=[msg("region", lang), msg("topic", lang), msg("items", lang)],
                    csv_columns=["region", "region_label", "topic", "topic_label", "items"])
        gaps = sum(1 for c in cov["cells"] if not c["items"])
        blocks = [msg("coverage_intro", lang),
                  Figure("coverage", figures.svg_text(cf),
                         msg("coverage_caption", lang, r=len(cov["regions"]), t=len(cov["topics"]), g=gaps)
                         + (" " + msg("coverage_cut", lang, r=len(regions), t=len(topics))
                            if len(regions) < len(cov["regions"]) or len(topics) < len(cov["topics"]) else "")), ct]
    else:
        blocks = [msg("coverage_absent", lang)]
    sections.append(Section("coverage", msg("coverage", lang), blocks))

    if data.helix:
        cols = ["group", "members", "industry", "academia", "government", "civil_society", "unknown", "missing"]
        hx = [dict(r, missing=r["missing"].split() if isinstance(r["missing"], str) else r["missing"])
              for r in data.helix]
        hx.sort(key=lambda r: (-len(r["missing"]), -r["members"], name(r["group"]).lower(), r["group"]))
        t = _table("helix", cols, hx, lang, name, label_cols={"group"}, numeric=set(cols[1:-1]),
                   csv_columns=["group", "label", *cols[1:]])
        sections.append(Section("helix", msg("helix", lang), [msg("helix_intro", lang), t]))

    # -- completeness ---------------------------------------------------------------------------
    if data.completeness is not None:
        comp = data.completeness
        kinds = Counter(r["gap"] for r in comp)
        ksum = _table("completeness-summary", ["gap", "count"], [{"gap": g, "count": n} for g, n in
                                                                 sorted(kinds.items(), key=lambda t: (-t[1], t[0]))],
                      lang, name, numeric={"count"}, label_cols={"gap"})
        rows_c = [dict(r, item_label=name(r["item"])) for r in comp]
        limit = 200
        t = _table("completeness", ["item_label", "gap", "detail"], rows_c, lang, name, label_cols={"gap"},
                   headers=[msg("item", lang), msg("gap", lang), msg("detail", lang)],
                   note=msg("shown_of", lang, shown=limit, total=len(comp)) if len(comp) > limit else None,
                   csv_columns=["item", "item_label", "gap", "detail"])
        t.cells = t.cells[:limit]
        blocks = [msg("completeness_intro", lang), ksum, t] if comp else [msg("none_found", lang)]
    else:
        blocks = [msg("coverage_absent", lang)]
    sections.append(Section("completeness", msg("completeness", lang), blocks))

    # -- methods --------------------------------------------------------------------------------
    mrows = [{"measure": msg(k, lang) if k in MESSAGES else k, "paper": p} for k, p in MEASURES]
    mt = _table("measures", ["measure", "paper"], mrows, lang, name,
                headers=[msg("measure", lang), msg("paper", lang)])
    prows = [{"parameter": k, "value": v if not isinstance(v, (dict, list)) else
              ", ".join(f"{a}={b}" for a, b in sorted(v.items())) if isinstance(v, dict) else " ".join(map(str, v))}
             for k, v in sorted(res.parameters.items())]
    prows += [{"parameter": "report.top", "value": top}, {"parameter": "report.picture_max_nodes", "value": max_nodes},
              {"parameter": "report.picture_max_ties", "value": max_ties}, {"parameter": "report.layout_seed", "value": seed},
              {"parameter": "scope", "value": "; ".join(data.scope) or msg("scope_all", lang)}]
    pt = _table("parameters", ["parameter", "value"], prows, lang, name,
                headers=[msg("parameter", lang), msg("value", lang)])
    irows = [{"file": i.get("label"), "sha256": i.get("sha256")} for i in data.inputs]
    it = _table("inputs", ["file", "sha256"], irows, lang, name, headers=[msg("file", lang), "SHA-256"])
    sw = dict(software_versions())
    for pkg in ("matplotlib",):
        try:
            from importlib.metadata import version

            sw[pkg] = version(pkg)
        except Exception:  # noqa: BLE001
            sw[pkg] = "absent"
    st = _table("software", ["package", "version"], [{"package": k, "version": v} for k, v in sorted(sw.items())],
                lang, name, headers=[msg("package", lang), msg("version", lang)])
    sections.append(Section("methods", msg("methods", lang), [
        mt, Heading(msg("parameters", lang)), pt, Heading(msg("inputs", lang)),
        f"{msg('data_date', lang)}: {data.data_date or msg('not_stated', lang)}", it,
        Heading(msg("software", lang)), st, msg("tables_note", lang)]))

    meta = [(msg("generated", lang), data.timestamp or msg("not_stated", lang)),
            (msg("data_date", lang), data.data_date or msg("not_stated", lang)),
            (msg("scope", lang), "; ".join(data.scope) or msg("scope_all", lang))]
    if data.source:
        meta.insert(0, (msg("inputs", lang), data.source))
    return Report(lang=lang, title=msg("title", lang), subtitle=msg("subtitle", lang), meta=meta, sections=sections)
