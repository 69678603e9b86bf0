"""Reading CENSEZ messages: the segments of one UNH..UNT message mapped by `SEGMENT_RULES` to flat
canonical feed rows.

Mapping problems (unknown segment, segment out of place, repeated, missing, unknown qualifier or code,
wrong message type) reject the message they are in, and only it. Values themselves are not judged here:
the rows go through the same validation as a CSV feed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cen_pipeline.contract.codelists import LIST_SEPARATOR
from cen_pipeline.contract.models import CASE_FIELDS, FEED_FIELDS, LINE_FIELDS
from cen_pipeline.intake.edi.definition import (
    MESSAGE_FUNCTIONS,
    MESSAGE_RELEASE,
    MESSAGE_TYPE,
    MESSAGE_VERSION,
    SEGMENT_RULES,
    Level,
)
from cen_pipeline.intake.edi.envelope import Message
from cen_pipeline.intake.edi.problems import PROBLEM_KINDS, EdiProblem, ProblemKind
from cen_pipeline.intake.edi.segments import Segment

__all__ = [
    "MAPPING_PROBLEM_KINDS",
    "MappedMessage",
    "map_message",
    "message_to_rows",
    "problem_kind",
]

# Problems of one message's content; each rejects that message only.
MAPPING_PROBLEM_KINDS: dict[str, ProblemKind] = {
    kind.code: kind
    for kind in (
        ProblemKind("edi-unknown-message", "Message is not CENSEZ version 1 release 0", "message"),
        ProblemKind("edi-unknown-segment", "Segment tag is not part of the CENSEZ message", "message"),
        ProblemKind("edi-bad-qualifier", "Qualifier is not defined for the segment", "message"),
        ProblemKind("edi-segment-out-of-place", "Segment is in the wrong part of the message", "message"),
        ProblemKind("edi-repeated-segment", "Segment occurs more often than allowed", "message"),
        ProblemKind("edi-missing-segment", "Mandatory segment is missing", "message"),
        ProblemKind("edi-bad-code", "Code of the message structure is not allowed", "message"),
    )
}


def problem_kind(code: str) -> ProblemKind:
    """The kind of any EDI problem code: the syntax layer's own (`PROBLEM_KINDS`) or a mapping problem.
    (`EdiProblem.kind` knows the syntax layer's codes only.)"""
    return PROBLEM_KINDS[code] if code in PROBLEM_KINDS else MAPPING_PROBLEM_KINDS[code]


_CASE_INDEX = {name: i for i, name in enumerate(CASE_FIELDS)}
_LINE_INDEX = {name: i for i, name in enumerate(LINE_FIELDS)}


@dataclass
class MappedMessage:
    """The rows of one message (cell text in FEED_FIELDS order), where each starts (segment position
    counted from UNH as 1) and the mapping problems."""

    rows: list[list[str | None]]
    positions: list[int]
    problems: list[EdiProblem] = field(default_factory=list)
    line_count: int = 0  # LIN segments seen (the rows a rejected message would have given)


# Per level: (tag, qualifier) -> (rule number, value the qualifier gives its field). No qualifier: "".
_Lookup = dict[tuple[str, str], tuple[int, str | None]]


def _lookup(level: Level) -> _Lookup:
    table: _Lookup = {}
    for number, rule in enumerate(SEGMENT_RULES):
        if rule.level != level:
            continue
        if rule.qualifier_field:
            for code, value in rule.qualifier_values:
                table[(rule.tag, code)] = (number, value)
        elif rule.qualifiers:
            table[(rule.tag, rule.qualifiers[0][0])] = (number, None)
        else:
            table[(rule.tag, "")] = (number, None)
    return table


_LOOKUPS: dict[Level, _Lookup] = {"case": _lookup("case"), "line": _lookup("line")}
_QUALIFIER_AT: dict[str, tuple[int, int] | None] = {rule.tag: rule.qualifier_at for rule in SEGMENT_RULES}
_QUALIFIER_ELEMENT: dict[str, str] = {rule.tag: rule.qualifier_element for rule in reversed(SEGMENT_RULES)}
_FLAG_TEXT = {"1": "true", "0": "false"}

# What one segment does to the values of its level: (index of the field, value, whether it adds to a
# list); a problem as (code, detail, data element); and the rule number (-1 when the segment is refused).
_Assignment = tuple[int, str | None, bool]
_Decoded = tuple[int, tuple[_Assignment, ...], tuple[str, str, str | None] | None]


def _decode(segment: Segment, level: Level) -> _Decoded:
    """The meaning of one segment at `level` (case part or goods-line group), independent of its position,
    so that identical segment texts are decoded once."""
    tag = segment.tag
    if tag not in _QUALIFIER_AT:
        return -1, (), ("edi-unknown-segment", f"{tag} is not a segment of {MESSAGE_TYPE}", None)
    where = _QUALIFIER_AT[tag]
    qualifier = "" if where is None else segment.get(*where)
    found = _LOOKUPS[level].get((tag, qualifier))
    if found is None:
        other: Level = "line" if level == "case" else "case"
        if (tag, qualifier) in _LOOKUPS[other]:
            part = "goods-line group" if other == "line" else "case part, before the first LIN"
            return -1, (), ("edi-segment-out-of-place", f"{tag}+{qualifier} belongs in the {part}", None)
        element = _QUALIFIER_ELEMENT[tag]
        return (
            -1,
            (),
            ("edi-bad-qualifier", f"{tag} qualifier {element} {qualifier!r} is not defined", element),
        )
    number, qualified = found
    rule = SEGMENT_RULES[number]
    index = _CASE_INDEX if level == "case" else _LINE_INDEX
    assignments: list[_Assignment] = []
    issue: tuple[str, str, str | None] | None = None
    if rule.qualifier_field:
        assignments.append((index[rule.qualifier_field], qualified, False))
    for slot in rule.slots:
        form = slot.form
        if form == "mode":
            continue
        at = index[slot.field]
        if form == "list":
            for occurrence in segment.occurrences(slot.element):
                if slot.component < len(occurrence) and occurrence[slot.component]:
                    assignments.append((at, occurrence[slot.component], True))
            continue
        if form == "free_text":
            pieces = segment.elements[slot.element] if slot.element < len(segment.elements) else []
            assignments.append((at, "".join(pieces), True))
            continue
        text = segment.get(slot.element, slot.component)
        value: str | None = text or None
        if form == "function":
            if text not in MESSAGE_FUNCTIONS:
                issue = ("edi-bad-code", f"BGM message function {text!r} is not 9, 5 or 1", "1225")
            value = MESSAGE_FUNCTIONS.get(text)
        elif not text:
            continue
        elif form == "date":
            if segment.get(0, 2) != "102":
                issue = ("edi-bad-code", f"DTM format {segment.get(0, 2)!r} is not 102 (CCYYMMDD)", "2379")
            if len(text) == 8 and text.isdigit():
                value = f"{text[:4]}-{text[4:6]}-{text[6:]}"
        elif form == "number":
            # Either decimal mark is accepted on reading, whatever the UNA says (ISO 9735).
            value = text.replace(",", ".")
        elif form == "flag":
            value = _FLAG_TEXT.get(text, text)
        assignments.append((at, value, False))
    return number, tuple(assignments), issue


# Decoded segments by (element separator, component separator), level and segment text; cleared when it
# grows large (amounts and case references rarely repeat, codes, countries and brands do).
_CACHE: dict[tuple[str, str], dict[Level, dict[str, _Decoded]]] = {}
_CACHE_LIMIT = 200_000


def _cache(separators: tuple[str, str], level: Level) -> dict[str, _Decoded]:
    if separators not in _CACHE:
        _CACHE[separators] = {"case": {}, "line": {}}
    return _CACHE[separators][level]


def _problem(
    code: str, detail: str, message: Message, segment: Segment | None, element: str | None = None
) -> EdiProblem:
    return EdiProblem(
        code,
        detail,
        message_ref=message.reference,
        segment_position=segment.position if segment is not None else None,
        segment_tag=segment.tag if segment is not None else None,
        element=element,
    )


def _check_identifier(message: Message) -> EdiProblem | None:
    if (message.message_type, message.version, message.release) == (
        MESSAGE_TYPE,
        MESSAGE_VERSION,
        MESSAGE_RELEASE,
    ):
        return None
    return _problem(
        "edi-unknown-message",
        f"message {message.identifier!r} is not {MESSAGE_TYPE}:{MESSAGE_VERSION}:{MESSAGE_RELEASE}",
        message,
        message.header,
        "0065",
    )


_CASE_MANDATORY = tuple(
    (n, rule) for n, rule in enumerate(SEGMENT_RULES) if rule.level == "case" and rule.status == "M"
)
_WITHDRAWAL_MANDATORY = tuple(
    (n, rule)
    for n, rule in enumerate(SEGMENT_RULES)
    if rule.level == "case" and rule.withdrawal_status == "M"
)
_LINE_MANDATORY = tuple(
    (n, rule) for n, rule in enumerate(SEGMENT_RULES) if rule.level == "line" and rule.status == "M"
)
_MAX_USE = tuple(rule.max_use for rule in SEGMENT_RULES)
_LIST_FIELDS = frozenset(
    slot.field for rule in SEGMENT_RULES for slot in rule.slots if slot.form in ("list", "free_text")
)
_CASE_JOINS = tuple(
    (i, "" if name == "description" else LIST_SEPARATOR)
    for i, name in enumerate(CASE_FIELDS)
    if name in _LIST_FIELDS
)
_LINE_JOINS = tuple((i, LIST_SEPARATOR) for i, name in enumerate(LINE_FIELDS) if name in _LIST_FIELDS)
_ACTION = _CASE_INDEX["case_action"]


def map_message(message: Message) -> MappedMessage:
    """Rows and mapping problems of one CENSEZ message (the message itself is left unchanged).

    A row holds canonical feed text (None when absent) in FEED_FIELDS order: one row per goods line with
    the case fields repeated, or a single row of case fields for a withdrawal without goods lines.
    """
    problem = _check_identifier(message)
    if problem is not None:
        lines = sum(1 for segment in message.body if segment.tag == "LIN")
        return MappedMessage([], [], [problem], lines)
    problems: list[EdiProblem] = []
    n_case, n_line = len(CASE_FIELDS), len(LINE_FIELDS)
    case: list[str | None] = [None] * n_case
    case_lists: dict[int, list[str]] = {}
    case_counts: dict[int, int] = {}
    groups: list[tuple[Segment, list[str | None], dict[int, list[str]], dict[int, int]]] = []
    values, lists, counts = case, case_lists, case_counts
    level: Level = "case"
    separators: tuple[str, str] | None = None
    cache: dict[str, _Decoded] = {}
    max_use = _MAX_USE
    bgm: Segment | None = None
    for segment in message.body:
        if segment.tag == "LIN":
            values, lists, counts = [None] * n_line, {}, {}
            groups.append((segment, values, lists, counts))
            if level == "case":
                level = "line"
                if separators is not None:
                    cache = _cache(separators, level)
        # The segment text while its data elements are not split yet: identical texts decode alike.
        raw = segment._raw
        decoded = None
        if raw is not None:
            if segment._separators != separators:
                separators = segment._separators
                assert separators is not None
                cache = _cache(separators, level)
            decoded = cache.get(raw)
        if decoded is None:
            decoded = _decode(segment, level)
            if raw is not None:
                if len(cache) > _CACHE_LIMIT:
                    cache.clear()
                cache[raw] = decoded
        number, assignments, issue = decoded
        if issue is not None:
            problems.append(_problem(issue[0], issue[1], message, segment, issue[2]))
        if number < 0:
            continue
        used = counts.get(number, 0) + 1
        counts[number] = used
        if used > max_use[number]:
            rule = SEGMENT_RULES[number]
            problems.append(
                _problem(
                    "edi-repeated-segment",
                    f"{rule.key} ({rule.name}) occurs more than {rule.max_use} time(s)",
                    message,
                    segment,
                )
            )
            continue
        for at, value, accumulate in assignments:
            if accumulate:
                assert value is not None
                if at in lists:
                    lists[at].append(value)
                else:
                    lists[at] = [value]
            else:
                values[at] = value
        if number == 0:
            bgm = segment

    withdrawal = case[_ACTION] == "withdraw"
    for number, rule in _WITHDRAWAL_MANDATORY if withdrawal else _CASE_MANDATORY:
        if number not in case_counts:
            problems.append(
                _problem(
                    "edi-missing-segment",
                    f"the mandatory segment {rule.key} ({rule.name}) is missing",
                    message,
                    message.header,
                )
            )
    if not groups and not withdrawal:
        problems.append(
            _problem(
                "edi-missing-segment",
                "the message has no goods line (LIN) and does not withdraw the case",
                message,
                message.trailer or message.header,
            )
        )
    for at, joiner in _CASE_JOINS:
        if at in case_lists:
            case[at] = joiner.join(case_lists[at]) or None

    base = message.header.position - 1
    rows: list[list[str | None]] = []
    positions: list[int] = []
    for lin, line, line_lists, line_counts in groups:
        if not withdrawal:
            for number, rule in _LINE_MANDATORY:
                if number not in line_counts:
                    problems.append(
                        _problem(
                            "edi-missing-segment",
                            f"the goods line has no {rule.key} ({rule.name})",
                            message,
                            lin,
                        )
                    )
        if line_lists:
            for at, joiner in _LINE_JOINS:
                if at in line_lists:
                    line[at] = joiner.join(line_lists[at]) or None
        rows.append(case + line)
        positions.append(lin.position - base)
    if not groups:
        rows.append(case + [None] * n_line)
        positions.append((bgm or message.header).position - base)
    problems.sort(key=lambda p: (p.segment_position or 0, p.code))
    return MappedMessage(rows, positions, problems, len(groups))


def message_to_rows(message: Message) -> list[dict[str, str | None]]:
    """The flat canonical feed rows of one CENSEZ message, as dicts over FEED_FIELDS (see `map_message`).

    Mapping problems are added to `message.problems` (once), so that the message counts as rejected by
    `Interchange.accepted_messages` and the acknowledgements; a rejected message gives no rows.
    """
    mapped = map_message(message)
    for problem in mapped.problems:
        if problem not in message.problems:
            message.problems.append(problem)
    if message.problems:
        return []
    return [dict(zip(FEED_FIELDS, row, strict=True)) for row in mapped.rows]
