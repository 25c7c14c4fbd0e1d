"""Files (or rdflib graphs) into a pyoxigraph store: the one place innokg builds a store.

Every command that queries, validates on the SPARQL engine, projects networks or serves the data works on a
:class:`pyoxigraph.Store`; this module makes it:

* :func:`load_store` — RDF files straight into a store by Oxigraph's parser (``.nq.gz`` and the other
  gzipped files decompressed on the fly, no rdflib on the way, so an import of millions of statements loads
  in seconds), with the same ``[ERROR] [file:line:column] message`` lines as the rdflib loader for malformed
  input (:func:`innokg.load.files.oxigraph_source`, :func:`innokg.load.files.load_into_store`). A triples
  file fills the named graph ``graph/<stem>``, as :func:`innokg.load.files.parse_rdf_file` does.
* :func:`store_of` — an rdflib Graph or Dataset copied into a store (a store is passed through).
* :func:`quads_of` / :func:`dataset_of` — rdflib → Oxigraph quads, and a store back as an rdflib Dataset.

A store is in memory unless ``path`` names a folder: then it is Oxigraph's on-disk store there.

* :func:`open_store` / :func:`write_store_info` — a store ``innokg build --store PATH`` made, opened again by
  the other commands (read-only unless asked): build once, query, validate, analyse and serve many times. The
  folder carries ``innokg-store.json`` (what was loaded, from which files, when, whether reasoned and validated)
  beside Oxigraph's own files; a folder without it is refused, so a typo never opens an empty store.
"""

from __future__ import annotations

import time
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

import pyoxigraph as ox
import rdflib

from innokg.errors import InputError
from innokg.load.terms import from_oxigraph, to_oxigraph

__all__ = ["STORE_INFO", "STORE_SUFFIXES", "StoreLoad", "new_store", "open_store", "write_store_info", "store_from_nquads", "store_from_quads", "load_file",
           "load_store", "add_graph", "quads_of", "store_of", "dataset_of"]

_OX_FORMAT = {".ttl": ox.RdfFormat.TURTLE, ".trig": ox.RdfFormat.TRIG, ".nt": ox.RdfFormat.N_TRIPLES,
              ".nq": ox.RdfFormat.N_QUADS, ".rdf": ox.RdfFormat.RDF_XML, ".owl": ox.RdfFormat.RDF_XML}
_TRIPLES = {".ttl", ".nt", ".rdf", ".owl"}
_QUADS = {".trig", ".nq", ".jsonld"}
#: the suffixes :func:`load_file` reads with ``rdf_xml=True`` (each also gzipped: ``.nq.gz`` …); without,
#: those of :data:`innokg.load.files.RDF_SUFFIXES`, as the rdflib loader
STORE_SUFFIXES = tuple(sorted(set(_OX_FORMAT) | {".jsonld"}))
_RDFLIB_DEFAULT = rdflib.URIRef("urn:x-rdflib:default")


def _quiet(_msg: str) -> None:
    pass


@dataclass
class StoreLoad:
    """What :func:`load_store` read."""

    store: ox.Store
    files: list[Path] = field(default_factory=list)
    #: named graph -> the file that first filled it
    graph_files: dict[ox.NamedNode, Path] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


def new_store(path: str | Path | None = None) -> ox.Store:
    """An empty store: in memory, or Oxigraph's on-disk store in the folder ``path``."""
    return ox.Store(str(path)) if path is not None else ox.Store()


#: the file in a store folder that says what ``innokg build --store`` put there
STORE_INFO = "innokg-store.json"


def write_store_info(path: str | Path, info: dict) -> None:
    """Record in the store folder ``path`` what it holds (``info``: JSON-serialisable)."""
    import json

    from innokg.atomic import atomic_file

    with atomic_file(Path(path) / STORE_INFO) as fh:
        fh.write(json.dumps(info, indent=2, ensure_ascii=False, sort_keys=True) + "\n")


def open_store(path: str | Path, *, read_only: bool = True) -> tuple[ox.Store, dict]:
    """The on-disk store ``innokg build --store PATH`` made, and what it holds (its ``innokg-store.json``).

    Read-only by default: any number of processes (the serving workers, a query while another runs) may open
    it at once, and nothing can change it by mistake.

    Raises
    ------
    InputError
        when ``path`` is not a folder holding a store innokg built.
    """
    import json

    path = Path(path)
    info_file = path / STORE_INFO
    if not path.is_dir():
        raise InputError("no such store folder", where=str(path),
                         hint="build one first: innokg build --store PATH (or --graph FILES --store PATH)")
    if not info_file.is_file():
        raise InputError(f"not a store built by innokg (no {STORE_INFO})", where=str(path),
                         hint="build one with: innokg build --store PATH")
    try:
        info = json.loads(info_file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"unreadable store description: {exc}", where=str(info_file),
                         hint="build the store again: innokg build --store PATH") from None
    try:
        store = ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
    except OSError as exc:
        raise InputError(f"cannot open the store: {exc}", where=str(path),
                         hint="is another innokg build writing it? build it again if it is damaged") from None
    return store, info


def store_from_nquads(source: str | Path | bytes, *, path: str | Path | None = None) -> ox.Store:
    """A store holding the N-Quads ``source`` (a file of innokg's own making, whatever its name, or the text as
    bytes), bulk-loaded: the serving workers' data file and an import's statements on their way to TriG."""
    store = new_store(path)
    if isinstance(source, bytes):
        store.bulk_load(source, ox.RdfFormat.N_QUADS)
    else:
        store.bulk_load(path=str(source), format=ox.RdfFormat.N_QUADS)
    return store


def store_from_quads(quads: Iterable[ox.Quad], *, path: str | Path | None = None) -> ox.Store:
    """A store holding ``quads`` (an :class:`pyoxigraph.Dataset` or any iterable of quads)."""
    store = new_store(path)
    store.extend(quads)
    return store


def load_file(store: ox.Store, f: Path, notes: list[str], *, rdf_xml: bool = False, keep=None,
              seen: dict | None = None) -> None:
    """Add the RDF file ``f`` to ``store`` (a triples file into the named graph ``graph/<stem>``).

    JSON-LD is read by rdflib (remote contexts refused, :func:`innokg.load.files.parse_rdf_file`), every
    other format by Oxigraph. Warnings (a byte-order mark …) are appended to ``notes``. ``rdf_xml``: also
    read RDF/XML (``.rdf``, ``.owl``), which the pipeline's sources may not be (the rdflib route refuses it).
    ``keep``: only the statements of these predicates, and ``seen`` what the file had, kept or not
    (:func:`innokg.load.files.load_into_store`; a ``.jsonld`` file leaves ``seen`` as it is).
    """
    from innokg.load.files import RDF_SUFFIXES, load_into_store, oxigraph_source, parse_rdf_file, rdf_stem, rdf_suffix
    from innokg.namespaces import GRAPH

    f = Path(f)
    suffix = rdf_suffix(f).lower()
    accepted = STORE_SUFFIXES if rdf_xml else tuple(sorted(RDF_SUFFIXES))
    if suffix not in accepted:
        raise InputError(f"unknown RDF file type {f.suffix.lower()!r}", where=str(f),
                         hint=f"use one of {', '.join(accepted)}")
    if suffix == ".jsonld":
        ds, _ = parse_rdf_file(f, notes=notes)
        store.bulk_extend(q for q in quads_of(ds) if keep is None or q.predicate in keep)
        return
    fmt = _OX_FORMAT[suffix]
    to_graph = ox.NamedNode(str(GRAPH[rdf_stem(f)])) if suffix in _TRIPLES else None
    load_into_store(store, f, oxigraph_source(f, notes), fmt, to_graph=to_graph, base_iri=f.resolve().as_uri(),
                    bulk=True, keep=keep, seen=seen)


def load_store(files: Iterable[str | Path], *, path: str | Path | None = None, rdf_xml: bool = False,
               log: Callable[[str], None] = _quiet, keep=None) -> StoreLoad:
    """Load ``files`` into one store (in memory, or on disk at ``path``); which file filled which graph.
    ``rdf_xml``: see :func:`load_file`. ``keep``: a set of predicates, the only ones stored (:func:`load_file`; a
    graph left with none of them is not in :attr:`StoreLoad.graph_files`).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.trig"
    >>> _ = p.write_text("<http://x/g> { <http://x/s> <http://x/p> 1 }")
    >>> loaded = load_store([p])
    >>> len(loaded.store), [str(g) for g in loaded.graph_files]
    (1, ['<http://x/g>'])
    """
    from innokg.load.files import rdf_suffix

    t0 = time.perf_counter()
    store = new_store(path)
    out = StoreLoad(store)

    def default_size() -> int:  # innokg's files fill named graphs: usually 0, at no cost
        return sum(1 for _ in store.quads_for_pattern(None, None, None, ox.DefaultGraph()))

    for f in files:
        f = Path(f)
        before = set(store.named_graphs())
        quads = rdf_suffix(f).lower() in _QUADS
        in_default = default_size() if quads else 0
        seen: dict = {}
        load_file(store, f, out.notes, rdf_xml=rdf_xml, keep=keep, seen=seen)
        out.files.append(f)
        filled = set(store.named_graphs()) - before
        for g in filled:
            out.graph_files.setdefault(g, f)
        # with keep, what is stored does not tell: a named graph's statements may all be left out
        only_default = (seen["any"] and not seen["named"]) if seen else not filled and default_size() > in_default
        if quads and only_default:
            out.notes.append(f"[WARNING] [{f}] has statements only in the default graph; "
                             "innokg expects each source in its own named graph")
    for note in out.notes:
        log(note)
    out.timings["load"] = time.perf_counter() - t0
    return out


def add_graph(store: ox.Store, triples: Iterable, graph) -> None:
    """Add rdflib ``triples`` to ``store`` in the named graph ``graph`` (an IRI string or term)."""
    g = ox.NamedNode(str(graph))
    store.bulk_extend(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), g) for s, p, o in triples)


def quads_of(source) -> Iterator[ox.Quad]:
    """The statements of an rdflib Graph (in the default graph) or Dataset (in their graphs) as Oxigraph quads."""
    if isinstance(source, (rdflib.Dataset, rdflib.ConjunctiveGraph)):
        for s, p, o, c in source.quads((None, None, None, None)):
            ident = getattr(c, "identifier", c)
            gn = ox.DefaultGraph() if ident is None or str(ident).startswith("urn:x-rdflib:default") \
                else to_oxigraph(ident)
            yield ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), gn)
    else:
        for s, p, o in source:
            yield ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), ox.DefaultGraph())


#: the last rdflib object :func:`store_of` copied: (weak reference to it, its size then, the store)
_last: tuple | None = None


def store_of(source, *, path: str | Path | None = None, fresh: bool = False) -> ox.Store:
    """A store holding ``source``: a pyoxigraph store as it is; an rdflib Graph or Dataset copied.

    The copy of the last rdflib object is kept while that object lives and has not changed size, so the
    projection queries of one command copy their input once (a weak reference: the copy never keeps the
    graph alive, and a new object at a reused address is not taken for it). ``fresh=True`` makes a new
    copy and keeps none, for a caller that changes the store.

    Examples
    --------
    >>> g = rdflib.Graph()
    >>> _ = g.add((rdflib.URIRef("http://x/s"), rdflib.URIRef("http://x/p"), rdflib.Literal(1)))
    >>> s = store_of(g)
    >>> len(s), store_of(g) is s, store_of(s) is s
    (1, True, True)
    """
    global _last
    if isinstance(source, ox.Store) or hasattr(source, "quads_for_pattern"):  # a store, or one read remotely
        return source
    if path is None and not fresh and _last is not None and _last[0]() is source and _last[1] == len(source):
        return _last[2]
    store = new_store(path)
    store.bulk_extend(quads_of(source))
    if path is None and not fresh:
        _last = (weakref.ref(source), len(source), store)
    return store


def dataset_of(store: ox.Store) -> rdflib.Dataset:
    """The quads of ``store`` as an rdflib Dataset (``default_union=True``, innokg's prefixes bound)."""
    from innokg.namespaces import bind_prefixes

    ds = rdflib.Dataset(default_union=True)
    bind_prefixes(ds)
    graphs: dict = {}
    for q in store.quads_for_pattern(None, None, None, None):
        name = q.graph_name
        key = None if isinstance(name, ox.DefaultGraph) else name.value
        g = graphs.get(key)
        if g is None:
            g = graphs[key] = ds.default_context if key is None else ds.graph(rdflib.URIRef(key))
        g.add((from_oxigraph(q.subject), from_oxigraph(q.predicate), from_oxigraph(q.object)))
    return ds
