"""The partners' JSON API: clinics in the contract's shape, search with distances, JSON errors.

The client sends a live partner key (``partner_keys``); the keys themselves are tested in
``test_api_keys``."""
import pytest
from sqlalchemy import select

from clinics.db import session_scope
from clinics.geo import haversine_mi, zip_point
from clinics.models import Clinic

CONTRACT_KEYS = {
    "id", "name", "organization", "website", "phone", "street", "city", "state", "postal_code",
    "lat", "lon", "description", "hours", "treatments", "conditions", "insurance_accepted",
    "insurers", "sliding_scale", "payment_plans", "free_consultation", "aftercare",
    "accepting_new_patients", "telehealth", "price_min_usd", "price_max_usd", "practitioners",
    "credentials", "rating", "review_count",
}


def active(records):
    return [r for r in records if r.get("status", "active") == "active"]


def test_clinic_list_has_every_active_clinic_in_the_contract_shape(client, clinic_records):
    body = client.get("/api/v1/clinics?limit=100").get_json()
    assert body["limit"] == 100 and body["next"] is None and body["tombstones"] == []
    assert {c["slug"] for c in body["clinics"]} == {r["slug"] for r in active(clinic_records)}
    assert len(body["clinics"]) == len(active(clinic_records)) == 7
    for clinic in body["clinics"]:
        assert CONTRACT_KEYS <= clinic.keys() and "last_seen" not in clinic
    harbor = next(c for c in body["clinics"] if c["slug"] == "harbor-ketamine-baltimore")
    assert harbor["phone"] == "+14105550123" and harbor["insurers"] == ["aetna", "cigna"]
    assert harbor["sliding_scale"] is True and harbor["payment_plans"] is None
    assert harbor["credentials"] == ["md", "board_certified_anesthesiology", "crna"]


def test_clinic_list_pages_by_cursor_in_a_stable_order(client, app):
    seen, url, pages = [], "/api/v1/clinics?limit=3", 0
    while url:
        body = client.get(url).get_json()
        seen += [c["id"] for c in body["clinics"]]
        url = body["next"] and body["next"].removeprefix(app.config["SITE_URL"])
        pages += 1
    assert pages == 3 and len(seen) == 7 and seen == sorted(seen)


def test_one_clinic_by_id_adds_sources_ratings_and_staff_checks(client):
    listed = client.get("/api/v1/clinics?limit=1").get_json()["clinics"][0]
    response = client.get(f"/api/v1/clinics/{listed['id']}")
    body = response.get_json()
    assert response.status_code == 200
    assert {k: body[k] for k in listed if k != "practitioners"} == {
        k: v for k, v in listed.items() if k != "practitioners"}
    assert {"ratings", "evidence", "sources"} <= body.keys()


def test_hidden_or_unknown_clinic_id_is_a_json_404(client, app):
    with session_scope(app.config["DATABASE_URL"]) as session:
        hidden_id = session.scalar(select(Clinic.id).where(Clinic.slug == "timonium-hidden"))
    for clinic_id in (hidden_id, 999_999):
        response = client.get(f"/api/v1/clinics/{clinic_id}")
        assert response.status_code == 404
        assert response.get_json()["error"]["code"] == "not_found"


def test_search_returns_hits_with_distances_nearest_first(client, clinic_records):
    body = client.get("/api/v1/search?near=21201&radius=100&insurance=aetna").get_json()
    lat, lon, _, _ = zip_point("21201")
    by_slug = {r["slug"]: r for r in clinic_records}
    distances = []
    for hit in body["hits"]:
        c_lat, c_lon, _, _ = zip_point(by_slug[hit["slug"]]["postal_code"])
        assert hit["distance_mi"] == pytest.approx(haversine_mi(lat, lon, c_lat, c_lon), abs=0.01)
        assert "aetna" in hit["insurers"]
        distances.append(hit["distance_mi"])
    assert distances == sorted(distances) and max(distances) <= 100
    assert [h["slug"] for h in body["hits"]] == [
        "harbor-ketamine-baltimore", "annapolis-infusion", "philly-ketamine"]
    assert body["total"] == 3 and body["radius_mi"] == 100
    assert body["place"]["label"] == "21201 (Baltimore, MD)"
    assert body["facets"]["insurers"]["aetna"] == 3


def test_search_without_a_place_has_no_distance(client):
    body = client.get("/api/v1/search?q=stellate").get_json()
    assert body["place"] is None and body["radius_mi"] is None
    assert {h["distance_mi"] for h in body["hits"]} == {None}


@pytest.mark.parametrize(
    ("path", "code"),
    [
        ("/api/v1/search?near=99999", "unknown_place"),
        ("/api/v1/search?near=21201&radius=abc", "invalid_query"),
        ("/api/v1/search?near=21201&radius=-5", "invalid_query"),
        ("/api/v1/search?insurance=acme", "invalid_query"),
        ("/api/v1/search?limit=101", "invalid_parameter"),
        ("/api/v1/clinics?limit=0", "invalid_parameter"),
        ("/api/v1/clinics?limit=501", "invalid_parameter"),
        ("/api/v1/clinics?page=2", "unknown_parameter"),
        ("/api/v1/clinics?limit=99999999999999999999", "invalid_parameter"),
    ],
)
def test_bad_arguments_are_json_400_errors(client, path, code):
    response = client.get(path)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == code and error["message"]


def test_unknown_api_route_is_a_json_404(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.get_json() == {
        "error": {"code": "not_found", "message": "We could not find that page."}}


def test_api_rate_limit_answers_429_in_json(make_app, directory):
    client = make_app(directory, API_RATE_LIMIT="2 per minute").test_client()
    answers = [client.get("/api/v1/clinics") for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert [a.headers["RateLimit-Remaining"] for a in answers] == ["1", "0", "0"]
    assert 1 <= int(answers[2].headers["Retry-After"]) <= 61
    assert client.get("/api/v1/clinics").get_json()["error"]["code"] == "rate_limited"


SEARCH_KEYS = {"hits", "total", "limit", "next", "sort", "place", "radius_mi",
               "asked_radius_mi", "facets", "unknown_counts", "did_you_mean", "notices",
               "left_out", "unstated", "nearest", "telehealth"}
HIT_KEYS = {"clinic_id", "slug", "name", "organization", "city", "state", "postal_code",
            "distance_mi", "treatments", "conditions", "insurers", "insurance_accepted",
            "sliding_scale", "payment_plans", "free_consultation", "aftercare",
            "accepting_new_patients", "telehealth", "credentials", "npi_verified", "rating",
            "review_count", "price_min_usd", "price_max_usd"}


def slugs(body) -> list[str]:
    return [hit["slug"] for hit in body["hits"]]


def test_search_json_has_hits_counts_facets_and_what_the_search_did(client):
    body = client.get("/api/v1/search?near=21201&radius=100&sliding_scale=1").get_json()
    assert set(body) == SEARCH_KEYS
    assert body["sort"] == "distance" and body["next"] is None
    assert body["place"]["precision"] == "zip"
    assert slugs(body) == ["harbor-ketamine-baltimore"]
    harbor = body["hits"][0]
    assert set(harbor) == HIT_KEYS
    assert harbor["credentials"] == ["md", "board_certified_anesthesiology", "crna"]
    assert harbor["conditions"] == ["depression", "ptsd"] and harbor["price_max_usd"] == 550
    assert harbor["payment_plans"] is None and harbor["npi_verified"] is False
    assert body["unknown_counts"] == {"sliding_scale": 3}
    assert body["facets"]["conditions"] == {"depression": 1, "ptsd": 1}
    assert body["facets"]["payment"] == {"insurance": 1, "sliding_scale": 1, "payment_plans": 0,
                                         "free_consultation": 0}


@pytest.mark.parametrize(("query", "expected"), [
    ("treatment=iv_ketamine,esketamine_spravato", ["harbor-ketamine-baltimore"]),
    ("treatment=iv_ketamine&treatment=Spravato", ["harbor-ketamine-baltimore"]),
    ("insurance=bcbs,cigna", ["harbor-ketamine-baltimore", "capitol-sgb-washington",
                              "philly-ketamine"]),
    ("credential=crna", ["harbor-ketamine-baltimore"]),
    ("credential=anesthesiologist&credential=CRNA", ["harbor-ketamine-baltimore"]),
    ("condition=ptsd,ocd", ["harbor-ketamine-baltimore"]),
    ("max_price=450", ["harbor-ketamine-baltimore"]),
    ("min_rating=3.5", ["harbor-ketamine-baltimore"]),
    ("insurance=any&treatment=sgb", ["capitol-sgb-washington", "richmond-relief"]),
])
def test_search_filters_combine_as_a_patient_means_them(client, query, expected):
    body = client.get(f"/api/v1/search?near=21201&radius=250&{query}").get_json()
    assert slugs(body) == expected


def test_search_widens_the_radius_only_when_asked_and_says_so(client):
    body = client.get("/api/v1/search?near=21201&treatment=sgb&widen=1").get_json()
    assert slugs(body) == ["capitol-sgb-washington"]
    assert (body["asked_radius_mi"], body["radius_mi"]) == (25, 50)
    assert body["notices"] == [
        "No clinic within 25 miles matches your search, so it widened to 50 miles."]
    for exact in ("", "&widen=0"):
        narrow = client.get(f"/api/v1/search?near=21201&treatment=sgb{exact}").get_json()
        assert (narrow["total"], narrow["radius_mi"], narrow["notices"]) == (0, 25, [])


def test_search_corrects_a_misspelt_word_and_says_what_it_searched(client):
    body = client.get("/api/v1/search?q=stelate+ganglion").get_json()
    assert body["did_you_mean"] == "stellate ganglion"
    assert sorted(slugs(body)) == ["capitol-sgb-washington", "richmond-relief"]


def test_search_in_a_state_has_no_distances_and_sorts_by_price_when_asked(client):
    body = client.get("/api/v1/search?near=Maryland&sort=price").get_json()
    assert body["place"]["precision"] == "state" and body["radius_mi"] is None
    assert slugs(body)[0] == "harbor-ketamine-baltimore"
    assert set(slugs(body)) == {"harbor-ketamine-baltimore", "annapolis-infusion",
                                "columbia-self-pay"}
    assert {hit["distance_mi"] for hit in body["hits"]} == {None}


def test_an_unknown_place_comes_back_with_suggestions(client):
    response = client.get("/api/v1/search?near=Baltimroe,+MD")
    error = response.get_json()["error"]
    assert response.status_code == 400 and error["code"] == "unknown_place"
    assert error["suggestions"] == ["Baltimore, MD"]


@pytest.mark.parametrize(("query", "code"), [
    ("min_rating=9", "invalid_query"), ("max_price=-1", "invalid_query"),
    ("credential=wizard", "invalid_query"), ("sort=cheapest", "invalid_query"),
    ("near=MD&sort=distance", "invalid_query"),
    ("treatment=" + ",".join(["sgb"] * 21), "invalid_parameter"),
])
def test_bad_filter_values_are_json_400_errors(client, query, code):
    response = client.get(f"/api/v1/search?{query}")
    assert response.status_code == 400 and response.get_json()["error"]["code"] == code
