"""Readers: turn a Member's CSV or Excel file into a DuckDB relation of text cells.

The relation `src_raw` has one VARCHAR column per source column, named `c0`, `c1`, ... in file order; the
headings are kept apart. Spreadsheet row numbers (header = row 1) come from a window over the scan, corrected by `Source.renumber`. Nothing is typed
here: the fast path types and checks every cell itself, so no engine guesses a type (NA, Namibia, stays text).
"""

from __future__ import annotations

import codecs
import csv
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from cen_pipeline.contract.sql import sql_str
from cen_pipeline.core.errors import UnreadableInput
from cen_pipeline.core.settings import settings
from cen_pipeline.intake.input_limits import check_header, check_workbook
from cen_pipeline.intake.profiles import Profile

if TYPE_CHECKING:
    from cen_pipeline.intake.edi.feed import EdiFeed

_CHUNK = 1 << 20


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


@dataclass
class _LineEnds:
    """What a pass over the text found: whether it holds anything but whitespace, and its kinds of line end."""

    blank: bool = True
    crlf: int = 0
    lone_cr: int = 0  # classic Mac line ends (Excel's "CSV (Macintosh)")
    lone_lf: int = 0
    # The longest line, in characters, where one is longer than a chunk (shorter ones are not measured): a row
    # with a cell of megabytes, which the reader must be told of to read it whole.
    longest: int = 0
    _open: int = 0  # characters since the last line end

    @property
    def mixed(self) -> bool:
        """Line ends DuckDB's reader cannot split on: CR alone, or LF and CRLF in one file."""
        return bool(self.lone_cr or (self.crlf and self.lone_lf))

    def count(self, text: str) -> None:
        crlf = text.count("\r\n")
        self.crlf += crlf
        self.lone_cr += text.count("\r") - crlf
        self.lone_lf += text.count("\n") - crlf
        first = text.find("\n")
        if first < 0:
            self._open += len(text)
        else:
            self.longest = max(self.longest, self._open + first)
            self._open = len(text) - text.rfind("\n") - 1
        self.longest = max(self.longest, self._open)
        if self.blank and text.strip():
            self.blank = False


def _text_chunks(path: Path, encoding: str, bom: int) -> Iterator[str]:
    """The file's text, decoded strictly, in chunks that never split a CRLF."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    offset, held = 0, ""
    with path.open("rb") as f:
        f.seek(bom)
        while chunk := f.read(_CHUNK):
            try:
                text = held + decoder.decode(chunk)
            except UnicodeDecodeError as err:
                raise UnreadableInput(
                    path,
                    f"byte {offset + bom + err.start} is not valid {encoding} (set the profile's encoding)",
                ) from None
            offset += len(chunk)
            held = "\r" if text.endswith("\r") else ""
            yield text[:-1] if held else text
    try:
        yield held + decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise UnreadableInput(path, f"the file ends inside a {encoding} character") from None


class _LineEndRewriter:
    """Writes each record's line end as LF, chunk after chunk, and leaves the line breaks inside a quoted cell
    as they were sent (a CRLF or a CR there is the Member's text, not a line end). A quote opens a quoted
    cell only at the start of a field, as CSV has it; inside, a doubled quote is a quote and a single one
    closes the cell."""

    def __init__(self, quote: str, delimiter: str) -> None:
        self.quote = quote
        self.inside = False
        self.previous = "\n"  # the character before the text to come: the file starts a field
        self.pending = ""  # a quote at the end of a chunk inside a cell: closing, or the first of a pair
        self.starts = delimiter + "\r\n"  # what a field starts after
        self.opening = re.compile(rf"(?<=[{re.escape(self.starts)}]){re.escape(quote)}") if quote else None

    def __call__(self, text: str) -> str:
        text, self.pending = self.pending + text, ""
        if not text:
            return ""
        out: list[str] = []
        pos = 0
        while pos < len(text):
            if not self.inside:
                found = self._opening(text, pos)
                end = found if found is not None else len(text)
                out.append(text[pos:end].replace("\r\n", "\n").replace("\r", "\n"))
                if found is None:
                    break
                out.append(self.quote)
                pos, self.inside = found + 1, True
            else:
                close = text.find(self.quote, pos)
                if close < 0:
                    out.append(text[pos:])
                    break
                if close == len(text) - 1:  # decided by the next chunk
                    out.append(text[pos:close])
                    self.pending = self.quote
                    break
                if text[close + 1] == self.quote:  # an escaped quote
                    out.append(text[pos : close + 2])
                    pos = close + 2
                    continue
                out.append(text[pos : close + 1])
                pos, self.inside = close + 1, False
        self.previous = text[-1]
        return "".join(out)

    def _opening(self, text: str, pos: int) -> int | None:
        if self.opening is None:
            return None
        if pos == 0 and text.startswith(self.quote) and self.previous in self.starts:
            return 0
        found = self.opening.search(text, max(pos, 1))
        return found.start() if found else None

    def flush(self) -> str:
        """What is held at the end of the file."""
        held, self.pending = self.pending, ""
        return held


def _utf8_copy(
    path: Path, encoding: str, bom: int, quote: str, delimiter: str
) -> tuple[Path | None, _LineEnds]:
    """Check the file decodes and holds more than whitespace; write a UTF-8 copy for DuckDB to read when the
    encoding is another, or when the line ends are CR alone or mixed (each becomes LF: one line end stays
    one, so row numbers are kept)."""
    ends = _LineEnds()
    copy = None
    try:
        if encoding == "utf-8":
            for text in _text_chunks(path, encoding, bom):
                ends.count(text)
        else:
            copy = _write_copy(path, encoding, bom, ends, quote, delimiter)
        if ends.blank:
            raise UnreadableInput(path, "the file is empty: it has no header and no rows")
    except UnreadableInput:
        if copy:
            copy.unlink(missing_ok=True)
        raise
    if ends.mixed and copy is None:
        copy = _write_copy(path, encoding, bom, _LineEnds(), quote, delimiter)
    return copy, ends


# DuckDB's reader keeps a line whole only within its buffer (32 MiB by default); a longer line it drops without
# a reject. A file with long lines is read with room for its longest (4 bytes a character at most), up to the
# line limit: a longer line makes the file unreadable, with a message, rather than a row that vanishes.
_DEFAULT_BUFFER = 32 << 20


def _line_options(path: Path, ends: _LineEnds) -> str:
    limit = settings().line_chars
    if ends.longest > limit.value:
        raise UnreadableInput(
            path, f"a line of {ends.longest:,} characters is over the limit of {limit.said()}"
        )
    if ends.longest <= _DEFAULT_BUFFER // 64:
        return ""
    size = 4 * ends.longest + (1 << 16)
    return f", max_line_size = {size}, buffer_size = {max(_DEFAULT_BUFFER, 2 * size)}"


def _write_copy(path: Path, encoding: str, bom: int, ends: _LineEnds, quote: str, delimiter: str) -> Path:
    """A UTF-8 copy of the file with LF line ends (quoted cells as sent), counting what `ends` counts."""
    handle, name = tempfile.mkstemp(suffix=".csv", prefix="cen-")
    try:
        rewrite = _LineEndRewriter(quote, delimiter)
        with open(handle, "w", encoding="utf-8", newline="") as out:
            for text in _text_chunks(path, encoding, bom):
                ends.count(text)
                out.write(rewrite(text))
            out.write(rewrite.flush())
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


def _first_record(path: Path, delimiter: str, quote: str) -> list[str]:
    """The header row, up to the header limit (the reader takes it line by line, quoted line breaks
    included)."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        try:
            headings = next(csv.reader(f, delimiter=delimiter, quotechar=quote), [])
        except csv.Error as err:  # e.g. a heading longer than any field the reader takes
            raise UnreadableInput(path, f"the header row cannot be read ({err})") from None
    check_header(path, headings)
    return headings


def _open_csv(con: duckdb.DuckDBPyConnection, path: Path, profile: Profile) -> Source:
    encoding, bom = _detect_encoding(path, profile.encoding)
    copy, ends = _utf8_copy(path, encoding, bom, profile.quote, profile.delimiter)
    readable = copy or path
    source = Source(path, [], temp_files=[copy] if copy else [])
    try:
        source.headings = _first_record(readable, profile.delimiter, profile.quote)
    except UnreadableInput as err:
        source.close()
        raise UnreadableInput(path, err.reason) from None
    if not source.headings:
        source.close()
        raise UnreadableInput(path, "its first row, which must hold the column headings, is empty")
    names = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(source.headings)))
    options = _line_options(path, ends)
    con.execute(
        f"""CREATE OR REPLACE TEMP VIEW src_raw AS SELECT * FROM read_csv({sql_str(str(readable))},
            columns = {{{names}}}, header = true, delim = {sql_str(profile.delimiter)},
            quote = {sql_str(profile.quote)}, escape = {sql_str(profile.quote)}, auto_detect = false,
            store_rejects = true, ignore_errors = true, strict_mode = true{options})"""
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

    check_workbook(path)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many kinds for a file that is not a workbook
        raise UnreadableInput(path, f"not an Excel .xlsx workbook ({type(err).__name__})") from None
    try:
        headings, columns, numbers = _sheet_cells(path, book, profile)
    except UnreadableInput:
        raise
    except Exception as err:  # the sheets are read lazily: a damaged part shows only now
        raise UnreadableInput(path, f"the workbook is damaged ({type(err).__name__})") from None
    finally:
        book.close()
    source = Source(path, headings, numbered=True)
    table = pa.table(
        {
            "_row": pa.array(numbers, pa.int64()),
            **{f"c{i}": pa.array(c, pa.string()) for i, c in enumerate(columns)},
        }
    )
    con.register("src_arrow", table)
    con.execute("CREATE OR REPLACE TEMP VIEW src_raw AS SELECT * FROM src_arrow")
    return source


def _sheet_cells(
    path: Path, book: Any, profile: Profile
) -> tuple[list[str], list[list[str | None]], list[int]]:
    """The headings of the profile's sheet (else the first), its cells by column and the spreadsheet row
    number of each row kept."""
    if not book.worksheets:
        raise UnreadableInput(path, "the workbook has no worksheet")
    sheet = book[profile.sheet] if profile.sheet in book.sheetnames else book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    headings = [_cell_text(v) or "" for v in next(rows, ())]
    while headings and not headings[-1].strip():
        headings.pop()
    check_header(path, headings)
    longest = settings().cell_chars
    if not headings:
        rest = any(any(_cell_text(v) for v in values) for values in rows)
        where = f"the sheet {sheet.title!r}"
        raise UnreadableInput(
            path, f"row 1 of {where}, where the headings go, is empty" if rest else f"{where} is empty"
        )
    columns: list[list[str | None]] = [[] for _ in headings]
    numbers: list[int] = []
    for number, values in enumerate(rows, start=2):
        cells = [_cell_text(v) for v in values[: len(headings)]]
        if not any(c is not None and c.strip() for c in cells):
            continue  # spreadsheets end in formatted but empty rows
        for index, cell in enumerate(cells):
            if cell is not None and len(cell) > longest.value:
                raise UnreadableInput(
                    path,
                    f"the cell at row {number}, column {headings[index] or index + 1} holds {len(cell):,} "
                    f"characters, over the limit of {longest.said()}",
                )
        cells += [None] * (len(headings) - len(cells))
        numbers.append(number)
        for i, cell in enumerate(cells):
            columns[i].append(cell)
    return headings, columns, numbers


def _open_edi(con: duckdb.DuckDBPyConnection, path: Path, profile: Profile) -> Source:
    """An interchange of CENSEZ seizure messages: one row per goods line of every accepted message, in the
    canonical field order; `_row` numbers the rows 1, 2, ... and `Source.edi` keeps the interchange, its
    problems and a label per row (message reference and segment position)."""
    import pyarrow as pa

    from cen_pipeline.intake.edi.read import read_edi
    from cen_pipeline.intake.edi.syntax import collector_paused

    if _blank_file(path):  # said as for an empty CSV, not as an interchange without its envelope
        raise UnreadableInput(path, "the file is empty: it has no interchange")
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


def _blank_file(path: Path) -> bool:
    """Whether the file holds nothing but a byte-order mark and whitespace (read only as far as needed)."""
    with path.open("rb") as f:
        head = f.read(3)
        rest = head.removeprefix(codecs.BOM_UTF8)
        while True:
            if rest.strip():
                return False
            rest = f.read(_CHUNK)
            if not rest:
                return True
