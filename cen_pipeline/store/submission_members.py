"""The Members a submission reports for, each with its own rows: a national or regional file may carry the
cases of many Members (a register of several administrations, a RILO's batch), and each Member is credited
with the rows that name it, not the file with the Member of most rows. Coverage, the quality scorecard and the
alerts read `submission_members`; `submissions.member` keeps the Member the file was sent for (`--member`) or,
without one, the Member of most rows.
"""

from __future__ import annotations

import duckdb

from cen_pipeline.core.duck import has_temp_table

# The copies of repeated rows (set aside, not invalid) among a Member's rows, from the check's `repeated_rows`.
_REPEATED = "SELECT count(*) FROM repeated_rows WHERE {member}"


def record_members(con: duckdb.DuckDBPyConnection, sid: int, member: str | None, staged: bool) -> None:
    """Write the Members of submission `sid` and their rows read, accepted and set aside as copies, from the
    check's `case_rows` (every row, by the Member it names), `repeated_rows` and the staged lines `inc_lines`
    (the accepted ones). A file sent for one Member (`member`) is that Member's whole, whatever its rows
    name."""
    if not has_temp_table(con, "repeated_rows"):
        con.execute("CREATE OR REPLACE TEMP TABLE repeated_rows (_row BIGINT, case_key VARCHAR)")
    if member:
        con.execute(
            f"""INSERT INTO store.submission_members
               SELECT submission_id, member, rows_read, rows_accepted, ({_REPEATED.format(member="true")})
               FROM store.submissions WHERE submission_id = ?""",
            [sid],
        )
        return
    if not has_temp_table(con, "case_rows"):  # a refused file: nothing of it was read
        return
    accepted = (
        "SELECT split_part(case_key, chr(31), 1) AS member, count(*) AS n FROM inc_lines GROUP BY ALL"
        if staged and has_temp_table(con, "inc_lines")
        else "SELECT NULL::VARCHAR AS member, 0 AS n WHERE false"
    )
    repeated = _REPEATED.format(member="split_part(case_key, chr(31), 1) = r.member")
    con.execute(
        f"""INSERT INTO store.submission_members
            SELECT ?, r.member, r.n_rows, coalesce(a.n, 0), ({repeated})
            FROM (SELECT split_part(case_key, chr(31), 1) AS member, sum(n_rows) AS n_rows FROM case_rows
                  WHERE case_key IS NOT NULL GROUP BY ALL) r
            LEFT JOIN ({accepted}) a USING (member)
            WHERE r.member IN (SELECT code FROM store.members)  -- a row naming no Member credits nobody
            ORDER BY r.member""",
        [sid],
    )


def refuse_members(con: duckdb.DuckDBPyConnection, sid: int) -> None:
    """A submission refused whole accepted no row of any of its Members."""
    con.execute("UPDATE store.submission_members SET rows_accepted = 0 WHERE submission_id = ?", [sid])
