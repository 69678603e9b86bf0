"""What the personal-data guard refuses in which field, and the Member's own allowed terms: read through real
files, in the vectorised check that validate and ingest share, and in the guard's own function alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from cen_pipeline.bench.guard import screen_of
from cen_pipeline.bench.labelled_text import texts
from cen_pipeline.contract.nominal import find_personal_data
from cen_pipeline.intake import quick_checks
from cen_pipeline.intake.check import validate_file
from cen_pipeline.intake.profiles import ProfileError, load_profile
from tests.conftest import row, write_csv

SCREENED = ("description", "office_name", "operation_code", "brand", "right_holder")


def refused(tmp_path: Path, field: str, text: str, profile: str | None = None) -> bool:
    path = write_csv(tmp_path / f"{field}.csv", [row(**{field: text})])
    return any(p.code == "nominal-value" for p in validate_file(path, profile).problems)


@pytest.mark.parametrize("field", SCREENED)
@pytest.mark.parametrize(
    "text",
    [
        "contact j.doe@example.com",
        "call +33 6 12 34 56 78",
        "P<FRADUPONT<<JEAN<<<<<<<<<<<<<<<<<<<",
        "IBAN FR76 3000 6000 0112 3456 7890 189",
        "seller @fake_watches_22 on Instagram",
        "consignee Mr John Miller",
    ],
)
def test_every_text_field_refuses_every_kind_of_contact_and_identity(
    tmp_path: Path, field: str, text: str
) -> None:
    assert refused(tmp_path, field, text[:40] if field == "operation_code" else text)


@pytest.mark.parametrize(
    "brand", ["Hugo Boss", "Louis Vuitton", "Jack Daniel's", "Ralph Lauren", "Ted Baker"]
)
def test_a_brand_named_after_a_person_is_legitimate_in_every_field(tmp_path: Path, brand: str) -> None:
    for field in ("brand", "right_holder", "description"):
        text = brand if field != "description" else f"300 counterfeit {brand} shirts"
        assert not refused(tmp_path, field, text), (field, text)


def test_a_bare_name_is_refused_in_a_description_but_not_in_a_brand(tmp_path: Path) -> None:
    assert refused(tmp_path, "description", "parcel for Katarzyna Kowalska")
    assert not refused(tmp_path, "brand", "Katarzyna Kowalska")
    assert refused(tmp_path, "brand", "consignee Katarzyna Kowalska")


def test_an_office_named_after_its_place_is_not_a_person(tmp_path: Path) -> None:
    for office in ("Madrid Barajas Correos", "Roissy Charles de Gaulle", "Tanger Med", "Mersin Liman"):
        assert not refused(tmp_path, "office_name", office), office


def test_a_profile_sets_aside_its_allowed_terms_and_nothing_else(tmp_path: Path) -> None:
    text = "goods found on board the vessel Maria Schneider"
    assert refused(tmp_path, "description", text)
    national = tmp_path / "national.toml"
    national.write_text('allowed_terms = ["maria schneider"]\n', encoding="utf-8")
    assert not refused(tmp_path, "description", text, str(national))
    assert refused(tmp_path, "description", f"{text}, master jan.kowalski@example.com", str(national))


def test_an_allowed_term_must_be_a_list_of_real_terms(tmp_path: Path) -> None:
    national = tmp_path / "national.toml"
    national.write_text('allowed_terms = ["ab"]\n', encoding="utf-8")
    with pytest.raises(ProfileError, match="allowed_terms"):
        load_profile(str(national))


@pytest.mark.parametrize("file_bytes", [0, quick_checks.SMALL_FILE_BYTES], ids=["by-column", "by-row"])
def test_the_vectorised_check_refuses_exactly_what_the_guard_refuses_on_independent_texts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, file_bytes: int
) -> None:
    """Both ways of screening (a large file a column at a time, a small one a row at a time) refuse the rows
    the guard's own function refuses."""
    monkeypatch.setattr(quick_checks, "SMALL_FILE_BYTES", file_bytes)
    sample = [t for t in texts("dev", per_class=4)]
    for field in SCREENED:
        cells = [t.text[:40] if field == "operation_code" else t.text for t in sample if t.field == field]
        rows = [row(case_ref=f"FR-{i}", **{field: text}) for i, text in enumerate(cells)]
        report = validate_file(write_csv(tmp_path / f"{field}.csv", rows))
        flagged = {p.row for p in report.problems if p.code == "nominal-value"}
        expected = {i + 2 for i, text in enumerate(cells) if find_personal_data(text, screen_of(field))}
        assert flagged == expected, field
