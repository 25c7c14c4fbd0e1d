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
from typing import Any, Iterable

import networkx as nx

from innokg.analysis.network import NetworkAnalysis, software_versions
from innokg.report import figures
from innokg.report.inputs import translate_message
from innokg.report.messages import MESSAGES, msg

__all__ = ["Table", "Figure", "Heading", "Attachment", "Section", "Report", "ReportInput", "report_content",
           "display_number", "column_decimals", "MEASURES", "ROLE_NAMES"]

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
    #: the file that holds every row when the page shows only the first ones
    more: str | None = None


@dataclass
class Figure:
    name: str
    svg: str
    caption: str


@dataclass
class Heading:
    text: str


@dataclass
class Attachment:
    """A file written into the report folder beside the page (``path``, relative to the folder) and
    linked from where it stands in its section, after ``caption``."""

    path: str
    text: str
    caption: str


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

    def attachments(self) -> list[Attachment]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Attachment)]


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
    #: the groups of the triple-helix table (hubs, consortia, projects: :func:`innokg.report.inputs.group_kinds`);
    #: ``None``: every group of ``helix``
    group_kinds: dict[str, str] | None = None
    #: a group's own bodies (``org:unitOf``/``org:hasUnit``): ``{unit: parent}``, left out of the missing links
    units: dict[str, str] = field(default_factory=dict)
    #: English validation messages → the report language's (:func:`innokg.report.inputs.shape_messages`)
    translations: dict[str, str] = field(default_factory=dict)


def _bad(x) -> bool:
    return x is None or (isinstance(x, float) and (math.isnan(x) or math.isinf(x)))


def column_decimals(values: Iterable[Any]) -> int | None:
    """The decimals one column of numbers is shown with: ``None`` when every value is whole,
    else enough for three significant digits of the column's largest magnitude (3 to 6).

    One format per measure: a column never mixes fixed and scientific notation.

    Examples
    --------
    >>> column_decimals([1, 2.0, None]), column_decimals([0.5, 0.25]), column_decimals([0.05, 6.2e-09])
    (None, 3, 4)
    """
    nums = [float(v) for v in values if isinstance(v, (int, float)) and not isinstance(v, bool) and not _bad(v)]
    if all(v == int(v) and abs(v) < 1e15 for v in nums):
        return None
    top = max(abs(v) for v in nums)
    if top == 0:
        return 3
    return max(3, min(6, 2 - math.floor(math.log10(top))))


def display_number(x: Any, lang: str = "en", decimals: int | None = -1) -> str:
    """A number as shown in the report, in the notation of ``lang``.

    ``decimals``: fixed decimals (from :func:`column_decimals`), ``None`` for a whole number, ``-1``
    (default) to choose for this one value. Whole numbers from 10,000 get thousands separators;
    German uses the decimal comma. Missing values are an en dash.

    Examples
    --------
    >>> [display_number(v) for v in (12.0, 0.12345, 0.0000123, float("nan"), None, 3, 1111740)]
    ['12', '0.123', '0.0000123', '–', '–', '3', '1,111,740']
    >>> display_number(0.05, "de", 4), display_number(6.2e-09, "de", 4), display_number(12345.5, "de", 3)
    ('0,0500', '0,0000', '12.345,500')
    """
    if isinstance(x, bool):
        return "✓" if x else "✗"
    if _bad(x):
        return "–"
    if not isinstance(x, (int, float)):
        return str(x)
    if decimals == -1:
        decimals = column_decimals([x])
        if decimals is not None and x != 0:
            decimals = max(3, min(8, 2 - math.floor(math.log10(abs(x)))))
    if decimals is None:
        text = f"{int(round(x)):,}" if abs(x) >= 10000 else str(int(round(x)))
    else:
        text = f"{x:,.{decimals}f}" if abs(x) >= 10000 else f"{x:.{decimals}f}"
    if lang == "de":
        text = text.translate(str.maketrans({",": ".", ".": ","}))
    return text


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


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
           csv_columns=None, per_value=(), top: int | None = None) -> Table:
    """A table of ``rows``; every numeric column in one format (:func:`column_decimals`), except the
    columns in ``per_value`` (a column of different figures, such as the summary's values).
    With ``top``, only the first ``top`` rows are shown (all stay in the CSV/JSON files, linked)."""
    heads = headers or [msg(c, lang) if c in MESSAGES else c for c in columns]
    rows = list(rows)
    shown_rows = rows if top is None else rows[:top]
    decimals = {c: (-1 if c in per_value else column_decimals(r.get(c) for r in rows)) for c in columns}
    cells = []
    for r in shown_rows:
        line = []
        for c in columns:
            v = r.get(c)
            if c in label_cols:
                line.append(namer(v))
            elif isinstance(v, (list, tuple)):
                line.append(", ".join(namer(x) for x in v))
            else:
                line.append(display_number(v, lang, decimals[c]))
        cells.append(line)
    t = Table(name=name, columns=list(columns), headers=heads, rows=rows, cells=cells,
              numeric=set(numeric), note=note, shown=shown, csv_columns=csv_columns)
    if top is not None and len(rows) > top:
        t.note = (note + " " if note else "") + msg("shown_of_all", lang, shown=top, total=len(rows))
        t.more = f"tables/{name}.csv"
    return t


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


def _detail(row: dict, lang: str, translations: dict[str, str]) -> str:
    """A completeness row's detail in ``lang``: the catalogue's words for the query's gaps, the
    shapes' own ``sh:message`` in ``lang`` for validation findings (English where a shape has none)."""
    gap, detail = row["gap"], row.get("detail") or ""
    if ("detail:" + gap) in MESSAGES:
        return msg("detail:" + gap, lang)
    if lang != "en" and detail:
        return translate_message(detail, translations)
    return detail


def report_content(data: ReportInput, lang: str = "en", *, top: int = 20, max_nodes: int = 60,
                   max_ties: int = 1500, seed: int = 0, named_brokers: int = 10, heat_max: int = 40,
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
                     headers=[msg("figure", lang), msg("value", lang)], per_value={"value"})
    sections.append(Section("summary", msg("summary", lang), [summary]))

    # -- picture --------------------------------------------------------------------------------
    progress("picture")
    brokers_ranked = _ranked(rows, "total", where=lambda r: (r.get("total") or 0) > 0)
    tied = sum(1 for v in G if G.degree(v) > 0) if G.number_of_edges() else G.number_of_nodes()
    if tied <= max_nodes:
        H, _ = figures.backbone(G, rows, max_nodes=max_nodes, max_ties=max_ties)
        isolates = sorted((v for v in H if H.degree(v) == 0), key=str) if H.number_of_edges() else []
        H.remove_nodes_from(isolates)
        named = [r["node"] for r in brokers_ranked if r["node"] in H][:named_brokers]
        fig, left_out = figures.network_figure(H, by_node, named, labels, seed=seed,
                                               other_label=msg("other_communities", lang),
                                               community_label=msg("community", lang))
        caption = msg("picture_caption_all", lang, n=H.number_of_nodes() + len(isolates), m=H.number_of_edges(),
                      b=len(named), seed=seed)
        if isolates:
            caption += " " + msg("isolates_note", lang, n=len(isolates))
    else:
        fig, facts = figures.community_figure(G, by_node, labels, seed=seed, other_label=msg("other_communities", lang))
        left_out = facts.pop("left_out", [])
        caption = msg("picture_caption_communities", lang, n=display_number(gr["nodes"], lang),
                      m=display_number(gr["ties"], lang), seed=seed,
                      **{k: display_number(v, lang) for k, v in facts.items()})
        if facts["other"]:
            caption += " " + msg("picture_other", lang, other=facts["other"])
    caption += " " + (msg("labels_left_out", lang, n=len(left_out)) if left_out else msg("labels_all", lang))
    sections.append(Section("picture", msg("picture", lang), [Figure("network", figures.svg_text(fig), caption)]))

    # -- brokers --------------------------------------------------------------------------------
    progress("tables")
    all_brokers = [dict(r, rank=i) for i, r in enumerate(brokers_ranked, 1)]
    top_brokers = all_brokers[:top]
    cols = ["rank", "label", "group", "total", *ROLE_NAMES, "betweenness", "degree", "effective_size", "constraint"]
    bt = _table("brokers", cols, all_brokers, lang, name, label_cols={"group"},
                numeric=set(cols) - {"label", "group"}, top=top,
                csv_columns=["rank", "node", "label", "group", "total", *ROLE_NAMES,
                             *(f"{x}_z" for x in (*ROLE_NAMES, "total")), "betweenness", "degree",
                             "effective_size", "constraint", "community", "participation"])
    for i, r in enumerate(top_brokers):
        bt.cells[i][1] = name(r["node"])
        tot = float(r.get("total") or 0) or 1.0
        for x in ROLE_NAMES:
            bt.shades[(i, x)] = float(r.get(x) or 0) / tot
            bt.titles[(i, x)] = f"z = {display_number(r.get(x + '_z'), lang, 2)}"
    blocks: list[Any] = [msg("brokers_intro", lang, partition=name(gr["partition"])), bt]
    if top_brokers:
        rf = figures.roles_figure(top_brokers[:15], labels, ROLE_NAMES, [msg(x, lang) for x in ROLE_NAMES])
        blocks += [msg("roles_intro", lang),
                   Figure("roles", figures.svg_text(rf), msg("roles_caption", lang, n=min(15, len(top_brokers))))]
    else:
        blocks.append(msg("none_found", lang))
    sections.append(Section("brokers", msg("brokers", lang), blocks))

    bw = [dict(r, rank=i) for i, r in enumerate(_ranked(rows, "betweenness",
                                                         where=lambda r: (r.get("betweenness") or 0) > 0), 1)]
    cols = ["rank", "label", "group", "betweenness", "degree", "strength", "closeness", "eigenvector", "pagerank",
            "total", "community"]
    t = _table("brokers-by-betweenness", cols, bw, lang, name, label_cols={"group"},
               numeric=set(cols) - {"label", "group"}, csv_columns=["rank", "node", *cols[1:]], top=top)
    for i, r in enumerate(bw[:top]):
        t.cells[i][1] = name(r["node"])
    sections.append(Section("betweenness", msg("brokers_by_betweenness", lang), [t] if bw else [msg("none_found", lang)]))

    cs = [dict(r, rank=i) for i, r in enumerate(_ranked(rows, "constraint", reverse=False,
                                                         where=lambda r: (r.get("degree") or 0) >= 2), 1)]
    cols = ["rank", "label", "group", "constraint", "effective_size", "efficiency", "hierarchy", "degree", "betweenness"]
    t = _table("open-networks", cols, cs, lang, name, label_cols={"group"}, numeric=set(cols) - {"label", "group"},
               csv_columns=["rank", "node", *cols[1:]], top=top)
    for i, r in enumerate(cs[:top]):
        t.cells[i][1] = name(r["node"])
    sections.append(Section("constraint", msg("brokers_by_constraint", lang),
                            [msg("constraint_intro", lang), t] if cs else [msg("none_found", lang)]))

    # -- gaps -----------------------------------------------------------------------------------
    few = res.parameters.get("few", 0.25)
    gg = res.group_gaps
    cols = ["group_a", "group_b", "size_a", "size_b", "ties", "possible", "density", "ratio", "status"]
    t = _table("group-gaps", cols, gg, lang, name, label_cols={"group_a", "group_b", "status"},
               numeric={"size_a", "size_b", "ties", "possible", "density", "ratio"}, top=top)
    t.status = {i: r["status"] for i, r in enumerate(gg[:top])}
    sections.append(Section("group-gaps", msg("group_gaps", lang),
                            [msg("group_gaps_intro", lang, few=display_number(few, lang, 2)), t] if gg else [msg("none_found", lang)]))

    units = data.units or {}
    ml = [dict(r, rank=i) for i, r in enumerate((r for r in res.missing_links
                                                  if r.get("u") not in units and r.get("v") not in units), 1)]
    left_out = len(res.missing_links) - len(ml)
    for r in ml:
        via = r.get("via") or []
        via = via if isinstance(via, (list, tuple)) else [via]
        shown_via = [_cut(name(x), 40) for x in via[:3]]
        r["reason_text"] = msg("reason_text", lang, n=r.get("shared"),
                               via=", ".join(shown_via) + (" …" if (r.get("shared") or 0) > len(shown_via) else ""))
    cols = ["rank", "u", "v", "group_u", "group_v", "score", "shared", "reason_text"]
    t = _table("missing-links", cols, ml, lang, name, label_cols={"u", "v", "group_u", "group_v"},
               numeric={"rank", "score", "shared"},
               headers=[msg("rank", lang), msg("org_a", lang), msg("org_b", lang), msg("group_a", lang),
                        msg("group_b", lang), msg("score", lang), msg("shared", lang), msg("reason", lang)],
               csv_columns=["rank", "u", "v", "group_u", "group_v", "score", "method", "shared", "via", "reason",
                            "reason_text"], top=top)
    method = msg("method_" + res.parameters.get("links", "resource_allocation"), lang)
    intro = msg("missing_links_intro", lang, method=method)
    if left_out:
        intro += " " + msg("missing_links_units", lang, n=left_out)
    sections.append(Section("missing-links", msg("missing_links", lang),
                            [intro, t] if ml else [msg("none_found", lang)]))

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
    elif data.coverage is None:
        blocks = [msg("coverage_absent", lang)]
    elif not data.coverage.get("regions") and not data.coverage.get("topics"):
        blocks = [msg("coverage_no_both", lang)]
    elif not data.coverage.get("regions"):
        blocks = [msg("coverage_no_regions", lang)]
    else:
        blocks = [msg("coverage_no_topics", lang)]
    sections.append(Section("coverage", msg("coverage", lang), blocks))

    if data.helix is not None:
        cols = ["group", "members", "industry", "academia", "government", "civil_society", "unknown", "missing"]
        kinds = data.group_kinds
        hx = [dict(r, missing=r["missing"].split() if isinstance(r["missing"], str) else r["missing"])
              for r in data.helix if kinds is None or r["group"] in kinds]
        hx.sort(key=lambda r: (-len(r["missing"]), -r["members"], name(r["group"]).lower(), r["group"]))
        t = _table("helix", cols, hx, lang, name, label_cols={"group"}, numeric=set(cols[1:-1]),
                   csv_columns=["group", "label", *cols[1:]], top=top)
        intro = msg("helix_intro", lang)
        if len(hx) < len(data.helix):
            intro += " " + msg("helix_left_out", lang, n=len(data.helix) - len(hx))
        sections.append(Section("helix", msg("helix", lang), [intro, t] if hx else [msg("helix_none", lang)]))

    # -- completeness ---------------------------------------------------------------------------
    if data.completeness is not None:
        comp = data.completeness
        kinds = Counter(r["gap"] for r in comp)
        ksum = _table("completeness-summary", ["gap", "count"], [{"gap": g, "count": n} for g, n in
                                                                 sorted(kinds.items(), key=lambda t: (-t[1], t[0]))],
                      lang, name, numeric={"count"}, label_cols={"gap"})
        rows_c = [dict(r, item_label=name(r["item"]), detail=_detail(r, lang, data.translations)) for r in comp]
        # the page shows the first items of every kind of gap in turn, so no kind fills it alone
        rank = Counter()
        order = []
        for r in sorted(rows_c, key=lambda r: (r["gap"], r["item_label"].lower(), r["item"], r["detail"])):
            rank[r["gap"]] += 1
            order.append((rank[r["gap"]], r))
        rows_c = [r for _, r in sorted(order, key=lambda t: (t[0], t[1]["gap"]))]
        t = _table("completeness", ["item_label", "gap", "detail"], rows_c, lang, name, label_cols={"gap"},
                   headers=[msg("item", lang), msg("gap", lang), msg("detail", lang)],
                   csv_columns=["item", "item_label", "gap", "detail"], top=top)
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
                headers=[msg("parameter", lang), msg("value", lang)], per_value={"value"})
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
