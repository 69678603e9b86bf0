"""A float written out in full by a spreadsheet (0.11699999999999999) is stored rounded, with a warning;
a number really sent with more places than the contract allows is refused."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import duckdb
import pyarrow.dataset as ds
import pytest

from cen_pipeline.contract.catalogue import LANGUAGES, kind
from cen_pipeline.contract.models import row_errors, row_warnings
from cen_pipeline.contract.rules import RuleError
from cen_pipeline.contract.value_rules import Number, is_float_artefact
from tests.conftest import ROOT, row, run_cen, run_json, write_csv

TODAY = date(2025, 1, 1)


@pytest.mark.parametrize(
    ("sent", "stored"),
    [
        ("0.11699999999999999", Decimal("0.117")),
        ("1.2000000000000002", Decimal("1.2")),
        ("0.30000000000000004", Decimal("0.3")),
        ("1234.5600000000002", Decimal("1234.56")),
        ("99.99999999999999", Decimal("100")),
        ("123456789.12340001", Decimal("123456789.1234")),  # rounded to the contract's 4 places
    ],
)
def test_a_float_artefact_is_the_number_it_renders(sent: str, stored: Decimal) -> None:
    assert is_float_artefact(sent)
    assert Number(ge=0).parse(sent, TODAY) == stored
    assert Number(ge=0).warning(sent) == "number-rounded"


@pytest.mark.parametrize(
    "sent",
    [
        "0.1234567",  # seven places given on purpose
        "12.34567",
        "0.123456789012",  # 12 significant digits: short of a double's
        "0.00004999999999999999",  # a float of 0.00005, which 4 places cannot hold
        "1234567890123.1000002",  # its 12-digit rendering needs an exponent
        "0.1234567890123456",  # 16 digits that round to 0.123456789012: more than 4 places
    ],
)
def test_real_over_precision_is_still_an_invalid_number(sent: str) -> None:
    assert not is_float_artefact(sent)
    with pytest.raises(RuleError) as err:
        Number(ge=0).parse(sent, TODAY)
    assert err.value.code == "invalid-number"


def test_a_rounded_artefact_still_meets_the_range() -> None:
    assert row_errors(row(quantity="-0.30000000000000004")) == [("quantity", "out-of-range")]
    assert row_warnings(row(quantity="-0.30000000000000004")) == []  # refused, so not also rounded
    assert row_warnings(row(quantity="0.11699999999999999", value="1.2000000000000002")) == [
        ("quantity", "number-rounded"),
        ("value", "number-rounded"),
    ]


def test_the_warning_has_a_message_in_every_language_naming_both_values() -> None:
    warning = kind("number-rounded")
    assert (warning.severity, warning.scope) == ("warning", "cell")
    for lang in LANGUAGES:
        text = warning.render(lang, value="0.11699999999999999", column="quantity", stored="0.117")
        assert "0.11699999999999999" in text and "0.117;" in text.replace(" ;", ";"), text


def test_validate_accepts_the_rows_with_a_warning_per_rounded_cell(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "f.csv",
        [
            row(case_ref="FR-1", quantity="0.11699999999999999", unit="kg", value="1.2000000000000002"),
            row(case_ref="FR-2"),
        ],
    )
    code, out = run_json("validate", path, "--lang", "es")
    assert code == 0, out
    assert out["valid"] is True
    assert out["summary"]["warnings_by_code"] == {"number-rounded": 2}
    assert out["summary"]["lines_accepted"] == 2
    rounded = [p for p in out["problems"] if p["code"] == "number-rounded"]
    assert [(p["row"], p["field"], p["severity"]) for p in rounded] == [
        (2, "quantity", "warning"),
        (2, "value", "warning"),
    ]
    assert "0.11699999999999999" in rounded[0]["message"] and "se registra 0.117" in rounded[0]["message"]


def test_real_over_precision_still_refuses_the_row(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "f.csv", [row(quantity="0.1234567")])
    code, out = run_json("validate", path)
    assert code == 1
    assert out["summary"]["errors_by_code"] == {"invalid-number": 1}
    assert out["summary"]["warnings_by_code"] == {}


def test_the_store_and_the_lake_hold_the_rounded_value(tmp_path: Path) -> None:
    db, lake = tmp_path / "cen.duckdb", tmp_path / "lake"
    rows = [
        row(case_ref="FR-1", line_no="1", quantity="0.11699999999999999", unit="kg"),
        row(case_ref="FR-1", line_no="2", quantity="3", value="1.2000000000000002"),
        row(case_ref="FR-2", quantity="0.1234567"),
    ]
    done = run_cen("ingest", write_csv(tmp_path / "f.csv", rows), "--db", db, "--format", "json")
    assert done.returncode == 1, done.stderr  # FR-2 is quarantined
    result = json.loads(done.stdout)["total"]
    assert (result["rows_accepted"], result["quarantined_by_code"]) == (2, {"invalid-number": 1})
    assert result["warnings_by_code"] == {"number-rounded": 2}
    con = duckdb.connect(str(db), read_only=True)
    try:
        lines = con.execute(
            "SELECT line_no, quantity, value FROM current_lines WHERE case_ref = 'FR-1' ORDER BY line_no"
        ).fetchall()
        quarantined = con.execute("SELECT case_ref, code FROM quarantine").fetchall()
    finally:
        con.close()
    assert lines == [(1, Decimal("0.1170"), Decimal("150.5000")), (2, Decimal("3.0000"), Decimal("1.2000"))]
    assert quarantined == [("FR-2", "invalid-number")]  # the rounded rows are stored, not quarantined
    assert run_cen("export", "lake", lake, "--db", db).returncode == 0
    table = ds.dataset(lake / "goods_lines", format="parquet", partitioning="hive").to_table()
    got = sorted(zip(table.column("quantity").to_pylist(), table.column("value").to_pylist(), strict=True))
    assert got == [(Decimal("0.1170"), Decimal("150.5000")), (Decimal("3.0000"), Decimal("1.2000"))]


def test_a_whole_number_with_a_float_tail_stays_refused(tmp_path: Path) -> None:
    # Whole-number fields take no decimals at all (12.0 is refused), so neither does 12.000000000000002.
    assert row_errors(row(articles="12.000000000000002")) == [("articles", "invalid-integer")]
    code, out = run_json("validate", write_csv(tmp_path / "f.csv", [row(articles="12.000000000000002")]))
    assert code == 1 and out["summary"]["errors_by_code"] == {"invalid-integer": 1}


def test_a_decimal_comma_file_is_told_the_stored_value_with_its_own_mark(tmp_path: Path) -> None:
    sample = (ROOT / "sample_data" / "profiles" / "fr-douane.csv").read_text(encoding="cp1252").splitlines()
    assert "585,00" in sample[2]
    path = tmp_path / "fr.csv"
    path.write_text(f"{sample[0]}\n{sample[2].replace('585,00', '585,1200000000001')}\n", encoding="cp1252")
    code, out = run_json("validate", path, "--profile", "fr-douane", "--lang", "fr")
    assert code == 0, out
    (rounded,) = out["problems"]
    assert rounded["code"] == "number-rounded" and rounded["value"] == "585,1200000000001"
    assert "585,12 est enregistré" in rounded["message"]
