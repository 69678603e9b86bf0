"""Personal data in free text: a broad candidate pattern per kind, confirmed by a Python check.

The candidate patterns keep to the syntax common to Python `re` and DuckDB's RE2: the vectorised check runs
their union in SQL so that ordinary cells never reach Python, and sends the candidates to the same
`find_personal_data` the models call (a scalar function on the connection). A kind is found only where its
candidate matches, so the SQL pre-filter can never pass a cell that Python would refuse.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Iterator
from functools import cache

import phonenumbers
from stdnum import iban as stdnum_iban
from stdnum import luhn

from cen_pipeline.contract.identity_numbers import candidate_pattern, is_national_number
from cen_pipeline.contract.person_names import name_spans, within_brand

Span = tuple[int, int]

_NUMBER_WORD = r"(no\.?|nr\.?|n\.?[o°º]\.?|n[uú]m\.?|number|nummer|num[eé]ro|n[uú]mero|#)?"
_DATE = (
    r"([0-9]{1,2}[./-][0-9]{1,2}[./-][0-9]{2,4}|[0-9]{4}[./-][0-9]{1,2}[./-][0-9]{1,2}"
    r"|[0-9]{1,2}(st|nd|rd|th|er)? ?[A-Za-z]{3,9}\.? [0-9]{4}|[A-Za-z]{3,9}\.? [0-9]{1,2},? [0-9]{4})"
)
_IDENTITY_WORDS = (
    r"passport|passeport|pasaporte|passaporte|passaporto|pasaport|paszport|paspoort|reisepass|pass-nr|"
    r"travel document|document de voyage|documento de viaje|jawaz( al)?[ -]safar|jawaz|"
    r"identity card|identity number|identity no|id card|id no|id number|id nr|national id|national identity|"
    r"carte d.identit[eé]|cni|dni|nie|nif|nir|c[eé]dula|documento de identidad|documento nacional|"
    r"personalausweis|ausweis(nummer)?|steuer-?id|steuernummer|identifikationsnummer|"
    r"bilhete de identidade|cart[aã]o de cidad[aã]o|cpf|rg|aadhaar|aadhar|pan card|nin|cin|cnic|nic|"
    r"tc kimlik( no)?|kimlik( no| numaras[iı])?|codice fiscale|carta d.identit[aà]|pesel|dow[oó]d osobisty|"
    r"personnummer|fødselsnummer|f[oø]dselsnummer|henkil[oö]tunnus|hetu|cpr|bsn|burgerservicenummer|"
    r"curp|rfc|emirates id|iqama|civil id|omang|ghana card|huduma|national insurance|nino|nhs number|"
    r"bitaqa( al)?[ -]wataniya|ssn|sin|social security( number)?|s[eé]curit[eé] sociale|seguridad social|"
    r"resident id|residence permit|titre de s[eé]jour|permiso de residencia|shenfenzheng|my number|"
    r"seaman.?s book|seafarer.?s book|discharge book|crew card|crew id|pilot licen[cs]e|"
    r"loyalty card|membership card|frequent flyer( number| no)?|miles (number|card)|"
    r"driving licen[cs]e|driver.?s licen[cs]e|licen[cs]e no|permis de conduire|permis|licencia de conducir|"
    r"carn[eé] de conducir|carteira de (motorista|habilita[cç][aã]o)|cnh|f[uü]hrerschein|patente di guida|"
    r"rukhsat( al)?[ -]siyaqa|"
    r"паспорт|удостоверение|инн|снилс|جواز سفر|جواز|بطاقة|هوية|رقم الهوية|护照|身份证|パスポート|여권|주민등록번호"
)
_BANK_WORDS = (
    r"sort code|account|acct|a/c|compte|cuenta|konto|kontonummer|conta|rekening|conto|hesap|"
    r"bank|banque|banco|bankverbindung|routing|aba|swift|card|carte bancaire|tarjeta|kreditkarte|cart[aã]o|"
    r"visa|mastercard|amex"
)
_PLATE_WORDS = (
    r"licen[cs]e plates?|number plates?|registration plates?|vehicle registration|car registration|"
    r"truck registration|lorry registration|reg\.? plates?|reg\.? no|registration( no| number)?|"
    r"plate (number|no)|plates?|plaques?( d.immatriculation)?|immatricul[eé]e?s?|immatriculation|"
    r"matr[ií]culas?|placas?( do ve[ií]culo)?|(amtliches )?kennzeichen|nummernschild|targa|plaka|kenteken|"
    r"tablica( rejestracyjna)?|rekisteri(kilpi|tunnus)?|registreringsnummer|nummerplade|skilt|spz|patente|"
    r"chapa|truck|lorry|trailer|vehicle|v[eé]hicule|veh[ií]culo|fahrzeug|lkw|pkw|car|van|"
    r"lawhat( al)?[ -]tasjil|raqm( al)?[ -]lawha|номер|госномер|رقم اللوحة|لوحة|车牌"
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
    r"rue|avenue|av\.|bd|boulevard|chemin|impasse|all[eé]e|quai|place|cours|route|faubourg|square|"
    r"calle|c/|avenida|avda\.?|paseo|plaza|pasaje|carrer|camino|carretera|ronda|traves[ií]a|callej[oó]n|"
    r"rua|travessa|largo|viela|estrada|alameda|pra[cç]a|rodovia|"
    r"via|viale|piazza|piazzale|corso|vicolo|stretto|contrada|borgo|lungomare|"
    r"ul\.|ulica|al\.|aleja|os\.|pl\.|utca|út|t[eé]r|ulice|n[aá]m[eě]st[ií]|strada|bulevardul|calea|"
    r"straat|laan|weg|plein|gracht|kade|singel|dijk|"
    r"street|st\.?|road|rd\.?|lane|ln\.?|drive|dr\.|way|avenue|ave\.?|court|ct\.?|close|crescent|terrace|"
    r"place|pl\.|square|sq\.|parkway|pkwy|highway|hwy|boulevard|blvd\.?|circle|cir\.?|trail|trace|"
    r"shari.?a?|zanqat|derb|hay|zankat|sokak|sok\.|caddesi|cad\.|mahallesi|mah\."
)
# German, Dutch and Nordic street names end in their kind: Goethestraße 5, Lindseysingel 68, Næstvedvej 45.
_STREET_ENDINGS = (
    r"stra(ss|ß)e|str\.|weg|gasse|platz|allee|ring|damm|ufer|chaussee|steig|pfad|"
    r"straat|laan|singel|gracht|plein|kade|dijk|"
    r"vej|gade|gatan|g[aä]rd|v[aä]gen|gr[aä]nd|gata|veien|vegen|stien|tie|katu|polku|kuja"
)
# English street names end in their kind too, after the house number: 7835 Erica Trace.
_STREET_SUFFIXES = (
    r"Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Court|Ct|Close|Crescent|Terrace|Place|Pl|Square|Parkway|"
    r"Highway|Boulevard|Blvd|Circle|Trail|Trace|Way|Row|Walk|Mews|Gardens|Grove|Hill|Hills|Heights|Park|"
    r"Point|Ridge|Run|Common|Commons|Village|Villages|Fort|Ford|Forge|Falls|Ferry|Field|Fields|Glen|Green|"
    r"Harbor|Harbour|Haven|Island|Junction|Key|Knoll|Lake|Landing|Loop|Manor|Meadow|Meadows|Mill|Mills|Mount|"
    r"Orchard|Oval|Pass|Path|Pike|Pines|Plains|Plaza|Port|Prairie|Ranch|Rapids|Rest|Route|Shoal|Shore|Shores|"
    r"Spring|Springs|Station|Stream|Summit|Turnpike|Underpass|Union|Valley|Via|View|Vista|Well|Wells|Estate|"
    r"Estates|Expressway|Extension|Camp|Canyon|Cape|Causeway|Center|Centre|Cliff|Club|Corner|Corners|Creek|"
    r"Crossing|Crossroad|Curve|Dale|Dam|Divide|Bypass|Bluff|Bluffs|Bottom|Branch|Bridge|Brook|Brooks|Burg|"
    r"Alley|Annex|Arcade|Bayou|Beach|Bend|Lodge|Light|Lights|Locks|Neck|Radial|Ramp|Spur|Squares|Track|"
    r"Trafficway|Tunnel|Unions|Viaduct|Views|Ville|Isle|Inlet|Hollow|Gateway|Freeway|Flat|Flats|Fork|Forks"
)
_DATE_WORDS = (
    r"date of birth|born on|born|birth date|birthdate|d\.o\.b\.?|dob|n[eé]e? le|n[eé]e? en|"
    r"date de naissance|fecha de nacimiento|f\. nac\.|nacid[oa] el|nacid[oa]|geburtsdatum|geboren am|geboren|geb\.|"
    r"data de nascimento|nascid[oa] em|nascid[oa]|data di nascita|nat[oa] il|nat[oa] a|"
    r"do[gğ]um tarihi|d\. tarihi|data urodzenia|urodzon[ya]|ur\.|datum narozen[ií]|narozen[aý]?|"
    r"geboortedatum|f[oø]dselsdato|f[oö]delsedatum|syntym[aä]aika|"
    r"дата рождения|д\.р\.|родил(ся|ась)|г\.р\.|тарих|تاريخ الميلاد|تاريخ الولادة|مواليد|"
    r"tarikh( al)?[ -]milad|tarikh( al)?[ -]wilada|mawlud|出生日期|生年月日|생년월일"
)
_MONTHS = (
    r"jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|janv|f[eé]vr?|mars|avr|mai|juin|juil|ao[uû]t|"
    r"d[eé]c|ene|abr|ago|dic|m[aä]r|okt|dez|gen|mag|giu|lug|set|ott|ocak|[sş]ubat|mart|nisan|may[iı]s|"
    r"haziran|temmuz|a[gğ]ustos|eyl[uü]l|ekim|kas[iı]m|aral[iı]k"
)
_AT = r"\[at\]|\(at\)|\{at\}|\[@\]|\(@\)|＠| @ | ?\[ ?at ?\] ?| arroba | chez | ät | \[ät\] | ат | собака "
_DOT = r"\[dot\]|\(dot\)|\{dot\}| dot | punto | point | punkt | \. |\.|．| точка "

NATIONAL_FORMATS = candidate_pattern()

# Candidate patterns, by kind (Python and RE2 alike; ASCII \b).
CANDIDATES: dict[str, str] = {
    # Lengths are bounded (an address's local part has at most 64 characters, a label 63) so that the
    # time on a long run of letters grows with its length, not its square.
    "e-mail": r"[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(\.[A-Za-z0-9-]{1,63}){0,4}\.[A-Za-z]{2,12}"
    rf"|[A-Za-z0-9._%+-]{{1,64}}({_AT})[A-Za-z0-9-]{{1,63}}(({_DOT})[A-Za-z0-9-]{{1,63}}){{0,4}}({_DOT})[A-Za-z]{{2,6}}\b"
    r"|(?i:[A-Za-z0-9._%+-]{1,64} at [A-Za-z0-9-]{1,63}( dot [A-Za-z0-9-]{1,63}){0,4} dot [a-z]{2,6}\b)",
    # A number written with separators anywhere, a spaced "+", an extension (first, so that the longest
    # reading is confirmed): phonenumbers decides.
    "phone": r"(^|[^A-Za-z0-9/.-])(\+ ?)?[0-9(]( ?[0-9()./-]){6,30} ?[0-9]( ?(x|ext\.?) ?[0-9]{1,6})?\b"
    r"|(\+|\b00)[1-9]([ .()/-]{0,2}[0-9]){6,14}\b"
    r"|\b0[1-9][0-9]{0,4}[ ./-][0-9]{3,8}\b|\b[6-9][0-9]{2}[ .][0-9]{3}[ .][0-9]{3}\b"
    r"|\([0-9]{2,5}\)[ .-]?[0-9]{2,4}([ .-]?[0-9]{2,4}){1,3}"
    r"|\b0[1-9][0-9]{0,3}([ ./-][0-9]{2,4}){2,4}\b|\b0[1-9][0-9]{7,10}\b"
    r"|\b[2-9][0-9]{2}[-. ][2-9][0-9]{2}[-. ][0-9]{4}\b"
    r"|\b1[3-9][0-9]{9}\b"
    rf"|(?i:\b({_PHONE_WORDS})\b)[^A-Za-z0-9+(]{{0,6}}(?i:n[o°º]\.?\s*)?[+(]?[0-9][0-9 ./()-]{{5,30}}[0-9]",
    "iban": r"\b[A-Z]{2}[0-9]{2}([ -]?[A-Z0-9]{4}){2,7}([ -]?[A-Z0-9]{1,4})?\b",
    "bank account or card": r"\b[2-6][0-9]{3}([ -]?[0-9]{4}){2}[ -]?[0-9]{1,7}\b|\b3[47][0-9]{2}[ -]?[0-9]{6}[ -]?[0-9]{5}\b"
    rf"|(?i:\b({_BANK_WORDS})\b)[^A-Za-z0-9]{{0,12}}(?i:{_NUMBER_WORD})[^A-Za-z0-9]{{0,4}}[0-9][0-9 -]{{4,30}}[0-9]",
    "passport or identity number": rf"(?i:(\b({_IDENTITY_WORDS})\b|carte d.identit[eé]|identit[eé]|"
    r"паспорт|удостоверение|جواز سفر|جواز|هوية|护照|身份证|パスポート|여권|주민등록번호))"
    rf"[^A-Za-z0-9]{{0,12}}(?i:{_NUMBER_WORD})"
    r"[^A-Za-z0-9]{0,4}[A-Za-z0-9][A-Za-z0-9 .-]{3,40}"
    r"|\b[A-Z]{1,2}[0-9]{7,8}\b|\b[0-9]{3}-[0-9]{2}-[0-9]{4}\b"
    rf"|{NATIONAL_FORMATS}"
    r"|[A-Z0-9]{0,39}<<[A-Z0-9<]{2,}|\b[PIAC][A-Z<][A-Z]{3}[A-Z0-9<]{8,40}",
    "vehicle plate": rf"(?i:\b(({_PLATE_WORDS})\b|immatricul[eé]e?s?|номер|госномер|رقم اللوحة|لوحة|车牌))"
    rf"[^A-Za-z0-9]{{0,12}}(?i:{_NUMBER_WORD})"
    r"[^A-Za-z0-9]{0,4}[^ ,;:()]{1,4}([ ·.-]?[^ ,;:()]{1,5}){0,4}",
    # A title, two capitalised words (or a surname, comma or slash, given name), or any word in a script
    # without case: the names dictionary decides (person_names.py).
    "person name": rf"\b({_TITLES})\.? [A-ZÀ-Ý][a-zß-ÿ]+"
    r"|[A-ZÀ-ÞĀ-ſ][^ ,/;:()]{0,40}(, | |/ ?)[A-ZÀ-ÞĀ-ſ]"
    r"|[Ͱ-ϿЀ-ӿ֐-׿؀-ۿऀ-৿ก-๿぀-ヿ一-鿿가-힣]",
    "date of birth": rf"(?i:(\b({_DATE_WORDS})\b|дата рождения|родил(ся|ась)|г\.р\.|تاريخ الميلاد|تاريخ الولادة|"
    r"مواليد|出生日期|生年月日|생년월일))"
    rf"[^A-Za-z0-9]{{0,4}}({_DATE}|(?i:[0-9]{{1,2}} ?({_MONTHS})[a-z]*\.? ?[0-9]{{2,4}}))",
    "address": rf"(?i:\b[0-9]{{1,5}}( ?(bis|ter|[a-c]))?,? ({_STREET}) [A-Za-zÀ-ÿ])"
    rf"|(?i:\b({_STREET}) [A-Za-zÀ-ÿ][A-Za-zÀ-ÿ'. -]{{1,40}},? (n[o°º]\.? ?|nr\.? ?|#)?[0-9]{{1,5}}\b)"
    rf"|\b[A-ZÀ-Ý][A-Za-zß-ÿ-]{{0,40}}({_STREET_ENDINGS}) [0-9]{{1,5}}\b"
    rf"|\b[0-9]{{1,6}},? [A-ZÀ-Ý][A-Za-zß-ÿ'-]{{1,40}}( [A-ZÀ-Ý][A-Za-zß-ÿ'-]{{1,40}}){{0,2}} ({_STREET_SUFFIXES})\.?\b"
    r"|(?i:\b(apt|apartment|suite|flat|appartamento|depto|piso|wohnung|h\.no|house no|bl\.|sc\.|ap\.)\.? ?[0-9]{1,5}\b)"
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
    r"parcel|colis|container|imo|voyage|flight|vol|vuelo|booking|order|commande|pedido)\b)"
    r"( ?(number|no\.?|nr\.?|n[o°º]\.?|num[eé]ro|n[uú]mero|nummer))?[^A-Za-z]{0,6}$"
)
_DATE_LIKE = re.compile(r"^[0-9]{1,4}[./ -][0-9]{1,2}[./ -][0-9]{2,4}$")
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
    if re.match(rf"(?i:({_PHONE_WORDS}))", piece):
        return len(re.sub(r"[^0-9]", "", piece)) >= 6
    if _identifier_before(text, span[0]) or _DATE_LIKE.match(piece.strip()):
        return False
    if re.search(r"([0-9][./-]|[A-Za-z][/-]?)$", text[: span[0]]):
        return False  # the end of a date, a longer number or a reference: 24/06/2023, OP-2023-156
    number = re.sub(r"(?i:\s*(x|ext\.?)\s*[0-9]{1,6})$", "", piece.strip())  # an extension
    if re.fullmatch(r"[0-9]+[.,][0-9]+", number):
        return False  # a decimal number: 0.1234567, a commodity code 3303.151159
    international = number.startswith(("+", "00"))
    digits = re.sub(r"[^0-9]", "", number).removeprefix("00" if number.startswith("00") else "")
    if not 7 <= len(digits) <= 15 or (
        not international
        and not re.search(r"[ ().-]", number)
        and not re.fullmatch(r"0[1-9][0-9]{7,10}|1[3-9][0-9]{9}", digits)
    ):
        return False  # a bare run of digits is a phone only in a national form that shows it
    if international:  # the country code and the length suffice
        try:
            return bool(phonenumbers.is_possible_number(phonenumbers.parse("+" + digits, None)))
        except phonenumbers.NumberParseException:
            return False
    return any(_valid_phone(digits, region) for region in PHONE_REGIONS)


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


def _is_identity(text: str, match: re.Match[str]) -> bool:
    piece = match.group()
    if "<" in piece:  # a machine-readable zone: filler runs that no goods or trade text has
        return piece.count("<") >= 2 and len(piece) >= 10
    if re.match(r"[A-Z]{1,2}[0-9]{7,8}$", piece) or re.match(r"[0-9]{3}-[0-9]{2}-[0-9]{4}$", piece):
        return not _identifier_before(text, match.start())
    if re.fullmatch(r"[0-9A-Za-z .+-]+", piece) and not re.match(r"(?i:[a-z])", piece):
        return is_national_number(piece) and not _identifier_before(text, match.start())
    if re.fullmatch(NATIONAL_FORMATS, piece):
        return is_national_number(piece) and not _identifier_before(text, match.start())
    return bool(re.search(r"[0-9]", piece))  # a document named, then a number that has digits


def _identities(text: str) -> list[Span]:
    return [m.span() for m in _matches("passport or identity number", text) if _is_identity(text, m)]


def _ibans(text: str) -> list[Span]:
    return [m.span() for m in _matches("iban", text) if stdnum_iban.is_valid(re.sub(r"[ -]", "", m.group()))]


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
        plate = re.sub(rf"^(?i:({_PLATE_WORDS}))[^A-Za-z0-9]*", "", m.group())
        if re.search(r"[0-9٠-٩০-৯]", plate) and not _QUANTITY.fullmatch(plate):
            found.append(m.span())
            position = m.end()
        else:
            position = m.start() + 1
    return found


_TITLED = re.compile(rf"\b({_TITLES})\.? [A-ZÀ-Ý][a-zß-ÿ]+", re.ASCII)


def _names(text: str, level: str = "full") -> list[Span]:
    titled = [m.span() for m in _TITLED.finditer(text)]
    return [span for span in titled if not within_brand(span[0], text)] + name_spans(text, level)


CONFIRM: dict[str, Callable[[str], list[Span]]] = {
    "e-mail": lambda text: _plain("e-mail", text),
    "phone": _phones,
    "iban": _ibans,
    "bank account or card": _cards,
    "passport or identity number": _identities,
    "vehicle plate": _plates,
    "person name": _names,
    "date of birth": lambda text: _plain("date of birth", text),
    "address": lambda text: _plain("address", text),
    "online identity": _online,
}


_DIGIT = r"[0-9٠-٩۰-۹०-९০-৯]"
# What a text must hold for a kind to be there at all: a search for it is far cheaper than the kind's pattern
# on a long cell of letters or digits.
_NEEDS: dict[str, re.Pattern[str]] = {
    "e-mail": re.compile(r"[@＠]|(?i:\bat\b|arroba|chez|ät|\bат\b|собака)"),
    "phone": re.compile(_DIGIT),
    "iban": re.compile(_DIGIT),
    "bank account or card": re.compile(_DIGIT),
    "passport or identity number": re.compile(rf"{_DIGIT}|<"),
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
    return CONFIRM[kind](text)
