"""Ingest: validate a Member's file and store its accepted cases in one transaction, the rest in quarantine.

A file already ingested (same SHA-256) is skipped. A case whose Member and case reference are stored already
replaces the earlier version when its content changed (the earlier version stays in the history) and is left
alone when it did not. A withdrawal row ends a case. Every row read is either accepted or quarantined with its
reasons; nothing of a file is visible until its transaction commits, so a killed process leaves no trace.
"""

from __future__ import annotations

import copy
import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import duckdb

from cen_pipeline.contract.models import CASE_FIELDS, LINE_FIELDS
from cen_pipeline.core.duck import (
    GATE_EXTRA_MEMORY_MB,
    GATE_MEMORY_BYTES_PER_LINE,
    has_temp_table,
    insert_rows,
    limit_memory,
    unordered,
)
from cen_pipeline.core.errors import UnreadableInput
from cen_pipeline.core.settings import WAIT_SECONDS
from cen_pipeline.intake.accepted import accepted_rows_sql
from cen_pipeline.intake.check import Report, check_source
from cen_pipeline.intake.full_checks import release_personal_data_guard, withdrawals_sql
from cen_pipeline.intake.layout import Layout, layout_of
from cen_pipeline.intake.profiles import Profile, default_profile, load_profile
from cen_pipeline.intake.quick_checks import (
    all_lines_numbered,
    all_rows_quick,
    has_withdrawals,
    keep_accepted_rows,
)
from cen_pipeline.intake.readers import Source, open_source
from cen_pipeline.store.db import attached, fingerprint_key, working
from cen_pipeline.store.nil_return import is_nil_return, read_nil_return
from cen_pipeline.store.refusal import Refusal, nothing_stored, refuse_submission, unaccepted_reason
from cen_pipeline.store.refused_rows import quarantine_rows
from cen_pipeline.store.submission_members import record_members, refuse_members

# A check of a stored submission inside its transaction (the store is attached as `store`); a Refusal refuses
# the submission whole. The quality stage provides the one `cen ingest` runs (see `cen_pipeline.batch`).
Gate = Callable[[duckdb.DuckDBPyConnection, int], Refusal | None]


@dataclass
class IngestResult:
    file: str
    status: str  # accepted, partially accepted, refused, duplicate, nil return
    submission_id: int | None = None
    rows_read: int = 0
    rows_accepted: int = 0
    rows_quarantined: int = 0
    lines_accepted: int = 0
    cases_new: int = 0
    cases_replaced: int = 0
    cases_unchanged: int = 0
    cases_withdrawn: int = 0
    quarantined_by_code: dict[str, int] = field(default_factory=dict)
    warnings_by_code: dict[str, int] = field(default_factory=dict)  # of rows stored all the same
    reason: str | None = None  # why no row was accepted, in a sentence (a file refused whole)
    report: Report | None = field(default=None, repr=False, compare=False)  # the file's check, row by row

    def as_dict(self) -> dict[str, Any]:
        return {f.name: copy.copy(getattr(self, f.name)) for f in fields(self) if f.name != "report"}


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def ingest_file(
    path: Path,
    db: Path,
    profile: Profile | str | None = None,
    member: str | None = None,
    wait: float = WAIT_SECONDS,
    today: date | None = None,
    gate: Gate | None = None,
    name: str | None = None,
) -> IngestResult:
    """Store one Member file: its accepted cases as new versions, the rest in the quarantine with reasons.

    `gate`, when given, checks the stored submission inside its transaction and may refuse it whole. `name`
    is the file's name as its sender gave it, where `path` is a copy under another (an upload).
    """
    prof = (
        default_profile(path)
        if profile is None
        else (load_profile(profile) if isinstance(profile, str) else profile)
    )
    day = today or date.today()
    if not path.is_file():
        raise UnreadableInput(path, "no such file")
    try:
        digest = sha256(path)
    except OSError as err:
        raise UnreadableInput(path, err.strerror or str(err)) from None
    con = working(db)
    if db.exists():
        with attached(con, db, wait):
            seen = _duplicate(con, digest, prof.name, member.upper() if member else None)
        if seen:
            con.close()
            return IngestResult(str(path), "duplicate")
    source = open_source(con, path, prof)
    try:
        if is_nil_return(source):
            return _ingest_nil_return(con, source, path, name or path.name, db, digest, member, wait)
        report = check_source(
            con, source, prof, member.upper() if member else None, None, day, keep_lines=True
        )
        result = _store(
            con, source, report, prof, path, name or path.name, db, digest, member, wait, day, gate
        )
        result.report = report
        return result
    finally:
        source.close()
        release_personal_data_guard(con)
        con.close()


def _next_id(con: duckdb.DuckDBPyConnection) -> int:
    row = con.execute("SELECT coalesce(max(submission_id), 0) + 1 FROM store.submissions").fetchone()
    return int(row[0]) if row else 1


def _duplicate(con: duckdb.DuckDBPyConnection, digest: str, profile: str, member: str | None) -> bool:
    """Whether the same bytes were stored before. A file refused whole may come again read another way (its
    right profile, the Member it is for): only a refusal of the same reading makes it a duplicate."""
    # Fetched to the end: the connection then has no open result (a cursor of a held store registers the
    # file's rows on it next, which DuckDB refuses while a result is open).
    rows = con.execute(
        """SELECT count(*) FROM store.submissions
           WHERE sha256 = ? AND status <> 'duplicate'
             AND (status <> 'refused' OR (profile = ? AND (?::VARCHAR IS NULL OR member = ?)))""",
        [digest, profile, member, member],
    ).fetchall()
    return bool(rows and rows[0][0])


def _store(
    con: duckdb.DuckDBPyConnection,
    source: Source,
    report: Report,
    profile: Profile,
    path: Path,
    name: str,
    db: Path,
    digest: str,
    member: str | None,
    wait: float,
    today: date,
    gate: Gate | None,
) -> IngestResult:
    result = IngestResult(str(path), "accepted", rows_read=report.summary.rows_read)
    result.warnings_by_code = dict(report.summary.warnings_by_code)
    layout = layout_of(con, source, profile)
    accepted = report.summary.lines_accepted > 0 and not layout.blocking
    if accepted:
        with unordered(con):  # nothing reads the staged rows in file order, and keeping it costs
            _stage(con, source, layout, profile, today)
    con.execute("DROP TABLE IF EXISTS sieved")
    with attached(con, db, wait):
        if _duplicate(con, digest, profile.name, member.upper() if member else None):  # loaded meanwhile
            return IngestResult(str(path), "duplicate")
        quarantine = quarantine_rows(con, source, report, layout, fingerprint_key(con))
        con.execute("BEGIN")
        try:
            sid = _next_id(con)
            result.submission_id = sid
            if accepted:
                _apply_versions(con, sid, result)
            # A file-level error refuses every row of the file, its withdrawals with the rest.
            if not layout.blocking and report.summary.rows_read and has_withdrawals(con):
                quarantine += _apply_withdrawals(con, sid, result)
            _write_quarantine(con, sid, quarantine, result)
            result.rows_accepted = result.rows_read - result.rows_quarantined
            if result.rows_quarantined:
                result.status = "partially accepted" if result.rows_accepted else "refused"
            if result.rows_read and not result.rows_accepted:
                result.reason = unaccepted_reason(report, result.rows_read, result.quarantined_by_code)
            elif not result.rows_read and not report.valid:  # no data row, as `cen validate` says
                result.status = "refused"
                result.reason = unaccepted_reason(report, 0, {})
            con.execute(
                "INSERT INTO store.submissions VALUES (?, ?, ?, ?, ?, ?, ?, 'data', ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    sid,
                    member.upper() if member else _member_of(con, accepted),
                    name,
                    path.suffix.lstrip(".").lower(),
                    profile.name,
                    digest,
                    datetime.now(UTC).replace(tzinfo=None),
                    result.status,
                    result.rows_read,
                    result.rows_accepted,
                    result.rows_quarantined,
                    result.cases_new,
                    result.cases_replaced,
                    result.cases_unchanged,
                    result.cases_withdrawn,
                ],
            )
            record_members(con, sid, member.upper() if member else None, accepted)
            _credit_quarantine(con, sid)
            if result.rows_accepted and gate is not None:
                _apply_gate(gate, con, sid, result, accepted)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    return result


def _apply_gate(
    gate: Gate, con: duckdb.DuckDBPyConnection, sid: int, result: IngestResult, staged: bool
) -> None:
    limit_memory(con, min(GATE_EXTRA_MEMORY_MB, result.lines_accepted * GATE_MEMORY_BYTES_PER_LINE // 10**6))
    refusal = gate(con, sid)
    limit_memory(con)
    if refusal is None:
        return
    # Refused whole: nothing of the file stays but its submission row and its quarantine. The lines of its
    # unchanged cases stored nothing, yet they were accepted rows: they are refused too.
    if staged:
        con.execute(
            f"""INSERT INTO store.quarantine
                SELECT {sid}, NULL, l.case_ref || ' line ' || l.line_no, NULL, NULL, NULL, l.case_ref, ?, ?, ?,
                       l.reporting_member
                FROM inc_lines l JOIN inc_status s USING (case_key) WHERE s.status = 'unchanged'
                ORDER BY l.case_ref, l.line_no""",
            [refusal.code, refusal.label, refusal.params_json],
        )
    refuse_submission(con, sid, refusal, "store")
    refuse_members(con, sid)
    result.status, result.rows_accepted, result.rows_quarantined = "refused", 0, result.rows_read
    result.lines_accepted = result.cases_new = result.cases_replaced = 0
    result.cases_unchanged = result.cases_withdrawn = 0
    codes = "SELECT code, count(*) FROM store.quarantine WHERE submission_id = ? GROUP BY code ORDER BY code"
    result.quarantined_by_code = {str(c): int(n) for c, n in con.execute(codes, [sid]).fetchall()}
    result.reason = f"Refused whole: {refusal.reason}. {nothing_stored(result.rows_read)}"


def _member_of(con: duckdb.DuckDBPyConnection, accepted: bool) -> str | None:
    """The Member a submission comes from: the one most of its cases name."""
    if not has_temp_table(con, "case_rows"):  # a refused file: nothing of it was read
        return None
    row = con.execute(
        """SELECT split_part(case_key, chr(31), 1) AS m FROM case_rows WHERE case_key IS NOT NULL
           GROUP BY m ORDER BY sum(n_rows) DESC, m LIMIT 1"""
    ).fetchone()
    return str(row[0]) if row and row[0] else None


def _stage(
    con: duckdb.DuckDBPyConnection, source: Source, layout: Layout, profile: Profile, today: date
) -> None:
    """The accepted lines (`inc_lines`, with their case's fields) and cases (`inc_cases`, with a content hash)
    of the file, typed as stored. The case fields agree on every line of a case (the validation saw to it),
    so each case takes them from any of its lines."""
    if all_lines_numbered(con):
        keep_accepted_rows(con, layout, profile, today)
        con.execute("ALTER TABLE sieved RENAME TO inc_lines")
    else:
        # Lines without a number take their order in the file: the file is read again with its row
        # numbers, and a window over the whole of it numbers them, costly, so only when a line lacks one.
        rows = accepted_rows_sql(layout, profile, today, source, all_rows_quick(con), True)
        con.execute(
            f"""CREATE OR REPLACE TEMP TABLE inc_lines AS
                SELECT * REPLACE (coalesce(line_no, row_number() OVER (PARTITION BY case_key ORDER BY _row)) AS line_no)
                FROM ({rows})"""
        )
    line_cols = [f for f in LINE_FIELDS if f not in ("line_no", "health_safety")]
    case_cols = [f for f in CASE_FIELDS if f not in ("case_ref", "reporting_member", "case_action")]
    line_hash = "hash(" + ", ".join(["line_no", *line_cols, "health_safety"]) + ")"
    # A narrow aggregate names one line of each case; its case fields are then read from that line, which
    # costs less than carrying every case field through the aggregate.
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE inc_cases AS
            SELECT k.case_key, l.reporting_member, l.case_ref, k.line_count,
                   {", ".join(f"l.{f}" for f in case_cols)}, k.lines_hash
            FROM (SELECT case_key, min(rowid) AS first_line, count(*) AS line_count,
                         hash(list_sort(list({line_hash}))) AS lines_hash
                  FROM inc_lines GROUP BY case_key) k
            JOIN inc_lines l ON l.rowid = k.first_line"""
    )


def _apply_versions(con: duckdb.DuckDBPyConnection, sid: int, result: IngestResult) -> None:
    case_cols = [f for f in CASE_FIELDS if f not in ("case_ref", "reporting_member", "case_action")]
    content = "hash(" + ", ".join(f"i.{c}" for c in [*case_cols, "lines_hash"]) + ")::VARCHAR"
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE inc_status AS
            SELECT i.case_key, i.reporting_member, i.case_ref, {content} AS content_hash, c.version AS old_version,
                   CASE WHEN c.version IS NULL THEN 'new'
                        WHEN c.content_hash = {content} AND NOT c.withdrawn THEN 'unchanged'
                        ELSE 'replaced' END AS status
            FROM inc_cases i LEFT JOIN store.cases c
              ON c.reporting_member = i.reporting_member AND c.case_ref = i.case_ref AND c.is_current"""
    )
    con.execute(
        """UPDATE store.cases SET is_current = false FROM inc_status s
           WHERE s.status = 'replaced' AND cases.is_current
             AND cases.reporting_member = s.reporting_member AND cases.case_ref = s.case_ref"""
    )
    con.execute(
        f"""INSERT INTO store.cases BY NAME
            SELECT i.reporting_member, i.case_ref, coalesce(s.old_version, 0) + 1 AS version, {sid} AS submission_id,
                   true AS is_current, false AS withdrawn, s.content_hash, i.line_count,
                   {", ".join(f"i.{f}" for f in case_cols)}
            FROM inc_cases i JOIN inc_status s USING (case_key) WHERE s.status <> 'unchanged'"""
    )
    line_cols = [f for f in LINE_FIELDS]
    con.execute(
        f"""INSERT INTO store.goods_lines BY NAME
            SELECT l.reporting_member, l.case_ref, coalesce(s.old_version, 0) + 1 AS version,
                   {", ".join(f"l.{f}" for f in line_cols)}
            FROM inc_lines l JOIN inc_status s USING (case_key) WHERE s.status <> 'unchanged'"""
    )
    counts = dict(con.execute("SELECT status, count(*) FROM inc_status GROUP BY status").fetchall())
    result.cases_new, result.cases_replaced, result.cases_unchanged = (
        int(counts.get("new", 0)),
        int(counts.get("replaced", 0)),
        int(counts.get("unchanged", 0)),
    )
    row = con.execute("SELECT count(*) FROM inc_lines").fetchone()
    result.lines_accepted = int(row[0]) if row else 0


def _apply_withdrawals(
    con: duckdb.DuckDBPyConnection, sid: int, result: IngestResult
) -> list[tuple[Any, ...]]:
    """End the cases the file withdraws; a withdrawal of a case not in the store is quarantined."""
    rows = con.execute(
        f"""SELECT w._row, w.reporting_member, w.case_ref, c.version FROM ({withdrawals_sql()}) w
            LEFT JOIN store.cases c ON c.reporting_member = w.reporting_member AND c.case_ref = w.case_ref
                 AND c.is_current AND NOT c.withdrawn"""
    ).fetchall()
    unknown = []
    for row, member, case_ref, version in rows:
        if version is None:
            unknown.append(
                (row, None, "case_ref", None, "case_ref", case_ref, "unknown-case", case_ref, "{}", member)
            )
            continue
        con.execute(
            "UPDATE store.cases SET is_current = false WHERE reporting_member = ? AND case_ref = ? AND is_current",
            [member, case_ref],
        )
        con.execute(
            """INSERT INTO store.cases (reporting_member, case_ref, version, submission_id, is_current, withdrawn,
               line_count) VALUES (?, ?, ?, ?, true, true, 0)""",
            [member, case_ref, int(version) + 1, sid],
        )
        result.cases_withdrawn += 1
    return unknown


def _credit_quarantine(con: duckdb.DuckDBPyConnection, sid: int) -> None:
    """Each quarantined row to the Member it names where that is a Member, else to the submission's."""
    con.execute(
        """UPDATE store.quarantine SET member = s.member FROM store.submissions s
           WHERE quarantine.submission_id = ? AND s.submission_id = quarantine.submission_id
             AND (quarantine.member IS NULL
                  OR quarantine.member NOT IN (SELECT code FROM store.members))""",
        [sid],
    )


def _write_quarantine(
    con: duckdb.DuckDBPyConnection, sid: int, entries: list[tuple[Any, ...]], result: IngestResult
) -> None:
    if entries:
        insert_rows(con, "store.quarantine", [(sid, *e) for e in entries])
    result.rows_quarantined = len({e[0] for e in entries if e[0] is not None})
    by_code: dict[str, int] = {}
    for e in entries:
        by_code[e[6]] = by_code.get(e[6], 0) + 1
    result.quarantined_by_code = dict(sorted(by_code.items()))


def _ingest_nil_return(
    con: duckdb.DuckDBPyConnection,
    source: Source,
    path: Path,
    name: str,
    db: Path,
    digest: str,
    member: str | None,
    wait: float,
) -> IngestResult:
    """A nil return (see `cen_pipeline.store.nil_return`): its months stored, its unusable rows quarantined."""
    found = read_nil_return(con, source, member.upper() if member else None)
    result = IngestResult(str(path), "nil return", rows_read=found.rows_read)
    with attached(con, db, wait):
        if _duplicate(con, digest, "nil-return", member):
            return IngestResult(str(path), "duplicate")
        con.execute("BEGIN")
        sid = _next_id(con)
        result.submission_id = sid
        insert_rows(con, "store.nil_returns", [(m, d, sid) for m, d in found.months])
        _write_quarantine(con, sid, found.quarantine, result)
        result.rows_accepted = result.rows_read - result.rows_quarantined
        if result.rows_quarantined and not result.rows_accepted:
            result.status = "refused"
            result.reason = f"No month was declared: {result.rows_quarantined} row(s) went to the quarantine."
        con.execute(
            "INSERT INTO store.submissions VALUES (?, ?, ?, 'csv', 'nil-return', ?, ?, 'nil_return', ?, ?, ?, ?, 0, 0, 0, 0)",
            [
                sid,
                member or (found.months[0][0] if found.months else None),
                name,
                digest,
                datetime.now(UTC).replace(tzinfo=None),
                "refused" if result.status == "refused" else "accepted",
                result.rows_read,
                result.rows_accepted,
                result.rows_quarantined,
            ],
        )
        _credit_quarantine(con, sid)
        declared = Counter(m for m, _ in found.months)
        insert_rows(
            con,
            "store.submission_members",
            [(sid, m, n, n, 0) for m, n in sorted(declared.items())]
            if not member
            else [(sid, member, result.rows_read, result.rows_accepted, 0)],
        )
        con.execute("COMMIT")
    return result
