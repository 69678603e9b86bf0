"""The personal-data guard alone on a bench file: the screen `cen validate` runs on its text columns (the RE2
candidate patterns in SQL, the confirming Python function on each distinct candidate value once), timed
apart from the rest of the check so that `make bench` can state the guard's share of validate.

    python -m cen_pipeline.bench.guard_share FILE.csv
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import duckdb

from cen_pipeline.contract import nominal
from cen_pipeline.contract.models import FEED_FIELDS, rule_of
from cen_pipeline.contract.sql import sql_str
from cen_pipeline.contract.value_rules import Text, candidate_sql
from cen_pipeline.intake.full_checks import install_personal_data_guard


def screened_fields() -> dict[str, str]:
    """Each screened field of the record and its screening level."""
    rules = {name: rule_of(name) for name in FEED_FIELDS}
    return {name: rule.screen for name, rule in rules.items() if isinstance(rule, Text) and rule.screen}


def screen_file(csv: Path) -> tuple[int, float]:
    """The cells of `csv` the guard refuses, and the seconds it took to screen them."""
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    con.execute("CREATE TABLE feed AS SELECT * FROM read_csv(?, all_varchar = true)", [str(csv)])
    install_personal_data_guard(con)
    fields = {name: level for name, level in screened_fields().items() if name in _columns(con)}
    tests = [
        f"count(*) FILTER (WHERE CASE WHEN {candidate_sql(name, level)} "
        f"THEN {nominal.SQL_FUNCTION}({name}, {sql_str(level)}) ELSE false END)"
        for name, level in fields.items()
    ]
    start = time.perf_counter()
    row = con.execute(f"SELECT {', '.join(tests)} FROM feed").fetchone()
    return sum(row or ()), time.perf_counter() - start


def _columns(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {
        name
        for (name,) in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = 'feed'"
        ).fetchall()
    }


if __name__ == "__main__":
    refused, seconds = screen_file(Path(sys.argv[1]))
    print(f"{refused} cells refused in {seconds:.2f} s")
