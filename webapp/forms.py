"""Forms that change state; Flask-WTF gives each a CSRF token checked on submit."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectChoice, SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, Regexp


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=1024)])


class LogoutForm(FlaskForm):
    """No fields: only the CSRF token, so another site cannot sign an admin out."""


# (stored token, what a visitor reads); the token lands in CorrectionRequest.field.
CORRECTION_TOPICS = (
    ("", "Choose one"),
    ("address", "Address"),
    ("phone", "Phone number"),
    ("website", "Website"),
    ("hours", "Opening hours"),
    ("treatments", "Treatments or conditions"),
    ("insurance", "Insurance accepted"),
    ("payment", "Sliding scale, payment plans or prices"),
    ("staff", "Staff or credentials"),
    ("reviews", "Reviews or ratings"),
    ("closed", "The clinic has closed or moved"),
    ("other", "Something else"),
)


EMAIL_HINT = "Enter an email address like name@example.com, or leave it empty."


class CorrectionForm(FlaskForm):
    """A visitor's note that a listing is wrong; an admin checks it before anything changes."""

    topic = SelectField("Which part is wrong?",
                        choices=[SelectChoice(value, label) for value, label in CORRECTION_TOPICS],
                        validators=[InputRequired(message="Choose which part is wrong.")],
                        validate_choice=True)
    message = TextAreaField(
        "What should it say, and how do you know?",
        validators=[DataRequired(message="Tell us what is wrong."),
                    Length(min=10, max=2000,
                           message="Write between 10 and 2,000 characters.")])
    contact_email = EmailField(
        "Your email (optional)",
        validators=[Optional(), Length(max=254),
                    Regexp(r"[^@\s]+@[^@\s]+\.[^@\s]+", message=EMAIL_HINT)])
