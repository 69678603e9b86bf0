"""Export a Member's cases as EDIFACT, ingest the interchange into a fresh store: the same cases come back."""

from __future__ import annotations

from pathlib import Path

import duckdb

from cen_pipeline.batch import ingest_file
from cen_pipeline.contract.models import CASE_FIELDS, LINE_FIELDS
from tests.conftest import ROOT, run_cen


def current(db: Path, member: str) -> list[tuple[object, ...]]:
    case_cols = ", ".join(f"c.{f}" for f in CASE_FIELDS if f != "case_action")
    line_cols = ", ".join(f"l.{f}" for f in LINE_FIELDS)
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(
            f"""SELECT {case_cols}, {line_cols} FROM current_cases c
                JOIN current_lines l USING (reporting_member, case_ref, version)
                WHERE c.reporting_member = ? ORDER BY c.case_ref, l.line_no""",
            [member],
        ).fetchall()
    finally:
        con.close()


def test_export_then_ingest_gives_identical_current_cases_and_lines(tmp_path: Path) -> None:
    source = tmp_path / "source.duckdb"
    for name in ("FR_2024.csv", "FR_2025.csv", "DE_2025.csv"):
        ingest_file(ROOT / "sample_data" / "feeds" / name, source)
    ingest_file(ROOT / "sample_data" / "profiles" / "canonical.csv", source)  # transit lists, flags, values
    interchange = tmp_path / "FR.edi"
    done = run_cen("export", "edi", "--member", "FR", "--out", interchange, "--db", source)
    assert done.returncode == 0, done.stderr
    target = tmp_path / "target.duckdb"
    result = ingest_file(interchange, target)
    assert result.rows_quarantined == 0
    exported = current(source, "FR")
    assert len(exported) > 100
    assert current(target, "FR") == exported
    assert current(target, "DE") == []


def test_since_limits_the_export(tmp_path: Path) -> None:
    source = tmp_path / "source.duckdb"
    ingest_file(ROOT / "sample_data" / "feeds" / "FR_2024.csv", source)
    out = tmp_path / "FR.edi"
    done = run_cen("export", "edi", "--member", "FR", "--since", "2024-07-01", "--out", out, "--db", source)
    assert done.returncode == 0
    target = tmp_path / "t.duckdb"
    ingest_file(out, target)
    dates = [str(row[2]) for row in current(target, "FR")]
    assert dates and min(dates) >= "2024-07-01"
