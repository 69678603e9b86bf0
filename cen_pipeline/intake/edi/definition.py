"""CENSEZ, the seizure report message: one non-nominal seizure case per UNH..UNT message.

No public UN/EDIFACT message carries seizure reports, so the project defines its own on standard ISO 9735
syntax. The mapping tables below (`SEGMENT_RULES`) are the single declaration of the message: the writer
(`cen_pipeline.intake.edi.writer`), the reader (`cen_pipeline.intake.edi.mapping`) and the message
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
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from cen_pipeline.contract.models import FEED_FIELDS

__all__ = [
    "APPLICATION_REFERENCE",
    "ASSOCIATION_CODE",
    "CONTROLLING_AGENCY",
    "FIELD_SEGMENTS",
    "FREE_TEXT_PIECE",
    "FREE_TEXT_PIECES",
    "MESSAGE_FUNCTIONS",
    "MESSAGE_RELEASE",
    "MESSAGE_TYPE",
    "MESSAGE_VERSION",
    "SEGMENT_RULES",
    "TRANSPORT_MODES",
    "VALUE_QUALIFIERS",
    "Fixed",
    "Form",
    "Level",
    "SegmentRule",
    "Slot",
]

MESSAGE_TYPE = "CENSEZ"
MESSAGE_VERSION = "1"
MESSAGE_RELEASE = "0"
CONTROLLING_AGENCY = "ZZZ"  # mutually defined: the message is the project's own
ASSOCIATION_CODE = "CEN10"
APPLICATION_REFERENCE = "CENSEZ"  # UNB 0026

FREE_TEXT_PIECE = 512  # 4440 is an..512
FREE_TEXT_PIECES = 5  # C108 holds five 4440

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
