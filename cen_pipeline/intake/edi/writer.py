"""Writing CENSEZ messages: flat feed rows grouped into cases, one UNH..UNT message per case by
`SEGMENT_RULES`, and a whole interchange (UNB..UNZ, optionally in UNG/UNE groups) as text or bytes."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal

from cen_pipeline.contract.models import CASE_FIELDS, FEED_FIELDS, LINE_FIELDS
from cen_pipeline.contract.value_rules import FALSE_WORDS, TRUE_WORDS
from cen_pipeline.intake.edi.definition import (
    APPLICATION_REFERENCE,
    ASSOCIATION_CODE,
    CONTROLLING_AGENCY,
    FREE_TEXT_PIECE,
    FREE_TEXT_PIECES,
    MESSAGE_FUNCTIONS,
    MESSAGE_RELEASE,
    MESSAGE_TYPE,
    MESSAGE_VERSION,
    SEGMENT_RULES,
    TRANSPORT_MODES,
    VALUE_QUALIFIERS,
    Form,
    SegmentRule,
)
from cen_pipeline.intake.edi.segments import DEFAULT_DELIMITERS, Delimiters, Segment, format_segment
from cen_pipeline.intake.edi.syntax import collector_paused

__all__ = [
    "case_body",
    "encode_interchange",
    "group_cases",
    "records_to_messages",
    "syntax_identifier_for",
    "write_interchange",
]


def _text(value: object) -> str | None:
    """A value of a record as canonical feed text; blank is None."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    text = str(value)
    return text if text.strip(" ") else None


def group_cases(records: Iterable[Mapping[str, object]]) -> list[list[Mapping[str, object]]]:
    """Flat feed rows grouped into cases by (reporting Member, case reference), in first-seen order."""
    cases: dict[tuple[str, str], list[Mapping[str, object]]] = {}
    for record in records:
        member = (_text(record.get("reporting_member")) or "").strip(" ").upper()
        ref = (_text(record.get("case_ref")) or "").strip(" ")
        cases.setdefault((member, ref), []).append(record)
    return list(cases.values())


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DECIMAL = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_TRUE = frozenset(TRUE_WORDS)
_FALSE = frozenset(FALSE_WORDS)
# The code of BGM 1225 for each case action, and of the MOA 5025 qualifier for each value basis.
_FUNCTION_OF_ACTION = {action: code for code, action in MESSAGE_FUNCTIONS.items()}
_QUALIFIER_OF_BASIS = {basis: code for code, basis in VALUE_QUALIFIERS.items()}


def _write_value(form: Form, name: str, text: str, delimiters: Delimiters) -> str:
    if form == "date":
        if not _ISO_DATE.fullmatch(text):
            raise ValueError(f"{name}: {text!r} is not a date YYYY-MM-DD (DTM format 102 needs one)")
        return text.replace("-", "")
    if form == "number":
        if not _DECIMAL.fullmatch(text):
            raise ValueError(f"{name}: {text!r} is not a decimal number with a point")
        return text.replace(".", delimiters.decimal)
    if form == "flag":
        word = text.strip(" ").lower()
        if word in _TRUE:
            return "1"
        if word in _FALSE:
            return "0"
        raise ValueError(f"{name}: {text!r} is not a flag")
    if form == "function":
        action = text.strip(" ").lower() or None
        if action not in _FUNCTION_OF_ACTION:
            raise ValueError(f"{name}: {text!r} is not a case action")
        return _FUNCTION_OF_ACTION[action] or "9"
    if form == "mode":
        return TRANSPORT_MODES.get(text.strip(" ").lower(), "0")
    return text


def _trimmed(elements: list[list[str]]) -> list[list[str]]:
    """Elements without trailing empty components and trailing empty elements (ISO 9735 truncation)."""
    out = []
    for components in elements:
        end = len(components)
        while end > 1 and not components[end - 1]:
            end -= 1
        out.append(components[:end])
    while out and out[-1] == [""]:
        out.pop()
    return out


def _put(elements: list[list[str]], element: int, component: int, value: str) -> None:
    while len(elements) <= element:
        elements.append([""])
    components = elements[element]
    while len(components) <= component:
        components.append("")
    components[component] = value


def _segments_of(
    rule: SegmentRule, values: Mapping[str, str | None], delimiters: Delimiters, repeat: bool
) -> list[Segment]:
    """The segments `rule` writes for `values` (none when none of its fields has a value)."""
    present = [slot for slot in rule.slots if values.get(slot.field) is not None or slot.form == "function"]
    if not present and rule.tag not in _ALWAYS_WRITTEN:
        return []
    qualifier = rule.qualifiers[0][0] if rule.qualifiers else ""
    if rule.qualifier_field:
        basis = values.get(rule.qualifier_field)
        key = basis.strip(" ").lower() if basis is not None else None
        if key not in _QUALIFIER_OF_BASIS:
            raise ValueError(f"{rule.qualifier_field}: {basis!r} has no {rule.tag} qualifier")
        qualifier = _QUALIFIER_OF_BASIS[key] or ""
    elements: list[list[str]] = []
    if rule.qualifier_at is not None:
        _put(elements, *rule.qualifier_at, qualifier)
    for fixed in rule.fixed:
        if fixed.when is None or values.get(fixed.when) is not None:
            _put(elements, fixed.element, fixed.component, fixed.value)
    for slot in present:
        text = values.get(slot.field)
        name = slot.field
        if slot.form == "function":
            _put(
                elements, slot.element, slot.component, _write_value("function", name, text or "", delimiters)
            )
        elif slot.form == "free_text":
            assert text is not None
            pieces = [text[i : i + FREE_TEXT_PIECE] for i in range(0, len(text), FREE_TEXT_PIECE)]
            chunks = [pieces[i : i + FREE_TEXT_PIECES] for i in range(0, len(pieces), FREE_TEXT_PIECES)]
            if len(chunks) > rule.max_use:
                raise ValueError(f"{name}: longer than {rule.max_use} {rule.tag} segments can carry")
            out = []
            for chunk in chunks:
                copy = [list(components) for components in elements]
                while len(copy) < slot.element:
                    copy.append([""])
                copy.append(chunk)
                out.append(Segment(rule.tag, _trimmed(copy)))
            return out
        elif slot.form == "list":
            assert text is not None
            codes = [part.strip(" ") for part in text.split("|")]
            if len(codes) > rule.max_use and not repeat:
                raise ValueError(f"{name}: more than {rule.max_use} values")
            occurrences = []
            for code in codes:
                copy = [list(components) for components in elements]
                _put(copy, slot.element, slot.component, code)
                occurrences.append(_trimmed(copy))
            if repeat and len(occurrences) > 1:
                first = occurrences[0]
                repeated = [occurrence[slot.element] for occurrence in occurrences]
                return [Segment(rule.tag, first, repetitions={slot.element: repeated})]
            return [Segment(rule.tag, occurrence) for occurrence in occurrences]
        else:
            assert text is not None
            _put(elements, slot.element, slot.component, _write_value(slot.form, name, text, delimiters))
    return [Segment(rule.tag, _trimmed(elements))]


# Segments written even when none of their fields has a value: they carry the message's structure.
_ALWAYS_WRITTEN = frozenset({"BGM", "LIN"})
_CASE_RULES = tuple(rule for rule in SEGMENT_RULES if rule.level == "case")
_LINE_RULES = tuple(rule for rule in SEGMENT_RULES if rule.level == "line")


def case_body(
    rows: Sequence[Mapping[str, object]],
    delimiters: Delimiters = DEFAULT_DELIMITERS,
    repeat: bool = False,
) -> list[Segment]:
    """The body segments (BGM to the last goods line) of the message for one case.

    The case fields come from the first row; the rows must agree on them (ValueError otherwise). A row
    becomes a goods-line group; a withdrawal writes goods lines only for rows that fill a goods-line field.
    `repeat` writes list fields (IPR types, transit countries) as repeated data elements (syntax 4).
    """
    if not rows:
        raise ValueError("a case needs at least one row")
    texts = [{name: _text(row.get(name)) for name in FEED_FIELDS} for row in rows]
    case = {name: texts[0][name] for name in CASE_FIELDS}
    for number, row in enumerate(texts[1:], start=2):
        for name in CASE_FIELDS:
            if row[name] != case[name]:
                raise ValueError(f"case {case['case_ref']!r}: row {number} differs in {name}")
    body: list[Segment] = []
    for rule in _CASE_RULES:
        body += _segments_of(rule, case, delimiters, repeat)
    withdrawal = (case["case_action"] or "").strip(" ").lower() == "withdraw"
    for row in texts:
        if withdrawal and all(row[name] is None for name in LINE_FIELDS):
            continue
        for rule in _LINE_RULES:
            body += _segments_of(rule, row, delimiters, repeat)
    return body


def records_to_messages(
    cases: Iterable[Sequence[Mapping[str, object]]],
    delimiters: Delimiters = DEFAULT_DELIMITERS,
    first_reference: int = 1,
) -> list[list[Segment]]:
    """One CENSEZ message (UNH to UNT) per case; a case is its flat feed rows (text or typed values).

    Message references count up from `first_reference`. List fields use the repetition separator when
    `delimiters` has one.
    """
    repeat = delimiters.repetition != " "
    messages = []
    for number, rows in enumerate(cases, start=first_reference):
        reference = str(number)
        body = case_body(rows, delimiters, repeat)
        header = Segment(
            "UNH",
            [
                [reference],
                [MESSAGE_TYPE, MESSAGE_VERSION, MESSAGE_RELEASE, CONTROLLING_AGENCY, ASSOCIATION_CODE],
            ],
        )
        trailer = Segment("UNT", [[str(len(body) + 2)], [reference]])
        messages.append([header, *body, trailer])
    return messages


def syntax_identifier_for(text: str) -> str:
    """UNOC (ISO 8859-1) when every character fits, else UNOW (UTF-8)."""
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return "UNOW"
    return "UNOC"


def encode_interchange(text: str) -> bytes:
    """Interchange text as bytes in the character set its UNB names (UNOC latin-1, else UTF-8)."""
    match = re.search(r"UNB.(UNO[A-Z])", text)
    if match and match.group(1) == "UNOC":
        return text.encode("latin-1")
    return text.encode("utf-8")


def write_interchange(
    rows_by_case: Iterable[Sequence[Mapping[str, object]]],
    sender: str,
    recipient: str,
    control_ref: str,
    delimiters: Delimiters = DEFAULT_DELIMITERS,
    prepared: datetime | None = None,
    *,
    una: bool = True,
    line_end: str = "\n",
    group_size: int = 0,
    syntax_identifier: str | None = None,
    test: bool = False,
) -> str:
    """A complete interchange of CENSEZ messages, one per case, with correct UNT/UNE/UNZ counts.

    The syntax version is 4 when `delimiters` has a repetition separator, else 3 (UNB date YYMMDD).
    `group_size` > 0 puts the messages in UNG/UNE functional groups of that many messages (UNZ then
    counts groups). `syntax_identifier` defaults to UNOC, or UNOW when the text needs more than latin-1.
    """
    reasons = delimiters.check()
    if reasons:
        raise ValueError("; ".join(reasons))
    with collector_paused():
        return _interchange_text(
            rows_by_case,
            sender,
            recipient,
            control_ref,
            delimiters,
            prepared,
            una,
            line_end,
            group_size,
            syntax_identifier,
            test,
        )


def _interchange_text(
    rows_by_case: Iterable[Sequence[Mapping[str, object]]],
    sender: str,
    recipient: str,
    control_ref: str,
    delimiters: Delimiters,
    prepared: datetime | None,
    una: bool,
    line_end: str,
    group_size: int,
    syntax_identifier: str | None,
    test: bool,
) -> str:
    when = prepared or datetime.now(UTC)
    version = "4" if delimiters.repetition != " " else "3"
    day = when.strftime("%Y%m%d" if version == "4" else "%y%m%d")
    clock = when.strftime("%H%M")
    messages = records_to_messages(rows_by_case, delimiters)
    body: list[Segment] = []
    groups = 0
    if group_size > 0:
        for start in range(0, len(messages), group_size):
            groups += 1
            chunk = messages[start : start + group_size]
            reference = str(groups)
            body.append(
                Segment(
                    "UNG",
                    [
                        [MESSAGE_TYPE],
                        [sender],
                        [recipient],
                        [when.strftime("%Y%m%d" if version == "4" else "%y%m%d"), clock],
                        [reference],
                        [CONTROLLING_AGENCY],
                        [MESSAGE_VERSION, MESSAGE_RELEASE, ASSOCIATION_CODE],
                    ],
                )
            )
            for message in chunk:
                body += message
            body.append(Segment("UNE", [[str(len(chunk))], [reference]]))
    else:
        for message in messages:
            body += message
    lines = [format_segment(segment, delimiters) for segment in body]
    identifier = syntax_identifier or syntax_identifier_for("".join(lines))
    header = Segment(
        "UNB",
        [
            [identifier, version],
            [sender],
            [recipient],
            [day, clock],
            [control_ref],
            [""],
            [APPLICATION_REFERENCE],
        ]
        + ([[""], [""], [""], ["1"]] if test else []),
    )
    trailer = Segment("UNZ", [[str(groups if group_size > 0 else len(messages))], [control_ref]])
    lines = [format_segment(header, delimiters), *lines, format_segment(trailer, delimiters)]
    head = delimiters.una + line_end if una else ""
    return head + line_end.join(lines) + line_end
