"""Data quality: expectations per submission (real ingests into real DuckDB files) and the scorecard."""

from __future__ import annotations

import dataclasses
import json
import math
import shutil
import statistics
import sys
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from cen_pipeline.batch import ingest_file
from cen_pipeline.cli.quality import register
from cen_pipeline.quality import SUBMISSION_SUITE, gate_submission, gx_runner
from cen_pipeline.quality.scorecard import compute
from cen_pipeline.quality.suites import (
    CASE_COMPLETENESS_FIELDS,
    LINE_COMPLETENESS_FIELDS,
    MIN_CASES_FOR_DUPLICATES,
    expectation,
)
from cen_pipeline.store.db import connect
from tests.conftest import ROOT, row, run_cen, write_csv

TODAY = date(2025, 6, 1)


def case(n: int, member: str = "FR", **changes: str) -> dict[str, str]:
    fields = {
        "case_ref": f"{member}-2024-{n:06d}",
        "reporting_member": member,
        "seizure_date": f"2024-03-{n + 1:02d}",
        "submission_date": "2024-04-20",
        "office_name": "Roissy CDG Fret",
        "destination_country": member,
    }
    return row(**{**fields, **changes})


def ingest(path: Path, db: Path) -> int:
    result = ingest_file(path, db, today=TODAY)
    assert result.submission_id is not None, result
    return result.submission_id


def gate(db: Path, sid: int) -> list[Any]:
    con = connect(db)
    try:
        con.execute("BEGIN")
        results = gate_submission(con, sid)
        con.execute("COMMIT")
    finally:
        con.close()
    return results


def query(db: Path, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    con = connect(db, read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


# A submission with known defects: missing offices, values, HS codes and brands; unknown countries; a case seized
# long before the others; one pair of near-duplicate cases (below the blocking threshold).
def defective_rows() -> list[dict[str, str]]:
    rows = []
    for n in range(1, 11):
        changes: dict[str, str] = {}
        if n >= 7:
            changes["office_name"] = ""
        if n <= 5:
            changes.update(value="", currency="", value_basis="")
        if n in (7, 8):
            changes.update(origin_country="ZZ", departure_country="ZZ")
        if n == 10:
            changes.update(seizure_date="2022-12-15", submission_date="2023-01-10")
        rows.append(case(n, **changes))
    rows[2]["seizure_date"] = rows[1]["seizure_date"]  # case 3 repeats case 2 under another reference
    return rows


def expected_metrics(rows: list[dict[str, str]]) -> dict[str, float | None]:
    """The metrics of a submission of single-line cases, computed in plain Python."""
    n = len(rows)
    out: dict[str, float | None] = {}
    for f in (*CASE_COMPLETENESS_FIELDS, *LINE_COMPLETENESS_FIELDS):
        out[f"completeness.{f}"] = sum(1 for r in rows if r.get(f)) / n
    dates = [date.fromisoformat(r["seizure_date"]) for r in rows]
    main_year = Counter(d.year for d in dates).most_common(1)[0][0]
    out["dates.outside_main_year"] = sum(d.year != main_year for d in dates) / n
    middle = statistics.median_low(dates)
    out["dates.stale"] = sum((middle - d).days > 366 for d in dates) / n
    signatures = {
        (r["seizure_date"], r["office_name"], r["product_category"], float(r["quantity"])) for r in rows
    }
    out["duplicates.near_duplicates"] = 1 - len(signatures) / n if n >= MIN_CASES_FOR_DUPLICATES else None
    countries = [
        r[k] for r in rows for k in ("origin_country", "departure_country", "destination_country") if r[k]
    ]
    out["countries.unknown_share"] = countries.count("ZZ") / len(countries)
    out["plausibility.unit_value_outliers"] = None  # no history in a new store
    out["size.cases_per_month_vs_history"] = None
    return out


def test_expectation_results_match_independent_figures(tmp_path: Path) -> None:
    db = tmp_path / "cen.duckdb"
    rows = defective_rows()
    sid = ingest(write_csv(tmp_path / "FR_2024.csv", rows), db)
    results = {r.name: r for r in gate(db, sid)}
    expected = expected_metrics(rows)
    assert set(results) == {e.name for e in SUBMISSION_SUITE}
    for name, value in expected.items():
        r = results[name]
        if value is None:
            assert (r.evaluated, r.success, r.observed) == (False, True, None), name
        else:
            assert r.evaluated, name
            assert r.observed == pytest.approx(value), name
            assert r.success == expectation(name).holds(value), name
    # The defects planted are the failures seen, and nothing else fails.
    failed = {n for n, r in results.items() if not r.success}
    assert failed == {
        "completeness.office_name",
        "completeness.locode",
        "completeness.traffic",
        "completeness.direction",
        "completeness.detection_method",
        "completeness.concealment_method",
        "completeness.outcome",
        "completeness.value",
        "completeness.hs_code",
        "completeness.brand",
        "countries.unknown_share",
        "dates.stale",
    }
    assert not results["duplicates.near_duplicates"].evaluated  # too few cases to judge repeats
    # Stored: one row per expectation with threshold and blocking flag.
    stored = query(
        db,
        "SELECT expectation, success, observed, threshold, blocking FROM quality_results WHERE submission_id = ?",
        [sid],
    )
    assert len(stored) == len(SUBMISSION_SUITE)
    by_name = {s[0]: s for s in stored}
    assert by_name["duplicates.near_duplicates"][1:] == (
        True,
        None,
        "<= 0.2",
        False,
    )  # too few cases to judge
    assert by_name["completeness.office_name"][1:] == (False, pytest.approx(0.6), ">= 0.9", False)


def test_warnings_do_not_quarantine(tmp_path: Path) -> None:
    db = tmp_path / "cen.duckdb"
    sid = ingest(write_csv(tmp_path / "FR_2024.csv", defective_rows()), db)
    results = gate(db, sid)
    assert any(not r.success for r in results) and not any(r.blocks for r in results)
    assert query(db, "SELECT status, rows_accepted FROM submissions WHERE submission_id = ?", [sid]) == [
        ("accepted", 10)
    ]
    assert query(db, "SELECT count(*) FROM current_cases") == [(10,)]
    assert query(db, "SELECT count(*) FROM quarantine WHERE code = 'quality-blocked'") == [(0,)]


def store_counts(db: Path, sid: int) -> dict[str, Any]:
    """What the store holds of a submission: its counts, and its case and goods-line rows."""
    names = ["status", "rows_read", "rows_accepted", "rows_quarantined", "cases_new", "cases_replaced"]
    names += ["cases_unchanged", "cases_withdrawn"]
    found = query(db, f"SELECT {', '.join(names)} FROM submissions WHERE submission_id = ?", [sid])
    out = dict(zip(names, found[0], strict=True))
    out["case_rows"] = query(db, "SELECT count(*) FROM cases WHERE submission_id = ?", [sid])[0][0]
    out["line_rows"] = query(
        db,
        """SELECT count(*) FROM goods_lines l JOIN cases c USING (reporting_member, case_ref, version)
           WHERE c.submission_id = ?""",
        [sid],
    )[0][0]
    return out


def assert_agrees(db: Path, result: dict[str, Any]) -> None:
    """The IngestResult (as the ingest's JSON gives it) and the store say the same of the submission."""
    assert result["rows_read"] == result["rows_accepted"] + result["rows_quarantined"], result
    stored = store_counts(db, result["submission_id"])
    for key in ("status", "rows_read", "rows_accepted", "rows_quarantined", "cases_new", "cases_replaced"):
        assert stored[key] == result[key], (key, stored, result)
    assert (stored["cases_unchanged"], stored["cases_withdrawn"]) == (
        result["cases_unchanged"],
        result["cases_withdrawn"],
    )
    assert stored["line_rows"] == (
        result["lines_accepted"] if result["cases_new"] + result["cases_replaced"] else 0
    )


# A seizure office's ordinary month: 15 parcels of the same toys seized on one day, 8 of the same shoes on
# another, and 7 seizures of their own. Near-duplicates, and valid data all the same.
def repetitive_rows() -> list[dict[str, str]]:
    toys = [case(n, seizure_date="2024-03-20", quantity="7") for n in range(1, 16)]
    shoes = [
        case(n, seizure_date="2024-03-21", product_category="sport_shoes", quantity="2", unit="pairs")
        for n in range(16, 24)
    ]
    others = [case(n, quantity=str(n)) for n in range(24, 31)]
    return [*toys, *shoes, *others]


def test_near_duplicates_are_a_warning_shown_with_examples(tmp_path: Path) -> None:
    db, path = tmp_path / "cen.duckdb", write_csv(tmp_path / "FR_2024.csv", repetitive_rows())
    done = run_cen("ingest", path, "--db", db, "--format", "json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)["files"][0]
    # Every valid row is stored, nothing quarantined.
    assert (result["status"], result["rows_read"], result["rows_accepted"], result["rows_quarantined"]) == (
        "accepted",
        30,
        30,
        0,
    )
    assert (result["cases_new"], result["lines_accepted"], result["reason"]) == (30, 30, None)
    assert_agrees(db, result)
    assert query(db, "SELECT count(*) FROM current_cases") == [(30,)]
    # The check failed as a warning, and its result keeps the largest groups with their references.
    stored = query(
        db,
        """SELECT success, blocking, observed, examples FROM quality_results
           WHERE expectation = 'duplicates.near_duplicates'""",
    )
    success, blocking, observed, examples = stored[0]
    assert (success, blocking) == (False, False)
    assert observed == pytest.approx(1 - 9 / 30)  # 2 groups and 7 cases of their own: 9 distinct of 30
    groups = json.loads(examples)
    assert [(g["cases"], g["case_refs"]) for g in groups] == [
        (15, [f"FR-2024-{n:06d}" for n in range(1, 6)]),
        (8, [f"FR-2024-{n:06d}" for n in range(16, 21)]),
    ]
    assert groups[0]["detail"] == "2024-03-20, Roissy CDG Fret: toys 7 pieces"
    assert groups[1]["detail"] == "2024-03-21, Roissy CDG Fret: sport_shoes 2 pairs"
    # `cen quality` shows the warning with its examples, in the terminal, in JSON and in HTML.
    done = run_cen("quality", "--db", db)
    assert done.returncode == 0, done.stderr
    assert "Warnings with examples" in done.stdout
    assert "FR FR_2024.csv: duplicates.near_duplicates = 0.7, threshold <= 0.2 (warning)" in done.stdout
    assert (
        "15 cases alike (2024-03-20, Roissy CDG Fret: toys 7 pieces): FR-2024-000001, FR-2024-000002, "
        "FR-2024-000003, FR-2024-000004, FR-2024-000005 and 10 more"
    ) in done.stdout
    assert "8 cases alike (2024-03-21, Roissy CDG Fret: sport_shoes 2 pairs): FR-2024-000016" in done.stdout
    assert "refused" not in done.stdout
    done = run_cen("quality", "--db", db, "--format", "json", "--member", "FR")
    member = json.loads(done.stdout)[0]
    assert member["code"] == "FR" and member["expectations_failed"] > 0
    [finding] = [f for f in member["findings"] if f["expectation"] == "duplicates.near_duplicates"]
    assert (finding["severity"], finding["file_name"], finding["examples"]) == (
        "warning",
        "FR_2024.csv",
        groups,
    )
    html = tmp_path / "quality.html"
    done = run_cen("quality", "--db", db, "--format", "html", "--output", html)
    assert done.returncode == 0, done.stderr
    page = html.read_text(encoding="utf-8")
    assert "Warnings with examples" in page and "FR-2024-000016, FR-2024-000017" in page


@pytest.fixture
def blocking_near_duplicates(monkeypatch: pytest.MonkeyPatch) -> None:
    """The suite with its near-duplicate check made blocking: the blocking mechanism, with a check that fails."""
    suite = tuple(
        dataclasses.replace(e, blocking=True) if e.name == "duplicates.near_duplicates" else e
        for e in SUBMISSION_SUITE
    )
    monkeypatch.setattr(gx_runner, "SUBMISSION_SUITE", suite)


def refused_file_rows() -> list[dict[str, str]]:
    """Corrects case 1, sends case 2 unchanged, withdraws case 3, and one seizure twelve times over."""
    distinct = [case(n, quantity=str(n)) for n in range(4, 11)]
    twins = [case(n, seizure_date="2024-03-20", quantity="7") for n in range(11, 23)]
    withdraw = {"case_ref": "FR-2024-000003", "reporting_member": "FR", "case_action": "withdraw"}
    return [case(1, quantity="99"), case(2), withdraw, *distinct, *twins]


def test_blocking_failure_refuses_the_submission_and_keeps_nothing_of_it(
    tmp_path: Path, blocking_near_duplicates: None
) -> None:
    db = tmp_path / "cen.duckdb"
    first = ingest_file(write_csv(tmp_path / "FR_a.csv", [case(1), case(2), case(3)]), db, today=TODAY)
    assert (first.status, first.cases_new) == ("accepted", 3)
    result = ingest_file(write_csv(tmp_path / "FR_b.csv", refused_file_rows()), db, today=TODAY)
    assert result.status == "refused"
    assert (result.rows_read, result.rows_accepted, result.rows_quarantined) == (22, 0, 22)
    assert (result.cases_new, result.cases_replaced, result.cases_unchanged, result.cases_withdrawn) == (
        0,
        0,
        0,
        0,
    )
    assert result.lines_accepted == 0
    # Every row has its quarantine entry: the 20 lines it stored, the unchanged case's line, the withdrawal.
    assert result.quarantined_by_code == {"quality-blocked": 22}
    second = result.submission_id
    assert second is not None
    assert_agrees(db, result.as_dict())
    assert store_counts(db, second)["case_rows"] == 0
    blocked = query(
        db,
        "SELECT expectation, observed FROM quality_results WHERE submission_id = ? AND blocking AND NOT success",
        [second],
    )
    assert [b[0] for b in blocked] == ["duplicates.near_duplicates"]
    assert blocked[0][1] == pytest.approx(1 - 9 / 20)
    # Nothing of it stays in the cases or goods lines; case 1 is back at its first version, case 3 is current.
    assert query(
        db, "SELECT case_ref, version, submission_id, is_current, withdrawn FROM cases ORDER BY 1"
    ) == [
        ("FR-2024-000001", 1, first.submission_id, True, False),
        ("FR-2024-000002", 1, first.submission_id, True, False),
        ("FR-2024-000003", 1, first.submission_id, True, False),
    ]
    assert query(db, "SELECT count(*) FROM goods_lines") == [(3,)]
    quarantined = query(
        db, "SELECT DISTINCT code, masked_value FROM quarantine WHERE submission_id = ?", [second]
    )
    assert quarantined == [("quality-blocked", "duplicates.near_duplicates")]
    labels = {r[0] for r in query(db, "SELECT row_label FROM quarantine WHERE submission_id = ?", [second])}
    assert {"FR-2024-000001 line 1", "FR-2024-000002 line 1", "FR-2024-000003 withdrawal"} <= labels
    # The reason, in a sentence.
    assert result.reason is not None
    assert result.reason.startswith(
        "Refused whole: the blocking quality expectation 'duplicates.near_duplicates' failed: "
        "observed 0.55, threshold <= 0.2 — share of cases repeating another case"
    )
    assert result.reason.endswith(". Nothing of it was stored: all its 22 rows went to the quarantine.")


def run_cli(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str | Path
) -> tuple[int, str]:
    """Run the `cen` command in this process (so that a monkeypatched suite applies); exit code and stdout."""
    from cen_pipeline.cli import app as cli

    monkeypatch.setattr(sys, "argv", ["cen", *map(str, args)])
    with pytest.raises(SystemExit) as done:
        cli._run()
    code = done.value.code
    return int(code) if isinstance(code, int) else 1, capsys.readouterr().out


def test_the_ingest_says_in_words_why_a_submission_was_refused(
    tmp_path: Path,
    blocking_near_duplicates: None,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db, copy = tmp_path / "cen.duckdb", tmp_path / "copy.duckdb"
    ingest_file(write_csv(tmp_path / "FR_a.csv", [case(1), case(2), case(3)]), db, today=TODAY)
    shutil.copy(db, copy)
    path = write_csv(tmp_path / "FR_b.csv", refused_file_rows())
    code, out = run_cli(monkeypatch, capsys, "ingest", path, "--db", db, "--format", "json")
    assert code == 1
    result = json.loads(out)["files"][0]
    assert (result["status"], result["rows_read"], result["rows_accepted"], result["rows_quarantined"]) == (
        "refused",
        22,
        0,
        22,
    )
    assert (result["cases_new"], result["lines_accepted"]) == (0, 0)
    assert (
        "the blocking quality expectation 'duplicates.near_duplicates' failed: observed 0.55"
        in result["reason"]
    )
    assert_agrees(db, result)
    code, out = run_cli(monkeypatch, capsys, "ingest", path, "--db", copy)
    assert code == 1
    assert (
        f"{path}: Refused whole: the blocking quality expectation 'duplicates.near_duplicates' failed: "
        "observed 0.55, threshold <= 0.2"
    ) in out
    # `cen quality` lists the refusal.
    code, out = run_cli(monkeypatch, capsys, "quality", "--db", db)
    assert code == 0
    assert "Submissions refused whole by a blocking expectation:" in out
    assert (
        "FR FR_b.csv: duplicates.near_duplicates = 0.55, threshold <= 0.2 (refused the submission whole)"
        in out
    )


def quantile(values: list[float], q: float) -> float:
    """Linear interpolation between order statistics (the definition of quantile_cont)."""
    s = sorted(values)
    pos = (len(s) - 1) * q
    lo, hi = math.floor(pos), math.ceil(pos)
    return s[lo] + (s[hi] - s[lo]) * (pos - lo)


def test_scorecard_figures(tmp_path: Path) -> None:
    db = tmp_path / "cen.duckdb"
    fr_rows = defective_rows()
    de_rows = [
        case(1, "DE", seizure_date="2024-01-10", submission_date="2024-01-20"),
        case(
            2, "DE", seizure_date="2024-02-10", submission_date="2024-05-30", brand="Nike", hs_code="640411"
        ),
        case(3, "DE", seizure_date="2024-03-10", submission_date="2024-03-15"),
        case(4, "DE", seizure_date="2024-03-11", quantity="0"),  # invalid: quarantined by the ingest
    ]
    for sid in (
        ingest(write_csv(tmp_path / "FR_2024.csv", fr_rows), db),
        ingest(write_csv(tmp_path / "DE_2024.csv", de_rows), db),
    ):
        gate(db, sid)
    con = connect(db)
    try:
        rows = {(r.level, r.code): r for r in compute(con, None)}
        by_year = {(r.level, r.code): r for r in compute(con, 2024)}
    finally:
        con.close()

    def figures(member_rows: list[dict[str, str]]) -> dict[str, float]:
        cells = len(member_rows) * (len(CASE_COMPLETENESS_FIELDS) + len(LINE_COMPLETENESS_FIELDS))
        filled = sum(
            1 for r in member_rows for f in (*CASE_COMPLETENESS_FIELDS, *LINE_COMPLETENESS_FIELDS) if r.get(f)
        )
        days = [
            float((date.fromisoformat(r["submission_date"]) - date.fromisoformat(r["seizure_date"])).days)
            for r in member_rows
        ]
        return {
            "completeness": filled / cells,
            "median": quantile(days, 0.5),
            "p90": quantile(days, 0.9),
            "within_30": sum(d <= 30 for d in days) / len(days),
            "within_90": sum(d <= 90 for d in days) / len(days),
        }

    # Coverage months run from the first to the last month with a case in the store: 2022-12 to 2024-03.
    months = 16
    for code, member_rows, rows_read, accepted, reported in (
        ("FR", fr_rows, 10, 10, 2),  # 2022-12 and 2024-03
        ("DE", de_rows[:3], 4, 3, 3),  # 2024-01, -02, -03
    ):
        got = rows[("member", code)]
        want = figures(member_rows)
        assert got.cases == len(member_rows)
        assert got.completeness == pytest.approx(want["completeness"])
        assert got.validity == pytest.approx(accepted / rows_read)
        assert (got.rows_read, got.rows_accepted) == (rows_read, accepted)
        assert got.timeliness_median_days == pytest.approx(want["median"])
        assert got.timeliness_p90_days == pytest.approx(want["p90"])
        assert got.within_30_days == pytest.approx(want["within_30"])
        assert got.within_90_days == pytest.approx(want["within_90"])
        assert (got.months_reported, got.months) == (reported, months)
        assert got.coverage == pytest.approx(reported / months)
    assert rows[("member", "FR")].top_failed.startswith("completeness.")
    assert rows[("member", "DE")].wco_region == "EUR" and rows[("member", "DE")].rilo == "RILO-WE"
    # Europe pools both Members.
    europe = rows[("region", "EUR")]
    both = figures(fr_rows + de_rows[:3])
    assert europe.cases == 13
    assert europe.completeness == pytest.approx(both["completeness"])
    assert europe.validity == pytest.approx(13 / 14)
    assert europe.timeliness_median_days == pytest.approx(both["median"])
    assert europe.coverage == pytest.approx(5 / 32)
    # 2024 alone leaves out FR's case of 2022 and the months of 2022 and 2023.
    fr_2024 = by_year[("member", "FR")]
    assert fr_2024.cases == 9 and (fr_2024.months_reported, fr_2024.months) == (1, 3)


def test_cli_scorecard_formats_and_table(tmp_path: Path) -> None:
    db = tmp_path / "cen.duckdb"
    ingest(write_csv(tmp_path / "FR_2024.csv", defective_rows()), db)  # checked by the command itself
    app = typer.Typer()

    @app.callback()
    def _root() -> None:
        """cen"""

    register(app)
    runner = CliRunner()
    done = runner.invoke(app, ["quality", "--db", str(db), "--format", "json", "--member", "FR"])
    assert done.exit_code == 0, done.output
    data = json.loads(done.stdout)
    assert [(d["level"], d["code"]) for d in data] == [
        ("member", "FR"),
        ("rilo", "RILO-WE"),
        ("region", "EUR"),
    ]
    assert data[0]["expectations_failed"] == 12
    lower = runner.invoke(app, ["quality", "--db", str(db), "--format", "json", "--member", "fr"])
    assert json.loads(lower.stdout) == data
    europe = runner.invoke(app, ["quality", "--db", str(db), "--format", "json", "--region", "europe"])
    assert ("region", "EUR") in [(d["level"], d["code"]) for d in json.loads(europe.stdout)]
    unknown = runner.invoke(app, ["quality", "--db", str(db), "--region", "Atlantis"])
    assert unknown.exit_code == 2 and "unknown WCO region 'Atlantis'" in unknown.output
    stored = query(db, "SELECT level, code, year, cases FROM quality_scorecard ORDER BY level, code")
    assert ("member", "FR", None, 10) in stored and ("all", "ALL", None, 10) in stored
    html = tmp_path / "q.html"
    done = runner.invoke(
        app, ["quality", "--db", str(db), "--format", "html", "--output", str(html), "--year", "2024"]
    )
    assert done.exit_code == 0, done.output
    page = html.read_text(encoding="utf-8")
    assert (
        "<svg" in page
        and "France" in page
        and "http://" not in page.replace("http://www.w3.org/2000/svg", "")
    )
    assert query(db, "SELECT count(*) FROM quality_scorecard WHERE year = 2024") != [(0,)]
    done = runner.invoke(app, ["quality", "--db", str(db), "--format", "csv", "--region", "Europe"])
    assert done.exit_code == 0 and done.stdout.splitlines()[0].startswith("level,code,name")


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Sample feeds of IN (up to its reporting change in 2023), NG (late) and FR, ingested and gated in turn."""
    db = tmp_path_factory.mktemp("samples") / "cen.duckdb"
    feeds = ROOT / "sample_data" / "feeds"
    names = [*(f"IN_{y}.csv" for y in range(2019, 2024)), "NG_2019.csv", "NG_2020.csv", "FR_2024.csv"]
    for path in [feeds / name for name in names]:
        result = ingest_file(path, db)
        assert result.submission_id is not None
        assert not any(r.blocks for r in gate(db, result.submission_id)), path.name
    return db


def test_sample_reporting_change_fails_size_check(sample_store: Path) -> None:
    size = dict(
        query(
            sample_store,
            """SELECT s.file_name, q.success FROM quality_results q JOIN submissions s USING (submission_id)
               WHERE q.expectation = 'size.cases_per_month_vs_history' AND q.evaluated AND s.member = 'IN'""",
        )
    )
    assert size["IN_2023.csv"] is False
    assert all(size[f"IN_{y}.csv"] for y in (2020, 2021, 2022) if f"IN_{y}.csv" in size)
    observed = query(
        sample_store,
        """SELECT q.observed FROM quality_results q JOIN submissions s USING (submission_id)
           WHERE s.file_name = 'IN_2023.csv' AND q.expectation = 'size.cases_per_month_vs_history'""",
    )[0][0]
    assert observed > 5


def test_sample_late_member_has_poor_timeliness(sample_store: Path) -> None:
    con = connect(sample_store)
    try:
        rows = {r.code: r for r in compute(con, None) if r.level == "member"}
    finally:
        con.close()
    ng, fr = rows["NG"], rows["FR"]
    assert ng.timeliness_median_days is not None and ng.timeliness_median_days >= 100
    assert fr.timeliness_median_days is not None and fr.timeliness_median_days <= 30
    assert ng.within_30_days is not None and ng.within_30_days < 0.1
    assert fr.within_90_days == pytest.approx(1.0)
