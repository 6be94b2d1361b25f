"""/admin/keys: an admin lists partners' keys, creates one that is shown once and works on the
API, and revokes it; each change is in the audit log; the forms need their CSRF token."""
import re

from sqlalchemy import select

from admin_accounts import ADMIN, EDITOR
from clinics import db
from clinics.models import ApiKey, AuditEntry

KEY = re.compile(r'<code class="api-key">(ck_[A-Za-z0-9_-]+)</code>')


def signed_in(app, account):
    client = app.test_client()
    page = client.get("/admin/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert client.post("/admin/login", data={"email": account[0], "password": account[1],
                                             "csrf_token": token}).status_code == 302
    return client


def token_on(client, url="/admin/keys") -> str:
    page = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def audit_actions(place) -> list[tuple[str, str, str]]:
    with db.session_scope(place.database_url) as session:
        return [(e.actor, e.action, e.target) for e in
                session.scalars(select(AuditEntry).order_by(AuditEntry.id))]


def test_an_admin_creates_a_key_shown_once_that_the_api_accepts(admin_app, place):
    app = admin_app()
    client = signed_in(app, ADMIN)
    created = client.post("/admin/keys", data={"name": "Acme Health",
                                               "csrf_token": token_on(client)})
    assert created.status_code == 201 and created.headers["Cache-Control"] == "no-store"
    raw = KEY.search(created.get_data(as_text=True)).group(1)
    with db.session_scope(place.database_url) as session:
        row = session.scalars(select(ApiKey)).one()
        assert row.name == "Acme Health" and row.key_hash != raw and raw.startswith(row.prefix)
    listing = client.get("/admin/keys").get_data(as_text=True)
    assert "Acme Health" in listing and row.prefix in listing and raw not in listing
    api = app.test_client()
    assert api.get("/api/v1/clinics", headers={"X-API-Key": raw}).status_code == 200
    assert audit_actions(place)[-1] == (ADMIN[0], "api_key.create", "api key Acme Health")


def test_an_admin_revokes_a_key_and_the_api_refuses_it(admin_app, place):
    app = admin_app()
    client = signed_in(app, ADMIN)
    page = client.post("/admin/keys", data={"name": "Beta EAP", "csrf_token": token_on(client)})
    raw = KEY.search(page.get_data(as_text=True)).group(1)
    with db.session_scope(place.database_url) as session:
        key_id = session.scalars(select(ApiKey.id)).one()
    revoked = client.post(f"/admin/keys/{key_id}/revoke", data={"csrf_token": token_on(client)})
    assert revoked.status_code == 302 and revoked.headers["Location"].endswith("/admin/keys")
    assert "revoked" in client.get("/admin/keys").get_data(as_text=True)
    refused = app.test_client().get("/api/v1/clinics", headers={"X-API-Key": raw})
    assert refused.status_code == 401
    assert audit_actions(place)[-1] == (ADMIN[0], "api_key.revoke", "api key Beta EAP")
    again = client.post(f"/admin/keys/{key_id}/revoke", data={"csrf_token": token_on(client)})
    assert again.status_code == 302 and len(audit_actions(place)) == 2


def test_bad_names_and_second_live_keys_are_refused_with_the_reason(admin_app, place):
    client = signed_in(admin_app(), ADMIN)
    for name, said in (("", "This field is required"), ("x" * 101, "100"),
                       ("Gamma", None), ("Gamma", "already has a key")):
        response = client.post("/admin/keys", data={"name": name, "csrf_token": token_on(client)})
        if said is None:
            assert response.status_code == 201
            continue
        assert response.status_code == 400 and said in response.get_data(as_text=True)
        assert not KEY.search(response.get_data(as_text=True))
    with db.session_scope(place.database_url) as session:
        assert session.scalars(select(ApiKey.name)).all() == ["Gamma"]


def test_editors_get_403_and_posts_need_the_csrf_token(admin_app, place):
    editor = signed_in(admin_app(), EDITOR)
    assert editor.get("/admin/keys").status_code == 403
    assert "/admin/keys" not in editor.get("/admin/").get_data(as_text=True)
    admin = signed_in(admin_app(), ADMIN)
    assert "/admin/keys" in admin.get("/admin/").get_data(as_text=True)
    assert admin.post("/admin/keys", data={"name": "No Token"}).status_code == 400
    assert admin.post("/admin/keys/1/revoke").status_code == 400
    assert admin.post("/admin/keys/999/revoke",
                      data={"csrf_token": token_on(admin)}).status_code == 404
    with db.session_scope(place.database_url) as session:
        assert session.scalars(select(ApiKey)).all() == []
