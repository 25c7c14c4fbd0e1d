"""The per-client query budget of ``innokg serve`` (innokg.serve.limits.QueryAdmission) and the lean /sparql route's
parameter parsing, on cases a cold review of issue 19's change found (2026-12-03).

Worked by hand: a client that runs a 0.1 s query every 0.5 s spends 12 s of query time a minute; with a budget of
30 s a minute it must never be refused. Before the fix, one entry of its history was moved to "now" on every query
and never left the 60 s window, so its spent time grew without end and it was refused (429) after 150 s.
"""

from __future__ import annotations

import io
import urllib.parse

import pytest

import innokg.serve.limits as limits
from innokg.serve.limits import QueryAdmission


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_client_within_its_budget_is_never_refused(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(limits.time, "monotonic", clock)
    adm = QueryAdmission(slots=4, per_client=1, budget=30, window=60)
    for _ in range(10 * 60 * 2):  # ten minutes, a query every 0.5 s
        assert adm.enter("c") == (None, 0), clock.now
        clock.now += 0.1
        adm.leave("c", 0.1)
        clock.now += 0.4
    assert adm._used("c", clock.now) == pytest.approx(12.0, abs=0.3)  # the last minute's 120 queries × 0.1 s


def test_a_client_over_its_budget_is_refused_with_retry_after(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(limits.time, "monotonic", clock)
    adm = QueryAdmission(slots=4, per_client=1, budget=30, window=60)
    for _ in range(3):  # 3 × 10 s in 30 s: the 30 s budget spent
        assert adm.enter("c") == (None, 0)
        clock.now += 10
        adm.leave("c", 10.0)
    # refused until the first query's 10 s leave the window: it ended at t = 10 s, so at t = 70 s, 40 s from now
    assert adm.enter("c") == (429, 40)
    clock.now += 40.5
    assert adm.enter("c") == (None, 0)


def test_more_than_a_thousand_fields_go_to_the_full_route():
    """1,001 query-string fields: the lean route leaves the request to the application instead of raising
    (before: ValueError from parse_qs, a traceback from the WSGI server and 500)."""
    from innokg.serve.protocol import lean_sparql_route

    seen = []

    def app(environ, start_response):
        seen.append(environ["PATH_INFO"])
        start_response("400 Bad Request", [("Content-Type", "text/plain")])
        return [b"[ERROR] no query\n"]

    route = lean_sparql_route(app, answerer=None, result_limit=10, max_bytes=1 << 20)
    fields = urllib.parse.urlencode([("a", "1")] * 1001)
    for environ in ({"PATH_INFO": "/sparql", "REQUEST_METHOD": "GET", "QUERY_STRING": fields},
                    {"PATH_INFO": "/sparql", "REQUEST_METHOD": "POST", "QUERY_STRING": "",
                     "CONTENT_TYPE": "application/x-www-form-urlencoded", "CONTENT_LENGTH": str(len(fields)),
                     "wsgi.input": io.BytesIO(fields.encode())}):
        body = route(environ, lambda status, headers: None)
        assert b"".join(body) == b"[ERROR] no query\n"
    assert seen == ["/sparql", "/sparql"]
