"""The one writer of the store: a queue of jobs in the store's `service_jobs` table, run one at a time by a
thread of the service. An upload is a job; a restart finds the jobs that were queued or running when the
process stopped and runs them (again): storing a file is idempotent, so a job cut short by a kill is stored
once and its submission ends with the same counts."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import duckdb

from cen_pipeline.core.errors import UnreadableInput
from cen_pipeline.store.db import connect

log = logging.getLogger("cen.service")

# What the store's status of a stored file is called in the service.
STATUS = {
    "accepted": "stored",
    "partially accepted": "partly stored",
    "refused": "refused",
    "nil return": "stored",
    "duplicate": "duplicate",
}
LANGUAGES = ("en", "fr", "es")
REPORT_PROBLEMS = 1000  # the problems a stored report lists; its counts cover them all


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


# Writes to the service's tables from the request threads and the writer, one at a time: DuckDB would refuse
# two transactions changing one row at once, and these writes are small.
_TABLE_LOCK = threading.Lock()


@contextmanager
def table_write(db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection for a change of the service's tables, in a transaction of its own."""
    with _TABLE_LOCK:
        con = connect(db)
        try:
            con.execute("BEGIN")
            yield con
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        finally:
            con.close()


@dataclass(frozen=True)
class Upload:
    """A received file waiting in the spool to be stored."""

    submission: int
    path: Path
    file_name: str
    member: str | None  # None: a file of many Members, each row its own Member's
    profile: str | None


def enqueue(con: duckdb.DuckDBPyConnection, submission: int) -> None:
    con.execute(
        """INSERT INTO service_jobs (job_id, kind, submission, state, queued_at)
           VALUES (nextval('service_ids'), 'ingest', ?, 'queued', ?)""",
        [submission, now()],
    )


def recover(db: Path) -> int:
    """Queue again the jobs a stopped process left running; the number of them."""
    with table_write(db) as con:
        row = con.execute(
            "UPDATE service_jobs SET state = 'queued' WHERE state = 'running' RETURNING job_id"
        ).fetchall()
        con.execute(
            """UPDATE service_submissions SET status = 'queued'
               WHERE status = 'running' AND id IN (SELECT submission FROM service_jobs WHERE state = 'queued')"""
        )
    return len(row)


def enqueue_job(
    con: duckdb.DuckDBPyConnection,
    account_id: int,
    kind: str,
    year: int | None = None,
    lang: str | None = None,
    month: date | None = None,
) -> int:
    """Queue a job that stores no upload: the annual report of `year` in `lang` (`report`), the alerts of
    `month` (`alerts`) or the quality check of the submissions not yet checked (`quality`); the job's id."""
    row = con.execute(
        """INSERT INTO service_jobs (job_id, kind, state, queued_at, user_id, year, lang, month)
           VALUES (nextval('service_ids'), ?, 'queued', ?, ?, ?, ?, ?) RETURNING job_id""",
        [kind, now(), account_id, year, lang, month],
    ).fetchone()
    assert row is not None
    return int(row[0])


@dataclass(frozen=True)
class AnalysisJob:
    """Alerts to compute for a month, or submissions to check for quality."""

    job_id: int
    kind: str  # alerts | quality
    month: date | None


@dataclass(frozen=True)
class ReportJob:
    """An annual report to write into its folder."""

    job_id: int
    year: int
    lang: str
    folder: Path


class Writer:
    """The thread that runs the queue's jobs in order."""

    def __init__(self, db: Path, spool: Path, reports: Path, replies: Path) -> None:
        self.db = db
        self.spool = spool
        self.reports = reports
        self.replies = replies  # the EDIFACT acknowledgements of each interchange, a folder per submission
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="cen-writer", daemon=True)

    def start(self) -> None:
        recover(self.db)
        self._thread.start()

    def wake(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = 30.0) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout)

    def _run(self) -> None:
        stored_since_refresh = False
        while not self._stop.is_set():
            job = self._claim()
            if job is None:
                if stored_since_refresh:  # the analysis tables follow the store once the queue is empty
                    self._refresh()
                    stored_since_refresh = False
                self._wake.wait(1.0)
                self._wake.clear()
                continue
            job_id, work = job
            try:
                if isinstance(work, ReportJob):
                    self._finish(job_id, self._report(work))
                    continue
                if isinstance(work, AnalysisJob):
                    self._analyse(work)
                    self._finish(job_id, None)
                    continue
                stored_since_refresh |= self._store(work)
                self._finish(job_id, None)
            except Exception as err:  # one failed job must not stop the queue
                log.exception("job %s failed", job_id)
                self._finish(job_id, f"{type(err).__name__}: {err}")
                if isinstance(work, Upload):
                    self._record(
                        work.submission, status="failed", reason="the service failed to store the file"
                    )

    def _claim(self) -> tuple[int, Upload | ReportJob | AnalysisJob] | None:
        with table_write(self.db) as con:
            job = con.execute(
                """SELECT job_id, kind, submission, year, lang, month FROM service_jobs WHERE state = 'queued'
                   ORDER BY job_id LIMIT 1"""
            ).fetchone()
            if job is None:
                return None
            con.execute(
                """UPDATE service_jobs SET state = 'running', started_at = ?, attempts = attempts + 1
                   WHERE job_id = ?""",
                [now(), job[0]],
            )
            if job[1] == "report":
                folder = self.reports / str(job[0])
                con.execute("UPDATE service_jobs SET output = ? WHERE job_id = ?", [str(folder), job[0]])
                return int(job[0]), ReportJob(int(job[0]), int(job[3]), str(job[4]), folder)
            if job[1] in ("alerts", "quality"):
                return int(job[0]), AnalysisJob(int(job[0]), str(job[1]), job[5])
            row = con.execute(
                "SELECT id, sha256, file_type, file_name, member, profile FROM service_submissions WHERE id = ?",
                [job[2]],
            ).fetchone()
            assert row is not None, f"job {job[0]} names no submission"
            con.execute("UPDATE service_submissions SET status = 'running' WHERE id = ?", [row[0]])
        path = self.spool / f"{row[1]}{row[2]}"
        return int(job[0]), Upload(int(row[0]), path, row[3], row[4], row[5])

    def _report(self, job: ReportJob) -> str | None:
        """Write the annual report; the reason when there is none to write (no case that year)."""
        from cen_pipeline.report.annual import ReportError, ReportRequest, write_report

        self.reports.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            write_report(
                ReportRequest(db=self.db, year=job.year, out=job.folder, lang=job.lang, replace=True)
            )
        except ReportError as err:
            return str(err)
        return None

    def _analyse(self, job: AnalysisJob) -> None:
        """Compute a month's alerts, or check the submissions not yet checked and store the scorecard (both
        read the stored cases, not the analysis tables)."""
        if job.kind == "alerts" and job.month is not None:
            from cen_pipeline.alerts.runs import compute

            compute(self.db, [job.month])
        else:
            from cen_pipeline.quality.scorecard import scorecard

            scorecard(self.db, None)

    def _store(self, upload: Upload) -> bool:
        """Store the file through the batch's path; whether the store changed."""
        from cen_pipeline.batch import ingest_file
        from cen_pipeline.store.replies import acknowledge_ingest, is_interchange

        try:
            result = ingest_file(upload.path, self.db, upload.profile, upload.member, name=upload.file_name)
        except UnreadableInput as err:
            self._record(upload.submission, status="refused", reason=f"{upload.file_name}: {err.reason}")
            return False
        fields: dict[str, Any] = {
            "status": STATUS.get(result.status, result.status),
            "store_submission_id": result.submission_id,
            "rows_read": result.rows_read,
            "rows_accepted": result.rows_accepted,
            "rows_quarantined": result.rows_quarantined,
            "reason": result.reason,
        }
        if result.report is not None:
            fields["report"] = _reports(result.report, upload.file_name)
        if is_interchange(upload.path):  # CONTRL and APERAK for the sender's national system
            folder = self.replies / str(upload.submission)
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            acknowledge_ingest(upload.path, self.db, folder)
        if result.status == "duplicate":
            fields |= self._earlier(upload)
            fields["report"] = check(upload.path, upload.file_name, upload.profile, upload.member)
        self._record(upload.submission, **fields)
        return bool(result.cases_new or result.cases_replaced or result.cases_withdrawn)

    def _earlier(self, upload: Upload) -> dict[str, Any]:
        """What the store made of the same bytes before: a job run again after a kill finds its own file
        stored, and ends as the first run would have; another upload of the file is its duplicate."""
        with connect(self.db) as con:
            row = con.execute(
                """SELECT s.submission_id, s.status, s.rows_read, s.rows_accepted, s.rows_quarantined
                   FROM submissions s JOIN service_submissions u ON u.sha256 = s.sha256 AND u.id = ?
                   WHERE s.status <> 'duplicate' ORDER BY s.submission_id DESC LIMIT 1""",
                [upload.submission],
            ).fetchone()
            own = con.execute(
                """SELECT count(*) FROM service_submissions
                   WHERE sha256 = (SELECT sha256 FROM service_submissions WHERE id = ?) AND id < ?
                     AND status NOT IN ('queued', 'running', 'failed')""",
                [upload.submission, upload.submission],
            ).fetchone()
        if row is None:
            return {}
        earlier = {"store_submission_id": row[0], "rows_read": row[2], "rows_accepted": row[3],
                   "rows_quarantined": row[4]}  # fmt: skip
        if own and own[0]:  # an earlier upload of these bytes stored them: this one is its duplicate
            return earlier | {"status": "duplicate", "reason": "the same file was stored before"}
        return earlier | {"status": STATUS.get(row[1], row[1])}

    def _record(self, submission: int, **fields: Any) -> None:
        columns = [*fields, "finished_at"]
        with table_write(self.db) as con:
            con.execute(
                f"UPDATE service_submissions SET {', '.join(f'{c} = ?' for c in columns)} WHERE id = ?",
                [*fields.values(), now(), submission],
            )

    def _finish(self, job_id: int, error: str | None) -> None:
        with table_write(self.db) as con:
            con.execute(
                "UPDATE service_jobs SET state = ?, finished_at = ?, error = ? WHERE job_id = ?",
                ["failed" if error else "done", now(), error, job_id],
            )

    def _refresh(self) -> None:
        from cen_pipeline.analysis.transform import refresh

        try:
            refresh(self.db)
        except Exception:  # the next refresh (or `cen transform`) mends the tables
            log.exception("the analysis tables were not refreshed")


def check(path: Path, file_name: str, profile: str | None, member: str | None) -> str | None:
    """The file's check without storing it, as JSON per language (None when it cannot be read at all)."""
    from cen_pipeline.intake.check import validate_file

    try:
        return _reports(validate_file(path, profile, member, REPORT_PROBLEMS), file_name)
    except UnreadableInput as err:
        summary = {"rows_read": 0, "rows_with_errors": 0, "cases": 0, "cases_with_errors": 0, "lines_accepted": 0,
                   "errors_by_code": {"unreadable": 1}, "warnings_by_code": {}}  # fmt: skip
        problem = {"file": file_name, "row": None, "where": "", "column": "", "letter": "", "field": None,
                   "case_ref": None, "code": "unreadable", "severity": "error", "title": "", "message": err.reason,
                   "value": ""}  # fmt: skip
        unread = {"file": file_name, "profile": profile or "", "valid": False, "summary": summary,
                  "truncated": False, "problems": [problem]}  # fmt: skip
        return json.dumps(dict.fromkeys(LANGUAGES, unread), ensure_ascii=False)


def _reports(report: Any, file_name: str) -> str:
    """The file's check as JSON in each language, with its first REPORT_PROBLEMS problems."""
    from cen_pipeline.intake.render import as_dict

    shown = replace(
        report,
        file=file_name,
        problems=report.problems[:REPORT_PROBLEMS],
        truncated=report.truncated or len(report.problems) > REPORT_PROBLEMS,
    )
    return json.dumps({lang: as_dict(shown, lang) for lang in LANGUAGES}, ensure_ascii=False, default=str)
