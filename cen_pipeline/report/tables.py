"""The building blocks of the report: a table of figures with typed columns, and a section of the report."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

# Kinds of column: how a cell is written (HTML, XLSX) and compared (tests read the raw value).
TEXT, INTEGER, AMOUNT, PERCENT, CHANGE, DECIMAL, DATE = (
    "text",
    "integer",
    "amount",
    "percent",
    "change",
    "decimal",
    "date",
)
NUMERIC = (INTEGER, AMOUNT, PERCENT, CHANGE, DECIMAL)


@dataclass(frozen=True)
class Column:
    key: str  # stable machine name
    label: str  # heading in the report's language
    kind: str = TEXT
    # A code column (ISO code, code-list code) is in the spreadsheets; the page shows its label instead,
    # and keeps the code of a row's first column in the row's data-key attribute.
    on_page: bool = True


@dataclass
class Table:
    """One table of the report: also one sheet of tables.xlsx and one file of tables/."""

    key: str
    title: str
    columns: list[Column]
    rows: list[list[Any]] = field(default_factory=list)

    def values(self, key: str) -> list[Any]:
        index = [c.key for c in self.columns].index(key)
        return [row[index] for row in self.rows]

    def records(self) -> list[dict[str, Any]]:
        keys = [c.key for c in self.columns]
        return [dict(zip(keys, row, strict=True)) for row in self.rows]


@dataclass
class Section:
    """One section of the report: its title, its tables, the facts its text is written from, its text."""

    key: str
    title: str
    tables: list[Table] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)
    text: list[str] = field(default_factory=list)
    charts: list[Markup] = field(default_factory=list)


# Spreadsheet programs run a cell that starts with one of these as a formula (CSV/formula injection).
def change_pct(current: float | None, previous: float | None) -> float | None:
    """The change from `previous` to `current` in percent; None when there is nothing to compare with."""
    if current is None or previous is None or previous == 0:
        return None
    return round((current - previous) / previous * 100, 1)


def share_pct(part: float | None, whole: float | None) -> float | None:
    if part is None or not whole:
        return None
    return round(part / whole * 100, 1)
