"""A batch of Member files end to end: each file stored through the quality gate in a transaction of its own,
each interchange acknowledged, and the analysis tables refreshed once for the batch.

This is what `cen ingest` runs. It sits above the store, the quality checks and the analysis tables, which
know nothing of each other: the store takes the quality gate as an argument.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from cen_pipeline.core.errors import UnreadableInput
from cen_pipeline.core.settings import WAIT_SECONDS
from cen_pipeline.intake.profiles import Profile
from cen_pipeline.store import ingest as store_ingest
from cen_pipeline.store.ingest import Gate, IngestResult
from cen_pipeline.store.refusal import Refusal
from cen_pipeline.store.replies import Replies, acknowledge_ingest, is_interchange


def quality_gate(con: duckdb.DuckDBPyConnection, submission_id: int) -> Refusal | None:
    """The submission's quality expectations, inside its transaction, with their results stored: a Refusal
    when a blocking one fails (the store then refuses the submission whole), else None."""
    from cen_pipeline.quality import check_submission, refusal_of

    return refusal_of(check_submission(con, submission_id, catalog="store"))


class BatchGate:
    """The quality gate of a batch of files. Inside each file's transaction its metrics are computed and its
    blocking expectations decided by the suite's bounds, the verdict GX gives on them; a file they refuse
    goes through GX there and then, as a file alone does. The other files' metrics wait, and GX validates
    them all in one run when the batch ends, whose results are stored: a GX run costs the same for a
    thousand submissions as for one. A batch stopped before its end leaves its stored files without quality
    results, which `cen quality` then checks."""

    def __init__(self) -> None:
        self.waiting: list[dict[str, Any]] = []

    def __call__(self, con: duckdb.DuckDBPyConnection, submission_id: int) -> Refusal | None:
        from cen_pipeline.quality import blocked, measured

        rows = measured(con, [submission_id], catalog="store")
        if any(blocked(r) for r in rows):
            return quality_gate(con, submission_id)
        self.waiting += rows
        return None

    def finish(self, db: Path, wait: float) -> None:
        """Validate the files that passed with GX, in one run, and store the results."""
        if not self.waiting:
            return
        from cen_pipeline.quality import evaluate_metrics
        from cen_pipeline.quality.tables import ensure_tables, save_results
        from cen_pipeline.store.db import connect

        with connect(db, wait=wait) as con:
            results = evaluate_metrics(con, self.waiting)
            refused = sorted({r.submission_id for r in results if r.blocks})
            if refused:  # the bounds and GX disagree: a fault of the suite, never let pass in silence
                raise RuntimeError(f"GX refuses submissions {refused} that the suite's bounds let pass")
            ensure_tables(con)
            con.execute("BEGIN")
            save_results(con, results)
            con.execute("COMMIT")
        self.waiting = []


def warm_up() -> None:
    """Load in the background what the gate and the refresh need (GX, the ECB history) while files are read."""
    from cen_pipeline import quality
    from cen_pipeline.analysis import currency

    quality.warm_up()
    currency.warm_up()


def ingest_file(
    path: Path,
    db: Path,
    profile: Profile | str | None = None,
    member: str | None = None,
    wait: float = WAIT_SECONDS,
    today: date | None = None,
    name: str | None = None,
    gate: Gate = quality_gate,
) -> IngestResult:
    """Store one file through the quality gate; the analysis tables are left for `refresh` (or a batch)."""
    warm_up()
    return store_ingest.ingest_file(path, db, profile, member, wait, today, gate=gate, name=name)


@dataclass
class FileDone:
    """What one file of a batch gave: its result, and the acknowledgements of an interchange."""

    path: Path
    result: IngestResult
    replies: Replies | None = None


def ingest_batch(
    files: list[Path],
    db: Path,
    profile: Profile | str | None = None,
    member: str | None = None,
    wait: float = WAIT_SECONDS,
    ack: Path | None = None,
    on_file: Callable[[FileDone], None] | None = None,
) -> list[IngestResult]:
    """Store `files` one by one, then refresh the analysis tables once.

    A file that cannot be read is recorded as unreadable and the batch goes on. Any other failure stops the
    batch; the files stored before it keep their transactions, and the analysis tables are refreshed for
    them all the same.
    """
    from cen_pipeline.analysis.transform import refresh

    if ack is not None:  # a folder that cannot be made stops the batch before it stores anything
        ack.mkdir(parents=True, exist_ok=True)
    results: list[IngestResult] = []
    gate = BatchGate()
    try:
        for path in files:
            replies = None
            try:
                result = ingest_file(path, db, profile, member, wait, gate=gate)
                if ack is not None and is_interchange(path):
                    replies = acknowledge_ingest(path, db, ack)
            except UnreadableInput as err:  # one unreadable file must not stop a batch
                result = IngestResult(str(path), f"unreadable: {err.reason}")
            if on_file is not None:
                on_file(FileDone(path, result, replies))
            result.report = None  # its problems row by row: a batch of large files would hold them all
            results.append(result)
    finally:
        # The analysis tables follow every change of the store, also the files stored before one that failed;
        # and a batch finds them out of date whatever left them so (a build killed halfway, a store changed by
        # an earlier version) and rebuilds them: the check is cheap and a build skipped when they are fresh.
        changed = any(r.cases_new or r.cases_replaced or r.cases_withdrawn for r in results)
        if db.exists():
            try:
                gate.finish(db, wait)
            finally:
                refresh(db, wait, repair_only=not changed)
    return results
