"""The analysis tables: SQL models in `transforms/`, built in name order over the current cases and lines.

Each `NNN_<name>.sql` file holds one SELECT and becomes `CREATE OR REPLACE TABLE <name> AS ...`, or a view
when its header says `-- Built as a view` (a model whose rows are cheaper to compute when read than to
write: the staging models and the wide fact views over the stored cases and lines). A model reads the
store's tables and the models before it, so the numeric prefix is the dependency order. Two small tables
are built in Python first, because their source is not in the store: `fx_rates` (ECB reference rates, see
`currency.py`) and `conveyance_environments` (the shipping environment of each conveyance code).

Audits in `transforms/audits/*.sql` each return the rows that break one promise of the models; none may
return a row. The whole build runs in one transaction: readers see the old tables or the new ones. A build
is skipped when the store has not changed since the last one (`analysis_tables_built_from` in the store's
`meta` table records what it was built from); `force=True` rebuilds anyway.

Regenerate the golden files of the model tests after a deliberate change of a model:

    python -m cen_pipeline.transform --golden
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import json
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from cen_pipeline.assets import asset_dir
from cen_pipeline.codelists import codelist
from cen_pipeline.currency import build_fx_rates
from cen_pipeline.duck import insert_rows, unordered

if TYPE_CHECKING:
    import pandas as pd

_MODEL_FILE = re.compile(r"^(\d+)_([a-z][a-z0-9_]*)\.sql$")
_VIEW_MARK = re.compile(r"^-- Built as a view\b", re.MULTILINE)
_STATE_KEY = "analysis_tables_built_from"
SEED_TABLES: tuple[str, ...] = ("conveyance_environments", "fx_rates")
# Tables that models of earlier versions built and no model builds now: a build drops them from the store.
# The report's tables are built by each report since (see report/models.py).
RETIRED_TABLES: tuple[str, ...] = ("case_line_items", "monthly_breakdowns", "significant_candidates")
GOLDEN_DIR = Path(__file__).resolve().parent.parent / "tests" / "golden" / "transforms"


@dataclass(frozen=True)
class Model:
    """One SQL model: the table it builds, its file and what its header says it is."""

    name: str
    path: Path
    sql: str

    @property
    def is_view(self) -> bool:
        return bool(_VIEW_MARK.search(self.sql))

    @property
    def description(self) -> str:
        lines = [ln.removeprefix("--").strip() for ln in self.sql.splitlines() if ln.startswith("--")]
        return " ".join(lines)


class ModelError(Exception):
    """A model failed to build; names the file."""


def models(directory: Path | None = None) -> list[Model]:
    """The models in build order (by file name)."""
    folder = directory or asset_dir("transforms")
    found = []
    for path in sorted(folder.glob("*.sql")):
        match = _MODEL_FILE.match(path.name)
        if not match:
            raise ModelError(f"{path.name}: a model file is named NNN_<table>.sql")
        found.append(Model(match.group(2), path, path.read_text(encoding="utf-8")))
    names = [m.name for m in found]
    if len(names) != len(set(names)):
        raise ModelError(f"two model files build the same table in {folder}")
    return found


def audits(directory: Path | None = None) -> list[Model]:
    """The audit queries (each must return no row)."""
    folder = (directory or asset_dir("transforms")) / "audits"
    return [
        Model(path.stem.split("_", 1)[-1], path, path.read_text(encoding="utf-8"))
        for path in sorted(folder.glob("*.sql"))
    ]


def build_seeds(con: duckdb.DuckDBPyConnection) -> None:
    """The tables the models need from outside the store: shipping environments and exchange rates."""
    conveyance = codelist("conveyance")
    con.execute(
        "CREATE OR REPLACE TABLE conveyance_environments (conveyance VARCHAR PRIMARY KEY, "
        "shipping_environment VARCHAR NOT NULL)"
    )
    insert_rows(
        con,
        "conveyance_environments",
        [
            (code, conveyance.attributes[code].get("shipping_environment", "other"))
            for code in conveyance.codes
        ],
    )
    build_fx_rates(con)


def _strip_sql(sql: str) -> str:
    return sql.strip().rstrip(";").strip()


def store_state(con: duckdb.DuckDBPyConnection, directory: Path | None = None) -> str:
    """What the models are built from: the case and line versions, the Member table, the model files and the
    seeds' sources. Cheap (counts and sums over narrow columns), so that a build can be skipped on it. Not the
    submissions: no model reads them, and a file that changes no case (refused, or all unchanged) is not
    followed by a build, so counting it would call the tables out of date."""
    row = con.execute(
        "SELECT (SELECT count(*) FROM cases), (SELECT sum(version) FROM cases), "
        "(SELECT count(*) FROM cases WHERE is_current AND NOT withdrawn), "
        "(SELECT count(*) FROM goods_lines), "
        "(SELECT sum(hash(code, wco_region, rilo)) FROM members)"
    ).fetchone()
    sources = hashlib.sha256()
    for model in models(directory):
        sources.update(model.path.name.encode() + model.sql.encode())
    conveyance = codelist("conveyance")
    sources.update(repr(sorted(conveyance.attributes.items())).encode())
    sources.update(importlib.metadata.version("currencyconverter").encode())
    return json.dumps({"store": [str(v) for v in row or ()], "sources": sources.hexdigest()})


def _recorded_state(con: duckdb.DuckDBPyConnection) -> str | None:
    row = con.execute("SELECT value FROM meta WHERE key = ?", [_STATE_KEY]).fetchone()
    return str(row[0]) if row else None


def is_fresh(con: duckdb.DuckDBPyConnection, directory: Path | None = None) -> bool:
    """Whether every model exists and was built from the store, model files and seeds as they are now: a
    reader (the annual report) can then use the tables without a build. Reads only, so it works on a
    read-only connection."""
    return models_built(con, directory) and _recorded_state(con) == store_state(con, directory)


def _existing_kinds(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return {
        str(name): str(kind)
        for name, kind in con.execute(
            "SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = 'main'"
        ).fetchall()
    }


def _build(con: duckdb.DuckDBPyConnection, model: Model, existing: dict[str, str]) -> None:
    kind = "VIEW" if model.is_view else "TABLE"
    before = existing.get(model.name)
    if before is not None and (before == "VIEW") != model.is_view:
        # A model that changed between table and view: CREATE OR REPLACE cannot change an object's kind.
        con.execute(f"DROP {'VIEW' if before == 'VIEW' else 'TABLE'} {model.name}")
    con.execute(f"CREATE OR REPLACE {kind} {model.name} AS {_strip_sql(model.sql)}")


def run_models(
    con: duckdb.DuckDBPyConnection, directory: Path | None = None, force: bool = True
) -> dict[str, float]:
    """Build the seeds and every model in name order, in one transaction; returns seconds per table.

    Without `force`, nothing is built when the store and the models are as they were at the last build
    (the result is then empty).
    """
    state = store_state(con, directory)
    if not force and _recorded_state(con) == state and models_built(con, directory):
        return {}
    timings: dict[str, float] = {}
    # The build reads millions of rows and writes small tables whose row order means nothing. Threads and
    # memory stay at DuckDB's defaults (every core, 80% of the memory), which a build on its own machine should use.
    with unordered(con):
        _build_all(con, directory, state, timings)
    return timings


def _build_all(
    con: duckdb.DuckDBPyConnection, directory: Path | None, state: str, timings: dict[str, float]
) -> None:
    """The seeds and every model, in one transaction, with the seconds each took in `timings`."""
    con.execute("BEGIN")
    try:
        start = time.perf_counter()
        build_seeds(con)
        timings["seeds"] = time.perf_counter() - start
        existing = _existing_kinds(con)
        for name in RETIRED_TABLES:
            if existing.get(name) == "BASE TABLE":
                con.execute(f"DROP TABLE {name}")
        for model in models(directory):
            start = time.perf_counter()
            try:
                _build(con, model, existing)
            except duckdb.Error as err:
                raise ModelError(f"{model.path.name}: {err}") from err
            timings[model.name] = time.perf_counter() - start
        con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [_STATE_KEY, state])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def run_audits(con: duckdb.DuckDBPyConnection, directory: Path | None = None) -> dict[str, pd.DataFrame]:
    """Each audit's offending rows (an empty frame when it passes)."""
    return {a.name: con.execute(_strip_sql(a.sql)).df() for a in audits(directory)}


def models_built(con: duckdb.DuckDBPyConnection, directory: Path | None = None) -> bool:
    """Whether every model table or view exists in the store."""
    present = _existing_kinds(con)
    return all(m.name in present for m in models(directory))


def refresh(db_path: Path, wait: float = 60.0, force: bool = False) -> dict[str, float]:
    """Rebuild the analysis tables of the store at `db_path` (call after every ingest) unless nothing changed
    since the last build; seconds per table (empty when skipped)."""
    from cen_pipeline.duck import bound_memory
    from cen_pipeline.store import connect

    con = connect(db_path, wait=wait)
    bound_memory(con)  # the build runs at the end of every ingest, whose memory must stay bounded
    try:
        return run_models(con, force=force)
    finally:
        con.close()


# Golden files: small input rows -> every model's rows, as readable CSV.


def load_rows(con: duckdb.DuckDBPyConnection, cases_csv: Path, lines_csv: Path) -> None:
    """Insert case and goods-line rows written as CSV (column names of the store tables) into a store."""
    for table, path in (("cases", cases_csv), ("goods_lines", lines_csv)):
        con.execute(
            f"INSERT INTO {table} BY NAME SELECT * FROM read_csv(?, header = true, all_varchar = true)",
            [str(path)],
        )


def table_csv(con: duckdb.DuckDBPyConnection, table: str) -> str:
    """A table as CSV text in a stable order, floating-point values rounded to 6 decimals."""
    columns = con.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? "
        "AND table_schema = 'main' ORDER BY ordinal_position",
        [table],
    ).fetchall()
    select = ", ".join(
        f"round({name}, 6) AS {name}" if kind in ("DOUBLE", "FLOAT") else str(name) for name, kind in columns
    )
    frame = con.execute(f"SELECT {select} FROM {table} ORDER BY ALL").df()
    return str(frame.to_csv(index=False, lineterminator="\n"))


def golden_outputs(work_db: Path, golden_dir: Path = GOLDEN_DIR) -> dict[str, str]:
    """Build a fresh store from the golden input rows and return every seed's and model's CSV text."""
    from cen_pipeline.report import models as report_models
    from cen_pipeline.store import connect

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
    import tempfile

    written = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, text in golden_outputs(Path(tmp) / "golden.duckdb", golden_dir).items():
            path = golden_dir / f"{name}.csv"
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description="Build the analysis tables, or regenerate their golden files."
    )
    parser.add_argument("--db", type=Path, help="Rebuild the models of this store.")
    parser.add_argument("--golden", action="store_true", help="Rewrite tests/golden/transforms/*.csv.")
    args = parser.parse_args(argv)
    if args.golden:
        for path in write_golden():
            print(path)
    if args.db:
        for name, seconds in refresh(args.db).items():
            print(f"{name:28} {seconds:8.3f} s")


if __name__ == "__main__":
    main()
