"""DuckDB connections set up the way the pipeline needs them."""

from __future__ import annotations

import duckdb


def memory_connection() -> duckdb.DuckDBPyConnection:
    """An in-memory connection for checking a file: quiet, and spilling to disk rather than failing on memory."""
    con = duckdb.connect()
    quiet(con)
    return con


def quiet(con: duckdb.DuckDBPyConnection) -> None:
    # The engine's own progress bar would mix with the pipeline's output.
    con.execute("SET enable_progress_bar = false")
