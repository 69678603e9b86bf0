"""The `cen` command: a thin layer over the library (parse options, call, render, choose the exit code).

Exit codes: 0 ok, 1 invalid data, 2 usage error, 3 unreadable input, 4 internal error.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import sys
from typing import Annotated, NoReturn

import typer

from cen_pipeline import __version__
from cen_pipeline.cli.common import fail
from cen_pipeline.core.errors import (
    EXIT_INTERNAL,
    EXIT_OK,
    EXIT_UNREADABLE,
    EXIT_USAGE,
    UsageError,
)

EXIT_CODES_HELP = (
    "Exit codes: 0 ok, 1 invalid data, 2 usage error, 3 unreadable input (missing file, undecodable bytes, "
    "not a spreadsheet), 4 internal error."
)

app = typer.Typer(
    name="cen",
    help="Validate, store, check, analyse and report non-nominal IPR seizure data (WCO CEN style).\n\n"
    + EXIT_CODES_HELP,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cen-pipeline {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Validate, store, check, analyse and report non-nominal IPR seizure data."""


def _register_stages() -> None:
    """The command groups, in the order of the pipeline's stages."""
    from cen_pipeline.cli import intake, store
    from cen_pipeline.cli.alerts import register as register_alerts
    from cen_pipeline.cli.quality import register as register_quality
    from cen_pipeline.cli.report import register as register_report
    from cen_pipeline.cli.service import register as register_service
    from cen_pipeline.cli.trends import register as register_trends

    intake.register(app)
    store.register(app)
    register_trends(app)
    register_quality(app)
    register_alerts(app)
    register_report(app)
    register_service(app)


_register_stages()


def main() -> None:
    """Entry point: runs the app and turns failures into documented exit codes, never a traceback."""
    try:
        _run()
    except SystemExit as done:
        _leave(done.code)


def _leave(code: object) -> NoReturn:
    """End the process with the exit status `code` once its output is out, without tearing the interpreter
    down: unloading what GX and pandas load takes over a second after the work is done. Nothing here needs
    it: the commands close their stores and files themselves, and the exit handlers run first."""
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)
    status = 0 if code is None else code if isinstance(code, int) else 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):  # a reader that went away (`cen ... | head`) loses nothing more
            stream.flush()
    os._exit(status)


def _run() -> None:
    import duckdb

    from cen_pipeline.core.duck import memory_limit_mb
    from cen_pipeline.core.errors import UnreadableInput
    from cen_pipeline.core.output import OutputRefused
    from cen_pipeline.intake.profiles import ProfileError
    from cen_pipeline.store.db import StoreBusy, StoreMissing

    try:
        app()  # exits itself: 0, the command's code, or 2 for a usage error found by the parser
    except (UsageError, ProfileError, OutputRefused) as err:
        fail(EXIT_USAGE, str(err))
    except UnreadableInput as err:
        fail(EXIT_UNREADABLE, f"cannot read {err.path}: {err.reason}")
    except (StoreBusy, StoreMissing) as err:
        fail(EXIT_UNREADABLE, str(err))
    except OSError as err:
        if err.filename is None:
            _internal(err)
        # Inputs that cannot be read are said by the readers; what is left is a path given for output (a
        # folder that cannot be made, a file where a folder should be, no permission).
        fail(EXIT_USAGE, f"cannot use {err.filename}: {err.strerror}")
    except duckdb.OutOfMemoryException:
        # The store is as it was before the file that ran out: its transaction was rolled back.
        fail(
            EXIT_INTERNAL,
            f"out of memory: DuckDB needed more than its {memory_limit_mb()} MB; "
            "set CEN_MEMORY_LIMIT higher (e.g. CEN_MEMORY_LIMIT=2GB) and run the command again",
        )
    except KeyboardInterrupt:
        fail(EXIT_INTERNAL, "interrupted")
    except Exception as err:
        _internal(err)


def _internal(err: Exception) -> NoReturn:
    from cen_pipeline.core.settings import settings

    if settings().debug:
        raise err
    fail(EXIT_INTERNAL, f"internal error ({type(err).__name__}: {err}); set CEN_DEBUG=1 for details")
