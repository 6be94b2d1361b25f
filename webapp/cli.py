"""Operator commands, registered on the app so they use its DATABASE_URL and INDEX_DIR.

    flask --app webapp migrate
    flask --app webapp create-admin ops@example.org [--role editor]
    flask --app webapp index rebuild
    flask --app webapp index update 12 15 --since 2026-05-01T00:00:00
    flask --app webapp index check
    flask --app webapp export-clinics --output clinics.jsonl
    flask --app webapp api-key create|list|revoke NAME
    flask --app webapp serve
    flask --app webapp demo-data
"""
from __future__ import annotations

import json
import os
import sys
from contextlib import contextmanager, nullcontext
from typing import Iterator

import click
import waitress
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy.exc import SQLAlchemyError

import config
from clinics import audit
from clinics.db import migrate, session_scope
from clinics.serialize import clinic_to_dict
import search_index
from webapp import api_cli, auth, crawl_cli, queries, scrapyd_cli
from webapp.demo_data import demo_data_command, demo_web_beside
from webapp.warm_start import warm


@click.command("migrate")
@with_appcontext
def migrate_command() -> None:
    """Bring the database schema to the newest revision."""
    migrate(current_app.config["DATABASE_URL"])
    click.echo("Database is at the newest schema revision.")


def _new_password() -> str:
    """CLINICS_ADMIN_PASSWORD when set, else asked for twice without echo. Never an argument:
    arguments show in process lists and shell history."""
    return os.environ.get("CLINICS_ADMIN_PASSWORD") or click.prompt(
        "Password for the admin", hide_input=True, confirmation_prompt=True)


@click.command("create-admin")
@click.argument("email")
@click.option("--role", type=click.Choice(auth.ROLES), default=None,
              help="admin (manages sources, users and API keys) or editor (moderates); "
                   "a new account is an admin unless told.")
@with_appcontext
def create_admin_command(email: str, role: str | None) -> None:
    """Create an admin account, or set a new password (and role) for an existing one.

    The password comes from CLINICS_ADMIN_PASSWORD or a prompt."""
    try:
        with session_scope(current_app.config["DATABASE_URL"]) as session:
            created = auth.set_admin_password(session, email, _new_password(), role)
            audit.record(session, "cli", "user.create" if created else "user.password",
                         f"user {auth.normalize_email(email)}", after={"role": role})
    except ValueError as error:
        raise click.ClickException(str(error)) from error
    verb = "Created admin" if created else "Changed the password of admin"
    click.echo(f"{verb} {auth.normalize_email(email)}.")


@click.command("export-clinics")
@click.option("--output", "-o", type=click.File("w", encoding="utf-8"), default="-",
              help="File to write (default: standard output).")
@with_appcontext
def export_clinics_command(output) -> None:
    """Write every active clinic as one JSON object per line, in the API's shape."""
    count = 0
    with session_scope(current_app.config["DATABASE_URL"]) as session:
        for clinic in queries.iter_active_clinics(session):
            output.write(json.dumps(clinic_to_dict(clinic), ensure_ascii=False) + "\n")
            count += 1
    if output.name != "<stdout>":
        click.echo(f"Exported {count} clinics to {output.name}.", err=True)


index_group = AppGroup("index", help="Build, update and check the search index.")

@contextmanager
def _clear_errors() -> Iterator[None]:
    """End an index command with a message, not a traceback, for what is not a bug: another
    writer, a disk that refuses the files, a database that cannot be reached. The index in use
    is left as it was in each case."""
    try:
        yield
    except (search_index.IndexBusy, search_index.IndexWriteError) as error:
        raise click.ClickException(str(error)) from error
    except SQLAlchemyError as error:
        first_line = next(iter(str(error).splitlines()), "")
        raise click.ClickException(
            f"Could not reach the database ({error.__class__.__name__}: {first_line}).") from error


def _index_places() -> dict:
    return {"database_url": current_app.config["DATABASE_URL"],
            "index_dir": current_app.config["INDEX_DIR"]}


def _rebuild_with_progress() -> dict:
    """A full rebuild with a progress bar on standard error (standard output stays JSON)."""
    places = _index_places()
    total = search_index.active_count(places["database_url"])
    with click.progressbar(length=total, label="Indexing clinics", file=sys.stderr) as bar:
        return search_index.rebuild(**places, progress=bar.update)


def _summary(stats: dict) -> None:
    click.echo(json.dumps(stats, default=str, sort_keys=True))


@index_group.command("rebuild")
def index_rebuild_command() -> None:
    """Build a fresh index from the database and swap it in; searches keep working meanwhile."""
    with _clear_errors():
        _summary(_rebuild_with_progress())


@index_group.command("update")
@click.argument("clinic_ids", nargs=-1, type=int)
@click.option("--since", type=click.DateTime(), default=None,
              help="Also update every clinic the crawler saw at or after this time.")
def index_update_command(clinic_ids: tuple[int, ...], since) -> None:
    """Re-index the given clinics (and those seen since --since); hidden ones leave the index."""
    ids = set(clinic_ids)
    if not ids and since is None:
        raise click.UsageError("Give the ids of the clinics to update, or --since TIME.")
    with _clear_errors():
        if since is not None:
            ids |= set(search_index.touched_since(current_app.config["DATABASE_URL"], since))
        with click.progressbar(length=len(ids), label="Updating clinics", file=sys.stderr) as bar:
            stats = search_index.update(sorted(ids), **_index_places(), progress=bar.update)
        _summary(stats)


@index_group.command("check")
@click.option("--sample", default=200, show_default=True,
              help="How many clinics to compare fact by fact.")
@click.option("--rebuild/--no-rebuild", "fix", default=True, show_default=True,
              help="Rebuild the index when it does not match the database.")
def index_check_command(sample: int, fix: bool) -> None:
    """Compare the index with the database (counts, ids, a sample); rebuild when they differ.

    An index that is missing or cannot be read differs from any database.
    """
    with _clear_errors():
        report = search_index.check(**_index_places(), sample=sample)
        click.echo(report.message())
        if report.ok:
            return
        if not fix:
            raise click.ClickException("Run `index rebuild` to bring the index up to date.")
        click.echo("Rebuilding the index from the database.")
        _summary(_rebuild_with_progress())
        click.echo(search_index.check(**_index_places(), sample=sample).message())


@click.command("serve")
@click.option("--threads", default=8, show_default=True, help="worker threads of the server")
@click.option("--sample-web", is_flag=True,
              help="also serve the sample web where the demo crawl read it (`make run`)")
@with_appcontext
def serve_command(threads: int, sample_web: bool) -> None:
    """Serve the site on HOST:PORT (config.py) with waitress, a production WSGI server."""
    settings = config.load()
    beside = (demo_web_beside(current_app.config["DATABASE_URL"]) if sample_web
              else nullcontext(None))
    with beside as demo_url:
        if demo_url:
            click.echo(f"The sample web the demo data came from is served at {demo_url}")
        click.echo(warm(current_app.config["INDEX_DIR"]))
        click.echo(f"Serving the clinic directory on http://{settings.host}:{settings.port}/ "
                   "(Ctrl+C stops it)")
        waitress.serve(current_app._get_current_object(), host=settings.host,
                       port=settings.port, threads=threads, ident="clinic-directory")


def init_app(app: Flask) -> None:
    commands = (migrate_command, create_admin_command, export_clinics_command, index_group,
                serve_command, demo_data_command, api_cli.api_key_group, *crawl_cli.COMMANDS,
                scrapyd_cli.scrapyd_group)
    for command in commands:
        app.cli.add_command(command)
