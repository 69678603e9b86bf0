"""Fault files: `fault_base`, `Fault`, the catalogue of faults, `write_faults` and `verify_faults`.

Each fault file is the same valid base rows with one faulty cell, row or column, named after the problem code
it triggers; `write_faults` writes them under `faults/` with their manifest, and `verify_faults` checks the
validator reports each one as the manifest says.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cen_pipeline.contract.models import FEED_FIELDS
from cen_pipeline.samples.feeds import write_csv
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


def _set(row: int, fld: str, value: str) -> Callable[[list[str], list[Row]], tuple[list[str], list[Row]]]:
    def edit(cols: list[str], rows: list[Row]) -> tuple[list[str], list[Row]]:
        rows[row][fld] = value
        return cols, rows

    return edit


def _cell(row: int, fld: str, value: str, note: str, file: str = "", code: str = "", **kw: Any) -> Fault:
    return Fault(file, code, row, fld, value, _set(row, fld, value), note=note, **kw)


def _drop_column(name: str) -> Callable[[list[str], list[Row]], tuple[list[str], list[Row]]]:
    return lambda cols, rows: ([c for c in cols if c != name], rows)


def _add_column(heading: str, value: str) -> Callable[[list[str], list[Row]], tuple[list[str], list[Row]]]:
    def edit(cols: list[str], rows: list[Row]) -> tuple[list[str], list[Row]]:
        for row in rows:
            row[heading] = value
        return [*cols, heading], rows

    return edit


def _no_rows(cols: list[str], rows: list[Row]) -> tuple[list[str], list[Row]]:
    return cols, []


LONG_BRAND = "Genuine leather goods collection " * 4  # 132 characters: longer than the 120 a brand allows


def _faults() -> list[Fault]:
    def cell(file: str, code: str, row: int, fld: str, value: str, note: str, **kw: Any) -> Fault:
        return _cell(row, fld, value, note, file=file, code=code, **kw)

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
        cell("missing-value.csv", "missing-value", 3, "conveyance", "", "the mandatory conveyance is empty"),
        cell(
            "too-long.csv", "too-long", 1, "brand", LONG_BRAND.strip(), "a brand of 131 characters (max 120)"
        ),
        cell("invalid-format.csv", "invalid-format", 0, "hs_code", "6404-11", "an HS code with a hyphen"),
        cell(
            "invalid-format-locode.csv", "invalid-format", 2, "locode", "FR-LEH", "a UN/LOCODE with a hyphen"
        ),
        cell(
            "nominal-value.csv",
            "nominal-value",
            3,
            "description",
            "Parcel marked as a gift, tel. 01 23 45 67 89",
            "a telephone number in the description",
        ),
        cell(
            "nominal-value-email.csv",
            "nominal-value",
            3,
            "description",
            "Parcel ordered by contact@example.com",
            "an e-mail address in the description",
        ),
        cell(
            "nominal-value-passport.csv",
            "nominal-value",
            3,
            "description",
            "Traveller showed passport no X1234567",
            "a passport number in the description",
        ),
        cell(
            "unknown-code.csv",
            "unknown-code",
            1,
            "product_category",
            "handbags",
            "a product category that is not in the list",
        ),
        cell(
            "unknown-code-conveyance.csv",
            "unknown-code",
            3,
            "conveyance",
            "bicycle",
            "a conveyance that is not in the list",
        ),
        cell(
            "unknown-country.csv",
            "unknown-country",
            3,
            "origin_country",
            "Atlantis",
            "a country name that is neither a code nor in the alias table",
        ),
        cell("invalid-date.csv", "invalid-date", 3, "seizure_date", "2024-02-30", "an impossible date"),
        cell(
            "invalid-date-format.csv",
            "invalid-date",
            3,
            "seizure_date",
            "20/03/2024",
            "a date written DD/MM/YYYY in the canonical feed",
        ),
        cell(
            "date-too-early.csv", "date-too-early", 3, "seizure_date", "1989-12-31", "a seizure before 1990"
        ),
        cell(
            "date-in-future.csv",
            "date-in-future",
            3,
            "submission_date",
            "2099-03-01",
            "a submission date in the future",
        ),
        cell(
            "invalid-number.csv",
            "invalid-number",
            2,
            "quantity",
            "1,200",
            "a quantity with a thousands comma",
        ),
        cell(
            "invalid-integer.csv",
            "invalid-integer",
            2,
            "articles",
            "1200.5",
            "a fractional number of articles",
        ),
        cell("out-of-range.csv", "out-of-range", 1, "quantity", "0", "a quantity of zero"),
        cell("out-of-range-value.csv", "out-of-range", 0, "value", "-360.00", "a negative value"),
        cell(
            "invalid-boolean.csv",
            "invalid-boolean",
            3,
            "small_consignment",
            "oui",
            "a French yes in the canonical feed",
        ),
        cell(
            "unknown-hs-chapter.csv",
            "unknown-hs-chapter",
            3,
            "hs_code",
            "770190",
            "HS chapter 77 is reserved",
        ),
        cell(
            "submission-before-seizure.csv",
            "submission-before-seizure",
            3,
            "submission_date",
            "2024-03-01",
            "submitted on 2024-03-01, seized on 2024-03-20",
        ),
        cell("incomplete-value.csv", "incomplete-value", 0, "currency", "", "a value without its currency"),
        cell(
            "incomplete-value-basis.csv",
            "incomplete-value",
            3,
            "value_basis",
            "",
            "a value without its value basis",
        ),
        cell(
            "transit-repeats-endpoint.csv",
            "transit-repeats-endpoint",
            2,
            "transit_countries",
            "AE|CN",
            "the transit list repeats the departure country CN",
        ),
        cell(
            "inconsistent-case.csv",
            "inconsistent-case",
            1,
            "conveyance",
            "postal",
            "the second line of a case gives another conveyance",
        ),
        cell("duplicate-line.csv", "duplicate-line", 1, "line_no", "1", "two lines of one case numbered 1"),
        cell(
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

BRAND_HOLDERS = (
    ("Louis Vuitton", "Louis Vuitton Malletier"),
    ("Calvin Klein", "Calvin Klein Trademark Trust"),
    ("Tommy Hilfiger", "Tommy Hilfiger Licensing B.V."),
    ("Ralph Lauren", "Ralph Lauren Corporation"),
    ("Giorgio Armani", "Giorgio Armani S.p.A."),
    ("Hugo Boss", "Hugo Boss AG"),
)


def _letter(index: int) -> str:
    from cen_pipeline.intake.check import column_letter

    return column_letter(index)


def write_faults(out: Path) -> list[dict[str, Any]]:
    """Write one file per fault, the valid brands file, the unreadable inputs and the manifest."""
    folder = out / "faults"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    manifest: list[dict[str, Any]] = []
    for fault in FAULTS:
        cols, rows = fault.edit(list(FAULT_COLUMNS), [dict(r) for r in fault_base()])
        write_csv(folder / fault.file, rows, cols)
        if fault.raw:
            path = folder / fault.file
            path.write_text(fault.raw(path.read_text(encoding="utf-8")), encoding="utf-8", newline="")
        letter = None
        if fault.column is not None and fault.column in cols and fault.code != "missing-column":
            # A repeated heading is reported on its second occurrence.
            letter = _letter(len(cols) - 1 - cols[::-1].index(fault.column))
        spreadsheet_row = None if fault.row is None else fault.row + 2
        manifest.append(
            {
                "file": fault.file,
                "profile": "canonical",
                "member": fault.member,
                "code": fault.code,
                "row": spreadsheet_row,
                "column": fault.column,
                "letter": letter,
                "value": fault.value,
                "exit": 0 if fault.code == "unknown-column" else 1,
            }
        )
    brand_rows = []
    for i, (brand, holder) in enumerate(BRAND_HOLDERS):
        base = fault_base()[i % 4]
        brand_rows.append(
            {
                **base,
                "case_ref": f"FR-2024-00020{i + 1}",
                "line_no": "1",
                "brand": brand,
                "right_holder": holder,
            }
        )
    write_csv(folder / "brands-pass.csv", brand_rows, FAULT_COLUMNS)
    good = (folder / "brands-pass.csv").read_text(encoding="utf-8")
    (folder / "not-utf8.csv").write_bytes(
        good.replace("Louis Vuitton", "Cr\u00e9ation Vuitton").encode("latin-1")
    )
    (folder / "not-a-workbook.xlsx").write_bytes(b"This is a text file saved with an .xlsx name.\n")
    manifest.append({"file": "not-utf8.csv", "profile": "canonical", "exit": 3})
    manifest.append({"file": "not-a-workbook.xlsx", "profile": "canonical-xlsx", "exit": 3})
    (folder / "manifest.json").write_text(
        json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return manifest


def verify_faults(folder: Path) -> list[str]:
    """Mismatches between the manifest and what the validator reports (an empty list when all agree)."""
    from cen_pipeline.intake.check import validate_file
    from cen_pipeline.intake.readers import UnreadableInput

    issues: list[str] = []
    for entry in json.loads((folder / "manifest.json").read_text(encoding="utf-8")):
        path = folder / entry["file"]
        if entry["exit"] == 3:
            try:
                validate_file(path, profile=entry["profile"])
            except UnreadableInput:
                continue
            issues.append(f"{entry['file']}: expected an unreadable input")
            continue
        report = validate_file(path, profile=entry["profile"], member=entry["member"])
        found = False
        for p in report.problems:
            heading, letter = report.location(p)
            if (
                p.code == entry["code"]
                and p.row == entry["row"]
                and (letter or None) == entry["letter"]
                and (entry["column"] is None or heading == entry["column"])
                and (p.value or None) == (entry["value"] or None)
            ):
                found = True
        others = [p.code for p in report.problems if p.code != entry["code"]]
        if not found:
            got = [(p.code, p.row, report.location(p), p.value) for p in report.problems]
            issues.append(f"{entry['file']}: {entry['code']} not reported as listed; got {got}")
        elif others:
            issues.append(f"{entry['file']}: other problems reported too: {others}")
    report = validate_file(folder / "brands-pass.csv")
    if report.problems:
        issues.append(f"brands-pass.csv: {[(p.code, p.field, p.value) for p in report.problems]}")
    return issues
