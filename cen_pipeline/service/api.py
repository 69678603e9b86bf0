"""The JSON API (`/api/v1`): what national systems and scripts call with `Authorization: Bearer <token>`.

Every answer that is not data is `{"error": {"status": ..., "message": ...}}`; no request ever gets a
traceback. Every read goes through `Scoped`, so a route cannot forget the caller's scope.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path as FilePath
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Path, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from cen_pipeline.contract.codelists import codelist
from cen_pipeline.service.accounts import Account, Role, account_of, audit
from cen_pipeline.service.errors import Refused
from cen_pipeline.service.scope import Scoped
from cen_pipeline.service.sessions import LoginLimit
from cen_pipeline.service.spool import CHUNK, spool
from cen_pipeline.service.writer import Writer, check, enqueue, now, table_write
from cen_pipeline.store.db import connect


@dataclass(frozen=True)
class Service:
    """What every route works with: the held store, the spool folder, the writer, the upload limit and the
    count of failed logins."""

    db: FilePath
    spool: FilePath
    writer: Writer
    upload_limit_bytes: int
    logins: LoginLimit = field(default_factory=LoginLimit)
    secure_cookies: bool = False  # behind TLS: the session cookie is sent over HTTPS only


def error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": {"status": status, "message": message}}, status_code=status)


_bearer = HTTPBearer(auto_error=False, description="The token `cen users add` printed.")


def service_of(request: Request) -> Service:
    held: Service = request.app.state.service
    return held


def caller(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> Account:
    if credentials is None or not credentials.credentials:
        raise Refused(401, "a token is needed: send the header Authorization: Bearer <token>")
    with connect(service_of(request).db, read_only=True) as con:
        account = account_of(con, credentials.credentials)
    if account is None:
        raise Refused(401, "the token is not known (or its user was disabled)")
    return account


Caller = Annotated[Account, Depends(caller)]
# Ids and offsets within what the store's integers hold: a larger number names nothing.
LARGEST = 2**53
SubmissionId = Annotated[int, Path(ge=1, le=LARGEST)]
Offset = Annotated[int, Query(ge=0, le=LARGEST)]
router = APIRouter(prefix="/api/v1")


@router.get("/docs", include_in_schema=False)
def docs(request: Request) -> HTMLResponse:
    """The API's reference as one page made from its OpenAPI schema, with nothing loaded from the web."""
    from html import escape

    spec = request.app.openapi()
    parts = [f"<h1>{escape(spec['info']['title'])}</h1><p>Schema: <a href='/api/v1/openapi.json'>openapi.json</a>. "
             "Send <code>Authorization: Bearer &lt;token&gt;</code> (from <code>cen users add</code>).</p>"]  # fmt: skip
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            parts.append(
                f"<h2><code>{method.upper()} {escape(path)}</code></h2><p>{escape(op.get('summary', ''))}</p>"
            )
            params = [f"<li><code>{escape(p['name'])}</code> ({escape(p['in'])}{', required' if p.get('required') else ''})</li>"
                      for p in op.get("parameters", [])]  # fmt: skip
            body = op.get("requestBody", {}).get("content", {})
            if body:
                params.append(f"<li>body: {escape(', '.join(body))}</li>")
            if params:
                parts.append("<ul>" + "".join(params) + "</ul>")
    page = "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>API</title></head><body>"
    return HTMLResponse(page + "".join(parts) + "</body></html>")


@router.get("/health", summary="Whether the service is up, and its queue")
def health(request: Request) -> dict[str, Any]:
    with connect(service_of(request).db, read_only=True) as con:
        row = con.execute("SELECT count(*) FROM service_jobs WHERE state IN ('queued', 'running')").fetchone()
    return {"status": "ok", "jobs_waiting": int(row[0]) if row else 0}


def member_for(account: Account, member: str | None) -> str | None:
    """The Member an upload is for: a Member's clerk sends for its own; a RILO analyst names one of its
    region; the Secretariat names one, or none for a file of many Members (each row its own Member's)."""
    if account.role is Role.member:
        if member and member.strip().upper() != account.member:
            raise Refused(403, f"a user of {account.member} sends files for {account.member} only")
        assert account.member is not None
        return account.member
    code = (member or "").strip().upper()
    if not code and account.role is Role.secretariat:
        return None
    if not code:
        raise Refused(422, "name the Member the file is for (form field `member`, an ISO code)")
    if code not in codelist("member").codes:
        raise Refused(422, f"{code!r} is not the ISO code of a WCO Member")
    if not account.sees(code):
        raise Refused(403, f"{code} is outside the scope of {account.name} ({account.scope_label()})")
    return code


@router.post("/submissions", status_code=202, summary="Send a file; it is checked and stored in turn")
def submit(
    request: Request,
    account: Caller,
    file: Annotated[UploadFile, File(description="A CSV, XLSX or EDIFACT file.")],
    profile: Annotated[str | None, Form(description="The feed profile to read it with.")] = None,
    member: Annotated[
        str | None,
        Form(
            description="The Member it is for: a RILO names one, the Secretariat one or none (many Members)."
        ),
    ] = None,
) -> dict[str, Any]:
    target = member_for(account, member)
    submission = store_upload(service_of(request), account, file, profile, target)
    return {"id": submission, "status": "queued", "member": target}


def store_upload(
    service: Service, account: Account, file: UploadFile, profile: str | None, target: str | None,
    check_only: bool = False,
) -> int:  # fmt: skip
    """Spool a file sent by `account` for the Member `target` (see `member_for`) and queue it to be stored,
    or with `check_only` check it now and keep its report until the user stores it; the submission's id."""

    def chunks() -> Iterator[bytes]:
        while chunk := file.file.read(CHUNK):
            yield chunk

    return store_chunks(service, account, chunks(), file.filename, profile, target, check_only)


def store_nil_return(service: Service, account: Account, month: str, member: str | None) -> int:
    """A nil return for one month (YYYY-MM), sent as the one-line file `cen ingest` takes."""
    if not NIL_MONTH.fullmatch(month):
        raise Refused(422, f"month: a month as YYYY-MM, not {month!r}")
    target = member_for(account, member)
    if target is None:
        raise Refused(422, "name the Member the nil return is for (field `member`, an ISO code)")
    text = f"reporting_member,nil_return_month\n{target},{month}\n".encode()
    return store_chunks(service, account, [text], f"nil-return-{target}-{month}.csv", None, target)


MONTH_TEXT = r"(19|20|21)\d\d-(0[1-9]|1[0-2])"  # YYYY-MM
NIL_MONTH = re.compile(MONTH_TEXT)


def store_chunks(
    service: Service, account: Account, chunks: Iterable[bytes], name: str | None, profile: str | None,
    target: str | None, check_only: bool = False,
) -> int:  # fmt: skip
    if profile:
        from cen_pipeline.intake.profiles import ProfileError, load_profile

        try:
            load_profile(profile)
        except (ProfileError, OSError, ValueError) as err:
            raise Refused(422, f"no feed profile {profile!r}: {err}") from None
    spooled = spool(chunks, service.spool, name, service.upload_limit_bytes)
    report = check(spooled.path, spooled.file_name, profile, target) if check_only else None
    with table_write(service.db) as con:
        row = con.execute(
            """INSERT INTO service_submissions (id, user_id, member, profile, file_name, file_type, sha256, size,
                   received_at, status, report)
               VALUES (nextval('service_ids'), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""",
            [account.user_id, target, profile or None, spooled.file_name, spooled.suffix, spooled.sha256,
             spooled.size, now(), "checked" if check_only else "queued", report],
        ).fetchone()  # fmt: skip
        assert row is not None
        submission = int(row[0])
        if not check_only:
            enqueue(con, submission)
        audit(con, account, "check" if check_only else "submit", submission, spooled.file_name)
    service.writer.wake()
    return submission


@router.post("/nil-returns", status_code=202, summary="Declare a month in which the Member seized nothing")
def nil_return(
    request: Request,
    account: Caller,
    month: Annotated[str, Form(description="The month, YYYY-MM.")],
    member: Annotated[str | None, Form(description="The Member (RILO and Secretariat).")] = None,
) -> dict[str, Any]:
    submission = store_nil_return(service_of(request), account, month, member)
    return {"id": submission, "status": "queued"}


@router.get("/submissions", summary="The submissions in the caller's scope, newest first")
def submissions(
    request: Request,
    account: Caller,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    offset: Offset = 0,
) -> dict[str, Any]:
    with connect(service_of(request).db, read_only=True) as con:
        return {"submissions": Scoped(con, account).submissions(limit, offset)}


@router.get("/submissions/{submission_id}", summary="A submission: its status, counts and report")
def submission(
    request: Request,
    account: Caller,
    submission_id: SubmissionId,
    lang: Annotated[str, Query(pattern="^(en|fr|es)$")] = "en",
) -> dict[str, Any]:
    with connect(service_of(request).db, read_only=True) as con:
        found = Scoped(con, account).submission(submission_id, lang)
    if found is None:
        raise Refused(404, f"no submission {submission_id} in the scope of {account.name}")
    return found


@router.get("/submissions/{submission_id}/replies", summary="The EDIFACT acknowledgements of an interchange")
def replies(request: Request, account: Caller, submission_id: SubmissionId) -> dict[str, Any]:
    return {"replies": [p.name for p in _replies(request, account, submission_id)]}


@router.get(
    "/submissions/{submission_id}/replies/{name}",
    summary="One acknowledgement (CONTRL or APERAK) as its national system reads it",
    response_class=Response,
)
def reply(request: Request, account: Caller, submission_id: SubmissionId, name: str) -> Response:
    for path in _replies(request, account, submission_id):
        if path.name == name:  # only a name the folder lists: never a path the caller wrote
            return Response(path.read_bytes(), media_type="application/edifact")
    raise Refused(404, f"submission {submission_id} has no reply {name!r}")


def _replies(request: Request, account: Caller, submission_id: int) -> list[FilePath]:
    with connect(service_of(request).db, read_only=True) as con:
        found = Scoped(con, account).submission(submission_id)
    if found is None:
        raise Refused(404, f"no submission {submission_id} in the scope of {account.name}")
    folder = service_of(request).writer.replies / str(submission_id)
    return sorted(p for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []


@router.get("/cases", summary="The current cases of a year in the caller's scope")
def cases(
    request: Request,
    account: Caller,
    year: Annotated[int, Query(ge=1900, le=2200)],
    limit: Annotated[int, Query(ge=1, le=10000)] = 1000,
    offset: Offset = 0,
) -> dict[str, Any]:
    with connect(service_of(request).db, read_only=True) as con:
        return {"year": year, "cases": Scoped(con, account).cases(year, limit, offset)}


@router.get(
    "/coverage", summary="Which months each Member in the caller's scope reported, declared nil or missed"
)
def coverage(
    request: Request, account: Caller, year: Annotated[int, Query(ge=1900, le=2200)]
) -> dict[str, Any]:
    with connect(service_of(request).db, read_only=True) as con:
        grid = Scoped(con, account).coverage(year)
    return {
        "year": year,
        "members": {m: {f"{year}-{n:02d}": s for n, s in months.items()} for m, months in grid.items()},
    }


@router.get("/quality", summary="The quality scorecard of the caller's Members, and the findings to look at")
def quality(
    request: Request, account: Caller, year: Annotated[int | None, Query(ge=1900, le=2200)] = None
) -> dict[str, Any]:
    with connect(service_of(request).db, read_only=True) as con:
        rows, found = Scoped(con, account).scorecard(year)
    return {"year": year, "scorecard": [r.as_dict() for r in rows], "findings": [f.as_dict() for f in found]}


@router.get("/trends", summary="A year against another, by one or two dimensions, over the caller's Members")
def trends(
    request: Request,
    account: Caller,
    year: Annotated[int, Query(ge=1900, le=2200)],
    by: Annotated[
        str, Query(max_length=60, description="Dimensions, comma-separated: category, route ...")
    ] = "category",
    measure: Annotated[str, Query(max_length=20)] = "cases",
    compare: Annotated[int | None, Query(ge=1900, le=2200)] = None,
    top: Annotated[int | None, Query(ge=1, le=1000)] = None,
) -> dict[str, Any]:
    import json

    from cen_pipeline.analysis.trends import to_json

    found = scoped_trends(service_of(request).db, account, by, measure, year, compare, top)
    return {"title": found.title, "stale": found.stale, **json.loads(to_json(found.table, found.meta))}


def scoped_trends(
    db: FilePath, account: Account, by: str, measure: str, year: int, compare: int | None, top: int | None
) -> Any:
    """The trend a user asked for over its own Members; a request that names nothing known is refused."""
    from cen_pipeline.analysis.trend_view import trends as trend_of
    from cen_pipeline.analysis.trends import ModelsMissing, TrendError

    with connect(db, read_only=True) as con:
        scope = Scoped(con, account).trend_scope(measure)
    try:
        return trend_of(db, [d.strip() for d in by.split(",") if d.strip()], scope, year, compare, None, top)
    except TrendError as err:
        raise Refused(422, str(err)) from None
    except ModelsMissing:
        raise Refused(
            409, "the analysis tables are not built yet: they are after the next stored file"
        ) from None


Month = Annotated[str | None, Query(pattern=f"^{MONTH_TEXT}$", description="YYYY-MM")]


def month_of(text: str) -> date:
    return date(int(text[:4]), int(text[5:7]), 1)


@router.get("/alerts", summary="The alerts of a month that touch the caller's Members (default: the latest)")
def alerts(request: Request, account: Caller, month: Month = None) -> dict[str, Any]:
    from cen_pipeline.alerts.config import ALERT_FIELDS

    with connect(service_of(request).db, read_only=True) as con:
        months, shown, found = Scoped(con, account).alerts_shown(month_of(month) if month else None)
    return {
        "month": shown.isoformat()[:7] if shown else None,
        "computed_months": [m.isoformat()[:7] for m in months],
        "alerts": [{f: _json_value(getattr(a, f)) for f in (*ALERT_FIELDS, "members")} for a in found],
    }


def _json_value(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value != value:  # NaN: no figure
        return None
    return value


class BodyLimit:
    """Refuse a request body over the upload limit as it arrives, before it is spooled whole: at once when
    its declared length is over, else when its bytes pass the limit."""

    def __init__(self, app: Any, limit: int) -> None:
        self.app = app
        # The multipart envelope around the file: its boundaries and headers.
        self.limit = limit + 64 * 1024

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await _too_large(self.limit, scope, receive, send)
            return
        seen = 0

        async def counted() -> dict[str, Any]:
            nonlocal seen
            message: dict[str, Any] = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise Refused(413, _too_large_text(self.limit))
            return message

        await self.app(scope, counted, send)


def _too_large_text(limit: int) -> str:
    return f"the request is larger than the upload limit of {limit // 1_000_000} MB (CEN_MAX_UPLOAD_MB)"


async def _too_large(limit: int, scope: dict[str, Any], receive: Any, send: Any) -> None:
    await error(413, _too_large_text(limit))(scope, receive, send)
