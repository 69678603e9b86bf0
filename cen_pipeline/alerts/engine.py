"""Monthly alert run: spikes per stratum, novelty, significant seizures and reporting changes.

One run evaluates one month ``M`` (a ``date`` on the first of the month) over the store and returns
:class:`~cen_pipeline.alerts.config.Alert` records, which :func:`~cen_pipeline.alerts.storage.store_alerts`
writes to the ``alerts`` table. Each kind of alert has its module (``reporting``, ``spikes``, ``novelty``,
``significant``); this one runs them together over the run's tables, for one month or several.

Reporting changes and category spikes. Each Member's total monthly case count is scanned for level
shifts (ratio of the means of up to ``shift_window`` months either side of a candidate month of at
least ``shift_min_ratio``, tested by a dispersion-scaled Poisson likelihood ratio) and for gaps
(``gap_min_months`` or more uncovered months after the Member had reported). Each change gives one
``reporting_change`` alert. The change must not fire category alerts, which is ensured in two ways:

1. Regime adjustment: the counts of a Member before a detected level shift are multiplied by the
   ratio of the levels (after / before), so every stratum series the Member contributes to is
   expressed at the current reporting level before any spike method sees it;
2. Share guard: while a shift is still unconfirmed (the Member's total in ``M`` is at least
   ``shift_min_ratio`` times its median of the previous twelve covered months, or a change was
   detected within ``shift_guard_months`` before ``M``), a Member x category spike is kept only if
   the category's share of the Member's cases is itself anomalous (binomial upper tail below
   ``share_pvalue`` against the share over the previous twelve covered months).

An outbreak is not a reporting change. A reporting change moves every category; an outbreak is one
category's. A shift of a Member's total that one category carries while the others move by less than
``change_min_other_ratio`` (see :func:`~cen_pipeline.alerts.reporting.category_move`) is
neither a ``reporting_change`` nor rescaled nor guarded: the spike methods judge that category as usual.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date

import duckdb
import numpy as np

from cen_pipeline.alerts.config import DEFAULT, Alert, AlertConfig, sort_key
from cen_pipeline.alerts.methods.common import FloatArray
from cen_pipeline.alerts.months import add_months, month_index, month_start
from cen_pipeline.alerts.novelty import novelty_alerts
from cen_pipeline.alerts.reporting import (
    CategoryMove,
    category_histories,
    category_move,
    change_alert,
    member_histories,
    regime_weights,
    reporting_changes,
)
from cen_pipeline.alerts.significant import significant_alerts
from cen_pipeline.alerts.spikes import spike_alerts
from cen_pipeline.alerts.strata import load_strata
from cen_pipeline.alerts.tables import run_tables


def run_month(con: duckdb.DuckDBPyConnection, month: date, config: AlertConfig = DEFAULT) -> list[Alert]:
    """All alerts of one month, computed from the store as it stands (data after ``M`` is ignored)."""
    month = month_start(month)
    with run_tables(con, month):
        return _run_month(con, month, config)


def _run_month(con: duckdb.DuckDBPyConnection, month: date, config: AlertConfig) -> list[Alert]:
    histories = member_histories(con, month)
    categories = category_histories(con, histories)
    weights: dict[str, FloatArray] = {}
    guard: dict[str, tuple[float, FloatArray, date | None]] = {}
    outbreaks: dict[str, CategoryMove] = {}
    alerts: list[Alert] = []
    for member, hist in histories.items():
        changes = reporting_changes(hist, config, categories.get(member))
        weights[member] = regime_weights(hist, changes)
        shifts = [c.month for c in changes if c.kind == "level_shift"]
        tot = hist.totals
        prev = tot[-13:-1]
        med = float(np.nanmedian(prev)) if np.any(~np.isnan(prev)) else math.nan
        ratio = (tot[-1] + 0.5) / (med + 0.5) if not (math.isnan(med) or math.isnan(tot[-1])) else 0.0
        last = tot.size - 1
        before = np.flatnonzero(~np.isnan(prev)) + max(0, tot.size - 13)
        move = category_move(categories.get(member), before, np.array([last]), config)
        if ratio >= config.shift_min_ratio and move is not None and move.carried:
            ratio = 1.0  # one category's outbreak, which its spike is about: no share guard, no rescaling
            outbreaks[member] = move
        elif (
            config.guard_min_ratio <= ratio < config.shift_min_ratio and move is not None and not move.carried
        ):
            # Every category rose at once, short of a shift's factor (a change of about that factor, read in
            # months of noise, falls either side of it): guarded as a reporting change not yet confirmed.
            ratio = config.shift_min_ratio
        guard[member] = (ratio, tot, max(shifts) if shifts else None)
        for ch in changes:
            ref = ch.resumed if ch.resumed is not None else ch.month
            if ch.kind == "gap" and ch.resumed is None:
                ref = add_months(ch.month, config.gap_min_months - 1)
            if 0 <= month_index(month) - month_index(ref) < config.report_recent_months or (
                ch.kind == "gap" and ch.resumed is None
            ):
                alerts.append(change_alert(ch, hist, month, config))
    unconfirmed = {
        m: g[0]
        for m, g in guard.items()
        if g[0] >= config.shift_min_ratio
        and (g[2] is None or month_index(month) - month_index(g[2]) >= config.shift_guard_months)
    }
    strata = load_strata(con, month, histories, weights, config, unconfirmed)
    spikes = spike_alerts(con, month, strata, guard, config)
    _say_outbreak(spikes, outbreaks)
    alerts += spikes
    alerts += novelty_alerts(con, month, config)
    alerts += significant_alerts(con, month, config)
    return alerts


def _say_outbreak(spikes: list[Alert], outbreaks: dict[str, CategoryMove]) -> None:
    """Tell, in the spike of the category that multiplied its Member's total, why that is no reporting change."""
    for alert in spikes:
        member, _, category = alert.stratum.partition("|")
        move = outbreaks.get(member)
        if alert.stratum_type == "member_category" and move is not None and move.category == category:
            alert.explanation += (
                f" {member}'s total is {move.total:.1f} times its usual level, carried by this category while its "
                f"others moved by a factor of {move.others:.1f}: an outbreak, not a change in how {member} reports."
            )


def run(con: duckdb.DuckDBPyConnection, months: Iterable[date], config: AlertConfig = DEFAULT) -> list[Alert]:
    """Alerts of several months; a reporting change reported in several of them is kept once."""
    out: dict[str, Alert] = {}
    changes: dict[str, list[Alert]] = {}
    starts = [month_start(m) for m in months]
    if not starts:
        return []
    # The store is read once, up to the last month; each month's queries read those tables up to that month.
    with run_tables(con, max(starts)):
        found = [a for m in starts for a in _run_month(con, m, config)]
    for a in found:
        if a.kind == "reporting_change":
            same = [
                b
                for b in changes.get(a.stratum, [])
                if b.method == a.method and abs(month_index(b.period) - month_index(a.period)) <= 6
            ]
            if same:
                same[0].period, same[0].observed, same[0].expected = a.period, a.observed, a.expected
                same[0].explanation, same[0].series, same[0].series_start = (
                    a.explanation,
                    a.series,
                    a.series_start,
                )
                continue
            changes.setdefault(a.stratum, []).append(a)
        out[a.alert_id] = a
    return sorted(out.values(), key=sort_key)
