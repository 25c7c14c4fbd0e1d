"""Push a dataset into a SPARQL store, streaming: the statements are never all in memory.

:func:`push_files` reads RDF files twice, as streams (Oxigraph's parser; ``.gz`` decompressed on the fly):

1. a *scan* counts the statements of every named graph and joins blank nodes that share a statement into
   components (union-find) — memory grows with the number of blank nodes, not of statements;
2. the *send* pass fills requests of about ``batch_size`` statements; a statement about a blank node is held
   back until the last statement of its component has come, so every blank node's statements travel in one
   request (a blank-node label means one node only within one request). What is held back at once is at most
   the statements about blank nodes (in innokg's files: monetary amounts and durations, a few per cent).

Two protocols:

* ``update`` — SPARQL 1.1 Update: ``INSERT DATA`` requests of one graph each (the statements about blank nodes
  go in ``INSERT { … } WHERE {}`` requests of their own, one graph and at most :data:`BLANK_REQUEST` statements
  each: Virtuoso refuses blank nodes in ``INSERT DATA`` and in a template of two graphs; see ``_insert``). A
  blank-node component larger than that, or a blank node stated in two graphs, is split over several requests
  that find the nodes written by the earlier ones through temporary statements, deleted at the end (a label
  names one node only within one operation: see ``_split_component``).
  ``mode="replace"`` first clears every graph below ``https://w3id.org/innokg/graph/`` (so graphs gone from
  the dataset go from the store too), every other named graph of the dataset, and the default graph if the
  dataset has default-graph statements; ``mode="merge"`` adds, clearing nothing.
* ``gsp`` — SPARQL 1.1 Graph Store HTTP Protocol: per graph, its first chunk is ``PUT`` (replace) and the
  rest ``POST``; with ``mode="merge"`` every chunk is ``POST``. A blank-node component goes whole in one request
  per graph, whatever its size; a blank node stated in two graphs is refused before anything is sent (two
  requests would make it two nodes, and the protocol has no way to refer to a node of an earlier request).

Merging the same data twice duplicates the statements about blank nodes (a store cannot tell that ``_:b1`` of
one request is ``_:b1`` of another); replace is the default for that reason.

Credentials come from the environment or a netrc file, never from the command line
(:func:`innokg.sparql.auth.credentials`): a bearer token, HTTP basic, or HTTP digest (Virtuoso).
Connection failures, ``429`` and ``502``/``503``/``504`` are retried with exponential back-off (a
``Retry-After`` header is honoured); other HTTP errors stop the push with the server's message.

References
----------
.. [1] W3C, "SPARQL 1.1 Update", "SPARQL 1.1 Graph Store HTTP Protocol" (2013).
"""

from __future__ import annotations

import socket
import re
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from innokg.errors import ConfigError, InputError, QueryError
from innokg.namespaces import GRAPH
from innokg.sparql.auth import AUTH_VAR, PASSWORD_VAR, TOKEN_VAR, USER_VAR, Auth

__all__ = ["PushSummary", "file_quads", "push_dataset", "push_files", "push_quads",
           "update_batches"]

GRAPH_NS = str(GRAPH)
_RETRY_STATUS = {429, 502, 503, 504}

Graph = ox.NamedNode | ox.BlankNode | ox.DefaultGraph


@dataclass
class PushSummary:
    """What a push sent: statements per graph (``"default"`` for the default graph), requests, retries."""

    graphs: dict[str, int] = field(default_factory=dict)
    requests: int = 0
    retries: int = 0

    @property
    def statements(self) -> int:
        return sum(self.graphs.values())


# --- reading --------------------------------------------------------------------------------------


def file_quads(files: Iterable[str | Path]) -> Iterator[ox.Quad]:
    """The statements of ``files`` as one stream of quads, in file order.

    A triples file (``.ttl``, ``.nt``, RDF/XML) fills the named graph ``graph/<stem>``, as
    :func:`innokg.load.store.load_file` does; blank-node labels are made unique per file (``_:b`` of two
    files are two nodes, as when the files are loaded into one store). JSON-LD is read whole by rdflib
    (remote contexts refused). Malformed input raises the loader's ``[file:line:column]`` error.
    """
    from innokg.load.files import oxigraph_source, parse_rdf_file, rdf_file_error, rdf_stem, rdf_suffix
    from innokg.load.store import STORE_SUFFIXES, quads_of

    formats = {".ttl": ox.RdfFormat.TURTLE, ".trig": ox.RdfFormat.TRIG, ".nt": ox.RdfFormat.N_TRIPLES,
               ".nq": ox.RdfFormat.N_QUADS, ".rdf": ox.RdfFormat.RDF_XML, ".owl": ox.RdfFormat.RDF_XML}
    for i, f in enumerate(Path(p) for p in files):
        suffix = rdf_suffix(f).lower()
        if suffix not in STORE_SUFFIXES:
            raise InputError(f"unknown RDF file type {f.suffix.lower()!r}", where=str(f),
                             hint=f"use one of {', '.join(STORE_SUFFIXES)}")
        if suffix == ".jsonld":
            ds, _ = parse_rdf_file(f, notes=[])
            quads: Iterable[ox.Quad] = quads_of(ds)
        else:
            source = oxigraph_source(f, [])
            quads = ox.parse(**source, format=formats[suffix], base_iri=f.resolve().as_uri())
        to_graph = ox.NamedNode(str(GRAPH[rdf_stem(f)])) if suffix in {".ttl", ".nt", ".rdf", ".owl"} else None
        # blank nodes renamed by order of first appearance: unique per file, and the same in every reading
        # (a parser names an anonymous ``[]`` node afresh each time)
        names: dict[str, ox.BlankNode] = {}

        def rename(b: ox.BlankNode, prefix: str = f"f{i}n") -> ox.BlankNode:
            node = names.get(b.value)
            if node is None:
                node = names[b.value] = ox.BlankNode(f"{prefix}{len(names)}")
            return node

        try:
            for q in quads:
                s, o, g = q.subject, q.object, q.graph_name
                if isinstance(s, ox.BlankNode):
                    s = rename(s)
                if isinstance(o, ox.BlankNode):
                    o = rename(o)
                if isinstance(g, ox.BlankNode):
                    g = rename(g)
                elif to_graph is not None and isinstance(g, ox.DefaultGraph):
                    g = to_graph
                yield ox.Quad(s, q.predicate, o, g)
        except SyntaxError as exc:
            raise rdf_file_error(f, exc) from None
        except (OSError, EOFError) as exc:
            raise InputError(f"cannot read: {exc}", where=str(f)) from None


def _bnodes(q: ox.Quad) -> list[str]:
    return [t.value for t in (q.subject, q.object, q.graph_name) if isinstance(t, ox.BlankNode)]


def _graph_key(g: Graph) -> str:
    return "default" if isinstance(g, ox.DefaultGraph) else str(g)


@dataclass
class _Scan:
    counts: dict[Graph, int]
    parent: dict[str, str]  # union-find over blank nodes: those in one statement are one component
    sizes: dict[str, int]  # component root -> number of statements mentioning its blank nodes
    total: int
    #: a blank node stated in two graphs (one of them, if any): the Graph Store Protocol cannot send it
    spanning: tuple[str, Graph, Graph] | None = None

    def root(self, b: str) -> str:
        parent = self.parent
        while parent[b] != b:
            parent[b] = parent[parent[b]]
            b = parent[b]
        return b


def _scan(quads: Iterable[ox.Quad]) -> _Scan:
    counts: dict[Graph, int] = defaultdict(int)
    first: dict[str, int] = defaultdict(int)  # statements by their first blank node
    where: dict[str, Graph] = {}  # blank node -> the graph of its first statement
    scan = _Scan(counts, {}, {}, 0)
    parent = scan.parent
    i = -1
    for i, q in enumerate(quads):
        g = q.graph_name
        counts[g] += 1
        bn = _bnodes(q)
        if bn:
            first[bn[0]] += 1
            for b in bn:
                parent.setdefault(b, b)
                seen = where.setdefault(b, g)
                if seen != g and scan.spanning is None:
                    scan.spanning = (b, seen, g)
            for b in bn[1:]:
                ra, rb = scan.root(bn[0]), scan.root(b)
                if ra != rb:
                    parent[rb] = ra
    for b, n in first.items():
        r = scan.root(b)
        scan.sizes[r] = scan.sizes.get(r, 0) + n
    scan.counts, scan.total = dict(counts), i + 1
    return scan


@dataclass
class _Chunk:
    """One request's statements (N-Triples lines): those without blank nodes by graph, and those with, one list
    per blank-node component (a component must stay in one operation: each operation names its own nodes)."""

    plain: dict[Graph, list[str]] = field(default_factory=lambda: defaultdict(list))
    blank: list[list[_Stated]] = field(default_factory=list)

    def by_graph(self) -> dict[Graph, list[str]]:
        out: dict[Graph, list[str]] = defaultdict(list)
        for g, lines in self.plain.items():
            out[g].extend(lines)
        for component in self.blank:
            for st in component:
                out[st.graph].append(st.line())
        return dict(out)


@dataclass(frozen=True)
class _Stated:
    """A statement about blank nodes: its graph and its three terms as N-Triples text (``_:label`` for a blank
    node)."""

    graph: Graph
    s: str
    p: str
    o: str

    def line(self, names: dict[str, str] | None = None) -> str:
        """The N-Triples line; ``names`` puts a variable (``?v``) in place of a blank node's ``_:label``."""
        s, o = self.s, self.o
        if names:
            s, o = names.get(s, s), names.get(o, o)
        return f"{s} {self.p} {o} ."

    def blanks(self) -> list[str]:
        return [t for t in (self.s, self.o) if t.startswith("_:")]


def _chunks(quads: Iterable[ox.Quad], scan: _Scan, batch_size: int) -> Iterator[_Chunk]:
    """Statements grouped by graph, about ``batch_size`` at a time; a blank node's statements are held back
    until the last of them has come, so that they all go in one request."""
    buf = _Chunk()
    pending: dict[str, list[_Stated]] = defaultdict(list)
    size = 0
    for q in quads:
        bn = _bnodes(q)
        if not bn:
            buf.plain[q.graph_name].append(f"{q.subject} {q.predicate} {q.object} .")
            size += 1
        else:
            r = scan.root(bn[0])
            held = pending[r]
            held.append(_Stated(q.graph_name, str(q.subject), str(q.predicate), str(q.object)))
            if len(held) < scan.sizes[r]:
                continue
            buf.blank.append(pending.pop(r))
            size += len(held)
        if size >= batch_size:
            yield buf
            buf, size = _Chunk(), 0
    if pending:  # the second reading differs from the first: a file changed while it was pushed
        raise InputError("the data changed while it was being pushed", hint="push again")
    if size:
        yield buf


# --- sending --------------------------------------------------------------------------------------


class _Sender:
    def __init__(self, *, timeout: float, retries: int, auth: Auth | None, summary: PushSummary,
                 sleep: Callable[[float], None] = time.sleep):
        self.timeout, self.retries, self.auth, self.summary, self.sleep = timeout, retries, auth, summary, sleep

    def send(self, url: str, method: str, body: bytes, content_type: str) -> None:
        where = url.split("?")[0]
        if self.auth is not None:
            self.auth.fetch_challenge(url, self.timeout)  # digest: the server's nonce, before the first body goes
        attempt = challenges = 0
        while True:
            headers = {"Content-Type": content_type}
            value = self.auth.header(method, url) if self.auth is not None else None
            if value:
                headers["Authorization"] = value
            req = urllib.request.Request(url, data=body, method=method, headers=headers)
            try:
                with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                    resp.read()
                self.summary.requests += 1
                return
            except urllib.error.HTTPError as exc:
                detail = exc.read().decode("utf-8", "replace")[:500].strip()
                if exc.code == 401 and self.auth is not None and challenges < 2 and self.auth.challenged(
                        url, exc.headers.get("WWW-Authenticate")):
                    challenges += 1
                    continue  # a (stale) digest challenge answered: the same request again, not a retry
                if exc.code in (401, 403):
                    said = "refused the credentials" if self.auth is not None else "asks for credentials"
                    raise QueryError(f"HTTP {exc.code} {exc.reason}: the store {said}",
                                     where=where, hint=f"set {TOKEN_VAR}, or {USER_VAR} and {PASSWORD_VAR} (and "
                                                       f"{AUTH_VAR}=digest for Virtuoso), or a netrc entry for the "
                                                       "host (see README, Pushing)") from None
                if exc.code not in _RETRY_STATUS or attempt == self.retries:
                    raise QueryError(f"HTTP {exc.code} {exc.reason}: {detail}".strip(), where=where,
                                     hint="is this the store's update (or graph store) URL, and may you "
                                          "write?") from None
                delay = _retry_after(exc.headers.get("Retry-After"), attempt)
            except (urllib.error.URLError, socket.timeout, ConnectionError, OSError) as exc:
                if attempt == self.retries:
                    raise QueryError(f"cannot reach the store: {getattr(exc, 'reason', exc)}", where=where,
                                     hint="is the server running and the URL right?") from None
                delay = _retry_after(None, attempt)
            attempt += 1
            self.summary.retries += 1
            self.sleep(delay)


def _retry_after(header: str | None, attempt: int) -> float:
    """Seconds to wait before retry ``attempt + 1``: the server's ``Retry-After`` (seconds, at most 60), else
    0.5 s doubling."""
    if header and header.strip().isdigit():
        return min(60.0, float(header.strip()))
    return 0.5 * 2 ** attempt


#: statements about blank nodes per ``INSERT … WHERE {}`` request: Virtuoso 7.2 compiles the template to SQL
#: and refuses more than 10,000 lines of it (SP031; 5,000 statements did not compile, 1,000 did)
BLANK_REQUEST = 500

#: blank nodes of earlier requests one request may refer to (one ``WHERE`` pattern each, see
#: :func:`_split_component`): Virtuoso 7.2 ran out of stack (SR483) at 100 such patterns, 50 passed
REFERENCES_PER_REQUEST = 32


def _graph_blocks(lines: dict[Graph, list[str]]) -> str:
    parts = []
    for g in sorted(lines, key=_graph_key):
        body = "\n".join(lines[g])
        parts.append(body if isinstance(g, ox.DefaultGraph) else f"GRAPH {g} {{\n{body}\n}}")
    return "\n".join(parts)


def _in_graph(g: Graph, body: str) -> str:
    return body if isinstance(g, ox.DefaultGraph) else f"GRAPH {g} {{ {body} }}"


def _insert(chunk: _Chunk, marker: str) -> list[tuple[str, int]]:
    """Update requests and their statement counts, each about one graph: ``INSERT DATA { … }`` with the statements
    without blank nodes, then ``INSERT { … } WHERE {}`` with those about blank nodes — the same meaning (one
    solution, every label a new node), and what Virtuoso 7.2 accepts: it refuses blank nodes in ``INSERT DATA``
    (SP031), a request that holds a template and more than about 1,000 statements (it compiles all of it to SQL
    and stops at 10,000 lines: SP031), and blank nodes in a template of two graphs (SR002). A blank node's
    component (its statements and those of the blank nodes it shares one with) goes in one request when it fits
    in :data:`BLANK_REQUEST` statements of one graph; a larger one, or one stated in two graphs, is sent as
    :func:`_split_component` says, ``marker`` (an IRI of this push) tagging its nodes meanwhile."""
    ops = [(f"INSERT DATA {{\n{_graph_blocks({g: lines})}\n}}", len(lines))
           for g, lines in sorted(chunk.plain.items(), key=lambda kv: _graph_key(kv[0])) if lines]
    group: list[str] = []
    key = None
    for component in sorted(chunk.blank, key=lambda c: _graph_key(c[0].graph)):  # stable: file order kept
        g = component[0].graph
        if len(component) > BLANK_REQUEST or any(st.graph != g for st in component):
            ops.extend(_split_component(component, marker))
            continue
        if group and (len(group) + len(component) > BLANK_REQUEST or g != key):
            ops.append((f"INSERT {{\n{_graph_blocks({key: group})}\n}} WHERE {{}}", len(group)))
            group = []
        group.extend(st.line() for st in component)
        key = g
    if group:
        ops.append((f"INSERT {{\n{_graph_blocks({key: group})}\n}} WHERE {{}}", len(group)))
    return ops


def _split_component(component: list[_Stated], marker: str) -> list[tuple[str, int]]:
    """The requests of a blank-node component too large for one request or stated in two graphs.

    SPARQL 1.1 Update scopes a blank-node label to one operation (Update §3.1.1: the data's blank nodes are new
    nodes, disjoint from the store's; Query §19.6: a label is not shared between operations of one request), so
    two requests that write ``_:b`` write two nodes. To keep one node across requests, each node is first written
    with a temporary statement ``_:b <marker> "b"`` in the graph of its request; a later request finds it by that
    statement (``INSERT { GRAPH g { ?b … } } WHERE { GRAPH g0 { ?b <marker> "b" } }``, one solution). Each request
    holds one graph, at most :data:`BLANK_REQUEST` statements (the temporary ones included) and refers to at
    most :data:`REFERENCES_PER_REQUEST` earlier nodes; the last requests delete the temporary statements, one
    per graph (``marker`` is unique to the push, so nothing else is touched). Until then a reader of the store
    sees them; a push that stops midway leaves them (a replace push clears them with the graphs)."""
    pieces: list[tuple[Graph, list[_Stated], set[str]]] = []  # graph, statements, nodes it writes first
    made: dict[str, int] = {}  # node -> the piece that writes it first
    used: set[str] = set()  # nodes a later piece refers to
    refs: set[str] = set()
    for st in sorted(component, key=lambda st: _graph_key(st.graph)):  # stable: the file order within a graph
        bn = st.blanks()
        new = {b for b in bn if b not in made}
        old = {b for b in bn if b in made and made[b] != len(pieces) - 1}
        if pieces:
            g, stmts, first = pieces[-1]
            size = len(stmts) + len(first) + 1 + len(new)  # a temporary statement per new node, at most
            if g != st.graph or size > BLANK_REQUEST or len(refs | old) > REFERENCES_PER_REQUEST:
                pieces.append((st.graph, [], set()))
                refs = set()
                old = {b for b in bn if b in made}
        else:
            pieces.append((st.graph, [], set()))
        g, stmts, first = pieces[-1]
        for b in new:
            made[b] = len(pieces) - 1
            first.add(b)
        refs |= old
        used |= old
        stmts.append(st)
    ops: list[tuple[str, int]] = []
    home: dict[str, Graph] = {}  # node -> the graph of its temporary statement
    number = {b: i for i, b in enumerate(made)}  # a variable's name (a label may hold "-" or ".")
    tag = f"<{marker}>"
    for g, stmts, first in pieces:
        names = {b: f"?b{number[b]}" for s_ in stmts for b in s_.blanks() if b not in first}
        lines = [s_.line(names) for s_ in stmts]
        lines += [f'{b} {tag} "{number[b]}" .' for b in sorted(first & used)]
        where = " ".join(_in_graph(home[b], f'{v} {tag} "{number[b]}" .') for b, v in sorted(names.items()))
        ops.append((f"INSERT {{\n{_graph_blocks({g: lines})}\n}} WHERE {{ {where} }}", len(stmts)))
        home.update((b, g) for b in first)
    for g in sorted({home[b] for b in used}, key=_graph_key):
        pattern = _in_graph(g, f"?b {tag} ?label")
        ops.append((f"DELETE {{ {pattern} }} WHERE {{ {pattern} }}", 0))
    return ops


def _clear(graphs: Iterable[Graph]) -> str:
    names = sorted((g for g in graphs if not isinstance(g, ox.DefaultGraph)), key=str)
    ops = [f'DELETE {{ GRAPH ?g {{ ?s ?p ?o }} }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} '
           f'FILTER(STRSTARTS(STR(?g), "{GRAPH_NS}")) }}']
    ops += [f"DROP SILENT GRAPH {g}" for g in names if not g.value.startswith(GRAPH_NS)]
    if any(isinstance(g, ox.DefaultGraph) for g in graphs):
        ops.append("DROP SILENT DEFAULT")
    return " ;\n".join(ops)


def _gsp_target(endpoint: str, g: Graph) -> str:
    sep = "&" if "?" in endpoint else "?"
    if isinstance(g, ox.DefaultGraph):
        return f"{endpoint}{sep}default"
    return f"{endpoint}{sep}graph={urllib.parse.quote(g.value, safe='')}"


def push_quads(quads: Callable[[], Iterable[ox.Quad]], endpoint: str, *, protocol: str = "update",
               mode: str = "replace", batch_size: int = 5000, timeout: float = 600, retries: int = 4,
               auth: Auth | None = None, progress: Callable[[int, int], None] | None = None,
               sleep: Callable[[float], None] = time.sleep) -> PushSummary:
    """Push the quads that ``quads()`` yields (called twice: scan, then send) to ``endpoint``.

    ``protocol``: ``"update"`` (a SPARQL 1.1 Update URL: Oxigraph ``/update``, Fuseki ``/ds/update``,
    Virtuoso ``/sparql-auth``) or ``"gsp"`` (a Graph Store Protocol URL: Oxigraph ``/store``, Fuseki
    ``/ds/data``, Virtuoso ``/sparql-graph-crud-auth``). ``auth``: from :func:`innokg.sparql.auth.credentials`. ``mode``: ``"replace"`` or ``"merge"`` (see the module's text). ``progress(sent, total)``
    is called after every request.
    """
    if protocol not in {"update", "gsp"}:
        raise ConfigError(f"unknown push protocol {protocol!r}", hint="use 'update' or 'gsp'")
    if mode not in {"replace", "merge"}:
        raise ConfigError(f"unknown push mode {mode!r}", hint="use 'replace' or 'merge'")
    scan = _scan(quads())
    summary = PushSummary(graphs={_graph_key(g): n for g, n in sorted(scan.counts.items(),
                                                                       key=lambda kv: _graph_key(kv[0]))})
    sender = _Sender(timeout=timeout, retries=retries, auth=auth, summary=summary, sleep=sleep)
    if protocol == "update" and mode == "replace":
        sender.send(endpoint, "POST", _clear(scan.counts).encode("utf-8"), "application/sparql-update")
    started: set[Graph] = set()
    sent = 0
    if protocol == "gsp" and scan.spanning:
        b, g1, g2 = scan.spanning
        m = re.fullmatch(r"f(\d+)n(\d+)", b)  # file_quads' names: file number, order of first appearance
        which = f"blank node no. {int(m[2]) + 1} of input file {int(m[1]) + 1}" if m else f"blank node _:{b}"
        raise InputError(f"{which} is stated in two graphs ({_graph_key(g1)}, {_graph_key(g2)}): the Graph "
                         "Store Protocol sends one graph per request, which would make it two nodes",
                         where="--protocol gsp", hint="push with --protocol update")
    marker = f"urn:x-innokg:push:{uuid.uuid4().hex}"  # tags the nodes of large blank-node components meanwhile

    def requests() -> Iterator[tuple[str, str, bytes, str, int]]:
        for chunk in _chunks(quads(), scan, batch_size):
            if protocol == "update":
                for text, n in _insert(chunk, marker):
                    yield endpoint, "POST", text.encode("utf-8"), "application/sparql-update", n
                continue
            graphs = chunk.by_graph()
            for g in sorted(graphs, key=_graph_key):
                method = "PUT" if mode == "replace" and g not in started else "POST"
                started.add(g)
                yield (_gsp_target(endpoint, g), method, ("\n".join(graphs[g]) + "\n").encode("utf-8"),
                       "application/n-triples", len(graphs[g]))

    # the next request is read and written while the store takes the last one (one request ahead, in order)
    for url, method, body, ctype, n in _one_ahead(requests()):
        sender.send(url, method, body, ctype)
        sent += n
        if progress:
            progress(sent, scan.total)
    return summary


def _one_ahead(items: Iterator) -> Iterator:
    """``items``, produced by a thread one item ahead of the consumer (an exception is raised in the consumer)."""
    import queue
    import threading

    q: queue.Queue = queue.Queue(maxsize=1)
    done, stop = object(), threading.Event()

    def produce() -> None:
        try:
            for item in items:
                while not stop.is_set():
                    try:
                        q.put(item, timeout=0.2)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            q.put(done)
        except BaseException as exc:  # noqa: BLE001 - handed to the consumer, which raises it
            q.put(exc)

    thread = threading.Thread(target=produce, name="innokg-push-reader", daemon=True)
    thread.start()
    try:
        while True:
            item = q.get()
            if item is done:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        thread.join(timeout=5)


def push_files(files: Iterable[str | Path], endpoint: str, **kwargs) -> PushSummary:
    """:func:`push_quads` of the statements of ``files``, read as streams (:func:`file_quads`)."""
    files = [Path(f) for f in files]
    return push_quads(lambda: file_quads(files), endpoint, **kwargs)


def push_dataset(store: ox.Store, endpoint: str, **kwargs) -> PushSummary:
    """:func:`push_quads` of the statements of a store (in memory or on disk)."""
    return push_quads(lambda: iter(store), endpoint, **kwargs)


def update_batches(store: ox.Store, batch_size: int = 5000, *, mode: str = "replace") -> list[str]:
    """The SPARQL Update requests a push of ``store`` sends, in order (for reading and testing)."""
    scan = _scan(iter(store))
    out = [_clear(scan.counts)] if mode == "replace" else []
    marker = f"urn:x-innokg:push:{uuid.uuid4().hex}"
    return out + [text for c in _chunks(iter(store), scan, batch_size) for text, _ in _insert(c, marker)]
