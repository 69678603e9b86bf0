"""The charts of the report: Vega-Lite specifications drawn by altair, turned into SVG offline by vl-convert.

The SVG is put inline in the HTML page; its namespace declarations are dropped there (an HTML parser puts
`<svg>` in the SVG namespace by itself), so the page names no external address at all.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd
from markupsafe import Markup

FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif"
CURRENT, PREVIOUS, FLOW = "#1f4e79", "#a6bddb", "#3a6ea5"
WIDTH = 560
_NAMESPACES = re.compile(r'\s+xmlns(:\w+)?="[^"]*"')


def _config() -> dict[str, Any]:
    return {
        "font": FONT,
        "view": {"stroke": None},
        "axis": {"labelFontSize": 11, "titleFontSize": 11, "grid": False, "labelLimit": 220},
        "legend": {"labelFontSize": 11, "titleFontSize": 11, "orient": "bottom"},
    }


def to_svg(spec: dict[str, Any], title: str) -> Markup:
    """An inline SVG of a Vega-Lite specification, with a title for screen readers."""
    import vl_convert

    svg = vl_convert.vegalite_to_svg(spec)
    svg = _NAMESPACES.sub("", svg)
    svg = svg.replace("<svg ", '<svg role="img" ', 1)
    svg = re.sub(r"(<svg[^>]*>)", lambda m: m.group(1) + f"<title>{_escape(title)}</title>", svg, count=1)
    return Markup(svg)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def bars(
    items: list[tuple[str, float, float | None]], title: str, measure: str, current: str, previous: str
) -> Markup:
    """Horizontal bars of the current period, with the previous period's value as a tick on each bar."""
    import altair as alt

    rows = [
        {"item": label, "value": cur, "prev": prev, "order": i} for i, (label, cur, prev) in enumerate(items)
    ]
    base = alt.Chart(pd.DataFrame(rows)).encode(
        y=alt.Y("item:N", sort=alt.EncodingSortField("order"), title=None)
    )
    compared = any(prev is not None for _, _, prev in items)  # no tick for a period without data
    bar = base.mark_bar(color=CURRENT, height={"band": 0.7}).encode(
        x=alt.X(
            "value:Q", title=f"{measure}, {current}" + (f" (bar) / {previous} (tick)" if compared else "")
        ),
        tooltip=["item:N", "value:Q"],
    )
    tick = base.mark_tick(color="#d35400", thickness=2, size=14).encode(x="prev:Q")
    labels = base.mark_text(align="left", dx=3, fontSize=10, color="#333").encode(
        x="value:Q", text=alt.Text("value:Q", format=",.0f")
    )
    layers = (bar + tick + labels) if compared else (bar + labels)
    chart = layers.properties(width=WIDTH - 200, height=max(60, 22 * len(rows)))
    spec = chart.configure(**_config()).to_dict()
    return to_svg(spec, title)


def columns(points: list[tuple[str, float]], title: str, measure: str) -> Markup:
    """Vertical bars over periods (the summary's cases per year)."""
    import altair as alt

    rows = [{"period": p, "value": v} for p, v in points]
    base = alt.Chart(pd.DataFrame(rows)).encode(x=alt.X("period:O", title=None, axis=alt.Axis(labelAngle=0)))
    bar = base.mark_bar(color=CURRENT, width={"band": 0.6}).encode(y=alt.Y("value:Q", title=measure))
    text = base.mark_text(dy=-6, fontSize=10).encode(y="value:Q", text=alt.Text("value:Q", format=",.0f"))
    spec = (bar + text).properties(width=WIDTH - 140, height=170).configure(**_config()).to_dict()
    return to_svg(spec, title)


def lines(series: list[tuple[str, str, float]], title: str, measure: str) -> Markup:
    """One line per item over periods (product categories over several years)."""
    import altair as alt

    rows = [{"item": item, "period": p, "value": v} for item, p, v in series]
    chart = (
        alt.Chart(pd.DataFrame(rows))
        .mark_line(point=True)
        .encode(
            x=alt.X("period:O", title=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("value:Q", title=measure),
            color=alt.Color("item:N", title=None, legend=alt.Legend(columns=3, labelLimit=200)),
        )
        .properties(width=WIDTH - 140, height=200)
    )
    return to_svg(chart.configure(**_config()).to_dict(), title)


def flows(flows_: list[tuple[str, str, float]], title: str, measure: str) -> Markup:
    """The main routes as a flow chart: provenance countries on the left, destinations on the right, one
    band per route as wide as its cases."""
    import altair as alt

    left = list(dict.fromkeys(f[0] for f in flows_))
    right = list(dict.fromkeys(f[1] for f in flows_))
    top = max([f[2] for f in flows_] or [1])
    span = max(len(left), len(right), 1)

    def y_of(index: int, count: int) -> float:
        # Spread each side evenly over the same height, so that both columns line up.
        return (index + 0.5) * span / count

    rows, marks = [], []
    for n, (src, dst, cases) in enumerate(flows_):
        y0, y1 = y_of(left.index(src), len(left)), y_of(right.index(dst), len(right))
        for step in range(11):
            x = step / 10
            smooth = x * x * (3 - 2 * x)
            rows.append(
                {
                    "flow": n,
                    "x": x,
                    "y": y0 + (y1 - y0) * smooth,
                    "cases": cases,
                    "width": 2 + 16 * cases / top,
                    "route": f"{src} → {dst}",
                }
            )
    for i, code in enumerate(left):
        marks.append({"x": 0, "y": y_of(i, len(left)), "label": code, "side": "left"})
    for i, code in enumerate(right):
        marks.append({"x": 1, "y": y_of(i, len(right)), "label": code, "side": "right"})
    y_axis = alt.Y("y:Q", axis=None, scale=alt.Scale(domain=[span, 0]))
    x_axis = alt.X("x:Q", axis=None, scale=alt.Scale(domain=[-0.12, 1.12]))
    band = (
        alt.Chart(pd.DataFrame(rows))
        .mark_trail(color=FLOW, opacity=0.45)
        .encode(x=x_axis, y=y_axis, detail="flow:N", size=alt.Size("width:Q", scale=None, legend=None))
    )
    names = alt.Chart(pd.DataFrame(marks))
    left_text = (
        names.transform_filter("datum.side == 'left'")
        .mark_text(align="right", dx=-6, fontSize=11, fontWeight="bold")
        .encode(x=x_axis, y=y_axis, text="label:N")
    )
    right_text = (
        names.transform_filter("datum.side == 'right'")
        .mark_text(align="left", dx=6, fontSize=11, fontWeight="bold")
        .encode(x=x_axis, y=y_axis, text="label:N")
    )
    chart = (band + left_text + right_text).properties(
        width=WIDTH - 120, height=max(120, 34 * span), title=alt.TitleParams(measure, fontSize=11)
    )
    return to_svg(chart.configure(**_config()).to_dict(), title)
