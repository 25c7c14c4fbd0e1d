"""The published dataset: load it, move it under a base IRI, and describe its entities.

Everything the site and the server show comes from one :class:`LinkedData`: a
pyoxigraph store holding the built dataset (one named graph per source document,
plus ``graph/inferred`` and ``graph/ontology``), the base IRI it is published
under, and an index of labels.

An *entity* is any IRI below ``<base>id/`` (subject or object: a referenced but
undescribed entity still gets a page, so no link is broken) or ``<base>graph/``
(the source graphs). Its *document path* is where its pages live::

    <base>id/org/sihk-hagen        ->  org/sihk-hagen      (doc/org/sihk-hagen.html …)
    <base>id/role/                 ->  role/index          (a concept scheme)
    <base>graph/funding-notice     ->  graph/funding-notice

References
----------
.. [1] L. Sauermann, R. Cyganiak, "Cool URIs for the Semantic Web", W3C Interest
   Group Note, 2008 (the 303 ``/id/`` → ``/doc/`` pattern).
.. [2] W3C, "Best Practices for Publishing Linked Data", W3C Working Group Note, 2014.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable, Iterator

import pyoxigraph as ox

from innokg.errors import InputError, ParameterError
from innokg.namespaces import BASE, prefixes

__all__ = [
    "BUILT_GRAPHS",
    "DEFAULT_BASE",
    "PREFIXES",
    "LinkedData",
    "check_base_iri",
    "load_quads",
    "rebase",
]

#: The IRI space innokg's data is minted in (MODEL.md).
DEFAULT_BASE = BASE
#: The named graphs the build makes rather than a source states (under ``graph/``): the ontology, the inferences and
#: the derived summary; pages list them after the sources, and their licences come from the graphs they draw on.
BUILT_GRAPHS = ("inferred", "ontology", "summary")

#: Prefixes written into Turtle/TriG files and used for compact names on pages.
PREFIXES: dict[str, str] = prefixes("ikg", "org", "schema", "prov", "skos", "dcterms", "dcat", "foaf", "time", "eurio",
                                     "rdf", "rdfs", "owl", "xsd", "void", "sh")

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
#: Label properties, best first.
LABEL_PROPERTIES = (
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://schema.org/name",
    "http://xmlns.com/foaf/0.1/name",
    "http://purl.org/dc/terms/title",
)

_FORMATS = {
    ".trig": ox.RdfFormat.TRIG,
    ".nq": ox.RdfFormat.N_QUADS,
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
}
#: one path segment of a document path: what a file name and a URL path can hold as is
_SEGMENT_RE = re.compile(r"^[A-Za-z0-9_~][A-Za-z0-9._~-]*$")
#: the longest segment a page can have: a file name holds 255 bytes on the usual file systems (ext4, APFS, NTFS),
#: and the segment is followed by ".jsonld" (7)
MAX_SEGMENT = 240


def check_base_iri(base: str, where: str = "--base-iri") -> str:
    """Return ``base`` if it is an absolute http(s) IRI ending in ``/``; else raise.

    Examples
    --------
    >>> check_base_iri("https://kg.example.org/")
    'https://kg.example.org/'
    >>> check_base_iri("kg.example.org")
    Traceback (most recent call last):
    ...
    innokg.errors.ParameterError: [ERROR] [--base-iri] 'kg.example.org' is not an absolute http(s) IRI ending in '/' (write e.g. https://kg.example.org/)
    """
    if not re.match(r"^https?://[^\s<>\"{}|\\^`/]+(/[^\s<>\"{}|\\^`]*)?/$", base or ""):
        raise ParameterError(f"{base!r} is not an absolute http(s) IRI ending in '/'", where=where,
                             hint="write e.g. https://kg.example.org/")
    return base


def load_quads(path: str | Path) -> list[ox.Quad]:
    """Parse an RDF file (TriG, N-Quads, Turtle, N-Triples, JSON-LD, RDF/XML) or a folder of them into quads.

    JSON-LD is read by Oxigraph's parser, which has no document loader: a remote
    ``@context`` is refused with an error, never fetched.
    """
    path = Path(path)
    if path.is_dir():
        return _load_folder(path)
    from innokg.load.files import rdf_suffix

    fmt = _FORMATS.get(rdf_suffix(path).lower())  # through .gz: `innokg import -o x.nq.gz` writes one
    if fmt is None:
        raise InputError(f"unknown RDF file type {path.suffix!r}", where=str(path),
                         hint="give a .trig, .nq, .ttl, .nt, .jsonld or .rdf file (or one of them .gz)")
    if not path.is_file():
        raise InputError("no such file", where=str(path),
                         hint="run `innokg build` first, or pass --data FILE")
    import sys

    import zlib

    from innokg.load.files import gzip_error, huge_token_error, oxigraph_source, rdf_file_error

    notes: list[str] = []
    source = oxigraph_source(path, notes)  # empty refused, a byte-order mark dropped with a warning
    for note in notes:
        print(note, file=sys.stderr)
    try:
        # fresh blank-node labels per file: _:b0 in two files are two nodes
        return list(ox.parse(**source, format=fmt, rename_blank_nodes=True))
    except SyntaxError as exc:
        raise rdf_file_error(path, exc) from None
    except MemoryError:  # Oxigraph's buffer limit: a literal or IRI over 16 MB
        raise huge_token_error(path) from None
    except (EOFError, zlib.error) as exc:  # a gzip stream that breaks off (EOFError would read as click's Abort)
        raise gzip_error(path, exc) from None
    except (OSError, ValueError) as exc:
        raise InputError(str(exc), where=str(path)) from None


def _load_folder(folder: Path) -> list[ox.Quad]:
    """The source files of a folder (``graph/``) as :func:`innokg.pipeline.prepare` loads them.

    No reasoning: publishing a folder shows what the sources say, without ``graph/inferred``.
    """
    from innokg.pipeline import prepare

    # the pipeline's load step alone (the rdflib loader, as for a build), its store handed on as it is
    store = prepare([folder], reason=False, validate=False, ontology=False, engine="pyshacl").store
    return list(store.quads_for_pattern(None, None, None, None))


XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def rebase(quads: Iterable[ox.Quad], base: str, old: str = DEFAULT_BASE) -> Iterator[ox.Quad]:
    """Move the ``id/`` and ``graph/`` IRIs of ``old`` under ``base`` (ontology IRIs stay), in every position (the
    roll-ups' columns in ``graph/summary`` are predicates under ``graph/``), and there the IRIs of their IRI columns,
    which the summary keeps as plain strings (:func:`innokg.summary.rollups_in`).

    Examples
    --------
    >>> q = ox.Quad(ox.NamedNode(DEFAULT_BASE + "id/org/x"), RDF_TYPE,
    ...             ox.NamedNode(DEFAULT_BASE + "ontology#Chamber"), ox.NamedNode(DEFAULT_BASE + "graph/g"))
    >>> r = next(rebase([q], "https://kg.example.org/"))
    >>> r.subject.value, r.object.value, r.graph_name.value
    ('https://kg.example.org/id/org/x', 'https://w3id.org/innokg/ontology#Chamber', 'https://kg.example.org/graph/g')
    """
    if base == old:
        yield from quads
        return
    spaces = (old + "id/", old + "graph/")
    summary = ox.NamedNode(old + "graph/summary")

    def move(term):
        if isinstance(term, ox.NamedNode) and term.value.startswith(spaces):
            return ox.NamedNode(base + term.value[len(old):])
        return term

    def move_value(term, graph):
        if (graph == summary and isinstance(term, ox.Literal) and term.language is None
                and term.datatype.value == XSD_STRING and term.value.startswith(spaces)):
            return ox.Literal(base + term.value[len(old):])
        return move(term)

    for q in quads:
        yield ox.Quad(move(q.subject), move(q.predicate), move_value(q.object, q.graph_name), move(q.graph_name))


class LinkedData:
    """The dataset being published, with its base IRI and label index.

    Parameters
    ----------
    store : pyoxigraph.Store
        The dataset (named graphs as built by ``innokg build``).
    base : str
        The base IRI the entities are published under (``<base>id/…``).

    Examples
    --------
    >>> s = ox.Store()
    >>> s.add(ox.Quad(ox.NamedNode(DEFAULT_BASE + "id/org/x"), ox.NamedNode(LABEL_PROPERTIES[1]),
    ...               ox.Literal("X", language="de"), ox.NamedNode(DEFAULT_BASE + "graph/g")))
    >>> ld = LinkedData(s)
    >>> ld.doc_path(DEFAULT_BASE + "id/org/x"), ld.label(DEFAULT_BASE + "id/org/x")
    ('org/x', 'X')
    >>> [e for e in ld.entities()]
    ['https://w3id.org/innokg/graph/g', 'https://w3id.org/innokg/id/org/x']
    """

    def __init__(self, store: ox.Store, base: str = DEFAULT_BASE, source: str = "", *, on_disk: bool = False) -> None:
        self.store = store
        self.base = check_base_iri(base)
        self.source = source
        #: the store is ``innokg build --store``'s on-disk store, read where it lies (:meth:`from_store`): the site
        #: streams its dumps from it instead of holding them in memory
        self.on_disk = on_disk
        self.id_space = base + "id/"
        self.graph_space = base + "graph/"
        self._labels: dict[str, dict[str, str]] = {}
        for prop in reversed(LABEL_PROPERTIES):  # best property written last wins
            for q in store.quads_for_pattern(None, ox.NamedNode(prop), None, None):
                if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.Literal):
                    lang = q.object.language or ""
                    self._labels.setdefault(q.subject.value, {})[lang] = q.object.value
        self._entities: list[str] | None = None
        self._union_size: int | None = None
        self._union_parts: list[tuple[str, int]] | None = None
        self._kinds: dict[str, str] = {}
        #: IRIs in the published IRI space that cannot have a page (unsafe path segments)
        self.unpublishable: list[str] = []

    # -- loading -----------------------------------------------------------------
    @classmethod
    def from_file(cls, path: str | Path, base: str = DEFAULT_BASE,
                  ontology: Iterable[Path] = ()) -> "LinkedData":
        """Load ``path`` (and ontology files into ``graph/ontology`` if it lacks that graph).

        Blank nodes are relabelled canonically (W3C RDF Dataset Canonicalization, RDFC-1.0),
        which makes dumps and documents byte-identical from run to run.
        """
        return cls.from_quads(load_quads(path), base, ontology, source=str(path))

    @classmethod
    def from_quads(cls, quads: Iterable[ox.Quad], base: str = DEFAULT_BASE, ontology: Iterable[Path] = (), *,
                   source: str = "") -> "LinkedData":
        """:meth:`from_file` of quads already read (e.g. an on-disk store's, ``publish --store``)."""
        check_base_iri(base)
        dataset = ox.Dataset(rebase(quads, base))
        onto_graph = ox.NamedNode(base + "graph/ontology")
        if not next(iter(dataset.quads_for_graph_name(onto_graph)), None):
            for f in ontology:
                for q in rebase(load_quads(f), base):
                    dataset.add(ox.Quad(q.subject, q.predicate, q.object, onto_graph))
        # blank nodes get their RDFC-1.0 canonical labels, so that every output is the same on every run;
        # first, refuse the blank-node clusters that would make that take minutes (issue 19)
        from innokg.load.limits import check_blank_node_clusters

        check_blank_node_clusters(dataset, where=source or "the dataset")
        dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
        from innokg.load.store import store_from_quads

        return cls(store_from_quads(dataset), base, source=source)

    @classmethod
    def from_store(cls, path: str | Path, base: str = DEFAULT_BASE, ontology: Iterable[Path] = ()) -> "LinkedData":
        """The on-disk store ``innokg build --store PATH`` made, opened read-only and used where it lies: no copy in
        memory, so publishing and serving it need memory for what they make, not for the data (issue 17).

        Blank nodes keep the labels the store gave them (stable for that store; the RDFC-1.0 relabelling of
        :meth:`from_file` needs the whole dataset in memory). A store that has to change first — published under
        another ``base``, or lacking ``graph/ontology`` when ontology files are given — is copied into memory
        as :meth:`from_quads` does.
        """
        from innokg.load.store import open_store

        check_base_iri(base)
        store, _info = open_store(path)
        onto_graph = ox.NamedNode(DEFAULT_BASE + "graph/ontology")
        ontology = list(ontology)
        if base != DEFAULT_BASE or (ontology and not store.contains_named_graph(onto_graph)):
            return cls.from_quads(iter(store), base, ontology, source=str(path))
        return cls(store, base, source=str(path), on_disk=True)

    # -- entities ----------------------------------------------------------------
    def entities(self) -> list[str]:
        """Every entity IRI with a document path, sorted."""
        if self._entities is None:
            spaces = (self.id_space, self.graph_space)
            found = {t.value for t in self._named_terms() if t.value.startswith(spaces)}
            paths = {i: self.doc_path(i) for i in found}
            self._entities = sorted(i for i, p in paths.items() if p is not None)
            self.unpublishable = sorted(found - set(self._entities))
            # the kind of every entity, read once (the tables and listings ask for it hundreds of thousands of times)
            self._kinds = {i: p.split("/", 1)[0] for i, p in paths.items() if p is not None}
        return self._entities

    def _named_terms(self) -> Iterator[ox.NamedNode]:
        """Every IRI that is a subject, object or graph name in the store, each at least once.

        The store's query engine makes the subjects and objects distinct (on its own term identifiers, 0.3 s for
        the 146,665 statements at 100 k against 5.6 s for a pass over every statement in Python); Python sees each
        distinct IRI, not each statement.
        """
        for where in ("GRAPH ?g { ?e ?p ?o }", "GRAPH ?g { ?s ?p ?e }", "?e ?p ?o", "?s ?p ?e"):
            for row in self.store.query(f"SELECT DISTINCT ?e WHERE {{ {where} FILTER(isIRI(?e)) }}"):
                yield row[0]
        for g in self.store.named_graphs():
            if isinstance(g, ox.NamedNode):
                yield g

    def doc_path(self, iri: str) -> str | None:
        """Document path of an entity IRI (no extension), or None when it is none of ours.

        Paths are made of safe segments only, so no IRI can name a file outside the
        site (``..``, ``%2F`` and the like give None).

        Examples
        --------
        >>> ld = LinkedData(ox.Store())
        >>> ld.doc_path(DEFAULT_BASE + "id/role/"), ld.doc_path(DEFAULT_BASE + "graph/g1")
        ('role/index', 'graph/g1')
        >>> ld.doc_path(DEFAULT_BASE + "id/org/../../etc/passwd") is None
        True
        >>> len(ld.doc_path(DEFAULT_BASE + "id/topic/" + "a" * 240)), ld.doc_path(DEFAULT_BASE + "id/topic/" + "a" * 241)
        (246, None)
        """
        if iri.startswith(self.id_space):
            rest = iri[len(self.id_space):]
            if rest.startswith("graph/"):
                return None  # reserved for the source graphs
        elif iri.startswith(self.graph_space):
            rest = "graph/" + iri[len(self.graph_space):]
        else:
            return None
        if rest.endswith("/"):
            rest += "index"
        segments = rest.split("/")
        if len(segments) < 2 or not all(len(s) <= MAX_SEGMENT and _SEGMENT_RE.match(s) for s in segments):
            return None
        return rest

    def iri_of(self, doc_path: str) -> str | None:
        """The entity IRI whose document path is ``doc_path`` (inverse of :meth:`doc_path`)."""
        if doc_path.startswith("graph/"):
            iri = self.graph_space + doc_path[len("graph/"):]
        else:
            iri = self.id_space + (doc_path[:-len("index")] if doc_path.endswith("/index") else doc_path)
        return iri if self.doc_path(iri) == doc_path and self.exists(iri) else None

    def graph_dump_path(self, graph: str) -> str | None:
        """Site path of the TriG dump of one named graph (``dumps/graphs/<name>.trig``), if it can have one.

        Examples
        --------
        >>> LinkedData(ox.Store()).graph_dump_path(DEFAULT_BASE + "graph/inferred")
        'dumps/graphs/inferred.trig'
        """
        doc = self.doc_path(graph)
        if doc is None or not doc.startswith("graph/") or doc.count("/") != 1:
            return None
        return f"dumps/graphs/{doc[len('graph/'):]}.trig"

    def exists(self, iri: str) -> bool:
        node = ox.NamedNode(iri)
        return (next(iter(self.store.quads_for_pattern(node, None, None, None)), None) is not None
                or next(iter(self.store.quads_for_pattern(None, None, node, None)), None) is not None
                or self.store.contains_named_graph(node))

    def kind(self, iri: str) -> str:
        """The first path segment of the document path (``org``, ``hub``, ``graph`` …)."""
        known = self._kinds.get(iri)
        if known is not None:
            return known
        path = self.doc_path(iri)
        return path.split("/", 1)[0] if path else ""

    # -- labels ------------------------------------------------------------------
    def labels(self, iri: str) -> dict[str, str]:
        """Language tag ('' for none) -> label."""
        return self._labels.get(iri, {})

    def label(self, iri: str, lang: str = "en") -> str:
        """The label in ``lang``, else in English, German, untagged, any; else the IRI's tail."""
        ls = self._labels.get(iri)
        if ls:
            for key in (lang, "en", "de", ""):
                if key in ls:
                    return ls[key]
            return ls[sorted(ls)[0]]
        return local_name(iri)

    # -- statements --------------------------------------------------------------
    def facts(self, iri: str) -> tuple[list[ox.Quad], list[ox.Quad]]:
        """(outgoing quads, incoming quads) of an entity, each sorted."""
        node = ox.NamedNode(iri)
        out = sorted(self.store.quads_for_pattern(node, None, None, None), key=_quad_key)
        inc = sorted(self.store.quads_for_pattern(None, None, node, None), key=_quad_key)
        return out, inc

    def bnode_quads(self, bnode: ox.BlankNode, graph) -> list[ox.Quad]:
        """Statements about a blank node (a monetary amount, an address …) in one graph."""
        return sorted(self.store.quads_for_pattern(bnode, None, None, graph), key=_quad_key)

    def description(self, iri: str) -> list[ox.Triple]:
        """The entity's triples (all graphs merged) with their blank-node closure, sorted.

        This is the concise bounded description served as Turtle, JSON-LD, N-Triples
        and RDF/XML; the graph each fact comes from is on the HTML page and in the dumps.
        """
        return self._closure([ox.NamedNode(iri)], {})

    def _closure(self, todo: list, seen: dict[tuple[str, str, str], ox.Triple]) -> list[ox.Triple]:
        """``seen`` (each triple keyed by its text) with the statements of every node of ``todo`` and of the blank
        nodes they reach, sorted by that text."""
        done: set = set()
        while todo:
            s = todo.pop()
            if s in done:
                continue
            done.add(s)
            for q in self.store.quads_for_pattern(s, None, None, None):
                seen.setdefault((str(s), str(q.predicate), str(q.object)), q.triple)
                if isinstance(q.object, ox.BlankNode):
                    todo.append(q.object)
        return [t for _k, t in sorted(seen.items(), key=lambda kv: kv[0])]

    def page_facts(self, iri: str) -> tuple[list[ox.Quad], list[ox.Quad], list[ox.Triple]]:
        """(outgoing quads, incoming quads, description) of an entity: :meth:`facts` and :meth:`description` in one,
        each quad's text made once for both sorts and its outgoing statements read once (an entity page needs
        all three: ``innokg publish`` makes ~952,000 at 10 M statements)."""
        node = ox.NamedNode(iri)
        subject = str(node)
        # (graph, predicate, object): the subject is the same in every row, so this orders as _quad_key does
        rows = [(str(q.graph_name), str(q.predicate), str(q.object), q)
                for q in self.store.quads_for_pattern(node, None, None, None)]
        rows.sort(key=lambda r: r[:3])
        inc = sorted(self.store.quads_for_pattern(None, None, node, None), key=_quad_key)
        # the description: each triple once (its text is its identity), sorted as description() sorts
        seen: dict[tuple[str, str, str], ox.Triple] = {}
        todo: list[ox.BlankNode] = []
        for _g, p, o, q in rows:
            if (subject, p, o) not in seen:
                seen[subject, p, o] = q.triple
                if isinstance(q.object, ox.BlankNode):
                    todo.append(q.object)
        return [r[3] for r in rows], inc, self._closure(todo, seen)

    def graph_counts(self) -> dict[str, int]:
        """Named graph IRI -> number of triples in it."""
        rows = self.store.query(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        return {r["g"].value: int(r["n"].value) for r in rows}

    def union_size(self) -> int:
        """Number of distinct triples over all graphs (counted once, then kept): each graph's statements less those
        an earlier part of :meth:`union_parts` holds, so memory stays flat however large the store (``SELECT
        DISTINCT`` over all graphs holds every triple: past 1.9 GiB at 10 M statements)."""
        if self._union_size is None:
            counts = self.graph_counts()
            self._union_size = sum(counts[g] - held for g, held in self.union_parts())
        return self._union_size

    def union_parts(self) -> list[tuple[str, int]]:
        """The union of the named graphs in parts: (graph IRI, how many of its statements an earlier part holds), the
        largest graph first, then the others by IRI. Each triple of the union belongs to the first part that holds
        it; a part with 0 is its whole graph (written by the store itself, :func:`innokg.publish.site`), any other
        is :meth:`union_rest`. The overlaps are counted by the store, a lookup per statement of the later graphs,
        never a set of triples."""
        if self._union_parts is not None:
            return self._union_parts
        counts = self.graph_counts()
        if not counts:
            return []
        largest = min(counts, key=lambda g: (-counts[g], g))
        parts = [(largest, 0)]
        for g in sorted(counts):
            if g != largest:
                rows = self.store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} "
                                        f"FILTER EXISTS {{ {self._held_before(g, largest)} }} }}")
                parts.append((g, int(next(iter(rows))["n"].value)))
        self._union_parts = parts
        return parts

    def union_rest(self, graph: str, largest: str) -> Iterator[ox.Triple]:
        """The triples of ``graph`` that no earlier part of :meth:`union_parts` holds (``largest``: its first part),
        read as the store answers."""
        held = self._held_before(graph, largest)
        query = f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} FILTER NOT EXISTS {{ {held} }} }}"
        for row in self.store.query(query):
            yield ox.Triple(row[0], row[1], row[2])

    @staticmethod
    def _held_before(graph: str, largest: str) -> str:
        """A pattern: ?s ?p ?o is in the part of ``largest`` or in a graph before ``graph`` by IRI."""
        return f"GRAPH ?h {{ ?s ?p ?o }} FILTER(?h = <{largest}> || STR(?h) < STR(<{graph}>))"


def local_name(iri: str) -> str:
    """The part after the last ``#`` or ``/`` (or the IRI when that is empty).

    Examples
    --------
    >>> local_name("https://w3id.org/innokg/ontology#Chamber"), local_name("https://w3id.org/innokg/id/role/")
    ('Chamber', 'https://w3id.org/innokg/id/role/')
    """
    tail = re.split(r"[#/]", iri)[-1]
    return tail or iri


def _quad_key(q: ox.Quad) -> tuple[str, str, str, str]:
    return (str(q.graph_name), str(q.predicate), str(q.object), str(q.subject))
