"""Bounds on input before a recursive parser (or blank-node canonicalisation) sees it.

Oxigraph's Turtle, TriG and JSON-LD parsers and Python's ``json`` module recurse once
per nesting level: 100,000 nested blank nodes (a 900 KB file) crash the process
(SIGSEGV). Shallower nesting is worse in another way: RDFC-1.0 canonicalisation,
which ``build`` and ``publish`` run for stable blank-node labels, takes time
quadratic in the length of a chain of blank nodes (nesting 500: 52 s, 1,000:
minutes). Real data nests a few levels. :func:`check_text_nesting` and
:func:`check_file_nesting` refuse more than :data:`MAX_RDF_NESTING` levels
first, with the file, line and column where the limit is passed.

:func:`nesting` is the bracket scanner shared with the SPARQL guard
(:mod:`innokg.sparql.syntax`): strings (all four quote forms), IRIs and comments
are skipped, runs of brackets are taken at once, and nothing recurses.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

from innokg.errors import ParseError

__all__ = ["MAX_BLANK_CLUSTER", "MAX_BLANK_PERMUTATIONS", "MAX_BLANK_WORK", "MAX_RDF_NESTING",
           "check_blank_node_clusters", "check_file_nesting", "check_text_nesting", "nesting", "position"]

#: deepest bracket nesting ([ ], ( ), { }) an RDF file may have; real files stay below 20
MAX_RDF_NESTING = 64

# strings (long ones first), IRIs, comments: brackets inside them do not count
SKIP = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
                  r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\r\n]*', re.S)
_BRACKETS = re.compile(SKIP.pattern + r"|(?P<open>[{(\[]+)|(?P<close>[})\]]+)", re.DOTALL)
# in JSON a string is the only thing to skip ('#', '<' and "'" outside strings are errors anyway)
_JSON_BRACKETS = re.compile(r'"(?:[^"\\]|\\.)*"|(?P<open>[{\[]+)|(?P<close>[}\]]+)', re.DOTALL)


def position(text: str, i: int) -> tuple[int, int]:
    """Line and column (from 1) of offset ``i``."""
    line = text.count("\n", 0, i) + 1
    return line, i - (text.rfind("\n", 0, i) + 1) + 1


def _scan(chunks, limit: int, json: bool) -> tuple[int, tuple[int, int] | None]:
    """Deepest nesting over consecutive ``chunks`` of one text, and (chunk index, offset) where it passed ``limit``.

    Chunks should end at a line end; a string or comment is not followed across chunks.
    """
    pattern = _JSON_BRACKETS if json else _BRACKETS
    depth = deepest = 0
    beyond = None
    for k, text in enumerate(chunks):
        for m in pattern.finditer(text):  # runs of brackets at once: no Python step per character
            run = m.group("open")
            if run:
                if depth + len(run) > deepest:
                    if beyond is None and depth + len(run) > limit:
                        beyond = (k, m.start() + max(0, limit - depth))
                    deepest = depth + len(run)
                depth += len(run)
            elif m.group("close"):
                depth -= len(m.group("close"))
    return deepest, beyond


def nesting(text: str, limit: int, *, json: bool = False) -> tuple[int, int | None]:
    """The deepest bracket nesting in ``text`` and the offset where it first passed ``limit``.

    Examples
    --------
    >>> nesting("SELECT * WHERE { ?s ?p ?o FILTER(?o > (1 + 2)) }", 100)
    (3, None)
    >>> nesting('SELECT * WHERE { ?s ?p "{{{{" } # {{{{', 100)
    (1, None)
    >>> nesting("ASK {{{ }}}", limit=2)
    (3, 6)
    """
    deepest, beyond = _scan([text], limit, json)
    return deepest, None if beyond is None else beyond[1]


_HINT = ("deeper nesting crashes the parser and makes blank-node canonicalisation take minutes: flatten the data, "
         "e.g. give the nodes IRIs")


def check_text_nesting(path: str | Path, text: str, *, json: bool = False, limit: int = MAX_RDF_NESTING) -> None:
    """Refuse an RDF text (Turtle, TriG, JSON-LD with ``json``) nested deeper than ``limit``.

    Examples
    --------
    >>> check_text_nesting("deep.ttl", "<http://x/a> <http://x/p> " + "[ <http://x/p> " * 100 + "1" + " ]" * 100
    ...                    + " .")
    Traceback (most recent call last):
    ...
    innokg.errors.ParseError: [ERROR] [deep.ttl:1:987] the file nests brackets 100 levels deep; at most 64 are allowed (deeper nesting crashes the parser and makes blank-node canonicalisation take minutes: flatten the data, e.g. give the nodes IRIs)
    """
    if text.count("[") + text.count("(") + text.count("{") <= limit:
        return  # cannot nest deeper than it has brackets
    deepest, beyond = nesting(text, limit, json=json)
    if beyond is not None:
        line, col = position(text, beyond)
        raise ParseError(f"the file nests brackets {deepest} levels deep; at most {limit} are allowed",
                         where=f"{path}:{line}:{col}", hint=_HINT)


#: files up to this size are scanned whole; larger ones (and every gzip file) in chunks that end at a line end
_WHOLE = 64 * 1024 * 1024
#: the suffixes whose files can nest, and whether they are JSON
_NESTING_SUFFIXES = {".ttl": False, ".trig": False, ".jsonld": True, ".json": True}


def _line_chunks(fh, size: int = 1 << 22):
    """The binary stream ``fh`` decoded in chunks of about ``size`` bytes, each ending at a line end.

    A gzip stream is decompressed as it is read: memory stays bounded by ``size``
    and the longest line, however far the file expands.
    """
    rest = b""
    while True:
        block = fh.read(size)
        if not block:
            if rest:
                yield rest.decode("utf-8", "replace")
            return
        block = rest + block
        cut = block.rfind(b"\n") + 1
        if cut == 0:
            rest = block
            continue
        rest = block[cut:]
        yield block[:cut].decode("utf-8", "replace")


def _check_chunks(path: Path, chunks, limit: int, json: bool) -> None:
    """Refuse the first place in consecutive ``chunks`` where nesting passes ``limit``, with its line."""
    depth, lines = 0, 0
    for text in chunks:
        _, beyond, depth = _scan_one(text, limit, json, depth)
        if beyond is not None:
            line, col = position(text, beyond)
            raise ParseError(f"the file nests brackets more than {limit} levels deep", where=f"{path}:{lines + line}:{col}",
                             hint=_HINT)
        lines += text.count("\n")


def _scan_one(text: str, limit: int, json: bool, depth: int) -> tuple[int, int | None, int]:
    """:func:`_scan` of one chunk entered at ``depth``: (deepest, offset past ``limit``, depth at its end)."""
    pattern = _JSON_BRACKETS if json else _BRACKETS
    deepest, beyond = depth, None
    for m in pattern.finditer(text):
        run = m.group("open")
        if run:
            if beyond is None and depth + len(run) > limit:
                beyond = m.start() + max(0, limit - depth)
                return max(deepest, depth + len(run)), beyond, depth + len(run)
            depth += len(run)
            deepest = max(deepest, depth)
        elif m.group("close"):
            depth -= len(m.group("close"))
    return deepest, beyond, depth


def check_file_nesting(path: str | Path, limit: int = MAX_RDF_NESTING) -> None:
    """:func:`check_text_nesting` for a Turtle, TriG or JSON-LD file (other formats do not nest), gzipped or not.

    A plain file is read only when it holds more opening brackets than ``limit`` (the
    only case in which it can nest deeper); a file over 64 MiB, and every ``.gz``
    file (``x.ttl.gz``, ``x.trig.gz``, ``x.jsonld.gz``), is scanned in chunks that end
    at line ends, decompressed as it is read, so memory stays bounded (a string
    spanning two chunks is then not followed: its brackets may count). A file
    that cannot be read or decompressed is left to the loader, which says so.

    Examples
    --------
    >>> import gzip, pathlib, tempfile
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "deep.ttl.gz"
    >>> _ = p.write_bytes(gzip.compress(b"<http://x/a> <http://x/p>\\n" + b"[ <http://x/p> " * 100 + b"1" + b" ]" * 100
    ...                                 + b" ."))
    >>> check_file_nesting(p)
    Traceback (most recent call last):
    ...
    innokg.errors.ParseError: [ERROR] [...deep.ttl.gz:2:961] the file nests brackets more than 64 levels deep (...)
    """
    path = Path(path)
    gz = path.suffix.lower() == ".gz"
    suffix = Path(path.stem).suffix.lower() if gz else path.suffix.lower()
    if suffix not in _NESTING_SUFFIXES:
        return
    json = _NESTING_SUFFIXES[suffix]
    try:
        if gz:
            import gzip
            import zlib

            try:
                with gzip.open(path, "rb") as fh:
                    _check_chunks(path, _line_chunks(fh), limit, json)
            except (EOFError, zlib.error, gzip.BadGzipFile):
                return  # the loader reports the file it cannot decompress
            return
        openers = 0
        with path.open("rb") as fh:
            while openers <= limit:
                chunk = fh.read(1 << 22)
                if not chunk:
                    return
                openers += chunk.count(b"[") + chunk.count(b"(") + chunk.count(b"{")
        if path.stat().st_size <= _WHOLE:
            check_text_nesting(path, path.read_bytes().decode("utf-8", "replace"), json=json, limit=limit)
            return
        with path.open("rb") as fh:
            _check_chunks(path, _line_chunks(fh, 1 << 24), limit, json)  # depth carried across chunks
    except OSError:
        return  # the loader reports the file it cannot read


# -- blank nodes that only their neighbours tell apart ----------------------------------
#: most blank nodes in one cluster that RDFC-1.0 must tell apart by their neighbours alone
MAX_BLANK_CLUSTER = 128
#: most orderings RDFC-1.0 may try for one blank node's look-alike neighbours (6! = 720)
MAX_BLANK_PERMUTATIONS = 720
#: the sum over such clusters of (nodes)³ — RDFC-1.0's work grows with it (2 × 128³: about 1.5 s here)
MAX_BLANK_WORK = 2 * 128 ** 3

_CLUSTER_HINT = ("RDFC-1.0 canonicalisation must then compare every path through them, which takes minutes to "
                 "hours: give the nodes IRIs, or properties that tell them apart")


def check_blank_node_clusters(quads, where: str = "the dataset") -> None:
    """Refuse blank-node structures that would make RDFC-1.0 canonicalisation take minutes or more.

    RDFC-1.0 [1]_ first labels each blank node by a hash of the statements it is in
    (its "first-degree hash"); blank nodes whose hash is shared — look-alikes, told
    apart only by the blank nodes they link to — go through the "hash N-degree quads"
    step, which explores every path through the cluster of linked look-alikes and
    tries every ordering of a node's look-alike neighbours. Its work grows with the
    cube of a cluster's size and the factorial of such a group ([1]_ §4.8 and its
    note on "poison" datasets). Measured with Oxigraph 0.5 here: a chain of 100
    look-alike blank nodes 0.3 s, 200: 2.6 s, 400: 27 s; two blank nodes with 7
    look-alike children each 0.4 s, with 8: 4.6 s. This check finds the look-alikes
    (the same first-degree statements, blank nodes written as placeholders; the two
    ends of a chain differ from its middle), their
    clusters (look-alikes linked by a statement) and the groups among a node's
    neighbours, in time linear in the statements, and refuses more than
    :data:`MAX_BLANK_CLUSTER` nodes in a cluster, more than
    :data:`MAX_BLANK_PERMUTATIONS` orderings for one node, or more than
    :data:`MAX_BLANK_WORK` for the sum of cluster sizes cubed.

    Blank nodes that carry anything of their own (a literal, an IRI, a statement
    shape no other has) are no look-alikes, and blank nodes linked to no other blank
    node cost RDFC-1.0 nothing extra: real data passes whatever its size.

    Raises
    ------
    ParseError
        naming ``where`` and the graph the cluster is in.

    References
    ----------
    .. [1] W3C, "RDF Dataset Canonicalization" (RDFC-1.0), W3C Recommendation, 2024,
       §4.6 (first degree), §4.8 (N-degree) and §4.1 on poison datasets.

    Examples
    --------
    >>> import pyoxigraph as ox
    >>> p, g = ox.NamedNode("http://x/p"), ox.NamedNode("http://x/g")
    >>> b = [ox.BlankNode() for _ in range(301)]
    >>> check_blank_node_clusters([ox.Quad(b[i], p, b[i + 1], g) for i in range(300)], "chain.trig")
    Traceback (most recent call last):
    ...
    innokg.errors.ParseError: [ERROR] [chain.trig] 299 blank nodes in graph <http://x/g> can be told apart only by the blank nodes they link to; at most 128 are allowed (RDFC-1.0 ...)
    >>> check_blank_node_clusters([ox.Quad(b[i], p, b[i + 1], g) for i in range(300)]
    ...                           + [ox.Quad(b[i], ox.NamedNode("http://x/n"), ox.Literal(str(i)), g) for i in range(301)])
    """
    import pyoxigraph as ox

    blank = ox.BlankNode
    kept = []  # the statements with a blank node: read twice more below
    linked: dict = {}  # blank node -> the blank nodes it shares a statement with
    for q in quads:
        s, o, g = q.subject, q.object, q.graph_name
        nodes = [t for t in (s, o, g) if isinstance(t, blank)]
        if nodes:
            kept.append(q)
        if len(nodes) > 1:
            for a in nodes:
                for b in nodes:
                    if a != b:
                        linked.setdefault(a, set()).add(b)
    if not linked:
        return  # no blank node links to another: the first-degree hashes settle everything
    # the first-degree statements of the linked blank nodes (the only ones whose hash can need neighbours)
    firsts: dict = {node: [] for node in linked}
    for q in kept:
        _first_degree(q, firsts, blank)
    signature = {node: tuple(sorted(stmts)) for node, stmts in firsts.items()}
    seen: dict = {}
    for sig in signature.values():
        seen[sig] = seen.get(sig, 0) + 1
    alike = {node for node, sig in signature.items() if seen[sig] > 1}
    if not alike:
        return
    graph_of = {}
    for q in kept:
        for t in (q.subject, q.object):
            if isinstance(t, blank) and t in alike and t not in graph_of:
                graph_of[t] = q.graph_name
    work = 0
    done: set = set()
    for start in alike:
        if start in done:
            continue
        cluster, stack = 0, [start]
        done.add(start)
        while stack:  # no recursion: a chain of a million nodes is walked in a loop
            node = stack.pop()
            cluster += 1
            groups: dict = {}
            for other in linked[node]:
                if other in alike:
                    groups[signature[other]] = groups.get(signature[other], 0) + 1
                    if other not in done:
                        done.add(other)
                        stack.append(other)
            orderings = 1
            for n in groups.values():
                orderings *= math.factorial(min(n, 12))
            if orderings > MAX_BLANK_PERMUTATIONS:
                raise ParseError(f"a blank node in graph {_graph(graph_of.get(node))} links to "
                                 f"{max(groups.values())} blank nodes that look alike; RDFC-1.0 would try "
                                 f"{orderings:,} orderings of them, at most {MAX_BLANK_PERMUTATIONS} are allowed",
                                 where=where, hint=_CLUSTER_HINT)
        if cluster > MAX_BLANK_CLUSTER:
            raise ParseError(f"{cluster} blank nodes in graph {_graph(graph_of.get(start))} can be told apart only "
                             f"by the blank nodes they link to; at most {MAX_BLANK_CLUSTER} are allowed",
                             where=where, hint=_CLUSTER_HINT)
        work += cluster ** 3
        if work > MAX_BLANK_WORK:
            raise ParseError(f"the dataset holds too many clusters of blank nodes that can be told apart only by "
                             f"the blank nodes they link to (the last in graph {_graph(graph_of.get(start))})",
                             where=where, hint=_CLUSTER_HINT)


def _graph(g) -> str:
    import pyoxigraph as ox

    if g is None or isinstance(g, ox.DefaultGraph):
        return "(the default graph)"
    return str(g)


def _first_degree(q, firsts: dict, blank) -> None:
    """Add quad ``q``, as RDFC-1.0's first-degree hash sees it, to each linked blank node it mentions
    (as the hash of the quad with that node as ``_:a`` and other blank nodes as ``_:z``)."""
    terms = (q.subject, q.predicate, q.object, q.graph_name)
    if not any(isinstance(t, blank) and t in firsts for t in terms):
        return
    for node in {t for t in terms if isinstance(t, blank) and t in firsts}:
        firsts[node].append(hash(tuple((_A if t == node else _Z) if isinstance(t, blank) else t for t in terms)))


_A, _Z = "_:a", "_:z"
