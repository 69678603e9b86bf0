"""The powers of the feed profile format (ingest/README.md), each on a real file read through its profile.

Every test reads the same file twice over: a clean row goes through the quick checks, a row with an
unrelated fault (a bad HS code) through the full checks, and both must come out mapped the same way.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cen_pipeline.intake.check import read_records, validate_file
from cen_pipeline.intake.profiles import ProfileError, load_profile
from tests.conftest import row, write_csv


def _profile(tmp_path: Path, text: str) -> str:
    path = tmp_path / "national.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def _records(tmp_path: Path, rows: list[dict[str, str]], profile: str) -> dict[str, dict[str, Any]]:
    path = write_csv(tmp_path / "feed.csv", rows, fields=list(rows[0]))
    return {str(r["case_ref"]): r for r in read_records(path, profile)}


def _faulty(**changes: str) -> dict[str, str]:
    """A row that the full checks read (its value basis is wrong), valid in the fields under test."""
    return row(value_basis="guessed", **changes)


def _problems(tmp_path: Path, rows: list[dict[str, str]], profile: str) -> list[tuple[str, str | None]]:
    path = write_csv(tmp_path / "feed.csv", rows, fields=list(rows[0]))
    return [(p.code, p.field) for p in validate_file(path, profile).problems]


def test_one_column_feeds_two_fields(tmp_path: Path) -> None:
    profile = _profile(tmp_path, '[columns]\n"Origin" = ["origin_country", "departure_country"]\n')
    rows = [row(Origin="VN"), row(case_ref="B", Origin="Viet Nam")]
    for r in rows:
        del r["origin_country"], r["departure_country"]
    records = _records(tmp_path, rows, profile)
    assert [(r["origin_country"], r["departure_country"]) for r in records.values()] == [("VN", "VN")] * 2


def test_a_value_map_default_takes_every_unlisted_value_but_not_an_empty_cell(tmp_path: Path) -> None:
    profile = _profile(
        tmp_path,
        '[values.product_category]\n"Jouets" = "toys"\n"*" = "other"\n'
        '[values.concealment_method]\n"*" = "other"\n',
    )
    rows = [
        row(case_ref="A", product_category="Jouets", concealment_method=""),
        row(case_ref="B", product_category="Bibelots", concealment_method="sous le siège"),
        row(case_ref="C", product_category="Bibelots", concealment_method=""),
    ]
    records = _records(tmp_path, rows, profile)
    assert {k: r["product_category"] for k, r in records.items()} == {"A": "toys", "B": "other", "C": "other"}
    assert (records["B"]["concealment_method"], records["C"]["concealment_method"]) == ("other", None)


def test_without_a_default_an_unlisted_value_is_still_an_error(tmp_path: Path) -> None:
    profile = _profile(tmp_path, '[values.product_category]\n"Jouets" = "toys"\n')
    assert _problems(tmp_path, [row(product_category="Bibelots")], profile) == [
        ("unknown-code", "product_category")
    ]


def test_a_value_mapped_to_empty_leaves_the_field_to_its_default_or_empty(tmp_path: Path) -> None:
    # The register's "Other" hiding place is no method the code list knows: the field stays empty; its "Other"
    # location type is no type either: the default, the contract's honest "unknown", applies.
    profile = _profile(
        tmp_path,
        '[values.concealment_method]\n"Other" = ""\n"Luggage" = "in_luggage"\n'
        '[values.location_type]\n"Other" = ""\n"Airport" = "airport"\n[defaults]\nlocation_type = "unknown"\n',
    )
    rows = [
        row(case_ref="A", concealment_method="Other", location_type="Other"),
        row(case_ref="B", concealment_method="Luggage", location_type="Airport"),
        _faulty(case_ref="C", concealment_method="other", location_type="OTHER"),
    ]
    records = _records(tmp_path, rows, profile)
    assert {k: (r["concealment_method"], r["location_type"]) for k, r in records.items()} == {
        "A": (None, "unknown"),
        "B": ("in_luggage", "airport"),
    }
    assert _problems(tmp_path, rows, profile) == [("unknown-code", "value_basis")]


def test_an_optional_part_of_a_composed_field_is_left_out_where_its_column_is_empty(tmp_path: Path) -> None:
    profile = _profile(
        tmp_path,
        '[compose]\ncase_ref = "{Office}[-{Entry}]/{row}"\n'
        'description = "{Remarks}[ (hidden: {Hiding place})][ {Not in this file}]"\n'
        '[columns]\n"Office" = "office_name"\n',
    )
    rows = [
        row(Office="Roissy", Entry="17", Remarks="bags", **{"Hiding place": "false floor"}),
        row(Office="Le Havre", Entry="", Remarks="shoes", **{"Hiding place": ""}),
        _faulty(Office="Roissy", Entry="9", Remarks="caps", **{"Hiding place": ""}),
    ]
    for r in rows:
        r.pop("case_ref"), r.pop("description", None)
    path = write_csv(tmp_path / "feed.csv", rows, fields=list(rows[0]))
    report = validate_file(path, profile)
    assert [(p.code, p.case_ref) for p in report.problems] == [("unknown-code", "Roissy-9/4")]
    assert {str(r["case_ref"]): r["description"] for r in read_records(path, profile)} == {
        "Roissy-17/2": "bags (hidden: false floor)",
        "Le Havre/3": "shoes",
    }


def test_a_map_that_depends_on_a_second_column(tmp_path: Path) -> None:
    # "Air" is air cargo, except where the goods were in a passenger's luggage or on the body.
    profile = _profile(
        tmp_path,
        '[values.conveyance]\n"Air" = "air_cargo"\n"Road" = "road"\n'
        '[values_by.conveyance."Hiding place"]\n'
        '"Luggage" = { "Air" = "air_passenger" }\n"On body" = { "Air" = "air_passenger" }\n',
    )
    rows = [
        row(case_ref="A", conveyance="Air", **{"Hiding place": "luggage"}),
        row(case_ref="B", conveyance="Air", **{"Hiding place": "Container"}),
        row(case_ref="C", conveyance="Road", **{"Hiding place": "On body"}),
        _faulty(case_ref="D", conveyance="AIR", **{"Hiding place": "On body"}),
    ]
    path = write_csv(tmp_path / "feed.csv", rows, fields=list(rows[0]))
    assert [p.code for p in validate_file(path, profile).problems] == ["unknown-code"]  # D's value basis only
    assert {str(r["case_ref"]): r["conveyance"] for r in read_records(path, profile)} == {
        "A": "air_passenger",
        "B": "air_cargo",
        "C": "road",
    }


def test_over_long_free_text_is_stored_cut_with_a_warning_where_the_profile_says(tmp_path: Path) -> None:
    profile = _profile(tmp_path, 'cut_long_text = ["description", "office_name"]\n')
    long_text = "Cartons of bags declared as household goods. " * 30  # 1,350 characters
    tail_with_email = "x" * 1100 + " contact smuggler.joe@example.com"  # personal data past the cut
    rows = [
        row(case_ref="A", description=long_text, office_name="Roissy " * 30),
        row(case_ref="B", description=tail_with_email),
        row(case_ref="C", description="short"),
    ]
    path = write_csv(tmp_path / "feed.csv", rows, fields=list(rows[0]))
    report = validate_file(path, profile)
    assert sorted((p.code, p.row, p.field) for p in report.problems) == [
        ("nominal-value", 3, "description"),
        ("text-cut", 2, "description"),
        ("text-cut", 2, "office_name"),
    ]
    records = {str(r["case_ref"]): r for r in read_records(path, profile)}
    assert sorted(records) == ["A", "C"]
    assert records["A"]["description"] == long_text[:1000].rstrip()
    assert len(str(records["A"]["office_name"])) <= 120
    # Without the setting the same text is refused as too long.
    plain = _profile(tmp_path, 'description = "no cutting"\n')
    assert ("too-long", "description") in _problems(tmp_path, rows[:1], plain)


def test_location_and_direction_may_be_honestly_unknown(tmp_path: Path) -> None:
    rows = [row(location_type="unknown", direction="unknown")]
    path = write_csv(tmp_path / "feed.csv", rows)
    assert validate_file(path).problems == []


def test_a_default_fills_an_empty_cell_and_a_missing_column(tmp_path: Path) -> None:
    profile = _profile(tmp_path, '[defaults]\nconveyance = "unknown"\nprocedure_initiation = "ex_officio"\n')
    rows = [
        row(case_ref="A", conveyance=""),
        row(case_ref="B", conveyance="road"),
        _faulty(case_ref="C", conveyance=""),
    ]
    for r in rows:
        del r["procedure_initiation"]
    path = write_csv(tmp_path / "feed.csv", rows, fields=list(rows[0]))
    report = validate_file(path, profile)
    assert [(p.code, p.row) for p in report.problems] == [("unknown-code", 4)]
    records = {r["case_ref"]: r for r in read_records(path, profile)}
    assert {k: (r["conveyance"], r["procedure_initiation"]) for k, r in records.items()} == {
        "A": ("unknown", "ex_officio"),
        "B": ("road", "ex_officio"),
    }


def test_a_case_reference_composed_of_columns_and_the_row(tmp_path: Path) -> None:
    profile = _profile(
        tmp_path, '[compose]\ncase_ref = "{Office}/{row}"\n[columns]\n"Office" = "office_name"\n'
    )
    rows = [row(Office="Roissy"), row(Office="Le Havre"), _faulty(Office="Roissy")]
    for r in rows:
        del r["case_ref"]
    path = write_csv(tmp_path / "feed.csv", rows, fields=list(rows[0]))
    report = validate_file(path, profile)
    assert [(p.code, p.row, p.case_ref) for p in report.problems] == [("unknown-code", 4, "Roissy/4")]
    assert sorted(str(r["case_ref"]) for r in read_records(path, profile)) == ["Le Havre/3", "Roissy/2"]


def test_a_composed_field_names_its_missing_column(tmp_path: Path) -> None:
    profile = _profile(tmp_path, '[compose]\ncase_ref = "{Bureau}-{row}"\n')
    rows = [row()]
    del rows[0]["case_ref"]
    assert _problems(tmp_path, rows, profile) == [("missing-column", "case_ref")]


def test_the_reporting_member_given_by_country_name(tmp_path: Path) -> None:
    profile = _profile(tmp_path, 'country_names = ["reporting_member"]\n')
    rows = [
        row(case_ref="A", reporting_member="France"),
        row(case_ref="B", reporting_member="Republic of Korea"),
        row(case_ref="C", reporting_member="DE"),
        _faulty(case_ref="D", reporting_member="Türkiye"),
    ]
    path = write_csv(tmp_path / "feed.csv", rows, fields=list(rows[0]))
    report = validate_file(path, profile)
    assert [(p.code, p.case_ref) for p in report.problems] == [("unknown-code", "D")]
    records = {r["case_ref"]: r["reporting_member"] for r in read_records(path, profile)}
    assert records == {"A": "FR", "B": "KR", "C": "DE"}
    # Without the power, a name is not a Member code.
    assert ("unknown-code", "reporting_member") in _problems(tmp_path, rows, _profile(tmp_path, ""))


def test_an_unknown_country_name_is_reported_as_sent(tmp_path: Path) -> None:
    profile = _profile(tmp_path, 'country_names = ["reporting_member"]\n')
    path = write_csv(tmp_path / "feed.csv", [row(reporting_member="Atlantis")])
    [problem] = validate_file(path, profile).problems
    assert (problem.code, problem.field, problem.value) == ("unknown-code", "reporting_member", "Atlantis")


def test_units_are_converted_with_their_factor(tmp_path: Path) -> None:
    profile = _profile(
        tmp_path,
        '[units]\n"g" = { unit = "kg", factor = 0.001 }\n"Tablets" = { unit = "pieces", factor = 1 }\n'
        '"dozen" = { unit = "pieces", factor = 12 }\n',
    )
    rows = [
        row(case_ref="A", quantity="1250", unit="g"),
        row(case_ref="B", quantity="300", unit="tablets"),
        row(case_ref="C", quantity="2.5", unit="dozen"),
        row(case_ref="D", quantity="7", unit="kg"),
        _faulty(case_ref="E", quantity="0.5", unit="G"),
    ]
    records = _records(tmp_path, rows[:-1], profile) | _records(
        tmp_path, [row(case_ref="E", quantity="0.5", unit="G")], profile
    )
    assert {k: (str(r["quantity"]), r["unit"]) for k, r in records.items()} == {
        "A": ("1.2500", "kg"),
        "B": ("300.0000", "pieces"),
        "C": ("30.0000", "pieces"),
        "D": ("7.0000", "kg"),
        "E": ("0.0005", "kg"),
    }
    assert _problems(tmp_path, [rows[-1]], profile) == [("unknown-code", "value_basis")]


def test_a_quantity_that_is_no_number_keeps_its_error_through_a_conversion(tmp_path: Path) -> None:
    profile = _profile(tmp_path, '[units]\n"g" = { unit = "kg", factor = 0.001 }\n')
    path = write_csv(tmp_path / "feed.csv", [row(quantity="about 40", unit="g")])
    [problem] = validate_file(path, profile).problems
    assert (problem.code, problem.value) == ("invalid-number", "about 40")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[units]\n"g" = { unit = "grams", factor = 0.001 }\n', "not a unit"),
        ('[units]\n"g" = { unit = "kg", factor = -1 }\n', "above 0"),
        ('[units]\n"g" = "kg"\n', "units.g"),
        ('[compose]\ncase_ref = "{Office"\n', "compose.case_ref"),
        ('country_names = ["no_such_field"]\n', "no_such_field"),
        ('[defaults]\nno_such_field = "x"\n', "no_such_field"),
        ('[columns]\n"A" = ["origin_country", "nowhere"]\n', "nowhere"),
        ('[values_by.conveyance."Hiding place"]\n"Luggage" = "air_passenger"\n', "values_by.conveyance"),
        ('[values_by.nowhere."Hiding place"]\n"Luggage" = { "Air" = "x" }\n', "nowhere"),
        ('[units]\n"g" = { unit = "kg", factor = 0.001, inexact = "round" }\n', "inexact"),
        ('cut_long_text = ["remarks"]\n', "remarks"),
        ('cut_long_text = ["quantity"]\n', "not a free-text field"),
    ],
)
def test_a_wrong_power_is_refused_with_its_reason(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ProfileError, match=message):
        load_profile(_profile(tmp_path, text))
