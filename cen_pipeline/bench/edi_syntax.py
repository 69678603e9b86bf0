"""Throughput of the EDIFACT tokenizer against pydifact's parser, for ``make bench``."""

from __future__ import annotations

import random
import time
import warnings

from cen_pipeline.intake.edi.segments import Segment, format_segment, write_segments
from cen_pipeline.intake.edi.syntax import tokenize

TARGET_BYTES = 20_000_000
SLICE_BYTES = 1_000_000


def generate(target: int = TARGET_BYTES, seed: int = 7) -> str:
    """Seizure-like interchange text of about `target` characters, a tenth of the values escaped."""
    rng = random.Random(seed)
    header = Segment(
        "UNB", [["UNOC", "3"], ["SENDER", "ZZ"], ["RECEIVER", "ZZ"], ["240131", "0915"], ["IC1"]]
    )
    segments = [header]
    size = 0
    number = 0
    while size < target:
        number += 1
        reference = str(number)
        body = [
            Segment("BGM", [["SEZ"], [f"CASE{rng.randrange(10**8)}"], ["9"]]),
            Segment("DTM", [["137", f"2024{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}", "102"]]),
            Segment("LOC", [["22"], [rng.choice(["DEHAM", "NLRTM", "BEANR", "FRLEH"])]]),
            Segment("GIN", [["BN"], [f"ITEM{rng.randrange(10**9)}", "", "EU"]]),
            Segment(
                "FTX",
                [
                    ["AAA"],
                    [""],
                    [""],
                    ["counterfeit bag with 'logo'? x" if rng.random() < 0.1 else "sports shoes"],
                ],
            ),
            Segment("QTY", [["1", str(rng.randint(1, 5000)), "PCE"]]),
            Segment("MOA", [["9", f"{rng.randint(1, 99999)}.{rng.randint(0, 99):02d}", "EUR"]]),
        ]
        message = [
            Segment("UNH", [[reference], ["IPRSEZ", "D", "01B", "UN"]]),
            *body,
            Segment("UNT", [[str(len(body) + 2)], [reference]]),
        ]
        segments += message
        size += sum(len(format_segment(segment)) + 1 for segment in message)
    segments.append(Segment("UNZ", [[str(number)], ["IC1"]]))
    return write_segments(segments)


def _slice(text: str, size: int) -> str:
    """The first `size` characters cut back to a segment boundary, so both parsers read whole segments."""
    cut = text.rfind("'\n", 0, size)
    return text[: cut + 2]


def _rate(chars: int, seconds: float) -> float:
    return chars / 1e6 / seconds


def main(argv: list[str] | None = None) -> None:
    del argv  # the tokenizer's benchmark has a fixed size
    from pydifact.parser import Parser

    text = generate()
    start = time.perf_counter()
    tokens = tokenize(text)
    lazy = time.perf_counter() - start
    start = time.perf_counter()
    for segment in tokens.segments:
        segment.elements  # noqa: B018 - forces the deferred element split
    full = lazy + time.perf_counter() - start
    print(f"generated {len(text) / 1e6:.1f} MB, {len(tokens.segments)} segments")
    print(f"tokenize (segments, elements on demand): {_rate(len(text), lazy):8.1f} MB/s")
    print(f"tokenize + every element split:           {_rate(len(text), full):8.1f} MB/s")
    del tokens

    part = _slice(text, SLICE_BYTES)
    start = time.perf_counter()
    ours = tokenize(part)
    for segment in ours.segments:
        segment.elements  # noqa: B018
    ours_seconds = time.perf_counter() - start
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        start = time.perf_counter()
        theirs = list(Parser().parse(part))
        theirs_seconds = time.perf_counter() - start
    print(f"on a {len(part) / 1e6:.1f} MB slice ({len(ours.segments)} segments, pydifact {len(theirs)}):")
    print(f"  ours, every element split: {_rate(len(part), ours_seconds):8.1f} MB/s")
    print(f"  pydifact Parser:           {_rate(len(part), theirs_seconds):8.2f} MB/s")
    print(f"  ratio:                     {theirs_seconds / ours_seconds:8.0f}x")


if __name__ == "__main__":
    main()
