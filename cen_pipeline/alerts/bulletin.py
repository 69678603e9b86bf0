"""The alert bulletin: one self-contained HTML page per month, each alert with a small inline SVG chart."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from typing import Any

from markupsafe import Markup, escape

from cen_pipeline.alerts.config import Alert
from cen_pipeline.alerts.months import add_months, month_label
from cen_pipeline.alerts.strata import describe_stratum
from cen_pipeline.core.templates import environment

KIND_TITLES: dict[str, str] = {
    "spike": "Spikes",
    "novelty": "New routes, methods and provenances",
    "significant": "Significant seizures",
    "reporting_change": "Reporting changes",
}

_W, _H, _PAD = 260, 70, 4


def sparkline(alert: Alert) -> Markup:
    """A hand-made SVG of the alert's monthly series (the alert month in red, the threshold dashed)."""
    values = [v for v in alert.series]
    if not values:
        return _bar(alert)
    finite = [float(v) for v in values if v is not None and math.isfinite(v)]
    top = max([*finite, alert.upper_bound or 0.0, alert.observed or 0.0, 1.0])
    n = len(values)
    step = (_W - 2 * _PAD) / max(n - 1, 1)

    def y(v: float) -> float:
        return _H - _PAD - (v / top) * (_H - 2 * _PAD)

    parts: list[str] = []
    segment: list[str] = []
    for i, v in enumerate(values):
        if v is None or not math.isfinite(v):
            if len(segment) > 1:
                parts.append(
                    f'<polyline points="{" ".join(segment)}" fill="none" stroke="#3a6ea5" stroke-width="1.5"/>'
                )
            segment = []
            continue
        segment.append(f"{_PAD + i * step:.1f},{y(float(v)):.1f}")
    if len(segment) > 1:
        parts.append(
            f'<polyline points="{" ".join(segment)}" fill="none" stroke="#3a6ea5" stroke-width="1.5"/>'
        )
    if alert.upper_bound is not None and alert.kind == "spike" and math.isfinite(alert.upper_bound):
        yy = y(alert.upper_bound)
        parts.append(
            f'<line x1="{_PAD}" x2="{_W - _PAD}" y1="{yy:.1f}" y2="{yy:.1f}" stroke="#999" stroke-dasharray="3,3"/>'
        )
    if alert.series_start is not None:
        pos = (alert.period.year * 12 + alert.period.month) - (
            alert.series_start.year * 12 + alert.series_start.month
        )
        if 0 <= pos < n and values[pos] is not None:
            parts.append(
                f'<circle cx="{_PAD + pos * step:.1f}" cy="{y(float(values[pos] or 0.0)):.1f}" r="3" fill="#c0392b"/>'
            )
    start = month_label(alert.series_start) if alert.series_start else ""
    end = month_label(add_months(alert.series_start, n - 1)) if alert.series_start else ""
    title = escape(f"{alert.measure} per month, {start} to {end}; maximum {top:,.0f}")
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_W}" height="{_H}" viewBox="0 0 {_W} {_H}" role="img">'
        f"<title>{title}</title>"
        f'<rect width="{_W}" height="{_H}" fill="#fafafa"/>{"".join(parts)}</svg>'
    )


def _bar(alert: Alert) -> Markup:
    obs, thr = alert.observed or 0.0, alert.upper_bound or 0.0
    top = max(obs, thr, 1e-9)
    w_obs = (obs / top) * (_W - 90)
    w_thr = (thr / top) * (_W - 90)
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_W}" height="44" viewBox="0 0 {_W} 44" role="img">'
        f"<title>{escape(f'seized {obs:,.0f} against a usual maximum of {thr:,.0f}')}</title>"
        f'<text x="0" y="14" font-size="10">seized</text><rect x="80" y="5" width="{w_obs:.1f}" height="12" fill="#c0392b"/>'
        f'<text x="0" y="36" font-size="10">usual max.</text><rect x="80" y="27" width="{w_thr:.1f}" height="12" fill="#999"/>'
        "</svg>"
    )


def title_of(alert: Alert) -> str:
    if alert.kind == "spike":
        return f"{describe_stratum(alert.stratum_type, alert.stratum).capitalize()} ({alert.measure})"
    if alert.kind == "reporting_change":
        return f"Reporting change at {alert.stratum}"
    if alert.kind == "significant":
        return f"Case {alert.stratum}"
    return f"{alert.method.replace('_', ' ').capitalize()}: {alert.stratum}"


def render(month: date, alerts: Sequence[Alert], generated: str) -> str:
    """The bulletin of ``month`` as one HTML page (no external resources)."""
    groups: dict[str, list[dict[str, Any]]] = {}
    # One card per stratum and measure for spikes: the methods that agreed are listed together.
    seen: dict[tuple[str, str, str], dict[str, Any]] = {}
    for a in alerts:
        if a.kind == "spike":
            k = (a.stratum_type, a.stratum, a.measure)
            if k in seen:
                seen[k]["methods"].append(a.method)
                continue
        card = {
            "alert": a,
            "title": title_of(a),
            "svg": sparkline(a),
            "methods": [a.method],
            "period": month_label(a.period),
        }
        if a.kind == "spike":
            seen[(a.stratum_type, a.stratum, a.measure)] = card
        groups.setdefault(a.kind, []).append(card)
    sections = [
        {"kind": kind, "title": KIND_TITLES[kind], "cards": groups[kind]}
        for kind in KIND_TITLES
        if kind in groups
    ]
    counts = {s["title"]: len(s["cards"]) for s in sections}
    template = environment().get_template("bulletin.html.j2")
    return template.render(month=month_label(month), sections=sections, counts=counts, generated=generated)
