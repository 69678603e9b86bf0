"""The published contract in schemas/ is what the models produce, and it describes usable files."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from cen_pipeline.contract.models import FEED_FIELDS, REQUIRED_FIELDS, Case, row_errors
from cen_pipeline.intake.schema_export import contract_files, drift, export
from tests.conftest import ROOT, run_cen


def test_schemas_folder_is_in_step_with_the_models() -> None:
    assert drift(ROOT / "schemas") == [], "run `make schemas` and commit the result"


def test_schema_export_rewrites_the_same_files(tmp_path: Path) -> None:
    done = run_cen("schema", "export", "--dir", tmp_path)
    assert done.returncode == 0, done.stderr
    for rel in contract_files():
        assert (tmp_path / rel).read_bytes() == (ROOT / "schemas" / rel).read_bytes(), rel


def test_check_mode_reports_drift(tmp_path: Path) -> None:
    export(tmp_path)
    (tmp_path / "template.csv").write_text("changed\n", encoding="utf-8")
    done = run_cen("schema", "export", "--dir", tmp_path, "--check")
    assert done.returncode == 1 and "template.csv" in done.stdout


def test_template_is_a_valid_two_line_case() -> None:
    with (ROOT / "schemas" / "template.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 2 and list(rows[0]) == list(FEED_FIELDS)
    assert all(row_errors(r) == [] for r in rows)
    case = Case.model_validate(
        {
            **{k: v for k, v in rows[0].items() if k in Case.model_fields},
            "lines": [{k: v for k, v in r.items() if k not in Case.model_fields} for r in rows],
        }
    )
    assert len(case.lines) == 2


def test_json_schema_lists_required_fields_and_code_lists() -> None:
    schema = json.loads((ROOT / "schemas" / "feed_row.schema.json").read_text(encoding="utf-8"))
    assert set(schema["required"]) == set(REQUIRED_FIELDS)
    assert "express_courier" in schema["properties"]["conveyance"]["enum"]
    assert "postal" in schema["properties"]["conveyance"]["enum"]


def test_every_code_list_is_published_with_labels() -> None:
    folder = ROOT / "schemas" / "codelists"
    with (folder / "member.csv").open(encoding="utf-8") as f:
        members = list(csv.DictReader(f))
    assert {"wco_region", "rilo"} <= set(members[0])
    assert {m["wco_region"] for m in members} == {"AMC", "AP", "ESA", "EUR", "MENA", "WCA"}
    with (folder / "country.csv").open(encoding="utf-8", newline="") as f:
        codes = {
            r["code"]
            for r in csv.DictReader(
                f,
            )
        }
    assert {"NA", "XK", "ZZ"} <= codes  # Namibia is a code, not a missing value
