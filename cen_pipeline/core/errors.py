"""Exit codes of the `cen` command and the exceptions that map to them."""

from __future__ import annotations

EXIT_OK = 0
EXIT_INVALID = 1  # the data is invalid (a report says why)
EXIT_USAGE = 2  # the command was called wrongly
EXIT_UNREADABLE = 3  # an input cannot be read at all
EXIT_INTERNAL = 4  # the program failed


class UsageError(ValueError):
    """The command was called with options that cannot work together or name nothing known."""
