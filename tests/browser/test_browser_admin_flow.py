"""The admin's whole flow in Chromium: sign in, add a source pointing at the sample web, crawl
now, watch the job's figures change while a real worker runs it, see it finish, and find the
clinic by search."""
import os
import subprocess
import sys

import pytest

from live_server import LiveServer
from clinics import db
from crawl_process import OFFLINE_GUARD_DIR, ROOT
from databases import drop_database, new_database
from webapp import auth, create_app

ADMIN = ("ops@example.org", "a long admin passphrase")


@pytest.fixture
def admin_site(tmp_path, monkeypatch):
    """An empty directory served on loopback with CSRF on, and a crawl worker beside it."""
    url = new_database(tmp_path)
    with db.session_scope(url) as session:
        auth.set_admin_password(session, *ADMIN)
    env = {**os.environ, "CLINICS_VAR": str(tmp_path / "var"), "DATABASE_URL": url,
           "CLINICS_INDEX_DIR": str(tmp_path / "index"), "CRAWL_ALLOW_PRIVATE": "1",
           "CRAWL_LIVE_STATS_S": "0.5", "WORKER_HEARTBEAT_S": "0.5", "WORKER_POLL_S": "0.5",
           "OFFLINE_GUARD_LOG": str(tmp_path / "offline_violations.txt"),
           "PYTHONPATH": os.pathsep.join([str(OFFLINE_GUARD_DIR), str(ROOT)])}
    monkeypatch.setenv("CLINICS_VAR", env["CLINICS_VAR"])
    app = create_app({"DATABASE_URL": url, "INDEX_DIR": tmp_path / "index",
                      "SECRET_KEY": "browser admin", "CRAWL_ALLOW_PRIVATE": True,
                      "RATELIMIT_STORAGE_URI": "memory://"})
    worker = subprocess.Popen([sys.executable, "-m", "flask", "--app", "webapp", "worker"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        with LiveServer(app) as server:
            yield server.url
    finally:
        worker.terminate()
        worker.wait(timeout=60)
        drop_database(url)
    assert not (tmp_path / "offline_violations.txt").exists()


def test_an_admin_crawls_a_new_source_and_finds_its_clinic(page, admin_site,
                                                           scratch_sample_web_url):
    page.goto(admin_site + "/admin/")
    page.get_by_label("Email").fill(ADMIN[0])
    page.get_by_label("Password").fill(ADMIN[1])
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Sources").click()

    page.get_by_label("Name").fill("Sample web")
    page.get_by_label("Spider").select_option("clinic_site")
    page.get_by_label("Start URLs or sitemap (one a line)").fill(scratch_sample_web_url + "/")
    page.get_by_label("Most pages per run").fill("60")
    page.get_by_label("Invented demo data (the sample web)").check()
    page.get_by_role("button", name="Add source").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Source Sample web"
    page.get_by_role("button", name="Crawl now").click()
    page.wait_for_url("**/admin/jobs/*")

    seen_pages = []
    for _ in range(240):
        status = page.locator(".job-status").inner_text()
        seen_pages.append(int(page.locator("#pages-fetched").inner_text()))
        if status in ("done", "failed", "cancelled"):
            break
        page.wait_for_event("load", timeout=10_000)  # the meta refresh reloads the page
    assert status == "done", page.locator(".log-tail").inner_text()[-2000:]
    assert len(set(seen_pages)) >= 2, f"the figures never changed: {seen_pages}"
    added = int(page.locator("#clinics-added").inner_text())
    assert added >= 1 and seen_pages[-1] >= 2

    page.goto(admin_site + "/admin/clinics")
    name = page.locator("table a").first.inner_text()
    page.goto(admin_site + "/")
    page.get_by_label("Treatment, condition or clinic").fill(name)
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url("**/search?**")
    assert name in page.locator(".hit h3 a").all_inner_texts()
    assert page.errors == []
