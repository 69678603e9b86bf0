"""The run's temporary tables, which read the store once per run, and access to query records.

Reading the store. A run reads the store once: the current cases up to ``M`` and their goods lines go
into two temporary tables with only the columns the alerts use (see :func:`load_lines`), from which one
aggregate query per grouping gives every stratum's monthly counts, the novelty keys are compared against
one reduction of the history to each key's last month, and the significant seizures are ranked.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import duckdb

from cen_pipeline.alerts.months import add_months
from cen_pipeline.core.duck import unordered

# Each run reads the store once into two temporary tables holding only the columns the alerts use:
# ``_alert_cases``, the current cases seized up to the end of ``M``, and ``_alert_lines``, their goods lines
# with the case columns the line-level keys need. ``t`` is the month index (year * 12 + month - 1) and
# ``case_id`` the case row's id, so distinct cases are counted on an integer. The store accepts a case with
# its goods lines only (a withdrawal keeps no current case), so counting cases by a case-level key
# reads ``_alert_cases`` alone.
_CASES = """
    CREATE OR REPLACE TEMP TABLE _alert_cases AS
    SELECT c.rowid AS case_id, c.reporting_member AS member, c.case_ref, c.version,
           (year(c.seizure_date) * 12 + month(c.seizure_date) - 1)::INTEGER AS t,
           m.wco_region AS region, c.departure_country AS dep, c.destination_country AS dest,
           c.transit_countries AS transit, c.concealment_method AS concealment, c.conveyance
    FROM cases c LEFT JOIN members m ON m.code = c.reporting_member
    WHERE c.is_current AND NOT c.withdrawn AND c.seizure_date < ?
"""
_LINES = """
    CREATE OR REPLACE TEMP TABLE _alert_lines AS
    SELECT c.case_id, c.member, c.t, c.region, c.dep, c.dest, c.concealment, c.conveyance,
           l.line_no, l.product_category AS category, l.brand, l.quantity, l.unit, l.articles, l.value,
           l.currency, l.health_safety
    FROM goods_lines l
    JOIN _alert_cases c ON c.member = l.reporting_member AND c.case_ref = l.case_ref AND c.version = l.version
"""
# The goods lines of ``M`` with their case reference (``{m}``: the month index of ``M``).
MONTH_LINES = """(SELECT l.*, c.case_ref FROM (SELECT * FROM _alert_lines WHERE t = {m:d}) l
    JOIN _alert_cases c ON c.case_id = l.case_id)"""


_RUN_TABLES: tuple[str, ...] = ("_alert_cases", "_alert_lines", "_alert_seen", "_alert_novel")


def load_lines(con: duckdb.DuckDBPyConnection, month: date) -> None:
    """Read the cases seized before the end of ``month``, and their goods lines, into the run's tables."""
    con.execute(_CASES, [add_months(month, 1)])
    con.execute(_LINES)


@contextmanager
def run_tables(con: duckdb.DuckDBPyConnection, month: date) -> Iterator[None]:
    """The run's tables of ``month`` (see :func:`load_lines`), dropped afterwards.

    Every query of the run that needs an order says so, so DuckDB may drop the insertion order meanwhile.
    """
    with unordered(con):
        try:
            load_lines(con, month)
            yield
        finally:
            for table in _RUN_TABLES:
                con.execute(f"DROP TABLE IF EXISTS {table}")


class Record:
    """Attribute access to one record of a query result."""

    def __init__(self, rec: dict[Any, Any]) -> None:
        self._rec = rec

    def __getattr__(self, name: str) -> Any:
        return self._rec[name]
