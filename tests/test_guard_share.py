"""The bench's measure of the guard alone screens what `cen validate` screens: the same cells refused."""

from __future__ import annotations

from pathlib import Path

from cen_pipeline.bench.guard_share import screen_file, screened_fields
from cen_pipeline.intake.check import validate_file
from tests.conftest import row, write_csv


def test_the_guard_alone_refuses_the_cells_validate_refuses(tmp_path: Path) -> None:
    rows = [
        row(case_ref="FR-1", description="goods for consignee John Miller"),
        row(case_ref="FR-2", office_name="Le Havre port (tel +33 6 12 34 56 78)"),
        row(case_ref="FR-3", brand="Louis Vuitton"),
        row(case_ref="FR-4", right_holder="Chanel SA, attn. jane.doe@example.com"),
        row(case_ref="FR-5"),
    ]
    path = write_csv(tmp_path / "feed.csv", rows)
    refused, seconds = screen_file(path)
    report = validate_file(path)
    assert refused == sum(1 for p in report.problems if p.code == "nominal-value") == 3
    assert seconds >= 0


def test_every_free_text_field_is_screened() -> None:
    assert screened_fields() == {
        "case_ref": "contact",
        "office_name": "office",
        "operation_code": "full",
        "description": "full",
        "brand": "company",
        "right_holder": "company",
    }
