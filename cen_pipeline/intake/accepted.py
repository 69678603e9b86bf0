"""The accepted rows of a checked file, typed as the record's fields: what the validator reads back and the
store keeps."""

from __future__ import annotations

from datetime import date

from cen_pipeline.contract.models import FEED_FIELDS, health_safety_categories, rule_of
from cen_pipeline.contract.sql import SqlContext, sql_in_list
from cen_pipeline.intake.layout import (
    Layout,
    canon_expr,
    case_key_sql,
    numbered_source,
    raw_expr,
    withdrawal_sql,
)
from cen_pipeline.intake.profiles import Profile
from cen_pipeline.intake.readers import Source


def accepted_rows_sql(
    layout: Layout,
    profile: Profile,
    today: date,
    source: Source | None = None,
    clean: bool = False,
    stored: bool = False,
) -> str:
    """A SELECT of every accepted row of the file (no problem in its case, not a withdrawal), typed, with
    `_row` when `source` is given. It streams the file again rather than keeping it, so memory stays flat.

    `clean` says that every row of the file passed its quick checks: each cell is then in normal form
    already, and typed the cheap way. `stored`: with the defaults the store fills in."""
    relation, row = (numbered_source(source), "_row, ") if source else ("src_raw", "")
    return accepted_sql(relation, row, layout, profile, today, clean, stored)


def accepted_sql(
    relation: str, row: str, layout: Layout, profile: Profile, today: date, clean: bool, stored: bool
) -> str:
    """The accepted rows of `relation`; with `row` ("_row, ": the relation is numbered), without the copies of
    repeated rows (`repeats.py`), which a relation without row numbers cannot tell from their originals."""
    canon = {f: canon_expr(f, layout, profile) for f in FEED_FIELDS}
    key = case_key_sql(canon)
    copies = " AND _row NOT IN (SELECT _row FROM repeated_rows)" if row else ""
    return f"""SELECT {row}{key} AS case_key, {typed_fields(layout, profile, today, clean, stored)}
               FROM {relation}
               WHERE NOT {withdrawal_sql(canon["case_action"])}
                 AND {key} NOT IN (SELECT case_key FROM bad_cases){copies}"""


def typed_fields(layout: Layout, profile: Profile, today: date, clean: bool, stored: bool = False) -> str:
    """Every field of the record typed, named as the field. `stored`: with the defaults the store fills in,
    a line's health-and-safety flag from its product category where the Member did not say."""
    ctx = SqlContext(today)
    typed = {f: _typed(f, layout, profile, ctx, clean) for f in FEED_FIELDS}
    if stored:
        typed["health_safety"] = (
            f"coalesce({typed['health_safety']}, {_dangerous(typed['product_category'])})"
        )
    return ",\n".join(f"{sql} AS {f}" for f, sql in typed.items())


def _dangerous(category: str) -> str:
    """Whether a product category is one dangerous to health and safety. A constant list, not a join, which
    would cost a third of the staging."""
    dangerous = sorted(health_safety_categories())
    return f"coalesce(({category}) IN {sql_in_list(dangerous)}, false)" if dangerous else "false"


def _typed(name: str, layout: Layout, profile: Profile, ctx: SqlContext, clean: bool) -> str:
    rule = rule_of(name)
    cheap = rule.sql_clean_value(f"({raw_expr(name, layout, profile)})", ctx) if clean else None
    return cheap or rule.sql_value(f"({canon_expr(name, layout, profile)})", ctx)
