"""The acknowledgements `cen validate --ack DIR` and `cen ingest --ack DIR` write for each interchange read.

Two reply interchanges per subject interchange, named after its control reference (UNB 0020):
``<reference>.contrl.edi``, the syntax report (interchange accepted or rejected, each message with its
segment in error and the ISO 9735 syntax error code), and ``<reference>.aperak.edi``, one application
acknowledgement per message (accepted, or not accepted with every error code of the contract). The
replies are built by `cen_pipeline.intake.edi.acknowledgement`; this module decides what they say: the problems
of the validation report (for ``validate``) or of the stored quarantine (for ``ingest``), each given to
the message its goods line came from.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path

from cen_pipeline.contract.catalogue import kind
from cen_pipeline.contract.nominal import find_personal_data
from cen_pipeline.intake.check import Report, check_source, opened
from cen_pipeline.intake.edi.acknowledgement import (
    AcknowledgementError,
    build_application_acknowledgement,
    build_syntax_report,
)
from cen_pipeline.intake.edi.feed import EdiFeed
from cen_pipeline.intake.edi.read import read_edi
from cen_pipeline.intake.profiles import Profile

__all__ = [
    "INTERCHANGE_SUFFIXES",
    "Replies",
    "acknowledge_ingest",
    "application_errors",
    "is_interchange",
    "validate_with_replies",
    "write_replies",
]

INTERCHANGE_SUFFIXES = (".edi", ".edifact")
_REFERENCE_LENGTH = 14  # UNB 0020 is an..14
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")

# (error code, detail) for one application error of a message.
Reason = tuple[str, str]


@dataclass
class Replies:
    """The acknowledgement files written for one interchange, or why none could be."""

    subject: Path
    files: list[Path] = field(default_factory=list)
    refused: str | None = None


def is_interchange(path: Path) -> bool:
    return path.suffix.lower() in INTERCHANGE_SUFFIXES


def reply_reference(subject_reference: str, kind_letter: str) -> str:
    """The control reference of a reply: a letter for its kind and the subject's reference, hashed when
    that would not fit the 14 characters of UNB 0020 (the reply must still be traceable to its subject)."""
    candidate = kind_letter + subject_reference
    if len(candidate) <= _REFERENCE_LENGTH and not _UNSAFE.search(subject_reference):
        return candidate
    digest = hashlib.sha1(subject_reference.encode("utf-8")).hexdigest().upper()
    return kind_letter + digest[: _REFERENCE_LENGTH - 1]


def screened_reference(reference: str) -> str:
    """An interchange's control reference as replies and file names may show it: one that holds personal
    data (a phone or passport number used as a reference) is replaced by a digest of it, which the sender
    can still match to what it sent."""
    if reference and find_personal_data(reference, "full"):
        return "W" + hashlib.sha1(reference.encode("utf-8")).hexdigest().upper()[: _REFERENCE_LENGTH - 1]
    return reference


def _file_stem(feed: EdiFeed) -> str:
    reference = screened_reference(feed.interchange.control_reference)
    stem = _UNSAFE.sub("_", reference).strip("._") if reference else ""
    return stem or _UNSAFE.sub("_", feed.path.stem) or "interchange"


def _message_of_row(feed: EdiFeed) -> tuple[list[int], list[int], list[str]]:
    """First and last row (1-based) of each accepted message and its reference, in row order."""
    starts, ends, references = [], [], []
    for outcome in feed.messages:
        if outcome.accepted and outcome.first_row is not None:
            starts.append(outcome.first_row + 1)
            ends.append(outcome.first_row + outcome.lines)
            references.append(outcome.reference)
    return starts, ends, references


def application_errors(
    feed: EdiFeed, located: Iterable[tuple[int | None, str, str]], everywhere: Sequence[Reason] = ()
) -> dict[str, list[Reason]]:
    """Errors by message reference from (row, code, detail) triples; rows number `feed.rows` from 1, and
    a problem without a row (a file-level one) concerns every accepted message, as `everywhere` does."""
    starts, ends, references = _message_of_row(feed)
    errors: dict[str, list[Reason]] = {}
    general = list(everywhere)
    for row, code, detail in located:
        if row is None:
            general.append((code, detail))
            continue
        slot = bisect.bisect_right(starts, row) - 1
        if slot < 0 or row > ends[slot]:
            continue  # not a row of an accepted message: its message speaks for itself
        where = feed.row_labels[row - 1] if 0 < row <= len(feed.row_labels) else f"row {row}"
        errors.setdefault(references[slot], []).append((code, f"{where}: {detail}"))
    if general:
        for reference in references:
            errors[reference] = general + errors.get(reference, [])
    return errors


def write_replies(
    feed: EdiFeed,
    errors: Mapping[str, Sequence[Reason]],
    directory: Path,
    prepared: datetime | None = None,
) -> Replies:
    """Write the syntax report and the application acknowledgements of `feed` into `directory`."""
    replies = Replies(feed.path)
    interchange = replace(
        feed.interchange, control_reference=screened_reference(feed.interchange.control_reference)
    )
    subject = interchange.control_reference
    try:
        contrl = build_syntax_report(
            interchange, control_reference=reply_reference(subject, "C"), prepared=prepared
        )
        aperak = build_application_acknowledgement(
            interchange, errors, control_reference=reply_reference(subject, "A"), prepared=prepared
        )
    except AcknowledgementError as err:
        replies.refused = str(err)
        return replies
    directory.mkdir(parents=True, exist_ok=True)
    stem = _file_stem(feed)
    for suffix, text in (("contrl", contrl), ("aperak", aperak)):
        target = directory / f"{stem}.{suffix}.edi"
        # Replies are written in UTF-8 when the text needs it, like the interchanges the project writes.
        target.write_bytes(_encoded(text))
        replies.files.append(target)
    return replies


def _encoded(text: str) -> bytes:
    from cen_pipeline.intake.edi.writer import encode_interchange

    return encode_interchange(text)


# --- validate ----------------------------------------------------------------------------------------


def validate_with_replies(
    path: Path,
    profile: Profile | str | None,
    member: str | None,
    max_errors: int | None,
    directory: Path,
    today: date | None = None,
) -> tuple[Report, Replies]:
    """Validate an interchange as `validate_file` does and write its acknowledgements.

    The replies need every problem, not the first `max_errors`: the file is checked without a limit
    and the report is cut afterwards, as `validate_file` would have cut it.
    """
    day = today or date.today()
    with opened(path, profile) as (con, source, prof):
        report = check_source(con, source, prof, member.upper() if member else None, None, day)
        feed = source.edi
    if feed is None:  # not an interchange: nothing to acknowledge
        return _cut(report, max_errors), Replies(path)
    located = [
        (p.row, p.code, report.message(p, "en"))
        for p in report.problems
        if not p.code.startswith("edi-") and kind(p.code).severity == "error"
    ]
    replies = write_replies(feed, application_errors(feed, located), directory)
    return _cut(report, max_errors), replies


def _cut(report: Report, max_errors: int | None) -> Report:
    """The report as `validate_file(..., max_errors)` gives it: the first problems, and whether more exist."""
    if max_errors is None:
        return report
    total = sum(report.summary.errors_by_code.values()) + sum(report.summary.warnings_by_code.values())
    return replace(report, problems=report.problems[:max_errors], truncated=total > max_errors)


# --- ingest ------------------------------------------------------------------------------------------


def acknowledge_ingest(path: Path, db: Path, directory: Path) -> Replies:
    """Acknowledge an interchange `cen ingest` has just handled, from what the store recorded of it.

    The application errors are the quarantined rows of the submission that loaded the file (for a file
    sent again, the first one), so the reply says what the store did, including what only the store can
    know (a withdrawal of a case it does not hold). A submission refused whole by the quality gate
    refuses every message.
    """
    from cen_pipeline.store.db import connect
    from cen_pipeline.store.ingest import sha256
    from cen_pipeline.store.quarantine import entry_message

    feed = read_edi(path, keep_segments=False)
    located: list[tuple[int | None, str, str]] = []
    everywhere: list[Reason] = []
    found = None
    if db.exists():
        con = connect(db, read_only=True)
        try:
            found = con.execute(
                """SELECT submission_id, status, rows_quarantined FROM submissions
                   WHERE sha256 = ? AND status <> 'duplicate' ORDER BY submission_id LIMIT 1""",
                [sha256(path)],
            ).fetchone()
            rows = (
                con.execute(
                    """SELECT row_number, code, column_name, masked_value, case_ref, params FROM quarantine
                       WHERE submission_id = ? ORDER BY row_number, column_letter""",
                    [found[0]],
                ).fetchall()
                if found
                else []
            )
        finally:
            con.close()
        for row, code, column, value, case_ref, params in rows:
            if code.startswith("edi-") or kind(code).severity != "error":
                continue  # the interchange's own problems come from the interchange itself
            located.append((row, code, entry_message(code, params, value, case_ref, column, "en")))
    # The quality gate refuses a submission whole without a quarantine entry per row: refused rows
    # beyond those the quarantine explains mean the gate blocked it.
    if found and found[1] == "refused" and len({row for row, _, _ in located}) < int(found[2] or 0):
        everywhere.append(("quality-blocked", kind("quality-blocked").render("en")))
    return write_replies(feed, application_errors(feed, located, everywhere), directory)
