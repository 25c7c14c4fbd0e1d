"""The curated dataset (graph/ + ontology/, reasoned) in a pyoxigraph store, built once per test run."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ID = "https://w3id.org/innokg/id/"

#: values for the parameters that have no default, on the curated graph
CURATED_PARAMS = {
    "group": ID + "hub/do-it-suedwestfalen",
    "organization": ID + "org/wirtschaftsfoerderung-dortmund",
    "thing": ID + "hub/edih-do",
    "subject": ID + "hub/do-it-suedwestfalen",
    "region": ID + "region/nuts-DEA",
    "from": "2024",  # top-risers-of-region: the years two periods of an analysis over time start in
    "to": "2025",
}


@functools.lru_cache(maxsize=1)
def _store():
    from innokg.pipeline import prepare

    # as `innokg query` builds it without out/: the rules reasoner, the rdflib route, unvalidated
    return prepare(validate=False, engine="pyshacl").store


def curated_store():
    """The store, or skip when graph/ holds no curated file yet."""
    if not any((ROOT / "graph").rglob("*.trig")):
        pytest.skip("graph/ holds no curated files yet")
    return _store()


def unordered_concat(rows, text):
    """Rows with every GROUP_CONCAT value's parts sorted: SPARQL 1.1 leaves the order of the parts
    to the engine (section 18.5.1.7), so two stores may rightly join them in different orders."""
    import dataclasses
    import re

    seps = re.findall(r'(?i)group_concat\([^)]*separator\s*=\s*"([^"]*)"', text)
    if not seps:
        return rows
    out = []
    for row in rows:
        cells = []
        for t in row:
            if t is not None and t.type == "literal":
                for sep in seps:
                    if sep in t.value:
                        t = dataclasses.replace(t, value=sep.join(sorted(t.value.split(sep))))
            cells.append(t)
        out.append(tuple(cells))
    return out
