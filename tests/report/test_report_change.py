"""``innokg report --over-time``: the "change over time" section (innokg.report.change) in English and German.

Expected values: the seed graph by year 2024–2026, worked by hand in tests/fixtures/seed-over-time/README.md
(the DO IT e.V. rises from 10 to 60 as its five named members join in 2025; three gaps between sectors
close; two brokers only, so no stability figure)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from support.paths import ROOT

ID = "https://w3id.org/innokg/id/"


def _rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module", params=["en", "de"])
def report(request, tmp_path_factory):
    from support.cli import run_in_process

    if not any((ROOT / "graph" / "sources").glob("*.trig")):
        pytest.skip("the curated seed graph (graph/sources) is absent")
    out = tmp_path_factory.mktemp("report") / request.param
    r = run_in_process(["report", "--over-time", "year", "--from", "2024", "--to", "2026", "--no-validate",
                        "--lang", request.param, "--timestamp", "2026-12-02T00:00:00Z", "-o", str(out)])
    assert r.returncode == 0, r.stderr
    return request.param, out


def test_change_section_is_there_in_both_languages(report):
    lang, out = report
    title = {"en": "Change over time", "de": "Wandel über die Zeit"}[lang]
    html = (out / "report.html").read_text(encoding="utf-8")
    md = (out / "report.md").read_text(encoding="utf-8")
    assert title in html and f"## {title}" in md
    # before the methods, after the report's own sections
    assert md.index(f"## {title}") < md.index({"en": "## Methods", "de": "## Methoden"}[lang])
    undated = {"en": "33 of 70 affiliations have no date", "de": "33 von 70 Zugehörigkeiten haben kein Datum"}[lang]
    assert undated in md
    for fig in ("change-small-multiples", "change-broker-ranks"):
        svg = (out / "figures" / f"{fig}.svg").read_text(encoding="utf-8")
        assert svg.startswith("<svg") and f"figures/{fig}.svg" in md


def test_change_tables_match_hand_worked_fixture(report):
    _, out = report
    periods = _rows(out / "tables" / "change-periods.csv")
    assert [(p["period"], p["nodes"], p["ties"], p["components"], p["brokers"]) for p in periods] == [
        ("2024", "35", "75", "8", "2"), ("2025", "40", "95", "8", "2"), ("2026", "47", "116", "9", "2")]
    movers = _rows(out / "tables" / "change-movers.csv")
    assert [(m["span"], m["node"].replace(ID, ""), m["total_from"], m["total_to"], m["rank_from"], m["rank_to"])
            for m in movers] == [("2024→2025", "org/do-it-suedwestfalen-ev", "10", "60", "2", "1"),
                                 ("2024→2026", "org/do-it-suedwestfalen-ev", "10", "60", "2", "1")]
    gaps = _rows(out / "tables" / "change-gaps.csv")
    assert [(g["span"], g["group_a"], g["group_b"], g["change"]) for g in gaps] == [
        ("2024→2025", "academia", "industry", "closed"), ("2024→2025", "academia", "unknown", "closed"),
        ("2025→2026", "academia", "government", "closed")]
    stability = _rows(out / "tables" / "change-stability.csv")
    assert [(s["nodes"], s["spearman"], s["kendall"]) for s in stability] == [("2", "NaN", "NaN")] * 2


def test_change_numbers_in_the_report_language(report):
    # density per year, worked in the fixture README: 75/595 = 0.12605, 95/780 = 0.12179, 116/1081 = 0.10731,
    # three decimals as every column of the report (one format per column); German: decimal comma
    lang, out = report
    md = (out / "report.md").read_text(encoding="utf-8")
    table = md[md.index({"en": "### The network per period", "de": "### Das Netzwerk je Zeitraum"}[lang]):]
    table = table[:table.index("\n### ")]
    rows = {line.split(" | ")[0].lstrip("| "): line.split(" | ") for line in table.splitlines()
            if line.startswith(("| 2024 |", "| 2025 |", "| 2026 |"))}
    density = [rows[y][3] for y in ("2024", "2025", "2026")]
    assert density == ({"en": ["0.126", "0.122", "0.107"], "de": ["0,126", "0,122", "0,107"]}[lang])


def test_dynamic_gexf_in_the_report_folder_and_linked(report):
    import xml.etree.ElementTree as ET

    lang, out = report
    gexf = out / "network-over-time.gexf"
    root = ET.parse(gexf).getroot()
    graph = root.find("{http://gexf.net/1.3}graph")
    assert root.get("version") == "1.3" and graph.get("mode") == "dynamic"
    # the organisations of every year (fixture README: 35 in 2024, 40 in 2025, 47 in 2026, each year's a subset
    # of the next) are the nodes of the one file
    assert len(graph.findall("{http://gexf.net/1.3}nodes/{http://gexf.net/1.3}node")) == 47
    html = (out / "report.html").read_text(encoding="utf-8")
    md = (out / "report.md").read_text(encoding="utf-8")
    change = html[html.index('<section aria-labelledby="change">'):]
    change = change[:change.index("</section>")]
    assert '<a href="network-over-time.gexf">network-over-time.gexf</a>' in change
    md_change = md[md.index({"en": "## Change over time", "de": "## Wandel über die Zeit"}[lang]):]
    md_change = md_change[:md_change.index("\n## ")]
    assert "[network-over-time.gexf](network-over-time.gexf)" in md_change
    assert {"en": "Gephi's timeline", "de": "Gephis Zeitleiste"}[lang] in md_change


def test_report_over_time_refuses_graphml(tmp_path):
    from support.cli import run_in_process

    g = tmp_path / "g.graphml"
    g.write_text('<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph edgedefault="undirected">'
                 '<node id="a"/></graph></graphml>')
    r = run_in_process(["report", "--network", str(g), "--over-time", "year", "-o", str(tmp_path / "r")])
    assert r.returncode == 2 and "[--over-time]" in r.stderr and not (tmp_path / "r").exists()


@pytest.mark.slow  # worker processes
def test_report_with_worker_processes_is_the_same(report, tmp_path):
    """``--jobs 2``: the periods analysed by two worker processes; the report folder is byte for byte
    the one ``--jobs 1`` (the default) wrote."""
    from support.cli import run_in_process

    lang, out = report
    if lang != "en":
        pytest.skip("one language is enough")
    out2 = tmp_path / "jobs2"
    r = run_in_process(["report", "--over-time", "year", "--from", "2024", "--to", "2026", "--no-validate",
                        "--lang", lang, "--timestamp", "2026-12-02T00:00:00Z", "--jobs", "2", "-o", str(out2)])
    assert r.returncode == 0, r.stderr

    def folder(d: Path) -> dict[str, bytes]:
        return {str(p.relative_to(d)): p.read_bytes() for p in sorted(d.rglob("*")) if p.is_file()}

    assert folder(out2) == folder(out)
