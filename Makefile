# Two commands matter: `make run` and `make test`. Both work on a fresh Debian machine as root.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) manage.py
APT_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-noto-core fonts-noto-cjk gettext
TEST_APT_PACKAGES := chromium libatomic1 poppler-utils wrk postgresql-client

.PHONY: run test test-fast fuzz bench loadtest deploy-check lint format messages check-messages check system-packages test-system-packages clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	python3 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

# Debian packages: WeasyPrint's Pango, the Noto fonts of names in other scripts on certificates
# (certificates/names.py), gettext; installed only when missing (needs root).
system-packages:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; fi

test-system-packages: system-packages
	@missing=$$(for p in $(TEST_APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; fi

run: system-packages $(VENV)/.installed
	DJANGO_SETTINGS_MODULE=lms.settings.dev $(MANAGE) migrate --noinput
	DJANGO_SETTINGS_MODULE=lms.settings.dev $(MANAGE) load_demo
	DJANGO_SETTINGS_MODULE=lms.settings.dev $(MANAGE) configure_site
	DJANGO_SETTINGS_MODULE=lms.settings.dev $(MANAGE) runserver 127.0.0.1:8000

# The whole suite: unit, view, permission-matrix and browser tests (SQLite unless DATABASE_URL is set).
test: test-system-packages $(VENV)/.installed
	env -u DJANGO_SETTINGS_MODULE $(VENV)/bin/pytest

# Everything but the browser journeys and the PostgreSQL-only concurrency tests.
test-fast: $(VENV)/.installed
	env -u DJANGO_SETTINGS_MODULE $(VENV)/bin/pytest -m "not browser and not postgresql"

# The property tests (Hypothesis) with fresh random examples, FUZZ_RUNS runs of some 1,400 each;
# CI runs the same properties on fixed examples. Keep each failing example as an @example.
FUZZ_RUNS ?= 3
fuzz: $(VENV)/.installed
	for run in $$(seq $(FUZZ_RUNS)); do \
		HYPOTHESIS_PROFILE=dev env -u DJANGO_SETTINGS_MODULE $(VENV)/bin/pytest tests/properties tests/enrolment/test_exports.py -p no:randomly -q || exit 1; \
	done

bench: test-system-packages $(VENV)/.installed
	env -u DJANGO_SETTINGS_MODULE $(PY) bench/run.py

# 60 s of browsing, enrolling and attendance marking against gunicorn + qcluster on PostgreSQL and
# Redis (both must be running); figures into bench/results.json (load.*), fails on any error.
loadtest: system-packages $(VENV)/.installed
	env -u DJANGO_SETTINGS_MODULE $(PY) bench/loadtest.py

# docs/deploy.md run as written on a fresh clone (PostgreSQL and Redis must be running).
deploy-check: system-packages
	python3 .ci/deploy_check.py

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	find templates -name '*.html' | xargs $(VENV)/bin/djhtml --check
	DJANGO_SETTINGS_MODULE=lms.settings.dev $(MANAGE) check
	DJANGO_SETTINGS_MODULE=lms.settings.dev $(MANAGE) makemigrations --check --dry-run

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	find templates -name '*.html' | xargs $(VENV)/bin/djhtml

# Extract new strings into locale/*/django.po, then compile the .mo files the site reads.
messages: system-packages $(VENV)/.installed
	DJANGO_SETTINGS_MODULE=lms.settings.dev $(MANAGE) makemessages -l fi -l sv -l en --no-obsolete --add-location=file --ignore=.venv --ignore=tests --ignore=bench
	DJANGO_SETTINGS_MODULE=lms.settings.dev $(MANAGE) compilemessages --ignore=.venv

# Fails when a string in the code is missing from the catalogues.
check-messages: messages
	git diff --quiet -I '^"POT-Creation-Date' -- locale || (git --no-pager diff --stat -- locale; echo "locale/ is out of date: run make messages and translate"; exit 1)

check: lint check-messages

clean:
	rm -rf $(VENV) staticfiles bench/.data test-results
