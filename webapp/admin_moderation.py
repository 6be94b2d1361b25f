"""Moderation pages (editors and admins): clinics with each field's sources, evidence, dates
and conflicts, edited, hidden, closed, merged and split; reviews hidden with a reason; the
public's corrections accepted (applied with provenance) or rejected with a note; the audit log.
"""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from sqlalchemy import func, or_, select
from wtforms import SelectChoice

from clinics import audit, moderation
from clinics.conflicts import field_conflicts
from clinics.models import Clinic, CorrectionRequest, Review
from clinics.provenance import field_history
from webapp.admin_forms import (ActionForm, DecisionForm, FieldEditForm, MergeForm, ReasonForm,
                                SplitForm, StatusForm)
from webapp.db import get_session
from webapp.roles import actor, staff_only

bp = Blueprint("admin_moderation", __name__, url_prefix="/admin")
PAGE_SIZE = 50
MAX_ID = 2**31 - 1
MAX_QUERY_CHARS = 200


def _found(model, item_id: int):
    if item_id > MAX_ID:
        abort(404)
    return get_session().get(model, item_id) or abort(404)


def _page() -> int:
    raw = request.args.get("page", "1")
    return int(raw) if raw.isdigit() and 0 < len(raw) < 6 and int(raw) > 0 else 1


@bp.get("/clinics")
@staff_only
def clinics():
    query = request.args.get("q", "")[:MAX_QUERY_CHARS].strip()
    stmt = select(Clinic).order_by(Clinic.name, Clinic.id).limit(PAGE_SIZE)
    if query.isdigit() and len(query) < 10:
        stmt = stmt.where(Clinic.id == int(query))
    elif query:
        pattern = "%" + query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        stmt = stmt.where(or_(Clinic.name.ilike(pattern, escape="\\"),
                              Clinic.city.ilike(pattern, escape="\\"),
                              Clinic.website.ilike(pattern, escape="\\")))
    return render_template("admin/clinics.html", clinics=get_session().scalars(stmt).all(),
                           query=query)


def _clinic_page(clinic: Clinic, status: int = 200, **forms):
    session = get_session()
    urls = sorted({row.source_url for row in clinic.field_sources})
    split_form = forms.get("split_form") or SplitForm()
    split_form.source_urls.choices = [SelectChoice(url, url) for url in urls]
    return render_template(
        "admin/clinic.html", clinic=clinic, history=field_history(session, clinic.id),
        conflicts=field_conflicts(session, clinic.id),
        edit_form=forms.get("edit_form") or FieldEditForm(),
        status_form=StatusForm(status=clinic.status),
        merge_form=forms.get("merge_form") or MergeForm(), split_form=split_form,
        reviews=session.scalars(select(Review).where(Review.clinic_id == clinic.id)
                                .order_by(Review.id.desc()).limit(PAGE_SIZE)).all(),
        reason_form=ReasonForm(), action=ActionForm()), status


@bp.get("/clinics/<int:clinic_id>")
@staff_only
def clinic(clinic_id: int):
    return _clinic_page(_found(Clinic, clinic_id))


def _done(clinic: Clinic, message: str):
    flash(message, "success")
    return redirect(url_for(".clinic", clinic_id=clinic.id))


@bp.post("/clinics/<int:clinic_id>/field")
@staff_only
def edit_field(clinic_id: int):
    found, form = _found(Clinic, clinic_id), FieldEditForm()
    if form.validate_on_submit():
        session = get_session()
        try:
            before, after = moderation.edit_field(session, found, form.field.data,
                                                  form.value.data, actor(), form.reason.data)
        except moderation.ModerationError as error:
            session.rollback()
            form.value.errors = [str(error)]
        else:
            audit.record(session, actor(), "clinic.edit", f"clinic {found.id} {form.field.data}",
                         before={form.field.data: before},
                         after={form.field.data: after, "reason": form.reason.data})
            session.commit()
            return _done(found, f"{form.field.data} is now set by an admin.")
    return _clinic_page(found, 400, edit_form=form)


@bp.post("/clinics/<int:clinic_id>/status")
@staff_only
def set_status(clinic_id: int):
    found, form = _found(Clinic, clinic_id), StatusForm()
    if not form.validate_on_submit():
        return _clinic_page(found, 400)
    session = get_session()
    before = moderation.set_status(found, form.status.data)
    audit.record(session, actor(), "clinic.status", f"clinic {found.id}",
                 before={"status": before}, after={"status": found.status})
    session.commit()
    return _done(found, f"The clinic is {found.status}.")


@bp.post("/clinics/<int:clinic_id>/merge")
@staff_only
def merge(clinic_id: int):
    found, form = _found(Clinic, clinic_id), MergeForm()
    if form.validate_on_submit():
        session = get_session()
        other = session.get(Clinic, form.other_id.data)
        if other is None:
            form.other_id.errors = ["No clinic has that id."]
        else:
            try:
                moved = moderation.merge(session, found, other)
            except moderation.ModerationError as error:
                session.rollback()
                form.other_id.errors = [str(error)]
            else:
                audit.record(session, actor(), "clinic.merge", f"clinic {other.id} into {found.id}",
                             before={"merged": other.id}, after=moved)
                session.commit()
                return _done(found, f"Clinic {other.id} merged into this one.")
    return _clinic_page(found, 400, merge_form=form)


@bp.post("/clinics/<int:clinic_id>/split")
@staff_only
def split(clinic_id: int):
    found = _found(Clinic, clinic_id)
    form = SplitForm()
    form.source_urls.choices = [SelectChoice(url, url) for url in
                                sorted({row.source_url for row in found.field_sources})]
    if form.validate_on_submit():
        session = get_session()
        try:
            new = moderation.split(session, found, form.source_urls.data)
        except moderation.ModerationError as error:
            session.rollback()
            form.source_urls.errors = [str(error)]
        else:
            audit.record(session, actor(), "clinic.split", f"clinic {found.id}",
                         before={"clinic": found.id},
                         after={"new_clinic": new.id, "sources": form.source_urls.data})
            session.commit()
            return _done(new, f"Split off from clinic {found.id}.")
    return _clinic_page(found, 400, split_form=form)


@bp.get("/reviews")
@staff_only
def reviews():
    rows = get_session().scalars(select(Review).order_by(Review.id.desc())
                                 .offset((_page() - 1) * PAGE_SIZE).limit(PAGE_SIZE)).all()
    return render_template("admin/reviews.html", reviews=rows, reason_form=ReasonForm(),
                           action=ActionForm(), page=_page())


@bp.post("/reviews/<int:review_id>/hide")
@staff_only
def hide_review(review_id: int):
    review, form = _found(Review, review_id), ReasonForm()
    if not form.validate_on_submit():
        abort(400)
    session = get_session()
    moderation.hide_review(session, review, form.reason.data)
    audit.record(session, actor(), "review.hide", f"review {review.id}",
                 before={"hidden": False}, after={"hidden": True, "reason": form.reason.data})
    session.commit()
    flash(f"Review {review.id} is hidden.", "success")
    return redirect(url_for(".reviews"))


@bp.post("/reviews/<int:review_id>/show")
@staff_only
def show_review(review_id: int):
    review = _found(Review, review_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    session, reason = get_session(), review.hidden_reason
    moderation.hide_review(session, review, None)
    audit.record(session, actor(), "review.show", f"review {review.id}",
                 before={"hidden": True, "reason": reason}, after={"hidden": False})
    session.commit()
    return redirect(url_for(".reviews"))


@bp.get("/corrections")
@staff_only
def corrections():
    session = get_session()
    rows = session.scalars(select(CorrectionRequest)
                           .order_by((CorrectionRequest.status != "open"),
                                     CorrectionRequest.id.desc()).limit(PAGE_SIZE)).all()
    waiting = session.scalar(select(func.count()).select_from(CorrectionRequest)
                             .where(CorrectionRequest.status == "open")) or 0
    return render_template("admin/corrections.html", corrections=rows, waiting=waiting,
                           form=DecisionForm())


@bp.post("/corrections/<int:correction_id>")
@staff_only
def decide(correction_id: int):
    correction, form = _found(CorrectionRequest, correction_id), DecisionForm()
    if not form.validate_on_submit():
        abort(400)
    session, accepted = get_session(), form.decision.data == "accept"
    change = {}
    try:
        if accepted and form.field.data:
            clinic = session.get(Clinic, correction.clinic_id)
            before, after = moderation.edit_field(
                session, clinic, form.field.data, form.value.data, actor(),
                f"correction {correction.id}: {correction.message}")
            change = {"field": form.field.data, "before": before, "after": after}
        moderation.decide_correction(correction, accepted, form.note.data, actor())
    except moderation.ModerationError as error:
        session.rollback()
        flash(str(error), "error")
        return redirect(url_for(".corrections"))
    audit.record(session, actor(), f"correction.{correction.status}",
                 f"correction {correction.id}", before={"status": "open"},
                 after={"status": correction.status, "note": correction.note, **change})
    session.commit()
    flash(f"Correction {correction.id} {correction.status}.", "success")
    return redirect(url_for(".corrections"))


@bp.get("/audit")
@staff_only
def audit_log():
    entries, total = audit.page(get_session(), _page(), PAGE_SIZE)
    return render_template("admin/audit.html", entries=entries, total=total, page=_page(),
                           pages=max(1, -(-total // PAGE_SIZE)))
