"""Write the annual report of a period into a folder: report.html, report.pdf, tables.xlsx and tables/*.csv.

The steps: make sure the analysis tables are built and not older than the last ingest (they are rebuilt
when a submission or a case came in since), read the quality scorecard and the stored alerts of the period,
read the figures of every section, write the text from them, draw the charts and render the files.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from cen_pipeline.analysis.transform import is_fresh, run_models
from cen_pipeline.contract.codelists import known_regions, region_code
from cen_pipeline.core.settings import WAIT_SECONDS
from cen_pipeline.report import charts, narrative, render
from cen_pipeline.report.i18n import Words
from cen_pipeline.report.models import build as build_report_models
from cen_pipeline.report.period import ReportPeriod
from cen_pipeline.report.sections import Inputs, build_sections
from cen_pipeline.report.tables import Section, Table, change_pct
from cen_pipeline.store.db import connect

# Sections that open a new page in print; the others follow on.
PAGE_STARTS = (
    "regions",
    "categories",
    "provenance",
    "routes",
    "conveyance",
    "brands",
    "significant",
    "alerts",
    "quality",
    "methodology",
)


class ReportError(Exception):
    """The report cannot be written; `exit_code` says why (see errors.py)."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


@dataclass(frozen=True)
class ReportRequest:
    db: Path
    year: int
    out: Path
    fiscal: bool = False
    region: str | None = None
    lang: str = "en"
    wait: float = WAIT_SECONDS
    pdf: bool = True
    replace: bool = False  # replace the report a folder holds already


@dataclass
class ReportResult:
    files: list[Path] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    sections: list[Section] = field(default_factory=list)


def resolve_region(text: str) -> str:
    """A WCO region code from its code or its name in any language (case does not matter)."""
    from cen_pipeline.core.errors import EXIT_USAGE

    code = region_code(text)
    if code is None:
        raise ReportError(f"unknown WCO region {text!r}; known: {known_regions()}", EXIT_USAGE)
    return code


# The files a report folder holds: none may be a symbolic link (the report would be written wherever it
# leads), and a report there is replaced only when asked.
_REPORT_FILES = ("report.html", "report.pdf", "tables.xlsx", "tables")


def check_output(folder: Path, replace: bool = False) -> None:
    """Fail early, before any work, when the output folder cannot be created or written, when a file of the
    report there is a symbolic link, or when it holds a report already and `replace` is not asked."""
    from cen_pipeline.core.errors import EXIT_USAGE

    made = [folder / name for name in _REPORT_FILES]
    made += list((folder / "tables").glob("*.csv")) if (folder / "tables").is_dir() else []
    for path in made:
        if path.is_symlink():
            raise ReportError(
                f"{path} is a symbolic link; the report writes only into its own folder", EXIT_USAGE
            )
    if not replace and any(path.exists() for path in made[:3]):
        raise ReportError(f"{folder} holds a report already; add --force to replace it", EXIT_USAGE)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".write-test-"):
            pass
    except OSError as err:
        raise ReportError(f"cannot write to --out {folder}: {err.strerror or err}", EXIT_USAGE) from None


def ensure_models(db: Path, wait: float) -> bool:
    """Build the analysis tables when missing or older than the last ingest; returns whether it built them."""
    with connect(db, read_only=True, wait=wait) as con:
        if is_fresh(con):
            return False
    with connect(db, wait=wait) as con:
        run_models(con)
    return True


def quality_rows(db: Path, year: int, region: str | None, wait: float) -> list[Any]:
    """The stored quality scorecard of `year`, computed and stored first when the store has none yet."""
    from cen_pipeline.quality.scorecard import ScoreRow, compute, store_scorecard

    fields = list(ScoreRow.__dataclass_fields__)
    rows: list[ScoreRow] = []
    with connect(db, read_only=True, wait=wait) as con:
        try:
            found = con.execute(
                f"SELECT {', '.join(fields)} FROM quality_scorecard WHERE year = ? AND level IN ('region', 'all')",
                [year],
            ).fetchall()
            rows = [ScoreRow(**dict(zip(fields, r, strict=True))) for r in found]
        except duckdb.CatalogException:
            rows = []
        (submissions,) = con.execute("SELECT count(*) FROM submissions WHERE kind = 'data'").fetchone() or (
            0,
        )
    if not rows and submissions:
        with connect(db, wait=wait) as con:
            computed = compute(con, year)
            store_scorecard(con, computed, year)
        rows = [r for r in computed if r.level in ("region", "all")]
    if region:
        rows = [r for r in rows if r.level == "all" or r.code == region]
    return sorted(rows, key=lambda r: (r.level == "all", r.code))


def alert_inputs(
    con: duckdb.DuckDBPyConnection, period: ReportPeriod, region: str | None
) -> tuple[list[Any], list[str]]:
    """The stored alerts of the period's months, and the months the alert run never computed."""
    from cen_pipeline.alerts.months import data_months
    from cen_pipeline.alerts.storage import load_alerts

    span = data_months(con)
    months = [date(y, m, 1) for y, m in period.months()]
    if span is not None:
        months = [m for m in months if span[0] <= m <= span[1]]
    try:
        done = {r[0] for r in con.execute("SELECT month FROM alert_runs").fetchall()}
    except duckdb.CatalogException:
        done = set()
    computed = [m for m in months if m in done]
    missing = [f"{m.year:04d}-{m.month:02d}" for m in months if m not in done]
    return load_alerts(con, computed, region) if computed else [], missing


def _years_with_data(con: duckdb.DuckDBPyConnection) -> str:
    rows = con.execute("SELECT DISTINCT year FROM reporting_members ORDER BY 1").fetchall()
    return ", ".join(str(r[0]) for r in rows) or "none"


def _add_charts(sections: list[Section], w: Words, period: ReportPeriod) -> None:
    by_key = {s.key: s for s in sections}
    cases = w.t("chart_cases")
    cur, prev = period.label, period.previous.label
    series = by_key["summary"].facts["series"]
    by_key["summary"].charts.append(charts.columns([(p, c) for p, c, _ in series], cases, cases))
    for key in ("regions", "members", "conveyance", "brands"):
        items = by_key[key].facts.get("chart", [])
        if items:
            by_key[key].charts.append(charts.bars(items, by_key[key].title, cases, cur, prev))
    table: Table = by_key["categories"].facts["series"]
    labels = [c.label for c in table.columns[2:]]
    points = [
        (row[1], label, float(v)) for row in table.rows[:5] for label, v in zip(labels, row[2:], strict=True)
    ]
    if points:
        by_key["categories"].charts.append(charts.lines(points, table.title, cases))
    flows = by_key["routes"].facts["flows"]
    if flows:
        by_key["routes"].charts.append(charts.flows(flows, by_key["routes"].title, cases))


def _kpis(summary: Section, w: Words) -> list[dict[str, Any]]:
    now, before = summary.facts["now"], summary.facts["before"]
    kpis = []
    for key in ("cases", "articles", "members", "health_safety_cases"):
        pct = change_pct(now[key], before[key])
        kpis.append(
            {
                "key": key,
                "raw": now[key],
                "text": w.integer(now[key]),
                "label": w.t(f"h_{key}"),
                "change": w.percent(pct, signed=True) if pct is not None else None,
                "change_raw": pct,
            }
        )
    basis = summary.facts["main_basis"]
    if basis and now["values"].get(basis, {}).get("value_eur") is not None:
        value = now["values"][basis]["value_eur"]
        pct = change_pct(value, before["values"].get(basis, {}).get("value_eur"))
        kpis.append(
            {
                "key": f"value-{basis}",
                "raw": round(value, 2),
                "text": "EUR " + w.integer(value),
                "label": w.code("value_basis", basis),
                "change": w.percent(pct, signed=True) if pct is not None else None,
                "change_raw": pct,
            }
        )
    return kpis


def write_report(request: ReportRequest) -> ReportResult:
    """Write the report files of `request` into its folder; raises ReportError for bad input."""
    from cen_pipeline.core.errors import EXIT_INVALID
    from cen_pipeline.store.db import StoreMissing

    if not request.db.exists():
        raise StoreMissing(f"no store at {request.db} (ingest a file first, or set --db / CEN_DB)")
    words = Words(request.lang)
    region = resolve_region(request.region) if request.region else None
    period = ReportPeriod(request.year, request.fiscal)
    check_output(request.out, request.replace)
    result = ReportResult()
    clock = time.perf_counter()
    ensure_models(request.db, request.wait)
    result.seconds["models"] = time.perf_counter() - clock

    clock = time.perf_counter()
    with connect(request.db, read_only=True, wait=request.wait) as con:
        (cases,) = con.execute(
            f"SELECT count(*) FROM reporting_members WHERE {period.where()}"
            + (f" AND wco_region = '{region}'" if region else "")
        ).fetchone() or (0,)
        if not cases:
            where = f" in WCO region {region}" if region else ""
            raise ReportError(
                f"no case was seized in {period.label}{where}; years with data: {_years_with_data(con)}",
                EXIT_INVALID,
            )
        alerts, missing = alert_inputs(con, period, region)
    quality_year = period.year  # a financial year ends in the calendar year it is named by
    inputs = Inputs(
        alerts, missing, quality_rows(request.db, quality_year, region, request.wait), quality_year
    )
    with connect(request.db, read_only=True, wait=request.wait) as con:
        built = time.perf_counter()
        build_report_models(con, period)
        result.seconds["report tables"] = time.perf_counter() - built
        sections = build_sections(con, period, region, words, inputs)
    result.seconds["figures"] = time.perf_counter() - clock - result.seconds["report tables"]

    clock = time.perf_counter()
    scope = (
        words.t("scope_region", region=words.code("wco_region", region)) if region else words.t("scope_all")
    )
    narrative.write(sections, words, period, scope)
    _add_charts(sections, words, period)
    result.seconds["text and charts"] = time.perf_counter() - clock

    clock = time.perf_counter()
    period_text = (
        words.t("period_fiscal", label=period.label, start=period.year - 1, end=period.year)
        if period.fiscal
        else words.t("period_calendar", year=period.year)
    )
    summary = sections[0]
    meta = {
        "lang": request.lang,
        "period_label": period.label,
        "period_text": period_text,
        "scope_text": scope,
        "region": region,
        "generated": words.t("generated", date=date.today().isoformat()),
        "kpis": _kpis(summary, words),
        "vs_prev": period.previous.label,
        "page_starts": PAGE_STARTS,
    }
    page = render.html(sections, words, meta)
    out = request.out
    html_path = out / "report.html"
    html_path.write_text(page, encoding="utf-8")
    result.files.append(html_path)
    result.seconds["html"] = time.perf_counter() - clock
    tables = [t for s in sections for t in s.tables]
    clock = time.perf_counter()
    render.xlsx(tables, out / "tables.xlsx")
    result.files.append(out / "tables.xlsx")
    result.files += render.csv_files(tables, out / "tables")
    result.seconds["xlsx and csv"] = time.perf_counter() - clock
    if request.pdf:
        clock = time.perf_counter()
        render.pdf(page, out / "report.pdf")
        result.files.append(out / "report.pdf")
        result.seconds["pdf"] = time.perf_counter() - clock
    result.sections = sections
    return result
