"""Synthetic sample data: Member feeds with planted events, one set of cases in three feed profiles, fault files.

Everything here is invented. The generator is deterministic: the same seed writes the same bytes on every run,
whatever the day, so the files under `sample_data/` can be committed and compared. Run it with

    python -m cen_pipeline.samples [--out sample_data]

and `python -m cen_pipeline.samples --big PATH --lines N` writes a large valid canonical CSV for benchmarks.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import zipfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from numpy.random import Generator

from cen_pipeline.codelists import codelist
from cen_pipeline.contract import FEED_FIELDS

SEED = 20190101
YEARS = tuple(range(2019, 2026))
VOLUME = 0.93  # scales every Member's volume, keeping the committed samples small
# The last day any generated date may take: data are fixed, not relative to the day they are generated.
LAST_DAY = date(2026, 10, 31)

Row = dict[str, str]

# ---------------------------------------------------------------------------------------------------------
# Reference tables
# ---------------------------------------------------------------------------------------------------------

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


CATEGORIES: tuple[Category, ...] = (
    Category(
        "clothing",
        14,
        ("610910", "611020", "620342", "611030", "620462"),
        "pieces",
        45,
        (
            ("Calvin Klein", "Calvin Klein Trademark Trust"),
            ("Hugo Boss", "HUGO BOSS Trade Mark Management GmbH"),
            ("Tommy Hilfiger", "Tommy Hilfiger Licensing B.V."),
            ("Ralph Lauren", "The Polo/Lauren Company L.P."),
            ("Lacoste", "Lacoste S.A."),
            ("Adidas", "adidas AG"),
            ("Nike", "Nike Innovate C.V."),
            ("Giorgio Armani", "Giorgio Armani S.p.A."),
            ("The North Face", "The North Face Apparel Corp."),
        ),
    ),
    Category(
        "sport_shoes",
        12,
        ("640411", "640419", "640299"),
        "pairs",
        110,
        (
            ("Nike", "Nike Innovate C.V."),
            ("Adidas", "adidas AG"),
            ("Puma", "PUMA SE"),
            ("New Balance", "New Balance Athletics Inc."),
            ("Converse", "Converse Inc."),
        ),
        "design",
    ),
    Category(
        "bags_wallets",
        9,
        ("420221", "420222", "420231", "420292"),
        "pieces",
        650,
        (
            ("Louis Vuitton", "Louis Vuitton Malletier"),
            ("Chanel", "Chanel SAS"),
            ("Gucci", "Guccio Gucci S.p.A."),
            ("Hermès", "Hermès International"),
            ("Prada", "Prada S.A."),
            ("Michael Kors", "Michael Kors (Switzerland) International GmbH"),
        ),
        "design",
    ),
    Category(
        "watches",
        7,
        ("910211", "910219", "910111"),
        "pieces",
        900,
        (
            ("Rolex", "Rolex SA"),
            ("Omega", "Omega SA"),
            ("Cartier", "Cartier International AG"),
            ("Casio", "Casio Computer Co. Ltd."),
            ("Apple", "Apple Inc."),
        ),
        "design",
    ),
    Category(
        "clothing_accessories",
        6,
        ("650500", "611710", "420330"),
        "pieces",
        60,
        (
            ("Gucci", "Guccio Gucci S.p.A."),
            ("Louis Vuitton", "Louis Vuitton Malletier"),
            ("Burberry", "Burberry Limited"),
            ("Hermès", "Hermès International"),
        ),
    ),
    Category(
        "perfumes_cosmetics",
        6,
        ("330300", "330499", "330420"),
        "pieces",
        70,
        (
            ("Chanel", "Chanel SAS"),
            ("Dior", "Parfums Christian Dior"),
            ("L'Oréal", "L'Oréal S.A."),
            ("MAC", "Make-Up Art Cosmetics Inc."),
            ("Giorgio Armani", "Giorgio Armani S.p.A."),
        ),
    ),
    Category(
        "phone_accessories",
        6,
        ("850440", "851830", "850760"),
        "pieces",
        35,
        (
            ("Apple", "Apple Inc."),
            ("Samsung", "Samsung Electronics Co. Ltd."),
            ("JBL", "Harman International"),
            ("Beats", "Beats Electronics LLC"),
        ),
        "design",
    ),
    Category(
        "medicines",
        5,
        ("300490", "300420", "300450"),
        "packs",
        40,
        (
            ("Viagra", "Pfizer Inc."),
            ("Cialis", "Eli Lilly and Company"),
            ("Ozempic", "Novo Nordisk A/S"),
            ("Xanax", "Pfizer Inc."),
            ("Doliprane", "Sanofi"),
        ),
        "patent",
    ),
    Category(
        "jewellery",
        5,
        ("711719", "711311", "711319"),
        "pieces",
        120,
        (
            ("Pandora", "Pandora A/S"),
            ("Swarovski", "Swarovski AG"),
            ("Tiffany & Co.", "Tiffany and Company"),
            ("Cartier", "Cartier International AG"),
        ),
    ),
    Category(
        "toys",
        5,
        ("950300",),
        "pieces",
        25,
        (
            ("Lego", "LEGO A/S"),
            ("Barbie", "Mattel Inc."),
            ("Pokémon", "The Pokémon Company"),
            ("Disney", "Disney Enterprises Inc."),
        ),
        "copyright",
    ),
    Category(
        "sunglasses",
        4,
        ("900410",),
        "pieces",
        150,
        (("Ray-Ban", "Luxottica Group S.p.A."), ("Oakley", "Oakley Inc."), ("Gucci", "Guccio Gucci S.p.A.")),
        "design",
    ),
    Category(
        "mobile_phones",
        3,
        ("851713",),
        "pieces",
        700,
        (
            ("Apple", "Apple Inc."),
            ("Samsung", "Samsung Electronics Co. Ltd."),
            ("Huawei", "Huawei Technologies Co. Ltd."),
        ),
        "patent",
    ),
    Category(
        "other_shoes",
        2,
        ("640399", "640299"),
        "pairs",
        90,
        (
            ("UGG", "Deckers Outdoor Corporation"),
            ("Timberland", "TBL Licensing LLC"),
            ("Christian Louboutin", "Christian Louboutin SAS"),
        ),
    ),
    Category(
        "other_body_care",
        2,
        ("330510", "821210", "330610"),
        "pieces",
        15,
        (
            ("Gillette", "The Gillette Company LLC"),
            ("Oral-B", "The Procter & Gamble Company"),
            ("Nivea", "Beiersdorf AG"),
        ),
    ),
    Category(
        "cigarettes",
        2,
        ("240220",),
        "pieces",
        0.4,
        (
            ("Marlboro", "Philip Morris Products S.A."),
            ("Winston", "JT International S.A."),
            ("Camel", "JT International S.A."),
        ),
    ),
    Category(
        "other_tobacco",
        2,
        ("854340", "240319"),
        "pieces",
        12,
        (("IQOS", "Philip Morris Products S.A."), ("Elf Bar", "Shenzhen Imiracle Technology Co. Ltd.")),
    ),
    Category(
        "electrical_household",
        2,
        ("851631", "851610", "850980"),
        "pieces",
        180,
        (
            ("Dyson", "Dyson Technology Limited"),
            ("Philips", "Koninklijke Philips N.V."),
            ("Bosch", "Robert Bosch GmbH"),
        ),
    ),
    Category(
        "vehicle_parts",
        2,
        ("870899", "870830", "870829"),
        "pieces",
        80,
        (
            ("Mercedes-Benz", "Mercedes-Benz Group AG"),
            ("BMW", "Bayerische Motoren Werke AG"),
            ("Toyota", "Toyota Jidosha Kabushiki Kaisha"),
            ("Bosch", "Robert Bosch GmbH"),
        ),
    ),
    Category(
        "games",
        2,
        ("950450",),
        "pieces",
        60,
        (("Nintendo", "Nintendo Co. Ltd."), ("PlayStation", "Sony Interactive Entertainment Inc.")),
        "copyright",
    ),
    Category(
        "sporting_articles",
        2,
        ("950662", "950631", "950699"),
        "pieces",
        40,
        (
            ("Wilson", "Wilson Sporting Goods Co."),
            ("FC Barcelona", "Futbol Club Barcelona"),
            ("Real Madrid", "Real Madrid Club de Fútbol"),
        ),
    ),
    Category(
        "labels_tags",
        2,
        ("482110", "580710"),
        "pieces",
        2,
        (("Nike", "Nike Innovate C.V."), ("Adidas", "adidas AG"), ("Lacoste", "Lacoste S.A.")),
    ),
    Category(
        "computer_equipment",
        1,
        ("847130", "847160"),
        "pieces",
        60,
        (("HP", "HP Inc."), ("Logitech", "Logitech International S.A.")),
    ),
    Category(
        "memory_cards",
        1,
        ("852351",),
        "pieces",
        20,
        (("SanDisk", "Western Digital Technologies Inc."), ("Kingston", "Kingston Technology Corporation")),
    ),
    Category("ink_toner", 1, ("844399",), "pieces", 45, (("HP", "HP Inc."), ("Canon", "Canon Inc."))),
    Category(
        "foodstuffs",
        1,
        ("040690", "210390", "180690"),
        "kg",
        18,
        (
            ("Parmigiano Reggiano", "Consorzio del Formaggio Parmigiano Reggiano"),
            ("Nutella", "Ferrero S.p.A."),
        ),
        "geographical_indication",
    ),
    Category(
        "alcoholic_beverages",
        1,
        ("220830", "220410"),
        "litres",
        40,
        (
            ("Johnnie Walker", "Diageo Brands B.V."),
            ("Champagne", "Comité Champagne"),
            ("Moët & Chandon", "MHCS"),
        ),
        "geographical_indication",
    ),
    Category(
        "lighters",
        1,
        ("961310",),
        "pieces",
        3,
        (("BIC", "Société BIC"), ("Zippo", "Zippo Manufacturing Company")),
    ),
    Category(
        "packaging_material",
        1,
        ("481910", "392321"),
        "pieces",
        1,
        (("Louis Vuitton", "Louis Vuitton Malletier"), ("Apple", "Apple Inc.")),
    ),
    Category("office_stationery", 0.5, ("960810",), "pieces", 5, (("Montblanc", "Montblanc-Simplo GmbH"),)),
    Category(
        "cds_dvds", 0.5, ("852349",), "pieces", 15, (("Disney", "Disney Enterprises Inc."),), "copyright"
    ),
    Category("other", 1, ("392690", "731815"), "pieces", 10, (("Stanley", "Stanley Black & Decker Inc."),)),
)
CATEGORY = {c.code: c for c in CATEGORIES}

# Related categories: the further goods lines of a case are often of a neighbouring kind.
RELATED: dict[str, tuple[str, ...]] = {
    "clothing": ("clothing_accessories", "sport_shoes", "labels_tags"),
    "sport_shoes": ("clothing", "other_shoes", "sporting_articles"),
    "bags_wallets": ("clothing_accessories", "watches", "jewellery", "sunglasses"),
    "watches": ("jewellery", "sunglasses", "bags_wallets"),
    "perfumes_cosmetics": ("other_body_care", "bags_wallets"),
    "phone_accessories": ("mobile_phones", "memory_cards", "computer_equipment"),
    "medicines": ("other_body_care", "perfumes_cosmetics"),
    "toys": ("games", "sporting_articles"),
    "cigarettes": ("other_tobacco", "lighters"),
}

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


EU_CONVEYANCE = {
    "postal": 0.45,
    "express_courier": 0.27,
    "air_passenger": 0.05,
    "air_cargo": 0.07,
    "sea_container": 0.1,
    "road": 0.06,
}
SHORT_FORM = frozenset(
    {"traffic", "customs_procedure", "concealment_method", "ecommerce", "description", "locode", "articles"}
)

MEMBERS: tuple[Member, ...] = (
    Member(
        "FR",
        "EUR",
        "EUR",
        "retail",
        5.0,
        1.04,
        EU_CONVEYANCE,
        {
            "CN": 35,
            "HK": 18,
            "TR": 12,
            "AE": 5,
            "VN": 4,
            "IN": 3,
            "TH": 3,
            "SG": 3,
            "MA": 3,
            "US": 2,
            "ZZ": 2,
        },
        {
            "mail_centre": ("Roissy CTI Chronopost", "FRCDG"),
            "express_hub": ("Roissy Fret Express", "FRCDG"),
            "airport": ("Roissy Charles de Gaulle", "FRCDG"),
            "air_cargo_terminal": ("Roissy Fret", "FRCDG"),
            "seaport": ("Le Havre", "FRLEH"),
            "land_border": ("Perpignan Le Boulou", "FRPGF"),
        },
        road_from=("ES", "IT", "BE"),
        transit_to=("GB", "CH"),
        category_boost={"perfumes_cosmetics": 1.5},
    ),
    Member(
        "DE",
        "EUR",
        "EUR",
        "retail",
        7.0,
        1.03,
        {**EU_CONVEYANCE, "sea_container": 0.08, "rail": 0.03},
        {"CN": 45, "HK": 15, "TR": 10, "IN": 6, "AE": 4, "VN": 4, "SG": 3, "TH": 2, "US": 2},
        {
            "mail_centre": ("Frankfurt Postzentrum", "DEFRA"),
            "express_hub": ("Leipzig Express Hub", "DELEJ"),
            "airport": ("Flughafen Frankfurt", "DEFRA"),
            "air_cargo_terminal": ("Frankfurt Cargo City", "DEFRA"),
            "seaport": ("Hamburg Waltershof", "DEHAM"),
            "land_border": ("Frankfurt (Oder)", "DEFFO"),
            "inland": ("Duisburg Rail Terminal", "DEDUI"),
        },
        road_from=("PL", "CZ"),
        transit_to=("CH", "NO"),
        category_boost={"medicines": 3.6},
    ),
    Member(
        "ES",
        "EUR",
        "EUR",
        "retail",
        2.2,
        1.02,
        {**EU_CONVEYANCE, "sea_container": 0.14},
        {"CN": 45, "HK": 10, "TR": 10, "AE": 5, "IN": 3, "MA": 6, "PA": 2, "VN": 3},
        {
            "mail_centre": ("Madrid Barajas Correos", "ESMAD"),
            "express_hub": ("Madrid Barajas Express", "ESMAD"),
            "airport": ("Madrid Barajas", "ESMAD"),
            "air_cargo_terminal": ("Barcelona Carga Aérea", "ESBCN"),
            "seaport": ("Valencia", "ESVLC"),
            "land_border": ("La Junquera", "ESLJQ"),
        },
        road_from=("PT", "FR"),
        transit_to=("PT",),
    ),
    Member(
        "TR",
        "EUR",
        "TRY",
        "declared",
        1.9,
        1.09,
        {
            "postal": 0.18,
            "express_courier": 0.27,
            "air_passenger": 0.12,
            "air_cargo": 0.1,
            "sea_container": 0.2,
            "road": 0.13,
        },
        {"CN": 55, "HK": 10, "AE": 10, "VN": 5, "IN": 5, "IR": 5},
        {
            "mail_centre": ("Istanbul Posta", "TRIST"),
            "express_hub": ("Istanbul Hizli Kargo", "TRIST"),
            "airport": ("Istanbul Havalimani", "TRIST"),
            "air_cargo_terminal": ("Istanbul Kargo", "TRIST"),
            "seaport": ("Mersin Liman", "TRMER"),
            "land_border": ("Kapikule", "TRKAP"),
        },
        road_from=("IR", "BG", "GE"),
        application=0.5,
        omitted=frozenset({"traffic", "customs_procedure"}),
        transit_to=("IQ", "AZ"),
        export_to=("IQ", "AZ", "GE", "LY"),
        export_share=0.12,
    ),
    Member(
        "US",
        "AMC",
        "USD",
        "msrp",
        5.0,
        1.05,
        {
            "postal": 0.28,
            "express_courier": 0.5,
            "air_passenger": 0.02,
            "air_cargo": 0.07,
            "sea_container": 0.1,
            "road": 0.03,
        },
        {"CN": 50, "HK": 30, "VN": 3, "IN": 3, "TR": 3, "MX": 2, "KR": 2, "SG": 2, "TH": 2},
        {
            "mail_centre": ("JFK International Mail Facility", "USJFK"),
            "express_hub": ("Cincinnati Express Hub", "USCVG"),
            "airport": ("JFK Airport", "USJFK"),
            "air_cargo_terminal": ("Los Angeles Air Cargo", "USLAX"),
            "seaport": ("Long Beach", "USLGB"),
            "land_border": ("Laredo", "USLRD"),
        },
        road_from=("MX", "CA"),
        application=0.35,
        omitted=frozenset({"outcome", "customs_procedure", "traffic"}),
    ),
    Member(
        "MX",
        "AMC",
        "MXN",
        "declared",
        1.3,
        0.97,
        {
            "postal": 0.12,
            "express_courier": 0.3,
            "air_passenger": 0.08,
            "air_cargo": 0.12,
            "sea_container": 0.28,
            "road": 0.1,
        },
        {"CN": 55, "US": 15, "HK": 10, "VN": 5, "CO": 3},
        {
            "mail_centre": ("Ciudad de México Correos", "MXMEX"),
            "express_hub": ("AICM Mensajería", "MXMEX"),
            "airport": ("AICM", "MXMEX"),
            "air_cargo_terminal": ("AICM Carga", "MXMEX"),
            "seaport": ("Manzanillo", "MXZLO"),
            "land_border": ("Nuevo Laredo", "MXNLD"),
        },
        road_from=("US", "GT"),
        application=0.55,
        omitted=SHORT_FORM,
    ),
    Member(
        "JP",
        "AP",
        "JPY",
        "retail",
        1.8,
        1.01,
        {
            "postal": 0.55,
            "express_courier": 0.25,
            "air_passenger": 0.05,
            "air_cargo": 0.05,
            "sea_container": 0.1,
        },
        {"CN": 70, "HK": 5, "KR": 5, "VN": 5, "TH": 3, "TW": 3, "US": 3},
        {
            "mail_centre": ("Tokyo International Post Office", "JPTYO"),
            "express_hub": ("Narita Express Cargo", "JPNRT"),
            "airport": ("Narita Airport", "JPNRT"),
            "air_cargo_terminal": ("Narita Air Cargo", "JPNRT"),
            "seaport": ("Kobe", "JPUKB"),
        },
        application=0.9,
        omitted=frozenset({"customs_procedure", "traffic"}),
    ),
    Member(
        "KR",
        "AP",
        "KRW",
        "declared",
        1.5,
        1.03,
        {
            "postal": 0.35,
            "express_courier": 0.4,
            "air_passenger": 0.05,
            "air_cargo": 0.08,
            "sea_container": 0.12,
        },
        {"CN": 75, "HK": 8, "VN": 5, "JP": 3, "US": 3},
        {
            "mail_centre": ("Incheon International Mail", "KRINC"),
            "express_hub": ("Incheon Express", "KRINC"),
            "airport": ("Incheon Airport", "KRINC"),
            "air_cargo_terminal": ("Incheon Air Cargo", "KRINC"),
            "seaport": ("Busan New Port", "KRPUS"),
        },
        application=0.6,
        omitted=frozenset({"customs_procedure"}),
    ),
    Member(
        "IN",
        "AP",
        "INR",
        "declared",
        0.8,
        1.0,
        {
            "postal": 0.2,
            "express_courier": 0.3,
            "air_passenger": 0.12,
            "air_cargo": 0.13,
            "sea_container": 0.2,
            "road": 0.05,
        },
        {"CN": 60, "HK": 10, "AE": 10, "SG": 8, "TH": 5},
        {
            "mail_centre": ("Mumbai Foreign Post Office", "INBOM"),
            "express_hub": ("Delhi Courier Terminal", "INDEL"),
            "airport": ("Mumbai Airport", "INBOM"),
            "air_cargo_terminal": ("Delhi Air Cargo", "INDEL"),
            "seaport": ("Nhava Sheva", "INNSA"),
            "land_border": ("Petrapole", "INPTP"),
        },
        road_from=("NP", "BD"),
        application=0.4,
        omitted=frozenset({"traffic", "concealment_method", "customs_procedure"}),
        export_to=("AE", "NG", "KE"),
        export_share=0.08,
    ),
    Member(
        "MA",
        "MENA",
        "MAD",
        "declared",
        1.3,
        1.04,
        {
            "postal": 0.15,
            "express_courier": 0.25,
            "air_passenger": 0.15,
            "air_cargo": 0.08,
            "sea_container": 0.25,
            "road": 0.12,
        },
        {"CN": 50, "TR": 20, "AE": 10, "ES": 8, "EG": 3},
        {
            "mail_centre": ("Casablanca Centre Postal", "MACAS"),
            "express_hub": ("Casablanca Fret Express", "MACMN"),
            "airport": ("Casablanca Mohammed V", "MACMN"),
            "air_cargo_terminal": ("Casablanca Fret Aérien", "MACMN"),
            "seaport": ("Tanger Med", "MAPTM"),
            "land_border": ("Bab Sebta", "MATNG"),
        },
        road_from=("ES",),
        application=0.45,
        omitted=frozenset({"customs_procedure", "locode"}),
    ),
    Member(
        "SA",
        "MENA",
        "SAR",
        "declared",
        1.2,
        1.05,
        {
            "postal": 0.15,
            "express_courier": 0.3,
            "air_passenger": 0.12,
            "air_cargo": 0.1,
            "sea_container": 0.23,
            "road": 0.1,
        },
        {"CN": 50, "AE": 20, "TR": 10, "IN": 8, "EG": 5},
        {
            "mail_centre": ("Riyadh Mail Centre", "SARUH"),
            "express_hub": ("Riyadh Express Hub", "SARUH"),
            "airport": ("King Khalid Airport", "SARUH"),
            "air_cargo_terminal": ("Jeddah Air Cargo", "SAJED"),
            "seaport": ("Jeddah Islamic Port", "SAJED"),
            "land_border": ("Al Batha", "SABTH"),
        },
        road_from=("AE", "JO"),
        application=0.4,
        omitted=frozenset({"traffic", "ecommerce"}),
    ),
    Member(
        "KE",
        "ESA",
        "KES",
        "declared",
        0.8,
        1.04,
        {
            "postal": 0.08,
            "express_courier": 0.15,
            "air_passenger": 0.15,
            "air_cargo": 0.15,
            "sea_container": 0.32,
            "road": 0.15,
        },
        {"CN": 50, "AE": 25, "IN": 12, "UG": 3},
        {
            "mail_centre": ("Nairobi Mail Centre", "KENBO"),
            "express_hub": ("JKIA Courier Terminal", "KENBO"),
            "airport": ("Jomo Kenyatta Airport", "KENBO"),
            "air_cargo_terminal": ("JKIA Cargo", "KENBO"),
            "seaport": ("Mombasa", "KEMBA"),
            "land_border": ("Malaba", "KEMAL"),
        },
        road_from=("UG", "TZ"),
        application=0.3,
        omitted=SHORT_FORM,
    ),
    Member(
        "ZA",
        "ESA",
        "ZAR",
        "declared",
        1.2,
        1.02,
        {
            "postal": 0.1,
            "express_courier": 0.25,
            "air_passenger": 0.12,
            "air_cargo": 0.13,
            "sea_container": 0.28,
            "road": 0.12,
        },
        {"CN": 50, "HK": 15, "AE": 10, "IN": 8, "SG": 4},
        {
            "mail_centre": ("Johannesburg International Mail", "ZAJNB"),
            "express_hub": ("OR Tambo Express", "ZAJNB"),
            "airport": ("OR Tambo Airport", "ZAJNB"),
            "air_cargo_terminal": ("OR Tambo Cargo", "ZAJNB"),
            "seaport": ("Durban", "ZADUR"),
            "land_border": ("Beitbridge", "ZABBR"),
        },
        road_from=("ZW", "MZ", "LS"),
        application=0.5,
        omitted=frozenset({"traffic", "customs_procedure"}),
    ),
    Member(
        "NG",
        "WCA",
        "NGN",
        "declared",
        1.0,
        1.04,
        {
            "postal": 0.05,
            "express_courier": 0.12,
            "air_passenger": 0.18,
            "air_cargo": 0.15,
            "sea_container": 0.38,
            "road": 0.12,
        },
        {"CN": 55, "AE": 15, "TR": 8, "IN": 7, "BJ": 5},
        {
            "mail_centre": ("Lagos Mail Centre", "NGLOS"),
            "express_hub": ("Lagos Courier Terminal", "NGLOS"),
            "airport": ("Murtala Muhammed Airport", "NGLOS"),
            "air_cargo_terminal": ("Lagos Air Cargo", "NGLOS"),
            "seaport": ("Apapa", "NGAPP"),
            "land_border": ("Seme", "NGSEM"),
        },
        road_from=("BJ", "NE"),
        lag_median=125.0,
        lag_sigma=0.35,
        application=0.2,
        omitted=SHORT_FORM,
    ),
    Member(
        "SN",
        "WCA",
        "XOF",
        "declared",
        0.7,
        1.03,
        {
            "postal": 0.08,
            "express_courier": 0.14,
            "air_passenger": 0.2,
            "air_cargo": 0.13,
            "sea_container": 0.3,
            "road": 0.15,
        },
        {"CN": 45, "TR": 15, "AE": 12, "MA": 8, "ML": 5},
        {
            "mail_centre": ("Dakar Centre de Tri", "SNDKR"),
            "express_hub": ("Dakar Fret Express", "SNDSS"),
            "airport": ("Aéroport Blaise Diagne", "SNDSS"),
            "air_cargo_terminal": ("Fret Aérien AIBD", "SNDSS"),
            "seaport": ("Port Autonome de Dakar", "SNDKR"),
            "land_border": ("Diboli", "SNDBL"),
        },
        road_from=("ML", "GM", "MR"),
        application=0.25,
        omitted=SHORT_FORM,
    ),
)
MEMBER = {m.code: m for m in MEMBERS}

# Planted events (see sample_data/README.md).
SPIKE_MEMBER, SPIKE_CATEGORY, SPIKE_MONTH = "DE", "medicines", (2025, 6)
SPIKE_FACTOR = 7.0
NEW_ROUTE = ("VN", "MA")
NEW_ROUTE_FROM = (2025, 4)
REGIME_MEMBER, REGIME_FROM, REGIME_FACTOR = "IN", 2023, 10.0
GAP_MEMBER, GAP_YEAR = "SN", 2021
LATE_MEMBER = "NG"


# ---------------------------------------------------------------------------------------------------------
# Feeds
# ---------------------------------------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------------------------------------
# The same cases in three feed profiles
# ---------------------------------------------------------------------------------------------------------

# Fields every one of the three profiles can carry (fr-douane has the reporting Member as a constant).
PROFILE_FIELDS: tuple[str, ...] = (
    "case_ref",
    "reporting_member",
    "seizure_date",
    "submission_date",
    "office_name",
    "locode",
    "location_type",
    "conveyance",
    "direction",
    "detection_method",
    "concealment_method",
    "procedure_initiation",
    "outcome",
    "origin_country",
    "departure_country",
    "transit_countries",
    "destination_country",
    "small_consignment",
    "ecommerce",
    "description",
    "line_no",
    "product_category",
    "hs_code",
    "brand",
    "right_holder",
    "ipr_types",
    "quantity",
    "unit",
    "articles",
    "value",
    "currency",
    "value_basis",
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
    from cen_pipeline.profiles import load_profile

    profile = load_profile("fr-douane")
    headings = {f: h for h, f in profile.columns.items()}
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

    from cen_pipeline.profiles import load_profile

    profile = load_profile("en-workbook")
    headings = {f: h for h, f in profile.columns.items()}
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


# ---------------------------------------------------------------------------------------------------------
# Fault files
# ---------------------------------------------------------------------------------------------------------

FAULT_COLUMNS: tuple[str, ...] = (
    "case_ref",
    "reporting_member",
    "seizure_date",
    "submission_date",
    "office_name",
    "locode",
    "location_type",
    "conveyance",
    "direction",
    "procedure_initiation",
    "outcome",
    "origin_country",
    "departure_country",
    "transit_countries",
    "destination_country",
    "small_consignment",
    "ecommerce",
    "description",
    "line_no",
    "product_category",
    "hs_code",
    "brand",
    "right_holder",
    "ipr_types",
    "quantity",
    "unit",
    "articles",
    "value",
    "currency",
    "value_basis",
)


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
    from cen_pipeline.validate import column_letter

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
    from cen_pipeline.readers import UnreadableInput
    from cen_pipeline.validate import validate_file

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


# ---------------------------------------------------------------------------------------------------------
# A large valid feed for benchmarks, written by DuckDB without holding it in memory
# ---------------------------------------------------------------------------------------------------------

BIG_MEMBERS = ("FR", "DE", "ES", "US", "JP", "KR", "MX", "MA", "ZA", "NG")
BIG_DEPARTURES = ("CN", "CN", "CN", "CN", "HK", "HK", "TR", "AE", "VN", "IN", "TH", "SG")
BIG_CONVEYANCES = (
    "postal",
    "postal",
    "postal",
    "postal",
    "express_courier",
    "express_courier",
    "express_courier",
    "air_cargo",
    "sea_container",
    "road",
    "air_passenger",
)
# Ways of cutting a block of ten lines into four cases (2.5 lines per case on average): the case of each line.
_BLOCK_PATTERNS = (
    (0, 1, 1, 2, 2, 2, 3, 3, 3, 3),
    (0, 0, 0, 0, 1, 1, 1, 2, 2, 3),
    (0, 0, 1, 1, 2, 2, 2, 3, 3, 3),
    (0, 0, 0, 1, 2, 2, 2, 2, 3, 3),
    (0, 0, 1, 1, 1, 1, 2, 3, 3, 3),
)


def _sql_list(values: Iterable[Any]) -> str:
    return (
        "["
        + ", ".join("'" + str(v).replace("'", "''") + "'" if isinstance(v, str) else str(v) for v in values)
        + "]"
    )


def _line_numbers(pattern: Sequence[int]) -> list[int]:
    return [pattern[: j + 1].count(case) for j, case in enumerate(pattern)]


def big_csv_sql(path: Path, lines: int, seed: int = 7) -> str:
    """The DuckDB statement that writes the big feed: every choice is a hash of the case or line number."""
    members = [MEMBER[c] for c in BIG_MEMBERS]
    cats = [c for c in CATEGORIES if c.weight >= 1]
    weighted = [i for i, c in enumerate(cats) for _ in range(max(1, round(c.weight)))]

    def pick(values: Sequence[Any], key: str, salt: str) -> str:
        return f"{_sql_list(values)}[1 + (hash({key}, {seed}, '{salt}') % {len(values)})::INTEGER]"

    def by(values: Sequence[Any], index: str) -> str:
        return f"{_sql_list(values)}[1 + {index}]"

    places = [CONVEYANCE_PLACE[c] for c in BIG_CONVEYANCES]
    scale = [QUANTITY_SCALE[c] for c in BIG_CONVEYANCES]
    desks = [
        m.offices.get(CONVEYANCE_PLACE[c]) or m.offices["airport"] for m in members for c in BIG_CONVEYANCES
    ]
    offices = [name for name, _ in desks]
    locodes = [code for _, code in desks]
    brands = [b for c in cats for b, _ in (c.brands * 4)[:4]]
    holders = [h for c in cats for _, h in (c.brands * 4)[:4]]
    hs = [h for c in cats for h in (c.hs * 3)[:3]]
    columns = {
        "case_ref": "m_code || '-' || year(day)::VARCHAR || '-' || lpad(c::VARCHAR, 9, '0')",
        "reporting_member": "m_code",
        "seizure_date": "strftime(day, '%Y-%m-%d')",
        "submission_date": f"strftime(day + (2 + hash(c, {seed}, 'lag') % 40)::INTEGER, '%Y-%m-%d')",
        "office_name": f"{_sql_list(offices)}[1 + m * {len(BIG_CONVEYANCES)} + v]",
        "locode": f"{_sql_list(locodes)}[1 + m * {len(BIG_CONVEYANCES)} + v]",
        "location_type": by(places, "v"),
        "conveyance": by(BIG_CONVEYANCES, "v"),
        "traffic": "CASE WHEN v = 10 THEN 'passenger' ELSE 'freight' END",
        "direction": "'import'",
        "detection_method": pick(
            (
                "risk_profiling",
                "risk_profiling",
                "risk_profiling",
                "intelligence",
                "random_control",
                "scanner",
                "right_holder_info",
            ),
            "c",
            "det",
        ),
        "concealment_method": pick(("none", "misdeclared", "misdeclared", "mixed_with_genuine"), "c", "con"),
        "procedure_initiation": pick(("application", "application", "application", "ex_officio"), "c", "ini"),
        "outcome": pick(
            (
                "destroyed_standard",
                "destroyed_standard",
                "destroyed_small_consignment",
                "released_no_reaction",
                "court_case",
            ),
            "c",
            "out",
        ),
        "origin_country": "CASE WHEN dep IN ('HK', 'AE', 'SG') THEN 'CN' ELSE dep END",
        "departure_country": "dep",
        "transit_countries": f"CASE WHEN hash(c, {seed}, 'tr') % 20 = 0 AND dep IN ('CN', 'VN', 'IN', 'TH') "
        f"THEN {pick(('AE', 'SG', 'AE|TR'), 'c', 'trl')} END",
        "destination_country": "m_code",
        "small_consignment": "CASE WHEN v < 7 THEN 'true' ELSE 'false' END",
        "ecommerce": "CASE WHEN v < 7 THEN 'true' END",
        "description": f"CASE WHEN hash(c, {seed}, 'des') % 6 = 0 THEN "
        f"{pick(('Parcel declared as a gift', 'Goods declared as samples', 'Misdeclared consignment'), 'c', 'dt')}"
        " END",
        "line_no": "line_no",
        "product_category": by([c.code for c in cats], "k"),
        "hs_code": f"{_sql_list(hs)}[1 + k * 3 + (hash(i, {seed}, 'hs') % 3)::INTEGER]",
        "brand": f"{_sql_list(brands)}[1 + k * 4 + b]",
        "right_holder": f"{_sql_list(holders)}[1 + k * 4 + b]",
        "ipr_types": f"CASE WHEN hash(i, {seed}, 'ipr') % 6 = 0 THEN 'trade_mark|design' ELSE 'trade_mark' END",
        "quantity": "qty::VARCHAR",
        "unit": by([c.unit for c in cats], "k"),
        "articles": "qty::BIGINT::VARCHAR",
        "value": f"CASE WHEN hash(i, {seed}, 'val') % 8 <> 0 THEN "
        f"round(qty * {by([c.price_eur for c in cats], 'k')} * {by([fx(m.currency, 2024) for m in members], 'm')}"
        f" * {by([0.12 if m.basis == 'declared' else 1.0 for m in members], 'm')}, 2)::DECIMAL(18, 2)::VARCHAR END",
        "currency": f"CASE WHEN hash(i, {seed}, 'val') % 8 <> 0 THEN {by([m.currency for m in members], 'm')} END",
        "value_basis": f"CASE WHEN hash(i, {seed}, 'val') % 8 <> 0 THEN {by([m.basis for m in members], 'm')} END",
    }
    select = ",\n  ".join(f"{columns.get(f, 'NULL::VARCHAR')} AS {f}" for f in FEED_FIELDS)
    cases = _sql_list([list(p) for p in _BLOCK_PATTERNS]).replace("'", "")
    numbers = _sql_list([_line_numbers(p) for p in _BLOCK_PATTERNS]).replace("'", "")
    days = (date(2025, 12, 31) - date(2019, 1, 1)).days + 1
    target = str(path).replace("'", "''")
    return f"""COPY (
WITH base AS (
  SELECT i, i // 10 AS blk, (i % 10)::INTEGER AS j, (hash(i // 10, {seed}, 'pat') % {len(_BLOCK_PATTERNS)})::INTEGER AS p
  FROM range({int(lines)}) t(i)
), keyed AS (
  SELECT i, blk * 4 + {cases}[1 + p][1 + j] AS c, {numbers}[1 + p][1 + j] AS line_no FROM base
), lines AS (
  SELECT *,
    (hash(c, {seed}, 'm') % {len(members)})::INTEGER AS m,
    (hash(c, {seed}, 'v') % {len(BIG_CONVEYANCES)})::INTEGER AS v,
    DATE '2019-01-01' + (hash(c, {seed}, 'day') % {days})::INTEGER AS day,
    {pick(BIG_DEPARTURES, "c", "dep")} AS dep,
    {_sql_list(weighted)}[1 + (hash(i, {seed}, 'k') % {len(weighted)})::INTEGER] AS k,
    (hash(i, {seed}, 'b') % 4)::INTEGER AS b
  FROM keyed
), sized AS (
  SELECT *, {by([m.code for m in members], "m")} AS m_code,
    greatest(1, round({by(scale, "v")} * (0.2 + (hash(i, {seed}, 'q') % 1000) / 500.0)))::BIGINT AS qty
  FROM lines
)
SELECT
  {select}
FROM sized
) TO '{target}' (FORMAT csv, HEADER true)"""


def write_big_csv(path: Path, lines: int, seed: int = 7) -> None:
    """Write a valid canonical CSV of `lines` goods lines (about 2.5 per case), streamed by DuckDB."""
    import duckdb

    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    try:
        con.execute("SET enable_progress_bar = false")
        con.execute(big_csv_sql(path, lines, seed))
    finally:
        con.close()


# ---------------------------------------------------------------------------------------------------------
# README and command line
# ---------------------------------------------------------------------------------------------------------


def _month_name(key: str) -> str:
    return date.fromisoformat(key + "-01").strftime("%B %Y")


def readme_text(facts: dict[str, Any], manifest: list[dict[str, Any]]) -> str:
    members = codelist("member")
    regions = codelist("wco_region")
    counts: dict[str, dict[str, int]] = facts["counts"]
    total_cases = sum(c["cases"] for c in counts.values())
    total_lines = sum(c["lines"] for c in counts.values())
    files = sum(c["files"] for c in counts.values())
    spike_key = f"{SPIKE_MONTH[0]}-{SPIKE_MONTH[1]:02d}"
    route = facts["new_route_by_month"]
    regime = facts["regime_by_year"]
    before = [regime[y] for y in YEARS if y < REGIME_FROM]
    after = [regime[y] for y in YEARS if y >= REGIME_FROM]
    out = [
        "# Sample data",
        "",
        "Synthetic IPR seizure records for trying, testing and demonstrating the pipeline. **Everything here is",
        "invented**: no case, office figure, value or route is taken from a real submission, and no file holds",
        "personal data (descriptions are short neutral texts; brands and right holders are companies).",
        "",
        "Regenerate everything (the same bytes on every run; the seed is fixed and no date depends on the day):",
        "",
        "```",
        "python -m cen_pipeline.samples            # writes sample_data/",
        "python -m cen_pipeline.samples --out DIR  # writes elsewhere",
        "python -m cen_pipeline.samples --big sample_data/big/feed.csv --lines 10000000  # benchmark file",
        "```",
        "",
        "The big benchmark file is written by DuckDB from hashes of the line number (valid, about 2.5 goods lines",
        "per case, ten Members, 2019-2025) and is not committed (`sample_data/big/` is ignored).",
        "",
        "## feeds/: canonical feeds of 15 Members, 2019-2025",
        "",
        f"One canonical CSV per Member and seizure year, `<MEMBER>_<YEAR>.csv`, as a Member submits it: {files}",
        f"files, {total_cases} cases, {total_lines} goods lines. A case has 1 to 4 goods lines; the case fields",
        "are repeated on each of its lines. Every file validates with no error under the `canonical` profile.",
        "",
        "| Member | Name | WCO region | RILO | Currency | Value basis | Files | Cases | Lines |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for m in MEMBERS:
        c = counts[m.code]
        out.append(
            f"| {m.code} | {members.label(m.code)} | {regions.label(m.region)} | "
            f"{members.attributes[m.code]['rilo']} | {m.currency} | {m.basis} | {c['files']} | {c['cases']} | "
            f"{c['lines']} |"
        )
    out += [
        "",
        "What the data look like:",
        "",
        f"- Monthly seasonality with a fourth-quarter peak (December about {SEASON[11] / SEASON[1]:.1f} times "
        "February), and",
        "  a yearly trend per Member (for example US +5 %, TR +9 %, MX -3 % a year).",
        "- Postal and express-courier parcels make most of the cases; sea containers carry most of the articles",
        "  (thousands per line against a handful in a parcel).",
        "- Departure countries are mostly CN and HK, then TR, AE, VN, IN, TH, SG; road consignments come from",
        "  neighbouring countries; some sea and air consignments list transit hubs (AE, SG, TR, HK).",
        "- HS codes match the product category; units are pairs for shoes, kg for foodstuffs, litres for",
        "  beverages, packs for medicines (loose tablets in parcels are counted in pieces).",
        "- Values are in the Member's currency on the Member's basis: `retail` in the EU Members and JP, `msrp`",
        "  in the US, `declared` elsewhere. Some lines have no value.",
        "- Long-form fields are filled as each Member's system allows: several Members leave traffic, customs",
        "  procedure, concealment, e-commerce, description, UN/LOCODE or number of articles empty.",
        f"- Submission follows seizure by a median of {facts['other_median_days']:.0f} days, except at "
        f"{LATE_MEMBER} (see event e).",
        "",
        "## Planted events",
        "",
        "Later tests check that the trend and alert code finds these.",
        "",
        f"a. **Spike**: {SPIKE_MEMBER} ({members.label(SPIKE_MEMBER)}), product category `{SPIKE_CATEGORY}`, "
        f"in {_month_name(spike_key)} only",
        f"   ({spike_key}): {facts['spike_count']} cases with a `{SPIKE_CATEGORY}` line against a mean of "
        f"{facts['spike_baseline']} a month over the",
        f"   twelve months before ({SPIKE_FACTOR:g} times the usual level, at least 8). The extra cases are parcels "
        "and air cargo from IN and CN.",
        f"   No other month of {SPIKE_MEMBER} {SPIKE_CATEGORY} has more than {facts['spike_max_other']} cases.",
        f"b. **New route**: departure {NEW_ROUTE[0]} -> destination {NEW_ROUTE[1]} "
        f"({members.label(NEW_ROUTE[1])}), first seen in {_month_name(facts['new_route_first'])}",
        f"   and never before in any feed; then every month to December 2025, "
        f"{min(route.values())} to {max(route.values())} cases a month",
        "   (sport shoes, some with clothing; sea containers and express parcels), reported by "
        f"{NEW_ROUTE[1]}: " + ", ".join(f"{k}: {v}" for k, v in route.items()) + ".",
        f"c. **Reporting change**: {REGIME_MEMBER} ({members.label(REGIME_MEMBER)}) reports about "
        f"{REGIME_FACTOR:g} times more cases from January {REGIME_FROM}",
        "   across all categories, conveyances and routes in the same proportions (its reporting practice",
        "   changed, not the traffic). Cases per year: "
        + ", ".join(f"{y}: {n}" for y, n in regime.items())
        + f" (mean {np.mean(before):.1f} a year before, {np.mean(after):.1f} after).",
        "   No category of this Member should raise a category alert for the jump.",
        f"d. **Gap in reporting**: {GAP_MEMBER} ({members.label(GAP_MEMBER)}) sent nothing for {GAP_YEAR}: "
        f"there is no file `{GAP_MEMBER}_{GAP_YEAR}.csv`",
        f"   (not reported, which is not zero); it reports again from January {GAP_YEAR + 1}.",
        f"e. **Late submitter**: {LATE_MEMBER} ({members.label(LATE_MEMBER)}) submits a median "
        f"{facts['late_median_days']:.0f} days after seizure",
        f"   (all other Members together: {facts['other_median_days']:.0f} days).",
        "",
        "Other departure -> destination pairs first seen in 2024 or 2025 (chance, rare, not planted): "
        + (
            "; ".join(
                f"{r} from {m} ({n} case{'s' if n != 1 else ''} in all)"
                for r, m, n in facts["routes_first_seen_late"]
            )
            or "none"
        )
        + ".",
        "",
        "## profiles/: the same 12 cases (25 goods lines) in each feed profile",
        "",
        "| File | Profile | Form |",
        "|---|---|---|",
        "| `canonical.csv` | `canonical` | UTF-8, comma, record field names as headings |",
        "| `canonical-bom.csv` | `canonical` | the same with a UTF-8 byte-order mark |",
        "| `canonical-utf16.csv` | `canonical` | the same in UTF-16 with a byte-order mark |",
        "| `fr-douane.csv` | `fr-douane` | Windows-1252, semicolon, decimal comma, space as thousands separator, "
        "DD/MM/YYYY, French headings and national codes; the reporting Member is the profile's constant FR |",
        '| `en-workbook.xlsx` | `en-workbook` | sheet "IPR seizures", readable headings and transport, place '
        "and procedure labels, real Excel dates, numbers and yes/no cells |",
        "",
        "All describe the same cases of FR in 2025 (`FR-2025-900001` to `FR-2025-900012`) and use only values",
        "the national profiles can express. The CSV files include a description with accents, one with an",
        "embedded line break and quotes, and one with quotes and a semicolon.",
        "",
        "## faults/: one small file per problem code",
        "",
        "Each file is the same three valid cases (four rows) with one faulty cell, row or column, named after",
        "the problem code it triggers. `manifest.json` lists for each file the profile, the Member to validate",
        "for (`member-mismatch.csv` needs `--member FR`), the code, the spreadsheet row (header = 1), the column",
        "heading and letter, the cell text as written (null for file-level problems) and the expected exit",
        "status (1 for errors; 0 for `unknown-column.csv`, whose problem is a warning; 3 for unreadable input).",
        "",
        "| File | Code | Row | Column | What is wrong |",
        "|---|---|---|---|---|",
    ]
    notes = {f.file: f.note for f in FAULTS}
    for entry in manifest:
        if entry["exit"] == 3:
            continue
        column = f"{entry['column']} ({entry['letter']})" if entry["letter"] else (entry["column"] or "")
        out.append(
            f"| `{entry['file']}` | `{entry['code']}` | {entry['row'] or ''} | {column} | "
            f"{notes[entry['file']]} |"
        )
    out += [
        "| `not-utf8.csv` | unreadable (exit 3) | | | Latin-1 bytes in a file read as UTF-8 |",
        "| `not-a-workbook.xlsx` | unreadable (exit 3) | | | a text file with an .xlsx name |",
        "",
        "`brands-pass.csv` is valid (no problem at all): its brands and right holders are Louis Vuitton, Calvin",
        "Klein, Tommy Hilfiger, Ralph Lauren, Giorgio Armani and Hugo Boss, company names that look like person",
        "names and must not be taken for personal data.",
        "",
    ]
    return "\n".join(out)


def generate(out: Path, seed: int = SEED) -> dict[str, Any]:
    """(Re)write every sample under `out`; returns the facts of the feeds."""
    out.mkdir(parents=True, exist_ok=True)
    facts = write_feeds(out, seed)
    write_profiles(out, seed)
    manifest = write_faults(out)
    (out / "README.md").write_text(readme_text(facts, manifest), encoding="utf-8")
    return facts


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m cen_pipeline.samples", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--out", type=Path, default=Path("sample_data"), help="folder to (re)write")
    parser.add_argument("--seed", type=int, default=SEED, help=argparse.SUPPRESS)
    parser.add_argument("--big", type=Path, help="write only a big valid canonical CSV to this path")
    parser.add_argument("--lines", type=int, default=1_000_000, help="goods lines of the big CSV")
    args = parser.parse_args(argv)
    if args.big:
        write_big_csv(args.big, args.lines)
        print(f"{args.big}: {args.lines} goods lines")
        return 0
    facts = generate(args.out, args.seed)
    counts = facts["counts"]
    print(
        f"{args.out}: {sum(c['files'] for c in counts.values())} feed files, "
        f"{sum(c['cases'] for c in counts.values())} cases, {sum(c['lines'] for c in counts.values())} lines"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
