"""The personal-data guard on its labelled corpus (`tests/data/`): it catches the personal data and refuses
none of the legitimate texts, in the models and in the vectorised check alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from cen_pipeline.bench.guard import CORPUS, load_corpus
from cen_pipeline.contract.name_sounds import brahmic_sound, latin_sound
from cen_pipeline.contract.nominal import find_personal_data
from cen_pipeline.intake.check import shown_text, validate_file
from tests.conftest import row, write_csv

TEXTS = load_corpus(CORPUS)


def test_the_corpus_is_large_enough_to_measure() -> None:
    nominal = sum(1 for _, n in TEXTS if n)
    assert nominal >= 300 and len(TEXTS) - nominal >= 300


def test_recall_of_at_least_99_percent_and_no_false_rejection() -> None:
    caught = [text for text, nominal in TEXTS if nominal and find_personal_data(text, "full")]
    refused = [text for text, nominal in TEXTS if not nominal and find_personal_data(text, "full")]
    assert len(caught) / sum(1 for _, n in TEXTS if n) >= 0.99
    assert refused == []


def test_the_vectorised_check_refuses_the_same_rows(tmp_path: Path) -> None:
    rows = [row(case_ref=f"FR-{i}", description=text) for i, (text, _) in enumerate(TEXTS)]
    report = validate_file(write_csv(tmp_path / "corpus.csv", rows))
    refused = {p.row for p in report.problems if p.code == "nominal-value"}
    expected = {i + 2 for i, (text, _) in enumerate(TEXTS) if find_personal_data(text, "full")}
    assert refused == expected


@pytest.mark.parametrize(
    "text",
    [
        "recipient called from (415) 555-0132 twice",
        "goods in the boot, vehicle registration plate KA 01 AB 1234",
        "passager porteur du passeport n° 12AB34567",
    ],
)
def test_the_texts_that_once_got_through_are_refused_and_withheld(text: str) -> None:
    assert find_personal_data(text, "full")
    assert shown_text(text).startswith("[personal data withheld: ")


@pytest.mark.parametrize("text", ["DOB tablets in a false bottom", "500 DOB blotters", "2C-B and DOB powder"])
def test_a_drug_named_dob_is_not_a_date_of_birth(text: str) -> None:
    assert find_personal_data(text, "full") == []


@pytest.mark.parametrize(
    "text",
    [
        "watches sent to สมชาย ใจดี",  # Thai given name and family name
        "Haifa port (משה לוי)",  # the commonest Hebrew names, everyday words too
        "perfume for राजेश वर्माजी",  # a Hindi surname with the suffix of respect
        "bags of 佐藤 花子",  # Japanese: surname, space, given name
        "Ningbo port (汪琳)",  # a rarer Chinese surname and a given name's character
        "خالد سعيد حسن القحطاني",  # an Arabic name of four parts
        "handbags, রাহুল চৌধুরী, seized",  # Bengali: a rarer given name, a known surname
        "sunglasses for Jane Waskita",  # a common given name that is a word too, and a rare surname
        "Anica Voinea",  # two known names in whichever roles
        "NI AB 12 34 56 C",  # a British National Insurance number
        "perfume, 94580730224, seized",  # a Brazilian CPF without its dots: two check digits
        "handbags for Tony White",  # a common given name and a common surname, both everyday words
        "Gillette (Hassani, Zende)",  # a known surname, comma, a rarer given name
        "Bureau de Pieve a Nievole, Берислава Скринска",  # one name is in one script
        "Oakley (consignee панна Маруся Дзюба)",  # a Polish or Ukrainian title
        "Armthorpe port (蕭建宏)",  # a surname in traditional writing
        "Κυπριανή Κουτσονίκα",  # a Greek woman's surname
        "کيان روحانی",  # Arabic and Persian letters in one name
        "cigarettes for मिष्टि मुखार्जी",  # names a Bengali dictionary holds, in Devanagari
        "鈴木 くみ子",  # a Japanese surname and a given name in hiragana
        "Bureau de Nara, 佐々木 さゆり",
        "Камілла Баклан",  # two capitalised Cyrillic words that are no place and no everyday word
        "watches for प्रणव बंद्योपाध्याय",  # a surname no dictionary holds in Devanagari, known by its sound
        "বাসির সরকার",  # Sarkar: one of the most borne surnames, though an everyday word (government)
        "toys, Kinaya Kipkirui, seized",  # two words no dictionary holds, no everyday word or town
        "Flavio Mercati",  # a common given name, a surname that is a word in another language
        "colis pour Nwabudike Owuor",
        "佐藤 学",  # one of the most borne Japanese surnames, a given name that is a word too
        "歐陽淑娟",  # a Chinese surname of two characters
        "رضا حریریان",  # one of the most borne Persian given names, though an everyday word
        "perfume for Suzuki Hiroshi",  # a trade mark that is one of the most borne names, before a name
        "الناز منصوری",  # a Persian given name that begins with the letters of the Arabic article
        "মিলা চট্টোপাধ্যায়",  # a Brahmin surname in -opadhyay, which no dictionary holds in Bengali
    ],
)
def test_names_and_numbers_of_the_classes_found_missing_are_refused(text: str) -> None:
    assert find_personal_data(text, "full")


@pytest.mark.parametrize(
    "text",
    [
        "وبالإضافة الى الشحنة",  # Arabic words with a particle and article, which no name has
        "الشحنة بالكامل.",
        "简介.",  # a sentence, ended: no name standing alone
        "মোবাইল ফোন চার্জার।",
        "Perpignan Le Boulou",  # a place and a word known as a given name
        "Frankfurt Postzentrum",
        "Rose Gold watches",
        "المتحدة المتاخمة",  # an article first: no given name
        "شعار الأثنان",  # everyday words that few people bear, though a dictionary holds them as names
        "عجله‌ای لبخند",
        "Новая Зеландия",  # a place
        "नकली चश्मा",  # fake glasses: a dictionary holds चश्मा as a name, which sounds like none
        "সস্তা চশমা",
        "नकली घड़ी",
        "পুরনো জুতা",
        "पुराना सामान",  # old goods: three consonants sound like a name (Puran) but no name of its own
        "counterfeit Garmin Fenix",  # a trade mark and its product line, both known as names
        "watches, Seiko Presage, seized",
        "412 Oppo Reno",
        "Tecno Camon - phones",
        "Suzuki Jimny",  # a trade mark that is a common surname, and no name after it
    ],
)
def test_sentences_and_places_near_those_classes_are_not_names(text: str) -> None:
    assert find_personal_data(text, "office") == []
    assert find_personal_data(text, "full") == []


@pytest.mark.parametrize(
    "text", ["Bureau de douane de Kampong Damrei", "Aduana de Sugarmill Woods", "Port of Lan Sak"]
)
def test_the_place_an_office_is_named_after_is_no_name(text: str) -> None:
    assert find_personal_data(text, "office") == []
    assert find_personal_data(text.replace(" de ", ", consignee ").replace(" of ", ", consignee "), "office")


@pytest.mark.parametrize(
    "text",
    [
        "colis de sunglasses pour 4407862511",  # a number that no word names: a phone or an identity number
        "Bosch - 630251976",
        "attn. D118249640",
        "77 earphones; 2214008481",
        "Bureau de Narovlya, 400 73 51",  # a phone in the groups it is read out in, valid in no plan
        "call 3 2 7 3 6 5 3",  # digits spaced one by one
    ],
)
def test_numbers_that_stand_alone_are_refused(text: str) -> None:
    assert find_personal_data(text, "full")
    assert find_personal_data(text, "company")


@pytest.mark.parametrize(
    "text",
    [
        "lot 12345678, exp. 05/2027",  # named by its word
        "tariff code 6403990000",
        "AWB 176-12345675",  # part of a reference
        "OP-2023-12345678",
        "12500000 cigarettes",  # a count
        "12500000 sticks of cigarettes",
        "seized 20230415 at the border",  # a compact date
        "1 000 000 cigarettes",  # thousands
        "patent EP 1 234 567 B1",
        "sports shoes, sizes 38 39 40 41 42",
        "value 2.5 million",
        "shipped 24 06 2023",
    ],
)
def test_numbers_named_counted_or_part_of_a_reference_pass(text: str) -> None:
    assert find_personal_data(text, "full") == []


@pytest.mark.parametrize(
    ("word", "name"),
    [("सेनगुप्ता", "Sengupta"), ("সেনগুপ্ত", "Sengupta"), ("বিশ্বাস", "Biswas"), ("चटर्जी", "Chatterjee"),
     ("পিল্লাই", "Pillai"), ("फ़ारूक़", "Farooq")],
)  # fmt: skip
def test_a_devanagari_or_bengali_word_sounds_like_the_latin_spelling_of_its_name(
    word: str, name: str
) -> None:
    assert brahmic_sound(word) == latin_sound(name)
    assert brahmic_sound("Sengupta") == ""  # only the two scripts are read by sound
