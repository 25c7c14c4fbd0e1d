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

import re
from pathlib import Path

from innokg.errors import ParseError

__all__ = ["MAX_RDF_NESTING", "check_file_nesting", "check_text_nesting", "nesting", "position"]

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
