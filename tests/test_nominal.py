"""The non-nominal guard: personal-data columns refuse a file, free text is screened, values are masked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cen_pipeline.contract.nominal import find_personal_data, is_nominal_heading
from cen_pipeline.intake.check import validate_file
from tests.conftest import VALID_ROW, row, run_cen, write_csv


@pytest.mark.parametrize(
    "heading",
    [
        "Passenger name",
        "surname",
        "First Name",
        "Nom du passager",
        "Prénom",
        "Apellido",
        "Nombre completo",
        "Date of birth",
        "date de naissance",
        "Fecha de nacimiento",
        "Passport number",
        "N° passeport",
        "Pasaporte",
        "ID card",
        "Adresse",
        "Dirección",
        "e-mail",
        "Courriel",
        "Correo electrónico",
        "Téléphone",
        "phone number",
        "licence plate",
        "Immatriculation",
        "IBAN",
        "consigneeName",
    ],
)
def test_personal_data_headings_are_recognised(heading: str) -> None:
    assert is_nominal_heading(heading)


@pytest.mark.parametrize(
    "heading",
    [
        "brand",
        "Brand name",
        "right_holder",
        "office_name",
        "Customs office",
        "Nom de la marque",
        "Marca",
        "Titulaire du droit",
        "destination_country",
        "description",
        "case_ref",
        "Product category",
    ],
)
def test_record_headings_are_not_taken_for_personal_data(heading: str) -> None:
    assert not is_nominal_heading(heading)


def test_a_personal_data_column_refuses_the_file_with_one_error(tmp_path: Path) -> None:
    rows = [{**row(case_ref=f"FR-{i}"), "Passenger name": "Jane Doe"} for i in range(50)]
    path = write_csv(tmp_path / "f.csv", rows, fields=[*VALID_ROW, "Passenger name"])
    done = run_cen("validate", path, "--format", "json")
    assert done.returncode == 1
    report = json.loads(done.stdout)
    assert [p["code"] for p in report["problems"]] == ["nominal-column"]
    assert report["summary"]["lines_accepted"] == 0 and report["summary"]["rows_read"] == 50
    assert "Jane" not in done.stdout


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("contact j.doe@example.com for pick-up", "e-mail"),
        ("holder passport no 12AB34567", "passport or identity number"),
        ("passeport n° X1234567", "passport or identity number"),
        ("tel +33 6 12 34 56 78", "phone"),
        ("paid from FR76 3000 6000 0112 3456 7890 189", "iban"),
        ("truck plate AB-123-CD", "vehicle plate"),
        ("carried by Mr Smith", "person name"),
        ("courier born on 1980-02-01", "date of birth"),
    ],
)
def test_free_text_with_personal_data_is_refused_and_withheld(tmp_path: Path, text: str, kind: str) -> None:
    assert kind in find_personal_data(text, "full")
    path = write_csv(tmp_path / "f.csv", [row(description=text)])
    report = validate_file(path)
    [problem] = report.problems
    assert problem.code == "nominal-value"
    shown = report.shown_value(problem)
    assert shown.startswith("[personal data withheld: ") and kind in shown
    assert shown.endswith(f"; {len(text)} characters]")
    assert report.message(problem)  # the message names the kind, not the value
    assert text not in report.message(problem)


@pytest.mark.parametrize(
    "brand",
    [
        "Louis Vuitton",
        "Calvin Klein",
        "Tommy Hilfiger",
        "Ralph Lauren",
        "Giorgio Armani",
        "Hugo Boss",
        "Mr Porter",
    ],
)
def test_brands_and_right_holders_may_look_like_person_names(tmp_path: Path, brand: str) -> None:
    path = write_csv(tmp_path / "f.csv", [row(brand=brand, right_holder=f"{brand} SA")])
    assert validate_file(path).valid


def test_every_rendering_masks_personal_data(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "f.csv", [row(description="write to jane.doe@example.org")])
    for fmt in ("json", "csv", "html", "table"):
        done = run_cen("validate", path, "--format", fmt)
        assert done.returncode == 1
        assert "jane.doe" not in done.stdout, fmt
