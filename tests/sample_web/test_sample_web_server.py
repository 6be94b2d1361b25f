"""The sample web served for real on 127.0.0.1, as the crawler meets it."""
from __future__ import annotations

import http.client
import json
import re
import threading
from urllib.parse import urlsplit

import pytest

from sample_web.server import SampleWebServer, _handler, check_loopback
from sample_web_helpers import routes


def _get(base_url: str, path: str, method: str = "GET") -> http.client.HTTPResponse:
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    connection.request(method, path)
    response = connection.getresponse()
    response.body = response.read()
    connection.close()
    return response


def test_the_index_lists_every_clinic_site_root(sample_web_url, truth):
    response = _get(sample_web_url, "/")
    assert response.status == 200
    assert response.getheader("Content-Type") == "text/html; charset=utf-8"
    links = set(re.findall(r'href="([^"]+)"', response.body.decode()))
    roots = {urlsplit(record["site_root"]).path for record in truth}
    assert {root for root in roots if root in links or root.rstrip("/") in links} == roots


def test_robots_txt_sitemap_and_unknown_paths(sample_web_url, truth):
    robots = _get(sample_web_url, "/robots.txt").body.decode()
    assert "Disallow: /sites/*/private/" in robots and "Disallow: /private/" in robots
    assert f"Sitemap: {sample_web_url}/sitemap.xml" in robots
    sitemap = _get(sample_web_url, "/sitemap.xml").body.decode()
    assert truth[0]["site_root"] in sitemap
    assert _get(sample_web_url, "/sites/no-such-clinic/").status == 404
    assert _get(sample_web_url, "/../etc/passwd").status == 404


def test_a_site_without_its_slash_redirects(sample_web_url, truth):
    path = urlsplit(truth[0]["site_root"]).path
    response = _get(sample_web_url, path.rstrip("/"))
    assert (response.status, response.getheader("Location")) == (301, path)


def test_an_old_address_redirects_to_a_home_page(sample_web_url):
    old = next(p for p in re.findall(r'href="([^"]+)"', _get(sample_web_url, "/").body.decode())
               if p.startswith("/old/"))
    response = _get(sample_web_url, old)
    assert response.status == 301
    assert _get(sample_web_url, response.getheader("Location")).status in (200, 500)


def test_head_answers_without_a_body(sample_web_url, truth):
    response = _get(sample_web_url, urlsplit(truth[0]["website"]).path, method="HEAD")
    assert response.status == 200 and response.body == b""
    assert int(response.getheader("Content-Length")) > 0


def test_structured_data_names_the_served_address(sample_web_url, truth):
    for record in truth:
        if record["style"] != "jsonld":
            continue
        body = _get(sample_web_url, urlsplit(record["website"]).path).body.decode()
        script = body.split('<script type="application/ld+json">', 1)[1].split("</script>")[0]
        assert json.loads(script)["url"] == record["website"]
        return
    pytest.fail("no JSON-LD site served")


def test_paginated_pages_and_the_npi_stand_in_answer_by_query(sample_web_url, truth):
    assert _get(sample_web_url, "/directory/?page=2").status == 200
    assert _get(sample_web_url, "/directory/?page=999").status == 404
    person = next(p for r in truth for p in r["practitioners"] if p["npi_verifiable"])
    answer = _get(sample_web_url, f"/npi/api/?version=2.1&number={person['npi']}")
    assert answer.getheader("Content-Type") == "application/json"
    assert json.loads(answer.body)["results"][0]["number"] == person["npi"]


def test_the_flaky_page_fails_once_per_server_then_recovers():
    table = routes()
    (flaky,) = [path for path, response in table.items() if response.flaky]
    server = SampleWebServer(("127.0.0.1", 0), _handler(table))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        assert [_get(base, flaky).status for _ in range(3)] == [500, 200, 200]
        assert _get(base, "/").status == 200
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "8.8.8.8"])
def test_the_server_refuses_to_listen_beyond_loopback(host):
    with pytest.raises(SystemExit):
        check_loopback(host)
