"""Pages travel compressed; static files have versioned URLs that browsers keep for a year."""
import gzip
import re

import brotli


def static_urls(page: str) -> list[str]:
    return re.findall(r'(?:href|src)="(/static/[^"]+)"', page)


def test_pages_are_compressed_for_browsers_that_accept_it(client):
    plain = client.get("/search?near=21201").get_data()
    response = client.get("/search?near=21201", headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response.headers["Vary"]
    assert gzip.decompress(response.get_data()) == plain
    assert len(response.get_data()) < len(plain) / 3


def test_brotli_is_chosen_when_offered_and_a_client_without_it_gets_plain_text(client):
    response = client.get("/", headers={"Accept-Encoding": "br"})
    assert response.headers["Content-Encoding"] == "br"
    assert b"988" in brotli.decompress(response.get_data())
    plain = client.get("/")
    assert "Content-Encoding" not in plain.headers and b"988" in plain.get_data()


def test_static_urls_carry_the_file_version_and_are_kept_a_year(client):
    page = client.get("/").get_data(as_text=True)
    stylesheet = next(url for url in static_urls(page) if "style.css" in url)
    assert re.fullmatch(r"/static/style\.css\?v=[0-9a-f]{12}", stylesheet)
    response = client.get(stylesheet)
    assert response.status_code == 200
    assert response.cache_control.max_age == 365 * 24 * 3600
    assert response.cache_control.public and response.cache_control.immutable
    response.close()


def test_a_stale_or_missing_version_is_revalidated_not_kept(client):
    for url in ("/static/style.css?v=000000000000", "/static/style.css"):
        response = client.get(url)
        assert response.status_code == 200
        assert not response.cache_control.immutable and not response.cache_control.max_age
        response.close()


def test_static_files_are_compressed_too(client):
    page = client.get("/").get_data(as_text=True)
    script = next(url for url in static_urls(page) if "site.js" in url)
    response = client.get(script, headers={"Accept-Encoding": "br"})
    assert response.headers["Content-Encoding"] == "br"
    assert b"use strict" in brotli.decompress(response.get_data())
    response.close()
