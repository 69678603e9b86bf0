"""The dictionaries the personal-data guard knows names by (`data/person_names.txt.gz`, see
`data/make_person_names.py`), the brands and places named after people, and the everyday words of many
languages, which alone do not make a person."""

from __future__ import annotations

import gzip
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import NamedTuple

from cen_pipeline.contract.name_sounds import brahmic_sound, latin_sound

_DATA = Path(__file__).resolve().parents[1] / "data" / "person_names.txt.gz"
_NOT_PERSONS = Path(__file__).resolve().parents[1] / "data" / "named_after_people.txt"
_EVERYDAY = Path(__file__).resolve().parents[1] / "data" / "everyday_words.txt.gz"
_MARKS = Path(__file__).resolve().parents[1] / "data" / "trade_marks.txt"


@dataclass(frozen=True)
class Lexicon:
    given: frozenset[str]
    surnames: frozenset[str]
    common_given: frozenset[str]  # among the most borne of a country: names even where everyday words too
    common_surnames: frozenset[str]
    words: frozenset[str]  # names that are also common English words
    places: frozenset[str]
    towns: frozenset[str]  # the words of town names that are no name (Perpignan)
    brands: tuple[str, ...]  # brands, airports and roads named after people, lower case
    everyday: frozenset[str]  # the most frequent words of languages in other scripts than Latin
    sounded_given: frozenset[str]  # the consonants of South Asian names (see name_sounds)
    sounded_surnames: frozenset[str]
    sounded_common: frozenset[str]  # of the most borne: names even where everyday words too (সরকার, বিশ্বাস)
    marks: frozenset[
        str
    ]  # trade marks and product lines found on counterfeits, lower case (garmin, oppo reno)


@cache
def lexicon() -> Lexicon:
    text = gzip.decompress(_DATA.read_bytes()).decode("utf-8")
    kinds = "given|surname|common-given|common-surname|south-asian-(?:given|surname|common)|word|place|town"
    parts = re.split(rf"^#({kinds})\n", text, flags=re.MULTILINE)[1:]
    sections = {
        kind: frozenset(names.split("\n")) - {""} for kind, names in zip(parts[::2], parts[1::2], strict=True)
    }
    brands = tuple(_listed(_NOT_PERSONS))
    everyday = frozenset(gzip.decompress(_EVERYDAY.read_bytes()).decode("utf-8").split("\n"))
    given, surnames = (sections[k] | _mirrored(sections[k]) for k in ("given", "surname"))
    sounded_given, sounded_surnames, sounded_common = (
        # Not the abbreviations written as names (Md for Mohammad, Sk for Sheikh), whose sound is no name's.
        frozenset(latin_sound(n) for n in sections[f"south-asian-{kind}"] if len(n) > 2)
        for kind in ("given", "surname", "common")
    )
    return Lexicon(
        given, surnames, sections["common-given"], sections["common-surname"],
        sections["word"], sections["place"], sections["town"], brands, everyday, sounded_given, sounded_surnames,
        sounded_common, frozenset(_listed(_MARKS)),
    )  # fmt: skip


def _listed(path: Path) -> list[str]:
    """The entries of a list shipped with the package, lower case, without its comments."""
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line.lower() for line in lines if line and not line.startswith("#")]


# Devanagari and Bengali are laid out alike in Unicode (a letter of one is the other's, 0x80 apart), and the
# names of North India and Bengal are largely the same names (दुर्गा, দুর্গা): each script's dictionary lends
# its names to the other, whose dictionary holds fewer.
_DEVANAGARI, _BENGALI, _BRAHMIC_SHIFT = range(0x900, 0x980), range(0x980, 0xA00), 0x80


def _mirrored(names: frozenset[str]) -> frozenset[str]:
    out = set()
    for name in names:
        codes = [ord(c) for c in name]
        if all(c in _DEVANAGARI for c in codes):
            shifted = [c + _BRAHMIC_SHIFT for c in codes]
        elif all(c in _BENGALI for c in codes):
            shifted = [c - _BRAHMIC_SHIFT for c in codes]
        else:
            continue
        mirror = "".join(map(chr, shifted))
        if all(unicodedata.name(c, "") for c in mirror):  # a letter the other script has
            out.add(mirror)
    return frozenset(out)


# Hindi writes respect as a suffix of the name: शंकर रावजी, पुष्पा सेनगुप्ताजी.
HONORIFIC_SUFFIX = "जी"


# Letters that Arabic and Persian write differently in the same names (yeh, kaf), and the Arabic yeh with
# hamza that keyboards type for the plain one.
_ARABIC_VARIANTS = re.compile("[يكیک]")
_AS_PERSIAN = str.maketrans("يك", "یک")
_AS_ARABIC = str.maketrans("یک", "يك")


def name_roles(word: str, lex: Lexicon) -> tuple[bool, bool]:
    """Whether a word is a known given name, a known surname (in any case, with or without accents)."""
    if word.endswith(HONORIFIC_SUFFIX) and len(word) > 3:
        stem = name_roles(word[: -len(HONORIFIC_SUFFIX)], lex)
        if any(stem):
            return stem
    plain = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
    forms = {word, word.capitalize(), word.title(), plain.capitalize()}
    if _ARABIC_VARIANTS.search(plain):  # one name in Arabic and in Persian letters: كيان, کیان
        forms |= {plain.translate(_AS_PERSIAN), plain.translate(_AS_ARABIC)}
    given, surname = any(f in lex.given for f in forms), any(f in lex.surnames for f in forms)
    parts = word.split("-")
    if len(parts) > 1 and all(parts) and not (given or surname):  # Heinz-Jürgen, Smith-Jones
        known = [name_roles(part, lex) for part in parts]
        return all(g for g, _ in known), all(g or s for g, s in known)
    return given, surname


class Sounded(NamedTuple):
    """How a Devanagari or Bengali word sounds against South Asian names: `given` and `surname` are for a
    sound long enough to stand for a name alone; `common` for one of the most borne names, long enough to
    outweigh an everyday word; `heard` whether it sounds like any name at all."""

    given: bool
    surname: bool
    common: bool
    heard: bool
    sound: str  # its consonants; '' for a word of another script


# Fewer consonants sound like too many words to mark a name alone (जूते, Jyoti: `jt`; पुराना, Puran: `prn`).
_SOUNDED_LENGTH = 4
# Two consonants fit a name and a word alike (डिब्बा, মদ): a dictionary's name of that sound is taken as one only
# when it sounds like one of the most borne (खान, दास).
_HEARD_LENGTH = 3


def sounded_roles(word: str, lex: Lexicon) -> Sounded:
    sound = brahmic_sound(word.removesuffix(HONORIFIC_SUFFIX) if len(word) > 3 else word)
    given, surname = sound in lex.sounded_given, sound in lex.sounded_surnames
    alone = len(sound) >= _SOUNDED_LENGTH
    common = len(sound) >= _SOUNDED_LENGTH and sound in lex.sounded_common
    heard = (given or surname) and (len(sound) >= _HEARD_LENGTH or sound in lex.sounded_common)
    return Sounded(given and alone, surname and alone, common, heard, sound)
