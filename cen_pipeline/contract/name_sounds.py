"""Names of South Asia in Devanagari and Bengali known by their sound.

The name datasets hold Indian and Bangladeshi names mostly in Latin letters (Sengupta, Chatterjee, Majumdar),
written in their own scripts far less often. A word of those scripts is compared with them by its consonants,
the part of a name that every spelling keeps: vowels, aspiration, doubling and the letters Latin spellings
write in several ways (v and w, z and j) are set aside on both sides, so that सेनगुप्ता, সেনগুপ্ত and Sengupta
all read `sngpt`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# Latin spellings, longest first: the digraphs of aspirated consonants count as the plain consonant.
_LATIN = (
    ("chh", "c"), ("ch", "c"), ("sh", "s"), ("ph", "p"), ("bh", "b"), ("th", "t"), ("dh", "d"), ("kh", "k"),
    ("gh", "g"), ("jh", "j"), ("w", "b"), ("v", "b"), ("z", "j"), ("q", "k"), ("f", "p"), ("x", "ks"),
    ("c", "k"),
)  # fmt: skip
_LATIN_SILENT = set("aeiouyh")

# Devanagari consonants by sound; Bengali has the same letters 0x80 further on. य and ह are left out, as the
# Latin y and h are (a vowel's glide, an aspiration).
_BRAHMIC_GROUPS = {
    "k": "कख", "g": "गघ", "c": "चछ", "j": "जझ", "t": "टठतथ", "d": "डढदध", "n": "ङञणनं",
    "p": "पफ", "b": "बभव", "m": "म", "r": "र", "l": "लळ", "s": "शषस",
}  # fmt: skip
_BRAHMIC = {
    chr(ord(letter) + shift): sound
    for sound, letters in _BRAHMIC_GROUPS.items()
    for letter in letters
    for shift in (0, 0x80)
}
_BRAHMIC_WORD = re.compile(r"[\u0900-\u09ff]+")


def _collapsed(sounds: Iterable[str]) -> str:
    out: list[str] = []
    for sound in sounds:
        if not out or out[-1] != sound:  # doubled letters (Pillai, पिल्लई) sound once
            out.append(sound)
    return "".join(out)


def latin_sound(name: str) -> str:
    text, i, sounds = name.lower(), 0, []
    while i < len(text):
        for spelling, sound in _LATIN:
            if text.startswith(spelling, i):
                sounds.append(sound)
                i += len(spelling)
                break
        else:
            if text[i] not in _LATIN_SILENT:
                sounds.append(text[i])
            i += 1
    return _collapsed(sounds)


def brahmic_sound(word: str) -> str:
    """The consonants of a Devanagari or Bengali word; '' for a word of another script."""
    if not _BRAHMIC_WORD.fullmatch(word):
        return ""
    return _collapsed(_BRAHMIC[c] for c in unicodedata.normalize("NFD", word) if c in _BRAHMIC)
