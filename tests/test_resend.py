"""A file refused whole can be corrected by reading it another way and sent again; the same file read the
same way is a duplicate."""

from __future__ import annotations

from pathlib import Path

from cen_pipeline.samples.many_members import write_many_member_register
from tests.test_ingest import ingest_json, query


def test_a_file_refused_under_the_wrong_profile_is_stored_under_the_right_one(tmp_path: Path) -> None:
    made = write_many_member_register(tmp_path / "register.csv", members=3, months=2)
    db = tmp_path / "cen.duckdb"
    code, first = ingest_json(made.path, "--db", db)  # the canonical profile: no column it knows
    assert code == 1 and first["files"][0]["status"] == "refused"
    code, again = ingest_json(made.path, "--db", db)  # the same reading: nothing new to say
    assert code == 0 and again["files"][0]["status"] == "duplicate"
    code, right = ingest_json(made.path, "--profile", "seizure-register", "--db", db)
    assert code == 0 and right["files"][0]["status"] == "accepted"
    assert query(db, "SELECT count(*) FROM current_cases") == [(made.rows,)]
    code, last = ingest_json(made.path, "--profile", "seizure-register", "--db", db)
    assert code == 0 and last["files"][0]["status"] == "duplicate"


def test_every_row_of_a_file_refused_whole_is_in_the_quarantine(tmp_path: Path) -> None:
    # Read with the wrong delimiter, some records split into a wrong number of cells (malformed), the rest
    # lack every mandatory column: each row ends in the quarantine once, none is lost between the two.
    made = write_many_member_register(tmp_path / "register.csv", members=3, months=2)
    db = tmp_path / "cen.duckdb"
    code, result = ingest_json(made.path, "--db", db)
    assert code == 1
    counts = result["files"][0]
    assert counts["rows_read"] == counts["rows_quarantined"] == made.rows
    assert counts["rows_accepted"] == 0
    rows = query(db, "SELECT DISTINCT row_number FROM quarantine WHERE row_number IS NOT NULL ORDER BY 1")
    assert [r for (r,) in rows] == list(range(2, made.rows + 2))
