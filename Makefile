# The two commands: `make run` serves the demo forum, `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app conference
PYTEST := $(BIN)/python -m pytest
PG_TEST_URL ?= postgresql://postgres@127.0.0.1:5432/test

.PHONY: run serve test test-pg test-browser test-fuzz test-security test-faults test-all lint translations catalogs db demo bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

translations: $(VENV)/.runtime
	PYBABEL=$(BIN)/pybabel scripts/catalogs.sh compile >/dev/null

## catalogs: extract new strings into every area's ar/en .po files (then translate them)
catalogs: $(VENV)/.runtime
	PYBABEL=$(BIN)/pybabel scripts/catalogs.sh update

db: translations
	$(FLASK) db upgrade

demo: db
	$(FLASK) demo

## run: install, compile translations, migrate, load the demo forum, serve on http://127.0.0.1:8000
run: demo serve

serve: translations
	$(BIN)/gunicorn -c gunicorn.conf.py "conference:create_app()"

## test: the fast suite on SQLite (or PostgreSQL when TEST_DATABASE_URL is set)
test: $(VENV)/.dev translations
	$(PYTEST) -n 2 -m "not browser and not fuzz and not faults and not security" $(PYTEST_ARGS)

test-pg: $(VENV)/.dev translations
	TEST_DATABASE_URL=$(PG_TEST_URL) $(PYTEST) -n 2 -m "not browser and not fuzz and not faults and not security" $(PYTEST_ARGS)

## test-browser: Playwright journeys in Debian's Chromium (skipped, with a message, without it)
test-browser: $(VENV)/.dev translations
	$(PYTEST) -m browser $(PYTEST_ARGS) || [ $$? = 5 ]

test-fuzz: $(VENV)/.dev translations
	$(PYTEST) -m fuzz $(PYTEST_ARGS) || [ $$? = 5 ]

## test-security: the security suite (tests/security) with the sessions, tokens and two-factor tests and the access matrix
test-security: $(VENV)/.dev translations
	$(PYTEST) -n 2 tests/security tests/test_accounts_security.py tests/test_access_matrix.py $(PYTEST_ARGS)

## test-faults: a worker killed mid-rush, mail server down, PostgreSQL restart (restarts the local service)
test-faults: $(VENV)/.dev translations
	$(PYTEST) -m faults $(PYTEST_ARGS)
	TEST_DATABASE_URL=$(PG_TEST_URL) $(PYTEST) -m faults $(PYTEST_ARGS)

test-all: test test-pg test-browser test-fuzz test-security test-faults lint

lint: $(VENV)/.dev
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
