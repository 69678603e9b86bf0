"""The sections of the annual report in their order, each with its tables and the facts its text is written from."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import duckdb

from cen_pipeline.alerts.config import Alert
from cen_pipeline.alerts.months import month_label
from cen_pipeline.quality.scorecard import ScoreRow
from cen_pipeline.report.figures import (
    CATEGORY_PROVENANCE_TOP,
    SIGNIFICANT_CASES,
    TOP,
    Breakdown,
    FigureReader,
    rate,
)
from cen_pipeline.report.i18n import Words
from cen_pipeline.report.period import ReportPeriod
from cen_pipeline.report.tables import DECIMAL, INTEGER, PERCENT, Column, Section, Table, share_pct

SECTION_KEYS: tuple[str, ...] = (
    "summary",
    "caveats",
    "coverage",
    "regions",
    "members",
    "categories",
    "health_safety",
    "provenance",
    "routes",
    "conveyance",
    "ipr",
    "procedure",
    "outcomes",
    "small",
    "brands",
    "concealment",
    "significant",
    "alerts",
    "quality",
    "methodology",
)
MAX_ALERTS = 30


@dataclass
class Inputs:
    """What the report reads besides the analysis tables: the alert run and the quality scorecard."""

    alerts: list[Alert] = field(default_factory=list)
    months_without_alerts: list[str] = field(default_factory=list)
    quality: list[ScoreRow] = field(default_factory=list)
    quality_year: int | None = None


def _top_facts(items: list[Breakdown], label: Any, total_cases: int) -> dict[str, Any]:
    """The facts every breakdown's text draws on: its first two items with their shares."""
    facts: dict[str, Any] = {"items": len(items), "total_cases": total_cases}
    if items:
        facts.update(
            top=label(items[0].code),
            top_code=items[0].code,
            top_cases=items[0].cases,
            top_share=share_pct(items[0].cases, total_cases),
            top_cases_prev=items[0].cases_prev,
        )
    if len(items) > 1:
        facts.update(second=label(items[1].code), second_share=share_pct(items[1].cases, total_cases))
    return facts


def build_sections(
    con: duckdb.DuckDBPyConnection, period: ReportPeriod, region: str | None, words: Words, inputs: Inputs
) -> list[Section]:
    """Every section of the report with its tables and facts (the text is written by `narrative`)."""
    w = words
    r = FigureReader(con, period, region, w)
    now, before = r.headline(period), r.headline(period.previous)
    total = now["cases"]
    sections = {key: Section(key, w.t(f"s_{key}")) for key in SECTION_KEYS}
    code = w.code

    s = sections["summary"]
    s.tables = r.headline_tables(now, before)
    main = r.main_basis()
    s.facts = {"now": now, "before": before, "main_basis": main, "series": r.series()}
    # A Member that changed how it reports (a new system, a service reporting for the first time) moves the
    # totals without any change in seizures: the headline says so beside the figure, and what is left without it.
    changed = sorted({a.stratum for a in inputs.alerts if a.kind == "reporting_change"})
    if changed:
        s.facts["reporting_changes"] = {
            "members": changed,
            "cases": r.member_cases(period, changed),
            "cases_prev": r.member_cases(period.previous, changed),
        }

    s = sections["caveats"]
    coverage = r.coverage()
    s.facts = {
        "missing": sum(coverage.values("months_missing")),
        "member_months": sum(
            a + b + c
            for a, b, c in zip(
                coverage.values("months_reported"),
                coverage.values("months_nil"),
                coverage.values("months_missing"),
                strict=True,
            )
        ),
    }

    s = sections["coverage"]
    s.tables = [coverage]
    s.facts = {
        "members": now["members"],
        "full": sum(1 for m in coverage.values("months_reported") if m == 12),
        "nil": sum(1 for m in coverage.values("months_nil") if m > 0),
    }

    s = sections["regions"]
    regions = r.by_model("wco_region")
    table = r.breakdown_table("regions", w.t("t_regions"), regions, "wco_region", total, top=None)
    per_region = r.members_per_region()
    table.columns.insert(2, Column("members", w.t("c_members"), INTEGER))
    for row in table.rows:
        row.insert(2, per_region.get(row[0], 0))
    s.tables = [table]
    s.facts = _top_facts(regions, lambda c: code("wco_region", c), total)
    s.facts["chart"] = [(code("wco_region", i.code), i.cases, i.cases_prev) for i in regions]

    s = sections["members"]
    members = r.by_model("member")
    s.tables = [r.breakdown_table("members", w.t("t_members"), members, "member", total)]
    s.facts = _top_facts(members, lambda c: code("member", c), total)
    s.facts["n"] = min(TOP, len(members))
    s.facts["top_n_share"] = share_pct(sum(i.cases for i in members[:TOP]), total)
    s.facts["chart"] = [(code("member", i.code), i.cases, i.cases_prev) for i in members[:TOP]]

    s = sections["categories"]
    categories = r.by_model("product_category")
    table = r.breakdown_table("categories", w.t("t_categories"), categories, "product_category", total)
    series = r.category_series([i.code for i in categories[:TOP]])
    s.tables = [table, series]
    s.facts = _top_facts(categories, lambda c: code("product_category", c), total)
    by_articles = sorted(categories, key=lambda i: (-i.articles, i.code))
    if by_articles:
        s.facts.update(
            top_articles=code("product_category", by_articles[0].code),
            top_articles_n=by_articles[0].articles,
            top_articles_share=share_pct(by_articles[0].articles, now["articles"]),
        )
    s.facts["series"] = series

    s = sections["health_safety"]
    hs = r.health_safety_categories()
    s.tables = [
        r.breakdown_table(
            "health_safety", w.t("t_health_safety"), hs, "product_category", now["health_safety_cases"]
        )
    ]
    # Goods-line articles and values do not apply to this table (its cases are cases with such goods).
    keep = [c.key for c in s.tables[0].columns][:6]
    s.tables[0].columns = s.tables[0].columns[:6]
    s.tables[0].rows = [row[: len(keep)] for row in s.tables[0].rows]
    s.facts = {
        "cases": now["health_safety_cases"],
        "share": share_pct(now["health_safety_cases"], total),
        "articles": now["health_safety_articles"],
        **({"top": code("product_category", hs[0].code), "top_cases": hs[0].cases} if hs else {}),
    }

    s = sections["provenance"]
    departure = r.breakdown("departure_country")
    destination = r.breakdown("destination_country")
    s.tables = [
        r.breakdown_table("departure", w.t("t_departure"), departure, "country", total),
        r.breakdown_table("destination", w.t("t_destination"), destination, "country", total),
        r.category_provenance([i.code for i in by_articles[:CATEGORY_PROVENANCE_TOP]], main),
    ]
    s.facts = _top_facts(departure, w.country, total)
    if destination:
        s.facts.update(dest=w.country(destination[0].code), dest_share=share_pct(destination[0].cases, total))
    s.facts["category_provenance"] = s.tables[2].records()[:3]

    s = sections["routes"]
    routes = r.breakdown("route")
    table = r.breakdown_table("routes", w.t("t_routes"), routes, "", total, label_of=w.route)
    s.tables = [table]
    s.facts = _top_facts(routes, w.route, total)
    if r.prev_data:  # a route is new only against a year that has routes
        prev_top = {
            i.code for i in sorted(routes, key=lambda i: (-(i.cases_prev or 0), i.code))[:TOP] if i.cases_prev
        }
        table.columns.append(Column("new", w.t("c_new")))
        for row in table.rows:
            row.append(w.t("no") if row[0] in prev_top else w.t("yes"))
        s.facts["new"] = sum(1 for row in table.rows if row[0] not in prev_top)
    s.facts["flows"] = [(i.code.split("->")[0], i.code.split("->")[-1], i.cases) for i in routes[:TOP]]

    s = sections["conveyance"]
    conveyance = r.breakdown("conveyance")
    s.tables = [
        r.breakdown_table("conveyance", w.t("t_conveyance"), conveyance, "conveyance", total, top=None),
        r.breakdown_table(
            "environment",
            w.t("t_environment"),
            r.breakdown("shipping_environment"),
            "shipping_environment",
            total,
            top=None,
            label_of=lambda c: c.capitalize() if c != "not_given" else w.t("not_given"),
        ),
        r.breakdown_table("traffic", w.t("t_traffic"), r.breakdown("traffic"), "traffic", total, top=None),
    ]
    s.facts = _top_facts(conveyance, lambda c: code("conveyance", c), total)
    s.facts["parcels"] = share_pct(
        sum(i.cases for i in conveyance if i.code in ("postal", "express_courier")), total
    )
    s.facts["chart"] = [(code("conveyance", i.code), i.cases, i.cases_prev) for i in conveyance]

    for key, name, list_name, title in (
        ("ipr", "ipr_type", "ipr_type", "t_ipr"),
        ("procedure", "procedure_initiation", "procedure_initiation", "t_procedure"),
        ("outcomes", "outcome", "outcome", "t_outcomes"),
    ):
        items = r.breakdown(name)
        sections[key].tables = [r.breakdown_table(key, w.t(title), items, list_name, total, top=None)]
        sections[key].facts = _top_facts(items, lambda c, ln=list_name: code(ln, c), total)
        sections[key].facts["shares"] = {i.code: share_pct(i.cases, total) for i in items}

    s = sections["small"]
    small = r.breakdown("small_consignment")
    ecommerce = r.breakdown("ecommerce")
    s.tables = [
        r.breakdown_table("small_consignments", w.t("t_small"), small, "", total, top=None),
        r.breakdown_table("ecommerce", w.t("t_ecommerce"), ecommerce, "", total, top=None),
    ]

    def given_share(items: list[Breakdown]) -> float | None:
        given = sum(i.cases for i in items if i.code in ("yes", "no"))
        return share_pct(sum(i.cases for i in items if i.code == "yes"), given)

    s.facts = {"small": given_share(small), "ecommerce": given_share(ecommerce)}

    s = sections["brands"]
    brands = [i for i in r.breakdown("brand") if i.code != "not_given"]
    brands_by_articles = sorted(brands, key=lambda i: (-i.articles, i.code))
    s.tables = [
        r.breakdown_table("brands_cases", w.t("t_brands_cases"), brands, "", total, label_of=str),
        r.breakdown_table(
            "brands_articles", w.t("t_brands_articles"), brands_by_articles, "", total, label_of=str
        ),
    ]
    s.facts = _top_facts(brands, str, total)
    if brands_by_articles:
        s.facts.update(top_articles=brands_by_articles[0].code, top_articles_n=brands_by_articles[0].articles)
    s.facts["chart"] = [(i.code, i.cases, i.cases_prev) for i in brands[:TOP]]

    s = sections["concealment"]
    all_concealment, all_detection = r.breakdown("concealment_method"), r.breakdown("detection_method")
    concealment = [i for i in all_concealment if i.code != "not_given"]
    detection = [i for i in all_detection if i.code != "not_given"]
    s.tables = [
        r.breakdown_table("concealment", w.t("t_concealment"), all_concealment, "concealment_method", total),
        r.breakdown_table("detection", w.t("t_detection"), all_detection, "detection_method", total),
    ]
    given_c = sum(i.cases for i in concealment)
    s.facts = {
        **(
            {
                "top": code("concealment_method", concealment[0].code),
                "share": share_pct(concealment[0].cases, given_c),
            }
            if concealment
            else {}
        ),
        **(
            {
                "detection": code("detection_method", detection[0].code),
                "detection_share": share_pct(detection[0].cases, sum(i.cases for i in detection)),
            }
            if detection
            else {}
        ),
    }

    s = sections["significant"]
    significant = r.significant()
    s.tables = [significant]
    articles = significant.values("articles")
    s.facts = {
        "n": len(articles),
        "articles": sum(articles),
        "share": share_pct(sum(articles), now["articles"]),
        "rule_n": SIGNIFICANT_CASES,
        **(
            {"case": significant.rows[0][1], "member": significant.rows[0][0], "largest": articles[0]}
            if articles
            else {}
        ),
    }

    s = sections["alerts"]
    s.tables = [_alerts_table(inputs.alerts, w)]
    s.facts = {
        "n": len(alert_events(inputs.alerts)),
        "by_kind": Counter(a.kind for a, _ in alert_events(inputs.alerts)),
        "missing": inputs.months_without_alerts,
    }

    s = sections["quality"]
    table = _quality_table(inputs.quality, w)
    s.tables = [table]
    s.facts = {"rows": table.records(), "year": inputs.quality_year}

    s = sections["methodology"]
    unconverted = sum(v["lines_unconverted"] for v in now["values"].values())
    s.facts = {"unconverted": unconverted, "quality_year": inputs.quality_year}
    return [sections[key] for key in SECTION_KEYS]


_SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2, "info": 3}


def alert_events(alerts: list[Alert]) -> list[tuple[Alert, list[str]]]:
    """One event per stratum, measure and month, with the methods that raised it (a spike flagged by three
    methods is one event), the most severe of its alerts first."""
    events: dict[tuple[str, ...], tuple[Alert, list[str]]] = {}
    for a in sorted(alerts, key=lambda a: _SEVERITY_ORDER.get(a.severity, 9)):
        key = (a.kind, a.stratum_type, a.stratum, a.measure, a.period.isoformat())
        if key in events:
            events[key][1].append(a.method)
        else:
            events[key] = (a, [a.method])
    return list(events.values())


# The code list each part of a stratum's key is labelled from (None: shown as sent, as a brand is), per stratum
# type of the spikes and the novelties; a route through transit countries has countries throughout.
_KEY_LISTS: dict[str, tuple[str | None, ...]] = {
    "member_category": ("member", "product_category"),
    "region_category": ("wco_region", "product_category"),
    "route": ("country", "country"),
    "route_transit": ("country",),
    "brand_provenance": (None, "country"),
    "category_concealment": ("product_category", "concealment_method"),
    "category_conveyance": ("product_category", "conveyance"),
}


def _label(w: Words, list_name: str | None, code: str) -> str:
    if list_name is None:
        return code
    try:
        return w.code(list_name, code)
    except KeyError:  # a code the list lacks (an unknown country sent as such) reads as sent
        return code


def stratum_text(a: Alert, w: Words) -> str:
    """What an alert is about, in the report's language, with labels for codes (never a key as stored:
    `DE:DE-2025-000003`, `sport_shoes`, `Viagra|IN`)."""
    if a.kind == "significant":
        member, _, ref = a.stratum.partition(":")
        return f"{ref} ({_label(w, 'member', member)})" if ref else a.stratum
    if a.kind == "reporting_change":
        return _label(w, "member", a.stratum)
    lists = _KEY_LISTS.get(a.stratum_type)
    if lists is None:
        return a.stratum
    parts = a.stratum.replace("|", ">").split(">")
    named = [_label(w, lists[min(i, len(lists) - 1)], part) for i, part in enumerate(parts)]
    return (" → " if ">" in a.stratum else " · ").join(named)


def _alerts_table(alerts: list[Alert], w: Words) -> Table:
    from cen_pipeline.alerts.spikes import METHOD_NAMES

    columns = [
        Column("month", w.t("c_month")),
        Column("severity", w.t("c_severity")),
        Column("kind", w.t("c_kind")),
        Column("stratum", w.t("c_stratum")),
        Column("methods", w.t("c_methods")),
        Column("explanation", w.t("c_explanation")),
    ]
    events = alert_events(alerts)
    chosen = sorted(events, key=lambda e: (_SEVERITY_ORDER.get(e[0].severity, 9), e[0].period, e[0].stratum))
    rows: list[list[Any]] = [
        [
            month_label(a.period),
            a.severity,
            w.t(f"alerts_kind_{a.kind}")
            if a.kind in ("spike", "novelty", "significant", "reporting_change")
            else a.kind,
            stratum_text(a, w),
            ", ".join(METHOD_NAMES.get(m, m.replace("_", " ")) for m in methods),
            a.explanation,
        ]
        for a, methods in sorted(
            chosen[:MAX_ALERTS],
            key=lambda e: (e[0].period, _SEVERITY_ORDER.get(e[0].severity, 9), e[0].stratum),
        )
    ]
    # A selection says so: the most severe events, of how many.
    title = (
        w.t("t_alerts")
        if len(events) <= MAX_ALERTS
        else w.t("t_alerts_selected", shown=MAX_ALERTS, n=len(events))
    )
    return Table("alerts", title, columns, rows)


def _quality_table(rows: list[ScoreRow], w: Words) -> Table:
    columns = [
        Column("region", w.t("c_code"), on_page=False),
        Column("label", w.t("c_region")),
        Column("submissions", w.t("c_submissions"), INTEGER),
        Column("cases", w.t("c_cases"), INTEGER),
        Column("completeness", w.t("c_completeness"), PERCENT),
        Column("validity", w.t("c_validity"), PERCENT),
        Column("timeliness", w.t("c_timeliness"), DECIMAL),
        Column("within_90", w.t("c_within_90"), PERCENT),
        Column("coverage", w.t("c_coverage"), PERCENT),
    ]
    out = [
        [
            q.code,
            w.code("wco_region", q.code) if q.level == "region" else w.t("scope_all"),
            q.submissions,
            q.cases,
            rate(q.completeness),
            rate(q.validity),
            q.timeliness_median_days,
            rate(q.within_90_days),
            rate(q.coverage),
        ]
        for q in rows
        if q.level in ("region", "all")
    ]
    return Table("quality", w.t("t_quality"), columns, out)
