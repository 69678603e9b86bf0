"""Quantities in national units, converted by the profile: a positive amount is never stored as 0, the stored
value is within 0.5% of the exact conversion or the row says both values (or is refused, as the unit says),
a number the contract would refuse is refused through a conversion too, and a spreadsheet's rendering keeps
its warning."""

from __future__ import annotations

import itertools
import json
from decimal import Decimal
from pathlib import Path

import duckdb
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cen_pipeline.intake.check import validate_file
from cen_pipeline.intake.profiles import load_profile
from cen_pipeline.store.ingest import ingest_file
from tests.conftest import row, run_cen, write_csv

# Units of weight, volume and count as national files send them, with their factors to the contract's unit.
UNITS = {
    "g": ("kg", Decimal("0.001"), "warn"),
    "mg": ("kg", Decimal("0.000001"), "refuse"),
    "t": ("kg", Decimal("1000"), "warn"),
    "lb": ("kg", Decimal("0.45359237"), "warn"),
    "ml": ("litres", Decimal("0.001"), "refuse"),
    "dozen": ("pieces", Decimal("12"), "warn"),
    "kilogram": ("kg", Decimal("1"), "warn"),
}
TOLERANCE = Decimal("0.005")
_EXAMPLES = itertools.count()


def _profile(folder: Path) -> Path:
    lines = ['description = "canonical headings, national units"', "[units]"]
    lines += [
        f'"{national}" = {{ unit = "{unit}", factor = {factor}, inexact = "{inexact}" }}'
        for national, (unit, factor, inexact) in UNITS.items()
    ]
    path = folder / "national-units.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# Amounts as the contract reads them: up to 4 places, from a fraction of a gram to tonnes.
AMOUNTS = st.decimals(min_value=Decimal("0.0001"), max_value=Decimal("99999"), places=4)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(AMOUNTS, st.sampled_from(sorted(UNITS))), min_size=1, max_size=40))
def test_a_converted_amount_is_exact_or_said_to_be_rounded(
    tmp_path: Path, lines: list[tuple[Decimal, str]]
) -> None:
    example = tmp_path / f"example-{next(_EXAMPLES)}"  # tmp_path is shared by the examples of one run
    example.mkdir()
    profile = _profile(example)
    rows = [
        row(case_ref=f"FR-{i}", quantity=format(amount.normalize(), "f"), unit=unit)
        for i, (amount, unit) in enumerate(lines)
    ]
    path = write_csv(example / "f.csv", rows)
    db = example / "cen.duckdb"
    ingest_file(path, db, profile=str(profile))
    report = validate_file(path, profile=str(profile))
    problems = {(p.row, p.code): p for p in report.problems}
    con = duckdb.connect(str(db), read_only=True)
    try:
        stored = dict(con.execute("SELECT case_ref, quantity FROM current_lines").fetchall())
        quarantined = {r[0] for r in con.execute("SELECT case_ref FROM quarantine").fetchall()}
    finally:
        con.close()
    for i, (amount, unit) in enumerate(lines):
        ref, sheet_row = f"FR-{i}", i + 2
        exact = amount * UNITS[unit][1]
        off = abs(exact.quantize(Decimal("0.0001")) - exact) > TOLERANCE * exact or exact < Decimal("0.00005")
        if off and UNITS[unit][2] == "refuse":
            assert ref in quarantined and (sheet_row, "conversion-inexact") in problems
            continue
        assert ref in stored and stored[ref] > 0, (amount, unit)
        if abs(stored[ref] - exact) > TOLERANCE * exact:
            warning = problems[(sheet_row, "conversion-rounded")]
            assert Decimal(warning.params["exact"]) == exact
            assert Decimal(warning.params["stored"]) == stored[ref]
        else:
            assert (sheet_row, "conversion-rounded") not in problems


def test_a_fraction_of_a_gram_is_stored_as_the_smallest_amount_with_a_warning(tmp_path: Path) -> None:
    profile = _profile(tmp_path)
    path = write_csv(tmp_path / "f.csv", [row(quantity="0.03", unit="g")])
    done = run_cen("validate", path, "--profile", profile, "--format", "json")
    out = json.loads(done.stdout)
    assert done.returncode == 0 and out["summary"]["warnings_by_code"] == {"conversion-rounded": 1}
    message = out["problems"][0]["message"]
    assert "0.03" in message and "0.00003" in message and "0.0001" in message, message


def test_a_unit_that_refuses_rounding_quarantines_the_row(tmp_path: Path) -> None:
    profile = _profile(tmp_path)
    path = write_csv(
        tmp_path / "f.csv", [row(case_ref="FR-1", quantity="5", unit="mg"), row(case_ref="FR-2")]
    )
    done = run_cen("validate", path, "--profile", profile, "--format", "json")
    out = json.loads(done.stdout)
    assert done.returncode == 1 and out["summary"]["errors_by_code"] == {"conversion-inexact": 1}
    assert out["summary"]["lines_accepted"] == 1


def test_through_a_conversion_the_contract_reads_numbers_as_it_does_without(tmp_path: Path) -> None:
    profile = _profile(tmp_path)
    rows = [
        row(case_ref="FR-1", quantity="1.23456", unit="kilogram"),  # five places: refused, as in kg
        row(case_ref="FR-2", quantity="1.23456", unit="kg"),
        row(case_ref="FR-3", quantity="1.2000000000000002", unit="kilogram"),  # a spreadsheet's 1.2
        row(case_ref="FR-4", quantity="0", unit="g"),
    ]
    report = validate_file(write_csv(tmp_path / "f.csv", rows), profile=str(profile))
    found = sorted((p.row, p.code) for p in report.problems)
    assert found == [(2, "invalid-number"), (3, "invalid-number"), (4, "number-rounded"), (5, "out-of-range")]


def test_a_profile_unit_says_warn_or_refuse_and_nothing_else(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text('[units]\n"g" = { unit = "kg", factor = 0.001, inexact = "maybe" }\n', encoding="utf-8")
    try:
        load_profile(str(path))
    except ValueError as err:
        assert 'inexact must be "warn" or "refuse"' in str(err)
    else:
        raise AssertionError("an unknown inexact setting was accepted")
