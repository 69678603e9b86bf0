"""The quality tables of the store, and refusing a submission that fails a blocking expectation.

The tables are created by the quality step itself (`CREATE TABLE IF NOT EXISTS`), so a store written before
the step existed gains them the first time the step runs on it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import duckdb

from cen_pipeline.quality.metrics import prefix

QUARANTINE_CODE = "quality-blocked"


@dataclass(frozen=True)
class ExpectationResult:
    """The outcome of one expectation on one submission."""

    submission_id: int
    name: str
    group: str
    success: bool
    evaluated: bool  # False when the metric could not be computed (too little history, nothing priced)
    observed: float | None
    min_value: float | None
    max_value: float | None
    blocking: bool
    threshold: str
    description: str

    @property
    def blocks(self) -> bool:
        """A blocking expectation that failed: the submission is refused."""
        return self.blocking and not self.success


def ensure_tables(con: duckdb.DuckDBPyConnection, catalog: str | None = None) -> None:
    """Create the quality tables when the store lacks them."""
    p = prefix(catalog)
    con.execute(
        f"""CREATE TABLE IF NOT EXISTS {p}quality_results (
            submission_id BIGINT NOT NULL, member VARCHAR, expectation VARCHAR NOT NULL, expectation_group VARCHAR,
            success BOOLEAN NOT NULL, evaluated BOOLEAN NOT NULL, observed DOUBLE, min_value DOUBLE,
            max_value DOUBLE, threshold VARCHAR, blocking BOOLEAN NOT NULL, checked_at TIMESTAMP)"""
    )
    con.execute(
        f"""CREATE TABLE IF NOT EXISTS {p}quality_scorecard (
            level VARCHAR NOT NULL, code VARCHAR NOT NULL, name VARCHAR, wco_region VARCHAR, rilo VARCHAR,
            year INTEGER, submissions BIGINT, cases BIGINT, goods_lines BIGINT,
            completeness DOUBLE, validity DOUBLE, rows_read BIGINT, rows_accepted BIGINT,
            timeliness_median_days DOUBLE, timeliness_p90_days DOUBLE, within_30_days DOUBLE,
            within_90_days DOUBLE, coverage DOUBLE, months_reported BIGINT, months BIGINT,
            expectations_failed BIGINT, top_failed VARCHAR, computed_at TIMESTAMP)"""
    )


def save_results(
    con: duckdb.DuckDBPyConnection, results: Sequence[ExpectationResult], catalog: str | None = None
) -> None:
    """Store the results, replacing earlier results of the same submissions."""
    p = prefix(catalog)
    ids = sorted({r.submission_id for r in results})
    if not ids:
        return
    con.execute(f"DELETE FROM {p}quality_results WHERE submission_id IN ({', '.join('?' * len(ids))})", ids)
    import pandas as pd

    now = datetime.now(UTC).replace(tzinfo=None)
    frame = pd.DataFrame(
        {
            "submission_id": pd.Series([r.submission_id for r in results], dtype="int64"),
            "expectation": [r.name for r in results],
            "expectation_group": [r.group for r in results],
            "success": pd.Series([r.success for r in results], dtype="bool"),
            "evaluated": pd.Series([r.evaluated for r in results], dtype="bool"),
            "observed": pd.Series([r.observed for r in results], dtype="float64"),
            "min_value": pd.Series([r.min_value for r in results], dtype="float64"),
            "max_value": pd.Series([r.max_value for r in results], dtype="float64"),
            "threshold": [r.threshold for r in results],
            "blocking": pd.Series([r.blocking for r in results], dtype="bool"),
        }
    )
    con.register("quality_new_results", frame)
    try:
        con.execute(
            f"""INSERT INTO {p}quality_results BY NAME
                SELECT n.*, s.member, ?::TIMESTAMP AS checked_at FROM quality_new_results n
                LEFT JOIN {p}submissions s USING (submission_id)""",
            [now],
        )
    finally:
        con.unregister("quality_new_results")


def quarantine_submission(
    con: duckdb.DuckDBPyConnection,
    submission_id: int,
    failures: Sequence[ExpectationResult],
    catalog: str | None = None,
) -> int:
    """Refuse a stored submission that failed blocking expectations; returns the quarantine rows written.

    The submission becomes 'refused' with all its rows counted as quarantined; the case versions it brought
    leave the current view and the versions they had replaced (or withdrawn) become current again; each of its
    goods lines gets a quarantine row with code `quality-blocked` naming the failed expectation(s). Run it in
    the transaction that stored the submission, or in a transaction of its own.
    """
    p = prefix(catalog)
    names = ", ".join(f.name for f in failures)
    params = json.dumps(
        {
            "expectation": names,
            "observed": "; ".join(f"{f.name} = {f.observed:.4g}" for f in failures if f.observed is not None),
            "threshold": "; ".join(f"{f.name} {f.threshold}" for f in failures),
        }
    )
    row = con.execute(
        f"""INSERT INTO {p}quarantine
            SELECT c.submission_id, NULL, l.case_ref || ' line ' || l.line_no, NULL, NULL, NULL, l.case_ref,
                   ?, ?, ?
            FROM {p}goods_lines l JOIN {p}cases c USING (reporting_member, case_ref, version)
            WHERE c.submission_id = ? ORDER BY l.case_ref, l.line_no""",
        [QUARANTINE_CODE, names, params, submission_id],
    ).fetchone()
    written = int(row[0]) if row else 0
    # Versions this submission brought that are still current give way to the versions before them.
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE quality_revert AS
            SELECT reporting_member, case_ref, version FROM {p}cases WHERE submission_id = ? AND is_current""",
        [submission_id],
    )
    con.execute(
        f"""UPDATE {p}cases SET is_current = false FROM quality_revert r
            WHERE cases.reporting_member = r.reporting_member AND cases.case_ref = r.case_ref
              AND cases.version = r.version"""
    )
    con.execute(
        f"""UPDATE {p}cases SET is_current = true FROM quality_revert r
            WHERE cases.reporting_member = r.reporting_member AND cases.case_ref = r.case_ref
              AND cases.version = r.version - 1"""
    )
    con.execute("DROP TABLE quality_revert")
    con.execute(
        f"""UPDATE {p}submissions SET status = 'refused', rows_accepted = 0, rows_quarantined = rows_read
            WHERE submission_id = ?""",
        [submission_id],
    )
    return written
