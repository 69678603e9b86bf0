"""The limits one input file is read within (see `core/settings.py`): its heading row, and what an XLSX
workbook inflates to, checked from the archive's directory before anything is inflated."""

from __future__ import annotations

from pathlib import Path

from cen_pipeline.core.errors import UnreadableInput
from cen_pipeline.core.settings import settings


def check_header(path: Path, headings: list[str]) -> None:
    limit = settings().header_chars
    size = sum(len(h) for h in headings)
    if size > limit.value:
        raise UnreadableInput(
            path, f"the header row of {size:,} characters is over the limit of {limit.said()}"
        )


def check_workbook(path: Path) -> None:
    """What the workbook's parts inflate to, by their sizes in the archive's directory (a part is never read
    beyond its stated size), against the limit: a bomb is refused before anything is inflated."""
    import zipfile

    limit = settings().xlsx_inflated_mb
    try:
        with zipfile.ZipFile(path) as archive:
            inflated = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        return  # not a ZIP archive: openpyxl says so
    if inflated > limit.value * 10**6:
        raise UnreadableInput(
            path, f"the workbook inflates to {inflated / 10**6:,.0f} MB, over the limit of {limit.said()}"
        )
