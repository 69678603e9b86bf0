"""A seizure register as a national or international database exports it, not as the contract asks: one row
per seizure, `;`-separated, country names in UN English, amounts in grams, millilitres and tablets as
floats rendered by a spreadsheet, no case reference, values that no code list knows, and repeated rows.

The feed profile `seizure-register` (in `ingest/`) expresses it without any pre-processing; its planted faults
are the only rows a Member would have to fix. `REGISTER_FACTS` says what the file holds, and the tests hold
the pipeline to it.
"""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from cen_pipeline.samples.reference import SEED

REGISTER_FILE = "seizure-register.csv"
ROWS = 3000

# Reporting countries as UN English and UNODC/WCO tables spell them, with the Member code each stands for.
REPORTING: dict[str, str] = {
    "Germany": "DE",
    "United Kingdom of Great Britain and Northern Ireland": "GB",
    "United Kingdom (England and Wales)": "GB",
    "Türkiye": "TR",
    "China, Hong Kong SAR": "HK",
    "Macau, SAR of China": "MO",
    "Republic of Korea": "KR",
    "Netherlands (Kingdom of the)": "NL",
    "Iran (Islamic Republic of)": "IR",
    "Iraq (Kurdistan Region)": "IQ",
    "Iraq (Central Iraq)": "IQ",
    "Kosovo under UNSCR 1244": "XK",
    "Bolivia (Plurinational State of)": "BO",
    "Côte d'Ivoire": "CI",
    "United States of America": "US",
    "Brazil": "BR",
    "Nigeria": "NG",
    "Morocco": "MA",
    "India": "IN",
    "Mexico": "MX",
}
# Countries of origin or departure, and of destination, in the same spelling.
PARTNERS: tuple[str, ...] = (
    "China",
    "Viet Nam",
    "Türkiye",
    "India",
    "United Arab Emirates",
    "Hong Kong, SAR of China",
    "Thailand",
    "Netherlands Antilles",  # withdrawn and split: a code of its own, AN
    "Malaysia",
    "",
)
PLACES = ("Airport", "Seaport", "Land border", "Postal facility", "Inland", "Warehouse", "")
TRANSPORT = ("Air", "Sea", "Road", "Rail", "Mail", "Courier", "Private vehicle", "")
# Goods as the register names them, the unit each is counted in, and a typical amount.
GOODS: tuple[tuple[str, str, float], ...] = (
    ("Cigarettes", "Cartons", 40),
    ("Medicines", "Tablets", 2000),
    ("Perfume", "ml", 500),
    ("Cosmetics", "g", 1200),
    ("Clothing", "Pieces", 300),
    ("Footwear", "Pairs", 80),
    ("Watches", "Pieces", 25),
    ("Toys", "Pieces", 400),
    ("Tobacco (loose)", "g", 5000),
    ("Spare parts", "Pieces", 60),
    ("Handbags", "Pieces", 45),
    ("Alcohol", "Litres", 120),
)
BRANDS = ("Marlboro", "Nike", "Chanel", "Rolex", "Lego", "Louis Vuitton", "Bosch", "Pfizer", "Dior", "")
HEADINGS = (
    "Reporting country",
    "Date of seizure",
    "Place of seizure",
    "Type of location",
    "Mode of transport",
    "Goods",
    "Brand",
    "Amount",
    "Unit",
    "Origin/departure country",
    "Destination country",
    "Estimated value (USD)",
    "Remarks",
)
REMARKS = (
    "",
    "",
    "Found during routine x-ray of consignment",
    "Hidden in false bottom of suitcases",
    "Risk profile: declared as samples",
    "Container MSCU1234565 selected by scanner",
    "Parcel RR123456785CN, declared as gift",
    "Contrôle documentaire, marchandises sans facture",
    "Mercancía oculta en doble fondo",
)
# The planted faults: row index (0-based, among the data rows) -> (column, bad cell, catalogue code).
FAULTS: dict[int, tuple[str, str, str]] = {
    17: ("Date of seizure", "31/02/2024", "invalid-date"),
    230: ("Reporting country", "Atlantis", "unknown-code"),
    512: ("Estimated value (USD)", "0.1234567", "invalid-number"),
    1499: ("Destination country", "Utopia", "unknown-country"),
    2750: ("Amount", "-5", "out-of-range"),
}
# Rows sent twice in a row, as registers exported from spreadsheets often are: every ~40th.
REPEAT_EVERY = 40


def _artefact(amount: float, rng: np.random.Generator) -> str:
    """An amount as a spreadsheet export renders it: now and then with a float's full rendering, as a cell
    computed by a formula (a tenth of it times ten) shows it: 123.45000000000002."""
    value = round(amount, int(rng.integers(0, 4)))
    text = repr(value * 0.1 * 10) if rng.random() < 0.3 else repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def register_rows(seed: int = SEED) -> list[list[str]]:
    """The data rows of the register, faults and repeats included, in file order."""
    rng = np.random.default_rng(seed + 17)
    names = list(REPORTING)
    start = date(2024, 1, 1)
    rows: list[list[str]] = []
    for i in range(ROWS):
        goods, unit, typical = GOODS[int(rng.integers(len(GOODS)))]
        amount = max(0.001, float(rng.gamma(2.0, typical / 2)))
        if unit in ("Cartons", "Pieces", "Pairs", "Tablets"):
            amount = float(max(1, round(amount)))
        value = "" if rng.random() < 0.3 else _artefact(amount * float(rng.uniform(0.5, 20)), rng)
        row = [
            names[int(rng.integers(len(names)))],
            (start + timedelta(days=int(rng.integers(0, 700)))).strftime("%d/%m/%Y"),
            f"Customs post {int(rng.integers(1, 40))}",
            PLACES[int(rng.integers(len(PLACES)))],
            TRANSPORT[int(rng.integers(len(TRANSPORT)))],
            goods,
            BRANDS[int(rng.integers(len(BRANDS)))],
            _artefact(amount, rng)
            if unit not in ("Cartons", "Pieces", "Pairs", "Tablets")
            else str(int(amount)),
            unit,
            PARTNERS[int(rng.integers(len(PARTNERS)))],
            PARTNERS[int(rng.integers(len(PARTNERS) - 1))] if rng.random() < 0.5 else "",
            value,
            REMARKS[int(rng.integers(len(REMARKS)))],
        ]
        if i in FAULTS:
            column, cell, _ = FAULTS[i]
            row[HEADINGS.index(column)] = cell
        rows.append(row)
        if i % REPEAT_EVERY == REPEAT_EVERY - 1 and i not in FAULTS:
            rows.append(list(row))
    return rows


def write_register(out: Path, seed: int = SEED) -> Path:
    """Write the register under `out/profiles/` with Windows line ends, as a spreadsheet saves it."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADINGS)
    writer.writerows(register_rows(seed))
    path = out / "profiles" / REGISTER_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue().encode("utf-8"))
    return path


def register_facts(seed: int = SEED) -> dict[str, int]:
    """What the register holds: its data rows, the repeated copies among them and the faulty rows."""
    rows = register_rows(seed)
    return {
        "rows": len(rows),
        "repeated": len(rows) - ROWS,
        "faulty": len(FAULTS),
    }
