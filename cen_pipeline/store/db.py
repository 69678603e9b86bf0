"""The store: a DuckDB file holding submissions, case and goods-line versions, the quarantine and code lists.

Every version of a case is kept; `is_current` marks the one analytics read (views `current_cases` and
`current_lines`). The schema is versioned, with migrations applied in order when a store is opened for
writing. DuckDB lets one process write a file at a time: writers hold the file only while they commit, and
anyone who finds it locked waits (up to a timeout) instead of failing.

A long-running process that owns the store (the submission service) holds it open for its whole life
(`held`): every connection this process then asks for by the store's path is a cursor of that one database,
readers and the one writer alike, since DuckDB attaches a file once per process.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext, suppress
from pathlib import Path

import duckdb

from cen_pipeline.contract.codelists import all_codelists, codelist
from cen_pipeline.contract.models import CASE_FIELDS, LINE_FIELDS, rule_of
from cen_pipeline.contract.sql import sql_str
from cen_pipeline.core.duck import insert_rows
from cen_pipeline.core.settings import WAIT_SECONDS

SCHEMA_VERSION = 4


class StoreBusy(Exception):
    """Another process kept the store locked for longer than we were willing to wait."""


class StoreMissing(Exception):
    """A read command named a store that does not exist."""


def _column_defs(fields: tuple[str, ...], skip: tuple[str, ...] = ()) -> str:
    return ",\n".join(f"{f} {rule_of(f).sql_type()}" for f in fields if f not in skip)


def _coverage_view(reporters: str) -> str:
    """Member x month: reported (any current case that month), nil return, or not reported (missing, never
    zero), for every Member `reporters` lists. Months run from the first to the last month any Member
    reported."""
    return f"""CREATE OR REPLACE VIEW coverage AS
    WITH months AS (
        SELECT unnest(generate_series(min(m), max(m), INTERVAL 1 MONTH))::DATE AS month FROM (
            SELECT date_trunc('month', seizure_date) AS m FROM current_cases
            UNION ALL SELECT month FROM nil_returns)),
    reporters AS ({reporters}),
    reported AS (SELECT reporting_member AS member, date_trunc('month', seizure_date)::DATE AS month,
                 count(*) AS cases FROM current_cases GROUP BY ALL)
    SELECT r.member, m.month,
           CASE WHEN rep.cases IS NOT NULL THEN 'reported'
                WHEN n.month IS NOT NULL THEN 'nil_return' ELSE 'not_reported' END AS status,
           rep.cases
    FROM reporters r CROSS JOIN months m
    LEFT JOIN reported rep ON rep.member = r.member AND rep.month = m.month
    LEFT JOIN (SELECT DISTINCT reporting_member, month FROM nil_returns) n
           ON n.reporting_member = r.member AND n.month = m.month"""


def _migrations() -> dict[int, list[str]]:
    case_cols = _column_defs(CASE_FIELDS, skip=("case_ref", "reporting_member", "case_action"))
    line_cols = _column_defs(LINE_FIELDS, skip=("line_no", "health_safety"))
    return {
        1: [
            "CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
            """CREATE TABLE submissions (
                submission_id BIGINT PRIMARY KEY, member VARCHAR, file_name VARCHAR, format VARCHAR,
                profile VARCHAR, sha256 VARCHAR, received_at TIMESTAMP, kind VARCHAR, status VARCHAR,
                rows_read BIGINT, rows_accepted BIGINT, rows_quarantined BIGINT, cases_new BIGINT,
                cases_replaced BIGINT, cases_unchanged BIGINT, cases_withdrawn BIGINT)""",
            f"""CREATE TABLE cases (
                reporting_member VARCHAR NOT NULL, case_ref VARCHAR NOT NULL, version INTEGER NOT NULL,
                submission_id BIGINT NOT NULL, is_current BOOLEAN NOT NULL, withdrawn BOOLEAN NOT NULL,
                content_hash VARCHAR, line_count INTEGER,
                {case_cols})""",
            f"""CREATE TABLE goods_lines (
                reporting_member VARCHAR NOT NULL, case_ref VARCHAR NOT NULL, version INTEGER NOT NULL,
                line_no BIGINT NOT NULL, {line_cols}, health_safety BOOLEAN NOT NULL)""",
            """CREATE TABLE quarantine (
                submission_id BIGINT, row_number BIGINT, row_label VARCHAR, column_name VARCHAR,
                column_letter VARCHAR, field VARCHAR, case_ref VARCHAR, code VARCHAR, masked_value VARCHAR,
                params VARCHAR)""",
            "CREATE TABLE nil_returns (reporting_member VARCHAR, month DATE, submission_id BIGINT)",
            "CREATE TABLE codelists (list_name VARCHAR, code VARCHAR, label_en VARCHAR, label_fr VARCHAR, label_es VARCHAR)",
            "CREATE TABLE members (code VARCHAR PRIMARY KEY, name VARCHAR, wco_region VARCHAR, rilo VARCHAR)",
            "CREATE TABLE product_categories (code VARCHAR PRIMARY KEY, health_safety BOOLEAN)",
            """CREATE VIEW current_cases AS
                SELECT c.*, m.wco_region, m.rilo FROM cases c LEFT JOIN members m ON m.code = c.reporting_member
                WHERE c.is_current AND NOT c.withdrawn""",
            """CREATE VIEW current_lines AS
                SELECT l.* FROM goods_lines l JOIN cases c USING (reporting_member, case_ref, version)
                WHERE c.is_current AND NOT c.withdrawn""",
            # Every Member a data submission was recorded for (the one of most rows, until schema 3).
            _coverage_view("SELECT DISTINCT member FROM submissions WHERE member IS NOT NULL"),
        ],
        # The store's own secret for the keyed hash of refused values (nominal.fingerprint): 244 random bits.
        2: [
            """INSERT INTO meta SELECT 'fingerprint_key',
                   replace(gen_random_uuid()::VARCHAR || gen_random_uuid()::VARCHAR, '-', '')""",
        ],
        # A file may report for many Members: each is credited with its own rows (coverage, quality and
        # alerts read them), not the whole file with the Member of most rows. Earlier submissions keep that
        # Member's figures, and every other Member their cases name is added without figures.
        3: [
            """CREATE TABLE submission_members (
                submission_id BIGINT NOT NULL, member VARCHAR NOT NULL, rows_read BIGINT, rows_accepted BIGINT,
                rows_repeated BIGINT)""",
            """INSERT INTO submission_members
                SELECT s.submission_id, s.member, s.rows_read, s.rows_accepted,
                       (SELECT count(*) FROM quarantine q WHERE q.submission_id = s.submission_id
                                                            AND q.code = 'repeated-row')
                FROM submissions s WHERE s.member IS NOT NULL""",
            """INSERT INTO submission_members
                SELECT DISTINCT c.submission_id, c.reporting_member, NULL, NULL, NULL FROM cases c
                WHERE NOT EXISTS (SELECT 1 FROM submission_members s
                                  WHERE s.submission_id = c.submission_id AND s.member = c.reporting_member)""",
            _coverage_view("SELECT DISTINCT member FROM submission_members"),
        ],
        # Each quarantined row is the Member's its row names (a many-Member file's rows are each their own
        # Member's), so that a Member's quarantine holds its rows only. Earlier entries take the submission's.
        4: [
            "ALTER TABLE quarantine ADD COLUMN member VARCHAR",
            """UPDATE quarantine SET member = s.member FROM submissions s
               WHERE s.submission_id = quarantine.submission_id""",
        ],
    }


# The stores this process holds open, by resolved path: a database in memory with the store attached as `store`.
_HELD: dict[Path, duckdb.DuckDBPyConnection] = {}


@contextmanager
def held(path: Path, wait: float = WAIT_SECONDS) -> Iterator[duckdb.DuckDBPyConnection]:
    """Hold the store open in this process while the block runs; `connect`, `attached` and `working` of its
    path then work on it. Other processes find it locked meanwhile (and wait, then say so)."""
    from cen_pipeline.core.duck import memory_connection

    key = path.resolve()
    if key in _HELD:
        raise RuntimeError(f"the store {path} is held already")
    with connect(path, wait=wait):  # made and migrated, then let go to be attached
        pass
    base = memory_connection()
    with owner_only(path):
        base.execute(f"ATTACH {sql_str(str(path))} AS store")
    _HELD[key] = base
    try:
        yield base
    finally:
        del _HELD[key]
        base.close()


def _held(path: Path) -> duckdb.DuckDBPyConnection | None:
    return _HELD.get(path.resolve()) if _HELD else None


def working(path: Path) -> duckdb.DuckDBPyConnection:
    """A connection for checking a file before it is stored in `path`: in memory, or a cursor of the held
    store (with its temporary tables of its own)."""
    from cen_pipeline.core.duck import memory_connection

    base = _held(path)
    return base.cursor() if base is not None else memory_connection()


def _is_lock_error(err: Exception) -> bool:
    text = str(err).lower()
    return "lock" in text or "conflicting" in text


def connect(path: Path, read_only: bool = False, wait: float = WAIT_SECONDS) -> duckdb.DuckDBPyConnection:
    """Open the store, waiting while another process holds it. Writers migrate it to the current schema."""
    base = _held(path)
    if base is not None:  # the held store, migrated when it was opened
        cursor = base.cursor()
        cursor.execute("USE store")
        return cursor
    if read_only and not path.exists():
        raise StoreMissing(f"no store at {path} (ingest a file first, or set --db / CEN_DB)")
    deadline = time.monotonic() + wait
    while True:
        try:
            with nullcontext() if read_only else owner_only(path):  # a reader makes and changes nothing
                con = duckdb.connect(str(path), read_only=read_only)
            break
        except duckdb.Error as err:
            if not _is_lock_error(err):
                raise
            if time.monotonic() >= deadline:
                raise StoreBusy(
                    f"the store {path} is being written by another process; waited {wait:.0f} s "
                    "(try again, or raise --wait)"
                ) from None
            time.sleep(0.2)
    con.execute("SET enable_progress_bar = false")
    if not read_only:
        migrate(con)
    elif schema_version(con) < SCHEMA_VERSION:
        # A store an earlier version wrote: brought to the current schema once, then read as asked.
        con.close()
        with connect(path, wait=max(0.0, deadline - time.monotonic())):
            pass
        return connect(path, read_only=True, wait=max(0.0, deadline - time.monotonic()))
    return con


@contextmanager
def owner_only(path: Path) -> Iterator[None]:
    """Files the store makes (the database, its write-ahead log) are readable by their owner only: the cases
    are a Member's, not every user's of the machine. The database is made so, and kept so if it was not."""
    previous = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(previous)
        for made in (path, path.with_name(path.name + ".wal")):
            with suppress(OSError):  # not there, or not ours to change
                if made.exists() and made.stat().st_mode & 0o077:
                    made.chmod(0o600)


@contextmanager
def attached(con: duckdb.DuckDBPyConnection, path: Path, wait: float) -> Iterator[None]:
    """Attach the store to a working connection as `store` for the time of a write, waiting for the lock. A
    cursor of the held store has it attached already."""
    if _held(path) is not None:
        yield
        return
    with owner_only(path), _attached(con, path, wait):  # the write-ahead log made meanwhile too
        yield


@contextmanager
def _attached(con: duckdb.DuckDBPyConnection, path: Path, wait: float) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        with connect(path, wait=wait):  # creates and migrates it
            pass
    deadline = time.monotonic() + wait
    while True:
        try:
            con.execute(f"ATTACH {sql_str(str(path))} AS store")
            break
        except duckdb.Error as err:
            if not _is_lock_error(err) or time.monotonic() >= deadline:
                if _is_lock_error(err):
                    raise StoreBusy(
                        f"the store {path} is being written by another process; waited {wait:.0f} s "
                        "(try again, or raise --wait)"
                    ) from None
                raise
            time.sleep(0.2)
    try:
        row = con.execute("SELECT value FROM store.meta WHERE key = 'schema_version'").fetchone()
        if not row or int(row[0]) < SCHEMA_VERSION:
            con.execute("DETACH store")
            with connect(path, wait=wait):  # migrates it
                pass
            con.execute(f"ATTACH {sql_str(str(path))} AS store")
        yield
    finally:
        con.execute("DETACH DATABASE IF EXISTS store")


def fingerprint_key(con: duckdb.DuckDBPyConnection) -> str:
    """The key of the keyed hash that the quarantine keeps of a refused value."""
    row = con.execute("SELECT value FROM store.meta WHERE key = 'fingerprint_key'").fetchone()
    assert row is not None, "the store is migrated before it is written"
    return str(row[0])


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    try:
        row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    except duckdb.CatalogException:
        return 0
    return int(row[0]) if row else 0


def migrate(con: duckdb.DuckDBPyConnection) -> None:
    """Bring the store to SCHEMA_VERSION, one migration at a time, each in its own transaction."""
    current = schema_version(con)
    for version, statements in sorted(_migrations().items()):
        if version <= current:
            continue
        con.execute("BEGIN")
        for statement in statements:
            con.execute(statement)
        if version == 1:
            _load_codelists(con)
        con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(version)])
        con.execute("COMMIT")


def _load_codelists(con: duckdb.DuckDBPyConnection) -> None:
    """The code lists as tables, so SQL can join labels, regions and RILOs."""
    rows = []
    for name in all_codelists():
        cl = codelist(name)
        for code in cl.codes:
            rows.append((name, code, cl.label(code, "en"), cl.label(code, "fr"), cl.label(code, "es")))
    insert_rows(con, "codelists", rows)
    members = codelist("member")
    insert_rows(
        con,
        "members",
        [
            (c, members.label(c), members.attributes[c]["wco_region"], members.attributes[c]["rilo"])
            for c in members.codes
        ],
    )
    categories = codelist("product_category")
    insert_rows(
        con,
        "product_categories",
        [(c, categories.attributes[c]["health_safety"] == "true") for c in categories.codes],
    )
