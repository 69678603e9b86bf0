"""Read commands over the store: the quarantine a Member gets back, reporting coverage, case history."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from cen_pipeline.contract.catalogue import kind
from cen_pipeline.core.output import neutralise_formula, shown_controls, terminal
from cen_pipeline.store.db import connect

EXPORT_COLUMNS = (
    "file",
    "submission",
    "row",
    "column",
    "letter",
    "case_ref",
    "code",
    "title",
    "message",
    "value",
)
_HEADINGS = {
    "en": ("File", "Submission", "Row", "Column", "Letter", "Case", "Code", "Problem", "Message", "Value"),
    "fr": (
        "Fichier",
        "Soumission",
        "Ligne",
        "Colonne",
        "Lettre",
        "Dossier",
        "Code",
        "Problème",
        "Message",
        "Valeur",
    ),
    "es": ("Archivo", "Envío", "Fila", "Columna", "Letra", "Caso", "Código", "Problema", "Mensaje", "Valor"),
}


def quarantine_rows(
    db: Path, member: str | None, lang: str, limit: int | None = None
) -> list[dict[str, Any]]:
    """Quarantined rows with messages in `lang`; values are stored masked already."""
    con = connect(db, read_only=True)
    try:
        sql = """SELECT s.file_name, q.submission_id, q.row_number, q.column_name, q.column_letter, q.case_ref,
                        q.code, q.masked_value, q.params
                 FROM quarantine q JOIN submissions s USING (submission_id)
                 WHERE ? IS NULL OR q.member = ?
                 ORDER BY q.submission_id DESC, q.row_number, q.column_letter"""
        if limit:
            sql += f" LIMIT {int(limit)}"
        rows = con.execute(sql, [member, member]).fetchall()
    finally:
        con.close()
    out = []
    for file, sid, row, column, letter, case_ref, code, value, params in rows:
        k = kind(code)
        out.append(
            {
                "file": file,
                "submission": sid,
                "row": row,
                "column": column,
                "letter": letter,
                "case_ref": shown_controls(case_ref) if case_ref else case_ref,
                "code": code,
                "title": k.title.get(lang, k.title["en"]),
                "message": shown_controls(entry_message(code, params, value, case_ref, column, lang)),
                "value": shown_controls(value) if value else value,
            }
        )
    return out


def entry_message(
    code: str, params: str | None, value: str | None, case_ref: str | None, column: str | None, lang: str
) -> str:
    """The message of a stored quarantine entry in `lang`, from its code and what it recorded."""
    fill = {**json.loads(params or "{}"), "value": value or case_ref or "", "column": column or ""}
    return kind(code).render(lang, **fill)


def export_quarantine(db: Path, member: str, out: Path, lang: str) -> int:
    rows = quarantine_rows(db, member, lang)
    headings = _HEADINGS.get(lang, _HEADINGS["en"])
    records = [[neutralise_formula(r[c]) for c in EXPORT_COLUMNS] for r in rows]
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix.lower() == ".xlsx":
        import openpyxl

        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "Quarantine"
        sheet.append(list(headings))
        for record in records:
            sheet.append(record)
        book.save(out)
    else:
        with out.open("w", encoding="utf-8-sig", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(headings)
            writer.writerows(records)
    return len(rows)


def _console() -> Any:
    import sys

    from rich.console import Console

    # A pipe or a file gets full lines, not a table folded to 80 columns.
    return Console(width=None if sys.stdout.isatty() else 200)


def print_quarantine(db: Path, member: str | None, lang: str, limit: int) -> int:
    """Print the newest quarantined rows; how many (0: none, and nothing printed)."""
    from rich.table import Table

    rows = quarantine_rows(db, member, lang, limit)
    if not rows:
        return 0
    table = Table()
    for heading, column in zip(_HEADINGS.get(lang, _HEADINGS["en"]), EXPORT_COLUMNS, strict=True):
        if column != "submission":
            table.add_column(heading, overflow="fold")
    for r in rows:
        table.add_row(*(terminal(r[c]) for c in EXPORT_COLUMNS if c != "submission"))
    _console().print(table)
    return len(rows)


def coverage_rows(
    db: Path, member: str | None = None, year: int | None = None
) -> list[tuple[str, str, str, int | None]]:
    con = connect(db, read_only=True)
    try:
        return [
            (str(m), str(month)[:7], str(status), cases)
            for m, month, status, cases in con.execute(
                """SELECT member, month, status, cases FROM coverage
                   WHERE (? IS NULL OR member = ?) AND (? IS NULL OR year(month) = ?) ORDER BY member, month""",
                [member, member, year, year],
            ).fetchall()
        ]
    finally:
        con.close()


def print_coverage(db: Path, member: str | None, year: int | None) -> int:
    """Print the coverage grid; the number of Member-months in it (0: none, and nothing printed)."""
    from rich.table import Table

    rows = coverage_rows(db, member, year)
    if not rows:
        return 0
    months = sorted({m for _, m, _, _ in rows})
    marks = {"reported": "■", "nil_return": "0", "not_reported": "·"}
    table = Table(
        "Member",
        *(m[2:] for m in months),
        title="Reporting coverage (■ reported, 0 nil return, · not reported)",
    )
    by_member: dict[str, dict[str, str]] = {}
    for m, month, status, _ in rows:
        by_member.setdefault(m, {})[month] = marks[status]
    for m, cells in by_member.items():
        table.add_row(terminal(m), *(cells.get(month, "") for month in months))
    _console().print(table)
    return len(rows)


def print_history(db: Path, member: str, case_ref: str) -> int:
    """Print every stored version of a case; the number of versions (0: no such case)."""
    from rich.table import Table

    con = connect(db, read_only=True)
    try:
        rows = con.execute(
            """SELECT c.version, c.is_current, c.withdrawn, s.file_name, s.received_at, c.seizure_date, c.line_count
               FROM cases c JOIN submissions s USING (submission_id)
               WHERE c.reporting_member = ? AND c.case_ref = ? ORDER BY c.version""",
            [member, case_ref],
        ).fetchall()
    finally:
        con.close()
    if not rows:
        return 0
    table = Table(
        "version",
        "current",
        "withdrawn",
        "file",
        "received",
        "seizure date",
        "lines",
        title=f"History of {member} {case_ref}",
    )
    for row in rows:
        table.add_row(*map(terminal, row))
    _console().print(table)
    return len(rows)
