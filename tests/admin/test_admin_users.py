"""/admin/users: an admin lists operators, adds one, changes a role and removes access; a new
role or removed access ends that user's open sessions; the last admin is kept; every change is
in the audit log with the account before and after; editors get 403."""
import re

from sqlalchemy import select

from admin_accounts import ADMIN, EDITOR
from clinics import db
from clinics.models import AdminUser, AuditEntry
from webapp import auth

TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def signed_in(app, account):
    client = app.test_client()
    token = TOKEN.search(client.get("/admin/login").get_data(as_text=True)).group(1)
    assert client.post("/admin/login", data={"email": account[0], "password": account[1],
                                             "csrf_token": token}).status_code == 302
    return client


def sign_in_status(app, account) -> int:
    client = app.test_client()
    token = TOKEN.search(client.get("/admin/login").get_data(as_text=True)).group(1)
    return client.post("/admin/login", data={"email": account[0], "password": account[1],
                                             "csrf_token": token}).status_code


def token_on(client) -> str:
    return TOKEN.search(client.get("/admin/users").get_data(as_text=True)).group(1)


def user_row(place, email) -> AdminUser | None:
    with db.session_scope(place.database_url) as session:
        user = session.scalars(select(AdminUser).where(AdminUser.email == email)).one_or_none()
        if user is not None:
            session.expunge(user)
        return user


def audit_entries(place) -> list[tuple]:
    with db.session_scope(place.database_url) as session:
        return [(e.actor, e.action, e.target, e.before, e.after) for e in
                session.scalars(select(AuditEntry).order_by(AuditEntry.id))]


def still_signed_in(client) -> bool:
    return client.get("/admin/").status_code == 200


def test_an_admin_sees_every_user_with_role_and_created_date(admin_app, place):
    client = signed_in(admin_app(), ADMIN)
    page = client.get("/admin/users")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    rows = re.findall(r"<td>([^<]+@example\.org)</td><td class=\"role\">(\w+)</td><td>([^<]+)</td>",
                      text)
    assert rows == [(email, role, user_row(place, email).created_at.strftime("%Y-%m-%d"))
                    for email, role in ((ADMIN[0], "admin"), (EDITOR[0], "editor"))]
    assert "/admin/users" in client.get("/admin/").get_data(as_text=True)


def test_an_admin_adds_a_user_who_can_sign_in_with_a_hashed_password(admin_app, place):
    app = admin_app()
    client = signed_in(app, ADMIN)
    new = ("New.Editor@Example.org ", "a fresh long passphrase")
    added = client.post("/admin/users", data={"email": new[0], "role": "editor",
                                              "password": new[1], "csrf_token": token_on(client)})
    assert added.status_code == 302 and added.headers["Location"].endswith("/admin/users")
    row = user_row(place, "new.editor@example.org")
    assert row.role == "editor" and row.disabled_at is None
    assert row.password_hash.startswith(auth.PASSWORD_METHOD + "$")
    assert new[1] not in row.password_hash
    assert sign_in_status(app, ("new.editor@example.org", new[1])) == 302
    assert audit_entries(place)[-1] == (
        ADMIN[0], "user.create", "user new.editor@example.org", None,
        {"email": "new.editor@example.org", "role": "editor", "access": True})


def test_bad_new_users_are_refused_with_the_reason_and_nothing_is_stored(admin_app, place):
    client = signed_in(admin_app(), ADMIN)
    cases = ((("x@example.org", "editor", "short pass"), "at least 12 characters"),
             (("not-an-email", "editor", "long enough passphrase"), "not an email address"),
             ((EDITOR[0].upper(), "admin", "long enough passphrase"), "already has an account"),
             (("y@example.org", "owner", "long enough passphrase"), "Not a valid choice"),
             (("", "editor", "long enough passphrase"), "This field is required"),
             (("z@example.org", "editor", "p" * 1001), "1000"))
    for (email, role, password), said in cases:
        response = client.post("/admin/users", data={"email": email, "role": role,
                                                     "password": password,
                                                     "csrf_token": token_on(client)})
        assert response.status_code == 400, email
        assert said in response.get_data(as_text=True), email
    assert client.post("/admin/users", data={"email": "w@example.org", "role": "editor",
                                             "password": "long enough passphrase"}
                       ).status_code == 400
    with db.session_scope(place.database_url) as session:
        assert sorted(session.scalars(select(AdminUser.email))) == sorted([ADMIN[0], EDITOR[0]])
    assert audit_entries(place) == []


def test_a_new_role_ends_the_users_open_sessions_and_is_audited(admin_app, place):
    app = admin_app()
    admin = signed_in(app, ADMIN)
    editor = signed_in(app, EDITOR)
    assert editor.get("/admin/users").status_code == 403
    editor_id = user_row(place, EDITOR[0]).id
    changed = admin.post(f"/admin/users/{editor_id}/role",
                         data={"role": "admin", "csrf_token": token_on(admin)})
    assert changed.status_code == 302
    row = user_row(place, EDITOR[0])
    assert row.role == "admin" and row.session_version == 1
    assert not still_signed_in(editor)
    assert audit_entries(place)[-1] == (
        ADMIN[0], "user.role", f"user {EDITOR[0]}",
        {"email": EDITOR[0], "role": "editor", "access": True},
        {"email": EDITOR[0], "role": "admin", "access": True})
    promoted = signed_in(app, EDITOR)
    assert promoted.get("/admin/users").status_code == 200
    assert still_signed_in(admin)
    same = admin.post(f"/admin/users/{editor_id}/role",
                      data={"role": "admin", "csrf_token": token_on(admin)})
    assert same.status_code == 302 and user_row(place, EDITOR[0]).session_version == 1
    assert len(audit_entries(place)) == 1 and still_signed_in(promoted)


def test_removed_access_ends_sessions_and_sign_in_but_keeps_the_row(admin_app, place):
    app = admin_app()
    admin = signed_in(app, ADMIN)
    editor = signed_in(app, EDITOR)
    editor_id = user_row(place, EDITOR[0]).id
    removed = admin.post(f"/admin/users/{editor_id}/remove",
                         data={"csrf_token": token_on(admin)})
    assert removed.status_code == 302
    row = user_row(place, EDITOR[0])
    assert row.disabled_at is not None and row.session_version == 1
    assert not still_signed_in(editor)
    assert sign_in_status(app, EDITOR) == 401
    assert audit_entries(place)[-1] == (
        ADMIN[0], "user.remove", f"user {EDITOR[0]}",
        {"email": EDITOR[0], "role": "editor", "access": True},
        {"email": EDITOR[0], "role": "editor", "access": False})
    assert "removed" in admin.get("/admin/users").get_data(as_text=True)
    again = admin.post(f"/admin/users/{editor_id}/remove", data={"csrf_token": token_on(admin)})
    assert again.status_code == 302 and len(audit_entries(place)) == 1
    refused = admin.post(f"/admin/users/{editor_id}/role",
                         data={"role": "admin", "csrf_token": token_on(admin)})
    assert refused.status_code == 409 and user_row(place, EDITOR[0]).role == "editor"
    taken = admin.post("/admin/users", data={"email": EDITOR[0], "role": "editor",
                                             "password": "long enough passphrase",
                                             "csrf_token": token_on(admin)})
    assert taken.status_code == 400 and sign_in_status(app, EDITOR) == 401


def test_the_last_admin_can_be_neither_demoted_nor_removed(admin_app, place):
    app = admin_app()
    admin = signed_in(app, ADMIN)
    admin_id = user_row(place, ADMIN[0]).id
    for url, data in ((f"/admin/users/{admin_id}/role", {"role": "editor"}),
                      (f"/admin/users/{admin_id}/remove", {})):
        response = admin.post(url, data={**data, "csrf_token": token_on(admin)})
        assert response.status_code == 409, url
        assert "the last admin" in response.get_data(as_text=True)
    row = user_row(place, ADMIN[0])
    assert row.role == "admin" and row.disabled_at is None and row.session_version == 0
    assert still_signed_in(admin) and audit_entries(place) == []

    second = ("second@example.org", "second admin passphrase")
    admin.post("/admin/users", data={"email": second[0], "role": "admin", "password": second[1],
                                     "csrf_token": token_on(admin)})
    other = signed_in(app, second)
    demoted = other.post(f"/admin/users/{admin_id}/role",
                         data={"role": "editor", "csrf_token": token_on(other)})
    assert demoted.status_code == 302 and user_row(place, ADMIN[0]).role == "editor"
    assert not still_signed_in(admin)
    second_id = user_row(place, second[0]).id
    for url, data in ((f"/admin/users/{second_id}/role", {"role": "editor"}),
                      (f"/admin/users/{second_id}/remove", {})):
        assert other.post(url, data={**data, "csrf_token": token_on(other)}).status_code == 409
    assert user_row(place, second[0]).role == "admin" and still_signed_in(other)


def test_editors_get_403_and_every_form_needs_its_token(admin_app, place):
    editor = signed_in(admin_app(), EDITOR)
    admin_id = user_row(place, ADMIN[0]).id
    token = TOKEN.search(editor.get("/admin/").get_data(as_text=True)).group(1)
    assert editor.get("/admin/users").status_code == 403
    assert editor.post("/admin/users", data={"email": "e@example.org", "role": "admin",
                                             "password": "long enough passphrase",
                                             "csrf_token": token}).status_code == 403
    assert editor.post(f"/admin/users/{admin_id}/remove",
                       data={"csrf_token": token}).status_code == 403
    assert editor.post(f"/admin/users/{admin_id}/role",
                       data={"role": "editor", "csrf_token": token}).status_code == 403
    admin = signed_in(admin_app(), ADMIN)
    editor_id = user_row(place, EDITOR[0]).id
    assert admin.post(f"/admin/users/{editor_id}/role", data={"role": "admin"}).status_code == 400
    assert admin.post(f"/admin/users/{editor_id}/remove").status_code == 400
    for url in ("/admin/users/999/remove", f"/admin/users/{2**40}/remove"):
        assert admin.post(url, data={"csrf_token": token_on(admin)}).status_code == 404
    assert admin.post("/admin/users/999/role", data={"role": "admin",
                                                     "csrf_token": token_on(admin)}
                      ).status_code == 404
    row = user_row(place, EDITOR[0])
    assert row.role == "editor" and row.disabled_at is None and audit_entries(place) == []
