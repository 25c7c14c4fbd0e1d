"""Media types, file extensions and content negotiation.

The ``Accept`` header is parsed by Werkzeug's :class:`~werkzeug.datastructures.MIMEAccept`
(RFC 9110 §12.5.1: quality values, ``type/*`` and ``*/*`` ranges, more specific
ranges overriding less specific ones, ``q=0`` meaning "not acceptable"); among
equally acceptable types the server's order of preference decides.

References
----------
.. [1] R. Fielding, M. Nottingham, J. Reschke, "HTTP Semantics", RFC 9110, 2022, §12.5.1.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

__all__ = ["RdfFormat", "DOC_FORMATS", "RDF_FORMATS", "by_extension", "negotiate", "serialize_triples"]


@dataclass(frozen=True)
class RdfFormat:
    """A format a document is offered in."""

    name: str
    extension: str
    media_type: str
    ox_format: ox.RdfFormat | None  # None: HTML

    @property
    def content_type(self) -> str:
        textual = self.media_type.startswith("text/") or self.media_type.endswith(("json", "+xml", "triples"))
        return self.media_type + ("; charset=utf-8" if textual else "")


HTML = RdfFormat("HTML", "html", "text/html", None)
TURTLE = RdfFormat("Turtle", "ttl", "text/turtle", ox.RdfFormat.TURTLE)
JSON_LD = RdfFormat("JSON-LD", "jsonld", "application/ld+json", ox.RdfFormat.JSON_LD)
N_TRIPLES = RdfFormat("N-Triples", "nt", "application/n-triples", ox.RdfFormat.N_TRIPLES)
RDF_XML = RdfFormat("RDF/XML", "rdf", "application/rdf+xml", ox.RdfFormat.RDF_XML)

#: The formats of an entity document, in the server's order of preference.
DOC_FORMATS: tuple[RdfFormat, ...] = (HTML, TURTLE, JSON_LD, N_TRIPLES, RDF_XML)
#: The RDF formats only (CONSTRUCT/DESCRIBE results, entity files).
RDF_FORMATS: tuple[RdfFormat, ...] = DOC_FORMATS[1:]


def by_extension(ext: str, formats: tuple[RdfFormat, ...] = DOC_FORMATS) -> RdfFormat | None:
    """The format of a file extension (without dot).

    Examples
    --------
    >>> by_extension("ttl").media_type
    'text/turtle'
    >>> by_extension("exe") is None
    True
    """
    return next((f for f in formats if f.extension == ext), None)


def negotiate(accept: str | None, offered: list[str]) -> str | None:
    """The best of the ``offered`` media types for an ``Accept`` header, or None (→ 406).

    A missing, empty or unparseable header accepts anything (RFC 9110 §12.5.1), so
    the first offered type is returned.

    Examples
    --------
    >>> offered = ["text/html", "text/turtle", "application/ld+json"]
    >>> negotiate("text/turtle;q=0.9, application/ld+json", offered)
    'application/ld+json'
    >>> negotiate("text/*;q=0.5, text/html;q=0", offered)
    'text/turtle'
    >>> negotiate("image/png", offered) is None
    True
    >>> negotiate(None, offered)
    'text/html'
    """
    if not accept or not accept.strip():
        return offered[0] if offered else None
    parsed = parse_accept_header(accept, MIMEAccept)
    if not list(parsed):
        return offered[0] if offered else None
    return parsed.best_match(offered)


def serialize_triples(triples, fmt: RdfFormat, prefixes: dict[str, str] | None = None) -> bytes:
    """Serialize triples in an RDF format (prefixes for Turtle only)."""
    kwargs = {"prefixes": prefixes} if prefixes and fmt.ox_format == ox.RdfFormat.TURTLE else {}
    return ox.serialize(triples, format=fmt.ox_format, **kwargs)
