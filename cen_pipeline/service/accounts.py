"""Users of the service and what each may see: a Member's clerk its Member, a RILO analyst the Members of its
RILO, the Secretariat every Member. A user is known by a bearer token (or a browser session made from it)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

import duckdb

from cen_pipeline.contract.codelists import codelist, rilo_code


class Role(StrEnum):
    member = "member"
    rilo = "rilo"
    secretariat = "secretariat"


class AccountError(ValueError):
    """A user that cannot be made as asked (an unknown Member or RILO, a name taken)."""


@dataclass(frozen=True)
class Account:
    user_id: int
    name: str
    role: Role
    member: str | None = None
    rilo: str | None = None

    def members(self) -> frozenset[str] | None:
        """The Members whose data the user may see; None for every Member."""
        if self.role is Role.secretariat:
            return None
        if self.role is Role.member:
            return frozenset({self.member}) if self.member else frozenset()
        members = codelist("member")
        return frozenset(c for c in members.codes if members.attributes[c]["rilo"] == self.rilo)

    def sees(self, member: str | None) -> bool:
        visible = self.members()
        return visible is None or member in visible

    def scope_label(self) -> str:
        return {Role.member: self.member, Role.rilo: self.rilo}.get(self.role) or "all Members"


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def add_user(
    con: duckdb.DuckDBPyConnection, name: str, role: Role, member: str | None = None, rilo: str | None = None
) -> tuple[Account, str]:
    """Make a user and its token; the token is returned once and kept only as its hash."""
    if role is Role.member:
        code = (member or "").strip().upper()
        if code not in codelist("member").codes:
            raise AccountError(f"a member user needs --member, the ISO code of a WCO Member, not {member!r}")
        member, rilo = code, None
    elif role is Role.rilo:
        office = rilo_code(rilo or "") if rilo else None
        if office is None:
            raise AccountError(f"a rilo user needs --rilo, a RILO's code or name (RILO-WE), not {rilo!r}")
        member, rilo = None, office
    else:
        member = rilo = None
    if not name.strip() or len(name) > 100 or not name.isprintable():
        raise AccountError(f"a user's name is 1 to 100 printable characters, not {name!r}")
    taken = con.execute("SELECT count(*) FROM service_users WHERE name = ?", [name]).fetchone()
    if taken and taken[0]:
        raise AccountError(f"there is a user named {name!r} already")
    token = secrets.token_urlsafe(32)
    row = con.execute(
        """INSERT INTO service_users VALUES (nextval('service_ids'), ?, ?, ?, ?, ?, ?, false)
           RETURNING user_id""",
        [name, role.value, member, rilo, token_digest(token), datetime.now(UTC).replace(tzinfo=None)],
    ).fetchone()
    assert row is not None
    return Account(int(row[0]), name, role, member, rilo), token


def account_of(con: duckdb.DuckDBPyConnection, token: str) -> Account | None:
    """The user a token belongs to, if it is a live one."""
    row = con.execute(
        """SELECT user_id, name, role, member, rilo FROM service_users
           WHERE token_sha256 = ? AND NOT disabled""",
        [token_digest(token)],
    ).fetchone()
    return None if row is None else Account(int(row[0]), row[1], Role(row[2]), row[3], row[4])


def account_by_id(con: duckdb.DuckDBPyConnection, user_id: int) -> Account | None:
    row = con.execute(
        "SELECT user_id, name, role, member, rilo FROM service_users WHERE user_id = ? AND NOT disabled",
        [user_id],
    ).fetchone()
    return None if row is None else Account(int(row[0]), row[1], Role(row[2]), row[3], row[4])


def list_users(con: duckdb.DuckDBPyConnection) -> list[tuple[int, str, str, str, bool]]:
    rows = con.execute(
        """SELECT user_id, name, role, coalesce(member, rilo, 'all Members'), disabled FROM service_users
           ORDER BY user_id"""
    ).fetchall()
    return [(int(r[0]), r[1], r[2], r[3], bool(r[4])) for r in rows]


def disable_user(con: duckdb.DuckDBPyConnection, user_id: int) -> bool:
    """Disable a user: its token and sessions stop working at once. Whether there was such a live user."""
    rows = con.execute(
        "UPDATE service_users SET disabled = true WHERE user_id = ? AND NOT disabled RETURNING user_id",
        [user_id],
    ).fetchall()
    return bool(rows)


def audit(
    con: duckdb.DuckDBPyConnection, account: Account | None, action: str, submission: int | None = None,
    detail: str | None = None,
) -> None:  # fmt: skip
    """Write down who changed what, and when."""
    con.execute(
        "INSERT INTO service_audit VALUES (?, ?, ?, ?, ?)",
        [
            datetime.now(UTC).replace(tzinfo=None),
            account.user_id if account else None,
            action,
            submission,
            detail,
        ],
    )
