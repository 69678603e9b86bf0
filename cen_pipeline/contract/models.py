"""The seizure record contract: a case with one or more goods lines, as Pydantic models.

These models are the single declaration of the record. The flat feed row (`FeedRow`, one goods line per row
with the case fields repeated) is what Members send in CSV and Excel; `Case` is the nested form. The JSON
Schema, the CSV template and the field guide in `schemas/` are generated from here, and the vectorised
check compiles the same field rules (`rules.py`, `value_rules.py`, `code_rules.py`) to SQL.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from cen_pipeline.contract.code_rules import Code, CodeSet, Country, CountryList, HsCode, Locode
from cen_pipeline.contract.codelists import codelist
from cen_pipeline.contract.row_rules import PRESENT, ROW_RULES
from cen_pipeline.contract.rules import WHITESPACE, Rule, RuleError
from cen_pipeline.contract.value_rules import Flag, Integer, IsoDate, Number, Text

CASE_REF_PATTERN = r"[A-Za-z0-9]([A-Za-z0-9 ._/#-]*[A-Za-z0-9._/#-])?"


def _field(description: str, example: str, **kwargs: Any) -> Any:
    return Field(description=description, examples=[example], **kwargs)


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _blank_is_missing(cls, data: Any) -> Any:
        # An empty or blank cell is a missing value, as a spreadsheet user means it.
        if isinstance(data, dict):
            return {
                k: v
                for k, v in data.items()
                if v is not None and not (isinstance(v, str) and not v.strip(WHITESPACE))
            }
        return data


class CaseFields(_Record):
    """The fields of a seizure case (one detention of one consignment)."""

    case_ref: Annotated[str, Text(64, pattern=CASE_REF_PATTERN, screen="contact")] = _field(
        "The Member's own reference of the case, unique per Member", "FR-2024-000123"
    )
    reporting_member: Annotated[str, Code("member", upper=True)] = _field(
        "ISO 3166-1 alpha-2 code of the reporting Member administration", "FR"
    )
    seizure_date: Annotated[date, IsoDate()] = _field("Date of the detention", "2024-03-15")
    submission_date: Annotated[date | None, IsoDate()] = _field(
        "Date the Member submitted the case (for timeliness)", "2024-04-02", default=None
    )
    case_action: Annotated[str | None, Code("case_action")] = _field(
        "report (new or corrected case, the default) or withdraw (removes an earlier report)",
        "report",
        default=None,
    )
    office_name: Annotated[str | None, Text(120, screen="office")] = _field(
        "Name of the customs office", "Roissy CDG Fret", default=None
    )
    locode: Annotated[str | None, Locode()] = _field("UN/LOCODE of the place", "FRCDG", default=None)
    location_type: Annotated[str, Code("location_type")] = _field("Type of location", "airport")
    conveyance: Annotated[str, Code("conveyance")] = _field("Means of transport", "express_courier")
    traffic: Annotated[str | None, Code("traffic")] = _field(
        "Freight or passenger traffic", "freight", default=None
    )
    direction: Annotated[str | None, Code("direction")] = _field(
        "Direction of movement", "import", default=None
    )
    customs_procedure: Annotated[str | None, Code("customs_procedure")] = _field(
        "Customs procedure situation", "release_free_circulation", default=None
    )
    detection_method: Annotated[str | None, Code("detection_method")] = _field(
        "Detection method", "risk_profiling", default=None
    )
    concealment_method: Annotated[str | None, Code("concealment_method")] = _field(
        "Concealment method", "misdeclared", default=None
    )
    procedure_initiation: Annotated[str, Code("procedure_initiation")] = _field(
        "Ex officio, or on a right holder's application for action", "ex_officio"
    )
    outcome: Annotated[str | None, Code("outcome")] = _field(
        "Result of the detention", "destroyed_standard", default=None
    )
    origin_country: Annotated[str | None, Country()] = _field("Country of origin", "CN", default=None)
    departure_country: Annotated[str | None, Country()] = _field(
        "Country of provenance or departure", "HK", default=None
    )
    transit_countries: Annotated[str | None, CountryList()] = _field(
        "Transit countries in order, separated by |", "AE|TR", default=None
    )
    destination_country: Annotated[str | None, Country()] = _field(
        "Country of destination", "FR", default=None
    )
    small_consignment: Annotated[bool | None, Flag()] = _field("Small consignment", "true", default=None)
    ecommerce: Annotated[bool | None, Flag()] = _field("Goods bought on the internet", "true", default=None)
    operation_code: Annotated[str | None, Text(40, screen="full")] = _field(
        "Code of a joint enforcement operation", "OP-PANGEA-XVI", default=None
    )
    description: Annotated[str | None, Text(1000, screen="full")] = _field(
        "Free-text description; personal data is refused",
        "Sports shoes in parcels declared as gifts",
        default=None,
    )


class GoodsLine(_Record):
    """One goods line of a case: articles of one category, brand and right holder."""

    line_no: Annotated[int | None, Integer(ge=1)] = _field(
        "Number of the line within the case (rows are numbered in file order when absent)", "1", default=None
    )
    product_category: Annotated[str, Code("product_category")] = _field("Product category", "sport_shoes")
    hs_code: Annotated[str | None, HsCode()] = _field("HS code, 2 to 10 digits", "640411", default=None)
    brand: Annotated[str | None, Text(120, screen="company")] = _field(
        "Brand (trade mark)", "Nike", default=None
    )
    right_holder: Annotated[str | None, Text(200, screen="company")] = _field(
        "Right holder (an organisation)", "Nike Innovate C.V.", default=None
    )
    ipr_types: Annotated[str, CodeSet("ipr_type")] = _field(
        "IPR types infringed, separated by |", "trade_mark|design"
    )
    quantity: Annotated[Decimal, Number(gt=0)] = _field("Quantity seized, in the unit", "120")
    unit: Annotated[str, Code("unit")] = _field("Unit of the quantity", "pairs")
    articles: Annotated[int | None, Integer(ge=0)] = _field("Number of articles", "240", default=None)
    value: Annotated[Decimal | None, Number(ge=0)] = _field("Value of the goods", "18000.00", default=None)
    currency: Annotated[str | None, Code("currency", upper=True)] = _field(
        "ISO 4217 currency of the value", "EUR", default=None
    )
    value_basis: Annotated[str | None, Code("value_basis")] = _field(
        "Basis of the value: declared, retail or msrp", "retail", default=None
    )
    health_safety: Annotated[bool | None, Flag()] = _field(
        "Goods dangerous to health and safety; derived from the category when absent", "false", default=None
    )


CASE_FIELDS: tuple[str, ...] = tuple(CaseFields.model_fields)
LINE_FIELDS: tuple[str, ...] = tuple(GoodsLine.model_fields)
# A withdrawal names the case and nothing else.
WITHDRAWAL_FIELDS: tuple[str, ...] = ("case_ref", "reporting_member", "case_action")


class FeedRow(CaseFields, GoodsLine):
    """One row of a flat feed: one goods line with the fields of its case repeated."""

    @model_validator(mode="wrap")
    @classmethod
    def _row_rules(cls, data: Any, handler: Any) -> Any:
        try:
            row = handler(data)
        except ValidationError as err:
            # The row rules are still checked over the fields that did parse, as the SQL checks do.
            failed = {e["loc"][0] for e in err.errors() if e["loc"]}
            parsed = parse_fields(data, skip=failed) if isinstance(data, dict) else {}
            raise _validation_error([_copy(e) for e in err.errors()] + _broken_rules(parsed, data)) from None
        broken = _broken_rules(row.model_dump(), data)
        if broken:
            raise _validation_error(broken)
        return row


def _broken_rules(values: dict[str, Any], data: Any) -> list[InitErrorDetails]:
    raw = data if isinstance(data, dict) else {}
    # The rules see each field's parsed value (None when blank or invalid) and which cells were filled in.
    values = {**{k: v for k, v in values.items() if v is not None}, PRESENT: _filled(raw)}
    return [
        InitErrorDetails(
            type=PydanticCustomError(rule.code, rule.code), loc=(rule.field,), input=raw.get(rule.field)
        )
        for rule in ROW_RULES
        if rule.check(values)
    ]


def _copy(error: Any) -> InitErrorDetails:
    kind = PydanticCustomError(error["type"], error["type"], error.get("ctx") or {})
    return InitErrorDetails(type=kind, loc=error["loc"], input=error["input"])


def _validation_error(details: list[InitErrorDetails]) -> ValidationError:
    return ValidationError.from_exception_data("FeedRow", details)


def _filled(data: dict[str, Any]) -> set[str]:
    return {
        k for k, v in data.items() if v is not None and not (isinstance(v, str) and not v.strip(WHITESPACE))
    }


def rule_of(name: str) -> Rule:
    """The field rule declared on field `name` of the feed row."""
    for meta in FeedRow.model_fields[name].metadata:
        if isinstance(meta, Rule):
            return meta
    raise KeyError(name)


def is_required(name: str) -> bool:
    return FeedRow.model_fields[name].is_required()


FEED_FIELDS: tuple[str, ...] = CASE_FIELDS + LINE_FIELDS
REQUIRED_FIELDS: tuple[str, ...] = tuple(f for f in FEED_FIELDS if is_required(f))


def parse_fields(
    data: dict[str, Any], skip: set[Any] | None = None, today: date | None = None
) -> dict[str, Any]:
    """Each non-blank field of a raw row parsed by its rule; fields that fail to parse are left out."""
    out: dict[str, Any] = {}
    for name in FEED_FIELDS:
        raw = data.get(name)
        if raw is None or (skip and name in skip) or (isinstance(raw, str) and not raw.strip(WHITESPACE)):
            continue
        try:
            out[name] = rule_of(name).parse(str(raw).strip(WHITESPACE), today or date.today())
        except RuleError:
            continue
    return out


class Case(CaseFields):
    """A seizure case with its goods lines (the nested form of the record)."""

    lines: list[GoodsLine] = Field(min_length=1, description="The goods lines of the case")

    @model_validator(mode="after")
    def _lines_numbered_once(self) -> Case:
        numbers = [line.line_no for line in self.lines if line.line_no is not None]
        if len(numbers) != len(set(numbers)):
            raise PydanticCustomError("duplicate-line", "duplicate-line")
        return self


def health_safety_categories() -> set[str]:
    """Categories whose goods count as dangerous to health and safety unless a line says otherwise."""
    categories = codelist("product_category")
    return {code for code in categories.codes if categories.attributes[code].get("health_safety") == "true"}


def row_errors(data: dict[str, Any]) -> list[tuple[str, str]]:
    """(field, error code) pairs of a raw feed row under the Pydantic models: the reference verdict."""
    fields = WITHDRAWAL_FIELDS if _is_withdrawal(data) else None
    if fields is not None:
        data = {k: v for k, v in data.items() if k in fields}
    try:
        FeedRow.model_validate(data) if fields is None else _Withdrawal.model_validate(data)
    except ValidationError as err:
        return sorted({(str(e["loc"][0]) if e["loc"] else "", _code(e["type"])) for e in err.errors()})
    return []


def row_warnings(data: dict[str, Any], today: date | None = None) -> list[tuple[str, str]]:
    """(field, warning code) pairs of a raw feed row: cells accepted but changed on the way, such as a float
    artefact rounded. A cell its rule refuses has an error instead; a withdrawal reads none of these fields."""
    if _is_withdrawal(data):
        return []
    found = []
    for name in FEED_FIELDS:
        raw = data.get(name)
        if not isinstance(raw, str) or not raw.strip(WHITESPACE):
            continue
        text, rule = raw.strip(WHITESPACE), rule_of(name)
        code = rule.warning(text)
        if code is None:
            continue
        try:
            rule.parse(text, today or date.today())
        except RuleError:
            continue
        found.append((name, code))
    return found


def _is_withdrawal(data: dict[str, Any]) -> bool:
    action = data.get("case_action")
    return isinstance(action, str) and action.strip(WHITESPACE).lower() == "withdraw"


class _Withdrawal(_Record):
    case_ref: Annotated[str, Text(64, pattern=CASE_REF_PATTERN, screen="contact")]
    reporting_member: Annotated[str, Code("member", upper=True)]
    case_action: Annotated[str, Code("case_action")]


# Pydantic's own error types, as catalogue codes.
_PYDANTIC_CODES = {"missing": "missing-value", "extra_forbidden": "unknown-column"}


def _code(pydantic_type: str) -> str:
    return _PYDANTIC_CODES.get(pydantic_type, pydantic_type)
