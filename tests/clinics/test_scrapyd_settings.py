"""The Scrapyd backend's settings and node addresses, without a server: what reaches the wire
and what never reaches a message."""
import base64
import socket

import pytest

import config
from clinics.scrapyd_api import ScrapydError, ScrapydNode
from clinics.scrapyd_backend import pick_node


@pytest.fixture
def unused_port():
    """A loopback port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_credentials_in_a_node_url_become_basic_authentication_and_leave_the_url():
    node = ScrapydNode("http://crawl%2Dops:p%40ss:word@crawl-1.internal:6800/")
    assert node.url == "http://crawl-1.internal:6800"
    request = node._request("GET", "daemonstatus.json")
    assert request.full_url == "http://crawl-1.internal:6800/daemonstatus.json"
    assert request.get_header("Authorization") == "Basic " + base64.b64encode(
        b"crawl-ops:p@ss:word").decode()
    assert ScrapydNode("https://crawl-2.internal").url == "https://crawl-2.internal"
    assert ScrapydNode("http://h:1")._request("GET", "x").get_header("Authorization") is None


@pytest.mark.parametrize("url", ["ftp://ops:s3cret@h:21", "ops:s3cret@h", "http://:s3cret@"])
def test_a_bad_node_url_is_refused_without_echoing_it(url):
    with pytest.raises(ScrapydError) as refused:
        ScrapydNode(url)
    assert "s3cret" not in str(refused.value)


def test_spider_arguments_that_scrapyd_would_take_for_its_own_are_refused():
    with pytest.raises(ScrapydError, match=r"\['jobid'\]"):
        ScrapydNode("http://127.0.0.1:9").schedule("crawler", "clinic_site", "job-1", {},
                                                    {"jobid": "x"})


def test_when_no_node_answers_the_error_names_each_without_its_password(unused_port):
    with pytest.raises(ScrapydError) as silent:
        pick_node((f"http://ops:s3cret@127.0.0.1:{unused_port}",))
    message = str(silent.value)
    assert message.startswith(f"no Scrapyd node answers: http://127.0.0.1:{unused_port} could "
                              "not be reached") and "s3cret" not in message


def test_the_backend_settings_and_their_defaults(monkeypatch):
    for name in ("CRAWL_BACKEND", "SCRAPYD_URL", "SCRAPYD_PROJECT"):
        monkeypatch.delenv(name, raising=False)
    found = config.load()
    assert (found.crawl_backend, found.scrapyd_urls, found.scrapyd_project) == (
        "local", ("http://127.0.0.1:6800",), "crawler")
    monkeypatch.setenv("CRAWL_BACKEND", " Scrapyd ")
    monkeypatch.setenv("SCRAPYD_URL", "http://crawl-1:6800/, http://crawl-2:6800")
    found = config.load()
    assert found.crawl_backend == "scrapyd"
    assert found.scrapyd_urls == ("http://crawl-1:6800", "http://crawl-2:6800")
    monkeypatch.setenv("CRAWL_BACKEND", "scrapy")
    with pytest.raises(ValueError, match="CRAWL_BACKEND must be one of local, scrapyd"):
        config.load()
