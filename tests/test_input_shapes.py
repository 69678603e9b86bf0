"""Files as Members' tools write them: classic Mac line ends (Excel's "CSV (Macintosh)"), mixed line ends,
and files with nothing in them, each through the real `cen validate` and `cen ingest`."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import duckdb
import openpyxl
import pytest

from cen_pipeline.intake.check import validate_file
from tests.conftest import ROOT, row, run_cen, write_csv

FEED = ROOT / "sample_data" / "feeds" / "DE_2019.csv"
FR_DOUANE = ROOT / "sample_data" / "profiles" / "fr-douane.csv"


def validate_json(*args: str | Path) -> tuple[int, Any, str]:
    done = run_cen("validate", *args, "--format", "json")
    assert "Traceback" not in done.stderr + done.stdout
    return done.returncode, json.loads(done.stdout) if done.stdout.strip() else None, done.stderr


def ingest_json(*args: str | Path) -> tuple[int, dict[str, Any], str]:
    done = run_cen("ingest", *args, "--format", "json")
    assert "Traceback" not in done.stderr + done.stdout
    return done.returncode, json.loads(done.stdout), done.stderr


def with_line_ends(source: Path, target: Path, ends: list[bytes]) -> Path:
    """`source` with its line ends replaced by `ends` in turn (cycled)."""
    lines = source.read_bytes().splitlines()
    target.write_bytes(b"".join(line + ends[i % len(ends)] for i, line in enumerate(lines)))
    return target


def summaries(reports: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {Path(r["file"]).name: r["summary"] for r in reports}


def test_mac_and_mixed_line_ends_read_as_the_same_file_with_lf(tmp_path: Path) -> None:
    lf = with_line_ends(FEED, tmp_path / "lf.csv", [b"\n"])
    cr = with_line_ends(FEED, tmp_path / "mac.csv", [b"\r"])
    mixed = with_line_ends(FEED, tmp_path / "mixed.csv", [b"\r\n", b"\n", b"\r"])
    code, reports, err = validate_json(lf, cr, mixed)
    assert code == 0, err
    by_file = summaries(reports)
    assert by_file["mac.csv"] == by_file["mixed.csv"] == by_file["lf.csv"]
    assert by_file["lf.csv"]["rows_read"] == len(FEED.read_bytes().splitlines()) - 1
    db = tmp_path / "cen.duckdb"
    code, out, err = ingest_json(cr, "--db", db)
    assert code == 0, err
    [stored] = out["files"]
    assert stored["rows_read"] == stored["rows_accepted"] == by_file["lf.csv"]["rows_read"]
    assert stored["cases_new"] == by_file["lf.csv"]["cases"]


def test_a_national_extraction_with_mac_line_ends_reads_as_with_crlf(tmp_path: Path) -> None:
    # Windows-1252, semicolons: the line ends are made one while the file is decoded.
    cr = with_line_ends(FR_DOUANE, tmp_path / "fr-mac.csv", [b"\r"])
    code_lf, lf_report, _ = validate_json(FR_DOUANE, "--profile", "fr-douane")
    code_cr, cr_report, err = validate_json(cr, "--profile", "fr-douane")
    assert code_cr == code_lf == 0, err
    assert cr_report["summary"] == lf_report["summary"] and cr_report["summary"]["rows_read"] > 0


def test_rows_keep_their_spreadsheet_numbers_with_mac_line_ends(tmp_path: Path) -> None:
    rows = [row(case_ref=f"FR-{i}") for i in range(1, 6)]
    rows[3] = row(case_ref="FR-4", conveyance="boat")  # spreadsheet row 5
    lf = write_csv(tmp_path / "lf.csv", rows)
    cr = with_line_ends(lf, tmp_path / "mac.csv", [b"\r"])
    code, report, _ = validate_json(cr)
    assert code == 1
    assert [(p["row"], p["code"], p["value"]) for p in report["problems"]] == [(5, "unknown-code", "boat")]
    db = tmp_path / "cen.duckdb"
    code, out, _ = ingest_json(cr, "--db", db)
    assert code == 1 and out["files"][0]["rows_quarantined"] == 1
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT row_number, code FROM quarantine").fetchall() == [(5, "unknown-code")]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("zero-bytes.csv", b""),
        ("only-bom.csv", b"\xef\xbb\xbf"),
        ("only-whitespace.csv", b"  \r\n\n\t \n"),
        ("only-utf16-bom.csv", b"\xff\xfe"),
        ("zero-bytes.edi", b""),
        ("only-bom.edi", b"\xef\xbb\xbf\n"),
    ],
)
def test_an_empty_file_is_unreadable_and_said_by_name(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    code, _, err = validate_json(path)
    assert code == 3
    assert f"cannot read {path}: the file is empty" in err
    db = tmp_path / "cen.duckdb"
    code, out, err = ingest_json(path, "--db", db)
    assert code == 3
    assert f"cannot read {path}: the file is empty" in err
    assert out["files"][0]["status"].startswith("unreadable: the file is empty")


def test_a_file_whose_first_row_is_blank_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "blank-header.csv"
    path.write_bytes(b"\n" + FEED.read_bytes())
    code, _, err = validate_json(path)
    assert code == 3 and f"cannot read {path}: its first row" in err


def test_a_header_without_rows_is_invalid_for_validate_and_refused_by_ingest(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "header-only.csv", [])
    code, report, _ = validate_json(path)
    assert code == 1 and report["summary"]["errors_by_code"] == {"empty-file": 1}
    db = tmp_path / "cen.duckdb"
    code, out, _ = ingest_json(path, "--db", db)
    [result] = out["files"]
    assert code == 1
    assert (result["status"], result["rows_read"]) == ("refused", 0)
    assert (
        result["reason"]
        == "Refused whole before storing: The file has no data rows. Nothing of it was stored."
    )


def test_an_empty_worksheet_is_unreadable(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "Seizures"
    book.save(tmp_path / "empty.xlsx")
    book = openpyxl.Workbook()
    book.active["A3"] = "FR-1"
    book.save(tmp_path / "no-headings.xlsx")
    done = run_cen("validate", tmp_path / "empty.xlsx", tmp_path / "no-headings.xlsx")
    assert done.returncode == 3 and "Traceback" not in done.stderr
    assert f"cannot read {tmp_path / 'empty.xlsx'}: the sheet 'Seizures' is empty" in done.stderr
    assert "no-headings.xlsx: row 1 of the sheet 'Sheet', where the headings go, is empty" in done.stderr


def test_a_nil_return_quarantines_the_rows_that_declare_no_month(tmp_path: Path) -> None:
    path = tmp_path / "nil.csv"
    long_month = "2024-" + "0" * 50_000 + "3"
    path.write_bytes(
        f'reporting_member,nil_return_month\rFR,2024-02\rFR,2024-0"2\rFR,2024-13\r,2024-05\rFR,{long_month}\r'.encode()
    )
    db = tmp_path / "cen.duckdb"
    code, out, err = ingest_json(path, "--db", db)
    [result] = out["files"]
    assert code == 1, err
    assert (result["status"], result["rows_read"], result["rows_accepted"]) == ("nil return", 5, 1)
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT strftime(month, '%Y-%m') FROM nil_returns").fetchall() == [("2024-02",)]
        quarantined = con.execute(
            "SELECT row_number, column_letter, code, masked_value FROM quarantine ORDER BY row_number"
        ).fetchall()
    assert quarantined[:3] == [
        (3, "B", "invalid-date", '2024-0"2'),
        (4, "B", "invalid-date", "2024-13"),
        (5, "A", "missing-value", None),
    ]
    row, letter, code, shown = quarantined[3]
    assert (row, letter, code) == (6, "B", "invalid-date")
    assert shown == long_month[:200] + "…"  # a report shows the beginning of a very long cell


def test_a_very_long_cell_is_shown_cut_or_withheld(tmp_path: Path) -> None:
    # A long run of letters is what made the e-mail pattern slow (its time grew with the square of it).
    long_country = "D" + "x" * 300_000
    description = "y" * 150 + " jean.dupont@example.org " + "z" * 300_000
    path = write_csv(tmp_path / "long.csv", [row(destination_country=long_country, description=description)])
    code, report, _ = validate_json(path)
    assert code == 1
    by_code = {p["code"]: p for p in report["problems"]}
    assert by_code["unknown-country"]["value"] == long_country[:200] + "…"
    # Personal data is what the Member hears of first, and nothing of the cell is shown.
    assert (
        by_code["nominal-value"]["value"]
        == f"[personal data withheld: e-mail; {len(description)} characters]"
    )
    assert "jean.dupont" not in json.dumps(report)


@pytest.mark.parametrize("record_end", ["\r\n", "\n", "\r"])
def test_line_breaks_inside_a_quoted_cell_are_kept_as_sent(tmp_path: Path, record_end: str) -> None:
    # A spreadsheet's Alt+Enter (LF), a Windows text (CRLF) and an old Mac one (CR) inside quoted cells, in
    # files whose records end otherwise: each cell is stored exactly as it was sent.
    texts = {"FR-1": "line one\nline two", "FR-2": "crlf one\r\ncrlf two", "FR-3": "lone\rreturn"}
    sent = write_csv(
        tmp_path / "breaks.csv",
        [row(case_ref=ref, description=text) for ref, text in texts.items()],
        lineterminator=record_end,
        quoting=csv.QUOTE_ALL,  # a CR alone is quoted too, whatever the record end
    )
    db = tmp_path / "cen.duckdb"
    code, _, err = ingest_json(sent, "--db", db)
    assert code == 0, err
    con = duckdb.connect(str(db), read_only=True)
    try:
        stored = dict(con.execute("SELECT case_ref, description FROM cases").fetchall())
    finally:
        con.close()
    assert stored == texts


def test_a_long_cell_refused_for_personal_data_far_inside_shows_nothing_of_itself(tmp_path: Path) -> None:
    # The shown part of a long cell is screened quickly, but a cell refused for personal data anywhere in it
    # is withheld whole: no word of its beginning either.
    description = "hidden goods " * 300 + " contact jean.dupont@example.org"
    path = write_csv(tmp_path / "deep.csv", [row(description=description)])
    code, report, _ = validate_json(path)
    assert code == 1
    [problem] = [p for p in report["problems"] if p["code"] == "nominal-value"]
    assert problem["value"] == f"[personal data withheld: e-mail; {len(description)} characters]"
    assert "hidden" not in json.dumps(report) and "dupont" not in json.dumps(report)


def test_a_row_with_a_cell_of_tens_of_megabytes_is_refused_not_lost(tmp_path: Path) -> None:
    # Longer than the CSV reader's default buffer (32 MiB), which drops such a line without a word.
    rows = [row(case_ref="FR-1"), row(case_ref="FR-2", description="x" * (33 << 20)), row(case_ref="FR-3")]
    report = validate_file(write_csv(tmp_path / "big.csv", rows))
    assert report.summary.rows_read == 3 and report.summary.lines_accepted == 2
    assert [(p.code, p.row, p.field) for p in report.problems] == [("too-long", 3, "description")]


def test_a_header_row_longer_than_64_kilobytes_is_read_whole(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "f.csv", [row()])
    header, line = path.read_text(encoding="utf-8").splitlines()
    long_heading = "remarks " + "r" * 70_000
    path.write_text(f"{header},{long_heading}\n{line},kept\n", encoding="utf-8")
    report = validate_file(path)
    assert [p.code for p in report.problems] == ["unknown-column"]
    assert report.summary.lines_accepted == 1
