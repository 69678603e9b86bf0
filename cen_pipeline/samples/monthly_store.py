"""A store written straight from monthly series of seizure counts, for the alert evaluations and tests: each
Member's month is a file of its own (so that a month without one is a month not reported), each count that
many cases of one goods line of the category, from CN to the Member."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from cen_pipeline.alerts.months import add_months
from cen_pipeline.store.db import connect

Series = Mapping[tuple[str, str], np.ndarray]  # (Member, category) -> cases a month; NaN where not reported


def write_monthly_store(path: Path, counts: Series, start: date) -> Path:
    """Write `counts` (every series as long, from the month `start`) into a new store at `path`. A Member's
    month is reported when any of its series has a number there (0 too: a file without that category)."""
    for leftover in (path, Path(f"{path}.wal")):
        leftover.unlink(missing_ok=True)
    members = sorted({m for m, _ in counts})
    months = max(len(s) for s in counts.values())
    files = [
        (m, t)
        for m in members
        for t in range(months)
        if any(not np.isnan(s[t]) for (member, _), s in counts.items() if member == m)
    ]
    file_ids = {key: i + 1 for i, key in enumerate(files)}
    rows = [
        (member, category, t, k)
        for (member, category), series in counts.items()
        for t, n in enumerate(series)
        if not np.isnan(n)
        for k in range(int(n))
    ]
    cases = pd.DataFrame(rows, columns=["member", "category", "t", "k"])
    cases["ref"] = [f"{m}-{c}-{t}-{k}" for m, c, t, k in rows]
    cases["day"] = [add_months(start, t) for t in cases["t"]]
    cases["submission"] = [file_ids[m, t] for m, t in zip(cases["member"], cases["t"], strict=True)]
    submissions = pd.DataFrame([(file_ids[f], f[0]) for f in files], columns=["submission_id", "member"])
    con = connect(path)
    try:
        con.register("new_submissions", submissions)
        con.register("new_cases", cases)
        con.execute("INSERT INTO submissions (submission_id, member) SELECT * FROM new_submissions")
        con.execute("INSERT INTO submission_members (submission_id, member) SELECT * FROM new_submissions")
        con.execute(
            """INSERT INTO cases (reporting_member, case_ref, version, submission_id, is_current, withdrawn,
                   line_count, seizure_date, location_type, conveyance, procedure_initiation, departure_country,
                   destination_country)
               SELECT member, ref, 1, submission, true, false, 1, day, 'airport', 'postal', 'ex_officio', 'CN',
                   member FROM new_cases"""
        )
        con.execute(
            """INSERT INTO goods_lines (reporting_member, case_ref, version, line_no, product_category, brand,
                   ipr_types, quantity, unit, articles, value, currency, health_safety)
               SELECT member, ref, 1, 1, category, 'Brand', 'trade_mark', 5, 'pieces', 5, 100, 'EUR', false
               FROM new_cases"""
        )
    finally:
        con.close()
    return path
