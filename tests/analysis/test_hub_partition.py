"""Brokerage by hub: each organisation of the seed graph in the hub the documents tie it to.

Expected groups worked from the documents (not from the code's output):
* FH Dortmund joined EDIH-DO 2.0 (seed 000), the project phase that realises the hub EDIH-DO → hub/edih-do;
* BITMi coordinates the AIM network (seed 002) → hub/aim;
* Aquatherm joined the DO IT Südwestfalen e.V. in 2025 (seed 003), the legal carrier of the cluster → hub/do-it-suedwestfalen;
* SIHK zu Hagen is a partner of "In|Die RegionRuhr 4.0: Digitale Fabrik" (seed 001), the project of the
  In|Die RegionRuhr network → hub/in-die-regionruhr;
* Land NRW only funds (seeds 001, 003): no affiliation with a hub → none.
"""

import csv

ID = "https://w3id.org/innokg/id/"


def test_analyze_partition_by_hub(run_cli, tmp_path):
    out = tmp_path / "an"
    r = run_cli("analyze", "--partition", "hub", "--no-validate", "-o", out)
    assert r.returncode == 0, r.stderr
    rows = {row["node"][len(ID):]: row for row in csv.DictReader((out / "nodes.csv").open(encoding="utf-8"))}
    expected = {
        "org/fh-dortmund": "hub/edih-do",
        "org/bitmi": "hub/aim",
        "org/aquatherm": "hub/do-it-suedwestfalen",
        "org/sihk-hagen": "hub/in-die-regionruhr",
    }
    for node, hub in expected.items():
        assert rows[node]["group"] == ID + hub, node
    assert rows["org/land-nrw"]["group"] == "none"
    # the brokerage columns are computed for this partition
    assert {"coordinator", "gatekeeper", "liaison", "total", "total_z"} <= set(next(iter(rows.values())))


def test_unknown_partition_names_the_allowed_ones(run_cli, tmp_path):
    r = run_cli("analyze", "--partition", "planet", "--no-validate", "-o", tmp_path / "x")
    assert r.returncode == 2
    assert r.stderr.startswith("[ERROR] [--partition]") and "hub" in r.stderr
