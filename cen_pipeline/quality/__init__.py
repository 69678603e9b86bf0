"""Data quality: expectations run on every stored submission, and a scorecard per Member, RILO and region.

The expectations are declared in `suites.py`; `check_submission` runs them (Great Expectations over metrics
computed in the store) and stores one result per expectation; `gate_submission` also refuses a submission that
fails a blocking expectation (`refusal_of` says why, for the ingest to refuse it). No expectation of the suite
is blocking today: a failing one is a warning, shown with examples where it gives them. `scorecard.py` turns
the store into the quality scorecard (`quality_scorecard` table, and the `cen quality` command).
"""

from __future__ import annotations

from cen_pipeline.quality.gx_runner import (
    blocked,
    check_submission,
    check_submissions,
    evaluate,
    evaluate_metrics,
    gate_submission,
    measured,
    refusal_of,
    warm_up,
)
from cen_pipeline.quality.suites import SUBMISSION_SUITE, Expectation
from cen_pipeline.quality.tables import (
    QUARANTINE_CODE,
    Example,
    ExpectationResult,
    ensure_tables,
    quarantine_submission,
)

__all__ = [
    "QUARANTINE_CODE",
    "SUBMISSION_SUITE",
    "Example",
    "Expectation",
    "ExpectationResult",
    "blocked",
    "check_submission",
    "check_submissions",
    "ensure_tables",
    "evaluate",
    "evaluate_metrics",
    "gate_submission",
    "measured",
    "quarantine_submission",
    "refusal_of",
    "warm_up",
]
