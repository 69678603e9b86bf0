"""Command-line options shared by the commands of every stage, declared once."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

DEFAULT_DB = Path("cen.duckdb")
DbOpt = Annotated[Path, typer.Option("--db", help="The DuckDB store.", envvar="CEN_DB")]
WaitOpt = Annotated[
    float,
    typer.Option("--wait", help="Seconds to wait for a store another process is writing.", envvar="CEN_WAIT"),
]


def member_code(value: str | None) -> str | None:
    """A Member's ISO code as the store holds it, however it was typed (`fr`, ` FR`). An empty code does not
    lift the scope, and a code that is no Member's is refused: either would read or write others' data."""
    from cen_pipeline.contract.codelists import codelist

    if value is None:
        return None
    code = value.strip().upper()
    if not code:
        raise typer.BadParameter("a Member's ISO code cannot be empty (e.g. FR)")
    if code not in codelist("member").codes:
        raise typer.BadParameter(
            f"{code!r} is not the ISO code of a WCO Member (see schemas/codelists/member.csv)"
        )
    return code


SubmittingMemberOpt = Annotated[
    str | None,
    typer.Option(
        "--member",
        "-m",
        help="Submitting Member (ISO code); rows of others are refused.",
        callback=member_code,
    ),
]
MemberFilterOpt = Annotated[
    str | None, typer.Option("--member", "-m", help="Only this Member (ISO code).", callback=member_code)
]


def wco_region(value: str | None) -> str | None:
    """The code of the WCO region named by its code or its name in any language and case."""
    return _area(value, with_rilos=False)


def wco_region_or_rilo(value: str | None) -> str | None:
    """The code of the WCO region (by code or name) or of the RILO (by code or name) named."""
    return _area(value, with_rilos=True)


def _area(value: str | None, with_rilos: bool) -> str | None:
    from cen_pipeline.contract.codelists import known_regions, known_rilos, region_code, rilo_code

    if not value:
        return value
    code = region_code(value) or (rilo_code(value) if with_rilos else None)
    if code is None:
        what, known = (
            ("WCO region or RILO", f"regions: {known_regions()}; RILOs: {known_rilos()}")
            if with_rilos
            else ("WCO region", f"known: {known_regions()}")
        )
        raise typer.BadParameter(f"unknown {what} {value!r}; {known}")
    return code


class Format(StrEnum):
    """Every rendering a command can give; each command takes those that fit what it shows."""

    table = "table"
    json = "json"
    csv = "csv"
    html = "html"
    xlsx = "xlsx"


class Lang(StrEnum):
    en = "en"
    fr = "fr"
    es = "es"


def format_option(*allowed: Format, what: str = "the result") -> Any:
    """The one `--format` option, with the renderings a command takes; another is a usage error."""

    def check(value: Format) -> Format:
        if value not in allowed:
            raise typer.BadParameter(f"{value} is not one of {', '.join(allowed)}")
        return value

    return typer.Option("--format", "-f", help=f"How to render {what}: {', '.join(allowed)}.", callback=check)


FormatOpt = Annotated[Format, format_option(Format.table, Format.json, Format.csv, Format.html)]
ScoreFormatOpt = Annotated[
    Format, format_option(Format.table, Format.json, Format.csv, Format.html, what="the scorecard")
]
AlertFormatOpt = Annotated[Format, format_option(Format.table, Format.json, Format.csv, what="the alerts")]
TrendFormatOpt = Annotated[
    Format,
    format_option(Format.table, Format.json, Format.csv, Format.xlsx, what="the table (xlsx needs --output)"),
]
LangOpt = Annotated[Lang, typer.Option("--lang", help="Language of messages and labels.", envvar="CEN_LANG")]
OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write the rendering to this file instead of stdout (never over a file unless --force).",
    ),
]
ForceOpt = Annotated[bool, typer.Option("--force", help="Replace the output file if it exists.")]
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
