# callscore: every set-up step lives here so a fresh machine needs only `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
SAMPLE ?= samples/01-logistics-saas-discovery.txt

.PHONY: install demo test lint typecheck unit bench bench-batch corpus eval clean

# The venv is rebuilt when the dependency list changes.  torch is pinned and installed first:
# an unpinned torch would pull gigabytes of CUDA packages.
$(BIN)/callscore: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

install: $(BIN)/callscore ## create .venv and install callscore with its models and dev tools

demo: install ## install, then analyze a bundled sample call
	$(BIN)/callscore analyze $(SAMPLE)

lint: install
	$(BIN)/ruff check analyzer tests benchmarks
	$(BIN)/ruff format --check analyzer tests benchmarks

typecheck: install
	$(BIN)/mypy

unit: install
	$(BIN)/python -m pytest -q

test: lint typecheck unit ## everything CI runs: ruff, mypy strict, the whole test suite

bench: install ## speed figures quoted in the README
	$(BIN)/python benchmarks/bench_analyze.py

bench-batch: install ## batch throughput and peak memory on a generated 1,000-call archive (issue 5)
	$(BIN)/python benchmarks/bench_batch.py

corpus: install ## re-split samples/gold/raw into train/dev/test (after editing raw files)
	$(BIN)/python -m analyzer.train.corpus samples/gold

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
