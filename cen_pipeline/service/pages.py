"""The service's pages for a browser: log in with a token, send a file (check it only, or check and store it),
read its report in English, French or Spanish, download its errors, and for the Secretariat write the annual
report and download it. Server-rendered HTML, no script; every form carries the session's CSRF token and
every read goes through `Scoped`."""

from __future__ import annotations

import tempfile
import tomllib
from datetime import date
from functools import cache
from pathlib import Path as FilePath
from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Query, Request, UploadFile
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from cen_pipeline.core.assets import asset_dir
from cen_pipeline.service.accounts import Account, Role, account_of, audit
from cen_pipeline.service.api import (
    LARGEST,
    SubmissionId,
    member_for,
    service_of,
    store_nil_return,
    store_upload,
)
from cen_pipeline.service.errors import Refused
from cen_pipeline.service.scope import Scoped
from cen_pipeline.service.sessions import (
    SESSION_ENDS,
    SessionEnded,
    account_of_session,
    csrf_token,
    csrf_valid,
    start,
)
from cen_pipeline.service.writer import enqueue, enqueue_job, table_write
from cen_pipeline.store.db import connect

LANGUAGES = (("en", "English"), ("fr", "Français"), ("es", "Español"))
pages = APIRouter(include_in_schema=False)


@cache
def messages_of() -> dict[str, Any]:
    with (asset_dir("reports") / "service" / "messages.toml").open("rb") as f:
        return tomllib.load(f)


def lang_of(request: Request, asked: str | None = None) -> str:
    lang = asked or request.query_params.get("lang") or request.session.get("lang") or "en"
    return lang if lang in dict(LANGUAGES) else "en"


def render(
    request: Request, template: str, heading: str, account: Account | None, status: int = 200, **context: Any
) -> HTMLResponse:
    return _page(lang_of(request), csrf_token(request), template, heading, account, status, **context)


def _page(
    lang: str, csrf: str, template: str, heading: str, account: Account | None, status: int, **context: Any
) -> HTMLResponse:
    from cen_pipeline.core.templates import environment

    messages = messages_of()
    page = environment().get_template(f"service/{template}").render(
        lang=lang, w=messages[lang], statuses=messages["statuses"][lang], account=account,
        csrf=csrf, heading=heading, languages=LANGUAGES, **context,
    )  # fmt: skip
    return HTMLResponse(page, status_code=status)


def user_of(request: Request) -> Account:
    return account_of_session(request, service_of(request).db)  # SessionEnded: to the login page


def checked_form(request: Request, csrf: str | None) -> Account:
    account = user_of(request)
    if not csrf_valid(request, csrf):
        raise Refused(403, "the form has expired or did not come from this site; load the page again")
    return account


@pages.get("/")
def home(request: Request) -> RedirectResponse:
    return RedirectResponse("/submissions" if "user" in request.session else "/login", status_code=303)


@pages.get("/login")
def login_page(request: Request, ended: str | None = None) -> HTMLResponse:
    w = messages_of()[lang_of(request)]
    notice = SESSION_ENDS.get(ended or "")
    return render(request, "login.html.j2", w["login"], None, notice=notice, failed=bool(notice))


@pages.post("/login")
def login(
    request: Request, token: Annotated[str, Form()] = "", lang: Annotated[str, Form()] = "en"
) -> Response:
    service = service_of(request)
    address = request.client.host if request.client else "?"
    wait = service.logins.wait_seconds(address)
    w = messages_of()[lang_of(request, lang)]
    if wait:
        notice = f"too many failed logins from this address; try again in {wait} s"
        return render(request, "login.html.j2", w["login"], None, 429, notice=notice, failed=True)
    with connect(service.db, read_only=True) as con:
        account = account_of(con, token.strip()) if token.strip() else None
    if account is None:
        service.logins.failed(address)
        notice = "the token is not known (or its user was disabled)"
        return render(request, "login.html.j2", w["login"], None, 401, notice=notice, failed=True)
    start(request, account, lang_of(request, lang))
    with table_write(service.db) as con:
        audit(con, account, "log in")
    return RedirectResponse("/submissions", status_code=303)


@pages.post("/logout")
def logout(request: Request, csrf: Annotated[str | None, Form()] = None) -> RedirectResponse:
    checked_form(request, csrf)
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


def _upload_members(account: Account) -> list[str]:
    """The Members a user may send for, when it must name one."""
    if account.role is Role.member:
        return []
    from cen_pipeline.contract.codelists import codelist

    visible = account.members()
    return [c for c in codelist("member").codes if visible is None or c in visible]


@pages.get("/submissions")
def submissions_page(request: Request) -> HTMLResponse:
    from cen_pipeline.intake.profiles import profile_names

    account = user_of(request)
    with connect(service_of(request).db, read_only=True) as con:
        listed = Scoped(con, account).submissions()
    w = messages_of()[lang_of(request)]
    return render(
        request, "submissions.html.j2", w["submissions"], account, submissions=listed,
        profiles=profile_names(), members=_upload_members(account),
    )  # fmt: skip


@pages.post("/submissions")
def send_page(
    request: Request,
    file: UploadFile,
    csrf: Annotated[str | None, Form()] = None,
    profile: Annotated[str | None, Form()] = None,
    member: Annotated[str | None, Form()] = None,
    action: Annotated[str, Form()] = "send",
) -> RedirectResponse:
    account = checked_form(request, csrf)
    target = member_for(account, member)
    submission = store_upload(
        service_of(request), account, file, profile or None, target, check_only=action == "check"
    )
    return RedirectResponse(f"/submissions/{submission}?lang={lang_of(request)}", status_code=303)


@pages.post("/nil-returns")
def nil_return_page(
    request: Request,
    month: Annotated[str, Form()],
    csrf: Annotated[str | None, Form()] = None,
    member: Annotated[str | None, Form()] = None,
) -> RedirectResponse:
    account = checked_form(request, csrf)
    submission = store_nil_return(service_of(request), account, month.strip(), member)
    return RedirectResponse(f"/submissions/{submission}?lang={lang_of(request)}", status_code=303)


def _submission(request: Request, account: Account, submission: int) -> dict[str, Any]:
    with connect(service_of(request).db, read_only=True) as con:
        found = Scoped(con, account).submission(submission, lang_of(request))
    if found is None:
        raise Refused(404, f"no submission {submission} in the scope of {account.name}")
    return found


@pages.get("/submissions/{submission}")
def submission_page(request: Request, submission: SubmissionId) -> HTMLResponse:
    account = user_of(request)
    found = _submission(request, account, submission)
    heading = f"{messages_of()[lang_of(request)]['submission']} #{submission}"
    return render(request, "submission.html.j2", heading, account, s=found)


@pages.post("/submissions/{submission}/send")
def store_checked(
    request: Request, submission: SubmissionId, csrf: Annotated[str | None, Form()] = None
) -> Response:
    account = checked_form(request, csrf)
    found = _submission(request, account, submission)
    if found["status"] == "checked":
        service = service_of(request)
        with table_write(service.db) as con:
            con.execute("UPDATE service_submissions SET status = 'queued' WHERE id = ?", [submission])
            enqueue(con, submission)
            audit(con, account, "store checked file", submission, found["file_name"])
        service.writer.wake()
    return RedirectResponse(f"/submissions/{submission}?lang={lang_of(request)}", status_code=303)


@pages.get("/submissions/{submission}/report")
def report_page(request: Request, submission: SubmissionId) -> HTMLResponse:
    from cen_pipeline.intake.render import html_of

    found = _submission(request, user_of(request), submission)
    if not found.get("report"):
        raise Refused(404, f"submission {submission} has no report yet")
    return HTMLResponse(html_of([found["report"]], lang_of(request)))


@pages.get("/submissions/{submission}/errors.{kind}")
def errors_download(request: Request, submission: SubmissionId, kind: str) -> Response:
    from cen_pipeline.intake.render import csv_of

    found = _submission(request, user_of(request), submission)
    if kind not in ("csv", "xlsx") or not found.get("report"):
        raise Refused(404, f"no such download for submission {submission}")
    name = f"errors-{submission}.{kind}"
    disposition = {"Content-Disposition": f'attachment; filename="{name}"'}
    if kind == "csv":
        return Response(csv_of([found["report"]]), media_type="text/csv; charset=utf-8", headers=disposition)
    import pandas as pd

    from cen_pipeline.core.output import frame_xlsx
    from cen_pipeline.intake.render import CSV_COLUMNS

    frame = pd.DataFrame(found["report"]["problems"], columns=list(CSV_COLUMNS))
    with tempfile.TemporaryDirectory() as folder:
        path = FilePath(folder) / name
        frame_xlsx(frame, path, "errors")
        content = path.read_bytes()
    media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(content, media_type=media, headers=disposition)


@pages.get("/cases")
def cases_page(request: Request, year: Annotated[int | None, Query(ge=1900, le=2200)] = None) -> HTMLResponse:
    account = user_of(request)
    shown = year or date.today().year
    with connect(service_of(request).db, read_only=True) as con:
        found = Scoped(con, account).cases(shown, limit=2000)
    return render(
        request, "cases.html.j2", messages_of()[lang_of(request)]["cases"], account, cases=found, year=shown
    )


@pages.get("/quarantine")
def quarantine_page(request: Request) -> HTMLResponse:
    from cen_pipeline.intake.render import problem_titles

    account = user_of(request)
    with connect(service_of(request).db, read_only=True) as con:
        rows = Scoped(con, account).quarantine()
    lang = lang_of(request)
    titles = problem_titles(lang)
    return render(
        request, "quarantine.html.j2", messages_of()[lang]["quarantine"], account, rows=rows, titles=titles
    )


@pages.get("/coverage")
def coverage_page(
    request: Request, year: Annotated[int | None, Query(ge=1900, le=2200)] = None
) -> HTMLResponse:
    account = user_of(request)
    shown = year or date.today().year
    with connect(service_of(request).db, read_only=True) as con:
        grid = Scoped(con, account).coverage(shown)
    return render(
        request,
        "coverage.html.j2",
        messages_of()[lang_of(request)]["coverage"],
        account,
        grid=grid,
        year=shown,
    )


def _secretariat(account: Account) -> None:
    if account.role is not Role.secretariat:
        raise Refused(403, "the annual report is the Secretariat's")


@pages.get("/reports")
def reports_page(request: Request) -> HTMLResponse:
    account = user_of(request)
    _secretariat(account)
    with connect(service_of(request).db, read_only=True) as con:
        rows = con.execute(
            """SELECT job_id, year, lang, state, error FROM service_jobs WHERE kind = 'report'
               ORDER BY job_id DESC LIMIT 100"""
        ).fetchall()
    jobs = [dict(zip(("job_id", "year", "lang", "state", "error"), r, strict=True)) for r in rows]
    return render(
        request, "reports.html.j2", messages_of()[lang_of(request)]["reports"], account, jobs=jobs,
        default_year=date.today().year - 1,
    )  # fmt: skip


@pages.post("/reports")
def start_report(
    request: Request,
    year: Annotated[int, Form(ge=2000, le=2100)],
    csrf: Annotated[str | None, Form()] = None,
    lang: Annotated[str, Form(pattern="^(en|fr|es)$")] = "en",
) -> RedirectResponse:
    account = checked_form(request, csrf)
    _secretariat(account)
    service = service_of(request)
    with table_write(service.db) as con:
        job = enqueue_job(con, account.user_id, "report", year=year, lang=lang)
        audit(con, account, "start annual report", detail=f"{year} {lang} (job {job})")
    service.writer.wake()
    return RedirectResponse(f"/reports?lang={lang_of(request)}", status_code=303)


@pages.get("/users")
def users_page(request: Request) -> HTMLResponse:
    from cen_pipeline.service.accounts import list_users

    account = user_of(request)
    _secretariat(account)
    with connect(service_of(request).db, read_only=True) as con:
        users = list_users(con)
    return render(
        request, "users.html.j2", messages_of()[lang_of(request)]["users"], account, users=users, token=None
    )


@pages.post("/users")
def add_user_page(
    request: Request,
    name: Annotated[str, Form()],
    role: Annotated[str, Form(pattern="^(member|rilo|secretariat)$")],
    csrf: Annotated[str | None, Form()] = None,
    scope: Annotated[str | None, Form()] = None,
) -> HTMLResponse:
    from cen_pipeline.service.accounts import AccountError, add_user, list_users

    account = checked_form(request, csrf)
    _secretariat(account)
    kind = Role(role)
    with table_write(service_of(request).db) as con:
        try:
            made, token = add_user(con, name.strip(), kind, scope if kind is Role.member else None,
                                   scope if kind is Role.rilo else None)  # fmt: skip
        except AccountError as err:
            raise Refused(422, str(err)) from None
        audit(con, account, "add user", detail=f"{made.name} ({made.role}, {made.scope_label()})")
        users = list_users(con)
    # The token is shown on this page once, as `cen users add` prints it once; only its hash is kept.
    w = messages_of()[lang_of(request)]
    return render(request, "users.html.j2", w["users"], account, users=users, token=token, made=made)


@pages.post("/users/{user_id}/disable")
def disable_user_page(
    request: Request,
    user_id: Annotated[int, Path(ge=1, le=LARGEST)],
    csrf: Annotated[str | None, Form()] = None,
) -> RedirectResponse:
    from cen_pipeline.service.accounts import disable_user

    account = checked_form(request, csrf)
    _secretariat(account)
    if user_id == account.user_id:
        raise Refused(422, "a user cannot disable itself; another Secretariat user can")
    with table_write(service_of(request).db) as con:
        if not disable_user(con, user_id):
            raise Refused(404, f"no live user {user_id}")
        audit(con, account, "disable user", detail=str(user_id))
    return RedirectResponse(f"/users?lang={lang_of(request)}", status_code=303)


REPORT_FILES = {"report.html": "text/html", "report.pdf": "application/pdf",
                "tables.xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}  # fmt: skip


@pages.get("/reports/{job}/{name}")
def report_download(request: Request, job: Annotated[int, Path(ge=1, le=LARGEST)], name: str) -> FileResponse:
    account = user_of(request)
    _secretariat(account)
    with connect(service_of(request).db, read_only=True) as con:
        row = con.execute(
            "SELECT output FROM service_jobs WHERE job_id = ? AND kind = 'report' AND state = 'done'", [job]
        ).fetchone()
    if row is None or name not in REPORT_FILES:  # a fixed list of names: nothing else is served from disk
        raise Refused(404, f"no file {name} of report {job}")
    path = FilePath(row[0]) / name
    if not path.is_file():
        raise Refused(404, f"the report {job} has no {name}")
    return FileResponse(path, media_type=REPORT_FILES[name], filename=f"annual-report-{job}-{name}")


def bare_error(request: Request, status: int, message: str) -> HTMLResponse:
    """An error page that reads nothing of the session: for a failure outside the session's reach."""
    lang = request.query_params.get("lang", "en")
    lang = lang if lang in dict(LANGUAGES) else "en"
    return _page(lang, "", "base.html.j2", str(status), None, status, notice=message, failed=True)


def page_errors(request: Request, err: Exception) -> Response:
    """A page's error as a page: to the login page when the session ended, else the sentence."""
    if isinstance(err, SessionEnded):
        return RedirectResponse(f"/login?ended={err.reason}", status_code=303)
    assert isinstance(err, Refused)
    try:
        account: Account | None = user_of(request)
    except SessionEnded:
        account = None
    return render(
        request, "base.html.j2", str(err.status), account, err.status, notice=err.message, failed=True
    )
