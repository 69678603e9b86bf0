"""The rules of plain values: free text, dates, decimal and whole numbers, and yes/no flags."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, ClassVar

from cen_pipeline.contract import nominal
from cen_pipeline.contract.rules import Rule, RuleError
from cen_pipeline.contract.sql import SqlCheck, SqlContext, sql_in_list, sql_str
from cen_pipeline.core.output import CONTROL_CHARACTERS

EARLIEST_SEIZURE = date(1990, 1, 1)


def candidate_sql(col: str, level: str) -> str:
    """Whether a cell may hold personal data of `level`: one regexp_matches per kind, each pattern small
    enough for RE2's fast automaton (their union in one pattern is ten times slower)."""
    tests = [f"regexp_matches({col}, {sql_str(nominal.CANDIDATES[kind])})" for kind in nominal.LEVELS[level]]
    return "(" + " OR ".join(tests) + ")"


def screened_quick(cells: list[tuple[str, str]]) -> str:
    """Whether none of a row's screened cells (SQL expression, level) holds personal data, for the quick
    check: the candidate patterns run once over the cells joined by line breaks, since RE2 compiles each
    pattern per query and column, which costs more than scanning a small file; only a row with a candidate
    somewhere has its cells confirmed one by one. A pattern finds in the joined text whatever it finds in a
    cell (`(?m)`: `^` and `$` hold at each cell's ends too), and perhaps more, which the confirmation drops."""
    kinds = dict.fromkeys(kind for _, level in cells for kind in nominal.LEVELS[level])
    joined = "concat_ws(chr(10), " + ", ".join(raw for raw, _ in cells) + ")"
    tests = " OR ".join(f"regexp_matches({joined}, {sql_str('(?m)' + nominal.CANDIDATES[k])})" for k in kinds)
    confirmed = " OR ".join(
        f"coalesce({nominal.SQL_FUNCTION}({raw}, {sql_str(level)}), false)" for raw, level in cells
    )
    return f"NOT (CASE WHEN {tests} THEN ({confirmed}) ELSE false END)"


# Characters no output can carry safely: C0 and C1 controls but tab and line breaks (XML, hence XLSX, has no
# place for them; a terminal obeys them), and the bidirectional overrides and isolates that make a text read
# otherwise than it is stored. The same class in Python and in RE2 syntax.
_CONTROL_RE2 = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\x{202a}-\x{202e}\x{2066}-\x{2069}]"


def control_character(text: str) -> str | None:
    """The first control character of `text` as U+XXXX, if it holds one."""
    found = re.search(CONTROL_CHARACTERS, text)
    return f"U+{ord(found.group()):04X}" if found else None


@dataclass(frozen=True)
class Text(Rule):
    """Free text with a maximum length, an optional pattern and an optional screen for personal data."""

    max_length: int
    pattern: str | None = None
    screen: str | None = None  # a level of nominal.LEVELS: "full", "office", "company" or "contact"

    def parse(self, text: str, today: date) -> str:
        # Personal data first: of all that is wrong with a cell, it is what the Member must hear of.
        kinds = nominal.find_personal_data(text, self.screen) if self.screen else []
        if kinds:
            raise RuleError("nominal-value", kinds=", ".join(kinds))
        if character := control_character(text):
            raise RuleError("control-character", character=character)
        if len(text) > self.max_length:
            raise RuleError("too-long", max_length=self.max_length)
        if self.pattern and not re.fullmatch(self.pattern, text):
            raise RuleError("invalid-format", expected=self.pattern)
        return text

    def sql_clean_value(self, raw: str, ctx: SqlContext) -> str | None:
        return f"rtrim({raw})"  # the quick check refused a leading space and an empty cell

    def sql_unscreened_quick(self, raw: str) -> str:
        """The quick check without the screen for personal data (which a row's quick check makes once for
        all its screened cells: `screened_quick`)."""
        quick = f"length({raw}) BETWEEN 1 AND {self.max_length} AND left({raw}, 1) <> ' '"
        quick += f" AND NOT regexp_matches({raw}, {sql_str(_CONTROL_RE2)})"
        if self.pattern:
            quick += f" AND regexp_full_match({raw}, {sql_str(self.pattern)})"
        return quick

    def sql_quick(self, raw: str, ctx: SqlContext) -> str | None:
        quick = self.sql_unscreened_quick(raw)
        if self.screen:
            # A candidate cell is screened here already, each distinct value once (the SQL function takes a
            # column at a time): a name-like office or brand passes the quick check when it is no person's.
            confirmed = f"{nominal.SQL_FUNCTION}({raw}, {sql_str(self.screen)})"
            quick += f" AND NOT (CASE WHEN {candidate_sql(raw, self.screen)} THEN {confirmed} ELSE false END)"
        return quick

    def sql_checks(self, col: str, ctx: SqlContext) -> list[SqlCheck]:
        checks: list[SqlCheck] = []
        if self.screen:  # first, as in `parse`
            # Only the candidate cells reach Python, where the models' own function confirms them.
            candidate = candidate_sql(col, self.screen)
            confirmed = f"{nominal.SQL_FUNCTION}({col}, {sql_str(self.screen)})"
            checks.append(("nominal-value", f"CASE WHEN {candidate} THEN {confirmed} ELSE false END"))
        checks.append(("control-character", f"regexp_matches({col}, {sql_str(_CONTROL_RE2)})"))
        checks.append(("too-long", f"length({col}) > {self.max_length}"))
        if self.pattern:
            checks.append(("invalid-format", f"NOT regexp_full_match({col}, {sql_str(self.pattern)})"))
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
NUMBER_PLACES = 4

# A float written out in full, as spreadsheets and data frames export it: more places than the contract
# allows, and at least as many significant digits as a double carries (0.11699999999999999 is 0.117).
ARTEFACT_PATTERN = r"-?[0-9]{1,14}\.[0-9]{5,}"
ARTEFACT_DIGITS = 15
# Rounded to 12 significant digits, an artefact reads as the number meant, which fits the contract's places;
# a number really sent with more places (0.1234567) does not.
ARTEFACT_RENDERING = "%.12g"


def is_float_artefact(text: str) -> bool:
    """Whether a number with too many places is a float's rendering of one that has few enough."""
    if not re.fullmatch(ARTEFACT_PATTERN, text):
        return False
    if len(text.lstrip("-").replace(".", "").lstrip("0")) < ARTEFACT_DIGITS:
        return False
    return re.fullmatch(NUMBER_PATTERN, ARTEFACT_RENDERING % float(text)) is not None


def sql_float_artefact(col: str) -> str:
    """`is_float_artefact` in SQL: DuckDB reads a double and prints `%.12g` as Python does."""
    return (
        f"(regexp_full_match({col}, '{ARTEFACT_PATTERN}') "
        f"AND length(ltrim(replace(ltrim({col}, '-'), '.', ''), '0')) >= {ARTEFACT_DIGITS} "
        f"AND regexp_full_match(printf('{ARTEFACT_RENDERING}', TRY_CAST({col} AS DOUBLE)), '{NUMBER_PATTERN}'))"
    )


def _to_places(text: str) -> Decimal:
    """The number rounded to the contract's places, half away from zero as DuckDB's cast rounds."""
    return Decimal(text).quantize(Decimal(1).scaleb(-NUMBER_PLACES), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Number(Rule):
    """A decimal number with a point as decimal mark, up to 14 digits before it and 4 after.

    A float artefact (see `is_float_artefact`) is accepted rounded to 4 places, with the warning
    `number-rounded`; any other number with more places is refused."""

    gt: float | None = None
    ge: float | None = None
    json_type: ClassVar[str] = "string"

    def parse(self, text: str, today: date) -> Decimal:
        if re.fullmatch(NUMBER_PATTERN, text):
            number = Decimal(text)
        elif is_float_artefact(text):
            number = _to_places(text)
        else:
            raise RuleError("invalid-number")
        if (self.gt is not None and not number > Decimal(str(self.gt))) or (
            self.ge is not None and not number >= Decimal(str(self.ge))
        ):
            raise RuleError("out-of-range", bound=self._bound())
        return number

    def warning(self, text: str) -> str | None:
        return "number-rounded" if not re.fullmatch(NUMBER_PATTERN, text) else None

    def _bound(self) -> str:
        return f"> {_num(self.gt)}" if self.gt is not None else f">= {_num(self.ge)}"

    def sql_value(self, col: str, ctx: SqlContext) -> str:
        # The cast rounds to 4 places, half away from zero: an artefact's stored value.
        return f"TRY_CAST({col} AS DECIMAL(18,4))"

    def sql_type(self) -> str:
        return "DECIMAL(18,4)"

    def sql_clean_value(self, raw: str, ctx: SqlContext) -> str | None:
        return f"TRY_CAST({raw} AS DECIMAL(18,4))"

    def sql_quick(self, raw: str, ctx: SqlContext) -> str | None:
        # An artefact fails here and takes the full checks, which report it.
        value = self.sql_value(raw, ctx)
        bound = f"{value} > {self.gt}" if self.gt is not None else f"{value} >= {self.ge}"
        return f"regexp_full_match({raw}, '{NUMBER_PATTERN}') AND {bound}"

    def sql_checks(self, col: str, ctx: SqlContext) -> list[SqlCheck]:
        value = self.sql_value(col, ctx)
        limit = f"{value} <= {self.gt}" if self.gt is not None else f"{value} < {self.ge}"
        return [
            (
                "invalid-number",
                f"NOT regexp_full_match({col}, '{NUMBER_PATTERN}') AND NOT {sql_float_artefact(col)}",
            ),
            ("out-of-range", limit),
        ]

    def sql_warnings(self, col: str, ctx: SqlContext) -> list[SqlCheck]:
        return [("number-rounded", f"NOT regexp_full_match({col}, '{NUMBER_PATTERN}')")]

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
