"""Seeded mutations of the sample feeds: the damaged, odd and half-written files Members' tools send.

Each function takes the bytes of a file (or the rows of a workbook) and a `random.Random`, and gives the
mutated file; `mutated_files` writes a reproducible set of them, named after what was done to them.
"""

from __future__ import annotations

import codecs
import io
import random
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import openpyxl

Mutation = Callable[[bytes, random.Random], bytes]


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True) or [b""]


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def delete_line(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    del lines[rng.randrange(len(lines))]
    return b"".join(lines)


def duplicate_line(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    i = rng.randrange(len(lines))
    lines.insert(rng.randrange(len(lines) + 1), lines[i])
    return b"".join(lines)


def swap_lines(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[i], lines[j] = lines[j], lines[i]
    return b"".join(lines)


def insert_bytes(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data) + 1)
    return data[:at] + rng.randbytes(rng.randint(1, 40)) + data[at:]


def nul_bytes(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 5)):
        out.insert(rng.randrange(len(out) + 1), 0)
    return bytes(out)


def change_delimiter(data: bytes, rng: random.Random) -> bytes:
    old = b";" if data.count(b";") > data.count(b",") else b","
    new = rng.choice([b";", b"\t", b"|", b","])
    if rng.random() < 0.5:
        return data.replace(old, new)
    lines = _lines(data)
    i = rng.randrange(len(lines))
    lines[i] = lines[i].replace(old, new)
    return b"".join(lines)


def _header_cells(data: bytes) -> tuple[list[bytes], bytes, bytes, bytes]:
    lines = _lines(data)
    header = lines[0]
    body = header.rstrip(b"\r\n")
    delim = b";" if body.count(b";") > body.count(b",") else b","
    return body.split(delim), delim, header[len(body) :], b"".join(lines[1:])


def drop_heading(data: bytes, rng: random.Random) -> bytes:
    cells, delim, end, rest = _header_cells(data)
    del cells[rng.randrange(len(cells))]
    return delim.join(cells) + end + rest


def duplicate_heading(data: bytes, rng: random.Random) -> bytes:
    cells, delim, end, rest = _header_cells(data)
    cells[rng.randrange(len(cells))] = rng.choice(cells)
    return delim.join(cells) + end + rest


def long_cell(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    i = rng.randrange(len(lines))
    at = rng.randrange(len(lines[i]) + 1)
    filler = rng.choice([b"x", b"\xc3\xa9", b"ab "]) * rng.choice([5_000, 70_000, 300_000])
    lines[i] = lines[i][:at] + filler + lines[i][at:]
    return b"".join(lines)


def latin1_bytes(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data) + 1)
    return data[:at] + rng.choice([b"\xe9", b"caf\xe9", b"\xe0 l'\xeele", b"\xc3"]) + data[at:]


def line_ends(data: bytes, rng: random.Random) -> bytes:
    lines = [line.rstrip(b"\r\n") for line in _lines(data)]
    choices = rng.choice([[b"\r"], [b"\r\n"], [b"\n"], [b"\r", b"\n", b"\r\n"]])
    return b"".join(line + rng.choice(choices) for line in lines)


def unbalanced_quote(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data) + 1)
    return data[:at] + b'"' + data[at:]


def empty(data: bytes, rng: random.Random) -> bytes:
    return rng.choice([b"", codecs.BOM_UTF8, b" \n", b"\r\n\r\n", codecs.BOM_UTF16_LE])


def boms(data: bytes, rng: random.Random) -> bytes:
    bom = rng.choice([codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE])
    at = 0 if rng.random() < 0.6 else rng.randrange(len(data) + 1)
    return data[:at] + bom + data[at:]


def only_header(data: bytes, rng: random.Random) -> bytes:
    return _lines(data)[0]


CSV_MUTATIONS: list[Mutation] = [
    truncate,
    delete_line,
    duplicate_line,
    swap_lines,
    insert_bytes,
    nul_bytes,
    change_delimiter,
    drop_heading,
    duplicate_heading,
    long_cell,
    latin1_bytes,
    line_ends,
    unbalanced_quote,
    empty,
    boms,
    only_header,
]


# --- EDIFACT ---------------------------------------------------------------------------------------


def _segments(data: bytes) -> list[bytes]:
    return [s for s in re.split(rb"(?<=')(?<!\?')", data) if s]


def cut_segment(data: bytes, rng: random.Random) -> bytes:
    segments = _segments(data)
    i = rng.randrange(len(segments))
    if rng.random() < 0.5:
        del segments[i]
    else:
        segments[i] = segments[i][: rng.randrange(len(segments[i]) + 1)]
    return b"".join(segments)


def wrong_una(data: bytes, rng: random.Random) -> bytes:
    una = bytearray(data[:9] if data.startswith(b"UNA") else b"UNA:+.? '")
    una[rng.randrange(3, 9)] = rng.choice(b"+:'?*.,; \x00")
    rest = data[9:] if data.startswith(b"UNA") else data
    return bytes(una) + rest


def missing_unz(data: bytes, rng: random.Random) -> bytes:
    return b"".join(s for s in _segments(data) if not s.lstrip().startswith(b"UNZ"))


def bad_count(data: bytes, rng: random.Random) -> bytes:
    segments = _segments(data)
    trailers = [i for i, s in enumerate(segments) if s.lstrip()[:3] in (b"UNT", b"UNZ", b"UNE")]
    if not trailers:
        return data
    i = rng.choice(trailers)
    count = rng.choice([b"0", b"-1", b"999999", b"x", b"", b"1" * 40])
    segments[i] = re.sub(rb"\+[^+:']*", b"+" + count, segments[i], count=1)
    return b"".join(segments)


def garbage(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data) + 1)
    return data[:at] + rng.randbytes(rng.randint(10, 400)) + data[at:]


def swap_segments(data: bytes, rng: random.Random) -> bytes:
    segments = _segments(data)
    i, j = rng.randrange(len(segments)), rng.randrange(len(segments))
    segments[i], segments[j] = segments[j], segments[i]
    return b"".join(segments)


EDI_MUTATIONS: list[Mutation] = [
    cut_segment,
    wrong_una,
    missing_unz,
    bad_count,
    garbage,
    swap_segments,
    truncate,
    insert_bytes,
    nul_bytes,
    latin1_bytes,
    line_ends,
    empty,
    boms,
    duplicate_line,
]


# --- Excel -------------------------------------------------------------------------------------------


def _typed(value: str, rng: random.Random, style: str) -> object:
    """A cell as a spreadsheet would hold it: numbers as floats, dates as Excel dates, sometimes a formula."""
    if style == "floats" and re.fullmatch(r"-?\d+(\.\d+)?", value):
        return float(value) + (0.0 if rng.random() < 0.7 else 1e-9)
    if style == "dates" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        day = date.fromisoformat(value)
        return (
            datetime(day.year, day.month, day.day, 0, rng.choice([0, 0, 30])) if rng.random() < 0.5 else day
        )
    if style == "formulas" and rng.random() < 0.2:
        return rng.choice(["=1+1", "=A2", '="x"&"y"', "=1/0", "=SUM(A1:A3)"])
    return value


def workbook(rows: list[list[str]], rng: random.Random) -> bytes:
    """A workbook of `rows` (headings first), shaped like one of the sheets Members send."""
    style = rng.choice(["plain", "floats", "dates", "formulas", "merged", "gaps", "mixed"])
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = rng.choice(["Seizures", "Sheet1", "Saisies"])
    out_row = 1
    for i, cells in enumerate(rows):
        cell_style = rng.choice(["floats", "dates", "formulas"]) if style == "mixed" else style
        if i and style == "gaps" and rng.random() < 0.2:
            out_row += rng.randint(1, 3)  # empty rows in between
        for j, value in enumerate(cells, start=1):
            sheet.cell(out_row, j, _typed(value, rng, cell_style) if i else value)
        out_row += 1
    if style == "merged" and out_row > 3:
        top = rng.randint(1, out_row - 2)
        sheet.merge_cells(start_row=top, start_column=1, end_row=top + 1, end_column=rng.randint(1, 4))
    if rng.random() < 0.2:
        book.create_sheet("Notes")["A1"] = "not the data"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def broken_zip(data: bytes, rng: random.Random) -> bytes:
    """A workbook damaged as a transfer or a tool damages one."""
    how = rng.choice(["truncate", "flip", "drop-sheet", "bad-xml", "garbage"])
    if how == "truncate":
        return truncate(data, rng)
    if how == "flip":
        out = bytearray(data)
        for _ in range(rng.randint(1, 20)):
            out[rng.randrange(len(out))] = rng.randrange(256)
        return bytes(out)
    if how == "garbage":
        return garbage(data, rng)
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename.startswith("xl/worksheets/sheet1"):
                if how == "drop-sheet":
                    continue
                content = content[: rng.randrange(len(content))]  # XML cut short
            target.writestr(item, content)
    return buffer.getvalue()


# --- the set -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mutant:
    path: Path
    profile: str
    what: str


def _apply(data: bytes, mutations: list[Mutation], rng: random.Random) -> tuple[bytes, str]:
    chosen = rng.sample(mutations, rng.choice([1, 1, 2, 3]))
    for mutation in chosen:
        data = mutation(data, rng) if data else data
    return data, "+".join(m.__name__ for m in chosen)


def mutated_files(
    seeds: dict[str, tuple[Path, str]], rows: list[list[str]], out: Path, count: dict[str, int], seed: int
) -> list[Mutant]:
    """`count[kind]` mutants of each kind (csv, edi, xlsx) written under `out`, reproducibly from `seed`.
    `seeds` names the seed files by kind ("csv:name" -> file and profile); `rows` are the rows (headings
    first) the workbooks are made of."""
    rng = random.Random(seed)
    made: list[Mutant] = []
    for kind in ("csv", "edi", "xlsx"):
        folder = out / kind
        folder.mkdir(parents=True, exist_ok=True)
        pool = [(path, profile) for key, (path, profile) in sorted(seeds.items()) if key.startswith(kind)]
        for n in range(count[kind]):
            if kind == "xlsx":
                data = workbook(rows[: rng.randint(1, len(rows))], rng)
                what = "workbook"
                if rng.random() < 0.4:
                    data, what = broken_zip(data, rng), "broken_zip"
                profile, suffix = "canonical-xlsx", ".xlsx"
            else:
                path, profile = rng.choice(pool)
                data, what = _apply(path.read_bytes(), CSV_MUTATIONS if kind == "csv" else EDI_MUTATIONS, rng)
                suffix = path.suffix
            target = folder / f"{n:03d}-{what}{suffix}"
            target.write_bytes(data)
            made.append(Mutant(target, profile, what))
    return made
