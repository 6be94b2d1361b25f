"""The sample web served for real on 127.0.0.1, as the crawler meets it."""
from __future__ import annotations

import http.client
import json
import re
from urllib.parse import urlsplit

import pytest

from sample_web.server import check_loopback


def _get(base_url: str, path: str, method: str = "GET") -> http.client.HTTPResponse:
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    connection.request(method, path)
    response = connection.getresponse()
    response.body = response.read()
    connection.close()
    return response


def test_the_index_lists_every_clinic_site(sample_web_url, truth):
    response = _get(sample_web_url, "/")
    assert response.status == 200
    assert response.getheader("Content-Type") == "text/html; charset=utf-8"
    links = set(re.findall(r'href="([^"]+)"', response.body.decode()))
    paths = {urlsplit(record["website"]).path for record in truth}
    assert {path for path in paths if path in links or path.rstrip("/") in links} == paths


def test_robots_txt_and_unknown_paths(sample_web_url):
    robots = _get(sample_web_url, "/robots.txt")
    assert (robots.status, robots.body) == (200, b"User-agent: *\nDisallow: /staff-only/\n")
    assert _get(sample_web_url, "/sites/no-such-clinic/").status == 404
    assert _get(sample_web_url, "/../etc/passwd").status == 404


def test_a_site_without_its_slash_redirects(sample_web_url, truth):
    path = urlsplit(truth[0]["website"]).path
    response = _get(sample_web_url, path.rstrip("/"))
    assert (response.status, response.getheader("Location")) == (301, path)


def test_head_answers_without_a_body(sample_web_url, truth):
    response = _get(sample_web_url, urlsplit(truth[0]["website"]).path, method="HEAD")
    assert response.status == 200 and response.body == b""
    assert int(response.getheader("Content-Length")) > 0


def test_structured_data_names_the_served_address(sample_web_url, truth):
    for record in truth:
        body = _get(sample_web_url, urlsplit(record["website"]).path).body.decode()
        if "application/ld+json" in body:
            script = body.split('<script type="application/ld+json">', 1)[1].split("</script>")[0]
            assert json.loads(script)["url"] == record["website"]
            return
    pytest.fail("no JSON-LD site served")


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "8.8.8.8"])
def test_the_server_refuses_to_listen_beyond_loopback(host):
    with pytest.raises(SystemExit):
        check_loopback(host)
