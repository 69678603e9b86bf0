"""A refused value leaves nothing of itself: after a file full of personal data is ingested (as CSV and as an
EDIFACT interchange), no word of four or more characters of any refused value is in any text column of any
table of the store, in the quarantine export or in the EDIFACT replies."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import openpyxl

from cen_pipeline.bench.guard import CORPUS, load_corpus, screen_of
from cen_pipeline.contract.models import FEED_FIELDS, rule_of
from cen_pipeline.contract.nominal import LEVELS, find_personal_data, withheld
from cen_pipeline.intake.check import validate_file
from cen_pipeline.intake.edi.writer import group_cases, write_interchange
from tests.conftest import row, run_cen, write_csv

SCREENED = ("description", "office_name", "operation_code", "brand", "right_holder")
NOMINAL_TEXTS = [text for text, nominal in load_corpus(CORPUS) if nominal]


def words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"\w{4,}", text)}


def feed_rows(texts: list[str]) -> list[dict[str, str]]:
    """One case per text and field that refuses it, the text in that field (a brand may be a name)."""
    return [
        row(case_ref=f"FR-{field[:3].upper()}-{i}", **{field: text})
        for field in SCREENED
        for i, text in enumerate(texts)
        if find_personal_data(text, screen_of(field))
    ]


def store_words(db: Path) -> set[str]:
    """Every word of every text column of every table and view of the store."""
    found: set[str] = set()
    with duckdb.connect(str(db), read_only=True) as con:
        columns = con.execute(
            """SELECT table_name, column_name FROM information_schema.columns
               WHERE data_type = 'VARCHAR' AND table_schema = 'main'"""
        ).fetchall()
        for table, column in columns:
            for (value,) in con.execute(f'SELECT DISTINCT "{column}" FROM "{table}"').fetchall():
                if value:
                    found |= words(value)
    return found


def file_words(folder: Path) -> set[str]:
    """Every word of the CSV, XLSX and EDIFACT files under `folder`."""
    found: set[str] = set()
    for path in folder.rglob("*"):
        if path.suffix == ".xlsx":
            for sheet in openpyxl.load_workbook(path, read_only=True).worksheets:
                for cells in sheet.iter_rows(values_only=True):
                    found |= words(" ".join(str(c) for c in cells if c is not None))
        elif path.is_file():
            found |= words(path.read_text(encoding="utf-8", errors="replace"))
    return found


def what_any_store_says() -> set[str]:
    """Words the store writes whatever was sent: the kinds, the withheld notice and the fields' rules."""
    said = words(withheld(list(LEVELS["full"]), 0))
    for field in FEED_FIELDS:
        said |= words(rule_of(field).describe())
    return said


def test_no_word_of_a_refused_value_is_kept_anywhere(tmp_path: Path) -> None:
    rows = feed_rows(NOMINAL_TEXTS)
    (tmp_path / "in").mkdir()
    sent = write_csv(tmp_path / "in" / "FR-nominal.csv", rows)
    refused = [p.value for p in validate_file(sent).problems if p.code == "nominal-value" and p.value]
    assert len(refused) == len(rows) >= len(NOMINAL_TEXTS)  # every text in description, most elsewhere

    # The same cases sent as an EDIFACT interchange, with the sender's replies.
    edi = tmp_path / "in" / "FR-nominal.edi"
    edi.write_text(write_interchange(group_cases(rows), "FRDGDDI", "WCOCEN", "NOMINAL1"), encoding="utf-8")
    db = tmp_path / "cen.duckdb"
    for path in (sent, edi):
        done = run_cen("ingest", path, "--db", db, "--ack", tmp_path / "out" / "replies")
        assert done.returncode == 1, done.stderr
    done = run_cen("quarantine", "export", "--member", "FR", "--db", db, "--out", tmp_path / "out" / "q.xlsx")
    assert done.returncode == 0, done.stderr
    assert run_cen("quarantine", "export", "--member", "FR", "--db", db, "--out", tmp_path / "out" / "q.csv")

    # Words of a refused value that also stand in a value the store keeps (another row's office, the rules'
    # own words) prove nothing; the same cases sent without the refused values say which those are.
    control = tmp_path / "control.duckdb"
    clean = [{k: ("x" if v in refused else v) for k, v in r.items()} for r in rows]
    assert run_cen("ingest", write_csv(tmp_path / "FR-clean.csv", clean), "--db", control).returncode == 0
    innocent = store_words(control) | what_any_store_says()
    innocent |= {str(n) for n in range(2 * len(rows) + 2)}  # row numbers and message references count rows

    secret = set().union(*(words(v) for v in refused)) - innocent
    assert len(secret) > 400
    assert store_words(db) & secret == set()
    assert file_words(tmp_path / "out") & secret == set()
