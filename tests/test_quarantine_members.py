"""A file reporting for many Members: each Member's quarantine holds the rows that name it, and no other
Member's, whatever the problem (a bad cell, a case refused with its bad line, a repeated row)."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb

from tests.conftest import query, row, run_cen, write_csv


def _exported(db: Path, member: str, out: Path) -> list[dict[str, str]]:
    done = run_cen("quarantine", "export", "--member", member, "--out", out, "--db", db)
    assert done.returncode == 0, done.stderr
    with out.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_each_member_gets_back_its_own_rows_of_a_shared_file(tmp_path: Path) -> None:
    rows = [
        row(case_ref="FR-1", reporting_member="FR"),
        row(case_ref="FR-2", reporting_member="FR", quantity="-3"),  # a bad cell: row 3
        row(case_ref="FR-3", reporting_member="FR"),
        row(case_ref="DE-1", reporting_member="DE", destination_country="DE"),
        row(case_ref="DE-2", reporting_member="DE", destination_country="DE", currency="EURO"),  # row 6
        # A case with a bad line: its good line (row 7) is refused with it.
        row(case_ref="DE-3", reporting_member="DE", destination_country="DE", line_no="1"),
        row(case_ref="DE-3", reporting_member="DE", destination_country="DE", line_no="2", unit="bags"),
        row(case_ref="DE-1", reporting_member="DE", destination_country="DE"),  # a repeated row: row 9
    ]
    db = tmp_path / "cen.duckdb"
    done = run_cen("ingest", write_csv(tmp_path / "shared.csv", rows), "--db", db)
    assert done.returncode in (0, 1), done.stderr
    french = _exported(db, "FR", tmp_path / "fr.csv")
    german = _exported(db, "DE", tmp_path / "de.csv")
    assert {r["Row"] for r in french} == {"3"}
    assert {r["Row"] for r in german} == {"6", "7", "8", "9"}
    members = dict(query(db, "SELECT row_number, member FROM quarantine"))
    assert members == {3: "FR", 6: "DE", 7: "DE", 8: "DE", 9: "DE"}


def test_a_row_naming_no_member_is_the_submissions(tmp_path: Path) -> None:
    rows = [row(case_ref=f"FR-{i}") for i in range(3)] + [row(case_ref="ZZ-1", reporting_member="ZZ")]
    db = tmp_path / "cen.duckdb"
    run_cen("ingest", write_csv(tmp_path / "mixed.csv", rows), "--db", db)
    assert [r["Row"] for r in _exported(db, "FR", tmp_path / "fr.csv")] == ["5"]


def test_a_store_of_the_schema_before_is_brought_up_to_date_by_a_read(tmp_path: Path) -> None:
    rows = [row(case_ref="FR-1"), row(case_ref="FR-2", quantity="-3")]
    db = tmp_path / "cen.duckdb"
    run_cen("ingest", write_csv(tmp_path / "fr.csv", rows), "--db", db)
    with duckdb.connect(str(db)) as con:  # as the version before the quarantine's Member column left it
        con.execute("ALTER TABLE quarantine DROP COLUMN member")
        con.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    assert [r["Row"] for r in _exported(db, "FR", tmp_path / "out.csv")] == ["3"]
    done = run_cen("quarantine", "list", "--member", "FR", "--db", db)
    assert done.returncode == 0 and "FR-2" in done.stdout
