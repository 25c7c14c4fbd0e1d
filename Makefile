# The two set-up commands of the README, spelled out.
PYTHON ?= python3

.PHONY: install build test system-deps

install:
	$(PYTHON) -m pip install -q -e '.[test]'

build:
	$(PYTHON) -m pip install -q -e .
	innokg build

# Everything the test suite needs (Python packages, and the Debian packages the
# tests drive for real: a browser, R's sna, rapper), then the whole suite.
test: install system-deps
	$(PYTHON) -m pytest

system-deps:
	bash .ci/system-deps.sh
