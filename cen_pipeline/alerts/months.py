"""Months as the alerts count them: the first of the month, its index (year * 12 + month - 1), its
``YYYY-MM`` label, and the span of months the store holds cases for."""

from __future__ import annotations

from datetime import date

import duckdb


def month_start(d: date) -> date:
    return date(d.year, d.month, 1)


def add_months(d: date, n: int) -> date:
    return month_of_index(month_index(d) + n)


def month_index(d: date) -> int:
    return d.year * 12 + d.month - 1


def month_of_index(k: int) -> date:
    """The month whose :func:`month_index` is ``k``."""
    return date(k // 12, k % 12 + 1, 1)


def parse_month(text: str) -> date:
    """``YYYY-MM`` (or a full ISO date) to the first of that month."""
    parts = text.strip().split("-")
    if len(parts) < 2:
        raise ValueError(f"not a month: {text!r} (expected YYYY-MM)")
    return date(int(parts[0]), int(parts[1]), 1)


def month_label(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def data_months(con: duckdb.DuckDBPyConnection) -> tuple[date, date] | None:
    """First and last month with a current case in the store."""
    row = con.execute(
        "SELECT min(seizure_date), max(seizure_date) FROM cases WHERE is_current AND NOT withdrawn"
    ).fetchone()
    if not row or row[0] is None:
        return None
    return month_start(row[0]), month_start(row[1])
