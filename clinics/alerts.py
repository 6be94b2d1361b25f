"""Telling the admins when a crawl needs a look: it failed, or its figures fell far from the
source's last good run. Each alert is kept (the banner on /admin/ shows the undismissed ones)
and sent to ALERT_WEBHOOK_URL and/or by email over SMTP when those are configured. Sending is
best effort: a webhook or mail server that is down never fails the job.
"""
from __future__ import annotations

import json
import logging
import smtplib
import urllib.request
from email.message import EmailMessage

from sqlalchemy import select
from sqlalchemy.orm import Session

import config
from clinics.job_figures import figures
from clinics.models import Alert, CrawlJob

logger = logging.getLogger(__name__)
SEND_TIMEOUT_S = 10


def previous_done_job(session: Session, job: CrawlJob) -> CrawlJob | None:
    if job.source_id is None:
        return None
    return session.scalar(select(CrawlJob).where(
        CrawlJob.source_id == job.source_id, CrawlJob.status == "done", CrawlJob.id < job.id)
        .order_by(CrawlJob.id.desc()).limit(1))


def _fell(now: int, before: int) -> bool:
    return before >= 4 and now < before / 2


def drift(now: dict, before: dict) -> list[str]:
    """How a run's figures fell far from the last run's: pages or items down by half, or
    rejects up (doubled, and by at least five)."""
    found = []
    for name, label in (("pages_fetched", "pages"), ("items_scraped", "items")):
        if _fell(now[name], before[name]):
            found.append(f"{label} fell from {before[name]} to {now[name]}")
    if now["items_rejected"] >= max(2 * before["items_rejected"], before["items_rejected"] + 5):
        found.append(f"rejected items rose from {before['items_rejected']} "
                     f"to {now['items_rejected']}")
    return found


def judge(session: Session, job: CrawlJob) -> list[Alert]:
    """The alerts a finished job raises, stored (the caller commits)."""
    name = job.source.name if job.source else job.spider
    alerts = []
    if job.status == "failed":
        alerts.append(Alert(job_id=job.id, kind="job_failed",
                            message=f"Crawl job {job.id} ({name}) failed: {job.error}"))
    elif job.status == "done":
        before = previous_done_job(session, job)
        if before is not None:
            changes = drift(figures(job.stats), figures(before.stats))
            if changes:
                alerts.append(Alert(job_id=job.id, kind="figures_dropped", message=(
                    f"Crawl job {job.id} ({name}) differs from job {before.id}: "
                    + "; ".join(changes))))
    session.add_all(alerts)
    return alerts


def notify(alerts: list[Alert], settings: config.Settings | None = None) -> None:
    settings = settings or config.load()
    for alert in alerts:
        payload = {"kind": alert.kind, "job_id": alert.job_id, "message": alert.message}
        if settings.alert_webhook_url:
            _safely(_post_webhook, settings.alert_webhook_url, payload)
        if settings.smtp_host and settings.alert_email_to:
            _safely(_send_mail, settings, payload)


def _safely(send, *args) -> None:
    try:
        send(*args)
    except (OSError, smtplib.SMTPException, ValueError) as error:
        logger.warning("could not send an alert: %s", error)


def _post_webhook(url: str, payload: dict) -> None:
    request = urllib.request.Request(url, data=json.dumps(payload).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=SEND_TIMEOUT_S) as response:
        response.read(1024)


def _send_mail(settings: config.Settings, payload: dict) -> None:
    message = EmailMessage()
    message["Subject"] = f"Clinic directory: {payload['message'][:120]}"
    message["From"] = settings.alert_email_from
    message["To"] = ", ".join(settings.alert_email_to)
    message.set_content(payload["message"])
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=SEND_TIMEOUT_S) as smtp:
        if settings.smtp_starttls:
            smtp.starttls()
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password)
        smtp.send_message(message)
