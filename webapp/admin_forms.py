"""The admin pages' forms; each carries a CSRF token that Flask-WTF checks on submit."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (BooleanField, IntegerField, PasswordField, SelectChoice, SelectField,
                     SelectMultipleField, StringField, TextAreaField)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from clinics.moderation import EDITABLE_FIELDS, STATUSES
from clinics.sources import SCHEDULES, SPIDERS


class ActionForm(FlaskForm):
    """A button that changes state: only the CSRF token."""


class ApiKeyForm(FlaskForm):
    name = StringField("Partner's name", validators=[DataRequired(), Length(max=100)])


ROLE_CHOICES = [SelectChoice("editor", "Editor (moderates)"),
                SelectChoice("admin", "Admin (also sources, users and API keys)")]


class UserForm(FlaskForm):
    email = StringField("Email", validators=[DataRequired(), Length(max=254)])
    role = SelectField("Role", choices=ROLE_CHOICES)
    # The shortest password allowed is checked with create-admin's rule (webapp.accounts).
    password = PasswordField("Password (at least 12 characters)",
                             validators=[DataRequired(), Length(max=1000)])


class RoleForm(FlaskForm):
    role = SelectField("Role", choices=ROLE_CHOICES)


class SourceForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=100)])
    spider = SelectField("Spider", choices=[SelectChoice(s, s) for s in sorted(SPIDERS)])
    start_urls = TextAreaField("Start URLs or sitemap (one a line)",
                               validators=[DataRequired(), Length(max=25_000)])
    allowed_domains = TextAreaField("Allowed domains (one a line; empty: the start URLs' hosts)",
                                    validators=[Length(max=4000)])
    schedule = SelectField("Schedule", choices=[SelectChoice("", "Only when asked"),
                                                *(SelectChoice(s, s.title()) for s in SCHEDULES)])
    page_limit = IntegerField("Most pages per run", validators=[Optional(),
                                                                NumberRange(1, 1_000_000)])
    demo = BooleanField("Invented demo data (the sample web)")


class FieldEditForm(FlaskForm):
    field = SelectField("Field", choices=[SelectChoice(f, f) for f in EDITABLE_FIELDS])
    value = StringField("Value (lists: words separated by commas; empty: back to the crawls)",
                        validators=[Length(max=5000)])
    reason = StringField("Why", validators=[DataRequired(), Length(max=250)])


class StatusForm(FlaskForm):
    status = SelectField("Status", choices=[SelectChoice(s, s) for s in STATUSES])


class MergeForm(FlaskForm):
    other_id = IntegerField("Id of the duplicate to merge into this clinic",
                            validators=[DataRequired(), NumberRange(1, 2**31 - 1)])


class SplitForm(FlaskForm):
    source_urls = SelectMultipleField("Source pages that describe another clinic",
                                      validators=[DataRequired()])


class ReasonForm(FlaskForm):
    reason = StringField("Reason", validators=[DataRequired(), Length(max=500)])


class DecisionForm(FlaskForm):
    decision = SelectField("Decision", choices=[SelectChoice("accept", "Accept"),
                                                SelectChoice("reject", "Reject")])
    field = SelectField("Field to change (optional)",
                        choices=[SelectChoice("", "None"),
                                 *(SelectChoice(f, f) for f in EDITABLE_FIELDS)])
    value = StringField("New value", validators=[Length(max=5000)])
    note = TextAreaField("Note to the sender", validators=[Length(max=2000)])
