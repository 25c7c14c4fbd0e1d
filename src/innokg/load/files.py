"""Load the curated graph, the ontology and other RDF files into one dataset.

Layout (see the README):

* ``ontology/*.ttl`` — the ontology, its vocabularies and alignments, loaded into
  the named graph :data:`~innokg.namespaces.ONTOLOGY_GRAPH`;
* ``graph/**/*.trig`` — one file per source, each holding its named graph(s);
  ``graph/**/*.ttl`` and ``*.nt`` — loaded into a named graph named after the file
  (``graph/<stem>``); ``*.nq`` — quads as they are.

Every file is read as UTF-8 (a byte-order mark is accepted and reported); a file
that is empty, not UTF-8, or not parseable raises :class:`~innokg.errors.InputError`
or :class:`~innokg.errors.ParseError` naming the file, line and column.

Turtle, TriG, N-Triples and N-Quads are parsed by Oxigraph's parser (strict W3C
syntax, exact line and column, linear time: rdflib's own Turtle parser needs 46 s
for one 4 MB multi-line literal) and turned into rdflib terms; a single token over
16 MB is refused. ``tests/load/test_load_parity.py`` checks that every file of the project
comes out exactly as rdflib reads it. JSON-LD is parsed by rdflib after
:func:`check_jsonld` has refused every remote or local-file ``@context``: nothing is
ever fetched. Modules that load files with Oxigraph directly use
:func:`oxigraph_source` and :func:`rdf_file_error` for the same checks and messages.
"""

from __future__ import annotations

import hashlib
import re
import threading
import warnings
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from rdflib import ConjunctiveGraph, Dataset, Graph, URIRef

from innokg.errors import InputError, ParseError
from innokg.load.limits import check_file_nesting, check_text_nesting
from innokg.namespaces import GRAPH, ONTOLOGY_GRAPH, bind_prefixes

__all__ = [
    "RDF_SUFFIXES",
    "LoadResult",
    "find_rdf_files",
    "parse_rdf_file",
    "check_jsonld",
    "oxigraph_source",
    "rdf_file_error",
    "gzip_error",
    "huge_token_error",
    "rdf_suffix",
    "rdf_stem",
    "load_ontology",
    "files_key",
    "parsed_once",
    "copy_graph",
    "source_files",
    "load_dataset",
    "project_root",
    "union_graph",
    "relative_path",
]

#: file suffix -> rdflib parser format
RDF_SUFFIXES = {
    ".trig": "trig",
    ".ttl": "turtle",
    ".nt": "nt",
    ".nq": "nquads",
    ".jsonld": "json-ld",
}
_QUAD_FORMATS = {"trig", "nquads", "json-ld"}


def rdf_suffix(path: str | Path) -> str:
    """The RDF suffix of ``path``, looking through ``.gz`` (``x.nq.gz`` -> ``.nq``): a gzip-compressed
    file given by name (``innokg import -o x.nq.gz`` writes one) is read decompressed."""
    path = Path(path)
    if path.suffix == ".gz" and Path(path.stem).suffix in RDF_SUFFIXES:
        return Path(path.stem).suffix
    return path.suffix


def rdf_stem(path: str | Path) -> str:
    """The file name without its RDF suffix (and ``.gz``): the name of its graph for a triples file."""
    path = Path(path)
    return Path(path.stem).stem if path.suffix == ".gz" else path.stem


def project_root() -> Path:
    """The folder holding ``graph/``, ``ontology/`` and ``shapes/``.

    The current directory when it has an ``ontology/`` folder (a user's checkout),
    else the source tree this package was installed from.
    """
    cwd = Path.cwd()
    if (cwd / "ontology").is_dir():
        return cwd
    here = Path(__file__).resolve().parents[3]
    return here


@dataclass
class LoadResult:
    """What :func:`load_dataset` read."""

    dataset: Dataset
    #: named graph IRI -> file it came from
    graph_files: dict[URIRef, Path] = field(default_factory=dict)
    #: files read, in order
    files: list[Path] = field(default_factory=list)
    #: non-fatal notes (byte-order marks …) as ``[WARNING] [file] message`` lines
    notes: list[str] = field(default_factory=list)


def find_rdf_files(*paths: str | Path) -> list[Path]:
    """RDF files below the given files or folders, sorted, hidden files skipped."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(
                f for f in sorted(p.rglob("*"))
                if f.is_file() and f.suffix in RDF_SUFFIXES
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
        elif p.is_file():
            out.append(p)
        else:
            raise InputError(f"no such file or folder: {p}", where=str(p),
                             hint="check the path")
    return out


def _read_text(path: Path, notes: list[str]) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", where=str(path)) from exc
    if path.suffix == ".gz":
        raw = _gunzip(path, raw)
    if raw.startswith(b"\xef\xbb\xbf"):
        notes.append(f"[WARNING] [{path}] starts with a UTF-8 byte-order mark; it was ignored")
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _utf8_error(path, raw, exc) from exc
    if not text.strip():
        raise InputError("file is empty", where=str(path),
                         hint="remove it or add its statements")
    return text


def _utf8_error(path: Path, raw: bytes, exc: UnicodeDecodeError) -> InputError:
    """``not UTF-8 (byte 0x..)`` at the line and column of the first byte that is not UTF-8."""
    line = raw[: exc.start].count(b"\n") + 1
    col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
    return InputError(f"not UTF-8 (byte 0x{raw[exc.start]:02x})", where=f"{path}:{line}:{col}",
                      hint="RDF files must be UTF-8; convert it, e.g. iconv -f latin1 -t utf-8")


def huge_token_error(path: str | Path) -> ParseError:
    """The :class:`~innokg.errors.ParseError` for a literal or IRI over :data:`MAX_TOKEN_BYTES`
    (Oxigraph's parser raises ``MemoryError`` at its buffer limit)."""
    return ParseError(f"a single literal or IRI is longer than {MAX_TOKEN_BYTES // 2**20} MB", where=str(path),
                      hint="keep large texts out of the graph and link to the document instead")


def gzip_error(path: str | Path, exc: Exception) -> InputError:
    """The :class:`~innokg.errors.InputError` for a ``.gz`` file that does not decompress."""
    return InputError(f"not a readable gzip file ({exc})", where=str(path),
                      hint="a name ending in .gz promises gzip-compressed RDF")


def _gunzip(path: Path, raw: bytes) -> bytes:
    import gzip
    import zlib

    try:
        return gzip.decompress(raw)
    except (OSError, EOFError, zlib.error) as exc:
        raise gzip_error(path, exc) from None


_LINE_RE = re.compile(r"line (\d+)")
_OX_POS = re.compile(r"^Parser error [^:]*: ")
_OX_FORMATS = {"turtle": "TURTLE", "trig": "TRIG", "nt": "N_TRIPLES", "nq": "N_QUADS",
               "nquads": "N_QUADS"}
#: pyoxigraph refuses a single token (literal, IRI) longer than this; rdflib's own
#: Turtle parser is quadratic in the length of a long literal (a 4 MB literal: 46 s).
MAX_TOKEN_BYTES = 16 * 1024 * 1024


def _snippet(text: str, line: int | None) -> str:
    if not line:
        return ""
    lines = text.splitlines()
    if 0 < line <= len(lines):
        return f"; the line reads: {lines[line - 1].strip()[:120]!r}"
    return ""


def _syntax_error(path: Path, text: str, exc: Exception) -> ParseError:
    """Turn a parser exception (pyoxigraph or rdflib) into a ParseError with line and column."""
    line = getattr(exc, "lines", None)
    col = None
    why = None
    if isinstance(exc, SyntaxError) and isinstance(exc.lineno, int):  # pyoxigraph
        line, col = exc.lineno, exc.offset
        why = _OX_POS.sub("", str(exc.msg)).strip()
        if why.lower().startswith("unexpected end"):
            why = "unexpected end of file (an unclosed '{', '[', '(' or string, or a missing '.'?)"
        n_lines = len(text.splitlines())
        if line > n_lines:  # past the end: point after the last character
            body = text.rstrip()
            line = body.count("\n") + 1
            col = len(body) - (body.rfind("\n") + 1) + 1
    argstr, i = getattr(exc, "_str", None), getattr(exc, "_i", None)
    if isinstance(argstr, (str, bytes)) and isinstance(i, int):  # rdflib's notation3 BadSyntax
        if isinstance(argstr, bytes):
            argstr = argstr.decode("utf-8", "replace")
        if i < 0 or i > len(argstr):  # "found end": point after the last statement
            i = len(argstr.rstrip())
        line = argstr.count("\n", 0, i) + 1
        col = i - (argstr.rfind("\n", 0, i) + 1) + 1
    if line is None:
        m = _LINE_RE.search(str(exc))
        line = int(m.group(1)) if m else None
    why = why or getattr(exc, "_why", None) or (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    why = why.replace("found end.", "found the end of the file")
    where = str(path) + (f":{line}" if line else "") + (f":{col}" if line and col else "")
    if why.startswith("Invalid UTF-8"):
        return ParseError("not UTF-8 (an invalid byte sequence)", where=where,
                          hint="RDF files must be UTF-8; convert it, e.g. iconv -f latin1 -t utf-8")
    return ParseError(f"RDF syntax error: {why}{_snippet(text, line)}", where=where,
                      hint="fix the statement and run again")


def _ox_quads(path: Path, text: str, fmt: str):
    """Parse N-Triples/N-Quads/Turtle/TriG with pyoxigraph (linear time, exact positions)
    and yield rdflib (s, p, o, graph-or-None) tuples; blank nodes are fresh per file."""
    import pyoxigraph as ox
    from rdflib import BNode, Literal

    bnodes: dict[str, BNode] = {}
    iris: dict[str, URIRef] = {}

    def term(t):
        if isinstance(t, ox.NamedNode):
            v = t.value
            u = iris.get(v)
            if u is None:
                u = iris[v] = URIRef(v)
            return u
        if isinstance(t, ox.BlankNode):
            b = bnodes.get(t.value)
            if b is None:
                b = bnodes[t.value] = BNode()
            return b
        if isinstance(t, ox.Literal):
            if t.language:
                return Literal(t.value, lang=t.language)
            dt = t.datatype.value
            if dt == "http://www.w3.org/2001/XMLSchema#string":
                return Literal(t.value)
            return Literal(t.value, datatype=term(t.datatype))
        raise ValueError(f"unsupported RDF term {t!r} (RDF-star is not used in innokg)")

    parser = ox.parse(text.encode("utf-8"), format=getattr(ox.RdfFormat, _OX_FORMATS[fmt]),
                      base_iri=path.resolve().as_uri())
    for q in parser:
        g = q.graph_name
        yield (term(q.subject), term(q.predicate), term(q.object),
               None if isinstance(g, ox.DefaultGraph) else term(g))
    prefixes = getattr(parser, "prefixes", None)
    if prefixes:
        yield ("prefixes", dict(prefixes))


def oxigraph_source(path: str | Path, notes: list[str] | None = None) -> dict:
    r"""Keyword arguments for ``pyoxigraph.parse``/``Store.load`` reading the RDF file ``path``,
    with the checks :func:`parse_rdf_file` makes, for modules that load files with Oxigraph.

    A missing or empty file raises :class:`~innokg.errors.InputError`; a file starting
    with a UTF-8 byte-order mark (which Oxigraph refuses as a syntax error) is passed as
    its bytes without the mark, and the mark is noted as a ``[WARNING]``. Otherwise the
    path itself is passed, so a large file is never read into memory here.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "bom.nt"
    >>> _ = p.write_bytes(b"\xef\xbb\xbf<http://x/a> <http://x/b> <http://x/c> .\n")
    >>> notes = []
    >>> sorted(oxigraph_source(p, notes)), notes[0].endswith("byte-order mark; it was ignored")
    (['input'], True)
    """
    path = Path(path)
    notes = [] if notes is None else notes
    if path.suffix == ".gz":
        return _oxigraph_gzip_source(path, notes)
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(4096)
    except FileNotFoundError:
        raise InputError("no such file", where=str(path), hint="check the path") from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", where=str(path)) from None
    if size <= len(head) and not head.lstrip(b"\xef\xbb\xbf").strip():
        raise InputError("file is empty", where=str(path), hint="remove it or add its statements")
    check_file_nesting(path)  # before a recursive parser sees it
    if head.startswith(b"\xef\xbb\xbf"):
        notes.append(f"[WARNING] [{path}] starts with a UTF-8 byte-order mark; it was ignored")
        return {"input": path.read_bytes()[3:]}
    return {"path": str(path)}


def _oxigraph_gzip_source(path: Path, notes: list[str]) -> dict:
    """:func:`oxigraph_source` for a gzip-compressed file: an open decompressing reader (checked as above
    on its first decompressed bytes, and for nesting on all of them), so that the file is decompressed while
    it is parsed."""
    import gzip
    import zlib

    try:
        fh = gzip.open(path, "rb")
        head = fh.read(4096)
    except FileNotFoundError:
        raise InputError("no such file", where=str(path), hint="check the path") from None
    except (OSError, EOFError, zlib.error) as exc:
        raise gzip_error(path, exc) from None
    if not head.lstrip(b"\xef\xbb\xbf").strip() and not fh.read(1):
        fh.close()
        raise InputError("file is empty", where=str(path), hint="remove it or add its statements")
    try:
        check_file_nesting(path)  # decompressed as it is scanned, before a recursive parser sees it
    except BaseException:
        fh.close()
        raise
    fh.seek(0)
    if head.startswith(b"\xef\xbb\xbf"):
        notes.append(f"[WARNING] [{path}] starts with a UTF-8 byte-order mark; it was ignored")
        fh.read(3)
    return {"input": fh}


def load_into_store(store, path: str | Path, source: dict, fmt, *, to_graph=None, base_iri: str | None = None,
                    bulk: bool = False, keep=None, seen: dict | None = None) -> None:
    """Load ``source`` (from :func:`oxigraph_source`) of ``path`` into a pyoxigraph ``store``.

    A syntax error, a token too large, a ``.gz`` that breaks off or a read error becomes the
    project's one ``[ERROR] [file:line:column]`` error for that file; the source is closed.
    ``bulk`` uses ``Store.bulk_load`` (fast, not transactional) instead of ``Store.load``.
    ``keep``: a set of predicates (``pyoxigraph.NamedNode``): only the statements with one of them are stored, the
    file parsed as a stream (a command that reads a few predicates of a large import: ``innokg link`` reads 38 %
    of CORDIS H2020's statements, stored in half the time of the whole). ``seen`` (with ``keep``): set to whether
    the file had a statement (``"any"``) and one in a named graph (``"named"``), kept or not.
    """
    path = Path(path)
    kwargs = dict(source, format=fmt)
    if to_graph is not None and keep is None:
        kwargs["to_graph"] = to_graph
    if base_iri is not None:
        kwargs["base_iri"] = base_iri
    try:
        if keep is None:
            (store.bulk_load if bulk else store.load)(**kwargs)
        else:
            import pyoxigraph as ox

            # fresh blank-node labels per file, as Store.load gives them: _:b0 in two files are two nodes
            kept = _kept(ox.parse(**kwargs, rename_blank_nodes=True), keep, {} if seen is None else seen)
            if to_graph is not None:  # a triples file: its statements go into ``to_graph``, as Store.load puts them
                kept = (ox.Quad(q.subject, q.predicate, q.object, to_graph) for q in kept)
            (store.bulk_extend if bulk else store.extend)(kept)
    except SyntaxError as exc:
        raise rdf_file_error(path, exc) from None
    except MemoryError:
        raise huge_token_error(path) from None
    except (OSError, EOFError) as exc:  # a gzip stream that breaks off, a read error
        if path.suffix == ".gz":
            raise gzip_error(path, exc) from None
        raise InputError(f"cannot read: {exc}", where=str(path)) from None
    finally:
        if hasattr(source.get("input"), "close"):
            source["input"].close()


def _kept(quads, keep, seen: dict):
    """The statements of ``quads`` whose predicate is in ``keep``; ``seen`` notes whether there was a statement and
    one in a named graph (looked for only until the first: a named-graph file costs one check)."""
    import pyoxigraph as ox

    seen["any"] = seen["named"] = False
    looking = True
    for q in quads:
        if looking:
            seen["any"] = True
            if not isinstance(q.graph_name, ox.DefaultGraph):
                seen["named"] = True
                looking = False
        if q.predicate in keep:
            yield q


def rdf_file_error(path: str | Path, exc: Exception) -> InputError:
    """The :class:`~innokg.errors.ParseError` for a parser error in the file ``path``:
    ``file:line:column``, the parser's reason and the offending line (read only for
    files below 64 MB, decompressed). A file that is not UTF-8 gets the loader's
    ``not UTF-8 (byte 0x..)`` error at the first such byte instead, as from
    :func:`parse_rdf_file`."""
    path = Path(path)
    raw = b""
    try:
        if path.suffix == ".gz":
            import gzip

            with gzip.open(path, "rb") as fh:
                raw = fh.read(64 * 2**20)
                raw = b"" if fh.read(1) else raw
        elif path.stat().st_size < 64 * 2**20:
            raw = path.read_bytes()
    except (OSError, EOFError):
        pass
    raw = raw.removeprefix(b"\xef\xbb\xbf")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        return _utf8_error(path, raw, err)
    return _syntax_error(path, text, exc)


_REMOTE_KEYS = ("@context", "@import")


def _remote_contexts(node, found: list[str]) -> list[str]:
    """Every context reference in a JSON-LD document that would be fetched (a string)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in _REMOTE_KEYS:
                for v in value if isinstance(value, list) else [value]:
                    if isinstance(v, str):
                        found.append(v)
            _remote_contexts(value, found)
    elif isinstance(node, list):
        for v in node:
            _remote_contexts(v, found)
    return found


def check_jsonld(path: str | Path, text: str):
    """Parse a JSON-LD document as JSON and refuse remote (or local-file) contexts.

    innokg never fetches anything while parsing: a ``"@context": "https://…"``
    would make rdflib download it (and a relative one would read a local file).

    Returns
    -------
    object
        The parsed JSON.

    Examples
    --------
    >>> check_jsonld("x.jsonld", '{"@context": "https://schema.org/", "name": "x"}')
    Traceback (most recent call last):
    ...
    innokg.errors.ParseError: [ERROR] [x.jsonld] JSON-LD refers to the remote context 'https://schema.org/'; innokg does not fetch contexts (put the context inline as a JSON object)
    """
    import json

    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParseError(f"JSON syntax error: {exc.msg}{_snippet(text, exc.lineno)}",
                         where=f"{path}:{exc.lineno}:{exc.colno}",
                         hint="fix the JSON and run again") from exc
    remote = _remote_contexts(doc, [])
    if remote:
        raise ParseError(f"JSON-LD refers to the remote context {remote[0]!r}; "
                         "innokg does not fetch contexts", where=str(path),
                         hint="put the context inline as a JSON object")
    return doc


def _forbid_context_fetching() -> None:
    """Make rdflib's JSON-LD parser refuse to fetch any context, whoever calls it."""
    from rdflib.plugins.shared.jsonld import context as jsonld_context

    if getattr(jsonld_context.Context._fetch_context, "_innokg_guard", False):
        return

    def _refuse(self, source, base, referenced_contexts):
        raise ParseError(f"JSON-LD refers to the remote context {source!r}; innokg does not "
                         "fetch contexts", hint="put the context inline as a JSON object")

    _refuse._innokg_guard = True
    jsonld_context.Context._fetch_context = _refuse


def parse_rdf_file(path: str | Path, dataset: Dataset | None = None,
                   notes: list[str] | None = None) -> tuple[Dataset, list[URIRef]]:
    """Parse one RDF file into ``dataset``; return it and the named graphs it filled.

    Triples-only formats go into the named graph ``graph/<file stem>``. Turtle,
    TriG, N-Triples and N-Quads are parsed with pyoxigraph (strict W3C syntax,
    linear time even for huge literals, exact line and column in errors);
    JSON-LD with rdflib, after refusing remote contexts (:func:`check_jsonld`).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "bad.ttl"
    >>> _ = p.write_text("@prefix ex: <http://example.org/> .\\nex:a ex:b .\\n")
    >>> parse_rdf_file(p)
    Traceback (most recent call last):
    ...
    innokg.errors.ParseError: [ERROR] [...bad.ttl:2:...] RDF syntax error: ...
    """
    path = Path(path)
    notes = [] if notes is None else notes
    fmt = RDF_SUFFIXES.get(rdf_suffix(path))
    if fmt is None:
        raise InputError(f"unknown RDF file type {path.suffix!r}", where=str(path),
                         hint=f"use one of {', '.join(sorted(RDF_SUFFIXES))}")
    text = _read_text(path, notes)
    if fmt in ("turtle", "trig", "json-ld"):
        check_text_nesting(path, text, json=fmt == "json-ld")  # before a recursive parser sees it
    ds = dataset if dataset is not None else Dataset(default_union=True)
    default_id = URIRef("urn:x-rdflib:default")
    if fmt in _OX_FORMATS:
        name = None if fmt in _QUAD_FORMATS else GRAPH[rdf_stem(path)]
        graphs: dict[URIRef, Graph] = {}
        try:
            for quad in _ox_quads(path, text, fmt):
                if quad[0] == "prefixes":
                    for prefix, ns in sorted(quad[1].items()):
                        ds.bind(prefix, ns, override=False)
                    continue
                s, p, o, g = quad
                gname = name or g or default_id
                target = graphs.get(gname)
                if target is None:
                    target = graphs[gname] = ds.graph(gname)
                target.add((s, p, o))
        except SyntaxError as exc:
            raise _syntax_error(path, text, exc) from exc
        except MemoryError as exc:
            raise huge_token_error(path) from exc
        except ValueError as exc:
            raise ParseError(f"RDF syntax error: {exc}", where=str(path),
                             hint="fix the statement and run again") from exc
        filled = list(graphs) if name is None else [name]
    else:
        _forbid_context_fetching()
        check_jsonld(path, text)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                tmp = Dataset()
                tmp.parse(data=text, format=fmt, publicID=path.resolve().as_uri())
        except ParseError:
            raise
        except Exception as exc:  # rdflib raises many kinds
            raise _syntax_error(path, text, exc) from exc
        filled = []
        # rdflib keeps a document's blank-node labels: fresh ones per file, as _ox_quads gives the other formats
        # (else two files writing _:b0 share one node)
        from rdflib import BNode

        bnodes: dict[BNode, BNode] = {}

        def fresh(t):
            if not isinstance(t, BNode):
                return t
            b = bnodes.get(t)
            if b is None:
                b = bnodes[t] = BNode()
            return b

        for g in tmp.graphs():
            if len(g) == 0:
                continue
            gname = fresh(g.identifier)
            target = ds.graph(gname)
            for s_, p_, o_ in g:
                target.add((fresh(s_), p_, fresh(o_)))
            filled.append(gname)
        for prefix, ns in tmp.namespaces():
            ds.bind(prefix, ns, override=False)
    filled = [g for g in filled if g != default_id]
    if fmt in _QUAD_FORMATS and not filled:
        notes.append(f"[WARNING] [{path}] has statements only in the default graph; "
                     "innokg expects each source in its own named graph")
    return ds, filled


def files_key(files: Iterable[str | Path]) -> tuple:
    """What the files hold, as a key: each file's resolved path, size, modification time and the SHA-256 of its
    bytes, in order. Any change to a file (even one that keeps its size and time) or to the list changes it."""
    key = []
    for f in map(Path, files):
        st = f.stat()
        key.append((str(f.resolve()), st.st_size, st.st_mtime_ns, hashlib.sha256(f.read_bytes()).hexdigest()))
    return tuple(key)


#: graphs parsed from small project files (the ontology, the shapes), kept for the process: kind and
#: :func:`files_key` -> Graph; the least recently used are dropped past :data:`_PARSED_MAX`
_PARSED: OrderedDict = OrderedDict()
_PARSED_MAX = 16
_PARSED_LOCK = threading.Lock()


def parsed_once(kind: str, files: list[Path], parse: Callable[[], object]):
    """The graph (or what else) ``parse()`` makes of ``files``, made once per process while the files stay as they
    are.

    ``innokg.pipeline.prepare`` reads the ontology and the shapes on every call (a test run, a server that
    validates again): 0.1 and 0.26 CPU s for the project's few thousand statements, against 0.05 s for a copy.
    The key is ``kind`` and :func:`files_key`, so an edited, added or removed file is parsed again. What is returned
    is shared: callers copy it (:func:`copy_graph`) before they change it. An error is raised each time (nothing is
    kept). ``innokg.validate.store_engine.compiled_shapes`` keeps the compiled shapes the same way.
    """
    key = (kind, files_key(files))
    with _PARSED_LOCK:
        g = _PARSED.get(key)
        if g is not None:
            _PARSED.move_to_end(key)
            return g
    g = parse()
    with _PARSED_LOCK:
        _PARSED[key] = g
        while len(_PARSED) > _PARSED_MAX:
            _PARSED.popitem(last=False)
    return g


def copy_graph(g: Graph) -> Graph:
    """A new Graph with the statements of ``g`` and the project's prefixes (what a fresh parse gives)."""
    out = Graph()
    bind_prefixes(out)
    out += g
    return out


def _ontology_graph(ontology_dir: str | Path | None = None) -> Graph:
    """The ontology as :func:`load_ontology` returns it, shared (parsed once per process): not to be changed."""
    ontology_dir = Path(ontology_dir) if ontology_dir else project_root() / "ontology"
    files = find_rdf_files(ontology_dir)

    def parse() -> Graph:
        g = Graph()
        bind_prefixes(g)
        for f in files:
            ds, graphs = parse_rdf_file(f)
            for name in graphs:
                for t in ds.graph(name):
                    g.add(t)
        return g

    return parsed_once("ontology", files, parse)


def load_ontology(ontology_dir: str | Path | None = None) -> Graph:
    """The ontology, vocabularies and alignments as one rdflib Graph (the caller's own: a copy of the one
    parsed once per process while the files stay the same, :func:`parsed_once`)."""
    return copy_graph(_ontology_graph(ontology_dir))


def source_files(sources: Iterable[str | Path] | None = None) -> list[Path]:
    """The RDF files of the given files and folders (default: the project's ``graph/``); none is an error."""
    sources = list(sources) if sources is not None else [project_root() / "graph"]
    files = find_rdf_files(*sources)
    if not files:
        raise InputError("no RDF files found", where=", ".join(map(str, sources)),
                         hint=f"expected files ending in {', '.join(sorted(RDF_SUFFIXES))}")
    return files


def load_dataset(
    sources: Iterable[str | Path] | None = None,
    ontology_dir: str | Path | None = None,
    *,
    with_ontology: bool = True,
) -> LoadResult:
    """Load source files (default: ``graph/``) and the ontology into one Dataset.

    Parameters
    ----------
    sources : iterable of paths, optional
        Files or folders; default the project's ``graph/`` folder.
    ontology_dir : path, optional
        Default the project's ``ontology/`` folder.
    with_ontology : bool
        Also load the ontology into :data:`ONTOLOGY_GRAPH`.

    Returns
    -------
    LoadResult
        The dataset (``default_union=True``: the default graph is the union of
        the named graphs), which file filled which graph, and notes.
    """
    files = source_files(sources)
    ds = Dataset(default_union=True)
    bind_prefixes(ds)
    result = LoadResult(dataset=ds)
    for f in files:
        _, graphs = parse_rdf_file(f, ds, result.notes)
        result.files.append(f)
        for name in graphs:
            if name in result.graph_files and result.graph_files[name] != f:
                result.notes.append(
                    f"[WARNING] [{f}] named graph <{name}> is also filled by "
                    f"{result.graph_files[name]}; one graph per source is expected")
            result.graph_files.setdefault(name, f)
    if with_ontology:
        g = ds.graph(ONTOLOGY_GRAPH)
        for t in _ontology_graph(ontology_dir):
            g.add(t)
    return result


def union_graph(ds: Dataset | ConjunctiveGraph, exclude: Iterable[URIRef] = ()) -> Graph:
    """All triples of all named graphs (minus ``exclude``) as one Graph."""
    exclude = set(exclude)
    out = Graph()
    bind_prefixes(out)
    for g in ds.graphs():
        if g.identifier in exclude:
            continue
        for t in g:
            out.add(t)
    return out


def relative_path(path: Path) -> str:
    """``path`` relative to the current folder when it is below it (how findings name files)."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
