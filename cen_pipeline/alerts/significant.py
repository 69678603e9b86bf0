"""Significant seizures: the cases of ``M`` whose goods lines exceed the category's historical
percentiles of quantity or value, health-and-safety goods first."""

from __future__ import annotations

import math
from datetime import date

import duckdb
import pandas as pd

from cen_pipeline.alerts.config import DEFAULT, Alert, AlertConfig, format_number
from cen_pipeline.alerts.months import month_index, month_label
from cen_pipeline.alerts.tables import MONTH_LINES, Record


def significant_alerts(
    con: duckdb.DuckDBPyConnection, month: date, config: AlertConfig = DEFAULT
) -> list[Alert]:
    """Goods lines of ``M`` above the category's historical percentile of quantity (per unit) or value
    (per currency), and health-and-safety lines above a lower percentile; one alert per case."""
    now = month_index(month)
    p, php = config.significant_percentile / 100.0, config.health_safety_percentile / 100.0
    df = con.execute(
        f"""
        WITH hist AS (SELECT * FROM _alert_lines WHERE t >= {now - config.significant_history:d} AND t < {now:d}),
        cur AS {MONTH_LINES.format(m=now)},
        q AS (SELECT category, unit, quantile_cont(quantity::DOUBLE, ?) AS t, quantile_cont(quantity::DOUBLE, ?) AS th,
                     count(*) AS n FROM hist GROUP BY ALL),
        v AS (SELECT category, currency, quantile_cont(value::DOUBLE, ?) AS t, count(*) AS n
              FROM hist WHERE value IS NOT NULL GROUP BY ALL)
        SELECT cur.member, cur.case_ref, cur.region, cur.category, cur.unit, cur.quantity::DOUBLE AS quantity,
               cur.value::DOUBLE AS value, cur.currency, cur.health_safety,
               q.t AS q_t, q.th AS q_th, v.t AS v_t
        FROM cur
        LEFT JOIN q ON q.category = cur.category AND q.unit = cur.unit AND q.n >= ?
        LEFT JOIN v ON v.category = cur.category AND v.currency = cur.currency AND v.n >= ?
        WHERE cur.quantity > q.t OR cur.value > v.t OR (cur.health_safety AND cur.quantity > q.th)
        ORDER BY cur.member, cur.case_ref, cur.line_no
        """,
        [p, php, p, config.significant_min_lines, config.significant_min_lines],
    ).df()
    alerts: list[Alert] = []
    for (member, case_ref), grp in df.groupby(["member", "case_ref"], sort=True):
        reasons: list[str] = []
        best_ratio, obs, thr, measure = 0.0, 0.0, 0.0, "quantity"
        hs = bool(grp["health_safety"].any())
        for rec in grp.to_dict("records"):
            r = Record(rec)
            cat = str(r.category).replace("_", " ")
            for m, val, t, label in (
                ("quantity", r.quantity, r.q_t, f"{format_number(float(r.quantity))} {r.unit} of {cat}"),
                ("value", r.value, r.v_t, f"{cat} worth {format_number(float(r.value or 0))} {r.currency}"),
                (
                    "quantity",
                    r.quantity,
                    r.q_th if r.health_safety else math.nan,
                    f"{format_number(float(r.quantity))} {r.unit} of {cat} (health and safety)",
                ),
            ):
                if val is None or t is None or pd.isna(val) or pd.isna(t) or not float(val) > float(t):
                    continue
                ratio = float(val) / max(float(t), 1e-9)
                reasons.append(f"{label}, above the usual maximum of {format_number(float(t))}")
                if ratio > best_ratio:
                    best_ratio, obs, thr, measure = ratio, float(val), float(t), m
        if not reasons:
            continue
        region = grp["region"].iloc[0]
        alerts.append(
            Alert(
                kind="significant",
                method="health_safety" if hs else "large_seizure",
                measure=measure,
                stratum_type="case",
                stratum=f"{member}:{case_ref}",
                period=month,
                observed=obs,
                upper_bound=thr,
                score=best_ratio,
                severity="high" if hs else "medium",
                explanation=f"{month_label(month)}: case {case_ref} of {member}: "
                + "; ".join(dict.fromkeys(reasons))
                + ".",
                case_refs=[f"{member}:{case_ref}"],
                regions=[] if pd.isna(region) else [str(region)],
                members=[str(member)],
            )
        )
    # Health-and-safety cases first, then the largest excess, at most ``significant_max`` a month.
    alerts.sort(key=lambda a: (a.method != "health_safety", -(a.score or 0.0)))
    return alerts[: config.significant_max]
