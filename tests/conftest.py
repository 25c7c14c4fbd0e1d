"""Shared fixtures: the CLI in this process (``run_cli``) or as a real process (``run_cli_process``).

Tests import the package from *this* checkout's ``src/`` (so a worktree tests its
own code even when another checkout is pip-installed in editable mode); real
processes get the same ``src/`` first on ``PYTHONPATH``. Helpers shared by test
files live in ``tests/support/`` (this folder is on ``sys.path``, so they are
imported as ``support.…``); no test file imports from another.

Two tiers: a test that needs a real process, a server, a browser, R or the real
datasets is marked ``slow`` (``pytest -m "not slow"`` runs the fast tier); a test
that asks for ``run_cli_process`` is marked ``slow`` here, without a mark of its own.
"""

from __future__ import annotations

import os
import sys

import pytest

from support.paths import SRC  # tests/ is on sys.path: pytest inserts the rootdir conftest's folder

if str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))

from support.cli import run_in_process, run_process  # noqa: E402
from support.schedule import heaviest_first  # noqa: E402


def pytest_addoption(parser):
    parser.addoption("--cli-process", action="store_true",
                     help="run_cli runs real `python -m innokg.cli` processes instead of innokg.cli.main in-process "
                          "(the fast tier's CLI tests against the real command)")
    parser.addoption("--check-tiers", action="store_true",
                     help="a test not marked slow that starts a process (a worker, a server, a browser, R, a "
                          "program) fails: the real-process tier's marks stay right (support/tiers.py)")


@pytest.fixture
def run_cli(request):
    """``run_cli(*args, cwd=None, input=None)``: ``innokg ARGS…`` run in this process by ``innokg.cli.main``.

    Returns a :class:`subprocess.CompletedProcess` (``returncode``, ``stdout``, ``stderr``)
    equal to what the real command gives; ``cwd`` defaults to the checkout. ``timeout`` is
    accepted for the tests' sake and ignored (a test that needs it measures its own time).
    With ``pytest --cli-process`` it runs real processes instead.
    """
    if request.config.getoption("--cli-process"):
        return lambda *args, timeout=600, **kw: run_process(args, timeout=timeout, **kw)

    def _run(*args, cwd: str | os.PathLike | None = None, input: str | None = None, timeout: float | None = None):
        return run_in_process(args, cwd=cwd, input=input)

    return _run


@pytest.fixture
def run_cli_process():
    """``run_cli_process(*args, cwd=None, input=None, timeout=600, env=None)``: ``python -m innokg.cli ARGS…``
    as a real process. Only for what needs one (signals, hash seeds, resource limits, servers)."""
    return lambda *args, **kw: run_process(args, **kw)


def pytest_configure(config):
    if config.getoption("--check-tiers") and not config.getoption("--cli-process"):
        from support.tiers import TierWatch

        config._innokg_tier_watch = TierWatch()
        config._innokg_tier_watch.install()
    # `make test` (-n 2 --dist loadscope): the workers take the modules in the order of the collection, which
    # pytest_collection_modifyitems makes heaviest first (support/schedule.py), not xdist's order by number of tests
    if getattr(config.option, "dist", "no") == "loadscope":
        config.option.loadscopereorder = False


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "run_cli_process" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)
    if os.environ.get("PYTEST_XDIST_WORKER"):  # a worker (xdist sets its own --dist to "no"): the order it reports
        heaviest_first(items)


@pytest.fixture(scope="session")
def session_folder(tmp_path_factory):
    """A folder every pytest-xdist worker of this session shares (for :func:`support.imports.imported`,
    :func:`support.sites.published`, :func:`support.curated_validation.curated_findings`)."""
    base = tmp_path_factory.getbasetemp()
    # with -n N each worker's basetemp is a subfolder of the session's: share that one
    folder = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "shared-imports"
    folder.mkdir(exist_ok=True)
    return folder


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    watch = getattr(item.config, "_innokg_tier_watch", None)
    if watch is not None:  # --check-tiers: from the test's fixtures on, for a test of the fast tier
        watch.started = []
        watch.watching = item.get_closest_marker("slow") is None
    return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    result = yield
    watch = getattr(item.config, "_innokg_tier_watch", None)
    if watch is not None:
        started, watch.watching = list(watch.started), False
        if started:
            pytest.fail("a test of the fast tier started " + "; ".join(dict.fromkeys(started))
                        + ": mark it slow (README \"Tests\", the real-process tier)", pytrace=False)
    return result
