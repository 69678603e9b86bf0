"""Feed profiles: one declarative TOML file per national format, so a new format needs no code.

A profile says how to read a file (encoding, delimiter, decimal mark, date format, sheet) and how to map it
onto the record (column renames, value maps from national codes to the canonical lists, constants).
Profiles live in `ingest/` of the checkout and ship inside the wheel.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cen_pipeline.contract.models import FEED_FIELDS
from cen_pipeline.core.assets import asset_dir

ENCODINGS = ("utf-8", "utf-16", "windows-1252", "latin-1")
# strftime directives a profile's date format may use, and the regex each stands for.
_DATE_PARTS = {"%Y": r"(?P<y>\d{4})", "%m": r"(?P<m>\d{1,2})", "%d": r"(?P<d>\d{1,2})"}


class ProfileError(ValueError):
    """A profile file is missing or says something the reader cannot do."""


@dataclass(frozen=True)
class Profile:
    name: str
    description: str = ""
    format: str = "csv"  # csv or xlsx
    encoding: str = "utf-8"
    delimiter: str = ","
    quote: str = '"'
    decimal_mark: str = "."
    thousands_separator: str = ""
    date_format: str = "%Y-%m-%d"
    sheet: str | None = None
    columns: dict[str, str] = field(default_factory=dict)  # source heading -> record field
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # field -> national code -> canonical
    constants: dict[str, str] = field(default_factory=dict)  # field -> value for every row
    source: str = ""

    def field_for(self, heading: str) -> str | None:
        """The record field a source heading maps to (canonical names always map to themselves)."""
        key = heading.strip().casefold()
        for source, target in self.columns.items():
            if source.strip().casefold() == key:
                return target
        return key if key in FEED_FIELDS else None

    def date_regex(self) -> str:
        """A regex with named groups y, m and d matching the profile's date format."""
        pattern = re.escape(self.date_format)
        for directive, part in _DATE_PARTS.items():
            pattern = pattern.replace(re.escape(directive), part)
        return pattern


def _check(profile: Profile) -> Profile:
    if profile.format not in ("csv", "xlsx"):
        raise ProfileError(f"profile {profile.name}: format must be csv or xlsx, not {profile.format!r}")
    if profile.encoding not in ENCODINGS:
        raise ProfileError(f"profile {profile.name}: encoding must be one of {', '.join(ENCODINGS)}")
    if profile.decimal_mark not in (".", ","):
        raise ProfileError(f"profile {profile.name}: decimal_mark must be '.' or ','")
    if not all(d in profile.date_format for d in _DATE_PARTS):
        raise ProfileError(f"profile {profile.name}: date_format needs %Y, %m and %d")
    unknown = [
        f for f in [*profile.columns.values(), *profile.values, *profile.constants] if f not in FEED_FIELDS
    ]
    if unknown:
        raise ProfileError(f"profile {profile.name}: no record field named {', '.join(sorted(set(unknown)))}")
    return profile


def load_profile(name_or_path: str) -> Profile:
    """A profile by name (a file in `ingest/`) or by path to a TOML file."""
    path = Path(name_or_path)
    if not path.suffix:
        path = asset_dir("ingest") / f"{name_or_path}.toml"
    if not path.is_file():
        raise ProfileError(f"no feed profile {name_or_path!r} (known: {', '.join(profile_names())})")
    try:
        data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as err:
        raise ProfileError(f"{path}: {err}") from None
    data.setdefault("name", path.stem)
    known = set(Profile.__dataclass_fields__) - {"source"}
    extra = set(data) - known
    if extra:
        raise ProfileError(f"{path}: unknown setting(s) {', '.join(sorted(extra))}")
    return _check(Profile(**data, source=str(path)))


def profile_names() -> list[str]:
    return sorted(p.stem for p in asset_dir("ingest").glob("*.toml"))


def default_profile(path: Path) -> Profile:
    """The profile used when none is named: the canonical one for the file's kind."""
    return load_profile("canonical-xlsx" if path.suffix.lower() == ".xlsx" else "canonical")
