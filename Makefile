# The two set-up commands are `make site` and `make test`; both install what they need.
# `make site BASE_URL=https://user.github.io/repo/` builds for that address (the Pages workflow does).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# What a build needs, and what the tests need too (pytest, Playwright, validators).
INSTALLED := $(VENV)/.installed
TEST_INSTALLED := $(VENV)/.installed-test
# lunr.js for the browser comes from npm, pinned by package-lock.json; the tests' tools are its devDependencies.
NODE := node_modules/.installed
NODE_TEST := node_modules/.installed-test
# Browser tests use Debian's Chromium (a browser download by Playwright fails here).
CHROMIUM := /usr/bin/chromium

.PHONY: site test serve bench clean distclean

site: $(INSTALLED) $(NODE)  ## import new seeds, then build site/
	$(PY) -m builder ingest
	$(PY) -m builder build $(if $(BASE_URL),--base-url "$(BASE_URL)")

test: $(TEST_INSTALLED) $(NODE_TEST) $(CHROMIUM)  ## run every test
	$(PY) -m pytest

serve: $(INSTALLED) $(NODE)  ## preview on http://127.0.0.1:8000, rebuilding on change
	$(PY) -m builder serve

# Figures, not tests: Pelican, Hugo and Pagefind against us on generated archives.
BENCH_SIZES ?= 1000 10000
BENCH_VENV := bench/.venv
bench: $(TEST_INSTALLED) $(NODE_TEST) $(CHROMIUM) $(BENCH_VENV)/.installed  ## print build and search figures, write bench/results/latest.json
	$(PY) bench/run.py $(BENCH_SIZES)

$(BENCH_VENV)/.installed: bench/requirements.txt
	test -x $(BENCH_VENV)/bin/python || $(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/pip install --quiet -r bench/requirements.txt
	touch $@

clean:  ## remove build output and caches (keeps .venv)
	rm -rf site .site.a .site.b .link-site-* .retired-site-* .cache .pytest_cache .hypothesis bench/work
	find . -name __pycache__ -type d -prune -not -path './.venv/*' -exec rm -rf {} +

distclean: clean  ## also remove the virtualenvs and npm packages
	rm -rf $(VENV) $(BENCH_VENV) node_modules

$(INSTALLED): pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip>=24"
	$(PY) -m pip install --quiet -c constraints.txt -e .
	touch $@

$(TEST_INSTALLED): $(INSTALLED)
	$(PY) -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

$(NODE): package.json package-lock.json
	npm ci --omit=dev --no-audit --no-fund --loglevel=error
	touch $@

$(NODE_TEST): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@ $(NODE)

$(CHROMIUM):
	@echo "installing Chromium from Debian's packages for the browser tests"
	$(if $(shell command -v sudo),sudo) apt-get update -qq
	$(if $(shell command -v sudo),sudo) apt-get install -y -qq chromium >/dev/null
