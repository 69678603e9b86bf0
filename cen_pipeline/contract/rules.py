"""Field rules of the seizure record: each rule parses one cell in Python and compiles to SQL, side by side.

A rule is attached to a Pydantic field with `Annotated[...]`. The Pydantic models in `contract.py` use the
Python side; the vectorised validator in `fastpath.py` uses the SQL side of the very same rule objects, so
both paths share one declaration. Every rule checks in a fixed order and stops at the first failure, and
both sides keep that order, so they give the same error code for the same cell.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

from cen_pipeline.contract import nominal
from cen_pipeline.contract.codelists import (
    HS_CHAPTERS,
    LIST_SEPARATOR,
    UNKNOWN_COUNTRY,
    codelist,
    resolve_country,
)

EARLIEST_SEIZURE = date(1990, 1, 1)

# What counts as blank around a cell: spaces, alike in Python and SQL (DuckDB trims spaces fastest; a tab or
# line break around a value is an error to report, not something to guess away).
WHITESPACE = " "

# One check of a rule in SQL: (error code, predicate over the non-null cell that is TRUE on failure).
SqlCheck = tuple[str, str]


class RuleError(ValueError):
    """A cell broke a rule: `code` is the catalogue code, `ctx` fills the message template."""

    def __init__(self, code: str, **ctx: Any) -> None:
        super().__init__(code)
        self.code = code
        self.ctx = ctx


def sql_str(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def sql_in_list(values: tuple[str, ...] | list[str]) -> str:
    return "(" + ", ".join(sql_str(v) for v in values) + ")"


_SHORT_LIST = 40
_RE2_SPECIAL = re.compile(r"([\\.^$|?*+()\[\]{}])")


def _escaped(text: str) -> str:
    return _RE2_SPECIAL.sub(r"\\\1", text)


def sql_one_of(expr: str, values: tuple[str, ...] | list[str], separator: str | None = None) -> str:
    """TRUE when `expr` is exactly one of `values` (or, with `separator`, a list of them), for the quick checks.

    A compiled alternation is several times faster than `IN` over a long list, such as the ~250 country codes,
    which DuckDB compares one by one on every row of the file; over a short list `IN` is the faster.
    """
    if separator is None and len(values) <= _SHORT_LIST:
        return f"{expr} IN {sql_in_list(values)}"
    one = "(?:" + "|".join(_escaped(v) for v in values) + ")"
    pattern = one if separator is None else f"{one}(?:{_escaped(separator)}{one})*"
    return f"regexp_full_match({expr}, {sql_str(pattern)})"


@dataclass(frozen=True)
class SqlContext:
    """What compiled SQL may refer to: the validation day and the country resolver macro."""

    today: date

    @property
    def today_sql(self) -> str:
        return f"DATE '{self.today.isoformat()}'"


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


@dataclass(frozen=True)
class Text(Rule):
    """Free text with a maximum length, an optional pattern and an optional screen for personal data."""

    max_length: int
    pattern: str | None = None
    screen: str | None = None  # "full" or "contact": see nominal.py

    def parse(self, text: str, today: date) -> str:
        if len(text) > self.max_length:
            raise RuleError("too-long", max_length=self.max_length)
        if self.pattern and not re.fullmatch(self.pattern, text):
            raise RuleError("invalid-format", expected=self.pattern)
        if self.screen and nominal.find_personal_data(text, self.screen):
            raise RuleError("nominal-value", kinds=", ".join(nominal.find_personal_data(text, self.screen)))
        return text

    def sql_clean_value(self, raw: str, ctx: SqlContext) -> str | None:
        return f"rtrim({raw})"  # the quick check refused a leading space and an empty cell

    def sql_quick(self, raw: str, ctx: SqlContext) -> str | None:
        quick = f"length({raw}) BETWEEN 1 AND {self.max_length} AND left({raw}, 1) <> ' '"
        if self.pattern:
            quick += f" AND regexp_full_match({raw}, {sql_str(self.pattern)})"
        if self.screen:
            quick += f" AND NOT regexp_matches({raw}, {sql_str(nominal.combined(self.screen))})"
        return quick

    def sql_checks(self, col: str, ctx: SqlContext) -> list[SqlCheck]:
        checks = [("too-long", f"length({col}) > {self.max_length}")]
        if self.pattern:
            checks.append(("invalid-format", f"NOT regexp_full_match({col}, {sql_str(self.pattern)})"))
        if self.screen:
            checks.append(
                ("nominal-value", f"regexp_matches({col}, {sql_str(nominal.combined(self.screen))})")
            )
        return checks

    def describe(self) -> str:
        text = f"Text of at most {self.max_length} characters"
        if self.screen:
            text += "; screened for personal data, which is refused"
        return text

    def json_extra(self) -> dict[str, Any]:
        extra: dict[str, Any] = {"maxLength": self.max_length}
        if self.pattern:
            extra["pattern"] = self.pattern
        return extra


@dataclass(frozen=True)
class Code(Rule):
    """A code from a code list; compared in lower case (or upper case for ISO codes)."""

    list_name: str
    upper: bool = False

    def _norm(self, text: str) -> str:
        return text.upper() if self.upper else text.lower()

    def parse(self, text: str, today: date) -> str:
        code = self._norm(text)
        if code not in codelist(self.list_name):
            raise RuleError("unknown-code", codelist=self.list_name)
        return code

    def sql_value(self, col: str, ctx: SqlContext) -> str:
        return f"{'upper' if self.upper else 'lower'}({col})"

    def sql_clean_value(self, raw: str, ctx: SqlContext) -> str | None:
        return raw

    def sql_quick(self, raw: str, ctx: SqlContext) -> str | None:
        return sql_one_of(raw, codelist(self.list_name).codes)

    def sql_checks(self, col: str, ctx: SqlContext) -> list[SqlCheck]:
        codes = codelist(self.list_name).codes
        return [("unknown-code", f"{self.sql_value(col, ctx)} NOT IN {sql_in_list(codes)}")]

    def describe(self) -> str:
        return f"Code from the `{self.list_name}` code list"

    def json_extra(self) -> dict[str, Any]:
        return {"enum": list(codelist(self.list_name).codes)}


@dataclass(frozen=True)
class CodeSet(Rule):
    """One or more codes of a list in one cell, separated by `|`; stored sorted without repeats."""

    list_name: str

    def parse(self, text: str, today: date) -> str:
        codes = sorted({part.strip(WHITESPACE).lower() for part in text.split(LIST_SEPARATOR)})
        known = codelist(self.list_name)
        if any(code not in known for code in codes):
            raise RuleError("unknown-code", codelist=self.list_name)
        return LIST_SEPARATOR.join(codes)

    def _parts(self, col: str) -> str:
        return f"list_distinct(list_transform(string_split({col}, '{LIST_SEPARATOR}'), lambda x: lower(trim(x))))"

    def sql_value(self, col: str, ctx: SqlContext) -> str:
        # Most cells hold one code: the list functions, costly per row, are kept for the cells that need them.
        listed = f"array_to_string(list_sort({self._parts(col)}), '{LIST_SEPARATOR}')"
        return f"CASE WHEN contains({col}, '{LIST_SEPARATOR}') THEN {listed} ELSE lower(trim({col})) END"

    def sql_clean_value(self, raw: str, ctx: SqlContext) -> str | None:
        return f"CASE WHEN contains({raw}, '{LIST_SEPARATOR}') THEN {self.sql_value(raw, ctx)} ELSE {raw} END"

    def sql_quick(self, raw: str, ctx: SqlContext) -> str | None:
        return sql_one_of(raw, codelist(self.list_name).codes, LIST_SEPARATOR)

    def sql_checks(self, col: str, ctx: SqlContext) -> list[SqlCheck]:
        codes = sql_in_list(codelist(self.list_name).codes)
        return [
            ("unknown-code", f"NOT list_bool_and(list_transform({self._parts(col)}, lambda x: x IN {codes}))")
        ]

    def describe(self) -> str:
        return f"One or more codes from the `{self.list_name}` code list, separated by `{LIST_SEPARATOR}`"

    def json_extra(self) -> dict[str, Any]:
        codes = "|".join(re.escape(c) for c in codelist(self.list_name).codes)
        return {"pattern": f"^({codes})(\\|({codes}))*$"}


@dataclass(frozen=True)
class Country(Rule):
    """An ISO 3166-1 alpha-2 code (XK Kosovo, ZZ unknown) or a country name from the explicit alias table."""

    def parse(self, text: str, today: date) -> str:
        code = resolve_country(text)
        if code is None:
            raise RuleError("unknown-country")
        return code

    def sql_value(self, col: str, ctx: SqlContext) -> str:
        return f"cen_country({col})"

    def sql_clean_value(self, raw: str, ctx: SqlContext) -> str | None:
        return raw

    def sql_quick(self, raw: str, ctx: SqlContext) -> str | None:
        return sql_one_of(raw, codelist("country").codes)

    def sql_checks(self, col: str, ctx: SqlContext) -> list[SqlCheck]:
        return [("unknown-country", f"cen_country({col}) IS NULL")]

    def describe(self) -> str:
        return "ISO 3166-1 alpha-2 country code (XK for Kosovo, ZZ for unknown) or a country name in the alias table"

    def json_extra(self) -> dict[str, Any]:
        return {"examples": ["FR", "CN", UNKNOWN_COUNTRY]}


@dataclass(frozen=True)
class CountryList(Rule):
    """Several countries in one cell separated by `|`, in the order the goods passed them."""

    def parse(self, text: str, today: date) -> str:
        codes = [resolve_country(part.strip(WHITESPACE)) for part in text.split(LIST_SEPARATOR)]
        if any(code is None for code in codes):
            raise RuleError("unknown-country")
        return LIST_SEPARATOR.join(c for c in codes if c)

    def _parts(self, col: str) -> str:
        return f"list_transform(string_split({col}, '{LIST_SEPARATOR}'), lambda x: cen_country(trim(x)))"

    def sql_value(self, col: str, ctx: SqlContext) -> str:
        listed = f"array_to_string({self._parts(col)}, '{LIST_SEPARATOR}')"
        return (
            f"CASE WHEN contains({col}, '{LIST_SEPARATOR}') THEN {listed} ELSE cen_country(trim({col})) END"
        )

    def sql_clean_value(self, raw: str, ctx: SqlContext) -> str | None:
        return raw

    def sql_quick(self, raw: str, ctx: SqlContext) -> str | None:
        return sql_one_of(raw, codelist("country").codes, LIST_SEPARATOR)

    def sql_checks(self, col: str, ctx: SqlContext) -> list[SqlCheck]:
        return [
            (
                "unknown-country",
                f"list_contains(list_transform({self._parts(col)}, lambda x: x IS NULL), true)",
            )
        ]

    def describe(self) -> str:
        return f"Countries (codes or names as for a country), separated by `{LIST_SEPARATOR}`"


_DATE_PATTERN = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"


@dataclass(frozen=True)
class IsoDate(Rule):
    """A calendar date written YYYY-MM-DD, not in the future and not before 1990."""

    def parse(self, text: str, today: date) -> date:
        if not re.fullmatch(_DATE_PATTERN, text):
            raise RuleError("invalid-date")
        try:
            day = date.fromisoformat(text)
        except ValueError:
            raise RuleError("invalid-date") from None
        if day < EARLIEST_SEIZURE:
            raise RuleError("date-too-early", earliest=EARLIEST_SEIZURE.isoformat())
        if day > today:
            raise RuleError("date-in-future", today=today.isoformat())
        return day

    def sql_value(self, col: str, ctx: SqlContext) -> str:
        return f"TRY_CAST({col} AS DATE)"

    def sql_type(self) -> str:
        return "DATE"

    def sql_clean_value(self, raw: str, ctx: SqlContext) -> str | None:
        return f"TRY_CAST({raw} AS DATE)"

    def sql_quick(self, raw: str, ctx: SqlContext) -> str | None:
        # ISO dates of the right shape sort as text in date order, so a text range check suffices.
        return (
            f"{raw} BETWEEN '{EARLIEST_SEIZURE.isoformat()}' AND '{ctx.today.isoformat()}' AND "
            f"regexp_full_match({raw}, '{_DATE_PATTERN}') AND TRY_CAST({raw} AS DATE) IS NOT NULL"
        )

    def sql_checks(self, col: str, ctx: SqlContext) -> list[SqlCheck]:
        value = self.sql_value(col, ctx)
        return [
            ("invalid-date", f"NOT regexp_full_match({col}, '{_DATE_PATTERN}') OR {value} IS NULL"),
            ("date-too-early", f"{value} < DATE '{EARLIEST_SEIZURE.isoformat()}'"),
            ("date-in-future", f"{value} > {ctx.today_sql}"),
        ]

    def describe(self) -> str:
        return "Date as YYYY-MM-DD, from 1990-01-01 to today"

    def json_extra(self) -> dict[str, Any]:
        return {"format": "date"}


NUMBER_PATTERN = r"-?[0-9]{1,14}(\.[0-9]{1,4})?"
INTEGER_PATTERN = r"-?[0-9]{1,15}"


@dataclass(frozen=True)
class Number(Rule):
    """A decimal number with a point as decimal mark, up to 14 digits before it and 4 after."""

    gt: float | None = None
    ge: float | None = None
    json_type: ClassVar[str] = "string"

    def parse(self, text: str, today: date) -> Decimal:
        if not re.fullmatch(NUMBER_PATTERN, text):
            raise RuleError("invalid-number")
        number = Decimal(text)
        if (self.gt is not None and not number > Decimal(str(self.gt))) or (
            self.ge is not None and not number >= Decimal(str(self.ge))
        ):
            raise RuleError("out-of-range", bound=self._bound())
        return number

    def _bound(self) -> str:
        return f"> {_num(self.gt)}" if self.gt is not None else f">= {_num(self.ge)}"

    def sql_value(self, col: str, ctx: SqlContext) -> str:
        return f"TRY_CAST({col} AS DECIMAL(18,4))"

    def sql_type(self) -> str:
        return "DECIMAL(18,4)"

    def sql_clean_value(self, raw: str, ctx: SqlContext) -> str | None:
        return f"TRY_CAST({raw} AS DECIMAL(18,4))"

    def sql_quick(self, raw: str, ctx: SqlContext) -> str | None:
        value = self.sql_value(raw, ctx)
        bound = f"{value} > {self.gt}" if self.gt is not None else f"{value} >= {self.ge}"
        return f"regexp_full_match({raw}, '{NUMBER_PATTERN}') AND {bound}"

    def sql_checks(self, col: str, ctx: SqlContext) -> list[SqlCheck]:
        value = self.sql_value(col, ctx)
        limit = f"{value} <= {self.gt}" if self.gt is not None else f"{value} < {self.ge}"
        return [
            ("invalid-number", f"NOT regexp_full_match({col}, '{NUMBER_PATTERN}')"),
            ("out-of-range", limit),
        ]

    def describe(self) -> str:
        return f"Decimal number {self._bound()}, with a point as decimal mark and no thousands separator"

    def json_extra(self) -> dict[str, Any]:
        return {"pattern": f"^{NUMBER_PATTERN}$"}


def _num(value: float | None) -> str:
    return f"{value:g}" if value is not None else ""


@dataclass(frozen=True)
class Integer(Rule):
    """A whole number."""

    ge: int = 0

    def parse(self, text: str, today: date) -> int:
        if not re.fullmatch(INTEGER_PATTERN, text):
            raise RuleError("invalid-integer")
        number = int(text)
        if number < self.ge:
            raise RuleError("out-of-range", bound=f">= {self.ge}")
        return number

    def sql_value(self, col: str, ctx: SqlContext) -> str:
        return f"TRY_CAST({col} AS BIGINT)"

    def sql_type(self) -> str:
        return "BIGINT"

    def sql_clean_value(self, raw: str, ctx: SqlContext) -> str | None:
        return f"TRY_CAST({raw} AS BIGINT)"

    def sql_quick(self, raw: str, ctx: SqlContext) -> str | None:
        return f"regexp_full_match({raw}, '{INTEGER_PATTERN}') AND {self.sql_value(raw, ctx)} >= {self.ge}"

    def sql_checks(self, col: str, ctx: SqlContext) -> list[SqlCheck]:
        return [
            ("invalid-integer", f"NOT regexp_full_match({col}, '{INTEGER_PATTERN}')"),
            ("out-of-range", f"{self.sql_value(col, ctx)} < {self.ge}"),
        ]

    def describe(self) -> str:
        return f"Whole number >= {self.ge}"

    def json_extra(self) -> dict[str, Any]:
        return {"pattern": f"^{INTEGER_PATTERN}$"}


TRUE_WORDS = ("true", "yes", "y", "1")
FALSE_WORDS = ("false", "no", "n", "0")


@dataclass(frozen=True)
class Flag(Rule):
    """A yes/no flag: true, false, yes, no, y, n, 1 or 0 (any case)."""

    def parse(self, text: str, today: date) -> bool:
        word = text.lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise RuleError("invalid-boolean")

    def sql_value(self, col: str, ctx: SqlContext) -> str:
        return (
            f"CASE WHEN lower({col}) IN {sql_in_list(TRUE_WORDS)} THEN true "
            f"WHEN lower({col}) IN {sql_in_list(FALSE_WORDS)} THEN false END"
        )

    def sql_type(self) -> str:
        return "BOOLEAN"

    def sql_clean_value(self, raw: str, ctx: SqlContext) -> str | None:
        return f"{raw} IN {sql_in_list(TRUE_WORDS)}"

    def sql_quick(self, raw: str, ctx: SqlContext) -> str | None:
        return f"{raw} IN {sql_in_list(TRUE_WORDS + FALSE_WORDS)}"

    def sql_checks(self, col: str, ctx: SqlContext) -> list[SqlCheck]:
        return [("invalid-boolean", f"lower({col}) NOT IN {sql_in_list(TRUE_WORDS + FALSE_WORDS)}")]

    def describe(self) -> str:
        return "Flag: true/false, yes/no, y/n or 1/0"

    def json_extra(self) -> dict[str, Any]:
        return {"enum": [*TRUE_WORDS, *FALSE_WORDS]}


HS_PATTERN = r"[0-9]{2}|[0-9]{4}|[0-9]{6}|[0-9]{8}|[0-9]{10}"


@dataclass(frozen=True)
class HsCode(Rule):
    """A Harmonized System code of 2, 4 or 6 digits (8 or 10 for national subheadings); dots and spaces ignored."""

    def parse(self, text: str, today: date) -> str:
        digits = text.replace(".", "").replace(" ", "")
        if not re.fullmatch(HS_PATTERN, digits):
            raise RuleError("invalid-format", expected="2, 4, 6, 8 or 10 digits")
        if digits[:2] not in HS_CHAPTERS:
            raise RuleError("unknown-hs-chapter", chapter=digits[:2])
        return digits

    def sql_value(self, col: str, ctx: SqlContext) -> str:
        return f"replace(replace({col}, '.', ''), ' ', '')"

    def sql_clean_value(self, raw: str, ctx: SqlContext) -> str | None:
        return raw

    def sql_quick(self, raw: str, ctx: SqlContext) -> str | None:
        return f"regexp_full_match({raw}, '{HS_PATTERN}') AND {sql_one_of(f'left({raw}, 2)', HS_CHAPTERS)}"

    def sql_checks(self, col: str, ctx: SqlContext) -> list[SqlCheck]:
        digits = self.sql_value(col, ctx)
        return [
            ("invalid-format", f"NOT regexp_full_match({digits}, '{HS_PATTERN}')"),
            ("unknown-hs-chapter", f"left({digits}, 2) NOT IN {sql_in_list(HS_CHAPTERS)}"),
        ]

    def describe(self) -> str:
        return "HS code of 2, 4, 6, 8 or 10 digits whose chapter exists (01-97, not 77)"

    def json_extra(self) -> dict[str, Any]:
        return {"pattern": r"^[0-9][0-9.  ]*$"}


LOCODE_PATTERN = r"[A-Z]{2}[A-Z2-9]{3}"


@dataclass(frozen=True)
class Locode(Rule):
    """A UN/LOCODE: a country code and three letters or digits 2-9 (a space after the country is ignored)."""

    def parse(self, text: str, today: date) -> str:
        code = text.upper().replace(" ", "")
        if not re.fullmatch(LOCODE_PATTERN, code):
            raise RuleError("invalid-format", expected="UN/LOCODE such as FRCDG")
        if code[:2] not in codelist("country"):
            raise RuleError("unknown-country")
        return code

    def sql_value(self, col: str, ctx: SqlContext) -> str:
        return f"replace(upper({col}), ' ', '')"

    def sql_clean_value(self, raw: str, ctx: SqlContext) -> str | None:
        return raw

    def sql_quick(self, raw: str, ctx: SqlContext) -> str | None:
        countries = sql_one_of(f"left({raw}, 2)", codelist("country").codes)
        return f"regexp_full_match({raw}, '{LOCODE_PATTERN}') AND {countries}"

    def sql_checks(self, col: str, ctx: SqlContext) -> list[SqlCheck]:
        code = self.sql_value(col, ctx)
        return [
            ("invalid-format", f"NOT regexp_full_match({code}, '{LOCODE_PATTERN}')"),
            ("unknown-country", f"left({code}, 2) NOT IN {sql_in_list(codelist('country').codes)}"),
        ]

    def describe(self) -> str:
        return "UN/LOCODE of five characters, e.g. FRCDG"

    def json_extra(self) -> dict[str, Any]:
        return {"pattern": "^[A-Za-z]{2} ?[A-Za-z2-9]{3}$"}


@dataclass(frozen=True)
class RowRule:
    """A rule across fields of one row, reported on `field`; both forms are null-safe (a NULL never fails)."""

    code: str
    field: str
    check: Callable[[dict[str, Any]], bool]  # True when the parsed row breaks the rule
    sql: str  # over the typed columns, TRUE when the row breaks the rule
    # Over the cells as sent, TRUE only when the row cannot break the rule (a cheap pass for clean rows).
    quick: str


# Key of the set of filled-in fields in the row a rule's Python check receives; in SQL, `x_<field>` is the
# field's text (NULL when blank) and `<field>` its typed value (NULL when blank or invalid).
PRESENT = "__present__"


def _blank(row: dict[str, Any], name: str) -> bool:
    return name not in row[PRESENT]


def _transit_repeats(row: dict[str, Any]) -> bool:
    transit = row.get("transit_countries")
    if not transit:
        return False
    ends = {row.get("departure_country"), row.get("destination_country")} - {None, UNKNOWN_COUNTRY}
    return any(code in ends for code in transit.split(LIST_SEPARATOR))


def _both(row: dict[str, Any], a: str, b: str) -> bool:
    return row.get(a) is not None and row.get(b) is not None


ROW_RULES: tuple[RowRule, ...] = (
    RowRule(
        "submission-before-seizure",
        "submission_date",
        lambda r: _both(r, "submission_date", "seizure_date") and r["submission_date"] < r["seizure_date"],
        "submission_date < seizure_date",
        # Valid ISO dates compare as text in date order.
        "submission_date IS NULL OR submission_date >= seizure_date",
    ),
    RowRule(
        "incomplete-value",
        "currency",
        lambda r: r.get("value") is not None and _blank(r, "currency"),
        "value IS NOT NULL AND x_currency IS NULL",
        "value IS NULL OR currency IS NOT NULL",
    ),
    RowRule(
        "incomplete-value",
        "value_basis",
        lambda r: r.get("value") is not None and _blank(r, "value_basis"),
        "value IS NOT NULL AND x_value_basis IS NULL",
        "value IS NULL OR value_basis IS NOT NULL",
    ),
    RowRule(
        "transit-repeats-endpoint",
        "transit_countries",
        _transit_repeats,
        "transit_countries IS NOT NULL AND len(list_intersect(string_split(transit_countries, '|'), "
        "list_filter([departure_country, destination_country], lambda x: x IS NOT NULL AND x <> 'ZZ'))) > 0",
        # With every country an exact ISO code (the fields' own quick checks), plain list logic decides.
        "transit_countries IS NULL OR NOT list_has_any(string_split(transit_countries, '|'), "
        "list_filter([departure_country, destination_country], lambda x: x IS NOT NULL AND x <> 'ZZ'))",
    ),
)
