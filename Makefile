# Two commands build and test the book on a fresh Debian/Ubuntu machine with Python 3.11:
#   make book   (virtualenv, pinned install, data, execute notebooks, strict HTML build)
#   make test   (unit tests, then nbval over every chapter notebook, strict)
# On a machine without internet, point BOOK_DATA_MIRROR at a folder laid out
# <dataset-id>/<file> (in this checkout: BOOK_DATA_MIRROR=../shared/data/raw).

SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
JB     := $(VENV)/bin/jupyter-book
STAMP  := $(VENV)/.installed-lock

.PHONY: help venv data book notebooks test unit nbval lock clean

help:
	@echo "make book       set up .venv, fetch and verify data, execute notebooks, build HTML (_build/html)"
	@echo "make test       unit tests, then pytest --nbval chapters/ (strict)"
	@echo "make data       fetch and verify raw data only (BOOK_DATA_MIRROR=<folder> to work offline)"
	@echo "make notebooks  re-execute notebooks and store their outputs (after an intended change)"
	@echo "make lock       re-resolve requirements.txt into requirements.lock"
	@echo "make clean      remove builds, caches and fetched data"

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is required, found " + sys.version.split()[0]'
	@echo "== Creating $(VENV) with $(PYTHON) and installing the locked environment"
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

venv: $(STAMP)

data: venv
	@echo "== Fetching and verifying raw data"
	$(PY) -m analysis data

book: data
	@echo "== Checking which notebooks must run again"
	$(PY) -m analysis deps
	@echo "== Building the HTML book (strict: -n -W --keep-going)"
	$(JB) build . --builder html -n -W --keep-going
	@echo "== Book ready: _build/html/index.html"

notebooks: data
	$(PY) -m analysis execute

unit: data
	@echo "== Unit tests"
	$(PY) -m pytest tests

nbval: data
	@echo "== Notebooks against their stored outputs (nbval, strict)"
	$(PY) -m pytest --nbval chapters/

test: unit nbval

lock:
	$(PYTHON) -m venv /tmp/book-lock-venv
	/tmp/book-lock-venv/bin/pip install --quiet -r requirements.txt
	/tmp/book-lock-venv/bin/pip freeze --exclude-editable | grep -v '^analysis' > requirements.lock
	rm -rf /tmp/book-lock-venv

clean:
	rm -rf _build data/raw data/processed
