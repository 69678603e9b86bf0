"""The SQL models: golden outputs on small inputs, audits and headline figures on the sample feeds."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from cen_pipeline.analysis.currency import eur_per_unit
from cen_pipeline.analysis.transform import (
    SEED_TABLES,
    models,
    models_built,
    refresh,
    run_audits,
    run_models,
)
from cen_pipeline.batch import ingest_file
from cen_pipeline.report.golden import GOLDEN_DIR, golden_outputs
from cen_pipeline.report.models import build as build_report_models
from cen_pipeline.report.models import model_dir as report_model_dir
from cen_pipeline.report.models import report_models
from cen_pipeline.report.period import ReportPeriod
from cen_pipeline.store.db import connect

ROOT = Path(__file__).resolve().parent.parent
FEEDS = ROOT / "sample_data" / "feeds"
# 25 sample files: every year of DE and MA (the planted spike and route), SN around its 2021 gap, and a few
# others so that the breakdowns have several Members, currencies and value bases.
SAMPLE_FILES = (
    [f"DE_{y}.csv" for y in range(2019, 2026)]
    + [f"MA_{y}.csv" for y in range(2019, 2026)]
    + ["SN_2020.csv", "SN_2022.csv", "FR_2024.csv", "FR_2025.csv", "US_2023.csv", "US_2024.csv"]
    + ["IN_2022.csv", "IN_2023.csv", "TR_2024.csv", "TR_2025.csv", "KE_2025.csv"]
)


def sample_store_path(factory: pytest.TempPathFactory) -> Path:
    """A store with the sample files ingested and the models built, made once per test session."""
    path = factory.getbasetemp() / "samples" / "cen.duckdb"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        for name in SAMPLE_FILES:
            ingest_file(FEEDS / name, path)
        refresh(path)
    return path


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sample_store_path(tmp_path_factory)


@pytest.fixture(scope="module")
def golden(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return golden_outputs(tmp_path_factory.mktemp("golden") / "golden.duckdb")


def test_model_files_are_named_and_described():
    found = models() + report_models()
    names = [m.name for m in found]
    documented = ["stg_cases", "stg_lines", "line_facts", "line_ipr_types", "case_facts", "reporting_members"]
    assert [n for n in names if n in documented] == documented  # in dependency order
    for model in found:
        assert re.match(rf"-- {model.name}: ", model.sql), model.path.name
        assert "SELECT" in model.sql


def _kinds(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    rows = con.execute("SELECT table_name, table_type FROM information_schema.tables").fetchall()
    return {str(name): str(kind) for name, kind in rows}


def test_wide_models_are_views_and_aggregates_tables(sample_db: Path):
    con = duckdb.connect(str(sample_db), read_only=True)
    try:
        kinds = _kinds(con)
    finally:
        con.close()
    for name in ("stg_cases", "stg_lines", "line_facts", "line_ipr_types", "case_facts"):
        assert kinds[name] == "VIEW", name
    for name in ("case_line_totals", "monthly_by_category", "monthly_value", "headline_by_year"):
        assert kinds[name] == "BASE TABLE", name


@pytest.mark.parametrize("name", [*SEED_TABLES, *(m.name for m in [*models(), *report_models()])])
def test_model_matches_golden(golden: dict[str, str], name: str):
    # Regenerate after a deliberate change: python -m cen_pipeline.report.golden
    expected = (GOLDEN_DIR / f"{name}.csv").read_text(encoding="utf-8")
    assert golden[name] == expected


def test_golden_inputs_exercise_the_rules(golden: dict[str, str]):
    cases = pd.read_csv(GOLDEN_DIR / "case_facts.csv", dtype=str)
    # The old version of FR-2 and the withdrawn FR-3 are not counted.
    assert sorted(cases["case_ref"]) == ["FR-1", "FR-2", "MA-1", "SN-1", "US-1"]
    lines = pd.read_csv(GOLDEN_DIR / "line_facts.csv", dtype=str).set_index(["case_ref", "line_no"])
    assert lines.loc[("FR-2", "1"), "quantity"] == "100.0"
    assert lines.loc[("FR-2", "1"), "fiscal_year"] == "2025"  # October 2024 is in FY2025
    assert lines.loc[("FR-2", "1"), "route_transit"] == "CN->AE->TR->FR"
    assert lines.loc[("US-1", "1"), "shipping_environment"] == "express"
    assert str(lines.loc[("US-1", "1"), "articles"]) == "nan"  # packs are not articles, and none were given
    assert lines.loc[("FR-1", "1"), "articles"] == "10.0"  # pieces count as articles
    assert lines.loc[("MA-1", "1"), "value_unconverted"] == "True"  # no ECB rate for MAD
    assert lines.loc[("SN-1", "1"), "value_eur"] == "100.0"  # XOF is pegged at 655.957 per euro
    ipr = pd.read_csv(GOLDEN_DIR / "yearly_by_ipr_type.csv")
    fr = ipr[(ipr.member == "FR") & (ipr.year == 2024)].groupby("ipr_type")["cases"].sum()
    assert fr.to_dict() == {"trade_mark": 2, "design": 1}  # FR-1's second line counts under both types


def _copy(store: Path, path: Path) -> Path:
    """A copy of the sample store to change."""
    path.write_bytes(store.read_bytes())
    return path


def _failures(con: duckdb.DuckDBPyConnection, directory: Path | None = None) -> dict[str, int]:
    """The number of rows each audit returns."""
    return {name: len(rows) for name, rows in run_audits(con, directory).items()}


def test_audits_pass_on_the_sample_data(sample_db: Path):
    con = duckdb.connect(str(sample_db), read_only=True)
    try:
        assert models_built(con)
        failures = _failures(con)
    finally:
        con.close()
    assert failures == {
        "no_negative_counts": 0,
        "lines_joined_to_cases": 0,
        "cases_not_double_counted": 0,
    }


def test_report_models_keep_their_promises_for_a_report_period(sample_db: Path):
    # As a report builds them: temporary tables over its two periods, on a read-only store.
    con = duckdb.connect(str(sample_db), read_only=True)
    try:
        build_report_models(con, ReportPeriod(2025))
        months = con.execute("SELECT DISTINCT year FROM monthly_breakdowns ORDER BY 1").fetchall()
        failures = _failures(con, report_model_dir())
    finally:
        con.close()
    assert months == [(2024,), (2025,)]
    assert failures == {"report_models": 0}


def test_audits_catch_a_double_count(tmp_path: Path, sample_db: Path):
    copy = _copy(sample_db, tmp_path / "broken.duckdb")
    con = duckdb.connect(str(copy))
    try:
        con.execute("UPDATE headline_by_year SET cases = cases + 1 WHERE year = 2024")
        # Totals of one case twice: case_facts then holds the case twice.
        con.execute("INSERT INTO case_line_totals SELECT * FROM case_line_totals LIMIT 1")
        failures = _failures(con)
    finally:
        con.close()
    assert failures["cases_not_double_counted"] >= 1
    assert failures["lines_joined_to_cases"] >= 1


def test_audits_catch_a_broken_report_model(tmp_path: Path, sample_db: Path):
    copy = _copy(sample_db, tmp_path / "broken.duckdb")
    con = duckdb.connect(str(copy))
    try:
        build_report_models(con, ReportPeriod(2025))
        con.execute(
            "UPDATE monthly_breakdowns SET cases = cases + 1 WHERE rowid = "
            "(SELECT min(rowid) FROM monthly_breakdowns WHERE breakdown = 'conveyance' AND value_basis = 'all')"
        )
        con.execute("INSERT INTO significant_candidates SELECT * FROM significant_candidates LIMIT 1")
        failures = _failures(con, report_model_dir())
    finally:
        con.close()
    assert failures["report_models"] >= 2


def _headline(path: Path) -> dict[int, int]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return dict(con.execute("SELECT year, cases FROM headline_by_year").fetchall())
    finally:
        con.close()


def test_build_is_skipped_until_the_store_changes(tmp_path: Path, sample_db: Path):
    copy = _copy(sample_db, tmp_path / "store.duckdb")
    before = _headline(copy)
    assert refresh(copy) == {}  # nothing ingested since the last build
    ingest_file(FEEDS / "ES_2024.csv", copy)
    timings = refresh(copy)
    assert "line_facts" in timings and "headline_by_year" in timings
    after = _headline(copy)
    assert after[2024] > before[2024]
    assert {y: n for y, n in after.items() if y != 2024} == {y: n for y, n in before.items() if y != 2024}
    assert refresh(copy) == {}


def test_a_table_left_by_an_older_build_becomes_a_view(tmp_path: Path, sample_db: Path):
    copy = _copy(sample_db, tmp_path / "old.duckdb")
    con = connect(copy)
    try:
        con.execute("DROP VIEW case_facts")
        con.execute("CREATE TABLE case_facts AS SELECT 1 AS case_key")
        run_models(con)
        assert _kinds(con)["case_facts"] == "VIEW"
        failures = _failures(con)
    finally:
        con.close()
    assert set(failures.values()) == {0}


def test_a_build_drops_the_tables_an_older_version_built(tmp_path: Path, sample_db: Path):
    # The report's tables were analysis tables once; a report now builds its own, so a stale copy goes.
    copy = _copy(sample_db, tmp_path / "old.duckdb")
    con = connect(copy)
    try:
        con.execute("CREATE TABLE monthly_breakdowns AS SELECT 1 AS cases")
        run_models(con)
        kinds = _kinds(con)
    finally:
        con.close()
    assert "monthly_breakdowns" not in kinds
    assert kinds["case_line_totals"] == "BASE TABLE"


def test_headline_figures_match_a_direct_computation(sample_db: Path):
    con = duckdb.connect(str(sample_db), read_only=True)
    try:
        cases = con.execute("SELECT reporting_member, case_ref, seizure_date FROM current_cases").df()
        lines = con.execute(
            "SELECT reporting_member, case_ref, line_no, quantity, unit, articles, value, currency, value_basis "
            "FROM current_lines"
        ).df()
        headline = con.execute("SELECT * FROM headline_by_year ORDER BY year").df().set_index("year")
        values = con.execute("SELECT * FROM headline_value_by_year").df().set_index(["year", "value_basis"])
    finally:
        con.close()
    cases["year"] = pd.to_datetime(cases["seizure_date"]).dt.year
    assert headline["cases"].to_dict() == cases.groupby("year").size().to_dict()
    merged = lines.merge(cases, on=["reporting_member", "case_ref"], how="left", validate="many_to_one")
    assert merged["year"].notna().all()
    assert headline["lines"].to_dict() == merged.groupby("year").size().to_dict()
    counted = merged["articles"].astype("float64")
    by_unit = merged["quantity"].astype("float64").where(merged["unit"].isin(["pieces", "pairs"]))
    merged["n_articles"] = counted.fillna(by_unit)
    assert {y: float(a) for y, a in headline["articles"].items()} == (
        merged.groupby("year")["n_articles"].sum().to_dict()
    )
    assert (
        headline["reporting_members"].to_dict()
        == cases.groupby("year")["reporting_member"].nunique().to_dict()
    )

    valued = merged[merged["value"].notna()].copy()

    eur: list[float | None] = []
    for currency, day, value in zip(valued["currency"], valued["seizure_date"], valued["value"], strict=True):
        rate = eur_per_unit(str(currency), pd.Timestamp(day).date())
        eur.append(None if rate is None else float(value) * rate[0])
    valued["eur"] = pd.Series(eur, index=valued.index, dtype="float64")
    # A year and basis whose values all lack a rate has no EUR value (NULL), not zero.
    direct = valued.groupby(["year", "value_basis"])["eur"].sum(min_count=1)
    assert set(direct.index) == set(values.index)
    model = values["value_eur"].to_dict()
    for key, total in direct.to_dict().items():
        if pd.isna(total):
            assert pd.isna(model[key])
        else:
            assert model[key] == pytest.approx(total, rel=1e-9)
    unconverted = valued[valued["eur"].isna()].groupby(["year", "value_basis"]).size()
    for key, model_count in values["lines_unconverted"].items():
        assert model_count == unconverted.get(key, 0)
