"""The embedded store the queries run on: pyoxigraph, chosen by measurement (the queries run by :mod:`innokg.sparql.run`).

``benchmarks/store_benchmark.py`` compares rdflib's memory store, rdflib on
Oxigraph (oxrdflib) and pyoxigraph directly; the figures and the choice are in
``benchmarks/README.md``.

The store holds the dataset with its named graphs (one per source document), and
every query runs with the *default graph as the union of all graphs*
(pyoxigraph's ``use_default_graph_as_union``), so a plain triple pattern matches
across documents and ``GRAPH ?g`` says which document states it. A remote store
must be set up the same way (see :mod:`innokg.sparql.remote`).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from innokg.errors import InputError
from innokg.load.files import rdf_suffix
from innokg.namespaces import GRAPH

__all__ = ["GRAPH_NS", "data_files", "default_data", "load_store"]

#: named graphs of innokg live below this IRI
GRAPH_NS = str(GRAPH)


def default_data(root: str | os.PathLike | None = None) -> Path | None:
    """What local queries run on when ``--data`` is not given.

    The built dataset ``out/innokg.nq`` (or ``out/innokg.trig``) written by
    ``innokg build``; ``None`` when there is none (then :func:`load_store` builds
    the dataset in memory from ``graph/`` and ``ontology/``, with reasoning).
    """
    root = Path(root) if root is not None else Path.cwd()
    for candidate in (root / "out" / "innokg.nq", root / "out" / "innokg.trig"):
        if candidate.is_file():
            return candidate
    return None


def _stderr(message: str) -> None:
    print(message, file=sys.stderr)


def _build_in_memory(log: Callable[[str], None] = _stderr) -> ox.Store:
    """graph/ and ontology/ loaded and reasoned as ``innokg build`` does (:func:`innokg.pipeline.prepare`,
    the OWL 2 RL rules), unvalidated."""
    from innokg.pipeline import prepare

    log("[INFO] [out/innokg.nq] not built: loading graph/ and ontology/ in memory "
        "(run 'innokg build' once to make queries start fast)")
    # the rdflib route (as build's outputs are made); of its lines only warnings about the files are passed on
    return prepare(validate=False, engine="pyshacl", log=lambda m: log(m) if m.startswith("[") else None).store


def load_store(data: str | os.PathLike | None = None, *, log: Callable[[str], None] = _stderr) -> ox.Store:
    """An in-memory pyoxigraph store holding ``data`` (a file or a folder of RDF files), as it is.

    Without ``data``: the built dataset (:func:`default_data`), else graph/ and
    ontology/ built in memory. ``.trig``/``.nq`` keep their named graphs; a triples file (``.ttl``, ``.nt`` …)
    becomes the named graph ``https://w3id.org/innokg/graph/<file stem>`` (:func:`innokg.load.store.load_file`).
    Notes (a byte-order mark dropped, the in-memory build) go to ``log`` (default: stderr).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.trig"
    >>> _ = p.write_text("<http://x/g> { <http://x/s> <http://x/p> 1 }")
    >>> len(load_store(p))
    1
    """
    from innokg.load import store as stores

    files = data_files(data)
    if files is None:
        return _build_in_memory(log)
    return stores.load_store(files, rdf_xml=True, log=log).store


def data_files(data: str | os.PathLike | None = None) -> list[Path] | None:
    """The RDF files ``data`` names (a file, or the RDF files of a folder, sorted); without ``data`` the built
    dataset (:func:`default_data`), or ``None`` when there is none."""
    from innokg.load import store as stores

    path = Path(data) if data is not None else default_data()
    if path is None:
        return None
    if path.is_dir():
        files = sorted(p for p in path.rglob("*")
                       if p.is_file() and rdf_suffix(p).lower() in stores.STORE_SUFFIXES)
        if not files:
            raise InputError("no RDF files in this folder", where=str(path))
        return files
    if path.is_file():
        return [path]
    raise InputError("no such file or folder", where=str(path),
                     hint="pass --data with a .trig/.nq file or a folder of them")
