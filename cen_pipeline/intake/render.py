"""Renderings of a validation report: terminal table, JSON, CSV and a self-contained HTML page."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from cen_pipeline.contract.catalogue import kind
from cen_pipeline.core.output import neutralise_formula, shown_controls, terminal
from cen_pipeline.intake.check import Report

FORMATS = ("table", "json", "csv", "html")

_LABELS = {
    "en": {
        "row": "Row",
        "column": "Column",
        "case": "Case",
        "code": "Code",
        "message": "Message",
        "value": "Value",
        "valid": "valid",
        "invalid": "invalid",
        "rows": "rows read",
        "cases": "cases",
        "bad_rows": "rows with errors",
        "bad_cases": "cases with errors",
        "accepted": "lines accepted",
        "title": "Validation report",
        "more": "more problems not listed (raise --max-errors)",
        "errors": "Errors by code",
        "warnings": "Warnings by code",
        "profile": "profile",
    },
    "fr": {
        "row": "Ligne",
        "column": "Colonne",
        "case": "Dossier",
        "code": "Code",
        "message": "Message",
        "value": "Valeur",
        "valid": "valide",
        "invalid": "non valide",
        "rows": "lignes lues",
        "cases": "dossiers",
        "bad_rows": "lignes en erreur",
        "bad_cases": "dossiers en erreur",
        "accepted": "lignes acceptées",
        "title": "Rapport de validation",
        "more": "autres problèmes non listés (augmentez --max-errors)",
        "errors": "Erreurs par code",
        "warnings": "Avertissements par code",
        "profile": "profil",
    },
    "es": {
        "row": "Fila",
        "column": "Columna",
        "case": "Caso",
        "code": "Código",
        "message": "Mensaje",
        "value": "Valor",
        "valid": "válido",
        "invalid": "no válido",
        "rows": "filas leídas",
        "cases": "casos",
        "bad_rows": "filas con errores",
        "bad_cases": "casos con errores",
        "accepted": "líneas aceptadas",
        "title": "Informe de validación",
        "more": "más problemas no listados (aumente --max-errors)",
        "errors": "Errores por código",
        "warnings": "Advertencias por código",
        "profile": "perfil",
    },
}


def labels(lang: str) -> dict[str, str]:
    return _LABELS.get(lang, _LABELS["en"])


def problem_rows(report: Report, lang: str) -> list[dict[str, Any]]:
    """Each problem as a flat record, the shape shared by every rendering."""
    rows = []
    for p in report.problems:
        column, letter = report.location(p)
        k = kind(p.code)
        rows.append(
            {
                "file": report.file,
                "row": p.row,
                "where": report.row_label(p),
                "column": column,
                "letter": letter,
                "field": p.field,
                "case_ref": shown_controls(p.case_ref) if p.case_ref else p.case_ref,
                "code": p.code,
                "severity": k.severity,
                "title": k.title.get(lang, k.title["en"]),
                # A sent value may hold control characters: every rendering shows their codes, never them.
                "message": shown_controls(report.message(p, lang)),
                "value": shown_controls(report.shown_value(p)),
            }
        )
    return rows


def as_dict(report: Report, lang: str = "en") -> dict[str, Any]:
    s = report.summary
    return {
        "file": report.file,
        "profile": report.profile,
        "valid": report.valid,
        "summary": {
            "rows_read": s.rows_read,
            "rows_with_errors": s.rows_with_errors,
            "cases": s.cases,
            "cases_with_errors": s.cases_with_errors,
            "lines_accepted": s.lines_accepted,
            "errors_by_code": s.errors_by_code,
            "warnings_by_code": s.warnings_by_code,
        },
        "truncated": report.truncated,
        "problems": problem_rows(report, lang),
    }


def to_json(reports: list[Report], lang: str = "en") -> str:
    data: Any = [as_dict(r, lang) for r in reports]
    return json.dumps(data[0] if len(data) == 1 else data, ensure_ascii=False, indent=2) + "\n"


CSV_COLUMNS = (
    "file",
    "row",
    "where",
    "column",
    "letter",
    "field",
    "case_ref",
    "code",
    "severity",
    "message",
    "value",
)


def to_csv(reports: list[Report], lang: str = "en") -> str:
    return csv_of([as_dict(r, lang) for r in reports])


def csv_of(rendered: list[dict[str, Any]]) -> str:
    """The problems of reports rendered by `as_dict` (as the service keeps them) as CSV."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for report in rendered:
        for row in report["problems"]:
            writer.writerow({k: neutralise_formula(v) for k, v in row.items()})
    return out.getvalue()


def to_html(reports: list[Report], lang: str = "en") -> str:
    return html_of([as_dict(r, lang) for r in reports], lang)


def html_of(rendered: list[dict[str, Any]], lang: str = "en") -> str:
    """Reports rendered by `as_dict` in `lang` as the HTML page `cen validate --format html` writes."""
    from cen_pipeline.core.templates import environment

    template = environment().get_template("validation_report.html.j2")
    return template.render(reports=rendered, lang=lang, t=labels(lang), titles=problem_titles(lang))


def problem_titles(lang: str) -> dict[str, str]:
    """The title of every problem kind in `lang`, as reports show them."""
    from cen_pipeline.contract.catalogue import catalogue

    return {code: k.title.get(lang, k.title["en"]) for code, k in catalogue().items()}


def print_table(reports: list[Report], lang: str = "en") -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = Console(soft_wrap=False)
    t = labels(lang)
    for report in reports:
        s = report.summary
        status = f"[green]{t['valid']}[/]" if report.valid else f"[red]{t['invalid']}[/]"
        console.print(f"[bold]{escape(report.file)}[/] ({t['profile']} {escape(report.profile)}): {status}")
        console.print(
            f"  {s.rows_read} {t['rows']}, {s.cases} {t['cases']}, {s.rows_with_errors} {t['bad_rows']}, "
            f"{s.cases_with_errors} {t['bad_cases']}, {s.lines_accepted} {t['accepted']}"
        )
        if report.problems:
            table = Table(show_lines=False, pad_edge=False)
            for head in ("row", "column", "case", "code", "message"):
                table.add_column(t[head], overflow="fold")
            for row in problem_rows(report, lang):
                where = f"{row['letter']} {row['column']}".strip()
                style = "yellow" if row["severity"] == "warning" else None
                cells = (row["where"], where, row["case_ref"] or "", row["code"], row["message"])
                table.add_row(*map(terminal, cells), style=style)
            console.print(table)
        if report.truncated:
            console.print(f"  … {t['more']}")
        for title, counts in ((t["errors"], s.errors_by_code), (t["warnings"], s.warnings_by_code)):
            if counts:
                console.print(f"  {title}: " + ", ".join(f"{code} {n}" for code, n in counts.items()))
