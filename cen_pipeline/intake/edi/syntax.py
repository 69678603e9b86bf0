"""UN/EDIFACT (ISO 9735) syntax layer: service string advice and a fast strict tokenizer.

The tokenizer turns interchange text into `Segment` objects (data elements, syntax-4 repetitions and
components, with the release character resolved); `segments.write_segments` produces text it reads
back identically. Problems found while tokenizing are reported as `EdiProblem` values, never raised.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

from cen_pipeline.intake.edi.problems import EdiProblem
from cen_pipeline.intake.edi.segments import (
    DEFAULT_DELIMITERS,
    SYNTAX4_DELIMITERS,
    Delimiters,
    Segment,
    unescape,
)

__all__ = [
    "Tokenized",
    "collector_paused",
    "service_string_advice",
    "tokenize",
]


@dataclass(slots=True)
class Tokenized:
    """The result of tokenizing: segments, the delimiters in force and problems met on the way."""

    segments: list[Segment]
    delimiters: Delimiters
    una: bool
    header_offset: int
    problems: list[EdiProblem]


_WHITESPACE = " \t\r\n"
# Whitespace, byte order marks and NULs before the header are transport noise, not junk worth a warning.
_NOISE = " \t\r\n\ufeff\x00"
_HEADER = re.compile(r"(?<![A-Za-z0-9])UN(?:A|B(?![A-Za-z0-9]))")
_SYNTAX4_UNB = re.compile(r"UNB\+[A-Z]{4}:4(?=[+:'])")
_TAG = re.compile(r"[A-Z][A-Z0-9]{2}")


@lru_cache(maxsize=32)
def _unterminated_pattern(delimiters: Delimiters) -> re.Pattern[str]:
    # A line break followed by something shaped like a segment start means a terminator was lost.
    follow = re.escape(delimiters.element) + "|" + re.escape(delimiters.terminator)
    return re.compile(r"[\r\n][ \t\r\n]*[A-Z][A-Z0-9]{2}(?:" + follow + ")")


def _split_released(text: str, sep: str, release: str) -> list[str]:
    """Split on `sep`, except where it is preceded by an odd run of release characters."""
    parts = text.split(sep)
    if len(parts) == 1 or not release or release not in text:
        return parts
    out: list[str] = []
    pending: str | None = None
    for part in parts:
        if pending is not None:
            part = pending + sep + part
            pending = None
        if part.endswith(release) and (len(part) - len(part.rstrip(release))) % 2:
            pending = part
        else:
            out.append(part)
    if pending is not None:
        out.append(pending)
    return out


def _parse_released(
    raw: str, delimiters: Delimiters, release: str, repetition: str
) -> tuple[str, list[list[str]], dict[int, list[list[str]]]]:
    """Slow path for a segment holding release characters or repetitions."""
    component = delimiters.component
    parts = _split_released(raw, delimiters.element, release)
    tag = unescape(parts[0], release) if release else parts[0]
    elements: list[list[str]] = []
    repetitions: dict[int, list[list[str]]] = {}
    for index, part in enumerate(parts[1:]):
        raw_occurrences = (
            _split_released(part, repetition, release) if repetition and repetition in part else [part]
        )
        occurrences = [
            [unescape(value, release) for value in _split_released(occurrence, component, release)]
            for occurrence in raw_occurrences
        ]
        elements.append(occurrences[0])
        if len(occurrences) > 1:
            repetitions[index] = occurrences
    return tag, elements, repetitions


def _odd_release_tail(text: str, release: str) -> bool:
    return bool(release) and text.endswith(release) and (len(text) - len(text.rstrip(release))) % 2 == 1


def tokenize(text: str, delimiters: Delimiters | None = None) -> Tokenized:
    """Split interchange text into segments.

    Junk before the first ``UNA``/``UNB`` is skipped with a warning. Without a UNA the `delimiters`
    given are used, else the ISO 9735 defaults (with ``*`` as repetition separator when UNB declares
    syntax version 4). Whitespace between segments is ignored.
    """
    start, pos, found, una, problems = service_string_advice(text, delimiters)
    with collector_paused():
        segments = _segments(text, pos, found, problems)
    return Tokenized(segments, found, una, start, problems)


def service_string_advice(
    text: str, delimiters: Delimiters | None = None
) -> tuple[int, int, Delimiters, bool, list[EdiProblem]]:
    """Where the interchange starts (UNA or UNB), where its first segment starts, the delimiters in force,
    whether a UNA was given, and the problems met on the way (junk before the header, a bad UNA)."""
    problems: list[EdiProblem] = []
    match = _HEADER.search(text)
    if match is not None:
        start = match.start()
        if text[:start].strip(_NOISE):
            problems.append(
                EdiProblem(
                    "edi-junk-before-header",
                    f"{start} characters before the interchange header were skipped",
                )
            )
    else:
        start = len(text) - len(text.lstrip(_NOISE))

    pos = start
    una = text.startswith("UNA", pos)
    if una:
        advice = text[pos + 3 : pos + 9]
        pos += 3 + len(advice)
        try:
            found = Delimiters.from_advice(advice)
            reasons = found.check()
        except ValueError as exc:
            found, reasons = DEFAULT_DELIMITERS, [str(exc)]
        if reasons:
            problems.append(EdiProblem("edi-bad-una", f"UNA{advice!r}: " + "; ".join(reasons)))
            found = delimiters or DEFAULT_DELIMITERS
    elif delimiters is not None:
        found = delimiters
    else:
        found = SYNTAX4_DELIMITERS if _SYNTAX4_UNB.match(text, pos) else DEFAULT_DELIMITERS
    return start, pos, found, una, problems


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: tokenizing, mapping and writing allocate millions of objects
    without reference cycles, and the collector would rescan them again and again for nothing."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _segments(text: str, pos: int, delimiters: Delimiters, problems: list[EdiProblem]) -> list[Segment]:
    terminator = delimiters.terminator
    element = delimiters.element
    component = delimiters.component
    release = "" if delimiters.release == " " else delimiters.release
    repetition = "" if delimiters.repetition == " " else delimiters.repetition
    body = text[pos:] if pos else text

    if release and release in body:
        pieces = _split_released(body, terminator, release)
    else:
        # No release character anywhere: every value is literal and the fast path applies throughout.
        release = ""
        pieces = body.split(terminator)
    tail = pieces.pop()

    segments: list[Segment] = []
    append = segments.append
    good_tags: set[str] = set()
    unsplit = Segment._unsplit
    unterminated = _unterminated_pattern(delimiters)
    offset = pos
    position = 0
    for piece in pieces:
        raw = piece.lstrip(_WHITESPACE) if piece[:1] in _WHITESPACE else piece
        seg_offset = offset + len(piece) - len(raw)
        offset += len(piece) + 1
        if not raw:
            problems.append(
                EdiProblem(
                    "edi-invalid-segment-tag",
                    f"empty segment at offset {seg_offset}",
                    segment_position=position + 1,
                )
            )
            continue
        position += 1
        if (release and release in raw) or (repetition and repetition in raw):
            tag, elements, repetitions = _parse_released(raw, delimiters, release, repetition)
            segment = Segment(tag, elements, position, seg_offset, repetitions)
        else:
            cut = raw.find(element)
            tag = raw if cut < 0 else raw[:cut]
            segment = unsplit(tag, raw, element, component, position, seg_offset)
        append(segment)
        if tag not in good_tags:
            if _TAG.fullmatch(tag):
                good_tags.add(tag)
            else:
                problems.append(_bad_tag(tag, position))
        if ("\n" in raw or "\r" in raw) and unterminated.search(raw):
            problems.append(
                EdiProblem(
                    "edi-unterminated-segment",
                    "a line break inside the segment is followed by what looks like another segment",
                    segment_position=position,
                    segment_tag=tag,
                )
            )

    rest = tail.strip(_WHITESPACE)
    if rest:
        position += 1
        seg_offset = offset + len(tail) - len(tail.lstrip(_WHITESPACE))
        # The cut-off segment is still read, so that a UNZ or UNT missing only its terminator is recognised.
        if _odd_release_tail(rest, release):
            rest = rest[:-1]
            code, detail = "edi-syntax-error", "the text ends with a release character, not a terminator"
        else:
            code, detail = "edi-unterminated-segment", "the text ends without a segment terminator"
        tag, elements, repetitions = _parse_released(rest, delimiters, release, repetition)
        segments.append(Segment(tag, elements, position, seg_offset, repetitions))
        problems.append(EdiProblem(code, detail, segment_position=position, segment_tag=tag[:3] or None))
        if not _TAG.fullmatch(tag):
            problems.append(_bad_tag(tag, position))
    return segments


def _bad_tag(tag: str, position: int) -> EdiProblem:
    return EdiProblem(
        "edi-invalid-segment-tag",
        f"segment tag {tag[:20]!r} is not three upper-case letters or digits",
        segment_position=position,
        segment_tag=tag[:3] or None,
    )
