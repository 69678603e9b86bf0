"""The trends verb the command and the service call: a year against another, or a multi-year series, read
from the analysis tables of a store, with what the renderings need to title and describe it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from cen_pipeline.analysis.trends import Scope


@dataclass
class Trends:
    table: pd.DataFrame
    meta: dict[str, Any]  # what the table is of, as JSON gives it beside the rows
    title: str
    periods: str  # the periods, in words ("2024 or 2023"), for a selection that is empty
    stale: bool  # the store changed after the analysis tables were built: figures may leave that out


def trends(
    db: Path,
    by: list[str],
    scope: Scope,
    year: int | None = None,
    compare: int | None = None,
    years: str | None = None,
    top: int | None = None,
) -> Trends:
    """`year` against `compare` (default the year before), or the series of `years` (2019-2025, 2019,2021).
    Raises TrendError for a request that cannot be answered, ModelsMissing when the tables were never built,
    StoreMissing when there is no store."""
    from cen_pipeline.analysis.transform import is_fresh, models_built
    from cen_pipeline.analysis.trends import TrendError, parse_years, period_label, series_table, trend_table
    from cen_pipeline.store.db import connect

    if (year is None) == (years is None):
        raise TrendError("give either --year (with an optional --compare) or --years")
    measure, fiscal = scope.measure, scope.fiscal
    con = connect(db, read_only=True)
    try:
        stale = models_built(con) and not is_fresh(con)
        if years is not None:
            span = parse_years(years)
            table = series_table(con, by, span, top, scope)
            meta: dict[str, Any] = {"measure": measure, "by": by, "years": span}
            periods = f"{span[0]}-{span[-1]}"
            title = f"{measure} by {', '.join(by)}, {periods}"
        else:
            assert year is not None
            table = trend_table(con, by, year, compare, top, scope)
            prev = year - 1 if compare is None else compare
            meta = {"measure": measure, "by": by, "year": year, "compare": prev}
            title = f"{measure} by {', '.join(by)}: {period_label(year, fiscal)} against {period_label(prev, fiscal)}"
            periods = f"{period_label(year, fiscal)} or {period_label(prev, fiscal)}"
    finally:
        con.close()
    meta.update(
        {
            "fiscal": fiscal,
            "same_members": scope.same_members,
            "region": scope.region,
            "member": scope.member,
            "top": top,
        }
    )
    if scope.same_members:
        title += " (same Members)"
    return Trends(table, meta, title, periods, stale)
