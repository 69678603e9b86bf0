"""A register that reports for many Members at once, as a regional or international database exports it: the
layout of `register.py` (read by the `seizure-register` profile), over many months, each Member with its own
monthly pattern. Two Members carry the events an analyst must see as what they are: one is silent for a year
(`SILENT`), one reports ten times as much from a month on and stays there (`JUMP`, a reporting change: a new
system, a new service reporting), and neither is an outbreak.

The tests run it small; `make bench` at 300,000 rows and more.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from cen_pipeline.contract.codelists import resolve_country
from cen_pipeline.samples.register import BRANDS, GOODS, HEADINGS, PARTNERS, PLACES, REMARKS

# Members as a UN table names them; the first ones of the list are used.
MEMBER_NAMES: tuple[str, ...] = (
    "Germany", "France", "Spain", "Italy", "Portugal", "Belgium", "Netherlands (Kingdom of the)", "Austria",
    "Poland", "Czechia", "Hungary", "Romania", "Bulgaria", "Greece", "Türkiye", "Ukraine", "Georgia",
    "Morocco", "Algeria", "Tunisia", "Egypt", "Nigeria", "Ghana", "Senegal", "Côte d'Ivoire", "Kenya",
    "United Republic of Tanzania", "South Africa", "Brazil", "Argentina", "Chile", "Colombia", "Peru",
    "Mexico", "Bolivia (Plurinational State of)", "United States of America", "Canada", "India", "Pakistan",
    "Bangladesh", "Thailand", "Viet Nam", "Malaysia", "Indonesia", "Philippines", "China",
    "China, Hong Kong SAR", "Republic of Korea", "Japan", "Australia", "New Zealand", "Saudi Arabia",
    "United Arab Emirates", "Iran (Islamic Republic of)", "Kazakhstan", "Uzbekistan",
)  # fmt: skip
SILENT = "Kenya"
JUMP = "Thailand"
JUMP_FACTOR = 10


@dataclass(frozen=True)
class ManyMemberRegister:
    """What a generated register holds, for the tests to hold the pipeline to."""

    path: Path
    rows: int
    members: dict[str, str]  # name -> Member code
    start: date
    months: int
    silent_months: tuple[int, int]  # first and last silent month index of SILENT (0-based)
    jump_month: int  # the month index from which JUMP reports JUMP_FACTOR times as much


def _month(start: date, index: int) -> date:
    year, month = divmod(start.month - 1 + index, 12)
    return date(start.year + year, month + 1, 1)


def write_many_member_register(
    path: Path, members: int = 52, months: int = 36, per_month: float = 5.0, seed: int = 7
) -> ManyMemberRegister:
    """Write a register of `members` Members over `months` months from January 2022, about `per_month`
    seizures a month each (every Member its own rate and season)."""
    rng = np.random.default_rng(seed)
    names = MEMBER_NAMES[:members]
    start = date(2022, 1, 1)
    silent = (months // 3, months // 3 + 11)
    jump = 2 * months // 3
    rows: list[list[str]] = []
    for name in names:
        rate = per_month * float(rng.uniform(0.5, 1.5))
        phase = float(rng.uniform(0, 2 * np.pi))
        for index in range(months):
            if name == SILENT and silent[0] <= index <= silent[1]:
                continue
            level = rate * (1 + 0.3 * np.sin(2 * np.pi * index / 12 + phase))
            if name == JUMP and index >= jump:
                level *= JUMP_FACTOR
            first = _month(start, index)
            days = (_month(start, index + 1) - first).days
            for _ in range(int(rng.poisson(level))):
                goods, unit, typical = GOODS[int(rng.integers(len(GOODS)))]
                amount = max(1.0, round(float(rng.gamma(2.0, typical / 2))))
                rows.append(
                    [
                        name,
                        (first + timedelta(days=int(rng.integers(days)))).strftime("%d/%m/%Y"),
                        f"Customs post {int(rng.integers(1, 40))}",
                        PLACES[int(rng.integers(len(PLACES)))],
                        "Air",
                        goods,
                        BRANDS[int(rng.integers(len(BRANDS) - 1))],
                        str(int(amount)),
                        unit,
                        PARTNERS[int(rng.integers(len(PARTNERS) - 1))],
                        "",
                        str(int(amount * 10)),
                        REMARKS[int(rng.integers(len(REMARKS)))],
                    ]
                )
    order = rng.permutation(len(rows))  # a register lists seizures as entered, Members mixed
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADINGS)
    writer.writerows(rows[i] for i in order)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue().encode("utf-8"))
    codes = {name: resolve_country(name) or "" for name in names}
    return ManyMemberRegister(path, len(rows), codes, start, months, silent, jump)
