"""The order in which pytest-xdist hands out the test modules: the heaviest first.

``make test`` runs ``pytest -n 2 --dist loadscope``: each worker takes a whole module (so a module's server, store or
site is made once), and takes the next module when it is nearly done. xdist's own order is by number of tests, so a
module of a few long tests (the record linkage on all of CORDIS, ERDF and JRC: 8 tests, one of them two minutes) came
late, and one worker ran it alone while the other had finished. Handing out the longest modules first (the
longest-processing-time rule) lets the short ones fill the gaps, so that the two workers finish together.

:data:`HEAVIEST` lists the modules that took the most time, longest first, measured with
``pytest -n 2 --dist loadscope --durations=120`` on 2026-12-03 (summed per file; README "Tests"; the static explorer
added from the fresh-clone run's ``--durations=40``). A module missing from
it only loses its place in the queue: the rest follow by number of tests, largest first, as xdist orders them.
"""

from __future__ import annotations

from collections import Counter

__all__ = ["HEAVIEST", "heaviest_first"]

#: test modules, longest first (seconds summed from ``--durations``, README "Tests")
HEAVIEST = (
    "tests/validate/test_store_engine.py",
    "tests/ingest/test_linkage.py",
    "tests/ingest/test_import.py",
    "tests/cli/test_properties.py",
    "tests/cli/test_analyze_over_time.py",
    "tests/report/test_report_pages.py",
    "tests/report/test_report.py",
    "tests/reason/test_rules.py",
    "tests/serve/test_explorer.py",
    "tests/publish/test_static_explorer.py",  # 7 tests, so late by count: its German CORDIS test took 16.9 s in CI
    "tests/validate/test_shapes.py",
    "tests/analysis/test_temporal.py",
    "tests/results/test_changes.py",
)


def heaviest_first(items: list) -> None:
    """Reorder ``items`` (pytest's collected tests) in place: modules in the order of :data:`HEAVIEST`, then the
    others by number of tests, largest first; a module's tests stay together and in their order."""
    def module(item) -> str:
        return item.nodeid.split("::", 1)[0]

    count = Counter(module(i) for i in items)
    first_seen: dict[str, int] = {}
    for i in items:
        first_seen.setdefault(module(i), len(first_seen))
    rank = {m: k for k, m in enumerate(HEAVIEST)}
    items.sort(key=lambda i: (rank.get(module(i), len(HEAVIEST)), -count[module(i)], first_seen[module(i)]))
