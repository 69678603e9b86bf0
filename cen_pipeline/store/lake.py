"""The Parquet lake: current cases and goods lines, Hive-partitioned by year then WCO region.

The schema is frozen to portable types (DATE, TIMESTAMP, VARCHAR, BIGINT, DECIMAL, BOOLEAN) so that Spark,
Trino or any Parquet reader takes it as it is; `_schema.json` beside the data says which version it is.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from cen_pipeline.contract.models import CASE_FIELDS, LINE_FIELDS, rule_of
from cen_pipeline.contract.sql import sql_str
from cen_pipeline.core.output import OutputRefused
from cen_pipeline.store.db import connect

LAKE_SCHEMA_VERSION = 1


def _portable(field: str) -> str:
    kind = rule_of(field).sql_type()
    return "BIGINT" if kind == "INTEGER" else kind


def _case_select() -> str:
    cols = [f"CAST({f} AS {_portable(f)}) AS {f}" for f in CASE_FIELDS if f != "case_action"]
    return f"""SELECT {", ".join(cols)}, CAST(version AS BIGINT) AS version, CAST(line_count AS BIGINT) AS line_count,
                      wco_region AS region, rilo, CAST(year(seizure_date) AS BIGINT) AS year
               FROM current_cases"""


def _line_select() -> str:
    cols = [f"CAST(l.{f} AS {_portable(f)}) AS {f}" for f in LINE_FIELDS]
    return f"""SELECT l.reporting_member, l.case_ref, CAST(l.version AS BIGINT) AS version, {", ".join(cols)},
                      c.wco_region AS region, CAST(year(c.seizure_date) AS BIGINT) AS year
               FROM current_lines l JOIN current_cases c USING (reporting_member, case_ref, version)"""


def export_lake(db: Path, directory: Path) -> dict[str, int]:
    """Write the lake into `directory`, replacing the tables it held. Nothing is written through a symbolic
    link there (a `cases` folder linked elsewhere would have the export delete and fill that place)."""
    for made in (directory / "cases", directory / "goods_lines", directory / "_schema.json"):
        if made.is_symlink():
            raise OutputRefused(f"{made} is a symbolic link; the lake writes only into its own folders")
    con = connect(db, read_only=True)
    try:
        counts: dict[str, int] = {}
        schemas: dict[str, dict[str, str]] = {}
        for table, select in (("cases", _case_select()), ("goods_lines", _line_select())):
            target = directory / table
            if target.exists():
                shutil.rmtree(target)
            target.parent.mkdir(parents=True, exist_ok=True)
            con.execute(
                f"COPY ({select}) TO {sql_str(str(target))} "
                "(FORMAT parquet, PARTITION_BY (year, region), OVERWRITE_OR_IGNORE)"
            )
            described = con.execute(f"DESCRIBE {select}").fetchall()
            schemas[table] = {str(name): str(kind) for name, kind, *_ in described}
            row = con.execute(f"SELECT count(*) FROM ({select})").fetchone()
            counts[table] = int(row[0]) if row else 0
    finally:
        con.close()
    (directory / "_schema.json").write_text(
        json.dumps(
            {
                "lake_schema_version": LAKE_SCHEMA_VERSION,
                "partitioning": ["year", "region"],
                "tables": schemas,
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    return counts
