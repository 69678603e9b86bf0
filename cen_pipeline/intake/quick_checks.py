"""The quick checks of the vectorised check: one cheap pass over the whole file passes the rows that are
certainly valid and sets apart the cases the full checks (`full_checks.py`) must read."""

from __future__ import annotations

from datetime import date

import duckdb

from cen_pipeline.contract.models import FEED_FIELDS, REQUIRED_FIELDS, rule_of
from cen_pipeline.contract.row_rules import ROW_RULES
from cen_pipeline.contract.sql import SqlContext, sql_str
from cen_pipeline.contract.value_rules import Text, screened_quick
from cen_pipeline.core.duck import unordered
from cen_pipeline.intake.accepted import accepted_sql, typed_fields
from cen_pipeline.intake.layout import (
    SHARED_CASE_FIELDS,
    Layout,
    absent,
    canon_expr,
    case_key_sql,
    expand,
    key_exprs,
    numbered_source,
    raw_expr,
    withdrawal_sql,
)
from cen_pipeline.intake.profiles import Profile
from cen_pipeline.intake.readers import Source
from cen_pipeline.intake.repeats import has_repeats


def sieve(
    con: duckdb.DuckDBPyConnection,
    source: Source,
    layout: Layout,
    profile: Profile,
    today: date,
    member: str | None,
    keep_lines: bool = False,
) -> int:
    """One pass over the whole file: the table `case_rows` (rows per case, and whether any row of the case
    failed a quick check, or its lines differ in their case fields or may repeat a line number), then the table
    `subset` holding every row of those cases, the only rows the full checks read. Gives the rows parsed.

    A quick check passes only cells that are certainly valid; the rest are decided by the full checks, so
    a clean file costs one cheap pass and a faulty one a second pass for its faulty cases.

    With `keep_lines` (the ingest), the pass also keeps every row typed the cheap way in the table `sieved`,
    so the ingest need not read a clean file a second time (see `keep_accepted_rows`).
    """
    ctx = SqlContext(today)
    quick = " AND ".join(f"({q})" for q in _quick_checks(layout, profile, ctx, member, _small(source)))
    keys = key_exprs(layout, profile)
    # The cells as sent: lines that differ only in spelling ("FR", "fr ") make a suspect, decided exactly later.
    shared = "hash(" + ", ".join(_raw_sent(f, layout) for f in SHARED_CASE_FIELDS) + ")"
    cells = ", ".join(f"c{i}" for i in range(len(layout.headings)))
    row = "_row, " if profile.uses_row() else ""  # a composed field reads it
    line_no = canon_expr("line_no", layout, profile)
    typed = f", {typed_fields(layout, profile, today, clean=True, stored=True)}" if keep_lines else ""
    per_row = f"""SELECT {case_key_sql(keys)} AS case_key, {withdrawal_sql(keys["case_action"])} AS withdrawal,
                      coalesce({quick}, false) AS quick, {shared} AS shared, {line_no} AS line_text{typed}
               FROM (SELECT {row}{cells} FROM src_raw)"""
    if keep_lines:
        # In file order, DuckDB would hold back the rows of one thread for the other's: more than twice as
        # slow, and spilled. Nothing reads these rows by their order (`_row` numbers them where it counts).
        with unordered(con):
            con.execute(f"CREATE OR REPLACE TEMP TABLE sieved AS {per_row}")
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE case_rows AS
            SELECT case_key, withdrawal, count(*) AS n_rows, count(*) FILTER (WHERE NOT quick) AS n_odd,
                   min(shared) <> max(shared) AS suspect, {_maybe_repeated("line_text")} AS repeated_line,
                   count(line_text) AS numbered
            FROM {"sieved" if keep_lines else f"({per_row})"}
            GROUP BY ALL"""
    )
    counted = con.execute(
        f"SELECT coalesce(sum(n_rows), 0), count(*) FILTER (WHERE {ODD_CASE}) FROM case_rows"
    ).fetchone()
    rows, odd_cases = (int(counted[0]), int(counted[1])) if counted else (0, 0)
    if odd_cases:
        con.execute(
            f"""CREATE OR REPLACE TEMP TABLE subset AS SELECT _row, {cells} FROM {numbered_source(source)}
                WHERE coalesce({case_key_sql(keys)}, '') || chr(30) || {withdrawal_sql(keys["case_action"])}::VARCHAR IN (
                    SELECT coalesce(case_key, '') || chr(30) || withdrawal::VARCHAR FROM case_rows
                    WHERE {ODD_CASE})"""
        )
        source.renumber(con, "subset")
    else:
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE subset AS SELECT NULL::BIGINT AS _row, {cells} FROM src_raw LIMIT 0"
        )
        source.renumber(con, None)
    return rows


# The rows of a case (its withdrawals apart) that the full checks read: `case_rows` says why.
ODD_CASE = "n_odd > 0 OR suspect OR repeated_line"


def _maybe_repeated(line_no: str) -> str:
    """Whether a case may use a line number twice: false only when its numbers are certainly distinct.

    Each number sets one bit of a 64-bit word (its value modulo 64); as many bits set as numbers means no two
    are equal. Cheaper than counting distinct numbers; a case of more than 64 lines, or with a number that
    is not one, takes the exact check."""
    bit = f"1::UBIGINT << ((TRY_CAST({line_no} AS BIGINT) % 64 + 64) % 64)::INTEGER"  # negative ones too
    return f"coalesce(bit_count(bit_or({bit})) <> count({line_no}), true)"


# Up to this size a file is screened for personal data a row at a time (its screened cells joined): compiling
# the candidate patterns once per column costs more than scanning such a file. A larger file is screened a
# column at a time, which scans less (a row's cells are joined and confirmed together when one is a candidate).
SMALL_FILE_BYTES = 8 * 2**20


def _small(source: Source) -> bool:
    try:
        return source.path.stat().st_size <= SMALL_FILE_BYTES
    except OSError:
        return False


def _quick_checks(
    layout: Layout, profile: Profile, ctx: SqlContext, member: str | None, joined: bool = False
) -> list[str]:
    """Per field and per row rule, a predicate TRUE only when the row is certainly valid there; with
    `joined`, the screen for personal data is one predicate over the row's screened cells."""
    out = []
    screened: list[tuple[str, str]] = []
    for name in FEED_FIELDS:
        raw = raw_expr(name, layout, profile)
        quick = field_quick(name, raw, ctx, member, screen=not joined)
        rule = rule_of(name)
        if joined and isinstance(rule, Text) and rule.screen and not absent(name, layout, profile):
            screened.append((raw, rule.screen))
        if absent(name, layout, profile):
            quick = "false" if name in REQUIRED_FIELDS else f"{raw} IS NULL"
        elif quick is None:
            quick = f"{raw} IS NULL" if name not in REQUIRED_FIELDS else "false"
        elif name not in REQUIRED_FIELDS:
            quick = f"{raw} IS NULL OR ({quick})"
        if added := layout.added.get(name):
            quick = f"({quick}) AND NOT {added.unsure}"
        out.append(quick)
    raws = {f: raw_expr(f, layout, profile) for f in FEED_FIELDS}
    raws |= {f"x_{f}": canon_expr(f, layout, profile) for f in FEED_FIELDS}
    out += [expand(r.quick, raws) for r in ROW_RULES]
    if screened:
        out.append(screened_quick(screened))
    # A withdrawal takes the full checks: it is rare, and other rules apply to it.
    out.append(f"NOT {withdrawal_sql(canon_expr('case_action', layout, profile))}")
    return out


def field_quick(name: str, raw: str, ctx: SqlContext, member: str | None, screen: bool = True) -> str | None:
    """The quick check of field `name` over its cell `raw` (None when the rule has none): with `member` given,
    the reporting member must be exactly that code, as sent. Without `screen`, a free text is not screened
    for personal data (the caller screens the row's cells together)."""
    if name == "reporting_member" and member:
        return f"{raw} = {sql_str(member)}"
    rule = rule_of(name)
    if not screen and isinstance(rule, Text):
        return rule.sql_unscreened_quick(raw)
    return rule.sql_quick(raw, ctx)


def subset_size(con: duckdb.DuckDBPyConnection) -> int:
    row = con.execute("SELECT count(*) FROM subset").fetchone()
    return int(row[0]) if row else 0


def _raw_sent(name: str, layout: Layout) -> str:
    column = layout.field_columns.get(name)
    return f"c{column}" if column is not None else "NULL"


def keep_accepted_rows(con: duckdb.DuckDBPyConnection, layout: Layout, profile: Profile, today: date) -> None:
    """Leave in the table `sieved` (`sieve(keep_lines=True)`) the accepted rows, typed as stored: the rows of
    the cases that passed their quick checks as kept; those of the other cases typed again from the subset,
    which holds them all. A clean file thus needs no second reading."""
    odd = f"SELECT case_key FROM case_rows WHERE NOT withdrawal AND ({ODD_CASE})"
    dropped = f"""withdrawal OR case_key IS NULL OR case_key IN (SELECT case_key FROM bad_cases)
                  OR case_key IN ({odd}) OR case_key IN (SELECT case_key FROM repeated_rows)"""
    # Every row to drop or type again belongs to a case the full checks read, so to the subset, or is the
    # copy of a repeated row (a case of its own, or of a case in the subset): a clean file has none, and
    # costs no pass over its rows here.
    if subset_size(con) or has_repeats(con):
        con.execute(f"DELETE FROM sieved WHERE {dropped}")
        subset = "(SELECT * FROM subset WHERE _row NOT IN (SELECT _row FROM repeated_rows))"
        con.execute(
            f"INSERT INTO sieved BY NAME {accepted_sql(subset, '', layout, profile, today, False, True)}"
        )


def all_rows_quick(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether every row of the file passed its quick checks (`case_rows` counts those that did not)."""
    row = con.execute("SELECT coalesce(sum(n_odd), 0) = 0 FROM case_rows").fetchone()
    return bool(row and row[0])


def all_lines_numbered(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether every row of the file gave its line number (`case_rows` counts them)."""
    row = con.execute("SELECT coalesce(sum(numbered) = sum(n_rows), true) FROM case_rows").fetchone()
    return bool(row is None or row[0])


def has_withdrawals(con: duckdb.DuckDBPyConnection) -> bool:
    row = con.execute("SELECT count(*) > 0 FROM case_rows WHERE withdrawal").fetchone()
    return bool(row and row[0])
