# The two commands a new user needs: `make run` and `make test`. Only python3 (3.11+) and make are assumed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
APP_STAMP := $(VENV)/.installed-app
DEV_STAMP := $(VENV)/.installed-dev
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-fast checks lint content messages serve bench bench-targets clean

run: $(APP_STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_content
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# -rs prints why a test was skipped: the browser tests without Chromium, the HTML check without
# Java or node_modules/vnu-jar (npm ci).
test: checks
	$(BIN)/pytest -rs

# Everything but the browser tests, for the edit-test loop.
test-fast: checks
	$(BIN)/pytest -rs -m "not browser"

checks: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

lint: $(DEV_STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# After changing an interface string: collect the strings into locale/uk/LC_MESSAGES/django.po,
# translate the new entries there, then compile django.mo. Both files are committed, so `make run`
# needs no gettext; this target needs GNU gettext (Debian: apt-get install gettext).
messages: $(APP_STAMP)
	$(BIN)/python manage.py makemessages --locale uk --no-location --no-obsolete \
		--ignore '.venv/*' --ignore 'node_modules/*' --ignore 'tests/*' --ignore 'bench/*' --ignore 'tools/*'
	$(BIN)/python manage.py compilemessages --locale uk --ignore '.venv/*' --ignore 'node_modules/*'

content: $(APP_STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_content

# Production server: gunicorn with gunicorn.conf.py (2 workers x 2 threads, on $GUNICORN_BIND,
# default 127.0.0.1:8000, behind a reverse proxy; see docs/deploy.md). Works on a fresh clone
# once DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS are set: debug is off unless DJANGO_DEBUG says
# otherwise, and the database is migrated, missing content loaded and static files collected first.
serve: $(APP_STAMP)
	DJANGO_DEBUG=$${DJANGO_DEBUG:-false} $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=$${DJANGO_DEBUG:-false} $(BIN)/python manage.py load_content
	DJANGO_DEBUG=$${DJANGO_DEBUG:-false} $(BIN)/python manage.py collectstatic --noinput
	$(BIN)/gunicorn --config gunicorn.conf.py

$(VENV)/bin/python:
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed" if sys.version_info < (3, 11) else 0)'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(APP_STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(DEV_STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(APP_STAMP) $@

# Every benchmark starts its own throwaway server and database on 127.0.0.1 and prints its numbers;
# two_servers.py starts its own PostgreSQL (Debian's package).
bench: $(DEV_STAMP)
	$(BIN)/python bench/burst.py
	$(BIN)/python bench/steady.py
	$(BIN)/python bench/page_weight.py
	$(BIN)/python bench/queries.py
	$(BIN)/python bench/breakdown.py
	$(BIN)/python bench/item_analysis.py
	$(BIN)/python bench/guessing.py
	$(BIN)/python bench/live_class.py
	$(BIN)/python bench/live_class.py --database postgres
	$(BIN)/python bench/two_servers.py

# Server CPU per request of the busiest pages against their targets (about a minute); the bursts'
# commands are printed at the end.
bench-targets: $(DEV_STAMP)
	$(BIN)/python bench/targets.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
