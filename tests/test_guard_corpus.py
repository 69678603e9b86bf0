"""The personal-data guard on its labelled corpus (`tests/data/`): it catches the personal data and refuses
none of the legitimate texts, in the models and in the vectorised check alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from cen_pipeline.bench.guard import CORPUS, load_corpus
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
