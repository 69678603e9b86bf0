"""What the command groups share besides their options: the feed files named, a rendering written, the
acknowledgements said, a failure said with its exit code."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer

if TYPE_CHECKING:
    from cen_pipeline.store.replies import Replies


def echo_replies(replies: Replies) -> None:
    if replies.refused:
        typer.echo(f"cen: no acknowledgement for {replies.subject}: {replies.refused}", err=True)
    for path in replies.files:
        typer.echo(f"written {path}", err=True)


def emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        output.parent.mkdir(parents=True, exist_ok=True)  # as every other command's output
        output.write_text(text, encoding="utf-8")
        typer.echo(f"written {output}", err=True)


def feed_files(paths: list[Path]) -> list[Path]:
    """The files named, and the feed files in the folders named; a folder without any is said, not an error:
    a drop folder is often empty."""
    from cen_pipeline.intake.readers import FEED_SUFFIXES, feed_files

    found: list[Path] = []
    for path in paths:
        files = feed_files(path)
        if not files:
            typer.echo(f"cen: no feed file ({', '.join(FEED_SUFFIXES)}) in the folder {path}", err=True)
        found += files
    return found


def output_file(path: Path | None, force: bool) -> Path | None:
    """The output file named, checked before any work (see `core.output.writable`): a usage error if not."""
    from cen_pipeline.core.errors import EXIT_USAGE
    from cen_pipeline.core.output import OutputRefused, writable

    if path is None:
        return None
    try:
        return writable(path, force)
    except OutputRefused as err:
        fail(EXIT_USAGE, str(err))


def fail(code: int, message: str) -> NoReturn:
    typer.echo(f"cen: {message}", err=True)
    sys.exit(code)
