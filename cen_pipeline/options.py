"""Command-line options shared by the commands of every stage, declared once."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

DEFAULT_DB = Path("cen.duckdb")
DbOpt = Annotated[Path, typer.Option("--db", help="The DuckDB store.", envvar="CEN_DB")]
WaitOpt = Annotated[
    float,
    typer.Option("--wait", help="Seconds to wait for a store another process is writing.", envvar="CEN_WAIT"),
]
