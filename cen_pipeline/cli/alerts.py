"""The `cen alerts` and `cen bulletin` commands: thin wrappers over the alert engine."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cen_pipeline.cli.common import output_file
from cen_pipeline.cli.options import (
    DEFAULT_DB,
    AlertFormatOpt,
    DbOpt,
    ForceOpt,
    Format,
    OutputOpt,
    wco_region,
)
from cen_pipeline.core.output import csv_text, terminal

if TYPE_CHECKING:  # the engine imports scipy and pandas: seconds that other commands must not pay
    from cen_pipeline.alerts.config import Alert


AlertRegionOpt = Annotated[
    str | None,
    typer.Option(
        "--region", help="Only alerts touching this WCO region (code or name).", callback=wco_region
    ),
]


def _months(db: Path, month: str | None, since: str | None) -> list[date]:
    from cen_pipeline.alerts.runs import MonthsError, months_asked

    try:
        return months_asked(db, month, since)
    except MonthsError as err:
        raise typer.BadParameter(str(err), param_hint=err.option) from None


def _num(v: float | None) -> str:
    return "" if v is None else f"{v:,.1f}"


def _render(alerts: list[Alert], fmt: Format, months: list[date]) -> None:
    from cen_pipeline.alerts.config import ALERT_FIELDS
    from cen_pipeline.alerts.months import month_label

    if fmt is Format.json:
        typer.echo(json.dumps([a.as_record() for a in alerts], indent=2, ensure_ascii=False))
    elif fmt is Format.csv:
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
        fmt: AlertFormatOpt = Format.table,
        settings: Annotated[
            Path | None,
            typer.Option(
                "--settings",
                help="A TOML file of alert settings (methods, thresholds); those it leaves out keep their "
                "defaults, which cen_pipeline/alerts/settings.toml lists with their reasons.",
            ),
        ] = None,
        db: DbOpt = DEFAULT_DB,
    ) -> None:
        """Compute and store the alerts of a month (spikes, novelty, significant seizures, reporting changes).

        Example: cen alerts --month 2025-06 --format json --settings my-settings.toml
        """
        from cen_pipeline.alerts.runs import compute, in_region
        from cen_pipeline.alerts.settings import SettingsError, load_settings

        try:
            config = load_settings(settings) if settings else None
        except SettingsError as err:
            raise typer.BadParameter(str(err), param_hint="--settings") from None
        months = _months(db, month, since)
        found = compute(db, months, config)  # no store: exit 3, said by the `cen` entry point
        _render(in_region(found, region), fmt, months)

    @app.command("bulletin")
    def bulletin_cmd(
        month: Annotated[str, typer.Option("--month", help="The month of the bulletin (YYYY-MM).")],
        output: OutputOpt = None,
        force: ForceOpt = False,
        region: AlertRegionOpt = None,
        db: DbOpt = DEFAULT_DB,
    ) -> None:
        """Write the alert bulletin of a month as one self-contained HTML page (computing the month if needed).

        Example: cen bulletin --month 2025-06 --output bulletin-2025-06.html
        """
        from cen_pipeline.alerts.runs import bulletin_html

        output = output_file(output, force)
        html = bulletin_html(db, _months(db, month, None)[0], region)
        if output:
            output.write_text(html, encoding="utf-8")
            typer.echo(f"bulletin written to {output}", err=True)
        else:
            typer.echo(html)
