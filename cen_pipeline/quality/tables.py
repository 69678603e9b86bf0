"""The quality tables of the store, and refusing a submission that fails a blocking expectation.

The tables are created by the quality step itself (`CREATE TABLE IF NOT EXISTS`), so a store written before
the step existed gains them the first time the step runs on it (and a store written before results had
examples gains their column).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import duckdb

from cen_pipeline.quality.metrics import prefix
from cen_pipeline.store.refusal import Refusal, refuse_submission

QUARANTINE_CODE = "quality-blocked"


@dataclass(frozen=True)
class Example:
    """Cases of a submission that illustrate a failed expectation (e.g. one group of near-duplicates)."""

    cases: int  # how many cases the group holds
    case_refs: tuple[str, ...]  # the first of their references
    detail: str  # what they have in common

    def as_dict(self) -> dict[str, Any]:
        return {"cases": self.cases, "case_refs": list(self.case_refs), "detail": self.detail}

    def describe(self) -> str:
        """One line: '12 cases alike (2024-03-20, Roissy: toys 7 pieces): FR-1, FR-2, ... and 10 more'."""
        more = self.cases - len(self.case_refs)
        refs = ", ".join(self.case_refs) + (f" and {more} more" if more > 0 else "")
        return f"{self.cases} cases alike ({self.detail}): {refs}"


def examples_json(examples: Sequence[Example]) -> str | None:
    return json.dumps([e.as_dict() for e in examples], ensure_ascii=False) if examples else None


def examples_from_json(text: str | None) -> tuple[Example, ...]:
    if not text:
        return ()
    return tuple(
        Example(int(e["cases"]), tuple(str(r) for r in e["case_refs"]), str(e["detail"]))
        for e in json.loads(text)
    )


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
    examples: tuple[Example, ...] = ()  # cases that illustrate a failure, where the expectation gives them

    @property
    def blocks(self) -> bool:
        """A blocking expectation that failed: the submission is refused."""
        return self.blocking and not self.success

    def sentence(self) -> str:
        """The failure in words: "the blocking quality expectation 'x' failed: observed 0.55, threshold <= 0.2
        — share of ...", the expectation's description last."""
        kind = "blocking quality expectation" if self.blocking else "quality expectation"
        observed = "not evaluated" if self.observed is None else f"{self.observed:.4g}"
        said = f"the {kind} '{self.name}' failed: observed {observed}, threshold {self.threshold}"
        return f"{said} — {self.description[:1].lower()}{self.description[1:]}" if self.description else said


def ensure_tables(con: duckdb.DuckDBPyConnection, catalog: str | None = None) -> None:
    """Create the quality tables when the store lacks them."""
    p = prefix(catalog)
    con.execute(
        f"""CREATE TABLE IF NOT EXISTS {p}quality_results (
            submission_id BIGINT NOT NULL, member VARCHAR, expectation VARCHAR NOT NULL, expectation_group VARCHAR,
            success BOOLEAN NOT NULL, evaluated BOOLEAN NOT NULL, observed DOUBLE, min_value DOUBLE,
            max_value DOUBLE, threshold VARCHAR, blocking BOOLEAN NOT NULL, checked_at TIMESTAMP,
            examples VARCHAR)"""
    )
    # Results stored before they had examples: the column is added (JSON: a list of `Example.as_dict()`).
    con.execute(f"ALTER TABLE {p}quality_results ADD COLUMN IF NOT EXISTS examples VARCHAR")
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
            "examples": pd.Series([examples_json(r.examples) for r in results], dtype="object"),
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


def refusal_for(failures: Sequence[ExpectationResult]) -> Refusal:
    """The refusal of a submission that failed these blocking expectations."""
    names = ", ".join(f.name for f in failures)
    return Refusal(
        QUARANTINE_CODE,
        names,
        "; ".join(f.sentence() for f in failures),
        {
            "expectation": names,
            "observed": "; ".join(f"{f.name} = {f.observed:.4g}" for f in failures if f.observed is not None),
            "threshold": "; ".join(f"{f.name} {f.threshold}" for f in failures),
        },
    )


def quarantine_submission(
    con: duckdb.DuckDBPyConnection,
    submission_id: int,
    failures: Sequence[ExpectationResult],
    catalog: str | None = None,
) -> int:
    """Refuse a stored submission that failed blocking expectations; returns the quarantine rows written.

    See `store.refusal.refuse_submission`: the submission becomes 'refused' with all its rows counted as
    quarantined and no case changed; each goods line (and withdrawal) it had stored gets a quarantine row with
    code `quality-blocked` naming the failed expectation(s); then its case versions and goods lines are
    deleted and the versions they had replaced (or withdrawn) become current again. Run it in the
    transaction that stored the submission, or in a transaction of its own.
    """
    return refuse_submission(con, submission_id, refusal_for(failures), catalog)
