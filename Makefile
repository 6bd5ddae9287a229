# Set-up and everyday commands. `make site` and `make test` install what a new
# Debian or Ubuntu machine lacks (libcmark-dev; for the tests, Python jsonschema).

SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
VENV := .venv-browser

.PHONY: site test deps test-deps browser-test fuzz-smoke newcomer clean

site: deps
	$(SWIFT) run confab build

# Everything CI runs (.ci/run): unit and end-to-end tests, the browser checks, the
# system tests (kill, determinism, pathological inputs), a short fuzz run and the
# README's own commands in a fresh clone.
test: test-deps
	$(SWIFT) test
	$(MAKE) browser-test
	$(MAKE) system-test
	$(MAKE) fuzz-smoke
	$(MAKE) newcomer

# libFuzzer over read → normalize → summarize → plan for FUZZ_SECONDS (default 60).
fuzz-smoke: deps
	scripts/fuzz-smoke.sh

# The Quick start's commands, extracted from README.md, run in a fresh clone.
newcomer: deps
	scripts/newcomer.sh

# Opens the built sample site and a generated corpus in headless Chromium from
# file:// (Tests/browser): clicks, phone width, axe-core, the Nu HTML checker.
browser-test: deps $(VENV)/installed
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null || ! command -v java >/dev/null; then \
		echo "Installing chromium, chromium-driver and default-jre-headless (for the Nu HTML checker) with apt-get"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium chromium-driver default-jre-headless; \
	fi
	$(SWIFT) build --product confab
	CONFAB=.build/debug/confab PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(VENV)/bin/pytest -q Tests/browser

# The Python tools of the browser tests, pinned, reinstalled when the pins change.
$(VENV)/installed: Tests/browser/requirements.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q -r Tests/browser/requirements.txt
	touch $@

# libcmark is the one system library Confab links; install it only when missing.
deps:
	@if ! pkg-config --exists libcmark 2>/dev/null; then \
		echo "Installing libcmark-dev (and pkg-config) with apt-get"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libcmark-dev pkg-config; \
	fi

# The tests validate the JSON export with the reference JSON Schema validator.
test-deps: deps
	@if ! python3 -c "import jsonschema" 2>/dev/null; then \
		echo "Installing the Python jsonschema package with pip"; \
		python3 -m pip install -q jsonschema; \
	fi

clean:
	rm -rf .build public $(VENV)
