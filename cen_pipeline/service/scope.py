"""Every read of the store the service makes, each under the caller's scope: the one place that decides what
a user sees. A route asks here and gets only the rows of the Members its user may see; a row outside them is
as absent as one that does not exist (404, never 403, so that ids tell nothing)."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import duckdb

from cen_pipeline.service.accounts import Account, Role

if TYPE_CHECKING:
    from cen_pipeline.alerts.config import Alert
    from cen_pipeline.analysis.trends import Scope
    from cen_pipeline.quality.scorecard import Finding, ScoreRow

SUBMISSION_COLUMNS = (
    "id", "member", "profile", "file_name", "file_type", "size", "received_at", "status", "store_submission_id",
    "rows_read", "rows_accepted", "rows_quarantined", "reason", "finished_at",
)  # fmt: skip


class Scoped:
    """The store as one user may read it."""

    def __init__(self, con: duckdb.DuckDBPyConnection, account: Account) -> None:
        self.con = con
        self.account = account

    def _within(self, column: str) -> tuple[str, list[Any]]:
        """A condition on a Member column that holds for the user's Members only, and its parameter."""
        visible = self.account.members()
        if visible is None:
            return "true", []
        return f"list_contains(?::VARCHAR[], {column})", [sorted(visible)]

    def submissions(self, limit: int = 200, offset: int = 0) -> list[dict[str, Any]]:
        where, params = self._within("member")
        rows = self.con.execute(
            f"""SELECT {", ".join(SUBMISSION_COLUMNS)} FROM service_submissions WHERE {where}
                ORDER BY id DESC LIMIT ? OFFSET ?""",
            [*params, limit, offset],
        ).fetchall()
        return [_plain(dict(zip(SUBMISSION_COLUMNS, r, strict=True))) for r in rows]

    def submission(self, submission_id: int, lang: str = "en") -> dict[str, Any] | None:
        where, params = self._within("member")
        row = self.con.execute(
            f"""SELECT {", ".join(SUBMISSION_COLUMNS)}, report FROM service_submissions
                WHERE id = ? AND {where}""",
            [submission_id, *params],
        ).fetchone()
        if row is None:
            return None
        out = _plain(dict(zip(SUBMISSION_COLUMNS, row[:-1], strict=True)))
        reports = json.loads(row[-1]) if row[-1] else {}
        out["report"] = reports.get(lang) or reports.get("en")
        return out

    def cases(self, year: int, limit: int = 1000, offset: int = 0) -> list[dict[str, Any]]:
        """The current cases seized in `year` of the user's Members."""
        where, params = self._within("reporting_member")
        cursor = self.con.execute(
            f"""SELECT * EXCLUDE (is_current, withdrawn, content_hash) FROM current_cases
                WHERE year(seizure_date) = ? AND {where}
                ORDER BY reporting_member, case_ref LIMIT ? OFFSET ?""",
            [year, *params, limit, offset],
        )
        names = [d[0] for d in cursor.description]
        return [_plain(dict(zip(names, r, strict=True))) for r in cursor.fetchall()]

    def quarantine(self, limit: int = 500) -> list[dict[str, Any]]:
        """The refused rows of the files sent for the user's Members (all their rows, also those naming another
        Member: the sender sent them), newest submission first, values withheld as stored."""
        where, params = self._within("s.member")
        cursor = self.con.execute(
            f"""SELECT s.member, q.submission_id, s.file_name AS file, q.row_label, q.column_letter, q.field, q.case_ref, q.code,
                       q.masked_value
                FROM quarantine q JOIN submissions s USING (submission_id)
                WHERE {where} ORDER BY q.submission_id DESC, q.row_number LIMIT ?""",
            [*params, limit],
        )
        names = [d[0] for d in cursor.description]
        return [_plain(dict(zip(names, r, strict=True))) for r in cursor.fetchall()]

    def coverage(self, year: int) -> dict[str, dict[int, str]]:
        """Member -> month (1-12) -> reported, nil_return or not_reported, for the user's Members."""
        where, params = self._within("member")
        rows = self.con.execute(
            f"""SELECT member, month(month), status FROM coverage WHERE year(month) = ? AND {where}
                ORDER BY member, month""",
            [year, *params],
        ).fetchall()
        grid: dict[str, dict[int, str]] = {}
        for member, month, status in rows:
            grid.setdefault(member, {})[int(month)] = status
        return grid

    def scorecard(self, year: int | None) -> tuple[list[ScoreRow], list[Finding]]:
        """The quality scorecard's rows of the user's Members (and of its RILO, for a RILO analyst; of every
        group, for the Secretariat), and the findings of their submissions."""
        from cen_pipeline.quality.scorecard import compute, findings

        visible = self.account.members()
        rows, found = compute(self.con, year), findings(self.con, year)
        if visible is None:
            return rows, found
        rilo = self.account.rilo if self.account.role is Role.rilo else None
        mine = [
            r
            for r in rows
            if (r.level == "member" and r.code in visible) or (r.level == "rilo" and r.code == rilo)
        ]
        return mine, [f for f in found if f.member in visible]

    def trend_scope(self, measure: str) -> Scope:
        """What a trend of the user counts: its Member's cases, its RILO's, or every Member's."""
        from cen_pipeline.analysis.trends import Scope

        if self.account.role is Role.member:
            return Scope(measure, member=self.account.member or "-")
        if self.account.role is Role.rilo:
            return Scope(measure, region=self.account.rilo or "-")
        return Scope(measure)

    def alert_months(self) -> list[date]:
        """The months whose alerts were computed, newest first."""
        try:
            rows = self.con.execute("SELECT month FROM alert_runs ORDER BY month DESC").fetchall()
        except duckdb.CatalogException:  # no alert was ever computed in this store
            return []
        return [r[0] for r in rows]

    def alerts_shown(self, month: date | None) -> tuple[list[date], date | None, list[Alert]]:
        """The months computed, the month shown (`month`, else the latest computed) and its alerts."""
        months = self.alert_months()
        shown = month or (months[0] if months else None)
        return months, shown, self.alerts(shown) if shown else []

    def alerts(self, month: date) -> list[Alert]:
        """The alerts of `month` that touch the user's Members, their case references and Members cut to
        those the user may see (an alert over many Members keeps its totals, which name none of them)."""
        from cen_pipeline.alerts.storage import load_alerts

        visible = self.account.members()
        found = load_alerts(self.con, [month])
        if visible is None:
            return found
        shown = []
        for alert in found:
            if not visible.intersection(alert.members):
                continue
            alert.members = sorted(visible.intersection(alert.members))
            alert.case_refs = [ref for ref in alert.case_refs if ref.split(":", 1)[0] in visible]
            shown.append(alert)
        return shown


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    """Dates as ISO text, as JSON carries them."""
    return {k: v.isoformat() if isinstance(v, date | datetime) else v for k, v in row.items()}
