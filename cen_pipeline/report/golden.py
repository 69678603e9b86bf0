"""The golden files of the model tests: every seed, analysis model and report model built over fixed rows.

Regenerate them after a deliberate change of a model, and review the diff:

    python -m cen_pipeline.report.golden
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from cen_pipeline.analysis.transform import SEED_TABLES, load_rows, models, run_models, table_csv
from cen_pipeline.report import models as report_models
from cen_pipeline.store.db import connect

GOLDEN_DIR = Path(__file__).resolve().parents[2] / "tests" / "golden" / "transforms"


def golden_outputs(work_db: Path, golden_dir: Path = GOLDEN_DIR) -> dict[str, str]:
    """Build a fresh store from the golden input rows and return every seed's and model's CSV text."""
    con = connect(work_db)
    try:
        load_rows(con, golden_dir / "input_cases.csv", golden_dir / "input_lines.csv")
        run_models(con)
        report_models.build(con, None, temporary=False)
        names = [*SEED_TABLES, *(m.name for m in [*models(), *report_models.report_models()])]
        return {name: table_csv(con, name) for name in names}
    finally:
        con.close()


def write_golden(golden_dir: Path = GOLDEN_DIR) -> list[Path]:
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, text in golden_outputs(Path(tmp) / "golden.duckdb", golden_dir).items():
            path = golden_dir / f"{name}.csv"
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written


if __name__ == "__main__":
    for path in write_golden():
        print(path)
