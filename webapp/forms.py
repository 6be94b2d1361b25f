"""Forms that change state; Flask-WTF gives each a CSRF token checked on submit."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Length


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=1024)])


class LogoutForm(FlaskForm):
    """No fields: only the CSRF token, so another site cannot sign an admin out."""
