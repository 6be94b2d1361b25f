"""Pages beside the search: guides, the files search engines read, titles and descriptions."""
import re
import xml.etree.ElementTree as ET

import pytest

from webapp.guides import GUIDES

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def title_and_description(page: str) -> tuple[str, str]:
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    description = re.search(r'<meta name="description" content="([^"]*)">', page).group(1)
    return title, description


@pytest.mark.parametrize("guide", GUIDES, ids=[g.slug for g in GUIDES])
def test_each_guide_has_its_title_summary_and_the_off_label_notice(client, guide):
    response = client.get(f"/guides/{guide.slug}")
    assert response.status_code == 200
    page = " ".join(response.get_data(as_text=True).split())
    title, description = title_and_description(page)
    assert title == f"{guide.title} · Clinic directory"
    assert description == guide.summary.replace("'", "&#39;")
    assert "<strong>FDA status:</strong>" in page and "off-label" in page
    assert "not medical advice" in page
    assert f"<h1>{guide.title}</h1>" in page


def test_the_guide_index_and_home_page_link_every_guide(client):
    for path in ("/guides/", "/"):
        page = client.get(path).get_data(as_text=True)
        for guide in GUIDES:
            assert f'href="/guides/{guide.slug}"' in page


def test_an_unknown_guide_is_a_friendly_404(client):
    response = client.get("/guides/miracle-cure")
    assert response.status_code == 404
    assert "We could not find that page." in response.get_data(as_text=True)


def test_pages_have_distinct_titles_and_descriptions(client):
    seen = set()
    for path in ("/", "/search?near=21201", "/clinics/harbor-ketamine-baltimore",
                 "/clinics/harbor-ketamine-baltimore/correction", "/guides/", "/guides/sgb"):
        seen.add(title_and_description(client.get(path).get_data(as_text=True)))
    assert len({title for title, _ in seen}) == 6 and len({d for _, d in seen}) == 6


def test_sitemap_lists_home_guides_and_every_active_clinic(client, app, clinic_records):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200 and response.mimetype == "application/xml"
    root = ET.fromstring(response.data)
    locations = [url.findtext(f"{SITEMAP_NS}loc") for url in root]
    clinics = sorted(loc.rsplit("/", 1)[1] for loc in locations if "/clinics/" in loc)
    active = sorted(r["slug"] for r in clinic_records if r.get("status", "active") == "active")
    assert clinics == active
    site = app.config["SITE_URL"]
    assert f"{site}/" in locations and f"{site}/guides/sgb" in locations
    assert all(url.findtext(f"{SITEMAP_NS}lastmod") for url in root
               if "/clinics/" in url.findtext(f"{SITEMAP_NS}loc"))


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_off_private_pages(client, app):
    response = client.get("/robots.txt")
    assert response.mimetype == "text/plain"
    lines = response.get_data(as_text=True).splitlines()
    assert "Disallow: /admin/" in lines and "Disallow: /api/" in lines
    assert f"Sitemap: {app.config['SITE_URL']}/sitemap.xml" in lines
