"""The ``alerts`` and ``alert_runs`` tables: storing the alerts of computed months, and loading them for
the bulletin and the report."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

import duckdb

from cen_pipeline.alerts.config import ALERT_FIELDS, Alert, sort_key

ALERTS_DDL = """
CREATE TABLE IF NOT EXISTS alerts (
    alert_id VARCHAR PRIMARY KEY, kind VARCHAR, method VARCHAR, measure VARCHAR, stratum_type VARCHAR,
    stratum VARCHAR, period DATE, observed DOUBLE, expected DOUBLE, upper_bound DOUBLE, score DOUBLE,
    p_value DOUBLE, p_adjusted DOUBLE, severity VARCHAR, explanation VARCHAR, case_refs VARCHAR[],
    regions VARCHAR[], members VARCHAR[], series_start DATE, series DOUBLE[], computed_for DATE,
    first_seen TIMESTAMP, last_seen TIMESTAMP, status VARCHAR)
"""

ALERT_RUNS_DDL = (
    "CREATE TABLE IF NOT EXISTS alert_runs (month DATE PRIMARY KEY, computed_at TIMESTAMP, alerts BIGINT)"
)

# Stored: what a user sees, plus what the bulletin draws and the month the alert was computed for.
ALERT_COLUMNS: tuple[str, ...] = (*ALERT_FIELDS, "members", "series_start", "series", "computed_for")
_LIST_COLUMNS: tuple[str, ...] = ("case_refs", "regions", "members", "series")


def ensure_tables(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(ALERTS_DDL)
    con.execute(ALERT_RUNS_DDL)


def _row(a: Alert, computed_for: date) -> tuple[object, ...]:
    return (*(getattr(a, c) for c in ALERT_COLUMNS[:-1]), computed_for)


def store_alerts(con: duckdb.DuckDBPyConnection, months: Sequence[date], alerts: Sequence[Alert]) -> None:
    """Upsert the alerts of ``months``; earlier alerts of those months not raised again become ``cleared``.

    ``first_seen`` and a status set by an analyst (anything but ``new``/``cleared``) are kept.
    """
    ensure_tables(con)
    now = datetime.now().replace(microsecond=0)
    cols = ", ".join(ALERT_COLUMNS)
    marks = ", ".join("?" for _ in ALERT_COLUMNS)
    updates = ", ".join(f"{c} = excluded.{c}" for c in ALERT_COLUMNS if c != "alert_id")
    con.execute("BEGIN")
    try:
        ids = [a.alert_id for a in alerts]
        if months:
            con.execute(
                "UPDATE alerts SET status = 'cleared', last_seen = ? WHERE computed_for IN (SELECT unnest(?::DATE[])) "
                "AND status = 'new' AND NOT list_contains(?::VARCHAR[], alert_id)",
                [now, list(months), ids],
            )
        by_id = {a.alert_id: a for a in alerts}
        computed = {a.alert_id: months[-1] if months else a.period for a in alerts}
        for a in alerts:
            if a.period in months:
                computed[a.alert_id] = a.period
        if by_id:  # a quiet month raises none, and is still recorded as computed below
            con.executemany(
                f"INSERT INTO alerts ({cols}, first_seen, last_seen, status) VALUES ({marks}, ?, ?, 'new') "
                f"ON CONFLICT (alert_id) DO UPDATE SET {updates}, last_seen = excluded.last_seen, "
                "status = CASE WHEN alerts.status = 'cleared' THEN 'new' ELSE alerts.status END",
                [(*_row(a, computed[i]), now, now) for i, a in by_id.items()],
            )
        for m in months:
            n = sum(1 for a in alerts if computed[a.alert_id] == m)
            con.execute("INSERT OR REPLACE INTO alert_runs VALUES (?, ?, ?)", [m, now, n])
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def has_run(con: duckdb.DuckDBPyConnection, month: date) -> bool:
    try:
        row = con.execute("SELECT count(*) FROM alert_runs WHERE month = ?", [month]).fetchone()
    except duckdb.CatalogException:
        return False
    return bool(row and row[0])


def load_alerts(
    con: duckdb.DuckDBPyConnection,
    months: Sequence[date],
    region: str | None = None,
    ids: Sequence[str] | None = None,
) -> list[Alert]:
    """Stored alerts computed for ``months`` (not cleared), optionally of one WCO region."""
    try:
        sql = f"SELECT {', '.join(ALERT_COLUMNS)} FROM alerts WHERE status <> 'cleared' AND computed_for IN (SELECT unnest(?::DATE[]))"
        params: list[object] = [list(months)]
        if ids is not None:
            sql += " AND list_contains(?::VARCHAR[], alert_id)"
            params.append(list(ids))
        rows = con.execute(sql, params).fetchall()
    except duckdb.CatalogException:
        return []
    out = []
    for r in rows:
        rec = dict(zip(ALERT_COLUMNS, r, strict=True))
        fields = {c: rec[c] for c in ALERT_COLUMNS if c not in ("alert_id", "computed_for")}
        fields.update({c: list(rec[c] or []) for c in _LIST_COLUMNS})
        a = Alert(**fields)
        a.stored_id = str(rec["alert_id"])
        out.append(a)
    if region:
        out = [a for a in out if region in a.regions or region.upper() in (x.upper() for x in a.regions)]
    return sorted(out, key=sort_key)
