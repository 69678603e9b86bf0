"""Novelty alerts: routes, concealment methods, conveyances and brand provenances seen in ``M`` for the
first time, or again after a dormant spell."""

from __future__ import annotations

from datetime import date

import duckdb
import numpy as np
import pandas as pd

from cen_pipeline.alerts.config import DEFAULT, Alert, AlertConfig
from cen_pipeline.alerts.months import add_months, data_months, month_index, month_label, month_of_index
from cen_pipeline.alerts.strata import STRATUM_KEYS, fill_key
from cen_pipeline.alerts.tables import Record

_NOVELTY_KEYS: dict[str, tuple[str, str]] = {
    "route": STRATUM_KEYS["route"],
    "route_transit": (
        "dep || '>' || replace(transit, '|', '>') || '>' || dest",
        "dep IS NOT NULL AND dest IS NOT NULL AND transit IS NOT NULL",
    ),
    "category_concealment": (
        "category || '|' || concealment",
        "category IS NOT NULL AND concealment IS NOT NULL AND concealment NOT IN ('none', 'other')",
    ),
    "category_conveyance": (
        "category || '|' || conveyance",
        "category IS NOT NULL AND conveyance IS NOT NULL",
    ),
    "brand_provenance": STRATUM_KEYS["brand_provenance"],
}

# Novelty keys made of case columns only (read from the cases, not from every goods line).
_CASE_NOVELTY = frozenset({"route", "route_transit"})

_NOVELTY_TEXT = {
    "route": "the route {0} to {1}",
    "route_transit": "the route {0} via {2} to {1}",
    "category_concealment": "{0} hidden by the method '{1}'",
    "category_conveyance": "{0} carried by {1}",
    "brand_provenance": "{0} goods departing from {1}",
}


def _novelty_text(kind: str, key: str) -> str:
    if kind == "route_transit":
        parts = key.split(">")
        return _NOVELTY_TEXT[kind].format(parts[0], parts[-1], ", ".join(parts[1:-1]))
    return fill_key(_NOVELTY_TEXT[kind], key)


def novelty_alerts(con: duckdb.DuckDBPyConnection, month: date, config: AlertConfig = DEFAULT) -> list[Alert]:
    """Routes, concealment methods, conveyances and brand provenances never seen, or dormant, before ``M``.

    Reads the run's tables (see :func:`~cen_pipeline.alerts.tables.load_lines`). The history is reduced
    once to the last month before ``M`` of every combination of the key columns; each kind's keys seen in
    ``M`` are compared against that, and only the few new or dormant keys are read again for their cases
    and chart.
    """
    span = data_months(con)
    if span is None or month_index(month) - month_index(span[0]) < config.novelty_min_history:
        return []
    m, dormant = month_index(month), month_index(month) - config.dormant_months
    chart_from = add_months(month, -config.chart_months + 1)
    # The last month before M and presence in M of every combination of the key columns: routes from the
    # cases, the line-level keys from the goods lines.
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE _alert_seen AS
        SELECT dep, dest, transit, NULL AS category, NULL AS concealment, NULL AS conveyance, NULL AS brand,
               max(t) FILTER (WHERE t < {m:d}) AS last_before, bool_or(t = {m:d}) AS now
        FROM _alert_cases GROUP BY dep, dest, transit
        UNION ALL
        SELECT dep, NULL, NULL, category, concealment, conveyance, brand,
               max(t) FILTER (WHERE t < {m:d}), bool_or(t = {m:d})
        FROM _alert_lines GROUP BY dep, category, concealment, conveyance, brand"""
    )
    found = " UNION ALL ".join(
        f"SELECT '{kind}' AS kind, {expr} AS key, max(last_before) AS last_before "
        f"FROM _alert_seen WHERE {cond} GROUP BY ALL HAVING bool_or(now)"
        for kind, (expr, cond) in _NOVELTY_KEYS.items()
    )
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE _alert_novel AS SELECT * FROM ({found}) "
        f"WHERE last_before IS NULL OR last_before < {dormant:d}"
    )
    kinds = {str(r[0]) for r in con.execute("SELECT DISTINCT kind FROM _alert_novel").fetchall()}
    if not kinds:
        return []
    keyed = " UNION ALL ".join(
        f"SELECT '{kind}' AS kind, {expr} AS key, case_id, member, t, region, "
        f"{'NULL' if kind in _CASE_NOVELTY else 'brand'} AS brand "
        f"FROM {'_alert_cases' if kind in _CASE_NOVELTY else '_alert_lines'} "
        f"WHERE t BETWEEN {month_index(chart_from):d} AND {m:d} AND {cond} "
        f"AND ({expr}) IN (SELECT key FROM _alert_novel WHERE kind = '{kind}')"
        for kind, (expr, cond) in _NOVELTY_KEYS.items()
        if kind in kinds
    )
    keyed = f"SELECT x.*, c.case_ref FROM ({keyed}) x JOIN _alert_cases c USING (case_id)"
    df = con.execute(
        f"""
        WITH k AS ({keyed}),
        agg AS (
            SELECT kind, key, count(DISTINCT case_id) FILTER (WHERE t = {m:d}) AS n_now,
                   list(DISTINCT member || ':' || case_ref) FILTER (WHERE t = {m:d}) AS refs,
                   list(DISTINCT region) FILTER (WHERE t = {m:d} AND region IS NOT NULL) AS regions,
                   list(DISTINCT member) FILTER (WHERE t = {m:d}) AS members,
                   any_value(brand) AS brand
            FROM k GROUP BY kind, key),
        brands AS (SELECT brand, count(DISTINCT case_id) AS n FROM _alert_lines
                   WHERE t < {m:d} AND brand IN (SELECT brand FROM agg WHERE kind = 'brand_provenance')
                   GROUP BY brand),
        series AS (SELECT kind, key, t, count(DISTINCT case_id) AS n FROM k GROUP BY ALL)
        SELECT agg.*, n.last_before, coalesce(b.n, 0) AS brand_cases,
               (SELECT list({{'t': s.t, 'n': s.n}}) FROM series s WHERE s.kind = agg.kind AND s.key = agg.key) AS ser
        FROM agg JOIN _alert_novel n USING (kind, key)
        LEFT JOIN brands b ON agg.kind = 'brand_provenance' AND b.brand = agg.brand
        ORDER BY agg.kind, agg.key
        """
    ).df()
    new_pairs = set(df.loc[df["kind"] == "route", "key"])
    alerts: list[Alert] = []
    for rec in df.to_dict("records"):
        r = Record(rec)
        kind, key = str(r.kind), str(r.key)
        never = r.last_before is None or pd.isna(r.last_before)
        if kind == "brand_provenance" and (
            int(r.brand_cases) < config.brand_min_cases
            or not never
            or int(r.n_now) < config.brand_new_min_cases
        ):
            continue
        if kind in ("category_concealment", "category_conveyance") and not never:
            continue
        if any(code in key.replace("|", ">").split(">") for code in config.unknown_countries):
            continue
        if kind == "route_transit":
            parts = key.split(">")
            if f"{parts[0]}>{parts[-1]}" in new_pairs:
                continue
        what = _novelty_text(kind, key)
        if never:
            expl = f"{month_label(month)}: {what} appears for the first time in the data ({int(r.n_now)} case(s))."
        else:
            last = month_of_index(int(r.last_before))
            expl = (
                f"{month_label(month)}: {what} is seen again ({int(r.n_now)} case(s)) after no case since "
                f"{month_label(last)}."
            )
        if kind == "brand_provenance":
            expl += f" The brand had {int(r.brand_cases)} earlier case(s) from other provenances."
        severity = "medium" if kind in ("route", "route_transit") and never else "low"
        series: list[float | None] = [0.0] * config.chart_months
        ser = r.ser if isinstance(r.ser, list | np.ndarray) else []
        for item in ser:
            t = int(item["t"]) - month_index(chart_from)
            if 0 <= t < len(series):
                series[t] = float(item["n"])
        alerts.append(
            Alert(
                kind="novelty",
                method=f"new_{kind}" if never else f"dormant_{kind}",
                measure="cases",
                stratum_type=kind,
                stratum=key,
                period=month,
                observed=float(r.n_now),
                expected=0.0,
                severity=severity,
                explanation=expl,
                case_refs=sorted(str(x) for x in r.refs)[: config.max_case_refs],
                regions=sorted(str(x) for x in r.regions),
                members=sorted(str(x) for x in r.members),
                series_start=chart_from,
                series=series,
            )
        )
    return alerts
