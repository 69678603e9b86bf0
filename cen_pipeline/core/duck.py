"""DuckDB connections set up the way the pipeline needs them."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Iterator, Sequence
from typing import Any

import duckdb

from cen_pipeline.core.settings import settings

# The quality gate's query runs inside the submission's transaction, beside the file's staging tables, of
# which DuckDB holds a few hundred MB that it cannot give back before the transaction ends. The gate gets
# working memory of its own in proportion to the submission, up to a cap: an ingest of 10M goods lines then
# stays under 2 GiB (it needs about 1,200 MB in all: with 1,100 MB DuckDB ran out), and one of 1M under 1 GiB.
GATE_MEMORY_BYTES_PER_LINE = 70
GATE_EXTRA_MEMORY_MB = 700


def has_temp_table(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    """Whether the temporary table exists. Asked first where a failing statement would abort the
    transaction it runs in."""
    found = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = ? AND temporary", [table]
    ).fetchone()
    return bool(found and found[0])


def memory_connection() -> duckdb.DuckDBPyConnection:
    """An in-memory connection for checking a file: quiet, with bounded memory that spills to disk."""
    con = duckdb.connect()
    quiet(con)
    bound_memory(con)
    return con


def sql_str(text: str) -> str:
    """A SQL string literal, for the places DuckDB takes no parameter (ATTACH, COPY ... TO, SET, read_csv's
    options): every quote doubled, so that no value can end the literal."""
    return "'" + text.replace("'", "''") + "'"


def bound_memory(con: duckdb.DuckDBPyConnection) -> None:
    """Hold the connection's working memory to MEMORY_LIMIT (or CEN_MEMORY_LIMIT), spilling beyond it."""
    spill = os.path.join(tempfile.gettempdir(), "cen-spill")
    con.execute(f"SET temp_directory = {sql_str(spill)}")
    limit_memory(con)


def limit_memory(con: duckdb.DuckDBPyConnection, extra_mb: int = 0) -> None:
    """Set the connection's memory limit to MEMORY_LIMIT (or CEN_MEMORY_LIMIT) and `extra_mb` more."""
    con.execute(f"SET memory_limit = '{memory_limit_mb() + extra_mb}MB'")


def memory_limit_mb() -> int:
    """MEMORY_LIMIT (or CEN_MEMORY_LIMIT, in DuckDB's notation: "600MB", "4GB", "800MiB") in megabytes."""
    text = settings().memory_limit
    match = re.fullmatch(r"\s*([0-9.]+)\s*([KMGT]?)(I?)B?\s*", text.upper())
    if not match:
        raise ValueError(f"CEN_MEMORY_LIMIT: not a size: {text!r} (e.g. 600MB, 4GB)")
    power = " KMGT".index(match.group(2) or " ")
    return int(float(match.group(1)) * (1024 if match.group(3) else 1000) ** power / 10**6)


def quiet(con: duckdb.DuckDBPyConnection) -> None:
    # The engine's own progress bar would mix with the pipeline's output.
    con.execute("SET enable_progress_bar = false")


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, rows: Sequence[Sequence[Any]]) -> None:
    """Insert `rows` (values in the order of the table's columns) into `table` with one statement.

    The rows go in as one list per column, unnested side by side and cast to the column's type:
    `executemany` would run a statement per row, which costs seconds for a few thousand rows.
    """
    if not rows:
        return
    types = [str(kind) for _, kind, *_ in con.execute(f"DESCRIBE {table}").fetchall()]
    columns = [list(column) for column in zip(*rows, strict=True)]
    select = ", ".join(f"unnest(?::{kind}[])" for kind in types)
    con.execute(f"INSERT INTO {table} SELECT {select}", columns)


@contextlib.contextmanager
def unordered(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Let DuckDB write and aggregate rows in any order meanwhile: in parallel, and with far less memory for
    a large insert. For work whose rows mean nothing by their order (a query that needs one says so)."""
    row = con.execute("SELECT current_setting('preserve_insertion_order')").fetchone()
    keep_order = bool(row[0]) if row else True
    con.execute("SET preserve_insertion_order = false")
    try:
        yield
    finally:
        # After a failed statement in a transaction nothing runs until it rolls back: the error then speaks.
        with contextlib.suppress(duckdb.TransactionException):
            con.execute(f"SET preserve_insertion_order = {str(keep_order).lower()}")
