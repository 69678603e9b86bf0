"""The `cen quality` command: the quality scorecard per Member, RILO and WCO region."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from cen_pipeline.cli.options import DEFAULT_DB, DbOpt, WaitOpt, member_code, wco_region


class ScoreFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    html = "html"


def unchecked_submissions(db: Path, wait: float) -> list[int]:
    """Data submissions with stored cases and no quality results yet."""
    from cen_pipeline.quality.tables import ensure_tables
    from cen_pipeline.store.db import connect

    con = connect(db, wait=wait)
    try:
        ensure_tables(con)
        rows = con.execute(
            """SELECT DISTINCT c.submission_id FROM cases c JOIN submissions s USING (submission_id)
               WHERE s.kind = 'data' AND NOT c.withdrawn
                 AND c.submission_id NOT IN (SELECT submission_id FROM quality_results)
               ORDER BY 1"""
        ).fetchall()
    finally:
        con.close()
    return [int(r[0]) for r in rows]


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
    format: Annotated[ScoreFormat, typer.Option("--format", "-f", help="How to render the scorecard.")] = (
        ScoreFormat.table
    ),
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the rendering to this file instead of stdout."),
    ] = None,
    db: DbOpt = DEFAULT_DB,
    check: Annotated[
        bool,
        typer.Option("--check/--no-check", help="First run the expectations on submissions not yet checked."),
    ] = True,
    wait: WaitOpt = 60.0,
) -> None:
    """Show the data-quality scorecard per Member, RILO and WCO region, and store it as `quality_scorecard`.

    Completeness of the optional fields, validity (rows accepted over rows read), timeliness (days from
    seizure to submission), coverage (months reported) and the expectations that failed most; then the
    warnings that come with examples (groups of near-duplicate cases, with their references) and the
    submissions refused whole. Submissions never checked are checked first (the figures of the expectations
    come from that run).

    Example: cen quality --year 2024 --region EUR --format html --output quality-2024.html --db out/cen.duckdb
    """
    from cen_pipeline.quality import render
    from cen_pipeline.quality.scorecard import compute, findings, select, store_scorecard
    from cen_pipeline.store.db import StoreMissing, connect

    if not db.exists():
        typer.echo(
            f"cen: {StoreMissing(f'no store at {db} (ingest a file first, or set --db / CEN_DB)')}", err=True
        )
        raise typer.Exit(3)
    if check:
        pending = unchecked_submissions(db, wait)
        if pending:
            from cen_pipeline.quality.gx_runner import check_submissions

            con = connect(db, wait=wait)
            try:
                con.execute("BEGIN")
                check_submissions(con, pending)
                con.execute("COMMIT")
            finally:
                con.close()
    con = connect(db, wait=wait)
    try:
        rows = compute(con, year)
        store_scorecard(con, rows, year)
        found = findings(con, year)
    finally:
        con.close()
    shown = select(rows, region, member)
    members = {r.code for r in shown if r.level == "member"}
    found = [f for f in found if f.member in members]
    if format is ScoreFormat.table:
        render.print_table(shown, found)
        return
    text = {
        ScoreFormat.json: lambda r: render.to_json(r, found),
        ScoreFormat.csv: render.to_csv,
    }.get(format, lambda r: render.to_html(r, year, found))(shown)
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        typer.echo(f"written {output}", err=True)


def register(app: typer.Typer) -> None:
    """Add the `quality` command to the `cen` application."""
    app.command("quality")(quality)
