"""``innokg report``: the report folder, its determinism, snapshots, a real browser, CORDIS data.

* the seed graph (graph/) → HTML/Markdown/CSV/JSON/GEXF/GraphML; opened in headless Chromium;
* the hand-worked bridge network (tests/fixtures/report/bridge.graphml, README there) →
  snapshot of report.md and the tables, checked by hand;
* a small CORDIS H2020 sample (Luxembourg's organisations, ../shared/data) → the communities picture.
"""

from __future__ import annotations

import csv
import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from support.cli import cli_env, run_in_process
from support.paths import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "report"
BRIDGE = FIXTURES / "bridge.graphml"
TS = "2026-11-22T10:00:00Z"
UPDATE = os.environ.get("INNOKG_UPDATE_SNAPSHOTS") == "1"


def _tables(out: Path, name: str) -> list[dict]:
    with open(out / "tables" / f"{name}.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# -- the seed graph ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def seed_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("seed") / "report"
    r = run_in_process(["report", "-o", out, "--timestamp", TS])
    assert r.returncode == 0, r.stderr
    return out


def test_seed_report_folder(seed_report):
    names = {str(p.relative_to(seed_report)) for p in seed_report.rglob("*") if p.is_file()}
    for must in ("report.html", "report.md", "network.gexf", "network.graphml", "figures/network.svg",
                 "figures/roles.svg", "figures/coverage.svg", "tables/brokers.csv", "tables/brokers.json",
                 "tables/group-gaps.csv", "tables/missing-links.csv", "tables/coverage.csv",
                 "tables/completeness.csv", "tables/nodes.csv", "tables/measures.csv", "tables/inputs.csv"):
        assert must in names, must
    # the two brokers the seed analysis names (tests/fixtures/seed-analysis/README.md)
    brokers = _tables(seed_report, "brokers")
    assert [b["node"].rsplit("/", 1)[-1] for b in brokers[:2]] == ["do-it-suedwestfalen-ev",
                                                                     "wirtschaftsfoerderung-dortmund"]
    # the academia–government gap is the thinnest, as in the hand-worked seed analysis
    gaps = _tables(seed_report, "group-gaps")
    assert (gaps[0]["group_a"], gaps[0]["group_b"], gaps[0]["ties"], gaps[0]["possible"]) == \
        ("academia", "government", "1", "120")
    # coverage: every region × every topic; completeness names the grants without a funder
    cov = _tables(seed_report, "coverage")
    assert len(cov) == len({c["region"] for c in cov}) * len({c["topic"] for c in cov})
    comp = _tables(seed_report, "completeness")
    assert {"grant/edih-do-2", "grant/green-factory-regionale-2025"} <= {
        c["item"].split("/id/", 1)[-1] for c in comp if c["gap"] == "funder-unknown"}
    # inputs with their SHA-256, the report time as given
    inputs = _tables(seed_report, "inputs")
    assert inputs and all(re.fullmatch(r"[0-9a-f]{64}", i["sha256"]) for i in inputs)
    md = (seed_report / "report.md").read_text(encoding="utf-8")
    assert f"- Report time: {TS}" in md and "![" in md and "(figures/network.svg)" in md


def test_seed_network_files_carry_the_measures(seed_report):
    g = nx.read_graphml(seed_report / "network.graphml")
    x = nx.read_gexf(seed_report / "network.gexf")
    assert sorted(g) == sorted(x)
    node = "https://w3id.org/innokg/id/org/do-it-suedwestfalen-ev"
    nodes = {r["node"]: r for r in _tables(seed_report, "nodes")}
    for attrs in (g.nodes[node], x.nodes[node]):
        assert float(attrs["total"]) == float(nodes[node]["total"]) == 60
        assert abs(float(attrs["betweenness"]) - float(nodes[node]["betweenness"])) < 1e-9
        assert attrs["community"] is not None and "constraint" in attrs
    # GEXF date from --timestamp, never from the clock
    assert 'lastmodifieddate="2026-11-22"' in (seed_report / "network.gexf").read_text(encoding="utf-8")


def test_seed_html_is_self_contained(seed_report):
    html = (seed_report / "report.html").read_text(encoding="utf-8")
    assert "<script" not in html.lower()
    assert not re.search(r"""(src|href)\s*=\s*["'](https?:)?//""", html)
    assert "@import" not in html and "url(http" not in html
    assert html.count("<svg") >= 3  # network, roles, coverage inline


# -- a real browser ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from support.browser import start_chromium

    driver = start_chromium(tmp_path_factory.mktemp("chromium-profile"), window="1280,1000")
    yield driver
    driver.quit()


@pytest.mark.slow
def test_browser_shows_the_report(seed_report, browser, tmp_path):
    from selenium.webdriver.common.by import By

    from support.browser import console_errors

    browser.get((seed_report / "report.html").as_uri())
    assert browser.find_element(By.TAG_NAME, "h1").text == "Network report"
    for table in ("summary", "brokers", "group-gaps", "missing-links", "completeness", "measures", "inputs"):
        el = browser.find_element(By.ID, f"table-{table}")
        assert el.is_displayed(), table
        assert len(el.find_elements(By.CSS_SELECTOR, "tbody tr")) > 0, table
    first = browser.find_element(By.CSS_SELECTOR, "#table-brokers tbody tr td:nth-child(2)").text
    assert first == "DO IT Südwestfalen e.V."
    for fig in ("network", "roles", "coverage"):
        svg = browser.find_element(By.CSS_SELECTOR, f"#figure-{fig} svg")
        assert svg.is_displayed() and svg.size["width"] > 300 and svg.size["height"] > 100, fig
    # the role heat cells are shaded, the thin gap row is marked
    style = browser.execute_script(
        "return getComputedStyle(document.querySelector('#table-brokers tbody td[title^=\"z = \"]')).backgroundColor")
    assert style.startswith("rgba(0, 114, 178")
    assert browser.find_elements(By.CSS_SELECTOR, "#table-group-gaps tr.thin")
    # nothing was fetched: no resource entries at all (fonts, scripts, images)
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0
    browser.save_screenshot(str(tmp_path / "report.png"))
    assert (tmp_path / "report.png").stat().st_size > 10_000
    assert console_errors(browser) == []


# -- the hand-worked bridge network: numbers and snapshots ---------------------------------------
def _report(run_cli, out: Path, *extra: str, env_hash: str | None = None):
    """The bridge report in this process, or in a real process under the hash seed ``env_hash``."""
    args = ["report", "--network", str(BRIDGE), "--partition", "side", "--timestamp", TS, "--data-date", "2026-11-01",
            "-o", str(out), *extra]
    if env_hash is None:
        r = run_in_process(args)
    else:
        r = subprocess.run([sys.executable, "-m", "innokg.cli", *args], cwd=ROOT,
                           env={**cli_env(), "PYTHONHASHSEED": env_hash}, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    return r


@pytest.fixture(scope="module")
def bridge_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("bridge") / "en"
    _report(None, out)  # in this process: under the hash seed pytest was given (or a random one)
    return out


def test_bridge_numbers_worked_by_hand(bridge_report):
    """The working is in tests/fixtures/report/README.md."""
    b = _tables(bridge_report, "brokers")
    assert len(b) == 1 and b[0]["node"] == "x" and b[0]["label"] == "Xenia Broker"
    assert {k: b[0][k] for k in ("total", "coordinator", "itinerant", "representative", "gatekeeper", "liaison")} == \
        {"total": "8", "coordinator": "0", "itinerant": "0", "representative": "4", "gatekeeper": "4", "liaison": "0"}
    assert float(b[0]["betweenness"]) == pytest.approx(4 / 6)
    assert float(b[0]["constraint"]) == pytest.approx(36 / 64)
    assert float(b[0]["effective_size"]) == pytest.approx(3)
    g = _tables(bridge_report, "group-gaps")
    assert len(g) == 1 and (g[0]["ties"], g[0]["possible"], g[0]["status"]) == ("2", "6", "ok")
    assert float(g[0]["ratio"]) == pytest.approx((2 / 6) / (6 / 10))
    ml = _tables(bridge_report, "missing-links")
    assert [(r["u"], r["v"]) for r in ml] == [("a1", "b1"), ("a1", "b2"), ("a2", "b1"), ("a2", "b2")]
    assert all(float(r["score"]) == 0.25 and r["via"] == "x" for r in ml)
    data = json.loads((bridge_report / "tables" / "brokers.json").read_text(encoding="utf-8"))
    assert data["rows"][0]["total"] == 8.0 and data["columns"][:3] == ["rank", "node", "label"]


SNAPSHOTS = ("report.md", "tables/brokers.csv", "tables/group-gaps.csv", "tables/missing-links.csv",
             "tables/open-networks.csv", "tables/summary.csv")


def _snapshot_text(out: Path, name: str) -> str:
    text = (out / name).read_text(encoding="utf-8")
    if name == "report.md":  # software versions change with every upgrade: not part of the snapshot
        text = text.split("\n### Software\n", 1)[0] + "\n"
    return text


@pytest.mark.parametrize("name", SNAPSHOTS)
def test_bridge_snapshot(bridge_report, name):
    snap = FIXTURES / "bridge-en" / name
    got = _snapshot_text(bridge_report, name)
    if UPDATE:
        snap.parent.mkdir(parents=True, exist_ok=True)
        snap.write_text(got, encoding="utf-8")
    assert got == snap.read_text(encoding="utf-8"), f"{snap} (review the diff; INNOKG_UPDATE_SNAPSHOTS=1 rewrites)"


@pytest.mark.slow
def test_bridge_german_snapshot(tmp_path):
    out = tmp_path / "de"
    _report(None, out, "--lang", "de", env_hash="2")
    got = _snapshot_text(out, "report.md")
    snap = FIXTURES / "bridge-de" / "report.md"
    if UPDATE:
        snap.parent.mkdir(parents=True, exist_ok=True)
        snap.write_text(got, encoding="utf-8")
    assert got == snap.read_text(encoding="utf-8")
    # long German headers carry a soft hyphen (U+00AD), so a narrow column may break them
    assert "## Vermittler" in got and "Verbindungs\u00adglied" in got and "| Kennzahl | Wert |" in got
    assert "0,667" in got and "0.667" not in got  # the decimal comma


@pytest.mark.slow
def test_same_input_same_bytes(bridge_report, tmp_path):
    """Another process with another hash seed writes every file byte for byte the same."""
    out = tmp_path / "again"
    _report(None, out, env_hash="12345")
    a = {str(p.relative_to(bridge_report)): p.read_bytes() for p in bridge_report.rglob("*") if p.is_file()}
    b = {str(p.relative_to(out)): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert a.keys() == b.keys()
    assert [k for k in a if a[k] != b[k]] == []


def test_svg_has_no_date_and_no_fonts(bridge_report):
    for svg in (bridge_report / "figures").glob("*.svg"):
        text = svg.read_text(encoding="utf-8")
        assert "<dc:date>" not in text and "@font-face" not in text and "<text" not in text, svg


@pytest.mark.slow
def test_progress_bar_only_on_a_terminal(tmp_path):
    """stderr a terminal: a progress bar; stderr a pipe: only the closing line (see test above)."""
    master, slave = pty.openpty()
    p = subprocess.Popen([sys.executable, "-m", "innokg.cli", "report", "--network", str(BRIDGE), "-o",
                          str(tmp_path / "tty")], cwd=ROOT, env=cli_env(), stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 4096)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    assert p.wait(timeout=120) == 0
    os.close(master)
    text = b"".join(chunks).decode("utf-8", "replace")
    assert "report  [" in text and "12/12" in text and "network files" in text
    r = subprocess.run([sys.executable, "-m", "innokg.cli", "report", "--network", str(BRIDGE), "-o",
                        str(tmp_path / "pipe")], cwd=ROOT, env=cli_env(), capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and r.stderr.strip().splitlines() == [f"wrote {tmp_path / 'pipe'}/report.html and "
                                                                  f"{r.stderr.split(' and ')[1].split()[0]} more files"]
    assert "[#" not in r.stderr and "/12" not in r.stderr


def test_scopes_narrow_the_graph(run_cli, seed_report, tmp_path):
    full = {r["node"] for r in _tables(seed_report, "nodes")}
    r = run_cli("report", "--no-validate", "--scope", "region=nuts-DEA5", "--lang", "de", "-o", tmp_path / "r")
    assert r.returncode == 0, r.stderr
    nodes = _tables(tmp_path / "r", "nodes")
    assert 0 < len(nodes) < len(full) and {n["node"] for n in nodes} <= full
    assert all(n["region"] for n in nodes)  # located somewhere (in Arnsberg or below)
    md = (tmp_path / "r" / "report.md").read_text(encoding="utf-8")
    assert "- Ausschnitt: region=https://w3id.org/innokg/id/region/nuts-DEA5" in md
    r = run_cli("report", "--no-validate", "--scope", "hub=does-not-exist", "-o", tmp_path / "h")
    assert r.returncode == 2 and "[--scope]" in r.stderr and "does-not-exist" in r.stderr


def test_bad_parameters(run_cli, tmp_path):
    r = run_cli("report", "--scope", "country=DE", "-o", tmp_path / "x")
    assert r.returncode == 2 and "[--scope]" in r.stderr and "region" in r.stderr
    r = run_cli("report", "--network", BRIDGE, "--scope", "region=nuts-DE", "-o", tmp_path / "x")
    assert r.returncode == 2 and "[--network]" in r.stderr
    r = run_cli("report", "--network", BRIDGE, "--partition", "nope", "-o", tmp_path / "x")
    assert r.returncode == 2 and "[--partition]" in r.stderr
    assert not (tmp_path / "x").exists()


# -- CORDIS H2020 sample -------------------------------------------------------------------------
@pytest.mark.slow
def test_cordis_sample_report(run_cli, tmp_path):
    from support.cordis import country_network

    G = country_network()
    net = tmp_path / "lu.graphml"
    nx.write_graphml(G, net)
    out = tmp_path / "lu"
    r = run_cli("report", "--network", net, "--partition", "type", "--picture-nodes", "20", "--timestamp", TS,
                "--data-date", "2020-12-14", "-o", out)
    assert r.returncode == 0, r.stderr
    md = (out / "report.md").read_text(encoding="utf-8")
    m = re.search(r"(\d+) organisations and (\d+) ties are too many to draw one by one: each circle is a community "
                  r"\(Louvain; the (\d+) largest of (\d+)\)", md)
    assert m and int(m.group(1)) == len(G) and int(m.group(2)) == G.number_of_edges(), md[:2000]
    assert 0 < int(m.group(3)) <= min(12, int(m.group(4)))
    b = _tables(out, "brokers")
    assert b and {x["group"] for x in b} <= {"PRC", "HES", "REC", "PUB", "OTH", "NA"}
    # the ranking is by the Gould–Fernandez total, largest first
    totals = [float(x["total"]) for x in b]
    assert totals == sorted(totals, reverse=True)
    nodes = _tables(out, "nodes")
    assert len(nodes) == len(G)
    assert nx.read_gexf(out / "network.gexf").number_of_edges() == G.number_of_edges()


def test_network_files_read_back_as_networkx_writes_them(bridge_report):
    """The streamed GraphML/GEXF say what networkx's own writers say (same nodes, ties, attributes)."""
    from innokg.analysis.network import analyze_network
    from innokg.load.network import read_network
    from innokg.results.netfiles import measured_network

    G = read_network(BRIDGE)
    res = analyze_network(G, "side", seed=1)
    ref = measured_network(G, res)
    for name, reader in (("network.graphml", nx.read_graphml), ("network.gexf", nx.read_gexf)):
        got = reader(bridge_report / name)
        assert sorted(got) == sorted(ref) and got.number_of_edges() == ref.number_of_edges(), name
        for v in ref:
            for k, want in ref.nodes[v].items():
                if isinstance(want, float) and want != want:  # NaN: GraphML keeps it, GEXF leaves it out
                    assert name.endswith(".gexf") and k not in got.nodes[v] or got.nodes[v][k] != got.nodes[v][k]
                    continue
                assert got.nodes[v][k] == want, (name, v, k)
        assert all(got[u][v]["weight"] == 1.0 for u, v in got.edges())
