"""The `cen` command: a thin layer over the library (parse options, call, render, choose the exit code).

Exit codes: 0 ok, 1 invalid data, 2 usage error, 3 unreadable input, 4 internal error.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from cen_pipeline import __version__
from cen_pipeline.cli.options import (
    DEFAULT_DB,
    DbOpt,
    MemberFilterOpt,
    SubmittingMemberOpt,
    WaitOpt,
    member_code,
)
from cen_pipeline.core.errors import (
    EXIT_INTERNAL,
    EXIT_INVALID,
    EXIT_OK,
    EXIT_UNREADABLE,
    EXIT_USAGE,
    UsageError,
)

if TYPE_CHECKING:
    from cen_pipeline.store.replies import Replies

EXIT_CODES_HELP = (
    "Exit codes: 0 ok, 1 invalid data, 2 usage error, 3 unreadable input (missing file, undecodable bytes, "
    "not a spreadsheet), 4 internal error."
)

app = typer.Typer(
    name="cen",
    help="Validate, store, check, analyse and report non-nominal IPR seizure data (WCO CEN style).\n\n"
    + EXIT_CODES_HELP,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
schema_app = typer.Typer(help="The published data contract in schemas/.", no_args_is_help=True)
app.add_typer(schema_app, name="schema")
quarantine_app = typer.Typer(help="Rejected rows, with their reasons.", no_args_is_help=True)
app.add_typer(quarantine_app, name="quarantine")
export_app = typer.Typer(help="Exports of the store.", no_args_is_help=True)
app.add_typer(export_app, name="export")


class ReportFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    html = "html"


class Lang(StrEnum):
    en = "en"
    fr = "fr"
    es = "es"


# Options shared by several commands, declared once.
FormatOpt = Annotated[ReportFormat, typer.Option("--format", "-f", help="How to render the result.")]
LangOpt = Annotated[Lang, typer.Option("--lang", help="Language of messages and labels.", envvar="CEN_LANG")]
OutputOpt = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write the rendering to this file instead of stdout.")
]
ProfileOpt = Annotated[
    str | None,
    typer.Option("--profile", "-p", help="Feed profile: a name from ingest/ or a path to a .toml file."),
]
AckOpt = Annotated[
    Path | None,
    typer.Option(
        "--ack",
        help="For each EDIFACT interchange read, write its CONTRL and APERAK acknowledgements to this "
        "folder as <interchange-ref>.contrl.edi and <interchange-ref>.aperak.edi.",
    ),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cen-pipeline {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Validate, store, check, analyse and report non-nominal IPR seizure data."""


def _echo_replies(replies: Replies) -> None:
    if replies.refused:
        typer.echo(f"cen: no acknowledgement for {replies.subject}: {replies.refused}", err=True)
    for path in replies.files:
        typer.echo(f"written {path}", err=True)


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        output.parent.mkdir(parents=True, exist_ok=True)  # as every other command's output
        output.write_text(text, encoding="utf-8")
        typer.echo(f"written {output}", err=True)


def _feed_files(paths: list[Path]) -> list[Path]:
    """The files named, and the feed files in the folders named; a folder without any is said, not an error:
    a drop folder is often empty."""
    from cen_pipeline.intake.readers import FEED_SUFFIXES, feed_files

    found: list[Path] = []
    for path in paths:
        files = feed_files(path)
        if not files:
            typer.echo(f"cen: no feed file ({', '.join(FEED_SUFFIXES)}) in the folder {path}", err=True)
        found += files
    return found


@app.command()
def validate(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="CSV (.csv, .tsv, .txt), Excel (.xlsx) or EDIFACT (.edi) files, or folders of them (recursive)."
        ),
    ],
    profile: ProfileOpt = None,
    member: SubmittingMemberOpt = None,
    format: FormatOpt = ReportFormat.table,
    lang: LangOpt = Lang.en,
    max_errors: Annotated[
        int, typer.Option("--max-errors", min=1, help="List at most this many problems per file.")
    ] = 1000,
    output: OutputOpt = None,
    ack: AckOpt = None,
) -> None:
    """Check Member files against the seizure record contract and report every problem.

    Each problem names the row as a spreadsheet shows it, the column and its letter, the case, a stable
    code and the offending value (masked when it is personal data). Exit 1 when any file is invalid.

    Example: cen validate FR_2024.csv --profile fr-douane --lang fr --format html -o report.html
    """
    from cen_pipeline.intake import render
    from cen_pipeline.intake.check import validate_file
    from cen_pipeline.intake.readers import UnreadableInput
    from cen_pipeline.store.replies import is_interchange, validate_with_replies

    reports, unreadable = [], False
    for f in _feed_files(files):
        try:
            if ack is not None and is_interchange(f):
                report, replies = validate_with_replies(f, profile, member, max_errors, ack)
                reports.append(report)
                _echo_replies(replies)
                continue
            reports.append(validate_file(f, profile, member, max_errors))
        except UnreadableInput as err:  # say so and go on with the other files
            typer.echo(f"cen: cannot read {err.path}: {err.reason}", err=True)
            unreadable = True
    if format is ReportFormat.table and output is None:
        render.print_table(reports, lang.value)
    else:
        renderer = {
            "table": render.to_json,
            "json": render.to_json,
            "csv": render.to_csv,
            "html": render.to_html,
        }
        _emit(renderer[format.value](reports, lang.value), output)
    if unreadable:
        raise typer.Exit(EXIT_UNREADABLE)
    raise typer.Exit(EXIT_OK if all(r.valid for r in reports) else EXIT_INVALID)


@schema_app.command("export")
def schema_export(
    directory: Annotated[Path, typer.Option("--dir", "-d", help="Where to write the contract.")] = Path(
        "schemas"
    ),
    check: Annotated[
        bool, typer.Option("--check", help="Only report drift from the models; exit 1 if any.")
    ] = False,
) -> None:
    """Write the published contract (JSON Schema, CSV template, code lists, field guide) from the models.

    Example: cen schema export --dir schemas
    """
    from cen_pipeline.intake.schema_export import drift, export

    if check:
        stale = drift(directory)
        for rel in stale:
            typer.echo(f"out of date: {directory / rel}")
        raise typer.Exit(EXIT_INVALID if stale else EXIT_OK)
    for path in export(directory):
        typer.echo(str(path))


@app.command()
def codes(
    name: Annotated[str | None, typer.Argument(help="A code list; all lists are named when omitted.")] = None,
    lang: LangOpt = Lang.en,
) -> None:
    """Print the code lists of the record, or the codes of one list with their labels.

    Example: cen codes conveyance --lang fr
    """
    from cen_pipeline.contract.codelists import all_codelists, codelist

    if name is None:
        for list_name in all_codelists():
            cl = codelist(list_name)
            typer.echo(f"{list_name:22} {len(cl.codes):4}  {cl.description}")
        return
    if name not in all_codelists():
        raise UsageError(f"no code list {name!r}; known: {', '.join(all_codelists())}")
    cl = codelist(name)
    for code in cl.codes:
        typer.echo(f"{code:30} {cl.label(code, lang.value)}")


@app.command()
def ingest(
    paths: Annotated[
        list[Path], typer.Argument(help="Files, or folders searched recursively for feed files.")
    ],
    profile: ProfileOpt = None,
    member: SubmittingMemberOpt = None,
    db: DbOpt = DEFAULT_DB,
    wait: WaitOpt = 60.0,
    format: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    ack: AckOpt = None,
) -> None:
    """Load Member files into the store: accepted cases are stored, the rest quarantined with reasons.

    A file already loaded (same SHA-256) is skipped; a case sent again replaces its earlier version, which
    stays in the history. Exit 1 when any row was quarantined.

    Example: cen ingest sample_data/feeds --db out/cen.duckdb
    """
    from cen_pipeline.batch import FileDone, ingest_batch
    from cen_pipeline.core.progress import progress

    files = _feed_files(paths)
    with progress(len(files), "ingesting") as advance:

        def done(item: FileDone) -> None:
            if item.replies is not None:
                _echo_replies(item.replies)
            advance(item.path.name)

        results = ingest_batch(files, db, profile, member, wait, ack, on_file=done)
    from cen_pipeline.store.render import print_results, results_json

    if format == "json":
        sys.stdout.write(results_json(results))
    else:
        print_results(results)
    if any(r.status.startswith("unreadable") for r in results):
        raise typer.Exit(EXIT_UNREADABLE)
    raise typer.Exit(EXIT_INVALID if any(r.rows_quarantined for r in results) else EXIT_OK)


@quarantine_app.command("list")
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


@quarantine_app.command("export")
def quarantine_export(
    member: Annotated[
        str, typer.Option("--member", "-m", help="The Member whose rows to export.", callback=member_code)
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="A .csv or .xlsx file to write.")],
    db: DbOpt = DEFAULT_DB,
    lang: LangOpt = Lang.en,
) -> None:
    """Give a Member back its rejected rows with the reasons in its language, as CSV or XLSX.

    Example: cen quarantine export --member FR --lang fr --out fr-rejected.xlsx
    """
    from cen_pipeline.store.quarantine import export_quarantine

    count = export_quarantine(db, member, out, lang.value)
    typer.echo(f"{count} quarantined row{'' if count == 1 else 's'} written to {out}", err=True)


@app.command()
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


@app.command()
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
        _fail(EXIT_INVALID, f"no case {case_ref!r} of {member} in the store {db}")


@export_app.command("lake")
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


@export_app.command("edi")
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
    count = write(db, member, out, day)
    typer.echo(f"{count} cases written to {out}", err=True)


def _register_stages() -> None:
    """Commands of the later pipeline stages, declared beside their library code."""
    from cen_pipeline.cli.alerts import register as register_alerts
    from cen_pipeline.cli.quality import register as register_quality
    from cen_pipeline.cli.report import register as register_report
    from cen_pipeline.cli.trends import register as register_trends

    register_trends(app)
    register_quality(app)
    register_alerts(app)
    register_report(app)


_register_stages()


def _fail(code: int, message: str) -> NoReturn:
    typer.echo(f"cen: {message}", err=True)
    sys.exit(code)


def main() -> None:
    """Entry point: runs the app and turns failures into documented exit codes, never a traceback."""
    try:
        _run()
    except SystemExit as done:
        _leave(done.code)


def _leave(code: object) -> NoReturn:
    """End the process with the exit status `code` once its output is out, without tearing the interpreter
    down: unloading what GX and pandas load takes over a second after the work is done. Nothing here needs
    it: the commands close their stores and files themselves, and the exit handlers run first."""
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)
    status = 0 if code is None else code if isinstance(code, int) else 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):  # a reader that went away (`cen ... | head`) loses nothing more
            stream.flush()
    os._exit(status)


def _run() -> None:
    import duckdb

    from cen_pipeline.core.duck import memory_limit_mb
    from cen_pipeline.intake.profiles import ProfileError
    from cen_pipeline.intake.readers import UnreadableInput
    from cen_pipeline.store.db import StoreBusy, StoreMissing

    try:
        app()  # exits itself: 0, the command's code, or 2 for a usage error found by the parser
    except (UsageError, ProfileError) as err:
        _fail(EXIT_USAGE, str(err))
    except UnreadableInput as err:
        _fail(EXIT_UNREADABLE, f"cannot read {err.path}: {err.reason}")
    except (StoreBusy, StoreMissing) as err:
        _fail(EXIT_UNREADABLE, str(err))
    except OSError as err:
        if err.filename is None:
            _internal(err)
        # Inputs that cannot be read are said by the readers; what is left is a path given for output (a
        # folder that cannot be made, a file where a folder should be, no permission).
        _fail(EXIT_USAGE, f"cannot use {err.filename}: {err.strerror}")
    except duckdb.OutOfMemoryException:
        # The store is as it was before the file that ran out: its transaction was rolled back.
        _fail(
            EXIT_INTERNAL,
            f"out of memory: DuckDB needed more than its {memory_limit_mb()} MB; "
            "set CEN_MEMORY_LIMIT higher (e.g. CEN_MEMORY_LIMIT=2GB) and run the command again",
        )
    except KeyboardInterrupt:
        _fail(EXIT_INTERNAL, "interrupted")
    except Exception as err:
        _internal(err)


def _internal(err: Exception) -> NoReturn:
    if os.environ.get("CEN_DEBUG"):
        raise err
    _fail(EXIT_INTERNAL, f"internal error ({type(err).__name__}: {err}); set CEN_DEBUG=1 for details")
