# callscore: every set-up step lives here so a fresh machine needs only `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
SAMPLE ?= samples/01-logistics-saas-discovery.txt

.PHONY: install browser demo test lint typecheck unit bench bench-batch bench-review corpus agreement eval eval-validation screenshots clean

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

# Debian's Chromium drives the review app's end-to-end tests (never a browser downloaded by a
# test tool).  Installing it needs root or sudo; without it those tests are skipped, not failed.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; \
	} || echo "warning: could not install chromium; browser tests will be skipped"

unit: install browser
	$(BIN)/python -m pytest -q

# Accuracy on the held-out test split must not drop below the floors recorded in the repo.
eval: install ## turn-label and call-level accuracy on samples/gold/test.jsonl, checked against floors
	$(BIN)/callscore eval samples/gold/test.jsonl --floors models/eval-floors.json

eval-validation: install ## accuracy on calls by two writers whose work is in no split (samples/gold/validation*.jsonl)
	$(BIN)/callscore eval samples/gold/validation.jsonl
	$(BIN)/callscore eval samples/gold/validation-2.jsonl

test: lint typecheck unit eval ## everything CI runs: ruff, mypy strict, the test suite, accuracy floors

bench: install ## speed figures quoted in the README
	$(BIN)/python benchmarks/bench_analyze.py

bench-batch: install ## batch throughput and peak memory on a generated 1,000-call archive (issue 5)
	$(BIN)/python benchmarks/bench_batch.py

bench-review: install ## first-page time of the review app over a 50,000-call store (issue 6)
	$(BIN)/python benchmarks/bench_review.py

agreement: install ## Cohen's kappa of the blind second labelling against the gold (docs/agreement/kappa.json)
	$(BIN)/python -m analyzer.train.agreement

screenshots: install browser ## rewrite docs/screenshots/ from the browser test (other test runs leave them alone)
	CALLSCORE_UPDATE_SCREENSHOTS=1 $(BIN)/python -m pytest -q tests/review/test_review_e2e.py

corpus: install ## re-split samples/gold/raw into train/dev/test (after editing raw files)
	$(BIN)/python -m analyzer.train.corpus samples/gold

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
