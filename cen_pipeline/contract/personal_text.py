"""Personal data in free text: a broad candidate pattern per kind, confirmed by a Python check.

The candidate patterns keep to the syntax common to Python `re` and DuckDB's RE2: the vectorised check runs
their union in SQL so that ordinary cells never reach Python, and sends the candidates to the same
`find_personal_data` the models call (a scalar function on the connection). A kind is found only where its
candidate matches, so the SQL pre-filter can never pass a cell that Python would refuse.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache

import phonenumbers
from stdnum import iban as stdnum_iban
from stdnum.br import cpf
from stdnum.cn import ric
from stdnum.in_ import aadhaar

Span = tuple[int, int]

_NUMBER_WORD = r"(no\.?|nr\.?|n\.?[o°º]\.?|n[uú]m\.?|number|nummer|num[eé]ro|n[uú]mero|#)?"
_DATE = (
    r"([0-9]{1,2}[./-][0-9]{1,2}[./-][0-9]{2,4}|[0-9]{4}[./-][0-9]{1,2}[./-][0-9]{1,2}"
    r"|[0-9]{1,2}(st|nd|rd|th|er)? ?[A-Za-z]{3,9}\.? [0-9]{4}|[A-Za-z]{3,9}\.? [0-9]{1,2},? [0-9]{4})"
)
_IDENTITY_WORDS = (
    r"passport|passeport|pasaporte|passaporte|reisepass|pass-nr|jawaz( al)?[ -]safar|jawaz|"
    r"identity card|identity number|id card|id no|id number|national id|national identity|carte d.identit[eé]|"
    r"cni|dni|nie|nif|c[eé]dula|documento de identidad|documento nacional|personalausweis|ausweis(nummer)?|"
    r"bilhete de identidade|cart[aã]o de cidad[aã]o|cpf|rg|aadhaar|aadhar|pan card|nin|cin|"
    r"bitaqa( al)?[ -]wataniya|ssn|social security( number)?|resident id|shenfenzheng|"
    r"driving licen[cs]e|driver.?s licen[cs]e|licen[cs]e no|permis de conduire|permis|licencia de conducir|"
    r"carn[eé] de conducir|carteira de (motorista|habilita[cç][aã]o)|cnh|f[uü]hrerschein|rukhsat( al)?[ -]siyaqa"
)
_PLATE_WORDS = (
    r"licen[cs]e plates?|number plates?|registration plates?|vehicle registration|car registration|"
    r"truck registration|lorry registration|reg\.? plates?|reg\.? no|plate (number|no)|plates?|"
    r"plaques?( d.immatriculation)?|immatricul[eé]e?s?|immatriculation|matr[ií]culas?|placas?( do ve[ií]culo)?|"
    r"(amtliches )?kennzeichen|nummernschild|lawhat( al)?[ -]tasjil|raqm( al)?[ -]lawha"
)
_PHONE_WORDS = (
    r"tel|t[eé]l|t[eé]l[eé]phone|phone|telephone|mobile|cell|cellphone|tel[eé]fono|m[oó]vil|portable|"
    r"celular|telem[oó]vel|telefone|handy|telefon|mobil|whatsapp|hatif|raqm( al)?[ -]hatif|gsm"
)
_TITLES = (
    r"Mr|MR|Mrs|MRS|Ms|MS|Miss|Mme|MME|Mlle|M\.|Monsieur|Madame|Sr|Sra|Srta|Se[nñ]or|Se[nñ]ora|Senhor|Senhora|"
    r"Don|Do[nñ]a|Dona|Herr|Frau|Dr|Prof|Sayyid|Sayed|Sayyida|Sidi|Lalla|Hajj|Hadj|Cheikh|Sheikh"
)
_STREET = (
    r"rue|avenue|av\.|bd|boulevard|chemin|impasse|all[eé]e|calle|c/|avenida|avda\.?|paseo|plaza|"
    r"rua|travessa|largo|street|st\.?|road|rd\.?|lane|drive|way|"
    r"shari.?a?|zanqat|derb|hay|zankat"
)

# Candidate patterns, by kind (Python and RE2 alike; ASCII \b).
CANDIDATES: dict[str, str] = {
    "e-mail": r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}",
    "phone": r"(\+|\b00)[1-9]([ .()/-]{0,2}[0-9]){6,14}\b"
    r"|\b0[1-9][0-9]{0,4}[ ./-][0-9]{3,8}\b|\b[6-9][0-9]{2}[ .][0-9]{3}[ .][0-9]{3}\b"
    r"|\([0-9]{2,5}\)[ .-]?[0-9]{2,4}([ .-]?[0-9]{2,4}){1,3}"
    r"|\b0[1-9][0-9]{0,3}([ ./-][0-9]{2,4}){2,4}\b|\b0[1-9][0-9]{7,10}\b"
    r"|\b[2-9][0-9]{2}[-. ][2-9][0-9]{2}[-. ][0-9]{4}\b"
    rf"|(?i:\b({_PHONE_WORDS})\b)[^A-Za-z0-9+(]{{0,6}}(?i:n[o°º]\.?\s*)?[+(]?[0-9][0-9 ./()-]{{5,}}[0-9]",
    "iban": r"\b[A-Z]{2}[0-9]{2}( ?[A-Z0-9]{4}){3,7}( ?[A-Z0-9]{1,3})?\b",
    "passport or identity number": rf"(?i:\b(({_IDENTITY_WORDS})\b|carte d.identit[eé]|identit[eé]))[^A-Za-z0-9]{{0,12}}(?i:{_NUMBER_WORD})"
    r"[^A-Za-z0-9]{0,4}[A-Za-z0-9][A-Za-z0-9 .-]{3,}"
    r"|\b[A-Z]{1,2}[0-9]{7,8}\b|\b[0-9]{17}[0-9Xx]\b|\b[0-9]{3}\.[0-9]{3}\.[0-9]{3}-[0-9]{2}\b"
    r"|\b[2-9][0-9]{3} [0-9]{4} [0-9]{4}\b|\b[0-9]{3}-[0-9]{2}-[0-9]{4}\b",
    "vehicle plate": rf"(?i:\b(({_PLATE_WORDS})\b|immatricul[eé]e?s?))[^A-Za-z0-9]{{0,12}}(?i:{_NUMBER_WORD})"
    r"[^A-Za-z0-9]{0,4}[A-Za-z0-9][A-Za-z0-9 ·.-]{2,14}[A-Za-z0-9]",
    "person name": rf"\b({_TITLES})\.? [A-ZÀ-Ý][a-zß-ÿ]+",
    "date of birth": r"(?i:\b(date of birth|born on|born|birth date|d\.o\.b\.?|dob|n[eé]e? le|n[eé]e? en|"
    r"date de naissance|fecha de nacimiento|nacid[oa] el|nacid[oa]|geburtsdatum|geboren am|geb\.|"
    r"data de nascimento|nascid[oa] em|tarikh( al)?[ -]milad|tarikh( al)?[ -]wilada|mawlud)\b)"
    rf"[^A-Za-z0-9]{{0,4}}{_DATE}",
    "address": rf"(?i:\b[0-9]{{1,4}}( ?(bis|ter|[a-c]))?,? ({_STREET}) [A-Za-z])"
    rf"|(?i:\b({_STREET}) [A-Za-z][A-Za-z' -]{{2,30}},? (n[o°º]\.? ?)?[0-9]{{1,4}}\b)"
    r"|\b[A-Z][a-z]+(stra(ss|ß)e|str\.|weg|gasse|platz|allee) [0-9]{1,4}\b"
    r"|\b[0-9]{1,4},? [A-Z][a-z]+( [A-Z][a-z]+)? (Street|Road|Avenue|Lane|Drive|Close|Crescent|Boulevard)\b"
    r"|(?i:\b(residing at|resident at|lives at|living at|domicili[eé]e? (à|au)|demeurant|wohnhaft|"
    r"domiciliad[oa] en|residente en|morador|residente em|address|adresse|direcci[oó]n|morada|anschrift|"
    r"unwan|al-unwan)\b)[^A-Za-z0-9]{0,4}[0-9]",
}

# Words in front of a number that make it a goods, transport or document identifier, not personal data.
_IDENTIFIER_BEFORE = re.compile(
    r"(?i:\b(awb|mawb|hawb|air ?waybill|lta|lot|lots|batch|lote|charge|chargen?-?nr|model|mod[eè]le|modelo|ref|"
    r"r[eé]f[eé]rence|referencia|serial|s/n|sn|invoice|facture|factura|rechnung|tracking|suivi|seguimiento|"
    r"container|conteneur|contenedor|seal|scell[eé]|precinto|item|article|art|hs|sh|code|b/l|bl|"
    r"bill of lading|manifest|mrn|declaration|d[eé]claration|case|dossier|ean|upc|sku|imei|part|pi[eè]ce)\b)"
    r"( ?(number|no\.?|nr\.?|n[o°º]\.?|num[eé]ro|n[uú]mero|nummer))?[^A-Za-z]{0,6}$"
)
# Brands and products written with a title, which are not persons.
_TITLED_BRANDS = re.compile(
    r"(?i:\b(dr\.? ?martens|dr\.? ?oetker|dr\.? ?pepper|dr\.? ?dre|dr\.? ?scholl'?s?|dr\.? ?jart|"
    r"mr\.? ?porter|mr\.? ?clean|mr\.? ?bean|mrs\.? ?doubtfire|mr\.? ?muscle|m\. ?m\.)\b)"
)
_DATE_LIKE = re.compile(r"^[0-9]{1,4}[./ -][0-9]{1,2}[./ -][0-9]{2,4}$")
PHONE_REGIONS = (
    "US", "CA", "GB", "FR", "DE", "ES", "PT", "IT", "NL", "BE", "CH", "MA", "DZ", "TN", "EG", "SA", "AE",
    "NG", "ZA", "KE", "IN", "CN", "HK", "JP", "KR", "BR", "MX", "AR", "CO", "TR", "RU", "AU",
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
    if re.match(rf"(?i:({_PHONE_WORDS}))", piece):
        return len(re.sub(r"[^0-9]", "", piece)) >= 6
    if _identifier_before(text, span[0]) or _DATE_LIKE.match(piece.strip()):
        return False
    if re.search(r"[0-9][./-]$", text[: span[0]]):  # the end of a date or a longer number: 24/06/2023
        return False
    if piece.lstrip().startswith(("+", "00")):
        try:
            number = phonenumbers.parse("+" + piece.lstrip().lstrip("+").removeprefix("00"), None)
        except phonenumbers.NumberParseException:
            return False
        return phonenumbers.is_possible_number(number)
    return any(
        phonenumbers.is_valid_number(match.number)
        for region in PHONE_REGIONS
        for match in phonenumbers.PhoneNumberMatcher(piece, region, leniency=phonenumbers.Leniency.VALID)
    )


def _phones(text: str) -> list[Span]:
    return [m.span() for m in _matches("phone", text) if _is_phone(text, m.span())]


def _ibans(text: str) -> list[Span]:
    return [m.span() for m in _matches("iban", text) if stdnum_iban.is_valid(m.group())]


def _is_identity(text: str, match: re.Match[str]) -> bool:
    piece = match.group()
    if re.match(r"[A-Z]{1,2}[0-9]{7,8}$", piece):
        return not _identifier_before(text, match.start())
    if re.match(r"[0-9]{17}[0-9Xx]$", piece):
        return bool(ric.is_valid(piece))
    if re.match(r"[0-9]{3}\.[0-9]{3}\.[0-9]{3}-[0-9]{2}$", piece):
        return bool(cpf.is_valid(piece))
    if re.match(r"[0-9]{4} [0-9]{4} [0-9]{4}$", piece):
        return bool(aadhaar.is_valid(piece))
    if re.match(r"[0-9]{3}-[0-9]{2}-[0-9]{4}$", piece):
        return not _identifier_before(text, match.start())
    return bool(re.search(r"[0-9]", piece))  # a document named, then a number that has digits


def _identities(text: str) -> list[Span]:
    return [m.span() for m in _matches("passport or identity number", text) if _is_identity(text, m)]


def _plates(text: str) -> list[Span]:
    return [m.span() for m in _matches("vehicle plate", text) if re.search(r"[0-9]", m.group())]


def _names(text: str) -> list[Span]:
    brands = [m.span() for m in _TITLED_BRANDS.finditer(text)]
    return [
        m.span() for m in _matches("person name", text) if not any(b[0] <= m.start() < b[1] for b in brands)
    ]


CONFIRM: dict[str, Callable[[str], list[Span]]] = {
    "e-mail": lambda text: _plain("e-mail", text),
    "phone": _phones,
    "iban": _ibans,
    "passport or identity number": _identities,
    "vehicle plate": _plates,
    "person name": _names,
    "date of birth": lambda text: _plain("date of birth", text),
    "address": lambda text: _plain("address", text),
}


def spans(kind: str, text: str) -> list[Span]:
    """Where `text` holds personal data of `kind` (none unless the kind's candidate pattern matches)."""
    if not candidate(kind).search(text):
        return []
    return CONFIRM[kind](text)
