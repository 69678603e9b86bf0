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

import gzip
import itertools
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

Span = tuple[int, int]

_DATA = Path(__file__).resolve().parents[1] / "data" / "person_names.txt.gz"
_NOT_PERSONS = Path(__file__).resolve().parents[1] / "data" / "named_after_people.txt"

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
    r"sent by|shipped by|delivered to|addressed to|collected by|carried by|ordered by|received by|"
    r"luggage of|baggage of|belonging to|owned by|in the name of|on behalf of|attn\.?|attention|c/o|"
    r"envoy[eé]e? par|livr[eé]e? [aà]|adress[eé]e? [aà]|remis [aà]|au nom de|"
    r"enviado por|entregado a|dirigido a|a nombre de|equipaje de|"
    r"gesendet von|geliefert an|im namen von"
)
_TITLES = (
    r"mr|mrs|ms|miss|mme|mlle|m\.|monsieur|madame|sr|sra|srta|se[nñ]or|se[nñ]ora|senhor|senhora|don|"
    r"do[nñ]a|dona|herr|frau|dr|prof|sig\.?|sig\.ra|signor|signora|pan|pani|bay|bayan|gospodin|"
    r"sayyid|sayed|sayyida|sidi|lalla|hajj|hadj|cheikh|sheikh|mx"
)
_OTHER_SCRIPT_TITLES = (
    "السيد", "السيدة", "الآنسة", "الأستاذ", "الأستاذة", "الدكتور", "الدكتورة", "المهندس", "المهندسة", "الشيخ",
    "الحاج", "господин", "госпожа", "г-н", "г-жа", "先生", "女士", "小姐", "さん", "様", "씨", "님", "श्री",
    "श्रीमती", "कुमारी", "डॉ", "ดร", "นาย", "นาง", "นางสาว", "κ.", "κα", "mr", "ד\"ר", "מר", "גב'",
)  # fmt: skip
_PARTICLES = {
    "de", "da", "do", "dos", "das", "del", "della", "di", "du", "la", "le", "van", "von", "der", "den", "ter",
    "bin", "ibn", "bint", "al", "el", "ben", "y", "e", "mac", "st", "abu", "ould",
}  # fmt: skip
# Common Chinese surnames (the first of the Hundred Family Surnames by number of bearers).
_CHINESE_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦"
    "付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤張劉陳楊黃趙吳孫馬鄭謝許韓馮鄧蔣葉蘇呂盧鍾譚陸閻龍賀顧龔萬錢嚴湯"
)
_KOREAN_SURNAMES = set("김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민진나지엄변채원천방공현함염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용")  # fmt: skip
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
_PLACE_OR_COMPANY = re.compile(rf"(?i:{_COMPANY_WORDS}|{_PLACE_WORDS}|hb|kb)\.?")
_CONJUNCTIONS = {"and", "y", "e", "et", "und", "&", "và", "ve", "i", "og", "och", "en"}
_AFTER = re.compile(rf"^[ ,.]*(?i:({_COMPANY_WORDS}|{_PLACE_WORDS}))\b\.?")
_BEFORE_PLACE = re.compile(
    r"(?i:\b(port of|airport of|city of|customs of|bureau de douane de|bureau de|aduana de|douane de|"
    r"zollamt|puerto de|aeropuerto de|a[eé]roport de|via|from|to|at|in|near|transit via|à|de|desde|en|von|"
    r"nach|aus)\s*)$"
)
# A preposition of place before two names makes them a place (seized at Tanger Med, saisi à Saint-Louis).
_AT_PLACE = re.compile(r"(?i:\b(at|in|via|near|à|au|aux|dans|en|desde|bei|près de|cerca de)\s*)$")
_WORD = re.compile(r"[^\W\d_]+(?:['’.-][^\W\d_]+)*\.?")
_HAN = re.compile(r"[\u4e00-\u9fff]+")
_HANGUL_WORD = re.compile(r"[\uac00-\ud7a3]{2,4}")
_PATRONYMIC = re.compile(r"[А-ЯЁ][а-яё]+(ович|евич|ьевич|овна|евна|ична|ьевна)\b")


@dataclass(frozen=True)
class Lexicon:
    given: frozenset[str]
    surnames: frozenset[str]
    words: frozenset[str]  # names that are also common English words
    places: frozenset[str]
    brands: tuple[str, ...]  # brands, airports and roads named after people, lower case


@cache
def lexicon() -> Lexicon:
    text = gzip.decompress(_DATA.read_bytes()).decode("utf-8")
    parts = re.split(r"^#(given|surname|word|place)\n", text, flags=re.MULTILINE)[1:]
    sections = {
        kind: frozenset(names.split("\n")) - {""} for kind, names in zip(parts[::2], parts[1::2], strict=True)
    }
    brands = tuple(
        line.strip().lower() for line in _NOT_PERSONS.read_text(encoding="utf-8").splitlines() if line.strip()
    )
    return Lexicon(sections["given"], sections["surname"], sections["word"], sections["place"], brands)


def _shaped(token: str) -> bool:
    """A word as a name is written: capitalised, all capitals, or in a script without case."""
    first = token[0]
    if not first.isalpha():
        return False
    if first.isupper():
        return True
    return not first.islower() and not first.isupper()  # Arabic, Chinese, Hebrew, Devanagari ...


def _runs(text: str) -> list[list[re.Match[str]]]:
    """Runs of name-shaped words separated by one space (particles allowed inside)."""
    runs: list[list[re.Match[str]]] = []
    current: list[re.Match[str]] = []
    previous_end = -10
    for m in _WORD.finditer(text):
        word = m.group().rstrip(".")
        joined = text[previous_end : m.start()] in (" ", ", ", "/", "/ ")
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
    return runs


def _known(word: str, lex: Lexicon) -> tuple[bool, bool]:
    """Whether a word is a known given name, a known surname (in any case, with or without accents)."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
    forms = {word, word.capitalize(), word.title(), plain.capitalize()}
    return any(f in lex.given for f in forms), any(f in lex.surnames for f in forms)


def _is_brand_or_place(run: list[re.Match[str]], core: list[str], text: str, lex: Lexicon) -> bool:
    """Whether a run of names is a brand named after a person, a company or a place."""
    phrase = " ".join(core)
    if phrase in lex.places or phrase.title() in lex.places:
        return True
    if any(_PLACE_OR_COMPANY.fullmatch(w) for w in core):
        return True  # Murtala Muhammed Airport, Zollamt Santa Cruz, Lundström HB
    after = text[run[-1].end() :]
    if _AFTER.match(after) or re.match(r"^,? (and|y|e|et|und|&|và) [A-ZÀ-Þ]", after):
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
    return any(before.rstrip().endswith(t) for t in _OTHER_SCRIPT_TITLES)


_ROLE = re.compile(rf"(?i:({ROLE_WORDS}|{_TITLES}))\.?$")
_MANIFEST_TITLE = re.compile(r"(MR|MRS|MS|MISS|MSTR|DR)\.?$")
_SEPARATED = re.compile(r"^ ?[,/] ?$")


def _name_spans(text: str, bare: bool, office: bool) -> list[Span]:
    lex = lexicon()
    found: list[Span] = []
    for run in _runs(text):
        # A role or title written in capitals with the name (PAX SMITH JOHN, SMITH/JOHN MR) is its cue.
        cued = False
        while run and _ROLE.match(run[0].group()):
            run, cued = run[1:], True
        while run and _MANIFEST_TITLE.fullmatch(run[-1].group()):
            run, cued = run[:-1], True
        if not run:
            continue
        while len(run) > 1 and run[-1].group().lower() in _PARTICLES:  # Tanger Med le 24/12
            run = run[:-1]
        words = [m.group().rstrip(".") for m in run]
        core = [w for w in words if w.lower() not in _PARTICLES]
        known = [_known(w, lex) for w in core]
        span = (run[0].start(), run[-1].end())
        any_known = any(g or s for g, s in known)
        # Short everyday words (Rose Gold, Red Bull) are not names together; a long word is seldom everyday.
        common = sum(1 for w in core if (w.lower() in lex.words and len(w) < 8) or w.lower() == w)
        if not core or within_brand(run[0].start(), text, lex):
            continue
        if _is_brand_or_place(run, words, text, lex):
            continue
        cued = cued or _cued(text, run[0].start())
        if (
            cued
            and (len(core) >= 2 or not words[0].isascii())
            and (any_known or not words[0].isascii() or not common)
        ):
            found.append(span)
            continue
        if not bare or len(core) < 2 or _AT_PLACE.search(text[: run[0].start()]):
            continue
        if core[0] in lex.places and (office or text[run[0].end() : run[1].start()].startswith(",")):
            continue  # an office named after its place (Madrid Barajas), a place and more (Congo, Dem. Rep.)
        if not any_known:
            continue
        pairs = itertools.pairwise(known)
        separated = len(run) == 2 and _SEPARATED.match(text[run[0].end() : run[1].start()])
        if (any(g1 and s2 for (g1, _), (_, s2) in pairs) and common < len(core)) or (
            not core[0].isascii() and sum(1 for g, s in known if g or s) >= 2
        ):
            found.append(span)
        elif separated and known[1][0] and core[0].lower() not in lex.words and core[0] not in lex.places:
            found.append(span)  # SURNAME, Given or SURNAME/GIVEN
    return found


def _east_asian_spans(text: str) -> list[Span]:
    lex = lexicon()
    found = []
    for m in _HAN.finditer(text):
        # A short run of Chinese characters standing apart (not inside a Chinese sentence).
        if 2 <= len(m.group()) <= 3 and m.group()[0] in _CHINESE_SURNAMES:
            found.append(m.span())
    for m in _HANGUL_WORD.finditer(text):
        word = m.group()
        if word[0] in _KOREAN_SURNAMES and (word[1:] in lex.given or word in lex.given):
            found.append(m.span())
    found += [m.span() for m in _PATRONYMIC.finditer(text)]
    return found


def name_spans(text: str, level: str) -> list[Span]:
    """Where `text` holds a person's name; at level "company" only names marked as a person's."""
    bare = level in ("full", "office")
    spans = _name_spans(text, bare, office=level == "office")
    if bare:
        spans += _east_asian_spans(text)
    return spans
