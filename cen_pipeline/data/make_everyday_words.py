"""Writes `everyday_words.txt.gz`: the most frequent words of the languages Members write in, in lower case,
which the personal-data guard does not take for names on their own although its name dictionaries hold many
of them (people register everyday words as names, and many names are words: کریم, أمل, নূর, Rose).

    pip install wordfreq==3.1.1 names-dataset==3.3.1
    python -m cen_pipeline.data.make_everyday_words

Source: wordfreq (word frequencies from Wikipedia, subtitles, news, books and the web), the first TOP words of
each language below (more of those written in Latin, whose words are shorter and more alike). In Arabic script,
where the name dictionaries hold many everyday words that few people bear (شعار: slogan, قادة: leaders, لبخند:
smile), also every word of Arabic, Persian or Urdu more frequent than ARABIC_ZIPF (about one word in 30,000)
unless it is among the first NAME_RANK given names or surnames of a country in names-dataset (رضا, کریم stay
names). One word a line.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path

TOP = 2000
LATIN_TOP = 5000
LANGUAGES = ("ar", "fa", "ur", "he", "ru", "uk", "bg", "mk", "el", "hi", "bn", "ta", "zh", "ja", "ko")
LATIN_LANGUAGES = (
    "en", "fr", "es", "de", "it", "pt", "nl", "pl", "tr", "ro", "sv", "da", "nb", "fi", "cs", "hu", "id", "ms", "vi",
)  # fmt: skip
ARABIC_LANGUAGES = ("ar", "fa", "ur")
ARABIC_ZIPF = 4.5
NAME_RANK = 1000
_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff\u200c]+")
OUT = Path(__file__).with_name("everyday_words.txt.gz")


def main() -> None:
    import wordfreq

    words = {w for lang in LANGUAGES for w in wordfreq.top_n_list(lang, TOP)}
    words |= _arabic_words() - _borne_names()
    words |= {w for lang in LATIN_LANGUAGES for w in wordfreq.top_n_list(lang, LATIN_TOP) if w.isalpha()}
    OUT.write_bytes(gzip.compress("\n".join(sorted(words)).encode("utf-8"), compresslevel=9, mtime=0))
    print(f"{OUT.name}: {len(words)} words")


def _arabic_words() -> set[str]:
    import wordfreq

    floor = 10 ** (ARABIC_ZIPF - 9)  # a Zipf value is log10 of a word's frequency per billion words
    return {
        w
        for lang in ARABIC_LANGUAGES
        for w, f in wordfreq.get_frequency_dict(lang).items()
        if f >= floor and _ARABIC_SCRIPT.fullmatch(w)
    }


def _borne_names() -> set[str]:
    import gzip as gz
    import os
    import pickle

    import names_dataset

    data = Path(os.path.dirname(names_dataset.__file__)) / "v3"
    borne = set()
    for kind in ("first", "last"):
        with gz.open(data / f"{kind}_names.pkl.gz") as f:
            names: dict[str, dict[str, dict[str, int]]] = pickle.load(f)
        for name, facts in names.items():
            if min((facts.get("rank") or {}).values(), default=NAME_RANK + 1) <= NAME_RANK:
                borne.add(name)
    return borne


if __name__ == "__main__":
    main()
