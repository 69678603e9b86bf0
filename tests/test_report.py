"""The annual report (`cen report annual`) on a store made from the sample feeds: its figures against plain SQL
over the stored cases, the PDF and the page as a browser shows them, the spreadsheet exports and the CLI."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pytest
from openpyxl import load_workbook
from PIL import Image

from cen_pipeline.alerts.runs import compute as compute_alerts
from cen_pipeline.analysis.transform import run_models
from cen_pipeline.report.annual import ReportRequest, write_report
from cen_pipeline.report.i18n import LANGUAGES, message_keys
from cen_pipeline.report.period import ReportPeriod
from cen_pipeline.report.sections import SECTION_KEYS
from cen_pipeline.store.db import connect
from tests.conftest import run_cen
from tests.test_transforms import sample_store_path

YEAR = 2025
SECTION_TITLES = (
    "Executive summary",
    "Caveats",
    "Reporting coverage",
    "WCO regions",
    "Top reporting Members",
    "Product categories",
    "Health and safety",
    "Provenance and destination",
    "Routes",
    "Conveyance",
    "Type of intellectual property right",
    "Procedure",
    "Outcomes of detention",
    "Small consignments and e-commerce",
    "Top brands",
    "Concealment and detection",
    "Significant seizures",
    "Alerts and emerging trends",
    "Annex: data quality per WCO region",
    "Methodology and definitions",
)


class Page(HTMLParser):
    """What a reader of report.html relies on: section titles, headline figures, tables and their rows."""

    def __init__(self) -> None:
        super().__init__()
        self.titles: list[str] = []
        self.kpis: dict[str, dict[str, str]] = {}
        self.tables: dict[str, dict[str, Any]] = {}
        self.urls: list[str] = []
        self._table: str | None = None
        self._row: dict[str, Any] | None = None
        self._h2 = False
        self._kpi: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        for key in ("href", "src"):
            if key in a and not a[key].startswith("#"):
                self.urls.append(a[key])
        if tag == "h2":
            self._h2 = True
            self.titles.append("")
        elif tag == "div" and a.get("class") == "kpi":
            self._kpi = a["id"].removeprefix("kpi-")
            self.kpis[self._kpi] = {"value": a["data-value"]}
        elif tag == "span" and a.get("class") == "kpi-change" and self._kpi:
            self.kpis[self._kpi]["change"] = a["data-value"]
        elif tag == "table":
            self._table = a["data-table"]
            self.tables[self._table] = {"columns": [], "rows": []}
        elif tag == "th" and self._table:
            self.tables[self._table]["columns"].append(a["data-column"])
        elif tag == "tr" and self._table:
            self._row = {"key": a.get("data-key", ""), "cells": []}
        elif tag == "td" and self._row is not None and "data-value" in a:
            self._row["cells"].append(a["data-value"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "h2":
            self._h2 = False
        elif tag == "tr" and self._table and self._row is not None:
            if self._row["cells"]:
                self.tables[self._table]["rows"].append(self._row)
            self._row = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data: str) -> None:
        if self._h2:
            self.titles[-1] += data

    def column(self, table: str, column: str) -> list[str]:
        t = self.tables[table]
        index = t["columns"].index(column)
        return [r["cells"][index] for r in t["rows"]]

    def keys(self, table: str) -> list[str]:
        return [r["key"] for r in self.tables[table]["rows"]]


def number(text: str) -> float | None:
    return None if text == "" else float(text)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the sample store (so the report's quality scorecard and alerts stay in it), with the alerts
    of June 2025 computed and the other months of 2025 left uncomputed."""
    db = tmp_path_factory.mktemp("report") / "cen.duckdb"
    shutil.copy(sample_store_path(tmp_path_factory), db)
    compute_alerts(db, [date(YEAR, 6, 1)])
    return db


@pytest.fixture(scope="module")
def report(store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report-out") / f"report-{YEAR}"
    done = run_cen("report", "annual", "--year", str(YEAR), "--out", out, "--db", store)
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="module")
def page(report: Path) -> Page:
    parser = Page()
    parser.feed((report / "report.html").read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def con(store: Path, report: Path):
    connection = connect(store, read_only=True)
    yield connection
    connection.close()


# Plain SQL over the stored current cases and goods lines, written here and not taken from the models.
LINES = """
    WITH c AS (
        SELECT *, coalesce(departure_country, 'not_given') AS dep, coalesce(destination_country, 'not_given') AS dst
        FROM current_cases WHERE year(seizure_date) = {year}),
    l AS (
        SELECT l.*, c.seizure_date,
               coalesce(l.articles::DOUBLE, CASE WHEN l.unit IN ('pieces', 'pairs') THEN l.quantity::DOUBLE END) AS n
        FROM current_lines l JOIN c USING (reporting_member, case_ref))
"""


def one(con: duckdb.DuckDBPyConnection, sql: str) -> tuple[Any, ...]:
    row = con.execute(sql).fetchone()
    assert row is not None
    return row


def headline(con: duckdb.DuckDBPyConnection, year: int) -> dict[str, Any]:
    sql = LINES.format(year=year)
    cases, members = one(con, f"{sql} SELECT count(*), count(DISTINCT reporting_member) FROM c")
    (articles,) = one(con, f"{sql} SELECT coalesce(sum(n), 0) FROM l")
    values = dict(
        con.execute(
            f"""{sql} SELECT l.value_basis, sum(l.value * r.eur_per_unit) FROM l
                JOIN fx_rates r ON r.currency = l.currency AND r.day = l.seizure_date
                WHERE l.value IS NOT NULL GROUP BY 1"""
        ).fetchall()
    )
    return {"cases": cases, "members": members, "articles": articles, "values": values}


def test_headline_figures_match_the_stored_cases(con: duckdb.DuckDBPyConnection, page: Page, report: Path):
    now, before = headline(con, YEAR), headline(con, YEAR - 1)
    assert now["cases"] > 0 and before["cases"] > 0
    expected_change = round((now["cases"] - before["cases"]) / before["cases"] * 100, 1)
    assert number(page.kpis["cases"]["value"]) == now["cases"]
    assert number(page.kpis["cases"]["change"]) == expected_change
    assert number(page.kpis["articles"]["value"]) == pytest.approx(now["articles"])
    assert number(page.kpis["members"]["value"]) == now["members"]

    rows = {r["cells"][0]: r["cells"] for r in page.tables["headline"]["rows"]}
    sheet = {r[0]: r for r in load_workbook(report / "tables.xlsx")["headline"].iter_rows(values_only=True)}
    for label, key in (("Cases", "cases"), ("Articles", "articles"), ("Reporting Members", "members")):
        assert number(rows[label][1]) == pytest.approx(now[key])
        assert number(rows[label][2]) == pytest.approx(before[key])
        assert sheet[label][1] == pytest.approx(now[key]) and sheet[label][2] == pytest.approx(before[key])
    assert number(rows["Cases"][3]) == expected_change == sheet["Cases"][3]

    assert sorted(page.keys("values")) == sorted(now["values"])
    values_sheet = {
        r[0]: r for r in load_workbook(report / "tables.xlsx")["values"].iter_rows(values_only=True)
    }
    for basis, value in now["values"].items():
        shown = page.column("values", "value_eur")[page.keys("values").index(basis)]
        assert number(shown) == pytest.approx(float(value), abs=0.01)
        assert values_sheet[basis][2] == pytest.approx(float(value), abs=0.01)
        assert values_sheet[basis][3] == pytest.approx(float(before["values"][basis]), abs=0.01)


# For each table: plain SQL giving its rows in the report's order (most cases first, then the code).
TOP_ROWS: dict[str, str] = {
    "members": "SELECT reporting_member, count(DISTINCT case_ref) AS k, (SELECT sum(n) FROM l WHERE l.reporting_member = c.reporting_member) FROM c GROUP BY 1",
    "regions": "SELECT wco_region, count(*) AS k, sum((SELECT sum(n) FROM l WHERE l.reporting_member = c.reporting_member AND l.case_ref = c.case_ref)) FROM c GROUP BY 1",
    "categories": "SELECT product_category, count(DISTINCT (reporting_member, case_ref)) AS k, sum(n) FROM l GROUP BY 1",
    "departure": "SELECT dep, count(*) AS k, sum((SELECT sum(n) FROM l WHERE l.reporting_member = c.reporting_member AND l.case_ref = c.case_ref)) FROM c GROUP BY 1",
    "destination": "SELECT dst, count(*) AS k, sum((SELECT sum(n) FROM l WHERE l.reporting_member = c.reporting_member AND l.case_ref = c.case_ref)) FROM c GROUP BY 1",
    "routes": "SELECT dep || '->' || dst, count(*) AS k, sum((SELECT sum(n) FROM l WHERE l.reporting_member = c.reporting_member AND l.case_ref = c.case_ref)) FROM c GROUP BY 1",
    "conveyance": "SELECT conveyance, count(*) AS k, sum((SELECT sum(n) FROM l WHERE l.reporting_member = c.reporting_member AND l.case_ref = c.case_ref)) FROM c GROUP BY 1",
    "procedure": "SELECT procedure_initiation, count(*) AS k, sum((SELECT sum(n) FROM l WHERE l.reporting_member = c.reporting_member AND l.case_ref = c.case_ref)) FROM c GROUP BY 1",
    "outcomes": "SELECT coalesce(outcome, 'not_given'), count(*) AS k, sum((SELECT sum(n) FROM l WHERE l.reporting_member = c.reporting_member AND l.case_ref = c.case_ref)) FROM c GROUP BY 1",
    "concealment": "SELECT coalesce(concealment_method, 'not_given'), count(*) AS k, sum((SELECT sum(n) FROM l WHERE l.reporting_member = c.reporting_member AND l.case_ref = c.case_ref)) FROM c GROUP BY 1",
    "detection": "SELECT coalesce(detection_method, 'not_given'), count(*) AS k, sum((SELECT sum(n) FROM l WHERE l.reporting_member = c.reporting_member AND l.case_ref = c.case_ref)) FROM c GROUP BY 1",
    "brands_cases": "SELECT brand, count(DISTINCT (reporting_member, case_ref)) AS k, sum(n) FROM l WHERE brand IS NOT NULL GROUP BY 1",
    "ipr": "SELECT t, count(DISTINCT (reporting_member, case_ref)) AS k, sum(n) FROM (SELECT DISTINCT reporting_member, case_ref, line_no, n, trim(unnest(string_split(ipr_types, '|'))) AS t FROM l) GROUP BY 1",
}


@pytest.mark.parametrize("table", sorted(TOP_ROWS))
def test_top_rows_match_the_stored_cases(
    con: duckdb.DuckDBPyConnection, page: Page, report: Path, table: str
):
    expected = con.execute(
        f"{LINES.format(year=YEAR)} SELECT * FROM ({TOP_ROWS[table]}) ORDER BY k DESC, 1 LIMIT 5"
    ).fetchall()
    assert expected
    keys = page.keys(table)[: len(expected)]
    assert keys == [str(r[0]) for r in expected]
    cases = [number(v) for v in page.column(table, "cases")[: len(expected)]]
    articles = [number(v) for v in page.column(table, "articles")[: len(expected)]]
    assert cases == [r[1] for r in expected]
    assert articles == pytest.approx([float(r[2] or 0) for r in expected])
    rows = list(load_workbook(report / "tables.xlsx")[table].iter_rows(values_only=True))
    header = list(rows[0])
    sheet = [
        (r[0], r[header.index("Cases")], r[header.index("Articles")]) for r in rows[1 : len(expected) + 1]
    ]
    assert [(k, c) for k, c, _ in sheet] == [(str(r[0]), r[1]) for r in expected]
    assert [a for _, _, a in sheet] == pytest.approx([float(r[2] or 0) for r in expected], abs=0.5)


def test_significant_seizures_are_the_cases_with_most_articles(con: duckdb.DuckDBPyConnection, page: Page):
    expected = con.execute(
        f"""{LINES.format(year=YEAR)}
            SELECT c.reporting_member, c.case_ref, sum(l.n) AS k FROM c JOIN l USING (reporting_member, case_ref)
            GROUP BY 1, 2 ORDER BY k DESC LIMIT 10"""
    ).fetchall()
    shown = page.tables["significant"]["rows"]
    assert [number(v) for v in page.column("significant", "articles")] == [r[2] for r in expected]
    assert {(r["key"], r["cells"][0]) for r in shown} == {(r[0], r[1]) for r in expected}


def test_each_categorys_main_provenance_matches_the_stored_lines(
    con: duckdb.DuckDBPyConnection, report: Path
):
    """The leading departure country of each category by articles, and by value on the main basis."""
    sql = LINES.format(year=YEAR)
    (basis,) = one(
        con,
        f"{sql} SELECT value_basis FROM l WHERE value IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1",
    )
    rows = list(load_workbook(report / "tables.xlsx")["category_provenance"].iter_rows(values_only=True))[1:]
    assert rows
    for category, _, by_articles, _, articles, by_value, _, value in rows:
        expected = con.execute(
            f"""{sql} SELECT c.dep, sum(l.n) AS k FROM l JOIN c USING (reporting_member, case_ref)
                WHERE l.product_category = ? GROUP BY 1 ORDER BY k DESC NULLS LAST, 1 LIMIT 1""",
            [category],
        ).fetchone()
        assert expected is not None
        assert (by_articles, articles) == (expected[0], pytest.approx(float(expected[1])))
        valued = con.execute(
            f"""{sql} SELECT c.dep, sum(l.value * r.eur_per_unit) AS k FROM l JOIN c USING (reporting_member, case_ref)
                JOIN fx_rates r ON r.currency = l.currency AND r.day = l.seizure_date
                WHERE l.product_category = ? AND l.value_basis = ? AND l.value IS NOT NULL
                GROUP BY 1 ORDER BY k DESC, 1 LIMIT 1""",
            [category, basis],
        ).fetchone()
        if valued is None:
            assert by_value is None and value is None
        else:
            assert (by_value, value) == (valued[0], pytest.approx(float(valued[1]), abs=0.01))


def test_every_section_in_order_with_text_written_from_the_figures(page: Page, report: Path, con):
    assert [t.split(". ", 1)[1] for t in page.titles[1:]] == list(SECTION_TITLES)
    html = (report / "report.html").read_text(encoding="utf-8")
    now, before = headline(con, YEAR), headline(con, YEAR - 1)
    change = round((now["cases"] - before["cases"]) / before["cases"] * 100, 1)
    words = (
        f"rose by {change:.1f}%"
        if change > 0
        else f"fell by {-change:.1f}%"
        if change < 0
        else "was unchanged"
    )
    assert f"The number of cases {words} against {YEAR - 1} ({before['cases']:,} cases)" in html
    assert f"{now['members']} Members reported {now['cases']:,} cases" in html
    assert "voluntarily" in html and "may reflect stronger enforcement" in html
    assert "{" not in html.split("</style>")[1]  # no placeholder left unfilled
    # The alerts of June were computed and are listed; the months never computed are named.
    assert f"{YEAR}-06" in page.column("alerts", "month")
    assert f"Alerts were not computed for {YEAR}-01" in html


def test_each_alert_event_is_one_row_with_the_methods_that_raised_it(page: Page, con) -> None:
    from cen_pipeline.alerts.storage import load_alerts
    from cen_pipeline.report.sections import MAX_ALERTS, alert_events

    months = [r[0] for r in con.execute("SELECT month FROM alert_runs").fetchall()]
    stored = load_alerts(con, months)
    events = alert_events(stored)
    rows = list(zip(page.column("alerts", "month"), page.column("alerts", "stratum"),
                    page.column("alerts", "kind"), page.column("alerts", "methods"), strict=True))  # fmt: skip
    assert len(rows) == len(set(rows)) == min(len(events), MAX_ALERTS)  # no event twice
    assert all(methods for *_, methods in rows)
    # What each alert is about reads in words: no key as stored (DE:DE-2025-1, FR|sport_shoes, CN>FR).
    for _, stratum, _, _ in rows:
        assert not re.search(r"[|>:]|\b[a-z]+_[a-z_]+\b", stratum), stratum


def test_page_is_self_contained(page: Page, report: Path):
    html = (report / "report.html").read_text(encoding="utf-8")
    assert page.urls == []
    assert "http://" not in html and "https://" not in html and "url(" not in html
    assert html.count("<svg") >= 6 and "<link" not in html and "<script" not in html


def test_pdf_pages_render_with_the_section_titles(report: Path, tmp_path: Path):
    pdf = report / "report.pdf"
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    for title in SECTION_TITLES:
        assert title in flat, title
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 10
    for path in pages:
        pixels = np.asarray(Image.open(path).convert("L"), dtype=float)
        assert pixels.std() > 5, f"{path.name} is blank"


def chromium(html: Path, shot: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--enable-logging=stderr",
            "--v=0",
            "--window-size=1280,2000",
            f"--screenshot={shot}",
            html.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def console_messages(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


def test_page_opens_in_chromium_without_console_errors(report: Path, tmp_path: Path):
    # The check itself sees a console error when there is one.
    faulty = tmp_path / "faulty.html"
    faulty.write_text('<p>x</p><script>console.error("broken page")</script>', encoding="utf-8")
    assert any("broken page" in m for m in console_messages(chromium(faulty, tmp_path / "faulty.png").stderr))

    shot = tmp_path / "report.png"
    done = chromium(report / "report.html", shot)
    assert done.returncode == 0, done.stderr[-2000:]
    assert console_messages(done.stderr) == []
    pixels = np.asarray(Image.open(shot).convert("L"), dtype=float)
    assert pixels.std() > 20  # text, tables and charts, not a blank page


def test_formula_in_a_brand_is_neutralised_in_the_spreadsheets(store: Path, tmp_path: Path):
    db = tmp_path / "injected.duckdb"
    shutil.copy(store, db)
    formula = '=HYPERLINK("http://example.invalid","click")'
    with connect(db) as con:
        # The brand of every 2025 line of DE becomes a formula, so it is the top brand of the year.
        con.execute(
            "UPDATE goods_lines SET brand = ? WHERE reporting_member = 'DE' AND case_ref IN "
            "(SELECT case_ref FROM current_cases WHERE reporting_member = 'DE' AND year(seizure_date) = ?)",
            [formula, YEAR],
        )
        run_models(con)
    out = tmp_path / "out"
    result = write_report(ReportRequest(db=db, year=YEAR, out=out, pdf=False))
    assert result.files
    sheet = load_workbook(out / "tables.xlsx")["brands_cases"]
    cells = [c.value for c in sheet["A"][1:]] + [c.value for c in sheet["B"][1:]]
    assert "'" + formula in cells
    assert not any(isinstance(v, str) and v.startswith("=") for v in cells)
    with (out / "tables" / "brands_cases.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[1][0] == "'" + formula and not any(v.startswith("=") for row in rows for v in row)


def test_fiscal_year_in_french_for_one_region(store: Path, con: duckdb.DuckDBPyConnection, tmp_path: Path):
    out = tmp_path / "fy"
    result = write_report(
        ReportRequest(db=store, year=YEAR, out=out, fiscal=True, region="Europe", lang="fr", pdf=False)
    )
    period = ReportPeriod(YEAR, fiscal=True)
    (expected,) = one(
        con,
        f"SELECT count(*) FROM current_cases WHERE wco_region = 'EUR' AND {period.where_date('seizure_date')}",
    )
    parser = Page()
    parser.feed((out / "report.html").read_text(encoding="utf-8"))
    assert number(parser.kpis["cases"]["value"]) == expected
    assert period.label == f"FY{YEAR - 1}/{YEAR % 100}"
    assert parser.titles[1].endswith("Synthèse") and "Mises en garde" in parser.titles[2]
    html = (out / "report.html").read_text(encoding="utf-8")
    assert f"1er juillet {YEAR - 1} au 30 juin {YEAR}" in html
    assert f"{expected:,}".replace(",", "\u202f") in html
    assert set(parser.keys("regions")) == {"EUR"}
    assert len(result.sections) == len(SECTION_KEYS)


def test_messages_exist_in_every_language():
    keys = message_keys("en")
    for lang in LANGUAGES:
        assert message_keys(lang) == keys, lang


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--region", "Atlantis"], 2, "unknown WCO region 'Atlantis'"),
        (["--year", "2031"], 1, "no case was seized in 2031"),
        (["--out", "/proc/cannot-write-here"], 2, "cannot write to --out"),
    ],
)
def test_cli_errors_have_exit_codes_and_no_traceback(
    store: Path, tmp_path: Path, args: list[str], code: int, message: str
):
    # An option given twice takes its last value, so `args` overrides the defaults before it.
    done = run_cen("report", "annual", "--year", str(YEAR), "--out", tmp_path / "o", *args, "--db", store)
    assert done.returncode == code, done.stderr
    assert message in done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert not (tmp_path / "o" / "report.html").exists()


def test_cli_without_store_exits_3(tmp_path: Path):
    done = run_cen(
        "report", "annual", "--year", str(YEAR), "--out", tmp_path / "o", "--db", tmp_path / "none.duckdb"
    )
    assert done.returncode == 3 and "no store at" in done.stderr and "Traceback" not in done.stderr
