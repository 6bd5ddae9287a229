# Set-up and everyday commands. `make site` and `make test` install what a new
# Debian or Ubuntu machine lacks (libcmark-dev) before building.

SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: site test deps clean

site: deps
	$(SWIFT) run confab build

test: deps
	$(SWIFT) test

# libcmark is the one system library Confab links; install it only when missing.
deps:
	@if ! pkg-config --exists libcmark 2>/dev/null; then \
		echo "Installing libcmark-dev (and pkg-config) with apt-get"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libcmark-dev pkg-config; \
	fi

clean:
	rm -rf .build public
