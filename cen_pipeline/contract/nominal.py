"""The non-nominal guard: refuses columns that carry personal data and screens free text for it.

The global store never holds data on natural persons. A column whose heading names personal data refuses
the whole file; free-text cells are screened by `find_personal_data` (see `personal_text.py`), which the
vectorised validator calls too, on the cells its RE2 pre-filter selects, so both agree. Brands and right holders are company names and
may be named after persons (Louis Vuitton, Hugo Boss ... are not persons there): see LEVELS.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata

from cen_pipeline.contract.personal_text import CANDIDATES, spans

__all__ = ["CANDIDATES", "LEVELS", "SQL_FUNCTION", "find_personal_data", "fingerprint", "withheld"]

# The name of the SQL scalar function that confirms a candidate cell (installed by the vectorised check).
SQL_FUNCTION = "cen_personal_data"

# Which kinds each screening level looks for. Every free-text field is screened for every kind ("full");
# a brand or right holder ("company") may be named after a person, so a name alone is legitimate there and
# only a name marked as a person's (a title, a role) is refused; an office ("office") is named after its place,
# so a known place followed by a name is its place there. A case reference, checked by its pattern
# too, is screened for contact data.
LEVELS: dict[str, tuple[str, ...]] = {
    "full": tuple(CANDIDATES),
    "office": tuple(CANDIDATES),
    "company": tuple(CANDIDATES),
    "contact": ("e-mail", "phone", "iban"),
}


# A long text is screened in windows of this many characters, overlapping by half (no piece of personal data
# is longer), so that the time grows with its length and not with the square of a long run of word characters.
WINDOW = 1000


def set_aside(text: str, allowed: tuple[str, ...]) -> str:
    """`text` with each allowed term (in any case) replaced by a mark that no kind reads, same length."""
    for term in allowed:
        text = re.sub(re.escape(term), lambda m: "·" * len(m.group()), text, flags=re.IGNORECASE)
    return text


def find_personal_data(text: str, level: str, allowed: tuple[str, ...] = ()) -> list[str]:
    """The kinds of personal data found in `text`, screened at `level`, the terms `allowed` set aside."""
    if allowed:
        text = set_aside(text, allowed)
    if len(text) <= WINDOW:
        return [kind for kind in LEVELS[level] if spans(kind, text, level)]
    found: set[str] = set()
    for start in range(0, len(text), WINDOW // 2):
        found.update(find_personal_data(text[start : start + WINDOW], level))
    return [kind for kind in LEVELS[level] if kind in found]


def is_personal_data(text: str, level: str, allowed: tuple[str, ...] = ()) -> bool:
    """Whether `text` holds personal data at `level`: what the SQL function SQL_FUNCTION answers."""
    return bool(find_personal_data(text, level, allowed))


def withheld(kinds: list[str], length: int) -> str:
    """What every output shows in place of a value holding personal data: its kinds and length, and no
    character of the value itself (a masked remainder would keep a name after its title, a street after its
    number, the last groups of an account)."""
    return f"[personal data withheld: {', '.join(kinds)}; {length} characters]"


def fingerprint(value: str, key: str) -> str:
    """A keyed hash of a refused value: the same value sent again is recognised by the store that holds the
    key, and nobody without the key can test a guess against it."""
    return hmac.new(key.encode(), value.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()


# Column headings that announce personal data, normalised (lower case, no accents, words split).
# Phrases are matched as whole word sequences, so "brand name" or "office name" are not caught by "name".
NOMINAL_HEADINGS: tuple[str, ...] = (
    # English
    "name",
    "first name",
    "given name",
    "forename",
    "last name",
    "surname",
    "family name",
    "full name",
    "person",
    "person name",
    "passenger",
    "passenger name",
    "traveller",
    "traveler",
    "driver",
    "driver name",
    "owner name",
    "importer name",
    "exporter name",
    "consignee",
    "consignee name",
    "consignor",
    "consignor name",
    "sender name",
    "recipient name",
    "offender",
    "suspect",
    "date of birth",
    "birth date",
    "dob",
    "birthday",
    "place of birth",
    "passport",
    "passport number",
    "passport no",
    "id number",
    "identity number",
    "identity card",
    "id card",
    "national id",
    "personal id",
    "address",
    "street",
    "home address",
    "postal address",
    "postcode",
    "zip code",
    "email",
    "e mail",
    "email address",
    "phone",
    "phone number",
    "telephone",
    "mobile",
    "mobile number",
    "licence plate",
    "license plate",
    "vehicle plate",
    "number plate",
    "registration number",
    "iban",
    "account number",
    "bank account",
    "nationality",
    # French
    "nom",
    "prenom",
    "nom de famille",
    "nom complet",
    "voyageur",
    "passager",
    "conducteur",
    "date de naissance",
    "lieu de naissance",
    "passeport",
    "numero de passeport",
    "carte d identite",
    "numero d identite",
    "adresse",
    "code postal",
    "courriel",
    "adresse electronique",
    "telephone portable",
    "portable",
    "numero de telephone",
    "immatriculation",
    "plaque d immatriculation",
    "compte bancaire",
    "numero de compte",
    "nationalite",
    "expediteur",
    "destinataire",
    # Spanish
    "nombre",
    "apellido",
    "apellidos",
    "nombre completo",
    "pasajero",
    "viajero",
    "fecha de nacimiento",
    "lugar de nacimiento",
    "pasaporte",
    "numero de pasaporte",
    "documento de identidad",
    "dni",
    "cedula",
    "direccion",
    "domicilio",
    "codigo postal",
    "correo",
    "correo electronico",
    "telefono",
    "movil",
    "celular",
    "matricula",
    "placa",
    "cuenta bancaria",
    "numero de cuenta",
    "nacionalidad",
    "remitente",
)

# Words that, in front of or after "name"/"nom"/"nombre", make a heading about persons.
_PERSON_WORDS = {
    "person",
    "passenger",
    "traveller",
    "traveler",
    "driver",
    "owner",
    "importer",
    "exporter",
    "consignee",
    "consignor",
    "sender",
    "recipient",
    "offender",
    "suspect",
    "first",
    "last",
    "family",
    "given",
    "full",
    "passager",
    "voyageur",
    "conducteur",
    "proprietaire",
    "importateur",
    "exportateur",
    "destinataire",
    "expediteur",
    "pasajero",
    "viajero",
    "conductor",
    "propietario",
    "importador",
    "exportador",
    "destinatario",
}


# Words that mark a heading as personal data wherever they stand in it ("passenger e-mail", "adresse client").
_STRONG_WORDS = {
    "surname",
    "forename",
    "passport",
    "email",
    "iban",
    "address",
    "birth",
    "telephone",
    "nationality",
    "prenom",
    "passeport",
    "courriel",
    "adresse",
    "naissance",
    "immatriculation",
    "nationalite",
    "apellido",
    "apellidos",
    "pasaporte",
    "dni",
    "cedula",
    "direccion",
    "domicilio",
    "nacimiento",
    "telefono",
}


def normalise_heading(heading: str) -> str:
    decomposed = unicodedata.normalize("NFKD", heading)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = re.sub(r"([a-z])([A-Z])", r"\1 \2", plain)  # camelCase -> camel case
    return " ".join(re.sub(r"[^0-9a-z]+", " ", plain.lower()).split())


def is_nominal_heading(heading: str) -> bool:
    """Whether a column heading announces personal data (English, French and Spanish)."""
    norm = normalise_heading(heading)
    if norm in NOMINAL_HEADINGS:
        return True
    words = norm.split()
    if _STRONG_WORDS & set(words) or "e mail" in norm:
        return True
    if {"name", "nom", "nombre"} & set(words) and _PERSON_WORDS & set(words):
        return True
    return any(len(phrase.split()) > 1 and f" {phrase} " in f" {norm} " for phrase in NOMINAL_HEADINGS)
