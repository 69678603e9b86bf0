"""The analysis tables: SQL models in `transforms/`, built in name order over the current cases and lines.

Each `NNN_<name>.sql` file holds one SELECT and becomes `CREATE OR REPLACE TABLE <name> AS ...`; a model
reads the store's views and the models before it, so the numeric prefix is the dependency order. Two small
tables are built in Python first, because their source is not in the store: `fx_rates` (ECB reference rates,
see `currency.py`) and `conveyance_environments` (the shipping environment of each conveyance code).

Audits in `transforms/audits/*.sql` each return the rows that break one promise of the models; none may
return a row. The whole build runs in one transaction: readers see the old tables or the new ones.

Regenerate the golden files of the model tests after a deliberate change of a model:

    python -m cen_pipeline.transform --golden
"""

from __future__ import annotations

import argparse
import re
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from cen_pipeline.assets import asset_dir
from cen_pipeline.codelists import codelist
from cen_pipeline.currency import build_fx_rates

_MODEL_FILE = re.compile(r"^(\d+)_([a-z][a-z0-9_]*)\.sql$")
SEED_TABLES: tuple[str, ...] = ("conveyance_environments", "fx_rates")
GOLDEN_DIR = Path(__file__).resolve().parent.parent / "tests" / "golden" / "transforms"


@dataclass(frozen=True)
class Model:
    """One SQL model: the table it builds, its file and what its header says it is."""

    name: str
    path: Path
    sql: str

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
    con.executemany(
        "INSERT INTO conveyance_environments VALUES (?, ?)",
        [
            (code, conveyance.attributes[code].get("shipping_environment", "other"))
            for code in conveyance.codes
        ],
    )
    build_fx_rates(con)


def _strip_sql(sql: str) -> str:
    return sql.strip().rstrip(";").strip()


def run_models(con: duckdb.DuckDBPyConnection, directory: Path | None = None) -> dict[str, float]:
    """Build the seeds and every model in name order, in one transaction; returns seconds per table."""
    timings: dict[str, float] = {}
    con.execute("BEGIN")
    try:
        start = time.perf_counter()
        build_seeds(con)
        timings["seeds"] = time.perf_counter() - start
        for model in models(directory):
            start = time.perf_counter()
            try:
                con.execute(f"CREATE OR REPLACE TABLE {model.name} AS {_strip_sql(model.sql)}")
            except duckdb.Error as err:
                raise ModelError(f"{model.path.name}: {err}") from err
            timings[model.name] = time.perf_counter() - start
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return timings


def run_audits(con: duckdb.DuckDBPyConnection, directory: Path | None = None) -> dict[str, pd.DataFrame]:
    """Each audit's offending rows (an empty frame when it passes)."""
    return {a.name: con.execute(_strip_sql(a.sql)).df() for a in audits(directory)}


def models_built(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether every model table exists in the store."""
    present = {
        str(r[0])
        for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
        ).fetchall()
    }
    return all(m.name in present for m in models())


def refresh(db_path: Path, wait: float = 60.0) -> dict[str, float]:
    """Rebuild the analysis tables of the store at `db_path` (call after every ingest); seconds per table."""
    from cen_pipeline.store import connect

    con = connect(db_path, wait=wait)
    try:
        return run_models(con)
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
    from cen_pipeline.store import connect

    con = connect(work_db)
    try:
        load_rows(con, golden_dir / "input_cases.csv", golden_dir / "input_lines.csv")
        run_models(con)
        names = [*SEED_TABLES, *(m.name for m in models())]
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
