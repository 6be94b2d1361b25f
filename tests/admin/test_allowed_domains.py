"""A source's allowed domains: stored and shown by the CLI and the admin form, the start URLs'
hosts by default, bad host names refused with a message, and passed to the crawl."""
import html
import re

from sqlalchemy import select

from admin_accounts import ADMIN
from clinics import db, jobs
from clinics.models import CrawlJob, CrawlSource
from clinics.worker import Worker


def _signed_in(app):
    client = app.test_client()
    client.post("/admin/login", data={"email": ADMIN[0], "password": ADMIN[1],
                                      "csrf_token": _token(client, "/admin/login")})
    return client


def _token(client, path: str) -> str:
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def _source(place, name: str) -> CrawlSource:
    with db.session_scope(place.database_url) as session:
        source = session.scalar(select(CrawlSource).where(CrawlSource.name == name))
        session.expunge(source)
        return source


def test_the_cli_stores_given_domains_and_lists_them(admin_app, place):
    runner = admin_app().test_cli_runner()
    added = runner.invoke(args=["sources", "add", "Two hosts", "--spider", "clinic_site",
                                "--url", "http://127.0.0.1:8001/a/",
                                "--url", "http://www.clinic.example.org/",
                                "--allowed-domain", "127.0.0.1",
                                "--allowed-domain", "Clinic.Example.org."])
    assert added.exit_code == 0, added.output
    assert "allowed domains: 127.0.0.1, clinic.example.org" in added.output
    assert _source(place, "Two hosts").allowed_domains == ["127.0.0.1", "clinic.example.org"]
    line, = runner.invoke(args=["sources", "list"]).output.splitlines()
    assert line.split("\t")[-1] == "127.0.0.1,clinic.example.org"

    job_id = int(runner.invoke(args=["crawl", "Two hosts"]).stdout.strip())
    with db.session_scope(place.database_url) as session:
        job = session.get(CrawlJob, job_id)
        argv = Worker(place.database_url).command(job, {"jobdir": place.var_dir / "j",
                                                        "live": place.var_dir / "l",
                                                        "final": place.var_dir / "f"})
    assert argv[argv.index("allowed_domains=127.0.0.1,clinic.example.org") - 1] == "-a"


def test_without_the_option_the_start_urls_hosts_are_allowed(admin_app, place):
    runner = admin_app().test_cli_runner()
    added = runner.invoke(args=["sources", "add", "Default", "--spider", "clinic_site",
                                "--url", "http://127.0.0.1:8001/a/",
                                "--url", "http://127.0.0.1:8001/b/",
                                "--url", "http://localhost:8001/c/"])
    assert added.exit_code == 0, added.output
    source = _source(place, "Default")
    assert source.allowed_domains == ["127.0.0.1", "localhost"]
    assert jobs.spider_arguments(source)["allowed_domains"] == "127.0.0.1,localhost"


def test_a_directory_without_the_option_may_follow_its_listings_to_other_hosts(admin_app, place):
    runner = admin_app().test_cli_runner()
    added = runner.invoke(args=["sources", "add", "Listings", "--spider", "directory",
                                "--url", "http://127.0.0.1:8001/directory/"])
    assert added.exit_code == 0, added.output
    source = _source(place, "Listings")
    assert source.allowed_domains == []
    assert "allowed_domains" not in jobs.spider_arguments(source)


def test_the_cli_refuses_bad_domains_with_a_message(admin_app, place):
    runner = admin_app().test_cli_runner()
    cases = {"http://clinic.example.org/": "is not a host name",
             "clinic.example.org:8080": "is not a host name",
             "*.example.org": "is not a host name",
             "-bad-.example.org": "is not a host name",
             "a" * 300: "of 1 to 253 characters",
             "localhost": "“127.0.0.1” is outside the allowed domains"}
    for domain, message in cases.items():
        refused = runner.invoke(args=["sources", "add", "Bad", "--spider", "clinic_site",
                                      "--url", "http://127.0.0.1:8001/", "--allowed-domain",
                                      domain])
        assert refused.exit_code != 0 and message in refused.output, (domain, refused.output)
    too_many = [arg for i in range(21) for arg in ("--allowed-domain", f"h{i}.example.org")]
    refused = runner.invoke(args=["sources", "add", "Bad", "--spider", "clinic_site", "--url",
                                  "http://h0.example.org/", *too_many])
    assert refused.exit_code != 0 and "at most 20 allowed domains" in refused.output
    with db.session_scope(place.database_url) as session:
        assert session.scalars(select(CrawlSource)).all() == []


def test_the_form_stores_and_shows_the_list_and_edits_keep_it(admin_app, place):
    client = _signed_in(admin_app())
    response = client.post("/admin/sources", data={
        "name": "Form source", "spider": "clinic_site",
        "start_urls": "http://127.0.0.1:8001/\nhttp://localhost:8001/x/",
        "allowed_domains": "127.0.0.1\n\nLOCALHOST\n", "schedule": "", "page_limit": "",
        "csrf_token": _token(client, "/admin/sources")})
    assert response.status_code == 302, response.get_data(as_text=True)
    source = _source(place, "Form source")
    assert source.allowed_domains == ["127.0.0.1", "localhost"]
    page = client.get(f"/admin/sources/{source.id}").get_data(as_text=True)
    shown = re.search(r'<dd class="allowed-domains">(.*?)</dd>', page).group(1)
    assert shown == "127.0.0.1<br>localhost"
    textarea = re.search(r'<textarea[^>]*name="allowed_domains"[^>]*>(.*?)</textarea>', page,
                         re.S).group(1)
    assert textarea.split() == ["127.0.0.1", "localhost"]

    edited = client.post(f"/admin/sources/{source.id}", data={
        "name": "Form source", "spider": "clinic_site", "start_urls": "http://127.0.0.1:8001/",
        "allowed_domains": "", "schedule": "", "page_limit": "",
        "csrf_token": _token(client, f"/admin/sources/{source.id}")})
    assert edited.status_code == 302
    assert _source(place, "Form source").allowed_domains == ["127.0.0.1"]


def test_the_form_refuses_bad_domains_at_the_field_and_stores_nothing(admin_app, place):
    client = _signed_in(admin_app())
    for domains, message in (("clinic.example.org/path", "is not a host name"),
                             ("example.org", "“127.0.0.1” is outside the allowed domains"),
                             ("\n".join(f"h{i}.example.org" for i in range(21)),
                              "at most 20 allowed domains"),
                             ("a" * 254, "of 1 to 253 characters")):
        response = client.post("/admin/sources", data={
            "name": "Refused", "spider": "clinic_site", "start_urls": "http://127.0.0.1:8001/",
            "allowed_domains": domains, "schedule": "", "page_limit": "",
            "csrf_token": _token(client, "/admin/sources")})
        assert response.status_code == 400
        page = html.unescape(response.get_data(as_text=True))
        field = re.search(r'name="allowed_domains".*?</div>', page, re.S).group(0)
        assert message in field, (domains, field[-400:])
    with db.session_scope(place.database_url) as session:
        assert session.scalars(select(CrawlSource)).all() == []
