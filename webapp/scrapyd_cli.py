"""Operator commands for the Scrapyd crawl backend (``CRAWL_BACKEND=scrapyd``):

    flask --app webapp scrapyd deploy [--version V]   (build the crawler's egg, upload it to
                                                        every node of SCRAPYD_URL)
    flask --app webapp scrapyd status                 (each node's pending, running and
                                                        finished jobs)
"""
from __future__ import annotations

import re

import click
from flask.cli import AppGroup

import config
from clinics.scrapyd_api import ScrapydError, ScrapydNode
from clinics.scrapyd_deploy import deploy

VERSION = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")

scrapyd_group = AppGroup("scrapyd", help="The Scrapyd crawl backend (CRAWL_BACKEND=scrapyd).")


def _version(ctx, param, value: str | None) -> str | None:
    if value is not None and not VERSION.fullmatch(value):
        raise click.BadParameter("letters, digits, '.', '_' and '-', at most 64")
    return value


@scrapyd_group.command("deploy")
@click.option("--version", callback=_version, default=None,
              help="The version to deploy as (default: the build time; Scrapyd runs the newest).")
def deploy_command(version: str | None) -> None:
    """Build the crawler's egg and upload it to every Scrapyd node of SCRAPYD_URL."""
    settings = config.load()
    try:
        deployed = deploy(settings.scrapyd_urls, settings.scrapyd_project, version)
    except ScrapydError as error:
        raise click.ClickException(str(error)) from error
    for node in deployed:
        click.echo(f"Deployed {settings.scrapyd_project} version {node.version} to {node.node}: "
                   f"{node.spiders} spiders.")


@scrapyd_group.command("status")
def status_command() -> None:
    """Each Scrapyd node of SCRAPYD_URL: its pending, running and finished jobs."""
    failed = False
    for url in config.load().scrapyd_urls:
        try:
            node = ScrapydNode(url)
            status = node.daemon_status()
        except ScrapydError as error:
            click.echo(f"{error}", err=True)
            failed = True
            continue
        click.echo(f"{node.url}\tpending {status.get('pending')}\trunning {status.get('running')}"
                   f"\tfinished {status.get('finished')}")
    if failed:
        raise click.exceptions.Exit(1)
