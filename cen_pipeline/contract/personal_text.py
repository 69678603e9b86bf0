"""Personal data in free text: a broad candidate pattern per kind, confirmed by a Python check.

The candidate patterns keep to the syntax common to Python `re` and DuckDB's RE2: the vectorised check runs
their union in SQL so that ordinary cells never reach Python, and sends the candidates to the same
`find_personal_data` the models call (a scalar function on the connection). A kind is found only where its
candidate matches, so the SQL pre-filter can never pass a cell that Python would refuse.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from collections.abc import Callable, Iterator
from functools import cache

import phonenumbers
import pycountry
from stdnum import iban as stdnum_iban
from stdnum import luhn

from cen_pipeline.contract.identity_numbers import candidate_pattern, is_national_number
from cen_pipeline.contract.person_names import ROLE_WORDS, name_spans, within_brand
from cen_pipeline.contract.personal_words import (
    AT,
    BANK_WORDS,
    DATE,
    DATE_ABBREVIATIONS,
    DATE_WORDS,
    DOT,
    IDENTITY_WORDS,
    MONTHS,
    NUMBER_WORD,
    PHONE_WORDS,
    PLATE_WORDS,
    PLATE_WORDS_OTHER,
    POSTCODES,
    STREET,
    STREET_ENDINGS,
    STREET_SUFFIXES,
    TITLE_FORMS,
    VEHICLE_WORDS,
)

Span = tuple[int, int]

NATIONAL_FORMATS = candidate_pattern()
# Decimal digits of the scripts Members write in besides ASCII: Arabic-Indic, Persian, Devanagari, Bengali, Thai.
_OTHER_DIGIT = "[٠-٩۰-۹०-९০-৯๐-๙]"
# Each read as its ASCII digit (one character for one, so that spans stay where they were).
_ASCII_DIGITS = str.maketrans(
    {
        chr(c): str(unicodedata.digit(chr(c)))
        for c in range(0x660, 0xE5A)
        if unicodedata.category(chr(c)) == "Nd"
    }
)
# The kinds whose numbers are read in any script's digits.
_NUMBER_KINDS = frozenset(
    {"phone", "iban", "bank account or card", "passport or identity number", "unnamed number"}
)

# Candidate patterns, by kind (Python and RE2 alike; ASCII \b).
CANDIDATES: dict[str, str] = {
    # Lengths are bounded (an address's local part has at most 64 characters, a label 63) so that the
    # time on a long run of letters grows with its length, not its square.
    "e-mail": r"[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(\.[A-Za-z0-9-]{1,63}){0,4}\.[A-Za-z]{2,12}"
    rf"|[A-Za-z0-9._%+-]{{1,64}}(?i:{AT})[A-Za-z0-9-]{{1,63}}((?i:{DOT})[A-Za-z0-9-]{{1,63}}){{0,4}}(?i:{DOT})[A-Za-z]{{2,6}}\b"
    r"|(?i:[A-Za-z0-9._%+-]{1,64} at [A-Za-z0-9.-]{1,63}( dot [A-Za-z0-9.-]{1,63}){0,4} dot [a-z]{2,6}\b)",
    # A number written with separators anywhere, a spaced "+", an extension (first, so that the longest
    # reading is confirmed): phonenumbers decides.
    "phone": r"(^|[^A-Za-z0-9/.-])(\+ ?)?[0-9(]( ?[0-9()./-]){6,30} ?[0-9]( ?(x|ext\.?) ?[0-9]{1,6})?\b"
    r"|(\+|\b00)[1-9]([ .()/-]{0,2}[0-9]){6,14}\b"
    r"|\b0[1-9][0-9]{0,4}[ ./-][0-9]{3,8}\b|\b[6-9][0-9]{2}[ .][0-9]{3}[ .][0-9]{3}\b"
    r"|\([0-9]{2,5}\)[ .-]?[0-9]{2,4}([ .-]?[0-9]{2,4}){1,3}"
    r"|\b0[1-9][0-9]{0,3}([ ./-][0-9]{2,4}){2,4}\b|\b0[1-9][0-9]{7,10}\b"
    r"|\b[2-9][0-9]{2}[-. ][2-9][0-9]{2}[-. ][0-9]{4}\b"
    r"|\b1[3-9][0-9]{9}\b|\b[0-9]{2,4} [0-9]{2} [0-9]{2}\b|\b[0-9]( [0-9]){6,14}\b"
    rf"|{_OTHER_DIGIT}([ ./()-]{{0,3}}{_OTHER_DIGIT}){{6,}}"
    rf"|(?i:\b({PHONE_WORDS})\b)[^A-Za-z0-9+(]{{0,6}}(?i:n[o°º]\.?\s*)?[+(]?[0-9][0-9 ./()-]{{5,30}}[0-9]",
    "iban": r"\b[A-Z]{2}[0-9]{2}([ -]?[A-Z0-9]{4}){2,7}([ -]?[A-Z0-9]{1,4})?\b",
    "bank account or card": r"\b[2-6][0-9]{3}([ -]?[0-9]{4}){2}[ -]?[0-9]{1,7}\b|\b3[47][0-9]{2}[ -]?[0-9]{6}[ -]?[0-9]{5}\b"
    rf"|(?i:\b({BANK_WORDS})\b)[^A-Za-z0-9]{{0,12}}(?i:{NUMBER_WORD})[^A-Za-z0-9]{{0,4}}[A-Z]{{0,6}}[0-9][0-9A-Z -]{{4,30}}[0-9]",
    "passport or identity number": rf"(?i:(\b({IDENTITY_WORDS})\b|carte d.identit[eé]|identit[eé]|"
    r"паспорт|удостоверение|جواز سفر|جواز|هوية|护照|身份证|パスポート|여권|주민등록번호))"
    rf"[^A-Za-z0-9]{{0,12}}(?i:{NUMBER_WORD})"
    r"[^A-Za-z0-9]{0,4}[A-Za-z0-9][A-Za-z0-9 .-]{3,40}"
    r"|\b[A-Z]{1,2}[0-9]{7,8}\b|\b[0-9]{3}-[0-9]{2}-[0-9]{4}\b"
    rf"|{NATIONAL_FORMATS}"
    r"|[A-Z0-9]{0,39}<<[A-Z0-9<]{2,}|\b[PIAC][A-Z<][A-Z]{3}[A-Z0-9<]{8,40}"
    # A person's number after the word for the person (luggage of 23710191421, attn. 82383073732).
    rf"|(?i:\b({ROLE_WORDS}|contact)\b)[^A-Za-z0-9]{{0,4}}[0-9]([ -]?[0-9]){{6,19}}\b",
    # A long number that no word names (a phone or an identity number written bare): a lot, an invoice or a
    # tariff code is written after its word.
    "unnamed number": r"\b[A-Z]?[0-9]{8,15}\b",
    "vehicle plate": rf"(?i:\b({PLATE_WORDS})\b|immatricul[eé]e?s?|{PLATE_WORDS_OTHER})"
    rf"[^A-Za-z0-9]{{0,12}}(?i:{NUMBER_WORD})"
    r"[^A-Za-z0-9]{0,4}[^ ,;:()]{1,4}([ ·.-]?[^ ,;:()]{1,5}){0,4}",
    # A title, two capitalised words (or a surname, comma or slash, given name), or any word in a script
    # without case: the names dictionary decides (person_names.py).
    "person name": rf"\b({TITLE_FORMS})\.? [A-ZÀ-Ý][a-zß-ÿ]+"
    r"|[A-ZÀ-ÞĀ-ſ][^ ,/;:()]{0,40}(, | |/ ?)([a-z]{1,4} ){0,2}[A-ZÀ-ÞĀ-ſ]"
    r"|[Ͱ-ϿЀ-ӿ֐-׿؀-ۿऀ-৿ก-๿぀-ヿ一-鿿가-힣]",
    "date of birth": rf"(?i:(\b({DATE_WORDS})\b|{DATE_ABBREVIATIONS}|дата рождения|родил(ся|ась)|г\.р\.|تاريخ الميلاد|تاريخ الولادة|"
    r"مواليد|出生日期|生年月日|생년월일))"
    rf"[^A-Za-z0-9]{{0,4}}({DATE}|(?i:[0-9]{{1,2}} ?({MONTHS})[a-z]*\.? ?[0-9]{{2,4}}))",
    "address": rf"(?i:\b[0-9]{{1,5}}( ?(bis|ter|[a-c]))?,? ({STREET}) [A-Za-zÀ-ÿ])"
    rf"|(?i:\b({STREET}) [A-Za-zÀ-ÿ][A-Za-zÀ-ÿ'. -]{{1,40}},? (n[o°º]\.? ?|nr\.? ?|#)?[0-9]{{1,5}}\b)"
    rf"|\b[A-ZÀ-Ý][A-Za-zß-ÿĀ-ſ-]{{0,40}}(?i:{STREET_ENDINGS}) [0-9]{{1,5}}\b"
    rf"|\b[0-9]{{1,6}},? [A-ZÀ-ÝĀ-ſ][A-Za-zß-ÿĀ-ſ'-]{{1,40}}( [A-ZÀ-ÝĀ-ſ][A-Za-zß-ÿĀ-ſ'-]{{1,40}}){{0,2}} "
    rf"({STREET_SUFFIXES})s?\.?\b"
    r"|(?i:\b(apt|apartment|suite|flat|studio|appartamento|depto|dpto|piso|interior|int|edif|piano|interno|"
    r"scala|wohnung|h\.no|house no|bl\.|sc\.|ap\.)\.? ?[0-9]{1,5}[a-z]?\b)"
    rf"|{POSTCODES}"
    r"|(?i:\b(residing at|resident at|lives at|living at|domicili[eé]e? (à|au)|demeurant|wohnhaft|"
    r"domiciliad[oa] en|residente en|morador|residente em|address|adresse|direcci[oó]n|morada|anschrift|"
    r"indirizzo|adres|adresi|unwan|al-unwan)\b)[^A-Za-z0-9]{0,4}[0-9]"
    r"|ул\.|улица|просп\.|проспект|д\. [0-9]|вул\.|شارع|街|路[0-9]|號|번지|로 [0-9]",
    "online identity": r"(^|[^A-Za-z0-9._%+-])@[A-Za-z_][A-Za-z0-9_.]{2,29}"
    r"|(?i:\b(instagram|insta|facebook|fb|tiktok|telegram|whatsapp|wechat|weixin|snapchat|twitter|"
    r"viber|skype|vk|vkontakte|discord|kik|threads|onlyfans)\b)"
    r"( ?(?i:id|handle|account|user ?name|nick|number|no\.?))?[ ]?[:/#@+][ ]?[A-Za-z0-9_.+-]{3,40}"
    r"|(?i:\b(wechat|weixin|skype|kik|snapchat|telegram) (?i:id|handle|user|account) [A-Za-z0-9_.-]{3,40})"
    r"|(?i:\b(instagram|facebook|tiktok|whatsapp|telegram|snapchat|wechat|viber)\b) [+0-9][0-9 ]{6,20}"
    r"|\b[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\b"
    r"|\b[0-9A-Fa-f]{1,4}(:[0-9A-Fa-f]{0,4}){2,7}\b",
}

# Words in front of a number that make it a goods, transport or document identifier, not personal data.
_IDENTIFIER_BEFORE = re.compile(
    r"(?i:\b(awb|mawb|hawb|air ?waybill|lta|lot|lots|batch|lote|charge|chargen?-?nr|model|mod[eè]le|modelo|ref|"
    r"r[eé]f[eé]rence|referencia|serial|s/n|sn|invoice|facture|factura|rechnung|tracking|suivi|seguimiento|"
    r"container|conteneur|contenedor|seal|scell[eé]|precinto|item|article|art|hs|sh|code|b/l|bl|"
    r"bill of lading|manifest|mrn|declaration|d[eé]claration|case|dossier|ean|upc|gtin|barcode|sku|imei|part|"
    r"pi[eè]ce|tir|carnet|eur\.1|certificate|certificat|patent|design|rcd|tariff|taric|cn|postal item|"
    r"parcel|colis|container|imo|voyage|flight|vol|vuelo|booking|order|commande|pedido|"
    r"sizes?|tailles?|tallas?|pointures?|gr(ö|oe)(ss|ß)en?|gr\.)\b)"
    r"( ?(number|no\.?|nr\.?|n[o°º]\.?|num[eé]ro|n[uú]mero|nummer))?[^A-Za-z]{0,6}$"
)
_DATE_LIKE = re.compile(
    r"^([0-9]{1,2}[./ -][0-9]{1,2}[./ -]([0-9]{2}|[0-9]{4})|[0-9]{4}[./ -][0-9]{1,2}[./ -][0-9]{1,2})$"
)
PHONE_REGIONS = (
    "US", "CA", "GB", "FR", "DE", "ES", "PT", "IT", "NL", "BE", "CH", "AT", "SE", "NO", "DK", "FI", "PL",
    "CZ", "HU", "RO", "GR", "BG", "UA", "IL", "IR", "MA", "DZ", "TN", "EG", "SA", "AE", "NG", "ZA", "KE",
    "IN", "BD", "PK", "TH", "VN", "ID", "PH", "CN", "HK", "TW", "JP", "KR", "BR", "MX", "AR", "CO", "TR",
    "RU", "AU",
)  # fmt: skip


@cache
def candidate(kind: str) -> re.Pattern[str]:
    # ASCII semantics for \b and classes, as in RE2, so both engines select the same cells.
    return re.compile(CANDIDATES[kind], re.ASCII)


def _identifier_before(text: str, start: int) -> bool:
    return bool(_IDENTIFIER_BEFORE.search(text[max(0, start - 30) : start]))


def _matches(kind: str, text: str) -> Iterator[re.Match[str]]:
    return candidate(kind).finditer(text)


def _plain(kind: str, text: str) -> list[Span]:
    return [m.span() for m in _matches(kind, text)]


def _is_phone(text: str, span: Span) -> bool:
    piece = text[span[0] : span[1]]
    if re.match(rf"(?i:({PHONE_WORDS}))", piece):
        return len(re.sub(r"[^0-9]", "", piece)) >= 6
    if _identifier_before(text, span[0]) or _DATE_LIKE.match(piece.strip()):
        return False
    if re.search(r"([0-9][./-]|[A-Za-z][/-]?)$", text[: span[0]]):
        return False  # the end of a date, a longer number or a reference: 24/06/2023, OP-2023-156
    number = re.sub(r"(?i:\s*(x|ext\.?)(\s*[0-9]){1,6})$", "", piece.strip())  # an extension
    if re.fullmatch(r"[0-9]+[.,][0-9]+", number):
        return False  # a decimal number: 0.1234567, a commodity code 3303.151159
    # The trunk prefix written after a country code (+44 (0)20 ...), digits spaced one by one (0 0 1 - 7 2 2).
    compact = re.sub(r"[^0-9+]", "", number.replace("(0)", ""))
    international = compact.startswith(("+", "00"))
    digits = re.sub(r"[^0-9]", "", compact).removeprefix("00" if compact.startswith("00") else "")
    if not 7 <= len(digits) <= 15 or (
        not international
        and not re.search(r"[ ()./-]", number)
        and not re.fullmatch(r"0[1-9][0-9]{7,10}|1[3-9][0-9]{9}", digits)
    ):
        return False  # a bare run of digits is a phone only in a national form that shows it
    if international and _international(digits):
        return True
    if not international and any(_valid_phone(digits, region) for region in PHONE_REGIONS):
        return True
    return _written_as_phone(number) and not _COUNTED.match(text, span[1])


def _international(digits: str) -> bool:
    """A country code and a length that a number can have."""
    try:
        parsed = phonenumbers.parse("+" + digits, None)
    except phonenumbers.NumberParseException:
        return False
    code = parsed.country_code or 0
    return len(digits) >= 8 and phonenumbers.region_code_for_country_code(code) != "ZZ"


# Digits in small groups, as people write a number to be read out (400 73 51, 3 2 7 3 6 5 3, 0 0 7 9 - 6 9 6):
# a phone even where no country's plan validates it. A count's thousands (1 000 000) are not such groups.
_SMALL_GROUPS = re.compile(r"[0-9]{1,4}(( ?[-./] ?| )[0-9]{1,4}){2,}")
_THOUSANDS = re.compile(r"[0-9]{1,3}([ .,][0-9]{3})+")


def _written_as_phone(number: str) -> bool:
    digits = re.sub(r"[^0-9]", "", number)
    return (
        7 <= len(digits) <= 15
        and bool(_SMALL_GROUPS.fullmatch(number))
        and not _THOUSANDS.fullmatch(number)
        and not _DATE_LIKE.match(number)
    )


def _valid_phone(number: str, region: str | None) -> bool:
    try:
        return bool(phonenumbers.is_valid_number(phonenumbers.parse(number, region)))
    except phonenumbers.NumberParseException:
        return False


def _phones(text: str) -> list[Span]:
    found = []
    for m in _matches("phone", text):
        # The pattern takes the character before a number (RE2 has no look-behind): the number starts after.
        start = m.start() + len(m.group()) - len(m.group().lstrip(" ,;:!?'\"[{<>=_*&%|\\"))
        if _is_phone(text, (start, m.end())):
            found.append((start, m.end()))
    return found


_PERSONS_NUMBER = re.compile(rf"(?i:({ROLE_WORDS}|contact))[^A-Za-z0-9]{{0,4}}[0-9]([ -]?[0-9]){{6,19}}$")
_SHORT_DOCUMENT = re.compile(r"(?i:(pp|id)\b(?! ?(card|no|nr|number|num)\b))")
_SHORT_DOCUMENT_NUMBER = re.compile(
    rf"(?i:pp|id)[^A-Za-z0-9]{{0,4}}(?i:{NUMBER_WORD})[^A-Za-z0-9]{{0,4}}([A-Z]{{0,2}}[0-9]{{6,}}|"
    r"(?=(?:[A-Z]*[0-9]){4})[A-Z0-9]{8,})"
)


def _is_identity(text: str, match: re.Match[str]) -> bool:
    piece = match.group()
    if _PERSONS_NUMBER.match(piece):  # but not a count: shipped by 20000 pcs
        return not _identifier_before(text, match.start()) and not _COUNTED.match(text, match.end())
    if "<" in piece:  # a machine-readable zone: filler runs that no goods or trade text has
        return piece.count("<") >= 2 and len(piece) >= 10
    if re.match(r"[A-Z]{1,2}[0-9]{7,8}$", piece) or re.match(r"[0-9]{3}-[0-9]{2}-[0-9]{4}$", piece):
        return not _identifier_before(text, match.start())
    if re.fullmatch(r"[0-9A-Za-z .+-]+", piece) and not re.match(r"(?i:[a-z])", piece):
        return is_national_number(piece) and not _identifier_before(text, match.start())
    if re.fullmatch(NATIONAL_FORMATS, piece):
        return is_national_number(piece) and not _identifier_before(text, match.start())
    if _SHORT_DOCUMENT.match(piece):  # PP is also polypropylene (PP 50 bags), ID a product's (ID 12)
        return bool(_SHORT_DOCUMENT_NUMBER.match(piece))
    return bool(re.search(r"[0-9]", piece))  # a document named, then a number that has digits


def _identities(text: str) -> list[Span]:
    return [m.span() for m in _matches("passport or identity number", text) if _is_identity(text, m)]


_JOINED_BEFORE = re.compile(r"[A-Za-z0-9][./,:#_-]?$")
_JOINED_AFTER = re.compile(r"[./,:#_-]?[A-Za-z0-9]")


def _unnamed_numbers(text: str) -> list[Span]:
    """Long numbers that stand alone: not part of a reference (OP-2023-12345678, 176-12345675), not after a
    word that names them, not a count (12500000 sticks) or a decimal, not a compact date."""
    found = []
    for m in _matches("unnamed number", text):
        start, end = m.span()
        if _JOINED_BEFORE.search(text[:start]) or _JOINED_AFTER.match(text, end):
            continue  # a part of a longer reference or number
        if _identifier_before(text, start) or _COUNTED.match(text, end) or re.match(r" [a-z]", text[end:]):
            continue
        if _compact_date(m.group()):
            continue
        found.append((start, end))
    return found


def _compact_date(piece: str) -> bool:
    """A date written without separators: 20230415 or 15042023."""
    if len(piece) != 8 or not piece.isdigit():
        return False
    for year, month, day in ((piece[:4], piece[4:6], piece[6:]), (piece[4:], piece[2:4], piece[:2])):
        if 1900 <= int(year) <= 2100 and 1 <= int(month) <= 12 and 1 <= int(day) <= 31:
            return True
    return False


def _is_iban(code: str) -> bool:
    """An IBAN of the registry, or one of its shape whose ISO 7064 check holds: some countries number accounts
    in the IBAN form without being in the registry, or with another length than the registry's."""
    if stdnum_iban.is_valid(code):
        return True
    if not 12 <= len(code) <= 34 or not _is_country(code[:2]):
        return False
    moved = code[4:] + code[:4]
    return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1


@cache
def _is_country(alpha2: str) -> bool:
    return pycountry.countries.get(alpha_2=alpha2) is not None


def _ibans(text: str) -> list[Span]:
    return [m.span() for m in _matches("iban", text) if _is_iban(re.sub(r"[ -]", "", m.group()))]


def _is_card_or_account(text: str, match: re.Match[str]) -> bool:
    piece = match.group()
    digits = re.sub(r"[^0-9]", "", piece)
    if re.match(r"[0-9]", piece):  # a bare card number: its issuer's length and Luhn check digit
        return (
            14 <= len(digits) <= 19 and luhn.is_valid(digits) and not _identifier_before(text, match.start())
        )
    return len(digits) >= 6


def _cards(text: str) -> list[Span]:
    return [m.span() for m in _matches("bank account or card", text) if _is_card_or_account(text, m)]


def _is_online(piece: str) -> bool:
    address = piece.strip()
    if re.fullmatch(r"[0-9.]+", address) or re.fullmatch(r"[0-9A-Fa-f:]+", address):
        if address.count(":") < 3 and "::" not in address:
            return not re.fullmatch(r"[0-9.]+", address) or _is_ip(address)
        return _is_ip(address)
    return True


def _is_ip(address: str) -> bool:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


def _online(text: str) -> list[Span]:
    return [
        m.span()
        for m in _matches("online identity", text)
        if _is_online(m.group()) and not _identifier_before(text, m.start())
    ]


# A single number, perhaps with a unit, after "truck" or "vehicle" is a quantity, not a plate.
_QUANTITY = re.compile(
    r"[0-9]+([.,][0-9]+)? ?(?i:ft|m|t|kg|tons?|tonnes?|cartons?|pcs|pieces|units|x[0-9]+)?"
)


def _plates(text: str) -> list[Span]:
    """A cue word, then a plate: at least one digit (of any script) in no more than a few words. A cue
    that is not followed by a plate ("truck with registration plate ...") lets the next one be tried."""
    found = []
    pattern, position = candidate("vehicle plate"), 0
    while m := pattern.search(text, position):
        plate = re.sub(
            rf"^(?i:({PLATE_WORDS}|{PLATE_WORDS_OTHER}))[\s:.#°º-]*(?i:{NUMBER_WORD})[\s:.#°º-]*",
            "",
            m.group(),
        )
        plate = re.split(r" (?=[a-z]{2,}\b)", plate)[0]  # up to an ordinary word: 40 ft container
        # After a vehicle's word a number alone is a count; after a plate's word it is a plate, as in the Gulf.
        counted = _QUANTITY.fullmatch(plate) and (
            re.match(rf"(?i:{VEHICLE_WORDS})\b", m.group())
            or len(plate) < 3
            or re.fullmatch(r"(19|20)[0-9]{2}", plate)  # a year: registration 2023
            or _COUNTED.match(text, m.end())
        )
        if re.search(r"[0-9٠-٩০-৯]", plate) and not counted:
            found.append(m.span())
            position = m.end()
        else:
            position = m.start() + 1
    return found


# A count after a street-like word is a quantity (Plein cigarettes, 17438 pieces), and "Dr." before a name
# is a doctor's title (Dr. Oetker), not a drive.
_COUNTED = re.compile(
    r"\s*(?i:pieces|pcs|units|cartons|boxes|bottles|pairs|items|kg|g|l|ml|packs|packets|sticks|tablets|"
    r"rolls|sets|dozen|doz|pallets|parcels|bags)\b"
)


def _addresses(text: str) -> list[Span]:
    return [
        m.span()
        for m in _matches("address", text)
        if not _COUNTED.match(text, m.end()) and not re.match(r"(?i:dr)\. [A-Z]", m.group())
    ]


_TITLED = re.compile(rf"\b({TITLE_FORMS})\.? [A-ZÀ-Ý][a-zß-ÿ]+", re.ASCII)


def _names(text: str, level: str = "full") -> list[Span]:
    titled = [m.span() for m in _TITLED.finditer(text)]
    return [span for span in titled if not within_brand(span[0], text)] + name_spans(text, level)


CONFIRM: dict[str, Callable[[str], list[Span]]] = {
    "e-mail": lambda text: _plain("e-mail", text),
    "phone": _phones,
    "iban": _ibans,
    "bank account or card": _cards,
    "passport or identity number": _identities,
    "unnamed number": _unnamed_numbers,
    "vehicle plate": _plates,
    "person name": _names,
    "date of birth": lambda text: _plain("date of birth", text),
    "address": _addresses,
    "online identity": _online,
}


_DIGIT = r"[0-9٠-٩۰-۹०-९০-৯๐-๙]"
# What a text must hold for a kind to be there at all: a search for it is far cheaper than the kind's pattern
# on a long cell of letters or digits.
_NEEDS: dict[str, re.Pattern[str]] = {
    "e-mail": re.compile(r"[@＠]|(?i:\bat\b|arroba|chez|ät|\bат\b|собака)"),
    "phone": re.compile(_DIGIT),
    "iban": re.compile(_DIGIT),
    "bank account or card": re.compile(_DIGIT),
    "passport or identity number": re.compile(rf"{_DIGIT}|<"),
    "unnamed number": re.compile(_DIGIT),
    "vehicle plate": re.compile(_DIGIT),
    "date of birth": re.compile(_DIGIT),
    "address": re.compile(rf"{_DIGIT}|ул\.|улиц|просп|вул\.|شارع|街|號|번지"),
    "online identity": re.compile(
        r"[@＠0-9]|(?i:insta|facebook|fb|tiktok|telegram|whatsapp|wechat|weixin|snapchat|twitter|viber|skype|"
        r"vk|discord|kik|threads|onlyfans)"
    ),
}


def spans(kind: str, text: str, level: str = "full") -> list[Span]:
    """Where `text` holds personal data of `kind` (none unless the kind's candidate pattern matches)."""
    needs = _NEEDS.get(kind)
    if (needs is not None and not needs.search(text)) or not candidate(kind).search(text):
        return []
    if kind == "person name":  # the one kind whose reading depends on the field: see person_names.py
        return _names(text, level)
    if kind in _NUMBER_KINDS:
        text = text.translate(_ASCII_DIGITS)
    return CONFIRM[kind](text)
