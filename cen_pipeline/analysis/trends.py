"""Trend tables over the analysis tables: a year against a comparison year, and multi-year series.

Reads only the models built by `transform.py` (`case_facts`, `line_facts`, `ipr_type_lists`,
`reporting_members`), never the stored goods lines directly. Counting rules:

- cases are distinct cases: a case with several goods lines counts once per cell of a breakdown (so a case
  with lines in two categories counts in both, and the categories add up to more than the total);
- a goods line with two IPR types counts once under each type in an IPR breakdown;
- values are summed per value basis only (declared, retail and MSRP are never added): a value measure
  always breaks down by `value_basis`, and shares and ranks are taken within a basis;
- `same_members` keeps only the Members that reported in every period compared, so that a Member starting
  or stopping to report is not read as a change of traffic. Data are voluntary and under-reported: a rise
  may reflect enforcement or reporting, not traffic.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from cen_pipeline.analysis.dimensions import DIMENSIONS, MEASURES, VALUE_MEASURES
from cen_pipeline.analysis.transform import models_built
from cen_pipeline.core.output import terminal


@dataclass(frozen=True)
class Scope:
    """What a trend counts and over which cases: the measure, an optional WCO region or RILO and reporting
    Member, calendar or fiscal years, and whether only the Members reporting in every period compared count."""

    measure: str = "cases"
    region: str | None = None
    member: str | None = None
    fiscal: bool = False
    same_members: bool = False


class ModelsMissing(Exception):
    """The store has no analysis tables yet."""


class TrendError(ValueError):
    """A trend was asked with options that name nothing known or cannot work together."""


def _check(con: duckdb.DuckDBPyConnection, by: list[str], measure: str) -> None:
    unknown = [d for d in by if d not in DIMENSIONS]
    if unknown:
        raise TrendError(f"unknown dimension {', '.join(unknown)}; known: {', '.join(DIMENSIONS)}")
    if len(set(by)) != len(by):
        raise TrendError("a dimension is named twice in --by")
    if measure not in MEASURES:
        raise TrendError(f"unknown measure {measure!r}; known: {', '.join(MEASURES)}")
    if not models_built(con):
        raise ModelsMissing("the analysis tables are not built in this store: run `cen transform` first")


def _dims(by: list[str], measure: str) -> list[str]:
    """The breakdown, with value_basis added for a value measure (bases are never summed together)."""
    dims = list(by)
    if measure in VALUE_MEASURES and "value_basis" not in dims:
        dims.append("value_basis")
    return dims


def _period_column(fiscal: bool) -> str:
    return "fiscal_year" if fiscal else "year"


def period_label(period: int, fiscal: bool) -> str:
    return f"FY{period}" if fiscal else str(period)


def aggregate(
    con: duckdb.DuckDBPyConnection, by: list[str], periods: list[int], scope: Scope = Scope()
) -> pd.DataFrame:
    """The measure per breakdown cell and period: columns `period`, the dimensions (by their names), `value`."""
    measure, region, member = scope.measure, scope.region, scope.member
    _check(con, by, measure)
    dims = _dims(by, measure)
    levels = {DIMENSIONS[d].level for d in dims}
    period_col = _period_column(scope.fiscal)
    line_grain = bool(levels - {"case"}) or measure in ("lines", *VALUE_MEASURES)
    if "ipr" in levels:
        # The IPR types of each list a line carries, each once: a line counts once under each of its types.
        source = "line_facts f JOIN ipr_type_lists t USING (ipr_types)"
    elif line_grain:
        source = "line_facts f"
    else:
        source = "case_facts f"
    expr = {
        "cases": "count(DISTINCT f.case_key)" if line_grain else "count(*)",
        "lines": "count(*)" if line_grain else "sum(f.lines)",
        "articles": "coalesce(sum(f.articles), 0)",
        "value_eur": "sum(f.value_eur)",
        "value_usd": "sum(f.value_usd)",
        "members": "count(DISTINCT f.member)",
    }[measure]
    where = [f"f.{period_col} IN ({', '.join('?' for _ in periods)})"]
    params: list[Any] = list(periods)
    if region:
        where.append("(f.wco_region = ? OR f.rilo = ?)")
        params += [region, region]
    if member:
        where.append("f.member = ?")
        params.append(member.upper())
    if measure in VALUE_MEASURES:
        where.append("f.value IS NOT NULL")
    if scope.same_members:
        where.append(
            f"f.member IN (SELECT member FROM reporting_members WHERE {period_col} IN "
            f"({', '.join('?' for _ in periods)}) GROUP BY member "
            f"HAVING count(DISTINCT {period_col}) = {len(set(periods))})"
        )
        params += list(periods)
    cols = [("t." if DIMENSIONS[d].level == "ipr" else "f.") + DIMENSIONS[d].column for d in dims]
    select = ", ".join(
        [f"f.{period_col} AS period", *(f'{c} AS "{d}"' for c, d in zip(cols, dims, strict=True))]
    )
    group = ", ".join(["1", *(str(i + 2) for i in range(len(dims)))])
    sql = f"SELECT {select}, {expr} AS value FROM {source} WHERE {' AND '.join(where)} GROUP BY {group}"
    frame = con.execute(sql, params).df()
    frame["value"] = frame["value"].astype("float64")
    return frame


def _rank(values: pd.Series, groups: pd.Series | None) -> pd.Series:
    positive = values.where(values > 0)
    if groups is None:
        ranks = positive.rank(ascending=False, method="min")
    else:
        ranks = positive.groupby(groups).rank(ascending=False, method="min")
    return ranks.astype("Int64")


def trend_table(
    con: duckdb.DuckDBPyConnection,
    by: list[str],
    year: int,
    compare: int | None = None,
    top: int | None = None,
    scope: Scope = Scope(),
) -> pd.DataFrame:
    """The measure per cell for `year` and `compare` (default: the year before), with the change, its %,
    the share of the year's total, the rank, the rank in the comparison year and the rank change.

    Columns: the dimensions, `<year>`, `<compare>` (FY-prefixed when fiscal), change, change_pct, share_pct,
    rank, rank_prev, rank_change (positive = moved up), new_in_top (not in the top N of the comparison year).
    `top` keeps the N first cells of `year` (per value basis for a value measure).
    """
    prev = year - 1 if compare is None else compare
    if prev == year:
        raise TrendError("the comparison year is the year itself")
    dims = _dims(by, scope.measure)
    data = aggregate(con, by, [year, prev], scope)
    totals = aggregate(con, [d for d in dims if d == "value_basis"], [year, prev], scope)
    cur_label, prev_label = period_label(year, scope.fiscal), period_label(prev, scope.fiscal)
    table = _wide(data, dims, {year: cur_label, prev: prev_label})
    basis = ["value_basis"] if "value_basis" in dims and "value_basis" not in by else []
    groups = table["value_basis"] if basis else None
    cur, old = table[cur_label], table[prev_label]
    table["change"] = cur - old
    table["change_pct"] = ((cur - old) / old.where(old > 0) * 100).round(1)
    total = _wide(totals, basis, {year: cur_label, prev: prev_label})
    if basis:
        denominators = table["value_basis"].map(total.set_index("value_basis")[cur_label])
    else:
        denominators = pd.Series(total[cur_label].sum() if len(total) else 0.0, index=table.index)
    table["share_pct"] = (cur / denominators.where(denominators > 0) * 100).round(1)
    table["rank"] = _rank(cur, groups)
    table["rank_prev"] = _rank(old, groups)
    table["rank_change"] = (table["rank_prev"] - table["rank"]).astype("Int64")
    if top is not None:
        table = table[table["rank"].notna() & (table["rank"] <= top)].copy()
        # Nothing is new against a year without data: there is no earlier top to compare with.
        table["new_in_top"] = (
            (table["rank_prev"].isna() | (table["rank_prev"] > top)) if old.notna().any() else pd.NA
        )
    order = [*basis, "rank", *by] if len(table) else by
    table = table.sort_values(order, na_position="last", kind="stable").reset_index(drop=True)
    return _tidy(table, scope.measure, [cur_label, prev_label, "change"])


def series_table(
    con: duckdb.DuckDBPyConnection,
    by: list[str],
    years: list[int],
    top: int | None = None,
    scope: Scope = Scope(),
) -> pd.DataFrame:
    """The measure per cell and year over several years (one column per year), ordered by the last year;
    `top` keeps the N first cells of the last year. With `same_members`, only Members reporting every year."""
    if not years:
        raise TrendError("no year in the series")
    dims = _dims(by, scope.measure)
    data = aggregate(con, by, years, scope)
    labels = {y: period_label(y, scope.fiscal) for y in years}
    table = _wide(data, dims, labels)
    basis = ["value_basis"] if "value_basis" in dims and "value_basis" not in by else []
    last = labels[max(years)]
    table["rank"] = _rank(table[last], table["value_basis"] if basis else None)
    if top is not None:
        table = table[table["rank"].notna() & (table["rank"] <= top)].copy()
    table = table.sort_values([*basis, "rank", *by], na_position="last", kind="stable").reset_index(drop=True)
    return _tidy(table, scope.measure, [labels[y] for y in sorted(years)])


def _wide(data: pd.DataFrame, dims: list[str], labels: dict[int, str]) -> pd.DataFrame:
    """Periods as columns. A cell missing in a period that has data reads 0 there (no case of it was
    reported); a period without any data in the scope is missing throughout (NA), never 0."""
    if dims:
        wide = data.pivot_table(index=dims, columns="period", values="value", aggfunc="sum", fill_value=0.0)
    else:
        wide = data.assign(_all="all").pivot_table(
            index="_all", columns="period", values="value", aggfunc="sum", fill_value=0.0
        )
    for period in labels:
        if period not in wide.columns:
            wide[period] = float("nan")
    wide = wide[list(labels)].rename(columns=labels)
    wide.columns.name = None
    return wide.reset_index() if dims else wide.reset_index(drop=True)


def _tidy(table: pd.DataFrame, measure: str, amounts: list[str]) -> pd.DataFrame:
    for col in amounts:
        if measure in VALUE_MEASURES:
            table[col] = table[col].round(2)
        else:
            table[col] = table[col].round(0).astype("Int64")
    for col in table.columns:
        if table[col].dtype == object:
            table[col] = table[col].astype(str)
    return table


def parse_years(text: str) -> list[int]:
    """`2019-2025` or `2019,2021,2023` as a list of years."""
    text = text.strip()
    match = re.fullmatch(r"(\d{4})\s*-\s*(\d{4})", text)
    if match:
        first, last = int(match.group(1)), int(match.group(2))
        if first > last:
            raise TrendError(f"the years {text} run backwards")
        return list(range(first, last + 1))
    if re.fullmatch(r"\d{4}(\s*,\s*\d{4})*", text):
        return sorted({int(y) for y in text.split(",")})
    raise TrendError(f"years {text!r}: write 2019-2025 or 2019,2021")


# Rendering.


def to_json(table: pd.DataFrame, meta: dict[str, Any]) -> str:
    rows = json.loads(table.to_json(orient="records", force_ascii=False))
    return json.dumps({**meta, "rows": rows}, indent=2, ensure_ascii=False) + "\n"


def to_xlsx(table: pd.DataFrame, path: Path) -> None:
    from cen_pipeline.core.output import frame_xlsx

    frame_xlsx(table, path, "trends")


def to_csv(table: pd.DataFrame) -> str:
    from cen_pipeline.core.output import frame_csv

    return frame_csv(table)


def print_table(table: pd.DataFrame, title: str) -> None:
    from rich.console import Console
    from rich.table import Table

    out = Table(title=title)
    for col in table.columns:
        numeric = pd.api.types.is_numeric_dtype(table[col]) and not pd.api.types.is_bool_dtype(table[col])
        out.add_column(str(col), justify="right" if numeric else "left")
    for record in table.itertuples(index=False):
        out.add_row(*(terminal("" if pd.isna(v) else _fmt(v)) for v in record))
    console = Console(width=None if sys.stdout.isatty() else 200)
    console.print(out)
    missing = [
        str(c) for c in table.columns if re.fullmatch(r"(FY)?[0-9]{4}", str(c)) and table[c].isna().all()
    ]
    if len(table) and missing:
        console.print(
            f"  No data in the store for {', '.join(missing)}: nothing to compare with, no change computed."
        )


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}" if abs(value) >= 1000 else f"{value:g}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)
