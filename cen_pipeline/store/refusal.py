"""Refusing a stored submission whole, inside the transaction that stored it (or one of its own).

A check that runs over a submission once it is stored (the quality gate, see `cen_pipeline.batch`) may find
its data unusable. The submission then keeps its row in `submissions` (status `refused`, every row read
counted as quarantined) and its quarantine entries, and nothing else: its case versions and goods lines are
deleted, and the versions they had replaced or withdrawn become current again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import duckdb

from cen_pipeline.intake.check import Report, problem_params


@dataclass(frozen=True)
class Refusal:
    """Why a stored submission is refused whole."""

    code: str  # the quarantine code of its rows, e.g. `quality-blocked`
    label: str  # what failed, short (the quarantine's `masked_value`): e.g. the expectation's name
    reason: str  # the same in a sentence, for the ingest's output
    params: dict[str, str] = field(default_factory=dict)

    @property
    def params_json(self) -> str:
        return json.dumps(self.params)


def _prefix(catalog: str | None) -> str:
    return f"{catalog}." if catalog else ""


def refuse_submission(
    con: duckdb.DuckDBPyConnection, submission_id: int, refusal: Refusal, catalog: str | None = None
) -> int:
    """Refuse a stored submission whole; returns the quarantine entries written.

    Each goods line and each withdrawal the submission stored gets a quarantine entry with the refusal's
    code and reason; then its case versions and goods lines are deleted, the versions before them become
    current again, and its `submissions` row says `refused` with no row accepted and no case changed.
    `catalog` names the attached store (`"store"` on the ingest's working connection).
    """
    p = _prefix(catalog)
    row = con.execute(
        f"""INSERT INTO {p}quarantine
            SELECT c.submission_id, NULL, c.case_ref || ' line ' || l.line_no, NULL, NULL, NULL, c.case_ref,
                   ?, ?, ?, c.reporting_member
            FROM {p}cases c JOIN {p}goods_lines l USING (reporting_member, case_ref, version)
            WHERE c.submission_id = ? AND NOT c.withdrawn
            UNION ALL
            SELECT submission_id, NULL, case_ref || ' withdrawal', NULL, NULL, NULL, case_ref, ?, ?, ?,
                   reporting_member
            FROM {p}cases WHERE submission_id = ? AND withdrawn""",
        [*(refusal.code, refusal.label, refusal.params_json, submission_id) * 2],
    ).fetchone()
    written = int(row[0]) if row else 0
    # The versions this submission brought that are current give way to the versions before them (a
    # submission brings one version of a case at most, so the one before is version - 1).
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE refused_versions AS
            SELECT reporting_member, case_ref, version, is_current FROM {p}cases WHERE submission_id = ?""",
        [submission_id],
    )
    con.execute(
        f"""UPDATE {p}cases SET is_current = true FROM refused_versions r
            WHERE cases.reporting_member = r.reporting_member AND cases.case_ref = r.case_ref
              AND cases.version = r.version - 1 AND r.is_current"""
    )
    con.execute(
        f"""DELETE FROM {p}goods_lines WHERE (reporting_member, case_ref, version) IN
            (SELECT (reporting_member, case_ref, version) FROM refused_versions)"""
    )
    con.execute(f"DELETE FROM {p}cases WHERE submission_id = ?", [submission_id])
    con.execute("DROP TABLE refused_versions")
    con.execute(
        f"""UPDATE {p}submissions SET status = 'refused', rows_accepted = 0, rows_quarantined = rows_read,
                   cases_new = 0, cases_replaced = 0, cases_unchanged = 0, cases_withdrawn = 0
            WHERE submission_id = ?""",
        [submission_id],
    )
    return written


def unaccepted_reason(report: Report, rows_read: int, quarantined_by_code: dict[str, int]) -> str:
    """Why no row of a file was accepted, in a sentence: a file-level error, or every row faulty."""
    from cen_pipeline.contract.catalogue import kind

    whole = [p for p in report.problems if p.row is None and kind(p.code).severity == "error"]
    if whole:
        said = "; ".join(
            kind(p.code).render("en", **problem_params(p, report.today)).rstrip(".") for p in whole
        )
        return f"Refused whole before storing: {said}. {nothing_stored(rows_read)}"
    codes = ", ".join(f"{c} {n}" for c, n in quarantined_by_code.items())
    return f"No row was accepted: {_its_rows(rows_read)} went to the quarantine ({codes})."


def _its_rows(n: int) -> str:
    return f"its {n} row" if n == 1 else f"all its {n} rows"


def nothing_stored(rows_read: int) -> str:
    """The end of a refusal's sentence: where the file's rows went."""
    if not rows_read:
        return "Nothing of it was stored."
    return f"Nothing of it was stored: {_its_rows(rows_read)} went to the quarantine."
