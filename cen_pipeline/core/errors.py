"""Exit codes of the `cen` command and the exceptions that map to them."""

from __future__ import annotations

from pathlib import Path

EXIT_OK = 0
EXIT_INVALID = 1  # the data is invalid (a report says why)
EXIT_USAGE = 2  # the command was called wrongly
EXIT_UNREADABLE = 3  # an input cannot be read at all
EXIT_INTERNAL = 4  # the program failed


class UsageError(ValueError):
    """The command was called with options that cannot work together or name nothing known."""


class UnreadableInput(Exception):
    """The file cannot be read at all: missing, undecodable, over a limit, or not the spreadsheet it claims
    to be."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
