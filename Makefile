# The two commands of the README, and the helpers they use.
# `make run` serves the demo site (and publishes scheduled stories); `make test` runs the whole suite.
# `make lint` runs ruff (as `make test` does first); `make format` formats the code.
# `make check-pages` runs only the page checks (Nu HTML Checker, axe-core).
# `make bench` benchmarks the public pages (BENCH_SIZES, BENCH_DATABASES, BENCH_ARGS),
# the copy desk, the importer (BENCH_IMPORT_ARGS, such as --stories 2000), the
# WordPress import, then export and restore.
# `make bench-load` loads SQLite with readers and an editor at once (LOAD_ARGS).
# `make bench-prod` judges the production set-up on PostgreSQL, Redis and Varnish:
# the proxy against nginx, a newsroom day, and the pages at 10,000 and 100,000
# stories (PROD_ARGS; BENCH_PROD_SIZES, BENCH_PROD_DURATION).
# `make chaos` restarts PostgreSQL, a replica and Redis of its own under readers
# (CHAOS_ARGS), and prints what the readers saw.
# `make serve` runs the site as production does, on this machine: DEBUG off,
# gunicorn (newsroom/gunicorn.conf.py), static files collected and hashed.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum < pyproject.toml | cut -d' ' -f1)
# The page checkers come from npm; `npm ci` empties node_modules, so the stamp inside
# it goes whenever they are installed again.
NODE_STAMP := node_modules/.installed
BENCH_STAMP := $(VENV)/.bench-$(shell cksum < pyproject.toml | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run serve test lint format check-pages bench bench-load bench-prod chaos install migrate demo clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $@

# Scripts stay off: vnu-jar's would fetch a Java runtime, and the system's Java runs it.
$(NODE_STAMP): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

$(BENCH_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e '.[dev,bench]'
	rm -f $(VENV)/.bench-*
	touch $@

install: $(STAMP)

# The local site runs with DEBUG on, which makes its secret key on the first run and
# keeps it in var/secret-key.txt (a site with DEBUG off needs DJANGO_SECRET_KEY).
LOCAL := DJANGO_DEBUG=1

migrate: install
	$(LOCAL) $(PY) manage.py migrate --no-input

demo: migrate
	$(LOCAL) $(PY) manage.py setup_roles
	$(LOCAL) $(PY) manage.py load_demo
	$(LOCAL) $(PY) manage.py local_login --admin-url http://$(HOST):$(PORT)/admin/

# The scheduler runs beside the web server and stops with it: on Ctrl-C (it takes
# SIGINT itself) and whenever the server exits (the trap).
run: demo
	$(LOCAL) $(PY) manage.py run_scheduler & scheduler=$$!; \
	trap 'kill $$scheduler 2>/dev/null' EXIT INT TERM; \
	$(LOCAL) $(PY) manage.py runserver $(HOST):$(PORT)

# DEBUG is off, so the site needs DJANGO_SECRET_KEY. Without one, a key for this
# machine is made the first time and kept in var/serve-secret-key.txt, readable only
# by you; a real deployment sets DJANGO_SECRET_KEY in its service's environment.
SERVE_KEY := var/serve-secret-key.txt
SERVE := DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$(cat $(SERVE_KEY))}"

# The scheduler runs beside the server and stops with it, as in `make run`.
serve: install
	@test -n "$$DJANGO_SECRET_KEY" || test -s $(SERVE_KEY) || { \
	    mkdir -p var && (umask 077; $(PY) -c 'import secrets; print(secrets.token_urlsafe(64))' > $(SERVE_KEY)) && \
	    echo "DJANGO_SECRET_KEY is not set: made a key for this machine in $(SERVE_KEY) (set DJANGO_SECRET_KEY to use your own)." >&2; }
	$(SERVE) $(PY) manage.py migrate --no-input
	$(SERVE) $(PY) manage.py collectstatic --no-input --verbosity 0
	$(SERVE) $(PY) manage.py run_scheduler & scheduler=$$!; \
	trap 'kill $$scheduler 2>/dev/null' EXIT INT TERM; \
	$(SERVE) HOST=$(HOST) PORT=$(PORT) $(VENV)/bin/gunicorn \
	    --config newsroom/gunicorn.conf.py newsroom.wsgi:application

test: lint $(NODE_STAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

# ruff lints and checks the formatting; `make format` formats.
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check-pages: install $(NODE_STAMP)
	$(PY) -m pytest tests/test_page_checks.py $(PYTEST_ARGS)

# wrk is Debian's package; root installs it when it is missing.
bench: $(BENCH_STAMP)
	command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq wrk; }
	$(PY) bench/run.py $(BENCH_ARGS)
	$(PY) bench/copydesk.py
	$(PY) bench/imports.py $(BENCH_IMPORT_ARGS)
	$(PY) bench/wordpress.py
	$(PY) bench/interchange.py

bench-load: $(BENCH_STAMP)
	command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq wrk; }
	$(PY) bench/load.py $(LOAD_ARGS)

# Debian's varnish, varnish-modules, nginx-light and wrk; PostgreSQL at 127.0.0.1:5432
# and Redis at 127.0.0.1:6379 (BENCH_POSTGRES_URL, BENCH_REDIS_URL for others).
bench-prod: $(BENCH_STAMP)
	$(PY) bench/prod.py $(PROD_ARGS)

chaos: install
	$(PY) bench/chaos.py $(CHAOS_ARGS)

clean:
	rm -rf $(VENV) var .pytest_cache node_modules
