# Everything a fresh Debian machine with Python 3.10+ needs, from a clean clone.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
EXAMPLE := examples/backend/src
# The example is analysed from its own directory, where its pyproject.toml configures its banned
# calls (IMP501) and its layers contract (IMP401).
EXAMPLE_DIR := examples/backend

.PHONY: venv install install-test example test lint typecheck self-check clean reports docs-images

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .

install-test: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'

# The main job: analyse the bundled example project (reports land in reports/example/).
example: install
	cd $(EXAMPLE_DIR) && $(CURDIR)/$(BIN)/importmap analyze src --out $(CURDIR)/reports/example

# The whole test suite, plus the project's own gates.
test: install-test
	$(BIN)/python -m pytest -q
	$(BIN)/python -m pytest -q -m network
	$(BIN)/ruff check importmap tests
	$(BIN)/mypy
	$(MAKE) self-check

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

# Dogfooding: importmap's report on its own code, committed in reports/ (see docs/architecture.md).
SELF := importmap

reports: install
	rm -f reports/report.json reports/report.md reports/report.html reports/graph.svg reports/graph.dot
	rm -rf reports/cycles
	$(BIN)/importmap analyze $(SELF) --out reports >/dev/null

# Fails when importmap's own code has an import cycle (either kind), scores under 100, breaks its
# layers, or when the committed reports/report.md no longer matches a fresh run (`make reports`).
self-check: install-test
	$(BIN)/importmap check $(SELF) --fail-under 100 --fail-on IMP001,IMP002,IMP102,IMP900
	$(BIN)/lint-imports
	@fresh=$$(mktemp -d) && \
	$(BIN)/importmap analyze $(SELF) --no-render --out "$$fresh" >/dev/null && \
	if diff -u reports/report.md "$$fresh/report.md"; then rm -rf "$$fresh"; \
	else rm -rf "$$fresh"; echo "reports/report.md is stale: run 'make reports' and commit it" >&2; exit 1; fi

# The pictures in the README: the example's and django's overview and real screenshots of their
# HTML reports. django is the wheel benchmarks/pictures.py measures (unpacked in PICS_WORK; fetched
# with pip download when missing).
PICS_WORK ?= benchmarks/.work/pics
SHOT := chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1400,1700
docs-images: install
	$(BIN)/importmap graph $(EXAMPLE) -o docs/img/example-graph.svg
	cd $(EXAMPLE_DIR) && $(CURDIR)/$(BIN)/importmap analyze src --out $(CURDIR)/reports/example >/dev/null
	$(SHOT) --screenshot=docs/img/report-html.png file://$(CURDIR)/reports/example/report.html
	@test -d $(PICS_WORK)/django/django || ( mkdir -p $(PICS_WORK) && \
		$(BIN)/python -m pip download --quiet --no-deps --only-binary=:all: django==5.2.19 -d $(PICS_WORK) && \
		$(BIN)/python -c "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])" \
			$(PICS_WORK)/django-5.2.19-py3-none-any.whl $(PICS_WORK)/django )
	cd $(PICS_WORK)/django && $(CURDIR)/$(BIN)/importmap analyze django --out $(CURDIR)/reports/django >/dev/null || true
	dot -Tpng -Gdpi=24 reports/django/graph.dot -o docs/img/django-graph.png
	$(SHOT) --screenshot=docs/img/django-report-html.png file://$(CURDIR)/reports/django/report.html
	$(BIN)/python -m tests.browser.screenshot reports/django/report.html django.contrib.auth \
		docs/img/django-drill-down.png
