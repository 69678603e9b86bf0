"""Trend tables and the `cen trends` / `cen transform` commands on the sample feeds."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

from cen_pipeline.analysis.trends import Scope, TrendError, parse_years, series_table, trend_table
from cen_pipeline.batch import ingest_file
from cen_pipeline.cli.trends import register
from cen_pipeline.store.db import connect
from tests.test_transforms import FEEDS, sample_store_path

FAULTS = FEEDS.parent / "faults"


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sample_store_path(tmp_path_factory)


@pytest.fixture(scope="module")
def con(sample_db: Path):
    connection = connect(sample_db, read_only=True)
    yield connection
    connection.close()


def cen(*args: object) -> tuple[int, str]:
    app = typer.Typer()
    register(app)
    result = CliRunner().invoke(app, [str(a) for a in args])
    return result.exit_code, result.output


def test_de_medicines_spike_in_june_2025(sample_db: Path):
    code, out = cen(
        "trends", "--by", "month", "--by", "category", "--year", "2025", "--member", "DE",
        "--format", "json", "--db", sample_db,
    )  # fmt: skip
    assert code == 0, out
    rows = json.loads(out)["rows"]
    top = rows[0]
    assert (top["month"], top["category"], top["rank"]) == (6, "medicines", 1)
    assert top["2025"] >= 13 and top["2024"] <= 4
    others = [r["2025"] for r in rows if r["category"] == "medicines" and r["month"] != 6]
    assert max(others) <= 4


def test_vn_ma_route_appears_in_2025_only(sample_db: Path):
    code, out = cen(
        "trends", "--by", "route", "--years", "2019-2025", "--member", "MA", "--format", "csv", "--db", sample_db
    )  # fmt: skip
    assert code == 0, out
    table = pd.read_csv(__import__("io").StringIO(out)).set_index("route")
    assert table.loc["VN->MA", "2025"] == 45
    assert (table.loc["VN->MA", [str(y) for y in range(2019, 2025)]] == 0).all()
    code, out = cen(
        "trends", "--by", "route", "--year", "2025", "--top", "3", "--format", "json", "--db", sample_db
    )
    rows = {r["route"]: r for r in json.loads(out)["rows"]}
    assert rows["VN->MA"]["2024"] == 0 and rows["VN->MA"]["new_in_top"] is True


def test_trend_table_columns_and_arithmetic(con: duckdb.DuckDBPyConnection):
    table = trend_table(con, ["member"], 2024, 2023)
    assert list(table.columns) == [
        "member", "2024", "2023", "change", "change_pct", "share_pct", "rank", "rank_prev", "rank_change",
    ]  # fmt: skip
    direct = dict(
        con.execute(
            "SELECT reporting_member, count(*) FROM current_cases WHERE year(seizure_date) = 2024 GROUP BY 1"
        ).fetchall()
    )
    assert table.set_index("member")["2024"][lambda s: s > 0].to_dict() == direct
    assert (table["change"] == table["2024"] - table["2023"]).all()
    assert table["share_pct"].sum() == pytest.approx(100, abs=0.5)
    assert table["rank"].iloc[0] == 1 and table["2024"].is_monotonic_decreasing


def test_a_case_counts_once_per_category_and_once_in_the_total(con: duckdb.DuckDBPyConnection):
    by_category = trend_table(con, ["category"], 2025)
    total = con.execute("SELECT count(*) FROM current_cases WHERE year(seizure_date) = 2025").fetchone()
    assert total is not None
    assert by_category["2025"].sum() >= total[0]  # cases with lines in two categories count in both
    assert by_category["share_pct"].iloc[0] == pytest.approx(
        by_category["2025"].iloc[0] / total[0] * 100, abs=0.05
    )


def test_ipr_breakdown_counts_a_line_under_each_type(con: duckdb.DuckDBPyConnection):
    table = trend_table(con, ["ipr_type"], 2025, scope=Scope("lines"))
    lines = con.execute(
        "SELECT count(*), sum(len(string_split(ipr_types, '|'))) FROM current_lines "
        "JOIN current_cases USING (reporting_member, case_ref) WHERE year(seizure_date) = 2025"
    ).fetchone()
    assert lines is not None
    assert table["2025"].sum() == lines[1] > lines[0]


def test_values_are_never_summed_across_bases(con: duckdb.DuckDBPyConnection):
    table = trend_table(con, ["region"], 2024, scope=Scope("value_eur"))
    assert "value_basis" in table.columns
    assert set(table["value_basis"]) >= {"retail", "declared", "msrp"}
    for _, group in table.groupby("value_basis"):
        assert group["share_pct"].sum() == pytest.approx(100, abs=0.5)
        assert group["rank"].min() == 1


def test_same_members_leaves_out_a_member_that_did_not_report(con: duckdb.DuckDBPyConnection):
    # SN sent nothing for 2021: compared with 2022 it looks like a rise from zero unless restricted.
    every = trend_table(con, ["member"], 2022, 2021).set_index("member")
    same = trend_table(con, ["member"], 2022, 2021, scope=Scope(same_members=True)).set_index("member")
    before, after = every["2021"].to_dict(), every["2022"].to_dict()
    assert before["SN"] == 0 and after["SN"] > 0
    assert "SN" not in same.index
    assert same["2022"].to_dict()["DE"] == after["DE"]


def test_fiscal_years_run_october_to_september(con: duckdb.DuckDBPyConnection):
    table = trend_table(con, ["member"], 2025, scope=Scope(fiscal=True)).set_index("member")
    direct = con.execute(
        "SELECT count(*) FROM current_cases WHERE reporting_member = 'DE' "
        "AND seizure_date BETWEEN '2024-10-01' AND '2025-09-30'"
    ).fetchone()
    assert direct is not None and table.loc["DE", "FY2025"] == direct[0]


def test_top_and_rank_change(con: duckdb.DuckDBPyConnection):
    table = trend_table(con, ["category"], 2024, 2023, top=5)
    assert len(table) >= 5 and table["rank"].max() <= 5
    assert (table["rank_change"].dropna() == (table["rank_prev"] - table["rank"]).dropna()).all()
    assert (table["new_in_top"] == (table["rank_prev"].isna() | (table["rank_prev"] > 5))).all()


def test_region_filter_and_series(con: duckdb.DuckDBPyConnection):
    europe = series_table(con, ["member"], [2023, 2024, 2025], scope=Scope(region="EUR"))
    assert set(europe["member"]) <= {"DE", "FR", "TR"}
    assert list(europe.columns) == ["member", "2023", "2024", "2025", "rank"]
    assert parse_years("2019-2021") == [2019, 2020, 2021]
    with pytest.raises(TrendError):
        parse_years("2021-2019")
    with pytest.raises(TrendError):
        trend_table(con, ["colour"], 2024)


def test_output_formats(sample_db: Path, tmp_path: Path):
    out = tmp_path / "t.xlsx"
    code, _ = cen(
        "trends", "--by", "environment", "--year", "2024", "--format", "xlsx", "-o", out, "--db", sample_db
    )
    assert code == 0 and pd.read_excel(out).shape[0] >= 3
    code, out_text = cen("trends", "--by", "category", "--year", "2024", "--top", "3", "--db", sample_db)
    assert code == 0 and "sport_shoes" in out_text


def test_usage_errors_and_missing_models(sample_db: Path, tmp_path: Path):
    assert cen("trends", "--by", "colour", "--year", "2024", "--db", sample_db)[0] == 2
    assert cen("trends", "--by", "member", "--db", sample_db)[0] == 2
    assert cen("trends", "--by", "member", "--year", "2024", "--measure", "weight", "--db", sample_db)[0] == 2
    empty = tmp_path / "empty.duckdb"
    connect(empty).close()
    code, out = cen("trends", "--by", "member", "--year", "2024", "--db", empty)
    assert code == 3 and "cen transform" in out
    assert cen("trends", "--by", "member", "--year", "2024", "--db", tmp_path / "none.duckdb")[0] == 3


def test_transform_command_rebuilds_and_audits(sample_db: Path, tmp_path: Path):
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(sample_db.read_bytes())
    code, out = cen("transform", "--db", copy)
    assert code == 0, out
    assert "up to date" in out and "line_facts" not in out
    code, out = cen("transform", "--force", "--db", copy)
    assert code == 0, out
    assert "line_facts" in out and "total" in out


def test_trends_say_when_the_store_changed_after_the_tables_were_built(sample_db: Path, tmp_path: Path):
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(sample_db.read_bytes())
    query = ("trends", "--by", "member", "--year", "2024", "--measure", "articles", "--format", "json")

    def es_articles() -> tuple[str, int]:
        code, out = cen(*query, "--db", copy)
        assert code == 0, out
        rows = json.loads(out[out.index("{") :])["rows"]
        return out[: out.index("{")], sum(r["2024"] for r in rows if r["member"] == "ES")

    assert es_articles() == ("", 0)
    # A file refused whole changes no case: the tables are still those of the store.
    assert ingest_file(FAULTS / "nominal-column.csv", copy).status == "refused"
    assert es_articles() == ("", 0)
    # Cases stored without the build that follows an ingest: the lines' totals are not built yet.
    assert ingest_file(FEEDS / "ES_2024.csv", copy).cases_new > 0
    note, articles = es_articles()
    assert "changed after the analysis tables were built" in note and "cen transform" in note
    assert articles == 0
    assert cen("transform", "--db", copy)[0] == 0
    note, articles = es_articles()
    with connect(copy, read_only=True) as con:
        stored = con.execute(
            "SELECT sum(quantity) FROM current_lines WHERE reporting_member = 'ES'"
        ).fetchone()
    assert note == "" and stored is not None and articles == stored[0] > 0


def test_a_selection_without_data_is_said_in_words(sample_db: Path):
    code, out = cen("trends", "--by", "category", "--year", "2030", "--db", sample_db)
    assert code == 0 and out.strip() == "No cases in 2030 or 2029 in this selection."
    code, out = cen(
        "trends", "--by", "route", "--years", "2029-2030", "--measure", "articles", "--db", sample_db
    )
    assert code == 0 and out.strip() == "No articles in 2029-2030 in this selection."
    code, out = cen("trends", "--by", "category", "--year", "2030", "--format", "json", "--db", sample_db)
    assert code == 0 and json.loads(out)["rows"] == []


def test_a_region_is_named_by_its_code_or_name_and_a_rilo_by_its_code(sample_db: Path):
    def rows(region: str) -> list[dict[str, object]]:
        code, out = cen(
            "trends", "--by", "member", "--year", "2025", "--region", region, "--format", "json", "--db", sample_db
        )  # fmt: skip
        assert code == 0, out
        return list(json.loads(out)["rows"])

    europe = rows("EUR")
    assert europe and rows("europe") == europe == rows("Europe")
    with connect(sample_db, read_only=True) as con:
        west = {m for (m,) in con.execute("SELECT code FROM members WHERE rilo = 'RILO-WE'").fetchall()}
    members = {r["member"] for r in rows("rilo-we") if r["2025"]}
    assert members and members <= west
    code, out = cen("trends", "--by", "member", "--year", "2025", "--region", "Atlantis", "--db", sample_db)
    assert (
        code == 2
        and "unknown WCO region or RILO 'Atlantis'" in out
        and "EUR (Europe)" in " ".join(out.split())
    )


def test_a_year_without_data_is_missing_never_zero(sample_db: Path):
    code, out = cen(
        "trends", "--by", "category", "--year", "2025", "--compare", "2015", "--top", "3",
        "--format", "json", "--db", sample_db,
    )  # fmt: skip
    assert code == 0, out
    rows = json.loads(out)["rows"]
    assert len(rows) == 3 and all(r["2025"] > 0 for r in rows)
    for r in rows:  # no value, no change, nothing new against a year the store has nothing of
        assert (r["2015"], r["change"], r["change_pct"], r["rank_prev"], r["new_in_top"]) == (None,) * 5
    code, out = cen("trends", "--by", "category", "--year", "2025", "--compare", "2015", "--db", sample_db)
    assert code == 0 and "No data in the store for 2015" in out
    code, out = cen(
        "trends", "--by", "category", "--years", "2015-2025", "--format", "json", "--db", sample_db
    )
    series = json.loads(out)["rows"]
    assert all(r["2015"] is None and r["2025"] is not None for r in series)
