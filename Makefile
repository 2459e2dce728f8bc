# Lotse — the two set-up commands are `make run` and `make test` (see README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := help
PY := .venv/bin/python
MANAGE := $(PY) manage.py
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
PYTEST_WORKERS ?= 2

.PHONY: help run test deps python-deps node-deps assets messages migrate seed lint typecheck system-deps \
        pytest browser-deps bench-deps bench-integreat makemessages clean fuzz

help:
	@echo "make run   – install, prepare a demo database and serve on http://127.0.0.1:8000"
	@echo "make test  – install what tests need, run lint, type checks and all tests"
	@echo "make fuzz  – the property-based tests with many fresh random examples"

# uv installs the locked Python packages; it is put into its own small venv when missing.
.tools/bin/uv:
	python3 -m venv .tools
	.tools/bin/pip install --quiet "uv>=0.5,<1"

# Bytecode is written here, once, so that every process (server, worker, each test worker) reads
# it instead of compiling some 2,000 modules again: environments with PYTHONDONTWRITEBYTECODE set
# otherwise pay seconds of start-up per process.
python-deps: $(UV)
	$(UV) sync --frozen --quiet --compile-bytecode
	@$(PY) -m compileall -q -j 0 $$(dirname */__init__.py) manage.py conftest.py >/dev/null

node-deps:
	@[ -d node_modules ] && [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund --loglevel=error

deps: python-deps node-deps

assets: node-deps
	node scripts/build_assets.mjs

messages: python-deps
	$(MANAGE) compile_translations

migrate: python-deps
	$(MANAGE) migrate --noinput

seed: migrate
	$(MANAGE) seed_demo --if-empty

run: system-deps deps assets messages seed
	@bash scripts/serve.sh

# WeasyPrint (PDFs) needs Pango and HarfBuzz from Debian.
system-deps:
	@missing=0; for lib in libpango-1.0.so.0 libpangoft2-1.0.so.0 libharfbuzz-subset.so.0; do \
	  /sbin/ldconfig -p | grep -q "$$lib" || missing=1; done; \
	if [ $$missing = 1 ]; then \
	  echo "Installing the libraries WeasyPrint needs for PDFs"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
	    libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 >/dev/null; fi

browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Chromium from Debian for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

# The load generator of bench/directory_national.py (not needed by `make run` or `make test`).
bench-deps: python-deps
	@command -v wrk >/dev/null 2>&1 || { \
	  echo "Installing wrk from Debian for the load benchmarks"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk >/dev/null; }

# Lotse's directory beside Integreat's on the same content (bench/README.md): installs the peer
# from PyPI into ~/.cache/lotse-bench/integreat once, then about 6 minutes.
bench-integreat: bench-deps
	$(PY) bench/vs_integreat.py

lint: python-deps
	$(PY) -m ruff check .
	.venv/bin/lint-imports --no-cache --no-logo
	$(PY) -m ruff format --check .
	$(PY) -m djlint --lint --quiet $$(find . -name '*.html' -path '*/templates/*' -not -path './node_modules/*' -not -path './.venv/*' -not -path './.tools/*')

typecheck: python-deps
	$(PY) -m mypy .

pytest: python-deps
	$(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

test: system-deps deps assets messages browser-deps lint typecheck
	LOTSE_ENV=test $(MANAGE) makemigrations --check --dry-run
	$(MAKE) --no-print-directory pytest

# `make test` gives the property-based tests a fixed few examples (the "ci" profile in
# conftest.py); this looks further with fresh random ones. What it finds becomes an @example.
FUZZ_EXAMPLES ?= 500
fuzz: python-deps
	HYPOTHESIS_PROFILE=fuzz FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(PY) -m pytest -n $(PYTEST_WORKERS) \
	  $(PYTEST_ARGS) $$(grep -rl hypothesis --include='test_*.py' */tests)

makemessages: python-deps
	$(MANAGE) makemessages -l en -l ar -l uk -l fa -l fa_AF -l tr -l ru --no-obsolete \
	  --ignore=node_modules --ignore=.venv --ignore=build --ignore=var

clean:
	rm -rf build var/static .mypy_cache .ruff_cache
