# The two set-up commands of the README, spelled out.
PYTHON ?= python3
# pytest-xdist workers: one per core of the CI machine (2); `make test PYTEST_WORKERS=0` runs in one process.
# --dist loadscope keeps a module's tests on one worker, so a module's server, store or site is made once; the
# workers take the heaviest modules first (tests/support/schedule.py), so that both finish at about the same time.
PYTEST_WORKERS ?= 2

.PHONY: install assets build test lint system-deps

install: assets
	$(PYTHON) -m pip install -q -e '.[test]'

# the explorer's browser libraries (YASGUI, cytoscape.js) from the npm registry into the package (not committed)
assets:
	$(PYTHON) scripts/fetch_explorer_assets.py

build:
	$(PYTHON) -m pip install -q -e .
	innokg build

# Everything the test suite needs (Python packages, and the Debian packages the
# tests drive for real: a browser, R's sna, rapper), then the linter and the whole
# suite: both tiers, the fast in-process one and the real-process one marked `slow`; the 40 slowest tests are
# listed at the end, so that a CI log says where the time went (tests/support/schedule.py is ordered by it).
test: install system-deps lint
	$(PYTHON) -m pytest -n $(PYTEST_WORKERS) --dist loadscope --durations=40

lint:
	$(PYTHON) -m ruff check src tests benchmarks

system-deps:
	bash .ci/system-deps.sh
