"""Operator commands, registered on the app so they use its DATABASE_URL and INDEX_DIR.

    flask --app webapp migrate
    flask --app webapp create-admin ops@example.org
    flask --app webapp index rebuild
    flask --app webapp export-clinics --output clinics.jsonl
    flask --app webapp serve
    flask --app webapp demo-data
"""
from __future__ import annotations

import json

import click
import waitress
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

import config
from clinics.db import migrate, session_scope
from clinics.serialize import clinic_to_dict
from search_index import rebuild
from webapp import auth, queries
from webapp.demo_data import demo_data_command


@click.command("migrate")
@with_appcontext
def migrate_command() -> None:
    """Bring the database schema to the newest revision."""
    migrate(current_app.config["DATABASE_URL"])
    click.echo("Database is at the newest schema revision.")


@click.command("create-admin")
@click.argument("email")
@click.password_option(prompt="Password for the admin")
@with_appcontext
def create_admin_command(email: str, password: str) -> None:
    """Create an admin account, or set a new password for an existing one."""
    try:
        with session_scope(current_app.config["DATABASE_URL"]) as session:
            created = auth.set_admin_password(session, email, password)
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


index_group = AppGroup("index", help="Build and inspect the search index.")


@index_group.command("rebuild")
def index_rebuild_command() -> None:
    """Build a fresh index from the database and swap it in; searches keep working meanwhile."""
    summary = rebuild(database_url=current_app.config["DATABASE_URL"],
                      index_dir=current_app.config["INDEX_DIR"])
    click.echo(json.dumps(summary, default=str, sort_keys=True))


@click.command("serve")
@click.option("--threads", default=8, show_default=True, help="worker threads of the server")
@with_appcontext
def serve_command(threads: int) -> None:
    """Serve the site on HOST:PORT (config.py) with waitress, a production WSGI server."""
    settings = config.load()
    click.echo(f"Serving the clinic directory on http://{settings.host}:{settings.port}/ "
               "(Ctrl+C stops it)")
    waitress.serve(current_app._get_current_object(), host=settings.host, port=settings.port,
                   threads=threads, ident="clinic-directory")


def init_app(app: Flask) -> None:
    commands = (migrate_command, create_admin_command, export_clinics_command, index_group,
                serve_command, demo_data_command)
    for command in commands:
        app.cli.add_command(command)
