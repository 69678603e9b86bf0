# Everything a fresh machine needs: `make demo` and `make test`. The virtual environment is built on first use.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
CEN := $(BIN)/cen
OUT ?= out

.PHONY: install demo test lint bench schemas samples golden check-spark clean serve

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

# Generate the sample feeds, validate them and print the reports.
demo: install
	mkdir -p $(OUT)
	$(PY) -m cen_pipeline.samples --out sample_data
	@echo "== Validating the sample feeds (all valid) =="
	$(CEN) validate sample_data/feeds/*.csv sample_data/profiles/canonical.csv
	$(CEN) validate sample_data/profiles/fr-douane.csv --profile fr-douane --lang fr
	$(CEN) validate sample_data/profiles/en-workbook.xlsx --profile en-workbook
	@echo "== A seizure register as databases export it: every valid row is accepted, five rows carry a fault (exit code 1) =="
	$(CEN) validate sample_data/profiles/seizure-register.csv --profile seizure-register --max-errors 10 || test $$? -eq 1
	@echo "== Validating the faulty samples (each shows its fault; exit code 3 expected: one file is not UTF-8) =="
	-$(CEN) validate sample_data/faults/*.csv --max-errors 5
	$(CEN) validate sample_data/faults/missing-value.csv --format html --output $(OUT)/validation-report.html --force || test $$? -eq 1
	@echo "== Ingesting the sample feeds into $(OUT)/cen.duckdb =="
	rm -f $(OUT)/cen.duckdb $(OUT)/cen.duckdb.wal
	$(CEN) ingest sample_data/feeds sample_data/profiles/canonical.csv --db $(OUT)/cen.duckdb
	$(CEN) ingest sample_data/profiles/fr-douane.csv --profile fr-douane --db $(OUT)/cen.duckdb
	$(CEN) ingest sample_data/profiles/en-workbook.xlsx --profile en-workbook --db $(OUT)/cen.duckdb
	$(CEN) ingest sample_data/profiles/seizure-register.csv --profile seizure-register --db $(OUT)/cen.duckdb || test $$? -eq 1
	@echo "== Ingesting the feeds again: every file is skipped as already loaded =="
	$(CEN) ingest sample_data/feeds --db $(OUT)/cen.duckdb
	@echo "== Ingesting the faulty samples: their rows go to the quarantine (exit code 3 expected: one file is not UTF-8) =="
	-$(CEN) ingest sample_data/faults --db $(OUT)/cen.duckdb
	$(CEN) quarantine export --member FR --lang fr --out $(OUT)/quarantine-FR.xlsx --force --db $(OUT)/cen.duckdb
	$(CEN) coverage --year 2021 --db $(OUT)/cen.duckdb
	$(CEN) export lake $(OUT)/lake --db $(OUT)/cen.duckdb
	@echo "== Trends =="
	$(CEN) trends --by category --year 2025 --compare 2024 --top 10 --db $(OUT)/cen.duckdb
	$(CEN) trends --by region --year 2025 --measure value_eur --db $(OUT)/cen.duckdb
	$(CEN) trends --by member --year 2022 --compare 2021 --same-members --db $(OUT)/cen.duckdb
	$(CEN) trends --by month --by category --year 2025 --member DE --top 5 --db $(OUT)/cen.duckdb
	@echo "== Data quality =="
	$(CEN) quality --db $(OUT)/cen.duckdb --format html --output $(OUT)/quality.html --force
	$(CEN) quality --db $(OUT)/cen.duckdb --year 2025
	@echo "== Alerts =="
	$(CEN) alerts --since 2025-01 --db $(OUT)/cen.duckdb
	$(CEN) bulletin --month 2025-06 --output $(OUT)/bulletin-2025-06.html --force --db $(OUT)/cen.duckdb
	$(CEN) report annual --year 2025 --out $(OUT)/report-2025 --force --db $(OUT)/cen.duckdb
	@echo "== EDI: the sample interchanges (exit code 1 expected: faulty messages), their acknowledgements, and an export of FR's cases =="
	-$(CEN) validate sample_data/edi/*.edi --max-errors 5
	-$(CEN) ingest sample_data/edi --db $(OUT)/cen.duckdb --ack $(OUT)/edi-replies
	$(CEN) export edi --member FR --since 2025-01-01 --out $(OUT)/FR-2025.edi --force --db $(OUT)/cen.duckdb

test: install
	.ci/test-deps
	$(PY) -m pytest

lint: install
	$(BIN)/ruff check cen_pipeline tests
	$(BIN)/ruff format --check cen_pipeline tests
	$(BIN)/mypy

# The submission service on the demo's store; make a user first (see the README).
HOST ?= 127.0.0.1
PORT ?= 8000
DB ?= $(OUT)/cen.duckdb
serve: install
	$(CEN) serve --db $(DB) --host $(HOST) --port $(PORT)

# Every benchmark, one step after another: `python -m cen_pipeline.bench --help` lists the steps.
bench: install
	$(PY) -m cen_pipeline.bench

# Spark in local mode reads the lake written by `make demo` and reproduces the store's figures.
check-spark: demo
	$(PY) -m pip install --quiet pyspark==4.3.0
	$(PY) -m cen_pipeline.store.spark_check $(OUT)/lake $(OUT)/cen.duckdb

# Regenerate the published contract from the models (a test fails when it drifts).
schemas: install
	$(CEN) schema export --dir schemas

samples: install
	$(PY) -m cen_pipeline.samples --out sample_data

clean:
	rm -rf $(OUT) .pytest_cache .mypy_cache .ruff_cache
