"""The figures of each section of the annual report, read from the analysis tables of the store.

Cases, articles and values come from the models (`reporting_members`, `monthly_by_category`,
`monthly_value`, `case_facts`, `line_facts`) and the report's own tables (`monthly_breakdowns`,
`significant_candidates`, see models.py), never from the stored goods lines, and
follow their counting rules: a case counts once in a case-level breakdown and once under each item of a
goods-line breakdown; values are summed per value basis only. A period is selected by month, so the same
queries serve a calendar year and a WCO financial year, and a region by the Member's WCO region.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import duckdb

from cen_pipeline.report.i18n import Words
from cen_pipeline.report.period import ReportPeriod
from cen_pipeline.report.tables import (
    AMOUNT,
    CHANGE,
    DATE,
    INTEGER,
    PERCENT,
    Column,
    Table,
    change_pct,
    share_pct,
)

TOP = 10
SERIES_YEARS = 5
SIGNIFICANT_CASES = 10
CATEGORY_PROVENANCE_TOP = 8
BASES = ("declared", "retail", "msrp", "not_given")  # the value_basis code list order, then 'not given'


@dataclass(frozen=True)
class Breakdown:
    """One item of a breakdown: its code, cases now and before, articles now and value per basis now."""

    code: str
    cases: int
    cases_prev: int | None  # None: the previous period has no data at all (missing, not zero)
    articles: float
    values: dict[str, float | None]


class FigureReader:
    """Reads the figures of one period (and its previous one) and one region, or all, from a store."""

    def __init__(
        self, con: duckdb.DuckDBPyConnection, period: ReportPeriod, region: str | None, words: Words
    ) -> None:
        self.con = con
        self.period = period
        self.region = region
        self.words = words
        self.prev = period.previous
        self.bases = self._bases()
        self.prev_data = self.has_data(self.prev)

    def has_data(self, period: ReportPeriod) -> bool:
        """Whether any case of the scope was reported in `period`: a period without any is missing, not 0."""
        (cases,) = self._one(f"SELECT sum(cases) FROM reporting_members WHERE {self._scope(period)}")
        return bool(cases)

    # Selection helpers: the period (or the previous one) and the region, as SQL conditions.

    def _scope(self, period: ReportPeriod | None = None, prefix: str = "") -> str:
        where = (period or self.period).where(f"{prefix}year", f"{prefix}month")
        if self.region:
            where += f" AND {prefix}wco_region = '{self.region}'"  # a code checked against the code list
        return where

    def _both(self) -> str:
        both = f"({self.period.where()} OR {self.prev.where()})"
        return both + (f" AND wco_region = '{self.region}'" if self.region else "")

    def _one(self, sql: str, params: list[Any] | None = None) -> tuple[Any, ...]:
        row = self.con.execute(sql, params or []).fetchone()
        return row if row is not None else ()

    def _bases(self) -> list[str]:
        """The value bases with a valued goods line in the period, in the order of the code list."""
        rows = self.con.execute(
            f"SELECT DISTINCT value_basis FROM monthly_value WHERE {self._scope()} AND lines_valued > 0"
        ).fetchall()
        found = {str(r[0]) for r in rows}
        return [b for b in BASES if b in found]

    def main_basis(self) -> str | None:
        """The value basis of most valued goods lines in the period (rankings by value use it)."""
        row = self._one(
            f"""SELECT value_basis FROM monthly_value WHERE {self._scope()} AND value_eur IS NOT NULL
                GROUP BY 1 ORDER BY sum(lines_valued) DESC, 1 LIMIT 1"""
        )
        return str(row[0]) if row else None

    def basis_label(self, basis: str) -> str:
        """The short name of a value basis, for column headings (declared, retail, MSRP)."""
        return self.words.t(f"basis_{basis}")

    def value_columns(self) -> list[Column]:
        return [
            Column(f"value_{b}", self.words.t("c_value", basis=self.basis_label(b)), AMOUNT)
            for b in self.bases
        ]

    # Headline.

    def headline(self, period: ReportPeriod) -> dict[str, Any]:
        cases, members, lines = self._one(
            f"SELECT sum(cases), count(DISTINCT member), sum(lines) FROM reporting_members WHERE {self._scope(period)}"
        )
        (articles,) = self._one(f"SELECT sum(articles) FROM monthly_by_category WHERE {self._scope(period)}")
        hs_cases, hs_articles = self._one(
            f"""SELECT sum(cases), sum(articles) FROM monthly_breakdowns WHERE {self._scope(period)}
                AND breakdown = 'health_safety' AND item = 'yes' AND value_basis = 'all'"""
        )
        values = {
            str(r[0]): {"value_eur": r[1], "lines_valued": int(r[2]), "lines_unconverted": int(r[3])}
            for r in self.con.execute(
                f"""SELECT value_basis, sum(value_eur), sum(lines_valued), sum(lines_unconverted)
                    FROM monthly_value WHERE {self._scope(period)} GROUP BY 1"""
            ).fetchall()
        }
        return {
            "cases": int(cases or 0),
            "members": int(members or 0),
            "lines": int(lines or 0),
            "articles": float(articles or 0),
            "health_safety_cases": int(hs_cases or 0),
            "health_safety_articles": float(hs_articles or 0),
            "values": values,
        }

    def member_cases(self, period: ReportPeriod, members: list[str]) -> int:
        """The cases of `members` in `period`."""
        (cases,) = self._one(
            f"SELECT sum(cases) FROM reporting_members WHERE {self._scope(period)} AND list_contains(?, member)",
            [members],
        )
        return int(cases or 0)

    def headline_tables(self, now: dict[str, Any], before: dict[str, Any]) -> list[Table]:
        w = self.words
        cur, prev = self.period.label, self.prev.label
        columns = [
            Column("indicator", w.t("c_indicator")),
            Column("current", w.t("c_current", period=cur), INTEGER),
            Column("previous", w.t("c_previous", prev=prev), INTEGER),
            Column("change_pct", w.t("c_change_pct"), CHANGE),
        ]
        rows = [
            [w.t(f"h_{key}"), now[key], before[key], change_pct(now[key], before[key])]
            if self.prev_data
            else [w.t(f"h_{key}"), now[key], None, None]  # no earlier year to compare with
            for key in ("cases", "articles", "members", "lines", "health_safety_cases")
        ]
        headline = Table("headline", w.t("t_headline"), columns, rows)
        value_rows = []
        for basis in self.bases:
            n, b = now["values"].get(basis, {}), before["values"].get(basis, {})
            value_rows.append(
                [
                    basis,
                    w.code("value_basis", basis),
                    n.get("value_eur"),
                    b.get("value_eur"),
                    change_pct(n.get("value_eur"), b.get("value_eur")),
                    n.get("lines_valued", 0),
                    n.get("lines_unconverted", 0),
                ]
            )
        values = Table(
            "values",
            w.t("t_values"),
            [
                Column("basis", w.t("c_code"), on_page=False),
                Column("label", w.t("c_basis")),
                Column("value_eur", w.t("c_current", period=cur) + " EUR", AMOUNT),
                Column("value_eur_prev", w.t("c_previous", prev=prev) + " EUR", AMOUNT),
                Column("change_pct", w.t("c_change_pct"), CHANGE),
                Column("lines_valued", w.t("c_lines_valued"), INTEGER),
                Column("lines_unconverted", w.t("c_lines_unconverted"), INTEGER),
            ],
            value_rows,
        )
        return [headline, values]

    def series(self) -> list[tuple[str, int, float]]:
        """Cases and articles of the last SERIES_YEARS periods that have data (for the summary chart)."""
        out = []
        for back in range(SERIES_YEARS - 1, -1, -1):
            p = self.period.back(back)
            (cases,) = self._one(f"SELECT sum(cases) FROM reporting_members WHERE {self._scope(p)}")
            (articles,) = self._one(f"SELECT sum(articles) FROM monthly_by_category WHERE {self._scope(p)}")
            if cases:  # a period without data is left out of the series, not drawn as 0
                out.append((p.label, int(cases), float(articles or 0)))
        return out

    # Breakdowns.

    def breakdown(self, name: str) -> list[Breakdown]:
        """Every item of a breakdown of `monthly_breakdowns` with cases in the period, most cases first."""
        value_cols = "".join(
            f", sum(value_eur) FILTER (WHERE cur AND value_basis = '{b}')" for b in self.bases
        )
        rows = self.con.execute(
            f"""SELECT item,
                   sum(cases) FILTER (WHERE cur AND value_basis = 'all'),
                   sum(cases) FILTER (WHERE NOT cur AND value_basis = 'all'),
                   sum(articles) FILTER (WHERE cur AND value_basis = 'all') {value_cols}
                FROM (SELECT *, {self.period.where()} AS cur FROM monthly_breakdowns
                      WHERE breakdown = ? AND {self._both()})
                GROUP BY item HAVING sum(cases) FILTER (WHERE cur AND value_basis = 'all') > 0
                ORDER BY 2 DESC, 1""",
            [name],
        ).fetchall()
        return [self._item(r) for r in rows]

    def _item(self, r: tuple[Any, ...]) -> Breakdown:
        return Breakdown(
            code=str(r[0]),
            cases=int(r[1] or 0),
            cases_prev=int(r[2] or 0) if self.prev_data else None,
            articles=float(r[3] or 0),
            values={b: (None if v is None else float(v)) for b, v in zip(self.bases, r[4:], strict=True)},
        )

    def by_model(self, column: str) -> list[Breakdown]:
        """A breakdown by Member, WCO region or product category, read from the monthly models."""
        cases_source = "monthly_by_category" if column == "product_category" else "reporting_members"
        value_cols = "".join(f", sum(v.value_eur) FILTER (WHERE v.value_basis = '{b}')" for b in self.bases)
        rows = self.con.execute(
            f"""WITH c AS (SELECT {column} AS item,
                              sum(cases) FILTER (WHERE {self.period.where()}) AS cases,
                              sum(cases) FILTER (WHERE {self.prev.where()}) AS cases_prev
                           FROM {cases_source} WHERE {self._both()} GROUP BY 1),
                     a AS (SELECT {column} AS item, sum(articles) AS articles
                           FROM monthly_by_category WHERE {self._scope()} GROUP BY 1),
                     v AS (SELECT {column} AS item, value_basis, sum(value_eur) AS value_eur
                           FROM monthly_value WHERE {self._scope()} GROUP BY 1, 2)
                SELECT c.item, c.cases, c.cases_prev, a.articles {value_cols}
                FROM c LEFT JOIN a USING (item) LEFT JOIN v USING (item)
                WHERE c.cases > 0
                GROUP BY c.item, c.cases, c.cases_prev, a.articles
                ORDER BY c.cases DESC, c.item"""
        ).fetchall()
        return [self._item(r) for r in rows]

    def breakdown_table(
        self,
        key: str,
        title: str,
        items: list[Breakdown],
        list_name: str,
        total_cases: int,
        top: int | None = TOP,
        label_of: Any = None,
    ) -> Table:
        """The standard table of a breakdown: cases now and before, change, share, articles, values."""
        w = self.words
        label = label_of or (lambda code: w.code(list_name, code))
        columns = [
            Column("code", w.t("c_code"), on_page=False),
            Column("label", w.t("c_label")),
            Column("cases", w.t("c_cases"), INTEGER),
            Column("cases_prev", w.t("c_cases_prev", prev=self.prev.label), INTEGER),
            Column("change_pct", w.t("c_change_pct"), CHANGE),
            Column("share_pct", w.t("c_share_pct"), PERCENT),
            Column("articles", w.t("c_articles"), INTEGER),
            *self.value_columns(),
        ]
        rows = [
            [
                i.code,
                label(i.code),
                i.cases,
                i.cases_prev,
                change_pct(i.cases, i.cases_prev),
                share_pct(i.cases, total_cases),
                i.articles,
                *(i.values.get(b) for b in self.bases),
            ]
            for i in (items[:top] if top else items)
        ]
        return Table(key, title, columns, rows)

    def members_per_region(self) -> dict[str, int]:
        rows = self.con.execute(
            f"SELECT wco_region, count(DISTINCT member) FROM reporting_members WHERE {self._scope()} GROUP BY 1"
        ).fetchall()
        return {str(r[0]): int(r[1]) for r in rows}

    def category_series(self, categories: list[str]) -> Table:
        """Cases per product category over the last SERIES_YEARS periods, for the current top categories."""
        w = self.words
        periods = [self.period.back(b) for b in range(SERIES_YEARS - 1, -1, -1)]
        periods = [
            p for p in periods if p == self.period or self.has_data(p)
        ]  # no column for a year without data
        cols = ", ".join(f"sum(cases) FILTER (WHERE {p.where()})" for p in periods)
        scope = f" AND wco_region = '{self.region}'" if self.region else ""
        found = {
            str(r[0]): [int(v or 0) for v in r[1:]]
            for r in self.con.execute(
                f"SELECT product_category, {cols} FROM monthly_by_category WHERE product_category IN "
                f"(SELECT unnest(?::VARCHAR[])){scope} GROUP BY 1",
                [categories],
            ).fetchall()
        }
        columns = [
            Column("code", w.t("c_code"), on_page=False),
            Column("label", w.t("c_category")),
            *(Column(f"cases_{p.label}", p.label, INTEGER) for p in periods),
        ]
        rows = [[c, w.code("product_category", c), *found.get(c, [0] * len(periods))] for c in categories]
        return Table("categories_series", w.t("t_categories_series"), columns, rows)

    def health_safety_categories(self) -> list[Breakdown]:
        rows = self.con.execute(
            f"""SELECT product_category, sum(health_safety_cases) FILTER (WHERE {self.period.where()}),
                       sum(health_safety_cases) FILTER (WHERE {self.prev.where()}), NULL
                FROM monthly_by_category WHERE {self._both()} GROUP BY 1
                HAVING sum(health_safety_cases) FILTER (WHERE {self.period.where()}) > 0
                ORDER BY 2 DESC, 1"""
        ).fetchall()
        return [
            Breakdown(str(r[0]), int(r[1] or 0), int(r[2] or 0) if self.prev_data else None, 0.0, {})
            for r in rows
        ]

    def category_provenance(self, categories: list[str], basis: str | None) -> Table:
        """For each category, its main provenance country by articles and by value (on `basis`)."""
        w = self.words
        # The leading country of each category: by articles (all lines), by value (on `basis`), ties to the
        # first code.
        top = "QUALIFY row_number() OVER (PARTITION BY category ORDER BY amount DESC, country) = 1"
        leading = {
            str(r[0]): r[1:]
            for r in self.con.execute(
                f"""WITH lines AS (
                        SELECT split_part(item, '|', 1) AS category, split_part(item, '|', 2) AS country,
                               value_basis, articles, value_eur
                        FROM monthly_breakdowns WHERE breakdown = 'category_provenance' AND {self._scope()}),
                    by_articles AS (
                        SELECT category, country, sum(articles) AS amount FROM lines
                        WHERE value_basis = 'all' GROUP BY category, country {top}),
                    by_value AS (
                        SELECT category, country, sum(value_eur) AS amount FROM lines
                        WHERE value_basis = ? AND value_eur IS NOT NULL GROUP BY category, country {top})
                    SELECT category, a.country, a.amount, v.country, v.amount
                    FROM by_articles a FULL JOIN by_value v USING (category)""",
                [basis],
            ).fetchall()
        }
        rows = []
        for category in categories:
            a_code, a_articles, v_code, v_value = leading.get(category, (None, None, None, None))
            rows.append(
                [
                    category,
                    w.code("product_category", category),
                    a_code,
                    w.country(a_code) if a_code else "",
                    a_articles,
                    v_code,
                    w.country(v_code) if v_code else "",
                    v_value,
                ]
            )
        basis_label = self.basis_label(basis) if basis else ""
        columns = [
            Column("category", w.t("c_code"), on_page=False),
            Column("label", w.t("c_category")),
            Column("by_articles", w.t("c_code"), on_page=False),
            Column("by_articles_label", f"{w.t('c_country')} ({w.t('by_articles')})"),
            Column("articles", w.t("c_articles"), INTEGER),
            Column("by_value", w.t("c_code"), on_page=False),
            Column("by_value_label", f"{w.t('c_country')} ({w.t('by_value', basis=basis_label)})"),
            Column("value", w.t("c_value", basis=basis_label), AMOUNT),
        ]
        return Table("category_provenance", w.t("t_category_provenance"), columns, rows)

    # Cases: significant seizures.

    def significant(self) -> Table:
        """The SIGNIFICANT_CASES cases with the most articles (ties: value in EUR, then Member and reference),
        ranked among the largest cases of each month and region (significant_candidates)."""
        w = self.words
        rows = self.con.execute(
            f"""SELECT member, case_ref, seizure_date, categories, departure_country, destination_country,
                       conveyance, health_safety, articles, value_eur, value_bases
                FROM significant_candidates WHERE {self._scope()}
                ORDER BY articles DESC, value_eur DESC NULLS LAST, member, case_ref
                LIMIT {SIGNIFICANT_CASES}"""
        ).fetchall()
        columns = [
            Column("member", w.t("c_member"), on_page=False),
            Column("case_ref", w.t("c_case_ref")),
            Column("seizure_date", w.t("c_date"), DATE),
            Column("categories", w.t("c_categories")),
            Column("route", w.t("c_route")),
            Column("conveyance", w.t("c_conveyance")),
            Column("health_safety", w.t("c_health_safety")),
            Column("articles", w.t("c_articles"), INTEGER),
            Column("value_eur", w.t("c_value_eur"), AMOUNT),
            Column("basis", w.t("c_basis")),
        ]
        out = [
            [
                r[0],
                r[1],
                r[2],
                ", ".join(w.code("product_category", c) for c in str(r[3] or "").split("|") if c),
                w.route(f"{r[4]}->{r[5]}"),
                w.code("conveyance", r[6]),
                w.code("", r[7]),
                float(r[8]),
                r[9],
                ", ".join(self.basis_label(b) for b in str(r[10] or "").split("|") if b),
            ]
            for r in rows
        ]
        return Table("significant", w.t("t_significant"), columns, out)

    # Coverage.

    def coverage(self) -> Table:
        w = self.words
        scope = f" AND m.wco_region = '{self.region}'" if self.region else ""
        rows = self.con.execute(
            f"""SELECT v.member, m.wco_region,
                       count(*) FILTER (WHERE v.status = 'reported'),
                       count(*) FILTER (WHERE v.status = 'nil_return'),
                       count(*) FILTER (WHERE v.status = 'not_reported'),
                       coalesce(sum(v.cases), 0)
                FROM coverage v LEFT JOIN members m ON m.code = v.member
                WHERE {self.period.where_date("v.month")}{scope}
                GROUP BY 1, 2 ORDER BY 6 DESC, 1"""
        ).fetchall()
        columns = [
            Column("member", w.t("c_code"), on_page=False),
            Column("label", w.t("c_member")),
            Column("region", w.t("c_region")),
            Column("cases", w.t("c_cases"), INTEGER),
            Column("months_reported", w.t("c_months_reported"), INTEGER),
            Column("months_nil", w.t("c_months_nil"), INTEGER),
            Column("months_missing", w.t("c_months_missing"), INTEGER),
        ]
        out = [
            [r[0], w.code("member", r[0]), w.code("wco_region", r[1]), int(r[5]), r[2], r[3], r[4]]
            for r in rows
        ]
        return Table("coverage", w.t("t_coverage"), columns, out)


def rate(value: float | None) -> float | None:
    """A share from 0 to 1 as a percentage."""
    return None if value is None else round(value * 100, 1)
