"""The `cen transform` and `cen trends` commands. The trend engine (pandas) is imported when a command runs,
so that other commands start without it."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from cen_pipeline.analysis.dimensions import DIMENSIONS, MEASURES
from cen_pipeline.cli.common import output_file
from cen_pipeline.cli.options import DEFAULT_DB, DbOpt, ForceOpt, member_code, wco_region_or_rilo

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
        from cen_pipeline.analysis.transform import run_audits, run_models
        from cen_pipeline.store.db import connect

        if not db.exists():
            typer.echo(f"cen: no store at {db} (ingest a file first, or set --db / CEN_DB)", err=True)
            raise typer.Exit(EXIT_UNREADABLE)
        con = connect(db)
        try:
            timings = run_models(con, force=force)
            if timings:
                for name, seconds in timings.items():
                    typer.echo(f"{name:28} {seconds:8.3f} s")
                typer.echo(f"{'total':28} {sum(timings.values()):8.3f} s")
            else:
                typer.echo("the analysis tables are up to date with the store (--force rebuilds them)")
            failed = {name: rows for name, rows in run_audits(con).items() if len(rows)} if audit else {}
        finally:
            con.close()
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
        format: Annotated[
            str, typer.Option("--format", "-f", help="table, json, csv or xlsx (xlsx needs --output).")
        ] = "table",
        output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file.")] = None,
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
        from cen_pipeline.analysis.transform import is_fresh, models_built
        from cen_pipeline.analysis.trends import (
            ModelsMissing,
            Scope,
            TrendError,
            parse_years,
            period_label,
            print_table,
            series_table,
            to_csv,
            to_json,
            to_xlsx,
            trend_table,
        )
        from cen_pipeline.store.db import connect

        def usage(message: str) -> None:
            typer.echo(f"cen: {message}", err=True)
            raise typer.Exit(EXIT_USAGE)

        if format not in ("table", "json", "csv", "xlsx"):
            usage(f"unknown format {format!r}; use table, json, csv or xlsx")
        output = output_file(output, force)
        if format == "xlsx" and output is None:
            usage("--format xlsx needs --output FILE")
        if (year is None) == (years is None):
            usage("give either --year (with an optional --compare) or --years")
        try:
            con = connect(db, read_only=True)
        except Exception as err:
            typer.echo(f"cen: {err}", err=True)
            raise typer.Exit(EXIT_UNREADABLE) from None
        scope = Scope(measure, region, member, fiscal, same_members)
        try:
            if models_built(con) and not is_fresh(con):
                typer.echo(
                    "cen: note: the store changed after the analysis tables were built (an ingest stopped "
                    "before rebuilding them), so some figures may leave out the change: run `cen transform`",
                    err=True,
                )
            if years is not None:
                span = parse_years(years)
                table = series_table(con, by, span, top, scope)
                meta: dict[str, Any] = {"measure": measure, "by": by, "years": span}
                periods = f"{span[0]}-{span[-1]}"
                title = f"{measure} by {', '.join(by)}, {periods}"
            else:
                assert year is not None
                table = trend_table(con, by, year, compare, top, scope)
                prev = year - 1 if compare is None else compare
                meta = {"measure": measure, "by": by, "year": year, "compare": prev}
                title = (
                    f"{measure} by {', '.join(by)}: {period_label(year, fiscal)} "
                    f"against {period_label(prev, fiscal)}"
                )
                periods = f"{period_label(year, fiscal)} or {period_label(prev, fiscal)}"
            meta.update(
                {
                    "fiscal": fiscal,
                    "same_members": same_members,
                    "region": region,
                    "member": member,
                    "top": top,
                }
            )
        except TrendError as err:
            usage(str(err))
            return
        except ModelsMissing as err:
            typer.echo(f"cen: {err}", err=True)
            raise typer.Exit(EXIT_UNREADABLE) from None
        finally:
            con.close()
        if format == "table" and output is None and table.empty:
            typer.echo(f"No {measure} in {periods} in this selection.")
        elif format == "table" and output is None:
            print_table(table, title + (" (same Members)" if same_members else ""))
        elif format == "xlsx":
            assert output is not None
            to_xlsx(table, output)
            typer.echo(f"written {output}", err=True)
        else:
            text = to_json(table, meta) if format in ("json", "table") else to_csv(table)
            if output is None:
                sys.stdout.write(text)
            else:
                output.write_text(text, encoding="utf-8")
                typer.echo(f"written {output}", err=True)
        raise typer.Exit(EXIT_OK)
