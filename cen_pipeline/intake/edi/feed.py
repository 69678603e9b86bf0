"""An interchange of CENSEZ messages read as a flat feed: the rows of every accepted message, in the
canonical field order, with a label per row saying which message and segment it came from.

This is the reference reader; `read_edi` uses it for ``.edi``/``.edifact`` files that are not
clean (a clean one is read by `cen_pipeline.intake.edi.clean` to the same rows, faster). The rows then go
through the same validation as a CSV feed. A rejected message (an envelope problem, a problem of its own or a mapping
problem) gives no rows; its goods lines are counted in `EdiFeed.rejected_rows`, so that every goods line
sent is accounted for. A broken envelope rejects every message.

"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from cen_pipeline.contract.models import FEED_FIELDS
from cen_pipeline.intake.edi.envelope import Interchange, read_interchange
from cen_pipeline.intake.edi.mapping import map_message
from cen_pipeline.intake.edi.problems import EdiProblem
from cen_pipeline.intake.edi.segments import Segment
from cen_pipeline.intake.edi.syntax import collector_paused

__all__ = [
    "DROPPED_SEGMENT",
    "EdiFeed",
    "MessageOutcome",
    "collector_paused",
    "decode_interchange",
    "feed_from_text",
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
