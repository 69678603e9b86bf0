"""Reference tables of the synthetic samples: seed and years, seasonality, exchange rates, the tables by
conveyance, the shapes of a product category and of a reporting Member, and the constants of the planted events.

Everything here is invented. The tables of categories are in `goods` and of Members in `members`; the feed
generator (`feeds`), the feed profiles (`profiles`) and the README text (`readme`) read them all; the planted
events are described in `sample_data/README.md`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

SEED = 20190101
YEARS = tuple(range(2019, 2026))
VOLUME = 0.93  # scales every Member's volume, keeping the committed samples small
# The last day any generated date may take: data are fixed, not relative to the day they are generated.
LAST_DAY = date(2026, 10, 31)

Row = dict[str, str]

# Monthly seasonality of seizures: a peak in the fourth quarter (year-end sales and gift parcels).
SEASON = (0.82, 0.78, 0.9, 0.92, 0.95, 0.93, 0.92, 0.88, 1.0, 1.15, 1.32, 1.43)

# Currency units per euro, rounded yearly averages (approximate).
FX_PER_EUR: dict[str, float] = {
    "EUR": 1.0,
    "USD": 1.1,
    "MXN": 21.0,
    "JPY": 140.0,
    "KRW": 1400.0,
    "INR": 85.0,
    "MAD": 10.8,
    "SAR": 4.1,
    "KES": 135.0,
    "ZAR": 19.0,
    "XOF": 655.957,
}
FX_BY_YEAR: dict[str, dict[int, float]] = {
    "TRY": {2019: 6.4, 2020: 8.0, 2021: 10.5, 2022: 17.4, 2023: 25.8, 2024: 35.6, 2025: 40.0},
    "NGN": {2019: 400.0, 2020: 440.0, 2021: 480.0, 2022: 450.0, 2023: 700.0, 2024: 1600.0, 2025: 1700.0},
}
WHOLE_CURRENCIES = frozenset({"JPY", "KRW", "XOF"})


def fx(currency: str, year: int) -> float:
    return FX_BY_YEAR[currency][year] if currency in FX_BY_YEAR else FX_PER_EUR[currency]


@dataclass(frozen=True)
class Category:
    """What goods of a product category look like: HS codes, unit, retail price per unit, brands."""

    code: str
    weight: float  # share of goods lines, before a Member's own adjustments
    hs: tuple[str, ...]
    unit: str
    price_eur: float  # retail value of one unit of the genuine article
    brands: tuple[tuple[str, str], ...]  # (brand, right holder)
    extra_ipr: str = ""  # a second IPR type sometimes infringed as well


# Conveyance -> (location type, quantity scale per line, lines-per-case weights)
CONVEYANCE_PLACE = {
    "postal": "mail_centre",
    "express_courier": "express_hub",
    "air_passenger": "airport",
    "air_cargo": "air_cargo_terminal",
    "sea_container": "seaport",
    "road": "land_border",
    "rail": "inland",
}
QUANTITY_SCALE = {
    "postal": 2.0,
    "express_courier": 6.0,
    "air_passenger": 8.0,
    "air_cargo": 400.0,
    "sea_container": 6000.0,
    "road": 900.0,
    "rail": 3000.0,
}
LINES_PER_CASE = {
    "postal": (0.72, 0.2, 0.06, 0.02),
    "express_courier": (0.48, 0.3, 0.15, 0.07),
    "air_passenger": (0.45, 0.3, 0.17, 0.08),
    "air_cargo": (0.25, 0.3, 0.25, 0.2),
    "sea_container": (0.15, 0.25, 0.3, 0.3),
    "road": (0.25, 0.3, 0.25, 0.2),
    "rail": (0.2, 0.3, 0.3, 0.2),
}

CASE_DESCRIPTIONS = {
    "postal": (
        "Small parcel declared as a gift",
        "Parcel declared as samples",
        "Letter parcel without invoice",
    ),
    "express_courier": (
        "Express parcel ordered online",
        "Courier shipment declared as accessories",
        "Consignment under-valued on the invoice",
    ),
    "air_passenger": ("Goods in checked baggage", "Articles in hand luggage beyond personal use"),
    "air_cargo": ("Air freight declared as generic goods", "Cargo with misdeclared trade marks"),
    "sea_container": (
        "Container declared as household goods",
        "Goods behind a front load of unbranded items",
        "Container selected by risk profile",
    ),
    "road": ("Truck load declared as textiles", "Goods under a mixed load"),
    "rail": ("Rail container declared as spare parts",),
}


@dataclass(frozen=True)
class Member:
    """How one reporting Member's synthetic feed is shaped."""

    code: str
    region: str
    currency: str
    basis: str  # the value basis the Member reports
    base: float  # expected cases per month in 2019 (before seasonality)
    trend: float  # yearly growth factor of the case volume
    conveyance: dict[str, float]
    departures: dict[str, float]
    offices: dict[str, tuple[str, str]]  # location type -> (office name, UN/LOCODE)
    road_from: tuple[str, ...] = ()
    lag_median: float = 14.0  # days from seizure to submission
    lag_sigma: float = 0.6
    application: float = 0.75  # share of cases on a right holder's application
    omitted: frozenset[str] = frozenset()  # optional fields the Member's system does not fill
    category_boost: dict[str, float] = field(default_factory=dict)
    transit_to: tuple[str, ...] = ()  # destinations of goods in transit through the Member
    export_to: tuple[str, ...] = ()  # destinations of exports
    export_share: float = 0.0


# Planted events (see sample_data/README.md).
SPIKE_MEMBER, SPIKE_CATEGORY, SPIKE_MONTH = "DE", "medicines", (2025, 6)
SPIKE_FACTOR = 7.0
NEW_ROUTE = ("VN", "MA")
NEW_ROUTE_FROM = (2025, 4)
REGIME_MEMBER, REGIME_FROM, REGIME_FACTOR = "IN", 2023, 10.0
GAP_MEMBER, GAP_YEAR = "SN", 2021
LATE_MEMBER = "NG"
