# The two commands a newcomer needs: `make run` and `make test`.
#
# Both install exact versions with their hashes from a lock (requirements.lock to run the app,
# requirements-dev.lock to also test it), so every machine gets what was tested; pip refuses a
# file whose hash differs. pyproject.toml keeps the ranges, for people installing the package
# themselves. `make lock` refreshes the locks after a change to pyproject.toml (keeping every pin
# it can); `make lock LOCK_FLAGS=--upgrade` moves them to the newest versions the ranges allow.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP_RUN := $(VENV)/.installed-run
STAMP_DEV := $(VENV)/.installed-dev
RUN_LOCK := requirements.lock
DEV_LOCK := requirements-dev.lock
# pip-tools writes the locks; it lives in a venv of its own so it never mixes with the app's.
LOCK_VENV := .venv-lock
PIP_TOOLS := pip-tools==7.6.2
LOCK_FLAGS ?=
COMPILE := $(LOCK_VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --all-build-deps \
	--strip-extras --no-emit-index-url --no-emit-find-links $(LOCK_FLAGS)
# --require-hashes: every package pinned and checked; then the app itself, from this folder,
# with no dependency of its own pulled in and built with the locked setuptools.
INSTALL_LOCK := $(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r
INSTALL_APP := $(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .

.PHONY: run test test-clock lint typecheck bench sample screenshots clean lock

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP_RUN): $(RUN_LOCK) pyproject.toml | $(BIN)/python
	$(INSTALL_LOCK) $(RUN_LOCK)
	$(INSTALL_APP)
	touch $@

$(STAMP_DEV): $(DEV_LOCK) pyproject.toml | $(BIN)/python
	$(INSTALL_LOCK) $(DEV_LOCK)
	$(INSTALL_APP)
	touch $@ $(STAMP_RUN)

run: $(STAMP_RUN)
	$(BIN)/python -m analytics app

# On every core (pytest-xdist; -n auto is 2 workers on a 2-core machine). --dist loadscope keeps
# a module's tests on one worker, so a module's browser, served app and rendered briefs are
# set up once, not once a worker.
TEST_WORKERS ?= auto
test: $(STAMP_DEV) typecheck
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadscope

# Types, as a ratchet (pyproject's [tool.mypy]: the modules that still have errors are listed
# there and skipped; a module off that list must stay clean). About 40 s of one core.
typecheck: $(STAMP_DEV)
	$(BIN)/mypy

# The suite with the clock moved (a month, a year and a leap day ahead, at 00:30 and 23:30):
# no test may depend on the date or the hour. Six full runs: long; not part of `make test`.
test-clock: $(STAMP_DEV)
	$(BIN)/python -m tests.moved_clock

lint: $(STAMP_DEV) typecheck
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: $(STAMP_DEV)
	$(BIN)/python -m bench

# The README's screenshots: the browser tour writes them into docs/screenshots only when asked
# (a plain `make test` writes them to a temporary folder and leaves the tree as it was).
screenshots: $(STAMP_DEV)
	BETWEEN_SCREENSHOTS=$(CURDIR)/docs/screenshots $(BIN)/python -m pytest -q -m browser \
		-k "every_page_renders or first_start"

sample: $(STAMP_RUN)
	$(BIN)/between sample --db sample_data/demo.duckdb

$(LOCK_VENV)/bin/pip-compile:
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install --quiet $(PIP_TOOLS)

# The run lock is solved within the dev lock, so the two never pin a package differently.
lock: $(LOCK_VENV)/bin/pip-compile
	CUSTOM_COMPILE_COMMAND="make lock" $(COMPILE) --extra dev -o $(DEV_LOCK) pyproject.toml
	CUSTOM_COMPILE_COMMAND="make lock" $(COMPILE) -c $(DEV_LOCK) -o $(RUN_LOCK) pyproject.toml

clean:
	rm -rf $(VENV) $(LOCK_VENV) .pytest_cache .mypy_cache build *.egg-info
