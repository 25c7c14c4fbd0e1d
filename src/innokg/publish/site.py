"""``innokg publish OUT/`` — the knowledge graph as a static linked-data site.

Layout of ``OUT/`` (every link inside is relative, so the folder can be served
from any path or opened from disk)::

    index.html  style.css                       the entry page
    doc/<kind>/<slug>.{html,ttl,jsonld,nt,rdf}  one document per entity, five formats
    doc/graph/<name>.*                          one per source graph
    kinds/<kind>.html                           entity lists
    dumps/innokg.{trig,nq.gz,ttl,jsonld}        whole dataset (TriG/N-Quads/JSON-LD keep the graphs)
    dumps/graphs/<name>.trig                    one source graph alone
    tables/<kind>.{csv,parquet}                 one table per entity kind (organisations, hubs, projects …)
    void.ttl  void.jsonld                       DCAT-AP 3 catalogue + VoID description
    licences.html                               the licences of every graph and download
    changelog.html  changelog.json              the releases and what changed between them
    changes/changes.{txt,csv,ttl}               the changes since the previous release (with --previous)
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
import hashlib
import io
import json
import os
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
from innokg.publish.describe import Catalogue, Dump, rights_text, service_description, void_description
from innokg.publish.docs import ontology_page, read_graph, shapes_page
from innokg.publish.explore import write_static_explorer
from innokg.publish.formats import DOC_FORMATS, HTML, JSON_LD, RdfFormat, serialize_triples
from innokg.publish.licences import Terms, combined_terms, graph_terms, licence_of
from innokg.publish.pages import ASSETS, PageRenderer
from innokg.publish.server_config import apache_config, nginx_config, persistent_iri_config
from innokg.publish.tables import TABLES, write_tables

__all__ = ["DUMPS", "ProgressBar", "entity_documents", "load_linked_data", "previous_release", "publish_site", "render_document"]

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


def entity_documents(renderer: PageRenderer, iri: str) -> list[tuple[str, bytes]]:
    """(extension, content) of an entity's documents, one per format of :data:`DOC_FORMATS` in its order: what
    :func:`render_document` makes of each, its statements read from the store once for all five
    (:meth:`~innokg.publish.data.LinkedData.page_facts`) and its JSON-LD made once for the ``.jsonld`` document
    and the page's embedded JSON-LD."""
    out, inc, triples = renderer.ld.page_facts(iri)
    jsonld = serialize_triples(triples, JSON_LD)
    return [(fmt.extension, renderer.entity(iri, jsonld, (out, inc)).encode("utf-8") if fmt is HTML
             else jsonld if fmt is JSON_LD else serialize_triples(triples, fmt, PREFIXES)) for fmt in DOC_FORMATS]


def _write(path: str, data: bytes) -> None:
    """Write ``data`` to the new file ``path`` (``os.open``/``os.write``: the entity pages are millions of small
    files, and pathlib's and ``open``'s layers cost more than the write)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


def load_linked_data(data: str | None, base: str, ontology_files: list[Path] = (), *,
                     store: str | Path | None = None) -> LinkedData:
    """Load ``data`` (default ``out/innokg.trig``) under ``base``; add the ontology if it lacks it. ``store``: read
    the on-disk store ``innokg build --store`` made instead (:func:`innokg.pipeline.prepare`, ``store=``)."""
    if store is not None:
        return LinkedData.from_store(store, base, ontology_files)
    path = Path(data) if data else Path("out") / "innokg.trig"
    if not path.exists():
        raise InputError("no dataset to publish", where=str(path),
                         hint="run `innokg build` first, or pass --data FILE.trig")
    return LinkedData.from_file(path, base, ontology=ontology_files)


def _dumps(ld: LinkedData, out: Path) -> tuple[list[Dump], str, int]:
    """Write the dumps; return them, the SHA-256 of the N-Quads dump (uncompressed) and its number of statements."""
    if ld.on_disk:
        return _streamed_dumps(ld, out)
    (out / "dumps").mkdir()
    quads = sorted(ld.store, key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))
    (out / "dumps/innokg.trig").write_bytes(ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=PREFIXES))
    nq = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    buf = io.BytesIO()
    # mtime=0: reproducible; level 6 (zlib's default): 1.45 s against 3.46 s at level 9 for the German
    # CORDIS dump, 3 % larger
    with gzip.GzipFile(filename="innokg.nq", mode="wb", fileobj=buf, mtime=0, compresslevel=6) as gz:
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
    per_graph = []
    for g, qs in sorted(by_graph.items()):
        path = ld.graph_dump_path(g)
        if path:
            (out / path).write_bytes(ox.serialize(qs, format=ox.RdfFormat.TRIG, prefixes=PREFIXES))
            per_graph.append(_graph_dump(ld, g, path))
    return [_measured(out, d) for d in (*DUMPS, *per_graph)], hashlib.sha256(nq).hexdigest(), nq.count(b"\n")


def _graph_dump(ld: LinkedData, g: str, path: str) -> Dump:
    name = g[len(ld.graph_space):] if g.startswith(ld.graph_space) else g
    return Dump(path, "application/trig", "http://www.w3.org/ns/formats/TriG", f"the named graph {name} alone as TriG",
                graphs=(g,))


class _Hashing:
    """A binary file object that passes what is written on to ``raw`` and keeps its SHA-256 and number of lines."""

    def __init__(self, raw) -> None:
        self.raw, self.sha, self.lines = raw, hashlib.sha256(), 0

    def write(self, data: bytes) -> int:
        self.sha.update(data)
        self.lines += data.count(b"\n")
        return self.raw.write(data)

    def flush(self) -> None:
        self.raw.flush()


class _AfterPrefixes:
    """A binary file object that passes on what is written less the ``@prefix`` lines it begins with: Oxigraph's
    serializers write them before the first statement, and a file made of several of their outputs declares them
    once, at its top (:func:`_prefix_lines`)."""

    def __init__(self, raw) -> None:
        self.raw, self.head = raw, b""  # head: what is held back while it may still be a prefix line; None after

    def write(self, data: bytes) -> int:
        n = len(data)
        if self.head is not None:
            head = self.head + bytes(data)
            while head.startswith(b"@prefix "):
                end = head.find(b"\n")
                if end < 0:
                    break
                head = head[end + 1:]
            if head.startswith(b"@prefix ") or (len(head) < 8 and b"@prefix ".startswith(head)):
                self.head = head  # not yet known
                return n
            self.head, data = None, head
        if data:
            self.raw.write(data)
        return n

    def flush(self) -> None:
        self.raw.flush()


def _prefix_lines() -> bytes:
    """The ``@prefix`` lines of :data:`PREFIXES`, as Turtle and TriG write them."""
    return "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in PREFIXES.items()).encode("utf-8")


def _graph_turtle(store: ox.Store, graph: str, fh) -> None:
    """The statements of one named graph as Turtle statements (no ``@prefix`` lines; they use :data:`PREFIXES`),
    written by the store itself as it reads them."""
    store.dump(_AfterPrefixes(fh), ox.RdfFormat.TURTLE, from_graph=ox.NamedNode(graph), prefixes=PREFIXES)


def _streamed_dumps(ld: LinkedData, out: Path) -> tuple[list[Dump], str, int]:
    """:func:`_dumps` of an on-disk store (:attr:`LinkedData.on_disk`): every file written by Oxigraph as it reads the
    store, so memory does not grow with the data. The statements come in the store's order (graph by graph), not
    sorted by their text as in the dumps of a dataset in memory; the same statements. The union's Turtle is written
    in the parts of :meth:`LinkedData.union_parts` (each triple once): a whole graph by the store, what an earlier
    part holds left out of the others (:meth:`LinkedData.union_rest`, through Python). One graph's TriG is its Turtle
    inside ``<graph> { … }``."""
    (out / "dumps").mkdir()
    store = ld.store
    store.dump(str(out / "dumps/innokg.trig"), ox.RdfFormat.TRIG, prefixes=PREFIXES)
    with open(out / "dumps/innokg.nq.gz", "wb") as raw, \
            gzip.GzipFile(filename="innokg.nq", mode="wb", fileobj=raw, mtime=0, compresslevel=6) as gz:
        nq = _Hashing(gz)
        store.dump(nq, ox.RdfFormat.N_QUADS)
    with open(out / "dumps/innokg.ttl", "wb") as fh:
        parts = ld.union_parts()
        if parts:
            fh.write(_prefix_lines())
        for g, held in parts:
            if held == 0:
                _graph_turtle(store, g, fh)
            else:
                ox.serialize(ld.union_rest(g, parts[0][0]), _AfterPrefixes(fh), ox.RdfFormat.TURTLE,
                             prefixes=PREFIXES)
    store.dump(str(out / "dumps/innokg.jsonld"), ox.RdfFormat.JSON_LD)
    (out / "dumps/graphs").mkdir()
    per_graph = []
    for g in sorted(n.value for n in store.named_graphs() if isinstance(n, ox.NamedNode)):
        path = ld.graph_dump_path(g)
        if path:
            with open(out / path, "wb") as fh:
                fh.write(_prefix_lines() + str(ox.NamedNode(g)).encode("utf-8") + b" {\n")
                _graph_turtle(store, g, fh)
                fh.write(b"}\n")
            per_graph.append(_graph_dump(ld, g, path))
    return [_measured(out, d) for d in (*DUMPS, *per_graph)], nq.sha.hexdigest(), nq.lines


def _measured(out: Path, d: Dump) -> Dump:
    """``d`` with the size and SHA-256 of its file."""
    with open(out / d.path, "rb") as fh:  # in pieces: a dump may be larger than memory
        sha = hashlib.file_digest(fh, "sha256")
    return Dump(d.path, d.media_type, d.format_iri, d.title, d.compressed, (out / d.path).stat().st_size,
                sha.hexdigest(), d.graphs, d.description)


def _tables(ld: LinkedData, out: Path) -> list[Dump]:
    (out / "tables").mkdir()
    found = write_tables(ld, out / "tables")
    dumps = []
    for spec in TABLES:
        n, graphs = found[spec.name]
        for ext, media in (("csv", "text/csv"), ("parquet", "application/vnd.apache.parquet")):
            dumps.append(_measured(out, Dump(
                f"tables/{spec.name}.{ext}", media, "", f"{spec.name}: one row per entity ({n} rows), {ext.upper()}",
                graphs=tuple(graphs),  # an empty table: under the terms of the whole
                description=f"Every {spec.kind} entity with its IRI, English and German labels, classes and main "
                            f"properties (links as IRIs with their labels beside), as {ext.upper()}.")))
    return dumps


def previous_release(folder: str | Path) -> tuple[str, Path, list]:
    """(version, N-Quads dump, changelog entries) of a site published before, for ``--previous``."""
    folder = Path(folder)
    void, dump = folder / "void.ttl", folder / "dumps" / "innokg.nq.gz"
    if not void.is_file() or not dump.is_file():
        raise InputError("not a site written by `innokg publish` (no void.ttl or dumps/innokg.nq.gz)",
                         where=str(folder), hint="give the folder of the previous release")
    version = ""
    for t in ox.parse(path=str(void), format=ox.RdfFormat.TURTLE):
        if t.predicate.value == "http://www.w3.org/ns/dcat#hasCurrentVersion":
            version = next((v.object.value for v in ox.parse(path=str(void), format=ox.RdfFormat.TURTLE)
                            if v.subject == t.object and v.predicate.value == "http://www.w3.org/ns/dcat#version"),
                           "")
    log = folder / "changelog.json"
    entries = json.loads(log.read_text(encoding="utf-8")) if log.is_file() else []
    return version, dump, entries


def _licences_page(renderer: PageRenderer, ld: LinkedData, terms: dict[str, Terms], dumps: list[Dump]) -> str:
    def links(t: Terms) -> list[dict]:
        return [{"iri": i, "label": licence_of(i, ld.base).label} for i in t.licences]

    commercial = {True: "allowed", False: "not allowed", None: "not known"}
    downloads, combos = [], {}
    for d in dumps:
        parts = [terms[g] for g in d.graphs if g in terms] if d.graphs else list(terms.values())
        if not parts:
            continue
        t = combined_terms(parts)
        if len(t.licences) > 1:
            combos[t.key()] = "All of: " + "; ".join(x["label"] for x in links(t))
        downloads.append({"href": d.path, "anchor": "dl-" + d.path.replace("/", "-").replace(".", "-"),
                          "licences": links(t), "rights": rights_text(t, ld.base)})
    graphs = [{"href": f"doc/{ld.doc_path(g)}.html" if ld.doc_path(g) else g,
               "name": g[len(ld.graph_space):] if g.startswith(ld.graph_space) else g, "licences": links(t),
               "stated": t.stated, "holders": ", ".join(t.rights_holders) or "not stated",
               "attribution": t.attribution, "commercial": commercial[t.commercial(ld.base)]}
              for g, t in sorted(terms.items())]
    return renderer.page("licences.html", root="", title="Licences of the sources and downloads",
                         downloads=downloads, graphs=graphs,
                         combinations=[{"key": k, "label": v} for k, v in sorted(combos.items())])


def _changelog(out: Path, renderer: PageRenderer, ld: LinkedData, version: str, statements: int,
               prev: tuple | None) -> tuple[str, list]:
    """Write changelog.html/.json (and changes/ when there is a previous release); return (version notes, entries)."""
    from innokg.results.changes import changes_csv, changes_text, changeset_turtle, dataset_changes

    entry: dict = {"version": version, "statements": statements}
    entries = list(prev[2]) if prev else []
    notes, files = "", []
    if prev:
        (out / "changes").mkdir()
        ch = dataset_changes(prev[1], out / "dumps" / "innokg.nq.gz")
        ch.old, ch.new = f"release {prev[0]}", f"release {version}"  # not the (temporary) paths
        (out / "changes" / "changes.txt").write_text(changes_text(ch, limit=None), encoding="utf-8")
        (out / "changes" / "changes.csv").write_bytes(changes_csv(ch))
        (out / "changes" / "changes.ttl").write_bytes(changeset_turtle(ch, ld.base))
        files = [{"href": f"changes/changes.{e}", "name": n} for e, n in (("txt", "summary"), ("csv", "CSV"),
                                                                             ("ttl", "RDF changeset"))]
        entry.update(previous=prev[0], added=ch.added, removed=ch.removed, entities=len(ch.by_entity),
                     graphs=[{"graph": g.strip("<>"), "added": a, "removed": r} for g, (a, r) in ch.by_graph.items()])
        notes = (f"Since {prev[0]}: {ch.added} statements added, {ch.removed} removed, in {len(ch.by_graph)} graphs "
                 f"and {len(ch.by_entity)} entities.")
    entries = [entry] + [e for e in entries if e.get("version") != version]
    (out / "changelog.json").write_text(json.dumps(entries, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    (out / "changelog.html").write_text(renderer.page(
        "changelog.html", root="", title="Changelog", current=version, files=files, releases=entries),
        encoding="utf-8")
    return notes, entries


def publish_site(ld: LinkedData, out: str | Path, *, site_url: str | None = None,
                 endpoint_url: str | None = None, ontology_files: list[Path] = (),
                 shapes_files: list[Path] = (), issued: str | None = None, publisher: str = "innokg",
                 previous: str | Path | None = None, entity_pages: bool = True, explorer: bool = True,
                 progress: ProgressBar | None = None) -> dict:
    """Write the static site of ``ld`` to ``out`` (atomically); return counts.

    Parameters
    ----------
    site_url : str, optional
        Where the site will be served (absolute, ending in ``/``); default: the base IRI.
    endpoint_url : str, optional
        The SPARQL endpoint's address for the descriptions; default ``<site_url>sparql``.
    issued : str, optional
        Release date (``YYYY-MM-DD``), passed in so that the output is reproducible; with the SHA-256 of the
        N-Quads dump it names the version.
    publisher : str
        Who publishes the catalogue (``foaf:name`` of its publisher, ``vcard:fn`` of its contact point).
    previous : path, optional
        The folder of the previous release (a site written by ``publish``): its version becomes
        ``dcat:previousVersion``, the changes since it go to ``changes/`` and the changelog.
    entity_pages : bool
        Write the per-entity documents (``innokg serve`` renders them live instead).
    explorer : bool
        Write the static explorer ``explore/`` (search, facets and network views in the browser,
        :mod:`innokg.publish.explore`; ``innokg serve`` has its own instead).
    progress : callable, optional
        ``progress(entities, "entity pages")`` wraps the loop over the entity
        pages (see :data:`ProgressBar`); ``None`` shows nothing.
    """
    site_url = check_base_iri(site_url or ld.base)
    endpoint_url = endpoint_url or site_url + "sparql"
    renderer = PageRenderer(ld, endpoint=endpoint_url)
    terms = graph_terms(ld)
    prev = previous_release(previous) if previous else None
    counts: Counter = Counter()
    with atomic_dir(out) as tmp:
        shutil.copy(ASSETS / "style.css", tmp / "style.css")
        shutil.copy(ASSETS / "query.js", tmp / "query.js")
        entities = ld.entities()
        by_kind: dict[str, list[str]] = {}
        for iri in entities:
            by_kind.setdefault(ld.kind(iri), []).append(iri)
        (tmp / "kinds").mkdir()
        for kind, iris in sorted(by_kind.items()):
            title = "Sources (named graphs)" if kind == "graph" else f"{kind} ({len(iris)})"
            # sorted by (text in lower case, link); tuples rather than the items' dicts, streamed into the page
            order = sorted((d["text"].lower(), d["href"], d["text"], d["note"]) for d in map(renderer.item, iris))
            with open(tmp / "kinds" / f"{kind}.html", "w", encoding="utf-8") as fh:
                renderer.write_listing(fh, "../", title, ({"href": h, "text": t, "note": n} for _, h, t, n in order))
            del order
        dumps, digest, statements = _dumps(ld, tmp)
        version = f"{issued}-{digest[:12]}" if issued else digest[:12]
        dumps += _tables(ld, tmp)
        notes, entries = _changelog(tmp, renderer, ld, version, statements, prev)
        void = void_description(ld, site_url, endpoint_url, dumps, Catalogue(
            publisher=publisher, issued=issued, version=version, previous_version=prev[0] if prev else "",
            version_notes=notes, terms=terms))
        (tmp / "licences.html").write_text(_licences_page(renderer, ld, terms, dumps), encoding="utf-8")
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
        if explorer:
            counts.update(write_static_explorer(ld, tmp, renderer))
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
            kinds=kinds, release=version, **({"explore": "explore/index.html"} if explorer else {}),
            dumps=[{"href": d.path, "format": d.media_type + (" (gzip)" if d.compressed else ""),
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
        # the entity pages last: one entity at a time, so memory does not grow with their number; everything
        # read from the whole dataset at once (dumps, tables, explorer, catalogue) is done before
        if entity_pages:
            bar_of = progress or (lambda items, _label: contextlib.nullcontext(items))
            made: set[str] = set()  # the folders made so far (a few, one per kind)
            with bar_of(entities, "entity pages") as bar:
                for iri in bar:
                    path = f"{tmp}/doc/{ld.doc_path(iri)}"
                    folder = path.rsplit("/", 1)[0]
                    if folder not in made:
                        Path(folder).mkdir(parents=True, exist_ok=True)
                        made.add(folder)
                    for ext, data in entity_documents(renderer, iri):
                        _write(f"{path}.{ext}", data)
                        counts["files"] += 1
                    counts["entities"] += 1
    counts["graphs"] = len(counts_by_graph)
    counts["version"] = version
    counts["releases"] = len(entries)
    counts["triples"] = sum(counts_by_graph.values())
    return dict(counts)
