"""Generate ``country_aliases.csv``: an explicit table of country names to ISO 3166-1 alpha-2 codes.

Run from the repository root::

    python cen_pipeline/data/make_country_aliases.py

Each alias carries the rule it comes from (column ``rule``); when several rules give an alias the same code,
the first in this order is recorded:

* ``iso-code``: the alpha-2 and alpha-3 codes themselves (alpha-3 maps to alpha-2);
* ``iso-name``, ``iso-official-name``: pycountry's ``name`` and ``common_name``, and ``official_name``;
* ``iso-translation``: pycountry's French and Spanish translations (gettext domain ``iso3166-1``);
* ``m49``: the UN M49 English names (UNSD, Standard country or area codes for statistical use);
* ``unodc``: UNODC's spellings (data portal and World Drug Report), Kosovo under UNSCR 1244 among them;
* ``country-converter``: country_converter's ``name_short`` and ``name_official`` (matched on ISO3);
* ``iso-3166-3``: the names and codes of countries withdrawn from ISO 3166-1 (``pycountry.historic_countries``),
  mapped to their successor when there is exactly one (see :func:`successor`);
* ``sub-national``: a part of a country, or a territory named with its sovereign (``United Kingdom
  (Scotland)``, ``Iraq (Kurdistan Region)``, ``Macau, SAR of China``), mapped to the country; other such
  names are read by the qualifier rule of ``codelists.resolve_country``;
* ``hand``: legacy, feed-style and colloquial names written by hand.

Aliases are stored normalised (see :func:`normalise`). When two sources give the same normalised alias for
different codes, the alias is dropped and a warning is printed: ambiguity is never resolved silently.
No fuzzy matching is done anywhere.

The record's country fields take ISO 3166-1 alpha-2 codes only (with XK for Kosovo and ZZ for unknown), so a
withdrawn code (AN, CS, YU, SU) is never stored. A withdrawn country whose ISO 3166-3 code names one successor
(Zaire ZRCD -> CD, East Timor TPTL -> TL, German Democratic Republic DDDE -> DE) resolves to it; one that
split (Netherlands Antilles ANHH -> CW, SX or BQ; Czechoslovakia; Serbia and Montenegro CSXX; Yugoslavia
YUCS, whose successor CS split in turn; the USSR) has no single code, so it stays unresolved and the
Member is told to send the code of the country meant, or ZZ: guessing one successor would put seizures in
the wrong country.
"""

from __future__ import annotations

import csv
import gettext
import io
import re
import sys
import textwrap
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from importlib import metadata, resources
from pathlib import Path

import pycountry

GENERATED_ON = "2026-11-28"
OUT_PATH = Path(__file__).with_name("country_aliases.csv")
KOSOVO = "XK"
#: Withdrawn countries that split, kept as codes of their own (the contract's code list has them too): a
#: seizure from the "Netherlands Antilles" is from there, and no one successor may be guessed for it. Each
#: code is the country's last ISO alpha-2 code (CS: Serbia and Montenegro, which reused Czechoslovakia's).
SPLIT_CODES: dict[str, str] = {"ANHH": "AN", "CSXX": "CS", "YUCS": "YU", "SUHH": "SU"}

#: Values that must never resolve to a country.
FORBIDDEN = frozenset({"OTHER", "OTHERS", "UNKNOWN", "UNK", "NONE", "N A", "XX", "ZZ", "XXX", "ZZZ"})

#: The rules an alias may come from, the most authoritative first (the first that gives an alias is recorded).
RULE_ORDER = (
    "iso-code",
    "iso-name",
    "iso-official-name",
    "iso-translation",
    "m49",
    "unodc",
    "country-converter",
    "iso-3166-3",
    "sub-national",
    "hand",
)

#: UN M49 English names (UNSD, Standard country or area codes for statistical use) that ISO spells otherwise.
M49_NAMES: dict[str, tuple[str, ...]] = {
    "BO": ("Bolivia (Plurinational State of)",),
    "BQ": ("Bonaire, Sint Eustatius and Saba",),
    "CD": ("Democratic Republic of the Congo",),
    "CI": ("Côte d’Ivoire",),
    "CV": ("Cabo Verde",),
    "CZ": ("Czechia",),
    "FK": ("Falkland Islands (Malvinas)",),
    "FM": ("Micronesia (Federated States of)",),
    "GB": ("United Kingdom of Great Britain and Northern Ireland",),
    "HK": ("China, Hong Kong Special Administrative Region",),
    "IR": ("Iran (Islamic Republic of)",),
    "KP": ("Democratic People's Republic of Korea",),
    "KR": ("Republic of Korea",),
    "LA": ("Lao People's Democratic Republic",),
    "MD": ("Republic of Moldova",),
    "MF": ("Saint Martin (French Part)",),
    "MK": ("North Macedonia",),
    "MO": ("China, Macao Special Administrative Region",),
    "NL": ("Netherlands (Kingdom of the)",),
    "PS": ("State of Palestine",),
    "SH": ("Saint Helena",),
    "SJ": ("Svalbard and Jan Mayen Islands",),
    "SX": ("Sint Maarten (Dutch part)",),
    "SZ": ("Eswatini",),
    "TR": ("Türkiye",),
    "TZ": ("United Republic of Tanzania",),
    "US": ("United States of America",),
    "VE": ("Venezuela (Bolivarian Republic of)",),
    "VG": ("British Virgin Islands",),
    "VI": ("United States Virgin Islands",),
    "VN": ("Viet Nam",),
    "WF": ("Wallis and Futuna Islands",),
}

#: UNODC's spellings (data portal, World Drug Report) beyond M49's.
UNODC_NAMES: dict[str, tuple[str, ...]] = {
    "HK": ("China, Hong Kong SAR",),
    "MO": ("China, Macao SAR",),
    "TW": ("Taiwan Province of China",),
    "XK": ("Kosovo under UNSCR 1244", "Kosovo under UNSC res. 1244", "Kosovo (under UNSCR 1244)"),
}

#: Parts of a country, and territories named with their sovereign: the country (or the territory) itself.
SUB_NATIONAL_NAMES: dict[str, tuple[str, ...]] = {
    "GB": (
        "United Kingdom (England and Wales)",
        "United Kingdom (Scotland)",
        "United Kingdom (Northern Ireland)",
        "England and Wales",
        "England",
        "Scotland",
        "Wales",
        "Northern Ireland",
    ),
    "HK": ("Hong Kong, SAR of China",),
    "IQ": ("Iraq (Kurdistan Region)", "Iraq (Central Iraq)", "Kurdistan Region of Iraq"),
    "MO": ("Macau, SAR of China", "Macao, SAR of China"),
    "TW": ("China, Taiwan Province of China", "China, Taiwan Province of"),
}

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
    "DE": ("East Germany", "West Germany", "Federal Republic of Germany", "Germany, Federal Republic of"),
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
    """Return the normalised form of a country name or code (``codelists.normalise_alias``, kept equal by a
    test; this script runs without the package).

    Rule: Unicode NFD decomposition with every mark dropped (accents removed); every character that is not
    an ASCII letter, digit or space becomes a space; runs of spaces collapse to one; strip; upper-case.
    Example: ``"Côte d'Ivoire"`` -> ``"COTE D IVOIRE"``.
    """
    decomposed = unicodedata.normalize("NFD", value)
    plain = "".join(ch for ch in decomposed if not unicodedata.category(ch).startswith("M"))
    return re.sub(" +", " ", re.sub("[^0-9A-Za-z ]+", " ", plain)).strip().upper()


def _pycountry_names(language: str | None) -> Iterator[tuple[str, str, str]]:
    """Yield (name, alpha-2, source) from pycountry, optionally translated."""
    translate: Callable[[str], str]
    if language is None:
        translate = str
    else:
        translation = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
        translate = translation.gettext
    for country in pycountry.countries:
        for attribute in ("name", "official_name", "common_name"):
            value = getattr(country, attribute, None)
            if value:
                yield translate(value), country.alpha_2, _name_rule(language, attribute)


def _name_rule(language: str | None, attribute: str) -> str:
    if language is not None:
        return "iso-translation"
    return "iso-official-name" if attribute == "official_name" else "iso-name"


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
                yield row[column], code, "country-converter"


def _codes() -> Iterator[tuple[str, str, str]]:
    """Yield each alpha-2 code as an alias of itself and each alpha-3 code as an alias of its alpha-2."""
    for country in pycountry.countries:
        yield country.alpha_2, country.alpha_2, "iso-code"
        yield country.alpha_3, country.alpha_2, "iso-code"


def _listed(rule: str, names_by_code: dict[str, tuple[str, ...]]) -> Iterator[tuple[str, str, str]]:
    for code, names in names_by_code.items():
        for name in names:
            yield name, code, rule


def successor(historic: object) -> str | None:
    """The one current code that took over a withdrawn country, or None when it split.

    The last two letters of an ISO 3166-3 code name the successor: HH or XX that there is none single, AA
    that the alpha-2 code itself stayed (BYAA, the Byelorussian SSR, is BY). A successor that is itself
    withdrawn (YUCS: Yugoslavia became CS, Serbia and Montenegro, which split) has none single either."""
    alpha_4 = str(getattr(historic, "alpha_4", ""))
    code = alpha_4[:2] if alpha_4[2:] == "AA" else alpha_4[2:]
    return code if code in _current_codes() else None


def _current_codes() -> set[str]:
    return {country.alpha_2 for country in pycountry.countries} | {KOSOVO}


def _historic_names() -> Iterator[tuple[str, str, str]]:
    """Names and codes of withdrawn countries with a single successor; their codes only where no current
    country uses them (SK, Sikkim until 1975, is Slovakia now)."""
    current = _current_codes() | {country.alpha_3 for country in pycountry.countries}
    for historic in pycountry.historic_countries:
        code = successor(historic)
        if code is None:
            continue
        name = str(historic.name)
        yield name, code, "iso-3166-3"
        if "," in name:
            yield name.split(",", 1)[0], code, "iso-3166-3"  # "Zaire, Republic of" is Zaire
        for old in (historic.alpha_2, getattr(historic, "alpha_3", None)):
            if old and old not in current:
                yield old, code, "iso-3166-3"


def _split_names() -> Iterator[tuple[str, str, str]]:
    """Names and codes of the withdrawn countries that split and keep a code of their own (`SPLIT_CODES`)."""
    for historic in pycountry.historic_countries:
        code = SPLIT_CODES.get(str(historic.alpha_4))
        if code:
            yield str(historic.name), code, "iso-3166-3"
            yield str(historic.name).split(",", 1)[0], code, "iso-3166-3"  # "USSR, Union of ..." is USSR
            yield code, code, "iso-3166-3"
            yield str(historic.alpha_3), code, "iso-3166-3"


def split_countries() -> list[str]:
    """The withdrawn countries left out because they split, as `NAME (alpha-4)`, for the file header."""
    return [
        f"{h.name} ({h.alpha_4})"
        for h in pycountry.historic_countries
        if successor(h) is None and str(h.alpha_4) not in SPLIT_CODES
    ]


def build(entries: Iterable[tuple[str, str, str]]) -> tuple[dict[str, tuple[str, str]], list[str]]:
    """Collapse (name, code, rule) entries to {normalised alias: (code, rule)}, dropping ambiguous aliases;
    an alias given by several rules records the first of `RULE_ORDER`."""
    valid_codes = _current_codes() | set(SPLIT_CODES.values())
    seen: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for name, code, source in entries:
        if code not in valid_codes:
            raise ValueError(f"{source}: {name!r} maps to unknown code {code!r}")
        alias = normalise(name)
        if not alias:
            continue
        seen[alias][code].add(source)
    table: dict[str, tuple[str, str]] = {}
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
        ((code, rules),) = by_code.items()
        table[alias] = (code, min(rules, key=RULE_ORDER.index))
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
        "#   ISO alpha-2 and alpha-3 codes; UN M49 and UNODC names; ISO 3166-3 withdrawn countries",
        "#   with a single successor; parts of countries; a hand-written list of legacy and feed-style names.",
        *textwrap.wrap(
            "The rule column says which (the first of: " + ", ".join(RULE_ORDER) + ").",
            width=108,
            initial_indent="#   ",
            subsequent_indent="#   ",
        ),
        "#   XK (Kosovo) is not ISO but is used in feeds; AN, CS, YU and SU name withdrawn countries that split",
        "#   (Netherlands Antilles, Serbia and Montenegro, Yugoslavia, USSR): a code of their own, not a guess.",
        *textwrap.wrap(
            "Other withdrawn countries that split have no single code and are left out: "
            + "; ".join(split_countries())
            + ".",
            width=108,
            initial_indent="# ",
            subsequent_indent="#   ",
        ),
        "# The alias column is NORMALISED; apply the same rule to input values before lookup:",
        "#   Unicode NFD with every mark dropped (accents removed); every character other than an ASCII",
        "#   letter, digit or space becomes a space; space runs collapse to one; strip; upper-case.",
        '#   Example: "Cote d\'Ivoire" -> COTE D IVOIRE.',
        "# Aliases that two sources map to different codes are left out (ambiguous).",
        "#   No fuzzy matching: an input absent from this table is unresolved.",
        "# Read with NA as a value, not a missing marker (NA is Namibia).",
        f"# Rows: {count}, sorted by alias.",
    ]


def entries() -> list[tuple[str, str, str]]:
    """Every (name, code, rule) of every source."""
    return [
        *_codes(),
        *_pycountry_names(None),
        *_pycountry_names("fr"),
        *_pycountry_names("es"),
        *_listed("m49", M49_NAMES),
        *_listed("unodc", UNODC_NAMES),
        *_country_converter_names(),
        *_historic_names(),
        *_split_names(),
        *_listed("sub-national", SUB_NATIONAL_NAMES),
        *_listed("hand", HAND_ALIASES),
    ]


def render(table: dict[str, tuple[str, str]]) -> str:
    """The text of the CSV file."""
    handle = io.StringIO()
    for line in header_lines(len(table)):
        handle.write(line + "\n")
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(["alias", "code", "rule"])
    for alias in sorted(table):
        writer.writerow([alias, *table[alias]])
    return handle.getvalue()


def main() -> int:
    table, warnings = build(entries())
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for alias in table:
        if normalise(alias) != alias:
            raise AssertionError(f"normalisation is not idempotent for {alias!r}")
    OUT_PATH.write_text(render(table), encoding="utf-8", newline="")
    print(f"wrote {len(table)} aliases to {OUT_PATH}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
