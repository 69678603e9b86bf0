"""The CENSEZ seizure message: round trips through the writer and reader, faulty samples, the guide."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cen_pipeline.contract.catalogue import catalogue
from cen_pipeline.contract.models import FEED_FIELDS
from cen_pipeline.intake.check import read_records, validate_file
from cen_pipeline.intake.edi.envelope import read_interchange
from cen_pipeline.intake.edi.feed import feed_from_text
from cen_pipeline.intake.edi.guide import message_guide
from cen_pipeline.intake.edi.mapping import MAPPING_PROBLEM_KINDS, map_message, message_to_rows, problem_kind
from cen_pipeline.intake.edi.problems import PROBLEM_KINDS
from cen_pipeline.intake.edi.read import read_edi
from cen_pipeline.intake.edi.segments import (
    DEFAULT_DELIMITERS,
    SYNTAX4_DELIMITERS,
    Delimiters,
    Segment,
    write_segments,
)
from cen_pipeline.intake.edi.writer import group_cases, records_to_messages, write_interchange
from cen_pipeline.samples.edi import write_samples
from tests.conftest import CANONICAL
from tests.conftest import EDI_MANIFEST as MANIFEST
from tests.conftest import EDI_SAMPLES as SAMPLES

PREPARED = datetime(2025, 6, 30, 9, 30)

DELIMITER_SETS = [
    DEFAULT_DELIMITERS,
    SYNTAX4_DELIMITERS,
    Delimiters(":", "+", ",", "?", "*", "'"),
    Delimiters("|", "^", ",", "\\", "~", "!"),
]


def canonical_rows() -> list[dict[str, str]]:
    with CANONICAL.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def as_feed(row: dict[str, str]) -> dict[str, str | None]:
    return {name: (row.get(name) or None) for name in FEED_FIELDS}


# --- round trips -------------------------------------------------------------------------------------


@pytest.mark.parametrize("delimiters", DELIMITER_SETS, ids=lambda d: d.advice)
def test_canonical_rows_round_trip_as_text(delimiters: Delimiters) -> None:
    rows = canonical_rows()
    text = write_interchange(group_cases(rows), "SND", "RCV", "IC1", delimiters, PREPARED)
    feed = feed_from_text(text)
    assert feed.problems == []
    assert [dict(zip(FEED_FIELDS, row, strict=True)) for row in feed.rows] == [as_feed(r) for r in rows]
    assert feed.rejected_rows == 0 and feed.total_rows == len(rows)


def test_canonical_records_round_trip_through_validation(tmp_path: Path) -> None:
    records = read_records(CANONICAL)
    assert len(records) == 25
    path = tmp_path / "canonical.edi"
    text = write_interchange(group_cases(records), "FRDGDDI", "WCOCEN", "IC42", prepared=PREPARED)
    path.write_bytes(text.encode("latin-1"))
    assert read_records(path) == records


def test_valid_sample_reads_like_the_canonical_csv() -> None:
    assert read_records(SAMPLES / "valid.edi") == read_records(CANONICAL)


def test_row_labels_name_message_and_segment() -> None:
    feed = read_edi(SAMPLES / "valid.edi")
    assert len(feed.row_labels) == len(feed.rows) == 25
    assert feed.row_labels[0] == "message 1 segment 19"
    assert feed.row_labels[1].startswith("message 1 segment ")
    assert feed.headings == list(FEED_FIELDS)


def test_unt_counts_are_right_and_no_person_segment() -> None:
    messages = records_to_messages(group_cases(canonical_rows()))
    for message in messages:
        assert message[-1].get(0) == str(len(message))
        assert not {s.tag for s in message} & {"NAD", "CTA", "COM"}


def test_withdrawal_is_a_cancellation_without_lines() -> None:
    case = [{"case_ref": "FR-1", "reporting_member": "FR", "case_action": "withdraw"}]
    text = write_interchange([case], "S", "R", "1", prepared=PREPARED)
    assert "BGM+ZSR+FR-1+1'" in text and "LIN" not in text
    rows = feed_from_text(text).rows
    assert rows == [
        [
            {"case_ref": "FR-1", "reporting_member": "FR", "case_action": "withdraw"}.get(f)
            for f in FEED_FIELDS
        ]
    ]


def test_long_description_is_split_and_joined() -> None:
    row = as_feed(canonical_rows()[0]) | {"description": "x" * 1000 + "?:+'" + "y" * 1800}
    text = write_interchange([[row]], "S", "R", "1", prepared=PREPARED)
    assert text.count("FTX+AAA") == 2
    assert feed_from_text(text).rows[0][FEED_FIELDS.index("description")] == row["description"]


# Every service character of the delimiter sets above, the release characters and repetition separators.
SPECIALS = ":+.?*' ,|^\\~!"
texts = st.text(alphabet=st.sampled_from(SPECIALS + "AZaz09-/éß"), min_size=1, max_size=30).filter(
    lambda t: t.strip(" ")
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(
    description=texts,
    brand=texts,
    right_holder=texts,
    case_ref=texts,
    delimiters=st.sampled_from(DELIMITER_SETS),
)
def test_free_text_with_service_characters_round_trips(
    description: str, brand: str, right_holder: str, case_ref: str, delimiters: Delimiters
) -> None:
    base = as_feed(canonical_rows()[0])
    row = base | {
        "description": description,
        "brand": brand,
        "right_holder": right_holder,
        "case_ref": case_ref,
    }
    second = row | {"line_no": "2", "brand": brand[::-1]}
    text = write_interchange([[row, second]], "S", "R", "1", delimiters, PREPARED)
    feed = feed_from_text(text)
    assert feed.problems == []
    assert [dict(zip(FEED_FIELDS, r, strict=True)) for r in feed.rows] == [row, second]


# --- faults ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("entry", MANIFEST, ids=lambda e: e["file"])
def test_sample_gives_its_expected_codes(entry: dict[str, object]) -> None:
    feed = read_edi(SAMPLES / str(entry["file"]))
    assert sorted({p.code for p in feed.problems}) == entry["codes"]
    assert feed.rejected_messages == entry["rejected_messages"]
    assert len(feed.rows) == entry["accepted_rows"]
    assert feed.rejected_rows == entry["rejected_rows"]
    assert len(feed.row_labels) == len(feed.rows)
    total = sum(outcome.lines for outcome in feed.messages)
    assert feed.total_rows == total


@pytest.mark.parametrize(
    "entry", [e for e in MANIFEST if not e["codes"] or e["codes"] == ["edi-junk-before-header"]]
)
def test_valid_samples_validate_without_errors(entry: dict[str, object]) -> None:
    report = validate_file(SAMPLES / str(entry["file"]))
    assert report.summary.errors_by_code == {}
    assert report.summary.rows_read == entry["accepted_rows"]


def test_bad_message_rejects_only_itself() -> None:
    feed = read_edi(SAMPLES / "fault-bad-messages.edi")
    assert not feed.interchange.envelope_broken
    assert [o.reference for o in feed.messages if o.accepted] == ["1", "3", "4", "6"]
    for problem in feed.problems:
        assert problem.message_ref in ("2", "5") and problem.segment_position is not None


def test_samples_are_reproducible(tmp_path: Path) -> None:
    write_samples(tmp_path)
    for path in sorted(SAMPLES.iterdir()):
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name
    assert sum(path.stat().st_size for path in SAMPLES.iterdir()) < 150_000


def _message(body: list[Segment]) -> str:
    segments = [
        Segment("UNB", [["UNOC", "3"], ["S"], ["R"], ["250101", "1200"], ["1"]]),
        Segment("UNH", [["1"], ["CENSEZ", "1", "0", "ZZZ", "CEN10"]]),
        *body,
        Segment("UNT", [[str(len(body) + 2)], ["1"]]),
        Segment("UNZ", [["1"], ["1"]]),
    ]
    return write_segments(segments)


def _body() -> list[Segment]:
    rows = [as_feed(canonical_rows()[0])]
    return records_to_messages([rows])[0][1:-1]


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (lambda b: [*b[:3], Segment("NAD", [["ZZ"], ["someone"]]), *b[3:]], "edi-unknown-segment"),
        (
            lambda b: [s if s.tag != "TDT" else Segment("DTM", [["999", "20250101", "102"]]) for s in b],
            "edi-bad-qualifier",
        ),
        (lambda b: [s for s in b if s.tag != "BGM"], "edi-missing-segment"),
        (lambda b: [*b, Segment("DTM", [["137", "20250101", "102"]])], "edi-segment-out-of-place"),
        (lambda b: [*b[:2], b[1], *b[2:]], "edi-repeated-segment"),
        (
            lambda b: [s if s.tag != "DTM" else Segment("DTM", [["ZSZ", "250101", "101"]]) for s in b],
            "edi-bad-code",
        ),
        (lambda b: b[: [s.tag for s in b].index("LIN")], "edi-missing-segment"),
        (lambda b: [s for s in b if s.tag != "QTY"], "edi-missing-segment"),
    ],
)
def test_mapping_problems_reject_the_message(change: object, code: str) -> None:
    body = change(_body())  # type: ignore[operator]
    interchange = read_interchange(_message(body))
    assert interchange.problems == []
    message = interchange.messages[0]
    assert message_to_rows(message) == []
    assert code in {p.code for p in message.problems}
    assert interchange.accepted_messages() == []
    assert all(p.message_ref == "1" for p in message.problems)


def test_other_message_type_is_refused() -> None:
    text = _message(_body()).replace("CENSEZ:1:0", "CENSEZ:2:0")
    mapped = map_message(read_interchange(text).messages[0])
    assert [p.code for p in mapped.problems] == ["edi-unknown-message"] and mapped.line_count == 1


def test_catalogue_knows_every_edi_code() -> None:
    known = catalogue()
    for code in [*PROBLEM_KINDS, *MAPPING_PROBLEM_KINDS]:
        kind = known[code]
        assert set(kind.title) == set(kind.message) == {"en", "fr", "es"}
        assert kind.severity in ("error", "warning")
        assert problem_kind(code).code == code


# --- guide -------------------------------------------------------------------------------------------


def test_guide_is_deterministic_and_maps_every_field() -> None:
    guide = message_guide()
    assert guide == message_guide()
    for name in FEED_FIELDS:
        assert f"`{name}`" in guide, name
    assert "UNH+1+CENSEZ:1:0:ZZZ:CEN10'" in guide and "codelists/product_category.csv" in guide
    example = guide.split("```")[1].strip("\n")
    feed = feed_from_text(example)
    assert feed.problems == [] and len(feed.rows) == 2
