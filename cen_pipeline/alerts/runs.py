"""The alert verbs the commands and the service call: which months a request means, computing and storing
the alerts of months, and the bulletin of a month."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from cen_pipeline.store.db import connect

if TYPE_CHECKING:
    from cen_pipeline.alerts.config import Alert, AlertConfig


class MonthsError(ValueError):
    """The months asked for cannot be computed; `option` names what was asked wrongly (None: the store)."""

    def __init__(self, message: str, option: str | None = None) -> None:
        super().__init__(message)
        self.option = option


def months_asked(db: Path, month: str | None, since: str | None) -> list[date]:
    """The months a request means: `month` (YYYY-MM), or every month from `since` to the latest with cases,
    or the latest alone."""
    from cen_pipeline.alerts.months import add_months, data_months, month_label, parse_month

    with connect(db, read_only=True) as con:
        span = data_months(con)
    if span is None:
        raise MonthsError("the store holds no case", "--db")
    if month and since:
        raise MonthsError("give --month or --since, not both")
    if not (month or since):
        return [span[1]]
    option, text = ("--month", month) if month else ("--since", since)
    try:
        first = parse_month(str(text))
    except ValueError as err:
        raise MonthsError(str(err), option) from None
    if first > span[1]:
        # Every Member would look silent in a month none has reported yet.
        raise MonthsError(f"{text} is after the latest month with cases ({month_label(span[1])})", option)
    if month:
        return [first]
    out = []
    while first <= span[1]:
        out.append(first)
        first = add_months(first, 1)
    return out


def compute(db: Path, months: list[date], config: AlertConfig | None = None) -> list[Alert]:
    """Compute the alerts of ``months`` from a read-only view of the store, then store them."""
    from cen_pipeline.alerts.config import DEFAULT
    from cen_pipeline.alerts.engine import run
    from cen_pipeline.alerts.storage import store_alerts

    with connect(db, read_only=True) as con:
        alerts = run(con, months, config or DEFAULT)
    with connect(db) as con:
        store_alerts(con, months, alerts)
    return alerts


def in_region(alerts: list[Alert], region: str | None) -> list[Alert]:
    """The alerts touching a WCO region (all without one)."""
    if not region:
        return alerts
    return [a for a in alerts if region.upper() in (r.upper() for r in a.regions)]


def bulletin_html(db: Path, month: date, region: str | None = None) -> str:
    """The bulletin of ``month`` from the stored alerts, computing the month first if it never was."""
    from cen_pipeline.alerts.bulletin import render
    from cen_pipeline.alerts.storage import has_run, load_alerts

    with connect(db, read_only=True) as con:
        done = has_run(con, month)
    if not done:
        compute(db, [month])
    with connect(db, read_only=True) as con:
        alerts = load_alerts(con, [month], region)
    return render(month, alerts, datetime.now().strftime("%Y-%m-%d %H:%M"))
