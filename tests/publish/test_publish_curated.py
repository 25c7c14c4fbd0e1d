"""The curated graph (graph/) published as a site: every link resolves, every RDF file parses.

The fixture tests pin exact content; this one guards against what real data brings
(IRIs, labels and literals the fixture does not have).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from support.publish_checks import RAPPER, broken_links, parse_html, rapper_count

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def curated_site(session_folder):
    from support.sites import published

    graph = ROOT / "graph"
    if not any(graph.rglob("*.trig")):
        pytest.skip("graph/ holds no curated files yet")
    r = published(session_folder, "--data", graph)  # once per session, shared with test_static_explorer.py
    assert r.returncode == 0, r.stderr
    assert "[WARNING]" not in r.stderr  # every entity IRI can have a page
    return r.site


def test_curated_site_has_no_broken_link(curated_site):
    checked, broken = broken_links(curated_site)
    assert checked > 1000
    assert broken == []


@pytest.mark.slow  # rapper, a real process per file
@pytest.mark.skipif(shutil.which("rapper") is None, reason="rapper (Debian raptor2-utils) is not installed")
def test_curated_site_rdf_parses(curated_site):
    """rapper on the dumps and the hubs' documents (one process per file: all ~1,300 would take 30 s);
    Oxigraph on every entity document."""
    dumps = sorted((curated_site / "dumps").rglob("*.trig")) + [curated_site / "dumps" / "innokg.ttl"]
    hubs = sorted(p for p in (curated_site / "doc" / "hub").iterdir() if p.suffix in (".ttl", ".rdf", ".nt"))
    for p in dumps + hubs:
        rapper_count(p, RAPPER[p.suffix])
    formats = {".ttl": ox.RdfFormat.TURTLE, ".rdf": ox.RdfFormat.RDF_XML, ".nt": ox.RdfFormat.N_TRIPLES,
               ".jsonld": ox.RdfFormat.JSON_LD}
    n = 0
    for p in (curated_site / "doc").rglob("*"):
        if p.suffix in formats:
            list(ox.parse(path=str(p), format=formats[p.suffix]))  # raises on a syntax error
            n += 1
    assert n > 1000


def test_every_hub_page_has_a_title_and_embedded_jsonld(curated_site):
    hubs = sorted((curated_site / "doc" / "hub").glob("*.html"))
    assert hubs
    for page in hubs:
        text = page.read_text(encoding="utf-8")
        assert "<h1>" in text and "According to" in text, page.name
        start = text.index('<script type="application/ld+json">') + len('<script type="application/ld+json">')
        assert list(ox.parse(text[start:text.index("</script>", start)], format=ox.RdfFormat.JSON_LD)), page.name
        assert parse_html(page).links
