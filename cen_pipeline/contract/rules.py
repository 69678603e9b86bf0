"""Field rules of the seizure record: each rule parses one cell in Python and compiles to SQL, side by side.

A rule is attached to a Pydantic field with `Annotated[...]`. The Pydantic models in `models.py` use the
Python side; the vectorised check in `intake` uses the SQL side of the very same rule objects, so
both paths share one declaration. Every rule checks in a fixed order and stops at the first failure, and
both sides keep that order, so they give the same error code for the same cell. This module holds the base
of the rules; the rules of plain values are in `value_rules.py`, those of codes in `code_rules.py`, and the
rules across the fields of a row in `row_rules.py`.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

from cen_pipeline.contract.sql import SqlCheck, SqlContext

# What counts as blank around a cell: spaces, alike in Python and SQL (DuckDB trims spaces fastest; a tab or
# line break around a value is an error to report, not something to guess away).
WHITESPACE = " "


class RuleError(ValueError):
    """A cell broke a rule: `code` is the catalogue code, `ctx` fills the message template."""

    def __init__(self, code: str, **ctx: Any) -> None:
        super().__init__(code)
        self.code = code
        self.ctx = ctx


class Rule:
    """Base of the field rules. Subclasses define `parse` (Python) and `sql_value`/`sql_checks` (SQL)."""

    json_type: ClassVar[str] = "string"

    def parse(self, text: str, today: date) -> Any:
        raise NotImplementedError

    def sql_value(self, col: str, ctx: SqlContext) -> str:
        """The typed, normalised value of the cell (NULL when it does not parse)."""
        return col

    def sql_checks(self, col: str, ctx: SqlContext) -> list[SqlCheck]:
        """Checks in the order `parse` makes them; each predicate is TRUE when the cell fails."""
        raise NotImplementedError

    def warning(self, text: str) -> str | None:
        """The warning code for a cell `parse` accepted but changed on the way (None for most)."""
        return None

    def sql_warnings(self, col: str, ctx: SqlContext) -> list[SqlCheck]:
        """`warning` in SQL, for a cell that passed every check: each predicate is TRUE when it applies."""
        return []

    def sql_type(self) -> str:
        return "VARCHAR"

    def sql_quick(self, raw: str, ctx: SqlContext) -> str | None:
        """A cheap predicate over the cell as sent that is TRUE only when the cell is valid (so the checks
        can be skipped for it). It may be FALSE for valid cells, which then take the full checks."""
        return None

    def sql_clean_value(self, raw: str, ctx: SqlContext) -> str | None:
        """The typed value of a cell that passed `sql_quick`: the quick check proved it in normal form, so
        this costs less than `sql_value` of its canonical text. None when there is no cheaper way."""
        return None

    def describe(self) -> str:
        raise NotImplementedError

    def json_extra(self) -> dict[str, Any]:
        return {}

    # Pydantic integration: the rule replaces the field's own schema, so Pydantic and SQL agree.
    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        def validate(value: Any) -> Any:
            if value is None:
                return None
            try:
                return self.parse(_as_text(value), date.today())
            except RuleError as err:
                raise PydanticCustomError(err.code, err.code, err.ctx) from None

        return core_schema.no_info_plain_validator_function(validate)

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        out: dict[str, Any] = {"type": self.json_type, "description": self.describe()}
        out.update(self.json_extra())
        return out


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip(WHITESPACE)
