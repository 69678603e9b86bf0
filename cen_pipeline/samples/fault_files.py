"""Writing and checking the fault files: `write_faults` writes each fault of `faults.FAULTS` under `faults/`
with the valid brands file, the unreadable inputs and the manifest, and `verify_faults` checks the validator
reports each one as the manifest says.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cen_pipeline.contract.catalogue import kind
from cen_pipeline.samples.faults import FAULT_COLUMNS, FAULTS, UNITS_PROFILE, UNITS_PROFILE_TEXT, fault_base
from cen_pipeline.samples.feeds import write_csv

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
                "profile": fault.profile,
                "member": fault.member,
                "code": fault.code,
                "row": spreadsheet_row,
                "column": fault.column,
                "letter": letter,
                "value": fault.value,
                "exit": 0 if kind(fault.code).severity == "warning" else 1,
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
    (folder / UNITS_PROFILE).write_text(UNITS_PROFILE_TEXT, encoding="utf-8")
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


def profile_of(entry: dict[str, Any], folder: Path) -> str:
    """The profile a fault file is validated with: a name, or a profile file beside the faults."""
    name = str(entry["profile"])
    return str(folder / name) if name.endswith(".toml") else name


def verify_faults(folder: Path) -> list[str]:
    """Mismatches between the manifest and what the validator reports (an empty list when all agree)."""
    from cen_pipeline.core.errors import UnreadableInput
    from cen_pipeline.intake.check import validate_file

    issues: list[str] = []
    for entry in json.loads((folder / "manifest.json").read_text(encoding="utf-8")):
        path = folder / entry["file"]
        if entry["exit"] == 3:
            try:
                validate_file(path, profile=profile_of(entry, folder))
            except UnreadableInput:
                continue
            issues.append(f"{entry['file']}: expected an unreadable input")
            continue
        report = validate_file(path, profile=profile_of(entry, folder), member=entry["member"])
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
