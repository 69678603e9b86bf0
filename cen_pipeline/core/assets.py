"""Where the declarative assets are: inside the installed wheel, or at the top of a checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parents[1]


def asset_dir(name: str) -> Path:
    """The folder `name` (schemas, ingest, transforms, reports): shipped in the wheel, else the checkout's."""
    shipped = _PACKAGE / "_assets" / name
    if shipped.is_dir():
        return shipped
    return _PACKAGE.parent / name
