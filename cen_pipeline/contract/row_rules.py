"""Rules across the fields of one row: each with its Python check and its SQL over the typed columns."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cen_pipeline.contract.codelists import LIST_SEPARATOR, UNKNOWN_COUNTRY


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
