"""The pages an analyst watches: the quality scorecard and the alerts of the user's Members, the alert
bulletin of a month, and (for a RILO analyst and the Secretariat) the forms that queue the writer's
quality check and a month's alerts. Every read goes through `Scoped`."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import duckdb
from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from cen_pipeline.service.accounts import Account, Role, audit
from cen_pipeline.service.api import MONTH_TEXT, Month, month_of, scoped_trends, service_of
from cen_pipeline.service.errors import Refused
from cen_pipeline.service.pages import checked_form, lang_of, messages_of, render, user_of
from cen_pipeline.service.scope import Scoped
from cen_pipeline.service.writer import enqueue_job, table_write
from cen_pipeline.store.db import connect

watched = APIRouter(include_in_schema=False)


def _analyst(account: Account) -> None:
    if account.role is Role.member:
        raise Refused(403, "checks and alerts are started by a RILO analyst or the Secretariat")


@watched.get("/quality")
def quality_page(
    request: Request, year: Annotated[int | None, Query(ge=1900, le=2200)] = None
) -> HTMLResponse:
    account = user_of(request)
    with connect(service_of(request).db, read_only=True) as con:
        rows, found = Scoped(con, account).scorecard(year)
        jobs = _jobs(con, "quality")
    w = messages_of()[lang_of(request)]
    return render(request, "quality.html.j2", w["quality"], account, rows=rows, findings=found, year=year,
                  jobs=jobs, analyst=account.role is not Role.member)  # fmt: skip


@watched.post("/quality")
def start_quality(request: Request, csrf: Annotated[str | None, Form()] = None) -> RedirectResponse:
    account = checked_form(request, csrf)
    _analyst(account)
    _queue(request, account, "quality", None)
    return RedirectResponse(f"/quality?lang={lang_of(request)}", status_code=303)


@watched.get("/trends")
def trends_page(
    request: Request,
    year: Annotated[int | None, Query(ge=1900, le=2200)] = None,
    by: Annotated[str, Query(max_length=60)] = "category",
    measure: Annotated[str, Query(max_length=20)] = "cases",
) -> HTMLResponse:
    """A year against the year before, over the user's Members, by the dimensions asked."""
    from cen_pipeline.analysis.dimensions import DIMENSIONS, MEASURES

    account = user_of(request)
    shown = year or date.today().year - 1
    found = scoped_trends(service_of(request).db, account, by, measure, shown, None, None)
    import pandas as pd

    rows = [["" if pd.isna(v) else v for v in r] for r in found.table.itertuples(index=False)]
    return render(request, "trends.html.j2", messages_of()[lang_of(request)]["trends"], account, year=shown,
                  by=by, measure=measure, dimensions=list(DIMENSIONS), measures=MEASURES, title=found.title,
                  columns=[str(c) for c in found.table.columns], rows=rows, stale=found.stale)  # fmt: skip


@watched.get("/alerts")
def alerts_page(request: Request, month: Month = None) -> HTMLResponse:
    from cen_pipeline.alerts.bulletin import title_of

    account = user_of(request)
    with connect(service_of(request).db, read_only=True) as con:
        months, shown, found = Scoped(con, account).alerts_shown(month_of(month) if month else None)
        jobs = _jobs(con, "alerts")
    rows = [(a, title_of(a)) for a in found]
    w = messages_of()[lang_of(request)]
    return render(request, "alerts.html.j2", w["alerts"], account, alerts=rows, months=months, shown=shown,
                  jobs=jobs, analyst=account.role is not Role.member,
                  default_month=(shown or date.today()).isoformat()[:7])  # fmt: skip


@watched.post("/alerts")
def start_alerts(
    request: Request,
    month: Annotated[str, Form(pattern=f"^{MONTH_TEXT}$")],
    csrf: Annotated[str | None, Form()] = None,
) -> RedirectResponse:
    account = checked_form(request, csrf)
    _analyst(account)
    _queue(request, account, "alerts", month_of(month))
    return RedirectResponse(f"/alerts?lang={lang_of(request)}", status_code=303)


@watched.get("/alerts/bulletin")
def bulletin_page(request: Request, month: Annotated[str, Query(pattern=f"^{MONTH_TEXT}$")]) -> HTMLResponse:
    """The bulletin of a month as one page, of the alerts that touch the user's Members."""
    from cen_pipeline.alerts.bulletin import render as bulletin

    account = user_of(request)
    with connect(service_of(request).db, read_only=True) as con:
        found = Scoped(con, account).alerts(month_of(month))
    return HTMLResponse(bulletin(month_of(month), found, datetime.now().strftime("%Y-%m-%d %H:%M")))


def _queue(request: Request, account: Account, kind: str, month: date | None) -> None:
    service = service_of(request)
    with table_write(service.db) as con:
        job = enqueue_job(con, account.user_id, kind, month=month)
        audit(
            con,
            account,
            f"start {kind}",
            detail=f"{month.isoformat()[:7] if month else 'new submissions'} (job {job})",
        )
    service.writer.wake()


def _jobs(con: duckdb.DuckDBPyConnection, kind: str) -> list[dict[str, object]]:
    rows = con.execute(
        """SELECT job_id, month, state, error, queued_at FROM service_jobs WHERE kind = ?
           ORDER BY job_id DESC LIMIT 10""",
        [kind],
    ).fetchall()
    return [dict(zip(("job_id", "month", "state", "error", "queued_at"), r, strict=True)) for r in rows]
