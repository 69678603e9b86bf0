"""UN/EDIFACT (ISO 9735) syntax layer: service string advice, a fast strict tokenizer and a writer.

The tokenizer turns interchange text into `Segment` objects (data elements, syntax-4 repetitions and
components, with the release character resolved); `write_segments` produces text it reads back
identically. Problems found while tokenizing are reported as `EdiProblem` values, never raised.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import Literal

__all__ = [
    "DEFAULT_DELIMITERS",
    "PROBLEM_KINDS",
    "SYNTAX4_DELIMITERS",
    "Delimiters",
    "EdiProblem",
    "ProblemKind",
    "Segment",
    "Tokenized",
    "escape",
    "format_segment",
    "service_string_advice",
    "tokenize",
    "unescape",
    "write_segments",
]

# Where a problem takes effect: the whole interchange, one message, wherever it is located (inside a
# message's UNH..UNT span it rejects that message, elsewhere the interchange), or nowhere (warning).
Scope = Literal["interchange", "message", "located", "warning"]


@dataclass(frozen=True, slots=True)
class ProblemKind:
    """One entry of the problem catalogue: a stable code, a title and the scope it rejects."""

    code: str
    title: str
    scope: Scope


PROBLEM_KINDS: dict[str, ProblemKind] = {
    kind.code: kind
    for kind in (
        ProblemKind("edi-junk-before-header", "Characters before UNA/UNB were skipped", "warning"),
        ProblemKind("edi-bad-una", "Service string advice (UNA) is truncated or invalid", "interchange"),
        ProblemKind("edi-missing-unb", "Interchange header (UNB) is missing", "interchange"),
        ProblemKind("edi-missing-unz", "Interchange trailer (UNZ) is missing", "interchange"),
        ProblemKind("edi-interchange-ref-mismatch", "UNZ control reference differs from UNB", "interchange"),
        ProblemKind(
            "edi-message-count-mismatch", "UNZ count differs from the messages or groups", "interchange"
        ),
        ProblemKind("edi-unsupported-syntax", "Syntax identifier or version not supported", "interchange"),
        ProblemKind("edi-missing-une", "Group trailer (UNE) is missing", "interchange"),
        ProblemKind("edi-group-ref-mismatch", "UNE group reference differs from UNG", "interchange"),
        ProblemKind("edi-group-count-mismatch", "UNE count differs from the messages", "interchange"),
        ProblemKind("edi-groups-mixed", "Groups and ungrouped messages are mixed", "interchange"),
        ProblemKind(
            "edi-segment-outside-message", "Segment outside any message, or after UNZ", "interchange"
        ),
        ProblemKind("edi-missing-unt", "Message trailer (UNT) is missing", "message"),
        ProblemKind("edi-segment-count-mismatch", "UNT segment count is wrong", "message"),
        ProblemKind("edi-message-ref-mismatch", "UNT message reference differs from UNH", "message"),
        ProblemKind(
            "edi-duplicate-message-ref", "Message reference used twice in the interchange", "message"
        ),
        ProblemKind("edi-missing-data-element", "Mandatory service data element is empty", "located"),
        ProblemKind("edi-unterminated-segment", "Segment terminator is missing", "located"),
        ProblemKind("edi-syntax-error", "Text cannot be read under ISO 9735", "located"),
        ProblemKind("edi-invalid-segment-tag", "Segment tag is not three upper-case characters", "located"),
    )
}


@dataclass(frozen=True, slots=True)
class EdiProblem:
    """A problem found in an interchange.

    `segment_position` is the 1-based position of the segment in the interchange (UNB is 1; UNA is a
    service string advice, not a segment). `element` names the service data element, e.g. ``0020``.
    """

    code: str
    detail: str
    message_ref: str | None = None
    segment_position: int | None = None
    segment_tag: str | None = None
    element: str | None = None

    @property
    def kind(self) -> ProblemKind:
        return PROBLEM_KINDS[self.code]

    @property
    def is_warning(self) -> bool:
        return self.kind.scope == "warning"


@dataclass(frozen=True, slots=True)
class Delimiters:
    """The six service characters of a UNA advice; a space repetition or release means 'not used'."""

    component: str = ":"
    element: str = "+"
    decimal: str = "."
    release: str = "?"
    repetition: str = " "
    terminator: str = "'"

    @classmethod
    def from_advice(cls, advice: str) -> Delimiters:
        """Delimiters from the six characters following ``UNA``."""
        if len(advice) != 6:
            raise ValueError(f"service string advice needs 6 characters, got {len(advice)}")
        return cls(*advice)

    @property
    def advice(self) -> str:
        return self.component + self.element + self.decimal + self.release + self.repetition + self.terminator

    @property
    def una(self) -> str:
        return "UNA" + self.advice

    def check(self) -> list[str]:
        """Reasons these characters cannot delimit an interchange (empty when they can)."""
        reasons: list[str] = []
        named = {
            "component separator": self.component,
            "element separator": self.element,
            "decimal mark": self.decimal,
            "release character": self.release,
            "repetition separator": self.repetition,
            "segment terminator": self.terminator,
        }
        for name, char in named.items():
            if len(char) != 1:
                reasons.append(f"{name} must be one character")
        if reasons:
            return reasons
        if self.decimal not in ".,":
            reasons.append(f"decimal mark {self.decimal!r} is neither '.' nor ','")
        in_use: dict[str, str] = {}
        for name, char in named.items():
            if name == "decimal mark":
                continue
            optional = name in ("release character", "repetition separator")
            if char == " " and optional:
                continue
            if char == " " or char.isalnum():
                reasons.append(f"{name} {char!r} cannot be a letter, digit or space")
            elif char in in_use:
                reasons.append(f"{name} {char!r} is also the {in_use[char]}")
            elif char == self.decimal:
                reasons.append(f"{name} {char!r} is also the decimal mark")
            in_use.setdefault(char, name)
        return reasons


DEFAULT_DELIMITERS = Delimiters()
SYNTAX4_DELIMITERS = Delimiters(repetition="*")


_NO_REPETITIONS: Mapping[int, list[list[str]]] = MappingProxyType({})


class Segment:
    """One segment: its tag and data elements, each a list of components.

    For a data element sent with repetitions (syntax 4), `elements[i]` holds the first occurrence and
    `repetitions[i]` every occurrence in order. `position` (1-based, UNB is 1) and `offset` (character
    offset of the tag in the text) locate the segment and take no part in equality.

    Segments read by `tokenize` split their data elements on first access: checking an envelope or
    skipping messages then costs one split per segment, not one list per component.
    """

    __slots__ = ("_elements", "_raw", "_repetitions", "_separators", "offset", "position", "tag")

    def __init__(
        self,
        tag: str,
        elements: list[list[str]] | None = None,
        position: int = 0,
        offset: int = 0,
        repetitions: dict[int, list[list[str]]] | None = None,
    ) -> None:
        self.tag = tag
        self.position = position
        self.offset = offset
        self._elements: list[list[str]] | None = elements if elements is not None else []
        self._repetitions: dict[int, list[list[str]]] | None = repetitions or None
        self._raw: str | None = None
        self._separators: tuple[str, str] | None = None

    @classmethod
    def _unsplit(
        cls, tag: str, raw: str, element: str, component: str, position: int, offset: int
    ) -> Segment:
        segment = cls.__new__(cls)
        segment.tag = tag
        segment.position = position
        segment.offset = offset
        segment._elements = None
        segment._repetitions = None
        segment._raw = raw
        segment._separators = (element, component)
        return segment

    @property
    def elements(self) -> list[list[str]]:
        elements = self._elements
        if elements is None:
            assert self._raw is not None and self._separators is not None
            element, component = self._separators
            elements = [part.split(component) for part in self._raw.split(element)[1:]]
            self._elements = elements
            self._raw = None
        return elements

    @property
    def repetitions(self) -> Mapping[int, list[list[str]]]:
        return self._repetitions or _NO_REPETITIONS

    def occurrences(self, index: int) -> list[list[str]]:
        """Every occurrence of the data element at 0-based `index` (one unless repeated)."""
        if self._repetitions and index in self._repetitions:
            return self._repetitions[index]
        elements = self.elements
        return [elements[index]] if index < len(elements) else []

    def get(self, index: int, component: int = 0, default: str = "") -> str:
        """Component `component` of data element `index` (both 0-based), or `default` when absent."""
        elements = self._elements
        if elements is None:
            elements = self.elements
        if index < len(elements):
            components = elements[index]
            if component < len(components):
                return components[component]
        return default

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Segment):
            return NotImplemented
        return (
            self.tag == other.tag
            and self.elements == other.elements
            and self.repetitions == other.repetitions
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        extra = f", repetitions={self._repetitions!r}" if self._repetitions else ""
        return (
            f"Segment(tag={self.tag!r}, elements={self.elements!r}, position={self.position}, "
            f"offset={self.offset}{extra})"
        )


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
def _unescape_pattern(release: str) -> re.Pattern[str]:
    return re.compile(re.escape(release) + "(.)", re.DOTALL)


@lru_cache(maxsize=32)
def _escape_table(delimiters: Delimiters) -> dict[int, str]:
    release = delimiters.release
    if release == " ":
        return {}
    specials = [delimiters.release, delimiters.component, delimiters.element, delimiters.terminator]
    if delimiters.repetition != " ":
        specials.append(delimiters.repetition)
    return {ord(char): release + char for char in specials if char != " "}


@lru_cache(maxsize=32)
def _unterminated_pattern(delimiters: Delimiters) -> re.Pattern[str]:
    # A line break followed by something shaped like a segment start means a terminator was lost.
    follow = re.escape(delimiters.element) + "|" + re.escape(delimiters.terminator)
    return re.compile(r"[\r\n][ \t\r\n]*[A-Z][A-Z0-9]{2}(?:" + follow + ")")


def unescape(value: str, release: str) -> str:
    """Resolve release characters: each release character stands for the character after it."""
    if release == " " or release not in value:
        return value
    return _unescape_pattern(release).sub(r"\1", value)


def escape(value: str, delimiters: Delimiters = DEFAULT_DELIMITERS) -> str:
    """Prefix every service character in `value` with the release character."""
    if delimiters.release == " ":
        for char in (delimiters.component, delimiters.element, delimiters.terminator, delimiters.repetition):
            if char != " " and char in value:
                raise ValueError(f"{value!r} holds {char!r} and no release character is in use")
        return value
    return value.translate(_escape_table(delimiters))


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
    """Pause the cyclic garbage collector: tokenizing and mapping allocate millions of objects without
    reference cycles, and the collector would rescan them again and again for nothing."""
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


def format_segment(segment: Segment, delimiters: Delimiters = DEFAULT_DELIMITERS) -> str:
    """One segment as text, terminator included, with every value escaped."""
    table = _escape_table(delimiters)
    component = delimiters.component
    repetition = delimiters.repetition
    if delimiters.release == " ":
        # Without a release character the values must not need escaping at all.
        for occurrence in (o for i in range(len(segment.elements)) for o in segment.occurrences(i)):
            for value in occurrence:
                escape(value, delimiters)
    parts = [segment.tag]
    for index, components in enumerate(segment.elements):
        repeated = segment.repetitions.get(index) if segment.repetitions else None
        if repeated is None:
            parts.append(component.join([value.translate(table) for value in components]))
            continue
        if repetition == " ":
            raise ValueError(f"{segment.tag}: repeated data element but no repetition separator in use")
        parts.append(
            repetition.join(
                component.join([value.translate(table) for value in occurrence]) for occurrence in repeated
            )
        )
    return delimiters.element.join(parts) + delimiters.terminator


def write_segments(
    segments: Iterable[Segment],
    delimiters: Delimiters = DEFAULT_DELIMITERS,
    una: bool = True,
    newline: bool = True,
) -> str:
    """Interchange text for `segments`, optionally preceded by a UNA and with a line break per segment."""
    end = "\n" if newline else ""
    body = end.join(format_segment(segment, delimiters) for segment in segments)
    head = delimiters.una + end if una else ""
    return head + body + end
