"""Reading an interchange file: the quick pass for a clean one, the reference reader for anything else."""

from __future__ import annotations

from pathlib import Path

from cen_pipeline.intake.edi.clean import read_clean
from cen_pipeline.intake.edi.feed import EdiFeed, decode_interchange, feed_from_text


def read_edi(path: Path, keep_segments: bool = True) -> EdiFeed:
    """Read an interchange file of CENSEZ messages as feed rows.

    With `keep_segments` False the body segments of each message are let go once mapped (each becomes
    `DROPPED_SEGMENT`, so that segment counts stay right): a large interchange then holds its rows, not
    millions of segment objects, which keeps the rest of the run fast. Envelope, headers, trailers and
    problems are kept, which is all the acknowledgements need.
    """
    text = decode_interchange(path.read_bytes())
    if not keep_segments:
        # A clean interchange is read in one quick pass; anything else by the reference reader, which
        # reports every problem (and keeps the segments when asked to).
        feed = read_clean(text, path)
        if feed is not None:
            return feed
    return feed_from_text(text, path, keep_segments)
