# Everything a fresh Debian machine with Python 3.10+ needs, from a clean clone.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
EXAMPLE := examples/backend/src

.PHONY: venv install install-test example test lint typecheck self-check clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .

install-test: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'

# The main job: analyse the bundled example project (reports land in reports/example/).
example: install
	$(BIN)/importmap analyze $(EXAMPLE) --out reports/example

# The whole test suite, plus the project's own gates.
test: install-test
	$(BIN)/python -m pytest -q
	$(BIN)/ruff check importmap tests
	$(BIN)/mypy

lint: install-test
	$(BIN)/ruff check importmap tests

typecheck: install-test
	$(BIN)/mypy

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .importmap_cache

# Benchmarks against the peers on real packages and synthetic trees (benchmarks/README.md).
# Options pass through BENCH_ARGS, e.g. make bench BENCH_ARGS='--synthetic 5000,10000,20000,50000'.
BENCH_ARGS ?=
.PHONY: bench
bench: install
	@test -x /usr/bin/time || (apt-get update -qq && apt-get install -y -qq time) \
		|| echo "no /usr/bin/time: peak memory is not measured"
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)
