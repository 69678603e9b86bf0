"""DuckDB connections set up the way the pipeline needs them."""

from __future__ import annotations

import os
import tempfile

import duckdb

# Working memory of one file's check and staging; DuckDB spills to disk beyond it, so a file of any size
# is handled in bounded memory. The process needs about 350 MB more (Python, the quality gate's libraries),
# so that an ingest stays under 1 GiB. CEN_MEMORY_LIMIT overrides it (e.g. "4GB").
MEMORY_LIMIT = "600MB"


def memory_connection() -> duckdb.DuckDBPyConnection:
    """An in-memory connection for checking a file: quiet, with bounded memory that spills to disk."""
    con = duckdb.connect()
    quiet(con)
    bound_memory(con)
    return con


def bound_memory(con: duckdb.DuckDBPyConnection) -> None:
    """Hold the connection's working memory to MEMORY_LIMIT (or CEN_MEMORY_LIMIT), spilling beyond it."""
    spill = os.path.join(tempfile.gettempdir(), "cen-spill")
    con.execute(f"SET temp_directory = '{spill}'")
    con.execute(f"SET memory_limit = '{os.environ.get('CEN_MEMORY_LIMIT', MEMORY_LIMIT)}'")


def quiet(con: duckdb.DuckDBPyConnection) -> None:
    # The engine's own progress bar would mix with the pipeline's output.
    con.execute("SET enable_progress_bar = false")
