"""`--ack DIR`: every interchange validated or ingested gets its CONTRL and APERAK replies, which the
project's own reader parses back to the codes and references the sender needs."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from cen_pipeline.batch import ingest_file
from cen_pipeline.intake.check import read_records
from cen_pipeline.intake.edi.envelope import Interchange, read_interchange
from cen_pipeline.intake.edi.feed import decode_interchange
from cen_pipeline.intake.edi.segments import Segment
from cen_pipeline.intake.edi.writer import group_cases, write_interchange
from tests.conftest import CANONICAL, run_cen
from tests.conftest import EDI_MANIFEST as MANIFEST
from tests.conftest import EDI_SAMPLES as SAMPLES

FAULTS = [entry for entry in MANIFEST if entry["file"].startswith("fault-")]
VALID = [entry for entry in MANIFEST if entry["file"].startswith("valid")]

# The ISO 9735 syntax error code (0085) each fault must be reported with, from code list 0085: 13 missing,
# 28 references do not match, 29 control count does not match, 12 invalid value, 15 not supported in this
# position. Interchange faults name the service segment (0013) in UCI; message faults give the codes of
# the rejected message's UCM and UCS.
INTERCHANGE_FAULTS = {
    "fault-unz-count.edi": ("29", "UNZ"),
    "fault-unz-reference.edi": ("28", "UNZ"),
    "fault-missing-unz.edi": ("13", "UNZ"),
    "fault-group-count.edi": ("29", "UNE"),
}
MESSAGE_FAULTS = {
    "fault-unt-count.edi": {"2": {"29"}},
    "fault-unt-reference.edi": {"3": {"28"}},
    "fault-missing-unt.edi": {"4": {"13"}},
    "fault-bad-messages.edi": {"2": {"12", "13"}, "5": {"15", "13"}},
}


@dataclass
class Reply:
    """A reply interchange read back with the project's reader."""

    interchange: Interchange

    def segments(self, tag: str) -> list[Segment]:
        return [s for m in self.interchange.messages for s in m.body if s.tag == tag]


def read_reply(path: Path) -> Reply:
    interchange = read_interchange(decode_interchange(path.read_bytes()))
    assert interchange.all_problems() == [], interchange.all_problems()
    return Reply(interchange)


def subject_of(path: Path) -> Interchange:
    return read_interchange(decode_interchange(path.read_bytes()))


def replies_for(subject: Path, ack: Path) -> tuple[Reply, Reply]:
    reference = subject_of(subject).control_reference
    return read_reply(ack / f"{reference}.contrl.edi"), read_reply(ack / f"{reference}.aperak.edi")


def message_responses(contrl: Reply) -> dict[str, tuple[str, set[str]]]:
    """Per subject message: its UCM action (0083) and every syntax error code of its UCM and UCS."""
    out: dict[str, tuple[str, set[str]]] = {}
    current = ""
    for segment in contrl.interchange.messages[0].body:
        if segment.tag == "UCM":
            current = segment.get(0)
            codes = {segment.get(3)} if segment.get(3) else set()
            out[current] = (segment.get(2), codes)
        elif segment.tag == "UCS":
            out[current][1].add(segment.get(1))
    return out


def application_answers(aperak: Reply) -> dict[str, tuple[str, list[str]]]:
    """Per subject message: BGM 1225 (29 accepted, 27 not accepted) and its ERC error codes."""
    out: dict[str, tuple[str, list[str]]] = {}
    for message in aperak.interchange.messages:
        bgm = next(s for s in message.body if s.tag == "BGM")
        reference = next(s for s in message.body if s.tag == "RFF").get(0, 1)
        assert reference == bgm.get(1)
        out[reference] = (bgm.get(2), [s.get(0) for s in message.body if s.tag == "ERC"])
    return out


def check_addressing(reply: Reply, subject: Interchange, application: str) -> None:
    """A reply goes from the subject's recipient back to its sender, and names its kind in UNB 0026."""
    assert reply.interchange.sender == subject.recipient
    assert reply.interchange.recipient == subject.sender
    assert reply.interchange.application_reference == application


@pytest.mark.parametrize("entry", FAULTS, ids=[e["file"] for e in FAULTS])
def test_faulty_sample_gets_its_code_and_a_negative_acknowledgement(
    entry: dict[str, Any], tmp_path: Path
) -> None:
    path = SAMPLES / entry["file"]
    done = run_cen("validate", path, "--format", "json", "--ack", tmp_path)
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    assert set(entry["codes"]) <= set(report["summary"]["errors_by_code"])

    subject = subject_of(path)
    contrl, aperak = replies_for(path, tmp_path)
    check_addressing(contrl, subject, "CONTRL")
    check_addressing(aperak, subject, "APERAK")
    uci = contrl.segments("UCI")[0]
    assert uci.get(0) == subject.control_reference
    responses = message_responses(contrl)
    answers = application_answers(aperak)
    references = [m.reference for m in subject.messages]
    assert list(responses) == references
    assert list(answers) == references

    if entry["file"] in INTERCHANGE_FAULTS:
        code, service_segment = INTERCHANGE_FAULTS[entry["file"]]
        assert (uci.get(3), uci.get(4), uci.get(5)) == ("4", code, service_segment)
        assert entry["envelope_broken"]
        for reference in references:
            assert responses[reference][0] == "4"
            action, errors = answers[reference]
            assert action == "27"
            assert set(entry["codes"]) <= set(errors)
    else:
        expected = MESSAGE_FAULTS[entry["file"]]
        assert uci.get(3) == "7"  # the interchange itself is sound; only its broken messages are rejected
        assert sorted(expected) == sorted(entry["rejected_messages"])
        rejected_codes: set[str] = set()
        for reference in references:
            action, codes = responses[reference]
            answer, errors = answers[reference]
            if reference in expected:
                assert (action, codes) == ("4", expected[reference])
                assert answer == "27" and errors
                rejected_codes |= set(errors)
            else:
                assert (action, codes, answer, errors) == ("7", set(), "29", [])
        assert rejected_codes == set(entry["codes"])


@pytest.mark.parametrize("entry", VALID, ids=[e["file"] for e in VALID])
def test_valid_sample_gets_positive_acknowledgements(entry: dict[str, Any], tmp_path: Path) -> None:
    path = SAMPLES / entry["file"]
    done = run_cen("validate", path, "--format", "json", "--ack", tmp_path)
    assert done.returncode == 0, done.stderr
    contrl, aperak = replies_for(path, tmp_path)
    assert contrl.segments("UCI")[0].get(3) == "7"
    responses = message_responses(contrl)
    assert len(responses) == entry["messages"]
    assert all(response == ("7", set()) for response in responses.values())
    answers = application_answers(aperak)
    assert len(answers) == entry["messages"]
    assert all(answer == ("29", []) for answer in answers.values())


def interchange_with_bad_values(path: Path) -> None:
    """Four cases of the canonical sample; the third has a negative quantity and an unknown category."""
    cases = group_cases(read_records(CANONICAL))[:4]
    third = [dict(row) for row in cases[2]]
    third[0]["quantity"] = "-3"
    third[-1]["product_category"] = "spaceships"
    cases[2] = list(third)
    path.write_text(write_interchange(cases, "FRDGDDI", "WCOCEN", "VALUES1"), encoding="utf-8")


def test_contract_errors_reject_their_message_in_the_application_acknowledgement(tmp_path: Path) -> None:
    subject = tmp_path / "values.edi"
    interchange_with_bad_values(subject)
    done = run_cen("validate", subject, "--ack", tmp_path / "ack", "--max-errors", "1")
    assert done.returncode == 1
    contrl, aperak = replies_for(subject, tmp_path / "ack")
    # Syntax and structure are sound: CONTRL accepts every message; APERAK refuses the third.
    assert all(response == ("7", set()) for response in message_responses(contrl).values())
    answers = application_answers(aperak)
    assert answers["3"] == ("27", ["out-of-range", "unknown-code"])  # both, though --max-errors lists one
    assert [answers[r] for r in ("1", "2", "4")] == [("29", [])] * 3
    details = [s.get(3) for m in aperak.interchange.messages for s in m.body if s.tag == "FTX"]
    assert any("quantity" in d and "-3" in d for d in details)


def test_ingest_acknowledges_what_the_store_did(tmp_path: Path) -> None:
    # The last message of this sample withdraws a case the fresh store does not hold.
    subject = SAMPLES / "valid-syntax4-custom-una.edi"
    db = tmp_path / "cen.duckdb"
    done = run_cen("ingest", subject, "--db", db, "--ack", tmp_path / "first")
    assert done.returncode == 1, done.stderr
    contrl, aperak = replies_for(subject, tmp_path / "first")
    assert contrl.segments("UCI")[0].get(3) == "7"
    answers = application_answers(aperak)
    last = subject_of(subject).messages[-1].reference
    assert answers[last] == ("27", ["unknown-case"])
    assert all(answer == ("29", []) for ref, answer in answers.items() if ref != last)

    # Sent again, the file is skipped, and the sender gets the same answer as the first time.
    again = run_cen("ingest", subject, "--db", db, "--ack", tmp_path / "again")
    assert again.returncode == 0, again.stderr
    assert application_answers(replies_for(subject, tmp_path / "again")[1]) == answers


def test_interchange_without_sender_gets_no_reply_and_a_clear_message(tmp_path: Path) -> None:
    subject = tmp_path / "headless.edi"
    subject.write_text("UNH+1+CENSEZ:1:0:ZZZ:CEN10'BGM+ZSR+X+9'UNT+3+1'", encoding="utf-8")
    done = run_cen("validate", subject, "--ack", tmp_path / "ack")
    assert done.returncode == 1
    assert "no acknowledgement" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "ack").exists()


def test_the_valid_lines_of_a_refused_case_go_to_the_quarantine(tmp_path: Path) -> None:
    # A case is accepted whole or not at all, in an interchange as in a CSV file.
    cases = group_cases(read_records(CANONICAL))[:4]
    third = [dict(row) for row in cases[2]]
    third[0]["quantity"] = "-3"
    cases[2] = list(third)
    subject = tmp_path / "one-bad-line.edi"
    subject.write_text(write_interchange(cases, "FRDGDDI", "WCOCEN", "LINES1"), encoding="utf-8")
    result = ingest_file(subject, tmp_path / "cen.duckdb")
    assert result.rows_read == 8
    assert result.quarantined_by_code == {"case-rejected": 1, "out-of-range": 1}
    assert (result.rows_accepted, result.rows_quarantined) == (6, 2)


def test_a_control_reference_holding_personal_data_is_not_echoed(tmp_path: Path) -> None:
    # A phone number used as the interchange reference (UNB 0020): neither the replies nor their names show it.
    cases = group_cases(read_records(CANONICAL))[:2]
    subject = tmp_path / "phone-reference.edi"
    subject.write_text(write_interchange(cases, "FRDGDDI", "WCOCEN", "00493012345678"), encoding="utf-8")
    done = run_cen("validate", subject, "--ack", tmp_path / "ack")
    assert done.returncode == 0, done.stderr
    replies = sorted((tmp_path / "ack").iterdir())
    assert len(replies) == 2
    for reply in replies:
        assert "3012345678" not in reply.name and "3012345678" not in reply.read_text(encoding="utf-8")
    contrl = read_reply(next(r for r in replies if r.name.endswith(".contrl.edi")))
    assert contrl.segments("UCI")[0].get(0).startswith("W")  # the digest the sender can match
