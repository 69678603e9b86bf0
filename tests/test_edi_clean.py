"""The quick reader of clean interchanges gives what the reference reader gives, and steps aside for the
reference reader whenever there is anything to report."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cen_pipeline.contract.models import FEED_FIELDS
from cen_pipeline.intake.check import opened, read_records
from cen_pipeline.intake.edi.clean import read_clean
from cen_pipeline.intake.edi.feed import EdiFeed, decode_interchange, feed_from_text
from cen_pipeline.intake.edi.segments import DEFAULT_DELIMITERS, Delimiters
from cen_pipeline.intake.edi.writer import group_cases, write_interchange
from tests.conftest import CANONICAL
from tests.conftest import EDI_MANIFEST as MANIFEST
from tests.conftest import EDI_SAMPLES as SAMPLES

PREPARED = datetime(2025, 6, 30, 9, 30)
# Syntax 3 delimiter sets: the quick reader leaves repeated data elements (syntax 4) to the reference.
DELIMITER_SETS = [
    DEFAULT_DELIMITERS,
    Delimiters(":", "+", ",", "?", " ", "'"),
    Delimiters("|", "^", ",", "\\", " ", "!"),
]


def reference(text: str) -> EdiFeed:
    return feed_from_text(text, keep_segments=False)


def assert_same(quick: EdiFeed, ref: EdiFeed) -> None:
    assert quick.rows == ref.rows
    assert quick.row_labels == ref.row_labels
    assert quick.messages == ref.messages
    assert quick.problems == ref.problems == []
    assert quick.interchange == ref.interchange
    assert quick.rejected_rows == ref.rejected_rows == 0


def sample_text(name: str) -> str:
    return decode_interchange((SAMPLES / name).read_bytes())


def canonical_cases() -> list[list[dict[str, object]]]:
    return [[dict(row) for row in case] for case in group_cases(read_records(CANONICAL))]


@pytest.mark.parametrize("name", ["valid.edi", "valid-groups.edi"])
def test_clean_sample_is_read_quickly_and_alike(name: str) -> None:
    text = sample_text(name)
    quick = read_clean(text)
    assert quick is not None, "a clean interchange must take the quick path"
    assert_same(quick, reference(text))


@pytest.mark.parametrize("entry", MANIFEST, ids=lambda e: e["file"])
def test_sample_with_anything_to_report_is_left_to_the_reference(entry: dict[str, object]) -> None:
    text = sample_text(str(entry["file"]))
    quick = read_clean(text)
    if entry["codes"]:
        assert quick is None
    elif quick is not None:
        assert_same(quick, reference(text))


SPECIALS = "?'+:*|^\\!,. \n"
texts = st.text(alphabet=st.sampled_from(SPECIALS + "AZaz09-éß"), min_size=1, max_size=25).filter(
    lambda t: t.strip(" \n")
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    description=texts,
    brand=texts,
    case_ref=texts,
    delimiters=st.sampled_from(DELIMITER_SETS),
    line_end=st.sampled_from(["\n", "\r\n", ""]),
)
def test_generated_interchanges_read_alike(
    description: str, brand: str, case_ref: str, delimiters: Delimiters, line_end: str
) -> None:
    cases = canonical_cases()[:4]
    first = [
        dict(row) | {"description": description, "brand": brand, "case_ref": case_ref} for row in cases[0]
    ]
    cases[0] = first
    text = write_interchange(cases, "S", "R", "1", delimiters, PREPARED, line_end=line_end)
    ref = reference(text)
    quick = read_clean(text)
    if quick is None:
        # Stepping aside is always allowed; wrongly accepting is not. Values with service characters
        # released before ordinary ones never occur in what the writer writes, so only a problem the
        # reference reports may send it there.
        assert ref.problems, "the quick reader refused an interchange the reference reads cleanly"
    else:
        assert_same(quick, ref)
        assert [dict(zip(FEED_FIELDS, row, strict=True))["brand"] for row in quick.rows[: len(first)]] == [
            brand
        ] * len(first)


def valid() -> str:
    return write_interchange(canonical_cases()[:3], "S", "R", "1", DEFAULT_DELIMITERS, PREPARED)


MUTATIONS = {
    "repeated segment": lambda t: t.replace("DTM+ZSZ:", "DTM+ZSZ:20240101:102'\nDTM+ZSZ:", 1),
    "missing mandatory segment": lambda t: t.replace("TDT+20", "XYZ+20", 1),
    "bad qualifier": lambda t: t.replace("BGM+ZSR", "BGM+ZZZ", 1),
    "date format": lambda t: t.replace(":102'", ":203'", 1),
    "empty segment": lambda t: t.replace("'\nDTM", "''\nDTM", 1),
    "bad tag": lambda t: t.replace("\nDTM+ZSZ", "\nDt+ZSZ", 1),
    "text after the last terminator": lambda t: t + "UNZ+1",
    "segment outside a message": lambda t: t.replace("UNT+", "FTX+AAA+++x'\nUNT+", 1).replace(
        "\nUNH+2", "\nFTX+AAA+++y'\nUNH+2", 1
    ),
    "UNT count": lambda t: t.replace("UNT+", "UNT+9", 1),
    "message function": lambda t: t.replace("BGM+ZSR+", "BGM+ZSR+X+", 1),
    "lost terminator": lambda t: t.replace("'\nDTM+ZSZ", "\nDTM+ZSZ", 1),
    "junk before the header": lambda t: "junk" + t,
}


@pytest.mark.parametrize("change", list(MUTATIONS), ids=list(MUTATIONS))
def test_anything_the_reference_reports_sends_the_file_to_it(change: str) -> None:
    text = MUTATIONS[change](valid())
    assert text != valid()
    assert reference(text).problems, "the mutation must be a problem for the reference reader"
    assert read_clean(text) is None


def test_release_before_an_ordinary_character_is_left_to_the_reference() -> None:
    # Not a problem (the release character is dropped), but not a plain split either.
    text = valid().replace("BGM+ZSR+", "BGM+ZSR+?A", 1)
    assert reference(text).problems == []
    assert read_clean(text) is None


def test_file_reader_uses_the_same_rows_either_way(tmp_path: Path) -> None:
    # The quick path and the reference path feed the same relation to the validation.
    path = tmp_path / "clean.edi"
    path.write_text(valid(), encoding="utf-8")
    with opened(path, None) as (con, source, _):
        assert source.edi is not None
        quick_rows = con.execute("SELECT * EXCLUDE (_row) FROM src_raw ORDER BY _row").fetchall()
    assert [list(row) for row in quick_rows] == reference(valid()).rows
