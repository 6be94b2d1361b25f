"""Admin pages for crawling: sources (admins only), and jobs with their live figures, log tail,
final stats and a cancel button. A running job's page reloads itself every few seconds with a
meta refresh, so it needs no JavaScript."""
from __future__ import annotations

from collections import deque

from flask import (Blueprint, abort, current_app, flash, redirect, render_template, request,
                   url_for)
from sqlalchemy import select

from clinics import audit, jobs
from clinics.job_figures import figures, job_summary
from clinics.models import CrawlJob, CrawlSource
from clinics.domains import split_domains
from clinics.sources import (AllowedDomainError, SourceError, SourceSpec, add_source, describe,
                             update_source)
from webapp.admin_forms import ActionForm, SourceForm
from webapp.db import get_session
from webapp.roles import actor, admin_only, staff_only

bp = Blueprint("admin_crawls", __name__, url_prefix="/admin")
LOG_TAIL_LINES = 40
MAX_ID = 2**31 - 1


def _found(model, item_id: int):
    if item_id > MAX_ID:
        abort(404)
    return get_session().get(model, item_id) or abort(404)


def _spec(form: SourceForm) -> SourceSpec:
    return SourceSpec(form.name.data, form.spider.data, form.start_urls.data.split(),
                      form.schedule.data or None, form.page_limit.data, form.demo.data,
                      tuple(split_domains(form.allowed_domains.data)))


def _show_error(form: SourceForm, error: SourceError) -> None:
    field = form.allowed_domains if isinstance(error, AllowedDomainError) else form.start_urls
    field.errors = [str(error)]


@bp.get("/sources")
@admin_only
def sources():
    session = get_session()
    rows = session.scalars(select(CrawlSource).order_by(CrawlSource.name)).all()
    last = {s.id: session.scalar(select(CrawlJob).where(CrawlJob.source_id == s.id)
                                 .order_by(CrawlJob.id.desc()).limit(1)) for s in rows}
    return render_template("admin/sources.html", sources=rows, last=last, form=SourceForm(),
                           action=ActionForm(), figures=figures)


@bp.post("/sources")
@admin_only
def add_source_view():
    form = SourceForm()
    if form.validate_on_submit():
        session = get_session()
        try:
            source = add_source(session, _spec(form), current_app.config["CRAWL_ALLOW_PRIVATE"])
        except SourceError as error:
            session.rollback()
            _show_error(form, error)
        else:
            audit.record(session, actor(), "source.add", f"source {source.name}",
                         after=describe(source))
            session.commit()
            flash(f"Added source {source.name}.", "success")
            return redirect(url_for(".source", source_id=source.id))
    session = get_session()
    rows = session.scalars(select(CrawlSource).order_by(CrawlSource.name)).all()
    return render_template("admin/sources.html", sources=rows, last={}, form=form,
                           action=ActionForm(), figures=figures), 400


@bp.route("/sources/<int:source_id>", methods=["GET", "POST"])
@admin_only
def source(source_id: int):
    found = _found(CrawlSource, source_id)
    form = SourceForm(obj=None if _posted() else _as_form(found))
    status = 200
    if _posted():
        status = 400
        if form.validate_on_submit():
            session, before = get_session(), describe(found)
            try:
                update_source(session, found, _spec(form),
                              current_app.config["CRAWL_ALLOW_PRIVATE"])
            except SourceError as error:
                session.rollback()
                _show_error(form, error)
            else:
                audit.record(session, actor(), "source.edit", f"source {found.name}",
                             before=before, after=describe(found))
                session.commit()
                flash("Saved.", "success")
                return redirect(url_for(".source", source_id=found.id))
    recent = get_session().scalars(select(CrawlJob).where(CrawlJob.source_id == found.id)
                                   .order_by(CrawlJob.id.desc()).limit(10)).all()
    return render_template("admin/source.html", source=found, form=form, jobs=recent,
                           action=ActionForm(), figures=figures), status


def _posted() -> bool:
    return request.method == "POST"


def _as_form(source: CrawlSource):
    class Values:
        name, spider = source.name, source.spider
        start_urls = "\n".join(source.start_urls)
        allowed_domains = "\n".join(source.allowed_domains or [])
        schedule, page_limit, demo = source.schedule or "", source.page_limit, source.is_demo
    return Values


@bp.post("/sources/<int:source_id>/crawl")
@admin_only
def crawl_now(source_id: int):
    found = _found(CrawlSource, source_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    session = get_session()
    try:
        job, created = jobs.enqueue(session, found, actor())
    except jobs.JobError as error:
        flash(str(error), "error")
        return redirect(url_for(".source", source_id=found.id))
    if created:
        audit.record(session, actor(), "job.queue", f"job {job.id}", after={"source": found.name})
        session.commit()
    flash(f"Crawl queued as job {job.id}." if created else f"Job {job.id} is already waiting.",
          "success")
    return redirect(url_for(".job", job_id=job.id))


@bp.post("/sources/<int:source_id>/enabled")
@admin_only
def toggle_source(source_id: int):
    found = _found(CrawlSource, source_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    before = describe(found)
    found.enabled = not found.enabled
    session = get_session()
    audit.record(session, actor(), "source.enable" if found.enabled else "source.disable",
                 f"source {found.name}", before=before, after=describe(found))
    session.commit()
    return redirect(url_for(".source", source_id=found.id))


@bp.get("/jobs")
@staff_only
def job_list():
    rows = get_session().scalars(select(CrawlJob).order_by(CrawlJob.id.desc()).limit(100)).all()
    return render_template("admin/jobs.html", jobs=rows, summary=job_summary)


@bp.get("/jobs/<int:job_id>")
@staff_only
def job(job_id: int):
    found = _found(CrawlJob, job_id)
    return render_template("admin/job.html", job=found, summary=job_summary(found),
                           log_tail=_log_tail(found.log_path), action=ActionForm(),
                           live=found.status in ("queued", "running"))


def _log_tail(path: str | None) -> list[str]:
    if not path:
        return []
    try:
        with open(path, encoding="utf-8", errors="replace") as log:
            return [line.rstrip("\n")[:500] for line in deque(log, LOG_TAIL_LINES)]
    except OSError:
        return []


@bp.post("/jobs/<int:job_id>/cancel")
@admin_only
def cancel_job(job_id: int):
    found = _found(CrawlJob, job_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    session, before = get_session(), found.status
    after = jobs.request_cancel(session, found)
    audit.record(session, actor(), "job.cancel", f"job {found.id}", before={"status": before},
                 after={"status": after, "cancel_requested": found.cancel_requested})
    session.commit()
    flash("The crawl is asked to stop; it closes cleanly." if after == "running"
          else f"Job {found.id} is {after}.", "success")
    return redirect(url_for(".job", job_id=found.id))
