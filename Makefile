# Two entry points for a fresh machine: `make run` and `make test`.
# Each builds .venv on first use and again whenever a requirements file or pyproject.toml changes.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run test quick lint format validate bench clean

# requirements.txt (what the dashboard runs on) and requirements-test.txt (that and the test and lint
# tools) are locks with hashes, made from pyproject.toml by pip-compile (pip-tools):
#   pip-compile --allow-unsafe --generate-hashes --strip-extras --output-file=requirements.txt pyproject.toml
#   pip-compile --allow-unsafe --generate-hashes --strip-extras --extra test --output-file=requirements-test.txt pyproject.toml
$(VENV)/.runtime-installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.test-installed: $(VENV)/.runtime-installed requirements-test.txt
	$(PY) -m pip install --quiet --require-hashes -r requirements-test.txt
	touch $@

# ESLint for the browser code, from package-lock.json (npm registry).
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Serves on http://localhost:8501 only; see the README to serve on a network.
run: $(VENV)/.runtime-installed
	$(PY) -m dashboard.launch

test: $(VENV)/.test-installed
	$(PY) -m pytest

# The quick loop while editing: everything but the browser, whole-page, slide and subprocess tests
# (about 30 s on two cores). Compiled test modules are kept between runs, even where the environment
# says not to write bytecode: compiling and rewriting them again took about a third of each run.
quick: $(VENV)/.test-installed
	PYTHONDONTWRITEBYTECODE= $(PY) -m pytest -q -n 2 -m "not browser and not slow"

# Python style, the import contracts of pyproject.toml ([tool.importlinter]) and the browser code's style.
lint: $(VENV)/.test-installed node_modules/.installed
	$(VENV)/bin/ruff check dashboard tests bench geo tools
	$(VENV)/bin/ruff format --check dashboard tests bench geo tools
	$(VENV)/bin/lint-imports
	npx --no-install eslint dashboard/mapview/web tests/js

format: $(VENV)/.test-installed
	$(VENV)/bin/ruff check --fix dashboard tests bench geo tools
	$(VENV)/bin/ruff format dashboard tests bench geo tools

# Not a test: about 10 minutes in headless Chromium; writes bench/results.md (see bench/README.md).
bench: $(VENV)/.test-installed
	$(PY) bench/run.py

validate: $(VENV)/.runtime-installed
	$(PY) -m dashboard.validate

clean:
	rm -rf $(VENV)
