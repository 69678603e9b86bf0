"""Generate ``country_aliases.csv``: an explicit table of country names to ISO 3166-1 alpha-2 codes.

Run from the repository root::

    python cen_pipeline/data/make_country_aliases.py

Sources, in this order:

* pycountry: ``name``, ``official_name`` and ``common_name`` of every ISO 3166-1 country;
* pycountry's French and Spanish translations (gettext domain ``iso3166-1`` in ``pycountry.LOCALES_DIR``);
* country_converter's ``country_data.tsv``: ``name_short`` and ``name_official`` (matched on ISO3);
* the alpha-2 and alpha-3 codes themselves (alpha-3 maps to alpha-2);
* :data:`HAND_ALIASES`, legacy and feed-style names written by hand.

Aliases are stored normalised (see :func:`normalise`). When two sources give the same normalised alias for
different codes, the alias is dropped and a warning is printed: ambiguity is never resolved silently.
No fuzzy matching is done anywhere.
"""

from __future__ import annotations

import csv
import gettext
import io
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from importlib import metadata, resources
from pathlib import Path

import pycountry

GENERATED_ON = "2026-11-28"
OUT_PATH = Path(__file__).with_name("country_aliases.csv")
KOSOVO = "XK"

#: Values that must never resolve to a country.
FORBIDDEN = frozenset({"OTHER", "OTHERS", "UNKNOWN", "UNK", "NONE", "N A", "XX", "ZZ", "XXX", "ZZZ"})

#: Legacy, feed-style and colloquial names (original spelling; normalised on load).
HAND_ALIASES: dict[str, tuple[str, ...]] = {
    "AE": ("UAE", "U.A.E.", "Emirates, United Arab"),
    "AG": ("Antigua & Barbuda", "Antigua"),
    "BA": ("Bosnia", "Bosnia-Herzegovina", "Bosnia & Herzegovina"),
    "BN": ("Brunei",),
    "BO": ("Bolivia", "Bolivia, Plurinational State of", "Plurinational State of Bolivia"),
    "BS": ("Bahamas, The", "The Bahamas"),
    "CD": (
        "Congo, Democratic Republic",
        "Congo, Democratic Republic of the",
        "Congo, Dem. Rep.",
        "Democratic Republic of the Congo",
        "Democratic Republic of Congo",
        "DR Congo",
        "D.R. Congo",
        "DRC",
        "Congo (Kinshasa)",
        "Congo-Kinshasa",
        "Zaire",
    ),
    "CG": (
        "Congo-Brazzaville",
        "Congo (Brazzaville)",
        "Congo, Republic of",
        "Congo, Republic of the",
        "Congo, Rep.",
        "Republic of the Congo",
        "Republic of Congo",
    ),
    "CI": ("Ivory Coast", "Côte d'Ivoire", "Cote d'Ivoire", "Cote d Ivoire", "Côte d’Ivoire"),
    "CV": ("Cape Verde", "Cabo Verde"),
    "CZ": ("Czech Republic", "Czechia"),
    "EG": ("Egypt, Arab Rep.",),
    "FM": ("Micronesia", "Micronesia, Fed. Sts."),
    "GB": (
        "UK",
        "U.K.",
        "Great Britain",
        "Britain",
        "United Kingdom",
        "Great Britain and Northern Ireland",
        "United Kingdom of Great Britain and Northern Ireland",
    ),
    "GM": ("Gambia, The", "The Gambia"),
    "GR": ("EL",),
    "HK": (
        "Hong Kong, China",
        "Hong Kong SAR",
        "Hong Kong SAR, China",
        "Hong Kong (China)",
        "Hong Kong Special Administrative Region of China",
        "Hongkong",
    ),
    "IR": ("Iran", "Iran, Islamic Republic of", "Islamic Republic of Iran", "Iran, Islamic Rep."),
    "KG": ("Kyrgyz Republic",),
    "KN": ("St Kitts and Nevis", "St. Kitts and Nevis", "Saint Kitts", "St Kitts & Nevis"),
    "KP": (
        "North Korea",
        "Korea, Democratic People's Republic of",
        "Korea, Dem. People's Rep.",
        "DPRK",
        "Korea (North)",
    ),
    "KR": (
        "Korea, Republic of",
        "South Korea",
        "Republic of Korea",
        "Korea, Rep.",
        "Korea (South)",
        "Korea, South",
    ),
    "LA": (
        "Lao Peoples Democratic Republic",
        "Lao People's Democratic Republic",
        "Lao PDR",
        "Laos",
        "Lao",
    ),
    "LC": ("St Lucia", "St. Lucia"),
    "LY": ("Libya", "Libyan Arab Jamahiriya"),
    "MD": ("Moldova", "Moldova, Republic of", "Republic of Moldova"),
    "MK": (
        "Macedonia, the former Yugoslav Republic of",
        "Former Yugoslav Republic of Macedonia",
        "The former Yugoslav Republic of Macedonia",
        "FYROM",
        "FYR Macedonia",
        "Macedonia",
        "Republic of Macedonia",
        "North Macedonia",
    ),
    "MM": ("Burma", "Myanmar"),
    "MO": (
        "Macao, China",
        "Macau",
        "Macau, China",
        "Macao SAR",
        "Macau SAR",
        "Macao SAR, China",
        "Macao (China)",
    ),
    "NL": ("Holland", "The Netherlands", "Netherlands (Kingdom of the)"),
    "PS": (
        "Palestine",
        "State of Palestine",
        "Palestinian Territory",
        "Palestinian Territories",
        "Occupied Palestinian Territory",
        "West Bank and Gaza",
    ),
    "RU": ("Russia", "Russian Federation"),
    "SK": ("Slovak Republic",),
    "ST": ("Sao Tome and Principe", "São Tomé and Príncipe", "Sao Tome & Principe"),
    "SY": ("Syria", "Syrian Arab Republic"),
    "SZ": ("Swaziland", "Kingdom of Swaziland", "Eswatini"),
    "TL": ("East Timor", "Timor-Leste", "Timor Leste"),
    "TR": ("Turkey", "Türkiye", "Turkiye", "Republic of Turkey"),
    "TT": ("Trinidad & Tobago",),
    "TW": ("Taiwan", "Chinese Taipei", "Taiwan, Province of China", "Taiwan (Province of China)"),
    "TZ": ("Tanzania", "United Republic of Tanzania", "Tanzania, United Republic of"),
    "US": ("USA", "U.S.A.", "US", "U.S.", "United States", "United States of America"),
    "VA": ("Vatican", "Vatican City", "Vatican City State", "Holy See", "Holy See (Vatican City State)"),
    "VC": ("St Vincent and the Grenadines", "St. Vincent and the Grenadines", "St Vincent & the Grenadines"),
    "VE": (
        "Venezuela",
        "Venezuela, Bolivarian Republic of",
        "Bolivarian Republic of Venezuela",
        "Venezuela, RB",
    ),
    "VN": ("Viet Nam", "Vietnam"),
    "XK": ("Kosovo", "Republic of Kosovo", "Kosovo*", "XK", "XKX"),
    "YE": ("Yemen, Rep.",),
}


def normalise(value: str) -> str:
    """Return the normalised form of a country name or code.

    Rule: upper-case; Unicode NFKD decomposition with combining marks removed (accents dropped);
    every character that is not a letter, a digit or whitespace becomes a space; runs of whitespace
    collapse to one space; leading and trailing spaces are stripped.
    Example: ``"Côte d'Ivoire"`` -> ``"COTE D IVOIRE"``.
    """
    decomposed = unicodedata.normalize("NFKD", value.upper())
    without_marks = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    cleaned = "".join(ch if ch.isalnum() or ch.isspace() else " " for ch in without_marks)
    return " ".join(cleaned.split())


def _pycountry_names(language: str | None) -> Iterator[tuple[str, str, str]]:
    """Yield (name, alpha-2, source) from pycountry, optionally translated."""
    translate: Callable[[str], str]
    if language is None:
        translate = str
        source = "pycountry"
    else:
        translation = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
        translate = translation.gettext
        source = f"pycountry-{language}"
    for country in pycountry.countries:
        for attribute in ("name", "official_name", "common_name"):
            value = getattr(country, attribute, None)
            if value:
                yield translate(value), country.alpha_2, f"{source}:{attribute}"


def _country_converter_names() -> Iterator[tuple[str, str, str]]:
    """Yield (name, alpha-2, source) from country_converter's data file, matched on ISO3."""
    alpha3_to_alpha2 = {country.alpha_3: country.alpha_2 for country in pycountry.countries}
    alpha3_to_alpha2["XKX"] = KOSOVO
    data_file = resources.files("country_converter").joinpath("country_data.tsv")
    text = data_file.read_text(encoding="utf-8")
    for row in csv.DictReader(io.StringIO(text, newline=""), delimiter="\t"):
        code = alpha3_to_alpha2.get(row["ISO3"])
        if code is None:
            continue  # historical or non-ISO groupings (Channel Islands, Soviet Union, ...)
        for column in ("name_short", "name_official"):
            if row[column]:
                yield row[column], code, f"country_converter:{column}"


def _codes() -> Iterator[tuple[str, str, str]]:
    """Yield each alpha-2 code as an alias of itself and each alpha-3 code as an alias of its alpha-2."""
    for country in pycountry.countries:
        yield country.alpha_2, country.alpha_2, "iso:alpha_2"
        yield country.alpha_3, country.alpha_2, "iso:alpha_3"


def _hand_aliases() -> Iterator[tuple[str, str, str]]:
    for code, names in HAND_ALIASES.items():
        for name in names:
            yield name, code, "hand"


def build(entries: Iterable[tuple[str, str, str]]) -> tuple[dict[str, str], list[str]]:
    """Collapse (name, code, source) entries to {normalised alias: code}, dropping ambiguous aliases."""
    valid_codes = {country.alpha_2 for country in pycountry.countries} | {KOSOVO}
    seen: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for name, code, source in entries:
        if code not in valid_codes:
            raise ValueError(f"{source}: {name!r} maps to unknown code {code!r}")
        alias = normalise(name)
        if not alias:
            continue
        seen[alias][code].add(source)
    table: dict[str, str] = {}
    warnings: list[str] = []
    for alias in sorted(seen):
        by_code = seen[alias]
        if alias in FORBIDDEN:
            warnings.append(f"dropped forbidden alias {alias!r} ({dict(sorted(by_code.items()))})")
            continue
        if len(by_code) > 1:
            detail = "; ".join(
                f"{code} from {', '.join(sorted(src))}" for code, src in sorted(by_code.items())
            )
            warnings.append(f"dropped ambiguous alias {alias!r}: {detail}")
            continue
        (code,) = by_code
        table[alias] = code
    return table, warnings


def header_lines(count: int) -> list[str]:
    return [
        "# Country aliases: country names and codes as they appear in national feeds",
        "#   -> ISO 3166-1 alpha-2.",
        f"# Generated: {GENERATED_ON} by cen_pipeline/data/make_country_aliases.py",
        "#   (do not edit by hand; rerun the script).",
        f"# Sources: pycountry {metadata.version('pycountry')} (name, official_name, common_name;",
        "#   French and Spanish translations, gettext domain iso3166-1);",
        f"#   country_converter {metadata.version('country_converter')} (name_short, name_official);",
        "#   ISO alpha-2 and alpha-3 codes; a hand-written list of legacy and feed-style names.",
        "#   XK (Kosovo) is not ISO but is used in feeds.",
        "# The alias column is NORMALISED; apply the same rule to input values before lookup:",
        "#   upper-case; Unicode NFKD with combining marks dropped (accents removed); every character",
        "#   other than a letter, digit or whitespace becomes a space; whitespace runs collapse to",
        '#   one space; strip. Example: "Cote d\'Ivoire" -> COTE D IVOIRE.',
        "# Aliases that two sources map to different codes are left out (ambiguous).",
        "#   No fuzzy matching: an input absent from this table is unresolved.",
        "# Read with NA as a value, not a missing marker (NA is Namibia).",
        f"# Rows: {count}, sorted by alias.",
    ]


def main() -> int:
    entries: list[tuple[str, str, str]] = [
        *_pycountry_names(None),
        *_pycountry_names("fr"),
        *_pycountry_names("es"),
        *_country_converter_names(),
        *_codes(),
        *_hand_aliases(),
    ]
    table, warnings = build(entries)
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for alias in table:
        if normalise(alias) != alias:
            raise AssertionError(f"normalisation is not idempotent for {alias!r}")
    with OUT_PATH.open("w", encoding="utf-8", newline="") as handle:
        for line in header_lines(len(table)):
            handle.write(line + "\n")
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["alias", "code"])
        for alias in sorted(table):
            writer.writerow([alias, table[alias]])
    print(f"wrote {len(table)} aliases to {OUT_PATH}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
