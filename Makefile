# Palabre — set-up and everyday commands. `make demo` and `make test` work on a fresh clone.
SHELL := /bin/bash
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
PALABRE := $(VENV)/bin/palabre
STAMP := $(VENV)/.installed
# Local commands run in demo mode (local secret key); production sets SECRET_KEY itself.
export PALABRE_DEMO ?= 1

.PHONY: demo demo-totp test test-browser lint format messages bench bench-replay bench-proposals bench-exports bench-sortition bench-surveys bench-meetings clean venv migrate

$(STAMP): pyproject.toml
	@set -e; if [ ! -x "$(PY)" ]; then \
	  base=$$(scripts/find-python); \
	  echo "Creating $(VENV) with $$base"; \
	  "$$base" -m venv $(VENV); \
	fi
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

venv: $(STAMP)

var:
	@mkdir -p var/media var/cache

migrate: $(STAMP) var
	$(PALABRE) migrate --no-input
	$(PALABRE) createcachetable

demo: migrate
	$(PALABRE) demo --port $(PORT)
	$(PALABRE) collectstatic --no-input --verbosity 0
	bash scripts/serve-demo $(PORT)

# The demo administrator's current second-factor code (demo mode only, as every make target).
demo-totp: $(STAMP)
	@$(PALABRE) demo_totp

test: $(STAMP)
	$(VENV)/bin/pytest -q

test-browser: $(STAMP)
	PALABRE_REQUIRE_BROWSER=1 $(VENV)/bin/pytest -q -m browser

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench

format: $(STAMP)
	$(VENV)/bin/ruff format src tests bench
	$(VENV)/bin/ruff check --fix src tests bench

# Re-extracts the translatable strings (needs GNU gettext) and compiles the catalogues.
messages: $(STAMP)
	cd src/palabre && ../../$(PALABRE) makemessages -l fr -l en --no-obsolete --ignore "*/tests/*"
	$(PALABRE) compile_translations

# Benchmarks are run on purpose, never by the test suite (figures in bench/README.md).
bench: $(STAMP)
	$(PY) bench/pb_rules.py
	$(PY) bench/proposals.py
	$(PY) bench/exports.py

bench-proposals: $(STAMP)
	$(PY) bench/proposals.py $(BENCH_ARGS)

bench-exports: $(STAMP)
	$(PY) bench/exports.py $(BENCH_ARGS)

bench-replay: $(STAMP)
	$(PY) bench/pb_replay.py $(BENCH_ARGS)

bench-sortition: $(STAMP)
	$(PY) bench/sortition.py $(BENCH_ARGS)

bench-surveys: $(STAMP)
	$(PY) bench/surveys.py $(BENCH_ARGS)

bench-meetings: $(STAMP)
	$(PY) bench/meetings.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var build *.egg-info src/*.egg-info
