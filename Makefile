# Doing With: every target sets up its own virtual environment on first use.
#   make serve   build and serve the site on http://127.0.0.1:8000, reloading as stories change
#   make test    run the whole test suite (installs Chromium for the browser tests if missing)
#   make build   the publishable site in site/ (built aside, moved into place only on success)
#   make check   check every story and resource, without building
#   make bench   measure the build against plain MkDocs + Material (see bench/README.md)

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
READY := $(VENV)/.ready-$(shell cksum pyproject.toml | cut -d' ' -f1)
export NO_MKDOCS_2_WARNING := 1
# The site's address and repository come from mkdocs.yml unless these are set (README.md,
# "Publish your own copy"). Empty (an Actions variable that is not set) means not set.
ifeq ($(DOINGWITH_SITE_URL),)
unexport DOINGWITH_SITE_URL
endif
ifeq ($(DOINGWITH_REPO_URL),)
unexport DOINGWITH_REPO_URL
endif

.PHONY: serve build check test lint bench generate clean

$(READY): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.ready-*
	touch $@

serve: $(READY)
	DOINGWITH_SITE_URL=http://127.0.0.1:8000/ $(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

build: $(READY)
	rm -rf .site-new
	$(BIN)/mkdocs build --strict --site-dir .site-new
	rm -rf site && mv .site-new site
	@echo "Built the site in site/"

check: $(READY)
	$(BIN)/python -m doingwith check

test: $(READY)
	scripts/ensure-chromium
	$(BIN)/python -m pytest -n 2

lint: $(READY)
	$(BIN)/ruff check doingwith hooks tests scripts bench

generate: $(READY)
	$(BIN)/python -m doingwith generate

bench: $(READY)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf site .site-new .pytest_cache
