"""Writes `everyday_words.txt.gz`: the most frequent words of the languages Members write in, in lower case,
which the personal-data guard does not take for names on their own although its name dictionaries hold many
of them (people register everyday words as names, and many names are words: کریم, أمل, নূর, Rose).

    pip install wordfreq==3.1.1
    python -m cen_pipeline.data.make_everyday_words

Source: wordfreq (word frequencies from Wikipedia, subtitles, news, books and the web), the first TOP words of
each language below (more of those written in Latin, whose words are shorter and more alike). One word a line.
"""

from __future__ import annotations

import gzip
from pathlib import Path

TOP = 2000
LATIN_TOP = 5000
LANGUAGES = ("ar", "fa", "ur", "he", "ru", "uk", "bg", "mk", "el", "hi", "bn", "ta", "zh", "ja", "ko")
LATIN_LANGUAGES = (
    "en", "fr", "es", "de", "it", "pt", "nl", "pl", "tr", "ro", "sv", "da", "nb", "fi", "cs", "hu", "id", "ms", "vi",
)  # fmt: skip
OUT = Path(__file__).with_name("everyday_words.txt.gz")


def main() -> None:
    import wordfreq

    words = {w for lang in LANGUAGES for w in wordfreq.top_n_list(lang, TOP)}
    words |= {w for lang in LATIN_LANGUAGES for w in wordfreq.top_n_list(lang, LATIN_TOP) if w.isalpha()}
    OUT.write_bytes(gzip.compress("\n".join(sorted(words)).encode("utf-8"), compresslevel=9, mtime=0))
    print(f"{OUT.name}: {len(words)} words")


if __name__ == "__main__":
    main()
