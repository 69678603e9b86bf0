"""The same cases in three feed profiles: `profile_cases`, `fr_douane_rows`, the en-workbook writer and
`write_profiles`.

`write_profiles` writes the twelve French cases under `profiles/` as canonical CSV (plain, with a byte-order
mark, in UTF-16), as the fr-douane national extraction and as the en-workbook Excel template.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from cen_pipeline.contract.models import FEED_FIELDS
from cen_pipeline.samples.feeds import SampleCase, _flag, _one, write_csv
from cen_pipeline.samples.goods import CATEGORY
from cen_pipeline.samples.members import MEMBER
from cen_pipeline.samples.reference import QUANTITY_SCALE, SEED, Row

# Fields every one of the three profiles can carry (fr-douane has the reporting Member as a constant).
PROFILE_FIELDS: tuple[str, ...] = tuple(
    f
    for f in FEED_FIELDS
    if f not in ("case_action", "traffic", "customs_procedure", "operation_code", "health_safety")
)
# Conveyance -> location type, among the values both national profiles can express.
PROFILE_PLACES = {
    "postal": "mail_centre",
    "express_courier": "express_hub",
    "air_passenger": "airport",
    "air_cargo": "airport",
    "sea_container": "seaport",
    "road": "land_border",
}
PROFILE_OFFICES = {
    "mail_centre": ("Roissy CTI Chronopost", "FRCDG"),
    "express_hub": ("Roissy Fret Express", "FRCDG"),
    "airport": ("Roissy Charles de Gaulle", "FRCDG"),
    "seaport": ("Le Havre", "FRLEH"),
    "land_border": ("Perpignan Le Boulou", "FRPGF"),
}
PROFILE_CATEGORIES = (
    "sport_shoes",
    "clothing",
    "clothing_accessories",
    "bags_wallets",
    "watches",
    "perfumes_cosmetics",
    "toys",
    "medicines",
    "mobile_phones",
    "phone_accessories",
    "cigarettes",
    "sunglasses",
    "jewellery",
    "vehicle_parts",
    "foodstuffs",
    "alcoholic_beverages",
    "labels_tags",
)
PROFILE_DESCRIPTIONS = {
    0: "Colis déclaré « cadeau », chaussures de sport à l'intérieur",
    2: 'Parcel marked "samples"\nwith no invoice',
    5: 'Montres dans un double fond; envoi dit "urgent"',
    8: "Conteneur déclaré comme articles ménagers, marchandises mélangées",
}
LINES_OF_PROFILE_CASES = (3, 2, 2, 1, 3, 2, 2, 1, 3, 2, 2, 2)


def profile_cases(seed: int = SEED) -> list[SampleCase]:
    """Twelve French cases using only values that the fr-douane and en-workbook profiles can express."""
    rng = np.random.default_rng(seed + 1)
    fr = MEMBER["FR"]
    out: list[SampleCase] = []
    conveyances = (
        "postal",
        "express_courier",
        "postal",
        "air_passenger",
        "sea_container",
        "express_courier",
        "road",
        "postal",
        "sea_container",
        "air_cargo",
        "express_courier",
        "postal",
    )
    outcomes = (
        "destroyed_standard",
        "destroyed_small_consignment",
        "court_case",
        "released_no_reaction",
        "settlement",
        "pending",
    )
    for i, (conv, n_lines) in enumerate(zip(conveyances, LINES_OF_PROFILE_CASES, strict=True)):
        day = date(2025, 1 + i, 1) + timedelta(days=int(rng.integers(0, 28)))
        place = PROFILE_PLACES[conv]
        office, locode = PROFILE_OFFICES[place]
        small = conv in ("postal", "express_courier")
        direction = "transit" if i == 9 else ("export" if i == 6 else "import")
        departure = (
            "FR" if direction == "export" else ("ES" if conv == "road" else _one(rng, ("CN", "HK", "TR")))
        )
        if i == 4:
            departure = "CN"  # the case routed through AE and TR
        destination = "AD" if direction == "export" else ("GB" if direction == "transit" else "FR")
        fields: Row = {
            "case_ref": f"FR-2025-{900001 + i:06d}",
            "reporting_member": "FR",
            "seizure_date": day.isoformat(),
            "submission_date": (day + timedelta(days=int(rng.integers(3, 40)))).isoformat(),
            "office_name": office,
            "locode": locode,
            "location_type": place,
            "conveyance": conv,
            "direction": direction,
            "detection_method": (
                "risk_profiling",
                "intelligence",
                "random_control",
                "scanner",
                "detector_dog",
                "right_holder_info",
            )[i % 6],
            "concealment_method": (
                "none",
                "misdeclared",
                "mixed_with_genuine",
                "in_luggage",
                "in_cargo",
                "false_compartment",
            )[i % 6]
            if conv != "air_passenger"
            else "in_luggage",
            "procedure_initiation": "application" if i % 3 else "ex_officio",
            "outcome": "destroyed_small_consignment" if small and i % 2 == 0 else outcomes[i % len(outcomes)],
            "origin_country": "CN" if departure in ("HK", "FR") else departure,
            "departure_country": departure,
            "transit_countries": "AE|TR" if i == 4 else ("BE" if direction == "transit" else ""),
            "destination_country": destination,
            "small_consignment": _flag(small),
            "ecommerce": _flag(small and i != 7),
            "description": PROFILE_DESCRIPTIONS.get(i, ""),
        }
        if fields["origin_country"] == "ES":
            fields["origin_country"] = "CN"
        lines: list[Row] = []
        first = PROFILE_CATEGORIES[(i * 5) % len(PROFILE_CATEGORIES)]
        for n in range(n_lines):
            cat = CATEGORY[first if n == 0 else PROFILE_CATEGORIES[(i * 5 + n * 3) % len(PROFILE_CATEGORIES)]]
            brand, holder = cat.brands[(i + n) % len(cat.brands)]
            scale = QUANTITY_SCALE[conv]
            qty = max(1, round(scale * float(rng.lognormal(0, 0.5))))
            quantity = f"{qty / 4:.1f}" if cat.unit in ("kg", "litres") else str(qty)
            value = float(quantity) * cat.price_eur * (0.15 if n == 1 else 1.0)
            lines.append(
                {
                    "line_no": str(n + 1),
                    "product_category": cat.code,
                    "hs_code": cat.hs[(i + n) % len(cat.hs)],
                    "brand": brand,
                    "right_holder": holder,
                    "ipr_types": "trade_mark|design"
                    if cat.extra_ipr == "design" and n == 0
                    else (
                        "geographical_indication"
                        if brand in ("Champagne", "Parmigiano Reggiano")
                        else "trade_mark"
                    ),
                    "quantity": quantity,
                    "unit": "cartons" if cat.code == "cigarettes" else cat.unit,
                    "articles": str(max(1, round(float(quantity)))) if (i + n) % 4 else "",
                    "value": f"{value:.2f}" if (i + n) % 5 else "",
                    "currency": fr.currency if (i + n) % 5 else "",
                    "value_basis": ("declared" if n == 1 else "retail") if (i + n) % 5 else "",
                }
            )
        out.append(SampleCase(fields, lines))
    return out


def _reverse(profile_values: dict[str, str]) -> dict[str, str]:
    return {canonical: national for national, canonical in profile_values.items()}


def _fr_number(text: str) -> str:
    whole, _, decimals = text.partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        whole, groups = whole[:-3], [whole[-3:], *groups]
    grouped = " ".join([whole, *groups])
    return f"{grouped},{decimals}" if decimals else grouped


def fr_douane_rows(cases: Sequence[SampleCase]) -> tuple[list[str], list[list[str]]]:
    """The cases as the French national extraction writes them (headings, national codes, French numbers)."""
    from cen_pipeline.intake.profiles import load_profile

    profile = load_profile("fr-douane")
    headings = {f: h for h in profile.columns for f in profile.fields_for(h)}
    columns = [f for f in PROFILE_FIELDS if f in headings]
    maps = {f: _reverse(v) for f, v in profile.values.items()}
    rows: list[list[str]] = []
    for case in cases:
        for row in case.rows():
            cells = []
            for f in columns:
                text = row.get(f, "")
                if text and f in maps:
                    text = "|".join(maps[f][part] for part in text.split("|"))
                elif text and f in ("seizure_date", "submission_date"):
                    text = date.fromisoformat(text).strftime("%d/%m/%Y")
                elif text and f in ("quantity", "value"):
                    text = _fr_number(text)
                cells.append(text)
            rows.append(cells)
    return [headings[f] for f in columns], rows


def write_en_workbook(path: Path, cases: Sequence[SampleCase]) -> None:
    """The cases in the English Excel template, with real dates, numbers and yes/no cells."""
    import openpyxl

    from cen_pipeline.intake.profiles import load_profile

    profile = load_profile("en-workbook")
    headings = {f: h for h in profile.columns for f in profile.fields_for(h)}
    maps = {f: _reverse(v) for f, v in profile.values.items()}
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = profile.sheet or "IPR seizures"
    sheet.append([headings[f] for f in PROFILE_FIELDS])
    for r, row in enumerate(r for case in cases for r in case.rows()):
        cells: list[Any] = []
        for f in PROFILE_FIELDS:
            text = row.get(f, "")
            value: Any = text or None
            if not text:
                pass
            elif f in maps:
                value = maps[f][text]
            elif f == "seizure_date" or (f == "submission_date" and r % 2 == 0):
                value = date.fromisoformat(text)  # a real Excel date
            elif f in ("quantity", "value") and r % 3 != 2:
                value = float(text) if "." in text else int(text)
            elif f in ("line_no", "articles"):
                value = int(text)
            elif f == "small_consignment":
                value = text == "true"
            elif f == "ecommerce":
                value = "Yes" if text == "true" else "No"
            cells.append(value)
        sheet.append(cells)
    for cell in sheet["C"][1:]:
        cell.number_format = "dd/mm/yyyy"
    sheet.freeze_panes = "A2"
    _save_workbook(book, path)


# A fixed moment for the workbook's document properties and zip entries, so the bytes never change.
_FIXED_STAMP = (2026, 1, 1, 0, 0, 0)


def _save_workbook(book: Any, path: Path) -> None:
    book.properties.creator = "cen_pipeline.samples"
    book.properties.created = datetime(*_FIXED_STAMP)
    raw = io.BytesIO()
    book.save(raw)
    stamp = datetime(*_FIXED_STAMP).strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp.encode(), data)
            entry = zipfile.ZipInfo(info.filename, date_time=_FIXED_STAMP)
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, data)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out.getvalue())


def write_profiles(out: Path, seed: int = SEED) -> None:
    folder = out / "profiles"
    cases = profile_cases(seed)
    rows = [row for case in cases for row in case.rows()]
    write_csv(folder / "canonical.csv", rows, PROFILE_FIELDS)
    write_csv(folder / "canonical-bom.csv", rows, PROFILE_FIELDS, encoding="utf-8-sig")
    write_csv(folder / "canonical-utf16.csv", rows, PROFILE_FIELDS, encoding="utf-16")
    headings, fr_rows = fr_douane_rows(cases)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(headings)
    writer.writerows(fr_rows)
    (folder / "fr-douane.csv").write_bytes(buffer.getvalue().encode("windows-1252"))
    write_en_workbook(folder / "en-workbook.xlsx", cases)
