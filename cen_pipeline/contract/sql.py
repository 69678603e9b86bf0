"""SQL text for the field rules: string literals, membership tests and what compiled SQL may refer to.

The rules compile to SQL with these, and the vectorised check in `intake` builds its queries with them too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from cen_pipeline.core.duck import sql_str as sql_str  # the one quoting helper, for the rules' SQL

# One check of a rule in SQL: (error code, predicate over the non-null cell that is TRUE on failure).
SqlCheck = tuple[str, str]


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
