"""Partners' keys from the command line.

    flask --app webapp api-key create "Acme Health"    (prints the key once)
    flask --app webapp api-key list
    flask --app webapp api-key revoke "Acme Health"
"""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from clinics import api_keys, audit
from clinics.db import session_scope

api_key_group = AppGroup("api-key", help="Create, list and revoke partners' API keys.")


def _database() -> str:
    return current_app.config["DATABASE_URL"]


@api_key_group.command("create")
@click.argument("name")
def create_command(name: str) -> None:
    """Make a key for NAME and print it: it is shown this once and stored only as a hash."""
    try:
        with session_scope(_database()) as session:
            row, raw = api_keys.create(session, name)
            audit.record(session, "cli", "api_key.create", f"api key {row.name}",
                         after={"prefix": row.prefix})
    except api_keys.ApiKeyError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Created an API key for {name.strip()}. Keep it now; it is not shown again:",
               err=True)
    click.echo(raw)


@api_key_group.command("list")
def list_command() -> None:
    """Every key: name, prefix, created, and revoked or live."""
    with session_scope(_database()) as session:
        rows = api_keys.all_keys(session)
        lines = [f"{r.name}\t{r.prefix}…\tcreated {r.created_at:%Y-%m-%d %H:%M}\t"
                 + (f"revoked {r.revoked_at:%Y-%m-%d %H:%M}" if r.revoked_at else "live")
                 for r in rows]
    click.echo("\n".join(lines) if lines else "No API keys yet.")


@api_key_group.command("revoke")
@click.argument("name")
def revoke_command(name: str) -> None:
    """Revoke NAME's live key: the next request with it gets 401."""
    try:
        with session_scope(_database()) as session:
            count = api_keys.revoke(session, name)
            if count:
                audit.record(session, "cli", "api_key.revoke", f"api key {name.strip()}")
    except api_keys.ApiKeyError as error:
        raise click.ClickException(str(error)) from error
    if not count:
        raise click.ClickException(f"“{name.strip()}” has no live key.")
    click.echo(f"Revoked the API key of {name.strip()}.")
