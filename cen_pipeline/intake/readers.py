"""Readers: turn a Member's CSV or Excel file into a DuckDB relation of text cells.

The relation `src_raw` has one VARCHAR column per source column, named `c0`, `c1`, ... in file order; the
headings are kept apart. Spreadsheet row numbers (header = row 1) come from a window over the scan, corrected by `Source.renumber`. Nothing is typed
here: the fast path types and checks every cell itself, so no engine guesses a type (NA, Namibia, stays text).
"""

from __future__ import annotations

import codecs
import csv
import io
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from cen_pipeline.contract.sql import sql_str
from cen_pipeline.intake.profiles import Profile

if TYPE_CHECKING:
    from cen_pipeline.intake.edi.feed import EdiFeed

_CHUNK = 1 << 20


class UnreadableInput(Exception):
    """The file cannot be read at all: missing, undecodable, or not the spreadsheet it claims to be."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass
class MalformedRow:
    row: int
    detail: str


@dataclass
class Source:
    """A file opened as the DuckDB relation `src_raw` (text columns c0, c1, ... in file order)."""

    path: Path
    headings: list[str]
    data_rows: int = 0  # rows parsed (malformed rows not included); counted by the first pass
    malformed: list[MalformedRow] = field(default_factory=list)
    temp_files: list[Path] = field(default_factory=list)
    numbered: bool = False  # src_raw carries `_row` itself (spreadsheets)
    edi: EdiFeed | None = None  # the interchange behind the rows, for an EDIFACT file

    def renumber(self, con: duckdb.DuckDBPyConnection, table: str | None) -> None:
        """Correct `_row` in `table` after a scan: DuckDB numbers the records it could parse, so each rejected
        (malformed) record before a row shifts it by one. Also collects the malformed rows."""
        if self.numbered:
            return
        rejected = _rejected_records(con) or [(m.row, m.detail, "") for m in self.malformed]
        if not self.malformed:
            self.malformed = [
                MalformedRow(line, f"{kind.lower()}: {text[:80]}") for line, kind, text in rejected
            ]
        shifts = [line - 1 - j for j, (line, _, _) in enumerate(rejected, start=1)]
        if shifts and table:
            con.execute(
                f"UPDATE {table} SET _row = _row + len(list_filter({shifts}, lambda t: t < _row - 1))"
            )

    def close(self) -> None:
        for temp in self.temp_files:
            temp.unlink(missing_ok=True)


FEED_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".edi", ".edifact")


def feed_files(path: Path) -> list[Path]:
    """The file named, or the feed files (by extension) found recursively in the folder named, in a stable
    order."""
    if not path.is_dir():
        return [path]
    return sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in FEED_SUFFIXES)


def open_source(con: duckdb.DuckDBPyConnection, path: Path, profile: Profile) -> Source:
    """Register the file as the view `src` on `con`."""
    if not path.is_file():
        raise UnreadableInput(path, "no such file")
    if path.suffix.lower() in (".edi", ".edifact"):
        return _open_edi(con, path, profile)
    if profile.format == "xlsx" or path.suffix.lower() in (".xlsx", ".xlsm"):
        return _open_xlsx(con, path, profile)
    source = _open_csv(con, path, profile)
    if profile.uses_row():
        _number_rows(con, source)
    return source


def _number_rows(con: duckdb.DuckDBPyConnection, source: Source) -> None:
    """Give a CSV's `src_raw` its `_row`, for a profile that composes a field of the row number: numbered
    once, in file order, and corrected for malformed records, so that every pass reads the same numbers."""
    if source.numbered:
        return
    con.execute(
        "CREATE OR REPLACE TEMP TABLE src_numbered AS SELECT (row_number() OVER () + 1)::BIGINT AS _row, * FROM src_raw"
    )
    source.renumber(con, "src_numbered")
    con.execute("CREATE OR REPLACE TEMP VIEW src_raw AS SELECT * FROM src_numbered")
    source.numbered = True


def _detect_encoding(path: Path, declared: str) -> tuple[str, int]:
    """The encoding to decode with and the length of the byte-order mark; a BOM overrides the profile."""
    with path.open("rb") as f:
        head = f.read(4)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8", 3
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", 0
    return declared, 0


def _utf8_copy(path: Path, encoding: str, bom: int) -> Path | None:
    """Check the file decodes; for encodings other than UTF-8, write a UTF-8 copy for DuckDB to read."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    out = None
    if encoding != "utf-8":
        handle, name = tempfile.mkstemp(suffix=".csv", prefix="cen-")
        out = open(handle, "w", encoding="utf-8", newline="")  # noqa: SIM115 - closed below
    offset = 0
    try:
        with path.open("rb") as f:
            f.seek(bom)
            while chunk := f.read(_CHUNK):
                try:
                    text = decoder.decode(chunk)
                except UnicodeDecodeError as err:
                    raise UnreadableInput(
                        path,
                        f"byte {offset + bom + err.start} is not valid {encoding} (set the profile's encoding)",
                    ) from None
                if out:
                    out.write(text)
                offset += len(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise UnreadableInput(path, f"the file ends inside a {encoding} character") from None
    finally:
        if out:
            out.close()
    return Path(name) if out else None


def _first_record(path: Path, delimiter: str, quote: str) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(io.StringIO(f.read(1 << 16)), delimiter=delimiter, quotechar=quote)
        return next(reader, [])


def _open_csv(con: duckdb.DuckDBPyConnection, path: Path, profile: Profile) -> Source:
    encoding, bom = _detect_encoding(path, profile.encoding)
    copy = _utf8_copy(path, encoding, bom)
    readable = copy or path
    headings = _first_record(readable, profile.delimiter, profile.quote)
    source = Source(path, headings, temp_files=[copy] if copy else [])
    if not headings:
        return _empty(con, source)
    names = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(headings)))
    con.execute(
        f"""CREATE OR REPLACE TEMP VIEW src_raw AS SELECT * FROM read_csv({sql_str(str(readable))},
            columns = {{{names}}}, header = true, delim = {sql_str(profile.delimiter)},
            quote = {sql_str(profile.quote)}, escape = {sql_str(profile.quote)}, auto_detect = false,
            store_rejects = true, ignore_errors = true, strict_mode = true)"""
    )
    return source


def _rejected_records(con: duckdb.DuckDBPyConnection) -> list[tuple[int, str, str]]:
    """Records DuckDB could not split into the columns (its rejects table exists only once it has any)."""
    try:
        rows = con.execute(
            "SELECT DISTINCT line, error_type, csv_line FROM reject_errors ORDER BY line"
        ).fetchall()
        con.execute("DROP TABLE reject_errors")
        con.execute("DROP TABLE IF EXISTS reject_scans")
    except duckdb.CatalogException:
        return []
    return [(int(line), str(kind), str(text)) for line, kind, text in rows]


def _empty(con: duckdb.DuckDBPyConnection, source: Source) -> Source:
    con.execute("CREATE OR REPLACE TEMP VIEW src_raw AS SELECT NULL::BIGINT AS _row WHERE false")
    source.numbered = True
    return source


def _cell_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _open_xlsx(con: duckdb.DuckDBPyConnection, path: Path, profile: Profile) -> Source:
    import openpyxl
    import pyarrow as pa

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many kinds for a file that is not a workbook
        raise UnreadableInput(path, f"not an Excel .xlsx workbook ({type(err).__name__})") from None
    try:
        sheet = book[profile.sheet] if profile.sheet in book.sheetnames else book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        headings = [_cell_text(v) or "" for v in next(rows, ())]
        while headings and not headings[-1]:
            headings.pop()
        columns: list[list[str | None]] = [[] for _ in headings]
        numbers: list[int] = []
        for number, values in enumerate(rows, start=2):
            cells = [_cell_text(v) for v in values[: len(headings)]]
            if not any(c is not None and c.strip() for c in cells):
                continue  # spreadsheets end in formatted but empty rows
            cells += [None] * (len(headings) - len(cells))
            numbers.append(number)
            for i, cell in enumerate(cells):
                columns[i].append(cell)
    finally:
        book.close()
    source = Source(path, headings, numbered=True)
    if not headings:
        return _empty(con, source)
    table = pa.table(
        {
            "_row": pa.array(numbers, pa.int64()),
            **{f"c{i}": pa.array(c, pa.string()) for i, c in enumerate(columns)},
        }
    )
    con.register("src_arrow", table)
    con.execute("CREATE OR REPLACE TEMP VIEW src_raw AS SELECT * FROM src_arrow")
    return source


def _open_edi(con: duckdb.DuckDBPyConnection, path: Path, profile: Profile) -> Source:
    """An interchange of CENSEZ seizure messages: one row per goods line of every accepted message, in the
    canonical field order; `_row` numbers the rows 1, 2, ... and `Source.edi` keeps the interchange, its
    problems and a label per row (message reference and segment position)."""
    import pyarrow as pa

    from cen_pipeline.intake.edi.read import read_edi
    from cen_pipeline.intake.edi.syntax import collector_paused

    feed = read_edi(path, keep_segments=False)
    source = Source(path, list(feed.headings), numbered=True, edi=feed)
    with collector_paused():
        columns = list(zip(*feed.rows, strict=True)) if feed.rows else [() for _ in feed.headings]
        table = pa.table(
            {
                "_row": pa.array(range(1, len(feed.rows) + 1), pa.int64()),
                **{f"c{i}": pa.array(column, pa.string()) for i, column in enumerate(columns)},
            }
        )
        del columns
    con.register("src_arrow", table)
    con.execute("CREATE OR REPLACE TEMP VIEW src_raw AS SELECT * FROM src_arrow")
    return source
