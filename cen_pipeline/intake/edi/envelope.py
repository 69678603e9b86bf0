"""Interchange envelope: split a tokenized interchange into UNB/UNZ, optional UNG/UNE groups and UNH/UNT
messages, checking control references and counts.

Which problems reject what (the scope of each code is in `PROBLEM_KINDS`):

* Interchange scope (the envelope is broken, every message is rejected): ``edi-bad-una``,
  ``edi-missing-unb``, ``edi-missing-unz``, ``edi-interchange-ref-mismatch``,
  ``edi-message-count-mismatch``, ``edi-unsupported-syntax``, ``edi-missing-une``,
  ``edi-group-ref-mismatch``, ``edi-group-count-mismatch``, ``edi-groups-mixed``,
  ``edi-segment-outside-message``. A broken UNB/UNZ or group frame means the sender and receiver no
  longer agree on what was sent, so no message in it can be trusted to be complete.
* Message scope (only that message is rejected): ``edi-missing-unt``, ``edi-segment-count-mismatch``,
  ``edi-message-ref-mismatch``, ``edi-duplicate-message-ref``. The UNH still marks where the message
  starts and the next UNH/UNG/UNE/UNZ where it ends, so the other messages stay usable.
* Located (message scope inside a message's UNH..UNT span, interchange scope elsewhere):
  ``edi-syntax-error``, ``edi-unterminated-segment``, ``edi-invalid-segment-tag``,
  ``edi-missing-data-element``.
* Warning (nothing rejected): ``edi-junk-before-header``.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field, replace

from cen_pipeline.intake.edi.problems import PROBLEM_KINDS, EdiProblem, ProblemKind
from cen_pipeline.intake.edi.segments import Delimiters, Segment
from cen_pipeline.intake.edi.syntax import Tokenized, tokenize

__all__ = [
    "PROBLEM_KINDS",
    "EdiProblem",
    "Group",
    "Interchange",
    "Message",
    "ProblemKind",
    "read_interchange",
    "split_interchange",
]

_SUPPORTED_VERSIONS = frozenset({"1", "2", "3", "4"})
# Service segments that end a message whose UNT went missing.
_MESSAGE_ENDERS = frozenset({"UNH", "UNG", "UNE", "UNZ", "UNB"})


@dataclass(slots=True)
class Message:
    """One UNH..UNT message: identification from UNH, its body segments and its own problems."""

    reference: str
    message_type: str
    version: str
    release: str
    agency: str
    association_code: str
    header: Segment
    body: list[Segment]
    trailer: Segment | None
    group_reference: str | None = None
    problems: list[EdiProblem] = field(default_factory=list)

    @property
    def identifier(self) -> str:
        """The S009 identification as sent, e.g. ``IPRSEZ:D:01B:UN``."""
        parts = [self.message_type, self.version, self.release, self.agency]
        if self.association_code:
            parts.append(self.association_code)
        return ":".join(parts)

    @property
    def segment_count(self) -> int:
        """Segments from UNH to UNT inclusive, as UNT 0074 should count them."""
        return len(self.body) + 1 + (self.trailer is not None)

    def position_in_message(self, segment_position: int) -> int:
        """Position counted from UNH as 1, as CONTRL reports it, for an interchange position."""
        return segment_position - self.header.position + 1


@dataclass(slots=True)
class Group:
    """One UNG..UNE functional group."""

    reference: str
    group_type: str
    header: Segment
    trailer: Segment | None
    message_count: int = 0


@dataclass(slots=True)
class Interchange:
    """An interchange split into its envelope and messages, with the envelope-level problems."""

    delimiters: Delimiters
    una: bool
    syntax_identifier: str
    syntax_version: str
    sender: str
    sender_qualifier: str
    recipient: str
    recipient_qualifier: str
    preparation_date: str
    preparation_time: str
    control_reference: str
    application_reference: str
    test_indicator: bool
    header: Segment | None
    trailer: Segment | None
    groups: list[Group]
    messages: list[Message]
    problems: list[EdiProblem]

    @property
    def envelope_broken(self) -> bool:
        """True when an interchange-level error rejects every message."""
        return any(not problem.is_warning for problem in self.problems)

    @property
    def warnings(self) -> list[EdiProblem]:
        return [problem for problem in self.problems if problem.is_warning]

    def is_rejected(self, message: Message) -> bool:
        return self.envelope_broken or bool(message.problems)

    def accepted_messages(self) -> list[Message]:
        """Messages usable downstream: none when the envelope is broken."""
        if self.envelope_broken:
            return []
        return [message for message in self.messages if not message.problems]

    def all_problems(self) -> list[EdiProblem]:
        return self.problems + [problem for message in self.messages for problem in message.problems]


def read_interchange(text: str, delimiters: Delimiters | None = None) -> Interchange:
    """Tokenize `text` and split it into envelope and messages."""
    return split_interchange(tokenize(text, delimiters))


def _count(value: str) -> int | None:
    return int(value) if value.isascii() and value.isdigit() else None


class _Splitter:
    """Walks the segments once, as a small state machine over the service segments."""

    def __init__(self, tokens: Tokenized) -> None:
        self.segments = tokens.segments
        self.problems: list[EdiProblem] = []
        self.messages: list[Message] = []
        self.groups: list[Group] = []
        # Where each message could end (a UNT, or the service segment after a message whose UNT is
        # missing), found in one pass instead of one scan per message.
        stops = _MESSAGE_ENDERS | {"UNT"}
        self.stops = [i for i, segment in enumerate(self.segments) if segment.tag in stops]

    def problem(self, code: str, detail: str, segment: Segment | None, element: str | None = None) -> None:
        self.problems.append(
            EdiProblem(
                code,
                detail,
                segment_position=segment.position if segment else None,
                segment_tag=segment.tag if segment else None,
                element=element,
            )
        )

    def mandatory(self, segment: Segment, checks: list[tuple[int, int, str]]) -> list[EdiProblem]:
        missing = []
        elements = segment.elements
        for index, component, element in checks:
            components = elements[index] if index < len(elements) else ()
            if component >= len(components) or not components[component]:
                missing.append(
                    EdiProblem(
                        "edi-missing-data-element",
                        f"{segment.tag} data element {element} is empty",
                        segment_position=segment.position,
                        segment_tag=segment.tag,
                        element=element,
                    )
                )
        return missing

    def read_message(self, index: int, group: Group | None) -> int:
        segments = self.segments
        header = segments[index]
        reference = header.get(0)
        problems = self.mandatory(header, [(0, 0, "0062"), (1, 0, "0065"), (1, 1, "0052"), (1, 2, "0054")])
        problems += self.mandatory(header, [(1, 3, "0051")])
        stop = bisect.bisect_right(self.stops, index)
        end = self.stops[stop] if stop < len(self.stops) else len(segments)
        trailer = segments[end] if end < len(segments) and segments[end].tag == "UNT" else None
        message = Message(
            reference=reference,
            message_type=header.get(1, 0),
            version=header.get(1, 1),
            release=header.get(1, 2),
            agency=header.get(1, 3),
            association_code=header.get(1, 4),
            header=header,
            body=segments[index + 1 : end],
            trailer=trailer,
            group_reference=group.reference if group else None,
        )
        if trailer is None:
            problems.append(
                EdiProblem(
                    "edi-missing-unt",
                    f"message {reference!r} ends without UNT"
                    + (f" (next segment {segments[end].tag})" if end < len(segments) else " (end of text)"),
                    segment_position=(segments[end].position if end < len(segments) else None),
                    segment_tag="UNT",
                )
            )
        else:
            problems += self.mandatory(trailer, [(0, 0, "0074"), (1, 0, "0062")])
            count = _count(trailer.get(0))
            if trailer.get(0) and count != message.segment_count:
                problems.append(
                    EdiProblem(
                        "edi-segment-count-mismatch",
                        f"UNT counts {trailer.get(0)!r} segments, the message has {message.segment_count}",
                        segment_position=trailer.position,
                        segment_tag="UNT",
                        element="0074",
                    )
                )
            if trailer.get(1) and trailer.get(1) != reference:
                problems.append(
                    EdiProblem(
                        "edi-message-ref-mismatch",
                        f"UNT reference {trailer.get(1)!r} differs from UNH reference {reference!r}",
                        segment_position=trailer.position,
                        segment_tag="UNT",
                        element="0062",
                    )
                )
            end += 1
        message.problems = problems
        self.messages.append(message)
        if group is not None:
            group.message_count += 1
        return end

    def close_group(self, group: Group, trailer: Segment) -> None:
        group.trailer = trailer
        for problem in self.mandatory(trailer, [(0, 0, "0060"), (1, 0, "0048")]):
            self.problems.append(problem)
        if trailer.get(1) and trailer.get(1) != group.reference:
            self.problem(
                "edi-group-ref-mismatch",
                f"UNE reference {trailer.get(1)!r} differs from UNG reference {group.reference!r}",
                trailer,
                "0048",
            )
        if trailer.get(0) and _count(trailer.get(0)) != group.message_count:
            self.problem(
                "edi-group-count-mismatch",
                f"UNE counts {trailer.get(0)!r} messages, the group has {group.message_count}",
                trailer,
                "0060",
            )


def split_interchange(tokens: Tokenized) -> Interchange:
    """Split tokenized segments into envelope, groups and messages, checking the envelope."""
    splitter = _Splitter(tokens)
    segments = tokens.segments
    header: Segment | None = None
    index = 0
    if segments and segments[0].tag == "UNB":
        header = segments[0]
        index = 1
        splitter.problems += splitter.mandatory(
            header,
            [(0, 0, "0001"), (0, 1, "0002"), (1, 0, "0004"), (2, 0, "0010"), (3, 0, "0017")],
        )
        splitter.problems += splitter.mandatory(header, [(3, 1, "0019"), (4, 0, "0020")])
        version = header.get(0, 1)
        if version and version not in _SUPPORTED_VERSIONS:
            splitter.problem("edi-unsupported-syntax", f"syntax version {version!r}", header, "0002")
    else:
        splitter.problem(
            "edi-missing-unb",
            "the interchange does not start with UNB"
            + (f" (first segment {segments[0].tag})" if segments else " (no segments)"),
            segments[0] if segments else None,
        )

    group: Group | None = None
    ungrouped = 0
    trailer: Segment | None = None
    while index < len(segments):
        segment = segments[index]
        tag = segment.tag
        if tag == "UNH":
            if group is None:
                ungrouped += 1
            index = splitter.read_message(index, group)
            continue
        if tag == "UNG":
            if group is not None:
                splitter.problem("edi-missing-une", f"group {group.reference!r} ends without UNE", segment)
            group = Group(segment.get(4), segment.get(0), segment, None)
            splitter.problems += splitter.mandatory(segment, [(4, 0, "0048")])
            splitter.groups.append(group)
        elif tag == "UNE" and group is not None:
            splitter.close_group(group, segment)
            group = None
        elif tag == "UNZ":
            trailer = segment
            index += 1
            break
        elif header is not None:
            # Without a UNB the missing header already explains every stray segment.
            where = "UNE without UNG" if tag == "UNE" else "segment outside any message"
            splitter.problem("edi-segment-outside-message", f"{tag}: {where}", segment)
        index += 1

    if group is not None:
        splitter.problem("edi-missing-une", f"group {group.reference!r} ends without UNE", trailer)
    if index < len(segments):
        extra = segments[index]
        splitter.problem(
            "edi-segment-outside-message",
            f"{len(segments) - index} segment(s) after UNZ, first {extra.tag}",
            extra,
        )
    if splitter.groups and ungrouped:
        splitter.problem(
            "edi-groups-mixed",
            f"{len(splitter.groups)} group(s) and {ungrouped} ungrouped message(s)",
            trailer,
        )
    if trailer is None:
        splitter.problem("edi-missing-unz", "the interchange ends without UNZ", None)
    elif header is not None:
        _check_trailer(splitter, header, trailer)

    _route_located(tokens.problems, splitter)
    _flag_duplicates(splitter.messages)
    return Interchange(
        delimiters=tokens.delimiters,
        una=tokens.una,
        syntax_identifier=header.get(0, 0) if header else "",
        syntax_version=header.get(0, 1) if header else "",
        sender=header.get(1, 0) if header else "",
        sender_qualifier=header.get(1, 1) if header else "",
        recipient=header.get(2, 0) if header else "",
        recipient_qualifier=header.get(2, 1) if header else "",
        preparation_date=header.get(3, 0) if header else "",
        preparation_time=header.get(3, 1) if header else "",
        control_reference=header.get(4, 0) if header else "",
        application_reference=header.get(6, 0) if header else "",
        test_indicator=header.get(10, 0) == "1" if header else False,
        header=header,
        trailer=trailer,
        groups=splitter.groups,
        messages=splitter.messages,
        problems=sorted(splitter.problems, key=_problem_order),
    )


def _check_trailer(splitter: _Splitter, header: Segment, trailer: Segment) -> None:
    splitter.problems += splitter.mandatory(trailer, [(0, 0, "0036"), (1, 0, "0020")])
    if trailer.get(1) and trailer.get(1) != header.get(4):
        splitter.problem(
            "edi-interchange-ref-mismatch",
            f"UNZ reference {trailer.get(1)!r} differs from UNB reference {header.get(4)!r}",
            trailer,
            "0020",
        )
    # With groups, UNZ counts groups; without, messages (ISO 9735 0036).
    expected = len(splitter.groups) if splitter.groups else len(splitter.messages)
    counted = "groups" if splitter.groups else "messages"
    if trailer.get(0) and _count(trailer.get(0)) != expected:
        splitter.problem(
            "edi-message-count-mismatch",
            f"UNZ counts {trailer.get(0)!r}, the interchange has {expected} {counted}",
            trailer,
            "0036",
        )


def _route_located(problems: list[EdiProblem], splitter: _Splitter) -> None:
    """Give each tokenizer problem to the message whose UNH..UNT span holds it, else the interchange."""
    messages = splitter.messages
    starts = [message.header.position for message in messages]
    for problem in problems:
        scope = problem.kind.scope
        position = problem.segment_position
        if scope == "located" and position is not None and messages:
            slot = bisect.bisect_right(starts, position) - 1
            if slot >= 0:
                message = messages[slot]
                last = (
                    message.trailer.position
                    if message.trailer
                    else message.header.position + len(message.body)
                )
                if position <= last:
                    message.problems.append(replace(problem, message_ref=message.reference))
                    if problem.code == "edi-unterminated-segment":
                        # The lost terminator already explains a wrong UNT count: report it once.
                        message.problems = [
                            p for p in message.problems if p.code != "edi-segment-count-mismatch"
                        ]
                    continue
        splitter.problems.append(problem)


def _flag_duplicates(messages: list[Message]) -> None:
    seen: set[tuple[str | None, str]] = set()
    for message in messages:
        key = (message.group_reference, message.reference)
        if key in seen:
            message.problems.append(
                EdiProblem(
                    "edi-duplicate-message-ref",
                    f"message reference {message.reference!r} is used by an earlier message",
                    message_ref=message.reference,
                    segment_position=message.header.position,
                    segment_tag="UNH",
                    element="0062",
                )
            )
        seen.add(key)
    for message in messages:
        message.problems = [replace(problem, message_ref=message.reference) for problem in message.problems]
        message.problems.sort(key=_problem_order)


def _problem_order(problem: EdiProblem) -> tuple[int, str]:
    return (problem.segment_position if problem.segment_position is not None else 1 << 30, problem.code)
