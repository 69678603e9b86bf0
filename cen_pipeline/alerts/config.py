"""The parameters of an alert run and the :class:`Alert` record it produces, with the order alerts are
listed in."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from cen_pipeline.alerts.methods.common import AlertMethodConfig
from cen_pipeline.alerts.months import month_label

STRATUM_TYPES: tuple[str, ...] = ("member_category", "region_category", "route", "brand_provenance")
SPIKE_METHODS: tuple[str, ...] = ("farrington", "ears_c1", "ears_c2", "ears_c3", "nb_cusum")
SEVERITY_ORDER: dict[str, int] = {"high": 0, "medium": 1, "low": 2, "info": 3}


# The methods' settings for monthly counts. The reference settings (AlertMethodConfig's defaults, which the R
# goldens hold) are those of weekly data: Farrington's half-window of 3 weeks and 10-level seasonal factor
# (Noufaily et al. 2013) cover the same part of a year as a half-window of 1 month and 4 levels (the window and
# three blocks of three months) do in months. `make bench` (step outbreaks) finds as many planted outbreaks with
# them at a fifth fewer false alarms (72 strata-years: 75.0% found either way; 0.82 false alarms per 100
# stratum-months against 1.04).
MONTHLY = AlertMethodConfig(w=1, no_periods=4)


@dataclass(frozen=True, slots=True)
class AlertConfig:
    """Every parameter of the alert run, with the statistical methods' own in ``methods``."""

    methods: AlertMethodConfig = field(default_factory=lambda: MONTHLY)
    stratum_types: tuple[str, ...] = STRATUM_TYPES
    case_methods: tuple[str, ...] = SPIKE_METHODS
    article_methods: tuple[str, ...] = ("farrington", "ears_c1")
    min_agreeing_methods: int = 2
    seasonal_methods: tuple[str, ...] = ("farrington", "nb_cusum")
    prune_min_cases: int = 5
    prune_periods: int = 4
    prune_max_current: int = 2
    cusum_monitor: int = 12
    cusum_max_missing: float = 0.2
    cusum_ml_dispersion: bool = False
    screen_farrington: bool = True
    novelty_min_history: int = 24
    dormant_months: int = 24
    brand_min_cases: int = 25
    brand_new_min_cases: int = 2
    article_min_cases: int = 3
    unknown_countries: tuple[str, ...] = ("ZZ", "XX")
    significant_percentile: float = 99.5
    significant_history: int = 36
    significant_min_lines: int = 30
    significant_max: int = 20
    health_safety_percentile: float = 95.0
    shift_min_ratio: float = 3.0
    shift_window: int = 12
    shift_min_before: int = 6
    shift_min_after: int = 3
    shift_pvalue: float = 1e-6
    shift_guard_months: int = 3
    change_min_other_ratio: float = 1.7  # a reporting change moves a Member's other categories too
    guard_min_ratio: float = 2.0  # a jump of every category by this factor is guarded as a likely change
    share_pvalue: float = 1e-3
    gap_min_months: int = 6
    regime_window: int = 24
    regime_min_months: int = 18
    report_recent_months: int = 12
    max_case_refs: int = 50
    chart_months: int = 36

    @property
    def history_months(self) -> int:
        """Months before ``M`` the spike methods need (Farrington's b years plus w; CUSUM training)."""
        m = self.methods
        return max(m.b * m.freq + m.w, m.cusum_train + self.cusum_monitor - 1, self.chart_months)


DEFAULT = AlertConfig()


# The fields of an alert a user sees, in the order of the JSON and CSV renderings.
ALERT_FIELDS: tuple[str, ...] = (
    "alert_id",
    "period",
    "kind",
    "method",
    "measure",
    "stratum_type",
    "stratum",
    "observed",
    "expected",
    "upper_bound",
    "score",
    "p_value",
    "p_adjusted",
    "severity",
    "regions",
    "case_refs",
    "explanation",
)


@dataclass(slots=True)
class Alert:
    """One alert: what fired, on which stratum and month, and the evidence behind it."""

    kind: str  # spike | novelty | significant | reporting_change
    method: str
    measure: str
    stratum_type: str
    stratum: str
    period: date
    observed: float | None = None
    expected: float | None = None
    upper_bound: float | None = None
    score: float | None = None
    p_value: float | None = None
    p_adjusted: float | None = None
    severity: str = "medium"
    explanation: str = ""
    case_refs: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)
    series_start: date | None = None
    series: list[float | None] = field(default_factory=list)
    key: str = ""
    stored_id: str = ""

    def as_record(self) -> dict[str, Any]:
        """The fields a user sees (:data:`ALERT_FIELDS`), with the period as ``YYYY-MM``."""
        rec = {f: getattr(self, f) for f in ALERT_FIELDS}
        rec["period"] = month_label(self.period)
        return rec

    @property
    def alert_id(self) -> str:
        if self.stored_id:
            return self.stored_id
        text = "|".join(
            (self.method, self.measure, self.stratum_type, self.stratum, self.key or self.period.isoformat())
        )
        return hashlib.sha1(text.encode()).hexdigest()[:16]


def sort_key(a: Alert) -> tuple[date, int, str, str, str]:
    return (a.period, SEVERITY_ORDER.get(a.severity, 9), a.kind, a.stratum, a.method)


def with_config(**changes: Any) -> AlertConfig:
    """The default configuration with some fields replaced (``methods`` fields accepted too)."""
    method_fields = set(AlertMethodConfig.__dataclass_fields__)
    mchanges = {k: v for k, v in changes.items() if k in method_fields}
    rest = {k: v for k, v in changes.items() if k not in method_fields}
    cfg = replace(DEFAULT, **rest)
    if mchanges:
        cfg = replace(cfg, methods=replace(cfg.methods, **mchanges))
    return cfg


def chance_text(p: float) -> str:
    """A probability as a reader weighs it: "about 1 in 210", "less than 1 in a million" (never 4.7e-100
    or 0)."""
    if p < 1e-6:
        return "less than 1 in a million"
    if p >= 0.5:
        return f"about {p:.0%}"
    odds = 1 / p
    rounded = float(f"{odds:.2g}")  # two significant figures: 1 in 212.8 reads 1 in 210
    return f"about 1 in {rounded:,.0f}"


def format_number(v: float) -> str:
    """A count or amount as an explanation writes it: whole above ten, else to one decimal."""
    return f"{v:,.0f}" if abs(v) >= 10 or float(v).is_integer() else f"{v:.1f}"
