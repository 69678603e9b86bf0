"""Shared test helpers: real files on disk and real runs of the `cen` command."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pytest

from cen_pipeline.contract.models import FEED_FIELDS

ROOT = Path(__file__).resolve().parent.parent
# The sample interchanges with their manifest (what each one holds or breaks), and the canonical CSV whose
# cases they carry.
CANONICAL = ROOT / "sample_data" / "profiles" / "canonical.csv"
EDI_SAMPLES = ROOT / "sample_data" / "edi"
EDI_MANIFEST = json.loads((EDI_SAMPLES / "manifest.json").read_text(encoding="utf-8"))

VALID_ROW: dict[str, str] = {
    "case_ref": "FR-2024-000001",
    "reporting_member": "FR",
    "seizure_date": "2024-03-15",
    "submission_date": "2024-04-02",
    "location_type": "airport",
    "conveyance": "postal",
    "procedure_initiation": "ex_officio",
    "origin_country": "CN",
    "departure_country": "HK",
    "destination_country": "FR",
    "line_no": "1",
    "product_category": "toys",
    "ipr_types": "trade_mark",
    "quantity": "10",
    "unit": "pieces",
    "value": "150.50",
    "currency": "EUR",
    "value_basis": "retail",
}


def row(**changes: str) -> dict[str, str]:
    """A valid feed row with some fields changed."""
    return {**VALID_ROW, **changes}


def write_csv(
    path: Path, rows: Iterable[Mapping[str, Any]], fields: Iterable[str] = FEED_FIELDS, **fmt: Any
) -> Path:
    with path.open("w", encoding=fmt.pop("encoding", "utf-8"), newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(fields), extrasaction="ignore", **fmt)
        writer.writeheader()
        writer.writerows(rows)
    return path


def run_cen(
    *args: str | Path, cwd: Path | None = None, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the real `cen` command in a child process."""
    return subprocess.run(
        [sys.executable, "-m", "cen_pipeline", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        check=False,
    )


def query(db: Path, sql: str, params: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
    """The rows of a query over a store, opened read-only for it."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def run_json(*args: str | Path) -> tuple[int, Any]:
    done = run_cen(*args, "--format", "json")
    return done.returncode, json.loads(done.stdout) if done.stdout.strip() else None


@pytest.fixture
def csv_file(tmp_path: Path):
    """Write rows to a CSV file in a temporary folder and give its path."""

    def make(rows: Iterable[Mapping[str, Any]], name: str = "feed.csv", **kwargs: Any) -> Path:
        return write_csv(tmp_path / name, rows, **kwargs)

    return make
