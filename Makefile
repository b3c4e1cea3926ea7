# Forecast Desk. `make run` and `make test` each work alone on a fresh clone.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DB ?= $(or $(FORECAST_DESK_DB),data/forecast.duckdb)
PORT ?= 8501

.PHONY: run test test-spark check bench bench-large demo lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test,spark]'
	touch $(STAMP)

# WARM=1 (default): a background visit of every page's default view once the server answers
# (dashboard/warm.py), so that the first visitor finds the caches filled. WARM=0 skips it.
WARM ?= 1

run: $(STAMP)
	@test -f "$(DB)" || $(PY) -m analytics --db "$(DB)" demo
	@if [ "$(WARM)" = 1 ]; then ($(PY) -m dashboard.warm --url http://127.0.0.1:$(PORT) &); fi
	FORECAST_DESK_DB="$(DB)" $(PY) -m streamlit run streamlit_app.py --server.port $(PORT) --server.headless true --browser.gatherUsageStats false

# Two workers; the browser tests share one, the Spark tests another (tests/conftest.py).
test: $(STAMP)
	$(PY) -m pytest -q -n 2 --dist loadgroup $(PYTEST_ARGS)

# The full Spark parity tier: every recorded parameter set on the default demo (docs/scale.md).
test-spark: $(STAMP)
	FORECAST_DESK_SPARK_FULL=1 $(PY) -m pytest -q -m spark $(PYTEST_ARGS)

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy
	$(VENV)/bin/lint-imports --no-cache

check: lint test

bench: $(STAMP)
	$(PY) -m bench $(BENCH_ARGS)

# About 100M snapshot rows on disk in bench/data/ (built once, long): build, load of one more
# weekly snapshot, page analytics, peak memory (docs/performance.md). LARGE_ARGS='--rows 30000000'.
# At 100M the demo build needs more memory than 24 GiB: build bench/data/large_100M.duckdb first
# with `python -m bench.copies bench/data/scale_10M.duckdb bench/data/large_100M.duckdb 10`.
bench-large: $(STAMP)
	$(PY) -m bench.large $(LARGE_ARGS)

demo: $(STAMP)
	$(PY) -m analytics --db "$(DB)" demo

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache test-artifacts
