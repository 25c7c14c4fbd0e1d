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
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from rdflib import ConjunctiveGraph, Dataset, Graph, URIRef

from innokg.errors import InputError, ParseError
from innokg.namespaces import GRAPH, ONTOLOGY_GRAPH, bind_prefixes

__all__ = [
    "RDF_SUFFIXES",
    "LoadResult",
    "find_rdf_files",
    "parse_rdf_file",
    "load_ontology",
    "load_dataset",
    "project_root",
    "union_graph",
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


def project_root() -> Path:
    """The folder holding ``graph/``, ``ontology/`` and ``shapes/``.

    The current directory when it has an ``ontology/`` folder (a user's checkout),
    else the source tree this package was installed from.
    """
    cwd = Path.cwd()
    if (cwd / "ontology").is_dir():
        return cwd
    here = Path(__file__).resolve().parent.parent.parent
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
    if raw.startswith(b"\xef\xbb\xbf"):
        notes.append(f"[WARNING] [{path}] starts with a UTF-8 byte-order mark; it was ignored")
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(
            f"not UTF-8 (byte 0x{raw[exc.start]:02x})",
            where=f"{path}:{line}:{col}",
            hint="RDF files must be UTF-8; convert it, e.g. iconv -f latin1 -t utf-8",
        ) from exc
    if not text.strip():
        raise InputError("file is empty", where=str(path),
                         hint="remove it or add its statements")
    return text


_LINE_RE = re.compile(r"line (\d+)")


def _syntax_error(path: Path, text: str, exc: Exception) -> ParseError:
    """Turn an rdflib parser exception into a ParseError with line and column."""
    line = getattr(exc, "lines", None)
    col = None
    argstr, i = getattr(exc, "_str", None), getattr(exc, "_i", None)
    if isinstance(argstr, (str, bytes)) and isinstance(i, int):
        if isinstance(argstr, bytes):
            argstr = argstr.decode("utf-8", "replace")
        line = argstr.count("\n", 0, i) + 1
        col = i - (argstr.rfind("\n", 0, i) + 1) + 1
    if line is None:
        m = _LINE_RE.search(str(exc))
        line = int(m.group(1)) if m else None
    why = getattr(exc, "_why", None) or str(exc).strip().splitlines()[0]
    where = str(path) + (f":{line}" if line else "") + (f":{col}" if col else "")
    snippet = ""
    if line:
        lines = text.splitlines()
        if 0 < line <= len(lines):
            snippet = f"; the line reads: {lines[line - 1].strip()[:120]!r}"
    return ParseError(f"RDF syntax error: {why}{snippet}", where=where,
                      hint="fix the statement and run again")


def parse_rdf_file(path: str | Path, dataset: Dataset | None = None,
                   notes: list[str] | None = None) -> tuple[Dataset, list[URIRef]]:
    """Parse one RDF file into ``dataset``; return it and the named graphs it filled.

    Triples-only formats go into the named graph ``graph/<file stem>``.

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
    fmt = RDF_SUFFIXES.get(path.suffix)
    if fmt is None:
        raise InputError(f"unknown RDF file type {path.suffix!r}", where=str(path),
                         hint=f"use one of {', '.join(sorted(RDF_SUFFIXES))}")
    text = _read_text(path, notes)
    ds = dataset if dataset is not None else Dataset(default_union=True)
    before = {g.identifier for g in ds.graphs()}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if fmt in _QUAD_FORMATS:
                tmp = Dataset()
                tmp.parse(data=text, format=fmt, publicID=path.resolve().as_uri())
                filled = []
                for g in tmp.graphs():
                    if len(g) == 0:
                        continue
                    target = ds.graph(g.identifier)
                    for t in g:
                        target.add(t)
                    filled.append(g.identifier)
                for prefix, ns in tmp.namespaces():
                    ds.bind(prefix, ns, override=False)
            else:
                name = GRAPH[path.stem]
                g = ds.graph(name)
                g.parse(data=text, format=fmt, publicID=path.resolve().as_uri())
                filled = [name]
    except Exception as exc:  # rdflib raises many kinds
        raise _syntax_error(path, text, exc) from exc
    default_id = URIRef("urn:x-rdflib:default")
    filled = [g for g in filled if g != default_id]
    if fmt in _QUAD_FORMATS and not filled:
        notes.append(f"[WARNING] [{path}] has statements only in the default graph; "
                     "innokg expects each source in its own named graph")
    del before
    return ds, filled


def load_ontology(ontology_dir: str | Path | None = None) -> Graph:
    """The ontology, vocabularies and alignments as one rdflib Graph."""
    ontology_dir = Path(ontology_dir) if ontology_dir else project_root() / "ontology"
    g = Graph()
    bind_prefixes(g)
    for f in find_rdf_files(ontology_dir):
        ds, graphs = parse_rdf_file(f)
        for name in graphs:
            for t in ds.graph(name):
                g.add(t)
    return g


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
    root = project_root()
    sources = list(sources) if sources is not None else [root / "graph"]
    files = find_rdf_files(*sources)
    if not files:
        raise InputError("no RDF files found", where=", ".join(map(str, sources)),
                         hint=f"expected files ending in {', '.join(sorted(RDF_SUFFIXES))}")
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
        onto = load_ontology(ontology_dir)
        g = ds.graph(ONTOLOGY_GRAPH)
        for t in onto:
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
