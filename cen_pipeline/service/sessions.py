"""Browser sessions: a signed cookie (HttpOnly, SameSite=Strict, Secure behind TLS) that holds the user's id,
the language and a CSRF token that every form sends back; logins limited per address."""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections import deque
from pathlib import Path

from starlette.requests import Request

from cen_pipeline.service.accounts import Account, account_by_id
from cen_pipeline.store.db import connect

SESSION_SECONDS = 8 * 3600  # a working day; then the user logs in again
LOGIN_ATTEMPTS = 5  # failed logins from one address ...
LOGIN_WINDOW = 300.0  # ... within this many seconds, after which it waits


def session_key(db: Path) -> str:
    """The key sessions are signed with, made the first time and kept in the store."""
    with connect(db) as con:
        con.execute(
            "INSERT INTO service_keys VALUES ('session', ?) ON CONFLICT DO NOTHING", [secrets.token_hex(32)]
        )
        row = con.execute("SELECT value FROM service_keys WHERE name = 'session'").fetchone()
    assert row is not None
    return str(row[0])


class SessionEnded(Exception):
    """No live session: never logged in, logged out, or expired (`reason`, a key of SESSION_ENDS)."""

    def __init__(self, reason: str) -> None:
        super().__init__(SESSION_ENDS[reason])
        self.reason = reason


SESSION_ENDS = {
    "login": "log in to go on",
    "expired": "the session has expired; log in again",
    "disabled": "the user was disabled; ask the Secretariat",
}


def start(request: Request, account: Account, lang: str) -> None:
    request.session.clear()
    request.session.update(
        {"user": account.user_id, "csrf": secrets.token_urlsafe(32), "lang": lang, "since": int(time.time())}
    )


def account_of_session(request: Request, db: Path) -> Account:
    session = request.session
    if "user" not in session:
        raise SessionEnded("login")
    if time.time() - int(session.get("since", 0)) > SESSION_SECONDS:
        session.clear()
        raise SessionEnded("expired")
    with connect(db, read_only=True) as con:
        account = account_by_id(con, int(session["user"]))
    if account is None:
        session.clear()
        raise SessionEnded("disabled")
    return account


def csrf_token(request: Request) -> str:
    return str(request.session.get("csrf", ""))


def csrf_valid(request: Request, sent: str | None) -> bool:
    expected = csrf_token(request)
    return bool(expected and sent) and hmac.compare_digest(expected, sent or "")


class LoginLimit:
    """At most LOGIN_ATTEMPTS failed logins from one address in LOGIN_WINDOW seconds."""

    def __init__(self) -> None:
        self._failed: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def wait_seconds(self, address: str) -> int:
        """How long the address must wait before it may try again (0: it may now)."""
        now = time.monotonic()
        with self._lock:
            failed = self._failed.get(address, deque())
            while failed and now - failed[0] > LOGIN_WINDOW:
                failed.popleft()
            if len(failed) < LOGIN_ATTEMPTS:
                return 0
            return int(LOGIN_WINDOW - (now - failed[0])) + 1

    def failed(self, address: str) -> None:
        with self._lock:
            self._failed.setdefault(address, deque()).append(time.monotonic())
