"""The `cen quality` command: the quality scorecard per Member, RILO and WCO region."""

from __future__ import annotations

from typing import Annotated

import typer

from cen_pipeline.cli.common import emit, output_file
from cen_pipeline.cli.options import (
    DEFAULT_DB,
    DbOpt,
    ForceOpt,
    Format,
    OutputOpt,
    ScoreFormatOpt,
    WaitOpt,
    member_code,
    wco_region,
)
from cen_pipeline.core.settings import WAIT_SECONDS


def quality(
    year: Annotated[int | None, typer.Option("--year", help="Only this seizure year.")] = None,
    region: Annotated[
        str | None,
        typer.Option(
            "--region", help="Only this WCO region (code such as EUR, or its name).", callback=wco_region
        ),
    ] = None,
    member: Annotated[
        str | None,
        typer.Option(
            "--member", "-m", help="Only this Member, with its RILO and region.", callback=member_code
        ),
    ] = None,
    format: ScoreFormatOpt = Format.table,
    output: OutputOpt = None,
    force: ForceOpt = False,
    db: DbOpt = DEFAULT_DB,
    check: Annotated[
        bool,
        typer.Option("--check/--no-check", help="First run the expectations on submissions not yet checked."),
    ] = True,
    wait: WaitOpt = WAIT_SECONDS,
) -> None:
    """Show the data-quality scorecard per Member, RILO and WCO region, and store it as `quality_scorecard`.

    Completeness of the optional fields, validity (rows accepted over rows read), timeliness (days from
    seizure to submission), coverage (months reported) and the expectations that failed most; then the
    warnings that come with examples (groups of near-duplicate cases, with their references) and the
    submissions refused whole. Submissions never checked are checked first (the figures of the expectations
    come from that run).

    Example: cen quality --year 2024 --region EUR --format html --output quality-2024.html --db out/cen.duckdb
    """
    output = output_file(output, force)
    from cen_pipeline.quality import render
    from cen_pipeline.quality.scorecard import scorecard

    card = scorecard(db, year, region, member, check, wait)
    if format is Format.table:
        render.print_table(card.rows, card.findings)
        return
    text = {
        Format.json: lambda r: render.to_json(r, card.findings),
        Format.csv: render.to_csv,
    }.get(format, lambda r: render.to_html(r, year, card.findings))(card.rows)
    emit(text, output)


def register(app: typer.Typer) -> None:
    """Add the `quality` command to the `cen` application."""
    app.command("quality")(quality)
