"""The faults of the fault files: `fault_base`, `Fault` and the catalogue `FAULTS`.

Each fault file is the same valid base rows with one faulty cell, row or column, named after the problem code
it triggers; `fault_files` writes them under `faults/` with their manifest and verifies them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cen_pipeline.contract.models import FEED_FIELDS
from cen_pipeline.samples.reference import Row

# The optional fields no fault needs; the fault files carry the other fields, in contract order.
NOT_IN_FAULTS = {
    "case_action",
    "traffic",
    "customs_procedure",
    "detection_method",
    "concealment_method",
    "operation_code",
    "health_safety",
}
FAULT_COLUMNS: tuple[str, ...] = tuple(f for f in FEED_FIELDS if f not in NOT_IN_FAULTS)


def fault_base() -> list[Row]:
    """Four valid rows of three French cases; each fault file changes one cell or row of them."""
    case1 = {
        "case_ref": "FR-2024-000101",
        "reporting_member": "FR",
        "seizure_date": "2024-03-12",
        "submission_date": "2024-03-28",
        "office_name": "Roissy Fret Express",
        "locode": "FRCDG",
        "location_type": "express_hub",
        "conveyance": "express_courier",
        "direction": "import",
        "procedure_initiation": "application",
        "outcome": "destroyed_small_consignment",
        "origin_country": "CN",
        "departure_country": "HK",
        "transit_countries": "",
        "destination_country": "FR",
        "small_consignment": "true",
        "ecommerce": "true",
        "description": "Express parcel ordered online",
    }
    case2 = {
        **case1,
        "case_ref": "FR-2024-000102",
        "seizure_date": "2024-03-15",
        "submission_date": "2024-04-02",
        "office_name": "Le Havre",
        "locode": "FRLEH",
        "location_type": "seaport",
        "conveyance": "sea_container",
        "procedure_initiation": "ex_officio",
        "outcome": "destroyed_standard",
        "departure_country": "CN",
        "transit_countries": "AE",
        "small_consignment": "false",
        "ecommerce": "false",
        "description": "Container declared as household goods",
    }
    case3 = {
        **case1,
        "case_ref": "FR-2024-000103",
        "seizure_date": "2024-03-20",
        "submission_date": "2024-04-05",
        "office_name": "Roissy CTI Chronopost",
        "location_type": "mail_centre",
        "conveyance": "postal",
        "departure_country": "TR",
        "origin_country": "TR",
        "description": "Small parcel declared as a gift",
    }
    line = {"ipr_types": "trade_mark", "currency": "EUR", "value_basis": "retail"}
    return [
        {
            **case1,
            **line,
            "line_no": "1",
            "product_category": "sport_shoes",
            "hs_code": "640411",
            "brand": "Nike",
            "right_holder": "Nike Innovate C.V.",
            "quantity": "3",
            "unit": "pairs",
            "articles": "3",
            "value": "360.00",
        },
        {
            **case1,
            **line,
            "line_no": "2",
            "product_category": "clothing",
            "hs_code": "610910",
            "brand": "Lacoste",
            "right_holder": "Lacoste S.A.",
            "quantity": "5",
            "unit": "pieces",
            "articles": "5",
            "value": "225.00",
        },
        {
            **case2,
            **line,
            "line_no": "1",
            "product_category": "bags_wallets",
            "hs_code": "420221",
            "brand": "Louis Vuitton",
            "right_holder": "Louis Vuitton Malletier",
            "ipr_types": "trade_mark|design",
            "quantity": "1200",
            "unit": "pieces",
            "articles": "1200",
            "value": "780000.00",
        },
        {
            **case3,
            **line,
            "line_no": "1",
            "product_category": "watches",
            "hs_code": "910211",
            "brand": "Rolex",
            "right_holder": "Rolex SA",
            "quantity": "1",
            "unit": "pieces",
            "articles": "1",
            "value": "8500.00",
        },
    ]


@dataclass(frozen=True)
class Fault:
    """One fault file: a change to the base rows and where the validator must report it."""

    file: str
    code: str
    row: int | None  # 0-based data row changed (spreadsheet row = row + 2)
    column: str | None  # the heading reported
    value: str | None  # the cell text as written
    edit: Callable[[list[str], list[Row]], tuple[list[str], list[Row]]]
    member: str | None = None
    note: str = ""
    raw: Callable[[str], str] | None = None  # a change to the written text (what a CSV writer cannot produce)
    profile: str = "canonical"  # a profile name, or a profile file written beside the faults (UNITS_PROFILE)


def _set(row: int, fld: str, value: str) -> Callable[[list[str], list[Row]], tuple[list[str], list[Row]]]:
    def edit(cols: list[str], rows: list[Row]) -> tuple[list[str], list[Row]]:
        rows[row][fld] = value
        return cols, rows

    return edit


def _cell(file: str, code: str, row: int, fld: str, value: str, note: str, **kw: Any) -> Fault:
    edit = kw.pop("edit", None) or _set(row, fld, value)
    return Fault(file, code, row, fld, value, edit, note=note, **kw)


def _set_many(row: int, **cells: str) -> Callable[[list[str], list[Row]], tuple[list[str], list[Row]]]:
    def edit(cols: list[str], rows: list[Row]) -> tuple[list[str], list[Row]]:
        rows[row].update(cells)
        return cols, rows

    return edit


# A profile of the canonical headings with national units, written beside the faults that need it.
UNITS_PROFILE = "national-units.toml"
UNITS_PROFILE_TEXT = """# The canonical feed, with quantities in grams and milligrams converted to kilograms and over-long
# descriptions stored cut, with a warning, rather than refused.
description = "Canonical CSV feed with national units"
cut_long_text = ["description"]
[units]
"g" = { unit = "kg", factor = 0.001 }
"mg" = { unit = "kg", factor = 0.000001, inexact = "refuse" }
"""


def _drop_column(name: str) -> Callable[[list[str], list[Row]], tuple[list[str], list[Row]]]:
    return lambda cols, rows: ([c for c in cols if c != name], rows)


def _add_column(heading: str, value: str) -> Callable[[list[str], list[Row]], tuple[list[str], list[Row]]]:
    def edit(cols: list[str], rows: list[Row]) -> tuple[list[str], list[Row]]:
        for row in rows:
            row[heading] = value
        return [*cols, heading], rows

    return edit


def _repeat(row: int) -> Callable[[list[str], list[Row]], tuple[list[str], list[Row]]]:
    def edit(cols: list[str], rows: list[Row]) -> tuple[list[str], list[Row]]:
        rows.insert(row + 1, dict(rows[row]))
        return cols, rows

    return edit


def _no_rows(cols: list[str], rows: list[Row]) -> tuple[list[str], list[Row]]:
    return cols, []


LONG_BRAND = "Genuine leather goods collection " * 4  # 132 characters: longer than the 120 a brand allows
LONG_REMARKS = (
    "Cartons of handbags declared as plastic household goods, found on X-ray. " * 15
)  # 1,095 characters


def _faults() -> list[Fault]:
    return [
        Fault(
            "missing-column.csv",
            "missing-column",
            None,
            "conveyance",
            None,
            _drop_column("conveyance"),
            note="the mandatory column conveyance is left out",
        ),
        Fault(
            "unknown-column.csv",
            "unknown-column",
            None,
            "remarks",
            None,
            _add_column("remarks", "checked"),
            note="an extra column 'remarks' (a warning: the file is otherwise valid)",
        ),
        Fault(
            "duplicate-column.csv",
            "duplicate-column",
            None,
            "brand",
            None,
            _add_column("brand", "Nike"),
            note="the column brand appears twice",
        ),
        Fault(
            "nominal-column.csv",
            "nominal-column",
            None,
            "passenger_name",
            None,
            _add_column("passenger_name", "withheld"),
            note="a column heading announcing a person's name",
        ),
        Fault(
            "nominal-column-fr.csv",
            "nominal-column",
            None,
            "Nom du passager",
            None,
            _add_column("Nom du passager", "masqué"),
            note="the same in French: 'Nom du passager'",
        ),
        Fault("empty-file.csv", "empty-file", None, None, None, _no_rows, note="a header and no data rows"),
        Fault(
            "malformed-row.csv",
            "malformed-row",
            3,
            None,
            None,
            lambda cols, rows: (cols, rows),
            note="the last row has an extra field (a stray comma outside quotes)",
            raw=lambda text: text[: text.rstrip().rfind(",retail")] + ",retail,extra\n",
        ),
        _cell("missing-value.csv", "missing-value", 3, "conveyance", "", "the mandatory conveyance is empty"),
        _cell(
            "too-long.csv", "too-long", 1, "brand", LONG_BRAND.strip(), "a brand of 131 characters (max 120)"
        ),
        _cell(
            "text-cut.csv",
            "text-cut",
            3,
            "description",
            LONG_REMARKS.strip(),
            "a description of 1,094 characters (max 1,000), which the profile cuts (a warning)",
            profile=UNITS_PROFILE,
        ),
        _cell(
            "control-character.csv",
            "control-character",
            1,
            "brand",
            "Nike\x1b[2J",
            "a terminal escape sequence (ESC) in a brand",
        ),
        _cell("invalid-format.csv", "invalid-format", 0, "hs_code", "6404-11", "an HS code with a hyphen"),
        _cell(
            "invalid-format-locode.csv", "invalid-format", 2, "locode", "FR-LEH", "a UN/LOCODE with a hyphen"
        ),
        _cell(
            "nominal-value.csv",
            "nominal-value",
            3,
            "description",
            "Parcel marked as a gift, tel. 01 23 45 67 89",
            "a telephone number in the description",
        ),
        _cell(
            "nominal-value-email.csv",
            "nominal-value",
            3,
            "description",
            "Parcel ordered by contact@example.com",
            "an e-mail address in the description",
        ),
        _cell(
            "nominal-value-passport.csv",
            "nominal-value",
            3,
            "description",
            "Traveller showed passport no X1234567",
            "a passport number in the description",
        ),
        _cell(
            "unknown-code.csv",
            "unknown-code",
            1,
            "product_category",
            "handbags",
            "a product category that is not in the list",
        ),
        _cell(
            "unknown-code-conveyance.csv",
            "unknown-code",
            3,
            "conveyance",
            "bicycle",
            "a conveyance that is not in the list",
        ),
        _cell(
            "unknown-country.csv",
            "unknown-country",
            3,
            "origin_country",
            "Atlantis",
            "a country name that is neither a code nor in the alias table",
        ),
        _cell("invalid-date.csv", "invalid-date", 3, "seizure_date", "2024-02-30", "an impossible date"),
        _cell(
            "invalid-date-format.csv",
            "invalid-date",
            3,
            "seizure_date",
            "20/03/2024",
            "a date written DD/MM/YYYY in the canonical feed",
        ),
        _cell(
            "date-too-early.csv", "date-too-early", 3, "seizure_date", "1989-12-31", "a seizure before 1990"
        ),
        _cell(
            "date-in-future.csv",
            "date-in-future",
            3,
            "submission_date",
            "2099-03-01",
            "a submission date in the future",
        ),
        _cell(
            "invalid-number.csv",
            "invalid-number",
            2,
            "quantity",
            "1,200",
            "a quantity with a thousands comma",
        ),
        _cell(
            "number-rounded.csv",
            "number-rounded",
            2,
            "quantity",
            "0.11699999999999999",
            "a spreadsheet's rendering of 0.117, stored rounded (a warning)",
        ),
        _cell(
            "conversion-rounded.csv",
            "conversion-rounded",
            2,
            "quantity",
            "0.03",
            "0.03 g: 0.00003 kg exactly, stored as 0.0001 kg (a warning naming both)",
            edit=_set_many(2, quantity="0.03", unit="g"),
            profile=UNITS_PROFILE,
        ),
        _cell(
            "conversion-inexact.csv",
            "conversion-inexact",
            2,
            "quantity",
            "350",
            "350 mg, a unit whose profile refuses to round: 0.00035 kg does not fit 4 places",
            edit=_set_many(2, quantity="350", unit="mg"),
            profile=UNITS_PROFILE,
        ),
        _cell(
            "invalid-integer.csv",
            "invalid-integer",
            2,
            "articles",
            "1200.5",
            "a fractional number of articles",
        ),
        _cell("out-of-range.csv", "out-of-range", 1, "quantity", "0", "a quantity of zero"),
        _cell("out-of-range-value.csv", "out-of-range", 0, "value", "-360.00", "a negative value"),
        _cell(
            "invalid-boolean.csv",
            "invalid-boolean",
            3,
            "small_consignment",
            "oui",
            "a French yes in the canonical feed",
        ),
        _cell(
            "unknown-hs-chapter.csv",
            "unknown-hs-chapter",
            3,
            "hs_code",
            "770190",
            "HS chapter 77 is reserved",
        ),
        _cell(
            "submission-before-seizure.csv",
            "submission-before-seizure",
            3,
            "submission_date",
            "2024-03-01",
            "submitted on 2024-03-01, seized on 2024-03-20",
        ),
        _cell("incomplete-value.csv", "incomplete-value", 0, "currency", "", "a value without its currency"),
        _cell(
            "incomplete-value-basis.csv",
            "incomplete-value",
            3,
            "value_basis",
            "",
            "a value without its value basis",
        ),
        _cell(
            "transit-repeats-endpoint.csv",
            "transit-repeats-endpoint",
            2,
            "transit_countries",
            "AE|CN",
            "the transit list repeats the departure country CN",
        ),
        _cell(
            "inconsistent-case.csv",
            "inconsistent-case",
            1,
            "conveyance",
            "postal",
            "the second line of a case gives another conveyance",
        ),
        _cell("duplicate-line.csv", "duplicate-line", 1, "line_no", "1", "two lines of one case numbered 1"),
        Fault(
            "repeated-row.csv",
            "repeated-row",
            1,
            None,
            None,
            _repeat(0),
            note="the first row sent twice (a warning: the copy is set aside, its case is kept)",
        ),
        _cell(
            "member-mismatch.csv",
            "member-mismatch",
            3,
            "reporting_member",
            "DE",
            "a case of DE in a submission made for FR (validate with --member FR)",
            member="FR",
        ),
    ]


FAULTS: tuple[Fault, ...] = tuple(_faults())
