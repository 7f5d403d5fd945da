# The two commands a newcomer needs are `make run` and `make test`; everything else is a step of those.
SHELL := /bin/bash
.DEFAULT_GOAL := run

VENV := .venv
PY := $(VENV)/bin/python
SSP := $(VENV)/bin/ssp
HOST ?= 127.0.0.1
PORT ?= 8000
# Each checkout tests against its own PostgreSQL database, so parallel checkouts do not collide.
PG_DB := ssp_$(shell basename "$(CURDIR)" | tr -c 'a-zA-Z0-9\n' '_' | tr 'A-Z' 'a-z')
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/$(PG_DB)
PYTEST_ARGS ?= -n 2

.PHONY: run test setup serve demo check-migrations lint typecheck test-sqlite test-postgres bench browser messages clean catalogue xmlsec

$(VENV)/.installed: pyproject.toml
	@command -v python3.11 >/dev/null || { echo "Python 3.11 is required"; exit 1; }
	test -d $(VENV) || python3.11 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e ".[dev]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Front-end packages are copied from npm into the app's static files: nothing from a CDN.
ssp/static/vendor/.copied: node_modules/.installed
	rm -rf ssp/static/vendor && mkdir -p ssp/static/vendor/dkfds ssp/static/vendor/htmx ssp/static/vendor/axe
	cp -r node_modules/dkfds/dist/css node_modules/dkfds/dist/fonts node_modules/dkfds/dist/img node_modules/dkfds/dist/js ssp/static/vendor/dkfds/
	cp node_modules/htmx.org/dist/htmx.min.js ssp/static/vendor/htmx/
	cp node_modules/axe-core/axe.min.js ssp/static/vendor/axe/
	touch $@

# Compiled translations are built here, never committed.
messages: $(VENV)/.installed
	@command -v msgfmt >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq gettext >/dev/null; }
	cd ssp && ../$(SSP) compilemessages --verbosity 0

setup: $(VENV)/.installed ssp/static/vendor/.copied messages xmlsec

# pysaml2 (SAML sign-on) checks signatures with the xmlsec1 binary; as root the set-up installs it from Debian.
xmlsec:
	@command -v xmlsec1 >/dev/null || { [ "$$(id -u)" = 0 ] && echo "Installing Debian xmlsec1 for SAML sign-on" && \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq xmlsec1 >/dev/null); } || true
	@command -v xmlsec1 >/dev/null || { if [ "$$CI" = "true" ]; then echo "FAIL: xmlsec1 is missing (Debian package xmlsec1) and CI=true"; exit 1; \
		else echo "WARNING: xmlsec1 is missing; SAML sign-on and its tests need it (apt-get install xmlsec1)"; fi; }

demo: setup
	$(SSP) migrate --noinput
	$(SSP) demo

run: setup
	$(SSP) migrate --noinput
	$(SSP) demo
	$(SSP) collectstatic --noinput --verbosity 0
	@$(SSP) demo --print-logins
	@echo "Serving on http://$(HOST):$(PORT)/ (Ctrl-C stops)"
	@# The task worker (e-mail, reminders) runs next to the web server and stops with it.
	$(SSP) db_worker --no-reload --verbosity 0 & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(VENV)/bin/gunicorn ssp.wsgi:application --bind $(HOST):$(PORT) --workers 3 --access-logfile - --forwarded-allow-ips=127.0.0.1 \
		--logger-class ssp.core.access_log.MaskedAccessLogger

check-migrations: $(VENV)/.installed
	$(SSP) makemigrations --check --dry-run

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: $(VENV)/.installed
	$(VENV)/bin/mypy ssp bench conftest.py

# Browser tests use Debian's Chromium; as root the set-up installs it when missing.
browser:
	@if [ ! -x /usr/bin/chromium ] && [ "$$(id -u)" = 0 ]; then \
		echo "Installing Debian chromium for the browser tests"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || true; \
	fi

test: setup browser lint typecheck check-migrations test-sqlite test-postgres

test-sqlite: setup
	@echo "== pytest on SQLite =="
	SSP_TEST_DB=sqlite $(VENV)/bin/pytest $(PYTEST_ARGS)

test-postgres: setup
	@echo "== pytest on PostgreSQL ($(PG_TEST_URL)) =="
	@if $(PY) -c "import psycopg,sys; psycopg.connect('$(PG_TEST_URL)'.rsplit('/',1)[0] + '/postgres', connect_timeout=3).close()" 2>/dev/null; then \
		DATABASE_URL=$(PG_TEST_URL) SSP_TEST_DB=postgres $(VENV)/bin/pytest $(PYTEST_ARGS); \
	elif [ "$$CI" = "true" ]; then \
		echo "FAIL: PostgreSQL is not reachable at $(PG_TEST_URL) and CI=true"; exit 1; \
	else \
		echo "SKIPPED: PostgreSQL is not reachable at $(PG_TEST_URL); the PostgreSQL run was skipped"; \
	fi

# BENCH_LOAD_SECONDS=300 for the full load test (docs/performance.md); make bench runs one minute of it.
bench: setup
	$(VENV)/bin/pip install --quiet -e ".[dev,bench]"
	DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/ssp_bench} $(PY) -m bench

clean:
	rm -rf $(VENV) node_modules ssp/static/vendor var/static

# Source strings are Danish. ssp/locale holds the catalogue of the apps without their own; an app with a
# locale/ folder of its own (ssp/<app>/locale) keeps its strings there, so parallel work does not collide.
catalogue: $(VENV)/.installed
	@shopt -s nullglob; ignores=(-i 'static/*' -i 'node_modules/*'); \
	for loc in ssp/*/locale; do app=$$(basename "$$(dirname "$$loc")"); ignores+=(-i "$$app/*"); \
		(cd "ssp/$$app" && "$(CURDIR)/$(SSP)" makemessages -l da -l en --no-obsolete --no-location -i 'static/*' --verbosity 0); \
	done; \
	cd ssp && "$(CURDIR)/$(SSP)" makemessages -l da -l en --no-obsolete --no-location "$${ignores[@]}" --verbosity 0
