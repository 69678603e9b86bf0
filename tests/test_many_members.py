"""A register reporting for many Members at once (52 Members over three years, one of them silent for a year,
one reporting ten times as much from a month on): each Member is credited with its own rows in coverage, the
quality scorecard and the alerts, through the real CLI and a real store."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from cen_pipeline.samples.many_members import JUMP, SILENT, ManyMemberRegister, write_many_member_register
from tests.conftest import run_cen


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory) -> tuple[ManyMemberRegister, Path]:
    root = tmp_path_factory.mktemp("many")
    made = write_many_member_register(root / "register.csv")
    db = root / "cen.duckdb"
    done = run_cen("ingest", made.path, "--profile", "seizure-register", "--db", db)
    assert done.returncode == 0, done.stderr
    return made, db


def _month(made: ManyMemberRegister, index: int) -> str:
    year, month = divmod(made.start.month - 1 + index, 12)
    return f"{made.start.year + year}-{month + 1:02d}"


def test_the_register_is_valid_as_sent(register: tuple[ManyMemberRegister, Path]) -> None:
    made, _ = register
    done = run_cen("validate", made.path, "--profile", "seizure-register", "--format", "json")
    assert done.returncode == 0, done.stdout[-2000:]
    assert json.loads(done.stdout)["summary"]["rows_read"] == made.rows


def test_every_member_has_its_own_months_in_coverage(register: tuple[ManyMemberRegister, Path]) -> None:
    made, db = register
    con = duckdb.connect(str(db), read_only=True)
    try:
        status = {
            (m, str(month)[:7]): s
            for m, month, s in con.execute("SELECT member, month, status FROM coverage").fetchall()
        }
        stored = {m for (m,) in con.execute("SELECT DISTINCT reporting_member FROM current_cases").fetchall()}
    finally:
        con.close()
    assert stored == set(made.members.values())
    assert {m for m, _ in status} == stored  # every Member with cases, not the one of most rows
    silent = made.members[SILENT]
    first, last = made.silent_months
    assert all(status[(silent, _month(made, i))] == "not_reported" for i in range(first, last + 1))
    assert status[(silent, _month(made, first - 1))] == "reported"
    assert status[(silent, _month(made, last + 1))] == "reported"


def test_every_member_has_its_own_scorecard(register: tuple[ManyMemberRegister, Path]) -> None:
    made, db = register
    done = run_cen("quality", "--db", db, "--format", "json")
    assert done.returncode == 0, done.stderr
    rows = {r["code"]: r for r in json.loads(done.stdout) if r["level"] == "member"}
    assert set(rows) == set(made.members.values())
    assert sum(r["rows_read"] for r in rows.values()) == made.rows  # each row credited once, to its Member
    assert all(r["validity"] == 1.0 and r["months"] == made.months for r in rows.values())
    silent = rows[made.members[SILENT]]
    assert silent["months_reported"] <= made.months - 12
    assert all(r["months_reported"] > made.months - 12 for code, r in rows.items() if r is not silent)


def test_a_tenfold_jump_is_the_members_reporting_change_not_spikes(
    register: tuple[ManyMemberRegister, Path],
) -> None:
    made, db = register
    done = run_cen("alerts", "--db", db, "--since", _month(made, 0), "--format", "json")
    assert done.returncode == 0, done.stderr
    alerts = json.loads(done.stdout)
    jump, month = made.members[JUMP], _month(made, made.jump_month)
    changes = [a for a in alerts if a["kind"] == "reporting_change" and a["stratum"] == jump]
    assert [a["period"] for a in changes] == [month]
    assert "rose" in changes[0]["explanation"]
    after = [
        a for a in alerts if a["kind"] == "spike" and a["stratum"].startswith(jump) and a["period"] >= month
    ]
    assert after == []
    silent = made.members[SILENT]
    assert any(a["kind"] == "reporting_change" and a["stratum"] == silent for a in alerts)


def test_the_reports_headline_names_the_reporting_change_beside_the_figure(
    register: tuple[ManyMemberRegister, Path], tmp_path: Path
) -> None:
    made, db = register
    assert run_cen("alerts", "--db", db, "--since", _month(made, 0)).returncode == 0
    year = made.start.year + made.jump_month // 12
    done = run_cen("report", "annual", "--year", str(year), "--out", tmp_path / "report", "--db", db)
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "report" / "report.html").read_text(encoding="utf-8")
    headline = page[page.index("The number of cases") :][:600]
    assert "change in reporting, not in seizures" in headline and JUMP in headline


def test_a_year_without_data_before_is_missing_in_the_report_not_zero(
    register: tuple[ManyMemberRegister, Path], tmp_path: Path
) -> None:
    made, db = register
    first, before = made.start.year, made.start.year - 1
    done = run_cen("report", "annual", "--year", str(first), "--out", tmp_path / "report", "--db", db)
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "report" / "report.html").read_text(encoding="utf-8")
    assert f"No case was reported in {before}, so no year-on-year change can be given." in page
    assert f"{before} (tick)" not in page  # no previous-year marks on the charts
    assert "of the top routes were not among the top routes" not in page
    import csv

    headline = list(csv.reader((tmp_path / "report" / "tables" / "headline.csv").open(encoding="utf-8-sig")))
    assert all(row[2] == "" for row in headline[1:]), headline  # the previous year: empty, never 0
