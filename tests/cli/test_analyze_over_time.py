"""``innokg analyze --over-time/--window``: every period's numbers are those of a single ``--from/--to`` run
of that period (same engines, same code path), the outputs are there and readable, bad input exits 2.

Expected values for the mini fixture are worked in tests/fixtures/network/README.md ("Over time")."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from rdflib import Dataset, Literal, URIRef

FIXTURE = Path(__file__).parents[1] / "fixtures" / "network" / "mini-ecosystem.trig"
QUERIES = Path(__file__).parents[2] / "queries" / "analysis"
ID = "https://w3id.org/innokg/id/"
#: columns that name the period or say how a value moved (only in the over-time table)
OVER_TIME_ONLY = ("period", "period_start", "period_end")


def _csv(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize("options", [(), ("--undated", "drop"), ("--dating", "start"),
                                     ("--dating", "start", "--undated", "drop"), ("--partition", "region")],
                         ids=["overlap-keep", "overlap-drop", "start-keep", "start-drop", "region-partition"])
def test_every_period_equals_a_single_window_run(tmp_path, run_cli, options):
    out = tmp_path / "ot"
    r = run_cli("analyze", FIXTURE, "--over-time", "year", "--from", "2018", "--to", "2021", "--no-validate",
                "--timestamp", "2026-01-01T00:00:00Z", *options, "-o", out)
    assert r.returncode == 0, r.stderr
    rows = _csv((out / "nodes-over-time.csv").read_text())
    periods = _csv((out / "periods.csv").read_text())
    assert [p["period"] for p in periods] == ["2018", "2019", "2020", "2021"]
    for p in periods:
        single = run_cli("analyze", FIXTURE, "--from", p["period_start"], "--to", p["period_end"], "--no-validate",
                         *options)
        assert single.returncode == 0, single.stderr
        want = _csv(single.stdout)
        got = [row for row in rows if row["period"] == p["period"]]
        assert len(got) == len(want) == int(p["nodes"]), p["period"]
        for g, w in zip(got, want):
            assert {k: g[k] for k in w} == w, (p["period"], w["node"])


def test_mini_fixture_over_time_by_hand(tmp_path, run_cli):
    out = tmp_path / "ot"
    r = run_cli("analyze", FIXTURE, "--over-time", "year", "--from", "2018", "--to", "2021", "--no-validate",
                "-o", out)
    assert r.returncode == 0, r.stderr
    assert "[WARNING]" in r.stderr and "have no date" in r.stderr and "kept in every period" in r.stderr
    periods = {p["period"]: p for p in _csv((out / "periods.csv").read_text())}
    assert [(y, int(periods[y]["nodes"]), int(periods[y]["ties"])) for y in sorted(periods)] == [
        ("2018", 3, 2), ("2019", 4, 4), ("2020", 6, 5), ("2021", 6, 5)]
    totals = {(row["period"], row["node"].rsplit("/", 1)[-1]): float(row["total"])
              for row in _csv((out / "nodes-over-time.csv").read_text()) if float(row["total"]) > 0}
    assert totals == {("2018", "uni"): 2, ("2019", "uni"): 4, ("2020", "uni"): 4, ("2021", "uni"): 4}
    movers = _csv((out / "movers.csv").read_text())
    assert [(m["span"], m["node"].rsplit("/", 1)[-1], m["total_from"], m["total_to"], m["direction"])
            for m in movers] == [("2018→2019", "uni", "2", "4", "riser"), ("2018→2021", "uni", "2", "4", "riser")]
    # the question of issue 16: top risers in a region between two years, from the RDF
    data = Dataset(default_union=True)
    data.parse(FIXTURE, format="trig")
    data.parse(out / "over-time.ttl", format="turtle")
    text = (QUERIES / "top-risers-of-region.rq").read_text()
    rows = list(data.query(text, initBindings={"region": URIRef(ID + "region/nrw"), "from": Literal(2018),
                                               "to": Literal(2019)}))
    assert [(str(x.node).rsplit("/", 1)[-1], float(x.before), float(x.after), float(x.change)) for x in rows] == [
        ("uni", 2.0, 4.0, 2.0)]
    assert list(data.query(text, initBindings={"region": URIRef(ID + "region/nrw"), "from": Literal(2019),
                                               "to": Literal(2020)})) == []
    # the same row from the library as `innokg query` runs it, on Oxigraph (issue 20: the query reads the region's
    # organisations and their labels before the runs and measures, which Oxigraph then joins in that order)
    both = tmp_path / "both"
    both.mkdir()
    shutil.copy(FIXTURE, both / FIXTURE.name)
    shutil.copy(out / "over-time.ttl", both / "over-time.ttl")
    q = run_cli("query", "analysis/top-risers-of-region", "-d", both, "--library", QUERIES.parent, "-f", "csv",
                "-p", f"region={ID}region/nrw", "-p", "from=2018", "-p", "to=2019")
    assert q.returncode == 0, q.stderr
    assert [(x["node"].rsplit("/", 1)[-1], float(x["before"]), float(x["after"]), float(x["change"]))
            for x in _csv(q.stdout)] == [("uni", 2.0, 4.0, 2.0)]


def test_undated_drop_by_hand(tmp_path, run_cli):
    r = run_cli("analyze", FIXTURE, "--over-time", "year", "--from", "2018", "--to", "2018", "--undated", "drop",
                "--no-validate")
    assert r.returncode == 0, r.stderr
    rows = _csv(r.stdout)
    assert sorted(x["node"].rsplit("/", 1)[-1] for x in rows) == ["firm1", "uni"]
    assert "left out of every period" in r.stderr


def test_rolling_window(tmp_path, run_cli):
    out = tmp_path / "w"
    r = run_cli("analyze", FIXTURE, "--window", "2y", "--step", "1y", "--from", "2018", "--to", "2021",
                "--no-validate", "--no-rdf", "-o", out)
    assert r.returncode == 0, r.stderr
    periods = _csv((out / "periods.csv").read_text())
    # 2018–2019: P1 phase 1 and hub A: uni, firm1, city, lab; 2019–2020 adds fh, PIC; 2020–2021 adds firm2
    assert [(p["period"], p["nodes"]) for p in periods] == [("2018–2019", "4"), ("2019–2020", "6"),
                                                              ("2020–2021", "7")]
    assert not (out / "over-time.ttl").exists()


@pytest.mark.parametrize("args,where", [
    (("--over-time", "month"), "--over-time"),
    (("--window", "three"), "--window"),
    (("--step", "1y"), "--step"),
    (("--over-time", "year", "--window", "2y"), "--window"),
    (("--over-time", "year", "--from", "2021", "--to", "2019"), "--to"),
    (("--over-time", "year", "--graphml", "x.graphml"), "--graphml"),
])
def test_bad_options_exit_2(run_cli, args, where):
    r = run_cli("analyze", FIXTURE, "--no-validate", *args)
    assert r.returncode == 2, r.stderr
    assert r.stderr.startswith("[ERROR]") and "Traceback" not in r.stderr
    if where != "--over-time" or "month" not in args:
        assert f"[{where}]" in r.stderr, r.stderr


def test_over_time_refuses_a_graphml_network(tmp_path, run_cli):
    g = tmp_path / "g.graphml"
    g.write_text('<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph edgedefault="undirected">'
                 '<node id="a"/></graph></graphml>')
    r = run_cli("analyze", "--network", g, "--over-time", "year")
    assert r.returncode == 2 and "[--over-time]" in r.stderr


def _folder(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_same_input_same_bytes_under_other_hash_seeds(tmp_path, run_cli_process, jobs):
    """The same bytes under two hash seeds, with the periods analysed one after the other (``--jobs 1``)
    or by two worker processes (``--jobs 2``; the workers get hash seeds of their own)."""
    outs = []
    for seed in ("1", "2"):
        out = tmp_path / f"ot{seed}"
        r = run_cli_process("analyze", str(FIXTURE), "--over-time", "year", "--from", "2018", "--to", "2021",
                            "--no-validate", "--timestamp", "2026-01-01T00:00:00Z", "--jobs", jobs, "-o", str(out),
                            env={"PYTHONHASHSEED": seed})
        assert r.returncode == 0, r.stderr
        outs.append(_folder(out))
    assert outs[0] == outs[1]


@pytest.mark.slow  # worker processes
@pytest.mark.parametrize("options", [(), ("--dating", "start", "--undated", "drop"), ("--window", "2y")],
                         ids=["year-overlap", "year-start-drop", "rolling"])
def test_jobs_give_the_same_bytes(tmp_path, run_cli, options):
    """``--jobs 2`` (two worker processes) and ``--jobs 0`` (one per core) write byte for byte the folder
    ``--jobs 1`` writes; every period's progress is said once: in time order with one process, as the
    periods are handed out (largest first) with workers."""
    when = ("--over-time", "year") if "--window" not in options else ()
    outs = {}
    for jobs in ("1", "2", "0"):
        out = tmp_path / f"jobs{jobs}"
        r = run_cli("analyze", FIXTURE, *when, "--from", "2018", "--to", "2021", "--no-validate",
                    "--timestamp", "2026-01-01T00:00:00Z", *options, "--jobs", jobs, "-o", out)
        assert r.returncode == 0, r.stderr
        outs[jobs] = _folder(out)
        said = [line.split(":")[0] for line in r.stderr.splitlines() if line.startswith("[INFO] period ")
                and " nodes, " in line]
        periods = [row["period"] for row in _csv((out / "periods.csv").read_text())]
        expected = [f"[INFO] period {p}" for p in periods]
        assert (said if jobs == "1" else sorted(said)) == expected, r.stderr
        if jobs == "2":
            assert f"[INFO] analysing {len(periods)} periods in 2 worker processes" in r.stderr, r.stderr
    assert len(outs["1"]) >= 8
    assert outs["2"] == outs["1"]
    assert outs["0"] == outs["1"]


@pytest.mark.parametrize("args,message", [
    (("--over-time", "year", "--jobs", "-1"), "[ERROR] [--jobs] --jobs must be 0 (one per core) or more, not -1"),
    (("--jobs", "2"), "[ERROR] [--jobs] --jobs shares periods out among worker processes; it needs --over-time "
                      "or --window"),
])
def test_bad_jobs_exit_2(run_cli, args, message):
    r = run_cli("analyze", FIXTURE, "--no-validate", *args)
    assert r.returncode == 2
    assert r.stderr.strip().splitlines() == [message]
