"""The `cen alerts` and `cen bulletin` commands: thin wrappers over the alert engine."""

from __future__ import annotations

import json
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cen_pipeline.cli.common import output_file
from cen_pipeline.cli.options import DEFAULT_DB, DbOpt, ForceOpt, wco_region
from cen_pipeline.core.output import csv_text, terminal
from cen_pipeline.store.db import connect

if TYPE_CHECKING:  # the engine imports scipy and pandas: seconds that other commands must not pay
    from cen_pipeline.alerts.config import Alert, AlertConfig


AlertRegionOpt = Annotated[
    str | None,
    typer.Option(
        "--region", help="Only alerts touching this WCO region (code or name).", callback=wco_region
    ),
]


class AlertFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def _months(db: Path, month: str | None, since: str | None) -> list[date]:
    from cen_pipeline.alerts.months import add_months, data_months, month_label, parse_month

    with connect(db, read_only=True) as con:
        span = data_months(con)
    if span is None:
        raise typer.BadParameter("the store holds no case", param_hint="--db")
    if month and since:
        raise typer.BadParameter("give --month or --since, not both")
    if not (month or since):
        return [span[1]]
    option, text = ("--month", month) if month else ("--since", since)
    try:
        first = parse_month(str(text))
    except ValueError as err:
        raise typer.BadParameter(str(err), param_hint=option) from None
    if first > span[1]:
        # Every Member would look silent in a month none has reported yet.
        raise typer.BadParameter(
            f"{text} is after the latest month with cases ({month_label(span[1])})", param_hint=option
        )
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


def _num(v: float | None) -> str:
    return "" if v is None else f"{v:,.1f}"


def _render(alerts: list[Alert], fmt: AlertFormat, months: list[date]) -> None:
    from cen_pipeline.alerts.config import ALERT_FIELDS
    from cen_pipeline.alerts.months import month_label

    if fmt is AlertFormat.json:
        typer.echo(json.dumps([a.as_record() for a in alerts], indent=2, ensure_ascii=False))
    elif fmt is AlertFormat.csv:
        records = []
        for a in alerts:
            rec = a.as_record()
            rec["regions"], rec["case_refs"] = "|".join(a.regions), "|".join(a.case_refs)
            records.append([rec.get(f) for f in ALERT_FIELDS])
        typer.echo(csv_text(ALERT_FIELDS, records), nl=False)
    elif not alerts:
        span = month_label(months[0]) + (f" to {month_label(months[-1])}" if len(months) > 1 else "")
        typer.echo(f"No alert for {span}.")
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(title=f"{len(alerts)} alert(s)")
        for col in (
            "Period",
            "Severity",
            "Kind",
            "Method",
            "Stratum",
            "Measure",
            "Observed",
            "Expected",
            "Bound",
        ):
            table.add_column(col)
        for a in alerts:
            cells = (
                month_label(a.period),
                a.severity,
                a.kind,
                a.method,
                a.stratum,
                a.measure,
                _num(a.observed),
                _num(a.expected),
                _num(a.upper_bound),
            )
            table.add_row(*map(terminal, cells))
        Console().print(table)


def register(app: typer.Typer) -> None:
    """Add the `alerts` and `bulletin` commands to the `cen` application."""

    @app.command("alerts")
    def alerts_cmd(
        month: Annotated[
            str | None, typer.Option("--month", help="The month to compute (YYYY-MM); default the latest.")
        ] = None,
        since: Annotated[
            str | None,
            typer.Option("--since", help="Compute every month from this one (YYYY-MM) to the latest."),
        ] = None,
        region: AlertRegionOpt = None,
        fmt: Annotated[
            AlertFormat, typer.Option("--format", "-f", help="How to render the alerts.")
        ] = AlertFormat.table,
        db: DbOpt = DEFAULT_DB,
    ) -> None:
        """Compute and store the alerts of a month (spikes, novelty, significant seizures, reporting changes).

        Example: cen alerts --month 2025-06 --format json
        """
        months = _months(db, month, since)
        found = compute(db, months)  # no store: exit 3, said by the `cen` entry point
        if region:
            found = [a for a in found if region.upper() in (r.upper() for r in a.regions)]
        _render(found, fmt, months)

    @app.command("bulletin")
    def bulletin_cmd(
        month: Annotated[str, typer.Option("--month", help="The month of the bulletin (YYYY-MM).")],
        output: Annotated[
            Path | None, typer.Option("--output", "-o", help="Write the page to this file instead of stdout.")
        ] = None,
        force: ForceOpt = False,
        region: AlertRegionOpt = None,
        db: DbOpt = DEFAULT_DB,
    ) -> None:
        """Write the alert bulletin of a month as one self-contained HTML page (computing the month if needed).

        Example: cen bulletin --month 2025-06 --output bulletin-2025-06.html
        """
        output = output_file(output, force)
        html = bulletin_html(db, _months(db, month, None)[0], region)
        if output:
            output.write_text(html, encoding="utf-8")
            typer.echo(f"bulletin written to {output}", err=True)
        else:
            typer.echo(html)


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
