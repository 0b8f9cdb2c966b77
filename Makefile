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
# and Pelican on the same corpus (search off, then on), and serve's save-to-served latency. The
# README's columns: `make bench BENCH_N=10000` (and 50000). See bench/README.md.
BENCH_N       ?= 1000
BENCH_RUNS    ?= 3
BENCH_SERVE_N ?= 5000
bench: $(BIN)/archivegen
	$(BIN)/python bench/extraction.py
	$(BIN)/python bench/peers.py --n $(BENCH_N) --runs $(BENCH_RUNS)
	$(BIN)/python bench/peers.py --n $(BENCH_N) --runs $(BENCH_RUNS) --search
	$(BIN)/python bench/serve_latency.py --n $(BENCH_SERVE_N)
