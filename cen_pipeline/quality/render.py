"""The scorecard as a table, JSON, CSV or a self-contained HTML page with inline SVG bar charts.

The table, JSON and HTML also show the findings (`scorecard.findings`): the failed expectations that come
with examples of the cases concerned (warnings: the submission was stored), and those that refused a
submission whole. In JSON each scorecard row carries the findings of the Members it counts (`findings`)."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import Any

from cen_pipeline.core.output import csv_text, terminal
from cen_pipeline.quality.scorecard import Finding, ScoreRow

SHARES = ("completeness", "validity", "within_30_days", "within_90_days", "coverage")


def to_json(rows: list[ScoreRow], found: Sequence[Finding] = ()) -> str:
    out = [{**r.as_dict(), "findings": [f.as_dict() for f in found if f.in_scope(r)]} for r in rows]
    return json.dumps(out, indent=2, ensure_ascii=False) + "\n"


def to_csv(rows: list[ScoreRow]) -> str:
    fields = list(ScoreRow.__dataclass_fields__)
    return csv_text(fields, ([r.as_dict().get(f) for f in fields] for r in rows))


def _pct(value: float | None) -> str:
    return "" if value is None else f"{100 * value:.1f} %"


def _days(value: float | None) -> str:
    return "" if value is None else f"{value:.0f}"


def print_table(rows: list[ScoreRow], found: Sequence[Finding] = ()) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Data quality scorecard", show_lines=False)
    for heading in (
        "Level",
        "Code",
        "Name",
        "Cases",
        "Completeness",
        "Validity",
        "Days median",
        "Days p90",
        "≤30 d",
        "≤90 d",
        "Coverage",
        "Most failed expectations",
    ):
        table.add_column(heading, overflow="fold")
    for r in rows:
        cells = (
            r.level,
            r.code,
            r.name,
            str(r.cases),
            _pct(r.completeness),
            _pct(r.validity),
            _days(r.timeliness_median_days),
            _days(r.timeliness_p90_days),
            _pct(r.within_30_days),
            _pct(r.within_90_days),
            _pct(r.coverage),
            r.top_failed,
        )
        table.add_row(*map(terminal, cells))
    console = Console(width=None if sys.stdout.isatty() else 220)
    console.print(table)
    print_findings(console, found)


def print_findings(console: Any, found: Sequence[Finding]) -> None:
    """The findings as plain lines (never wrapped, so a case reference is never cut)."""
    warnings = [f for f in found if f.severity == "warning"]
    refusals = [f for f in found if f.severity == "blocking"]
    for title, group in (
        ("Warnings with examples (the submissions were stored; look at these cases):", warnings),
        ("Submissions refused whole by a blocking expectation:", refusals),
    ):
        if not group:
            continue
        console.print(title, markup=False, highlight=False, soft_wrap=True)
        for f in group:
            console.print(f"  {f.headline()}", markup=False, highlight=False, soft_wrap=True)
            for e in f.examples:
                console.print(f"    {e.describe()}", markup=False, highlight=False, soft_wrap=True)


def _bars(rows: list[ScoreRow], attribute: str, scale: float, unit: str) -> dict[str, Any]:
    """One horizontal bar per row: label, value text and bar width (of 200 px)."""
    bars = []
    for i, r in enumerate(rows):
        value = getattr(r, attribute)
        width = 0.0 if value is None else min(200.0, 200.0 * value / scale) if scale else 0.0
        text = "n/a" if value is None else (f"{100 * value:.0f} %" if unit == "%" else f"{value:.0f} d")
        bars.append({"y": 4 + 18 * i, "label": r.code, "width": round(width, 1), "text": text})
    return {"bars": bars, "height": 8 + 18 * len(rows)}


def to_html(rows: list[ScoreRow], year: int | None, found: Sequence[Finding] = ()) -> str:
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    from cen_pipeline.core.assets import asset_dir

    env = Environment(
        loader=FileSystemLoader(asset_dir("reports")), autoescape=select_autoescape(["j2", "html"])
    )
    members = [r for r in rows if r.level == "member"]
    slowest = max((r.timeliness_p90_days or 0.0 for r in members), default=0.0)
    charts = [
        ("Completeness", _bars(members, "completeness", 1.0, "%")),
        ("Validity", _bars(members, "validity", 1.0, "%")),
        ("Median days to submission", _bars(members, "timeliness_median_days", slowest, "d")),
        ("Within 90 days", _bars(members, "within_90_days", 1.0, "%")),
        ("Coverage", _bars(members, "coverage", 1.0, "%")),
    ]
    return env.get_template("quality.html.j2").render(
        year=year,
        levels=[
            ("Members", members),
            ("RILOs", [r for r in rows if r.level == "rilo"]),
            ("WCO regions", [r for r in rows if r.level == "region"]),
            ("All Members", [r for r in rows if r.level == "all"]),
        ],
        charts=charts if members else [],
        warnings=[f for f in found if f.severity == "warning"],
        refusals=[f for f in found if f.severity == "blocking"],
        pct=_pct,
        days=_days,
    )
