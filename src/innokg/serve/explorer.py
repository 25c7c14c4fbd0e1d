"""The explorer of ``innokg serve``: search, facets, a SPARQL editor and neighbourhood networks.

Routes (registered by :func:`innokg.serve.server.create_app`):

=================================  =================================================================
``/explore``                       search and facets (``q``, ``kind``, ``region``, ``topic``, ``funder``,
                                   ``hub``; HTML, or JSON for ``Accept: application/json``)
``/explore/sparql``                a SPARQL editor (YASGUI: highlighting, prefixes, the query library as
                                   examples) sending its queries to ``/sparql`` (read-only, guarded)
``/explore/network``               an organisation's or hub's neighbourhood as an interactive network
                                   (cytoscape.js) with its brokerage measures (``node``; HTML or JSON)
``/explore/assets/<file>``         the explorer's scripts and styles, served from the package
=================================  =================================================================

Search: every entity with a label is indexed by `tantivy <https://github.com/quickwit-oss/tantivy-py>`_
(an in-memory Lucene-like index, from PyPI): its labels in English, German and any other language,
folded to lower-case ASCII; each word of a query matches the beginning of a word of a label. Facets
are read once from the store by innokg's own constant SPARQL queries and counted over the hits.

The third-party browser code (YASGUI from ``@zazuko/yasgui``, ``cytoscape``) comes from the npm
registry through ``make assets`` (``scripts/fetch_explorer_assets.py``) into ``explorer_assets/vendor/``,
which is not committed; without it the pages say so and the editor is a plain text box.
"""

from __future__ import annotations

import heapq
import json
import math
import threading
import time
from collections import Counter
from itertools import chain, repeat
from pathlib import Path
from typing import Any

from innokg.namespaces import PREFIXES
from innokg.publish.explore import FACETS, explorer_data, fold
from innokg.publish.explore import words as words_of

__all__ = ["ASSETS", "VENDOR", "FACETS", "ExplorerIndex", "fold", "explorer_blueprint", "explorer_lane",
           "register_explorer", "vendor_present"]

ASSETS = Path(__file__).resolve().parent / "explorer_assets"
VENDOR = ASSETS / "vendor"
#: files shared with the static explorer (innokg.publish.explore): the name served here -> the file of publish's assets
SHARED_ASSETS = Path(__file__).resolve().parent.parent / "publish" / "assets"
SHARED = {"explorer.css": "explore.css", "network-view.js": "network-view.js"}
#: the pages' Content-Security-Policy: scripts, styles and requests from this server only
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; "
       "base-uri 'none'; form-action 'self'")
#: the SHA-256 of the one style element YASR (@zazuko/yasgui 4.6.2, its column resizer) adds to the editor's page
RESIZER_STYLE = "sha256-zCK2EVMoPc04mRF/g5CotUvxbJPWS+8V0b+s9ptqQIk="
#: the vendor files the pages load (see scripts/fetch_explorer_assets.py)
VENDOR_FILES = ("yasgui.min.js", "yasgui.min.css", "cytoscape.min.js")
IKG = PREFIXES["ikg"]


class ExplorerIndex:
    """The search index and the facets of a store, built once (``ld``: :class:`innokg.publish.data.LinkedData`)."""

    def __init__(self, ld) -> None:
        import tantivy

        t0 = time.perf_counter()
        self.ld = ld
        data = explorer_data(ld)  # labels, facets and agents (innokg.publish.explore, shared with the static one)
        self.entities = data.entities
        self.facets = data.facets
        self.labels = {e: data.labels[e] for e in self.entities}
        self._data = data
        self._hubs = {v for vals in self.facets["hub"].values() for v in vals}
        self._agents = data.agents
        sb = tantivy.SchemaBuilder()
        sb.add_text_field("iri", stored=True, tokenizer_name="raw")
        sb.add_text_field("words", stored=False, tokenizer_name="raw")
        self._schema = sb.build()
        self._index = tantivy.Index(self._schema)
        writer = self._index.writer(heap_size=50_000_000, num_threads=1)
        #: each label of an entity as (its folded words, its length): the ranking reads them
        self._label_words = {e: [(frozenset(words_of(v)), len(v)) for vals in self.labels[e].values() for v in vals]
                             for e in self.entities}
        for e in self.entities:
            words = sorted({w for ws, _ in self._label_words[e] for w in ws})
            writer.add_document(tantivy.Document(iri=e, words=words))
        writer.commit()
        self._index.reload()
        self._searcher = self._index.searcher()
        self._tantivy = tantivy
        self._network = None
        self._holes: dict = {}
        self._network_lock = threading.Lock()
        self._orders: dict[str, list[str]] = {}
        self._positions: dict[str, dict[str, int]] = {}
        #: facet → value → the entities that have it (what a filter keeps)
        self._members: dict[str, dict[str, frozenset[str]]] = {}
        for f in FACETS:
            members: dict[str, set[str]] = {}
            for e, vals in self.facets[f].items():
                for v in vals:
                    members.setdefault(v, set()).add(e)
            self._members[f] = {v: frozenset(es) for v, es in members.items()}
        self._counts: dict[tuple, dict[str, Counter]] = {}
        self._label_cache: dict[tuple[str, str], str] = {}
        self._sort_cache: dict[tuple[str, str], tuple[str, str]] = {}
        self._counts_lock = threading.Lock()
        self._by_label("en")
        self._by_label("de")
        self.build_seconds = time.perf_counter() - t0

    # -- labels ------------------------------------------------------------------------------
    def _by_label(self, lang: str) -> list[str]:
        """Every entity, sorted by its label in ``lang`` (made once per language)."""
        if lang not in self._orders:
            self._orders[lang] = sorted(self.entities, key=lambda e: self._sort_key(e, lang))
            self._positions[lang] = {e: i for i, e in enumerate(self._orders[lang])}
        return self._orders[lang]

    def label(self, iri: str, lang: str = "en") -> str:
        """The label of ``iri`` in ``lang`` (else untagged, English, German, any; else the IRI's last part)."""
        key = (iri, lang)
        if key not in self._label_cache:
            self._label_cache[key] = self._label(iri, lang)
        return self._label_cache[key]

    def _sort_key(self, iri: str, lang: str) -> tuple[str, str]:
        key = (iri, lang)
        found = self._sort_cache.get(key)
        if found is None:
            found = self._sort_cache[key] = (fold(self.label(iri, lang)), iri)
        return found

    def _label(self, iri: str, lang: str) -> str:
        """Its label in the data (see :meth:`innokg.publish.explore.ExplorerData.label`), else the site's."""
        return self._data.label(iri, lang, self.ld)

    # -- search ------------------------------------------------------------------------------
    def _matches(self, q: str, limit: int) -> list[str]:
        tv = self._tantivy
        words = words_of(q)
        if not words:
            return []
        parts = []
        for w in words:
            # the word itself (ranked first) or a label word that begins with it
            exact = tv.Query.term_query(self._schema, "words", w)
            prefix = tv.Query.regex_query(self._schema, "words", _regex_escape(w) + ".*")
            parts.append((tv.Occur.Must, tv.Query.boolean_query([
                (tv.Occur.Should, tv.Query.boost_query(exact, 2.0)), (tv.Occur.Should, prefix)])))
        query = tv.Query.boolean_query(parts)
        hits = self._searcher.search(query, limit).hits
        found = [self._searcher.doc(addr)["iri"][0] for _score, addr in hits]
        # best first: the labels that hold the most query words whole, then the shortest label (the thing itself
        # before the statements about it: "DO IT Südwestfalen e.V." before "Trilux, Mitglied DO IT Südwestfalen e.V.")
        rank = {e: i for i, e in enumerate(found)}

        def key(e):
            best = min(((-sum(w in ws for w in words), n) for ws, n in self._label_words[e]), default=(0, 0))
            return (*best, rank[e])

        return sorted(found, key=key)

    def search(self, q: str = "", filters: dict[str, str] | None = None, *, lang: str = "en",
               limit: int = 50) -> dict[str, Any]:
        """Hits of ``q`` (all entities when empty) within ``filters`` (``{facet: value IRI}``), and the
        facet counts over all hits. Ties in score keep the index order; without ``q``, hits are sorted by label."""
        t0 = time.perf_counter()
        filters = {k: v for k, v in (filters or {}).items() if k in FACETS and v}
        if q.strip():
            found = self._matches(q, 2000)
            for facet, value in filters.items():
                members = self._members[facet].get(value, frozenset())
                found = [e for e in found if e in members]
        elif filters:  # the entities of every chosen value (the smallest set first), in label order
            sets = sorted((self._members[f].get(v, frozenset()) for f, v in filters.items()), key=len)
            chosen = set(sets[0]).intersection(*sets[1:])
            self._by_label(lang)
            position = self._positions[lang]
            found = sorted((e for e in chosen if e in position), key=position.__getitem__)
        else:
            found = self._by_label(lang)
        key = (q.strip(), tuple(sorted(filters.items())))
        counts = self._counts.get(key)
        if counts is None:
            counts = {f: Counter(chain.from_iterable(map(self.facets[f].get, found, repeat(())))) for f in FACETS}
            with self._counts_lock:  # the data do not change while serving: counts kept (at most 4,096 queries)
                if len(self._counts) >= 4096:
                    self._counts.pop(next(iter(self._counts)))
                self._counts[key] = counts

        def top(c: Counter) -> list[tuple[str, int]]:
            return heapq.nsmallest(30, c.items(), key=lambda t: (-t[1], self._sort_key(t[0], lang)))

        facets = {f: [{"value": v, "label": self.label(v, lang), "count": n, "selected": filters.get(f) == v}
                      for v, n in top(c)]
                  for f, c in counts.items()}
        hits = [{"iri": e, "label": self.label(e, lang), "doc": f"/doc/{self.ld.doc_path(e)}",
                 "kinds": sorted(self.label(k, lang) for k in self.facets["kind"].get(e, ())),
                 "network": self._networkable(e)}
                for e in found[:limit]]
        return {"q": q, "filters": filters, "total": len(found), "hits": hits, "facets": facets,
                "took_ms": round((time.perf_counter() - t0) * 1000, 2)}

    def _networkable(self, iri: str) -> bool:
        return iri in self._agents or iri in self._hubs

    # -- neighbourhoods ---------------------------------------------------------------------------
    def network(self):
        """The organisation network (co-affiliation, :mod:`innokg.projection.network`), built on first use."""
        with self._network_lock:
            if self._network is None:
                from innokg.projection.network import affiliations, node_attributes, organization_network

                from innokg.analysis.structural_holes import structural_holes

                attrs = node_attributes(self.ld.store)
                rows = affiliations(self.ld.store, attributes=attrs)
                G = organization_network(rows, attrs)
                # Burt's weighted measures read each contact's ties beyond the ego network (its strength, its
                # strongest tie), so they are computed on the whole network, once
                self._holes = structural_holes(G, weight="weight")
                self._network = (G, rows)
            return self._network

    def neighbourhood(self, iri: str, *, lang: str = "en", limit: int = 40) -> dict[str, Any] | None:
        """The ego network of an organisation or hub: the node, its ``limit`` strongest partners and the ties among
        them, with the node's brokerage measures on its whole ego network (``None`` if it is in no network).

        For a hub, its members stand in for it: the hub's ego network is that of its members together.
        Measures: degree and strength; Burt's (1992) effective size and constraint (on the whole network, as
        ``innokg report`` computes them: the weighted forms read the contacts' other ties); ego betweenness
        (Everett & Borgatti 2005: betweenness within the ego network); Gould & Fernandez (1989) brokerage
        counts by triple-helix sector, which depend on the ego network only. So the numbers are the report's.
        """
        import networkx as nx

        from innokg.analysis.brokerage import brokerage_roles
        from innokg.analysis.structural_holes import structural_holes

        G, rows = self.network()
        if iri in G:
            centre = [iri]
        else:
            centre = sorted({a.agent for a in rows if iri in (a.group, a.project)} & set(G), key=str)
            if not centre:
                return None
        ego_nodes = set(centre)
        for c in centre:
            ego_nodes.update(G[c])
        E = G.subgraph(sorted(ego_nodes, key=str)).copy()
        if iri not in G:  # the hub as one node tied to each member
            E.add_node(iri, label=self.label(iri, lang), sector="hub")
            for c in centre:
                E.add_edge(iri, c, weight=1.0)
        holes = self._holes.get(iri) if iri in G else structural_holes(E, weight="weight").get(iri, {})
        groups = {v: E.nodes[v].get("sector", "unknown") for v in E}
        broker = brokerage_roles(E, groups)
        raw = broker.raw.get(iri, {})

        def tie(v):
            return float(E[iri][v].get("weight", 1.0)) if E.has_edge(iri, v) else 0.0

        partners = sorted((v for v in E if v != iri), key=lambda v: (-tie(v), -E.degree(v), str(v)))
        shown = [iri, *partners[:limit]]
        S = E.subgraph(shown)
        ego_bet = nx.betweenness_centrality(E, normalized=True) if E.number_of_nodes() <= 400 else \
            nx.betweenness_centrality(E, k=200, normalized=True, seed=0)
        nodes = [{"id": v, "label": self.label(v, lang) if v != iri else self.label(iri, lang),
                  "sector": E.nodes[v].get("sector", "unknown"), "centre": v == iri,
                  "degree": G.degree(v) if v in G else E.degree(v),
                  "ego_betweenness": round(ego_bet.get(v, 0.0), 6),
                  "doc": f"/doc/{self.ld.doc_path(v)}" if self.ld.doc_path(v) else None} for v in shown]
        edges = [{"source": u, "target": v, "weight": float(d.get("weight", 1.0))}
                 for u, v, d in sorted(S.edges(data=True), key=lambda e: (str(e[0]), str(e[1])))]
        measures = {"partners": E.number_of_nodes() - 1, "ties_among_partners": E.number_of_edges() - len(partners),
                    "shown": len(shown) - 1,
                    "strength": round(sum(tie(v) for v in partners), 3),
                    "effective_size": _round(holes.get("effective_size")),
                    "constraint": _round(holes.get("constraint")),
                    "ego_betweenness": round(ego_bet.get(iri, 0.0), 6),
                    "ego_betweenness_sampled": E.number_of_nodes() > 400,
                    "brokerage": {k: _round(v) for k, v in sorted(raw.items())}}
        return {"node": iri, "label": self.label(iri, lang), "nodes": nodes, "edges": edges, "measures": measures}


def _round(x):
    if x is None or (isinstance(x, float) and (math.isnan(x) or math.isinf(x))):
        return None
    return round(float(x), 4)


def _regex_escape(word: str) -> str:
    return "".join(c if c.isalnum() else "\\" + c for c in word)


def explorer_lane(path: str) -> bool:
    """Whether a request for ``path`` is a cheap one of the explorer (search and facet pages, its scripts): those
    get threads of their own in ``innokg serve`` (:class:`innokg.serve.limits.LaneDispatcher`), so they never wait
    behind entity pages or SPARQL. The network view (whose first call builds the whole network) is not one."""
    return path == "/explore" or path.startswith("/explore/assets/")


def vendor_present() -> bool:
    """Whether ``make assets`` has put the browser libraries into the package."""
    return all((VENDOR / f).is_file() for f in VENDOR_FILES)


def explorer_blueprint(index: ExplorerIndex | None, renderer, queries: list[dict], *, index_error: str | None = None):
    """The explorer's routes as a Flask blueprint (``index`` None: the search says why it is not there)."""
    import jinja2
    from flask import Blueprint, Response, abort, request, send_from_directory
    from markupsafe import Markup

    from innokg.publish.formats import negotiate
    from innokg.publish.pages import script_safe_json

    bp = Blueprint("explorer", __name__)
    env = jinja2.Environment(loader=jinja2.ChoiceLoader([
        jinja2.FileSystemLoader(str(Path(__file__).resolve().parent / "explorer_templates")),
        renderer.env.loader]), autoescape=True, trim_blocks=True, lstrip_blocks=True,
        undefined=jinja2.StrictUndefined)

    def page(template: str, *, resizer_style: bool = False, **values) -> Response:
        csp = CSP + (f"; style-src-elem 'self' '{RESIZER_STYLE}'" if resizer_style else "")
        html = env.get_template(template).render(**renderer.common, root="/", endpoint="/sparql",
                                                 vendor=vendor_present(), csp=csp, explore="/explore", **values)
        return Response(html, content_type="text/html; charset=utf-8",
                        headers={"Vary": "Accept", "Content-Security-Policy": csp + "; frame-ancestors 'none'"})

    def wants_json() -> bool | None:
        media = negotiate(request.headers.get("Accept"), ["text/html", "application/json"])
        return None if media is None else media == "application/json"

    def not_acceptable() -> Response:
        return Response("Not acceptable. Offered: text/html, application/json\n", status=406, mimetype="text/plain",
                        headers={"Vary": "Accept"})

    def filters() -> dict[str, str]:
        return {f: request.args.get(f, "") for f in FACETS if request.args.get(f)}

    @bp.get("/explore")
    def explore():
        as_json = wants_json()
        if as_json is None:
            return not_acceptable()
        q = request.args.get("q", "")[:200]
        lang = "de" if request.args.get("lang") == "de" else "en"
        if index is None:
            result = {"q": q, "filters": {}, "total": 0, "hits": [], "facets": {f: [] for f in FACETS},
                      "error": index_error or "no search index"}
        else:
            result = index.search(q, filters(), lang=lang)
        if as_json:
            return Response(json.dumps(result, ensure_ascii=False), mimetype="application/json",
                            headers={"Vary": "Accept"})
        def link(**changes) -> str:
            """This page's address with ``changes`` (a value of None drops that parameter)."""
            from urllib.parse import urlencode

            params = {"q": q, **result["filters"], **({"lang": lang} if lang != "en" else {})}
            params.update(changes)
            return "/explore?" + urlencode([(k, v) for k, v in params.items() if v])

        return page("explore.html", title="Explore", result=result, facet_names=FACETS, lang=lang, link=link)

    @bp.get("/explore/sparql")
    def editor():
        lib = [{"name": q["name"], "summary": q["summary"], "text": q["text"]} for q in queries]
        prefixes = {p: PREFIXES[p] for p in sorted(PREFIXES)}
        # YASR's results table adds one fixed <style> (its column resizer): allowed by its hash, nothing else
        return page("sparql.html", title="SPARQL editor", library=lib, resizer_style=True,
                    config_json=Markup(script_safe_json(json.dumps({"endpoint": "/sparql", "library": lib,
                                                                    "prefixes": prefixes}))))

    @bp.get("/explore/network")
    def network():
        as_json = wants_json()
        if as_json is None:
            return not_acceptable()
        node = request.args.get("node", "")
        lang = "de" if request.args.get("lang") == "de" else "en"
        data = index.neighbourhood(node, lang=lang) if (index is not None and node) else None
        if as_json:
            if data is None:
                return Response(json.dumps({"error": "not in the organisation network", "node": node}),
                                status=404, mimetype="application/json")
            return Response(json.dumps(data, ensure_ascii=False), mimetype="application/json",
                            headers={"Vary": "Accept"})
        if data is None and node:
            abort(404)
        return page("network.html", title="Network of " + (data["label"] if data else "…"), data=data,
                    data_json=Markup(script_safe_json(json.dumps(data or {}, ensure_ascii=False))))

    @bp.get("/explore/assets/<path:name>")
    def assets(name: str):
        if name in SHARED:  # one stylesheet and one network drawing for this explorer and `innokg publish`'s
            return send_from_directory(str(SHARED_ASSETS), SHARED[name], max_age=3600)
        folder = VENDOR if name.startswith("vendor/") else ASSETS
        return send_from_directory(str(folder), name.removeprefix("vendor/"), max_age=3600)

    return bp


def register_explorer(app, ld, renderer, queries: list[dict]) -> ExplorerIndex | None:
    """Build the search index of ``ld`` and add the explorer's routes to ``app`` (a Flask app).

    Without tantivy (``pip install tantivy``) the routes are there and the search says it is not available."""
    try:
        index = ExplorerIndex(ld)
        error = None
    except ImportError as exc:  # the search engine is not installed
        index, error = None, f"the search engine is not installed ({exc.name}: pip install tantivy)"
    app.register_blueprint(explorer_blueprint(index, renderer, list(queries), index_error=error))
    return index
