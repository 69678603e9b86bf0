"""The service's own tables, in the store beside the cases: its users, the submissions sent to it, the
writer's queue of jobs and the audit of what users did. Made when the service starts (each statement is a
no-op on a store that has them)."""

from __future__ import annotations

import duckdb

_TABLES = (
    "CREATE SEQUENCE IF NOT EXISTS service_ids",
    # A token is shown once when the user is made; only its SHA-256 is kept (tokens are 256 random bits, so
    # a plain hash cannot be reversed by guessing).
    """CREATE TABLE IF NOT EXISTS service_users (
        user_id BIGINT PRIMARY KEY, name VARCHAR NOT NULL UNIQUE, role VARCHAR NOT NULL, member VARCHAR,
        rilo VARCHAR, token_sha256 VARCHAR NOT NULL UNIQUE, created_at TIMESTAMP NOT NULL,
        disabled BOOLEAN NOT NULL DEFAULT false)""",
    # One row per file received: who sent it for which Member (none: a file of many Members the Secretariat
    # sent), where it stands, and when stored, what the
    # store made of it (its submission, counts) and the file's check row by row (JSON, per language).
    """CREATE TABLE IF NOT EXISTS service_submissions (
        id BIGINT PRIMARY KEY, user_id BIGINT NOT NULL, member VARCHAR, profile VARCHAR,
        file_name VARCHAR NOT NULL, file_type VARCHAR NOT NULL, sha256 VARCHAR NOT NULL, size BIGINT NOT NULL,
        received_at TIMESTAMP NOT NULL, status VARCHAR NOT NULL, store_submission_id BIGINT,
        rows_read BIGINT, rows_accepted BIGINT, rows_quarantined BIGINT, reason VARCHAR, report JSON,
        finished_at TIMESTAMP)""",
    # The writer's queue: a restart finds every job not done and runs it (again); storing is idempotent. A
    # job stores a submission (`ingest`), writes the annual report of a year (`report`, into `output`),
    # computes the alerts of a month (`alerts`) or runs the quality expectations on the submissions not yet
    # checked (`quality`).
    """CREATE TABLE IF NOT EXISTS service_jobs (
        job_id BIGINT PRIMARY KEY, kind VARCHAR NOT NULL, submission BIGINT, state VARCHAR NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0, queued_at TIMESTAMP NOT NULL, started_at TIMESTAMP,
        finished_at TIMESTAMP, error VARCHAR, user_id BIGINT, year INTEGER, lang VARCHAR, output VARCHAR)""",
    "ALTER TABLE service_jobs ADD COLUMN IF NOT EXISTS month DATE",
    # The key that signs browser sessions: made once, so that sessions outlive a restart.
    "CREATE TABLE IF NOT EXISTS service_keys (name VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)",
    """CREATE TABLE IF NOT EXISTS service_audit (
        done_at TIMESTAMP NOT NULL, user_id BIGINT, action VARCHAR NOT NULL, submission BIGINT, detail VARCHAR)""",
)


def prepare(con: duckdb.DuckDBPyConnection) -> None:
    from cen_pipeline.alerts.storage import ensure_tables as alert_tables
    from cen_pipeline.quality.tables import ensure_tables as quality_tables

    for statement in _TABLES:
        con.execute(statement)
    # The pages read the scorecard and the alerts before any was computed: their tables are there, empty.
    quality_tables(con)
    alert_tables(con)
