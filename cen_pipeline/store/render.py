"""Renderings of ingest results: a summary per file and in total, as a table or JSON. A file of which no row
was accepted (refused whole, or every row faulty) also says why in a sentence (`reason`)."""

from __future__ import annotations

import json
from collections import Counter

from cen_pipeline.core.output import terminal
from cen_pipeline.store.ingest import IngestResult

_TOTALS = (
    "rows_read",
    "rows_accepted",
    "rows_quarantined",
    "lines_accepted",
    "cases_new",
    "cases_replaced",
    "cases_unchanged",
    "cases_withdrawn",
)


def totals(results: list[IngestResult]) -> dict[str, object]:
    out: dict[str, object] = {k: sum(getattr(r, k) for r in results) for k in _TOTALS}
    codes: Counter[str] = Counter()
    warnings: Counter[str] = Counter()
    for r in results:
        codes.update(r.quarantined_by_code)
        warnings.update(r.warnings_by_code)
    out["files"] = len(results)
    out["duplicates_skipped"] = sum(r.status == "duplicate" for r in results)
    out["quarantined_by_code"] = dict(sorted(codes.items()))
    out["warnings_by_code"] = dict(sorted(warnings.items()))
    return out


def results_json(results: list[IngestResult]) -> str:
    return json.dumps({"files": [r.as_dict() for r in results], "total": totals(results)}, indent=2) + "\n"


def print_results(results: list[IngestResult]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Ingest", title_justify="left")
    for head in (
        "file",
        "status",
        "rows",
        "accepted",
        "quarantined",
        "lines",
        "new",
        "replaced",
        "unchanged",
        "withdrawn",
    ):
        table.add_column(head, justify="left" if head in ("file", "status") else "right")
    for r in results:
        table.add_row(terminal(r.file), terminal(r.status), *(str(getattr(r, k)) for k in _TOTALS))
    t = totals(results)
    table.add_row(
        "total",
        f"{t['files']} files, {t['duplicates_skipped']} skipped as already loaded",
        *(str(t[k]) for k in _TOTALS),
        style="bold",
    )
    console = Console()
    console.print(table)
    codes = t["quarantined_by_code"]
    if isinstance(codes, dict) and codes:
        console.print("quarantined by code: " + ", ".join(f"{c} {n}" for c, n in codes.items()))
    warnings = t["warnings_by_code"]
    if isinstance(warnings, dict) and warnings:
        console.print("warnings by code: " + ", ".join(f"{c} {n}" for c, n in warnings.items()))
    for r in results:  # a file of which nothing was stored says why, in words
        if r.reason:
            console.print(f"{r.file}: {r.reason}", markup=False, highlight=False, soft_wrap=True)
