"""The text of each section, written from its figures: what rose or fell and by how much, the largest shares,
the first item. Every sentence is a message of `reports/annual/messages.toml` filled with formatted numbers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cen_pipeline.report.figures import SIGNIFICANT_CASES
from cen_pipeline.report.i18n import Words
from cen_pipeline.report.period import ReportPeriod
from cen_pipeline.report.tables import Section, change_pct


class Writer:
    def __init__(self, words: Words, period: ReportPeriod, scope: str) -> None:
        self.w = words
        self.period = period
        self.scope = scope

    def direction(self, pct: float | None) -> str:
        if pct is None or pct == 0:
            return self.w.t("stable")
        return self.w.t("rising" if pct > 0 else "falling")

    def change(self, current: float | None, previous: float | None) -> str:
        """`rose by 7.6%`, `fell by 3.0%` or `was unchanged`, in the report's language."""
        pct = change_pct(current, previous)
        if pct is None or pct == 0:
            return self.w.t("stable")
        return self.w.t("change_up" if pct > 0 else "change_down", pct=self.w.percent(abs(pct)))

    def pct(self, value: float | None, signed: bool = False) -> str:
        return self.w.percent(value, signed) if value is not None else "–"

    def top(self, f: dict[str, Any]) -> list[str]:
        """The first and second items of a breakdown with their shares of cases."""
        w = self.w
        if "top" not in f:
            return []
        if "second" not in f:
            return [w.t("n_top_single", top=f["top"], cases=w.integer(f["top_cases"]))]
        return [
            w.t(
                "n_top",
                top=f["top"],
                share=self.pct(f["top_share"]),
                cases=w.integer(f["top_cases"]),
                second=f["second"],
                share2=self.pct(f["second_share"]),
            )
        ]

    def item_change(self, f: dict[str, Any]) -> list[str]:
        if "top" not in f or not f.get("top_cases_prev"):
            return []
        return [
            self.w.t(
                "n_change_item",
                item=f["top"],
                change=self.change(f["top_cases"], f["top_cases_prev"]),
                prev=self.period.previous.label,
            )
        ]

    # Sections.

    def summary(self, f: dict[str, Any]) -> list[str]:
        w, now, before = self.w, f["now"], f["before"]
        text = [
            w.t(
                "n_summary_cases",
                period=self.period.label,
                members=w.integer(now["members"]),
                cases=w.integer(now["cases"]),
                articles=w.integer(now["articles"]),
            )
        ]
        if before["cases"]:
            text.append(
                w.t(
                    "n_summary_change",
                    change=self.change(now["cases"], before["cases"]),
                    prev=self.period.previous.label,
                    cases_prev=w.integer(before["cases"]),
                    change_articles=self.change(now["articles"], before["articles"]),
                )
            )
        else:
            text.append(w.t("n_summary_nochange", prev=self.period.previous.label))
        changed = f.get("reporting_changes")
        if changed and before["cases"]:
            others, others_prev = now["cases"] - changed["cases"], before["cases"] - changed["cases_prev"]
            text.append(
                w.t(
                    "n_summary_reporting",
                    members=", ".join(w.code("member", m) for m in changed["members"]),
                    cases=w.integer(changed["cases"]),
                    cases_prev=w.integer(changed["cases_prev"]),
                    change_others=self.change(others, others_prev) if others_prev > 0 else w.t("stable"),
                )
            )
        for basis, v in sorted(now["values"].items(), key=lambda kv: -(kv[1]["lines_valued"] or 0)):
            if v["value_eur"] is not None and basis != "not_given":
                text.append(
                    w.t(
                        "n_summary_value",
                        value=w.integer(v["value_eur"]),
                        basis=w.code("value_basis", basis).lower(),
                        lines=w.integer(v["lines_valued"] - v["lines_unconverted"]),
                    )
                )
        if now["cases"]:
            text.append(
                w.t(
                    "n_summary_hs",
                    hs_cases=w.integer(now["health_safety_cases"]),
                    hs_share=self.pct(100 * now["health_safety_cases"] / now["cases"]),
                )
            )
        return text

    def caveats(self, f: dict[str, Any]) -> list[str]:
        w = self.w
        return [
            w.t("n_caveats_1"),
            w.t(
                "n_caveats_2",
                missing=w.integer(f["missing"]),
                member_months=w.integer(f["member_months"]),
            ),
            w.t("n_caveats_3"),
            w.t("n_caveats_4"),
        ]

    def coverage(self, f: dict[str, Any]) -> list[str]:
        w = self.w
        return [
            w.t(
                "n_coverage",
                members=w.integer(f["members"]),
                period=self.period.label,
                full=w.integer(f["full"]),
                nil=w.integer(f["nil"]),
            ),
            w.t("m_coverage"),
        ]

    def regions(self, f: dict[str, Any]) -> list[str]:
        return [*self.top(f), *self.item_change(f)]

    def members(self, f: dict[str, Any]) -> list[str]:
        if "top" not in f:
            return []
        w = self.w
        return [
            w.t(
                "n_members",
                n=w.integer(f["n"]),
                share=self.pct(f["top_n_share"]),
                top=f["top"],
                cases=w.integer(f["top_cases"]),
            ),
            *self.item_change(f),
        ]

    def categories(self, f: dict[str, Any]) -> list[str]:
        w = self.w
        text = [*self.top(f)]
        if "top_articles" in f:
            text.append(
                w.t(
                    "n_top_articles",
                    top=f["top_articles"],
                    articles=w.integer(f["top_articles_n"]),
                    share=self.pct(f["top_articles_share"]),
                )
            )
        text += self.item_change(f)
        series = f["series"]
        if series.rows:
            first, last = series.rows[0][2], series.rows[0][-1]
            labels = [c.label for c in series.columns[2:]]
            text.append(
                w.t(
                    "n_categories_series",
                    first=labels[0],
                    last=labels[-1],
                    top=series.rows[0][1],
                    direction=self.direction(change_pct(last, first) if first else None),
                    from_cases=w.integer(first),
                    to_cases=w.integer(last),
                )
            )
        return text

    def health_safety(self, f: dict[str, Any]) -> list[str]:
        w = self.w
        if not f["cases"]:
            return [w.t("n_health_safety_none")]
        return [
            w.t(
                "n_health_safety",
                cases=w.integer(f["cases"]),
                share=self.pct(f["share"]),
                articles=w.integer(f["articles"]),
                top=f.get("top", ""),
                top_cases=w.integer(f.get("top_cases", 0)),
            )
        ]

    def provenance(self, f: dict[str, Any]) -> list[str]:
        w = self.w
        if "top" not in f:
            return []
        text = [
            w.t(
                "n_provenance",
                top=f["top"],
                share=self.pct(f["top_share"]),
                dest=f.get("dest", ""),
                dest_share=self.pct(f.get("dest_share")),
            )
        ]
        for row in f["category_provenance"]:
            if row["by_articles_label"] and row["by_value_label"]:
                text.append(
                    w.t(
                        "n_category_provenance",
                        category=row["label"],
                        country=row["by_articles_label"],
                        country_value=row["by_value_label"],
                    )
                )
        return text

    def routes(self, f: dict[str, Any]) -> list[str]:
        w = self.w
        if "top" not in f:
            return []
        if "new" not in f:  # no earlier year to compare with
            return [
                w.t(
                    "n_routes_first",
                    route=f["top"],
                    cases=w.integer(f["top_cases"]),
                    share=self.pct(f["top_share"]),
                )
            ]
        return [
            w.t(
                "n_routes",
                route=f["top"],
                cases=w.integer(f["top_cases"]),
                share=self.pct(f["top_share"]),
                new=w.integer(f["new"]),
                prev=self.period.previous.label,
            )
        ]

    def conveyance(self, f: dict[str, Any]) -> list[str]:
        if "top" not in f:
            return []
        return [
            self.w.t(
                "n_conveyance", top=f["top"], share=self.pct(f["top_share"]), parcels=self.pct(f["parcels"])
            ),
            *self.item_change(f),
        ]

    def ipr(self, f: dict[str, Any]) -> list[str]:
        if "top" not in f:
            return []
        return [self.w.t("n_ipr", top=f["top"], share=self.pct(f["top_share"])), *self.item_change(f)]

    def procedure(self, f: dict[str, Any]) -> list[str]:
        shares = f["shares"]
        return [
            self.w.t(
                "n_procedure",
                ex_officio=self.pct(shares.get("ex_officio", 0.0)),
                application=self.pct(shares.get("application", 0.0)),
            )
        ]

    def outcomes(self, f: dict[str, Any]) -> list[str]:
        if "top" not in f:
            return []
        return [self.w.t("n_outcomes", top=f["top"], share=self.pct(f["top_share"])), *self.item_change(f)]

    def small(self, f: dict[str, Any]) -> list[str]:
        return [self.w.t("n_small", small=self.pct(f["small"]), ecommerce=self.pct(f["ecommerce"]))]

    def brands(self, f: dict[str, Any]) -> list[str]:
        w = self.w
        if "top" not in f:
            return [w.t("n_brands_none")]
        return [
            w.t(
                "n_brands",
                top=f["top"],
                cases=w.integer(f["top_cases"]),
                top_articles=f["top_articles"],
                articles=w.integer(f["top_articles_n"]),
            )
        ]

    def concealment(self, f: dict[str, Any]) -> list[str]:
        if "top" not in f or "detection" not in f:
            return []
        return [
            self.w.t(
                "n_concealment",
                top=f["top"],
                share=self.pct(f["share"]),
                detection=f["detection"],
                detection_share=self.pct(f["detection_share"]),
            )
        ]

    def significant(self, f: dict[str, Any]) -> list[str]:
        w = self.w
        text = [w.t("m_significant", n=w.integer(f["rule_n"]))]
        if f["n"]:
            text.append(
                w.t(
                    "n_significant",
                    n=w.integer(f["n"]),
                    articles=w.integer(f["articles"]),
                    share=self.pct(f["share"]),
                    case=f["case"],
                    member=w.code("member", f["member"]),
                    largest=w.integer(f["largest"]),
                )
            )
        return text

    def alerts(self, f: dict[str, Any]) -> list[str]:
        w = self.w
        if f["n"]:
            kinds = ", ".join(
                f"{w.integer(n)} × {w.t('alerts_kind_' + kind).lower()}"
                for kind, n in sorted(f["by_kind"].items())
            )
            text = [w.t("n_alerts", n=w.integer(f["n"]), by_kind=kinds)]
        else:
            text = [w.t("n_alerts_none")]
        if f["missing"]:
            text.append(w.t("n_alerts_missing", months=", ".join(f["missing"]), first=f["missing"][0]))
        return text

    def quality(self, f: dict[str, Any]) -> list[str]:
        w = self.w
        regions = [r for r in f["rows"] if r["completeness"] is not None and r["region"] != "ALL"]
        overall = next((r for r in f["rows"] if r["region"] == "ALL"), None)
        text = [w.t("m_quality_year", year=f["year"])] if f["year"] else []
        if not regions or overall is None:
            return [*text, w.t("n_quality_none")]
        low = min(regions, key=lambda r: r["completeness"])
        high = max(regions, key=lambda r: r["completeness"])
        text.append(
            w.t(
                "n_quality",
                low=self.pct(low["completeness"]),
                low_region=low["label"],
                high=self.pct(high["completeness"]),
                high_region=high["label"],
                validity=self.pct(overall["validity"]),
            )
        )
        return text

    def methodology(self, f: dict[str, Any]) -> list[str]:
        w, p = self.w, self.period
        period = (
            w.t("m_period_fiscal", label=p.label, start=p.year - 1, end=p.year)
            if p.fiscal
            else w.t("m_period_calendar", year=p.year, prev=p.previous.label)
        )
        text = [
            period,
            w.t("m_counting"),
            w.t("m_articles"),
            w.t("m_values", unconverted=w.integer(f["unconverted"])),
            w.t("m_region"),
            w.t("m_significant", n=w.integer(SIGNIFICANT_CASES)),
            w.t("m_coverage"),
            w.t("m_sources"),
        ]
        if f.get("quality_year"):
            text.append(w.t("m_quality_year", year=f["quality_year"]))
        return text


def write(sections: list[Section], words: Words, period: ReportPeriod, scope: str) -> None:
    """Fill the text of every section from its facts."""
    writer = Writer(words, period, scope)
    for section in sections:
        method: Callable[[dict[str, Any]], list[str]] = getattr(writer, section.key)
        section.text = method(section.facts)
