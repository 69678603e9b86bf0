"""Replies to the sender of an interchange: a syntax report in the style of UN/EDIFACT CONTRL and an
application acknowledgement per message in the style of APERAK.

Both replies are complete interchanges sent from the subject's recipient back to its sender, with
UNB 0026 (application reference) ``CONTRL`` or ``APERAK``.

Syntax report (`build_syntax_report`, one CONTRL message):

* ``UNH`` 0062 ``1``, S009 ``CONTRL:D:3:UN`` (syntax 1-3) or ``CONTRL:4:1:UN`` (syntax 4).
* ``UCI`` interchange response: 0020 subject control reference, S002 subject sender, S003 subject
  recipient, 0083 action (``7`` acknowledged, ``4`` rejected) and, for the first interchange-level error,
  0085 syntax error code, 0013 the service segment it concerns (UNA/UNB/UNG/UNE/UNZ) and S011 the data
  element position (``position:component``).
* ``UCF`` group response per UNG group (0048 group reference, S006, S007, 0083), followed by the UCM of
  the group's messages; without groups the UCM follow the UCI directly.
* ``UCM`` message response per message: 0062, S009, 0083 (``7``/``4``) and, for its first error, 0085
  and, when the error is in UNH or UNT, 0013 and S011.
* ``UCS`` segment error per message error that has a position: 0096 position counted from UNH as 1,
  0085 syntax error code.

CONTRL cannot carry more than one interchange-level error, nor free text; the full list of problems is
in the `Interchange` itself.

Application acknowledgement (`build_application_acknowledgement`, one APERAK-style message per subject
message, D:96A:UN):

* ``BGM`` 1001 ``ZZZ`` (mutually defined), 1004 the subject message reference, 1225 ``29`` accepted
  without amendment or ``27`` not accepted.
* ``DTM`` ``137`` document date ``CCYYMMDDHHMM`` (format ``203``).
* ``RFF`` ``ACW`` (reference to previous message): the subject message reference.
* ``ERC`` per error: C901 9321 the project's error code (an EDI problem code or a seizure-message code).
* ``FTX`` ``AAO`` (error description) after each ERC: the detail, in up to five pieces of 512 characters.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

from cen_pipeline.intake.edi.envelope import Interchange, Message
from cen_pipeline.intake.edi.problems import PROBLEM_KINDS, EdiProblem
from cen_pipeline.intake.edi.segments import DEFAULT_DELIMITERS, Delimiters, Segment, write_segments

__all__ = [
    "SYNTAX_ERROR_CODES",
    "AcknowledgementError",
    "build_application_acknowledgement",
    "build_syntax_report",
]

ACCEPTED = "7"
REJECTED = "4"

# ISO 9735 code list 0085 for each problem code.
SYNTAX_ERROR_CODES: dict[str, str] = {
    "edi-bad-una": "20",  # character invalid as service character
    "edi-missing-unb": "13",  # missing
    "edi-missing-unz": "13",
    "edi-missing-une": "13",
    "edi-missing-unt": "13",
    "edi-missing-data-element": "13",
    "edi-interchange-ref-mismatch": "28",  # references do not match
    "edi-group-ref-mismatch": "28",
    "edi-message-ref-mismatch": "28",
    "edi-message-count-mismatch": "29",  # control count does not match number of instances received
    "edi-group-count-mismatch": "29",
    "edi-segment-count-mismatch": "29",
    "edi-groups-mixed": "30",  # groups and messages/packages mixed
    "edi-segment-outside-message": "33",  # invalid occurrence outside message, package or group
    "edi-duplicate-message-ref": "26",  # duplicate detected
    "edi-unsupported-syntax": "2",  # syntax version or level not supported
    "edi-invalid-segment-tag": "12",  # invalid value
    "edi-unterminated-segment": "18",  # unspecified error
    "edi-syntax-error": "18",
    # Problems of the CENSEZ message structure, reported per segment like any message-directory error.
    "edi-unknown-message": "17",  # no agreement (for this message type)
    "edi-unknown-segment": "15",  # not supported in this position
    "edi-segment-out-of-place": "15",
    "edi-repeated-segment": "35",  # too many repetitions
    "edi-missing-segment": "13",
    "edi-bad-qualifier": "12",
    "edi-bad-code": "12",
}

_SERVICE_TAGS = frozenset({"UNA", "UNB", "UNG", "UNH", "UNT", "UNE", "UNZ"})

# S011 (data element position, component position) of the service data elements the envelope checks.
_ELEMENT_POSITIONS: dict[str, dict[str, tuple[int, int]]] = {
    "UNB": {
        "0001": (1, 1),
        "0002": (1, 2),
        "0004": (2, 1),
        "0010": (3, 1),
        "0017": (4, 1),
        "0019": (4, 2),
        "0020": (5, 0),
    },
    "UNZ": {"0036": (1, 0), "0020": (2, 0)},
    "UNG": {"0048": (5, 0)},
    "UNE": {"0060": (1, 0), "0048": (2, 0)},
    "UNH": {"0062": (1, 0), "0065": (2, 1), "0052": (2, 2), "0054": (2, 3), "0051": (2, 4)},
    "UNT": {"0074": (1, 0), "0062": (2, 0)},
}

_FREE_TEXT_PIECE = 512
_FREE_TEXT_PIECES = 5


class AcknowledgementError(ValueError):
    """The interchange names no sender, so there is nobody to address a reply to."""


def _reply_header(
    interchange: Interchange, control_reference: str, prepared: datetime, application_reference: str
) -> Segment:
    if not interchange.sender:
        raise AcknowledgementError("the interchange has no UNB sender to reply to")
    version = interchange.syntax_version if interchange.syntax_version in ("1", "2", "3", "4") else "3"
    identifier = interchange.syntax_identifier or "UNOC"
    date = prepared.strftime("%Y%m%d" if version == "4" else "%y%m%d")
    ours = [interchange.recipient] + (
        [interchange.recipient_qualifier] if interchange.recipient_qualifier else []
    )
    theirs = [interchange.sender] + ([interchange.sender_qualifier] if interchange.sender_qualifier else [])
    elements = [[identifier, version], ours, theirs, [date, prepared.strftime("%H%M")], [control_reference]]
    if application_reference:
        elements += [[""], [application_reference]]
    return Segment("UNB", elements)


def _wrap(
    interchange: Interchange,
    messages: list[list[Segment]],
    control_reference: str,
    prepared: datetime | None,
    delimiters: Delimiters,
    application_reference: str = "",
) -> str:
    when = prepared or datetime.now(UTC)
    segments = [_reply_header(interchange, control_reference, when, application_reference)]
    for body in messages:
        segments += body
    segments.append(Segment("UNZ", [[str(len(messages))], [control_reference]]))
    return write_segments(segments, delimiters)


def _message(reference: str, identifier: list[str], body: list[Segment]) -> list[Segment]:
    header = Segment("UNH", [[reference], identifier])
    trailer = Segment("UNT", [[str(len(body) + 2)], [reference]])
    return [header, *body, trailer]


def _error_elements(problem: EdiProblem) -> list[list[str]]:
    """0085, 0013 and S011 for a problem, trailing empty elements left out."""
    code = SYNTAX_ERROR_CODES.get(problem.code, "18")
    # 0013 names a service segment in error; a problem of the message's content (located at its UNH
    # only because it has no segment of its own, e.g. a missing one) is in no service segment.
    envelope_problem = problem.code in PROBLEM_KINDS
    tag = problem.segment_tag if envelope_problem and problem.segment_tag in _SERVICE_TAGS else None
    if tag is None and problem.code.startswith("edi-missing-un"):
        tag = problem.code[-3:].upper()
    elements = [[code]]
    if tag:
        elements.append([tag])
        where = _ELEMENT_POSITIONS.get(tag, {}).get(problem.element or "")
        if where is not None:
            elements.append([str(where[0])] + ([str(where[1])] if where[1] else []))
    return elements


def _message_response(interchange: Interchange, message: Message) -> list[Segment]:
    rejected = interchange.is_rejected(message)
    identifier = [message.message_type, message.version, message.release, message.agency]
    elements = [[message.reference], identifier, [REJECTED if rejected else ACCEPTED]]
    if message.problems:
        elements += _error_elements(message.problems[0])
    segments = [Segment("UCM", elements)]
    for problem in message.problems:
        if problem.segment_position is not None:
            position = message.position_in_message(problem.segment_position)
            if position >= 1:
                code = SYNTAX_ERROR_CODES.get(problem.code, "18")
                segments.append(Segment("UCS", [[str(position)], [code]]))
    return segments


def build_syntax_report(
    interchange: Interchange,
    *,
    control_reference: str,
    prepared: datetime | None = None,
    delimiters: Delimiters = DEFAULT_DELIMITERS,
) -> str:
    """A CONTRL-style syntax report for `interchange`, as interchange text."""
    subject_sender = [interchange.sender] + (
        [interchange.sender_qualifier] if interchange.sender_qualifier else []
    )
    subject_recipient = [interchange.recipient] + (
        [interchange.recipient_qualifier] if interchange.recipient_qualifier else []
    )
    errors = [problem for problem in interchange.problems if not problem.is_warning]
    uci = [
        [interchange.control_reference],
        subject_sender,
        subject_recipient,
        [REJECTED if errors else ACCEPTED],
    ]
    if errors:
        uci += _error_elements(errors[0])
    body = [Segment("UCI", uci)]
    if interchange.groups:
        for group in interchange.groups:
            in_group = [m for m in interchange.messages if m.group_reference == group.reference]
            group_rejected = interchange.envelope_broken or any(m.problems for m in in_group)
            body.append(
                Segment(
                    "UCF",
                    [
                        [group.reference],
                        group.header.occurrences(1)[0] if len(group.header.elements) > 1 else [""],
                        group.header.occurrences(2)[0] if len(group.header.elements) > 2 else [""],
                        [REJECTED if group_rejected else ACCEPTED],
                    ],
                )
            )
            for message in in_group:
                body += _message_response(interchange, message)
    else:
        for message in interchange.messages:
            body += _message_response(interchange, message)
    version = "4" if interchange.syntax_version == "4" else "3"
    identifier = ["CONTRL", "4", "1", "UN"] if version == "4" else ["CONTRL", "D", "3", "UN"]
    return _wrap(
        interchange,
        [_message("1", identifier, body)],
        control_reference,
        prepared,
        delimiters,
        application_reference="CONTRL",
    )


def _free_text(detail: str) -> list[str]:
    pieces = [detail[i : i + _FREE_TEXT_PIECE] for i in range(0, len(detail), _FREE_TEXT_PIECE)]
    return pieces[:_FREE_TEXT_PIECES] or [""]


def build_application_acknowledgement(
    interchange: Interchange,
    errors: Mapping[str, Sequence[tuple[str, str]]],
    *,
    control_reference: str,
    prepared: datetime | None = None,
    delimiters: Delimiters = DEFAULT_DELIMITERS,
) -> str:
    """One APERAK-style acknowledgement per message of `interchange`, as interchange text.

    `errors` maps a message reference to its application errors as (code, detail). A message is
    acknowledged as accepted when it has no application errors, no EDI problems of its own and the
    envelope is intact; otherwise it is not accepted and every reason is listed, EDI problems first.
    """
    when = prepared or datetime.now(UTC)
    replies: list[list[Segment]] = []
    for number, message in enumerate(interchange.messages, start=1):
        reasons: list[tuple[str, str]] = []
        if interchange.envelope_broken:
            reasons += [(p.code, p.detail) for p in interchange.problems if not p.is_warning]
        reasons += [(p.code, p.detail) for p in message.problems]
        reasons += list(errors.get(message.reference, ()))
        body = [
            Segment("BGM", [["ZZZ"], [message.reference], ["27" if reasons else "29"]]),
            Segment("DTM", [["137", when.strftime("%Y%m%d%H%M"), "203"]]),
            Segment("RFF", [["ACW", message.reference]]),
        ]
        for code, detail in reasons:
            body.append(Segment("ERC", [[code]]))
            body.append(Segment("FTX", [["AAO"], [""], [""], _free_text(detail)]))
        replies.append(_message(str(number), ["APERAK", "D", "96A", "UN"], body))
    return _wrap(interchange, replies, control_reference, when, delimiters, application_reference="APERAK")
