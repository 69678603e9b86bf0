"""UN/EDIFACT (ISO 9735) segments and their service characters: the delimiters of a UNA advice, the
release character's escaping, and segments written as text that the tokenizer reads back identically."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

__all__ = [
    "DEFAULT_DELIMITERS",
    "SYNTAX4_DELIMITERS",
    "Delimiters",
    "Segment",
    "escape",
    "format_segment",
    "unescape",
    "write_segments",
]


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
