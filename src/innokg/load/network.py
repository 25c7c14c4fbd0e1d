"""Networks from other tools: GraphML (Gephi, igraph, R, Cytoscape …) read as they are.

``innokg analyze --network`` and ``innokg report --network`` start here instead of at the
knowledge graph: a directed network stays directed, node and edge attributes keep the types
the file declares. :func:`file_sha256` is how every input of an analysis is named in its
results (``analysis.json``, ``analysis.ttl``).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import networkx as nx

from innokg.errors import InputError, ParseError

__all__ = ["read_network", "file_sha256"]


def read_network(path: str | Path) -> nx.Graph:
    """Read a GraphML file; directed stays directed. Errors name the file.

    Raises
    ------
    InputError
        when there is no such file;
    ParseError
        when it is not readable as GraphML.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError("no such file", where=str(path), hint="give a GraphML file exported by Gephi, igraph, …")
    try:
        G = nx.read_graphml(path)
    except Exception as exc:  # noqa: BLE001 - any parser error is a parse error of this file
        raise ParseError(f"not readable as GraphML: {exc}", where=str(path),
                         hint="check that the file is GraphML (XML with a <graphml> root)") from exc
    return G


def file_sha256(path: str | Path) -> str:
    """The SHA-256 digest of the file's bytes (hex), read in 1 MB chunks."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()
