"""Commands of the store: `ingest`, `quarantine list|export`, `coverage`, `history` and `export lake|edi`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from cen_pipeline.cli.common import echo_replies, fail, feed_files, output_file
from cen_pipeline.cli.options import (
    DEFAULT_DB,
    AckOpt,
    DbOpt,
    ForceOpt,
    Lang,
    LangOpt,
    MemberFilterOpt,
    ProfileOpt,
    SubmittingMemberOpt,
    WaitOpt,
    member_code,
)
from cen_pipeline.core.errors import EXIT_INVALID, EXIT_OK, EXIT_UNREADABLE, UsageError
from cen_pipeline.core.settings import WAIT_SECONDS


def register(app: typer.Typer) -> None:
    """Add the store's commands to the app."""
    app.command()(ingest)
    quarantine_app = typer.Typer(help="Rejected rows, with their reasons.", no_args_is_help=True)
    quarantine_app.command("list")(quarantine_list)
    quarantine_app.command("export")(quarantine_export)
    app.add_typer(quarantine_app, name="quarantine")
    app.command()(coverage)
    app.command()(history)
    export_app = typer.Typer(help="Exports of the store.", no_args_is_help=True)
    export_app.command("lake")(export_lake)
    export_app.command("edi")(export_edi)
    app.add_typer(export_app, name="export")


def ingest(
    paths: Annotated[
        list[Path], typer.Argument(help="Files, or folders searched recursively for feed files.")
    ],
    profile: ProfileOpt = None,
    member: SubmittingMemberOpt = None,
    db: DbOpt = DEFAULT_DB,
    wait: WaitOpt = WAIT_SECONDS,
    format: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    ack: AckOpt = None,
) -> None:
    """Load Member files into the store: accepted cases are stored, the rest quarantined with reasons.

    A file already loaded (same SHA-256) is skipped; a case sent again replaces its earlier version, which
    stays in the history. Exit 1 when any row was quarantined or a file was refused (one without rows too).

    Example: cen ingest sample_data/feeds --db out/cen.duckdb
    """
    from cen_pipeline.batch import FileDone, ingest_batch
    from cen_pipeline.core.progress import progress

    files = feed_files(paths)
    with progress(len(files), "ingesting") as advance:

        def done(item: FileDone) -> None:
            if item.result.status.startswith("unreadable"):  # said as `cen validate` says it
                reason = item.result.status.removeprefix("unreadable: ")
                typer.echo(f"cen: cannot read {item.path}: {reason}", err=True)
            if item.replies is not None:
                echo_replies(item.replies)
            advance(item.path.name)

        results = ingest_batch(files, db, profile, member, wait, ack, on_file=done)
    from cen_pipeline.store.render import print_results, results_json

    if format == "json":
        sys.stdout.write(results_json(results))
    else:
        print_results(results)
    if any(r.status.startswith("unreadable") for r in results):
        raise typer.Exit(EXIT_UNREADABLE)
    refused = any(r.rows_quarantined or r.status == "refused" for r in results)
    raise typer.Exit(EXIT_INVALID if refused else EXIT_OK)


def quarantine_list(
    member: MemberFilterOpt = None,
    db: DbOpt = DEFAULT_DB,
    lang: LangOpt = Lang.en,
    limit: Annotated[int, typer.Option("--limit", help="Show at most this many rows.")] = 50,
) -> None:
    """List quarantined rows with their reasons, newest submission first.

    Example: cen quarantine list --member FR --db out/cen.duckdb
    """
    from cen_pipeline.store.quarantine import print_quarantine

    if not print_quarantine(db, member, lang.value, limit):
        typer.echo(f"No quarantined row{' of ' + member if member else ''} in the store {db}.")


def quarantine_export(
    member: Annotated[
        str, typer.Option("--member", "-m", help="The Member whose rows to export.", callback=member_code)
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="A .csv or .xlsx file to write.")],
    db: DbOpt = DEFAULT_DB,
    lang: LangOpt = Lang.en,
    force: ForceOpt = False,
) -> None:
    """Give a Member back its rejected rows with the reasons in its language, as CSV or XLSX.

    Example: cen quarantine export --member FR --lang fr --out fr-rejected.xlsx
    """
    from cen_pipeline.store.quarantine import export_quarantine

    checked = output_file(out, force)
    assert checked is not None
    count = export_quarantine(db, member, checked, lang.value)
    typer.echo(f"{count} quarantined row{'' if count == 1 else 's'} written to {out}", err=True)


def coverage(
    member: MemberFilterOpt = None,
    year: Annotated[int | None, typer.Option("--year", help="Only this calendar year.")] = None,
    db: DbOpt = DEFAULT_DB,
) -> None:
    """Show which Members reported in which months: reported, nil return, or not reported (missing, not zero).

    Example: cen coverage --year 2024 --db out/cen.duckdb
    """
    from cen_pipeline.store.quarantine import print_coverage

    if not print_coverage(db, member, year):
        scope = " ".join(filter(None, [member, str(year) if year else None]))
        typer.echo(
            f"The reporting coverage has no month{' for ' + scope if scope else ''} in the store {db}."
        )


def history(
    member: Annotated[
        str, typer.Option("--member", "-m", help="The reporting Member.", callback=member_code)
    ],
    case_ref: Annotated[str, typer.Option("--case", help="The Member's case reference.")],
    db: DbOpt = DEFAULT_DB,
) -> None:
    """Show every stored version of a case, with the submission that brought it. Exit 1 when the store has
    no such case.

    Example: cen history --member FR --case FR-2024-000123
    """
    from cen_pipeline.store.quarantine import print_history

    if not print_history(db, member, case_ref):
        fail(EXIT_INVALID, f"no case {case_ref!r} of {member} in the store {db}")


def export_lake(
    directory: Annotated[Path, typer.Argument(help="Folder of the Parquet lake (rewritten).")],
    db: DbOpt = DEFAULT_DB,
) -> None:
    """Write current cases and goods lines as Hive-partitioned Parquet (year, then WCO region).

    Example: cen export lake out/lake --db out/cen.duckdb
    """
    from cen_pipeline.store.lake import export_lake as write

    if directory.exists() and not directory.is_dir():
        raise UsageError(f"cannot write the lake to {directory}: it is a file, not a folder")
    counts = write(db, directory)
    typer.echo(
        f"lake written to {directory}: {counts['cases']} cases, {counts['goods_lines']} goods lines", err=True
    )


def export_edi(
    member: Annotated[
        str,
        typer.Option(
            "--member", "-m", help="The Member whose current cases to export.", callback=member_code
        ),
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="The interchange file to write.")],
    since: Annotated[
        str | None, typer.Option("--since", help="Only cases seized on or after this date.")
    ] = None,
    db: DbOpt = DEFAULT_DB,
    force: ForceOpt = False,
) -> None:
    """Write a Member's current cases as a UN/EDIFACT interchange of CENSEZ messages for its national system.

    Example: cen export edi --member FR --since 2024-01-01 --out FR.edi
    """
    from datetime import date

    from cen_pipeline.store.edi_export import export_edi as write

    try:
        day = date.fromisoformat(since) if since else None
    except ValueError:
        raise UsageError(f"--since takes a date as YYYY-MM-DD, not {since!r}") from None
    checked = output_file(out, force)
    assert checked is not None
    count = write(db, member, checked, day)
    typer.echo(f"{count} cases written to {out}", err=True)
