"""A nil return read and checked: a Member declares months in which it seized nothing, one row per month
under the headings `reporting_member,nil_return_month` (`FR,2024-02`).

The file is read as any feed (its encoding, line ends and malformed rows are the reader's), and a row whose
Member or month is not usable is quarantined with its reason, as a row of a feed would be.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import duckdb

from cen_pipeline.contract.codelists import codelist
from cen_pipeline.intake.check import column_letter, shown_text
from cen_pipeline.intake.layout import numbered_source
from cen_pipeline.intake.readers import Source

NIL_RETURN_HEADINGS = {"reporting_member", "nil_return_month"}
_MONTH = re.compile(r"(\d{4})-(\d{1,2})")


@dataclass
class NilReturn:
    months: list[tuple[str, date]] = field(default_factory=list)  # (Member, first day of the month)
    quarantine: list[tuple[Any, ...]] = field(default_factory=list)  # entries as the ingest writes them
    rows_read: int = 0


def is_nil_return(source: Source) -> bool:
    return set(source.headings) >= NIL_RETURN_HEADINGS


def read_nil_return(con: duckdb.DuckDBPyConnection, source: Source, member: str | None = None) -> NilReturn:
    """The months the file declares, and a quarantine entry for each row that declares none: no month, no
    WCO Member, or (the file sent for `member`) another Member than that one."""
    members = codelist("member").codes
    member_col = source.headings.index("reporting_member")
    month_col = source.headings.index("nil_return_month")
    rows = con.execute(
        f"SELECT _row, c{member_col}, c{month_col} FROM {numbered_source(source)} ORDER BY _row"
    ).fetchall()
    source.renumber(con, None)
    found = NilReturn(rows_read=len(rows) + len(source.malformed))
    for m in source.malformed:
        found.quarantine.append(_entry(m.row, "", 0, "malformed-row", None, {"detail": m.detail}))
    for row, named, month in rows:
        who = (named or "").strip().upper()
        text = (month or "").strip()
        day = _month_start(text)
        if not who:
            found.quarantine.append(_entry(row, "reporting_member", member_col, "missing-value", None))
        elif who not in members:
            found.quarantine.append(
                _entry(row, "reporting_member", member_col, "unknown-code", who, {"codelist": "member"})
            )
        elif member and who != member:
            found.quarantine.append(
                _entry(row, "reporting_member", member_col, "member-mismatch", who, {"member": member})
            )
        elif day is None:
            code = "missing-value" if not text else "invalid-date"
            found.quarantine.append(_entry(row, "nil_return_month", month_col, code, text or None))
        else:
            found.months.append((who, day))
    return found


def _month_start(text: str) -> date | None:
    match = _MONTH.fullmatch(text)
    if match is None or not 1 <= int(match[2]) <= 12:
        return None
    return date(int(match[1]), int(match[2]), 1)


def _entry(
    row: int, column: str, index: int, code: str, value: str | None, params: dict[str, str] | None = None
) -> tuple[Any, ...]:
    shown = shown_text(value) if value else None
    params = {"column": column, "value": shown or "", **(params or {})}
    letter = column_letter(index) if column else None
    # The Member: the submission's (the row's own is what is missing or wrong).
    return (row, None, column or None, letter, None, None, code, shown, json.dumps(params), None)
