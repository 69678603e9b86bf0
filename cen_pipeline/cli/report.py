"""The `cen report annual` command: a thin layer over `annual.write_report`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cen_pipeline.cli.options import DEFAULT_DB, DbOpt, ForceOpt, Lang, LangOpt, WaitOpt
from cen_pipeline.core.settings import WAIT_SECONDS


def annual(
    year: Annotated[
        int,
        typer.Option(
            "--year",
            "-y",
            help="The calendar year, or with --fiscal the year in which the WCO financial year ends.",
        ),
    ],
    fiscal: Annotated[
        bool,
        typer.Option(
            "--fiscal",
            help="The WCO financial year (1 July to 30 June) ending in --year: --fiscal --year 2024 is "
            "FY2023/24, 1 July 2023 to 30 June 2024.",
        ),
    ] = False,
    region: Annotated[
        str | None,
        typer.Option("--region", "-r", help="Only this WCO region: its code (EUR) or its name (Europe)."),
    ] = None,
    out: Annotated[
        Path, typer.Option("--out", "-o", help="The folder to write the report files into.")
    ] = Path("report"),
    lang: LangOpt = Lang.en,
    db: DbOpt = DEFAULT_DB,
    wait: WaitOpt = WAIT_SECONDS,
    force: ForceOpt = False,
) -> None:
    """Write the annual report on counterfeit traffic and significant seizures of a year into --out.

    Writes report.html (one self-contained page), report.pdf (printed from it), tables.xlsx (one sheet per
    table) and tables/*.csv. The analysis tables are rebuilt first when they are older than the last ingest;
    the alerts come from `cen alerts` (months it never computed are named in the report) and the quality
    annex from the quality scorecard of the calendar year (computed when missing).

    Exit codes: 0 written, 1 no case in the period (or region), 2 unknown region or an --out folder that
    cannot be written, 3 no store at --db (or it stays locked), 4 internal error.

    Example: cen report annual --year 2024 --lang fr --out out/report-2024 --db out/cen.duckdb
    """
    from cen_pipeline.report.annual import ReportError, ReportRequest, write_report
    from cen_pipeline.store.db import StoreBusy, StoreMissing

    request = ReportRequest(
        db=db, year=year, out=out, fiscal=fiscal, region=region, lang=lang.value, wait=wait, replace=force
    )
    try:
        result = write_report(request)
    except ReportError as err:
        typer.echo(f"cen: {err}", err=True)
        raise typer.Exit(err.exit_code) from None
    except (StoreMissing, StoreBusy) as err:
        typer.echo(f"cen: {err}", err=True)
        raise typer.Exit(3) from None
    for path in result.files:
        if path.parent == out:
            typer.echo(f"written {path}", err=True)
    typer.echo(f"written {len(result.files) - 3} tables as CSV in {out / 'tables'}", err=True)


def register(app: typer.Typer) -> None:
    """Add the `report` command group (`cen report annual`) to the `cen` application."""
    report_app = typer.Typer(help="The Secretariat's reports.", no_args_is_help=True)
    report_app.command("annual")(annual)
    app.add_typer(report_app, name="report")
