"""``innokg publish OUT/`` — the knowledge graph as a static linked-data site.

Layout of ``OUT/`` (every link inside is relative, so the folder can be served
from any path or opened from disk)::

    index.html  style.css                       the entry page
    doc/<kind>/<slug>.{html,ttl,jsonld,nt,rdf}  one document per entity, five formats
    doc/graph/<name>.*                          one per source graph
    kinds/<kind>.html                           entity lists
    dumps/innokg.{trig,nq.gz,ttl,jsonld}        whole dataset (TriG/N-Quads/JSON-LD keep the graphs)
    dumps/graphs/<name>.trig                    one source graph alone
    void.ttl  void.jsonld                       VoID + DCAT description
    sparql-service-description.ttl              SPARQL 1.1 service description
    ontology/index.html  ontology/*.ttl         ontology documentation and sources
    shapes/index.html  shapes/*.ttl             SHACL shapes documentation and sources
    .htaccess  nginx/{http,server}.conf         content negotiation and /id/ → /doc/ 303 rules
    persistent-iri.htaccess                     forwarding at the IRIs' host, when --site-url is elsewhere

The folder is written whole or not at all (:func:`innokg.atomic.atomic_dir`).
"""

from __future__ import annotations

import contextlib
import gzip
import io
import shutil
from collections import Counter
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph as ox

from innokg.atomic import atomic_dir
from innokg.errors import InputError
from innokg.publish.data import PREFIXES, LinkedData, check_base_iri
from innokg.publish.describe import Dump, service_description, void_description
from innokg.publish.docs import ontology_page, read_graph, shapes_page
from innokg.publish.formats import DOC_FORMATS, HTML, RdfFormat, serialize_triples
from innokg.publish.pages import ASSETS, PageRenderer
from innokg.publish.server_config import apache_config, nginx_config, persistent_iri_config

__all__ = ["DUMPS", "LICENSE", "ProgressBar", "load_linked_data", "publish_site", "render_document"]

LICENSE = "https://creativecommons.org/licenses/by/4.0/"

#: ``progress(items, label)``: a context manager that yields ``items`` and shows how far
#: their iteration got (the CLI passes a progress bar; the default shows nothing)
ProgressBar = Callable[[list[str], str], AbstractContextManager[Iterable[str]]]

#: the whole-dataset downloads
DUMPS = (
    Dump("dumps/innokg.trig", "application/trig", "http://www.w3.org/ns/formats/TriG",
         "the whole dataset as TriG, one named graph per source"),
    Dump("dumps/innokg.nq.gz", "application/n-quads", "http://www.w3.org/ns/formats/N-Quads",
         "the whole dataset as gzip-compressed N-Quads, one named graph per source", compressed="application/gzip"),
    Dump("dumps/innokg.ttl", "text/turtle", "http://www.w3.org/ns/formats/Turtle",
         "the union of all graphs as Turtle (without the graph of each statement)"),
    Dump("dumps/innokg.jsonld", "application/ld+json", "http://www.w3.org/ns/formats/JSON-LD",
         "the whole dataset as JSON-LD, one named graph per source"),
)


def render_document(renderer: PageRenderer, iri: str, fmt: RdfFormat, triples: list | None = None) -> bytes:
    """An entity's document in one format (HTML page or RDF serialization of ``triples``, by default
    the entity's description)."""
    if fmt is HTML:
        return renderer.entity(iri).encode("utf-8")
    return serialize_triples(renderer.ld.description(iri) if triples is None else triples, fmt, PREFIXES)


def load_linked_data(data: str | None, base: str, ontology_files: list[Path] = ()) -> LinkedData:
    """Load ``data`` (default ``out/innokg.trig``) under ``base``; add the ontology if it lacks it."""
    path = Path(data) if data else Path("out") / "innokg.trig"
    if not path.exists():
        raise InputError("no dataset to publish", where=str(path),
                         hint="run `innokg build` first, or pass --data FILE.trig")
    return LinkedData.from_file(path, base, ontology=ontology_files)


def _dumps(ld: LinkedData, out: Path) -> list[Dump]:
    (out / "dumps").mkdir()
    quads = sorted(ld.store, key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))
    (out / "dumps/innokg.trig").write_bytes(ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=PREFIXES))
    nq = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    buf = io.BytesIO()
    with gzip.GzipFile(filename="innokg.nq", mode="wb", fileobj=buf, mtime=0) as gz:  # mtime=0: reproducible
        gz.write(nq)
    (out / "dumps/innokg.nq.gz").write_bytes(buf.getvalue())
    triples = sorted({q.triple for q in quads}, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    (out / "dumps/innokg.ttl").write_bytes(ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES))
    (out / "dumps/innokg.jsonld").write_bytes(ox.serialize(quads, format=ox.RdfFormat.JSON_LD))
    # one TriG file per named graph: a source's statements on their own
    (out / "dumps/graphs").mkdir()
    by_graph: dict[str, list] = {}
    for q in quads:
        if isinstance(q.graph_name, ox.NamedNode):
            by_graph.setdefault(q.graph_name.value, []).append(q)
    for g, qs in by_graph.items():
        path = ld.graph_dump_path(g)
        if path:
            (out / path).write_bytes(ox.serialize(qs, format=ox.RdfFormat.TRIG, prefixes=PREFIXES))
    return [Dump(d.path, d.media_type, d.format_iri, d.title, d.compressed, (out / d.path).stat().st_size)
            for d in DUMPS]


def publish_site(ld: LinkedData, out: str | Path, *, site_url: str | None = None,
                 endpoint_url: str | None = None, ontology_files: list[Path] = (),
                 shapes_files: list[Path] = (), license: str = LICENSE, issued: str | None = None,
                 entity_pages: bool = True, progress: ProgressBar | None = None) -> dict:
    """Write the static site of ``ld`` to ``out`` (atomically); return counts.

    Parameters
    ----------
    site_url : str, optional
        Where the site will be served (absolute, ending in ``/``); default: the base IRI.
    endpoint_url : str, optional
        The SPARQL endpoint's address for the descriptions; default ``<site_url>sparql``.
    entity_pages : bool
        Write the per-entity documents (``innokg serve`` renders them live instead).
    progress : callable, optional
        ``progress(entities, "entity pages")`` wraps the loop over the entity
        pages (see :data:`ProgressBar`); ``None`` shows nothing.
    """
    site_url = check_base_iri(site_url or ld.base)
    endpoint_url = endpoint_url or site_url + "sparql"
    renderer = PageRenderer(ld, endpoint=endpoint_url, license=license)
    counts: Counter = Counter()
    with atomic_dir(out) as tmp:
        shutil.copy(ASSETS / "style.css", tmp / "style.css")
        shutil.copy(ASSETS / "query.js", tmp / "query.js")
        entities = ld.entities()
        by_kind: dict[str, list[str]] = {}
        for iri in entities:
            by_kind.setdefault(ld.kind(iri), []).append(iri)
        if entity_pages:
            bar_of = progress or (lambda items, _label: contextlib.nullcontext(items))
            with bar_of(entities, "entity pages") as bar:
                for iri in bar:
                    path = tmp / "doc" / (ld.doc_path(iri))
                    path.parent.mkdir(parents=True, exist_ok=True)
                    triples = ld.description(iri)  # once for the four RDF formats
                    for fmt in DOC_FORMATS:
                        path.with_name(f"{path.name}.{fmt.extension}").write_bytes(
                            render_document(renderer, iri, fmt, triples))
                        counts["files"] += 1
                    counts["entities"] += 1
        (tmp / "kinds").mkdir()
        for kind, iris in sorted(by_kind.items()):
            title = "Sources (named graphs)" if kind == "graph" else f"{kind} ({len(iris)})"
            (tmp / "kinds" / f"{kind}.html").write_text(
                renderer.listing("../", title, sorted((renderer.item(i) for i in iris),
                                                      key=lambda d: (d["text"].lower(), d["href"]))),
                encoding="utf-8")
        dumps = _dumps(ld, tmp)
        void = void_description(ld, site_url, endpoint_url, dumps, license, issued=issued)
        (tmp / "void.ttl").write_text(void.serialize(format="turtle"), encoding="utf-8")
        # JSON-LD through Oxigraph from the (sorted) Turtle: rdflib's JSON-LD order changes from run to run
        void_ttl = (tmp / "void.ttl").read_bytes()
        (tmp / "void.jsonld").write_bytes(ox.serialize(
            sorted(ox.parse(void_ttl, format=ox.RdfFormat.TURTLE), key=lambda t: (str(t.subject), str(t.predicate),
                                                                                   str(t.object))),
            format=ox.RdfFormat.JSON_LD))
        (tmp / "sparql-service-description.ttl").write_text(
            service_description(ld, endpoint_url).serialize(format="turtle"), encoding="utf-8")
        # ontology and shapes: documentation plus the source files
        for sub, files, page in (("ontology", ontology_files, ontology_page), ("shapes", shapes_files, shapes_page)):
            (tmp / sub).mkdir()
            names = []
            for f in files:
                shutil.copy(f, tmp / sub / Path(f).name)
                names.append(Path(f).name)
            (tmp / sub / "index.html").write_text(page(renderer, read_graph(list(files)), names),
                                                  encoding="utf-8")
        counts_by_graph = ld.graph_counts()
        kinds = [{"name": "sources (named graphs)" if k == "graph" else k, "href": f"kinds/{k}.html",
                  "count": len(v)} for k, v in sorted(by_kind.items())]
        (tmp / "index.html").write_text(renderer.page(
            "index.html", root="", title="innokg — knowledge graph of the innovation ecosystem",
            description="Hubs, clusters, networks and consortia of the innovation ecosystem; their organisations, "
                        "funders, programmes, grants, projects, regions and topics, each statement kept with the "
                        "source document it comes from.",
            description_de="Hubs, Cluster, Netzwerke und Konsortien des Innovationsökosystems; ihre "
                           "Organisationen, Fördergeber, Programme, Förderungen, Projekte, Regionen und Themen, "
                           "jede Aussage mit dem Quelldokument, aus dem sie stammt.",
            kinds=kinds, dumps=[{"href": d.path, "format": d.media_type + (" (gzip)" if d.compressed else ""),
                                 "size": d.size} for d in dumps],
            id_space=ld.id_space, site_url=site_url, n_graphs=len(counts_by_graph),
            n_triples=sum(counts_by_graph.values()), n_distinct=ld.union_size()), encoding="utf-8")
        path = urlsplit(site_url).path or "/"
        (tmp / ".htaccess").write_text(apache_config(path, ld), encoding="utf-8")
        if site_url != ld.base:  # the IRIs live elsewhere: rules for the service that owns them
            (tmp / "persistent-iri.htaccess").write_text(persistent_iri_config(ld.base, site_url), encoding="utf-8")
        (tmp / "nginx").mkdir()
        for name, text in nginx_config(path, ld).items():
            (tmp / "nginx" / name).write_text(text, encoding="utf-8")
    counts["graphs"] = len(counts_by_graph)
    counts["triples"] = sum(counts_by_graph.values())
    return dict(counts)
