# Two entry points for a fresh machine: `make run` and `make test`.
# Each builds .venv on first use and again whenever a requirements file changes.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run test validate bench clean

$(VENV)/.runtime-installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.test-installed: $(VENV)/.runtime-installed requirements-test.txt
	$(PY) -m pip install --quiet -r requirements-test.txt
	touch $@

run: $(VENV)/.runtime-installed
	$(PY) -m streamlit run dashboard/app.py

test: $(VENV)/.test-installed
	$(PY) -m pytest

# Not a test: about 10 minutes in headless Chromium; writes bench/results.md (see bench/README.md).
bench: $(VENV)/.test-installed
	$(PY) bench/run.py

validate: $(VENV)/.runtime-installed
	$(PY) -m dashboard.validate

clean:
	rm -rf $(VENV)
