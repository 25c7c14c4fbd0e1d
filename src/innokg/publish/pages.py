"""HTML pages of entities: their facts grouped by source document, labels in de/en.

One renderer serves the static site (``innokg publish``) and the live server
(``innokg serve``), so both show the same page. Every link is relative to the
page, so the site works under any path, from a file system and behind the
server. Templates are Jinja2 with autoescaping; the embedded JSON-LD is escaped
so that no literal can close its ``<script>`` element.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

import jinja2
import pyoxigraph as ox
from markupsafe import Markup

from innokg import __version__
from innokg.publish.data import BUILT_GRAPHS, PREFIXES, RDF_TYPE, LinkedData
from innokg.publish.formats import JSON_LD, serialize_triples

__all__ = ["PageRenderer", "ASSETS", "compact", "linkable", "script_safe_json"]

ASSETS = Path(__file__).resolve().parent / "assets"
_TEMPLATES = Path(__file__).resolve().parent / "templates"
ONTOLOGY_NS = PREFIXES["ikg"]
PROV_DERIVED = ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom")
#: at most this many incoming links on a page (a region can be referenced thousands of times)
MAX_INCOMING = 500
_EXTERNAL = ' rel="nofollow" class="ext"'


def script_safe_json(text: str) -> str:
    """JSON text that can sit inside ``<script>`` (``<``, ``>``, ``&`` as ``\\u`` escapes).

    Examples
    --------
    >>> script_safe_json('{"a": "</script><b>&"}')
    '{"a": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def linkable(iri: str) -> bool:
    """Whether an external IRI may be a link target: http(s), ftp, mailto only (no ``javascript:``).

    Examples
    --------
    >>> linkable("https://example.org/x"), linkable("javascript:alert(1)"), linkable("JaVaScRiPt:x")
    (True, False, False)
    """
    return iri.split(":", 1)[0].lower() in ("http", "https", "ftp", "mailto")


def compact(iri: str) -> str:
    """``prefix:local`` for a known namespace, else the IRI.

    Examples
    --------
    >>> compact("http://schema.org/url")
    'schema:url'
    """
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def escape(text: str) -> str:
    """``text`` escaped as the templates escape it (MarkupSafe's ``escape``: ``&``, ``<``, ``>``, ``'`` and
    ``"``), as plain text: the entity pages escape tens of values each.

    Examples
    --------
    >>> escape('<a href="x">Tom' + "'s & Jerry's</a>")
    '&lt;a href=&#34;x&#34;&gt;Tom&#39;s &amp; Jerry&#39;s&lt;/a&gt;'
    """
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;")
            .replace('"', "&#34;"))


def term_html(v: dict) -> str:
    """The HTML of a term on an entity page (``v``: a link, a literal or another term; a blank
    node's table is made by :meth:`PageRenderer._value_html`), escaped as the templates escape.

    Examples
    --------
    >>> term_html({"kind": "link", "href": "x.html", "external": False, "text": "A & B", "text_de": "A und B"})
    '<a href="x.html">A &amp; B</a> <span class="de" lang="de">A und B</span>'
    >>> term_html({"kind": "literal", "text": "1", "lang": "", "datatype": "xsd:integer"})
    '<span class="lit">1</span> <small class="tag">xsd:integer</small>'
    """
    kind = v["kind"]
    if kind == "link":
        return (f'<a href="{escape(v["href"])}"{_EXTERNAL if v["external"] else ""}>{escape(v["text"])}</a>'
                + (f' <span class="de" lang="de">{escape(v["text_de"])}</span>' if v["text_de"] else ""))
    if kind == "literal":
        lang = v["lang"]
        if lang:
            return (f'<span class="lit" lang="{escape(lang)}">{escape(v["text"])}</span>'
                    f' <small class="tag">@{escape(lang)}</small>')
        return (f'<span class="lit">{escape(v["text"])}</span>'
                + (f' <small class="tag">{escape(v["datatype"])}</small>' if v["datatype"] else ""))
    return f'<code>{escape(v["text"])}</code>'


def prop_html(p: dict) -> str:
    """The HTML of a property's link on an entity page (:meth:`PageRenderer._link` with
    its ``iri``).

    Examples
    --------
    >>> prop_html({"href": "o.html#p", "iri": "https://w3id.org/innokg/ontology#p", "text": "p", "text_de": ""})
    '<a href="o.html#p" title="https://w3id.org/innokg/ontology#p">p</a>'
    """
    return (f'<a href="{escape(p["href"])}" title="{escape(p["iri"])}">{escape(p["text"])}</a>'
            + (f' <span class="de" lang="de">{escape(p["text_de"])}</span>' if p["text_de"] else ""))


class PageRenderer:
    """Render the pages of one :class:`~innokg.publish.data.LinkedData`.

    Parameters
    ----------
    ld : LinkedData
    site_name : str
    endpoint : str or None
        Address of the SPARQL endpoint to link from every page (absolute, or
        relative to the site root), or None.
    """

    def __init__(self, ld: LinkedData, site_name: str = "innokg", endpoint: str | None = None) -> None:
        self.ld = ld
        self.env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(_TEMPLATES)),
                                      autoescape=True, trim_blocks=True, lstrip_blocks=True, auto_reload=False,
                                      undefined=jinja2.StrictUndefined)
        self.common = {"site_name": site_name, "version": __version__}
        self.endpoint = endpoint
        self._sources = self._source_titles()
        self._graph_counts: dict[str, int] | None = None
        self._prop_cache: dict[tuple[str, str], str] = {}
        self._source_cache: dict[tuple[str, str], str] = {}
        self._type_cache: dict[tuple[str, str], str] = {}
        self._entity_template: jinja2.Template | None = None

    # -- helpers ---------------------------------------------------------------
    def _source_titles(self) -> dict[str, str]:
        """Graph IRI -> what to call it: its own label, else the title of the one document it comes from,
        else the first of its documents' titles and how many more."""
        docs: dict[str, set[str]] = defaultdict(set)
        for q in self.ld.store.quads_for_pattern(None, PROV_DERIVED, None, None):
            if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.NamedNode):
                docs[q.subject.value].add(self.ld.label(q.object.value))
        titles = {}
        for graph, names in docs.items():
            first, *rest = sorted(names)
            titles[graph] = first + (f" (and {len(rest)} more)" if rest else "")
        return titles

    def source_title(self, graph: str) -> str:
        if self.ld.labels(graph):
            return self.ld.label(graph)
        if graph in self._sources:
            return self._sources[graph]
        name = graph[len(self.ld.graph_space):] if graph.startswith(self.ld.graph_space) else graph
        return {"inferred": "inferences (OWL RL reasoning)", "ontology": "the innokg ontology",
                "summary": "derived summary (counts made by the build)"}.get(name, name)

    def root(self, doc_path: str) -> str:
        """Relative path from the page of ``doc_path`` to the site root."""
        return "../" * len(doc_path.split("/"))

    def href(self, iri: str, root: str) -> tuple[str, bool]:
        """(link target, is external) for an IRI seen from a page at ``root``."""
        path = self.ld.doc_path(iri)
        if path is not None:
            return f"{root}doc/{path}.html", False
        if iri.startswith(ONTOLOGY_NS):
            return f"{root}ontology/index.html#{iri[len(ONTOLOGY_NS):]}", False
        return iri, True

    def _link(self, iri: str, root: str) -> dict:
        href, external = self.href(iri, root)
        if external and not linkable(iri):  # shown, never followed
            return {"kind": "other", "text": iri}
        labels = self.ld.labels(iri)
        text = self.ld.label(iri, "en") if labels else (self.ld.doc_path(iri) or compact(iri))
        de = labels.get("de")
        return {"kind": "link", "href": href, "external": external, "text": text,
                "text_de": de if de and de != text else ""}

    def _link_html(self, iri: str, root: str) -> str:
        """The HTML of :meth:`_link`, made in Python (the page of every entity holds dozens: a macro call in
        Jinja cost more than the rest of the row)."""
        return term_html(self._link(iri, root))

    def _source_html(self, graph: str, root: str) -> str:
        """The ``term`` macro of a link to a source graph's page, named by :meth:`source_title` (kept per graph and
        page depth: a page names a few sources many times)."""
        key = (graph, root)
        found = self._source_cache.get(key)
        if found is None:
            if not graph:
                link = {"kind": "other", "text": "the default graph"}
            else:
                link = self._link(graph, root)
                if link["kind"] == "link":
                    link["text"] = self.source_title(graph)
                    if not self.ld.labels(graph):
                        link["text_de"] = ""
            found = self._source_cache[key] = term_html(link)
        return found

    def _prop_html(self, iri: str, root: str) -> str:
        """The ``prop`` macro of a property (kept per property and page depth: few properties, used on every
        page)."""
        key = (iri, root)
        found = self._prop_cache.get(key)
        if found is None:
            d = self._link(iri, root)
            d["iri"] = iri
            # an IRI no page may link to (urn:, tag: …) is shown as itself, as the term macro shows such a value
            found = self._prop_cache[key] = prop_html(d) if d["kind"] == "link" else term_html(d)
        return found

    def _value_html(self, term, graph, root: str, depth: int = 0) -> str:
        if isinstance(term, ox.NamedNode):
            return self._link_html(term.value, root)
        if isinstance(term, ox.Literal):
            dt = term.datatype.value
            show_dt = "" if term.language or dt.endswith("#string") else compact(dt)
            return term_html({"kind": "literal", "text": term.value, "lang": term.language or "",
                              "datatype": show_dt})
        if isinstance(term, ox.BlankNode) and depth < 4:
            return '<table class="nested">' + "".join(
                self._rows_html(self.ld.bnode_quads(term, graph), root, depth + 1, "")) + "</table>"
        return term_html({"kind": "other", "text": str(term)})

    def _rows_html(self, quads, root: str, depth: int = 0, end: str = "\n") -> list[str]:
        """The rows of a table of facts, one ``<tr>`` each (``end`` after each), by property."""
        by_prop: dict[str, list] = defaultdict(list)
        for q in quads:
            by_prop[q.predicate.value].append(self._value_html(q.object, q.graph_name, root, depth))
        return [f"<tr><th>{self._prop_html(p, root)}</th><td>"
                + "".join(f"<div>{v}</div>" for v in vs) + f"</td></tr>{end}" for p, vs in sorted(by_prop.items())]

    # -- pages -----------------------------------------------------------------
    def entity_jsonld(self, iri: str) -> bytes:
        return serialize_triples(self.ld.description(iri), JSON_LD)

    def entity(self, iri: str, jsonld: bytes | None = None,
               facts: tuple[list[ox.Quad], list[ox.Quad]] | None = None) -> str:
        """The HTML page of an entity; ``jsonld``: its :meth:`entity_jsonld`, ``facts``: its
        :meth:`~innokg.publish.data.LinkedData.facts`, when the caller has them already.

        The terms of its tables are made in Python (:func:`term_html`, :func:`prop_html`: the text the Jinja
        macros made before), the page around them by the template."""
        ld = self.ld
        path = ld.doc_path(iri)
        root = self.root(path)
        out, inc = ld.facts(iri) if facts is None else facts
        types = sorted({q.object.value for q in out if q.predicate == RDF_TYPE and isinstance(q.object, ox.NamedNode)})
        by_graph: dict[str, list] = defaultdict(list)
        for q in out:
            by_graph[q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else ""].append(q)
        groups = []
        built = tuple("/" + name for name in BUILT_GRAPHS)
        for g in sorted(by_graph, key=lambda g: (g.endswith(built), g)):
            groups.append({"source": Markup(self._source_html(g, root)),
                           "rows": Markup("".join(self._rows_html(by_graph[g], root)))})
        incoming = []
        for q in inc[:MAX_INCOMING]:
            if isinstance(q.subject, ox.NamedNode):
                src = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else ""
                incoming.append(f"<tr><td>{self._link_html(q.subject.value, root)}</td>"
                                f"<td>{self._prop_html(q.predicate.value, root)}</td>"
                                f'<td class="src">{self._source_html(src, root)}</td></tr>\n')
        labels = ld.labels(iri)
        title = ld.label(iri, "en")
        others = sorted((lang, text) for lang, text in labels.items() if text != title and lang)
        stem = path.rsplit("/", 1)[-1]
        jsonld = Markup(script_safe_json((self.entity_jsonld(iri) if jsonld is None else jsonld).decode("utf-8")))
        graph_info = None
        if self.ld.store.contains_named_graph(ox.NamedNode(iri)):
            if self._graph_counts is None:
                self._graph_counts = self.ld.graph_counts()
            dump = self.ld.graph_dump_path(iri)
            graph_info = {"count": self._graph_counts.get(iri, 0), "dump": root + dump if dump else ""}
        if self._entity_template is None:
            self._entity_template = self.env.get_template("entity.html")
        return self._entity_template.render(
            **self.common, root=root, endpoint=self._endpoint(root), title=title, iri=iri,
            other_labels=others, types=Markup(", ".join(self._type_html(t, root) for t in types)), groups=groups,
            incoming=Markup("".join(incoming)), incoming_shown=len(incoming), incoming_total=len(inc),
            incoming_cut=len(inc) > MAX_INCOMING, stem=stem, jsonld=jsonld, graph_info=graph_info)

    def _type_html(self, iri: str, root: str) -> str:
        """:meth:`_link_html` of a class (kept per class and page depth)."""
        key = (iri, root)
        found = self._type_cache.get(key)
        if found is None:
            found = self._type_cache[key] = self._link_html(iri, root)
        return found

    def _endpoint(self, root: str) -> str | None:
        if not self.endpoint:
            return None
        return self.endpoint if "://" in self.endpoint else root + self.endpoint

    def write_listing(self, fh, root: str, title: str, items: Iterable[dict], intro: str = "") -> None:
        """A list page ``root`` below the site root (items have href relative to the site root), written into the
        text file ``fh`` as the template renders it, the items taken one at a time (a listing of half a million
        entities is never one string)."""
        items = (dict(i, href=root + i["href"]) for i in items)
        for chunk in self.env.get_template("listing.html").generate(
                **self.common, root=root, endpoint=self._endpoint(root), title=title, items=items, intro=intro):
            fh.write(chunk)

    def page(self, template: str, root: str = "", **values) -> str:
        """Any other template, rendered with the common values."""
        return self.env.get_template(template).render(**self.common, root=root,
                                                      endpoint=self._endpoint(root), **values)

    def item(self, iri: str) -> dict:
        """A listing item for an entity (href relative to the site root)."""
        labels = self.ld.labels(iri)
        return {"href": f"doc/{self.ld.doc_path(iri)}.html",
                "text": self.ld.label(iri) if labels else self.ld.doc_path(iri), "note": labels.get("de", "")
                if labels.get("de") != self.ld.label(iri) else ""}
