# The commands of ../shared/API.md §1. Everything a machine needs is installed from here.
SHELL := /bin/bash
export PATH := $(HOME)/.local/bin:$(PATH)
UV ?= uv
VENV_BIN := .venv/bin

.PHONY: up demo tui test compose-test eval bench proto openapi lint deps tools qbittorrent

# uv itself, from PyPI, when the machine has none.
tools:
	@command -v $(UV) >/dev/null 2>&1 || python3 -m pip install --quiet --user uv \
		|| python3 -m pip install --quiet --break-system-packages --user uv

# Bytecode compiled once, here: a process that compiles every module it imports (as any does
# where PYTHONDONTWRITEBYTECODE is set) starts three times slower. Also at -OO, the level the
# four gRPC services run at (docstrings left out: about 5 MB a process).
deps: tools
	@$(UV) sync --all-packages --frozen --quiet --compile-bytecode
	@$(VENV_BIN)/python -m compileall -q -j 0 -o 0 -o 2 libs/*/src services/*/src clients/tui/src sandbox/src
	@$(MAKE) --no-print-directory --silent .venv/.bytecode-opt2

# Once per lock (in the venv, so a new venv compiles again): checking is 2 s, compiling 15 s.
.venv/.bytecode-opt2: uv.lock
	@$(VENV_BIN)/python -m compileall -q -j 0 -o 2 \
		"$$($(VENV_BIN)/python -c 'import sysconfig; print(sysconfig.get_path("purelib"))')"
	@touch $@

# qbittorrent-nox from the OS packages when absent (the services need a real one).
qbittorrent:
	@[ -n "$$UUUT_QBITTORRENT_URL" ] || command -v qbittorrent-nox >/dev/null 2>&1 || scripts/install-debian-package.sh qbittorrent-nox

up: deps qbittorrent
	@exec $(VENV_BIN)/uuutorrent up

# The stack against the built-in sandbox (fake AniList and Nyaa, a tracker and a seeder), with a
# demo account already linked, then the TUI. Works with no Internet.
demo: deps qbittorrent
	@exec $(VENV_BIN)/python -m uuut_sandbox.demo

tui: deps
	@exec $(VENV_BIN)/uuutorrent-tui

test: lint qbittorrent
	@$(VENV_BIN)/pytest

# Builds every image (on Debian bases made here: no registry needed), starts the Compose stack
# and runs the contract tests, a crash, the dashboards and a backup drill against it. Needs Docker.
compose-test: deps
	@tests/deploy/compose-test.sh

proto: deps
	@$(VENV_BIN)/python libs/proto/generate.py

# The gateway's OpenAPI document, rebuilt from its routes (the gateway runs at -OO, without the
# docstrings that describe them, and serves this file).
openapi: deps
	@$(VENV_BIN)/python -m uuut_gateway.openapi_document

# Release matching: precision@1 of the search service's pick beside the naive baseline.
eval: deps
	@$(VENV_BIN)/python services/search/eval/run.py

# Benchmarks against a locally started stack; writes docs/benchmarks.md.
# wrk is the load generator, a process of its own.
bench: deps qbittorrent
	@scripts/install-debian-package.sh wrk
	@$(VENV_BIN)/python tests/bench/run.py

# Style and types: the same gate for every change (make test runs it first).
lint: deps
	@$(VENV_BIN)/ruff check --quiet . && $(VENV_BIN)/ruff format --check --quiet .
	@$(VENV_BIN)/mypy --no-error-summary libs/kit/src libs/stack/src services/*/src clients/tui/src
