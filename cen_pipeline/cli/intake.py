"""Commands of the intake: `validate`, `schema export` and `codes`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cen_pipeline.cli.common import echo_replies, emit, feed_files, output_file
from cen_pipeline.cli.options import (
    AckOpt,
    ForceOpt,
    Format,
    FormatOpt,
    Lang,
    LangOpt,
    OutputOpt,
    ProfileOpt,
    SubmittingMemberOpt,
)
from cen_pipeline.core.errors import EXIT_INVALID, EXIT_OK, EXIT_UNREADABLE, UsageError


def register(app: typer.Typer) -> None:
    """Add the intake's commands to the app."""
    app.command()(validate)
    schema_app = typer.Typer(help="The published data contract in schemas/.", no_args_is_help=True)
    schema_app.command("export")(schema_export)
    app.add_typer(schema_app, name="schema")
    app.command()(codes)


def validate(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="CSV (.csv, .tsv, .txt), Excel (.xlsx) or EDIFACT (.edi) files, or folders of them (recursive)."
        ),
    ],
    profile: ProfileOpt = None,
    member: SubmittingMemberOpt = None,
    format: FormatOpt = Format.table,
    lang: LangOpt = Lang.en,
    max_errors: Annotated[
        int, typer.Option("--max-errors", min=1, help="List at most this many problems per file.")
    ] = 1000,
    output: OutputOpt = None,
    force: ForceOpt = False,
    ack: AckOpt = None,
) -> None:
    """Check Member files against the seizure record contract and report every problem.

    Each problem names the row as a spreadsheet shows it, the column and its letter, the case, a stable
    code and the offending value (masked when it is personal data). Exit 1 when any file is invalid.

    Example: cen validate FR_2024.csv --profile fr-douane --lang fr --format html -o report.html
    """
    output = output_file(output, force)
    from cen_pipeline.core.errors import UnreadableInput
    from cen_pipeline.intake import render
    from cen_pipeline.intake.check import validate_file
    from cen_pipeline.store.replies import is_interchange, validate_with_replies

    reports, unreadable = [], False
    for f in feed_files(files):
        try:
            if ack is not None and is_interchange(f):
                report, replies = validate_with_replies(f, profile, member, max_errors, ack)
                reports.append(report)
                echo_replies(replies)
                continue
            reports.append(validate_file(f, profile, member, max_errors))
        except UnreadableInput as err:  # say so and go on with the other files
            typer.echo(f"cen: cannot read {err.path}: {err.reason}", err=True)
            unreadable = True
    if format is Format.table and output is None:
        render.print_table(reports, lang.value)
    else:
        renderer = {
            "table": render.to_json,
            "json": render.to_json,
            "csv": render.to_csv,
            "html": render.to_html,
        }
        emit(renderer[format.value](reports, lang.value), output)
    if unreadable:
        raise typer.Exit(EXIT_UNREADABLE)
    raise typer.Exit(EXIT_OK if all(r.valid for r in reports) else EXIT_INVALID)


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
