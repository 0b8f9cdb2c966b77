# Two commands do all the set-up: `make build` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: build test lint clean update-golden bench

$(BIN)/archivegen: pyproject.toml
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "archivegen needs Python 3.11+"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

build: $(BIN)/archivegen
	$(BIN)/archivegen build

test: $(BIN)/archivegen
	$(BIN)/python -m pytest -q

lint: $(BIN)/archivegen
	$(BIN)/ruff check src tests scripts bench

clean:
	rm -rf build

# Regenerate tests/golden/ after an intended change to templates or extraction; review the diff.
update-golden: $(BIN)/archivegen
	ARCHIVEGEN_UPDATE_GOLDEN=1 $(BIN)/python -m pytest -q tests/test_render_golden.py

# Speed measurements (not part of `make test`; minutes): extraction alone, archivegen beside Hugo
# and Pelican on the same corpus, and serve's save-to-served latency. See bench/README.md.
bench: $(BIN)/archivegen
	$(BIN)/python bench/extraction.py
	$(BIN)/python bench/peers.py --n 1000 --runs 3
	$(BIN)/python bench/serve_latency.py --n 5000
