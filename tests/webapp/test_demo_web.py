"""`make run` serves the sample web beside the site, where the demo crawl read it, so the demo's
"where we saw this" links open; nothing is served when no demo crawl ran."""
import socket
import urllib.request

import pytest

from clinics.db import session_scope
from clinics.models import CrawlSource
from webapp.demo_data import DEMO_SOURCE, demo_web_beside


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_sample_web_is_served_again_where_the_demo_crawl_read_it(db_url):
    port = free_port()
    with session_scope(db_url) as session:
        session.add(CrawlSource(name=DEMO_SOURCE, spider="clinic_site", is_demo=True,
                                start_urls=[f"http://127.0.0.1:{port}/"]))
    with demo_web_beside(db_url) as url:
        assert url == f"http://127.0.0.1:{port}/"
        with urllib.request.urlopen(url, timeout=5) as answer:
            assert answer.status == 200 and b"demo" in answer.read().lower()
    with pytest.raises(OSError):
        urllib.request.urlopen(url, timeout=2)


def test_without_a_demo_crawl_nothing_is_served(db_url):
    with demo_web_beside(db_url) as url:
        assert url is None
