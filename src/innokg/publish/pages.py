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
                                      autoescape=True, trim_blocks=True, lstrip_blocks=True,
                                      undefined=jinja2.StrictUndefined)
        self.common = {"site_name": site_name, "version": __version__}
        self.endpoint = endpoint
        self._sources = self._source_titles()
        self._graph_counts: dict[str, int] | None = None

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

    def _source_link(self, graph: str, root: str) -> dict:
        """A link to a source graph's page, named by :meth:`source_title`."""
        if not graph:
            return {"kind": "other", "text": "the default graph"}
        link = self._link(graph, root)
        if link["kind"] == "link":
            link["text"] = self.source_title(graph)
            if not self.ld.labels(graph):
                link["text_de"] = ""
        return link

    def _prop(self, iri: str, root: str) -> dict:
        d = self._link(iri, root)
        d["iri"] = iri
        return d

    def _value(self, term, graph, root: str, depth: int = 0) -> dict:
        if isinstance(term, ox.NamedNode):
            return self._link(term.value, root)
        if isinstance(term, ox.Literal):
            dt = term.datatype.value
            show_dt = "" if term.language or dt.endswith("#string") else compact(dt)
            return {"kind": "literal", "text": term.value, "lang": term.language or "", "datatype": show_dt}
        if isinstance(term, ox.BlankNode) and depth < 4:
            return {"kind": "bnode", "rows": self._rows(self.ld.bnode_quads(term, graph), root, depth + 1)}
        return {"kind": "other", "text": str(term)}

    def _rows(self, quads, root: str, depth: int = 0) -> list[dict]:
        by_prop: dict[str, list] = defaultdict(list)
        for q in quads:
            by_prop[q.predicate.value].append(self._value(q.object, q.graph_name, root, depth))
        return [{"prop": self._prop(p, root), "values": vs} for p, vs in sorted(by_prop.items())]

    # -- pages -----------------------------------------------------------------
    def entity_jsonld(self, iri: str) -> bytes:
        return serialize_triples(self.ld.description(iri), JSON_LD)

    def entity(self, iri: str, jsonld: bytes | None = None) -> str:
        """The HTML page of an entity; ``jsonld``: its :meth:`entity_jsonld`, when the caller has it already."""
        ld = self.ld
        path = ld.doc_path(iri)
        root = self.root(path)
        out, inc = ld.facts(iri)
        types = sorted({q.object.value for q in out if q.predicate == RDF_TYPE and isinstance(q.object, ox.NamedNode)})
        by_graph: dict[str, list] = defaultdict(list)
        for q in out:
            by_graph[q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else ""].append(q)
        groups = []
        built = tuple("/" + name for name in BUILT_GRAPHS)
        for g in sorted(by_graph, key=lambda g: (g.endswith(built), g)):
            source = self._source_link(g, root)
            groups.append({"source": source, "rows": self._rows(by_graph[g], root)})
        incoming = []
        for q in inc[:MAX_INCOMING]:
            if isinstance(q.subject, ox.NamedNode):
                src = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else ""
                source = self._source_link(src, root)
                incoming.append({"subject": self._link(q.subject.value, root),
                                 "prop": self._prop(q.predicate.value, root), "source": source})
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
        return self.env.get_template("entity.html").render(
            **self.common, root=root, endpoint=self._endpoint(root), title=title, iri=iri,
            other_labels=others, types=[self._link(t, root) for t in types], groups=groups,
            incoming=incoming, incoming_total=len(inc), incoming_cut=len(inc) > MAX_INCOMING,
            stem=stem, jsonld=jsonld, graph_info=graph_info)

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
