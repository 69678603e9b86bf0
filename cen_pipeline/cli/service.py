"""Commands of the submission service: `serve` and `users add|list`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cen_pipeline.cli.options import DEFAULT_DB, DbOpt
from cen_pipeline.core.errors import UsageError


def register(app: typer.Typer) -> None:
    app.command()(serve)
    users_app = typer.Typer(help="Users of the submission service.", no_args_is_help=True)
    users_app.command("add")(users_add)
    users_app.command("list")(users_list)
    app.add_typer(users_app, name="users")


def serve(
    db: DbOpt = DEFAULT_DB,
    host: Annotated[str, typer.Option("--host", help="The address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="The port to listen on.")] = 8000,
    spool: Annotated[
        Path | None, typer.Option("--spool", help="Where uploads are kept (default: beside the store).")
    ] = None,
    tls: Annotated[
        bool, typer.Option("--behind-tls", help="Served over HTTPS by a proxy: session cookies are Secure.")
    ] = False,
) -> None:
    """Run the submission service: Members upload files and read their reports, RILO analysts see their
    region, the Secretariat everything. The service owns the store while it runs; other `cen` commands wait
    for it and say so.

    Example: cen serve --db out/cen.duckdb --host 127.0.0.1 --port 8000
    """
    from cen_pipeline.service.server import serve as run

    run(db, host, port, spool, secure_cookies=tls)


def users_add(
    name: Annotated[str, typer.Option("--name", help="Who the user is (shown in the audit).")],
    role: Annotated[str, typer.Option("--role", help="member, rilo or secretariat.")],
    member: Annotated[str | None, typer.Option("--member", help="The Member of a member user.")] = None,
    rilo: Annotated[str | None, typer.Option("--rilo", help="The RILO of a rilo user (RILO-WE).")] = None,
    db: DbOpt = DEFAULT_DB,
) -> None:
    """Make a user of the service; its token is printed once, alone on the last line (only its hash is kept).

    Example: cen users add --name "FR customs" --role member --member FR --db out/cen.duckdb
    """
    from cen_pipeline.service.accounts import AccountError, Role, add_user, audit
    from cen_pipeline.service.server import open_store
    from cen_pipeline.store.db import connect

    try:
        kind = Role(role.strip().lower())
    except ValueError:
        raise UsageError(f"--role is member, rilo or secretariat, not {role!r}") from None
    open_store(db)
    with connect(db) as con:
        try:
            account, token = add_user(con, name, kind, member, rilo)
        except AccountError as err:
            raise UsageError(str(err)) from None
        audit(con, None, "add user", detail=f"{account.name} ({account.role}, {account.scope_label()})")
    typer.echo(f"user {account.user_id} {account.name}: {account.role}, {account.scope_label()}", err=True)
    typer.echo("the token below is shown this once; keep it secret", err=True)
    typer.echo(token)


def users_list(db: DbOpt = DEFAULT_DB) -> None:
    """List the users of the service (never their tokens).

    Example: cen users list --db out/cen.duckdb
    """
    from cen_pipeline.service.accounts import list_users
    from cen_pipeline.service.server import open_store
    from cen_pipeline.store.db import connect

    open_store(db)
    with connect(db, read_only=True) as con:
        for user_id, name, role, scope, disabled in list_users(con):
            typer.echo(f"{user_id:6}  {name:30}  {role:12}  {scope}{'  (disabled)' if disabled else ''}")
