# LSCB CSE Training. `make help` lists the targets.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help install migrate demo run test test-unit test-browser lint format bench clean

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-14s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(INSTALLED): requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (set PYTHON=python3.x)")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install -q --disable-pip-version-check --upgrade pip
	@$(PY) -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	@touch $@

install: $(INSTALLED) ## Create .venv and install the pinned packages

migrate: install ## Create or update the SQLite database under var/
	@mkdir -p var
	@$(PY) manage.py migrate --noinput -v0

demo: migrate ## Load the demo data (safe to repeat)
	@$(PY) manage.py seed_demo --host $(HOST) --port $(PORT)

run: demo ## Set everything up and serve the site on http://127.0.0.1:8000
	@$(PY) manage.py seed_demo --logins --host $(HOST) --port $(PORT)
	@# The booking jobs (offers that lapse, undecided requests, reminders) run every minute
	@# beside the server, as cron runs them in production, and stop with it; the compliance
	@# jobs (expiry reminders, leads' digests) every hour.
	@$(PY) manage.py run_booking_jobs --every 60 >var/booking-jobs.log 2>&1 & jobs=$$!; \
	  $(PY) manage.py run_compliance_jobs --every 3600 >var/compliance-jobs.log 2>&1 & compliance=$$!; \
	  trap 'kill $$jobs $$compliance 2>/dev/null' EXIT INT TERM; \
	  $(PY) manage.py runserver $(HOST):$(PORT)

test: install ## Run the whole suite: the unit tests on SQLite (or DATABASE_URL) and, beside them, the browser tests
	@# Side by side: each run is mostly one process on one core, so the two together take
	@# about as long as the longer of them. The browser run's report follows the unit tests'.
	@mkdir -p var
	@$(PY) -m pytest -m browser -p no:cacheprovider >var/browser-tests.log 2>&1 & browser=$$!; \
	  trap 'kill $$browser 2>/dev/null' INT TERM; \
	  $(PY) -m pytest -m "not browser"; unit=$$?; \
	  wait $$browser; browser_status=$$?; \
	  echo; echo "Browser tests (run beside the unit tests; also in var/browser-tests.log):"; \
	  cat var/browser-tests.log; \
	  [ $$unit -eq 0 ] && [ $$browser_status -eq 0 ]

test-unit: install ## Run the suite without the browser tests
	@$(PY) -m pytest -m "not browser"

test-browser: install ## Run the browser tests in Debian's Chromium (skipped with a reason if it is missing)
	@$(PY) -m pytest -m browser

lint: install ## ruff check, format check, and the import layers (.importlinter)
	@$(VENV)/bin/ruff check .
	@$(VENV)/bin/ruff format --check .
	@$(VENV)/bin/lint-imports --no-cache

format: install ## Format the code with ruff
	@$(VENV)/bin/ruff format .
	@$(VENV)/bin/ruff check --fix .

bench: install ## Run the benchmarks in bench/
	@for b in bench/*.py; do DJANGO_SETTINGS_MODULE=lscb_training.settings.test $(PY) $$b; done

clean: ## Remove the virtualenv and the local database
	rm -rf $(VENV) var
