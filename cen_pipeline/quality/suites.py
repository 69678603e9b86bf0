"""The quality expectations of a submission, declared in one place.

Each expectation reads one metric of the submission (computed in the store, see `metrics.py`) and holds it
between a lower and an upper bound. A failing *warning* is recorded and shown in the scorecard and in
`cen quality` (with examples of the cases concerned where the expectation gives them), and the submission's
valid rows are stored all the same: a quality expectation must never throw valid data away silently.

A *blocking* expectation that fails refuses the whole submission: its case versions and goods lines are
deleted, the versions they replaced become current again, every row goes to the quarantine with code
`quality-blocked`, and the ingest says which expectation failed, observed against threshold. Blocking is
reserved for checks that show a submission's data unusable as a whole (a file of another Member's or of
another period mislabelled, a broken extraction), not for a share of rows that merely look unusual: no
expectation of the suite below is blocking today, and the mechanism stays (and is tested) for such checks.
Near-duplicate cases, in particular, are a warning: seizure data are repetitive by nature (the same office,
goods and quantity day after day), so a high share of them is worth a look, not a refusal.

A metric that cannot be computed (no priced line, too little history) leaves its expectation "not
evaluated", which is not a failure.
"""

from __future__ import annotations

from dataclasses import dataclass

# Optional long-form fields whose completeness is measured: case fields count once per case, goods-line fields
# once per goods line.
CASE_COMPLETENESS_FIELDS: tuple[str, ...] = (
    "office_name",
    "locode",
    "traffic",
    "direction",
    "detection_method",
    "concealment_method",
    "outcome",
    "origin_country",
    "departure_country",
    "destination_country",
)
LINE_COMPLETENESS_FIELDS: tuple[str, ...] = ("value", "hs_code", "brand")
COMPLETENESS_FIELDS: tuple[str, ...] = CASE_COMPLETENESS_FIELDS + LINE_COMPLETENESS_FIELDS

# Parameters of the metrics the expectations read.
UNIT_VALUE_FENCE = 3.0  # Tukey's "extreme" fence: beyond 3 inter-quartile ranges of log(value per unit)
UNIT_VALUE_MIN_SPREAD = 0.5  # the smallest inter-quartile range of log(unit value) used for the fence
UNIT_VALUE_MIN_HISTORY = 20  # priced lines of a category (same unit, currency and basis) needed before
STALE_MONTHS = 12  # a seizure this many months before the submission's median seizure date is stale
# A share of repeated cases means little in a tiny submission (two parcels seized alike on one day are
# ordinary); below this many cases the check is not evaluated.
MIN_CASES_FOR_DUPLICATES = 20
# A failing near-duplicate check keeps examples with its result: the largest groups of look-alike cases, each
# with the first few of its case references.
EXAMPLE_GROUPS = 5
EXAMPLE_REFS_PER_GROUP = 5
SIZE_MIN_HISTORY_MONTHS = 6  # months with cases the Member must have reported before for the size check


@dataclass(frozen=True)
class Expectation:
    """One expectation on one metric of a submission."""

    name: str
    group: str
    description: str
    min_value: float | None = None
    max_value: float | None = None
    blocking: bool = False

    @property
    def metric(self) -> str:
        """The column of the metrics frame the expectation reads."""
        return self.name.replace(".", "__")

    @property
    def threshold(self) -> str:
        if self.min_value is not None and self.max_value is not None:
            return f"{self.min_value:g} .. {self.max_value:g}"
        if self.min_value is not None:
            return f">= {self.min_value:g}"
        return f"<= {self.max_value:g}"

    def holds(self, value: float) -> bool:
        """The expectation evaluated in plain Python (the reference the GX run is checked against)."""
        if self.min_value is not None and value < self.min_value:
            return False
        return not (self.max_value is not None and value > self.max_value)


def _completeness(field: str, minimum: float) -> Expectation:
    unit = "goods lines" if field in LINE_COMPLETENESS_FIELDS else "cases"
    return Expectation(
        f"completeness.{field}",
        "completeness",
        f"Share of the submission's {unit} with '{field}' filled in",
        min_value=minimum,
    )


SUBMISSION_SUITE_NAME = "submission_quality"

# The suite run on every stored submission.
SUBMISSION_SUITE: tuple[Expectation, ...] = (
    # Completeness of the long form: warnings, since the fields are optional; the floors follow what most
    # national systems can give.
    _completeness("office_name", 0.90),
    _completeness("locode", 0.50),
    _completeness("traffic", 0.50),
    _completeness("direction", 0.80),
    _completeness("detection_method", 0.70),
    _completeness("concealment_method", 0.50),
    _completeness("outcome", 0.70),
    _completeness("origin_country", 0.80),
    _completeness("departure_country", 0.90),
    _completeness("destination_country", 0.90),
    _completeness("value", 0.60),
    _completeness("hs_code", 0.70),
    _completeness("brand", 0.80),
    Expectation(
        "plausibility.unit_value_outliers",
        "plausibility",
        "Share of priced goods lines whose value per unit lies beyond the extreme fence of their category's "
        "history (same category, unit, currency and value basis, earlier submissions)",
        max_value=0.05,
    ),
    Expectation(
        "dates.outside_main_year",
        "dates",
        "Share of cases seized outside the calendar year most of the submission's cases fall in",
        max_value=0.10,
    ),
    Expectation(
        "dates.stale",
        "dates",
        f"Share of cases seized more than {STALE_MONTHS} months before the submission's median seizure date",
        max_value=0.02,
    ),
    Expectation(
        "duplicates.near_duplicates",
        "duplicates",
        "Share of cases repeating another case of the submission under another reference (same seizure date, "
        "office, and product categories with quantities)",
        max_value=0.20,
    ),
    Expectation(
        "countries.unknown_share",
        "countries",
        "Share of the origin, departure and destination countries given as unknown (ZZ)",
        max_value=0.10,
    ),
    Expectation(
        "size.cases_per_month_vs_history",
        "size",
        "Cases per month of the submission divided by the Member's median cases per reported month in its "
        "earlier submissions",
        min_value=0.2,
        max_value=5.0,
    ),
)


def expectation(name: str) -> Expectation:
    for e in SUBMISSION_SUITE:
        if e.name == name:
            return e
    raise KeyError(name)
