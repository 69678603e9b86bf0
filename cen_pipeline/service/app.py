"""The service's application: the JSON API and the pages, the session cookie, the upload limit, and errors
answered as JSON under `/api/` and as a page elsewhere, never as a traceback."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware

from cen_pipeline.service.api import BodyLimit, Service, error, router
from cen_pipeline.service.errors import Refused
from cen_pipeline.service.pages import bare_error, page_errors, pages
from cen_pipeline.service.sessions import SESSION_SECONDS, SessionEnded, session_key
from cen_pipeline.service.watch import watched

log = logging.getLogger("cen.service")


def create_app(service: Service) -> FastAPI:
    app = FastAPI(
        title="cen-pipeline submission service",
        version="1",
        openapi_url="/api/v1/openapi.json",
        docs_url=None,  # the stock pages load their scripts from the web; the service works offline
        redoc_url=None,
    )
    app.state.service = service
    app.include_router(router)
    app.include_router(pages)
    app.include_router(watched)

    def answer(request: Request, status: int, message: str) -> Response:
        if request.url.path.startswith("/api/"):
            return error(status, message)
        return page_errors(request, Refused(status, message))

    @app.exception_handler(Refused)
    def _refused(request: Request, err: Refused) -> Response:
        return answer(request, err.status, err.message)

    @app.exception_handler(SessionEnded)
    def _session_ended(request: Request, err: SessionEnded) -> Response:
        return page_errors(request, err)

    @app.exception_handler(StarletteHTTPException)
    def _http_error(request: Request, err: StarletteHTTPException) -> Response:
        if isinstance(err.__cause__, Refused):  # raised while the body was read (BodyLimit)
            return answer(request, err.__cause__.status, err.__cause__.message)
        return answer(request, err.status_code, str(err.detail))

    @app.exception_handler(RequestValidationError)
    def _invalid(request: Request, err: RequestValidationError) -> Response:
        said = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ()) if p != 'body')}: {e.get('msg', 'invalid')}"
            for e in err.errors()
        )
        return answer(request, 422, said or "the request is not valid")

    @app.exception_handler(Exception)
    def _internal(request: Request, err: Exception) -> Response:
        # Answered outside the session's middleware: the page says so without reading the session.
        log.exception("internal error on %s", request.url.path)
        message = "internal error; the service's log says more"
        if request.url.path.startswith("/api/"):
            return error(500, message)
        return bare_error(request, 500, message)

    app.add_middleware(
        SessionMiddleware,
        secret_key=session_key(service.db),
        session_cookie="cen_session",
        max_age=SESSION_SECONDS,
        same_site="strict",
        https_only=service.secure_cookies,
    )
    app.add_middleware(BodyLimit, limit=service.upload_limit_bytes)
    return app
