"""The quick reader of clean interchanges: feed rows straight from the segment texts, in one pass.

The reference reader (`cen_pipeline.intake.edi.feed`) tokenizes every segment into an object, splits the
envelope, then maps each message; for a hundred thousand goods lines that is one and a half million
segment objects built and walked three times. Most interchanges have no problem at all, and for those
`read_clean` does the same work in one pass over the segment texts: released service characters are
replaced by stand-ins so that a plain split is right, each distinct segment text is decoded once (by the
same `_decode` as the reference mapper) and only the service segments (UNB, UNG, UNH, UNT, UNE, UNZ)
become objects, for the envelope checks of the reference code.

At the first sign of anything the reference reader would report (junk before the header, a release
character before an ordinary character, a repetition separator in use, an empty segment, a bad tag, a
lost terminator, an envelope problem, an unknown segment or qualifier, a missing or repeated segment, a
message function or date format not allowed) `read_clean` gives up and returns None, and the reference
reader reads the file and reports every problem. On a clean interchange both give the same rows, row
labels and messages (a test holds them in step).
"""

from __future__ import annotations

from pathlib import Path

from cen_pipeline.contract.models import CASE_FIELDS, FEED_FIELDS, LINE_FIELDS
from cen_pipeline.intake.edi.definition import (
    MESSAGE_RELEASE,
    MESSAGE_TYPE,
    MESSAGE_VERSION,
    SEGMENT_RULES,
    Level,
)
from cen_pipeline.intake.edi.envelope import split_interchange
from cen_pipeline.intake.edi.feed import DROPPED_SEGMENT, EdiFeed, MessageOutcome
from cen_pipeline.intake.edi.mapping import (
    _ACTION,
    _CASE_JOINS,
    _CASE_MANDATORY,
    _LINE_JOINS,
    _LINE_MANDATORY,
    _MAX_USE,
    _WITHDRAWAL_MANDATORY,
    _decode,
    _Decoded,
)
from cen_pipeline.intake.edi.segments import Delimiters, Segment
from cen_pipeline.intake.edi.syntax import (
    _TAG,
    Tokenized,
    _unterminated_pattern,
    collector_paused,
    service_string_advice,
)

__all__ = ["read_clean"]

_SERVICE_TAGS = frozenset({"UNB", "UNG", "UNH", "UNT", "UNE", "UNZ"})
# The rule of LIN, which opens a goods line.
_LIN_RULE = next(number for number, rule in enumerate(SEGMENT_RULES) if rule.tag == "LIN")
_WHITESPACE = " \t\r\n"
# Stand-ins for released (escaped) service characters: private-use characters, put back in every value.
_STAND_INS = ("\ue000", "\ue001", "\ue002", "\ue003", "\ue004")


class _Unclean(Exception):
    """The interchange has something the reference reader would report: let it read the file."""


def _released(text: str, delimiters: Delimiters) -> tuple[str, dict[str, str]]:
    """`text` with each released service character replaced by a stand-in, and the stand-ins to put back."""
    if any(stand_in in text for stand_in in _STAND_INS):
        raise _Unclean
    repetition = "" if delimiters.repetition == " " else delimiters.repetition
    if repetition and repetition in text:
        raise _Unclean  # repeated data elements: the reference reader splits them
    release = "" if delimiters.release == " " else delimiters.release
    if not release or release not in text:
        return text, {}
    specials = [release, delimiters.terminator, delimiters.element, delimiters.component]
    back: dict[str, str] = {}
    # The release character itself first: "??'" is a released "?" and then a real terminator.
    for char, stand_in in zip(specials, _STAND_INS, strict=False):
        if release + char in text:
            text = text.replace(release + char, stand_in)
            back[stand_in] = char
    if release in text:
        raise _Unclean  # a release character before an ordinary character
    return text, back


# A segment text decoded: its rule number, the values it sets and the values it adds to a list field.
_Quick = tuple[int, tuple[tuple[int, str | None], ...], tuple[tuple[int, str], ...]]


def _quick(decoded: _Decoded, back: dict[str, str]) -> _Quick:
    """A decoded segment with its stand-ins put back, its assignments split into sets and appends."""
    number, assignments, _ = decoded
    sets: list[tuple[int, str | None]] = []
    appends: list[tuple[int, str]] = []
    for at, value, accumulate in assignments:
        if value is not None:
            for stand_in, char in back.items():
                value = value.replace(stand_in, char)
        if accumulate:
            assert value is not None
            appends.append((at, value))
        else:
            sets.append((at, value))
    return number, tuple(sets), tuple(appends)


class _Reader:
    """One pass over the segment texts: envelope segments kept, message bodies mapped to rows."""

    def __init__(self, delimiters: Delimiters, back: dict[str, str]) -> None:
        self.delimiters = delimiters
        self.back = back
        self.caches: dict[Level, dict[str, _Quick]] = {"case": {}, "line": {}}
        self.unterminated = _unterminated_pattern(delimiters)
        self.services: list[Segment] = []
        self.rows: list[list[str | None]] = []
        self.labels: list[str] = []
        self.counts: list[int] = []

    def decode(self, raw: str, level: Level, position: int) -> _Quick:
        """Decode a segment text not met before at `level`, checking it as the tokenizer would."""
        delimiters = self.delimiters
        cut = raw.find(delimiters.element)
        tag = raw if cut < 0 else raw[:cut]
        if not _TAG.fullmatch(tag):
            raise _Unclean
        if ("\n" in raw or "\r" in raw) and self.unterminated.search(raw):
            raise _Unclean
        segment = Segment._unsplit(tag, raw, delimiters.element, delimiters.component, position, 0)
        decoded = _decode(segment, level)
        if decoded[2] is not None or decoded[0] < 0:
            raise _Unclean
        quick = _quick(decoded, self.back)
        self.caches[level][raw] = quick
        return quick

    def service(self, raw: str, position: int) -> Segment:
        delimiters = self.delimiters
        cut = raw.find(delimiters.element)
        tag = raw if cut < 0 else raw[:cut]
        if any(stand_in in raw for stand_in in self.back):
            raise _Unclean
        if ("\n" in raw or "\r" in raw) and self.unterminated.search(raw):
            raise _Unclean
        segment = Segment._unsplit(tag, raw, delimiters.element, delimiters.component, position, 0)
        self.services.append(segment)
        return segment

    def read(self, pieces: list[str]) -> None:
        """Every segment text in order (the empty text after the last terminator excluded)."""
        index = 0
        count = len(pieces)
        while index < count:
            raw = pieces[index]
            if raw[:1] in _WHITESPACE:
                raw = raw.lstrip(_WHITESPACE)
                if not raw:
                    raise _Unclean
            tag = raw[:3]
            if tag in _SERVICE_TAGS and (len(raw) == 3 or raw[3] == self.delimiters.element):
                header = self.service(raw, index + 1)
                index += 1
                if tag == "UNH":
                    index = self.message(pieces, index, header)
                continue
            raise _Unclean  # a segment outside any message

    def message(self, pieces: list[str], index: int, header: Segment) -> int:
        """Map the body of the message `header` opens; gives the index of its UNT."""
        if (header.get(1, 0), header.get(1, 1), header.get(1, 2)) != (
            MESSAGE_TYPE,
            MESSAGE_VERSION,
            MESSAGE_RELEASE,
        ):
            raise _Unclean
        element = self.delimiters.element
        n_case, n_line, n_rules = len(CASE_FIELDS), len(LINE_FIELDS), len(SEGMENT_RULES)
        case: list[str | None] = [None] * n_case
        case_lists: dict[int, list[str]] = {}
        case_counts = [0] * n_rules
        groups: list[tuple[int, list[str | None], dict[int, list[str]], list[int]]] = []
        values, lists, counts = case, case_lists, case_counts
        level: Level = "case"
        cache = self.caches[level]
        max_use = _MAX_USE
        bgm_position = 0
        count = len(pieces)
        while True:
            if index >= count:
                raise _Unclean  # the message has no UNT
            raw = pieces[index].lstrip(_WHITESPACE)
            index += 1
            decoded = cache.get(raw)
            if decoded is None:
                # Not met before at this level: the message's end, the first goods line, or a new text.
                tag = raw[:3]
                if tag in _SERVICE_TAGS:
                    if tag == "UNT" and (len(raw) == 3 or raw[3] == element):
                        self.service(raw, index)
                        break
                    raise _Unclean  # the message ends without UNT, or a tag merely starts like one
                if not raw:
                    raise _Unclean
                if level == "case" and tag == "LIN" and (len(raw) == 3 or raw[3] == element):
                    level = "line"
                    cache = self.caches[level]
                    decoded = cache.get(raw)
                if decoded is None:
                    decoded = self.decode(raw, level, index)
            number, sets, appends = decoded
            if number == _LIN_RULE:
                values, lists, counts = [None] * n_line, {}, [0] * n_rules
                groups.append((index - header.position + 1, values, lists, counts))
            elif number == 0:
                bgm_position = index - header.position + 1
            counts[number] += 1
            if counts[number] > max_use[number]:
                raise _Unclean
            for at, value in sets:
                values[at] = value
            for at, value in appends:
                if at in lists:
                    lists[at].append(value)
                else:
                    lists[at] = [value]

        withdrawal = case[_ACTION] == "withdraw"
        for number, _rule in _WITHDRAWAL_MANDATORY if withdrawal else _CASE_MANDATORY:
            if not case_counts[number]:
                raise _Unclean
        if not groups and not withdrawal:
            raise _Unclean
        for at, joiner in _CASE_JOINS:
            if at in case_lists:
                case[at] = joiner.join(case_lists[at]) or None
        prefix = f"message {header.get(0)} segment "
        for place, line, line_lists, line_counts in groups:
            if not withdrawal:
                for number, _rule in _LINE_MANDATORY:
                    if not line_counts[number]:
                        raise _Unclean
            if line_lists:
                for at, joiner in _LINE_JOINS:
                    if at in line_lists:
                        line[at] = joiner.join(line_lists[at]) or None
            self.rows.append(case + line)
            self.labels.append(prefix + str(place))
        if not groups:
            self.rows.append(case + [None] * n_line)
            self.labels.append(prefix + str(bgm_position or 1))
        self.counts.append(max(len(groups), 1))
        return index


def read_clean(text: str, path: Path | None = None) -> EdiFeed | None:
    """The interchange as feed rows when it is clean, else None (see the module's description)."""
    with collector_paused():
        try:
            return _read(text, path)
        except _Unclean:
            return None


def _read(text: str, path: Path | None) -> EdiFeed:
    start, pos, delimiters, una, problems = service_string_advice(text)
    if problems:
        raise _Unclean
    body, back = _released(text[pos:], delimiters)
    pieces = body.split(delimiters.terminator)
    if pieces[-1].strip(_WHITESPACE):
        raise _Unclean  # text after the last terminator
    pieces.pop()
    reader = _Reader(delimiters, back)
    reader.read(pieces)

    # The envelope, checked by the reference code over the service segments; the body segments are
    # stand-ins, as the reference reader leaves them once it has taken their rows.
    segments: list[Segment] = [DROPPED_SEGMENT] * len(pieces)
    for segment in reader.services:
        segments[segment.position - 1] = segment
    interchange = split_interchange(Tokenized(segments, delimiters, una, start, []))
    if interchange.all_problems() or len(interchange.messages) != len(reader.counts):
        raise _Unclean
    outcomes = []
    first = 0
    for message, lines in zip(interchange.messages, reader.counts, strict=True):
        outcomes.append(MessageOutcome(message.reference, True, lines, first))
        first += lines
    return EdiFeed(
        path=path or Path("-"),
        interchange=interchange,
        headings=list(FEED_FIELDS),
        rows=reader.rows,
        row_labels=reader.labels,
        problems=[],
        messages=outcomes,
    )
