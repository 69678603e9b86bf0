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

from cen_pipeline.contract.personal_words import TITLES, WEAK_TITLES

Span = tuple[int, int]

_DATA = Path(__file__).resolve().parents[1] / "data" / "person_names.txt.gz"
_NOT_PERSONS = Path(__file__).resolve().parents[1] / "data" / "named_after_people.txt"
_EVERYDAY = Path(__file__).resolve().parents[1] / "data" / "everyday_words.txt.gz"

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
    "श्रीमती", "कुमारी", "सुश्री", "श्रीमान", "डॉ", "ดร", "นาย", "นาง", "นางสาว", "κ.", "κα", "κος", "κυρία", "mr",
    "ד\"ר", "מר", "גב'", "גברת", "جناب", "آقای", "آقا", "خانم", "سرکار", "دکتر", "مهندس", "пан", "пані", "пани",
    "панi", "г-жа", "доктор", "জনাব", "বেগম", "শ্রী", "শ্রীমতী",
)  # fmt: skip
_PARTICLES = {
    "de", "da", "do", "dos", "das", "del", "della", "di", "du", "la", "le", "van", "von", "der", "den", "ter",
    "bin", "ibn", "bint", "al", "el", "ben", "y", "e", "mac", "st", "abu", "ould",
}  # fmt: skip
# Chinese surnames: the most common (simplified and traditional writing), then the other single-character ones
# of the Hundred Family Surnames (百家姓), many of them everyday characters too (成, 简, 山).
_CHINESE_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦"
    "付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤張劉陳楊黃趙吳孫馬鄭謝許韓馮鄧蔣葉蘇呂盧鍾譚陸閻龍賀顧龔萬錢嚴湯"
)
_OTHER_CHINESE_SURNAMES = set(
    "褚卫尤施戚喻柏窦章云葛奚郎鲁昌苗凤花俞柳酆鲍费廉岑倪滕殷毕邬安常乐时傅皮卞齐康伍元卜平和穆萧湛祁禹狄米贝明臧计伏成谈茅庞纪舒"
    "屈项祝阮蓝闵席季麻强路娄危童颜梅盛刁骆樊凌霍虞支柯昝管经房裘缪干解应宗宣贲郁单杭洪包诸左吉钮嵇邢滑裴荣翁荀羊於惠甄曲家封芮"
    "羿储靳汲邴糜松井富巫乌焦巴弓牧隗山谷车宓蓬全郗班仰秋仲伊宫宁仇栾暴甘钭厉戎祖符景詹束幸司韶郜蓟薄印宿怀蒲邰从鄂索咸籍赖卓蔺"
    "屠蒙池乔阴胥能苍双闻莘党翟贡劳逄姬申扶堵冉宰郦雍璩桑桂濮牛寿通边扈燕冀郏浦尚农温别庄晏柴瞿阎充慕连茹习宦艾鱼容古易慎戈庾终"
    "暨居衡步都耿满弘匡国文寇广禄阙东欧殳沃利蔚越夔隆师巩厍聂晁勾敖融冷訾辛阚那简饶空毋沙乜养鞠须丰巢关蒯相查后荆红游竺权逯盖益桓公"
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
_OFFICE_WORD = re.compile(
    r"(?i:\b(customs|port|airport|bureau|office|douane|aduana|zollamt|dogana|alf[aâ]ndega|border|station|"
    r"terminal|post|depot|hub|centre|center)\b)"
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
_HAN = re.compile(r"[\u4e00-\u9fff]+")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL_WORD = re.compile(r"[\uac00-\ud7a3]{2,4}")
_PATRONYMIC = re.compile(r"[А-ЯЁ][а-яё]+(ович|евич|ьевич|овна|евна|ична|ьевна)\b")


@dataclass(frozen=True)
class Lexicon:
    given: frozenset[str]
    surnames: frozenset[str]
    words: frozenset[str]  # names that are also common English words
    places: frozenset[str]
    brands: tuple[str, ...]  # brands, airports and roads named after people, lower case
    everyday: frozenset[str]  # the most frequent words of languages in other scripts than Latin


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
    everyday = frozenset(gzip.decompress(_EVERYDAY.read_bytes()).decode("utf-8").split("\n"))
    return Lexicon(
        sections["given"], sections["surname"], sections["word"], sections["place"], brands, everyday
    )


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
        joined = bool(_JOINT.fullmatch(text[previous_end : m.start()]))
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


def _known(word: str, lex: Lexicon) -> tuple[bool, bool]:
    """Whether a word is a known given name, a known surname (in any case, with or without accents)."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
    forms = {word, word.capitalize(), word.title(), plain.capitalize()}
    given, surname = any(f in lex.given for f in forms), any(f in lex.surnames for f in forms)
    parts = word.split("-")
    if len(parts) > 1 and all(parts) and not (given or surname):  # Heinz-Jürgen, Smith-Jones
        known = [_known(part, lex) for part in parts]
        return all(g for g, _ in known), all(g or s for g, s in known)
    return given, surname


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
        known = [_known(w, lex) for w in core]
        span = (run[0].start(), run[-1].end())
        any_known = any(g or s for g, s in known)
        # Short everyday words (Rose Gold, Red Bull) are not names together; a long word is seldom everyday.
        common = sum(1 for w in core if (_everyday_name(w, lex) and len(w) < 8) or w.lower() == w)
        if not core or within_brand(run[0].start(), text, lex):
            continue
        if _is_brand_or_place(run, words, text, lex):
            continue
        if office and run[0].start() == 0 and _OFFICE_WORD.search(text, run[-1].end()):
            continue  # the place an office is named after (Marine Corps Base Hawaii - MCBH customs)
        cued = cued or _cued(text, run[0].start())
        if (
            cued
            and (len(core) >= 2 or not words[0].isascii())
            and (any_known or not words[0].isascii() or not common)
        ):
            found.append(span)
            continue
        before = text[: run[0].start()]
        if len(core) < 2 or _AT_PLACE.search(before) or _MARKS_OF.search(before):
            continue
        separated = len(run) in (2, 3) and _SEPARATED.match(text[run[0].end() : run[1].start()])
        if separated and known[1][0] and (known[0][1] or _plain_word(core[0], lex)):
            found.append(span)  # SURNAME, Given or SURNAME/GIVEN: no firm inverts a person's name
            continue
        if not bare:
            continue
        if _other_script_name(core, known, lex):
            found.append(span)
            continue
        if core[0] in lex.places and (
            (office and (not before.strip() or _BEFORE_PLACE.search(before)))
            or text[run[0].end() : run[1].start()].startswith(",")
        ):
            continue  # an office named after its place (Madrid Barajas), a place and more (Congo, Dem. Rep.)
        if not any_known:
            continue
        paired = any(g1 and s2 for (g1, _), (_, s2) in itertools.pairwise(known)) and common < len(core)
        if paired or (len(core) == 2 and not separated and _half_known(core, known, lex)):
            found.append(span)
    return found


_LATIN_WORD = re.compile(r"[A-Za-zÀ-ɏ'’.-]+")


def _plain_word(word: str, lex: Lexicon) -> bool:
    """A capitalised word that is no everyday word of any language and no place: a rare surname."""
    return word.lower() not in lex.everyday and word not in lex.places and not word.isupper()


def _everyday_name(word: str, lex: Lexicon) -> bool:
    """A known name that is an everyday word too (Rose, Gold), which alone does not make a person."""
    return word.lower() in lex.words and word.lower() in lex.everyday


def _half_known(core: list[str], known: list[tuple[bool, bool]], lex: Lexicon) -> bool:
    """Two words of which one is a known given name (first) or surname (second) and the other no known name,
    everyday word or place: a name whose other half is rarer than the dictionaries (Anette Stiebitz)."""
    if not all(_LATIN_WORD.fullmatch(w) for w in core):
        return False  # in other scripts the dictionaries hold everyday words too: see _other_script_name
    (g1, s1), (g2, s2) = known
    if g1 and not (g2 or s2):
        return not _everyday_name(core[0], lex) and _plain_word(core[1], lex) and len(core[1]) >= 3
    if s2 and not (g1 or s1):
        return _plain_word(core[0], lex) and not _everyday_name(core[1], lex) and len(core[0]) >= 3
    return False


# Surname endings of Slavic (Cyrillic) and Greek names: Шведченко, Пенджакова, Ватаманюк, Νικολόπουλος.
_SURNAME_ENDINGS = re.compile(  # read without accents: й is и, ё is е, ό is ο
    r"(ов|ова|ев|ева|ин|ина|ын|ына|скии|ская|цкии|цкая|скои|ски|ска|енко|чук|юк|ук|ич|вич|ян|швили|дзе|ишин|ак|"
    r"ник|ко|ець|ии|ая|ои|"
    r"ος|ου|ης|ας|η|ακης|ακη|οπουλος|οπουλου|ιδης|ιδου|αδης|αδου|ατος|ατου|ιος|ιου|εας)$"
)


def _other_script_name(core: list[str], known: list[tuple[bool, bool]], lex: Lexicon) -> bool:
    """Two or three words of a script other than Latin, standing alone, as a person's name: capitalised
    Cyrillic or Greek words (only proper nouns are) of which one is a known name or the last has a surname's
    ending; in a script without case, words that are all known names and not all everyday words (در, گل), or a
    known given name and a rarer word, neither of them everyday."""
    if not 2 <= len(core) <= 3 or any(w.isascii() for w in core):
        return False
    named = sum(1 for g, s in known if g or s)
    if all(w[0].isupper() for w in core):  # Cyrillic, Greek, Armenian: scripts with case
        last = "".join(
            c for c in unicodedata.normalize("NFKD", core[-1].lower()) if not unicodedata.combining(c)
        )
        return named >= 1 or bool(_SURNAME_ENDINGS.search(last))
    if any(w[0].isupper() or w[0].islower() for w in core):
        return False  # lower-case words in a script with case: a sentence
    everyday = sum(1 for w in core if w in lex.everyday)
    if named == len(core):
        return everyday < len(core)
    # A known given name first, or a known surname first in Chinese and Japanese order (林 美加子).
    first = known[0][0] or (known[0][1] and bool(_HAN.match(core[0])))
    return len(core) == 2 and first and everyday == 0


def _east_asian_spans(text: str) -> list[Span]:
    lex = lexicon()
    found = []
    for m in _HAN.finditer(text):
        # A short run of Chinese characters standing apart (not inside a Chinese or Japanese sentence).
        beside = text[m.start() - 1 : m.start()] + text[m.end() : m.end() + 1]
        run = m.group()
        # Two characters after a common surname (王芳), three after any (祝俊宏).
        surname = run[0] in _CHINESE_SURNAMES or (len(run) == 3 and run[0] in _OTHER_CHINESE_SURNAMES)
        if 2 <= len(run) <= 3 and surname and run not in lex.everyday and not _KANA.search(beside):
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
        spans += [span for span in _east_asian_spans(text) if not _MARKS_OF.search(text[: span[0]])]
    return spans
