"""Ingest into a real DuckDB store: idempotence, versions, withdrawals, quarantine, scope, atomicity, locking."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import duckdb
import pytest

from cen_pipeline.batch import ingest_file
from cen_pipeline.samples import write_big_csv
from cen_pipeline.store.db import connect
from tests.conftest import ROOT, row, run_cen, write_csv

FEEDS = ROOT / "sample_data" / "feeds"


def ingest_json(*args: str | Path) -> tuple[int, dict[str, Any]]:
    done = run_cen("ingest", *args, "--format", "json")
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, json.loads(done.stdout)


def query(db: Path, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def test_ingesting_all_samples_twice_gives_identical_counts(tmp_path: Path) -> None:
    db = tmp_path / "cen.duckdb"
    code, first = ingest_json(FEEDS, "--db", db)
    assert code == 0
    total = first["total"]
    assert total["rows_read"] == total["rows_accepted"] == 6081 and total["cases_new"] == 3159
    counts = query(db, "SELECT count(*), (SELECT count(*) FROM current_lines) FROM current_cases")
    code, second = ingest_json(FEEDS, "--db", db)
    assert code == 0 and second["total"]["duplicates_skipped"] == len(first["files"])
    assert (
        query(db, "SELECT count(*), (SELECT count(*) FROM current_lines) FROM current_cases")
        == counts
        == [(3159, 6081)]
    )


def test_a_corrected_resubmission_replaces_exactly_the_corrected_cases(tmp_path: Path) -> None:
    db = tmp_path / "cen.duckdb"
    original = FEEDS / "FR_2024.csv"
    ingest_file(original, db)
    lines = original.read_text(encoding="utf-8").splitlines(keepends=True)
    header, body = lines[0], lines[1:]
    refs = sorted({b.split(",", 1)[0] for b in body})
    corrected_refs = refs[:2]
    corrected = [
        b.replace(",pieces,", ",pairs,").replace(",kg,", ",pairs,")
        if b.split(",", 1)[0] in corrected_refs
        else b
        for b in body
    ]
    assert corrected != body
    fixed = tmp_path / "FR_2024_corrected.csv"
    fixed.write_text(header + "".join(corrected), encoding="utf-8")
    result = ingest_file(fixed, db)
    changed = {b.split(",", 1)[0] for b, c in zip(body, corrected, strict=True) if b != c}
    assert (result.cases_replaced, result.cases_new) == (len(changed), 0)
    assert result.cases_unchanged == len(refs) - len(changed)
    history = query(
        db, "SELECT case_ref, count(*), sum(is_current::INT) FROM cases GROUP BY ALL HAVING count(*) > 1"
    )
    assert {(r, n, cur) for r, n, cur in history} == {(r, 2, 1) for r in changed}
    assert query(db, "SELECT count(*) FROM current_cases")[0][0] == len(refs)


def test_a_withdrawal_ends_a_case_and_keeps_its_history(tmp_path: Path) -> None:
    db = tmp_path / "cen.duckdb"
    ingest_file(write_csv(tmp_path / "a.csv", [row(case_ref="FR-1"), row(case_ref="FR-2")]), db)
    withdraw = [
        {"case_ref": "FR-1", "reporting_member": "FR", "case_action": "withdraw"},
        {"case_ref": "FR-9", "reporting_member": "FR", "case_action": "withdraw"},
    ]
    result = ingest_file(write_csv(tmp_path / "w.csv", withdraw), db)
    assert result.cases_withdrawn == 1
    assert result.quarantined_by_code == {"unknown-case": 1}
    assert query(db, "SELECT case_ref FROM current_cases") == [("FR-2",)]
    assert query(db, "SELECT version, withdrawn FROM cases WHERE case_ref = 'FR-1' ORDER BY version") == [
        (1, False),
        (2, True),
    ]


def test_every_row_is_accepted_or_quarantined_with_reasons(tmp_path: Path) -> None:
    db = tmp_path / "cen.duckdb"
    rows = [
        row(case_ref="FR-1", line_no="1"),
        row(case_ref="FR-1", line_no="2", quantity="0"),  # one bad line
        row(case_ref="FR-2"),
        row(case_ref="FR-3", conveyance="boat"),
        row(case_ref="FR-4", description="call +33 6 12 34 56 78"),
    ]
    result = ingest_file(write_csv(tmp_path / "f.csv", rows), db)
    assert result.rows_read == 5
    assert result.rows_accepted + result.rows_quarantined == result.rows_read
    assert (result.rows_accepted, result.rows_quarantined) == (1, 4)
    assert result.quarantined_by_code == {
        "case-rejected": 1,
        "nominal-value": 1,
        "out-of-range": 1,
        "unknown-code": 1,
    }
    [(shown, params)] = query(db, "SELECT masked_value, params FROM quarantine WHERE code = 'nominal-value'")
    assert shown == "[personal data withheld: phone; 22 characters]"  # nothing of it, not even "call"
    kept = json.loads(params)
    assert (kept["kinds"], kept["length"], len(kept["fingerprint"])) == ("phone", "22", 64)
    assert query(db, "SELECT case_ref FROM current_cases") == [("FR-2",)]


def test_member_scope_refuses_another_members_rows(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "f.csv", [row(case_ref="FR-1"), row(case_ref="DE-1", reporting_member="DE")])
    code, out = ingest_json(path, "--member", "FR", "--db", tmp_path / "cen.duckdb")
    assert code == 1
    assert out["total"]["quarantined_by_code"] == {"member-mismatch": 1}
    assert out["total"]["rows_accepted"] == 1


def test_nil_return_and_coverage(tmp_path: Path) -> None:
    db = tmp_path / "cen.duckdb"
    ingest_file(
        write_csv(
            tmp_path / "a.csv",
            [
                row(seizure_date="2024-01-10"),
                row(case_ref="FR-3", seizure_date="2024-04-02", submission_date="2024-04-05"),
            ],
        ),
        db,
    )
    nil = tmp_path / "nil.csv"
    nil.write_text("reporting_member,nil_return_month\nFR,2024-02\n", encoding="utf-8")
    assert ingest_file(nil, db).status == "nil return"
    status = query(
        db, "SELECT strftime(month, '%Y-%m'), status FROM coverage WHERE member = 'FR' ORDER BY month"
    )
    assert status == [
        ("2024-01", "reported"),
        ("2024-02", "nil_return"),
        ("2024-03", "not_reported"),
        ("2024-04", "reported"),
    ]
    done = run_cen("coverage", "--db", db)
    assert done.returncode == 0 and "FR" in done.stdout
    # A Member's code is matched however it is typed; an empty selection is said in words.
    assert run_cen("coverage", "--member", "fr", "--db", db).stdout == done.stdout
    done = run_cen("coverage", "--member", "fr", "--year", "2030", "--db", db)
    assert done.returncode == 0
    assert done.stdout.strip() == f"The reporting coverage has no month for FR 2030 in the store {db}."


def test_quarantine_export_in_french(tmp_path: Path) -> None:
    db = tmp_path / "cen.duckdb"
    ingest_file(write_csv(tmp_path / "f.csv", [row(conveyance="bateau", description="=HYPERLINK(1)")]), db)
    for suffix in (".csv", ".xlsx"):
        out = tmp_path / f"rejected{suffix}"
        done = run_cen("quarantine", "export", "--member", "FR", "--lang", "fr", "--out", out, "--db", db)
        assert done.returncode == 0, done.stderr
        if suffix == ".csv":
            text = out.read_text(encoding="utf-8-sig")
            assert "n'est pas un code de la liste" in text and "bateau" in text
        else:
            import openpyxl

            sheet = openpyxl.load_workbook(out).active
            assert sheet["A1"].value == "Fichier" and sheet.max_row == 2
    listed = run_cen("quarantine", "list", "--db", db)
    assert listed.returncode == 0 and "unknown-code" in listed.stdout
    assert run_cen("quarantine", "list", "--member", "fr", "--db", db).stdout == listed.stdout
    listed = run_cen("quarantine", "list", "--member", "de", "--db", db)
    assert listed.returncode == 0 and listed.stdout.strip() == f"No quarantined row of DE in the store {db}."
    out = tmp_path / "lower.csv"
    done = run_cen("quarantine", "export", "--member", "fr", "--out", out, "--db", db)
    assert done.returncode == 0 and "1 quarantined row written" in done.stderr


def test_read_commands_on_a_missing_store_exit_3(tmp_path: Path) -> None:
    done = run_cen("coverage", "--db", tmp_path / "none.duckdb")
    assert done.returncode == 3 and "no store" in done.stderr


def test_a_killed_ingest_leaves_nothing_and_a_rerun_counts_as_a_clean_run(tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    write_big_csv(big, 300_000)
    db = tmp_path / "killed.duckdb"
    # The store exists first, so that the write-ahead log seen below is the submission's, not the schema's.
    connect(db).close()
    proc = subprocess.Popen(
        [sys.executable, "-m", "cen_pipeline", "ingest", str(big), "--db", str(db)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wal = Path(str(db) + ".wal")
    deadline = time.monotonic() + 120
    # Kill it while it writes: the write-ahead log shows the transaction has begun.
    while proc.poll() is None and not wal.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert proc.poll() is None, "the ingest ended before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    if db.exists():
        assert query(db, "SELECT count(*) FROM submissions")[0][0] == 0
        assert query(db, "SELECT count(*) FROM cases")[0][0] == 0
        assert query(db, "SELECT count(*) FROM goods_lines")[0][0] == 0
    rerun = ingest_file(big, db)
    clean = ingest_file(big, tmp_path / "clean.duckdb")
    assert (rerun.rows_read, rerun.rows_accepted, rerun.lines_accepted, rerun.cases_new) == (
        clean.rows_read,
        clean.rows_accepted,
        clean.lines_accepted,
        clean.cases_new,
    )
    assert clean.rows_read == 300_000


def test_a_second_writer_waits_instead_of_failing(tmp_path: Path) -> None:
    db = tmp_path / "cen.duckdb"
    ingest_file(write_csv(tmp_path / "a.csv", [row()]), db)
    # The holder keeps the store open until it is told to let go, however slow the machine is.
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb; c = duckdb.connect({str(db)!r}); print('held', flush=True); input(); c.close()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    second = write_csv(tmp_path / "b.csv", [row(case_ref="FR-2")])
    impatient = run_cen("ingest", second, "--db", db, "--wait", "0.5")
    assert impatient.returncode == 3
    assert "being written by another process" in impatient.stderr and "Traceback" not in impatient.stderr
    patient = subprocess.Popen(
        [sys.executable, "-m", "cen_pipeline", "ingest", str(second), "--db", str(db), "--wait", "120"],
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(2)
    assert patient.poll() is None, "the second writer should be waiting for the store"
    holder.communicate("go\n")
    _, err = patient.communicate(timeout=300)
    assert patient.returncode == 0, err
    assert query(db, "SELECT count(*) FROM current_cases")[0][0] == 2


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("store") / "cen.duckdb"
    for path in sorted(FEEDS.glob("*.csv"))[:30]:
        ingest_file(path, db)
    return db


def test_the_lake_reads_back_with_a_second_engine(sample_store: Path, tmp_path: Path) -> None:
    import pyarrow.dataset as ds

    lake = tmp_path / "lake"
    done = run_cen("export", "lake", lake, "--db", sample_store)
    assert done.returncode == 0, done.stderr
    schema = json.loads((lake / "_schema.json").read_text(encoding="utf-8"))
    assert schema["partitioning"] == ["year", "region"]
    portable = ("DATE", "TIMESTAMP", "VARCHAR", "BIGINT", "DECIMAL", "BOOLEAN")
    assert all(t.startswith(portable) for table in schema["tables"].values() for t in table.values())
    cases = ds.dataset(lake / "cases", format="parquet", partitioning="hive").to_table().to_pandas()
    lines = ds.dataset(lake / "goods_lines", format="parquet", partitioning="hive").to_table().to_pandas()
    expected = query(
        sample_store,
        """SELECT year(c.seizure_date), c.wco_region, count(DISTINCT c.case_ref), count(*), sum(l.quantity)
           FROM current_cases c JOIN current_lines l USING (reporting_member, case_ref, version) GROUP BY ALL""",
    )
    got = lines.groupby(["year", "region"]).agg(n=("case_ref", "size"), q=("quantity", "sum")).reset_index()
    got_cases = cases.groupby(["year", "region"]).size()
    for year, region, n_cases, n_lines, quantity in expected:
        match = got[(got.year == year) & (got.region == region)].iloc[0]
        assert (int(match.n), float(match.q)) == (n_lines, float(quantity))
        assert int(got_cases[(year, region)]) == n_cases


def test_a_lake_over_a_file_is_a_usage_error(sample_store: Path, tmp_path: Path) -> None:
    taken = tmp_path / "lake"
    taken.write_text("a file, not a folder")
    done = run_cen("export", "lake", taken, "--db", sample_store)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert f"cannot write the lake to {taken}: it is a file, not a folder" in done.stderr
    assert taken.read_text() == "a file, not a folder"


def test_history_lists_versions(sample_store: Path) -> None:
    ref = query(sample_store, "SELECT reporting_member, case_ref FROM current_cases LIMIT 1")[0]
    done = run_cen("history", "--member", ref[0], "--case", ref[1], "--db", sample_store)
    assert done.returncode == 0 and ref[1] in done.stdout
    done = run_cen("history", "--member", ref[0], "--case", ref[1] + "-X", "--db", sample_store)
    assert done.returncode == 1 and done.stdout == ""
    assert f"no case '{ref[1]}-X' of {ref[0]}" in done.stderr


def test_ingest_copies_nothing_outside_the_store(tmp_path: Path) -> None:
    # The assets ship with the package: ingest works from any working directory.
    shutil.copy(FEEDS / "SN_2019.csv", tmp_path / "SN_2019.csv")
    done = run_cen("ingest", "SN_2019.csv", "--db", "x.duckdb", cwd=tmp_path)
    assert done.returncode == 0, done.stderr


def test_a_batch_of_faulty_files_accounts_for_every_row(tmp_path: Path) -> None:
    db = tmp_path / "cen.duckdb"
    done = run_cen("ingest", ROOT / "sample_data" / "faults", "--db", db, "--format", "json")
    assert done.returncode == 3, done.stderr  # two files cannot be read at all; the others are loaded
    assert "Traceback" not in done.stderr
    files = json.loads(done.stdout)["files"]
    unreadable = {Path(f["file"]).name for f in files if f["status"].startswith("unreadable")}
    assert unreadable == {"not-utf8.csv", "not-a-workbook.xlsx"}
    for f in files:
        assert f["rows_accepted"] + f["rows_quarantined"] == f["rows_read"], f
        if f["submission_id"] is not None:  # the store's counts are the ingest's
            stored = stored_submission(db, f["submission_id"])
            assert stored == {k: f[k] for k in stored}, f
            if f["status"] == "refused":
                assert f["reason"] and f["cases_new"] == f["lines_accepted"] == 0, f
    refused = {Path(f["file"]).name: f for f in files if f["file"].endswith("nominal-column.csv")}
    assert refused["nominal-column.csv"]["rows_accepted"] == 0
    assert refused["nominal-column.csv"]["quarantined_by_code"] == {
        "nominal-column": refused["nominal-column.csv"]["rows_read"]
    }


def stored_submission(db: Path, sid: int) -> dict[str, Any]:
    names = ["status", "rows_read", "rows_accepted", "rows_quarantined", "cases_new", "cases_replaced"]
    names += ["cases_unchanged", "cases_withdrawn"]
    found = query(db, f"SELECT {', '.join(names)} FROM submissions WHERE submission_id = ?", [sid])
    return dict(zip(names, found[0], strict=True))


def test_files_of_which_no_row_is_accepted_leave_only_their_submission_and_quarantine(tmp_path: Path) -> None:
    from cen_pipeline.contract.models import FEED_FIELDS

    db = tmp_path / "cen.duckdb"
    ingest_file(write_csv(tmp_path / "first.csv", [row(case_ref="FR-1"), row(case_ref="FR-2")]), db)
    before = query(db, "SELECT * FROM cases ORDER BY case_ref"), query(db, "SELECT count(*) FROM goods_lines")
    withdraw = {"case_ref": "FR-1", "reporting_member": "FR", "case_action": "withdraw"}
    files = {
        # A personal-data column refuses the whole file before anything of it is read.
        "nominal.csv": write_csv(
            tmp_path / "nominal.csv",
            [{**row(case_ref="FR-3"), "passport_number": "X1"}, withdraw],
            fields=[*FEED_FIELDS, "passport_number"],
        ),
        # A missing column refuses every row, its withdrawal with the rest.
        "missing.csv": write_csv(
            tmp_path / "missing.csv",
            [row(case_ref="FR-4"), withdraw],
            fields=[f for f in FEED_FIELDS if f != "conveyance"],
        ),
        # Every row invalid: a faulty case, and a withdrawal of a case the store does not hold.
        "invalid.csv": write_csv(
            tmp_path / "invalid.csv",
            [row(case_ref="FR-5", quantity="0"), {**withdraw, "case_ref": "FR-9"}],
        ),
        # Rows of another Member than the one submitting.
        "other-member.csv": write_csv(
            tmp_path / "other-member.csv",
            [row(case_ref="DE-1", reporting_member="DE", destination_country="DE")],
        ),
    }
    code, out = ingest_json(*files.values(), "--member", "FR", "--db", db)
    assert code == 1
    by_name = {Path(f["file"]).name: f for f in out["files"]}
    for name, result in by_name.items():
        assert result["status"] == "refused", result
        assert result["rows_read"] > 0 and result["rows_read"] == result["rows_quarantined"], result
        assert result["rows_accepted"] == result["lines_accepted"] == 0, result
        assert result["cases_new"] == result["cases_replaced"] == result["cases_withdrawn"] == 0, result
        stored = stored_submission(db, result["submission_id"])
        assert stored == {k: result[k] for k in stored}, (name, stored)
        assert query(db, "SELECT count(*) FROM cases WHERE submission_id = ?", [result["submission_id"]]) == [
            (0,)
        ]
        assert result["reason"], result
    # Nothing changed in the cases (FR-1 not withdrawn) nor in the goods lines.
    assert (
        query(db, "SELECT * FROM cases ORDER BY case_ref"),
        query(db, "SELECT count(*) FROM goods_lines"),
    ) == before
    assert by_name["nominal.csv"]["reason"].startswith("Refused whole before storing: ")
    assert "passport_number" in by_name["nominal.csv"]["reason"]
    assert by_name["missing.csv"]["reason"].startswith("Refused whole before storing: ")
    assert "conveyance" in by_name["missing.csv"]["reason"]
    assert by_name["invalid.csv"]["reason"] == (
        "No row was accepted: all its 2 rows went to the quarantine (out-of-range 1, unknown-case 1)."
    )
    assert by_name["other-member.csv"]["reason"].startswith(
        "No row was accepted: its 1 row went to the quarantine ("
    )
    assert "member-mismatch" in by_name["other-member.csv"]["reason"]
    # The table says it too, in words.
    copy = tmp_path / "copy.duckdb"
    ingest_file(write_csv(tmp_path / "first.csv", [row(case_ref="FR-1"), row(case_ref="FR-2")]), copy)
    done = run_cen("ingest", files["missing.csv"], "--db", copy)
    assert done.returncode == 1, done.stderr
    assert f"{files['missing.csv']}: Refused whole before storing: " in done.stdout


def test_the_goods_lines_of_rejected_messages_are_quarantined(tmp_path: Path) -> None:
    db = tmp_path / "cen.duckdb"
    manifest = json.loads((ROOT / "sample_data" / "edi" / "manifest.json").read_text())
    code, out = ingest_json(ROOT / "sample_data" / "edi", "--db", db)
    assert code == 1  # some interchanges hold rejected messages
    by_file = {Path(f["file"]).name: f for f in out["files"]}
    for expected in manifest:
        got = by_file[expected["file"]]
        total = expected["accepted_rows"] + expected["rejected_rows"]
        assert got["rows_read"] == total, got
        assert got["rows_accepted"] + got["rows_quarantined"] == got["rows_read"], got
        assert got["rows_quarantined"] >= expected["rejected_rows"], got
        if expected["rejected_rows"]:
            labels = query(
                db,
                """SELECT DISTINCT split_part(row_label, ',', 1) FROM quarantine q
                   JOIN submissions s USING (submission_id) WHERE s.file_name = ? AND row_label IS NOT NULL""",
                [expected["file"]],
            )
            assert sorted(label for (label,) in labels) == sorted(
                f"message {ref}" for ref in expected["rejected_messages"]
            )


def test_lines_sent_without_a_number_are_numbered_in_file_order(tmp_path: Path) -> None:
    db = tmp_path / "cen.duckdb"
    rows = [
        row(case_ref="FR-1", line_no="", brand="Alpha"),
        row(case_ref="FR-2", line_no="1", brand="Gamma"),
        row(case_ref="FR-1", line_no="", brand="Beta"),
    ]
    result = ingest_file(write_csv(tmp_path / "unnumbered.csv", rows), db)
    assert result.rows_accepted == 3, result
    stored = query(db, "SELECT case_ref, line_no, brand FROM current_lines ORDER BY case_ref, line_no")
    assert stored == [("FR-1", 1, "Alpha"), ("FR-1", 2, "Beta"), ("FR-2", 1, "Gamma")]


def test_a_file_whose_rows_all_pass_the_quick_checks_is_stored_as_its_checked_records(tmp_path: Path) -> None:
    """Such a file is typed the cheap way at ingest; the store must hold what the full checks read from it."""
    from cen_pipeline.contract.models import CASE_FIELDS, LINE_FIELDS
    from cen_pipeline.intake.check import read_records

    path, db = tmp_path / "clean.csv", tmp_path / "cen.duckdb"
    write_big_csv(path, 3000)
    result = ingest_file(path, db)
    assert (result.status, result.rows_quarantined) == ("accepted", 0)
    fields = [f for f in (*CASE_FIELDS, *LINE_FIELDS) if f not in ("case_action", "health_safety")]
    stored = query(
        db,
        f"""SELECT {", ".join(f"c.{f}" if f in CASE_FIELDS else f"l.{f}" for f in fields)}
            FROM current_lines l JOIN current_cases c USING (reporting_member, case_ref, version)""",
    )
    expected = [tuple(r[f] for f in fields) for r in read_records(path)]
    assert len(expected) == 3000
    assert sorted(stored, key=repr) == sorted(expected, key=repr)


def test_a_file_of_clean_unusual_and_faulty_cases_is_stored_as_its_checked_records(tmp_path: Path) -> None:
    """Cases whose cells are valid but not in normal form, and faulty ones, take the full checks; the rest of
    the file is typed the cheap way. Either way the store must hold what the full checks accept."""
    from cen_pipeline.contract.models import CASE_FIELDS, LINE_FIELDS, health_safety_categories
    from cen_pipeline.intake.check import read_records

    dangerous = sorted(health_safety_categories())
    rows = [
        row(case_ref="FR-1", line_no="1", brand="Alpha"),
        row(case_ref="FR-1", line_no="2", product_category=dangerous[0], health_safety=""),
        row(case_ref="FR-2", line_no="1", origin_country="China", brand=" Beta "),
        row(case_ref="FR-2", line_no="2", product_category=dangerous[0], health_safety="no"),
        row(case_ref="FR-3", line_no="1", seizure_date="2024-13-45"),
        row(case_ref="FR-3", line_no="2"),
        row(case_ref="FR-4", line_no="1", reporting_member="fr", quantity="7"),
        row(case_ref="FR-9", case_action="withdraw"),
    ]
    path, db = write_csv(tmp_path / "mixed.csv", rows), tmp_path / "cen.duckdb"
    result = ingest_file(path, db)
    assert result.rows_accepted + result.rows_quarantined == len(rows)
    assert result.lines_accepted == 5, result
    fields = [f for f in (*CASE_FIELDS, *LINE_FIELDS) if f != "case_action"]
    stored = query(
        db,
        f"""SELECT {", ".join(f"c.{f}" if f in CASE_FIELDS else f"l.{f}" for f in fields)}
            FROM current_lines l JOIN current_cases c USING (reporting_member, case_ref, version)""",
    )
    expected = [
        tuple(
            (r[f] if r[f] is not None else r["product_category"] in dangerous)
            if f == "health_safety"
            else r[f]
            for f in fields
        )
        for r in read_records(path)
    ]
    assert {r[fields.index("case_ref")] for r in expected} == {"FR-1", "FR-2", "FR-4"}
    assert sorted(stored, key=repr) == sorted(expected, key=repr)


def test_running_out_of_memory_says_how_to_give_more_and_stores_nothing(tmp_path: Path) -> None:
    store = tmp_path / "cen.duckdb"
    done = run_cen("ingest", FEEDS / "ES_2024.csv", "--db", store, env={"CEN_MEMORY_LIMIT": "1MB"})
    assert done.returncode == 4
    assert "out of memory" in done.stderr and "CEN_MEMORY_LIMIT=" in done.stderr
    assert "Traceback" not in done.stderr
    if store.exists():
        with connect(store, read_only=True) as con:
            assert con.execute("SELECT count(*) FROM submissions").fetchone() == (0,)
    done = run_cen("ingest", FEEDS / "ES_2024.csv", "--db", store, "--format", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["files"][0]["status"] == "accepted"


def test_a_batch_stopped_by_a_failure_keeps_the_files_stored_before_it_and_builds_their_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from cen_pipeline import batch as ingest_module
    from cen_pipeline.analysis.transform import is_fresh
    from cen_pipeline.cli import app as cli

    store = tmp_path / "cen.duckdb"
    calls: list[Path] = []

    def second_file_fails(path: Path, *args: Any, **kwargs: Any) -> Any:
        calls.append(path)
        if len(calls) == 2:
            raise duckdb.OutOfMemoryException("Out of Memory Error: could not allocate")
        return ingest_file(path, *args, **kwargs)

    monkeypatch.setattr(ingest_module, "ingest_file", second_file_fails)
    files = [FEEDS / "ES_2024.csv", FEEDS / "FR_2024.csv", FEEDS / "TR_2024.csv"]
    monkeypatch.setattr(sys, "argv", ["cen", "ingest", *map(str, files), "--db", str(store)])
    with pytest.raises(SystemExit) as done:
        cli._run()
    assert done.value.code == 4
    assert "out of memory" in capsys.readouterr().err
    assert calls == files[:2]
    with connect(store, read_only=True) as con:
        assert is_fresh(con)
        stored = con.execute("SELECT DISTINCT reporting_member FROM current_cases").fetchall()
        built = con.execute("SELECT DISTINCT member FROM case_facts WHERE articles > 0").fetchall()
    assert stored == built == [("ES",)]
