"""National units converted to the contract's: the quantity a row stores, and what the checks say of it.

A quantity sent in a unit the profile converts is read as the contract reads any number (at most 4 places,
or a spreadsheet's rendering of such a number), multiplied exactly by the unit's factor, then rounded to the
contract's 4 places. A positive quantity is never stored as 0: below 0.00005 it is stored as 0.0001, the
smallest the contract holds. Where the stored value is off the exact conversion by more than
`TOLERANCE`, the row carries the warning `conversion-rounded` naming both values, or is refused with
`conversion-inexact` where the profile's unit says `inexact = "refuse"`. A spreadsheet's rendering in the
sent cell keeps its warning `number-rounded`, as it has without a conversion.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cen_pipeline.contract.sql import sql_str
from cen_pipeline.contract.value_rules import NUMBER_PATTERN, sql_float_artefact
from cen_pipeline.intake.profiles import Conversion, Profile

# How far (relative) the stored value may be from the exact conversion without a word.
TOLERANCE = "0.005"
SMALLEST = "0.0001"


def plain_number(expr: str, profile: Profile, decimals: bool) -> str:
    """A number in the profile's national form as the contract writes it: no thousands separator (removed
    first, since it may be the point), a point as decimal mark."""
    if profile.thousands_separator:
        expr = f"replace({expr}, {sql_str(profile.thousands_separator)}, '')"
    if profile.decimal_mark == "," and decimals:
        expr = f"replace({expr}, ',', '.')"
    return expr


def _readable(number: str) -> str:
    return f"(regexp_full_match({number}, '{NUMBER_PATTERN}') OR {sql_float_artefact(number)})"


def _exact(number: str, conversion: Conversion) -> str:
    # 14 digits and 12 places hold any readable number (an artefact is cut at 12 places, below what it means).
    return f"(TRY_CAST({number} AS DECIMAL(26,12)) * {format(conversion.factor, 'f')})"


def _stored(exact: str) -> str:
    rounded = f"CAST({exact} AS DECIMAL(18,4))"
    return f"(CASE WHEN {exact} > 0 AND {rounded} = 0 THEN {SMALLEST} ELSE {rounded} END)"


def _off(exact: str) -> str:
    return f"({exact} > 0 AND abs({_stored(exact)} - {exact}) > {TOLERANCE} * {exact})"


def _by_unit(unit: str, profile: Profile, value: Callable[[Conversion], str], otherwise: str) -> str:
    """A CASE over the row's unit as sent, with `value(conversion)` for each unit the profile converts."""
    whens = " ".join(
        f"WHEN {sql_str(national.strip().casefold())} THEN {value(conversion)}"
        for national, conversion in profile.units.items()
    )
    return f"CASE lower({unit}) {whens} ELSE {otherwise} END"


def converted(name: str, expr: str, cell: str, unit: str, profile: Profile) -> str:
    """The quantity or unit of a line whose national unit the profile converts. A quantity that is not a
    number the contract reads stays as sent, so that its error names what the Member wrote."""
    if name == "unit":
        return _by_unit(unit, profile, lambda c: sql_str(c.unit), expr)
    number = plain_number(cell, profile, decimals=True)

    def value(conversion: Conversion) -> str:
        stored = f"regexp_replace(regexp_replace({_stored(_exact(number, conversion))}::VARCHAR, '0+$', ''), '[.]$', '')"
        return f"CASE WHEN {_readable(number)} THEN {stored} ELSE {expr} END"

    return _by_unit(unit, profile, value, expr)


@dataclass(frozen=True)
class FieldChecks:
    """What a profile power adds to the checks of a field, over the row's cells: when the field must take the
    full checks (`unsure`), its errors and warnings (code, predicate), and a value the warning names (`named`,
    the exact conversion of a quantity)."""

    unsure: str
    errors: list[tuple[str, str]]
    warnings: list[tuple[str, str]]
    named: str = "NULL::VARCHAR"


def conversion_checks(cell: str, unit: str, profile: Profile) -> FieldChecks | None:
    """The checks of the quantity in `cell` (SQL) whose unit is `unit`, or None when nothing is converted: an
    error where the stored value is off the exact one and the unit refuses, a warning where it warns or where
    the cell is a spreadsheet's rendering, and the exact conversion as text."""
    if not profile.units:
        return None
    number = plain_number(cell, profile, decimals=True)

    def off(refuse: bool) -> Callable[[Conversion], str]:
        def when(c: Conversion) -> str:
            return f"({_readable(number)} AND {_off(_exact(number, c))})" if c.refuse == refuse else "false"

        return when

    rounded = _by_unit(unit, profile, off(False), "false")
    inexact = _by_unit(unit, profile, off(True), "false")
    # A sent cell that is a spreadsheet's rendering of a float.
    artefact = _by_unit(unit, profile, lambda c: sql_float_artefact(number), "false")
    return FieldChecks(
        unsure=f"coalesce({rounded} OR {inexact} OR {artefact}, false)",
        errors=[("conversion-inexact", f"coalesce({inexact}, false)")],
        warnings=[("conversion-rounded", rounded), ("number-rounded", artefact)],
        named=_by_unit(unit, profile, lambda c: f"{_exact(number, c)}::VARCHAR", "NULL"),
    )
