"""A few hundred seeded, mutated CSV, Excel and EDIFACT files through `cen validate` and `cen ingest`: none
makes the command fail inside (exit 4) or print a traceback, and every row the store read of a file is
accepted or quarantined.

The commands run in this process, through the same entry as `cen` (`cli.app._run`, which turns every failure
into its exit code), so that start-up is paid once; each file is validated and ingested on its own, so that a
failure names its file.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import sys
from pathlib import Path
from typing import Any

import duckdb
import pytest

from tests.conftest import ROOT
from tests.mutations import Mutant, mutated_files

SEED = 20261206
COUNTS = {"csv": 160, "edi": 90, "xlsx": 60}
FEEDS = ROOT / "sample_data" / "feeds"
PROFILES = ROOT / "sample_data" / "profiles"
EDI = ROOT / "sample_data" / "edi"


def run_in_process(*args: str | Path) -> tuple[int, str, str]:
    """`cen ARGS` as the command runs it, in this process: exit code, stdout, stderr."""
    from cen_pipeline.cli.app import _run

    out, err = io.StringIO(), io.StringIO()
    saved = sys.argv
    sys.argv = ["cen", *map(str, args)]
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                _run()
                code = 0
            except SystemExit as done:
                code = done.code if isinstance(done.code, int) else 1
    finally:
        sys.argv = saved
    return code, out.getvalue(), err.getvalue()


def _seeds(folder: Path) -> tuple[dict[str, tuple[Path, str]], list[list[str]]]:
    """Seed files by kind (small cuts of the sample feeds, the profiles' samples, a nil return and the
    valid interchanges) and the rows the workbooks are made of."""
    folder.mkdir()
    seeds: dict[str, tuple[Path, str]] = {}
    for name in ("DE_2021.csv", "FR_2024.csv"):
        cut = folder / name
        cut.write_bytes(b"".join((FEEDS / name).read_bytes().splitlines(keepends=True)[:25]))
        seeds[f"csv:{name}"] = (cut, "canonical")
    seeds["csv:bom"] = (PROFILES / "canonical-bom.csv", "canonical")
    seeds["csv:utf16"] = (PROFILES / "canonical-utf16.csv", "canonical")
    seeds["csv:fr-douane"] = (PROFILES / "fr-douane.csv", "fr-douane")
    nil = folder / "nil.csv"
    nil.write_text("reporting_member,nil_return_month\nFR,2024-02\nFR,2024-03\n", encoding="utf-8")
    seeds["csv:nil"] = (nil, "canonical")
    for name in ("valid.edi", "valid-groups.edi", "valid-syntax4-custom-una.edi", "valid-crlf-junk.edi"):
        seeds[f"edi:{name}"] = (EDI / name, "canonical")
    with (FEEDS / "ES_2023.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))[:15]
    return seeds, rows


@pytest.fixture(scope="module")
def mutants(tmp_path_factory: pytest.TempPathFactory) -> list[Mutant]:
    root = tmp_path_factory.mktemp("fuzz")
    seeds, rows = _seeds(root / "seeds")
    return mutated_files(seeds, rows, root / "mutants", COUNTS, SEED)


def _said_cleanly(code: int, out: str, err: str) -> str | None:
    """What is wrong with a command's ending, or None: an exit code a user may meet, and no traceback."""
    if code not in (0, 1, 3):
        return f"exit {code}: {err.strip()[-300:]}"
    if "Traceback" in out + err or "internal error" in err:
        return f"traceback: {err.strip()[-300:]}"
    return None


def test_mutated_files_never_fail_inside_and_every_row_is_accounted_for(
    mutants: list[Mutant], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CEN_DEBUG", raising=False)
    assert len(mutants) == sum(COUNTS.values())
    failures: list[str] = []
    read: dict[str, dict[str, Any]] = {}
    for mutant in mutants:
        code, out, err = run_in_process(
            "validate", mutant.path, "--profile", mutant.profile, "--format", "json"
        )
        if (wrong := _said_cleanly(code, out, err)) is not None:
            failures.append(f"validate {mutant.path.name}: {wrong}")
        elif code == 3:
            if f"cannot read {mutant.path}" not in err:
                failures.append(f"validate {mutant.path.name}: exit 3 without naming the file: {err!r}")
        else:
            read[str(mutant.path)] = json.loads(out)["summary"]
    db = tmp_path / "cen.duckdb"
    results: dict[str, dict[str, Any]] = {}
    for mutant in mutants:  # one file a run, so that a failure names its file
        args = ("ingest", mutant.path, "--profile", mutant.profile, "--db", db, "--format", "json")
        code, out, err = run_in_process(*args)
        if (wrong := _said_cleanly(code, out, err)) is not None:
            failures.append(f"ingest {mutant.path.name}: {wrong}")
            continue
        results.update({r["file"]: r for r in json.loads(out)["files"]})
    failures += _accounting_failures(db, read, results)
    assert failures == [], "\n".join(failures)


def _accounting_failures(
    db: Path, read: dict[str, dict[str, Any]], results: dict[str, dict[str, Any]]
) -> list[str]:
    """Every submission's rows are accepted or quarantined, the quarantine holds exactly the rows it says, and
    the store read as many rows of each file as `cen validate` did."""
    failures = []
    with duckdb.connect(str(db), read_only=True) as con:
        stored = con.execute(
            """SELECT s.submission_id, s.file_name, s.rows_read, s.rows_accepted, s.rows_quarantined,
                      (SELECT count(DISTINCT q.row_number) FROM quarantine q
                       WHERE q.submission_id = s.submission_id AND q.row_number IS NOT NULL)
               FROM submissions s ORDER BY s.submission_id"""
        ).fetchall()
    by_id = {r["submission_id"]: r for r in results.values() if r["submission_id"] is not None}
    if not len(stored) == len(by_id) > 100:
        return [f"{len(stored)} submissions stored, {len(by_id)} said by the ingest runs"]
    for sid, name, rows_read, accepted, quarantined, quarantine_rows in stored:
        if rows_read != accepted + quarantined:
            failures.append(f"{name}: read {rows_read} != accepted {accepted} + quarantined {quarantined}")
        if quarantine_rows != quarantined:
            failures.append(f"{name}: {quarantined} rows quarantined, the quarantine holds {quarantine_rows}")
        result = by_id[sid]
        summary = read.get(result["file"])
        if summary is not None and result["status"] != "nil return" and summary["rows_read"] != rows_read:
            failures.append(f"{name}: validate read {summary['rows_read']} rows, ingest {rows_read}")
    return failures
