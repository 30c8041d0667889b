# Two commands: `make run` serves the app with demo data; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
DEV := DJANGO_DEBUG=1

.PHONY: run test setup messages lint format bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e '.[dev]'
	touch $(STAMP)

# Compiled catalogues (.mo) are build output, not kept in git; Babel compiles them without gettext.
messages: $(STAMP)
	@$(VENV)/bin/pybabel compile --domain django --directory locale --locale en 2>/dev/null
	@$(VENV)/bin/pybabel compile --domain django --directory locale --locale zh_Hant --statistics
	@echo "English is the source language: its catalogue holds only plural forms."

setup: messages
	$(DEV) $(PY) manage.py migrate --no-input -v0
	$(DEV) $(PY) manage.py seed_demo
	$(DEV) $(PY) manage.py ensure_admin

# The background worker (long imports) runs beside the server and stops with it: without
# --no-reload it would run in a child of its reloader, which outlives a kill of the parent.
run: setup
	$(DEV) $(PY) manage.py db_worker --no-reload & worker=$$!; trap 'kill $$worker' EXIT INT TERM; \
	$(DEV) $(PY) manage.py runserver 127.0.0.1:8000

test: messages
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Benchmarks on PostgreSQL (refuses SQLite); writes docs/benchmarks.md.
bench: $(STAMP)
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) staticfiles test-artifacts
