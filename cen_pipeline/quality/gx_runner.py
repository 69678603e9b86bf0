"""Run the submission suite with Great Expectations (GX Core 1.x) over metrics computed in the store.

Design: the data stay in DuckDB. One aggregate query (`metrics.py`) computes every metric of the submissions
being checked: shares of filled fields, of unit-value outliers against the category's history, of stale dates,
of near-duplicate cases, of unknown countries, and the size against the Member's history. GX then validates
that small frame (one row per submission, one column per metric) with `ExpectColumnValuesToBeBetween` and the
thresholds of `suites.py`, asking for the failing rows by `submission_id`. Validating the raw goods lines with
GX's pandas engine instead took about ten times the ingest for a million lines (the frame has to leave the
store, and every expectation scans it again), and GX's SQL data source needs a DuckDB SQLAlchemy dialect the
project does not ship. So the cost of the step is one DuckDB scan plus a constant GX run of a few rows.

Great Expectations is imported only inside the functions that run it (its import takes seconds).
"""

from __future__ import annotations

import contextlib
import os
import threading
import warnings
from collections.abc import Sequence
from typing import Any

import duckdb

from cen_pipeline.quality.metrics import near_duplicate_examples, submission_metrics
from cen_pipeline.quality.suites import SUBMISSION_SUITE, SUBMISSION_SUITE_NAME, Expectation
from cen_pipeline.quality.tables import (
    Example,
    ExpectationResult,
    ensure_tables,
    quarantine_submission,
    refusal_for,
    save_results,
)
from cen_pipeline.store.refusal import Refusal

NEAR_DUPLICATES = "duplicates.near_duplicates"

_RUNNER: _Runner | None = None
_WARMING: threading.Thread | None = None


class _Runner:
    """An ephemeral GX context with the submission suite, built once per process."""

    def __init__(self) -> None:
        os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
        with warnings.catch_warnings():
            # Optional engines GX probes on import (Spark) warn about the pandas version; pandas is what runs.
            warnings.simplefilter("ignore", FutureWarning)
            import great_expectations as gx
            from great_expectations.data_context.types.base import ProgressBarsConfig

        self.context: Any = gx.get_context(mode="ephemeral")
        self.context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
        source = self.context.data_sources.add_pandas("quality_metrics")
        asset = source.add_dataframe_asset(name="submission_metrics")
        self.batch_definition: Any = asset.add_batch_definition_whole_dataframe("submissions")
        expectations: Any = gx.expectations  # GX does not declare its exports to type checkers
        suite = gx.ExpectationSuite(name=SUBMISSION_SUITE_NAME)
        for e in SUBMISSION_SUITE:
            suite.add_expectation(
                expectations.ExpectColumnValuesToBeBetween(
                    column=e.metric,
                    min_value=e.min_value,
                    max_value=e.max_value,
                    meta={"name": e.name, "blocking": e.blocking},
                )
            )
        self.suite: Any = self.context.suites.add(suite)

    def failing(self, rows: list[dict[str, Any]]) -> dict[str, set[int]]:
        """For each expectation name, the submissions whose metric is outside its bounds."""
        import pandas as pd

        columns = ["submission_id", *(e.metric for e in SUBMISSION_SUITE)]
        frame = pd.DataFrame(
            {
                c: pd.Series([r[c] for r in rows], dtype="int64" if c == "submission_id" else "float64")
                for c in columns
            }
        )
        batch = self.batch_definition.get_batch(batch_parameters={"dataframe": frame})
        outcome = batch.validate(
            self.suite,
            result_format={"result_format": "COMPLETE", "unexpected_index_column_names": ["submission_id"]},
        )
        failing: dict[str, set[int]] = {}
        for result in outcome.results:
            if result.exception_info and result.exception_info.get("raised_exception"):
                raise RuntimeError(f"expectation failed to run: {result.exception_info}")
            name = str(result.expectation_config.meta["name"])
            unexpected = result.result.get("unexpected_index_list") or []
            failing[name] = {int(u["submission_id"]) for u in unexpected}
        return failing


def _runner() -> _Runner:
    global _RUNNER
    if _WARMING is not None and _WARMING is not threading.current_thread():
        _WARMING.join()
    if _RUNNER is None:
        _RUNNER = _Runner()
    return _RUNNER


def warm_up() -> None:
    """Start building the GX context in a background thread, once per process.

    Importing GX and building its context costs seconds of Python work; started when an ingest begins, it
    runs while DuckDB (which releases the interpreter lock) reads and checks the file. Should it fail, the
    gate builds the context again and reports the error there.
    """
    global _WARMING
    if _RUNNER is None and _WARMING is None:
        # Not a daemon: a process that ends early waits for it rather than dying inside an import.
        _WARMING = threading.Thread(target=_warm, name="gx-warm-up")
        _WARMING.start()


def _warm() -> None:
    with contextlib.suppress(Exception):  # the gate builds the context again and reports the error
        _runner()


def _result(
    e: Expectation, sid: int, value: Any, failing: set[int], examples: tuple[Example, ...] = ()
) -> ExpectationResult:
    evaluated = value is not None and value == value  # NaN is not evaluated either
    success = not (evaluated and sid in failing)
    return ExpectationResult(
        submission_id=sid,
        name=e.name,
        group=e.group,
        success=success,
        evaluated=evaluated,
        observed=float(value) if evaluated else None,
        min_value=e.min_value,
        max_value=e.max_value,
        blocking=e.blocking,
        threshold=e.threshold,
        description=e.description,
        examples=() if success else examples,
    )


def evaluate(
    con: duckdb.DuckDBPyConnection, submission_ids: Sequence[int], catalog: str | None = None
) -> list[ExpectationResult]:
    """The suite's results for the submissions (without storing them). Submissions with no case give none."""
    return evaluate_metrics(con, measured(con, submission_ids, catalog), catalog)


def measured(
    con: duckdb.DuckDBPyConnection, submission_ids: Sequence[int], catalog: str | None = None
) -> list[dict[str, Any]]:
    """The metrics of the submissions that stored a case, one dict each."""
    return [r for r in submission_metrics(con, submission_ids, catalog) if r["n_cases"]]


def blocked(row: dict[str, Any]) -> bool:
    """Whether a submission's metrics fail a blocking expectation, by the suite's bounds (the verdict GX gives,
    as `tests/test_quality.py` holds)."""
    return any(
        e.blocking
        and row[e.metric] is not None
        and row[e.metric] == row[e.metric]
        and not e.holds(row[e.metric])
        for e in SUBMISSION_SUITE
    )


def evaluate_metrics(
    con: duckdb.DuckDBPyConnection, rows: list[dict[str, Any]], catalog: str | None = None
) -> list[ExpectationResult]:
    """The suite's results for submissions whose metrics were computed already (one GX run for them all)."""
    if not rows:
        return []
    failing = _runner().failing(rows)
    # Examples only where the check failed: a second scan of those submissions' cases, of no cost elsewhere.
    groups = near_duplicate_examples(con, sorted(failing.get(NEAR_DUPLICATES, set())), catalog)
    examples = {
        sid: tuple(Example(n, tuple(refs), shared) for n, refs, shared in found)
        for sid, found in groups.items()
    }
    return [
        _result(
            e,
            int(r["submission_id"]),
            r[e.metric],
            failing.get(e.name, set()),
            examples.get(int(r["submission_id"]), ()) if e.name == NEAR_DUPLICATES else (),
        )
        for r in rows
        for e in SUBMISSION_SUITE
    ]


def check_submissions(
    con: duckdb.DuckDBPyConnection, submission_ids: Sequence[int], catalog: str | None = None
) -> list[ExpectationResult]:
    """Run the suite on stored submissions and store the results (one GX run for all of them)."""
    ensure_tables(con, catalog)
    results = evaluate(con, submission_ids, catalog)
    save_results(con, results, catalog)
    return results


def check_submission(
    con: duckdb.DuckDBPyConnection, submission_id: int, catalog: str | None = None
) -> list[ExpectationResult]:
    """Run the suite on one stored submission and store its results (one row per expectation).

    `catalog` names the attached store (`"store"` on the ingest's working connection); leave it out on a
    connection to the store file itself.
    """
    return check_submissions(con, [submission_id], catalog)


def refusal_of(results: Sequence[ExpectationResult]) -> Refusal | None:
    """Why the results refuse their submission (a blocking expectation failed), or None."""
    failures = [r for r in results if r.blocks]
    return refusal_for(failures) if failures else None


def gate_submission(
    con: duckdb.DuckDBPyConnection, submission_id: int, catalog: str | None = None
) -> list[ExpectationResult]:
    """Check a stored submission and refuse it when a blocking expectation fails; returns all results."""
    results = check_submission(con, submission_id, catalog)
    failures = [r for r in results if r.blocks]
    if failures:
        quarantine_submission(con, submission_id, failures, catalog)
    return results
