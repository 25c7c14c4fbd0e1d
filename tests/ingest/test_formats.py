"""Formats people have: dates with a time read by a declared pattern, and mojibake repaired (and counted).

Expected values are written out by hand from the cells below (``01.06.2020 08:30`` is 1 June 2020,
half past eight); the mojibake strings are those of the 2017 CORDIS organisation file quoted in issue 14.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from support.paths import ROOT, shared_data

XSD = "http://www.w3.org/2001/XMLSchema#"
ID = "https://w3id.org/innokg/id/"

MAPPING = """\
innokg-mapping: 1
name: fmt
repair-text: %(repair)s
tables:
  - file: t.csv
    delimiter: ";"
    entities:
      - subject: project/fmt-{id}
        class: ikg:Project
        properties:
          rdfs:label: {column: name}
          schema:startDate: {column: start, %(spec)s}
"""
ROWS = "id;name;start\n1;Bundesministerium f√ºr Ern√§hrung;01.06.2020 08:30\n2;52¬∞North;15.12.2019 00:00\n"


def run(run_cli, tmp_path, spec: str, repair: str = "false"):
    (tmp_path / "t.csv").write_text(ROWS, encoding="utf-8")
    (tmp_path / "m.yaml").write_text(MAPPING % {"spec": spec, "repair": repair}, encoding="utf-8")
    out = tmp_path / "o.nq"
    r = run_cli("import", "m.yaml", "-o", out, cwd=tmp_path)
    store = ox.Store()
    if out.exists():
        store.bulk_load(path=str(out), format=ox.RdfFormat.N_QUADS)
    return r, store


def values(store: ox.Store, subject: str, pred: str) -> list[tuple[str, str]]:
    q = f"SELECT ?v WHERE {{ <{ID}{subject}> <{pred}> ?v }}"
    return sorted((row["v"].value, row["v"].datatype.value) for row in store.query(q, use_default_graph_as_union=True))


START = "http://schema.org/startDate"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def test_a_date_with_a_time_is_reported_with_the_fix(run_cli, tmp_path):
    r, store = run(run_cli, tmp_path, "transform: date")
    assert r.returncode == 1
    assert ("[WARNING] [t.csv:2] table t.csv entity 1 schema:startDate: not a date: '01.06.2020 08:30' "
            "(it has a time: declare the pattern in the mapping, e.g. format: \"%d.%m.%Y %H:%M\", with time: keep "
            "or drop); value left out") in r.stderr.splitlines()


def test_declared_format_keeps_the_time(run_cli, tmp_path):
    r, store = run(run_cli, tmp_path, 'format: "%d.%m.%Y %H:%M"')
    assert r.returncode == 0, r.stderr
    assert values(store, "project/fmt-1", START) == [("2020-06-01T08:30:00", XSD + "dateTime")]
    assert values(store, "project/fmt-2", START) == [("2019-12-15T00:00:00", XSD + "dateTime")]


def test_declared_format_drops_the_time_on_purpose(run_cli, tmp_path):
    r, store = run(run_cli, tmp_path, 'format: "%d.%m.%Y %H:%M", time: drop')
    assert r.returncode == 0, r.stderr
    assert values(store, "project/fmt-1", START) == [("2020-06-01", XSD + "date")]


def test_a_cell_that_does_not_match_the_format(run_cli, tmp_path):
    r, _ = run(run_cli, tmp_path, 'format: "%Y-%m-%d"')
    assert r.returncode == 1
    assert "not match the format '%Y-%m-%d'; value left out" in r.stderr


@pytest.mark.parametrize("spec, message", [
    ('format: "%d.%m.%Y", time: keep', "time: keep, but the format has no time (%H:%M)"),
    ('format: "%d.%m.%Y %H:%M", time: later', "time must be keep or drop, not 'later'"),
    ('format: "%d.%m.%Y %H:%M", datatype: xsd:date', "gives xsd:dateTime, not xsd:date"),
])
def test_format_mistakes_are_mapping_errors(run_cli, tmp_path, spec, message):
    r, _ = run(run_cli, tmp_path, spec)
    assert r.returncode == 2 and message in r.stderr, r.stderr


def test_mojibake_is_repaired_counted_and_kept_as_provenance(run_cli, tmp_path):
    r, store = run(run_cli, tmp_path, 'format: "%d.%m.%Y %H:%M"', repair="true")
    assert r.returncode == 0, r.stderr
    assert "2 text cells repaired from mojibake (originals kept as provenance)" in r.stderr
    assert values(store, "project/fmt-1", LABEL) == [("Bundesministerium für Ernährung", XSD + "string")]
    assert values(store, "project/fmt-2", LABEL) == [("52°North", XSD + "string")]
    prov = sorted(tuple(v.value for v in row) for row in store.query(
        "PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX ikg: <https://w3id.org/innokg/ontology#> "
        "PREFIX dcterms: <http://purl.org/dc/terms/> SELECT ?before ?after ?line ?col WHERE { "
        "?r prov:wasRevisionOf ?o ; prov:value ?after . ?o prov:value ?before ; ikg:sourceRow ?line ; "
        "dcterms:identifier ?col }", use_default_graph_as_union=True))
    assert prov == [("52¬∞North", "52°North", "3", "name"),
                    ("Bundesministerium f√ºr Ern√§hrung", "Bundesministerium für Ernährung", "2", "name")]


def test_without_repair_text_the_text_is_left_alone(run_cli, tmp_path):
    r, store = run(run_cli, tmp_path, 'format: "%d.%m.%Y %H:%M"')
    assert values(store, "project/fmt-2", LABEL) == [("52¬∞North", XSD + "string")]
    assert "repaired" not in r.stderr


@pytest.mark.slow
def test_cordis_2017_names_are_repaired(run_cli, tmp_path):
    """The CORDIS mapping repairs the 2017 organisation file's names: 'UNIVERSIT√ÑT GREIFSWALD' (issue 14)."""
    data = shared_data()  # skips, saying why, when the public datasets are absent
    out = tmp_path / "c.nq"
    r = run_cli("import", ROOT / "mappings/cordis-h2020.yaml", "--data", data, "--limit", "1", "-o", out)
    assert r.returncode in (0, 1), r.stderr
    text = out.read_text(encoding="utf-8")
    # repaired, and the original kept as provenance
    assert '"ERNST-MORITZ-ARNDT-UNIVERSITÄT GREIFSWALD"' in text
    assert '"ERNST-MORITZ-ARNDT-UNIVERSIT√ÑT GREIFSWALD"' in text
    assert "text cells repaired from mojibake" in r.stderr
