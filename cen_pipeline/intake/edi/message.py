"""CENSEZ, the seizure report message: one non-nominal seizure case per UNH..UNT message.

No public UN/EDIFACT message carries seizure reports, so the project defines its own on standard ISO 9735
syntax. The mapping tables below (`SEGMENT_RULES`) are the single declaration of the message: the writer
(`records_to_messages`, `write_interchange`), the reader (`message_to_rows`, `map_message`) and the message
implementation guide (`cen_pipeline.intake.edi.guide`) all work from them.

Design in brief (the guide has every data element):

* ``UNH`` 0062 message reference, S009 ``CENSEZ:1:0:ZZZ:CEN10``.
* Case part, once per message: ``BGM`` (case reference, message function 9/5/1 for the case action),
  ``DTM`` seizure and submission dates (format 102), ``RFF`` operation code, ``FTX`` description in pieces
  of 512 characters, ``LOC`` place of seizure (UN/LOCODE, office, location type) and route countries
  (origin, departure, transit in order, destination), ``TDT`` conveyance, ``ATT`` one per coded attribute
  of the case (reporting Member, traffic, direction, procedure, detection, concealment, initiation,
  outcome, small-consignment and e-commerce flags).
* Goods-line group, once per goods line, opened by ``LIN`` (line number, product category): ``PIA`` HS code,
  ``IMD`` brand and right holder, ``ATT`` IPR types and health-and-safety flag, ``QTY`` quantity with unit
  and number of articles, ``MOA`` value with currency, its qualifier giving the value basis.
* No segment carries a person: the message has no NAD, CTA or COM, and a right holder is an organisation.

Mapping problems (unknown segment, segment out of place, repeated, missing, unknown qualifier or code,
wrong message type) reject the message they are in, and only it. Values themselves are not judged here:
the rows go through the same validation as a CSV feed.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Literal

from cen_pipeline.contract.codelists import LIST_SEPARATOR
from cen_pipeline.contract.models import CASE_FIELDS, FEED_FIELDS, LINE_FIELDS
from cen_pipeline.contract.rules import FALSE_WORDS, TRUE_WORDS
from cen_pipeline.intake.edi.envelope import Message
from cen_pipeline.intake.edi.syntax import (
    DEFAULT_DELIMITERS,
    PROBLEM_KINDS,
    Delimiters,
    EdiProblem,
    ProblemKind,
    Segment,
    format_segment,
)

__all__ = [
    "ASSOCIATION_CODE",
    "CONTROLLING_AGENCY",
    "MAPPING_PROBLEM_KINDS",
    "MESSAGE_RELEASE",
    "MESSAGE_TYPE",
    "MESSAGE_VERSION",
    "SEGMENT_RULES",
    "MappedMessage",
    "SegmentRule",
    "Slot",
    "group_cases",
    "map_message",
    "message_to_rows",
    "problem_kind",
    "records_to_messages",
    "write_interchange",
]

MESSAGE_TYPE = "CENSEZ"
MESSAGE_VERSION = "1"
MESSAGE_RELEASE = "0"
CONTROLLING_AGENCY = "ZZZ"  # mutually defined: the message is the project's own
ASSOCIATION_CODE = "CEN10"
APPLICATION_REFERENCE = "CENSEZ"  # UNB 0026

FREE_TEXT_PIECE = 512  # 4440 is an..512
FREE_TEXT_PIECES = 5  # C108 holds five 4440

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


Level = Literal["case", "line"]
# How a field's text is written into a data element and read back:
# text (as is), code (a code of `codelist`), date (YYYY-MM-DD <-> CCYYMMDD, format 102),
# number (decimal point <-> the interchange's decimal mark), integer, flag (true/false <-> 1/0),
# list (one occurrence per `|`-separated value), free_text (pieces of 512 characters, joined on reading),
# function (case_action <-> BGM 1225), mode (UN/ECE Recommendation 19 code derived from the conveyance;
# written only, the conveyance itself is read from 8066).
Form = Literal["text", "code", "date", "number", "integer", "flag", "list", "free_text", "function", "mode"]


@dataclass(frozen=True)
class Slot:
    """Where a field of the record sits in a segment (0-based data element and component)."""

    field: str
    element: int
    component: int
    form: Form
    data_element: str
    codelist: str | None = None


@dataclass(frozen=True)
class Fixed:
    """A constant written in a segment; `when` names a field that must be present for it to be written."""

    element: int
    component: int
    value: str
    data_element: str
    meaning: str
    when: str | None = None


@dataclass(frozen=True)
class SegmentRule:
    """One segment of the message with one qualifier (or, for MOA, a qualifier per value basis)."""

    tag: str
    name: str
    level: Level
    status: Literal["M", "C"]
    max_use: int
    qualifier_at: tuple[int, int] | None
    qualifier_element: str
    qualifiers: tuple[tuple[str, str], ...]  # (code, meaning)
    slots: tuple[Slot, ...] = ()
    fixed: tuple[Fixed, ...] = ()
    qualifier_field: str | None = None  # the field whose value the qualifier codes (MOA: value_basis)
    qualifier_values: tuple[tuple[str, str | None], ...] = ()  # (qualifier, field value)
    withdrawal_status: Literal["M", "C"] = "C"
    note: str = ""

    @property
    def key(self) -> str:
        return self.tag + (
            f"+{self.qualifiers[0][0]}" if self.qualifiers and len(self.qualifiers) == 1 else ""
        )


def _att(qualifier: str, field_name: str, meaning: str, status: Literal["M", "C"] = "C") -> SegmentRule:
    form: Form = "flag" if field_name in _FLAG_FIELDS else "code"
    codelist = None if form == "flag" else _CODELISTS[field_name]
    fixed = () if codelist is None else (Fixed(2, 1, codelist, "1131", "code list of the code"),)
    return SegmentRule(
        "ATT",
        meaning,
        "case",
        status,
        1,
        (0, 0),
        "9017",
        ((qualifier, meaning),),
        (Slot(field_name, 2, 0, form, "9019", codelist),),
        fixed,
        withdrawal_status="M" if field_name == "reporting_member" else "C",
    )


def _loc(qualifier: str, field_name: str, meaning: str, repeat: int = 1) -> SegmentRule:
    form: Form = "list" if repeat > 1 else "code"
    return SegmentRule(
        "LOC",
        meaning,
        "case",
        "C",
        repeat,
        (0, 0),
        "3227",
        ((qualifier, meaning),),
        (Slot(field_name, 1, 0, form, "3225", "country"),),
        note="one segment per country in the order the goods passed them; in syntax 4 with a repetition "
        "separator the writer repeats C517 instead"
        if repeat > 1
        else "",
    )


_FLAG_FIELDS = frozenset({"small_consignment", "ecommerce", "health_safety"})
_CODELISTS = {
    "reporting_member": "member",
    "traffic": "traffic",
    "direction": "direction",
    "customs_procedure": "customs_procedure",
    "detection_method": "detection_method",
    "concealment_method": "concealment_method",
    "procedure_initiation": "procedure_initiation",
    "outcome": "outcome",
}

# Message function (BGM 1225) for each case action: a report without an action is an original (9), a report
# marked `report` replaces an earlier version (5), a withdrawal cancels the case (1).
MESSAGE_FUNCTIONS: dict[str, str | None] = {"9": None, "5": "report", "1": "withdraw"}
_FUNCTION_OF_ACTION = {action: code for code, action in MESSAGE_FUNCTIONS.items()}

# UN/ECE Recommendation 19 mode of transport written beside each conveyance (8067), for partners that
# route on it; the conveyance code itself (8066) is what the reader takes.
TRANSPORT_MODES: dict[str, str] = {
    "air_cargo": "4",
    "air_passenger": "4",
    "sea_container": "1",
    "sea_other": "1",
    "road": "3",
    "rail": "2",
    "postal": "5",
    "express_courier": "0",
    "inland_waterway": "8",
    "pedestrian": "9",
    "other": "0",
    "unknown": "0",
}

# MOA 5025 qualifier for each value basis; ZNB when the line gives no basis.
VALUE_QUALIFIERS: dict[str, str | None] = {"ZDC": "declared", "ZRT": "retail", "ZMS": "msrp", "ZNB": None}
_QUALIFIER_OF_BASIS = {basis: code for code, basis in VALUE_QUALIFIERS.items()}

SEGMENT_RULES: tuple[SegmentRule, ...] = (
    SegmentRule(
        "BGM",
        "Beginning of message: the case",
        "case",
        "M",
        1,
        (0, 0),
        "1001",
        (("ZSR", "seizure report"),),
        (
            Slot("case_ref", 1, 0, "text", "1004"),
            Slot("case_action", 2, 0, "function", "1225", "case_action"),
        ),
        withdrawal_status="M",
        note="1225: 9 original (no case action given), 5 replacement (case action `report`), "
        "1 cancellation (case action `withdraw`)",
    ),
    SegmentRule(
        "DTM",
        "Seizure date",
        "case",
        "M",
        1,
        (0, 0),
        "2005",
        (("ZSZ", "date of the detention"),),
        (Slot("seizure_date", 0, 1, "date", "2380"),),
        (Fixed(0, 2, "102", "2379", "CCYYMMDD"),),
    ),
    SegmentRule(
        "DTM",
        "Submission date",
        "case",
        "C",
        1,
        (0, 0),
        "2005",
        (("137", "document date: the day the Member submitted the case"),),
        (Slot("submission_date", 0, 1, "date", "2380"),),
        (Fixed(0, 2, "102", "2379", "CCYYMMDD"),),
    ),
    SegmentRule(
        "RFF",
        "Joint operation",
        "case",
        "C",
        1,
        (0, 0),
        "1153",
        (("ZOP", "code of a joint enforcement operation"),),
        (Slot("operation_code", 0, 1, "text", "1154"),),
    ),
    SegmentRule(
        "FTX",
        "Description of the case",
        "case",
        "C",
        4,
        (0, 0),
        "4451",
        (("AAA", "goods description"),),
        (Slot("description", 3, 0, "free_text", "4440"),),
        note="the text is cut into pieces of 512 characters, five to a segment, and joined on reading",
    ),
    SegmentRule(
        "LOC",
        "Place of seizure",
        "case",
        "M",
        1,
        (0, 0),
        "3227",
        (("ZSP", "place where the goods were detained"),),
        (
            Slot("locode", 1, 0, "text", "3225"),
            Slot("office_name", 1, 3, "text", "3224"),
            Slot("location_type", 2, 0, "code", "3223", "location_type"),
        ),
        (
            Fixed(1, 2, "6", "3055", "UN/ECE (the UN/LOCODE)", when="locode"),
            Fixed(2, 1, "location_type", "1131", "code list of the location type"),
        ),
    ),
    _loc("ZOR", "origin_country", "Country of origin"),
    _loc("ZDP", "departure_country", "Country of provenance or departure"),
    _loc("ZTR", "transit_countries", "Transit country", repeat=99),
    _loc("ZDS", "destination_country", "Country of destination"),
    SegmentRule(
        "TDT",
        "Conveyance",
        "case",
        "M",
        1,
        (0, 0),
        "8051",
        (("20", "main carriage"),),
        (
            Slot("conveyance", 2, 0, "mode", "8067"),
            Slot("conveyance", 2, 1, "code", "8066", "conveyance"),
        ),
        note="8067 is the UN/ECE Recommendation 19 mode derived from the conveyance (written, not read)",
    ),
    _att("MBR", "reporting_member", "Reporting Member", "M"),
    _att("TRF", "traffic", "Freight or passenger traffic"),
    _att("DIR", "direction", "Direction of movement"),
    _att("PRC", "customs_procedure", "Customs procedure situation"),
    _att("DET", "detection_method", "Detection method"),
    _att("CON", "concealment_method", "Concealment method"),
    _att("INI", "procedure_initiation", "Procedure initiation", "M"),
    _att("OUT", "outcome", "Result of the detention"),
    _att("SCN", "small_consignment", "Small consignment flag"),
    _att("ECM", "ecommerce", "E-commerce flag"),
    SegmentRule(
        "LIN",
        "Goods line",
        "line",
        "M",
        1,
        None,
        "",
        (),
        (
            Slot("line_no", 0, 0, "integer", "1082"),
            Slot("product_category", 2, 0, "code", "7140", "product_category"),
        ),
        (Fixed(2, 2, "product_category", "1131", "code list of the product category"),),
        note="opens the goods-line group (SG1, up to 9999 per message); at least one unless the message "
        "withdraws the case",
    ),
    SegmentRule(
        "PIA",
        "HS code",
        "line",
        "C",
        1,
        (0, 0),
        "4347",
        (("5", "product identification"),),
        (Slot("hs_code", 1, 0, "text", "7140"),),
        (Fixed(1, 1, "HS", "7143", "Harmonized System"),),
    ),
    SegmentRule(
        "IMD",
        "Brand",
        "line",
        "C",
        1,
        (1, 0),
        "7081",
        (("ZBR", "brand (trade mark name)"),),
        (Slot("brand", 2, 3, "text", "7008"),),
        (Fixed(0, 0, "F", "7077", "free-form description"),),
    ),
    SegmentRule(
        "IMD",
        "Right holder",
        "line",
        "C",
        1,
        (1, 0),
        "7081",
        (("ZRH", "right holder (an organisation)"),),
        (Slot("right_holder", 2, 3, "text", "7008"),),
        (Fixed(0, 0, "F", "7077", "free-form description"),),
    ),
    SegmentRule(
        "ATT",
        "IPR type",
        "line",
        "M",
        10,
        (0, 0),
        "9017",
        (("IPR", "type of intellectual property right infringed"),),
        (Slot("ipr_types", 2, 0, "list", "9019", "ipr_type"),),
        (Fixed(2, 1, "ipr_type", "1131", "code list of the IPR type"),),
        note="one segment per IPR type; in syntax 4 with a repetition separator the writer repeats C956 "
        "in one segment instead; the reader accepts both",
    ),
    SegmentRule(
        "ATT",
        "Health-and-safety flag",
        "line",
        "C",
        1,
        (0, 0),
        "9017",
        (("HSF", "goods dangerous to health and safety"),),
        (Slot("health_safety", 2, 0, "flag", "9019"),),
    ),
    SegmentRule(
        "QTY",
        "Quantity seized",
        "line",
        "M",
        1,
        (0, 0),
        "6063",
        (("ZSQ", "quantity seized"),),
        (
            Slot("quantity", 0, 1, "number", "6060"),
            Slot("unit", 0, 2, "code", "6411", "unit"),
        ),
    ),
    SegmentRule(
        "QTY",
        "Number of articles",
        "line",
        "C",
        1,
        (0, 0),
        "6063",
        (("ZAR", "number of articles"),),
        (Slot("articles", 0, 1, "integer", "6060"),),
    ),
    SegmentRule(
        "MOA",
        "Value of the goods",
        "line",
        "C",
        1,
        (0, 0),
        "5025",
        (
            ("ZDC", "declared or customs value"),
            ("ZRT", "domestic retail value"),
            ("ZMS", "manufacturer's suggested retail price (MSRP)"),
            ("ZNB", "value without a stated basis"),
        ),
        (
            Slot("value", 0, 1, "number", "5004"),
            Slot("currency", 0, 2, "code", "6345", "currency"),
        ),
        qualifier_field="value_basis",
        qualifier_values=tuple(VALUE_QUALIFIERS.items()),
        note="the qualifier gives the value basis (code list value_basis): values of different bases are "
        "never summed",
    ),
)

# Field -> where it is mapped, for the guide and the checks that every field is carried.
FIELD_SEGMENTS: dict[str, list[str]] = {}
for _rule in SEGMENT_RULES:
    for _slot in _rule.slots:
        if _slot.form != "mode":
            FIELD_SEGMENTS.setdefault(_slot.field, []).append(_rule.key)
    if _rule.qualifier_field:
        FIELD_SEGMENTS.setdefault(_rule.qualifier_field, []).append(_rule.key)
FIELD_SEGMENTS["case_action"] = ["BGM"]
assert set(FIELD_SEGMENTS) == set(FEED_FIELDS), set(FEED_FIELDS) ^ set(FIELD_SEGMENTS)


# --- common ------------------------------------------------------------------------------------------


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


# --- writing -----------------------------------------------------------------------------------------

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DECIMAL = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_TRUE = frozenset(TRUE_WORDS)
_FALSE = frozenset(FALSE_WORDS)


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
    enabled = gc.isenabled()
    gc.disable()  # millions of small objects and no cycles: the collector would only slow this down
    try:
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
    finally:
        if enabled:
            gc.enable()


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


# --- reading -----------------------------------------------------------------------------------------

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
