"""The ``innokg serve`` the tests of ``tests/serve/`` talk to: its fixture data, limits and a known entity."""

from __future__ import annotations

from pathlib import Path

from .loopback import Server, start_server
from .paths import ROOT

__all__ = ["FIXTURE", "HUB", "ID", "PATHOLOGICAL", "RESULT_LIMIT", "TIME_LIMIT", "start_fixture_server"]

FIXTURE = ROOT / "tests" / "fixtures" / "publish" / "ecosystem.trig"
ID = "https://w3id.org/innokg/id/"
HUB = ID + "hub/digital-hub-suedwestfalen"
TIME_LIMIT = 2
RESULT_LIMIT = 50
#: a cross product of four triple patterns over ~1500 triples: 5·10^12 rows to count
PATHOLOGICAL = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def start_fixture_server(tmp: Path, *extra: str) -> Server:
    """``innokg serve`` on :data:`FIXTURE`: 2 workers, a 2 s time limit, a 50-row cap."""
    return start_server(tmp, FIXTURE, "--time-limit", str(TIME_LIMIT), "--result-limit", str(RESULT_LIMIT),
                        "--workers", "2", *extra)
