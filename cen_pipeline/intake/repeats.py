"""Repeated rows: a row that repeats an earlier row of the file cell for cell, as an export sent twice or a
spreadsheet copied into itself does. The first is kept; each later copy is set aside with the problem
`repeated-row` (a warning: the file stays valid), so that the seizure is counted once and no row is lost.

Where the case reference comes from the cells, a copy belongs to its original's case and repeats its line
number: the case-level check (`full_checks.case_problems`) finds it among the cases it reads anyway. Where the
reference is composed of the row number, every row is a case of its own, and copies are found across the
whole file here, by comparing every cell.
"""

from __future__ import annotations

import duckdb

from cen_pipeline.core.duck import insert_rows
from cen_pipeline.intake.layout import Layout, Problem, case_key_sql, key_exprs, withdrawal_sql
from cen_pipeline.intake.profiles import Profile

REPEATED_ROW = "repeated-row"


def repeated_row(row: int, first_row: int, case_key: str, case_ref: str | None) -> Problem:
    return Problem(
        REPEATED_ROW, row, case_ref=case_ref, params={"first_row": str(first_row), "case_key": case_key}
    )


def repeats_across_cases(con: duckdb.DuckDBPyConnection, layout: Layout, profile: Profile) -> list[Problem]:
    """The copies of earlier rows in a file whose case reference is composed of the row number (`src_raw`
    carries `_row` then)."""
    if not profile.uses_row() or not layout.headings:
        return []
    cells = ", ".join(f"c{i}" for i in range(len(layout.headings)))
    keys = key_exprs(layout, profile)
    found = con.execute(
        f"""SELECT _row, first_row, {case_key_sql(keys)}, {keys["case_ref"]} FROM (
                SELECT *, min(_row) OVER (PARTITION BY {cells}) AS first_row FROM src_raw)
            WHERE _row <> first_row AND NOT {withdrawal_sql(keys["case_action"])}
            ORDER BY _row"""
    ).fetchall()
    return [repeated_row(int(r), int(f), str(k), ref) for r, f, k, ref in found if k is not None]


def keep_repeats(con: duckdb.DuckDBPyConnection, repeats: list[Problem]) -> None:
    """The table `repeated_rows` (`_row`, `case_key`) of the copies, which the accepted rows leave out."""
    con.execute("CREATE OR REPLACE TEMP TABLE repeated_rows (_row BIGINT, case_key VARCHAR)")
    insert_rows(con, "repeated_rows", [(p.row, p.params["case_key"]) for p in repeats])


def has_repeats(con: duckdb.DuckDBPyConnection) -> bool:
    row = con.execute("SELECT count(*) > 0 FROM repeated_rows").fetchone()
    return bool(row and row[0])
