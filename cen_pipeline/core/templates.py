"""The Jinja environment over the report templates in `reports/`."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from cen_pipeline.core.assets import asset_dir

if TYPE_CHECKING:
    import jinja2


@cache
def environment() -> jinja2.Environment:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(asset_dir("reports"))),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
