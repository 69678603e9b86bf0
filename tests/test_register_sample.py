"""The seizure register, shaped like a public record-per-seizure export, stores every valid row through its
profile with no pre-processing, and each remaining error is named exactly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cen_pipeline.samples.register import FAULTS, HEADINGS, REPORTING, register_facts, register_rows
from tests.conftest import ROOT, run_cen
from tests.test_ingest import ingest_json, query

REGISTER = ROOT / "sample_data" / "profiles" / "seizure-register.csv"


def _planted() -> list[tuple[str, int, str]]:
    """(code, spreadsheet row, cell) of each planted fault, found in the rows as written."""
    rows = register_rows()
    out = []
    for column, cell, code in FAULTS.values():
        index = next(i for i, r in enumerate(rows) if r[HEADINGS.index(column)] == cell)
        out.append((code, index + 2, cell))
    return sorted(out, key=lambda p: p[1])


def test_validate_names_exactly_the_planted_faults() -> None:
    done = run_cen("validate", REGISTER, "--profile", "seizure-register", "--format", "json")
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    errors = [(p["code"], p["row"], p["value"]) for p in report["problems"] if p["severity"] == "error"]
    assert errors == _planted()
    facts = register_facts()
    assert report["summary"]["warnings_by_code"]["repeated-row"] == facts["repeated"]
    assert report["summary"]["warnings_by_code"]["number-rounded"] > 50  # the spreadsheet's float renderings


def test_ingest_stores_every_valid_row_once(tmp_path: Path) -> None:
    db = tmp_path / "cen.duckdb"
    code, out = ingest_json(REGISTER, "--profile", "seizure-register", "--db", db)
    assert code == 1  # five faulty rows and the repeated copies are set aside
    total = out["total"]
    facts = register_facts()
    valid = facts["rows"] - facts["repeated"] - facts["faulty"]
    assert (total["rows_read"], total["rows_accepted"]) == (facts["rows"], valid)
    assert total["rows_accepted"] + total["rows_quarantined"] == total["rows_read"]
    assert query(db, "SELECT count(*), count(DISTINCT case_ref) FROM current_cases") == [(valid, valid)]
    members = {m for (m,) in query(db, "SELECT DISTINCT reporting_member FROM current_cases")}
    assert members == set(REPORTING.values())
    # Grams became kilograms, tablets pieces; no unit outside the code list is stored.
    units = {u for (u,) in query(db, "SELECT DISTINCT unit FROM current_lines")}
    assert units == {"kg", "litres", "pieces", "pairs", "cartons"}
    quarantined = dict(query(db, "SELECT code, count(*) FROM quarantine GROUP BY code"))
    assert quarantined == {
        "repeated-row": facts["repeated"],
        **{code: 1 for _, _, code in FAULTS.values()},
    }


def test_validity_counts_distinct_rows_and_each_member_its_own(tmp_path: Path) -> None:
    db = tmp_path / "cen.duckdb"
    ingest_json(REGISTER, "--profile", "seizure-register", "--db", db)
    done = run_cen("quality", "--db", db, "--format", "json")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    facts = register_facts()
    overall = next(r for r in rows if r["level"] == "all")
    distinct = facts["rows"] - facts["repeated"]
    # The copies of repeated rows are set aside, not invalid: validity is over the distinct rows.
    assert overall["rows_accepted"] == distinct - facts["faulty"]
    assert overall["validity"] == pytest.approx((distinct - facts["faulty"]) / (distinct - 1))  # Atlantis
    members = {r["code"]: r for r in rows if r["level"] == "member"}
    assert set(members) == set(REPORTING.values())  # every Member of the register, not the one of most rows
    assert sum(1 for r in members.values() if r["validity"] < 1) <= facts["faulty"]
