"""Reference tables of the synthetic samples: seed and years, seasonality, exchange rates, product categories,
reporting Members and the constants of the planted events.

Everything here is invented. The feed generator (`feeds`), the feed profiles (`profiles`) and the README text
(`readme`) read these tables; the planted events are described in `sample_data/README.md`.
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
