"""What a checked file refuses, row by row: the quarantine entries of its problems, of the rows refused with
their case or with the whole file, and of the goods lines of an interchange's rejected messages. Every row
read ends accepted or here, with its reasons.
"""

from __future__ import annotations

import json
from typing import Any

import duckdb

from cen_pipeline.contract import nominal
from cen_pipeline.core.duck import has_temp_table
from cen_pipeline.intake.check import Report, problem_params, shown_text
from cen_pipeline.intake.layout import Layout, case_key_sql, numbered_source
from cen_pipeline.intake.readers import Source
from cen_pipeline.intake.repeats import REPEATED_ROW


def quarantine_rows(
    con: duckdb.DuckDBPyConnection, source: Source, report: Report, layout: Layout, key: str
) -> list[tuple[Any, ...]]:
    """One quarantine entry per problem of a row, plus one per row refused with its case or file, each with
    the Member its row names where it names one (else None: the submission's Member is taken). A value
    holding personal data is kept as its kinds, length and keyed hash only."""
    entries: list[tuple[Any, ...]] = []
    members = _row_members(con)
    file_level = [p for p in report.problems if p.row is None and kind_is_error(p.code)]
    rows_with_problems: set[int] = set()
    for p in report.problems:
        # A row's warnings do not keep it out, except that a repeated row's copy is set aside.
        if p.row is None or not (kind_is_error(p.code) or p.code == REPEATED_ROW):
            continue
        column, letter = report.location(p)
        params = problem_params(p, report.today)
        if p.code == "nominal-value" and p.value is not None:
            params |= {"length": str(len(p.value)), "fingerprint": nominal.fingerprint(p.value, key)}
        entries.append(
            (
                p.row,
                None,
                column,
                letter,
                p.field,
                shown_text(p.case_ref) if p.case_ref else None,
                p.code,
                report.shown_value(p) or None,
                json.dumps(params),
                _case_member(p.params.get("case_key")) if p.code == REPEATED_ROW else members.get(p.row),
            )
        )
        rows_with_problems.add(p.row)
    if layout.blocking or (file_level and not layout.field_columns):
        codes = [p.code for p in file_level]
        for row in _all_rows(con, source, layout):
            if row not in rows_with_problems:
                for code in codes:
                    entries.append((row, None, None, None, None, None, code, None, "{}", None))
    elif report.summary.cases_with_errors:
        # Valid lines of a case that has an invalid line: a case is accepted whole or not at all.
        for row, case_ref, member in con.execute(
            f"""SELECT _row, case_ref, upper(reporting_member) FROM canon
                WHERE {case_key_sql()} IN (SELECT case_key FROM bad_cases) ORDER BY _row"""
        ).fetchall():
            if row not in rows_with_problems:
                entries.append((row, None, None, None, None, case_ref, "case-rejected", None, "{}", member))
    if source.edi is not None:
        entries += _rejected_message_lines(source)
    return entries


def _rejected_message_lines(source: Source) -> list[tuple[Any, ...]]:
    """One entry per goods line of each rejected message of an interchange, with the message's first problem
    (or the envelope's): those lines never became rows, yet each must be accounted for. They are numbered
    after the rows of the accepted messages."""
    assert source.edi is not None
    envelope = next(iter(source.edi.problems), None)
    entries: list[tuple[Any, ...]] = []
    row = len(source.edi.rows)
    for message in source.edi.messages:
        if message.accepted:
            continue
        problem = message.problems[0] if message.problems else envelope
        code = problem.code if problem else "edi-syntax-error"
        # The sender wrote the reference and the segment a detail may quote: screened like any cell.
        reference = shown_text(message.reference)
        params = json.dumps(
            {"message_ref": reference, "detail": shown_text(problem.detail) if problem else ""}
        )
        for line in range(1, message.lines + 1):
            row += 1
            label = f"message {reference}, goods line {line}"
            entries.append((row, label, None, None, None, None, code, None, params, None))
    return entries


def _row_members(con: duckdb.DuckDBPyConnection) -> dict[int, str]:
    """The Member each row with a problem names (its canonical code, whatever its validity)."""
    if not has_temp_table(con, "flagged"):  # a file refused whole before its rows were checked
        return {}
    rows = con.execute(
        "SELECT _row, upper(x_reporting_member) FROM flagged WHERE x_reporting_member IS NOT NULL"
    ).fetchall()
    return {int(row): str(member) for row, member in rows}


def _case_member(case_key: str | None) -> str | None:
    return case_key.split(chr(31))[0] or None if case_key else None


def kind_is_error(code: str) -> bool:
    from cen_pipeline.contract.catalogue import kind

    return kind(code).severity == "error"


def _all_rows(con: duckdb.DuckDBPyConnection, source: Source, layout: Layout) -> list[int]:
    """The number of every parsed row of the file, as its problems name it (malformed records counted)."""
    if not layout.headings:
        return []
    con.execute(f"CREATE OR REPLACE TEMP TABLE all_rows AS SELECT _row FROM {numbered_source(source)}")
    source.renumber(con, "all_rows")
    rows = con.execute("SELECT _row FROM all_rows ORDER BY _row").fetchall()
    con.execute("DROP TABLE all_rows")
    return [int(r[0]) for r in rows]
