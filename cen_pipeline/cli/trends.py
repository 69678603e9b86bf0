"""The `cen transform` and `cen trends` commands. The trend engine (pandas) is imported when a command runs,
so that other commands start without it."""

from __future__ import annotations

from typing import Annotated

import typer

from cen_pipeline.analysis.dimensions import DIMENSIONS, MEASURES
from cen_pipeline.cli.common import emit, output_file
from cen_pipeline.cli.options import (
    DEFAULT_DB,
    DbOpt,
    ForceOpt,
    Format,
    OutputOpt,
    TrendFormatOpt,
    member_code,
    wco_region_or_rilo,
)

# Commands (registered on the `cen` app by the CLI).


def register(app: typer.Typer) -> None:
    """Add the `transform` and `trends` commands to the app."""
    from cen_pipeline.core.errors import EXIT_OK, EXIT_UNREADABLE, EXIT_USAGE

    @app.command()
    def transform(
        db: DbOpt = DEFAULT_DB,
        audit: Annotated[
            bool, typer.Option("--audit/--no-audit", help="Run the audits after the build.")
        ] = True,
        force: Annotated[
            bool,
            typer.Option("--force", help="Rebuild even when the store has not changed since the last build."),
        ] = False,
    ) -> None:
        """Rebuild the analysis tables (the SQL models in transforms/) and run their audits.

        Prints the seconds each table took; the build is skipped when neither the store nor the models changed
        since the last one. Exit 1 when an audit finds a row that breaks a model's promise.

        Example: cen transform --db out/cen.duckdb
        """
        from cen_pipeline.analysis.transform import rebuild

        if not db.exists():
            typer.echo(f"cen: no store at {db} (ingest a file first, or set --db / CEN_DB)", err=True)
            raise typer.Exit(EXIT_UNREADABLE)
        timings, failed = rebuild(db, force=force, audit=audit)
        if timings:
            for name, seconds in timings.items():
                typer.echo(f"{name:28} {seconds:8.3f} s")
            typer.echo(f"{'total':28} {sum(timings.values()):8.3f} s")
        else:
            typer.echo("the analysis tables are up to date with the store (--force rebuilds them)")
        for name, rows in failed.items():
            typer.echo(f"audit {name} failed: {len(rows)} rows", err=True)
            typer.echo(rows.head(20).to_string(index=False), err=True)
        raise typer.Exit(1 if failed else EXIT_OK)

    @app.command()
    def trends(
        by: Annotated[
            list[str],
            typer.Option("--by", "-b", help=f"Break down by (repeatable): {', '.join(DIMENSIONS)}."),
        ],
        year: Annotated[int | None, typer.Option("--year", "-y", help="The year to show.")] = None,
        compare: Annotated[
            int | None,
            typer.Option("--compare", "-c", help="Compare with this year (default: the year before)."),
        ] = None,
        years: Annotated[
            str | None, typer.Option("--years", help="A multi-year series instead: 2019-2025 or 2019,2021.")
        ] = None,
        region: Annotated[
            str | None,
            typer.Option(
                "--region",
                "-r",
                help="Only this WCO region or RILO (e.g. Europe, RILO-WE).",
                callback=wco_region_or_rilo,
            ),
        ] = None,
        member: Annotated[
            str | None,
            typer.Option("--member", "-m", help="Only this reporting Member.", callback=member_code),
        ] = None,
        measure: Annotated[
            str, typer.Option("--measure", help=f"What to count: {', '.join(MEASURES)}.")
        ] = "cases",
        top: Annotated[int | None, typer.Option("--top", min=1, help="Keep the N first cells.")] = None,
        fiscal: Annotated[bool, typer.Option("--fiscal", help="Fiscal years October-September.")] = False,
        same_members: Annotated[
            bool, typer.Option("--same-members", help="Only Members that reported in every period compared.")
        ] = False,
        format: TrendFormatOpt = Format.table,
        output: OutputOpt = None,
        force: ForceOpt = False,
        db: DbOpt = DEFAULT_DB,
    ) -> None:
        """Compare a year with another by any breakdown, or show a multi-year series.

        Gives the measure for the year and the comparison year, the change and its %, the share of the total,
        the rank and the rank change. Values are shown per value basis, never summed across bases. With
        --same-members only Members that reported in both periods count, so a change of coverage is not read
        as a change of traffic. Reads the analysis tables: run `cen transform` after an ingest.

        Example: cen trends --by category --year 2024 --compare 2023 --top 10 --db out/cen.duckdb
        """
        from cen_pipeline.analysis.trend_view import trends as read_trends
        from cen_pipeline.analysis.trends import (
            ModelsMissing,
            Scope,
            TrendError,
            print_table,
            to_csv,
            to_json,
            to_xlsx,
        )
        from cen_pipeline.store.db import StoreMissing

        def usage(message: str) -> None:
            typer.echo(f"cen: {message}", err=True)
            raise typer.Exit(EXIT_USAGE)

        output = output_file(output, force)
        if format is Format.xlsx and output is None:
            usage("--format xlsx needs --output FILE")
        scope = Scope(measure, region, member, fiscal, same_members)
        try:
            found = read_trends(db, by, scope, year, compare, years, top)
        except TrendError as err:
            usage(str(err))
            return
        except (ModelsMissing, StoreMissing) as err:
            typer.echo(f"cen: {err}", err=True)
            raise typer.Exit(EXIT_UNREADABLE) from None
        if found.stale:
            typer.echo(
                "cen: note: the store changed after the analysis tables were built (an ingest stopped "
                "before rebuilding them), so some figures may leave out the change: run `cen transform`",
                err=True,
            )
        table = found.table
        if format is Format.table and output is None and table.empty:
            typer.echo(f"No {measure} in {found.periods} in this selection.")
        elif format is Format.table and output is None:
            print_table(table, found.title)
        elif format is Format.xlsx:
            assert output is not None
            to_xlsx(table, output)
            typer.echo(f"written {output}", err=True)
        else:
            emit(
                to_json(table, found.meta) if format in (Format.json, Format.table) else to_csv(table), output
            )
        raise typer.Exit(EXIT_OK)
