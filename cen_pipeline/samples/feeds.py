"""Synthetic Member feeds with planted events: `FeedGenerator`, `SampleCase`, `write_feeds` and the facts of
the planted events as the data show them.

`write_feeds` writes one canonical CSV per Member and seizure year under `feeds/`. The generator is
deterministic: the same seed writes the same bytes on every run, whatever the day.
"""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from numpy.random import Generator

from cen_pipeline.contract.models import FEED_FIELDS
from cen_pipeline.samples.goods import CATEGORIES, CATEGORY, RELATED
from cen_pipeline.samples.members import MEMBERS
from cen_pipeline.samples.reference import (
    CASE_DESCRIPTIONS,
    CONVEYANCE_PLACE,
    GAP_MEMBER,
    GAP_YEAR,
    LAST_DAY,
    LATE_MEMBER,
    LINES_PER_CASE,
    NEW_ROUTE,
    NEW_ROUTE_FROM,
    QUANTITY_SCALE,
    REGIME_FACTOR,
    REGIME_FROM,
    REGIME_MEMBER,
    SEASON,
    SEED,
    SPIKE_CATEGORY,
    SPIKE_FACTOR,
    SPIKE_MEMBER,
    SPIKE_MONTH,
    VOLUME,
    WHOLE_CURRENCIES,
    YEARS,
    Member,
    Row,
    fx,
)


def _pick(rng: Generator, weights: dict[str, float]) -> str:
    keys = list(weights)
    p = np.array([weights[k] for k in keys], dtype=float)
    return keys[int(rng.choice(len(keys), p=p / p.sum()))]


def _one(rng: Generator, items: Sequence[Any]) -> Any:
    return items[int(rng.integers(len(items)))]


def _flag(value: bool) -> str:
    return "true" if value else "false"


def _number(value: float, decimals: int) -> str:
    return f"{value:.{decimals}f}" if decimals else str(round(value))


@dataclass
class SampleCase:
    """One generated case: its case fields and its goods lines, as canonical text."""

    fields: Row
    lines: list[Row]

    def rows(self) -> list[Row]:
        return [{**self.fields, **line} for line in self.lines]


class FeedGenerator:
    """Generates the cases of all Members, year by year, from one random generator."""

    def __init__(self, seed: int = SEED) -> None:
        self.rng = np.random.default_rng(seed)
        self.serial: Counter[tuple[str, int]] = Counter()
        self.categories = {c.code: c.weight for c in CATEGORIES}

    # The shape of one case -----------------------------------------------------------------------------

    def case(
        self,
        member: Member,
        day: date,
        *,
        conveyance: str | None = None,
        departure: str | None = None,
        categories: Sequence[str] | None = None,
        planted: str = "",
    ) -> SampleCase:
        rng = self.rng
        year = day.year
        conv = conveyance or _pick(rng, member.conveyance)
        place = CONVEYANCE_PLACE[conv]
        office, locode = member.offices.get(place) or member.offices["airport"]
        direction = "import"
        destination = member.code
        transit = ""
        if departure is None:
            roll = rng.random()
            if roll < member.export_share:
                direction, departure, destination = "export", member.code, _one(rng, member.export_to)
            elif (
                member.transit_to
                and roll < member.export_share + 0.06
                and conv in ("sea_container", "air_cargo")
            ):
                direction, destination = "transit", _one(rng, member.transit_to)
            if departure is None:
                if conv == "road" and member.road_from:
                    departure = _one(rng, member.road_from)
                else:
                    departure = self._departure(member, day)
        if conv == "rail":
            departure, transit = "CN", "KZ|BY|PL"
        elif (
            direction != "export"
            and conv in ("sea_container", "air_cargo", "express_courier")
            and rng.random() < 0.12
        ):
            hubs = [h for h in ("AE", "SG", "TR", "HK") if h not in (departure, destination)]
            transit = _one(rng, hubs)
        origin = departure
        if departure in ("HK", "AE", "SG", "US", "ES", "BJ", "PA") and rng.random() < 0.7:
            origin = "CN"
        elif departure == member.code:
            origin = member.code if rng.random() < 0.6 else "CN"
        elif rng.random() < 0.05:
            origin = "ZZ"
        lag = rng.lognormal(np.log(member.lag_median), member.lag_sigma)
        submitted = min(day + timedelta(days=max(1, round(float(lag)))), LAST_DAY)
        small = conv in ("postal", "express_courier") and rng.random() < 0.8
        passenger = conv == "air_passenger"
        detection = _pick(
            rng,
            {
                "risk_profiling": 50,
                "random_control": 10,
                "scanner": 9,
                "intelligence": 10,
                "right_holder_info": 8,
                "detector_dog": 2,
                "joint_operation": 5,
                "other": 2,
            },
        )
        if planted:
            detection = "risk_profiling"
        if passenger:
            conceal = _pick(rng, {"none": 40, "in_luggage": 50, "on_body": 5, "other": 5})
        elif conv in ("sea_container", "road", "rail", "air_cargo"):
            conceal = _pick(
                rng,
                {
                    "misdeclared": 40,
                    "in_cargo": 25,
                    "mixed_with_genuine": 20,
                    "none": 10,
                    "false_compartment": 5,
                },
            )
        else:
            conceal = _pick(rng, {"none": 45, "misdeclared": 45, "mixed_with_genuine": 10})
        application = rng.random() < member.application
        outcome = self._outcome(member, small, day)
        procedure = {"import": "release_free_circulation", "export": "export", "transit": "transit"}[
            direction
        ]
        if direction == "import" and conv == "sea_container" and rng.random() < 0.15:
            procedure = "customs_warehousing"
        fields: Row = {
            "case_ref": "",
            "reporting_member": member.code,
            "seizure_date": day.isoformat(),
            "submission_date": submitted.isoformat(),
            "case_action": "",
            "office_name": office,
            "locode": locode,
            "location_type": place,
            "conveyance": conv,
            "traffic": "passenger" if passenger else "freight",
            "direction": direction,
            "customs_procedure": procedure,
            "detection_method": detection,
            "concealment_method": conceal,
            "procedure_initiation": "application" if application else "ex_officio",
            "outcome": outcome,
            "origin_country": origin,
            "departure_country": departure,
            "transit_countries": transit,
            "destination_country": destination,
            "small_consignment": _flag(small),
            "ecommerce": _flag(rng.random() < 0.85) if conv in ("postal", "express_courier") else "",
            "operation_code": f"OP-JCO-{year}" if detection == "joint_operation" else "",
            "description": _one(rng, CASE_DESCRIPTIONS[conv]) if rng.random() < 0.15 else "",
        }
        n_lines = 1 + int(rng.choice(4, p=LINES_PER_CASE[conv]))
        cats = list(categories) if categories else self._categories(member, n_lines)
        lines = [self._line(member, conv, cat, i + 1, year) for i, cat in enumerate(cats)]
        for name in member.omitted:
            if name in fields:
                fields[name] = ""
            for line in lines:
                if name in line:
                    line[name] = ""
        key = (member.code, year)
        self.serial[key] += 1
        fields["case_ref"] = f"{member.code}-{year}-{self.serial[key]:06d}"
        return SampleCase(fields, lines)

    def _departure(self, member: Member, day: date) -> str:
        weights = dict(member.departures)
        weights.pop(member.code, None)
        return _pick(self.rng, weights)

    def _outcome(self, member: Member, small: bool, day: date) -> str:
        rng = self.rng
        if day >= date(2025, 9, 1) and rng.random() < 0.35:
            return "pending"
        if small and member.region == "EUR" and member.code != "TR" and rng.random() < 0.7:
            return "destroyed_small_consignment"
        return _pick(
            rng,
            {
                "destroyed_standard": 75,
                "court_case": 6,
                "released_no_reaction": 7,
                "settlement": 4,
                "released_genuine": 2,
                "pending": 4,
                "other": 2,
            },
        )

    def _categories(self, member: Member, n: int) -> list[str]:
        weights = {k: v * member.category_boost.get(k, 1.0) for k, v in self.categories.items()}
        first = _pick(self.rng, weights)
        cats = [first]
        while len(cats) < n:
            related = RELATED.get(first)
            if related and self.rng.random() < 0.6:
                cats.append(_one(self.rng, related))
            else:
                cats.append(_pick(self.rng, weights))
        return cats

    def _line(self, member: Member, conv: str, cat_code: str, line_no: int, year: int) -> Row:
        rng = self.rng
        cat = CATEGORY[cat_code]
        brand, holder = _one(rng, cat.brands)
        scale = QUANTITY_SCALE[conv]
        unit = cat.unit
        if cat_code == "cigarettes":
            scale *= 200  # sticks
        if cat_code == "medicines" and conv in ("postal", "express_courier", "air_passenger"):
            unit, scale = "pieces", scale * 12  # loose tablets
        amount = max(1.0, rng.lognormal(np.log(scale), 0.9))
        if unit in ("kg", "litres"):
            amount = max(0.5, amount / 3)
            quantity = _number(amount, 1)
            articles = str(max(1, round(amount / (0.7 if unit == "litres" else 0.5))))
        else:
            quantity = str(max(1, round(amount)))
            articles = quantity
        ipr = "trade_mark"
        if cat.extra_ipr and rng.random() < 0.2:
            ipr = "|".join(sorted({"trade_mark", cat.extra_ipr}))
        if cat.extra_ipr == "geographical_indication" and brand in ("Champagne", "Parmigiano Reggiano"):
            ipr = "geographical_indication"
        price = cat.price_eur * float(fx(member.currency, year)) * float(rng.lognormal(0.0, 0.35))
        if member.basis == "declared":
            price *= 0.12
        units = float(quantity)
        value = ""
        if rng.random() < 0.88:
            value = _number(units * price, 0 if member.currency in WHOLE_CURRENCIES else 2)
        hs = _one(rng, cat.hs)
        health = ""
        if member.code == "US" and cat_code in ("medicines", "toys", "electrical_household", "vehicle_parts"):
            health = "true"
        return {
            "line_no": str(line_no),
            "product_category": cat_code,
            "hs_code": hs,
            "brand": brand,
            "right_holder": holder,
            "ipr_types": ipr,
            "quantity": quantity,
            "unit": unit,
            "articles": articles,
            "value": value,
            "currency": member.currency if value else "",
            "value_basis": member.basis if value else "",
            "health_safety": health,
        }

    # The whole feed ------------------------------------------------------------------------------------

    def month_days(self, year: int, month: int, n: int) -> list[date]:
        first = date(year, month, 1)
        last = (date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)).day
        return sorted(first + timedelta(days=int(d)) for d in self.rng.integers(0, last, size=n))

    def generate(self) -> tuple[dict[tuple[str, int], list[SampleCase]], dict[str, Any]]:
        """All cases by (Member, year), and the facts of the planted events."""
        feeds: dict[tuple[str, int], list[SampleCase]] = defaultdict(list)
        facts: dict[str, Any] = {}
        for member in MEMBERS:
            for year in YEARS:
                if member.code == GAP_MEMBER and year == GAP_YEAR:
                    continue
                volume = VOLUME * member.base * member.trend ** (year - YEARS[0])
                if member.code == REGIME_MEMBER and year >= REGIME_FROM:
                    volume *= REGIME_FACTOR
                for month in range(1, 13):
                    n = int(self.rng.poisson(volume * SEASON[month - 1]))
                    for day in self.month_days(year, month, n):
                        feeds[(member.code, year)].append(self.case(member, day))
                    if member.code == NEW_ROUTE[1] and (year, month) >= NEW_ROUTE_FROM:
                        extra = int(self.rng.integers(4, 7))
                        facts.setdefault("new_route_cases", {})[f"{year}-{month:02d}"] = extra
                        for day in self.month_days(year, month, extra):
                            conv = _one(self.rng, ("sea_container", "express_courier", "sea_container"))
                            cats = ["sport_shoes"] if self.rng.random() < 0.6 else ["sport_shoes", "clothing"]
                            feeds[(member.code, year)].append(
                                self.case(
                                    member,
                                    day,
                                    conveyance=conv,
                                    departure=NEW_ROUTE[0],
                                    categories=cats,
                                    planted="route",
                                )
                            )
                    if member.code == SPIKE_MEMBER and (year, month) == SPIKE_MONTH:
                        facts["spike"] = self._plant_spike(member, feeds, year, month)
            for year in YEARS:
                if (member.code, year) in feeds:
                    cases = feeds[(member.code, year)]
                    cases.sort(key=lambda c: (c.fields["seizure_date"], c.fields["case_ref"]))
                    # References are given in the order the cases were recorded, as a national system does.
                    for number, case in enumerate(cases, start=1):
                        case.fields["case_ref"] = f"{member.code}-{year}-{number:06d}"
        return dict(feeds), facts

    def _plant_spike(
        self, member: Member, feeds: dict[tuple[str, int], list[SampleCase]], year: int, month: int
    ) -> dict[str, Any]:
        """Add medicines cases at the spike Member so that its month holds SPIKE_FACTOR times its usual count."""
        cases = feeds[(member.code, year)]
        monthly = _monthly_category_cases(feeds[(member.code, year - 1)] + cases, SPIKE_CATEGORY)
        baseline = float(
            np.mean([monthly.get(f"{y}-{m:02d}", 0) for y, m in _months_before((year, month), 12)])
        )
        before = monthly.get(f"{year}-{month:02d}", 0)
        target = max(8, round(SPIKE_FACTOR * max(baseline, 1.0)))
        extra = max(0, target - before)
        for day in self.month_days(year, month, extra):
            conv = _one(self.rng, ("express_courier", "postal", "express_courier", "air_cargo"))
            n = 1 + int(self.rng.random() < 0.3)
            cases.append(
                self.case(
                    member,
                    day,
                    conveyance=conv,
                    departure=_one(self.rng, ("IN", "CN", "IN")),
                    categories=[SPIKE_CATEGORY] * n,
                    planted="spike",
                )
            )
        return {"extra_cases": extra, "target": target}


def _monthly_category_cases(cases: Iterable[SampleCase], category: str) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for case in cases:
        if any(line["product_category"] == category for line in case.lines):
            counts[case.fields["seizure_date"][:7]] += 1
    return dict(counts)


def write_csv(
    path: Path,
    rows: Iterable[Row],
    columns: Sequence[str] = FEED_FIELDS,
    encoding: str = "utf-8",
    delimiter: str = ",",
) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(c, "") for c in columns])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue().encode(encoding))


def write_feeds(out: Path, seed: int = SEED) -> dict[str, Any]:
    """Write one canonical CSV per Member and year; returns counts and the facts of the planted events."""
    feeds, facts = FeedGenerator(seed).generate()
    folder = out / "feeds"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.csv"):
        old.unlink()
    counts: dict[str, dict[str, int]] = {}
    for (code, year), cases in sorted(feeds.items()):
        write_csv(folder / f"{code}_{year}.csv", (row for case in cases for row in case.rows()))
        c = counts.setdefault(code, {"cases": 0, "lines": 0, "files": 0})
        c["cases"] += len(cases)
        c["lines"] += sum(len(case.lines) for case in cases)
        c["files"] += 1
    facts.update(_event_facts(feeds))
    facts["counts"] = counts
    return facts


def _event_facts(feeds: dict[tuple[str, int], list[SampleCase]]) -> dict[str, Any]:
    """The planted events as the data show them, for the README."""
    out: dict[str, Any] = {}
    de = [c for (code, _), cases in feeds.items() if code == SPIKE_MEMBER for c in cases]
    monthly = _monthly_category_cases(de, SPIKE_CATEGORY)
    spike_key = f"{SPIKE_MONTH[0]}-{SPIKE_MONTH[1]:02d}"
    previous = [monthly.get(f"{y}-{m:02d}", 0) for y, m in _months_before(SPIKE_MONTH, 12)]
    out["spike_count"] = monthly.get(spike_key, 0)
    out["spike_baseline"] = round(float(np.mean(previous)), 2)
    out["spike_max_other"] = max(v for k, v in monthly.items() if k != spike_key)
    ma_by_month: Counter[str] = Counter()
    first_seen = ""
    for _key, cases in sorted(feeds.items()):
        for case in cases:
            if (case.fields["departure_country"], case.fields["destination_country"]) == NEW_ROUTE:
                month = case.fields["seizure_date"][:7]
                ma_by_month[month] += 1
                first_seen = min(first_seen or month, month)
    out["new_route_by_month"] = dict(sorted(ma_by_month.items()))
    out["new_route_first"] = first_seen
    firsts: dict[tuple[str, str], str] = {}
    route_cases: Counter[tuple[str, str]] = Counter()
    for cases in feeds.values():
        for case in cases:
            pair = (case.fields["departure_country"], case.fields["destination_country"])
            route_cases[pair] += 1
            firsts[pair] = min(firsts.get(pair, "9999"), case.fields["seizure_date"][:7])
    out["routes_first_seen_late"] = [
        (f"{a} -> {b}", month, route_cases[(a, b)])
        for (a, b), month in sorted(firsts.items(), key=lambda kv: (kv[1], kv[0]))
        if month >= "2024-01" and (a, b) != NEW_ROUTE
    ]
    regime = [sum(1 for c in feeds.get((REGIME_MEMBER, y), [])) for y in YEARS]
    out["regime_by_year"] = dict(zip(YEARS, regime, strict=True))
    lags = [
        (date.fromisoformat(c.fields["submission_date"]) - date.fromisoformat(c.fields["seizure_date"])).days
        for (code, _), cases in feeds.items()
        if code == LATE_MEMBER
        for c in cases
    ]
    out["late_median_days"] = float(np.median(lags))
    others = [
        (date.fromisoformat(c.fields["submission_date"]) - date.fromisoformat(c.fields["seizure_date"])).days
        for (code, _), cases in feeds.items()
        if code != LATE_MEMBER
        for c in cases
    ]
    out["other_median_days"] = float(np.median(others))
    return out


def _months_before(month: tuple[int, int], n: int) -> list[tuple[int, int]]:
    y, m = month
    out = []
    for _ in range(n):
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
        out.append((y, m))
    return out
