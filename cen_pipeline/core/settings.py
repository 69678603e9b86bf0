"""The settings read from the environment (`CEN_*`), typed and read in this one place.

The limits bound what one input may make the pipeline hold: a line of a CSV file, a cell and the heading row
of any file, and what an XLSX workbook (a ZIP archive) inflates to, which a file of a megabyte can make a
gigabyte. An input over a limit is unreadable (exit 3) with a message naming the limit and its setting.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

# Working memory of one file's check and staging; DuckDB spills to disk beyond it, so a file of any size
# is handled in bounded memory. The process needs about 350 MB more (Python, the quality gate's libraries),
# and DuckDB's resident memory runs over its limit by some tens of MB: with 600MB a 1M-line ingest peaked at
# 1,010 MiB, with 500MB at 925 MiB, in the same time. CEN_MEMORY_LIMIT overrides it (e.g. "4GB").
MEMORY_LIMIT = "500MB"
# How long a command waits for a store another process is writing (CEN_WAIT or --wait where a command takes it).
WAIT_SECONDS = 60.0


@dataclass(frozen=True)
class Limit:
    """One bound on an input: its value and the setting that changes it."""

    value: int
    setting: str
    unit: str

    def said(self) -> str:
        return f"{self.value:,} {self.unit} ({self.setting})"


@dataclass(frozen=True)
class Settings:
    memory_limit: str  # DuckDB's working memory, in its notation (600MB, 4GB)
    debug: bool  # an internal error shows its traceback
    line_chars: Limit
    cell_chars: Limit
    header_chars: Limit
    xlsx_inflated_mb: Limit
    upload_mb: Limit  # one file sent to the submission service


_DEFAULTS = {
    # DuckDB reads a line of up to four times this in bytes; lines are measured where longer than a million.
    "CEN_MAX_LINE_CHARS": 128_000_000,
    "CEN_MAX_CELL_CHARS": 1_000_000,  # the contract's longest text is 1,000 characters; Excel's cell 32,767
    "CEN_MAX_HEADER_CHARS": 1_000_000,
    "CEN_MAX_XLSX_MB": 1_000,
    "CEN_MAX_UPLOAD_MB": 200,
}


def _number(name: str) -> int:
    text = os.environ.get(name, "").strip().replace("_", "")
    if not text:
        return _DEFAULTS[name]
    if not text.isdigit() or int(text) <= 0:
        raise ValueError(f"{name}: a positive whole number, not {text!r}")
    return int(text)


def settings() -> Settings:
    """The settings as the environment gives them now."""
    return Settings(
        memory_limit=os.environ.get("CEN_MEMORY_LIMIT", MEMORY_LIMIT),
        debug=bool(os.environ.get("CEN_DEBUG")),
        line_chars=Limit(_number("CEN_MAX_LINE_CHARS"), "CEN_MAX_LINE_CHARS", "characters"),
        cell_chars=Limit(_number("CEN_MAX_CELL_CHARS"), "CEN_MAX_CELL_CHARS", "characters"),
        header_chars=Limit(_number("CEN_MAX_HEADER_CHARS"), "CEN_MAX_HEADER_CHARS", "characters"),
        xlsx_inflated_mb=Limit(_number("CEN_MAX_XLSX_MB"), "CEN_MAX_XLSX_MB", "MB"),
        upload_mb=Limit(_number("CEN_MAX_UPLOAD_MB"), "CEN_MAX_UPLOAD_MB", "MB"),
    )
