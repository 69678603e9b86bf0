"""Feed profiles read national formats to the same canonical records as the canonical feed."""

from __future__ import annotations

from pathlib import Path

import pytest

from cen_pipeline.intake.check import read_records, validate_file
from cen_pipeline.intake.profiles import ProfileError, load_profile, profile_names
from tests.conftest import ROOT, row, write_csv

PROFILES = ROOT / "sample_data" / "profiles"


@pytest.mark.parametrize(
    ("file", "profile"),
    [
        ("fr-douane.csv", "fr-douane"),
        ("en-workbook.xlsx", "en-workbook"),
        ("canonical-bom.csv", "canonical"),
        ("canonical-utf16.csv", "canonical"),
    ],
)
def test_profile_reads_the_same_records_as_the_canonical_feed(file: str, profile: str) -> None:
    expected = read_records(PROFILES / "canonical.csv")
    assert len(expected) == 25
    assert read_records(PROFILES / file, profile) == expected


def test_shipped_profiles_load() -> None:
    assert {"canonical", "canonical-xlsx", "fr-douane", "en-workbook"} <= set(profile_names())
    for name in profile_names():
        assert load_profile(name).name == name


def test_a_new_format_needs_only_a_profile(tmp_path: Path) -> None:
    (tmp_path / "tab.toml").write_text(
        'delimiter = "\\t"\ndecimal_mark = ","\ndate_format = "%d.%m.%Y"\n'
        '[columns]\n"Fall" = "case_ref"\n[constants]\nreporting_member = "DE"\n',
        encoding="utf-8",
    )
    data = row(
        seizure_date="15.03.2024", submission_date="2.4.2024", quantity="2,5", value="1234,50", unit="kg"
    )
    data["Fall"] = data.pop("case_ref")
    del data["reporting_member"]
    path = write_csv(tmp_path / "feed.tsv", [data], fields=list(data), delimiter="\t")
    records = read_records(path, str(tmp_path / "tab.toml"))
    assert [(r["reporting_member"], str(r["seizure_date"]), str(r["quantity"])) for r in records] == [
        ("DE", "2024-03-15", "2.5000")
    ]


def test_a_date_not_in_the_profile_format_is_invalid_not_guessed(tmp_path: Path) -> None:
    profile = tmp_path / "p.toml"
    profile.write_text('date_format = "%d/%m/%Y"\n', encoding="utf-8")
    path = write_csv(tmp_path / "f.csv", [row(seizure_date="2024-03-15", submission_date="")])
    report = validate_file(path, str(profile))
    assert [(p.code, p.value) for p in report.problems] == [("invalid-date", "2024-03-15")]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('encoding = "ebcdic"\n', "encoding"),
        ('decimal_mark = ";"\n', "decimal_mark"),
        ('[columns]\n"X" = "no_such_field"\n', "no_such_field"),
        ("surprise = 1\n", "surprise"),
    ],
)
def test_a_wrong_profile_is_refused_with_its_reason(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProfileError, match=message):
        load_profile(str(path))


def test_windows_1252_euro_sign_and_quoted_newlines(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "cp.csv",
        [row(description='Montres "de luxe"\nvaleur 120 €'), row(case_ref="FR-2", description="ok")],
        encoding="cp1252",
    )
    profile = tmp_path / "cp.toml"
    profile.write_text('encoding = "windows-1252"\n', encoding="utf-8")
    records = {r["case_ref"]: r for r in read_records(path, str(profile))}
    assert records["FR-2024-000001"]["description"] == 'Montres "de luxe"\nvaleur 120 €'


def test_namibia_is_a_country_not_a_missing_value(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "na.csv", [row(origin_country="NA", reporting_member="NA")])
    [record] = read_records(path)
    assert (record["origin_country"], record["reporting_member"]) == ("NA", "NA")
