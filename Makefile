# The two commands a newcomer needs: `make run` and `make test`. Everything installs into .venv.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app wsgi
export APP_ENV ?= development

.PHONY: install run test lint lock bench translations-extract translations-compile clean

# axe-core (accessibility rules) from the npm registry, injected into pages by the browser tests:
# `make test` needs npm for it, `make install` and `make run` need only Python and make.
AXE := .cache/node/node_modules/axe-core/axe.min.js

install: $(VENV)/.installed translations-compile

$(AXE):
	npm install --prefix .cache/node --no-save --no-audit --no-fund --silent axe-core@4

# The locked set first (requirements.lock: the app; requirements-dev.lock: the same pins plus the
# test tools), then the project itself without letting pip resolve anything else.
$(VENV)/.installed: pyproject.toml requirements.lock requirements-dev.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock -r requirements-dev.lock
	$(PY) -m pip install --quiet --no-deps -e '.[dev]'
	touch $@

# After changing a range in pyproject.toml: pins move only where the new range demands it
# (`make lock LOCK_ARGS=--upgrade` moves every pin to the newest release in range).
LOCK := $(VENV)/bin/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links $(LOCK_ARGS)
lock: $(VENV)/.installed
	$(LOCK) --output-file=requirements.lock pyproject.toml
	$(LOCK) --extra=dev --constraint=requirements.lock --output-file=requirements-dev.lock pyproject.toml

translations-compile: $(VENV)/.installed
	$(VENV)/bin/pybabel compile --statistics -d translations 2>&1 | tail -n 2

translations-extract: $(VENV)/.installed
	$(VENV)/bin/pybabel extract -F babel.cfg --ignore-dirs '.*' -k _l -k N_ --no-location --sort-output -o translations/messages.pot .
	$(VENV)/bin/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching

run: install
	$(FLASK) db upgrade
	$(FLASK) seed-demo
	$(FLASK) search reindex
	@# Without a real BANK_* account, a demo one (labelled "demo" on the pages) makes the VietQR page work.
	if [ -z "$$BANK_ACCOUNT_NUMBER" ]; then export BANK_DEMO=true BANK_BIN=970436 \
	  BANK_ACCOUNT_NUMBER=0000000000 BANK_ACCOUNT_NAME="TAI KHOAN DEMO SAN CNNT"; fi; \
	$(FLASK) run --host 127.0.0.1 --port 5000

test: install $(AXE)
	APP_ENV=testing $(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Every bench/bench_*.py prints its figures (performance is measured here, never in unit tests).
# Set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to a PostgreSQL server to measure it too.
# bench_load.py needs PostgreSQL: without either variable it uses the local one (127.0.0.1:5432).
bench: install $(VENV)/.bench-installed
	@for script in bench/bench_*.py; do echo "== $$script"; RATELIMIT_ENABLED=false $(PY) $$script || exit 1; done

# Locust and its gevent stay out of `make test`'s install.
$(VENV)/.bench-installed: pyproject.toml
	$(PY) -m pip install --quiet -e '.[dev,bench]'
	touch $@

clean:
	rm -rf $(VENV) instance .pytest_cache .cache
