"""Planning the columns of a Member's file for the vectorised check: how its headings map onto the record's
fields through the feed profile, and the SQL of each field's canonical text that the checks read."""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date

import duckdb

from cen_pipeline.contract.code_rules import CodeSet
from cen_pipeline.contract.codelists import LIST_SEPARATOR, codelist, resolve_country
from cen_pipeline.contract.models import CASE_FIELDS, FEED_FIELDS, REQUIRED_FIELDS, rule_of
from cen_pipeline.contract.nominal import is_nominal_heading
from cen_pipeline.contract.sql import SqlContext, sql_str
from cen_pipeline.contract.value_rules import Integer, IsoDate, Number, Text
from cen_pipeline.intake.conversions import FieldChecks, conversion_checks, converted, plain_number
from cen_pipeline.intake.profiles import ANY_OTHER, ROW, Profile, template_parts
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
    # Per field of the profile's `country_names`: the file's country names -> codes (see `resolve_names`).
    names: dict[str, dict[str, str]] = dataclass_field(default_factory=dict)
    unmade: set[str] = dataclass_field(default_factory=set)  # composed fields of which a column is missing
    # Per field, the checks the profile's powers add (see `_profile_checks`).
    added: dict[str, FieldChecks] = dataclass_field(default_factory=dict)

    @property
    def blocking(self) -> bool:
        """A file-level error (missing, repeated or personal-data column): no row of the file is accepted."""
        return any(p.code in ("missing-column", "duplicate-column", "nominal-column") for p in self.problems)

    def shown(self, name: str) -> str:
        """The column of `checked` that holds field `name` as the Member sent it."""
        column = self.field_columns.get(name)
        return f"c{column}" if column is not None else f"x_{name}"

    def column_of(self, heading: str) -> int | None:
        """The index of the file's column of that heading (compared as the profile compares them)."""
        key = heading.strip().casefold()
        return next((i for i, h in enumerate(self.headings) if h.strip().casefold() == key), None)


def plan_layout(headings: list[str], profile: Profile) -> Layout:
    field_columns: dict[str, int] = {}
    problems: list[Problem] = []
    for i, heading in enumerate(headings):
        if is_nominal_heading(heading):
            problems.append(Problem("nominal-column", column=i, params={"column": heading}))
            continue
        targets = profile.fields_for(heading)
        if not targets and heading.strip() and not _composed_from(heading, profile):
            problems.append(Problem("unknown-column", column=i, params={"column": heading}))
        for target in targets:
            if target in field_columns or profile.given(target):
                problems.append(
                    Problem("duplicate-column", column=i, field=target, params={"column": heading})
                )
            else:
                field_columns[target] = i
    for name in REQUIRED_FIELDS:
        if name not in field_columns and not profile.given(name) and name not in profile.defaults:
            problems.append(Problem("missing-column", field=name, params={"column": name}))
    layout = Layout(field_columns, problems, False, list(headings))
    for name in profile.compose:
        for heading in profile.composed_headings(name, required=True):
            if layout.column_of(heading) is None:
                problems.append(Problem("missing-column", field=name, params={"column": heading}))
                layout.unmade.add(name)
    layout.refused = any(p.code == "nominal-column" for p in problems)
    return layout


def layout_of(con: duckdb.DuckDBPyConnection, source: Source, profile: Profile) -> Layout:
    """The layout of the file opened on `con` as `src_raw`, its country names resolved."""
    layout = plan_layout(source.headings, profile)
    if not layout.refused:
        resolve_names(con, layout, profile)
        layout.added = _profile_checks(layout, profile)
    return layout


def absent(name: str, layout: Layout, profile: Profile) -> bool:
    """Whether nothing gives field `name` a value: no column, constant, composition or default."""
    given = profile.given(name) and name not in layout.unmade
    return name not in layout.field_columns and not given and name not in profile.defaults


def _composed_from(heading: str, profile: Profile) -> bool:
    """Whether the profile reads a column other than through `[columns]`: in a composed field, or as the
    second column of a map."""
    key = heading.strip().casefold()
    seconds = [h for by in profile.values_by.values() for h in by]
    composed = [h for f in profile.compose for h in profile.composed_headings(f)]
    return any(key == h.strip().casefold() for h in [*composed, *seconds])


def resolve_names(con: duckdb.DuckDBPyConnection, layout: Layout, profile: Profile) -> None:
    """Resolve the country names of the profile's `country_names` fields once per distinct cell of `src_raw`
    (a file names few countries), so that the canonical text is a plain look-up of the names found."""
    codes = codelist("country").codes
    for name in profile.country_names:
        if name not in layout.field_columns:
            continue
        found = con.execute(f"SELECT DISTINCT {_mapped(name, layout, profile)} FROM src_raw").fetchall()
        resolved = {str(v): resolve_country(str(v)) for (v,) in found if v is not None and v not in codes}
        layout.names[name] = {text: code for text, code in resolved.items() if code}


def _value_map(expr: str, mapping: dict[str, str]) -> str:
    """The cell through the map; a value mapped to "" becomes empty (an optional field's "Other", which the
    code list has no word for), so that the field's default, or nothing, applies to it."""
    listed = {k: v for k, v in mapping.items() if k != ANY_OTHER}
    cases = " ".join(f"WHEN {sql_str(k.upper())} THEN {_mapped_to(v)}" for k, v in listed.items())
    # An empty cell stays empty, so that a default (or a missing-value error) applies to it.
    other = (
        f"CASE WHEN {expr} IS NOT NULL THEN {_mapped_to(mapping[ANY_OTHER])} END"
        if ANY_OTHER in mapping
        else expr
    )
    return f"CASE upper({expr}) {cases} ELSE {other} END" if cases else other


def _mapped_by(cell: str, otherwise: str, by: dict[str, dict[str, dict[str, str]]], layout: Layout) -> str:
    """The cell through the maps that hold where a second column has a given value, else `otherwise`. A
    second column the file does not have leaves the plain map."""
    whens = []
    for heading, cases in by.items():
        column = layout.column_of(heading)
        if column is None:
            continue
        for value, mapping in cases.items():
            for national, canonical in mapping.items():
                whens.append(
                    f"WHEN upper(trim(c{column})) = {sql_str(value.strip().upper())} "
                    f"AND upper({cell}) = {sql_str(national.strip().upper())} THEN {_mapped_to(canonical)}"
                )
    return f"CASE {' '.join(whens)} ELSE {otherwise} END" if whens else otherwise


def _mapped_to(value: str) -> str:
    return sql_str(value) if value.strip() else "NULL::VARCHAR"


def canon_expr(name: str, layout: Layout, profile: Profile) -> str:
    """The canonical text of field `name`: the source cell (or constant, or composition) after the profile's
    mappings, its default where the cell is empty."""
    if name in profile.constants:
        return sql_str(profile.constants[name])
    if name in profile.compose:
        return "NULL::VARCHAR" if name in layout.unmade else _composed(profile.compose[name], layout)
    if name not in layout.field_columns:
        return sql_str(profile.defaults[name]) if name in profile.defaults else "NULL::VARCHAR"
    expr = _mapped(name, layout, profile)
    names = layout.names.get(name)
    if names:
        lookup = ", ".join(f"{sql_str(k)}: {sql_str(v)}" for k, v in names.items())
        expr = f"coalesce(MAP {{{lookup}}}[{expr}], {expr})"
    if name in profile.defaults:
        expr = f"coalesce({expr}, {sql_str(profile.defaults[name])})"
    rule = rule_of(name)
    if name in profile.cut_long_text and isinstance(rule, Text):
        expr = f"left({expr}, {rule.max_length})"
    return expr


def _mapped(name: str, layout: Layout, profile: Profile) -> str:
    """The cell of field `name` after the profile's value map, unit conversion and number and date forms."""
    column = layout.field_columns[name]
    expr = _trimmed(column)
    rule = rule_of(name)
    mapping = profile.values.get(name)
    if mapping:
        if isinstance(rule, CodeSet):
            parts = f"list_transform(string_split({expr}, '{LIST_SEPARATOR}'), lambda x: {_value_map('trim(x)', mapping)})"
            expr = f"array_to_string({parts}, '{LIST_SEPARATOR}')"
        else:
            expr = _value_map(expr, mapping)
    by = profile.values_by.get(name)
    if by and not isinstance(rule, CodeSet):
        expr = _mapped_by(_trimmed(column), expr, by, layout)
    if isinstance(rule, Number | Integer):
        expr = plain_number(expr, profile, isinstance(rule, Number))
    if isinstance(rule, IsoDate) and profile.date_format != "%Y-%m-%d":
        expr = _reformat_date(expr, profile)
    if profile.units and name in ("quantity", "unit") and "unit" in layout.field_columns:
        expr = converted(name, expr, _trimmed(column), _trimmed(layout.field_columns["unit"]), profile)
    return expr


def _composed(template: str, layout: Layout) -> str:
    """A field made of the template's literal text, source columns (`{Heading}`) and the row (`{row}`); an
    optional part (`[ - {Heading}]`) only where every column it names has a value."""
    pieces = []
    for part, optional in template_parts(template):
        parts, cells = [], []
        for literal, heading, _, _ in string.Formatter().parse(part):
            if literal:
                parts.append(sql_str(literal))
            if heading == ROW:
                parts.append("_row::VARCHAR")
            elif heading is not None:
                column = layout.column_of(heading)
                cells.append(f"NULLIF(trim(c{column}), '')" if column is not None else "NULL")
                parts.append(f"coalesce(trim(c{column}), '')" if column is not None else "''")
        joined = f"concat({', '.join(parts) or chr(39) * 2})"
        if optional and cells:
            joined = f"CASE WHEN {' AND '.join(f'{c} IS NOT NULL' for c in cells)} THEN {joined} ELSE '' END"
        pieces.append(joined)
    return f"NULLIF(trim(concat({', '.join(pieces) or chr(39) * 2})), '')"


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


def _profile_checks(layout: Layout, profile: Profile) -> dict[str, FieldChecks]:
    """The checks the profile's powers add, by field: a quantity converted from a national unit, and free
    text the profile cuts to the contract's length (`cut_long_text`) rather than refuses."""
    checks: dict[str, FieldChecks] = {}
    columns = layout.field_columns
    if "quantity" in columns and "unit" in columns:
        conversion = conversion_checks(_trimmed(columns["quantity"]), _trimmed(columns["unit"]), profile)
        if conversion:
            checks["quantity"] = conversion
    ctx = SqlContext(date.today())
    for name in profile.cut_long_text:
        rule = rule_of(name)
        if name not in columns or not isinstance(rule, Text):
            continue
        whole = f"({_mapped(name, layout, profile)})"
        longer = f"length({whole}) > {rule.max_length}"
        # The whole text is screened, the part cut off too: what is refused is refused however long.
        errors = [
            (c, p) for c, p in rule.sql_checks(whole, ctx) if c in ("nominal-value", "control-character")
        ]
        checks[name] = FieldChecks(f"coalesce({longer}, false)", errors, [("text-cut", longer)])
    return checks


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
