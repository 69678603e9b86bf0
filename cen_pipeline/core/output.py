"""One output layer for what Members sent: every CSV, XLSX and terminal writer shows a value through it.

A spreadsheet runs a cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return as a formula
(OWASP, CSV injection): such text is prefixed with a quote, while numbers, and text that is a plain number,
stay as they are. A terminal obeys control and escape sequences and `rich` reads `[...]` as markup: a
terminal cell is plain text with every control character shown as its code point (`[U+001B]`).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd
    from rich.text import Text

# Characters no output may pass on as they are: C0 and C1 controls but tab and line breaks, DEL, and the
# bidirectional overrides and isolates that reorder what a reader sees (U+202E).
CONTROL_CHARACTERS = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
# On a terminal a carriage return rewrites the line it ends: shown too.
_TERMINAL_CONTROLS = r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+([.,][0-9]+)?")


class OutputRefused(ValueError):
    """An output file that is not to be written: an existing file not to be replaced, or a symbolic link."""


def writable(path: Path, force: bool = False) -> Path:
    """The file an output is to go to, checked: never through a symbolic link (which may lead anywhere
    outside the folder named), and never over an existing file unless `force`."""
    if path.is_symlink():
        raise OutputRefused(f"{path} is a symbolic link; name the file itself")
    if path.exists() and (not force or not path.is_file()):
        what = "is not a file" if not path.is_file() else "exists; add --force to replace it"
        raise OutputRefused(f"{path} {what}")
    return path


def shown_controls(text: str, controls: str = CONTROL_CHARACTERS) -> str:
    """`text` with each control character written as its code point: [U+0007]."""
    return re.sub(controls, lambda m: f"[U+{ord(m.group()):04X}]", text)


def neutralise_formula(value: Any) -> Any:
    """A spreadsheet cell's value: text a spreadsheet would run as a formula is prefixed with a quote, and a
    control character (which XLSX cannot hold) is shown as its code; numbers are left as they are."""
    if not isinstance(value, str):
        return value
    value = shown_controls(value)
    if value[:1] in _FORMULA_START and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def terminal(value: Any) -> Text:
    """A value as a terminal is to show it: plain text (no markup, no emoji codes), every control shown."""
    from rich.text import Text

    text = "" if value is None else str(value)
    return Text(shown_controls(text, _TERMINAL_CONTROLS))


def csv_text(headings: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """Rows as CSV text, every cell neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([neutralise_formula(h) for h in headings])
    writer.writerows([neutralise_formula(v) for v in row] for row in rows)
    return buffer.getvalue()


def frame_csv(frame: pd.DataFrame) -> str:
    """A table as CSV text, its text cells neutralised and its numbers as numbers."""
    rows = ([None if _missing(v) else v for v in record] for record in frame.itertuples(index=False))
    return csv_text([str(c) for c in frame.columns], rows)


def frame_xlsx(frame: pd.DataFrame, path: Path, sheet: str) -> None:
    """A table as one sheet of a workbook, its text cells neutralised and its numbers as numbers."""
    from openpyxl import Workbook

    book = Workbook()
    page = book.active
    page.title = sheet[:31]
    page.append([neutralise_formula(str(c)) for c in frame.columns])
    for record in frame.itertuples(index=False):
        page.append([None if _missing(v) else neutralise_formula(_plain(v)) for v in record])
    book.save(str(path))


def _missing(value: Any) -> bool:
    """None, NaN, NaT or pandas' NA: an empty cell."""
    import pandas as pd

    return value is None or (pd.api.types.is_scalar(value) and bool(pd.isna(value)))


def _plain(value: Any) -> Any:
    """numpy scalars as Python values, which openpyxl writes."""
    return value.item() if hasattr(value, "item") and not isinstance(value, str) else value
