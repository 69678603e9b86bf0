"""A batch of files in one `cen ingest` call: the same store as one call a file, row for row, and a batch
killed half-way keeps the files it finished, whose quality `cen quality` then checks."""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from cen_pipeline.samples.big import split_by_case, write_big_csv
from tests.conftest import run_cen

# Tables of the store compared row for row; columns holding the time of the run are left out.
TABLES = ("submissions", "submission_members", "cases", "goods_lines", "quarantine", "quality_results")


def faulty_copy(path: Path, target: Path) -> Path:
    """A copy of the file whose first row has an impossible seizure date (the rest unchanged)."""
    rows = list(csv.reader(path.open(newline="")))
    header = rows[0]
    rows[1][header.index("seizure_date")] = "2024-02-30"
    target.write_text("\n".join(",".join(f'"{c}"' for c in r) for r in rows) + "\n", encoding="utf-8")
    return target


def snapshot(db: Path) -> dict[str, list[tuple[object, ...]]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        for table in TABLES:
            timed = [
                c
                for c, kind in con.execute(
                    "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ?",
                    [table],
                ).fetchall()
                if kind.startswith("TIMESTAMP")
            ]
            exclude = f" EXCLUDE ({', '.join(timed)})" if timed else ""
            out[table] = sorted(
                con.execute(f"SELECT *{exclude} FROM {table}").fetchall(), key=lambda r: tuple(map(str, r))
            )
        return out
    finally:
        con.close()


def test_a_batch_stores_what_one_call_a_file_stores_row_for_row(tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    write_big_csv(big, 600)
    files = split_by_case(big, tmp_path / "parts", 100)
    files.append(faulty_copy(files[0], tmp_path / "part-faulty.csv"))
    assert len(files) > 5
    one_call = tmp_path / "batch.duckdb"
    done = run_cen("ingest", *files, "--db", one_call)
    assert done.returncode in (0, 1), done.stderr
    each = tmp_path / "each.duckdb"
    for path in files:
        alone = run_cen("ingest", path, "--db", each)
        assert alone.returncode in (0, 1), alone.stderr
    batch, separate = snapshot(one_call), snapshot(each)
    assert batch["quarantine"] and batch["quality_results"]  # the faulty file's rows, every file's checks
    for table in TABLES:
        assert batch[table] == separate[table], table


def test_a_batch_killed_half_way_keeps_the_files_it_finished_and_a_rerun_ends_as_a_clean_batch(
    tmp_path: Path,
) -> None:
    big = tmp_path / "big.csv"
    write_big_csv(big, 1_200)
    small = split_by_case(big, tmp_path / "parts", 300)
    large = tmp_path / "large.csv"
    write_big_csv(large, 400_000, seed=11)
    start = time.monotonic()
    warm = run_cen("ingest", *small, "--db", tmp_path / "timing.duckdb")
    assert warm.returncode == 0, warm.stderr
    small_seconds = time.monotonic() - start
    db = tmp_path / "killed.duckdb"
    proc = subprocess.Popen(
        [sys.executable, "-m", "cen_pipeline", "ingest", *map(str, small), str(large), "--db", str(db)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    # Killed while the large file is stored, after the small ones (which took `small_seconds` alone).
    time.sleep(small_seconds + 2)
    assert proc.poll() is None, "the batch ended before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    con = duckdb.connect(str(db), read_only=True)
    try:
        stored = con.execute("SELECT file_name FROM submissions ORDER BY submission_id").fetchall()
        tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        checked = (
            con.execute("SELECT count(DISTINCT submission_id) FROM quality_results").fetchone()
            if "quality_results" in tables
            else (0,)
        )
    finally:
        con.close()
    assert [r[0] for r in stored] == [p.name for p in small]  # the finished files, nothing of the large one
    assert checked == (0,)  # their checks were to run when the batch ended
    quality = run_cen("quality", "--db", db, "--format", "json")
    assert quality.returncode == 0, quality.stderr
    rerun = run_cen("ingest", *small, large, "--db", db)
    assert rerun.returncode == 0, rerun.stderr
    clean = tmp_path / "clean.duckdb"
    assert run_cen("ingest", *small, large, "--db", clean).returncode == 0
    killed, whole = snapshot(db), snapshot(clean)
    for table in ("cases", "goods_lines"):
        assert killed[table] == whole[table], table
    assert {r[0] for r in killed["quality_results"]} == {r[0] for r in whole["quality_results"]}
