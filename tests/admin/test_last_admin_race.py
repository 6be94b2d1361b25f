"""Two admins demoting each other at the same moment: one succeeds, the other is refused, and
the directory keeps an admin, on SQLite and on PostgreSQL."""
import threading
import time

import pytest
from sqlalchemy import select

from clinics import db
from clinics.models import AdminUser
from databases import engine_params, throwaway_database
from webapp import accounts, auth


@pytest.fixture(params=engine_params())
def database_url(request, tmp_path):
    with throwaway_database(tmp_path, request.param) as url:
        yield url


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
