"""Person names in scripts other than Latin: Cyrillic and Greek by case and surname endings, scripts without
case (Arabic, Hebrew, Devanagari, Bengali, Thai) by the dictionaries with everyday words set aside, Chinese,
Japanese and Korean by their surnames and the way their names are written."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from cen_pipeline.contract.name_lexicon import HONORIFIC_SUFFIX, Lexicon, lexicon, sounded_roles

Span = tuple[int, int]

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
# The same surnames in traditional writing (Taiwan, Hong Kong, Macao), where it differs from the simplified.
_TRADITIONAL_SURNAMES = set(
    "羅賈韋鄒衛竇雲魯鳳鮑費畢鄔樂時齊蕭貝計談龐紀項藍閔強婁顏駱經繆應賁單諸鈕儲烏車宮寧欒鈄厲薊懷從賴藺喬陰蒼雙聞"
    "黨貢勞酈壽邊郟農溫別莊連習魚終滿國廣祿闕東歐師鞏厙聶闞簡饒養須豐關荊紅權蓋"
)
# Chinese surnames of two characters, in simplified and traditional writing.
_COMPOUND_SURNAMES = {
    "欧阳", "歐陽", "司马", "司馬", "诸葛", "諸葛", "上官", "东方", "東方", "皇甫", "尉迟", "尉遲", "公孙", "公孫", "慕容",
    "长孙", "長孫", "宇文", "司徒", "夏侯", "令狐", "端木", "独孤", "獨孤", "西门", "西門", "南宫", "南宮", "轩辕", "軒轅",
}  # fmt: skip
_KOREAN_SURNAMES = set("김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민진나지엄변채원천방공현함염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용")  # fmt: skip
_HAN = re.compile(r"[\u4e00-\u9fff]+")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL_WORD = re.compile(r"[\uac00-\ud7a3]{2,4}")
_PADHYAY = re.compile("(পাধ্যায়|पाध्याय)$")
_PATRONYMIC = re.compile(r"[А-ЯЁ][а-яё]+(ович|евич|ьевич|овна|евна|ична|ьевна)\b")


# Surname endings of Slavic (Cyrillic) and Greek names: Шведченко, Пенджакова, Ватаманюк, Νικολόπουλος.
_SURNAME_ENDINGS = re.compile(  # read without accents: й is и, ё is е, ό is ο
    r"(ов|ова|ев|ева|ин|ина|ын|ына|скии|ская|цкии|цкая|скои|ски|ска|енко|чук|юк|ук|ич|вич|ян|швили|дзе|ишин|ак|"
    r"ник|ко|ець|ии|ая|ои|"
    r"ος|ου|ης|ας|η|α|ακης|ακη|οπουλος|οπουλου|ιδης|ιδου|αδης|αδου|ατος|ατου|ιος|ιου|εας)$"
)


def other_script_name(core: list[str], known: list[tuple[bool, bool]], lex: Lexicon) -> bool:
    """Two or three words of a script other than Latin, standing alone, as a person's name: capitalised
    Cyrillic or Greek words (only proper nouns are) of which one is a known name or the last has a surname's
    ending; in a script without case, words that are all known names and not all everyday words (در, گل), or a
    known given name and a rarer word, neither of them everyday."""
    if not 2 <= len(core) <= 4 or any(w.isascii() for w in core):
        return False
    named = sum(1 for g, s in known if g or s)
    if all(w[0].isupper() for w in core):  # Cyrillic, Greek, Armenian: scripts with case
        last = "".join(
            c for c in unicodedata.normalize("NFKD", core[-1].lower()) if not unicodedata.combining(c)
        )
        if named >= 1 or _SURNAME_ENDINGS.search(last):
            return True
        # Only proper nouns are capitalised within a text: two that are no place and no everyday word
        # (Камілла Баклан) are a person's, whose name no dictionary holds.
        return not any(w.lower() in lex.everyday or w in lex.places for w in core)
    if any(w[0].isupper() or w[0].islower() for w in core):
        return False  # lower-case words in a script with case: a sentence
    if core[0].startswith("ال") and not (known[0][0] and not _everyday_word(core[0], lex)):
        # The article: a noun or a family name comes first (المتحدة ...), not a given name, save the Persian
        # given names that begin with its letters (الناز, الهام).
        return False
    # The most borne names of a country are names even where they are everyday words too (رضا, أمل).
    ordinary = [_everyday_word(w, lex) and not _borne(w, lex) for w in core]
    sounded = [sounded_roles(w, lex) for w in core]
    # The Devanagari and Bengali dictionaries hold everyday words too (चश्मा, সোনার): a name there must also
    # sound like a South Asian name.
    known = [(g, s) if not sound.sound or sound.heard else (False, False)
             for (g, s), sound in zip(known, sounded, strict=True)]  # fmt: skip
    # The Brahmin surnames of Bengal and the North, in -opadhyay (চট্টোপাধ্যায়, उपाध्याय), are seldom
    # in the dictionaries written in their own script.
    known = [(g, s or bool(_PADHYAY.search(w))) for w, (g, s) in zip(core, known, strict=True)]
    if all(sound.common or not o for o, sound in zip(ordinary, sounded, strict=True)):
        # Names the dictionaries lack, known by their sound; only among words none of which is an everyday
        # word (a sound is shared by many) unless it sounds like one of the most borne names.
        known = [
            kn if any(kn) else (sound.given, sound.surname) for kn, sound in zip(known, sounded, strict=True)
        ]
        ordinary = [o and not sound.common for o, sound in zip(ordinary, sounded, strict=True)]
    everyday = sum(ordinary)
    named = sum(1 for g, s in known if g or s)
    if len(core) == 2 and core[-1].endswith(HONORIFIC_SUFFIX) and known[-1][1]:
        return True  # a surname with the suffix of respect (शंकर रावजी)
    if len(core) == 4:  # given, father's, grandfather's and family names, as Arabic names are written
        return known[0][0] and (everyday == 0 or named == 4)
    if named == len(core):
        return everyday < len(core) or (core[0] in lex.common_given and core[-1] in lex.common_surnames)
    # A known given name first, or a known surname first in Chinese and Japanese order (林 美加子), or a known
    # surname last; the other word a rarer one.
    first = known[0][0] or (known[0][1] and bool(_HAN.match(core[0])))
    return (first or known[-1][1]) and everyday == 0


def _borne(word: str, lex: Lexicon) -> bool:
    return word in lex.common_given or word in lex.common_surnames


def _everyday_word(word: str, lex: Lexicon) -> bool:
    """A frequent word of its language, or one that starts with an Arabic particle and article (وال, بال: and
    the, in the), which no name does."""
    if _ARABIC_PARTICLE.match(word):
        return True
    # The same word with its vowel and doubling marks (كلّ is كل), which the word lists do not write.
    bare = _POINTING.sub("", word)
    return (
        bare in lex.everyday
        or word in lex.everyday
        or (word.endswith(HONORIFIC_SUFFIX) and word[:-2] in lex.everyday)
    )


# Arabic vowel and doubling marks, Hebrew points.
_POINTING = re.compile("[\u064b-\u065f\u0670\u0591-\u05c7]")
_ARABIC_PARTICLE = re.compile(r"(و|ف|ب|ك|ل)ال|لل|وب|وك|ول|وف")
# A sentence's end straight after the words (. । ۔ 。): a sentence, not a name standing alone.
SENTENCE_END = re.compile(r"[.।۔。!?؟]+\s*$")


# Surname in Chinese characters (佐々木 with its repeat mark), space, given name in characters or in hiragana, as
# Japanese given names often are (鈴木 くみ子).
_SPACED_HAN_NAME = re.compile(
    r"(?<![\u4e00-\u9fff\u3040-\u30ff々])([\u4e00-\u9fff][\u4e00-\u9fff々]{0,2}) "
    r"([\u4e00-\u9fff]{1,3}|[\u3041-\u3096][\u3041-\u3096\u4e00-\u9fff]{1,3})(?![\u4e00-\u9fff\u3040-\u30ff])"
)


@cache
def _given_characters() -> frozenset[str]:
    """The Chinese characters given names are made of: those found in 20 or more known two-character given
    names (琳, 敏, 娜), few of which begin everyday words after a surname's character."""
    counts: dict[str, int] = {}
    for name in lexicon().given:
        if len(name) == 2 and _HAN.fullmatch(name):
            for character in name:
                counts[character] = counts.get(character, 0) + 1
    return frozenset(c for c, n in counts.items() if n >= 20)


def east_asian_spans(text: str) -> list[Span]:
    lex = lexicon()
    found = []
    given_characters = _given_characters()
    for m in _HAN.finditer(text):
        # A short run of Chinese characters standing apart (not inside a Chinese or Japanese sentence).
        beside = text[m.start() - 1 : m.start()] + text[m.end() : m.end() + 1]
        run = m.group()
        if len(run) == 4 and run[:2] in _COMPOUND_SURNAMES:
            found.append(m.span())  # 欧阳淑娟: a surname of two characters, a given name of two
            continue
        # Two characters after a common surname (王芳), or after any with a given name's character (祝琳);
        # three after any (祝俊宏).
        surname = run[0] in _CHINESE_SURNAMES or (
            run[0] in _OTHER_CHINESE_SURNAMES | _TRADITIONAL_SURNAMES
            and (len(run) == 3 or run[1:2] in given_characters)
        )
        alone = not _KANA.search(beside) and not SENTENCE_END.match(text, m.end())
        if 2 <= len(run) <= 3 and surname and run not in lex.everyday and alone:
            found.append(m.span())
    for m in _SPACED_HAN_NAME.finditer(text):
        # Surname, space, given name, as Japanese and Chinese names are written among other words (林 美加子).
        family, given = m.group(1), m.group(2)
        surname = family in lex.surnames or family in _CHINESE_SURNAMES | _OTHER_CHINESE_SURNAMES
        # After one of the most borne surnames, a given name that is a word too (佐藤 学, Manabu: learning).
        if surname and (given not in lex.everyday or family in lex.common_surnames):
            found.append(m.span())
    for m in _HANGUL_WORD.finditer(text):
        word = m.group()
        if word[0] in _KOREAN_SURNAMES and (word[1:] in lex.given or word in lex.given):
            found.append(m.span())
    found += [m.span() for m in _PATRONYMIC.finditer(text)]
    return found
