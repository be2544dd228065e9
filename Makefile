# The two commands: `make run` serves the demo forum, `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app conference
PYTEST := $(BIN)/python -m pytest
PG_TEST_URL ?= postgresql://postgres@127.0.0.1:5432/test

.PHONY: run serve test test-pg test-browser test-a11y test-print test-fuzz test-security test-faults test-deploy test-all lint translations fonts catalogs db demo bench bench-pages bench-deploy clean

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

## fonts: the PDF fonts and WOFF2 web subsets, built once per machine from the font packages (cached)
fonts: $(VENV)/.runtime
	$(BIN)/python -c "from conference import fonts; fonts.pdf_font_files(); fonts.web_fonts()"

## catalogs: extract new strings into every area's ar/en .po files (then translate them)
catalogs: $(VENV)/.runtime
	PYBABEL=$(BIN)/pybabel scripts/catalogs.sh update

db: translations fonts
	$(FLASK) db upgrade

demo: db
	$(FLASK) demo

## run: install, compile translations, migrate, load the demo forum, serve on http://127.0.0.1:8000
run: demo serve

serve: translations fonts
	$(BIN)/gunicorn -c gunicorn.conf.py "conference:create_app()"

## test: the fast suite on SQLite (or PostgreSQL when TEST_DATABASE_URL is set)
test: $(VENV)/.dev translations fonts
	$(PYTEST) -n 2 -m "not browser and not a11y and not fuzz and not faults and not deploy and not printing and not security" $(PYTEST_ARGS)

test-pg: $(VENV)/.dev translations fonts
	TEST_DATABASE_URL=$(PG_TEST_URL) $(PYTEST) -n 2 -m "not browser and not a11y and not fuzz and not faults and not deploy and not printing and not security" $(PYTEST_ARGS)

## test-browser: Playwright journeys in Debian's Chromium (skipped, with a message, without it)
test-browser: $(VENV)/.dev translations fonts
	$(PYTEST) -m "browser and not a11y" $(PYTEST_ARGS) || [ $$? = 5 ]

## node_modules: axe-core and Lighthouse from the npm registry, pinned in package-lock.json (checks only; the app needs no Node)
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	touch $@

## test-a11y: axe-core (WCAG 2.2 AA) on every page in Arabic and English, and the keyboard-only registration
test-a11y: $(VENV)/.dev translations fonts node_modules/.installed
	$(PYTEST) -m a11y $(PYTEST_ARGS)

## bench-pages: transfer size of the main pages per language, and Lighthouse mobile LCP and score
bench-pages: $(VENV)/.dev translations fonts node_modules/.installed
	$(BIN)/python bench/pages.py

## test-print: badge printing against real IPP Everywhere printers (Debian's ippeveprinter, cups-ipp-utils)
test-print: $(VENV)/.dev translations fonts
	$(PYTEST) -m printing $(PYTEST_ARGS)

test-fuzz: $(VENV)/.dev translations fonts
	$(PYTEST) -m fuzz $(PYTEST_ARGS) || [ $$? = 5 ]

## test-security: the security suite (tests/security) with the sessions, tokens and two-factor tests and the access matrix
test-security: $(VENV)/.dev translations fonts
	$(PYTEST) -n 2 tests/security tests/test_accounts_security.py tests/test_access_matrix.py $(PYTEST_ARGS)

## test-faults: a worker killed mid-rush, mail server down, PostgreSQL restart (restarts the local service)
test-faults: $(VENV)/.dev translations fonts
	$(PYTEST) -m faults $(PYTEST_ARGS)
	TEST_DATABASE_URL=$(PG_TEST_URL) $(PYTEST) -m faults $(PYTEST_ARGS)

## test-deploy: nginx + two app servers + PostgreSQL + our own Redis + an RQ worker + SMTP (needs nginx, redis-server)
test-deploy: $(VENV)/.dev translations fonts
	DEPLOY_DATABASE_URL=$(PG_TEST_URL) $(PYTEST) -m deploy -p no:randomly $(PYTEST_ARGS)

## bench-deploy: registrations per second through nginx on two app servers vs one
bench-deploy: $(VENV)/.dev translations fonts
	DEPLOY_DATABASE_URL=$(PG_TEST_URL) $(BIN)/python bench/deploy_rush.py

test-all: test test-pg test-browser test-a11y test-print test-fuzz test-security test-faults test-deploy lint

lint: $(VENV)/.dev
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
