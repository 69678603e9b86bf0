"""Person names in free text, in any script, found with dictionaries of given names and surnames
(`data/person_names.txt.gz`, see `data/make_person_names.py`) and the context that tells a person from a
brand or a place.

A name is a run of name-shaped words (capitalised, upper case in a manifest, or in a script without case):
- after a word that marks a person (a role: consignee, driver, passenger ...; a title; "sent by"), when one
  of its words is a known name;
- alone, when it is a known given name followed by a known surname (or a surname, comma or slash, given
  name, as manifests write them), unless it is a brand named after a person, a place, or two common words;
- in Korean written as one word (surname syllable, then a known given name), in Chinese as a short run that
  starts with a common surname and stands apart from other Chinese text, and in Russian with a patronymic.

A brand or right holder may be named after a person, so there (level "company") only the first kind counts;
an office is named after its place, so there (level "office") a known place followed by a name is a place.
"""

from __future__ import annotations

import itertools
import re
import unicodedata

from cen_pipeline.contract.name_lexicon import Lexicon, lexicon, name_roles
from cen_pipeline.contract.personal_words import TITLES, WEAK_TITLES
from cen_pipeline.contract.script_names import SENTENCE_END, east_asian_spans, other_script_name

Span = tuple[int, int]


# Words that mark the next words as a person's name, in the languages Members write in.
ROLE_WORDS = (
    r"consignee|consignor|shipper|notify party|notify|pax|passenger|passengers|traveller|traveler|driver|"
    r"sender|recipient|addressee|courier|owner|holder|buyer|seller|importer|exporter|declarant|suspect|"
    r"offender|smuggler|captain|capt\.?|master|skipper|crew member|crew|chief officer|first officer|officer|"
    r"agent|inspector|sgt\.?|sergeant|lt\.?|lieutenant|cpl\.?|pilot|steward|stewardess|seaman|sailor|"
    r"consignataire|destinataire|exp[eé]diteur|passag[eè]re?|voyageur|chauffeur|conducteur|capitaine|"
    r"propri[eé]taire|acheteur|vendeur|transitaire|agent|douanier|"
    r"destinatario|remitente|pasajer[oa]|viajer[oa]|conductor|chofer|capit[aá]n|propietari[oa]|comprador|"
    r"vendedor|remetente|passageir[oa]|motorista|"
    r"empf[aä]nger|absender|fahrer|reisende[rn]?|passagier|kapit[aä]n|inhaber|k[aä]ufer|verk[aä]ufer|"
    r"represented by|repr[eé]sent[eé]e? par|representad[oa] por|vertreten durch|"
    r"sent by|shipped by|delivered to|addressed to|collected by|carried by|ordered by|received by|"
    r"luggage of|baggage of|belonging to|owned by|in the name of|on behalf of|attn\.?|attention|c/o|"
    r"envoy[eé]e? par|livr[eé]e? [aà]|adress[eé]e? [aà]|remis [aà]|au nom de|"
    r"enviado por|entregado a|dirigido a|a nombre de|equipaje de|"
    r"gesendet von|geliefert an|im namen von"
)
_TITLES = f"{TITLES}|{WEAK_TITLES}"
_OTHER_SCRIPT_TITLES = (
    "السيد", "السيدة", "الآنسة", "الأستاذ", "الأستاذة", "الدكتور", "الدكتورة", "المهندس", "المهندسة", "الشيخ",
    "الحاج", "господин", "госпожа", "г-н", "г-жа", "先生", "女士", "小姐", "さん", "様", "씨", "님", "श्री",
    "श्रीमती", "कुमारी", "सुश्री", "श्रीमान", "डॉ", "माननीय", "आदरणीय", "ดร", "นาย", "นาง", "นางสาว", "κ.", "κα", "κος", "κυρία", "mr",
    "ד\"ר", "מר", "גב'", "גברת", "جناب", "آقای", "آقا", "خانم", "سرکار", "دکتر", "مهندس", "пан", "пані", "пани", "г-ца",
    "панi", "г-жа", "доктор", "জনাব", "বেগম", "শ্রী", "শ্রীমতী", "панна", "пане", "др.", "д-р", "проф.", "инж.",
    "гн", "гжа", "δρ.", "δρ", "καθ.", "σεβ.", "ο κ.", "η κα", "महात्मा", "सम्मानित", "संमानित", "श्रीमती", "डॉ.",
    "добродій", "добродійка", "пан", "пані", "आदरसूचक", "सम्मानसूचक", "आदरवाचक", "सम्मानात्मक", "ডাঃ", "ডঃ",
    "ইঞ্জিঃ", "ডা.",
)  # fmt: skip
_PARTICLES = {
    "de", "da", "do", "dos", "das", "del", "della", "di", "du", "la", "le", "van", "von", "der", "den", "ter",
    "bin", "ibn", "bint", "al", "el", "ben", "y", "e", "mac", "st", "abu", "ould", "آل", "بن", "بنت", "ابن",
}  # fmt: skip
# Words after a run of names that make it a company (Newman, Gray and Waller Ltd) or a place (Jomo Kenyatta
# International Airport), and words joining a list of surnames into a firm's name.
_COMPANY_WORDS = (
    r"ltd|limited|llc|llp|plc|inc|corp|corporation|co|company|gmbh|ag|kg|ohg|sa|sas|sarl|sasu|spa|s\.p\.a|srl|"
    r"s\.r\.l|sl|s\.l|sociedad|bv|b\.v|nv|n\.v|kft|zrt|nyrt|bt|sp|ab|as|a/s|asa|oy|oyj|apS|pty|pte|bhd|sdn|"
    r"group|groupe|grupo|gruppe|holding|holdings|sons|brothers|bros|freres|fr[eè]res|hijos|hermanos|filhos|"
    r"associates|associ[eé]s|asociados|partners|trading|import|export|logistics|industries|international|"
    r"enterprises|foundation|stiftung|fundaci[oó]n|fondation|cie|compagnie|compa[nñ][ií]a|companhia|ltda|"
    r"s/a|me|eireli|a\.s|s\.a|k\.k|kk|tbk|jsc|pjsc|ooo|zao|oao|ад|еад|ооо|зао|оао|пао|тов|công|cty"
)
_PLACE_WORDS = (
    r"airport|aeropuerto|a[eé]roport|flughafen|aeroporto|lotnisko|havalimani|airfield|intercontinental|"
    r"international|port|harbour|harbor|puerto|hafen|porto|station|gare|bahnhof|estaci[oó]n|terminal|road|"
    r"street|avenue|boulevard|bridge|bay|square|park|university|hospital|stadium|district|province|region|"
    r"county|city|town|village|island|lake|river|mount|border|customs|office|post|depot|centre|center|zone|"
    r"free zone|douane|aduana|zollamt|dogana|alf[aâ]ndega|gümrük|cargo|hub|warehouse|entrep[oô]t|almac[eé]n|"
    r"express|courier|post|poste|correos|correios|fret|freight|liman|iskele|med|mail|parcel|colis"
)
_OFFICE_WORD = re.compile(
    r"(?i:\b(customs|port|airport|bureau|office|douane|aduana|zollamt|dogana|alf[aâ]ndega|border|station|"
    r"terminal|post|depot|hub|centre|center)\b)"
)
# Words before a run that make it the place an office is named after (Bureau de douane de Canford Heath).
_OFFICE_OF = re.compile(
    r"(?i:\b(bureau de douane d[e']|bureau d[e']|douane d[e']|aduana de|alf[aâ]ndega de|dogana di|zollamt|"
    r"port of|airport of|customs of|customs office of|puerto de|aeropuerto de|a[eé]roport d[e']|porto di|"
    r"aeroporto di|posto de|paso de|frontera de|poste de)\s*)$"
)
_PLACE_OR_COMPANY = re.compile(rf"(?i:{_COMPANY_WORDS}|{_PLACE_WORDS}|hb|kb)\.?")
_CONJUNCTIONS = {
    "and",
    "y",
    "e",
    "et",
    "und",
    "&",
    "và",
    "ve",
    "i",
    "og",
    "och",
    "en",
    "és",
    "oraz",
    "ja",
    "a",
    "и",
    "і",
    "та",
    "و",
}
_JOINING = "|".join(re.escape(c) for c in sorted(_CONJUNCTIONS))
# A place word may follow after what qualifies it: Stari Kuty postal centre, Petit Raffray inland depot.
_PLACE_QUALIFIERS = (
    r"inland|postal|dry|free|main|central|international|regional|border|sea|air|river|rail|cargo"
)
_AFTER = re.compile(
    rf"^[ ,.–-]*(\([^()]{{1,40}}\) )?(?i:({_PLACE_QUALIFIERS}) )?(?i:({_COMPANY_WORDS}|{_PLACE_WORDS}))\b\.?"
)
_BEFORE_PLACE = re.compile(
    r"(?i:\b(port of|airport of|city of|customs of|bureau de douane de|bureau de|aduana de|douane de|"
    r"zollamt|puerto de|aeropuerto de|a[eé]roport de|via|from|to|at|in|near|transit via|à|de|desde|en|von|"
    r"nach|aus)\s*)$"
)
# A preposition of place before two names makes them a place (seized at Tanger Med, saisi à Saint-Louis).
# Words before a name that make it a trade mark's (bearing marks of Kitumaini, Njeri and Kitumaini).
_MARKS_OF = re.compile(
    r"(?i:\b(marks? of|bearing|brand(ed)?|trade ?marks?|logo of|marques? de|marcas? de|marke|marken)\b)[^.;:]*$"
)
_AT_PLACE = re.compile(
    r"(?i:\b(at|in|via|near|à|au|aux|dans|en|desde|bei|près de|cerca de|port of|airport of|city of|"
    r"(shipped|sent|exported|imported|originating|arriving|coming|departing|transported|dispatched|flown|routed|"
    r"transiting|expédiée?s?|envoyée?s?|enviad[oa]s?|procedente|exportad[oa]s?) from|en provenance de|"
    r"procedente de|desde)\s*)$"
)
# The vowel signs and other combining marks of Indic, Thai, Arabic and Hebrew writing, and the joiners of
# Persian: parts of a word, though not letters.
_MARKS = (
    "".join(re.escape(chr(c)) for c in range(0x300, 0x1100) if unicodedata.category(chr(c)) in ("Mn", "Mc"))
    + "\u200c\u200d"
)
_LETTERS = rf"(?:[^\W\d_]|[{_MARKS}])+"
_WORD = re.compile(rf"{_LETTERS}(?:['’.-]{_LETTERS})*\.?")


def _shaped(token: str) -> bool:
    """A word as a name is written: capitalised (each part: Jean-Pierre, not T-shirts), all capitals, or in a
    script without case."""
    first = token[0]
    if not first.isalpha() or any(part[:1].islower() for part in token.split("-")[1:]):
        return False
    if first.isupper():
        return True
    return not first.islower() and not first.isupper()  # Arabic, Chinese, Hebrew, Devanagari ...


def _runs(text: str) -> list[list[re.Match[str]]]:
    """Runs of name-shaped words joined by spaces, a comma or a slash (particles allowed inside)."""
    runs: list[list[re.Match[str]]] = []
    current: list[re.Match[str]] = []
    previous_end = -10
    for m in _WORD.finditer(text):
        word = m.group().rstrip(".")
        if text[m.start() - 1 : m.start()].isdigit() or text[m.end() : m.end() + 1].isdigit():
            word = "-"  # letters of a code (LX944365083HK): no name
        # One name is written in one script: Nievole, Берислава Скринска are two.
        joined = bool(_JOINT.fullmatch(text[previous_end : m.start()])) and (
            not current or _script(current[-1].group()) == _script(word)
        )
        if _shaped(word) or (current and word.lower() in _PARTICLES):
            if current and joined:
                current.append(m)
            else:
                if current:
                    runs.append(current)
                current = [m]
        else:
            if current:
                runs.append(current)
            current = []
        previous_end = m.end()
    if current:
        runs.append(current)
    return [part for run in runs for part in _split_at_commas(run, text)]


_JOINT = re.compile(r" +|, |/ ?")


def _script(word: str) -> str:
    """The script a word is written in, by its first letter (LATIN, CYRILLIC, ARABIC ...)."""
    return unicodedata.name(word[0], "?").split(" ")[0] if word else "?"


def _split_at_commas(run: list[re.Match[str]], text: str) -> list[list[re.Match[str]]]:
    """A run is one name across a comma only as SURNAME, Given (names); otherwise its parts are read apart
    (Bureau de Mount Pleasant, Aysevim Gül)."""
    cuts = [i for i in range(1, len(run)) if text[run[i - 1].end() : run[i].start()] == ", "]
    if not cuts or (cuts == [1] and len(run) <= 3):
        return [run]
    parts = [run[a:b] for a, b in itertools.pairwise([0, *cuts, len(run)])]
    # From the end, two one-word parts are a SURNAME, Given (Bureau de Homberg, Cocci, Virginia).
    read: list[list[re.Match[str]]] = []
    while parts:
        if len(parts) >= 2 and len(parts[-1]) == 1 and len(parts[-2]) == 1:
            read.insert(0, parts[-2] + parts[-1])
            parts = parts[:-2]
        else:
            read.insert(0, parts.pop())
    return read


def _is_brand_or_place(run: list[re.Match[str]], core: list[str], text: str, lex: Lexicon) -> bool:
    """Whether a run of names is a brand named after a person, a company or a place."""
    phrase = " ".join(core)
    if phrase in lex.places or phrase.title() in lex.places:
        return True
    if any(_PLACE_OR_COMPANY.fullmatch(w) for w in core):
        return True  # Murtala Muhammed Airport, Zollamt Santa Cruz, Lundström HB
    after = text[run[-1].end() :]
    if _AFTER.match(after) or re.match(rf"^,? ({_JOINING}) [^\W\d_]", after):
        return True  # Castañeda, Rodríguez and Espinosa; Szabó Farkas Kft.; King Abdulaziz Airport
    if any(w.lower() in _CONJUNCTIONS for w in core) or re.search(rf"(?i:\b({_COMPANY_WORDS})\b)", phrase):
        return True
    return bool(_BEFORE_PLACE.search(text[: run[0].start()])) and any(
        " ".join(core[i:j]) in lex.places for i in range(len(core)) for j in range(i + 2, len(core) + 1)
    )


def within_brand(position: int, text: str, lex: Lexicon | None = None) -> bool:
    """Whether `position` falls inside a brand named after a person (Louis Vuitton, Dr. Martens)."""
    lowered = text.lower()
    for brand in (lex or lexicon()).brands:
        start = lowered.find(brand)
        while start >= 0:
            if start <= position < start + len(brand):
                return True
            start = lowered.find(brand, start + 1)
    return False


def _cued(text: str, start: int) -> bool:
    before = text[max(0, start - 40) : start]
    if re.search(rf"(?i:\b({ROLE_WORDS}|{_TITLES})\b\.?)[: ,]*$", before):
        return True
    return any(before.rstrip().lower().endswith(t) for t in _OTHER_SCRIPT_TITLES)


_ROLE = re.compile(rf"(?i:({ROLE_WORDS}|{_TITLES}))\.?$")
_MANIFEST_TITLE = re.compile(r"(MR|MRS|MS|MISS|MSTR|DR)\.?$")
_SEPARATED = re.compile(r"^ ?[,/] ?$")


def _name_spans(text: str, bare: bool, office: bool) -> list[Span]:
    lex = lexicon()
    found: list[Span] = []
    for run in _runs(text):
        # A role or title written in capitals with the name (PAX SMITH JOHN, SMITH/JOHN MR) is its cue.
        cued = False
        while run and (_ROLE.match(run[0].group()) or run[0].group().lower() in _OTHER_SCRIPT_TITLES):
            run, cued = run[1:], True
        while run and _MANIFEST_TITLE.fullmatch(run[-1].group()):
            run, cued = run[:-1], True
        if not run:
            continue
        while len(run) > 1 and run[-1].group() in _PARTICLES:  # Tanger Med le 24/12 (not Michael LE)
            run = run[:-1]
        words = [m.group().rstrip(".") for m in run]
        # A particle ends no name: the last word is a surname there (MICHAEL LE, Van).
        core = [w for w in words[:-1] if w.lower() not in _PARTICLES] + words[-1:]
        known = [name_roles(w, lex) for w in core]
        span = (run[0].start(), run[-1].end())
        any_known = any(g or s for g, s in known)
        # Short everyday words (Rose Gold, Red Bull) are not names together; a long word is seldom everyday.
        common = sum(1 for w in core if (_everyday_name(w, lex) and len(w) < 8) or w.lower() == w)
        if not core or within_brand(run[0].start(), text, lex):
            continue
        if _is_brand_or_place(run, words, text, lex):
            continue
        if office and (
            (run[0].start() == 0 and _OFFICE_WORD.search(text, run[-1].end()))
            or _OFFICE_OF.search(text[: run[0].start()])
        ):
            continue  # the place an office is named after (Marine Corps Base Hawaii - MCBH customs, Aduana de)
        cued = cued or _cued(text, run[0].start())
        if (
            cued
            and (len(core) >= 2 or not words[0].isascii())
            and (any_known or not words[0].isascii() or not common)
        ):
            found.append(span)
            continue
        before = text[: run[0].start()]
        if len(core) < 2 or _AT_PLACE.search(before) or _MARKS_OF.search(before) or _trade_marked(core, lex):
            continue
        separated = len(run) in (2, 3) and _SEPARATED.match(text[run[0].end() : run[1].start()])
        inverted = (known[1][0] and (known[0][1] or _plain_word(core[0], lex))) or (
            known[0][1] and _plain_word(core[1], lex) and not within_brand(run[-1].start(), text, lex)
        )
        if separated and inverted:
            found.append(span)  # SURNAME, Given or SURNAME/GIVEN: no firm inverts a person's name
            continue
        if not bare:
            continue
        ends = run[-1].end() - run[-1].group().endswith(".")
        if other_script_name(core, known, lex) and not SENTENCE_END.match(text, ends):
            found.append(span)
            continue
        if core[0] in lex.places and (
            (office and (not before.strip() or _BEFORE_PLACE.search(before)))
            or text[run[0].end() : run[1].start()].startswith(",")
        ):
            continue  # an office named after its place (Madrid Barajas), a place and more (Congo, Dem. Rep.)
        paired = any(g1 and s2 for (g1, _), (_, s2) in itertools.pairwise(known)) and (
            common < len(core) or (_commonly_borne(core, lex) and not _QUALIFIES.match(text, run[-1].end()))
        )
        if paired or (
            len(core) == 2
            and not separated
            and (_halfname_roles(core, known, lex) or _name_shaped_pair(core, known, lex))
        ):
            found.append(span)
    return found


_LATIN_WORD = re.compile(r"[A-Za-zÀ-ɏ'’.-]+")


def _plain_word(word: str, lex: Lexicon) -> bool:
    """A capitalised word that is no everyday word of any language and no place or town: a rare surname."""
    return (
        word.lower() not in lex.everyday
        and word not in lex.places
        and word not in lex.towns
        and not word.isupper()
    )


def _everyday_name(word: str, lex: Lexicon) -> bool:
    """A known name that is an everyday word too (Rose, Gold), which alone does not make a person."""
    return word.lower() in lex.words and word.lower() in lex.everyday


# A word in lower case straight after capitalised words makes them its qualifier: Rose Gold watches.
_QUALIFIES = re.compile(r" [a-z]")


def _commonly_borne(core: list[str], lex: Lexicon) -> bool:
    """A given name and a surname both among the most borne in a country (Tony White, Anna Kiss): a person,
    though both are everyday words too."""
    return len(core) == 2 and core[0] in lex.common_given and core[1] in lex.common_surnames


def _halfname_roles(core: list[str], known: list[tuple[bool, bool]], lex: Lexicon) -> bool:
    """Two words of which one is a known given name (first) or surname (second) and the other no known name,
    everyday word or place: a name whose other half is rarer than the dictionaries (Anette Stiebitz)."""
    if not all(_LATIN_WORD.fullmatch(w) for w in core):
        return False  # in other scripts the dictionaries hold everyday words too: see _other_script_name
    (g1, s1), (g2, s2) = known
    if g1 and not (g2 or s2):  # a common given name names a person even where it is a word (Jane)
        everyday = core[0].lower() in lex.everyday or core[0] in lex.places  # Frankfurt Postzentrum
        named = not everyday or core[0] in lex.common_given
        if (
            core[0] in lex.common_given and not everyday
        ):  # Flavio Mercati: its surname may be a word elsewhere
            return core[1] not in lex.places and not core[1].isupper() and len(core[1]) >= 3
        return named and _plain_word(core[1], lex) and len(core[1]) >= 3
    if s2 and not (g1 or s1):
        return _plain_word(core[0], lex) and not _everyday_name(core[1], lex) and len(core[0]) >= 3
    return False


def _trade_marked(core: list[str], lex: Lexicon) -> bool:
    """Whether a run starts with a trade mark (Garmin Fenix, Oppo Reno): a brand and its product line. A mark
    that is one of the most borne names too (Lee, Suzuki, Jordan) is read so only when no known name follows."""
    for length in range(min(3, len(core)), 0, -1):
        if " ".join(core[:length]).lower() in lex.marks:
            borne = length == 1 and (core[0] in lex.common_given or core[0] in lex.common_surnames)
            return not borne or not any(any(name_roles(w, lex)) for w in core[length:])
    return False


def _name_shaped_pair(core: list[str], known: list[tuple[bool, bool]], lex: Lexicon) -> bool:
    """Two words each of which is a known name that is no everyday word (Anica Voinea, Zuba Hassan) or a word
    no dictionary holds, as the names of peoples the dictionaries cover little are (Kinaya Kipkirui)."""
    if not all(_LATIN_WORD.fullmatch(w) for w in core):
        return False
    return all(
        (any(roles) and word.lower() not in lex.everyday and not word.isupper())
        or (_plain_word(word, lex) and len(word) >= 3 and word.lower() not in lex.words)
        for word, roles in zip(core, known, strict=True)
    )


def name_spans(text: str, level: str) -> list[Span]:
    """Where `text` holds a person's name; at level "company" only names marked as a person's."""
    bare = level in ("full", "office")
    spans = _name_spans(text, bare, office=level == "office")
    if bare:
        spans += [span for span in east_asian_spans(text) if not _MARKS_OF.search(text[: span[0]])]
    return spans
