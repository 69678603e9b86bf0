"""A row sent twice is stored once: the copy goes to the quarantine as `repeated-row`, its case is kept."""

from __future__ import annotations

from pathlib import Path

from cen_pipeline.intake.check import read_records, validate_file
from tests.conftest import row, write_csv
from tests.test_ingest import ingest_json, query


def _feed(tmp_path: Path) -> Path:
    first, second = row(line_no="1"), row(line_no="2", product_category="watches")
    other = row(case_ref="FR-2024-000002")
    return write_csv(tmp_path / "feed.csv", [first, second, dict(first), other, dict(other)])


def test_a_repeated_row_is_a_warning_and_counted_once(tmp_path: Path) -> None:
    report = validate_file(_feed(tmp_path))
    assert report.valid
    assert [(p.code, p.row, p.params["first_row"]) for p in report.problems] == [
        ("repeated-row", 4, "2"),
        ("repeated-row", 6, "5"),
    ]
    assert (report.summary.cases, report.summary.lines_accepted) == (2, 3)
    assert len(read_records(_feed(tmp_path))) == 3


def test_the_copy_is_quarantined_and_the_case_stored_whole(tmp_path: Path) -> None:
    db = tmp_path / "cen.duckdb"
    code, out = ingest_json(_feed(tmp_path), "--db", db)
    assert code == 1  # rows were set aside, as for any quarantined row
    total = out["total"]
    assert (total["rows_read"], total["rows_accepted"], total["rows_quarantined"]) == (5, 3, 2)
    assert query(db, "SELECT count(*) FROM current_lines") == [(3,)]
    assert query(db, "SELECT row_number, code FROM quarantine ORDER BY row_number") == [
        (4, "repeated-row"),
        (6, "repeated-row"),
    ]


def test_a_line_number_used_twice_with_other_content_is_still_an_error(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "feed.csv", [row(), row(product_category="watches")])
    assert [(p.code, p.row) for p in validate_file(path).problems] == [("duplicate-line", 3)]


def test_copies_are_found_across_cases_made_of_the_row_number(tmp_path: Path) -> None:
    profile = tmp_path / "register.toml"
    profile.write_text('[compose]\ncase_ref = "R{row}"\n[constants]\nline_no = "1"\n', encoding="utf-8")
    rows = [row(quantity="5"), row(quantity="6"), row(quantity="5"), row(quantity="5")]
    for r in rows:
        del r["case_ref"], r["line_no"]
    path = write_csv(tmp_path / "register.csv", rows, fields=list(rows[0]))
    report = validate_file(path, str(profile))
    assert [(p.code, p.row, p.params["first_row"]) for p in report.problems] == [
        ("repeated-row", 4, "2"),
        ("repeated-row", 5, "2"),
    ]
    assert sorted(str(r["case_ref"]) for r in read_records(path, str(profile))) == ["R2", "R3"]
    db = tmp_path / "cen.duckdb"
    code, out = ingest_json(path, "--profile", profile, "--db", db)
    assert code == 1 and (out["total"]["rows_accepted"], out["total"]["rows_quarantined"]) == (2, 2)
    assert query(db, "SELECT case_ref FROM current_cases ORDER BY case_ref") == [("R2",), ("R3",)]
