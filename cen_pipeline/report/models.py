"""The annual report's own tables: SQL models in `reports/annual/models/`, built when a report is written.

They hold the report's breakdowns (`monthly_breakdowns`) and its candidates for the table of significant
seizures (`significant_candidates`), read from the analysis tables and views of `transforms/`. Only the
report reads them, once a year, so an ingest does not pay for them: each report builds them as temporary
tables over the cases of its period and of the period it is compared with, a fraction of the store. They
follow the rules of the analysis models (one SELECT per `NNN_<name>.sql` file, built in name order), and
their audits are in `reports/annual/models/audits/`.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import duckdb

from cen_pipeline.analysis.transform import Model, ModelError, models
from cen_pipeline.core.assets import asset_dir
from cen_pipeline.core.duck import unordered
from cen_pipeline.report.period import ReportPeriod

# The analysis views the report models read goods lines and cases from: a report narrows them to its
# months with temporary views of the same name while its tables are built.
SCOPED_VIEWS = ("stg_cases", "stg_lines", "line_values")


def model_dir() -> Path:
    return asset_dir("reports") / "annual" / "models"


def report_models() -> list[Model]:
    return models(model_dir())


def days(period: ReportPeriod) -> tuple[date, date]:
    """The first day of the period before `period` and the last day of `period`: what a report reads."""
    first = period.previous.first_month
    after = period.last_month + 1
    return date(first // 12, first % 12 + 1, 1), date(after // 12, after % 12 + 1, 1) - timedelta(days=1)


def build(con: duckdb.DuckDBPyConnection, period: ReportPeriod | None, temporary: bool = True) -> None:
    """Build the report models, over the cases seized in `period` and the period before it (every case when
    `period` is None), as temporary tables (a report reads the store read-only) or as tables of the store."""
    kind = "TEMP TABLE" if temporary else "TABLE"
    if period is not None:
        _narrow(con, *days(period))
    try:
        with unordered(con):  # as for the analysis tables, row order means nothing here
            for model in report_models():
                sql = model.sql.strip().rstrip(";")
                try:
                    con.execute(f"CREATE OR REPLACE {kind} {model.name} AS\n{sql}")
                except duckdb.Error as err:
                    raise ModelError(f"{model.path.name}: {err}") from err
    finally:
        if period is not None:
            for name in SCOPED_VIEWS:
                con.execute(f"DROP VIEW IF EXISTS temp.main.{name}")


def _narrow(con: duckdb.DuckDBPyConnection, first: date, last: date) -> None:
    """Temporary views that shadow the analysis views with their rows of the days from `first` to `last`.
    The store's own views are named with its catalog, since `main` alone would name the temporary ones."""
    row = con.execute("SELECT current_database()").fetchone()
    catalog = str(row[0]) if row else "main"
    for name in SCOPED_VIEWS:
        con.execute(
            f"""CREATE OR REPLACE TEMP VIEW {name} AS SELECT * FROM "{catalog}".main.{name}
                WHERE seizure_date BETWEEN DATE '{first.isoformat()}' AND DATE '{last.isoformat()}'"""
        )
