"""Checks of a published site shared by the publishing tests: an HTML link check and rapper."""

from __future__ import annotations

import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

__all__ = ["RAPPER", "broken_links", "parse_html", "rapper_count"]

#: file suffix -> rapper's input syntax
RAPPER = {".ttl": "turtle", ".nt": "ntriples", ".rdf": "rdfxml", ".trig": "trig", ".nq": "nquads"}


def rapper_count(path: Path, syntax: str, base: str = "http://example.org/") -> int:
    """Parse a file with rapper (Debian raptor2-utils); assert it is clean; return its triple count."""
    r = subprocess.run(["rapper", "-c", "-i", syntax, str(path), base], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and "Error" not in r.stderr, f"{path}: {r.stderr}"
    return int(r.stderr.split("returned")[1].split()[0])


class Links(HTMLParser):
    """The link targets (href, src, form action) and element ids of one HTML page."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        for key in ("href", "src"):
            if a.get(key):
                self.links.append(a[key])
        if tag == "form" and a.get("action"):
            self.links.append(a["action"])


def parse_html(path: Path) -> Links:
    p = Links()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def broken_links(site: Path) -> tuple[int, list[str]]:
    """(links checked, broken ones) over every page of a static site; fragments must name an id."""
    site = site.resolve()
    parsed = {p.resolve(): parse_html(p) for p in sorted(site.rglob("*.html"))}
    broken: list[str] = []
    checked = 0
    for page, links in parsed.items():
        for href in links.links:
            if urlsplit(href).scheme in ("http", "https", "data", "mailto", "ftp"):
                continue
            target, frag = urldefrag(href)
            dest = (page.parent / unquote(target)).resolve() if target else page
            checked += 1
            if not str(dest).startswith(str(site)):
                broken.append(f"{page.relative_to(site)} -> {href} leaves the site")
            elif not dest.is_file():
                broken.append(f"{page.relative_to(site)} -> {href}")
            elif frag and dest.suffix == ".html" and frag not in parsed[dest].ids:
                broken.append(f"{page.relative_to(site)} -> {href} (no such anchor)")
    return checked, broken
