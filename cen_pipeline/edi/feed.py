"""An interchange of CENSEZ messages read as a flat feed: the rows of every accepted message, in the
canonical field order, with a label per row saying which message and segment it came from.

This is the reference reader; the file readers use it for ``.edi``/``.edifact`` files that are not
clean (a clean one is read by `cen_pipeline.edi.clean` to the same rows, faster). The rows then go
through the same validation as a CSV feed. A rejected message (an envelope problem, a problem of its own or a mapping
problem) gives no rows; its goods lines are counted in `EdiFeed.rejected_rows`, so that every goods line
sent is accounted for. A broken envelope rejects every message.

`write_samples` writes the sample interchanges of ``sample_data/edi/`` and their manifest.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from cen_pipeline.contract import FEED_FIELDS
from cen_pipeline.edi.envelope import Interchange, read_interchange
from cen_pipeline.edi.message import (
    encode_interchange,
    group_cases,
    map_message,
    write_interchange,
)
from cen_pipeline.edi.syntax import Delimiters, EdiProblem, Segment, collector_paused

__all__ = [
    "DROPPED_SEGMENT",
    "EdiFeed",
    "MessageOutcome",
    "collector_paused",
    "decode_interchange",
    "feed_from_text",
    "read_edi",
    "write_samples",
]


@dataclass
class MessageOutcome:
    """What became of one message: accepted or not, its goods lines and its problems."""

    reference: str
    accepted: bool
    lines: int  # rows the message gives (goods lines, or 1 for a withdrawal without lines)
    first_row: int | None  # 0-based index of its first row in `EdiFeed.rows` when accepted
    problems: list[EdiProblem] = field(default_factory=list)


@dataclass
class EdiFeed:
    """An interchange file read as feed rows (cell text in FEED_FIELDS order)."""

    path: Path
    interchange: Interchange
    headings: list[str]
    rows: list[list[str | None]]
    row_labels: list[str]
    problems: list[EdiProblem]
    messages: list[MessageOutcome]
    rejected_rows: int = 0

    @property
    def total_rows(self) -> int:
        """Rows of every message, accepted or rejected."""
        return len(self.rows) + self.rejected_rows

    @property
    def rejected_messages(self) -> list[str]:
        return [outcome.reference for outcome in self.messages if not outcome.accepted]


def decode_interchange(data: bytes) -> str:
    """Interchange bytes as text: UTF-8 (UNOW/UNOY, or a sender writing UTF-8 under UNOC), else ISO 8859-1
    (UNOA/UNOB/UNOC), which decodes any byte."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


# Stands for every body segment of a message once its rows are taken (see `read_edi`).
DROPPED_SEGMENT = Segment("---")


def read_edi(path: Path, keep_segments: bool = True) -> EdiFeed:
    """Read an interchange file of CENSEZ messages as feed rows.

    With `keep_segments` False the body segments of each message are let go once mapped (each becomes
    `DROPPED_SEGMENT`, so that segment counts stay right): a large interchange then holds its rows, not
    millions of segment objects, which keeps the rest of the run fast. Envelope, headers, trailers and
    problems are kept, which is all the acknowledgements need.
    """
    text = decode_interchange(path.read_bytes())
    if not keep_segments:
        # A clean interchange is read in one quick pass; anything else by the reference reader, which
        # reports every problem (and keeps the segments when asked to).
        from cen_pipeline.edi.clean import read_clean

        feed = read_clean(text, path)
        if feed is not None:
            return feed
    return feed_from_text(text, path, keep_segments)


def feed_from_text(text: str, path: Path | None = None, keep_segments: bool = True) -> EdiFeed:
    """`read_edi` over interchange text."""
    with collector_paused():
        return _feed(text, path, keep_segments)


def _feed(text: str, path: Path | None, keep_segments: bool) -> EdiFeed:
    interchange = read_interchange(text)
    broken = interchange.envelope_broken
    rows: list[list[str | None]] = []
    labels: list[str] = []
    outcomes: list[MessageOutcome] = []
    rejected = 0
    for message in interchange.messages:
        mapped = map_message(message)
        message.problems += [p for p in mapped.problems if p not in message.problems]
        if not keep_segments:
            message.body = [DROPPED_SEGMENT] * len(message.body)
        count = len(mapped.rows) if mapped.rows else max(mapped.line_count, 1)
        if broken or message.problems:
            rejected += count
            outcomes.append(MessageOutcome(message.reference, False, count, None, list(message.problems)))
            continue
        outcomes.append(MessageOutcome(message.reference, True, count, len(rows)))
        prefix = f"message {message.reference} segment "
        rows += mapped.rows
        labels += [prefix + str(position) for position in mapped.positions]
    return EdiFeed(
        path=path or Path("-"),
        interchange=interchange,
        headings=list(FEED_FIELDS),
        rows=rows,
        row_labels=labels,
        problems=interchange.all_problems(),
        messages=outcomes,
        rejected_rows=rejected,
    )


# --- samples -----------------------------------------------------------------------------------------

_PREPARED = datetime(2025, 6, 30, 9, 30)
_SENDER = "FRDGDDI"
_WITHDRAWAL = {"case_ref": "FR-2024-900999", "reporting_member": "FR", "case_action": "withdraw"}
_RECIPIENT = "WCOCEN"


def _replace_once(text: str, old: str, new: str) -> str:
    if text.count(old) < 1:
        raise ValueError(f"{old!r} is not in the interchange")
    return text.replace(old, new, 1)


def write_samples(out_dir: Path, canonical: Path | None = None) -> list[dict[str, object]]:
    """Write the sample interchanges and `manifest.json` to `out_dir`; returns the manifest entries.

    The cases are the accepted records of the canonical sample feed. Every file is deterministic.
    """
    from cen_pipeline.validate import read_records

    root = Path(__file__).resolve().parents[2]
    source = canonical or root / "sample_data" / "profiles" / "canonical.csv"
    records = read_records(source)
    cases: list[Sequence[Mapping[str, object]]] = list(group_cases(records))
    few = cases[:6]
    out_dir.mkdir(parents=True, exist_ok=True)
    entries: list[dict[str, object]] = []

    def emit(name: str, text: str, codes: list[str], rejected: list[str], note: str) -> None:
        (out_dir / name).write_bytes(encode_interchange(text))
        feed = feed_from_text(text)
        found = sorted({p.code for p in feed.problems})
        if found != sorted(codes) or feed.rejected_messages != rejected:
            raise AssertionError(
                f"{name}: expected {codes} / {rejected}, got {found} / {feed.rejected_messages}"
            )
        entries.append(
            {
                "file": name,
                "description": note,
                "codes": sorted(codes),
                "rejected_messages": rejected,
                "envelope_broken": feed.interchange.envelope_broken,
                "messages": len(feed.messages),
                "accepted_rows": len(feed.rows),
                "rejected_rows": feed.rejected_rows,
            }
        )

    def build(selection: Sequence[Sequence[Mapping[str, object]]], ref: str, **kwargs: object) -> str:
        return write_interchange(selection, _SENDER, _RECIPIENT, ref, prepared=_PREPARED, **kwargs)  # type: ignore[arg-type]

    all_cases = build(cases, "CEN0001")
    emit("valid.edi", all_cases, [], [], "every case of the canonical sample, default service characters")
    custom = Delimiters(":", "+", ",", "?", "*", "'")
    emit(
        "valid-syntax4-custom-una.edi",
        build([*few, [_WITHDRAWAL]], "CEN0002", delimiters=custom),
        [],
        [],
        "syntax 4: decimal comma, repetition separator *, IPR types repeated in one segment; "
        "the last message withdraws a case (BGM message function 1, no goods line)",
    )
    emit(
        "valid-groups.edi",
        build(few, "CEN0003", group_size=3),
        [],
        [],
        "two UNG/UNE functional groups of three messages; UNZ counts the groups",
    )
    crlf = build(few, "CEN0004", line_end="\r\n")
    emit(
        "valid-crlf-junk.edi",
        "\x1a\x1aJUNK HEADER 0042\r\n" + crlf,
        ["edi-junk-before-header"],
        [],
        "CR/LF between segments and junk bytes before UNA (a warning only)",
    )

    text = build(few, "CEN0005")
    emit(
        "fault-unz-count.edi",
        _replace_once(text, "UNZ+6+CEN0005'", "UNZ+5+CEN0005'"),
        ["edi-message-count-mismatch"],
        ["1", "2", "3", "4", "5", "6"],
        "UNZ counts 5 messages, the interchange has 6: every message is rejected",
    )
    text = build(few, "CEN0006")
    emit(
        "fault-unz-reference.edi",
        _replace_once(text, "UNZ+6+CEN0006'", "UNZ+6+CEN9999'"),
        ["edi-interchange-ref-mismatch"],
        ["1", "2", "3", "4", "5", "6"],
        "UNZ control reference differs from UNB: every message is rejected",
    )
    text = build(few, "CEN0007")
    trailer = _unt_of(text, "2")
    emit(
        "fault-unt-count.edi",
        _replace_once(text, trailer, "UNT+99+2'"),
        ["edi-segment-count-mismatch"],
        ["2"],
        "UNT of message 2 counts 99 segments: message 2 only is rejected",
    )
    text = build(few, "CEN0008")
    trailer = _unt_of(text, "3")
    emit(
        "fault-unt-reference.edi",
        _replace_once(text, trailer, trailer.replace("+3'", "+33'")),
        ["edi-message-ref-mismatch"],
        ["3"],
        "UNT of message 3 names message 33: message 3 only is rejected",
    )
    text = build(few, "CEN0009")
    emit(
        "fault-missing-unt.edi",
        _replace_once(text, _unt_of(text, "4") + "\n", ""),
        ["edi-missing-unt"],
        ["4"],
        "message 4 ends without UNT: message 4 only is rejected",
    )
    text = build(few, "CEN0010")
    emit(
        "fault-missing-unz.edi",
        _replace_once(text, "UNZ+6+CEN0010'\n", ""),
        ["edi-missing-unz"],
        ["1", "2", "3", "4", "5", "6"],
        "the interchange ends without UNZ: every message is rejected",
    )
    text = build(few, "CEN0011", group_size=3)
    emit(
        "fault-group-count.edi",
        _replace_once(text, "UNE+3+2'", "UNE+4+2'"),
        ["edi-group-count-mismatch"],
        ["1", "2", "3", "4", "5", "6"],
        "the second UNE counts 4 messages, its group has 3: the envelope is broken",
    )
    text = build(few, "CEN0012")
    bad = _replace_once(
        text, "UNH+2+CENSEZ:1:0:ZZZ:CEN10'\nBGM+ZSR+", "UNH+2+CENSEZ:1:0:ZZZ:CEN10'\nBGM+ZZZ+"
    )
    message_5 = _message_text(bad, "5")
    broken_5 = message_5.replace("TDT+20++", "XYZ+20++", 1)
    bad = _replace_once(bad, message_5, broken_5)
    emit(
        "fault-bad-messages.edi",
        bad,
        ["edi-bad-qualifier", "edi-missing-segment", "edi-unknown-segment"],
        ["2", "5"],
        "message 2 has BGM document code ZZZ, message 5 an unknown XYZ segment instead of its TDT: "
        "only messages 2 and 5 are rejected",
    )
    (out_dir / "manifest.json").write_text(json.dumps(entries, indent=1, ensure_ascii=False) + "\n", "utf-8")
    return entries


def _message_text(text: str, reference: str) -> str:
    start = text.index(f"UNH+{reference}+")
    end = text.index("UNT+", start)
    end = text.index("'", end) + 1
    return text[start:end]


def _unt_of(text: str, reference: str) -> str:
    message = _message_text(text, reference)
    return message[message.rindex("UNT+") :]


if __name__ == "__main__":
    write_samples(Path(__file__).resolve().parents[2] / "sample_data" / "edi")
