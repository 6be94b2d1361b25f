"""Two admins demoting each other at the same moment: one succeeds, the other is refused, and
the directory keeps an admin, on SQLite and on PostgreSQL."""
import os
import threading
import time
import uuid

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from clinics import db
from clinics.models import AdminUser
from webapp import accounts, auth

POSTGRES_ADMIN_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'clinics.sqlite3'}"
        db.migrate(url)
        yield url
        db.engine_for(url).dispose()
        return
    server = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"clinics_test_{uuid.uuid4().hex[:12]}"
    try:
        with server.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # noqa: BLE001 - any connection failure means "no server here"
        server.dispose()
        if os.environ.get("CI"):
            raise
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_ADMIN_URL}: {exc.__class__.__name__}")
    url = make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    db.migrate(url)
    yield url
    db.engine_for(url).dispose()
    with server.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    server.dispose()


def test_two_admins_demoting_each_other_at_once_leave_one_admin(database_url):
    with db.session_scope(database_url) as session:
        for email in ("a@example.org", "b@example.org"):
            auth.set_admin_password(session, email, "a long enough passphrase", role="admin")
    first = db.session_factory(database_url)()
    user_b = first.scalars(select(AdminUser).where(AdminUser.email == "b@example.org")).one()
    assert accounts.change_role(first, user_b, "editor")
    outcome = {}

    def second_demotes_a():
        with db.session_scope(database_url) as second:
            user_a = second.scalars(select(AdminUser)
                                    .where(AdminUser.email == "a@example.org")).one()
            try:
                outcome["changed"] = accounts.change_role(second, user_a, "editor")
            except accounts.AccountError as error:
                outcome["refused"] = str(error)
                second.rollback()

    thread = threading.Thread(target=second_demotes_a)
    thread.start()
    try:
        time.sleep(0.5)
        assert thread.is_alive(), "the second change did not wait for the first"
        first.commit()
    finally:
        first.close()
        thread.join(timeout=30)
    assert "the last admin" in outcome.get("refused", ""), outcome
    with db.session_scope(database_url) as session:
        roles = dict(session.execute(select(AdminUser.email, AdminUser.role)).all())
    assert roles == {"a@example.org": "admin", "b@example.org": "editor"}
