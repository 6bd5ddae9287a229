# Set-up and everyday commands. `make site` and `make test` install what a new
# Debian or Ubuntu machine lacks (libcmark-dev, libxml2-dev; for the tests, Python jsonschema).

SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
VENV := .venv-browser
# The team's corpus generator, in shared/ beside the repository (the browser and system
# tests and scripts/bench.py read CONFAB_GEN_CORPUS).
export CONFAB_GEN_CORPUS ?= $(abspath $(firstword $(wildcard ../shared/bench/gen-corpus.py /work/shared/bench/gen-corpus.py)))

.PHONY: site test deps test-deps browser-test system-test fuzz-smoke newcomer clean

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

# The Python tools of the browser and system tests, pinned, reinstalled when the pins change.
$(VENV)/installed: Tests/browser/requirements.txt Tests/system/requirements.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q -r Tests/browser/requirements.txt -r Tests/system/requirements.txt
	touch $@

# Runs the release binary as a user or CI would (Tests/system): builds killed at points
# across the build, byte-identical output across time zones, locales and file orders,
# and pathological inputs with bounds on time and memory. About four minutes.
system-test: deps $(VENV)/installed
	@if [ ! -x /usr/bin/time ] || ! command -v strace >/dev/null; then \
		echo "Installing time and strace with apt-get"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq time strace; \
	fi
	@if ! locale -a 2>/dev/null | grep -qix 'de_DE.utf8'; then \
		echo "Generating the de_DE.UTF-8 locale"; \
		[ -e /usr/share/i18n/locales/de_DE ] || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq locales; }; \
		$(SUDO) localedef -i de_DE -f UTF-8 de_DE.UTF-8; \
	fi
	$(SWIFT) build -c release --product confab
	CONFAB=.build/release/confab PYTHONDONTWRITEBYTECODE=1 $(VENV)/bin/pytest -q -p no:cacheprovider Tests/system

# libcmark and libxml2 are the system libraries Confab links; install them only when missing.
deps:
	@if ! pkg-config --exists libcmark libxml-2.0 2>/dev/null; then \
		echo "Installing libcmark-dev, libxml2-dev (and pkg-config) with apt-get"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libcmark-dev libxml2-dev pkg-config; \
	fi

# The tests validate the JSON export with the reference JSON Schema validator.
test-deps: deps
	@if ! python3 -c "import jsonschema" 2>/dev/null; then \
		echo "Installing the Python jsonschema package with pip"; \
		python3 -m pip install -q jsonschema; \
	fi

clean:
	rm -rf .build public $(VENV)
