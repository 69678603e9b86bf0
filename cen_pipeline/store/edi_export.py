"""`cen export edi`: a Member's current cases as an interchange of CENSEZ messages, for its national system.

The interchange reads back (`cen ingest`) to the same cases and goods lines.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from cen_pipeline.contract.models import CASE_FIELDS, LINE_FIELDS
from cen_pipeline.store.db import connect

SENDER = "WCOCEN"


def _text(value: object) -> str | None:
    """A stored value in the canonical feed's text form."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return text
    return str(value)


def export_edi(db: Path, member: str, out: Path, since: date | None = None) -> int:
    """Write the Member's current cases (seized on or after `since`) to `out`; gives the number of cases."""
    from cen_pipeline.intake.edi.writer import write_interchange

    case_cols = [f for f in CASE_FIELDS if f != "case_action"]
    line_cols = list(LINE_FIELDS)
    con = connect(db, read_only=True)
    try:
        rows = con.execute(
            f"""SELECT {", ".join(f"c.{f}" for f in case_cols)}, {", ".join(f"l.{f}" for f in line_cols)}
                FROM current_cases c JOIN current_lines l USING (reporting_member, case_ref, version)
                WHERE c.reporting_member = ? AND (? IS NULL OR c.seizure_date >= ?)
                ORDER BY c.case_ref, l.line_no""",
            [member, since, since],
        ).fetchall()
    finally:
        con.close()
    names = [*case_cols, *line_cols]
    cases: dict[str, list[Mapping[str, object]]] = {}
    for row in rows:
        record = {name: _text(value) for name, value in zip(names, row, strict=True)}
        cases.setdefault(str(record["case_ref"]), []).append(record)
    stamp = datetime.now(UTC).replace(tzinfo=None)
    text = write_interchange(
        cases.values(), SENDER, member, stamp.strftime("%y%m%d%H%M%S")[:14], prepared=stamp
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    return len(cases)
