"""Planning the columns of a Member's file for the vectorised check: how its headings map onto the record's
fields through the feed profile, and the SQL of each field's canonical text that the checks read."""

from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from cen_pipeline.contract.code_rules import CodeSet
from cen_pipeline.contract.codelists import LIST_SEPARATOR
from cen_pipeline.contract.models import CASE_FIELDS, FEED_FIELDS, REQUIRED_FIELDS, rule_of
from cen_pipeline.contract.nominal import is_nominal_heading
from cen_pipeline.contract.sql import sql_str
from cen_pipeline.contract.value_rules import Integer, IsoDate, Number
from cen_pipeline.intake.profiles import Profile
from cen_pipeline.intake.readers import Source


@dataclass(frozen=True)
class Problem:
    """One problem found: where (row, field or source column) and what (catalogue code)."""

    code: str
    row: int | None = None  # spreadsheet row (header = 1); None for file-level problems
    field: str | None = None  # record field
    column: int | None = None  # 0-based index of the source column
    case_ref: str | None = None
    value: str | None = None  # the cell as sent (masked later where nominal)
    params: dict[str, str] = dataclass_field(default_factory=dict, compare=False, hash=False)


@dataclass
class Layout:
    """How the file's columns map onto the record."""

    field_columns: dict[str, int]  # record field -> source column index
    problems: list[Problem]
    refused: bool  # a personal-data column refuses the whole file
    headings: list[str] = dataclass_field(default_factory=list)

    @property
    def blocking(self) -> bool:
        """A file-level error (missing, repeated or personal-data column): no row of the file is accepted."""
        return any(p.code in ("missing-column", "duplicate-column", "nominal-column") for p in self.problems)

    def shown(self, name: str) -> str:
        """The column of `checked` that holds field `name` as the Member sent it."""
        column = self.field_columns.get(name)
        return f"c{column}" if column is not None else f"x_{name}"


def plan_layout(headings: list[str], profile: Profile) -> Layout:
    field_columns: dict[str, int] = {}
    problems: list[Problem] = []
    for i, heading in enumerate(headings):
        if is_nominal_heading(heading):
            problems.append(Problem("nominal-column", column=i, params={"column": heading}))
            continue
        target = profile.field_for(heading)
        if target is None:
            if heading.strip():
                problems.append(Problem("unknown-column", column=i, params={"column": heading}))
        elif target in field_columns or target in profile.constants:
            problems.append(Problem("duplicate-column", column=i, field=target, params={"column": heading}))
        else:
            field_columns[target] = i
    for name in REQUIRED_FIELDS:
        if name not in field_columns and name not in profile.constants:
            problems.append(Problem("missing-column", field=name, params={"column": name}))
    refused = any(p.code == "nominal-column" for p in problems)
    return Layout(field_columns, problems, refused, list(headings))


def _value_map(expr: str, mapping: dict[str, str]) -> str:
    cases = " ".join(f"WHEN {sql_str(k.upper())} THEN {sql_str(v)}" for k, v in mapping.items())
    return f"CASE upper({expr}) {cases} ELSE {expr} END"


def canon_expr(name: str, layout: Layout, profile: Profile) -> str:
    """The canonical text of field `name`: the source cell (or constant) after the profile's mappings."""
    if name in profile.constants:
        return sql_str(profile.constants[name])
    if name not in layout.field_columns:
        return "NULL::VARCHAR"
    expr = _trimmed(layout.field_columns[name])
    rule = rule_of(name)
    mapping = profile.values.get(name)
    if mapping:
        if isinstance(rule, CodeSet):
            parts = f"list_transform(string_split({expr}, '{LIST_SEPARATOR}'), lambda x: {_value_map('trim(x)', mapping)})"
            expr = f"array_to_string({parts}, '{LIST_SEPARATOR}')"
        else:
            expr = _value_map(expr, mapping)
    if isinstance(rule, Number | Integer):
        if profile.thousands_separator:
            expr = f"replace({expr}, {sql_str(profile.thousands_separator)}, '')"
        if profile.decimal_mark == "," and isinstance(rule, Number):
            expr = f"replace({expr}, ',', '.')"
    if isinstance(rule, IsoDate) and profile.date_format != "%Y-%m-%d":
        expr = _reformat_date(expr, profile)
    return expr


def _reformat_date(expr: str, profile: Profile) -> str:
    pattern = profile.date_regex()
    # Positions of the y, m, d groups in the pattern, since RE2 extraction here is by group number.
    order = sorted(("y", "m", "d"), key=lambda g: pattern.index(f"(?P<{g}>"))
    plain = pattern.replace("?P<y>", "").replace("?P<m>", "").replace("?P<d>", "")
    group = {g: order.index(g) + 1 for g in order}
    part = {g: f"regexp_extract({expr}, {sql_str(plain)}, {group[g]})" for g in group}
    iso = f"{part['y']} || '-' || lpad({part['m']}, 2, '0') || '-' || lpad({part['d']}, 2, '0')"
    # A cell not in the profile's format is kept recognisably invalid rather than guessed.
    return f"CASE WHEN regexp_full_match({expr}, {sql_str(plain)}) THEN {iso} ELSE '?' || {expr} END"


def raw_expr(name: str, layout: Layout, profile: Profile) -> str:
    """The cell a field's quick check reads: the source cell when the profile maps nothing for the field,
    else its canonical text (a constant, or NULL for an absent column)."""
    column = layout.field_columns.get(name)
    canon = canon_expr(name, layout, profile)
    return f"c{column}" if column is not None and canon == _trimmed(column) else canon


def _trimmed(column: int) -> str:
    return f"NULLIF(trim(c{column}), '')"


def numbered_source(source: Source) -> str:
    """`src_raw` with `_row`: spreadsheets carry it; for CSV a window numbers the records in file order
    (DuckDB keeps insertion order through its parallel scan); `Source.renumber` corrects for rejected rows."""
    if source.numbered:
        return "src_raw"
    return "(SELECT (row_number() OVER () + 1)::BIGINT AS _row, * FROM src_raw)"


def key_exprs(layout: Layout, profile: Profile) -> dict[str, str]:
    return {f: canon_expr(f, layout, profile) for f in ("reporting_member", "case_ref", "case_action")}


def withdrawal_sql(action: str) -> str:
    return f"coalesce(lower({action}) = 'withdraw', false)"


def _rule_fields(sql: str) -> list[str]:
    return [f for f in FEED_FIELDS if re.search(rf"\b{f}\b", sql)]


def expand(sql: str, exprs: dict[str, str]) -> str:
    """`sql` with each field name replaced by an expression for it."""
    return re.sub(r"\b(x_)?(" + "|".join(FEED_FIELDS) + r")\b", lambda m: f"({exprs[m.group(0)]})", sql)


def case_key_sql(exprs: dict[str, str] | None = None) -> str:
    member, ref = (
        (exprs["reporting_member"], exprs["case_ref"]) if exprs else ("reporting_member", "case_ref")
    )
    return f"upper({member}) || chr(31) || {ref}"


SHARED_CASE_FIELDS = tuple(f for f in CASE_FIELDS if f != "case_action")
