"""The sample interchanges of ``sample_data/edi/`` and their manifest: `python -m cen_pipeline.samples.edi`."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path

from cen_pipeline.intake.edi.feed import feed_from_text
from cen_pipeline.intake.edi.segments import Delimiters
from cen_pipeline.intake.edi.writer import encode_interchange, group_cases, write_interchange

_PREPARED = datetime(2025, 6, 30, 9, 30)
_SENDER = "FRDGDDI"
_WITHDRAWAL = {"case_ref": "FR-2024-900999", "reporting_member": "FR", "case_action": "withdraw"}
_RECIPIENT = "WCOCEN"


def _replace_once(text: str, old: str, new: str) -> str:
    if text.count(old) < 1:
        raise ValueError(f"{old!r} is not in the interchange")
    return text.replace(old, new, 1)


def write_samples(out_dir: Path, canonical: Path | None = None) -> list[dict[str, object]]:
    """Write the sample interchanges and `manifest.json` to `out_dir`; returns the manifest entries.

    The cases are the accepted records of the canonical sample feed. Every file is deterministic.
    """
    from cen_pipeline.intake.check import read_records

    root = Path(__file__).resolve().parents[2]
    source = canonical or root / "sample_data" / "profiles" / "canonical.csv"
    records = read_records(source)
    cases: list[Sequence[Mapping[str, object]]] = list(group_cases(records))
    few = cases[:6]
    out_dir.mkdir(parents=True, exist_ok=True)
    entries: list[dict[str, object]] = []

    def emit(name: str, text: str, codes: list[str], rejected: list[str], note: str) -> None:
        (out_dir / name).write_bytes(encode_interchange(text))
        feed = feed_from_text(text)
        found = sorted({p.code for p in feed.problems})
        if found != sorted(codes) or feed.rejected_messages != rejected:
            raise AssertionError(
                f"{name}: expected {codes} / {rejected}, got {found} / {feed.rejected_messages}"
            )
        entries.append(
            {
                "file": name,
                "description": note,
                "codes": sorted(codes),
                "rejected_messages": rejected,
                "envelope_broken": feed.interchange.envelope_broken,
                "messages": len(feed.messages),
                "accepted_rows": len(feed.rows),
                "rejected_rows": feed.rejected_rows,
            }
        )

    def build(selection: Sequence[Sequence[Mapping[str, object]]], ref: str, **kwargs: object) -> str:
        return write_interchange(selection, _SENDER, _RECIPIENT, ref, prepared=_PREPARED, **kwargs)  # type: ignore[arg-type]

    all_cases = build(cases, "CEN0001")
    emit("valid.edi", all_cases, [], [], "every case of the canonical sample, default service characters")
    custom = Delimiters(":", "+", ",", "?", "*", "'")
    emit(
        "valid-syntax4-custom-una.edi",
        build([*few, [_WITHDRAWAL]], "CEN0002", delimiters=custom),
        [],
        [],
        "syntax 4: decimal comma, repetition separator *, IPR types repeated in one segment; "
        "the last message withdraws a case (BGM message function 1, no goods line)",
    )
    emit(
        "valid-groups.edi",
        build(few, "CEN0003", group_size=3),
        [],
        [],
        "two UNG/UNE functional groups of three messages; UNZ counts the groups",
    )
    crlf = build(few, "CEN0004", line_end="\r\n")
    emit(
        "valid-crlf-junk.edi",
        "\x1a\x1aJUNK HEADER 0042\r\n" + crlf,
        ["edi-junk-before-header"],
        [],
        "CR/LF between segments and junk bytes before UNA (a warning only)",
    )

    text = build(few, "CEN0005")
    emit(
        "fault-unz-count.edi",
        _replace_once(text, "UNZ+6+CEN0005'", "UNZ+5+CEN0005'"),
        ["edi-message-count-mismatch"],
        ["1", "2", "3", "4", "5", "6"],
        "UNZ counts 5 messages, the interchange has 6: every message is rejected",
    )
    text = build(few, "CEN0006")
    emit(
        "fault-unz-reference.edi",
        _replace_once(text, "UNZ+6+CEN0006'", "UNZ+6+CEN9999'"),
        ["edi-interchange-ref-mismatch"],
        ["1", "2", "3", "4", "5", "6"],
        "UNZ control reference differs from UNB: every message is rejected",
    )
    text = build(few, "CEN0007")
    trailer = _unt_of(text, "2")
    emit(
        "fault-unt-count.edi",
        _replace_once(text, trailer, "UNT+99+2'"),
        ["edi-segment-count-mismatch"],
        ["2"],
        "UNT of message 2 counts 99 segments: message 2 only is rejected",
    )
    text = build(few, "CEN0008")
    trailer = _unt_of(text, "3")
    emit(
        "fault-unt-reference.edi",
        _replace_once(text, trailer, trailer.replace("+3'", "+33'")),
        ["edi-message-ref-mismatch"],
        ["3"],
        "UNT of message 3 names message 33: message 3 only is rejected",
    )
    text = build(few, "CEN0009")
    emit(
        "fault-missing-unt.edi",
        _replace_once(text, _unt_of(text, "4") + "\n", ""),
        ["edi-missing-unt"],
        ["4"],
        "message 4 ends without UNT: message 4 only is rejected",
    )
    text = build(few, "CEN0010")
    emit(
        "fault-missing-unz.edi",
        _replace_once(text, "UNZ+6+CEN0010'\n", ""),
        ["edi-missing-unz"],
        ["1", "2", "3", "4", "5", "6"],
        "the interchange ends without UNZ: every message is rejected",
    )
    text = build(few, "CEN0011", group_size=3)
    emit(
        "fault-group-count.edi",
        _replace_once(text, "UNE+3+2'", "UNE+4+2'"),
        ["edi-group-count-mismatch"],
        ["1", "2", "3", "4", "5", "6"],
        "the second UNE counts 4 messages, its group has 3: the envelope is broken",
    )
    text = build(few, "CEN0012")
    bad = _replace_once(
        text, "UNH+2+CENSEZ:1:0:ZZZ:CEN10'\nBGM+ZSR+", "UNH+2+CENSEZ:1:0:ZZZ:CEN10'\nBGM+ZZZ+"
    )
    message_5 = _message_text(bad, "5")
    broken_5 = message_5.replace("TDT+20++", "XYZ+20++", 1)
    bad = _replace_once(bad, message_5, broken_5)
    emit(
        "fault-bad-messages.edi",
        bad,
        ["edi-bad-qualifier", "edi-missing-segment", "edi-unknown-segment"],
        ["2", "5"],
        "message 2 has BGM document code ZZZ, message 5 an unknown XYZ segment instead of its TDT: "
        "only messages 2 and 5 are rejected",
    )
    (out_dir / "manifest.json").write_text(json.dumps(entries, indent=1, ensure_ascii=False) + "\n", "utf-8")
    return entries


def _message_text(text: str, reference: str) -> str:
    start = text.index(f"UNH+{reference}+")
    end = text.index("UNT+", start)
    end = text.index("'", end) + 1
    return text[start:end]


def _unt_of(text: str, reference: str) -> str:
    message = _message_text(text, reference)
    return message[message.rindex("UNT+") :]


if __name__ == "__main__":
    write_samples(Path(__file__).resolve().parents[2] / "sample_data" / "edi")
