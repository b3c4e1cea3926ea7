# Forecast Desk. `make run` and `make test` each work alone on a fresh clone.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DB ?= $(or $(FORECAST_DESK_DB),data/forecast.duckdb)
PORT ?= 8501

.PHONY: run test check bench demo lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	@test -f "$(DB)" || $(PY) -m analytics --db "$(DB)" demo
	FORECAST_DESK_DB="$(DB)" $(PY) -m streamlit run streamlit_app.py --server.port $(PORT) --server.headless true --browser.gatherUsageStats false

test: $(STAMP)
	$(PY) -m pytest -q $(PYTEST_ARGS)

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy
	$(VENV)/bin/lint-imports --no-cache

check: lint test

bench: $(STAMP)
	$(PY) -m bench $(BENCH_ARGS)

demo: $(STAMP)
	$(PY) -m analytics --db "$(DB)" demo

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache test-artifacts
