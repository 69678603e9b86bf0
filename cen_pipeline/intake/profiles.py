"""Feed profiles: one declarative TOML file per national format, so a new format needs no code.

A profile says how to read a file (encoding, delimiter, decimal mark, date format, sheet) and how to map it
onto the record: column renames (one column may feed several fields), value maps from national codes to the
canonical lists (with a default for unlisted values), constants, defaults for empty cells, fields composed of
columns and the row number, country names resolved to codes, and units converted with a factor.
Profiles live in `ingest/` of the checkout and ship inside the wheel; `ingest/README.md` documents each power.
"""

from __future__ import annotations

import re
import string
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from cen_pipeline.contract.codelists import codelist
from cen_pipeline.contract.models import FEED_FIELDS, rule_of
from cen_pipeline.contract.value_rules import Text
from cen_pipeline.core.assets import asset_dir

ENCODINGS = ("utf-8", "utf-16", "windows-1252", "latin-1")
# In a value map, the key that stands for every non-empty value the map does not list.
ANY_OTHER = "*"
# In a composed field, the placeholder of the spreadsheet row number.
ROW = "row"
# strftime directives a profile's date format may use, and the regex each stands for.
_DATE_PARTS = {"%Y": r"(?P<y>\d{4})", "%m": r"(?P<m>\d{1,2})", "%d": r"(?P<d>\d{1,2})"}


class ProfileError(ValueError):
    """A profile file is missing or says something the reader cannot do."""


@dataclass(frozen=True)
class Conversion:
    """A national unit's canonical unit and the factor its quantities are multiplied by (g -> kg: 0.001)."""

    unit: str
    factor: Decimal
    refuse: bool = False  # a quantity its conversion cannot store within 0.5% is refused, not warned of


def _placeholders(template: str) -> list[str]:
    return [name for part, _ in template_parts(template) for name in _names_in(part)]


def _names_in(part: str) -> list[str]:
    return [name for _, name, _, _ in string.Formatter().parse(part) if name is not None]


# In a composed field, a part in square brackets is optional: left out where a column it names is empty or absent.
_OPTIONAL_PART = re.compile(r"\[([^\[\]]*)\]")


def template_parts(template: str) -> list[tuple[str, bool]]:
    """A composed field's template as (part, optional) pairs, in order."""
    parts: list[tuple[str, bool]] = []
    position = 0
    for m in _OPTIONAL_PART.finditer(template):
        if m.start() > position:
            parts.append((template[position : m.start()], False))
        parts.append((m.group(1), True))
        position = m.end()
    if position < len(template):
        parts.append((template[position:], False))
    return parts


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
    columns: dict[str, str | list[str]] = field(default_factory=dict)  # source heading -> record field(s)
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # field -> national code -> canonical
    # field -> heading of a second column -> its value -> national code -> canonical: a map that holds where the
    # second column says so (Air is air_passenger where the hiding place is Luggage), before `values`.
    values_by: dict[str, dict[str, dict[str, dict[str, str]]]] = field(default_factory=dict)
    constants: dict[str, str] = field(default_factory=dict)  # field -> value for every row
    defaults: dict[str, str] = field(default_factory=dict)  # field -> value where its cell is empty
    compose: dict[str, str] = field(default_factory=dict)  # field -> template of "{Heading}" and "{row}"
    country_names: list[str] = field(default_factory=list)  # fields whose cells may name a country
    units: dict[str, Conversion] = field(default_factory=dict)  # national unit -> canonical unit and factor
    # Free-text fields whose over-long text is stored cut to the contract's length, with a warning, not refused.
    cut_long_text: list[str] = field(default_factory=list)
    # The Member's own recurring terms that the personal-data guard is not to read as personal data (an office
    # named after a person, a vessel's name): each is set aside, in any case, before the text is screened.
    allowed_terms: tuple[str, ...] = ()
    source: str = ""

    def fields_for(self, heading: str) -> list[str]:
        """The record fields a source heading feeds (canonical names always feed themselves)."""
        key = heading.strip().casefold()
        for source, target in self.columns.items():
            if source.strip().casefold() == key:
                return [target] if isinstance(target, str) else list(target)
        return [key] if key in FEED_FIELDS else []

    def given(self, name: str) -> bool:
        """Whether the profile itself gives field `name` a value on every row, with or without a column."""
        return name in self.constants or name in self.compose

    def composed_headings(self, name: str, required: bool = False) -> list[str]:
        """The source headings the template of composed field `name` reads (only outside its optional parts,
        with `required`)."""
        parts = template_parts(self.compose[name])
        return [
            h for part, optional in parts if not (required and optional) for h in _names_in(part) if h != ROW
        ]

    def uses_row(self) -> bool:
        """Whether a composed field reads the row number, which the file must then be numbered for."""
        return any(ROW in _placeholders(t) for t in self.compose.values())

    def unit_factor(self, unit: str) -> Conversion | None:
        """The conversion of a national unit as sent (any case, outer spaces ignored)."""
        key = unit.strip().casefold()
        return next((c for u, c in self.units.items() if u.strip().casefold() == key), None)

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
    if not isinstance(profile.delimiter, str) or len(profile.delimiter) != 1 or profile.delimiter in '\r\n"':
        raise ProfileError(
            f"profile {profile.name}: delimiter must be one character other than a quote or a line break, "
            f"not {profile.delimiter!r}"
        )
    if profile.decimal_mark not in (".", ","):
        raise ProfileError(f"profile {profile.name}: decimal_mark must be '.' or ','")
    if not all(d in profile.date_format for d in _DATE_PARTS):
        raise ProfileError(f"profile {profile.name}: date_format needs %Y, %m and %d")
    mapped = [f for t in profile.columns.values() for f in ([t] if isinstance(t, str) else t)]
    named = [
        *mapped,
        *profile.values,
        *profile.values_by,
        *profile.constants,
        *profile.defaults,
        *profile.compose,
    ]
    for name, by in profile.values_by.items():
        for heading, cases in by.items():
            if not isinstance(cases, dict) or not all(
                isinstance(m, dict) and all(isinstance(v, str) for v in m.values()) for m in cases.values()
            ):
                raise ProfileError(
                    f'profile {profile.name}: values_by.{name}."{heading}" must map a value of that column to '
                    '{ "national code" = "canonical code" }'
                )
    unknown = [f for f in [*named, *profile.country_names, *profile.cut_long_text] if f not in FEED_FIELDS]
    if unknown:
        raise ProfileError(f"profile {profile.name}: no record field named {', '.join(sorted(set(unknown)))}")
    for name in profile.cut_long_text:
        if name in FEED_FIELDS and not isinstance(rule_of(name), Text):
            raise ProfileError(f"profile {profile.name}: cut_long_text: {name} is not a free-text field")
    for name, template in profile.compose.items():
        try:
            _placeholders(template)
        except ValueError as err:
            raise ProfileError(f"profile {profile.name}: compose.{name}: {err}") from None
        if name in profile.constants:
            raise ProfileError(f"profile {profile.name}: {name} is both a constant and composed")
    units = set(codelist("unit").codes)
    for national, conversion in profile.units.items():
        if conversion.unit not in units:
            raise ProfileError(
                f"profile {profile.name}: units.{national}: {conversion.unit!r} is not a unit of the code list"
            )
    return profile


def _conversions(path: Path, data: dict[str, Any]) -> dict[str, Conversion]:
    out = {}
    for national, spec in data.items():
        if not isinstance(spec, dict) or set(spec) - {"unit", "factor", "inexact"} or "unit" not in spec:
            raise ProfileError(f'{path}: units.{national} must be {{unit = "kg", factor = 0.001}}')
        if spec.get("inexact", "warn") not in ("warn", "refuse"):
            raise ProfileError(f'{path}: units.{national}: inexact must be "warn" or "refuse"')
        try:
            factor = Decimal(str(spec.get("factor", 1)))
        except InvalidOperation:
            raise ProfileError(f"{path}: units.{national}: factor must be a number") from None
        if not factor > 0:
            raise ProfileError(f"{path}: units.{national}: factor must be above 0")
        out[national] = Conversion(str(spec["unit"]), factor, spec.get("inexact") == "refuse")
    return out


def load_profile(name_or_path: str) -> Profile:
    """A profile by name (a file in `ingest/`) or by path to a TOML file."""
    path = Path(name_or_path)
    if not path.suffix:
        # A name is one of the shipped profiles, never a way out of their folder (../../x).
        if name_or_path not in profile_names():
            raise ProfileError(f"no feed profile {name_or_path!r} (known: {', '.join(profile_names())})")
        path = asset_dir("ingest") / f"{name_or_path}.toml"
    elif path.suffix.lower() != ".toml":
        raise ProfileError(f"{name_or_path}: a feed profile is a .toml file")
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
    data["units"] = _conversions(path, data.get("units", {}))
    terms = data.get("allowed_terms", [])
    if not isinstance(terms, list) or not all(isinstance(t, str) and len(t.strip()) >= 3 for t in terms):
        raise ProfileError(f"{path}: allowed_terms must be a list of texts of three characters or more")
    data["allowed_terms"] = tuple(t.strip() for t in terms)
    return _check(Profile(**data, source=str(path)))


def profile_names() -> list[str]:
    return sorted(p.stem for p in asset_dir("ingest").glob("*.toml"))


def default_profile(path: Path) -> Profile:
    """The profile used when none is named: the canonical one for the file's kind."""
    return load_profile("canonical-xlsx" if path.suffix.lower() == ".xlsx" else "canonical")
