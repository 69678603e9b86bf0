"""The controlled vocabularies of the seizure record: loaded once from the CSV files shipped in the package."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import pycountry

# Country code for "unknown" (a value, not a missing cell) and for Kosovo (not ISO, but in use).
UNKNOWN_COUNTRY = "ZZ"
KOSOVO = "XK"
# Withdrawn countries that split (ISO 3166-3), by their last alpha-2 code; see data/make_country_aliases.py.
SPLIT_COUNTRIES = {
    "AN": "Netherlands Antilles",
    "CS": "Serbia and Montenegro",
    "YU": "Yugoslavia",
    "SU": "USSR",
}

# HS chapter 77 is reserved for future use in the Harmonized System.
HS_CHAPTERS = tuple(f"{n:02d}" for n in range(1, 98) if n != 77)

PRODUCT_CATEGORY_VERSION = "2024.1"

# Separator of repeated values inside one CSV cell (transit countries, IPR types).
LIST_SEPARATOR = "|"


@dataclass(frozen=True)
class CodeList:
    """One code list: its codes in order, labels per language and any extra attributes."""

    name: str
    description: str
    codes: tuple[str, ...]
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    attributes: dict[str, dict[str, str]] = field(default_factory=dict)
    version: str = ""

    def label(self, code: str, lang: str = "en") -> str:
        return self.labels.get(code, {}).get(lang) or self.labels.get(code, {}).get("en") or code

    def __contains__(self, code: object) -> bool:
        return code in self._code_set

    @property
    def _code_set(self) -> frozenset[str]:
        return frozenset(self.codes)


def read_data_csv(name: str) -> list[dict[str, str]]:
    """Rows of a CSV file in `cen_pipeline/data`, skipping `#` comment lines at the top."""
    text = resources.files("cen_pipeline").joinpath("data", name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines))))


def data_csv_header(name: str) -> list[str]:
    """The `#` comment lines at the top of a data file (its provenance)."""
    text = resources.files("cen_pipeline").joinpath("data", name).read_text(encoding="utf-8")
    return [line[1:].strip() for line in text.splitlines() if line.startswith("#")]


_DESCRIPTIONS = {
    "product_category": "Product category of a goods line (version " + PRODUCT_CATEGORY_VERSION + ")",
    "ipr_type": "Type of intellectual property right infringed",
    "conveyance": "Means of transport or shipping environment (postal and express courier apart)",
    "location_type": "Type of place where the goods were detained",
    "traffic": "Freight or passenger traffic",
    "direction": "Direction of the movement of the goods",
    "customs_procedure": "Customs procedure situation of the goods",
    "detection_method": "How the goods were detected",
    "concealment_method": "How the goods were concealed",
    "procedure_initiation": "Whether customs acted ex officio or on a right holder's application",
    "outcome": "Result of the detention",
    "unit": "Unit of the quantity",
    "value_basis": "Basis of the value (values of different bases are never summed)",
    "case_action": "What the row does to the case: report it (new or corrected) or withdraw it",
}


def _from_csv(name: str) -> CodeList:
    rows = read_data_csv(f"codelists/{name}.csv")
    labels = {r["code"]: {lang: r[f"label_{lang}"] for lang in ("en", "fr", "es")} for r in rows}
    extras = {
        r["code"]: {k: v for k, v in r.items() if k != "code" and not k.startswith("label_")} for r in rows
    }
    version = PRODUCT_CATEGORY_VERSION if name == "product_category" else ""
    return CodeList(name, _DESCRIPTIONS[name], tuple(r["code"] for r in rows), labels, extras, version)


def _countries() -> CodeList:
    labels: dict[str, dict[str, str]] = {}
    for c in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        labels[c.alpha_2] = {"en": getattr(c, "common_name", None) or c.name}
    labels[KOSOVO] = {"en": "Kosovo"}
    # Withdrawn countries that split keep a code of their own: which successor a seizure came from is unknown.
    labels |= {code: {"en": f"{name} (former)"} for code, name in SPLIT_COUNTRIES.items()}
    labels[UNKNOWN_COUNTRY] = {"en": "Unknown", "fr": "Inconnu", "es": "Desconocido"}
    return CodeList(
        "country",
        "ISO 3166-1 alpha-2 country code, XK for Kosovo, ZZ for unknown, AN, CS, YU or SU for a withdrawn "
        "country that split",
        tuple(sorted(labels)),
        labels,
        version=f"pycountry {pycountry.__version__}" if hasattr(pycountry, "__version__") else "",
    )


def _currencies() -> CodeList:
    labels = {c.alpha_3: {"en": c.name} for c in pycountry.currencies}
    return CodeList("currency", "ISO 4217 currency code", tuple(sorted(labels)), labels)


def _hs_chapters() -> CodeList:
    labels = {c: {"en": f"HS chapter {c}"} for c in HS_CHAPTERS}
    return CodeList(
        "hs_chapter", "Harmonized System chapter (first two digits of the HS code)", HS_CHAPTERS, labels
    )


def _regions() -> CodeList:
    rows = read_data_csv("wco_regions.csv")
    labels = {r["code"]: {lang: r[f"name_{lang}"] for lang in ("en", "fr", "es")} for r in rows}
    return CodeList("wco_region", "WCO region", tuple(r["code"] for r in rows), labels)


def _members() -> CodeList:
    rows = read_data_csv("members.csv")
    labels = {r["code"]: {"en": r["name"]} for r in rows}
    attrs = {r["code"]: {"wco_region": r["wco_region"], "rilo": r["rilo"]} for r in rows}
    return CodeList(
        "member",
        "WCO Member administration with its WCO region and RILO",
        tuple(r["code"] for r in rows),
        labels,
        attrs,
    )


def region_code(text: str) -> str | None:
    """A WCO region's code from its code or its name in English, French or Spanish, in any case."""
    regions = codelist("wco_region")
    wanted = text.strip().casefold()
    for code in regions.codes:
        if wanted in {
            code.casefold(),
            *(regions.label(code, lang).casefold() for lang in ("en", "fr", "es")),
        }:
            return code
    return None


def rilo_code(text: str) -> str | None:
    """A RILO's code from its code (RILO-WE) or its name (RILO Western Europe), in any case."""
    wanted = text.strip().casefold()
    return next(
        (
            r["code"]
            for r in read_data_csv("rilos.csv")
            if wanted in (r["code"].casefold(), r["name"].casefold())
        ),
        None,
    )


def known_regions() -> str:
    regions = codelist("wco_region")
    return ", ".join(f"{c} ({regions.label(c)})" for c in regions.codes)


def known_rilos() -> str:
    return ", ".join(r["code"] for r in read_data_csv("rilos.csv"))


FILE_LISTS = tuple(_DESCRIPTIONS)


@cache
def codelist(name: str) -> CodeList:
    """The code list called `name` (see `all_codelists` for the names)."""
    builders = {
        "country": _countries,
        "currency": _currencies,
        "hs_chapter": _hs_chapters,
        "wco_region": _regions,
        "member": _members,
    }
    if name in builders:
        return builders[name]()
    if name in _DESCRIPTIONS:
        return _from_csv(name)
    raise KeyError(f"no code list named {name!r}")


def all_codelists() -> list[str]:
    return [*FILE_LISTS, "country", "currency", "hs_chapter", "wco_region", "member"]


def normalise_alias(text: str) -> str:
    """The form in which country names are compared: no accents (NFD, marks dropped), every character but
    an ASCII letter, digit or space made a space, spaces collapsed and stripped, upper case.
    `sql_normalise_alias` is the same in SQL; `make_country_aliases.normalise` writes the table with it."""
    decomposed = unicodedata.normalize("NFD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.category(ch).startswith("M"))
    return re.sub(" +", " ", re.sub("[^0-9A-Za-z ]+", " ", plain)).strip().upper()


def sql_normalise_alias(expr: str) -> str:
    """`normalise_alias` in DuckDB SQL (its `strip_accents` drops the marks of the NFD decomposition)."""
    kept = f"regexp_replace(strip_accents({expr}), '[^0-9A-Za-z ]+', ' ', 'g')"
    return f"upper(trim(regexp_replace({kept}, ' +', ' ', 'g')))"


@cache
def country_aliases() -> dict[str, str]:
    """Normalised country name or code -> ISO alpha-2 code, from the explicit alias table."""
    return {r["alias"]: r["code"] for r in read_data_csv("country_aliases.csv")}


def resolve_country(value: str) -> str | None:
    """The ISO code for a country code or name, or None: an exact alias look-up, never a fuzzy match.

    A name the table lacks may be a country's with a qualifier, "Iraq (Kurdistan Region)" or "Macau, SAR of
    China": it resolves to the country when the qualifier only narrows it (see `_narrows_only`)."""
    if value in codelist("country"):
        return value
    code = country_aliases().get(normalise_alias(value))
    return code if code is not None else _without_qualifier(value)


# A qualifier in parentheses at the end, or after a comma.
_PARENTHESISED = re.compile(r"(?P<name>[^(]+?)\s*\((?P<qualifier>[^()]*)\)\s*")
# Words by which a qualifier names another country than the one before it: Guinea (Bissau), Sudan (South),
# Congo, Dem. Rep., China (Republic of), Saint Martin (Dutch part), Samoa (American), Ireland (Northern).
_OTHER_COUNTRY_WORDS = frozenset(
    [
        "NORTH",
        "NORTHERN",
        "SOUTH",
        "SOUTHERN",
        "EAST",
        "EASTERN",
        "WEST",
        "WESTERN",
        "EQUATORIAL",
        "NEW",
        "GREATER",
        "DEM",
        "DEMOCRATIC",
        "DR",
        "DRC",
        "DPR",
        "DPRK",
        "PDR",
        "PEOPLE",
        "PEOPLES",
        "REP",
        "REPUBLIC",
        "RB",
        "DUTCH",
        "FRENCH",
        "BRITISH",
        "AMERICAN",
        "PART",
        "KINSHASA",
        "BRAZZAVILLE",
        "BISSAU",
        "TURKISH",
        "GREEK",
        "ISLANDS",
        "ISLAND",
        "ANTILLES",
    ]
)
# Territories whose qualifier may name their sovereign: Macau, SAR of China; Gibraltar (UK); Réunion (France).
SOVEREIGNS: dict[str, tuple[str, ...]] = {
    "AU": ("CC", "CX", "HM", "NF"),
    "CN": ("HK", "MO", "TW"),
    "DK": ("FO", "GL"),
    "FI": ("AX",),
    "FR": ("BL", "GF", "GP", "MF", "MQ", "NC", "PF", "PM", "RE", "TF", "WF", "YT"),
    "GB": ("AI", "BM", "FK", "GG", "GI", "GS", "IM", "IO", "JE", "KY", "MS", "PN", "SH", "TC", "VG"),
    "NL": ("AW", "BQ", "CW", "SX"),
    "NO": ("BV", "SJ"),
    "NZ": ("CK", "NU", "TK"),
    "US": ("AS", "GU", "MP", "PR", "UM", "VI"),
}
_SOVEREIGN = {territory: state for state, territories in SOVEREIGNS.items() for territory in territories}
# Codes that read as words ("AND" is Andorra's): in a qualifier, only these count as naming a country.
_CODES_IN_QUALIFIERS = frozenset({"UK", "US", "USA"})


def _without_qualifier(value: str) -> str | None:
    """The country of a name with a qualifier that only narrows it, or None."""
    for name, qualifier in _qualified_forms(value):
        code = country_aliases().get(normalise_alias(name))
        if code is not None and _narrows_only(qualifier, code):
            return code
    return None


def _qualified_forms(value: str) -> list[tuple[str, str]]:
    """(name, qualifier) readings of a value: a trailing parenthesis, then the text after the first comma."""
    forms = []
    if matched := _PARENTHESISED.fullmatch(value):
        forms.append((matched["name"], matched["qualifier"]))
    if "," in value:
        name, qualifier = value.split(",", 1)
        forms.append((name, qualifier))
    return forms


def _narrows_only(qualifier: str, code: str) -> bool:
    """Whether a qualifier only narrows the country `code`: none of its words points to another country,
    and any country it names is that one or its sovereign."""
    words = normalise_alias(qualifier).split()
    if not words or any(word in _OTHER_COUNTRY_WORDS for word in words):
        return False
    allowed = {code, _SOVEREIGN.get(code)}
    for start in range(len(words)):
        for end in range(start + 1, len(words) + 1):
            span = " ".join(words[start:end])
            if len(span) <= 3 and span not in _CODES_IN_QUALIFIERS:
                continue
            named = country_aliases().get(span)
            if named is not None and named not in allowed:
                return False
    return True
