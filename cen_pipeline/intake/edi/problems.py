"""The catalogue of problems the EDIFACT syntax layer and the interchange envelope report
(`PROBLEM_KINDS`), and `EdiProblem`, one problem found in an interchange: reported as a value, never raised."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["PROBLEM_KINDS", "EdiProblem", "ProblemKind", "Scope"]

# Where a problem takes effect: the whole interchange, one message, wherever it is located (inside a
# message's UNH..UNT span it rejects that message, elsewhere the interchange), or nowhere (warning).
Scope = Literal["interchange", "message", "located", "warning"]


@dataclass(frozen=True, slots=True)
class ProblemKind:
    """One entry of the problem catalogue: a stable code, a title and the scope it rejects."""

    code: str
    title: str
    scope: Scope


PROBLEM_KINDS: dict[str, ProblemKind] = {
    kind.code: kind
    for kind in (
        ProblemKind("edi-junk-before-header", "Characters before UNA/UNB were skipped", "warning"),
        ProblemKind("edi-bad-una", "Service string advice (UNA) is truncated or invalid", "interchange"),
        ProblemKind("edi-missing-unb", "Interchange header (UNB) is missing", "interchange"),
        ProblemKind("edi-missing-unz", "Interchange trailer (UNZ) is missing", "interchange"),
        ProblemKind("edi-interchange-ref-mismatch", "UNZ control reference differs from UNB", "interchange"),
        ProblemKind(
            "edi-message-count-mismatch", "UNZ count differs from the messages or groups", "interchange"
        ),
        ProblemKind("edi-unsupported-syntax", "Syntax identifier or version not supported", "interchange"),
        ProblemKind("edi-missing-une", "Group trailer (UNE) is missing", "interchange"),
        ProblemKind("edi-group-ref-mismatch", "UNE group reference differs from UNG", "interchange"),
        ProblemKind("edi-group-count-mismatch", "UNE count differs from the messages", "interchange"),
        ProblemKind("edi-groups-mixed", "Groups and ungrouped messages are mixed", "interchange"),
        ProblemKind(
            "edi-segment-outside-message", "Segment outside any message, or after UNZ", "interchange"
        ),
        ProblemKind("edi-missing-unt", "Message trailer (UNT) is missing", "message"),
        ProblemKind("edi-segment-count-mismatch", "UNT segment count is wrong", "message"),
        ProblemKind("edi-message-ref-mismatch", "UNT message reference differs from UNH", "message"),
        ProblemKind(
            "edi-duplicate-message-ref", "Message reference used twice in the interchange", "message"
        ),
        ProblemKind("edi-missing-data-element", "Mandatory service data element is empty", "located"),
        ProblemKind("edi-unterminated-segment", "Segment terminator is missing", "located"),
        ProblemKind("edi-syntax-error", "Text cannot be read under ISO 9735", "located"),
        ProblemKind("edi-invalid-segment-tag", "Segment tag is not three upper-case characters", "located"),
    )
}


@dataclass(frozen=True, slots=True)
class EdiProblem:
    """A problem found in an interchange.

    `segment_position` is the 1-based position of the segment in the interchange (UNB is 1; UNA is a
    service string advice, not a segment). `element` names the service data element, e.g. ``0020``.
    """

    code: str
    detail: str
    message_ref: str | None = None
    segment_position: int | None = None
    segment_tag: str | None = None
    element: str | None = None

    @property
    def kind(self) -> ProblemKind:
        return PROBLEM_KINDS[self.code]

    @property
    def is_warning(self) -> bool:
        return self.kind.scope == "warning"
