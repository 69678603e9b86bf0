"""The report's files: one self-contained HTML page, the PDF printed from it, and the tables as XLSX and CSV.

Spreadsheet exports neutralise formula injection: a text cell that starts with = + - @, a tab or a carriage
return (a brand such as `=HYPERLINK(...)` sent by a Member) is written with a leading apostrophe.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from cen_pipeline.core.assets import asset_dir
from cen_pipeline.core.output import neutralise_formula
from cen_pipeline.core.templates import environment
from cen_pipeline.report.i18n import Words
from cen_pipeline.report.tables import (
    AMOUNT,
    CHANGE,
    DATE,
    DECIMAL,
    INTEGER,
    NUMERIC,
    PERCENT,
    Section,
    Table,
)

DASH = "–"


@dataclass(frozen=True)
class Cell:
    text: str
    raw: str  # the value as a machine reads it (data-value), empty when there is none
    kind: str


def cell(value: Any, kind: str, words: Words) -> Cell:
    if value is None or (isinstance(value, float) and value != value):
        return Cell(DASH, "", kind)
    if kind in (INTEGER, AMOUNT):
        return Cell(words.integer(value), f"{float(value):.2f}".rstrip("0").rstrip("."), kind)
    if kind == PERCENT:
        return Cell(words.percent(value), str(value), kind)
    if kind == CHANGE:
        return Cell(words.percent(value, signed=True), str(value), kind)
    if kind == DECIMAL:
        return Cell(words.decimal(value), str(value), kind)
    if kind == DATE:
        return Cell(value.isoformat() if isinstance(value, dt.date) else str(value), str(value), kind)
    return Cell(str(value), str(value), kind)


def html(sections: list[Section], words: Words, meta: dict[str, Any]) -> str:
    """The report as one HTML page: styles inline, charts inline SVG, nothing fetched from anywhere."""
    css = (asset_dir("reports") / "annual" / "report.css").read_text(encoding="utf-8")
    rendered = [
        {
            "section": s,
            "tables": [_page_table(t, words) for t in s.tables],
        }
        for s in sections
    ]
    template = environment().get_template("annual/report.html.j2")
    return template.render(sections=rendered, css=Markup(css), t=words.t, w=words, numeric=NUMERIC, **meta)


def _page_table(table: Table, words: Words) -> dict[str, Any]:
    """A table as the page shows it: code columns left out, the row's code kept as its data-key."""
    shown = [i for i, c in enumerate(table.columns) if c.on_page]
    keyed = not table.columns[0].on_page
    return {
        "table": table,
        "columns": [table.columns[i] for i in shown],
        "rows": [
            {
                "key": str(row[0]) if keyed else "",
                "cells": [cell(row[i], table.columns[i].kind, words) for i in shown],
            }
            for row in table.rows
        ],
        "widths": _widths(table, shown, words),
        # A short table stays on one page with its title; a long one may break between rows.
        "short": len(table.rows) <= 14,
    }


def _widths(table: Table, shown: list[int], words: Words) -> list[float]:
    """Column widths in percent, from the typical length of what each column shows and its longest heading
    word. Fixed widths spare the PDF printer from measuring every cell of every table twice (its automatic
    table layout is its slowest part)."""
    weights = []
    for i in shown:
        column = table.columns[i]
        texts = [cell(row[i], column.kind, words).text for row in table.rows[:50]] or [""]
        longest_word = max(len(word) for text in [column.label, *texts] for word in text.split() or [""])
        chars: float
        if column.kind in NUMERIC:
            chars = max(longest_word, *(len(t) for t in texts))
        else:  # a text column wraps between words, up to about 30 characters a line
            chars = max(longest_word, min(30.0, sum(len(t) for t in texts) / len(texts)))
        weights.append(max(3.0, chars) + 2.5)  # the cell's padding is worth about two characters
    total = sum(weights)
    return [round(100 * w / total, 2) for w in weights]


def _refuse(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ValueError(f"the report fetches nothing from outside: {url}")


def pdf(page: str, path: Path) -> None:
    """Print the HTML page to PDF (WeasyPrint); any attempt to fetch a resource is refused."""
    import weasyprint

    weasyprint.HTML(string=page, url_fetcher=_refuse).write_pdf(str(path))


def _xlsx_value(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind in NUMERIC:
        return round(float(value)) if kind == INTEGER else round(float(value), 2)
    if kind == DATE:
        return value
    return neutralise_formula(str(value))


_FORMATS = {
    INTEGER: "#,##0",
    AMOUNT: "#,##0",
    PERCENT: '0.0"%"',
    CHANGE: '+0.0"%";-0.0"%";0.0"%"',
    DECIMAL: "0.0",
    DATE: "yyyy-mm-dd",
}


def xlsx(tables: list[Table], path: Path) -> None:
    """One sheet per table: a styled header row, numbers stored as numbers, text neutralised."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    header_font = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor="1F4E79")
    for table in tables:
        sheet = book.create_sheet(table.key[:31])
        sheet.append([neutralise_formula(c.label) for c in table.columns])
        for c in sheet[1]:
            c.font, c.fill = header_font, header_fill
            c.alignment = Alignment(wrap_text=True, vertical="top")
        for row in table.rows:
            sheet.append([_xlsx_value(v, c.kind) for v, c in zip(row, table.columns, strict=True)])
        for index, column in enumerate(table.columns, start=1):
            letter = get_column_letter(index)
            if column.kind in _FORMATS:
                for (c,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    c.number_format = _FORMATS[column.kind]
            longest = max([len(column.label), *(len(str(r[index - 1] or "")) for r in table.rows)])
            sheet.column_dimensions[letter].width = min(60, max(8, longest + 2))
        sheet.freeze_panes = "A2"
        sheet.sheet_properties.tabColor = "1F4E79"
    book.save(str(path))


def _csv_value(value: Any, kind: str) -> Any:
    if value is None:
        return ""
    if kind == INTEGER:
        return round(float(value))
    if kind in NUMERIC:
        return round(float(value), 2)
    return neutralise_formula(value.isoformat() if isinstance(value, dt.date) else str(value))


def csv_files(tables: list[Table], folder: Path) -> list[Path]:
    """The same tables as CSV (UTF-8 with a byte-order mark, which spreadsheet programs expect)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table in tables:
        path = folder / f"{table.key}.csv"
        with path.open("w", encoding="utf-8-sig", newline="") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow([neutralise_formula(c.label) for c in table.columns])
            for row in table.rows:
                writer.writerow([_csv_value(v, c.kind) for v, c in zip(row, table.columns, strict=True)])
        written.append(path)
    return written
