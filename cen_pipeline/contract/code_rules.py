"""The rules of codes: codes from a code list, countries, HS codes and UN/LOCODEs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from cen_pipeline.contract.codelists import (
    HS_CHAPTERS,
    LIST_SEPARATOR,
    UNKNOWN_COUNTRY,
    codelist,
    resolve_country,
)
from cen_pipeline.contract.rules import WHITESPACE, Rule, RuleError
from cen_pipeline.contract.sql import SqlCheck, SqlContext, sql_in_list, sql_one_of


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
